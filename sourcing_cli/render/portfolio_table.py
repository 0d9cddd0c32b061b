"""The terminal view of the portfolio and the vendor review: Rich renderables, no printing.

:func:`renderables` gives what comes after the recommendation: the portfolio table when the
profile has workstreams (workstream → recommended model, score, margin, and whether the result is
a hybrid), and the vendor panel when it has vendors (overlap hours, certificate status, red flags
most severe first, missing facts). Both are empty for a profile with neither.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcing_cli.render.escape import terminal
from sourcing_cli.render.layout import Bullets, FirstThatFits
from sourcing_cli.render.text import certificate_text, fmt, hybrid_sentence
from sourcing_cli.report import Report
from sourcing_cli.vendors import Hit, VendorResult, hours_text

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
STATUS_STYLE = {"valid": "green", "expiring": "yellow", "expired": "bold red"}


def renderables(report: Report) -> list[RenderableType]:
    out: list[RenderableType] = []
    if report.workstreams:
        out += portfolio_view(report)
    if report.vendors.vendors:
        out.append(vendor_panel(report))
    return out


def portfolio_view(report: Report) -> list[RenderableType]:
    """The workstreams' table where it fits; else one line per workstream."""
    table = Table(title="Portfolio — each workstream assessed on its own",
                  caption="the table above assesses the shared answers only",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    # Only the workstream's own name may wrap: Rich shrinks every wrapping column when space is
    # short, and a model name split mid-word would be misread.
    table.add_column("Workstream", min_width=10, overflow="fold")
    table.add_column("Recommended", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True, min_width=5)
    table.add_column("Margin", justify="right", no_wrap=True, min_width=6)
    table.add_column("Runner-up", no_wrap=True)
    lines = []
    for name, sub in report.workstreams:
        rec = sub.result.recommendation
        if rec is None:
            table.add_row(Text(terminal(name)), Text("every model knocked out", style="red"), "—", "—", "—")
            lines.append(Text(f"{terminal(name)}: every model knocked out"))
            continue
        runner = report.model_name(rec.runner_up) if rec.runner_up else "—"
        margin = fmt(rec.margin, 1) + (" (tie)" if rec.tie else "")
        model = terminal(report.model_name(rec.model))
        table.add_row(Text(terminal(name)), Text(model, style="bold green"),
                      fmt(rec.score, 1), margin, Text(terminal(runner)))
        line = Text(f"{terminal(name)}: ")
        line.append(model, style="bold green")
        line.append(f", {fmt(rec.score, 1)} points; margin {margin} over {terminal(runner)}")
        lines.append(line)
    narrow = Group(Text("Portfolio — each workstream assessed on its own", style="italic"),
                   Bullets(lines, indent=0),
                   Text("the table above assesses the shared answers only", style="dim"))
    portfolio = report.portfolio
    style = "bold" if portfolio is not None and portfolio.hybrid else ""
    return [FirstThatFits([table, narrow]), Text(terminal(hybrid_sentence(report)), style=style)]


def certificate_cell(vendor: VendorResult) -> Text:
    if vendor.security_certified is None and not vendor.certificates:
        return Text("not recorded", style="dim")
    if not vendor.certificates:
        return Text("none", style="red")
    text = Text()
    for i, cert in enumerate(vendor.certificates):
        if i:
            text.append("\n")
        text.append(terminal(certificate_text(cert)), style=STATUS_STYLE[cert.status])
    return text


def flag_counts(vendor: VendorResult) -> Text:
    if not vendor.flags:
        return Text("none", style="green")
    text = Text()
    for severity in SEVERITY_STYLE:
        count = sum(1 for hit in vendor.flags if hit.severity == severity)
        if count:
            if text.plain:
                text.append("\n")
            text.append(f"{count} {severity}", style=SEVERITY_STYLE[severity])
    return text


def vendor_panel(report: Report) -> Panel:
    review = report.vendors
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Vendor", min_width=12, overflow="fold")  # the only column that wraps
    table.add_column("Model", no_wrap=True)
    table.add_column("Overlap", justify="right", no_wrap=True, min_width=7)
    table.add_column("Certificates", no_wrap=True)
    table.add_column("Flags", no_wrap=True, min_width=8)
    narrow: list[Text] = []
    for vendor in review.vendors:
        who = Text(terminal(vendor.name))
        who.append(f"\n{terminal(vendor.country)} · {terminal(vendor.timezone)}", style="dim")
        model = Text(terminal(report.model_name(vendor.model)))
        if vendor.workstream:
            model.append(f"\nfor {terminal(vendor.workstream)}", style="dim")
        if vendor.knocked_out:
            model.append("\nknocked out", style="bold red")
        overlap = "—" if vendor.overlap_hours is None else f"{hours_text(vendor.overlap_hours)} h"
        table.add_row(who, model, overlap, certificate_cell(vendor), flag_counts(vendor))
        line = Text()
        for part in (who, model, Text(f"overlap {overlap}"), certificate_cell(vendor),
                     flag_counts(vendor)):
            line.append_text(part)
            line.append("\n")
        line.rstrip()
        narrow.append(line)
    lines: list[RenderableType] = [
        Text(f"Due diligence as of {report.as_of.isoformat()}", style="dim"),
        FirstThatFits([table, Bullets(narrow, indent=0)])]
    hits = sorted(review.flags, key=lambda h: list(SEVERITY_STYLE).index(h.severity))
    if hits:
        lines.append(Text("Red flags, most severe first:", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for hit in hits:
            grid.add_row(Text(f"  {hit.severity.upper()}", style=SEVERITY_STYLE[hit.severity]),
                         flag_text(hit))
        lines.append(grid)
    else:
        lines.append(Text("No red flags.", style="green"))
    missing = [v for v in review.vendors if v.missing]
    if missing:
        lines.append(Text("\nMissing facts (they raise no flag until recorded):", style="bold"))
        items = []
        for vendor in missing:
            item = Text(f"{terminal(vendor.name)}: ")
            item.append(terminal(", ".join(vendor.missing)), style="dim")
            items.append(item)
        lines.append(Bullets(items))
    return Panel(Group(*lines), title=Text("Vendors"), title_align="left", border_style="magenta",
                 expand=False)


def flag_text(hit: Hit) -> Text:
    line = Text(f"{terminal(hit.vendor)} — ")
    line.append(terminal(hit.name), style="bold")
    line.append(f": {terminal(hit.message)}")
    if hit.because:
        line.append(f" [{terminal(hit.because)}]", style="dim")
    return line
