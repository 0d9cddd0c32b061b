"""``sourcing check`` with a policy that extends a shared one, and with the decision lifecycle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.test_check import AS_OF, repo  # noqa: F401  (the case repository fixture)
from tests.helpers import Run

POLICY = ".sourcing-policy.yaml"


def test_an_extended_policy_with_an_error_exits_2_at_its_own_location(
    repo: Path, cli: Callable[..., Run]  # noqa: F811
) -> None:
    (repo / "shared").mkdir()
    (repo / "shared" / "company.yaml").write_text(
        "version: 1\nprofiles: ['*.yaml']\nrules:\n  min_decision_score: high\n")
    text = (repo / POLICY).read_text()
    (repo / POLICY).write_text(text.replace("profiles:", "extends: [shared/company.yaml, gone.yaml]\n"
                                                         "profiles:", 1))
    run = cli("check", "--as-of", AS_OF)
    assert run.exit_code == 2 and run.stdout == ""
    errors = run.stderr.splitlines()
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"{POLICY}:") and "extends[1]: no policy file 'gone.yaml'" in errors[0]
    assert errors[1].startswith("shared/company.yaml:4:23: error: rules.min_decision_score")
    assert "Traceback" not in run.stderr


def test_a_stale_decision_fails_the_check_at_decided(
    repo: Path, cli: Callable[..., Run]  # noqa: F811
) -> None:
    (repo / POLICY).write_text("version: 1\nprofiles: ['dated/*.yaml']\n"
                               "rules: {max_decision_age_days: 30}\n")
    (repo / "dated").mkdir()
    (repo / "dated" / "a.yaml").write_text(
        "version: 1\ndecision: in_house\ndecided: 2025-12-01\nreview_by: 2026-02-01\n")
    run = cli("check", "--as-of", AS_OF, "--format", "json")
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [
        ("max_decision_age_days", 3), ("review_overdue", 4)]
    sarif = cli("check", "--as-of", AS_OF, "--format", "sarif")
    rules = json.loads(sarif.stdout)["runs"][0]["tool"]["driver"]["rules"]
    helped = {r["id"]: r["help"]["text"] for r in rules}
    assert "decided" in helped["max_decision_age_days"] and "review_by" in helped["review_overdue"]
