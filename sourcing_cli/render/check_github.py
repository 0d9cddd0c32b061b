"""``check --format github``: one GitHub Actions workflow command per finding.

``::error file=…,line=…,col=…,title=…::message`` makes the finding an annotation on the pull
request's diff. Messages escape ``%``, CR and LF; properties also escape ``:`` and ``,``. Waived
findings become notices, so they stay visible without failing anything.
"""

from __future__ import annotations

import re

from sourcing_cli.check import CheckReport, Finding
from sourcing_cli.render.check_text import summary

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_data(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    kind = "notice" if finding.waived else finding.severity
    message = finding.message
    if finding.waived and finding.waiver is not None:
        message = (f"waived until {finding.waiver.expires.isoformat()} "
                   f"({finding.waiver.reason}): {message}")
    props = {"file": finding.profile, "line": str(finding.line), "col": str(finding.column),
             "title": f"sourcing {finding.rule}"}
    shown = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{kind} {shown}::{escape_data(message)}"


def render(report: CheckReport) -> str:
    lines = [command(f) for f in report.findings]
    lines.append(escape_data(summary(report)))
    return "\n".join(lines) + "\n"
