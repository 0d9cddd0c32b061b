"""``sourcing check --write-baseline`` / ``--baseline``: adopting the gate on a repository that
already has violations, then failing only on new ones (tests/cases/check/repo)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_check import AS_OF, CASE
from tests.helpers import Run

BASE = ".sourcing-baseline.json"


@pytest.fixture
def adopted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run]) -> Path:
    """The case repository (without its invalid profile, which no baseline excuses), adopted:
    its baseline written."""
    target = tmp_path / "repo"
    shutil.copytree(CASE, target)
    (target / ".git").mkdir()
    (target / "sourcing" / "broken.yaml").unlink()
    monkeypatch.chdir(target)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert cli("check", "--as-of", AS_OF).exit_code == 1  # violations before adopting
    run = cli("check", "--as-of", AS_OF, "--write-baseline", BASE)
    assert run.exit_code == 0, run.stdout
    assert f"wrote {BASE}" in run.stderr
    return target


def check(cli: Callable[..., Run], *args: str) -> tuple[int, list[dict[str, object]]]:
    run = cli("check", "--baseline", BASE, "-f", "json", "--as-of", AS_OF, *args)
    assert run.exit_code in (0, 1), run.stderr
    return run.exit_code, json.loads(run.stdout)["findings"]


def failing(findings: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["rule"], f["profile"]) for f in findings
            if f["severity"] == "error" and not f["waived"] and not f["baselined"]]


def test_adopting_then_checking_against_the_baseline_passes(adopted: Path,
                                                            cli: Callable[..., Run]) -> None:
    code, findings = check(cli)
    assert code == 0 and failing(findings) == []
    assert sum(1 for f in findings if f["baselined"]) == 8
    recorded = json.loads((adopted / BASE).read_text())
    assert recorded["version"] == 1
    assert {e["profile"] for e in recorded["findings"]} == {
        "sourcing/expired.yaml", "sourcing/knocked-out.yaml", "sourcing/low-score.yaml",
        "sourcing/nested/support.yaml", "sourcing/no-decision.yaml"}
    # The waived finding is not recorded: its waiver governs it.
    assert "sourcing/waived.yaml" not in {e["profile"] for e in recorded["findings"]}


def test_a_new_violation_fails_and_is_the_only_one_named(adopted: Path,
                                                         cli: Callable[..., Run]) -> None:
    shutil.copy(adopted / "sourcing" / "no-decision.yaml", adopted / "sourcing" / "new.yaml")
    code, findings = check(cli)
    assert code == 1
    assert failing(findings) == [("require_decision", "sourcing/new.yaml")]
    github = cli("check", "--baseline", BASE, "-f", "github", "--as-of", AS_OF).stdout
    assert [line.split("::")[1] for line in github.splitlines() if line.startswith("::error")] == [
        "error file=sourcing/new.yaml,line=1,col=1,title=sourcing require_decision"]


def test_lines_shifted_above_a_baselined_finding_still_pass(adopted: Path,
                                                            cli: Callable[..., Run]) -> None:
    profile = adopted / "sourcing" / "low-score.yaml"
    profile.write_text("# reviewed\n# again\n\n" + profile.read_text())
    code, findings = check(cli)
    assert code == 0
    moved = [f for f in findings if f["profile"] == "sourcing/low-score.yaml"]
    assert moved and all(f["baselined"] and f["line"] == 16 for f in moved)


def test_a_changed_decision_is_a_new_finding(adopted: Path, cli: Callable[..., Run]) -> None:
    profile = adopted / "sourcing" / "low-score.yaml"
    text = profile.read_text()
    decision = re.search(r"^decision: (\S+)", text, re.M)
    assert decision is not None
    other = "nearshore_outsourcing" if decision[1] != "nearshore_outsourcing" else "offshore_outsourcing"
    profile.write_text(text.replace(decision[0], f"decision: {other}"))
    code, findings = check(cli)
    assert code == 1
    assert {p for _, p in failing(findings)} == {"sourcing/low-score.yaml"}


def test_a_removed_profile_leaves_stale_entries_as_warnings(adopted: Path,
                                                            cli: Callable[..., Run]) -> None:
    (adopted / "sourcing" / "knocked-out.yaml").unlink()
    code, findings = check(cli)
    assert code == 0
    stale = [f for f in findings if f["rule"] == "stale_baseline"]
    assert [(f["severity"], f["profile"]) for f in stale] == [("warning", BASE)] * 2
    lines = (adopted / BASE).read_text().splitlines()
    for f in stale:
        assert isinstance(f["line"], int) and lines[f["line"] - 1].strip() == "{"
        assert "sourcing/knocked-out.yaml" in str(f["message"])
        assert "no longer checked" in str(f["message"])
    assert cli("check", "--baseline", BASE, "--fail-on", "warning", "--as-of", AS_OF).exit_code == 1


def test_sarif_marks_new_and_baselined_results(adopted: Path, cli: Callable[..., Run]) -> None:
    shutil.copy(adopted / "sourcing" / "no-decision.yaml", adopted / "sourcing" / "new.yaml")
    run = cli("check", "--baseline", BASE, "-f", "sarif", "--as-of", AS_OF)
    results = json.loads(run.stdout)["runs"][0]["results"]
    states = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]):
              r["baselineState"] for r in results}
    assert states[("require_decision", "sourcing/new.yaml")] == "new"
    assert states[("require_decision", "sourcing/no-decision.yaml")] == "unchanged"


def test_writing_the_baseline_is_deterministic_and_refuses_an_existing_file(
    adopted: Path, cli: Callable[..., Run]
) -> None:
    first = (adopted / BASE).read_bytes()
    refused = cli("check", "--as-of", AS_OF, "--write-baseline", BASE)
    assert refused.exit_code == 2 and (adopted / BASE).read_bytes() == first
    again = cli("check", "--as-of", AS_OF, "--write-baseline", BASE, "--force")
    assert again.exit_code == 0 and (adopted / BASE).read_bytes() == first
    partial = cli("check", "sourcing/low-score.yaml", "--write-baseline", "other.json")
    assert partial.exit_code == 2 and "without PATHs" in partial.stderr
    assert not (adopted / "other.json").exists()


def test_an_invalid_profile_is_never_baselined(adopted: Path, cli: Callable[..., Run]) -> None:
    shutil.copy(CASE / "sourcing" / "broken.yaml", adopted / "sourcing" / "broken.yaml")
    run = cli("check", "--as-of", AS_OF, "--write-baseline", "with-broken.json")
    assert run.exit_code == 1
    assert "valid_profile" not in (adopted / "with-broken.json").read_text()


@pytest.mark.parametrize(("content", "expected"), [
    ('{"version": 1, "findings": [{"rule": "x", "profile": "p", "fingerprint": "abc"}]}',
     rf"^{re.escape(BASE)}:1:\d+: error: .*fingerprint"),
    ('{"version": 2, "findings": []}', rf"^{re.escape(BASE)}:1:\d+: error: .*version"),
    ('{"version": 1, "findings": [', rf"^{re.escape(BASE)}:\d+:\d+: error: "),  # cut short
])
def test_a_bad_baseline_is_a_located_input_error(adopted: Path, cli: Callable[..., Run],
                                                 content: str, expected: str) -> None:
    (adopted / BASE).write_text(content)
    run = cli("check", "--baseline", BASE, "--as-of", AS_OF)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert re.match(expected, run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_a_missing_baseline_is_a_usage_error(adopted: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "--baseline", "nope.json", "--as-of", AS_OF)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: nope.json: no such baseline file")
