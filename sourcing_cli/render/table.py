"""The terminal view of a report: the comparison table and the recommendation panel.

:func:`renderables` turns a :class:`~sourcing_cli.report.Report` into Rich renderables and does no
printing itself; the CLI prints them to a console that knows whether colour is wanted and how wide
the output is. The comparison never cuts a rating, a score or a column: it is laid out as models ×
criteria where that fits, else as criteria × models with short model labels (split over several
stacked tables when even that is too wide), each with a legend for its short labels. Every string
from an input file goes through :func:`~sourcing_cli.render.escape.terminal`.
"""

from __future__ import annotations

from functools import partial

from rich import box
from rich.console import Group, OverflowMethod, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcing_cli.render.escape import terminal
from sourcing_cli.render.layout import Bullets, FirstThatFits, Layout, Legend
from sourcing_cli.render.text import (
    answer_tip_sentence,
    bar,
    decision_sentence,
    fmt,
    lead,
    nearest_answer_tips,
    overrides_sentence,
    portfolio_picks,
    portfolio_title,
    reason_figures,
    reason_text,
    shared_answers_line,
    tipping_sentence,
    uncertainty_sentence,
)
from sourcing_cli.report import Report

RATING_STYLE = {1: "bold red", 2: "red", 3: "yellow", 4: "green", 5: "bold green"}
BAR_WIDTH = 12


def renderables(report: Report) -> list[RenderableType]:
    # The views of the decision methods, the stakeholders, the workstreams and the vendors are
    # imported only for a report that has something for them to show.
    out: list[RenderableType] = [comparison(report)]
    if report.methods is not None and report.methods.beyond_weighted_sum:
        from sourcing_cli.render import methods_views

        out += methods_views.side_by_side(report)
    out.append(recommendation_panel(report))
    if report.group is not None:
        from sourcing_cli.render import stakeholders

        out += stakeholders.renderables(report)
    if report.workstreams or report.vendors.vendors:
        from sourcing_cli.render import portfolio_table

        out += portfolio_table.renderables(report)
    return out


def comparison(report: Report) -> FirstThatFits:
    """The comparison in the widest layout that fits: models as rows; else criteria as rows, in
    one table or stacked tables of fewer models, full criterion names before short ones."""
    count = len(report.catalog.models)
    layouts: list[Layout] = [partial(comparison_table, report)]
    for tables in range(1, count + 1):
        layouts += [partial(compact, report, tables, short=False),
                    partial(compact, report, tables, short=True)]
    layouts.append(partial(compact, report, count, short=True, wrap=True))
    return FirstThatFits(layouts)


def _title(report: Report) -> Text:
    shared = " — shared answers" if report.workstreams else ""
    return Text(f"Sourcing assessment — {terminal(report.profile.name)}{shared}", style="bold")


def _winner(report: Report, model: str) -> bool:
    rec = report.result.recommendation
    return rec is not None and rec.model == model


def criteria_legend(report: Report) -> list[str]:
    """``Ctrl = Control``, ``Sync = Collaboration`` … for every short label that is not the name."""
    return [f"{terminal(c.short)} = {terminal(c.name)}" for c in report.catalog.criteria
            if c.short != c.name]


def models_legend(report: Report) -> list[str]:
    """``Onshore = Onshore outsourcing`` … and which short labels are knocked out."""
    catalog, excluded = report.catalog, report.result.excluded
    out = [f"{terminal(m.short)} = {terminal(m.name)}" for m in catalog.models if m.short != m.name]
    if excluded:
        out.append("out = knocked out: "
                   + ", ".join(terminal(catalog.model(e.model).short) for e in excluded))
    return out


def comparison_table(report: Report) -> Group:
    """Models as rows, criteria as columns, a score bar per model: the wide layout."""
    catalog, result = report.catalog, report.result
    caption = f"ratings 1–5 (5 best) · ×weight · as of {report.as_of.isoformat()}"
    table = Table(title=_title(report), caption=caption, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Model", no_wrap=True)
    for criterion in catalog.criteria:
        weight = fmt(result.weights[criterion.id], 1)
        table.add_column(f"{terminal(criterion.short)}\n×{weight}", justify="center", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    for ranked in result.ranking:
        winner = _winner(report, ranked.model)
        cells = [Text(str(ranked.ratings[c.id]),
                      style=RATING_STYLE[ranked.ratings[c.id]]) for c in catalog.criteria]
        table.add_row(
            str(ranked.rank),
            Text(terminal(report.model_name(ranked.model)), style="bold" if winner else ""),
            *cells,
            fmt(ranked.score, 1),
            Text(bar(ranked.score, BAR_WIDTH), style="cyan" if winner else "blue"),
        )
    for excluded in result.excluded:
        ratings = result.ratings[excluded.model]
        table.add_row(
            "–", terminal(report.model_name(excluded.model)),
            *[str(ratings[c.id]) for c in catalog.criteria],
            "—", "knocked out", style="dim",
        )
    return Group(table, Legend(criteria_legend(report)))


def compact(report: Report, tables: int, *, short: bool, wrap: bool = False) -> Group:
    """Criteria as rows and models as columns (short labels, explained below), the models split
    over ``tables`` stacked tables; ``short`` uses the criteria's short labels too. ``wrap`` lets
    every cell wrap: the fallback for widths below every other layout."""
    catalog, result = report.catalog, report.result
    order = [r.model for r in result.ranking] + [e.model for e in result.excluded]
    size = -(-len(order) // tables)
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    scores = {r.model: r for r in result.ranking}
    parts: list[RenderableType] = []
    for i, chunk in enumerate(chunks):
        table = Table(title=_title(report) if i == 0 else None, box=box.SIMPLE_HEAD,
                      pad_edge=False)
        overflow: OverflowMethod = "fold" if wrap else "ellipsis"
        table.add_column("" if short else "Criterion", no_wrap=not wrap, overflow=overflow)
        table.add_column("" if short else "Weight", justify="right", no_wrap=not wrap,
                         overflow=overflow)
        for model in chunk:
            style = "bold" if _winner(report, model) else ("dim" if model not in scores else "")
            table.add_column(Text(terminal(catalog.model(model).short), style=style),
                             justify="center", no_wrap=not wrap, overflow=overflow)
        for criterion in catalog.criteria:
            label = criterion.short if short else criterion.name
            cells = [Text(str(result.ratings[m][criterion.id]),
                          style=RATING_STYLE[result.ratings[m][criterion.id]] if m in scores
                          else "dim") for m in chunk]
            table.add_row(terminal(label), f"×{fmt(result.weights[criterion.id], 1)}", *cells)
        table.add_section()
        table.add_row(Text("Score", style="bold"), "",
                      *[Text(fmt(scores[m].score, 1), style="bold" if _winner(report, m) else "")
                        if m in scores else Text("—", style="dim") for m in chunk])
        table.add_row("Rank", "", *[str(scores[m].rank) if m in scores
                                    else Text("out", style="dim") for m in chunk])
        parts.append(table)
    notes = ["ratings 1–5 (5 best)", f"as of {report.as_of.isoformat()}", *models_legend(report)]
    if short:
        notes += [*criteria_legend(report), "×n = the criterion's weight"]
    parts.append(Legend(notes))
    return Group(*parts)


def recommendation_panel(report: Report) -> Panel:
    result, rec = report.result, report.result.recommendation
    lines: list[RenderableType] = []
    if report.workstreams:
        lines += portfolio_lines(report)
    elif rec is None:
        lines.append(Text("Every model was knocked out; there is nothing to recommend.",
                          style="bold red"))
    else:
        head = Text()
        head.append(terminal(report.model_name(rec.model)), style="bold green")
        head.append(f"  {terminal(lead(report))}", style="yellow" if rec.tie else "")
        lines.append(head)
    if report.group is not None:
        from sourcing_cli.render import stakeholders

        lines.append(Text(terminal(stakeholders.headline(report.group)), style="cyan"))
    decision = decision_sentence(report)
    if decision is not None:
        chosen = report.decision
        good = chosen is not None and rec is not None and chosen.model == rec.model
        lines.append(Text(terminal(decision), style="green" if good else "bold yellow"))
    what_if = overrides_sentence(report)
    if what_if is not None:
        lines.append(Text(terminal(what_if), style="cyan"))
    if rec is not None and result.reasons:
        lines.append(Text("\nWhy:", style="bold"))
        items = []
        for reason in result.reasons:
            criterion = report.catalog.criterion(reason.criterion)
            line = Text()
            line.append(terminal(criterion.name), style="bold")
            line.append(f" ×{fmt(reason.weight, 1)}: {reason_figures(reason)} — ")
            line.append(terminal(reason_text(report, reason.criterion, rec.model)))
            items.append(line)
        lines.append(Bullets(items))
    if result.excluded:
        lines.append(Text("\nKnocked out:", style="bold"))
        lines.append(Bullets([Text(terminal(f"{report.model_name(e.model)}: "
                                            + " ".join(e.reasons))) for e in result.excluded]))
    flips = [t for t in result.tipping_points if t.flips_at is not None]
    if rec is not None and result.tipping_points:  # none under TOPSIS: see methods_views
        lines.append(Text("\nTipping points:", style="bold"))
        if not flips:
            lines.append(Text("  none: no single weight in 0–5 changes the winner"))
        lines.append(Bullets([Text(terminal(tipping_sentence(report, t))) for t in flips]))
    cliffs = nearest_answer_tips(report) if rec is not None and not report.workstreams else []
    if cliffs:
        lines.append(Text("\nWhat would change it:", style="bold"))
        lines.append(Bullets([Text(terminal(answer_tip_sentence(report, t))) for t in cliffs]))
    sure = uncertainty_sentence(report) if rec is not None and not report.workstreams else None
    if sure is not None:
        lines.append(Text("\nHow sure:", style="bold"))
        lines.append(Padding(Text(terminal(sure)), (0, 0, 0, 2)))
    if report.methods is not None and report.methods.beyond_weighted_sum:
        from sourcing_cli.render import methods_views

        lines.extend(methods_views.panel_lines(report))
    if report.profile.defaulted:
        lines.append(Text("\nDefaulted answers:", style="bold"))
        shown = ", ".join(f"{q}={fmt(report.profile.answers[q])}" for q in report.profile.defaulted)
        lines.append(Padding(Text(terminal(shown), style="dim"), (0, 0, 0, 2)))
    # A Text title, not a str: a str is read as markup, which loads Rich's table of emoji (~4 ms)
    return Panel(Group(*lines), title=Text("Recommendation"), title_align="left", border_style="green",
                 expand=False)


def portfolio_lines(report: Report) -> list[RenderableType]:
    """The headline with workstreams: each workstream's model, then the shared answers' winner."""
    portfolio = report.portfolio
    hybrid = portfolio is not None and portfolio.hybrid
    items = []
    for name, model, score in portfolio_picks(report):
        item = Text(f"{terminal(name)} → ")
        if model is None:
            item.append(score, style="bold red")
        else:
            item.append(terminal(model), style="bold green")
            item.append(f", {score}")
        items.append(item)
    return [Text(terminal(portfolio_title(report)), style="bold" if hybrid else "bold green"),
            Bullets(items), Text(terminal(shared_answers_line(report)), style="dim")]
