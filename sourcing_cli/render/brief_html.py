"""The decision brief (``assess --format html``): one self-contained, printable HTML page.

A page a board reads: the recommendation with its margin and how sure it is, the recorded
decision against it, the scores as stacked bars of each criterion's contribution, the knock-outs,
the tipping points and the rank acceptability as charts, the portfolio of workstreams, the vendors'
red flags and certificates, and the reasons with the passages they cite — so the page stands on
its own.

The page is :data:`SECTIONS` in order: each a pure function of the report that returns its HTML or
``None`` when the report has nothing for it, so a new section (such as the stakeholders' positions
of a group decision, :mod:`~sourcing_cli.render.brief_group`) is one function and one entry.
Nothing is fetched: the style is inline, the charts are inline SVG
(:mod:`sourcing_cli.render.svg_charts`), there is no script. The same report gives the same bytes
(no clock: the only date is the report's ``as_of``). Every string from a file is escaped with
:func:`~sourcing_cli.render.escape.html`.
"""

from __future__ import annotations

from collections.abc import Callable

from sourcing_cli import __version__
from sourcing_cli.render import brief_charts, brief_group, brief_vendors
from sourcing_cli.render.brief_cite import (
    adjustment_cite,
    cite_html,
    cited_sources,
    rating_cite,
    source_anchor,
    weight_cite,
)
from sourcing_cli.render.escape import html
from sourcing_cli.render.methods_views import (
    TOPSIS_NOTE,
    agreement_sentence,
    ahp_sentence,
    same_first_sentence,
)
from sourcing_cli.render.text import (
    decision_parts,
    fmt,
    lead,
    overrides_sentence,
    portfolio_picks,
    portfolio_title,
    reason_figures,
    reason_text,
    shared_answers_line,
    uncertainty_sentence,
)
from sourcing_cli.report import Report

Section = Callable[[Report], "str | None"]

STYLE = """
@page { size: A4; margin: 14mm 15mm; }
* { box-sizing: border-box; }
html { background: #ffffff; color: #111111; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; max-width: 180mm; margin: 0 auto; padding: 8mm 4mm; overflow-wrap: anywhere; }
h1 { font-size: 17pt; margin: 0 0 1mm; line-height: 1.2; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #333333;
  break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p, ul, ol { margin: 1.5mm 0; }
li { margin: 0.8mm 0; }
.meta { color: #444444; font-size: 9pt; margin: 0 0 4mm; }
.verdict { border: 0.5mm solid #111111; padding: 3mm 4mm; margin: 3mm 0; break-inside: avoid; }
.verdict .big { font-size: 14pt; font-weight: bold; margin: 0; }
.decision { border-left: 1.5mm solid #555555; padding: 1mm 3mm; margin: 3mm 0; }
.decision.differs { border-left-style: double; border-left-width: 2.5mm; }
figure { margin: 2mm 0; break-inside: avoid; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 2mm 0;
  break-inside: auto; }
caption { text-align: left; color: #444444; font-size: 8.5pt; padding-bottom: 1mm; }
th, td { min-width: 9mm; border-bottom: 0.2mm solid #bbbbbb; padding: 0.8mm 1.2mm; text-align: left;
  vertical-align: top; }
th[scope="row"], td.name { min-width: 24mm; }
thead th { border-bottom: 0.4mm solid #333333; overflow-wrap: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.weights td, tr.weights th { color: #444444; }
small { color: #444444; }
abbr { text-decoration: none; }
.cite { display: block; font-size: 9pt; color: #333333; margin: 0.5mm 0 0 3mm; }
.sev { font-weight: bold; white-space: nowrap; }
.cert.expired { font-weight: bold; }
.cert.expiring { font-style: italic; }
a { color: #0b3d91; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #444444; border-top: 0.2mm solid #999999;
  padding-top: 2mm; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  section.workstream { break-inside: avoid; }
}
""".strip()


def headline(report: Report) -> str | None:
    rec = report.result.recommendation
    out = ['<div class="verdict">']
    if report.workstreams:
        out.append(f'<p class="big">Recommendation: {html(portfolio_title(report))}</p><ul>')
        out += _picks(report)
        out.append(f"</ul><p>{html(shared_answers_line(report))}</p>")
    elif rec is None:
        out.append('<p class="big">No recommendation: every model was knocked out.</p>')
    else:
        out.append(f'<p class="big">Recommendation: {html(report.model_name(rec.model))}</p>'
                   f"<p>{html(lead(report))}.</p>")
        group = brief_group.verdict_line(report)
        if group is not None:
            out.append(f"<p>{html(group)}</p>")
        sure = uncertainty_sentence(report)
        if sure is not None:
            out.append(f"<p>How sure: {html(sure)}</p>")
    what_if = overrides_sentence(report)
    if what_if is not None:
        out.append(f"<p><i>{html(what_if)}</i></p>")
    out.append("</div>")
    return "".join(out)


def _picks(report: Report) -> list[str]:
    """Each workstream's model; with more than fit in a headline, how many go to each model."""
    portfolio = report.portfolio
    if portfolio is None or len(report.workstreams) <= brief_vendors.MAX_DETAILED:
        out = []
        for name, model, score in portfolio_picks(report):
            shown = f"<b>{html(model)}</b>, {html(score)}" if model is not None else html(score)
            out.append(f"<li>{html(name)} → {shown}</li>")
        return out
    out = [f"<li><b>{html(report.model_name(m))}</b>: {len(names):,} workstreams</li>"
           for m, names in portfolio.by_model.items()]
    if portfolio.unassigned:
        out.append(f"<li>every model knocked out: {len(portfolio.unassigned):,} workstreams</li>")
    return out


def decision(report: Report) -> str | None:
    parts = decision_parts(report)
    if parts is None:
        return None
    rec = report.result.recommendation
    same = report.decision is not None and rec is not None and report.decision.model == rec.model
    cls = "decision" if same else "decision differs"
    return f'<div class="{cls}"><p><b>{html(parts[0])}</b> — {html(parts[1])}</p></div>'


def reasons(report: Report) -> str | None:
    """Why the recommendation wins: each reason, the adjustments behind it and their passages."""
    rec, result = report.result.recommendation, report.result
    if rec is None or not result.reasons:
        return None
    items = []
    for reason in result.reasons:
        name = report.catalog.criterion(reason.criterion).name
        cites = [cite_html(report, rating_cite(report, reason.criterion, rec.model))]
        for fired in result.fired:
            if fired.criterion == reason.criterion and fired.model == rec.model:
                cite = adjustment_cite(report, fired)
                if cite is not None:
                    cites.append(cite_html(report, cite))
        items.append(f"<li><b>{html(name)}</b> (weight {fmt(reason.weight)}): rated "
                     f"{html(reason_figures(reason))}. "
                     f"{html(reason_text(report, reason.criterion, rec.model))}{''.join(cites)}</li>")
    shared = " (shared answers)" if report.workstreams else ""
    return (f'<section id="why"><h2>Why {html(report.model_name(rec.model))}{shared}</h2>'
            f'<ol>{"".join(items)}</ol></section>')


def methods(report: Report) -> str | None:
    lines = []
    if report.methods is not None and report.methods.method == "topsis":
        lines.append(TOPSIS_NOTE)
    agreement = agreement_sentence(report)
    if agreement is not None:
        lines.append(agreement[0][0].upper() + agreement[0][1:])
    ahp = ahp_sentence(report)
    if ahp is not None:
        lines.append("Weights " + ahp)
    same_first = same_first_sentence(report)
    table = _side_by_side(report)
    if same_first is not None:  # how the two methods agree under uncertainty
        table += f"<h3>Under uncertainty</h3><p>{html(same_first)}</p>"
        table += brief_charts.method_firsts(report)
    if not lines and not table:
        return None
    return ('<section id="methods"><h2>Method</h2>'
            + "".join(f"<p>{html(line)}</p>" for line in lines) + table + "</section>")


def _side_by_side(report: Report) -> str:
    """With ``--method all``: the two rankings, rank by rank."""
    m = report.methods
    if m is None or m.topsis is None or m.method != "all":
        return ""
    rows = "".join(f'<tr><td class="num">{left.rank}</td><td>{html(report.model_name(left.model))}'
                   f'</td><td class="num">{fmt(left.score, 1)}</td>'
                   f"<td>{html(report.model_name(right.model))}</td>"
                   f'<td class="num">{fmt(right.score, 1)}</td></tr>'
                   for left, right in zip(m.weighted_sum, m.topsis, strict=True))
    return ('<table class="figures"><caption>Weighted sum vs TOPSIS</caption><thead><tr>'
            '<th class="num" scope="col">#</th><th scope="col">Weighted sum</th>'
            '<th class="num" scope="col">Score</th><th scope="col">TOPSIS</th>'
            f'<th class="num" scope="col">Score</th></tr></thead><tbody>{rows}</tbody></table>')


ORIGINS = {"profile": "your priorities", "default": "catalog default",
           "ahp": "pairwise judgements (AHP)"}


def weights(report: Report) -> str | None:
    rows = []
    for c in report.catalog.criteria:
        source = report.result.weight_sources[c.id]
        origin = ORIGINS.get(source.origin, f"rule: {source.reason}")
        cite = weight_cite(report, c.id)
        shown = html(origin) + (cite_html(report, cite) if cite is not None else "")
        rows.append(f'<tr><th scope="row">{html(c.name)}</th>'
                    f'<td class="num">{fmt(report.result.weights[c.id])}</td><td>{shown}</td></tr>')
    return ('<section id="weights"><h2>Weights</h2><table class="figures"><thead><tr>'
            '<th scope="col">Criterion</th><th class="num" scope="col">Weight</th>'
            f'<th scope="col">From</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            "</section>")


def adjustments(report: Report) -> str | None:
    fired = report.result.fired
    if not fired:
        return None
    rows = []
    for f in fired:
        cite = adjustment_cite(report, f)
        shown = html(f.reason) + (cite_html(report, cite) if cite is not None else "")
        rows.append(f'<tr><th scope="row">{html(report.catalog.criterion(f.criterion).name)}</th>'
                    f'<td class="name">{html(report.model_name(f.model))}</td>'
                    f'<td class="num">{f.delta:+d}</td><td>{shown} '
                    f"<small>({html(f.source)})</small></td></tr>")
    return ('<section id="adjustments"><h2>Adjustments that fired</h2><table class="figures">'
            '<thead><tr><th scope="col">Criterion</th><th scope="col">Model</th>'
            '<th class="num" scope="col">Change</th><th scope="col">Reason and source</th></tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></section>')


def defaulted(report: Report) -> str | None:
    profile = report.profile
    if not profile.defaulted:
        return None
    items = "".join(f"<li><code>{html(q)}</code>: {html(fmt(profile.answers[q]))}</li>"
                    for q in profile.defaulted)
    return f'<section id="defaulted"><h2>Defaulted answers</h2><ul>{items}</ul></section>'


def sources(report: Report) -> str | None:
    used = cited_sources(report)
    if not used:
        return None
    items = []
    for sid in used:
        s = report.catalog.sources[sid]
        items.append(f'<li id="{source_anchor(sid)}">{html(s.title)}. {html(s.publisher)}, '
                     f"{html(s.published)}. <small>[{html(sid)}]</small></li>")
    return f'<section id="sources"><h2>Sources</h2><ol>{"".join(items)}</ol></section>'


# The page, in order. A section returns None when the report has nothing for it.
SECTIONS: tuple[Section, ...] = (
    headline,
    decision,
    brief_vendors.portfolio,  # with workstreams, each one's model comes before the shared answers'
    brief_charts.scores,
    reasons,
    brief_charts.tipping,
    brief_charts.answer_tipping,
    brief_charts.how_sure,
    brief_group.stakeholders,  # a group decision's positions; nothing for one voice
    brief_vendors.vendors,
    methods,
    weights,
    adjustments,
    defaulted,
    sources,
)


def render(report: Report) -> str:
    profile = report.profile
    title = f"Decision brief: {profile.name}"
    meta = (f"Profile <code>{html(profile.path)}</code> · as of {report.as_of.isoformat()} · "
            f"catalog <code>{html(report.catalog.digest[:12])}</code>")
    body = [part for section in SECTIONS if (part := section(report))]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html(title)}</h1>",
        f'<p class="meta">{meta}</p>',
        "</header>",
        "<main>",
        *body,
        "</main>",
        f"<footer>Made by sourcing {html(__version__)} from the profile and the catalog above, "
        f"as of {report.as_of.isoformat()}. Every rating, adjustment and knock-out cites a "
        "passage of the sources listed.</footer>",
        "</body>",
        "</html>",
        "",
    ])
