"""The charted sections of the decision brief: scores, tipping points and how sure the advice is.

Each section is a pure function of a :class:`~sourcing_cli.report.Report` returning HTML (or
``None`` when the report has nothing for it): the contribution of every criterion to every running
model's score as stacked bars, the knocked-out models with their reasons, the weights' and the
answers' tipping points as range charts, and the rank acceptability as bars of shares. Each chart
comes with its figures in words or a table, so that the page reads without the picture. The charts
themselves are drawn by :mod:`sourcing_cli.render.svg_charts`.
"""

from __future__ import annotations

from typing import Any

from sourcing_cli.render.brief_cite import cite_html, knockout_cites
from sourcing_cli.render.escape import html
from sourcing_cli.render.svg_charts import (
    BarRow,
    RangeRow,
    Series,
    grey_fills,
    palette_fill,
    range_chart,
    stacked_bars,
)
from sourcing_cli.render.text import (
    answer_tip_sentence,
    fmt,
    ordinal,
    tipping_sentence,
    uncertainty_sentence,
)
from sourcing_cli.report import Report
from sourcing_cli.words import percent

SCORE_TICKS = (0.0, 25.0, 50.0, 75.0, 100.0)
MAX_WEIGHT = 5.0


def _sums_to_score(report: Report) -> bool:
    """Whether each score is the sum of its contributions (the weighted sum; not TOPSIS)."""
    return all(abs(sum(r.contributions.values()) - r.score) < 1e-6 for r in report.result.ranking)


def contribution_chart(report: Report, prefix: str) -> str:
    """Stacked bars of each running model's points per criterion, the recommendation in bold."""
    result, criteria = report.result, report.catalog.criteria
    rec = result.recommendation
    split = _sums_to_score(report)
    rows = [BarRow(report.model_name(r.model),
                   tuple(r.contributions.get(c.id, 0.0) for c in criteria) if split else (r.score,),
                   fmt(r.score, 1), strong=rec is not None and r.model == rec.model)
            for r in result.ranking]
    if not rows:
        return ""
    if split:
        series = [Series(c.name) for c in criteria]
        texts = [[fmt(r.contributions.get(c.id, 0.0), 1) for c in criteria] for r in result.ranking]
        desc = ("Each running model's score out of 100 as a bar, split into the points each "
                "criterion adds (weight × rating); the recommendation in bold.")
        return stacked_bars(prefix, rows, series, scale=100, ticks=SCORE_TICKS, value_text=texts,
                            title="Score per model, by criterion", desc=desc)
    texts = [[fmt(r.score, 1)] for r in result.ranking]
    return stacked_bars(prefix, rows, [Series("score")], scale=100, ticks=SCORE_TICKS,
                        value_text=texts, fills=grey_fills(1), legend=False,
                        title="Score per model",
                        desc="Each running model's score out of 100 (TOPSIS: closeness to the "
                             "ideal; it adds no points per criterion).")


def contribution_table(report: Report) -> str:
    """The chart's figures: each model's rating and points per criterion."""
    criteria = report.catalog.criteria
    head = "".join(f'<th class="num"><abbr title="{html(c.name)} (weight '
                   f'{fmt(report.result.weights[c.id])})">{html(c.short)}</abbr></th>'
                   for c in criteria)
    body = []
    for r in report.result.ranking:
        cells = "".join(f'<td class="num">{r.ratings[c.id]}<small> · '
                        f'{fmt(r.contributions.get(c.id, 0.0), 1)}</small></td>' for c in criteria)
        body.append(f'<tr><th scope="row">{html(report.model_name(r.model))}</th>{cells}'
                    f'<td class="num"><b>{fmt(r.score, 1)}</b></td></tr>')
    weights = "".join(f'<td class="num">×{fmt(report.result.weights[c.id])}</td>' for c in criteria)
    return ('<table class="figures"><caption>Rating (1–5) · points per criterion</caption>'
            f'<thead><tr><th scope="col">Model</th>{head}<th class="num" scope="col">Score</th>'
            f'</tr></thead><tbody>{"".join(body)}<tr class="weights"><th scope="row">Weight</th>'
            f"{weights}<td></td></tr></tbody></table>")


def knocked_out_list(report: Report) -> str:
    excluded = report.result.excluded
    if not excluded:
        return ""
    items = []
    for e in excluded:
        cites = "".join(f"<br>{cite_html(report, c)}" for c in knockout_cites(report, e.sources))
        items.append(f"<li><b>{html(report.model_name(e.model))}</b> — knocked out: "
                     f"{html(' '.join(e.reasons))} <small>({html(', '.join(e.sources))})</small>"
                     f"{cites}</li>")
    return f'<ul class="knocked-out">{"".join(items)}</ul>'


def scores(report: Report) -> str | None:
    shared = " (shared answers)" if report.workstreams else ""
    chart = contribution_chart(report, "scores")
    body = f"<figure>{chart}</figure>{contribution_table(report)}" if chart else (
        "<p>Every model was knocked out: none has a score.</p>")
    knocked = knocked_out_list(report)
    if knocked:
        body += f"<h3>Knocked out</h3>{knocked}"
    return f'<section id="scores"><h2>Scores{shared}</h2>{body}</section>'


def tipping(report: Report) -> str | None:
    """The weights' tipping points as a range chart over the priority scale 0–5."""
    result = report.result
    if result.recommendation is None or not result.tipping_points:
        return None
    tips = list(result.tipping_points)
    order = sorted(range(len(tips)), key=lambda i: (tips[i].flips_at is None,
                                                    abs((tips[i].flips_at or 0) - tips[i].current), i))
    rows = []
    for i in order:
        t = tips[i]
        name = report.catalog.criterion(t.criterion).name
        if t.flips_at is None or t.to_model is None:
            rows.append(RangeRow(name, t.current / MAX_WEIGHT, fmt(t.current), None, "",
                                 "holds over 0–5"))
            continue
        outcome = report.model_name(t.to_model) + (" (tie)" if t.kind == "tie" else "")
        rows.append(RangeRow(name, t.current / MAX_WEIGHT, fmt(t.current), t.flips_at / MAX_WEIGHT,
                             fmt(t.flips_at), "→ " + outcome))
    ticks = [(k / MAX_WEIGHT, str(k)) for k in range(6)]
    chart = range_chart("tips", rows, ticks=ticks, title="Weight tipping points",
                        desc="For each criterion: its weight now (dot) and the weight at which "
                             "another model would be recommended (diamond), nearest first.")
    flips = [t for t in tips if t.flips_at is not None]
    items = "".join(f"<li>{html(tipping_sentence(report, t))}</li>" for t in flips)
    words = f"<ul>{items}</ul>" if items else (
        "<p>None: no single criterion's weight in 0–5 changes the winner.</p>")
    shared = " (shared answers)" if report.workstreams else ""
    return (f'<section id="tipping"><h2>Tipping points: weights{shared}</h2>'
            f"<figure>{chart}</figure>{words}</section>")


def _value_text(report: Report, answer: str, value: Any) -> str:
    question = next((q for q in report.catalog.questions if q.id == answer), None)
    text = question.labels.get(value) if question is not None and isinstance(value, str) else None
    return text or fmt(value, 6)


def answer_row(report: Report, answer: str, current: Any, flips: Any, outcome: str) -> RangeRow:
    """A row on the answer's own axis: its options in order, or the numbers from 0."""
    question = next((q for q in report.catalog.questions if q.id == answer), None)
    choices = list(question.spec.choices) if question is not None else []
    now, then = _value_text(report, answer, current), _value_text(report, answer, flips)
    if current in choices and flips in choices and len(choices) > 1:
        step = 1 / (len(choices) - 1)
        ticks = tuple((i * step, _value_text(report, answer, c)) for i, c in enumerate(choices))
        return RangeRow(answer, choices.index(current) * step, now, choices.index(flips) * step,
                        then, outcome, ticks)
    numbers = (int, float)
    if (isinstance(current, numbers) and isinstance(flips, numbers)
            and not isinstance(current, bool) and not isinstance(flips, bool)):
        lo, hi = min(0.0, float(current), float(flips)), max(0.0, float(current), float(flips))
        hi = lo + 1.0 if hi == lo else hi + (hi - lo) / 4 if hi > 0 else hi  # room past the end
        return RangeRow(answer, (current - lo) / (hi - lo), now, (flips - lo) / (hi - lo), then,
                        outcome, ((0.0, fmt(lo)), (1.0, fmt(hi))))
    return RangeRow(answer, 0.0, now, 1.0, then, outcome, ((0.0, now), (1.0, then)))


def answer_tipping(report: Report) -> str | None:
    """Each answer's nearest value that changes the recommendation, on the answer's own axis."""
    tips = report.answer_tips
    if report.result.recommendation is None or not tips:
        return None
    flips = [t for t in tips if t.flips_at is not None]
    steady = [t.answer for t in tips if t.flips_at is None]
    shared = " (shared answers)" if report.workstreams else ""
    out = [f'<section id="answer-tipping"><h2>Tipping points: answers{shared}</h2>']
    if flips:
        rows = [answer_row(report, t.answer, t.current, t.flips_at,
                            "→ every model knocked out" if t.to_model is None
                            else "→ " + report.model_name(t.to_model)) for t in flips]
        out.append("<figure>" + range_chart(
            "answers", rows, title="Answer tipping points",
            desc="For each answer: its value now (dot) and the nearest value at which another "
                 "model would be recommended (diamond), on the answer's own scale.") + "</figure>")
        out.append("<ul>" + "".join(f"<li>{html(answer_tip_sentence(report, t))}</li>"
                                    for t in flips) + "</ul>")
    else:
        out.append("<p>None: no other value of any single answer changes the recommendation.</p>")
    if flips and steady:
        out.append(f"<p>Holds whatever the answer: {html(', '.join(steady))}.</p>")
    out.append("</section>")
    return "".join(out)


def how_sure(report: Report) -> str | None:
    """Rank acceptability: each running model's share of samples at each rank, as bars and as a
    table."""
    u, sentence = report.uncertainty, uncertainty_sentence(report)
    if u is None or sentence is None or report.workstreams:
        return None
    ranks = len(u.counts)
    series = [Series(f"{ordinal(r)} place") for r in range(1, ranks + 1)]
    models = list(u.counts)
    rows = [BarRow(report.model_name(m), tuple(100 * n / u.samples for n in u.counts[m]),
                   f"{percent(u.counts[m][0], u.samples)} first") for m in models]
    texts = [[percent(n, u.samples) for n in u.counts[m]] for m in models]
    chart = stacked_bars("sure", rows, series, scale=100, ticks=SCORE_TICKS, tick_suffix="%",
                         value_text=texts, fills=grey_fills(ranks), title="Rank acceptability",
                         desc="For each running model, the share of plausible weightings and "
                              "ratings in which it comes 1st, 2nd, … (darkest: 1st).")
    head = "".join(f'<th class="num" scope="col">{ordinal(r)}</th>' for r in range(1, ranks + 1))
    body = "".join(f'<tr><th scope="row">{html(report.model_name(m))}</th>'
                   + "".join(f'<td class="num">{percent(n, u.samples)}</td>' for n in u.counts[m])
                   + "</tr>" for m in models)
    note = (f"Share of {u.samples:,} samples, each weight moved up to ±{fmt(u.weight_band)} "
            "priority step and each rating within its uncertainty, at each rank.")
    return (f'<section id="how-sure"><h2>How sure</h2><p>{html(sentence)}</p>'
            f"<figure>{chart}</figure><table class=\"figures\"><caption>{html(note)}</caption>"
            f'<thead><tr><th scope="col">Model</th>{head}</tr></thead><tbody>{body}</tbody>'
            "</table></section>")


def method_firsts(report: Report) -> str:
    """With ``--method all``: how often each running model comes first by each method on the same
    samples as the rank acceptability, as paired bars and as a table (``""`` without them)."""
    agreement = report.methods.agreement if report.methods is not None else None
    firsts = agreement.under_uncertainty if agreement is not None else None
    if firsts is None or not firsts.weighted_sum:
        return ""
    n, models = firsts.samples, list(firsts.weighted_sum)
    rows, texts = [], []
    for m in models:
        wsm, topsis = firsts.weighted_sum[m], firsts.topsis.get(m, 0)
        rows += [BarRow(report.model_name(m), (100 * wsm / n, 0.0), percent(wsm, n)),
                 BarRow("", (0.0, 100 * topsis / n), percent(topsis, n))]
        texts += [[percent(wsm, n), ""], ["", percent(topsis, n)]]
    chart = stacked_bars(
        "firsts", rows, [Series("first by the weighted sum"), Series("first by TOPSIS")],
        scale=100, ticks=SCORE_TICKS, tick_suffix="%", value_text=texts,
        fills=[palette_fill(0), palette_fill(1)], title="Each method's winners on the same samples",
        desc="For each running model, the share of the rank acceptability's samples in which the "
             "weighted sum puts it first (upper bar, solid) and TOPSIS does (lower bar, hatched).")
    body = "".join(f'<tr><th scope="row">{html(report.model_name(m))}</th>'
                   f'<td class="num">{percent(firsts.weighted_sum[m], n)}</td>'
                   f'<td class="num">{percent(firsts.topsis.get(m, 0), n)}</td></tr>'
                   for m in models)
    return (f"<figure>{chart}</figure><table class=\"figures\"><caption>Share of {n:,} samples "
            "in which each model comes first, by each method</caption><thead><tr>"
            '<th scope="col">Model</th><th class="num" scope="col">Weighted sum</th>'
            f'<th class="num" scope="col">TOPSIS</th></tr></thead><tbody>{body}</tbody></table>')
