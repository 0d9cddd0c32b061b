"""TOPSIS against pymcdm's (vector normalisation), exact ties, degenerate matrices, Kendall's tau."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from pymcdm import normalizations  # type: ignore[import-untyped]
from pymcdm.methods import TOPSIS  # type: ignore[import-untyped]
from scipy.stats import kendalltau  # type: ignore[import-untyped]

from sourcing_cli.methods.topsis import kendall_tau, topsis


def _matrix(rng: random.Random, models: int, criteria: int) -> dict[str, dict[str, int]]:
    return {f"m{i}": {f"c{j}": rng.randint(1, 5) for j in range(criteria)} for i in range(models)}


def test_scores_match_pymcdm_vector_normalisation() -> None:
    rng = random.Random(6)
    checked = 0
    for _ in range(300):
        models, criteria = rng.randint(2, 6), rng.randint(1, 9)
        ratings = _matrix(rng, models, criteria)
        weights = {f"c{j}": Fraction(rng.randint(0, 5)) for j in range(criteria)}
        if not any(weights.values()):
            continue
        running = list(ratings)
        matrix = np.array([[ratings[m][c] for c in weights] for m in running], dtype=float)
        w = np.array([float(v) for v in weights.values()])
        rows = {r.model: r for r in topsis(ratings, running, weights)}
        plus = np.array([rows[m].distance_to_ideal for m in running])
        minus = np.array([rows[m].distance_to_anti_ideal for m in running])
        if np.any(plus + minus == 0):
            continue  # closeness 0/0: pymcdm gives NaN, we give 100 (tested below)
        method = TOPSIS(normalization_function=normalizations.vector_normalization)
        # validation=False: pymcdm warns about dominated alternatives, which are fine here.
        expected = method(matrix, w / w.sum(), np.ones(len(weights), dtype=int), validation=False)
        assert [rows[m].score for m in running] == pytest.approx(list(100 * expected), abs=1e-9)
        checked += 1
    assert checked > 200


def test_ranking_is_best_first_with_ties_to_catalog_order() -> None:
    ratings = {"a": {"x": 2, "y": 4}, "b": {"x": 4, "y": 2}, "c": {"x": 5, "y": 5},
               "d": {"x": 1, "y": 1}}
    rows = topsis(ratings, ["a", "b", "c", "d"], {"x": Fraction(1), "y": Fraction(1)})
    assert [r.model for r in rows] == ["c", "a", "b", "d"]
    assert rows[1].key == rows[2].key and rows[1].score == rows[2].score  # an exact tie
    assert rows[0].score == 100.0 and rows[3].score == 0.0
    assert [r.rank for r in rows] == [1, 2, 3, 4]


def test_a_criterion_where_all_models_are_equal_separates_nobody() -> None:
    base = {"a": {"x": 2, "y": 3}, "b": {"x": 4, "y": 3}}
    with_y = topsis(base, ["a", "b"], {"x": Fraction(2), "y": Fraction(5)})
    without = topsis({m: {"x": r["x"]} for m, r in base.items()}, ["a", "b"], {"x": Fraction(2)})
    assert [(r.model, r.score) for r in with_y] == [(r.model, r.score) for r in without]
    assert [r.model for r in with_y] == ["b", "a"]


def test_a_single_model_or_identical_models_score_100() -> None:
    assert [(r.model, r.score) for r in topsis({"a": {"x": 3}}, ["a"], {"x": Fraction(1)})] == [("a", 100.0)]
    same = topsis({"a": {"x": 3, "y": 1}, "b": {"x": 3, "y": 1}}, ["a", "b"],
                  {"x": Fraction(1), "y": Fraction(4)})
    assert [(r.model, r.score) for r in same] == [("a", 100.0), ("b", 100.0)]


def test_nothing_to_rank() -> None:
    assert topsis({"a": {"x": 3}}, [], {"x": Fraction(1)}) == ()
    assert topsis({"a": {"x": 3}}, ["a"], {"x": Fraction(0)}) == ()


def test_kendall_tau_b_matches_scipy_including_ties() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(2, 6)
        first = {f"m{i}": rng.randint(0, 3) for i in range(n)}
        second = {f"m{i}": rng.randint(0, 3) for i in range(n)}
        ours = kendall_tau(first, second)
        theirs = kendalltau(list(first.values()), list(second.values())).statistic
        if np.isnan(theirs):
            assert ours is None
        else:
            assert ours == pytest.approx(theirs, abs=1e-12)


def test_kendall_tau_undefined_for_one_model() -> None:
    assert kendall_tau({"a": 1}, {"a": 2}) is None
    assert kendall_tau({"a": 1, "b": 2}, {"a": 1, "b": 2}) == 1.0
