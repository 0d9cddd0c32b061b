"""TOPSIS on the catalog's 1..5 ratings, ranked exactly, and Kendall's tau between two rankings.

Classic TOPSIS: each criterion's column of ratings is divided by its Euclidean norm (vector
normalisation), multiplied by the criterion's weight (weights summing to 1), and every model is
placed by its distances ``d⁺`` to the ideal (the best weighted value on each criterion) and ``d⁻`` to
the anti-ideal (the worst). Its score is ``100 × d⁻ / (d⁺ + d⁻)``. Every criterion is a benefit
(a higher rating is better); only the models still in the running form the matrix.

The squared distances are rational — ``Σ w²·(r − r*)² / Σ r²`` — so the ranking compares them as
:class:`fractions.Fraction` and ties are real ties, broken by catalog order like the engine's. A
model at distance 0 from the ideal scores 100, which covers the degenerate cases where closeness is
``0/0``: a single model left, or every model rated alike on every weighted criterion. A criterion on
which all models are rated alike simply separates nobody. No I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from sourcing_cli.records import record

# Sort key: (0, d⁺²/d⁻²) for a closeness above 0 — smaller is closer to the ideal — else (1, 0).
Key = tuple[int, Fraction]


@record
class TopsisRow:
    model: str
    score: float  # 100 × closeness
    rank: int
    distance_to_ideal: float
    distance_to_anti_ideal: float
    key: Key  # exact; equal keys are equal closeness


def topsis(
    ratings: Mapping[str, Mapping[str, int]], running: Sequence[str], weights: Mapping[str, Fraction]
) -> tuple[TopsisRow, ...]:
    """The running models (given in catalog order) ranked by closeness, best first."""
    total = sum(weights.values(), Fraction(0))
    if not running or total == 0:
        return ()
    # Per weighted criterion: w², the column's best and worst rating and its squared norm.
    columns = []
    for c, v in weights.items():
        if v:
            column = [ratings[m][c] for m in running]
            columns.append((c, (v / total) ** 2, max(column), min(column),
                            sum(r * r for r in column)))
    rows = []
    for model in running:
        plus, minus = Fraction(0), Fraction(0)
        for c, w2, best, worst, norm2 in columns:
            mine = ratings[model][c]
            plus += w2 * (best - mine) ** 2 / norm2
            minus += w2 * (mine - worst) ** 2 / norm2
        key: Key = (0, plus / minus) if minus else ((0, Fraction(0)) if plus == 0 else (1, Fraction(0)))
        rows.append((key, model, plus, minus))
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0], i))
    return tuple(
        TopsisRow(rows[i][1], closeness_score(rows[i][0]), rank, math.sqrt(rows[i][2]),
                  math.sqrt(rows[i][3]), rows[i][0])
        for rank, i in enumerate(order, 1)
    )


def closeness_score(key: Key) -> float:
    """100 × closeness from the exact key, so equal keys give equal floats."""
    if key[0] == 1:
        return 0.0
    return 100 / (1 + math.sqrt(key[1]))


def kendall_tau(first: Mapping[str, Any], second: Mapping[str, Any]) -> float | None:
    """Kendall's tau-b between two scorings of the same models (exact ties count as ties).

    Values are compared with ``<``; for ``second`` pass something where smaller means *better*
    consistently with ``first`` — callers pass the negated score and the TOPSIS key. ``None``
    when undefined (fewer than two models, or one side all tied).
    """
    models = list(first)
    pairs = concordant = discordant = tied_first = tied_second = 0
    for i, a in enumerate(models):
        for b in models[i + 1:]:
            pairs += 1
            s1 = _sign(first[a], first[b])
            s2 = _sign(second[a], second[b])
            tied_first += s1 == 0
            tied_second += s2 == 0
            if s1 and s2:
                concordant += s1 == s2
                discordant += s1 != s2
    denominator = (pairs - tied_first) * (pairs - tied_second)
    if denominator == 0:
        return None
    return (concordant - discordant) / math.sqrt(denominator)


def _sign(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)
