"""A group decision explained: each stakeholder's position against the group's recommendation.

For a profile with ``stakeholders`` (:mod:`sourcing_cli.stakeholders`), :func:`group_view` gives:

* each stakeholder's weights and **own winner** — the profile assessed with that stakeholder's
  priorities or judgements alone, by the same engine, method and delivery candidates, so it is
  exactly what ``assess`` says for a profile holding only that stakeholder's weighting — and the
  score the group's winner gets with their weights;
* the **consensus**: the share of voice whose own winner is the group's, and Goepel's
  Shannon-entropy AHP consensus indicator S* on the weights (0..1,
  :func:`sourcing_cli.stakeholders.agreement_index`);
* the **widest disagreements**: per criterion, the lowest and highest share of the total weight a
  stakeholder gives it, widest spread first;
* for each stakeholder whose own winner is not the group's, **how far** the group would have to
  move for it to choose that winner, two ways, both by re-scoring:

  - ``move``: the group's weights moved a fraction λ of the way toward the stakeholder's (as
    shares: ``(1 − λ)·group + λ·theirs``). Every model's weighted sum is linear in λ, so the
    recommendation can change only where two models' lines cross; those crossings are solved in
    exact fractions and the first λ at which the procedure (ties to catalog order) recommends the
    stakeholder's winner is reported — ``tie`` when it wins there by catalog order,
    ``overtakes`` when it leads just beyond. At λ = 1 the weights are theirs, so it always exists;
  - ``voice``: the factor by which the stakeholder's voice would have to be multiplied, the group
    weights aggregated again each time (AIJ or AIP as for the profile), found by doubling and then
    halving the interval down to 0.1 % (``None`` when even 1,024 times their voice would not do,
    as when another stakeholder weighs 0 a criterion the change needs: a 0 is a veto).

  Both are properties of the weighted sum's linear form; under ``--method topsis`` they are left
  out, as the tipping points are.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from sourcing_cli.candidates import Candidates
from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import Assessment, assess, scaled, standing
from sourcing_cli.records import record
from sourcing_cli.stakeholders import Group, aggregate, agreement_index, shares_of
from sourcing_cli.weights import group_weights

VOICE_LIMIT = 1024.0  # the most voice tried, as a multiple of the stakeholder's own
VOICE_PRECISION = 1.001  # the voice factor is found to within 0.1 %


@record
class Move:
    """What it would take for the group to choose a stakeholder's own winner."""

    model: str
    share: float  # λ, 0..1: how far the group's weights must move toward the stakeholder's
    exact: tuple[int, int]  # λ as numerator and denominator
    kind: str  # "tie" | "overtakes", as for tipping points
    voice: float | None  # the factor their voice would need; None: not within VOICE_LIMIT


@record
class Position:
    """One stakeholder's weights and what they alone would choose."""

    name: str
    voice: float
    weights: Mapping[str, float]  # on the 0..5 priority scale, as assessing them alone gives
    shares: Mapping[str, float]  # the same, as shares of their total
    weights_method: str  # "priorities" | "ahp"
    consistency_ratio: float | None  # of their pairwise judgements; None with priorities
    winner: str | None  # their own recommendation; None when every model is knocked out
    score_of_winner: float | None
    score_of_group_winner: float | None  # the group's winner scored with their weights
    move: Move | None = None  # when their winner is not the group's (weighted sum only)


@record
class Spread:
    criterion: str
    min: float  # the lowest share of the total weight a stakeholder gives it
    max: float


@record
class GroupView:
    method: str  # "aij" | "aip"
    weights: Mapping[str, float]  # the group's, on the 0..5 priority scale
    shares: Mapping[str, float]
    consistency_ratio: float | None  # AIJ: the aggregated matrix's
    winner: str | None
    positions: tuple[Position, ...]
    voice_agreeing: float  # share of voice whose own winner is the group's, 0..1
    agreement: float  # Goepel's S*, 0..1
    disagreement: tuple[Spread, ...]  # every criterion, widest spread first
    # AIP: the criteria some stakeholder weighs above 0 that the group weighs 0, and who weighs
    # them 0 (a zero in a geometric mean is a veto)
    vetoed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def shown_disagreement(self) -> tuple[Spread, ...]:
        """The three widest disagreements with a spread above 0 (the table and Markdown)."""
        return tuple(s for s in self.disagreement if s.max > s.min)[:3]


def group_view(
    catalog: Catalog, answers: Mapping[str, Any], group: Group, result: Assessment,
    shown: Assessment, method: str, sites: Candidates,
) -> GroupView:
    """The group's positions; ``result`` is the group's weighted-sum assessment, ``shown`` the
    assessment the report leads with (``method``'s)."""
    from sourcing_cli import analysis

    found, members, agg = group_weights(catalog, answers, group)
    criteria = catalog.criterion_ids
    winner = shown.recommendation.model if shown.recommendation else None
    positions = []
    for index, (member, weights) in enumerate(zip(group.members, members, strict=True)):
        alone = assess(catalog, answers, member.priorities, member.ahp, sites)
        theirs = analysis.analyse(catalog, alone, method, member.ahp, robust=False)[0]
        own = theirs.recommendation.model if theirs.recommendation else None
        scores = {r.model: r.score for r in theirs.ranking}
        move = None
        if method != "topsis" and own is not None and winner is not None and own != winner:
            move = _move(catalog, result, found.values, weights.values, own, group, index,
                         [w.values for w in members])
        positions.append(Position(
            member.name, member.voice, dict(weights.values), shares_of(weights.values, criteria),
            weights.method, member.ahp.consistency_ratio if member.ahp else None, own,
            scores.get(own) if own else None, scores.get(winner) if winner else None, move))
    shares = [p.shares for p in positions]
    exponents = group.voice_shares()
    agreeing = sum((e for p, e in zip(positions, exponents, strict=True)
                    if winner is not None and p.winner == winner), 0.0)
    spreads = [Spread(c, min(s[c] for s in shares), max(s[c] for s in shares)) for c in criteria]
    order = {c: i for i, c in enumerate(criteria)}
    spreads.sort(key=lambda s: (-(s.max - s.min), order[s.criterion]))
    vetoed = tuple((c, tuple(p.name for p in positions if p.shares[c] == 0)) for c in criteria
                   if agg.method == "aip" and agg.shares[c] == 0
                   and any(p.shares[c] > 0 for p in positions))
    return GroupView(agg.method, dict(found.values), dict(agg.shares), agg.consistency_ratio,
                     winner, tuple(positions), min(1.0, agreeing),
                     agreement_index(shares, exponents, criteria), tuple(spreads), vetoed)


def _winner(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], running: list[str],
    weights: Mapping[str, float | Fraction],
) -> str | None:
    units, _ = scaled(weights)
    if not running or sum(units.values()) == 0:
        return None
    return standing(catalog, ratings, units, running)[1][0]


def _move(
    catalog: Catalog, result: Assessment, group: Mapping[str, float],
    theirs: Mapping[str, float], target: str, members: Group, index: int,
    member_weights: Sequence[Mapping[str, float]],
) -> Move:
    criteria = catalog.criterion_ids
    out = {e.model for e in result.excluded}
    running = [m for m in catalog.model_ids if m not in out]
    ratings = result.ratings
    g = _exact_shares(group, criteria)
    s = _exact_shares(theirs, criteria)
    base = {m: sum((g[c] * (ratings[m][c] - 1) for c in criteria), Fraction(0)) for m in running}
    slope = {m: sum(((s[c] - g[c]) * (ratings[m][c] - 1) for c in criteria), Fraction(0))
             for m in running}
    points = {Fraction(1)}
    for i, a in enumerate(running):
        for b in running[i + 1:]:
            if slope[a] != slope[b]:
                x = (base[b] - base[a]) / (slope[a] - slope[b])
                if 0 < x <= 1:
                    points.add(x)
    ordered = sorted(points)
    position = {m: i for i, m in enumerate(catalog.model_ids)}

    def lead(x: Fraction) -> tuple[str, bool]:
        at = {m: base[m] + x * slope[m] for m in running}
        top = max(at.values())
        tied = sorted((m for m in running if at[m] == top), key=position.__getitem__)
        return tied[0], len(tied) > 1

    found = (Fraction(1), "tie")
    for k, x in enumerate(ordered):
        first, tie = lead(x)
        if first == target:
            found = (x, "tie" if tie else "overtakes")
            break
        after = (x + ordered[k + 1]) / 2 if k + 1 < len(ordered) else None
        if after is not None and lead(after)[0] == target:
            found = (x, "overtakes")
            break
    share, kind = found
    voice = _voice(catalog, ratings, running, members, index, member_weights, target)
    return Move(target, float(share), (share.numerator, share.denominator), kind, voice)


def _exact_shares(weights: Mapping[str, float], criteria: Sequence[str]) -> dict[str, Fraction]:
    exact = {c: Fraction(weights[c]) for c in criteria}
    total = sum(exact.values(), Fraction(0))
    return {c: v / total for c, v in exact.items()}


def _voice(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], running: list[str], group: Group,
    index: int, member_weights: Sequence[Mapping[str, float]], target: str,
) -> float | None:
    criteria = catalog.criterion_ids

    def chooses(factor: float) -> bool:
        shares = aggregate(group.with_voice(index, factor), member_weights, criteria).shares
        return _winner(catalog, ratings, running, shares) == target

    low, high = 1.0, 2.0
    while not chooses(high):
        low, high = high, high * 2
        if high > VOICE_LIMIT:
            return None
    while high / low > VOICE_PRECISION:
        middle = (low * high) ** 0.5
        if chooses(middle):
            high = middle
        else:
            low = middle
    return high
