"""The decision lifecycle: ``decided``/``review_by`` in a profile, ``max_decision_age_days`` in a
policy."""

from __future__ import annotations

from datetime import date

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.check import ProfileInput, run
from sourcing_cli.errors import InputError
from sourcing_cli.findings import Finding
from sourcing_cli.policy import Policy, policy_from_doc
from sourcing_cli.policy_schema import policy_schema
from sourcing_cli.profile import profile_from_doc
from sourcing_cli.render.check_sarif import HELP
from sourcing_cli.schema import profile_schema
from sourcing_cli.yamlio import load_text

AS_OF = date(2026, 6, 30)


def policy(catalog: Catalog, rules: str = "rules: {max_decision_age_days: 180}\n") -> Policy:
    text = "version: 1\nprofiles: ['sourcing/*.yaml']\n" + rules
    return policy_from_doc(load_text(text, "pol.yaml"), catalog, ".sourcing-policy.yaml")


def findings(catalog: Catalog, profile: str, pol: Policy | None = None) -> list[Finding]:
    prof = profile_from_doc(load_text("version: 1\n" + profile, "sourcing/a.yaml"), catalog)
    report = run(pol or policy(catalog), catalog, [ProfileInput("sourcing/a.yaml", prof)], AS_OF)
    return [f for f in report.findings if f.rule in ("max_decision_age_days", "review_overdue")]


def test_a_profile_records_when_it_decided_and_when_to_review(catalog: Catalog) -> None:
    prof = profile_from_doc(load_text("version: 1\ndecision: in_house\ndecided: 2026-01-15\n"
                                      "review_by: 2027-01-15\n", "p.yaml"), catalog)
    assert (prof.decided, prof.review_by) == (date(2026, 1, 15), date(2027, 1, 15))


@pytest.mark.parametrize(("text", "expected"), [
    ("decided: 2026-02-30\n", "p.yaml:2:10: error: decided:"),
    ("decided: 20260215\n", "p.yaml:2:10: error: decided:"),
    ("review_by: '2026-1-5'\n", "p.yaml:2:12: error: review_by:"),
    ("decided: 2026-05-01\nreview_by: 2026-04-01\n",
     "p.yaml:3:12: error: review_by: 2026-04-01 is before the decision was taken (2026-05-01"),
])
def test_lifecycle_dates_are_strict(text: str, expected: str, catalog: Catalog) -> None:
    with pytest.raises(InputError) as caught:
        profile_from_doc(load_text("version: 1\n" + text, "p.yaml"), catalog)
    rendered = [d.render() for d in caught.value.diagnostics]
    assert len(rendered) == 1 and rendered[0].startswith(expected), rendered


def test_a_decision_older_than_the_limit_is_a_finding_at_decided(catalog: Catalog) -> None:
    (found,) = findings(catalog, "decision: in_house\ndecided: 2025-12-01\n")
    assert (found.rule, found.severity, found.line, found.column) == (
        "max_decision_age_days", "error", 3, 10)
    assert "2025-12-01, 211 days before 2026-06-30; the policy allows 180 days" in found.message


def test_the_age_limit_is_inclusive(catalog: Catalog) -> None:
    assert findings(catalog, "decision: in_house\ndecided: 2026-01-01\n") == []  # 180 days
    assert len(findings(catalog, "decision: in_house\ndecided: 2025-12-31\n")) == 1  # 181


def test_a_decision_without_a_date_is_a_finding_at_decision(catalog: Catalog) -> None:
    (found,) = findings(catalog, "decision: in_house\n")
    assert (found.rule, found.line, found.column) == ("max_decision_age_days", 2, 11)
    assert "has no date; add 'decided: YYYY-MM-DD'" in found.message


def test_no_decision_is_left_to_require_decision(catalog: Catalog) -> None:
    assert findings(catalog, "decided: 2020-01-01\n") == []


def test_a_passed_review_date_is_overdue(catalog: Catalog) -> None:
    found = findings(catalog, "decision: in_house\ndecided: 2026-06-01\nreview_by: 2026-06-20\n")
    assert [(f.rule, f.line, f.column) for f in found] == [("review_overdue", 4, 12)]
    assert "due by 2026-06-20, 10 days ago" in found[0].message
    # The review day itself is still in time.
    assert findings(catalog, "decision: in_house\ndecided: 2026-06-01\nreview_by: 2026-06-30\n") == []


def test_without_the_rule_dates_are_not_enforced(catalog: Catalog) -> None:
    pol = policy(catalog, "rules: {require_decision: true}\n")
    assert findings(catalog, "decision: in_house\ndecided: 2000-01-01\nreview_by: 2000-02-01\n",
                    pol) == []
    assert pol.max_decision_age_days is None


def test_lifecycle_findings_can_be_waived_and_described(catalog: Catalog) -> None:
    pol = policy(catalog, """\
rules: {max_decision_age_days: 30}
waivers:
  - {rule: review_overdue, profile: sourcing/a.yaml, reason: r, owner: o, expires: 2026-12-31}
""")
    prof = profile_from_doc(load_text("version: 1\ndecision: in_house\ndecided: 2026-06-01\n"
                                      "review_by: 2026-06-02\n", "sourcing/a.yaml"), catalog)
    report = run(pol, catalog, [ProfileInput("sourcing/a.yaml", prof)], AS_OF)
    assert [(f.rule, f.waived) for f in report.findings] == [("review_overdue", True)]
    assert report.status == "pass"
    assert {"max_decision_age_days", "review_overdue"} <= set(report.rules)
    assert {"max_decision_age_days", "review_overdue"} <= set(HELP)


def test_schemas_know_the_lifecycle(catalog: Catalog) -> None:
    profile = profile_schema(catalog)["properties"]
    assert profile["decided"]["pattern"] == profile["review_by"]["pattern"]
    rules = policy_schema(catalog)["properties"]["rules"]["properties"]
    assert rules["max_decision_age_days"]["type"] == "integer"
    assert "extends" in policy_schema(catalog)["properties"]
