"""The Markdown report: for pull requests, wikis and decision records.

Pure: a :class:`~sourcing_cli.report.Report` in, text out. It depends on nothing but the report, so
the same files and ``--as-of`` give the same bytes on every machine.
"""

from __future__ import annotations

from sourcing_cli.methods import views as methods_views
from sourcing_cli.render import portfolio_markdown
from sourcing_cli.render.text import fmt, reason_figures, tipping_sentence
from sourcing_cli.report import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    catalog, result, profile = report.catalog, report.result, report.profile
    rec = result.recommendation
    out = [f"# Sourcing assessment: {_cell(profile.name)}", ""]
    out.append(f"Profile `{profile.path}` · as of {report.as_of.isoformat()} · "
               f"catalog `{catalog.digest[:12]}`")
    out.append("")
    if rec is None:
        out += ["**No recommendation:** every model was knocked out.", ""]
    else:
        line = f"**Recommendation: {report.model_name(rec.model)}** — {fmt(rec.score, 1)} points"
        if rec.runner_up is not None and rec.margin is not None:
            if rec.tie:
                line += (f", tied with {report.model_name(rec.runner_up)} (the tie goes to the "
                         "model listed first in the catalog)")
            else:
                line += f", {fmt(rec.margin, 1)} ahead of {report.model_name(rec.runner_up)}"
        out += [line + ".", ""]

    out += ["## Ranking", ""]
    head = ["#", "Model", *(f"{c.name} ×{fmt(result.weights[c.id], 2)}" for c in catalog.criteria),
            "Score"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(["---:", "---", *([":---:"] * len(catalog.criteria)), "---:"]) + "|")
    for ranked in result.ranking:
        cells = [str(ranked.rank), report.model_name(ranked.model),
                 *(str(ranked.ratings[c.id]) for c in catalog.criteria), fmt(ranked.score, 1)]
        out.append("| " + " | ".join(cells) + " |")
    for excluded in result.excluded:
        ratings = result.ratings[excluded.model]
        cells = ["–", f"~~{report.model_name(excluded.model)}~~",
                 *(str(ratings[c.id]) for c in catalog.criteria), "knocked out"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

    if result.excluded:
        out += ["## Knocked out", ""]
        for excluded in result.excluded:
            out.append(f"- **{report.model_name(excluded.model)}**: {' '.join(excluded.reasons)} "
                       f"({', '.join(f'`{s}`' for s in excluded.sources)})")
        out.append("")

    if rec is not None and result.reasons:
        out += [f"## Why {report.model_name(rec.model)}", ""]
        for i, reason in enumerate(result.reasons, 1):
            name = catalog.criterion(reason.criterion).name
            out.append(f"{i}. **{name}** (weight {fmt(reason.weight)}): rated "
                       f"{reason_figures(reason)}. "
                       f"{_cell(report.reason_text(reason.criterion, rec.model))}")
        out.append("")

    if rec is not None and result.tipping_points:  # none under TOPSIS: see methods_views
        out += ["## Tipping points", ""]
        flips = [t for t in result.tipping_points if t.flips_at is not None]
        if not flips:
            out.append("None: no single criterion's weight in 0–5 changes the winner.")
        for tip in flips:
            out.append(f"- {tipping_sentence(report, tip)}")
        steady = [catalog.criterion(t.criterion).name for t in result.tipping_points
                  if t.flips_at is None]
        if flips and steady:
            out.append(f"- Holds over the whole 0–5 range: {', '.join(steady)}")
        out.append("")

    out += portfolio_markdown.sections(report)  # workstreams and vendors, when present
    out += methods_views.markdown_lines(report)

    out += ["## Weights", "", "| Criterion | Weight | From |", "|---|---:|---|"]
    for criterion in catalog.criteria:
        source = result.weight_sources[criterion.id]
        origin = {"profile": "your priorities", "rule": f"rule: {source.reason}",
                  "default": "catalog default", "ahp": "pairwise judgements (AHP)"}[source.origin]
        out.append(f"| {criterion.name} | {fmt(result.weights[criterion.id])} | {_cell(origin)} |")
    out.append("")

    if result.fired:
        out += ["## Adjustments that fired", "", "| Criterion | Model | Change | Reason | Source |",
                "|---|---|---:|---|---|"]
        for fired in result.fired:
            out.append(f"| {catalog.criterion(fired.criterion).name} | "
                       f"{report.model_name(fired.model)} | {fired.delta:+d} | "
                       f"{_cell(fired.reason)} | `{fired.source}` |")
        out.append("")

    if profile.defaulted:
        out += ["## Defaulted answers", ""]
        out += [f"- `{q}`: {fmt(profile.answers[q])}" for q in profile.defaulted]
        out.append("")
    return "\n".join(out)
