"""The pre-commit hooks, for real: ``pre-commit try-repo`` installs this repository into a hook
environment and runs ``sourcing-check`` on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

POLICY = """\
version: 1
profiles: ["sourcing/**/*.yaml"]
rules:
  require_decision: true
"""
PROFILE = "version: 1\nname: QA\nanswers: {function: qa_testing}\n"


def test_hooks_are_declared() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["sourcing-check", "sourcing-validate"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        assert hook["entry"].startswith("sourcing ")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_try_repo_fails_on_a_violation_and_passes_once_fixed(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs this project as a git checkout")
    work = tmp_path / "work"
    (work / "sourcing").mkdir(parents=True)
    (work / ".sourcing-policy.yaml").write_text(POLICY)
    (work / "sourcing" / "qa.yaml").write_text(PROFILE)
    (work / "README.yaml").write_text("not: a profile\n")  # passed to the hook, skipped by it
    git(work, "init", "-q")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "profiles")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PRE_COMMIT", "GIT_", "GITHUB_")) and k != "VIRTUAL_ENV"}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")

    def try_repo(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files",
             "--verbose"], cwd=work, env=env, capture_output=True, text=True, check=False)

    failing = try_repo("sourcing-check")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "sourcing/qa.yaml" in failing.stdout
    assert "require_decision" in failing.stdout
    assert try_repo("sourcing-validate").returncode == 0

    (work / "sourcing" / "qa.yaml").write_text(PROFILE + "decision: nearshore_outsourcing\n")
    git(work, "commit", "-q", "-am", "decide")
    passing = try_repo("sourcing-check")
    assert passing.returncode == 0, passing.stdout + passing.stderr
