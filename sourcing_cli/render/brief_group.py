"""The decision brief's section for a group decision: each stakeholder's position.

For a profile with ``stakeholders`` (:attr:`~sourcing_cli.report.Report.group`), one section: how
the group's weights were formed and how far the stakeholders agree, in the sentences the terminal
and the Markdown use (:mod:`sourcing_cli.render.stakeholders`, the one home of that wording); a
strip chart of every stakeholder's weights beside the group's, one row per criterion, widest
disagreement first (each stakeholder a marker of its own shape in a lane of its own, the group a
bar across the row: readable in greyscale); the same figures as a table; each stakeholder's voice,
consistency ratio, own winner and the score the group's winner gets with their weights; the
vetoed criteria and who vetoed them; and what it would take for the group to choose another
stakeholder's winner. Nothing for a profile without stakeholders. Every name is escaped with
:func:`~sourcing_cli.render.escape.html`.
"""

from __future__ import annotations

import math

from sourcing_cli.group import GroupView
from sourcing_cli.render.escape import html
from sourcing_cli.render.stakeholders import (
    consensus_sentence,
    disagreement_sentence,
    headline,
    method_sentence,
    move_sentence,
    share,
    veto_sentence,
    weights_from,
    winner_name,
)
from sourcing_cli.render.svg_charts import MAX_LANES, DotRow, strip_chart
from sourcing_cli.render.text import fmt
from sourcing_cli.report import Report


def weighed(view: GroupView) -> list[str]:
    """The criteria the group or any stakeholder weighs above 0, widest disagreement first."""
    return [s.criterion for s in view.disagreement
            if view.shares[s.criterion] > 0 or s.max > 0]


def axis_top(view: GroupView, criteria: list[str]) -> float:
    """The share the chart's axis runs to: the largest one shown, up to the next tick (a tenth up
    to 50%, a fifth above)."""
    largest = max([view.shares[c] for c in criteria]
                  + [p.shares[c] for p in view.positions for c in criteria], default=0.0)
    if largest <= 0.5:
        return max(0.1, math.ceil(round(largest * 10, 9)) / 10)
    return min(1.0, math.ceil(round(largest * 5, 9)) / 5)


def weights_chart(report: Report, view: GroupView, criteria: list[str]) -> str:
    top = axis_top(view, criteria)
    step = 0.1 if top <= 0.5 else 0.2
    ticks = [(k * step / top, f"{round(100 * k * step):d}%")
             for k in range(round(top / step) + 1)]
    rows = [DotRow(report.catalog.criterion(c).name,
                   tuple(p.shares[c] / top for p in view.positions),
                   tuple(share(p.shares[c]) for p in view.positions),
                   view.shares[c] / top, share(view.shares[c]))
            for c in criteria]
    names = [p.name for p in view.positions]
    marks = ("a hollow circle each; the table below names them" if len(names) > MAX_LANES else
             "a marker of their own, one lane each, in the order of the legend")
    return strip_chart(
        "group", rows, names, reference="the group", ticks=ticks, crowd="each stakeholder",
        title="Each stakeholder's weights beside the group's",
        desc="For each criterion that someone weighs, widest disagreement first: the share of the "
             f"total weight each stakeholder gives it ({marks}) and the group's share (the bar, "
             "its value at the end of the row).")


def weights_table(report: Report, view: GroupView, criteria: list[str]) -> str:
    """The chart's figures: a row for the group and one per stakeholder, a column per criterion."""
    head = "".join(f'<th class="num" scope="col"><abbr title="{html(report.catalog.criterion(c).name)}'
                   f'">{html(report.catalog.criterion(c).short)}</abbr></th>' for c in criteria)
    rows = [('<tr class="group"><th scope="row">The group</th>'
             + "".join(f'<td class="num"><b>{share(view.shares[c])}</b></td>' for c in criteria)
             + "</tr>")]
    rows += [f'<tr><th scope="row">{html(p.name)}</th>'
             + "".join(f'<td class="num">{share(p.shares[c])}</td>' for c in criteria) + "</tr>"
             for p in view.positions]
    return ('<table class="figures"><caption>Share of the total weight, per criterion '
            "(widest disagreement first)</caption>"
            f'<thead><tr><th scope="col">Weights of</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def positions_table(report: Report, view: GroupView) -> str:
    """Each stakeholder's voice, where their weights come from, their own winner and its score,
    and the score the group's winner gets with their weights."""
    group_winner = winner_name(report, view.winner)
    rows = []
    for p in view.positions:
        own = html(winner_name(report, p.winner))
        own = f"<b>{own}</b>" if p.winner is not None and p.winner == view.winner else own
        rows.append(f'<tr><th scope="row">{html(p.name)}</th><td class="num">{fmt(p.voice)}</td>'
                    f"<td>{html(weights_from(p))}</td><td class=\"name\">{own}</td>"
                    f'<td class="num">{fmt(p.score_of_winner, 1)}</td>'
                    f'<td class="num">{fmt(p.score_of_group_winner, 1)}</td></tr>')
    return ('<table class="figures"><caption>Each stakeholder alone: their own winner, and the '
            f"group's winner ({html(group_winner)}) scored with their weights</caption><thead><tr>"
            '<th scope="col">Stakeholder</th><th class="num" scope="col">Voice</th>'
            '<th scope="col">Weights from</th><th scope="col">Own winner</th>'
            '<th class="num" scope="col">Its score</th>'
            '<th class="num" scope="col">Group\'s winner scores</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def stakeholders(report: Report) -> str | None:
    """The stakeholders' positions, for a group decision; ``None`` otherwise."""
    view = report.group
    if view is None:
        return None
    criteria = weighed(view)
    shared = " (shared answers)" if report.workstreams else ""
    out = [f'<section id="stakeholders"><h2>Stakeholders{shared}</h2>',
           f"<p>{html(method_sentence(view))}</p>",
           f"<p>{html(consensus_sentence(report, view))}</p>",
           positions_table(report, view)]
    if criteria:
        out.append(f"<figure>{weights_chart(report, view, criteria)}</figure>")
        out.append(weights_table(report, view, criteria))
    nobody = [report.catalog.criterion(c).name for c in report.catalog.criterion_ids
              if c not in criteria]
    if nobody:
        out.append(f"<p><small>Weighed 0 by everyone: {html(', '.join(nobody))}.</small></p>")
    for sentence in (disagreement_sentence(report, view), veto_sentence(report, view)):
        if sentence is not None:
            out.append(f"<p>{html(sentence)}</p>")
    moves = [s for s in (move_sentence(report, p) for p in view.positions) if s is not None]
    if moves:
        out.append("<h3>What it would take</h3><ul>"
                   + "".join(f"<li>{html(s)}</li>" for s in moves) + "</ul>")
    out.append("</section>")
    return "".join(out)


def verdict_line(report: Report) -> str | None:
    """Under the recommendation: that it is the group's (the terminal panel's line)."""
    return headline(report.group) if report.group is not None else None
