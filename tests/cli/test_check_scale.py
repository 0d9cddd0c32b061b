"""``sourcing check`` over 2,000 generated profiles: it works, it is deterministic, and on a
terminal it shows progress."""

from __future__ import annotations

import errno
import json
import os
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from tests.generate import write_repo
from tests.helpers import Run

COUNT = 2000
ARGS = ("check", "--format", "json", "--as-of", "2026-03-01")


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    root = tmp_path_factory.mktemp("scale") / "repo"
    write_repo(root, catalog, COUNT)
    (root / ".git").mkdir()
    return root


def test_two_thousand_profiles_are_checked_and_the_json_is_byte_identical(
    big_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(big_repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    first = cli(*ARGS)
    second = cli(*ARGS)
    assert first.exit_code == 1  # the generated profiles break rules on purpose
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["profiles_checked"] == COUNT
    rules = {f["rule"] for f in data["findings"]}
    assert {"valid_profile", "require_decision", "min_decision_score", "max_gap_to_recommended",
            "forbid/ip-stays-home"} <= rules
    assert any(f["waived"] for f in data["findings"])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "FORCE_COLOR")}
    env.update(extra)
    return env


@pytest.mark.slow
def test_same_json_in_a_fresh_process_with_another_hash_seed(
    big_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(big_repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    expected = cli(*ARGS).stdout
    out = subprocess.run([sys.executable, "-m", "sourcing_cli", *ARGS], cwd=big_repo,
                         capture_output=True, env=_env(PYTHONHASHSEED="12345", LC_ALL="C"),
                         check=False)
    assert out.returncode == 1
    assert out.stdout.decode("utf-8") == expected
    assert out.stderr == b""  # not a terminal: no progress bar


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_is_shown_on_a_terminal(big_repo: Path, tmp_path: Path, jobs: str) -> None:
    master, slave = os.openpty()
    stdout = tmp_path / "out.json"
    with stdout.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sourcing_cli", *ARGS, "--jobs", jobs],
                                cwd=big_repo,
                                stdout=out, stderr=slave, env=_env(TERM="xterm", COLUMNS="100"))
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError as exc:  # the terminal closes when the process ends
                if exc.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait() == 1
    text = seen.decode("utf-8", "replace")
    assert "checking profiles" in text
    assert f"{COUNT}/{COUNT}" in text  # every profile counted, in one process or several
    assert "Traceback" not in text
    assert json.loads(stdout.read_text())["profiles_checked"] == COUNT

