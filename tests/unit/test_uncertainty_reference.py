"""The compiled rank-acceptability sampler against the plain loop it replaced, bit for bit.

:func:`reference` below is the sample loop :func:`~sourcing_cli.methods.uncertainty.
rank_acceptability` ran before it compiled one per call, kept verbatim (with its weight draw and
its TOPSIS first): every count, central weight and TOPSIS figure of the fast sampler must equal
its, to the last bit, on random inputs, on random streams of draws (the ends of ``[0, 1)``
included, where a skipped clamp would show) and on every example and scenario profile.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from operator import mul
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sourcing_cli import report as report_module
from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.methods import uncertainty
from sourcing_cli.methods.uncertainty import (
    CODED_MODELS,
    MAX_RATING,
    MAX_REDRAWS,
    MAX_WEIGHT,
    MIN_RATING,
    SAMPLES,
    SEED,
    WEIGHT_BAND,
    MethodFirsts,
    Uncertainty,
    rank_acceptability,
)
from sourcing_cli.profile import Profile, load_profile, profile_from_doc
from sourcing_cli.report import build_report, uncertainty_of
from sourcing_cli.yamlio import load_text
from tests.helpers import EXAMPLES, ROOT

AS_OF = date(2026, 3, 1)
SCENARIOS = ROOT / "tests" / "cases" / "scenarios"


# ---- the reference: the loop as it was, verbatim -------------------------------------------------

def reference(
    weights: Mapping[str, float], ratings: Mapping[str, Mapping[str, float]],
    bands: Mapping[str, Mapping[str, float]], running: Sequence[str], *,
    weight_band: float = WEIGHT_BAND, samples: int = SAMPLES, seed: int = SEED,
    both_methods: bool = False,
) -> Uncertainty | None:
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


# ---- comparing bit for bit -----------------------------------------------------------------------

def bits(u: Uncertainty | None) -> Any:
    """Every figure of ``u``, each float as its exact hexadecimal text (so −0.0 is not 0.0)."""
    if u is None:
        return None

    def exact(value: Any) -> Any:
        if isinstance(value, float):
            return value.hex()
        if isinstance(value, Mapping):
            return [(k, exact(v)) for k, v in value.items()]
        if isinstance(value, tuple | list):
            return [exact(v) for v in value]
        return value

    both = u.both_methods
    return (u.samples, exact(u.weight_band), exact(u.rating_band), exact(u.counts),
            exact(u.central_weights),
            None if both is None else (both.samples, exact(both.weighted_sum), exact(both.topsis),
                                       both.same))


def both_ways(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return bits(rank_acceptability(*args, **kwargs)), bits(reference(*args, **kwargs))


class Scripted:
    """A stand-in for ``random.Random``: its ``random()`` returns ``stream`` over and over."""

    def __init__(self, stream: Sequence[float]) -> None:
        self._next: Callable[[], float] = itertools.cycle(stream).__next__

    def random(self) -> float:
        return self._next()


@contextlib.contextmanager
def scripted(stream: Sequence[float]) -> Iterator[None]:
    """Both samplers drawing ``stream`` (cycled) instead of the seeded generator's numbers."""
    fake = types.SimpleNamespace(Random=lambda seed: Scripted(stream))
    with mock.patch.object(uncertainty, "random", fake), \
            mock.patch.object(sys.modules[__name__], "random", fake):
        yield


# ---- random inputs -------------------------------------------------------------------------------

EDGES = [0.0, 2.0 ** -53, 0.25, 0.5, 0.75, 1 - 2.0 ** -53]  # u is in [0, 1): its ends


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    n_criteria = draw(st.integers(1, 5))
    n_models = draw(st.integers(1, CODED_MODELS + 2))  # orders coded, and sorted
    criteria = [f"c{k}" for k in range(n_criteria)]
    models = [f"m{i}" for i in range(n_models)]
    weight = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0, 5.0]),
                       st.floats(0, 5, allow_subnormal=True))
    shape = draw(st.sampled_from(["any", "one", "small"]))
    if shape == "one":  # all zero but one
        weights = dict.fromkeys(criteria, 0.0)
        weights[draw(st.sampled_from(criteria))] = draw(weight)
    elif shape == "small":  # every weight under the band: all can clamp to 0, so redraws
        weights = {c: draw(st.floats(0, 0.5)) for c in criteria}
    else:
        weights = {c: draw(weight) for c in criteria}
    rating = st.one_of(st.integers(1, 5).map(float), st.floats(1, 5))
    ratings = {m: {c: draw(rating) for c in criteria} for m in models}
    if draw(st.booleans()):  # all bands 0: exact ties, broken by catalog order
        bands = {m: dict.fromkeys(criteria, 0.0) for m in models}
    else:
        band = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0]), st.floats(0, 2))
        bands = {m: {c: draw(band) for c in criteria} for m in models}
    return {
        "weights": weights, "ratings": ratings, "bands": bands,
        "running": draw(st.lists(st.sampled_from(models), min_size=1, max_size=n_models,
                                 unique=True).map(lambda chosen: [m for m in models
                                                                  if m in chosen])),
        "weight_band": draw(st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0, 6.0]),
                                      st.floats(0, 6))),
        "samples": draw(st.integers(1, 40)),
        "seed": draw(st.integers(0, 2 ** 32)),
        "both_methods": draw(st.booleans()),
    }


def _call(case: dict[str, Any]) -> tuple[Any, Any]:
    return both_ways(case["weights"], case["ratings"], case["bands"], case["running"],
                     weight_band=case["weight_band"], samples=case["samples"], seed=case["seed"],
                     both_methods=case["both_methods"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_sampler_matches_the_plain_loop_bit_for_bit_on_random_inputs(
        case: dict[str, Any]) -> None:
    fast, slow = _call(case)
    assert fast == slow


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.lists(st.one_of(st.sampled_from(EDGES),
                                       st.floats(0, 1, exclude_max=True)), min_size=1, max_size=9))
@example({"weights": {"c0": 0.5, "c1": 0.0}, "ratings": {"m0": {"c0": 1.0, "c1": 5.0},
                                                          "m1": {"c0": 5.0, "c1": 1.0}},
          "bands": {"m0": {"c0": 2.0, "c1": 2.0}, "m1": {"c0": 2.0, "c1": 2.0}},
          "running": ["m0", "m1"], "weight_band": 1.0, "samples": 3, "seed": 0,
          "both_methods": True}, [0.0])
def test_the_sampler_matches_the_plain_loop_on_any_stream_of_draws(
        case: dict[str, Any], stream: list[float]) -> None:
    """Draws at the ends of [0, 1) reach every clamp's bound; all-zero draws with a band wider
    than every weight clamp each sample's weights to 0 until the redraws run out."""
    with scripted(stream):
        fast, slow = _call(case)
    assert fast == slow


def test_the_redraws_run_out_into_the_users_own_weights_alike() -> None:
    """Every draw 0: each weight b − band < 0 clamps to 0, so every sample takes the weights
    given after MAX_REDRAWS tries; the first model, rated higher, wins each."""
    with scripted([0.0]):
        fast, slow = both_ways({"q": 0.5, "r": 0.25}, {"a": {"q": 3.0, "r": 3.0},
                                                       "b": {"q": 2.0, "r": 3.0}},
                               {"a": {"q": 0.5, "r": 0.0}, "b": {"q": 1.0, "r": 0.0}},
                               ["a", "b"], samples=5, both_methods=True)
        u = rank_acceptability({"q": 0.5, "r": 0.25}, {"a": {"q": 3.0, "r": 3.0},
                                                       "b": {"q": 2.0, "r": 3.0}},
                               {"a": {"q": 0.5, "r": 0.0}, "b": {"q": 1.0, "r": 0.0}},
                               ["a", "b"], samples=5)
    assert fast == slow
    assert u is not None and u.central_weights == {"a": {"q": 0.5, "r": 0.25}, "b": None}


def test_a_catalog_at_its_limits_gets_the_same_figures_to_the_bit() -> None:
    """20 models and 40 criteria (``docs/limits.md``), sorted rather than coded, both methods."""
    rng = random.Random(11)
    criteria = [f"c{k}" for k in range(40)]
    models = [f"m{i}" for i in range(20)]
    weights = {c: float(rng.randint(0, 5)) for c in criteria}
    ratings = {m: {c: float(rng.randint(1, 5)) for c in criteria} for m in models}
    bands = {m: {c: rng.choice([0.0, 0.5, 1.0, 1.5, 2.0]) for c in criteria} for m in models}
    fast, slow = both_ways(weights, ratings, bands, models, samples=60, both_methods=True)
    assert fast is not None and fast == slow


# ---- every example and scenario ------------------------------------------------------------------

def _profiles() -> list[tuple[str, Path | dict[str, Any]]]:
    found: list[tuple[str, Path | dict[str, Any]]] = [
        (p.name, p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    for path in sorted(SCENARIOS.glob("*.yaml")):
        found.append((path.name, yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]))
    return found


PROFILES = _profiles()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _profile(catalog: Catalog, source: Path | dict[str, Any]) -> Profile:
    if isinstance(source, Path):
        return load_profile(source, catalog)
    text = yaml.safe_dump(source, sort_keys=False, allow_unicode=True)
    return profile_from_doc(load_text(text, "scenario.yaml", partial=True), catalog)


@pytest.mark.parametrize(("name", "source"), PROFILES, ids=[name for name, _ in PROFILES])
def test_every_example_and_scenario_gets_the_same_figures_to_the_bit(
        catalog: Catalog, name: str, source: Path | dict[str, Any]) -> None:
    profile = _profile(catalog, source)
    result = build_report(catalog, profile, AS_OF, robust=False).result
    seen: list[tuple[Any, Any]] = []

    def both(*args: Any, **kwargs: Any) -> Uncertainty | None:
        seen.append(both_ways(*args, **kwargs))
        return None

    with mock.patch.object(report_module, "rank_acceptability", both):
        for both_methods in (False, True):
            uncertainty_of(catalog, result, pairwise=profile.ahp is not None,
                           both_methods=both_methods)
    assert len(seen) == 2
    for fast, slow in seen:
        assert fast is not None and fast == slow


# ---- ties decided by rounding --------------------------------------------------------------------

def test_rounding_decides_ties_of_exact_arithmetic_as_the_plain_loop_does() -> None:
    """Models rated as rotations of one vector of ratings and bands, every criterion weighted
    alike, and every draw one same number: in exact arithmetic every model scores the same, so
    which one the weighted sum puts first is decided by the last bit of each float operation
    alone — an operation done in another order, or another way, shows here. (TOPSIS, whose
    columns then all hold the same values, ties them exactly: its first is the first model.)"""
    rng = random.Random(5)
    not_first_model = 0
    for n in itertools.islice(itertools.cycle(range(2, CODED_MODELS + 3)), 1200):
        criteria = [f"c{k}" for k in range(n)]
        models = [f"m{i}" for i in range(n)]
        vector = [rng.uniform(1, 5) for _ in criteria]
        spread = [rng.choice([0.0, 0.0, 0.5, 1.0, 1.5, 2.0, rng.uniform(0, 2)]) for _ in criteria]
        ratings = {m: dict(zip(criteria, vector[i:] + vector[:i], strict=True))
                   for i, m in enumerate(models)}
        bands = {m: dict(zip(criteria, spread[i:] + spread[:i], strict=True))
                 for i, m in enumerate(models)}
        weights = dict.fromkeys(criteria, rng.uniform(0.1, 5))
        with scripted([rng.random()]):
            fast, slow = both_ways(weights, ratings, bands, models, weight_band=0.0, samples=1,
                                   both_methods=True)
            assert fast == slow, (weights, ratings, bands)
            u = reference(weights, ratings, bands, models, weight_band=0.0, samples=1)
        assert u is not None
        not_first_model += u.counts["m0"][0] == 0
    # the cases are real near-ties: rounding puts another model first in about a quarter of them
    assert not_first_model > 200
