"""``check --format text``: findings grouped by profile, then one summary line.

:func:`renderables` builds Rich objects (the CLI prints them to a console that knows about colour
and width); :func:`render` is the same view as plain text at a fixed width, for the format registry
and for tests. Each profile's findings are a grid (position, severity, rule, message) where it fits,
else each finding's message goes under its position, severity and rule: nothing is cut. Text from
input files (paths, messages, waivers, policy rule ids) is escaped for the terminal.
"""

from __future__ import annotations

import io
from functools import partial

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sourcing_cli.check import CheckReport
from sourcing_cli.findings import Finding
from sourcing_cli.render.escape import terminal
from sourcing_cli.render.layout import FirstThatFits

WIDTH = 120
MESSAGE_WIDTH = 30  # the grid is used when its message column gets at least this much


STYLE = {"error": "bold red", "warning": "yellow", "waived": "dim", "baselined": "dim"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: CheckReport) -> str:
    """One line: the verdict, the counts, what was checked against what, and as of when."""
    parts = [_plural(len(report.profiles), "profile"), _plural(report.count("error"), "error"),
             _plural(report.count("warning"), "warning")]
    if report.waived:
        parts.append(f"{report.waived} waived")
    if report.baselined:
        parts.append(f"{report.baselined} baselined")
    verdict = "passed" if report.status == "pass" else "FAILED"
    strict = ", failing on warnings" if report.fail_on == "warning" else ""
    return (f"{verdict}: {', '.join(parts)} (policy {report.policy}, as of "
            f"{report.as_of.isoformat()}{strict})")


def _label(finding: Finding) -> Text:
    if finding.waived:
        return Text("waived", style=STYLE["waived"])
    if finding.baselined:
        return Text("baselined", style=STYLE["baselined"])
    return Text(finding.severity, style=STYLE[finding.severity])


def _message(finding: Finding) -> Text:
    text = Text(terminal(finding.message, keep_lines=True), style="dim" if finding.excused else "")
    waiver = finding.waiver
    if finding.waived and waiver is not None:
        text.append(f" — waived until {waiver.expires.isoformat()} by {terminal(waiver.owner)}: "
                    f"{terminal(waiver.reason, keep_lines=True)}", style="dim")
    return text


def _grid(findings: list[Finding]) -> Table:
    table = Table.grid(padding=(0, 2), pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="cyan")
    table.add_column(overflow="fold", min_width=MESSAGE_WIDTH)
    for f in findings:
        table.add_row(f"{f.line}:{f.column}", _label(f), Text(terminal(f.rule)), _message(f))
    return table


def _stacked(findings: list[Finding]) -> Group:
    """For narrow output: position, severity and rule on one line, the message indented below."""
    parts: list[RenderableType] = []
    for f in findings:
        head = Text(f"{f.line}:{f.column}  ", overflow="fold")
        head.append_text(_label(f))
        head.append("  ")
        head.append(terminal(f.rule), style="cyan")
        parts += [head, Padding(_message(f), (0, 0, 0, 2))]
    return Group(*parts)


def renderables(report: CheckReport) -> list[RenderableType]:
    out: list[RenderableType] = []
    for profile, findings in report.by_profile().items():
        out.append(Text(terminal(profile), style="bold underline", overflow="fold"))
        # the stacked layout is built only where the grid does not fit
        out.append(Padding(FirstThatFits([_grid(findings), partial(_stacked, findings)]),
                           (0, 0, 0, 2)))
        out.append(Text(""))
    style = "bold green" if report.status == "pass" else "bold red"
    out.append(Text(("✓ " if report.status == "pass" else "✗ ") + terminal(summary(report)),
                    style=style))
    return out


def render(report: CheckReport) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, emoji=False, legacy_windows=False,
                      markup=False)
    for part in renderables(report):
        console.print(part)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
