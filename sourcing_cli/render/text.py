"""Small text helpers shared by the renderers: number formatting, score bars, plain sentences."""

from __future__ import annotations

from typing import Any

from sourcing_cli.engine import Reason, TippingPoint
from sourcing_cli.report import Report
from sourcing_cli.words import joined

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
