"""``sourcing check --report FORMAT=PATH``: several formats from one run, one exit code, one step
summary; a repeated ``--format`` and existing report files are refused before any work."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_check import AS_OF, repo  # noqa: F401  (the case repository fixture)
from tests.helpers import Run


def test_one_run_writes_every_report_and_one_summary(repo: Path,  # noqa: F811
                                                     cli: Callable[..., Run],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = cli("check", "--format", "github", "--report", "sarif=results.sarif",
              "--report", "junit=junit.xml", "--report", "JSON=report.json", "--as-of", AS_OF)
    assert run.exit_code == 1, run.stderr
    assert run.stdout.startswith("::")
    data = json.loads((repo / "report.json").read_text())
    sarif = json.loads((repo / "results.sarif").read_text())
    junit = ET.fromstring((repo / "junit.xml").read_text())
    # The same evaluation in every format.
    standing = [f for f in data["findings"] if not f["waived"]]
    assert len(sarif["runs"][0]["results"]) == len(standing)
    assert run.stdout.count("::error ") + run.stdout.count("::warning ") == len(standing)
    # Every profile, and the policy file for its unused waiver.
    assert junit.get("tests") == str(data["profiles_checked"] + 1)
    assert summary.read_text().count("## ❌ sourcing check: fail") == 1
    assert "wrote junit.xml" in run.stderr


def test_a_passing_run_with_reports_exits_0(cli: Callable[..., Run], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import ROOT

    monkeypatch.chdir(ROOT / "examples" / "policy-repo")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    target = tmp_path / "r.sarif"
    run = cli("check", "--report", f"sarif={target}", "--as-of", "2026-11-24")
    assert run.exit_code == 0, run.stderr
    assert json.loads(target.read_text())["runs"][0]["results"] == []


def test_a_repeated_format_is_a_usage_error(repo: Path, cli: Callable[..., Run]) -> None:  # noqa: F811
    run = cli("check", "--format", "sarif", "--format", "github", "--as-of", AS_OF)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: --format given 2 times (sarif, github)")
    assert "--report github=" in run.stderr


@pytest.mark.parametrize(("value", "expected"), [
    ("sarif", "write FORMAT=PATH"),
    ("sarif=", "write FORMAT=PATH"),
    ("srif=x.sarif", "unknown format 'srif'; did you mean 'sarif'?"),
])
def test_a_bad_report_value_is_a_usage_error(repo: Path, cli: Callable[..., Run],  # noqa: F811
                                             value: str, expected: str) -> None:
    run = cli("check", "--report", value, "--as-of", AS_OF)
    assert run.exit_code == 2
    assert expected in run.stderr and run.stderr.count("\n") == 1


def test_existing_report_files_are_refused_before_any_work(repo: Path,  # noqa: F811
                                                           cli: Callable[..., Run],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (repo / "old.xml").write_text("keep me\n")
    run = cli("check", "-o", "new.json", "-f", "json", "--report", "junit=old.xml",
              "--as-of", AS_OF)
    assert run.exit_code == 2
    assert (repo / "old.xml").read_text() == "keep me\n"
    assert not (repo / "new.json").exists() and not summary.exists()
    same = cli("check", "-o", "a.json", "-f", "json", "--report", "json=a.json", "--as-of", AS_OF)
    assert same.exit_code == 2 and "given twice" in same.stderr
    forced = cli("check", "--report", "junit=old.xml", "--force", "--as-of", AS_OF)
    assert forced.exit_code == 1
    assert ET.fromstring((repo / "old.xml").read_text()).tag == "testsuites"
