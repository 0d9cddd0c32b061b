"""``sourcing diff`` end to end: two files, and a file against its committed version."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

CASES = ROOT / "tests" / "cases" / "diff"


def test_diff_json_names_the_flipping_answer(cli: Callable[..., Run]) -> None:
    run = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["recommendation"] == {"old": "nearshore_outsourcing", "new": "onshore_outsourcing",
                                      "changed": True, "flipped_by": ["answers.data_residency"],
                                      "each_change_suffices": False}
    assert data["decision"] == {"old": "nearshore_outsourcing", "new": "onshore_outsourcing"}
    assert [m["model"] for m in data["models"]][:2] == ["in_house", "onshore_outsourcing"]


def test_diff_text_and_markdown(cli: Callable[..., Run]) -> None:
    text = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"))
    assert text.exit_code == 0
    assert "Flipped by answers.data_residency (none → in_country)" in " ".join(text.stdout.split())
    markdown = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "-f", "markdown")
    assert "| `answers.data_residency` | none | in_country | **nearshore_outsourcing** |" in (
        markdown.stdout)


@pytest.mark.parametrize(("args", "message"), [
    (["one.yaml"], "error: give two profiles, OLD and NEW (or one profile and --rev GIT_REV)\n"),
    (["a.yaml", "b.yaml", "--rev", "HEAD"],
     "error: --rev takes exactly one profile (compared with its committed version)\n"),
])
def test_diff_usage_errors(cli: Callable[..., Run], args: list[str], message: str) -> None:
    run = cli("diff", *args)
    assert (run.exit_code, run.stderr) == (2, message)


def test_diff_reports_a_bad_profile_with_its_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nanswers: {team_size: 0}\n")
    run = cli("diff", str(CASES / "old.yaml"), str(bad))
    assert run.exit_code == 2
    assert run.stderr == f"{bad}:2:22: error: answers.team_size: must be between 1 and 100000, got 0\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_rev_compares_with_the_committed_version(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "sourcing").mkdir(parents=True)
    git(repo, "init", "-q")
    profile = repo / "sourcing" / "qa.yaml"
    shutil.copy(CASES / "old.yaml", profile)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "qa")
    shutil.copy(CASES / "new.yaml", profile)
    monkeypatch.chdir(repo)
    run = cli("diff", "--rev", "HEAD", "sourcing/qa.yaml", "-f", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["old"], data["new"]) == ("HEAD:sourcing/qa.yaml", "sourcing/qa.yaml")
    assert data["recommendation"]["flipped_by"] == ["answers.data_residency"]
    missing = cli("diff", "--rev", "HEAD~5", "sourcing/qa.yaml")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: --rev: git cannot show HEAD~5:sourcing/qa.yaml: ")
    assert cli("diff", "--rev", "--output=x", "sourcing/qa.yaml").exit_code == 2
