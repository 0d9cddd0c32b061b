"""The decision brief's sections on the portfolio of workstreams and on the vendors.

:func:`portfolio` — with workstreams: how they split over the models, then a compact section per
workstream (its winner, margin, score chart, knock-outs and nearest tipping points) for the first
:data:`MAX_DETAILED` of them.
:func:`vendors` — the shortlist: overlap hours, certificates with their dates, red flags per
vendor (most severe first, the severity written out, never shown by colour alone) and the facts
nobody recorded. Pure functions of a report; every string escaped with
:func:`~sourcing_cli.render.escape.html`.
"""

from __future__ import annotations

from sourcing_cli.render.brief_charts import contribution_chart, knocked_out_list
from sourcing_cli.render.escape import html
from sourcing_cli.render.text import (
    answer_tip_sentence,
    fmt,
    hybrid_sentence,
    lead,
    nearest_answer_tips,
    tipping_sentence,
)
from sourcing_cli.report import Report
from sourcing_cli.vendors import VendorResult, hours_text

# A page for a board, not a data dump: the first workstreams get a section of their own (a chart
# each), the rest their row in the portfolio table — and the page says so.
MAX_DETAILED = 25


def portfolio(report: Report) -> str | None:
    if not report.workstreams:
        return None
    rows = []
    for name, sub in report.workstreams:
        rec = sub.result.recommendation
        if rec is None:
            rows.append(f'<tr><th scope="row">{html(name)}</th><td colspan="4">every model '
                        "knocked out</td></tr>")
            continue
        runner = html(report.model_name(rec.runner_up)) if rec.runner_up else "–"
        margin = fmt(rec.margin, 1) + (" (tie)" if rec.tie else "")
        rows.append(f'<tr><th scope="row">{html(name)}</th>'
                    f"<td><b>{html(report.model_name(rec.model))}</b></td>"
                    f'<td class="num">{fmt(rec.score, 1)}</td><td class="num">{margin}</td>'
                    f"<td>{runner}</td></tr>")
    out = ['<section id="portfolio"><h2>Portfolio</h2>',
           "<p>Each workstream is assessed on its own: the shared answers with its overrides.</p>",
           '<table class="figures"><thead><tr><th scope="col">Workstream</th>'
           '<th scope="col">Recommended</th><th class="num" scope="col">Score</th>'
           '<th class="num" scope="col">Margin</th><th scope="col">Runner-up</th></tr></thead>'
           f'<tbody>{"".join(rows)}</tbody></table>',
           f"<p>{html(hybrid_sentence(report))}</p>"]
    for index, (name, sub) in enumerate(report.workstreams[:MAX_DETAILED], 1):
        out.append(_workstream(report, index, name, sub))
    rest = len(report.workstreams) - MAX_DETAILED
    if rest > 0:
        out.append(f'<p class="more">The other {rest:,} workstreams have their row in the table '
                   "above; each one's scores, knock-outs and tipping points are in the JSON report "
                   "(<code>--format json</code>).</p>")
    out.append("</section>")
    return "".join(out)


def _workstream(report: Report, index: int, name: str, sub: Report) -> str:
    rec = sub.result.recommendation
    head = f'<section class="workstream" id="workstream-{index}"><h3>{html(name)}</h3>'
    if rec is None:
        return head + "<p>Every model is knocked out.</p>" + knocked_out_list(sub) + "</section>"
    parts = [head, f"<p><b>{html(report.model_name(rec.model))}</b> — {html(lead(sub))}.</p>",
             f"<figure>{contribution_chart(sub, f'ws{index}')}</figure>", knocked_out_list(sub)]
    tips = [tipping_sentence(sub, t) for t in sub.result.tipping_points if t.flips_at is not None]
    tips += [answer_tip_sentence(sub, t) for t in nearest_answer_tips(sub)]
    if tips:
        parts.append("<p>Nearest tipping points:</p><ul>"
                     + "".join(f"<li>{html(t)}</li>" for t in tips) + "</ul>")
    return "".join(parts) + "</section>"


SEVERITY_MARK = {"high": "▲▲▲ high", "medium": "▲▲ medium", "low": "▲ low"}


def _certificates(vendor: VendorResult) -> str:
    if vendor.security_certified is None and not vendor.certificates:
        return "not recorded"
    if not vendor.certificates:
        return "none"
    items = []
    for c in vendor.certificates:
        days = (f"expired {-c.days_left} days ago" if c.days_left < 0
                else f"{c.days_left} days left")
        items.append(f'<span class="cert {html(c.status)}">{html(c.name)}: {html(c.status)}, '
                     f"expires {c.expires.isoformat()} ({days})</span>")
    return "<br>".join(items)


def vendors(report: Report) -> str | None:
    review = report.vendors
    if not review.vendors:
        return None
    rows = []
    for v in review.vendors:
        model = html(report.model_name(v.model))
        if v.workstream:
            model += f" for {html(v.workstream)}"
        if v.knocked_out:
            model += " — <b>knocked out</b>"
        overlap = "–" if v.overlap_hours is None else f"{hours_text(v.overlap_hours)} h"
        rows.append(f'<tr><th scope="row">{html(v.name)}</th><td>{model}</td>'
                    f"<td>{html(v.country)}</td><td class=\"num\">{overlap}</td>"
                    f"<td>{_certificates(v)}</td><td class=\"num\">{len(v.flags)}</td></tr>")
    out = [f'<section id="vendors"><h2>Vendors (due diligence as of {report.as_of.isoformat()})'
           "</h2>",
           '<table class="figures"><thead><tr><th scope="col">Vendor</th><th scope="col">Model'
           '</th><th scope="col">Country</th><th class="num" scope="col">Overlap / day</th>'
           '<th scope="col">Certificates</th><th class="num" scope="col">Red flags</th></tr>'
           f'</thead><tbody>{"".join(rows)}</tbody></table>']
    for v in review.vendors:
        if not v.flags and not v.missing:
            continue
        out.append(f'<h3>{html(v.name)}</h3>')
        if v.flags:
            items = "".join(
                f'<li><span class="sev {html(h.severity)}">'
                f"{html(SEVERITY_MARK.get(h.severity, h.severity))}</span> <b>{html(h.name)}</b>: "
                f"{html(h.message)}" + (f" <i>({html(h.because)})</i>" if h.because else "")
                + f" <small>({html(h.source)})</small></li>" for h in v.flags)
            out.append(f'<ul class="flags">{items}</ul>')
        if v.missing:
            out.append("<p>Not recorded (no flag is raised until it is): "
                       f"{html(', '.join(v.missing))}.</p>")
    if not review.flags:
        out.append("<p>No red flags.</p>")
    out.append("</section>")
    return "".join(out)
