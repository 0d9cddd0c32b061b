"""File names that are not UTF-8 are shown, written and checked — never an internal error.

Linux file names are bytes; Python keeps a byte that is not UTF-8 as a lone surrogate, which no
output can encode. Such a name is shown as ``\\xNN`` wherever the tool prints or writes it (reports,
messages, the step summary), and the file itself is read and written under its real name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Run, copy_catalog

PROFILE = EXAMPLES / "policy-repo" / "sourcing" / "qa-testing.yaml"
ODD = os.fsdecode(b"caf\xe9-\xff")  # Latin-1 bytes: not UTF-8


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def no_bug(run: Run) -> None:
    assert run.exit_code != 70, run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
def test_assess_a_profile_with_such_a_name(here: Path, cli: Callable[..., Run], fmt: str) -> None:
    shutil.copy(PROFILE, here / f"{ODD}.yaml")
    run = cli("assess", f"{ODD}.yaml", "--format", fmt, "-o", "report.out")
    no_bug(run)
    assert run.exit_code == 0
    if fmt == "json":
        assert json.loads((here / "report.out").read_text(encoding="utf-8"))["profile"]["path"] == (
            "caf\\xe9-\\xff.yaml")


def test_write_a_report_under_such_a_name(here: Path, cli: Callable[..., Run]) -> None:
    run = cli("assess", str(PROFILE), "--format", "markdown", "-o", f"{ODD}.md")
    no_bug(run)
    assert run.exit_code == 0
    assert (here / f"{ODD}.md").read_text(encoding="utf-8").startswith("#")
    assert "wrote caf\\xe9-\\xff.md" in run.stderr


def test_validate_shows_such_a_name(here: Path, cli: Callable[..., Run]) -> None:
    shutil.copy(PROFILE, here / f"{ODD}.yaml")
    (here / f"bad-{ODD}.yaml").write_text("version: 1\nanswers: {team_size: -1}\n", encoding="utf-8")
    run = cli("validate", f"{ODD}.yaml", f"bad-{ODD}.yaml")
    no_bug(run)
    assert run.stdout == "caf\\xe9-\\xff.yaml: ok (profile)\n"
    assert run.stderr.startswith("bad-caf\\xe9-\\xff.yaml:2:22: error: ")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_check_a_repository_holding_such_names(here: Path, cli: Callable[..., Run], fmt: str) -> None:
    (here / ".git").mkdir()
    folder = here / "sourcing" / ODD
    folder.mkdir(parents=True)
    shutil.copy(PROFILE, folder / f"{ODD}.yaml")
    (here / "sourcing" / f"{ODD}.yaml").write_text("version: 1\nanswers: {team_size: -1}\n",
                                                   encoding="utf-8")
    (here / ".sourcing-policy.yaml").write_text(
        "version: 1\nprofiles: ['sourcing/**/*.yaml']\nrules: {require_decision: true}\n",
        encoding="utf-8")
    run = cli("check", "--format", fmt, "--as-of", "2026-03-01")
    no_bug(run)
    assert run.exit_code == 1
    assert "xe9-" in run.stdout  # the name, shown (SARIF writes it as a URI: caf%5Cxe9-%5Cxff)


def test_a_catalog_folder_and_file_with_such_names(here: Path, cli: Callable[..., Run]) -> None:
    catalog = here / ODD
    copy_catalog(catalog)
    (catalog / "cost.yaml").rename(catalog / f"cost-{ODD}.yaml")
    run = cli("assess", str(PROFILE), "--criteria", ODD, "--format", "json")
    no_bug(run)
    assert run.exit_code == 0


def test_the_step_summary_under_strict_utf8_output(tmp_path: Path) -> None:
    """In a real process whose output is strict UTF-8, with the summary file itself so named."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sourcing").mkdir()
    (repo / "sourcing" / f"{ODD}.yaml").write_text("version: 1\nanswers: {team_size: -1}\n",
                                                   encoding="utf-8")
    (repo / ".sourcing-policy.yaml").write_text("version: 1\nprofiles: ['sourcing/*.yaml']\n",
                                                encoding="utf-8")
    summary = tmp_path / f"summary-{ODD}.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PYTHONIOENCODING": "utf-8:strict",
           "NO_COLOR": "1"}
    for fmt in ("text", "json", "github"):
        proc = subprocess.run([sys.executable, "-m", "sourcing_cli", "check", "--format", fmt],
                              cwd=repo, env=env, capture_output=True, timeout=120, check=False)
        assert proc.returncode == 1, proc.stderr
        assert b"xe9-" in proc.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.count("sourcing check: fail") == 3 and "caf\\xe9-\\xff.yaml" in text
