"""``check --format sarif``: SARIF 2.1.0, shaped for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule the policy enforces (and every red flag found),
each with a short and a full description, help in text and Markdown (what to change) and its usual
level (a ``forbid`` rule of ``severity: warning`` is a warning). One result per standing finding,
with the rule's id and index, its level, the message, a physical location relative to the
repository root (``%SRCROOT%``; lines and columns 1-based, the region starting at the value the
finding is about) and a ``partialFingerprints`` entry that ignores the line, so an alert follows
its finding when lines above it move. With a baseline, each result's ``baselineState`` says
whether it is ``new`` or ``unchanged`` (recorded in the baseline: reported, failing nothing).

GitHub code scanning ignores SARIF ``suppressions``: a suppressed result still opens an alert. So a
waived finding is not a result at all; it is listed under the run's ``properties.waived`` (rule,
location, message, waiver), where people and scripts can still see it. No ``automationDetails``:
it would override the ``category`` of the upload step.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sourcing_cli import __version__
from sourcing_cli.check import CheckReport
from sourcing_cli.findings import Finding
from sourcing_cli.render.check_rules import rule_descriptions
from sourcing_cli.render.escape import json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/sourcing/"
ROOT = "%SRCROOT%"
FINGERPRINT = "sourcingFinding/v1"

#: What to change for a finding of each rule (by the part before ``/``), in Markdown; the text
#: form drops the backticks.
HELP = {
    "valid_profile": "Run `sourcing validate PROFILE` and fix every located error it reports; an "
                     "invalid profile cannot be waived.",
    "require_decision": "Record the model actually chosen: add `decision: <model id>` to the "
                        "profile (`sourcing assess PROFILE` shows the recommendation).",
    "min_decision_score": "Choose a better-scoring model, revisit the answers that lower the "
                          "decision's score, or record a waiver with an owner, a reason and an "
                          "expiry in the policy.",
    "max_gap_to_recommended": "Choose the recommended model or one within the allowed gap, revisit "
                              "the answers, or record a waiver in the policy.",
    "forbid": "Choose a model the rule allows for this profile, correct the answers the rule's "
              "condition reads if they are wrong, or record a waiver in the policy.",
    "red_flags": "Address the vendor red flag (see `sourcing assess PROFILE`) or record a waiver "
                 "for `red_flags/<flag>` in the policy.",
    "certifications": "Renew the vendor certificate and update its `expires` date in the profile, "
                      "or record a waiver in the policy.",
    "max_decision_age_days": "Review the decision (`sourcing assess PROFILE`) and record the day "
                             "it was taken or confirmed in `decided: YYYY-MM-DD`, or record a "
                             "waiver in the policy.",
    "review_overdue": "Review the decision and record new `decided` and `review_by` dates in the "
                      "profile, or record a waiver in the policy.",
    "stale_baseline": "Remove the entry from the baseline file, or rewrite the baseline with "
                      "`sourcing check --write-baseline FILE`.",
    "expiring_waiver": "Fix the finding the waiver excuses, or agree a new `expires` date with "
                       "the waiver's owner.",
    "unused_waiver": "Remove the waiver from the policy, or correct its `rule` or `profile` so "
                     "that it matches the finding it was written for.",
}


def _rule_name(rule_id: str) -> str:
    words = rule_id.replace("/", "_").replace("-", "_").split("_")
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def _help(rule_id: str) -> str:
    return HELP.get(rule_id.partition("/")[0], "See the policy file for this rule.")


def _rule(rule_id: str, text: str, level: str) -> dict[str, Any]:
    fix = _help(rule_id)
    return {
        "id": rule_id, "name": _rule_name(rule_id),
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"Sourcing policy rule {rule_id}: {text}"},
        "help": {"text": fix.replace("`", ""),
                 "markdown": f"**{rule_id}**: {text}\n\n{fix}"},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["sourcing-policy"]},
    }


def rules(report: CheckReport) -> list[dict[str, Any]]:
    return [_rule(rule_id, text, report.level(rule_id))
            for rule_id, text in rule_descriptions(report).items()]


def _location(finding: Finding) -> dict[str, Any]:
    line, column = max(1, finding.line), max(1, finding.column)
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(finding.profile), "uriBaseId": ROOT},
        # The finding is located at the start of a value; the region is its first character.
        "region": {"startLine": line, "startColumn": column, "endLine": line,
                   "endColumn": column + 1},
    }}


def result(finding: Finding, index: dict[str, int], *, baseline: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT: finding.fingerprint()},
    }
    if finding.rule in index:
        out["ruleIndex"] = index[finding.rule]
    if baseline:
        out["baselineState"] = "unchanged" if finding.baselined else "new"
    return out


def waived(finding: Finding) -> dict[str, Any]:
    """A waived finding, for the run's properties (GitHub would open an alert for a result)."""
    out: dict[str, Any] = {"ruleId": finding.rule, "level": finding.severity,
                           "message": finding.message, "uri": finding.profile,
                           "startLine": max(1, finding.line), "startColumn": max(1, finding.column)}
    if finding.waiver is not None:
        w = finding.waiver
        out["waiver"] = {"reason": w.reason, "owner": w.owner, "expires": w.expires.isoformat()}
    return out


def to_dict(report: CheckReport) -> dict[str, Any]:
    described = rules(report)
    index = {r["id"]: i for i, r in enumerate(described)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sourcing", "version": __version__, "informationUri": INFO_URI,
                "rules": described,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, index, baseline=report.baseline is not None)
                        for f in report.findings if not f.waived],
            "properties": {"status": report.status, "asOf": report.as_of.isoformat(),
                           "policy": report.policy, "profilesChecked": len(report.profiles),
                           "waived": [waived(f) for f in report.findings if f.waived]},
        }],
    }


def render(report: CheckReport) -> str:
    return json_text(to_dict(report))
