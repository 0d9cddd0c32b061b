"""The JSON report (``assess --format json``): stable keys, unrounded numbers, one shape.

:func:`to_dict` is the shape documented in ``docs/report-json.md`` — the assessment, the decision,
the uncertainty, what the decision methods add (:func:`methods_json`), the vendor review
(:func:`vendor_keys`) and the portfolio of workstreams (:func:`portfolio_dict`) — and
:func:`render` writes it. Every key of the JSON report is built here and nowhere else.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from sourcing_cli.render.escape import Streamed, json_text
from sourcing_cli.render.text import reason_text
from sourcing_cli.report import Decision, Report

if TYPE_CHECKING:
    from sourcing_cli.analysis import MethodsResult
    from sourcing_cli.methods.uncertainty import MethodFirsts, Uncertainty
    from sourcing_cli.portfolio import Portfolio
    from sourcing_cli.vendors import VendorReview

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    return json_text(to_dict(report, streamed=True))


def to_dict(report: Report, *, streamed: bool = False) -> dict[str, Any]:
    """The JSON report: stable keys, unrounded numbers, nothing that depends on the machine.

    ``streamed``: the workstreams' reports as a :class:`~sourcing_cli.render.escape.Streamed`
    list, each made as it is written (the same text, a fraction of the memory)."""
    r = report.result
    rec = r.recommendation
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": {"path": report.profile.path, "name": report.profile.name},
        "as_of": report.as_of.isoformat(),
        "catalog_digest": report.catalog.digest,
        "weights": dict(r.weights),
        "weight_sources": {
            c: {"from": s.origin, "reason": s.reason, "source": s.source or None}
            for c, s in r.weight_sources.items()
        },
        "ranking": [
            {"model": x.model, "score": x.score, "rank": x.rank, "ratings": dict(x.ratings),
             "contributions": dict(x.contributions)}
            for x in r.ranking
        ],
        "excluded": [
            {"model": e.model, "reasons": list(e.reasons), "sources": list(e.sources)}
            for e in r.excluded
        ],
        "recommendation": None if rec is None else {
            "model": rec.model, "score": rec.score, "margin": rec.margin,
            "runner_up": rec.runner_up, "tie": rec.tie,
            "reasons": [
                {"criterion": x.criterion, "rating": x.rating, "other_rating": x.other_rating,
                 "weight": x.weight, "points": x.points, "earned": x.earned,
                 "separation": x.separation, "text": reason_text(report, x.criterion, rec.model)}
                for x in r.reasons
            ],
        },
        "decision": decision_dict(report.decision),
        "tipping_points": [
            {"criterion": t.criterion, "current": t.current, "flips_at": t.flips_at,
             "to_model": t.to_model, "kind": t.kind, "tie_with": list(t.tie_with)}
            for t in r.tipping_points
        ],
        "answer_tipping_points": None if report.answer_tips is None else [
            {"answer": t.answer, "current": t.current, "flips_at": t.flips_at,
             "to_model": t.to_model}
            for t in report.answer_tips
        ],
        "uncertainty": uncertainty_dict(report.uncertainty),
        **methods_json(report.methods),  # method, weights_method, ahp, robustness, topsis, …
        "adjustments_fired": [
            {"criterion": f.criterion, "model": f.model, "delta": f.delta, "reason": f.reason,
             "source": f.source}
            for f in r.fired
        ],
        "defaulted_answers": list(report.profile.defaulted),
        "answers": dict(report.profile.answers),
        "overrides": dict(report.profile.overrides),
        **vendor_keys(report.vendors),
        "workstreams": Streamed([partial(_stream_dict, name, sub) for name, sub in report.workstreams])
        if streamed else [_stream_dict(name, sub) for name, sub in report.workstreams],
        "portfolio": portfolio_dict(report.portfolio),
        **group_keys(report),
    }

def _stream_dict(name: str, sub: Report) -> dict[str, Any]:
    return {"name": name, **to_dict(sub)}


def group_keys(report: Report) -> dict[str, Any]:
    """``stakeholders`` and ``group`` (docs/report-json.md): ``None`` for a profile without
    stakeholders, and where the positions were not computed (workstreams)."""
    view = report.group
    if view is None:
        return {"stakeholders": None, "group": None}
    return {
        "stakeholders": [
            {"name": p.name, "weight": p.voice, "weights": dict(p.weights),
             "weights_method": p.weights_method, "consistency_ratio": p.consistency_ratio,
             "winner": p.winner, "score_of_winner": p.score_of_winner,
             "score_of_group_winner": p.score_of_group_winner,
             "to_group_choosing_winner": None if p.move is None else {
                 "model": p.move.model, "move": p.move.share, "kind": p.move.kind,
                 "voice_factor": p.move.voice}}
            for p in view.positions
        ],
        "group": {
            "method": view.method, "weights": dict(view.weights), "shares": dict(view.shares),
            "consistency_ratio": view.consistency_ratio, "winner": view.winner,
            "consensus": {"voice_agreeing": view.voice_agreeing, "agreement": view.agreement},
            "disagreement": [{"criterion": s.criterion, "min": s.min, "max": s.max}
                             for s in view.disagreement],
            "vetoed": [{"criterion": c, "by": list(names)} for c, names in view.vetoed],
        },
    }


def decision_dict(decision: Decision | None) -> dict[str, Any] | None:
    """``decision`` {model, score, rank, gap, knocked_out, knocked_out_reasons}, or ``None``."""
    if decision is None:
        return None
    return {"model": decision.model, "score": decision.score, "rank": decision.rank,
            "gap": decision.gap, "knocked_out": decision.knocked_out,
            "knocked_out_reasons": list(decision.reasons)}


def uncertainty_dict(u: Uncertainty | None) -> dict[str, Any] | None:
    """``uncertainty`` {samples, weight_band, rating_band, acceptability, confidence,
    central_weights}, or ``None`` where it was not computed."""
    if u is None:
        return None
    return {"samples": u.samples, "weight_band": u.weight_band,
            "rating_band": {m: dict(b) for m, b in u.rating_band.items()},
            "acceptability": u.acceptability, "confidence": u.confidence,
            "central_weights": {m: None if w is None else dict(w)
                                for m, w in u.central_weights.items()}}


def methods_json(methods: MethodsResult | None) -> dict[str, Any]:
    """The keys the methods add to the JSON report (docs/report-json.md: `method` to `agreement`)."""
    if methods is None:
        return {}
    ahp, robust, agreement = methods.ahp, methods.robustness, methods.agreement
    return {
        "method": methods.method,
        "weights_method": methods.weights_method,
        "ahp": None if ahp is None else {
            "consistency_ratio": ahp.consistency_ratio,
            "weights": dict(ahp.weights),
        },
        "robustness": None if robust is None else {
            "model": robust.model, "share": robust.share, "settings": robust.settings,
            "wins": robust.wins, "otherwise": robust.otherwise,
        },
        "topsis": None if methods.topsis is None else [
            {"model": r.model, "score": r.score, "rank": r.rank,
             "distance_to_ideal": r.distance_to_ideal,
             "distance_to_anti_ideal": r.distance_to_anti_ideal}
            for r in methods.topsis
        ],
        "agreement": None if agreement is None else {
            "kendall_tau": agreement.kendall_tau, "same_winner": agreement.same_winner,
            "weighted_sum": agreement.wsm_winner, "topsis": agreement.topsis_winner,
            "under_uncertainty": _sampled(agreement.under_uncertainty),
        },
    }


def _sampled(firsts: MethodFirsts | None) -> dict[str, Any] | None:
    """``{samples, first: {weighted_sum: {model: share}, topsis: {model: share}}, same_winner}``."""
    if firsts is None:
        return None
    n = firsts.samples
    return {"samples": n,
            "first": {"weighted_sum": {m: k / n for m, k in firsts.weighted_sum.items()},
                      "topsis": {m: k / n for m, k in firsts.topsis.items()}},
            "same_winner": firsts.same / n}


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
