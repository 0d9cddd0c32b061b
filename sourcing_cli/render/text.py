"""Small text helpers shared by the renderers: number formatting, score bars, plain sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sourcing_cli.engine import Reason, TippingPoint
from sourcing_cli.report import Report
from sourcing_cli.words import joined, percent

if TYPE_CHECKING:
    from sourcing_cli.vendors import CertificateStatus
    from sourcing_cli.whatif import AnswerTip

_EIGHTHS = " ▏▎▍▌▋▊▉"


def fmt(value: Any, places: int = 2) -> str:
    """Numbers for people: no trailing zeros, booleans and None as YAML writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def overrides_sentence(report: Report) -> str | None:
    """The values ``--set`` put in place of the file's, or ``None`` when there are none."""
    overrides = report.profile.overrides
    if not overrides:
        return None
    shown = ", ".join(f"{key} = {fmt(value, 6)}" for key, value in overrides.items())
    return f"What if (--set): {shown}."


def _answer_value(report: Report, answer: str, value: Any) -> str:
    question = next((q for q in report.catalog.questions if q.id == answer), None)
    label = question.labels.get(value) if question is not None and isinstance(value, str) else None
    if not label or label.lower() == str(value).replace("_", " ").lower():
        return fmt(value, 6)
    return f"{label} ({value})"


def answer_tip_sentence(report: Report, tip: AnswerTip) -> str:
    """``With team_size = 100 instead of 99, Captive offshore centre wins.``"""
    new = _answer_value(report, tip.answer, tip.flips_at)
    old = _answer_value(report, tip.answer, tip.current)
    outcome = ("every model is knocked out" if tip.to_model is None
               else f"{report.model_name(tip.to_model)} wins")
    return f"With {tip.answer} = {new} instead of {old}, {outcome}."


def answer_distance(report: Report, tip: AnswerTip) -> float:
    """How far an answer's tipping point lies from the answer: a number's relative change, a
    choice's steps along its options (one for true/false)."""
    current, flips = tip.current, tip.flips_at
    if isinstance(current, bool) or isinstance(flips, bool):
        return 1.0
    if isinstance(current, int | float) and isinstance(flips, int | float):
        return float(abs(flips - current) / max(abs(current), 1))
    question = next(q for q in report.catalog.questions if q.id == tip.answer)
    choices = question.spec.choices
    if current in choices and flips in choices:
        return float(abs(choices.index(flips) - choices.index(current)))
    return 1.0


def nearest_answer_tips(report: Report, count: int = 3) -> list[AnswerTip]:
    """The ``count`` answer tipping points nearest to the answers given, nearest first (ties in
    the catalog's order of questions)."""
    flips = [t for t in report.answer_tips or () if t.flips_at is not None]
    order = sorted(range(len(flips)), key=lambda i: (answer_distance(report, flips[i]), i))
    return [flips[i] for i in order[:count]]


def bar(score: float, width: int) -> str:
    """A horizontal bar for a 0..100 score, in eighths of a character."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def tipping_sentence(report: Report, tip: TippingPoint) -> str:
    """One tipping point in words, saying a tie where the change is a tie.

    ``tie``: at ``flips_at`` the named model draws level and is recommended on the tie-break;
    ``overtakes``: at ``flips_at`` the current winner still holds, and only past it does the named
    model lead — so the sentence says "below" or "above", never "to".
    """
    name = report.catalog.criterion(tip.criterion).name
    assert tip.flips_at is not None and tip.to_model is not None
    other = report.model_name(tip.to_model)
    head = f"{name}: weight {fmt(tip.current)}"
    if tip.kind == "tie":
        down = tip.flips_at < tip.current
        move = f"{head} — if it {'falls' if down else 'rises'} to {fmt(tip.flips_at)}"
        others = [report.model_name(m) for m in tip.tie_with]
        if len(others) == 1:
            return (f"{move}, {other} draws level with {others[0]} and, listed first in the "
                    "catalog, is recommended")
        return (f"{move}, {joined([other, *others])} tie, and {other}, listed first in the "
                "catalog, is recommended")
    winner = report.result.recommendation
    if tip.flips_at == tip.current and winner is not None:
        # The rival gains on the winner in the direction where it rates higher on this criterion.
        ratings = report.result.ratings
        up = ratings[tip.to_model][tip.criterion] > ratings[winner.model][tip.criterion]
        return (f"{head} is a tie point: {report.model_name(winner.model)} and {other} tie here; "
                f"if it {'rises' if up else 'falls'} at all, {other} overtakes")
    direction = "falls below" if tip.flips_at < tip.current else "rises above"
    return f"{head} — if it {direction} {fmt(tip.flips_at)}, {other} overtakes"


def reason_figures(reason: Reason) -> str:
    """``5 vs 3, +8.9 points`` — the ratings behind a reason and what they are worth.

    Under TOPSIS, which adds no points, the worth is the gap on its weighted, normalised scale.
    """
    if reason.separation is not None:
        return (f"{reason.rating} vs {reason.other_rating}, "
                f"{reason.separation:.3f} nearer the ideal on TOPSIS's weighted scale")
    assert reason.points is not None
    return f"{reason.rating} vs {reason.other_rating}, +{fmt(reason.points, 1)} points"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th`` … ``11th``, ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def lead(report: Report) -> str:
    """The recommended model's score and its lead (or the tie): ``65.2 points, 2.7 ahead of X``."""
    rec = report.result.recommendation
    assert rec is not None
    line = f"{fmt(rec.score, 1)} points"
    if rec.runner_up is not None and rec.margin is not None:
        if rec.tie:
            line += (f", tied with {report.model_name(rec.runner_up)} (the tie goes to the model "
                     "listed first in the catalog)")
        else:
            line += f", {fmt(rec.margin, 1)} ahead of {report.model_name(rec.runner_up)}"
    return line


def portfolio_title(report: Report) -> str:
    """What the workstreams add up to: a hybrid of several models, or one model for all."""
    portfolio = report.portfolio
    assert portfolio is not None
    count = len(report.workstreams)
    streams = "1 workstream" if count == 1 else f"{count} workstreams"
    if portfolio.hybrid:
        return f"Hybrid portfolio: {len(portfolio.by_model)} models for {streams}"
    if portfolio.by_model:
        model = report.model_name(next(iter(portfolio.by_model)))
        return f"One model for all {streams}: {model}" if count > 1 else f"{model} for {streams}"
    return f"No recommendation for any of the {streams}: every model was knocked out"


def portfolio_picks(report: Report) -> list[tuple[str, str | None, str]]:
    """Per workstream: its name, its recommended model's name (``None`` when every model was
    knocked out) and the score in words."""
    out: list[tuple[str, str | None, str]] = []
    for name, sub in report.workstreams:
        rec = sub.result.recommendation
        if rec is None:
            out.append((name, None, "every model knocked out"))
        else:
            out.append((name, report.model_name(rec.model), f"{fmt(rec.score, 1)} points"))
    return out


def shared_answers_line(report: Report) -> str:
    """With workstreams: what the shared answers alone favour, below the portfolio."""
    rec = report.result.recommendation
    if rec is None:
        return "On the shared answers alone, every model is knocked out."
    return (f"On the shared answers alone (no workstream's overrides): "
            f"{report.model_name(rec.model)}, {lead(report)}.")


def decision_parts(report: Report) -> tuple[str, str] | None:
    """The recorded decision against the recommendation — ``("Your decision: X", "48.2 points,
    ranked 4th of 4, 17 points behind Y.")`` — or, knocked out, why it has no score or rank."""
    decision = report.decision
    if decision is None:
        return None
    head = f"Your decision: {report.model_name(decision.model)}"
    rec = report.result.recommendation
    if decision.score is None or decision.rank is None:
        why = " ".join(decision.reasons) or "it is not among the models assessed."
        return head, f"knocked out, so it has no score or rank: {why}"
    place = f"ranked {ordinal(decision.rank)} of {decision.of}"
    if rec is None or decision.gap is None:
        return head, f"{fmt(decision.score, 1)} points, {place}."
    if decision.model == rec.model:
        return head, f"the recommended model ({fmt(decision.score, 1)} points, {place})."
    best = report.model_name(rec.model)
    return head, f"{fmt(decision.score, 1)} points, {place}, {fmt(decision.gap, 1)} points behind {best}."


def decision_sentence(report: Report) -> str | None:
    parts = decision_parts(report)
    return None if parts is None else " — ".join(parts)


def uncertainty_sentence(report: Report) -> str | None:
    """``Nearshore outsourcing comes first in 84.0% of plausible weightings and ratings; Onshore
    outsourcing in 14.0%.`` — the models that ever come first, most often first (three at most);
    ``None`` when the figure was not computed."""
    u = report.uncertainty
    if u is None:
        return None
    order = list(u.counts)
    firsts = sorted((m for m in order if u.counts[m][0]), key=lambda m: (-u.counts[m][0],
                                                                          order.index(m)))
    if not firsts:
        return None
    parts = [f"{report.model_name(m)} in {percent(u.counts[m][0], u.samples)}" for m in firsts[1:3]]
    # the samples are scored by the weighted sum: say so where the report ranks by another method
    method = report.methods.method if report.methods is not None else "wsm"
    by = "" if method == "wsm" else "By the weighted sum, "
    head = (f"{by}{report.model_name(firsts[0])} comes first in "
            f"{percent(u.counts[firsts[0]][0], u.samples)} of plausible weightings and ratings")
    rest = "; ".join(parts)
    return f"{head}; {rest}." if rest else f"{head}."


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


def certificate_text(cert: CertificateStatus) -> str:
    """A vendor's certificate and where it stands: ``ISO 27001 expiring 2026-04-01 (in 31d)``."""
    when = cert.expires.isoformat()
    if cert.status == "expired":
        return f"{cert.name} expired {when}"
    if cert.status == "expiring":
        return f"{cert.name} expiring {when} (in {cert.days_left}d)"
    return f"{cert.name} valid to {when}"


def reason_text(report: Report, criterion_id: str, model_id: str) -> str:
    """The base reason for a rating, followed by the adjustments that moved it."""
    rating = report.catalog.criterion(criterion_id).ratings[model_id]
    parts = [rating.reason]
    for fired in report.result.fired:
        if fired.criterion == criterion_id and fired.model == model_id:
            parts.append(f"{fired.delta:+d}: {fired.reason}")
    return " ".join(parts)
