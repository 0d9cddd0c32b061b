"""AHP weights and consistency ratio against ahpy; the worst judgement; parsing and completeness."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import ahpy  # type: ignore[import-untyped]
import pytest

from sourcing_cli.methods.ahp import (
    SAATY_SCALE,
    Judgement,
    ahp,
    missing_pairs,
    parse_ratio,
    problems,
    show_ratio,
    weights_from_judgements,
)
from sourcing_cli.weights import as_priorities


def _random_set(rng: random.Random, n: int) -> list[Judgement]:
    names = [f"c{i}" for i in range(n)]
    out = []
    for a, b in itertools.combinations(names, 2):
        pair = (a, b) if rng.random() < 0.5 else (b, a)
        out.append(Judgement(pair[0], pair[1], rng.choice(SAATY_SCALE)))
    return out


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 9])
def test_weights_and_consistency_ratio_match_ahpy(n: int) -> None:
    rng = random.Random(n)
    for _ in range(15):
        judgements = _random_set(rng, n)
        ours = ahp(judgements)
        # ahpy squares the matrix without rescaling; stop at 10 places before it overflows.
        theirs = ahpy.Compare("x", {(j.more, j.less): float(j.ratio) for j in judgements},
                              precision=10, random_index="saaty")
        assert set(ours.weights) == set(theirs.target_weights)
        for criterion, weight in ours.weights.items():
            assert weight == pytest.approx(float(theirs.target_weights[criterion]), abs=1e-8)
        expected = 0.0 if n < 3 else float(theirs.consistency_ratio)
        assert ours.consistency_ratio == pytest.approx(expected, abs=1e-8)


def test_the_design_example() -> None:
    result = weights_from_judgements([("cost", "control", 3), ("cost", "speed", 5),
                                      ("control", "speed", 2)], order=["control", "cost", "speed"])
    assert result.criteria == ("control", "cost", "speed")
    assert list(result.weights) == ["control", "cost", "speed"]
    assert result.weights["cost"] == pytest.approx(0.6483290138, abs=1e-9)
    assert result.consistency_ratio == pytest.approx(0.0035525, abs=1e-6)
    assert result.consistent
    assert sum(result.weights.values()) == pytest.approx(1.0, abs=1e-12)


def test_a_consistent_set_reads_exactly_zero() -> None:
    result = weights_from_judgements([("a", "b", 2), ("b", "c", 2), ("a", "c", 4)])
    assert result.consistency_ratio == 0.0
    assert result.weights["a"] == pytest.approx(4 / 7)


def test_the_worst_judgement_and_the_value_the_others_imply() -> None:
    result = weights_from_judgements([("cost", "control", 2), ("cost", "speed", 4),
                                      ("control", "speed", 2), ("cost", "risk", 2),
                                      ("risk", "control", "1/9"), ("risk", "speed", 2)])
    assert not result.consistent
    worst = result.worst
    assert worst is not None
    assert (worst.index, worst.judgement.more, worst.judgement.less) == (4, "risk", "control")
    assert worst.implied == pytest.approx(1.0)  # cost/control ÷ cost/risk, and via speed
    assert worst.suggested == 1
    assert worst.ratio_after == 0.0


def test_a_cycle_names_its_first_judgement_and_stays_inconsistent_at_the_scale_end() -> None:
    result = weights_from_judgements([("cost", "control", 9), ("control", "speed", 9),
                                      ("speed", "cost", 9)])
    assert result.consistency_ratio == pytest.approx(6.8376068, abs=1e-6)
    worst = result.worst
    assert worst is not None and worst.index == 0
    assert worst.implied == pytest.approx(1 / 81)
    assert worst.suggested == Fraction(1, 9)
    assert worst.ratio_after > 0.1


@pytest.mark.parametrize(("raw", "expected"), [
    (3, Fraction(3)), ("1/3", Fraction(1, 3)), (" 1 / 9 ", Fraction(1, 9)), (2.5, Fraction(5, 2)),
    ("9", Fraction(9)), (10, None), ("1/10", None), (0, None), (True, None), ("1/0", None),
    ("abc", None), ("2.5", None), (float("nan"), None), (None, None), ([3], None),
])
def test_parse_ratio(raw: object, expected: Fraction | None) -> None:
    assert parse_ratio(raw) == expected


def test_show_ratio() -> None:
    assert [show_ratio(x) for x in (Fraction(3), Fraction(1, 3), 1 / 81, 4.333333)] == [
        "3", "1/3", "1/81", "4.33"]


def test_missing_pairs_and_problems() -> None:
    judgements = [Judgement("cost", "control", Fraction(3)), Judgement("risk", "speed", Fraction(2))]
    order = ["control", "cost", "risk", "speed"]
    assert missing_pairs(judgements, order) == [("control", "risk"), ("control", "speed"),
                                                ("cost", "risk"), ("cost", "speed")]
    assert problems([Judgement("a", "a", Fraction(1)), Judgement("a", "b", Fraction(2)),
                     Judgement("b", "a", Fraction(2))]) == [
        "[a, a] compares a criterion with itself", "[b, a] is judged more than once"]
    with pytest.raises(ValueError, match="missing pairs"):
        ahp(judgements, order)
    with pytest.raises(ValueError, match="N must be a number"):
        weights_from_judgements([("a", "b", 12)])


def test_as_priorities_puts_the_largest_at_5_and_the_unnamed_at_0() -> None:
    result = weights_from_judgements([("a", "b", 2), ("b", "c", 2), ("a", "c", 4)])
    assert as_priorities(result, ["z", "a", "b", "c"]) == pytest.approx(
        {"z": 0.0, "a": 5.0, "b": 2.5, "c": 1.25})
