"""The citations of the decision brief: which passage of which source backs each statement.

Pure lookups in the :class:`~sourcing_cli.catalog.Catalog` a report carries — the passage a
rating, a fired adjustment or a knock-out cites — and their HTML: the quote, and a link to the
source in the brief's list of sources. :func:`cited_sources` collects the sources a report's brief
cites, in the catalog's order, for that list. Every string is escaped with
:func:`~sourcing_cli.render.escape.html`.
"""

from __future__ import annotations

from sourcing_cli.engine import Fired
from sourcing_cli.render.escape import html
from sourcing_cli.report import Report
from sourcing_cli.sources import Citation


def rating_cite(report: Report, criterion: str, model: str) -> Citation:
    return report.catalog.criterion(criterion).ratings[model].cite


def adjustment_cite(report: Report, fired: Fired) -> Citation | None:
    criterion = report.catalog.criterion(fired.criterion)
    return next((a.cite for a in criterion.adjustments if a.id == fired.adjustment), None)


def knockout_cites(report: Report, sources: tuple[str, ...]) -> list[Citation]:
    """The passages behind a knock-out, found by the file location the engine reports for it."""
    return [k.cite for k in report.catalog.knockouts if k.source in sources]


def weight_cite(report: Report, criterion: str) -> Citation | None:
    """The passage behind the weight rule that set a criterion's weight, if one did."""
    source = report.result.weight_sources[criterion]
    if source.origin != "rule":
        return None
    rules = report.catalog.criterion(criterion).weight_rules
    return next((r.cite for r in rules if r.source == source.source and r.cite is not None), None)


def source_anchor(source_id: str) -> str:
    return "src-" + html(source_id)


def cite_html(report: Report, cite: Citation) -> str:
    """``<q>the passage</q> — <a href="#src-id">Title</a>``."""
    source = report.catalog.sources.get(cite.source)
    title = source.title if source is not None else cite.source
    return (f'<span class="cite"><q>{html(cite.quote)}</q> — '
            f'<a href="#{source_anchor(cite.source)}">{html(title)}</a></span>')


def _report_cites(report: Report) -> list[Citation]:
    out: list[Citation] = []
    rec = report.result.recommendation
    if rec is not None:
        out += [rating_cite(report, r.criterion, rec.model) for r in report.result.reasons]
    for fired in report.result.fired:
        cite = adjustment_cite(report, fired)
        if cite is not None:
            out.append(cite)
    for excluded in report.result.excluded:
        out += knockout_cites(report, excluded.sources)
    for criterion in report.catalog.criteria:
        cite = weight_cite(report, criterion.id)
        if cite is not None:
            out.append(cite)
    for _, sub in report.workstreams:
        out += _report_cites(sub)
    return out


def cited_sources(report: Report) -> list[str]:
    """The ids of the sources the brief cites, in the catalog's order of sources."""
    used = {c.source for c in _report_cites(report)}
    return [s for s in report.catalog.sources if s in used]
