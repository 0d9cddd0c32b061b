"""``check --format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule the policy enforces (and every red flag found);
one result per finding with the rule's id and index, its level, the message and a physical
location relative to the repository root (``%SRCROOT%``), lines and columns 1-based. A waived
finding carries an accepted external suppression with the waiver's reason.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sourcing_cli import __version__
from sourcing_cli.check import CheckReport, Finding
from sourcing_cli.render.escape import json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/sourcing/"
ROOT = "%SRCROOT%"


def _rule_name(rule_id: str) -> str:
    words = rule_id.replace("/", "_").replace("-", "_").split("_")
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def _level(rule_id: str) -> str:
    """A rule's usual level (a red flag's depends on its severity and the policy's fail_on)."""
    if rule_id == "unused_waiver" or rule_id.startswith("red_flags/"):
        return "warning"
    return "error"


def rules(report: CheckReport) -> list[dict[str, Any]]:
    return [
        {"id": rule_id, "name": _rule_name(rule_id),
         "shortDescription": {"text": text},
         "defaultConfiguration": {"level": _level(rule_id)},
         "properties": {"tags": ["sourcing-policy"]}}
        for rule_id, text in report.rules.items()
    ]


def result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(finding.profile), "uriBaseId": ROOT},
            "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)},
        }}],
    }
    if finding.rule in index:
        out["ruleIndex"] = index[finding.rule]
    if finding.waived and finding.waiver is not None:
        waiver = finding.waiver
        out["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{waiver.reason} (owner {waiver.owner}, until "
                             f"{waiver.expires.isoformat()})",
        }]
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
            "automationDetails": {"id": f"sourcing-check/{report.policy_name}/"},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, index) for f in report.findings],
            "properties": {"status": report.status, "asOf": report.as_of.isoformat(),
                           "policy": report.policy, "profilesChecked": len(report.profiles)},
        }],
    }


def render(report: CheckReport) -> str:
    return json_text(to_dict(report))
