"""The scoring engine: pure functions from (catalog, answers, priorities) to an immutable result.

* rating r(m, c) = base rating + every adjustment whose condition holds, clamped to 1..5 — an
  adjustment or knock-out with ``where`` applies to a model only when it holds for every one of
  the model's candidates (:mod:`sourcing_cli.candidates`: the vendors named for it, or where the
  catalog presumes its team works);
* weight w(c) = the profile's priority, else the first weight rule that holds, else the default;
* score(m) = 100 × Σ w(c)·(r(m,c) − 1)/4 ÷ Σ w(c), over the models no knock-out removed;
* ties go to the model listed first in the catalog, and are reported as ties;
* tipping points: for each criterion, the nearest weight in 0..5 at which another model would
  overtake the winner — solved exactly from the linear form, not searched.

Arithmetic is exact — integers over one common denominator (:func:`scaled`), the same numbers
:class:`fractions.Fraction` would give — so ties are real ties and the same inputs give the same
floats on every machine. No I/O here: no files, no printing, no exits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sourcing_cli.candidates import Candidates, candidates
from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import holds

WEIGHT_MAX = 5


class NoWeightError(ValueError):
    """Every criterion weighs zero, so no model can be scored."""


@dataclass(frozen=True)
class WeightSource:
    origin: str  # "profile" | "rule" | "default"
    reason: str
    source: str


@dataclass(frozen=True)
class Fired:
    """An adjustment that changed one model's rating on one criterion."""

    criterion: str
    model: str
    delta: int
    reason: str
    source: str
    adjustment: str


@dataclass(frozen=True)
class Excluded:
    model: str
    reasons: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Ranked:
    model: str
    score: float
    rank: int
    ratings: Mapping[str, int]
    contributions: Mapping[str, float]


@dataclass(frozen=True)
class Recommendation:
    model: str
    score: float
    margin: float | None
    runner_up: str | None
    tie: bool


@dataclass(frozen=True)
class TippingPoint:
    criterion: str
    current: float
    flips_at: float | None
    to_model: str | None


@dataclass(frozen=True)
class Reason:
    """Why the winner beats the runner-up on one criterion (points of the margin it gives)."""

    criterion: str
    rating: int
    other_rating: int | None
    weight: float
    points: float  # points of the margin over the runner-up it gives (0 when level)
    earned: float  # points of the winner's own score it gives


@dataclass(frozen=True)
class Assessment:
    weights: Mapping[str, float]
    weight_sources: Mapping[str, WeightSource]
    ratings: Mapping[str, Mapping[str, int]]
    fired: tuple[Fired, ...]
    excluded: tuple[Excluded, ...]
    ranking: tuple[Ranked, ...]
    recommendation: Recommendation | None
    tipping_points: tuple[TippingPoint, ...]
    reasons: tuple[Reason, ...]


def weights(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, WeightSource]]:
    """Each criterion's weight and where it came from."""
    out: dict[str, float] = {}
    sources: dict[str, WeightSource] = {}
    for criterion in catalog.criteria:
        if criterion.id in priorities:
            out[criterion.id] = priorities[criterion.id]
            sources[criterion.id] = WeightSource("profile", "priorities in the profile", "")
            continue
        rule = next((r for r in criterion.weight_rules if holds(r.when, answers)), None)
        if rule is not None:
            out[criterion.id] = rule.weight
            sources[criterion.id] = WeightSource("rule", rule.reason, rule.source)
        else:
            out[criterion.id] = criterion.weight
            sources[criterion.id] = WeightSource("default", "catalog default", criterion.source)
    return out, sources


def presumed(catalog: Catalog, answers: Mapping[str, Any]) -> Candidates:
    """The candidates when nothing is known of the profile's home or vendors: the catalog's
    presumption for every model."""
    return candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers)


def rate(
    catalog: Catalog, answers: Mapping[str, Any], where: Candidates | None = None
) -> tuple[dict[str, dict[str, int]], tuple[Fired, ...]]:
    """Every model's rating on every criterion after adjustments, and the adjustments that fired."""
    where = where if where is not None else presumed(catalog, answers)
    ratings: dict[str, dict[str, int]] = {m: {} for m in catalog.model_ids}
    fired: list[Fired] = []
    for criterion in catalog.criteria:
        for model in catalog.model_ids:
            ratings[model][criterion.id] = criterion.ratings[model].value
        for adj in criterion.adjustments:
            if not holds(adj.when, answers):
                continue
            for model in catalog.model_ids:
                delta = adj.delta.get(model)
                if delta and (adj.where is None or where.holds(model, adj.where)):
                    ratings[model][criterion.id] += delta
                    fired.append(Fired(criterion.id, model, delta, adj.reason, adj.source, adj.id))
        for model in catalog.model_ids:
            ratings[model][criterion.id] = max(1, min(5, ratings[model][criterion.id]))
    return ratings, tuple(fired)


def knock_out(
    catalog: Catalog, answers: Mapping[str, Any], where: Candidates | None = None
) -> tuple[Excluded, ...]:
    where = where if where is not None else presumed(catalog, answers)
    reasons: dict[str, list[tuple[str, str]]] = {}
    for knockout in catalog.knockouts:
        if holds(knockout.when, answers):
            for model in knockout.models:
                if knockout.where is not None and not where.holds(model, knockout.where):
                    continue
                reason = knockout.reason.format(region=where.region_name(), where=where.where(model))
                reasons.setdefault(model, []).append((reason, knockout.source))
    return tuple(
        Excluded(m, tuple(r for r, _ in reasons[m]), tuple(s for _, s in reasons[m]))
        for m in catalog.model_ids if m in reasons
    )


def score(ratings: Mapping[str, int], w: Mapping[str, Fraction]) -> Fraction:
    total = sum(w.values(), Fraction(0))
    return 100 * sum((w[c] * (ratings[c] - 1) for c in w), Fraction(0)) / (4 * total)


def scaled(w: Mapping[str, float | Fraction]) -> tuple[dict[str, int], int]:
    """The weights as integers over one common denominator: ``w[c] == units[c] / den`` exactly.

    Every score, contribution and margin is ``100·Σ units·(r − 1) / (4·Σ units)`` — a ratio of
    integers, compared exactly and turned into a float by one correctly rounded division, so the
    floats are the ones :class:`~fractions.Fraction` arithmetic gives, only faster.
    """
    ratios = {c: v.as_integer_ratio() for c, v in w.items()}
    den = math.lcm(*(d for _, d in ratios.values()))
    return {c: n * (den // d) for c, (n, d) in ratios.items()}, den


def _ratio(num: int, den: int) -> float:
    """``num / den`` as :class:`~fractions.Fraction` would give it (never ``-0.0``)."""
    return num / den if den > 0 else -num / -den


def assess(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float],
    where: Candidates | None = None,
) -> Assessment:
    """Score every model for one set of answers and priorities; ``where`` says who would deliver
    each model and where (by default, the catalog's presumption)."""
    weight, weight_sources = weights(catalog, answers, priorities)
    units, den = scaled(weight)
    total = sum(units.values())
    if total == 0:
        raise NoWeightError("every criterion has weight 0")
    where = where if where is not None else presumed(catalog, answers)
    ratings, fired = rate(catalog, answers, where)
    excluded = knock_out(catalog, answers, where)
    out = {e.model for e in excluded}
    running = [m for m in catalog.model_ids if m not in out]
    # score(m) = points[m] / (4·total): one positive denominator, so points order the models.
    points = {m: 100 * sum(units[c] * (ratings[m][c] - 1) for c in units) for m in running}
    position = {m: i for i, m in enumerate(catalog.model_ids)}
    order = sorted(running, key=lambda m: (-points[m], position[m]))
    scale = 4 * total
    ranking = tuple(
        Ranked(m, points[m] / scale, i + 1, dict(ratings[m]),
               {c: 100 * u * (ratings[m][c] - 1) / scale for c, u in units.items()})
        for i, m in enumerate(order)
    )
    recommendation = None
    tipping: tuple[TippingPoint, ...] = ()
    reasons: tuple[Reason, ...] = ()
    if order:
        winner = order[0]
        runner = order[1] if len(order) > 1 else None
        margin = points[winner] - points[runner] if runner else None
        recommendation = Recommendation(
            winner, points[winner] / scale, margin / scale if margin is not None else None, runner,
            margin == 0,
        )
        tipping = _tipping_points(catalog, ratings, weight, units, den, order)
        reasons = _strongest_reasons(catalog, ratings, weight, units, winner, runner)
    return Assessment(weight, weight_sources, ratings, fired, excluded, ranking, recommendation,
                      tipping, reasons)


def tipping_points(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, Fraction],
    order: list[str],
) -> tuple[TippingPoint, ...]:
    """Per criterion, the nearest weight in 0..5 at which another model overtakes the winner.

    With every other weight fixed, the winner's lead over a model ``m`` is proportional to
    ``N(x) = D + d·x`` where ``x`` is the criterion's weight, ``d`` the rating difference on it and
    ``D`` the weighted difference elsewhere; so each model can cross the winner at most once, at
    ``x = −D/d``. The nearest crossing in range, on either side of the current weight, is the tip.
    """
    units, den = scaled(w)
    return _tipping_points(catalog, ratings, w, units, den, order)


# |d| ≤ 4 (ratings are 1..5), so x = −D/d times 12 is a whole number of 1/den units.
_LCM_D = 12


def _tipping_points(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, float | Fraction],
    units: Mapping[str, int], den: int, order: list[str],
) -> tuple[TippingPoint, ...]:
    """:func:`tipping_points` in integers: every weight is scaled by ``12·den``."""
    winner = order[0]
    position = {m: i for i, m in enumerate(catalog.model_ids)}
    total = sum(units.values())
    top = _LCM_D * WEIGHT_MAX * den
    mine = ratings[winner]
    # Per rival: the rating differences and the whole weighted difference Σ units·Δ.
    rivals = []
    for other in order[1:]:
        theirs = ratings[other]
        diff = {c: mine[c] - theirs[c] for c in units}
        whole = sum(units[c] * diff[c] for c in units)
        rivals.append((other, diff, whole, position[other] < position[winner]))
    out = []
    for c in catalog.criterion_ids:
        current = _LCM_D * units[c]
        rest_total = total - units[c]
        best: tuple[int, bool, int, int, int, str] | None = None
        best_x: tuple[int, int] = (0, 1)
        for other, diff, whole, takes_tie in rivals:
            d = diff[c]
            if d == 0:
                continue
            big_d = whole - units[c] * d
            x = -big_d * (_LCM_D // d)
            # The other model leads past x on the side where N turns negative — below the current
            # weight when the winner rates higher on c — and at x itself only when it is listed
            # first (ties go to catalog order). Some weight in range must hand it the lead.
            if (d > 0 and x > current) or (d < 0 and x < current):
                continue
            if d > 0 and not (x > 0 or (takes_tie and x == 0 and rest_total > 0)):
                continue
            if d < 0 and not (x < top or (takes_tie and x == top)):
                continue
            # Nearest first; at equal distance, a model that leads at x itself (it takes the tie)
            # comes before one that leads only beyond x; among models crossing at the same weight,
            # the one gaining fastest leads past it.
            key = (abs(x - current), not takes_tie, x, -abs(d), position[other], other)
            if best is None or key < best:
                best, best_x = key, (-big_d, d * den)
        if best is None:
            out.append(TippingPoint(c, float(w[c]), None, None))
        else:
            out.append(TippingPoint(c, float(w[c]), _ratio(*best_x), best[5]))
    return tuple(out)


def strongest_reasons(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, Fraction],
    winner: str, runner: str | None, count: int = 3,
) -> tuple[Reason, ...]:
    """Why the winner wins, strongest first.

    First the criteria that give it its margin over the runner-up (most points first); when fewer
    than ``count`` do, then the criteria where it is level with the runner-up and earns the most
    of its own score — strengths the runner-up shares, but strengths all the same.
    """
    units, _ = scaled(w)
    return _strongest_reasons(catalog, ratings, w, units, winner, runner, count)


def _strongest_reasons(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, float | Fraction],
    units: Mapping[str, int], winner: str, runner: str | None, count: int = 3,
) -> tuple[Reason, ...]:
    """:func:`strongest_reasons` in integers: points are ``units·Δ``, over ``4·Σ units / 100``."""
    scale = 4 * sum(units.values())
    ahead: list[tuple[int, int, str]] = []
    level: list[tuple[int, int, str]] = []
    mine = ratings[winner]
    for i, c in enumerate(catalog.criterion_ids):
        earned = units[c] * (mine[c] - 1)
        if runner is None:
            if earned > 0:
                ahead.append((earned, i, c))
            continue
        gap = units[c] * (mine[c] - ratings[runner][c])
        if gap > 0:
            ahead.append((gap, i, c))
        elif mine[c] == ratings[runner][c] and earned > 0:
            level.append((earned, i, c))
    ahead.sort(key=lambda t: (-t[0], t[1]))
    level.sort(key=lambda t: (-t[0], t[1]))
    chosen = [(gap, c) for gap, _, c in ahead] + [(0, c) for _, _, c in level]
    return tuple(
        Reason(c, mine[c], ratings[runner][c] if runner else None, float(w[c]),
               100 * gap / scale, 100 * units[c] * (mine[c] - 1) / scale)
        for gap, c in chosen[:count]
    )
