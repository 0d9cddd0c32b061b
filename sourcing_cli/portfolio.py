"""The hybrid portfolio, and the report keys for vendors and workstreams.

A profile with ``workstreams`` is assessed once for its shared answers and once per workstream
(with that workstream's overrides, :func:`workstream_profile`). :func:`portfolio_of` then groups
the workstreams by their recommended model: several models make a **hybrid** — the sources' R&D at
home, QA nearshore, support offshore — and :func:`hybrid_sentence` says so for every format.
:func:`vendor_keys` and :func:`portfolio_dict` give the JSON shape of DESIGN.md for the vendor
review and the portfolio. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sourcing_cli.profile import Profile
from sourcing_cli.profile_parts import Workstream
from sourcing_cli.vendors import VendorReview

if TYPE_CHECKING:
    from sourcing_cli.report import Report


def workstream_profile(profile: Profile, stream: Workstream) -> Profile:
    """The profile as one workstream sees it: its answers and weighting (as
    :func:`sourcing_cli.weights.stream_weighting` resolved it), the vendors that serve it, no
    workstreams."""
    return dataclasses.replace(
        profile, answers=stream.answers, given=stream.given, defaulted=stream.defaulted,
        priorities=stream.priorities, decision=None, workstreams=(), ahp=stream.ahp,
        group=stream.group,
        vendors=tuple(v for v in profile.vendors if v.workstream == stream.name),
    )


def stream_contexts(
    streams: Sequence[tuple[str, Report]],
) -> dict[str, tuple[Mapping[str, Any], frozenset[str]]]:
    """Per workstream, the answers and knocked-out models its vendors are judged against."""
    return {name: (sub.profile.answers, frozenset(e.model for e in sub.result.excluded))
            for name, sub in streams}


@dataclass(frozen=True)
class Portfolio:
    hybrid: bool
    by_model: Mapping[str, tuple[str, ...]]  # catalog model order; only models that won a stream
    unassigned: tuple[str, ...]  # workstreams where every model was knocked out


def portfolio_of(model_ids: Sequence[str], picks: Sequence[tuple[str, str | None]]) -> Portfolio:
    """Group ``(workstream, recommended model or None)`` pairs by model."""
    by_model = {m: tuple(name for name, pick in picks if pick == m) for m in model_ids}
    used = {m: names for m, names in by_model.items() if names}
    unassigned = tuple(name for name, pick in picks if pick is None)
    return Portfolio(len(used) > 1, used, unassigned)


def hybrid_sentence(report: Report) -> str:
    """Whether the workstreams make a hybrid, in one sentence."""
    portfolio = report.portfolio
    assert portfolio is not None
    count = len(report.workstreams)
    parts = [f"{report.model_name(m)} ({', '.join(names)})" for m, names in portfolio.by_model.items()]
    if portfolio.hybrid:
        text = f"A hybrid: {len(portfolio.by_model)} models for {count} workstreams — {'; '.join(parts)}."
    elif portfolio.by_model:
        model = next(iter(portfolio.by_model))
        text = f"Not a hybrid: every workstream is best served by {report.model_name(model)}."
    else:
        text = "No workstream has a recommendation: every model was knocked out."
    if portfolio.unassigned and portfolio.by_model:
        text += f" No recommendation for {', '.join(portfolio.unassigned)}."
    return text


def vendor_keys(review: VendorReview) -> dict[str, Any]:
    """``red_flags``, ``missing_facts``, ``overlap_hours`` and per-vendor ``vendors`` details."""
    return {
        "red_flags": [
            {"vendor": h.vendor, "flag": h.flag, "severity": h.severity, "message": h.message,
             "because": h.because, "source": h.source}
            for h in review.flags
        ],
        "missing_facts": [
            {"vendor": v.name, "facts": list(v.missing)} for v in review.vendors if v.missing
        ],
        "overlap_hours": {v.name: v.overlap_hours for v in review.vendors},
        "vendors": [
            {"name": v.name, "model": v.model, "workstream": v.workstream,
             "knocked_out": v.knocked_out,
             "country": v.country, "timezone": v.timezone, "overlap_hours": v.overlap_hours,
             "security_certified": v.security_certified,
             "certificates": [
                 {"name": c.name, "expires": c.expires.isoformat(), "days_left": c.days_left,
                  "status": c.status}
                 for c in v.certificates
             ],
             "flags": [h.flag for h in v.flags]}
            for v in review.vendors
        ],
    }


def portfolio_dict(portfolio: Portfolio | None) -> dict[str, Any] | None:
    if portfolio is None:
        return None
    return {"hybrid": portfolio.hybrid,
            "by_model": {m: list(names) for m, names in portfolio.by_model.items()},
            "unassigned": list(portfolio.unassigned)}
