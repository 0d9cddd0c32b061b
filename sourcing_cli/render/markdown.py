"""The Markdown report: for pull requests, wikis and decision records.

Pure: a :class:`~sourcing_cli.report.Report` in, text out. It depends on nothing but the report, so
the same files and ``--as-of`` give the same bytes on every machine. Every string from an input
file is escaped (:func:`~sourcing_cli.render.escape.markdown`): a name cannot add a heading, break
a table or carry HTML into the record that GitHub or a wiki renders.
"""

from __future__ import annotations

from sourcing_cli.render.escape import markdown as md
from sourcing_cli.render.escape import markdown_code as code
from sourcing_cli.render.text import (
    answer_tip_sentence,
    decision_parts,
    fmt,
    lead,
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
from sourcing_cli.words import percent


def render(report: Report) -> str:
    catalog, result, profile = report.catalog, report.result, report.profile
    rec = result.recommendation
    out = [f"# Sourcing assessment: {md(profile.name)}", ""]
    out.append(f"Profile `{code(profile.path)}` · as of {report.as_of.isoformat()} · "
               f"catalog `{catalog.digest[:12]}`")
    out.append("")
    if report.workstreams:
        out += portfolio_headline(report)
    elif rec is None:
        out += ["**No recommendation:** every model was knocked out.", ""]
    else:
        out += [f"**Recommendation: {md(report.model_name(rec.model))}** — {md(lead(report))}.", ""]
    if report.group is not None:
        from sourcing_cli.render import stakeholders

        out += [md(stakeholders.headline(report.group)), ""]
    decision = decision_parts(report)
    if decision is not None:
        out += [f"**{md(decision[0])}** — {md(decision[1])}", ""]
    what_if = overrides_sentence(report)
    if what_if is not None:
        out += [md(what_if), ""]

    out += ["## Ranking (shared answers)" if report.workstreams else "## Ranking", ""]
    head = ["#", "Model",
            *(f"{md(c.name)} ×{fmt(result.weights[c.id], 2)}" for c in catalog.criteria),
            "Score"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(["---:", "---", *([":---:"] * len(catalog.criteria)), "---:"]) + "|")
    for ranked in result.ranking:
        cells = [str(ranked.rank), md(report.model_name(ranked.model)),
                 *(str(ranked.ratings[c.id]) for c in catalog.criteria), fmt(ranked.score, 1)]
        out.append("| " + " | ".join(cells) + " |")
    for excluded in result.excluded:
        ratings = result.ratings[excluded.model]
        cells = ["–", f"~~{md(report.model_name(excluded.model))}~~",
                 *(str(ratings[c.id]) for c in catalog.criteria), "knocked out"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

    if result.excluded:
        out += ["## Knocked out", ""]
        for excluded in result.excluded:
            out.append(f"- **{md(report.model_name(excluded.model))}**: "
                       f"{md(' '.join(excluded.reasons))} "
                       f"({', '.join(f'`{code(s)}`' for s in excluded.sources)})")
        out.append("")

    if rec is not None and result.reasons:
        shared = " (shared answers)" if report.workstreams else ""
        out += [f"## Why {md(report.model_name(rec.model))}{shared}", ""]
        for i, reason in enumerate(result.reasons, 1):
            name = catalog.criterion(reason.criterion).name
            out.append(f"{i}. **{md(name)}** (weight {fmt(reason.weight)}): rated "
                       f"{reason_figures(reason)}. "
                       f"{md(reason_text(report, reason.criterion, rec.model))}")
        out.append("")

    if rec is not None and result.tipping_points:  # none under TOPSIS: see methods_views
        out += ["## Tipping points", ""]
        flips = [t for t in result.tipping_points if t.flips_at is not None]
        if not flips:
            out.append("None: no single criterion's weight in 0–5 changes the winner.")
        for tip in flips:
            out.append(f"- {md(tipping_sentence(report, tip))}")
        steady = [catalog.criterion(t.criterion).name for t in result.tipping_points
                  if t.flips_at is None]
        if flips and steady:
            out.append(f"- Holds over the whole 0–5 range: {md(', '.join(steady))}")
        out.append("")

    out += answer_tip_lines(report)
    out += uncertainty_lines(report)
    # The sections of features a profile may not use are imported only when it uses them.
    if report.group is not None:  # a group decision's stakeholders
        from sourcing_cli.render import stakeholders

        out += stakeholders.markdown_lines(report)
    if report.workstreams or report.vendors.vendors:
        from sourcing_cli.render import portfolio_markdown

        out += portfolio_markdown.sections(report)
    if report.methods is not None and report.methods.beyond_weighted_sum:
        from sourcing_cli.render import methods_views

        out += methods_views.markdown_lines(report)

    out += ["## Weights", "", "| Criterion | Weight | From |", "|---|---:|---|"]
    for criterion in catalog.criteria:
        source = result.weight_sources[criterion.id]
        origin = {"profile": "your priorities", "rule": f"rule: {source.reason}",
                  "default": "catalog default", "ahp": "pairwise judgements (AHP)",
                  "group": "the stakeholders' (group)"}[source.origin]
        out.append(f"| {md(criterion.name)} | {fmt(result.weights[criterion.id])} | {md(origin)} |")
    out.append("")

    if result.fired:
        out += ["## Adjustments that fired", "", "| Criterion | Model | Change | Reason | Source |",
                "|---|---|---:|---|---|"]
        for fired in result.fired:
            out.append(f"| {md(catalog.criterion(fired.criterion).name)} | "
                       f"{md(report.model_name(fired.model))} | {fired.delta:+d} | "
                       f"{md(fired.reason)} | `{code(fired.source)}` |")
        out.append("")

    if profile.defaulted:
        out += ["## Defaulted answers", ""]
        out += [f"- `{code(q)}`: {md(fmt(profile.answers[q]))}" for q in profile.defaulted]
        out.append("")
    return "\n".join(out)


def uncertainty_lines(report: Report) -> list[str]:
    """``## How sure``: the plain sentence and each running model's share of samples at each
    rank; nothing where it was not computed."""
    u, sentence = report.uncertainty, uncertainty_sentence(report)
    if u is None or sentence is None or report.workstreams:
        return []
    ranks = range(1, len(u.counts) + 1)
    out = ["## How sure", "", md(sentence), "",
           f"Share of {u.samples:,} samples, each weight moved up to ±{fmt(u.weight_band)} "
           "priority step and each rating within its uncertainty, at each rank:", "",
           "| Model | " + " | ".join(f"#{r}" for r in ranks) + " |",
           "|---|" + "---:|" * len(u.counts)]
    for m, row in u.counts.items():
        cells = [percent(n, u.samples) for n in row]
        out.append(f"| {md(report.model_name(m))} | " + " | ".join(cells) + " |")
    return [*out, ""]


def answer_tip_lines(report: Report) -> list[str]:
    """Each answer's nearest value that changes the recommendation, in the questions' order."""
    tips = report.answer_tips
    if report.result.recommendation is None or not tips:
        return []
    shared = " (shared answers)" if report.workstreams else ""
    out = [f"## Answer tipping points{shared}", ""]
    flips = [t for t in tips if t.flips_at is not None]
    if not flips:
        out.append("None: no other value of any single answer changes the recommendation.")
    out += [f"- {md(answer_tip_sentence(report, t))}" for t in flips]
    steady = [t.answer for t in tips if t.flips_at is None]
    if flips and steady:
        out.append(f"- Holds whatever the answer: {md(', '.join(steady))}")
    out.append("")
    return out


def portfolio_headline(report: Report) -> list[str]:
    """With workstreams the record opens with the portfolio, then the shared answers' winner."""
    out = [f"**Recommendation: {md(portfolio_title(report))}**", ""]
    for name, model, score in portfolio_picks(report):
        shown = f"**{md(model)}**, {score}" if model is not None else score
        out.append(f"- {md(name)} → {shown}")
    return [*out, "", md(shared_answers_line(report)), ""]
