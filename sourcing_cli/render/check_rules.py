"""What each rule of a policy asks for, in one line: the wording every check report uses (SARIF's
rule descriptions, and any report that lists the rules).

The rules themselves are ids on :class:`sourcing_cli.check.CheckReport` (``rules``), with the
policy they come from (``enforced``); the numbers in a sentence are the policy's own, written as
the policy wrote them.
"""

from __future__ import annotations

from sourcing_cli.check import CheckReport
from sourcing_cli.findings import STALE_RULE
from sourcing_cli.policy import Policy
from sourcing_cli.words import days, threshold

FIXED = {
    "valid_profile": "Every profile the policy covers is a valid profile (`sourcing validate`).",
    "require_decision": "Every profile records the model actually chosen (`decision`).",
    "review_overdue": "A decision's `review_by` date has not passed.",
    "unused_waiver": "Every waiver in the policy matches a finding.",
    STALE_RULE: "Every baseline entry still matches a finding.",
}


def rule_descriptions(report: CheckReport) -> dict[str, str]:
    """Rule id → what it asks for, for every rule of the report, in its order."""
    return {rule: describe_rule(rule, report.enforced) for rule in report.rules}


def describe_rule(rule: str, policy: Policy) -> str:
    """One rule of ``policy`` in one line."""
    if rule in FIXED:
        return FIXED[rule]
    kind, _, name = rule.partition("/")
    if kind == "forbid":
        forbid = next((f for f in policy.forbid if f.id == name), None)
        if forbid is not None:
            when = forbid.when.describe()
            cond = "" if when == "always" else f" when {when}"
            origin = (f" (from {forbid.policy})"
                      if forbid.policy and forbid.policy != policy.path else "")
            return f"{forbid.reason}: not {', '.join(forbid.models)}{cond}.{origin}"
    elif kind == "red_flags":
        return f"Vendor red flag {name} (at {policy.red_flags_fail_on} or worse it is an error)."
    elif rule == "min_decision_score" and policy.min_decision_score is not None:
        return f"The decision's score reaches at least {threshold(policy.min_decision_score)}."
    elif rule == "max_gap_to_recommended" and policy.max_gap_to_recommended is not None:
        return (f"The decision scores within {threshold(policy.max_gap_to_recommended)} points of "
                "the recommended model.")
    elif rule == "certifications" and policy.certifications_min_days is not None:
        return (f"Vendor certificates stay valid for at least "
                f"{days(policy.certifications_min_days)}.")
    elif rule == "max_decision_age_days" and policy.max_decision_age_days is not None:
        return (f"Every decision is dated (`decided`) and at most "
                f"{days(policy.max_decision_age_days)} old.")
    elif rule == "expiring_waiver" and policy.waiver_warn_days is not None:
        return f"A waiver in use warns {days(policy.waiver_warn_days)} before it ends."
    return f"Rule {rule} of the policy."
