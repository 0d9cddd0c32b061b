"""The Markdown summary of a check, appended to ``$GITHUB_STEP_SUMMARY`` in GitHub Actions.

Paths, rule ids and messages come from input files: they are escaped for Markdown, so none can
add a heading, break the table or carry HTML into the summary GitHub renders."""

from __future__ import annotations

from sourcing_cli.check import CheckReport
from sourcing_cli.render.check_text import summary
from sourcing_cli.render.escape import markdown, markdown_code

MAX_ROWS = 200  # a step summary is limited to 1 MiB; the full list is in the other formats


def render(report: CheckReport) -> str:
    mark = "✅" if report.status == "pass" else "❌"
    out = [f"## {mark} sourcing check: {report.status}", "", markdown(summary(report)), ""]
    if report.findings:
        out += ["| Profile | Line | Severity | Rule | Message |", "|---|---:|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            state = " (waived)" if f.waived else " (baselined)" if f.baselined else ""
            severity = f"{f.severity}{state}"
            out.append(f"| `{markdown_code(f.profile)}` | {f.line}:{f.column} | {severity} | "
                       f"`{markdown_code(f.rule)}` | {markdown(f.message)} |")
        if len(report.findings) > MAX_ROWS:
            out.append("")
            out.append(f"… and {len(report.findings) - MAX_ROWS} more; see the job log.")
        out.append("")
    return "\n".join(out)
