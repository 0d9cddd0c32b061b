"""The terminal view of a report: the comparison table and the recommendation panel.

:func:`renderables` turns a :class:`~sourcing_cli.report.Report` into Rich renderables and does no
printing itself; the CLI prints them to a console that knows whether colour is wanted.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcing_cli.methods import views as methods_views
from sourcing_cli.render import portfolio_table
from sourcing_cli.render.text import bar, fmt, reason_figures, tipping_sentence
from sourcing_cli.report import Report

RATING_STYLE = {1: "bold red", 2: "red", 3: "yellow", 4: "green", 5: "bold green"}


def renderables(report: Report) -> list[RenderableType]:
    return [comparison_table(report), *methods_views.side_by_side(report),
            recommendation_panel(report),
            *portfolio_table.renderables(report)]  # workstreams and vendors, when present


def comparison_table(report: Report) -> Table:
    catalog, result = report.catalog, report.result
    table = Table(
        title=Text(f"Sourcing assessment — {report.profile.name}", style="bold"),
        caption=f"ratings 1–5 (5 best) · ×weight · as of {report.as_of.isoformat()}",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Model", no_wrap=True)
    for criterion in catalog.criteria:
        weight = fmt(result.weights[criterion.id], 1)
        table.add_column(f"{criterion.short}\n×{weight}", justify="center", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=12)
    for ranked in result.ranking:
        winner = result.recommendation is not None and ranked.model == result.recommendation.model
        cells = [Text(str(ranked.ratings[c.id]),
                      style=RATING_STYLE[ranked.ratings[c.id]]) for c in catalog.criteria]
        table.add_row(
            str(ranked.rank),
            Text(catalog.model(ranked.model).name, style="bold" if winner else ""),
            *cells,
            fmt(ranked.score, 1),
            Text(bar(ranked.score, 12), style="cyan" if winner else "blue"),
        )
    for excluded in result.excluded:
        ratings = result.ratings[excluded.model]
        table.add_row(
            "–", catalog.model(excluded.model).name,
            *[str(ratings[c.id]) for c in catalog.criteria],
            "—", "knocked out", style="dim",
        )
    return table


def recommendation_panel(report: Report) -> Panel:
    result, rec = report.result, report.result.recommendation
    lines: list[RenderableType] = []
    if rec is None:
        lines.append(Text("Every model was knocked out; there is nothing to recommend.",
                          style="bold red"))
    else:
        head = Text()
        head.append(report.model_name(rec.model), style="bold green")
        head.append(f"  {fmt(rec.score, 1)} points")
        if rec.runner_up is not None and rec.margin is not None:
            if rec.tie:
                head.append(f", tied with {report.model_name(rec.runner_up)} "
                            "(the tie goes to the model listed first in the catalog)",
                            style="yellow")
            else:
                head.append(f", {fmt(rec.margin, 1)} ahead of {report.model_name(rec.runner_up)}")
        lines.append(head)
        if result.reasons:
            lines.append(Text("\nWhy:", style="bold"))
            for reason in result.reasons:
                criterion = report.catalog.criterion(reason.criterion)
                line = Text("  • ")
                line.append(criterion.name, style="bold")
                line.append(f" ×{fmt(reason.weight, 1)}: {reason_figures(reason)} — ")
                line.append(report.reason_text(reason.criterion, rec.model))
                lines.append(line)
    if result.excluded:
        lines.append(Text("\nKnocked out:", style="bold"))
        for excluded in result.excluded:
            lines.append(Text(f"  • {report.model_name(excluded.model)}: "
                              + " ".join(excluded.reasons)))
    flips = [t for t in result.tipping_points if t.flips_at is not None]
    if rec is not None and result.tipping_points:  # none under TOPSIS: see methods_views
        lines.append(Text("\nTipping points:", style="bold"))
        if not flips:
            lines.append(Text("  none: no single weight in 0–5 changes the winner"))
        for tip in flips:
            lines.append(Text(f"  • {tipping_sentence(report, tip)}"))
    lines.extend(methods_views.panel_lines(report))
    if report.profile.defaulted:
        lines.append(Text("\nDefaulted answers:", style="bold"))
        shown = ", ".join(f"{q}={fmt(report.profile.answers[q])}" for q in report.profile.defaulted)
        lines.append(Text(f"  {shown}", style="dim"))
    return Panel(Group(*lines), title="Recommendation", title_align="left", border_style="green",
                 expand=False)
