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

Fast: the sample loop is compiled once per call with the call's weights, ratings and bands written
into it as constants (see :func:`_compile_sampler`), about twice as fast as a loop over them; it
draws the same numbers and does the same float operations in the same order as that loop, so the
figures are the same to the last bit (``tests/unit/test_uncertainty_reference.py``).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

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
    {model: {criterion: value}}, all finite. ``None`` when no model runs, no weight is positive or
    ``samples`` < 1. ``both_methods``: rank each sample by TOPSIS too (:class:`MethodFirsts`).
    """
    criteria = tuple(weights)
    base = [float(weights[c]) for c in criteria]
    if not running or samples < 1 or not any(w > 0 for w in base):
        return None
    models = tuple(running)
    # each rating as (lowest, width, rating): r − b + 2b·u, clamped to 1..5
    cells = [[(float(ratings[m][c]) - float(bands[m][c]), 2 * float(bands[m][c]),
               float(ratings[m][c])) for c in criteria] for m in models]
    sampler = _compile_sampler(base, weight_band, cells, both_methods)
    counts, sums, by_topsis, same = sampler(random.Random(seed).random, samples)
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


# ---- the sample loop, compiled per call --------------------------------------------------------
# One function per call runs every sample with the call's numbers written into it as constants
# (compiled as ``records`` compiles a record's ``__init__``; about 1.5 ms for 4 models × 10
# criteria, 3 ms with TOPSIS): the weights drawn into locals, each model's score as one expression,
# the order of the models counted as one integer per sample, the winner's weights summed in locals
# and, with both methods, the sample's TOPSIS first found in straight-line code. It draws the same
# numbers in the same order and does the same float operations in the same order as a plain loop
# over the cells (``tests/unit/test_uncertainty_reference.py`` holds that loop and compares the
# two bit for bit); the only operations left out are multiplications by 1.0, exact for any float.
# Only numbers (``repr`` of a float reads back as exactly that float) and generated names reach the
# source: never a model's or criterion's name.

Cell = tuple[float, float, float]  # a rating's lowest value, width and own value
#: What a compiled sampler returns: the samples at each rank ([model][rank]), each model's weights
#: summed over the samples it wins ([model][criterion]), how many samples each model comes first
#: in by TOPSIS, and in how many both methods put the same model first.
Tallies = tuple[list[list[int]], list[list[float]], list[int], int]
Sampler = Callable[[Callable[[], float], int], Tallies]
#: Up to this many models a sample's order is counted as one integer, a bit per pair of models
#: (2¹⁰ orders' counts for 5); more are sorted, as the plain loop does.
CODED_MODELS = 5


def _pairs(n_models: int) -> list[tuple[int, int]]:
    """The pairs of models ``(i, j)``, ``i < j``: pair ``b`` is bit ``b`` of an order's code."""
    return [(i, j) for i in range(n_models) for j in range(i + 1, n_models)]


def _ranks(code: int, n_models: int) -> list[int]:
    """Each model's rank (0: first) in the order ``code`` stands for. The bit of pair ``(i, j)`` is
    set when ``i`` is placed above ``j``: when its score is at least ``j``'s, as the stable sort
    by score (highest first) puts the model listed first above an equal one."""
    ranks = [0] * n_models
    for bit, (i, j) in enumerate(_pairs(n_models)):
        ranks[j if code >> bit & 1 else i] += 1
    return ranks


def _counts(orders: Sequence[int], n_models: int) -> list[list[int]]:
    """The samples at each rank ([model][rank]) from the samples counted per order's code."""
    counts = [[0] * n_models for _ in range(n_models)]
    for code, times in enumerate(orders):
        if times:
            for i, rank in enumerate(_ranks(code, n_models)):
                counts[i][rank] += times
    return counts


def _compile_sampler(base: Sequence[float], band: float, cells: Sequence[Sequence[Cell]],
                     both_methods: bool) -> Sampler:
    """The sample loop for these weights, rating cells (per model, per criterion) and band."""
    n_models = len(cells)
    names: dict[str, Any] = {"repeat": itertools.repeat, "hypot": math.hypot,
                             "REDRAWS": range(MAX_REDRAWS), "ORDER": range(n_models),
                             "counted": _counts}

    def lit(x: float) -> str:  # source text that compiles to exactly this float
        if math.isfinite(x):
            text = repr(x)
            return f"({text})" if text.startswith("-") else text
        names[f"K{len(names)}"] = x
        return f"K{len(names) - 1}"

    def times(factor: float, term: str) -> str:  # 1.0 · x is exactly x for every float x
        return term if factor == 1.0 else f"{lit(factor)} * {term}"

    body: list[str] = []  # one sample's statements
    # The weights: b + band·(2u − 1), clamped to 0..MAX_WEIGHT. IEEE rounding is monotone, so with
    # u in [0, 1) 2u − 1 rounds into [−1, 1], band·(2u − 1) into [−|band|, |band|] (both ends are
    # floats) and b + that into [fl(b − |band|), fl(b + |band|)]: a weight with fl(b − |band|) ≥ 0
    # never takes the "< 0" branch, one with fl(b + |band|) ≤ 5 never the "> 5" one, and if one
    # weight has fl(b − |band|) > 0 no sample's weights all clamp to 0, so nothing is drawn again.
    w = [lit(b) for b in base]
    if band:
        spread = abs(band)
        draws = []
        for k, b in enumerate(base):
            drawn = f"{lit(b)} + {times(band, '(2.0 * u() - 1.0)')}"
            under, over = not b - spread >= 0, not b + spread <= MAX_WEIGHT
            w[k] = f"w{k}"
            if under or over:
                top = lit(MAX_WEIGHT)
                draws += [f"x = {drawn}", f"w{k} = " + ("0.0 if x < 0.0 else " if under else "")
                          + (f"{top} if x > {top} else x" if over else "x")]
            else:
                draws.append(f"w{k} = {drawn}")
        if any(b - spread > 0 for b in base):
            body += draws
        else:  # after MAX_REDRAWS samples of all zeros, the user's own weights
            body += ["for _ in REDRAWS:", *(f"    {line}" for line in draws),
                     f"    if {' or '.join(w)}:", "        break", "else:",
                     *(f"    w{k} = {lit(b)}" for k, b in enumerate(base))]
    # The ratings: low + width·u lies in [fl(low + min(0, width)), fl(low + max(0, width))] by the
    # same argument, so it is clamped only if that can leave 1..5; a rating of width 0 is itself.
    low_r, high_r = lit(MIN_RATING), lit(MAX_RATING)
    rated: list[list[str]] = []
    for i, row in enumerate(cells):
        shown, terms = [], []
        for k, (low, width, rating) in enumerate(row):
            if not width:
                shown.append(lit(rating))
                terms.append(f"{w[k]} * {lit(rating - 1)}")
                continue
            drawn = f"{lit(low)} + {times(width, 'u()')}"
            under = not low + min(0.0, width) >= MIN_RATING
            over = not low + max(0.0, width) <= MAX_RATING
            if under or over:
                body += [f"r = {drawn}", f"r{i}_{k} = "
                         + (f"{low_r} if r < {low_r} else " if under else "")
                         + (f"{high_r} if r > {high_r} else r" if over else "r")]
            else:
                body.append(f"r{i}_{k} = {drawn}")
            shown.append(f"r{i}_{k}")
            terms.append(f"{w[k]} * (r{i}_{k} - 1.0)")
        rated.append(shown)
        body.append(f"t{i} = 0.0 + {' + '.join(terms)}")  # left to right, as total += term
    # The order: with few models one bit per pair of models (a comparison and a jump each:
    # faster than a bitwise expression of the comparisons), counted per code; else sorted.
    coded = n_models <= CODED_MODELS
    pairs = _pairs(n_models) if coded else []
    if coded:
        body += ["o = 0", *(f"if t{i} >= t{j}: o += {1 << bit}"
                            for bit, (i, j) in enumerate(pairs)), "orders[o] += 1"]
    else:
        scores = ", ".join(f"t{i}" for i in range(n_models))
        body += [f"ranked = sorted(ORDER, key=({scores}).__getitem__, reverse=True)",
                 "for rank, i in enumerate(ranked):", "    counts[i][rank] += 1",
                 "win = ranked[0]"]
    if both_methods:
        body += _topsis_first_lines(w, rated)
    # The winner's weights: the model every pair it is in places above the other.
    for i in range(n_models):
        mask = want = 0
        for bit, pair in enumerate(pairs):
            if i in pair:
                mask |= 1 << bit
                want |= (i == pair[0]) << bit
        test = f"o & {mask} == {want}" if coded else f"win == {i}"
        head = ("if 1:" if n_models == 1 else "else:" if i == n_models - 1
                else f"{'if' if i == 0 else 'elif'} {test}:")
        body += [head, *(f"    s{i}_{k} += {wk}" for k, wk in enumerate(w))]
        if both_methods:
            body.append(f"    same += first == {i}")
    sums = [f"s{i}_{k}" for i in range(n_models) for k in range(len(base))]
    source = "\n".join([
        "def sample(u, samples):",
        f"    orders = [0] * {1 << len(pairs)}",
        f"    counts = [[0] * {n_models} for _ in ORDER]",
        f"    firsts = [0] * {n_models}",
        "    same = 0",
        f"    {' = '.join(sums)} = 0.0",
        "    for _ in repeat(None, samples):",
        *(f"        {line}" for line in body),
        f"    return {f'counted(orders, {n_models})' if coded else 'counts'}, [" + ", ".join(
            f"[{', '.join(sums[i * len(base):(i + 1) * len(base)])}]" for i in range(n_models))
        + "], firsts, same",
    ])
    exec(compile(source, "<rank acceptability sampler>", "exec"), names)
    sampler: Sampler = names["sample"]
    return sampler


def _topsis_first_lines(w: Sequence[str], rated: Sequence[Sequence[str]]) -> list[str]:
    """Statements that count the model TOPSIS ranks first in the sample (the first of equals) in
    ``firsts[first]``, from the sample's weights ``w`` and ratings ``rated[model][criterion]``.

    Each criterion's column is scaled by ``w / ‖column‖`` (vector normalisation times the weight;
    closeness ``d⁻ / (d⁺ + d⁻)`` is unchanged by scaling every weight alike, so the weights need not
    sum to 1), and ``d⁺``, ``d⁻`` are Euclidean distances to the scaled ideal and anti-ideal
    (``math.hypot`` of the differences: the same C code as ``math.dist``, the absolute
    differences, then the same norm). A model at distance 0 from the ideal has closeness 1 and
    wins at once, as in :func:`sourcing_cli.methods.topsis.topsis`: no later model can pass it,
    and an earlier one at distance 0 would have won first.
    """
    lines: list[str] = []
    scale: list[str] = []
    ideal: list[str] = []
    anti: list[str] = []
    for k, wk in enumerate(w):
        column = [row[k] for row in rated]
        norm = f"hypot({', '.join(column)})"
        lines.append(f"c{k} = {wk} / {norm}")
        for name, op, out in (("hi", ">", ideal), ("lo", "<", anti)):  # as max() and min() do
            lines.append(f"{name} = {column[0]}")
            lines += [f"if {r} {op} {name}: {name} = {r}" for r in column[1:]]
            lines.append(f"{name[0]}{k} = c{k} * {name}")
            out.append(f"{name[0]}{k}")
        scale.append(f"c{k}")
    lines += ["first = 0", "best = -1.0"]
    indent = ""
    for i, row in enumerate(rated):
        placed = [f"{c} * {r}" for c, r in zip(scale, row, strict=True)]
        lines += [f"{indent}p{k} = {p}" for k, p in enumerate(placed)]
        near = ", ".join(f"{h} - p{k}" for k, h in enumerate(ideal))
        far = ", ".join(f"{a} - p{k}" for k, a in enumerate(anti))
        lines += [f"{indent}near = hypot({near})", f"{indent}if near == 0:",
                  f"{indent}    first = {i}", f"{indent}else:",
                  f"{indent}    far = hypot({far})",
                  f"{indent}    closeness = far / (near + far)",
                  f"{indent}    if closeness > best:",
                  f"{indent}        first, best = {i}, closeness"]
        indent += "    "
    lines.append("firsts[first] += 1")
    return lines
