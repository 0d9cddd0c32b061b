"""AHP: criterion weights from pairwise judgements, with Saaty's consistency ratio.

A judgement ``(a, b, N)`` reads "a matters N times as much as b", N on Saaty's scale 1/9..9. The
named criteria form a reciprocal matrix; the weights are its principal (Perron) eigenvector, found
by power iteration in plain floats with a fixed start and a fixed order of operations, so the same
judgements give the same bits everywhere. The consistency ratio is ``CI / RI`` with
``CI = (λmax − n)/(n − 1)`` and RI Saaty's random index (the 2005 table, as ahpy's ``saaty``).

When the judgements disagree, :attr:`AhpResult.worst` names the one most at odds with the rest: for
each judgement ``a/b`` the *other* judgements imply a value — the geometric mean of ``a/h · h/b``
over every other named criterion ``h`` — and the judgement furthest from its implied value (on a log
scale; ties go to the one listed first) is the worst. The nearest value on Saaty's scale is offered
with the consistency ratio it would give.

:func:`weights_from_judgements` is the entry point for callers outside a profile (the interview):
plain tuples in, an :class:`AhpResult` out, :class:`ValueError` for an incomplete set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from sourcing_cli.records import record

CR_LIMIT = 0.10
SCALE_MIN, SCALE_MAX = Fraction(1, 9), Fraction(9)
# Saaty's random index, "Theory and Applications of the Analytic Network Process" (2005), p. 31.
RANDOM_INDEX = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49,
                11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59}
SAATY_SCALE = tuple(sorted({Fraction(1, k) for k in range(1, 10)} | {Fraction(k) for k in range(1, 10)}))
RATIO_TEXT = re.compile(r"^ *[0-9]+ *(/ *[0-9]+ *)?$")  # 3, 1/3 — as the schema allows
_TOLERANCE = 1e-14
_MAX_ROUNDS = 5000


@record
class Judgement:
    """``more`` matters ``ratio`` times as much as ``less``."""

    more: str
    less: str
    ratio: Fraction


@record
class Worst:
    index: int  # position in the judgement list
    judgement: Judgement
    implied: float  # what the other judgements say the ratio should be
    suggested: Fraction  # the nearest value on Saaty's scale
    ratio_after: float  # the consistency ratio with the suggestion in place


@record
class AhpResult:
    criteria: tuple[str, ...]
    weights: Mapping[str, float]  # sum 1
    lambda_max: float
    consistency_ratio: float
    worst: Worst | None  # None with fewer than three criteria (always consistent)

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_LIMIT


def parse_ratio(value: object) -> Fraction | None:
    """A judgement's N as an exact fraction within 1/9..9, or ``None`` when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int):
            ratio = Fraction(value)
        elif isinstance(value, float):
            ratio = Fraction(str(value)) if math.isfinite(value) else Fraction(-1)
        elif isinstance(value, str) and RATIO_TEXT.match(value):
            ratio = Fraction(value.replace(" ", ""))
        else:
            return None
    except (ValueError, ZeroDivisionError):
        return None
    return ratio if SCALE_MIN <= ratio <= SCALE_MAX else None


def show_ratio(value: float | Fraction) -> str:
    """``3``, ``1/3``, ``4.33`` or ``1/81`` — how a person writes a judgement."""
    if value >= 1:
        return _num(float(value))
    return "1/" + _num(1 / float(value))


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def named(judgements: Sequence[Judgement], order: Sequence[str] | None = None) -> tuple[str, ...]:
    """The criteria the judgements name, in ``order`` (else first mention)."""
    seen = list(dict.fromkeys(c for j in judgements for c in (j.more, j.less)))
    if order is None:
        return tuple(seen)
    rank = {c: i for i, c in enumerate(order)}
    return tuple(sorted(seen, key=lambda c: (rank.get(c, len(rank)), seen.index(c))))


def missing_pairs(
    judgements: Sequence[Judgement], order: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """Every pair of named criteria that no judgement compares, in ``order``."""
    criteria = named(judgements, order)
    given = {frozenset((j.more, j.less)) for j in judgements}
    return [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1:]
            if frozenset((a, b)) not in given]


def problems(judgements: Sequence[Judgement], order: Sequence[str] | None = None) -> list[str]:
    """Why a judgement set cannot be weighed: self-comparisons, repeats, missing pairs."""
    out: list[str] = []
    seen: set[frozenset[str]] = set()
    for j in judgements:
        pair = frozenset((j.more, j.less))
        if j.more == j.less:
            out.append(f"[{j.more}, {j.less}] compares a criterion with itself")
        elif pair in seen:
            out.append(f"[{j.more}, {j.less}] is judged more than once")
        seen.add(pair)
    if not judgements:
        out.append("no judgements given")
    missing = missing_pairs([j for j in judgements if j.more != j.less], order)
    if missing:
        out.append("missing pairs: " + ", ".join(f"[{a}, {b}]" for a, b in missing))
    return out


def ahp(judgements: Sequence[Judgement], order: Sequence[str] | None = None) -> AhpResult:
    """Weights, λmax, consistency ratio and the worst judgement of a complete judgement set."""
    trouble = problems(judgements, order)
    if trouble:
        raise ValueError("; ".join(trouble))
    criteria = named(judgements, order)
    matrix = _matrix(criteria, judgements)
    vector, lam = principal_eigenvector(matrix)
    ratio = consistency_ratio(lam, len(criteria))
    worst = _worst(criteria, judgements, matrix) if len(criteria) >= 3 else None
    return AhpResult(criteria, dict(zip(criteria, vector, strict=True)), lam, ratio, worst)


def weights_from_judgements(
    judgements: Iterable[tuple[str, str, object]], order: Sequence[str] | None = None
) -> AhpResult:
    """AHP from plain ``(a, b, N)`` tuples — N an int, float or text such as ``"1/3"``."""
    parsed = []
    for more, less, raw in judgements:
        ratio = parse_ratio(raw)
        if ratio is None:
            raise ValueError(f"[{more}, {less}, {raw}]: N must be a number from 1/9 to 9")
        parsed.append(Judgement(more, less, ratio))
    return ahp(parsed, order)


def consistency_ratio(lambda_max: float, n: int) -> float:
    if n < 3:
        return 0.0
    index = RANDOM_INDEX.get(n, RANDOM_INDEX[max(RANDOM_INDEX)])
    # Rounded to 10 places so that a consistent set reads 0, not float noise around it.
    return max(0.0, round((lambda_max - n) / (n - 1) / index, 10))


def principal_eigenvector(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """Power iteration from the rows' geometric means; the vector sums to 1."""
    n = len(matrix)
    vector = _normalise([math.exp(math.fsum(math.log(x) for x in row) / n) for row in matrix])
    for _ in range(_MAX_ROUNDS):
        step = _normalise(_times(matrix, vector))
        done = max(abs(a - b) for a, b in zip(step, vector, strict=True)) <= _TOLERANCE
        vector = step
        if done:
            break
    return vector, math.fsum(_times(matrix, vector))


def _times(matrix: Sequence[Sequence[float]], vector: Sequence[float]) -> list[float]:
    return [math.fsum(a * b for a, b in zip(row, vector, strict=True)) for row in matrix]


def _normalise(vector: Sequence[float]) -> list[float]:
    total = math.fsum(vector)
    return [x / total for x in vector]


def matrix(criteria: Sequence[str], judgements: Sequence[Judgement]) -> list[list[float]]:
    """The reciprocal judgement matrix over ``criteria`` (in that order)."""
    return _matrix(criteria, judgements)


def _matrix(criteria: Sequence[str], judgements: Sequence[Judgement]) -> list[list[float]]:
    index = {c: i for i, c in enumerate(criteria)}
    matrix = [[1.0] * len(criteria) for _ in criteria]
    for j in judgements:
        matrix[index[j.more]][index[j.less]] = float(j.ratio)
        matrix[index[j.less]][index[j.more]] = float(1 / j.ratio)
    return matrix


def _worst(
    criteria: Sequence[str], judgements: Sequence[Judgement], matrix: list[list[float]]
) -> Worst:
    index = {c: i for i, c in enumerate(criteria)}
    best: tuple[float, int, float] | None = None
    for k, j in enumerate(judgements):
        i, m = index[j.more], index[j.less]
        logs = [math.log(matrix[i][h]) + math.log(matrix[h][m])
                for h in range(len(criteria)) if h not in (i, m)]
        implied = math.fsum(logs) / len(logs)
        gap = abs(math.log(float(j.ratio)) - implied)
        # Compare gaps to 9 significant digits, so that float noise cannot break a real tie.
        if best is None or float(f"{gap:.9g}") > float(f"{best[0]:.9g}"):
            best = (gap, k, implied)
    assert best is not None
    _, k, implied_log = best
    judgement = judgements[k]
    suggested = min(SAATY_SCALE, key=lambda s: (abs(math.log(s) - implied_log), s))
    changed = list(judgements)
    changed[k] = Judgement(judgement.more, judgement.less, suggested)
    _, lam = principal_eigenvector(_matrix(criteria, changed))
    return Worst(k, judgement, math.exp(implied_log), suggested,
                 consistency_ratio(lam, len(criteria)))
