"""The Markdown sections for the portfolio and the vendor review.

:func:`sections` returns the lines the Markdown report inserts after its tipping points: a
``## Portfolio`` table when the profile has workstreams, and a ``## Vendors`` section (overview
table, red flags most severe first, missing facts) when it has vendors. Pure: report in, lines out;
every string from an input file escaped for Markdown.
"""

from __future__ import annotations

from sourcing_cli.redflags import SEVERITIES
from sourcing_cli.render.escape import markdown as md
from sourcing_cli.render.escape import markdown_code as code
from sourcing_cli.render.text import certificate_text, fmt, hybrid_sentence
from sourcing_cli.report import Report
from sourcing_cli.vendors import VendorResult, hours_text


def sections(report: Report) -> list[str]:
    out: list[str] = []
    if report.workstreams:
        out += portfolio(report)
    if report.vendors.vendors:
        out += vendors(report)
    return out


def portfolio(report: Report) -> list[str]:
    out = ["## Portfolio", "",
           "Each workstream is assessed on its own: the shared answers with its overrides.", "",
           "| Workstream | Recommended | Score | Margin | Runner-up |", "|---|---|---:|---:|---|"]
    for name, sub in report.workstreams:
        rec = sub.result.recommendation
        if rec is None:
            out.append(f"| {md(name)} | every model knocked out | – | – | – |")
            continue
        runner = md(report.model_name(rec.runner_up)) if rec.runner_up else "–"
        margin = fmt(rec.margin, 1) + (" (tie)" if rec.tie else "")
        out.append(f"| {md(name)} | **{md(report.model_name(rec.model))}** | {fmt(rec.score, 1)} | "
                   f"{margin} | {runner} |")
    out += ["", md(hybrid_sentence(report)), ""]
    return out


def _certificates(vendor: VendorResult) -> str:
    if vendor.security_certified is None and not vendor.certificates:
        return "not recorded"
    if not vendor.certificates:
        return "none"
    return "<br>".join(md(certificate_text(c)) for c in vendor.certificates)


def _flags(vendor: VendorResult) -> str:
    counts = [f"{sum(1 for h in vendor.flags if h.severity == s)} {s}" for s in SEVERITIES
              if any(h.severity == s for h in vendor.flags)]
    return ", ".join(counts) or "none"


def vendors(report: Report) -> list[str]:
    review = report.vendors
    out = [f"## Vendors (due diligence as of {report.as_of.isoformat()})", "",
           "| Vendor | Model | Country | Overlap | Certificates | Red flags |",
           "|---|---|:---:|---:|---|---|"]
    for v in review.vendors:
        model = md(report.model_name(v.model))
        if v.workstream:
            model += f" for {md(v.workstream)}"
        if v.knocked_out:
            model += " — **knocked out**"
        overlap = "–" if v.overlap_hours is None else f"{hours_text(v.overlap_hours)} h"
        out.append(f"| {md(v.name)} | {model} | {md(v.country)} | {overlap} | "
                   f"{_certificates(v)} | {_flags(v)} |")
    out.append("")
    hits = sorted(review.flags, key=lambda h: SEVERITIES.index(h.severity))
    if hits:
        out += ["### Red flags", ""]
        for hit in hits:
            because = f" _({md(hit.because)})_" if hit.because else ""
            out.append(f"- **{md(hit.severity)}** · {md(hit.vendor)} — **{md(hit.name)}**: "
                       f"{md(hit.message)}{because} (`{code(hit.source)}`)")
        out.append("")
    else:
        out += ["No red flags.", ""]
    missing = [v for v in review.vendors if v.missing]
    if missing:
        out += ["### Missing facts", "", "A fact nobody recorded raises no flag until it is.", ""]
        out += [f"- {md(v.name)}: {', '.join(f'`{code(m)}`' for m in v.missing)}" for v in missing]
        out.append("")
    return out
