"""``check --format github``: one GitHub Actions workflow command per finding.

``::error file=…,line=…,col=…,title=…::message`` makes the finding an annotation on the pull
request's diff. Messages escape ``%``, CR and LF, and show other control characters escaped
(``\\x1b``) as the terminal does; properties also escape ``:`` and ``,``. Waived
and baselined findings become notices, so they stay visible without failing anything.
"""

from __future__ import annotations

import re

from sourcing_cli.check import CheckReport
from sourcing_cli.findings import Finding
from sourcing_cli.render.check_text import summary
from sourcing_cli.render.escape import terminal


def escape_data(text: str) -> str:
    """A message for a workflow command: escape sequences shown escaped (the log is a terminal),
    line breaks kept as the ``%0A`` the runner turns back into lines."""
    parts = re.split("([\r\n])", text)
    text = "".join(part if part in ("\r", "\n") else terminal(part) for part in parts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    kind = "notice" if finding.excused else finding.severity
    message = finding.message
    if finding.baselined:
        message = f"baselined (known before the baseline): {message}"
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
