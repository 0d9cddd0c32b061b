"""``check --format json``: stable keys for scripts and dashboards (docs/ci.md, ``sourcing check``)."""

from __future__ import annotations

from typing import Any

from sourcing_cli.check import CheckReport
from sourcing_cli.findings import Finding
from sourcing_cli.render.escape import json_text


def waiver_dict(finding: Finding, report: CheckReport) -> dict[str, Any] | None:
    waiver = finding.waiver
    if waiver is None:
        return None
    return {"rule": waiver.rule, "profile": waiver.profile, "reason": waiver.reason,
            "owner": waiver.owner, "expires": waiver.expires.isoformat(),
            "expired": waiver.expires < report.as_of}


def to_dict(report: CheckReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "as_of": report.as_of.isoformat(),
        "policy": report.policy,
        "profiles_checked": len(report.profiles),
        "findings": [
            {"rule": f.rule, "severity": f.severity, "profile": f.profile, "line": f.line,
             "column": f.column, "message": f.message, "waived": f.waived,
             "waiver": waiver_dict(f, report), "baselined": f.baselined}
            for f in report.findings
        ],
    }


def render(report: CheckReport) -> str:
    return json_text(to_dict(report))
