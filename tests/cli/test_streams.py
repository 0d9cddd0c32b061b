"""Standard output that is full or closed: a one-line error and exit 2, or the command's own code.

Real processes (the ``sourcing`` entry point through ``python -m sourcing_cli``): ``> /dev/full``
makes every command, ``--help`` and ``--version`` included, print ``error: cannot write to standard
output: …`` and exit 2 — never a traceback, never 70. A pipe closed by its reader (``| head -c0``)
leaves the exit code what it would have been: a passing ``check`` exits 0, a failing one 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES

PROFILE = EXAMPLES / "policy-repo" / "sourcing" / "qa-testing.yaml"
ERROR = "error: cannot write to standard output: "


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "sourcing").mkdir()
    shutil.copy(PROFILE, root / "sourcing" / "qa.yaml")
    policy(root, passing=True)
    return root


def policy(root: Path, *, passing: bool) -> None:
    floor = 1 if passing else 99
    (root / ".sourcing-policy.yaml").write_text(
        f"version: 1\nprofiles: ['sourcing/*.yaml']\nrules: {{min_decision_score: {floor}}}\n",
        encoding="utf-8")


def run(args: list[str], cwd: Path, stdout: int, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environment.update({"NO_COLOR": "1", **env})
    return subprocess.run([sys.executable, "-m", "sourcing_cli", *args], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=environment, timeout=120,
                          check=False)


COMMANDS = [
    ["--help"], ["--version"], ["assess", "--help"], ["check", "--help"],
    ["assess", "sourcing/qa.yaml"], ["assess", "sourcing/qa.yaml", "--format", "json"],
    ["assess", "sourcing/qa.yaml", "--format", "markdown"], ["compare"], ["criteria"],
    ["criteria", "cost", "--format", "json"], ["questions"], ["schema", "profile"],
    ["validate", "sourcing/qa.yaml"], ["diff", "sourcing/qa.yaml", "sourcing/qa.yaml"],
    ["check"], ["check", "--format", "sarif"],
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_device_is_one_line_and_exit_2(repo: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = run(args, repo, full.fileno())
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(ERROR) and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def closed_pipe(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run with standard output a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return run(args, cwd, write, **env)
    finally:
        os.close(write)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_closed_pipe_leaves_a_check_its_own_exit_code(repo: Path, fmt: str) -> None:
    passing = closed_pipe(["check", "--format", fmt], repo)
    assert (passing.returncode, passing.stderr) == (0, "")
    policy(repo, passing=False)
    failing = closed_pipe(["check", "--format", fmt], repo)
    assert failing.returncode == 1, failing.stderr
    assert "Traceback" not in failing.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["assess", "sourcing/qa.yaml"],
                                  ["compare"]], ids=" ".join)
def test_a_closed_pipe_is_no_failure(repo: Path, args: list[str]) -> None:
    proc = closed_pipe(args, repo)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_closed_pipe_still_gets_the_step_summary_written(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    policy(repo, passing=False)
    proc = closed_pipe(["check"], repo, GITHUB_STEP_SUMMARY=str(summary))
    assert proc.returncode == 1
    assert "sourcing check: fail" in summary.read_text(encoding="utf-8")
