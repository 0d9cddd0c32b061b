"""A clean install works from anywhere: ``pip install .`` into a fresh venv, then every example
assesses from another directory, with the catalog read from inside the installed package."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, ROOT, Run


def test_the_shipped_schema_file_matches_the_schema_command(cli: Callable[..., Run]) -> None:
    run = cli("schema", "profile")
    assert run.exit_code == 0
    assert (EXAMPLES / "profile.schema.json").read_text() == run.stdout


@pytest.mark.slow
def test_fresh_install_assesses_every_example_from_another_directory(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)], check=True,
                   capture_output=True, timeout=600)
    sourcing = env_dir / "bin" / "sourcing"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for example in sorted(EXAMPLES.glob("*.yaml")):
        run = subprocess.run([str(sourcing), "assess", str(example), "--format", "json"],
                             cwd=elsewhere, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["recommendation"]["model"]
    where = subprocess.run(
        [str(python), "-c", "from sourcing_cli.catalog import builtin_dir; print(builtin_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    assert str(env_dir) in where and where.endswith("sourcing_cli/criteria")
    assert sys.prefix != str(env_dir)
