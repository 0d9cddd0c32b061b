"""``sourcing check`` end to end on a repository with known violations (tests/cases/check/repo)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run

CASE = ROOT / "tests" / "cases" / "check" / "repo"
AS_OF = "2026-03-01"

# (rule, severity, profile, line, column, waived) — every finding the case repository must yield.
EXPECTED = [
    ("unused_waiver", "warning", ".sourcing-policy.yaml", 31, 5, False),
    ("valid_profile", "error", "sourcing/broken.yaml", 5, 14, False),
    ("valid_profile", "error", "sourcing/broken.yaml", 6, 3, False),
    ("max_gap_to_recommended", "error", "sourcing/expired.yaml", 13, 11, False),
    ("max_gap_to_recommended", "error", "sourcing/knocked-out.yaml", 8, 13, False),
    ("min_decision_score", "error", "sourcing/knocked-out.yaml", 8, 13, False),
    ("forbid/ip-stays-home", "error", "sourcing/low-score.yaml", 13, 11, False),
    ("max_gap_to_recommended", "error", "sourcing/low-score.yaml", 13, 11, False),
    ("min_decision_score", "error", "sourcing/low-score.yaml", 13, 11, False),
    ("forbid/personal-data-offshore", "warning", "sourcing/nested/support.yaml", 15, 11, False),
    ("require_decision", "error", "sourcing/no-decision.yaml", 1, 1, False),
    ("max_gap_to_recommended", "error", "sourcing/waived.yaml", 13, 11, True),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the case repository as the working directory (a git root, so lookup stops)."""
    target = tmp_path / "repo"
    shutil.copytree(CASE, target)
    (target / ".git").mkdir()
    monkeypatch.chdir(target)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return target


def findings(run: Run) -> list[tuple[str, str, str, int, int, bool]]:
    data = json.loads(run.stdout)
    return [(f["rule"], f["severity"], f["profile"], f["line"], f["column"], f["waived"])
            for f in data["findings"]]


def test_known_violations_are_found_exactly_at_their_lines(repo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "--format", "json", "--as-of", AS_OF)
    assert run.exit_code == 1, run.stderr
    assert findings(run) == EXPECTED
    data = json.loads(run.stdout)
    assert list(data) == ["status", "as_of", "policy", "profiles_checked", "findings"]
    assert (data["status"], data["as_of"], data["policy"], data["profiles_checked"]) == (
        "fail", AS_OF, ".sourcing-policy.yaml", 8)
    assert list(data["findings"][0]) == ["rule", "severity", "profile", "line", "column", "message",
                                         "waived", "waiver", "baselined"]


def test_messages_say_what_to_change(repo: Path, cli: Callable[..., Run]) -> None:
    data = json.loads(cli("check", "--format", "json", "--as-of", AS_OF).stdout)
    by = {(f["profile"], f["rule"]): f for f in data["findings"]}
    assert by[("sourcing/low-score.yaml", "min_decision_score")]["message"] == (
        "decision offshore_outsourcing scores 25.8, below the policy's minimum of 50; choose a "
        "better-scoring model (best: in_house, 80.5) or revisit the answers")
    assert by[("sourcing/low-score.yaml", "forbid/ip-stays-home")]["message"] == (
        "decision offshore_outsourcing is forbidden when ip_sensitivity = high: IP-critical work "
        "stays onshore; choose another model or record a waiver")
    assert by[("sourcing/no-decision.yaml", "require_decision")]["message"] == (
        "no decision recorded; add 'decision: <model>' with the model chosen; the assessment "
        "recommends in_house")
    assert [f["message"] for f in data["findings"] if f["profile"] == "sourcing/broken.yaml"] == [
        "answers.team_size: must be between 1 and 100000, got 0",
        "answers: unknown question 'ip_sensitivty'; did you mean 'ip_sensitivity'?",
    ]
    assert by[("sourcing/knocked-out.yaml", "min_decision_score")]["message"] == (
        "decision nearshore_outsourcing is knocked out for this profile: The data must stay in the "
        "home country; this model's team would work abroad (presumed to work in a neighbouring "
        "country: no vendor or centre is named for it). Choose a model still in the running, "
        "e.g. in_house.")
    assert by[(".sourcing-policy.yaml", "unused_waiver")]["message"] == (
        "waiver of forbid/ip-stays-home for sourcing/ok.yaml matches no finding; remove it")


def test_waivers_apply_until_they_expire_and_then_say_so(repo: Path, cli: Callable[..., Run]) -> None:
    data = json.loads(cli("check", "--format", "json", "--as-of", AS_OF).stdout)
    by = {(f["profile"], f["rule"]): f for f in data["findings"]}
    waived = by[("sourcing/waived.yaml", "max_gap_to_recommended")]
    assert waived["waived"] is True
    assert waived["waiver"] == {"rule": "max_gap_to_recommended", "profile": "sourcing/waived.yaml",
                                "reason": "in-house until the vendor contract review",
                                "owner": "ops@example.com", "expires": "2026-06-30",
                                "expired": False}
    expired = by[("sourcing/expired.yaml", "max_gap_to_recommended")]
    assert expired["waived"] is False and expired["waiver"]["expired"] is True
    assert expired["message"].endswith(
        "(the waiver by ops@example.com expired on 2025-12-31: renew or remove it)")
    # The last day of a waiver still counts; the day after, it no longer applies.
    last_day = json.loads(cli("check", "-f", "json", "--as-of", "2026-06-30").stdout)
    after = json.loads(cli("check", "-f", "json", "--as-of", "2026-07-01").stdout)
    pick = [f for f in last_day["findings"] if f["profile"] == "sourcing/waived.yaml"]
    assert pick[0]["waived"] is True
    pick = [f for f in after["findings"] if f["profile"] == "sourcing/waived.yaml"]
    assert pick[0]["waived"] is False and "expired on 2026-06-30" in pick[0]["message"]


def fix(repo: Path) -> None:
    """What a user would change to make the case repository pass."""
    def edit(rel: str, old: str, new: str) -> None:
        path = repo / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new))

    edit("sourcing/no-decision.yaml", "  function: qa_testing\n",
         "  function: qa_testing\ndecision: in_house\n")
    edit("sourcing/low-score.yaml", "decision: offshore_outsourcing", "decision: in_house")
    edit("sourcing/knocked-out.yaml", "decision:   nearshore_outsourcing", "decision: in_house")
    edit("sourcing/broken.yaml", "  team_size: 0\n  ip_sensitivty: low\n",
         "  team_size: 10\n  ip_sensitivity: low\n")
    edit("sourcing/expired.yaml", "decision: in_house", "decision: onshore_outsourcing")
    edit(".sourcing-policy.yaml",
         "  - rule: max_gap_to_recommended\n    profile: sourcing/expired.yaml\n"
         "    reason: in-house during the migration\n    owner: ops@example.com\n"
         "    expires: 2025-12-31\n", "")
    edit(".sourcing-policy.yaml",
         "  - rule: forbid/ip-stays-home\n    profile: sourcing/ok.yaml\n"
         "    reason: left over from an earlier decision\n    owner: ops@example.com\n"
         "    expires: 2026-12-31\n", "")


def test_fixing_the_profiles_makes_check_pass(repo: Path, cli: Callable[..., Run]) -> None:
    fix(repo)
    run = cli("check", "--format", "json", "--as-of", AS_OF)
    assert run.exit_code == 0, run.stdout
    data = json.loads(run.stdout)
    assert data["status"] == "pass"
    assert [(f["rule"], f["severity"], f["waived"]) for f in data["findings"]] == [
        ("forbid/personal-data-offshore", "warning", False),
        ("max_gap_to_recommended", "error", True),
    ]
    # A remaining warning fails only a stricter run.
    assert cli("check", "--fail-on", "warning", "--as-of", AS_OF).exit_code == 1
    text = cli("check", "--as-of", AS_OF)
    assert text.exit_code == 0
    assert text.stdout.splitlines()[-1] == (
        "✓ passed: 8 profiles, 0 errors, 1 warning, 1 waived (policy .sourcing-policy.yaml, "
        "as of 2026-03-01)")


def test_text_groups_findings_by_profile(repo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "--as-of", AS_OF)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert "sourcing/no-decision.yaml" in lines
    at = lines.index("sourcing/no-decision.yaml")
    assert lines[at + 1].split()[:3] == ["1:1", "error", "require_decision"]
    assert lines[-1] == ("✗ FAILED: 8 profiles, 9 errors, 2 warnings, 1 waived (policy "
                         ".sourcing-policy.yaml, as of 2026-03-01)")


def test_paths_given_are_the_only_ones_checked(repo: Path, cli: Callable[..., Run]) -> None:
    # As pre-commit passes them: profiles, and files the policy does not cover (skipped).
    run = cli("check", "-f", "json", "--as-of", AS_OF, "sourcing/no-decision.yaml", "sourcing/ok.yaml",
              "notes/not-a-profile.yaml")
    assert run.exit_code == 1
    assert findings(run) == [
        ("unused_waiver", "warning", ".sourcing-policy.yaml", 31, 5, False),
        ("require_decision", "error", "sourcing/no-decision.yaml", 1, 1, False),
    ]
    assert json.loads(run.stdout)["profiles_checked"] == 2
    assert "skipped 1 path(s)" in run.stderr
    # Waivers for profiles that were not checked are not called unused.
    only_ok = cli("check", "-f", "json", "--as-of", AS_OF, "sourcing/waived.yaml")
    assert [f[0] for f in findings(only_ok)] == ["max_gap_to_recommended"]
    assert only_ok.exit_code == 0


def test_a_changed_policy_checks_everything(repo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "-f", "json", "--as-of", AS_OF, ".sourcing-policy.yaml")
    assert json.loads(run.stdout)["profiles_checked"] == 8


def test_a_folder_path_checks_the_profiles_under_it(repo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "-f", "json", "--as-of", AS_OF, "sourcing/nested")
    assert json.loads(run.stdout)["profiles_checked"] == 1
    assert run.exit_code == 0


def test_policy_is_found_from_a_subfolder(repo: Path, cli: Callable[..., Run],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "sourcing" / "nested")
    run = cli("check", "-f", "json", "--as-of", AS_OF)
    data = json.loads(run.stdout)
    assert data["policy"] == "../../.sourcing-policy.yaml"
    assert findings(run) == EXPECTED  # paths stay relative to the repository root


def test_no_policy_is_a_usage_error(tmp_path: Path, cli: Callable[..., Run],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    run = cli("check")
    assert run.exit_code == 2
    assert run.stderr == ("error: no .sourcing-policy.yaml here or in a parent folder up to the "
                          "repository root; write one with `sourcing init --policy`, or pass "
                          "--policy FILE\n")


def test_a_bad_policy_exits_2_with_located_errors(repo: Path, cli: Callable[..., Run]) -> None:
    policy = repo / ".sourcing-policy.yaml"
    policy.write_text(policy.read_text().replace("models: [offshore_outsourcing]",
                                                 "models: [offshore_outsorcing]"))
    run = cli("check")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == (".sourcing-policy.yaml:14:16: error: rules.forbid[1].models[0]: unknown "
                          "model 'offshore_outsorcing'; did you mean 'offshore_outsourcing'?\n")


def test_a_missing_path_is_a_usage_error(repo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "sourcing/nope.yaml")
    assert run.exit_code == 2
    assert run.stderr == "error: sourcing/nope.yaml: no such file; check the path\n"


def test_symlinks_out_of_the_repository_are_not_followed(repo: Path, tmp_path: Path,
                                                         cli: Callable[..., Run]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(repo / "sourcing" / "no-decision.yaml", outside / "secret.yaml")
    os.symlink(outside / "secret.yaml", repo / "sourcing" / "linked.yaml")
    os.symlink(outside, repo / "sourcing" / "linked-dir")
    os.symlink(repo / "sourcing" / "ok.yaml", repo / "sourcing" / "inside-link.yaml")
    data = json.loads(cli("check", "-f", "json", "--as-of", AS_OF).stdout)
    linked = [f for f in data["findings"] if f["profile"] == "sourcing/linked.yaml"]
    assert [(f["rule"], f["line"], f["message"]) for f in linked] == [
        ("valid_profile", 1, "is a symbolic link that leads outside the repository; not followed — "
                             "keep profiles inside the repository")]
    assert not any(f["profile"].startswith("sourcing/linked-dir") for f in data["findings"])
    assert data["profiles_checked"] == 10  # 8 + linked.yaml + inside-link.yaml


def test_output_file_and_step_summary(repo: Path, cli: Callable[..., Run],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = cli("check", "-f", "sarif", "-o", "out.sarif", "--as-of", AS_OF)
    assert run.exit_code == 1
    assert run.stdout == ""
    assert json.loads((repo / "out.sarif").read_text())["version"] == "2.1.0"
    text = summary.read_text()
    assert text.startswith("earlier step\n## ❌ sourcing check: fail\n")
    assert "| `sourcing/no-decision.yaml` | 1:1 | error | `require_decision` |" in text


def test_example_policy_repo_passes(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "examples" / "policy-repo")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    run = cli("check", "-f", "json", "--as-of", "2026-11-24")
    assert run.exit_code == 0, run.stdout
    data = json.loads(run.stdout)
    assert data["profiles_checked"] == 4
    # Paths are from the top level of the repository holding the example (this one, when it is a
    # git checkout), so a CI annotation lands on the example's file.
    assert [(f["rule"], f["profile"], f["waived"]) for f in data["findings"]] in (
        [("max_gap_to_recommended", "examples/policy-repo/sourcing/payments.yaml", True)],
        [("max_gap_to_recommended", "sourcing/payments.yaml", True)])
    # The waiver demonstrates expiry: the day after, the same repository fails.
    assert cli("check", "--as-of", "2027-07-01").exit_code == 1


def test_the_repository_root_as_a_path_checks_everything(repo: Path, cli: Callable[..., Run]) -> None:
    assert json.loads(cli("check", "-f", "json", "--as-of", AS_OF, ".").stdout)["profiles_checked"] == 8


def test_an_unwritable_step_summary_is_a_warning(repo: Path, cli: Callable[..., Run],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repo / "no" / "such" / "dir" / "summary.md"))
    run = cli("check", "-f", "json", "--as-of", AS_OF)
    assert run.exit_code == 1
    assert run.stderr.startswith("warning: cannot append to GITHUB_STEP_SUMMARY")
