"""How sure the advice is: SMAA-2 rank acceptability around the user's own weights and ratings.

Each of :data:`SAMPLES` samples perturbs every criterion's weight uniformly within ± ``weight_band``
(one priority step by default) of the user's own, clamped to the priority scale 0..5, and every
rating uniformly within ± its uncertainty (declared per rating in the catalog, 0..2 points; one
point where it declares none), clamped to 1..5. A sample whose weights all clamp to 0 is drawn
again (after :data:`MAX_REDRAWS` tries it takes the user's own weights). Models the answers knock
out stay out. Each sample scores the running models with the engine's weighted sum,
``Σ w·(r − 1) / Σ w`` (only the order matters, so the positive denominator is left out), and ranks
them; a tie (possible only where both bands are 0) goes to the model listed first in the catalog,
as in the engine.

Per model: ``acceptability`` — the share of samples at each rank (rows and columns each sum to 1),
``confidence`` — its share of first places, and ``central_weights`` — the mean weights of the
samples it wins (``None`` for a model that never wins).

With ``both_methods`` each sample is also ranked by TOPSIS (vector normalisation of the sampled
ratings, distances to the ideal and anti-ideal, as :mod:`sourcing_cli.methods.topsis` does exactly),
so that the two methods are compared on the *same* samples: :class:`MethodFirsts` counts how often
each model comes first by each, and how often both put the same model first. TOPSIS draws nothing,
so the weighted sum's figures are the same with or without it.

Deterministic: the samples come from a ``random.Random`` with a fixed seed, drawn in catalog and
criterion order, so the same inputs give the same figures on every run and machine. Pure
arithmetic, no I/O.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from operator import mul

from sourcing_cli.records import record

SAMPLES = 2000
SEED = 20260101
WEIGHT_BAND = 1.0  # priority steps either way
MAX_WEIGHT = 5.0
MIN_RATING, MAX_RATING = 1.0, 5.0
MAX_REDRAWS = 100


@record
class MethodFirsts:
    """The weighted sum and TOPSIS on the same samples: how often each model comes first by each
    (models in catalog order, every running model listed) and how often the two agree."""

    samples: int
    weighted_sum: Mapping[str, int]
    topsis: Mapping[str, int]
    same: int  # samples in which both methods put the same model first


@record
class Uncertainty:
    samples: int
    weight_band: float
    rating_band: Mapping[str, Mapping[str, float]]  # model → criterion → ± rating points
    counts: Mapping[str, tuple[int, ...]]  # model → samples at rank 1, 2, …; catalog order
    central_weights: Mapping[str, Mapping[str, float] | None]
    both_methods: MethodFirsts | None = None  # with ``both_methods=True`` only

    @property
    def acceptability(self) -> dict[str, list[float]]:
        return {m: [n / self.samples for n in row] for m, row in self.counts.items()}

    @property
    def confidence(self) -> dict[str, float]:
        return {m: row[0] / self.samples for m, row in self.counts.items()}


def rank_acceptability(
    weights: Mapping[str, float], ratings: Mapping[str, Mapping[str, float]],
    bands: Mapping[str, Mapping[str, float]], running: Sequence[str], *,
    weight_band: float = WEIGHT_BAND, samples: int = SAMPLES, seed: int = SEED,
    both_methods: bool = False,
) -> Uncertainty | None:
    """The rank acceptability of the ``running`` models (in catalog order: it breaks ties).

    ``weights`` {criterion: weight on the 0..5 scale}, ``ratings`` and ``bands``
    {model: {criterion: value}}. ``None`` when no model runs, no weight is positive or
    ``samples`` < 1. ``both_methods``: rank each sample by TOPSIS too (:class:`MethodFirsts`).
    """
    criteria = tuple(weights)
    base = [float(weights[c]) for c in criteria]
    if not running or samples < 1 or not any(w > 0 for w in base):
        return None
    models = tuple(running)
    # each rating as (criterion index, lowest, width, highest): r − b + 2b·u, clamped to 1..5
    cells = [[(k, float(ratings[m][c]) - float(bands[m][c]), 2 * float(bands[m][c]),
               float(ratings[m][c])) for k, c in enumerate(criteria)] for m in models]
    rng = random.Random(seed)
    uniform = rng.random
    n_models = len(models)
    counts = [[0] * n_models for _ in models]
    sums = [[0.0] * len(criteria) for _ in models]
    order_key = range(n_models)
    by_topsis = [0] * n_models
    same = 0
    for _ in range(samples):
        w = _draw_weights(base, weight_band, uniform)
        scores = []
        if not both_methods:
            for row in cells:
                total = 0.0
                for k, low, width, r in row:
                    if width:
                        r = low + width * uniform()
                        r = MIN_RATING if r < MIN_RATING else MAX_RATING if r > MAX_RATING else r
                    total += w[k] * (r - 1)
                scores.append(total)
        else:  # the same draws, each sample's ratings kept for TOPSIS
            matrix = []
            for row in cells:
                total = 0.0
                drawn = []
                for k, low, width, r in row:
                    if width:
                        r = low + width * uniform()
                        r = MIN_RATING if r < MIN_RATING else MAX_RATING if r > MAX_RATING else r
                    total += w[k] * (r - 1)
                    drawn.append(r)
                scores.append(total)
                matrix.append(drawn)
        ranked = sorted(order_key, key=scores.__getitem__, reverse=True)
        if both_methods:
            first = topsis_first(w, matrix)
            by_topsis[first] += 1
            same += first == ranked[0]
        for rank, i in enumerate(ranked):
            counts[i][rank] += 1
        won = sums[ranked[0]]
        for k, wc in enumerate(w):
            won[k] += wc
    central: dict[str, Mapping[str, float] | None] = {}
    for i, m in enumerate(models):
        wins = counts[i][0]
        central[m] = None if not wins else {c: sums[i][k] / wins for k, c in enumerate(criteria)}
    both = None if not both_methods else MethodFirsts(
        samples, {m: counts[i][0] for i, m in enumerate(models)},
        {m: by_topsis[i] for i, m in enumerate(models)}, same)
    return Uncertainty(
        samples, weight_band,
        {m: {c: float(bands[m][c]) for c in criteria} for m in models},
        {m: tuple(counts[i]) for i, m in enumerate(models)}, central, both,
    )


def topsis_first(weights: Sequence[float], matrix: Sequence[Sequence[float]]) -> int:
    """The model TOPSIS ranks first (the first of equals), from ``matrix[model][criterion]``
    ratings (all ≥ 1) and ``weights`` per criterion.

    Each criterion's column is scaled by ``w / ‖column‖`` (vector normalisation times the weight;
    closeness ``d⁻ / (d⁺ + d⁻)`` is unchanged by scaling every weight alike, so the weights need not
    sum to 1), and ``d⁺``, ``d⁻`` are Euclidean distances to the scaled ideal and anti-ideal. A
    model at distance 0 from the ideal has closeness 1 and wins at once, as in
    :func:`sourcing_cli.methods.topsis.topsis`: no later model can pass it, and an earlier one at
    distance 0 would have won first.
    """
    columns = list(zip(*matrix, strict=True))
    scale = [wk / math.hypot(*column) for wk, column in zip(weights, columns, strict=True)]
    ideal = list(map(mul, scale, map(max, columns)))
    anti = list(map(mul, scale, map(min, columns)))
    top, top_closeness = 0, -1.0
    for i, row in enumerate(matrix):
        placed = list(map(mul, scale, row))
        near = math.dist(ideal, placed)
        if near == 0:
            return i
        far = math.dist(anti, placed)
        closeness = far / (near + far)
        if closeness > top_closeness:
            top, top_closeness = i, closeness
    return top


def _draw_weights(base: Sequence[float], band: float, draw: Callable[[], float]) -> list[float]:
    if band:
        for _ in range(MAX_REDRAWS):
            w = []
            for b in base:
                x = b + band * (2 * draw() - 1)
                w.append(0.0 if x < 0 else MAX_WEIGHT if x > MAX_WEIGHT else x)
            if any(w):
                return w
    return list(base)
