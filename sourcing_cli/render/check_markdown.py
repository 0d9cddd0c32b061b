"""The Markdown summary of a check, appended to ``$GITHUB_STEP_SUMMARY`` in GitHub Actions."""

from __future__ import annotations

from sourcing_cli.check import CheckReport
from sourcing_cli.render.check_text import printable, summary

MAX_ROWS = 200  # a step summary is limited to 1 MiB; the full list is in the other formats


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("\n", " ")


def render(report: CheckReport) -> str:
    mark = "✅" if report.status == "pass" else "❌"
    out = [f"## {mark} sourcing check: {report.status}", "", _cell(summary(report)), ""]
    if report.findings:
        out += ["| Profile | Line | Severity | Rule | Message |", "|---|---:|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            severity = f"{f.severity} (waived)" if f.waived else f.severity
            out.append(f"| `{_cell(f.profile)}` | {f.line}:{f.column} | {severity} | `{f.rule}` | "
                       f"{_cell(f.message)} |")
        if len(report.findings) > MAX_ROWS:
            out.append("")
            out.append(f"… and {len(report.findings) - MAX_ROWS} more; see the job log.")
        out.append("")
    return "\n".join(out)
