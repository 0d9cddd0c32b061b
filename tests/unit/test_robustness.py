"""The robustness figure is an exact count: it equals a brute force over the engine's own decisions."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.engine import assess
from sourcing_cli.methods import robustness as robustness_module
from sourcing_cli.methods.robustness import (
    MAX_CRITERIA,
    MAX_WORK,
    STREAMS_WORK,
    Budget,
    GridCounter,
    TooLarge,
    robustness,
    win_counts,
)
from sourcing_cli.profile import load_profile
from sourcing_cli.report import build_report
from tests.generate import write_workstreams
from tests.helpers import EXAMPLES
from tests.small_catalog import write_catalog, write_profile

AS_OF = date(2026, 1, 1)

# Four models over four criteria, with exact ties built in: "twin" is rated like "alpha" everywhere
# (so, listed later, it never wins), and "beta" and "gamma" tie on two criteria.
MODELS = ["alpha", "beta", "gamma", "twin"]
RATINGS = {
    "quality": [4, 2, 3, 4],
    "price": [2, 5, 3, 2],
    "reach": [3, 3, 5, 3],
    "safety": [5, 1, 1, 5],
}


def _brute_force(catalog: Catalog, answers: dict[str, object]) -> Counter[str]:
    """The engine's winner under every priority setting on the 0..5 grid but the all-zero one."""
    wins: Counter[str] = Counter()
    for setting in itertools.product(range(6), repeat=len(catalog.criterion_ids)):
        if any(setting):
            priorities = dict(zip(catalog.criterion_ids, map(float, setting), strict=True))
            rec = assess(catalog, answers, priorities).recommendation
            assert rec is not None
            wins[rec.model] += 1
    return wins


@pytest.mark.parametrize(("scope", "removed"), [("a", []), ("b", ["alpha"])])
def test_robustness_equals_the_engines_brute_force(tmp_path: Path, scope: str, removed: list[str]) -> None:
    folder = write_catalog(tmp_path / "catalog", MODELS, RATINGS, knockouts={"b": ["alpha"]})
    catalog = load_catalog(folder)
    profile = load_profile(write_profile(tmp_path / "p.yaml", scope), catalog)
    report = build_report(catalog, profile, AS_OF)
    assert report.methods is not None
    robust = report.methods.robustness
    assert robust is not None and report.result.recommendation is not None

    expected = _brute_force(catalog, dict(profile.answers))
    running = [m for m in MODELS if m not in removed]
    assert dict(robust.counts) == {m: expected.get(m, 0) for m in running}
    assert robust.settings == 6**4 - 1 == sum(expected.values())
    assert robust.model == report.result.recommendation.model
    assert robust.wins == expected[robust.model]
    assert robust.share == expected[robust.model] / (6**4 - 1)
    others = [(n, m) for m, n in expected.items() if m != robust.model]
    assert robust.otherwise == max(others, key=lambda t: (t[0], -MODELS.index(t[1])))[1]
    if scope == "a":
        assert robust.counts["twin"] == 0  # tied with alpha everywhere, and listed after it


def test_win_counts_equal_a_plain_brute_force_on_random_grids() -> None:
    rng = random.Random(3)
    for _ in range(150):
        n, models, levels = rng.randint(1, 5), rng.randint(1, 5), rng.choice([2, 3, 6])
        points = [[rng.randint(0, 4) for _ in range(models)] for _ in range(n)]
        expected = [0] * models
        for setting in itertools.product(range(levels), repeat=n):
            if any(setting):
                scores = [sum(w * row[m] for w, row in zip(setting, points, strict=True))
                          for m in range(models)]
                expected[scores.index(max(scores))] += 1  # ties: the first listed
        assert win_counts(points, levels) == expected


def _plain_count(points: list[list[int]], levels: int) -> list[int]:
    models = len(points[0])
    expected = [0] * models
    for setting in itertools.product(range(levels), repeat=len(points)):
        if any(setting):
            scores = [sum(w * row[m] for w, row in zip(setting, points, strict=True))
                      for m in range(models)]
            expected[scores.index(max(scores))] += 1  # ties: the first listed
    return expected


@pytest.mark.parametrize("seed", range(4))
def test_win_counts_equal_a_plain_brute_force_on_deep_grids(seed: int) -> None:
    """Eight criteria and up to six models: many steps, so leads are settled and branches cut."""
    rng = random.Random(seed)
    for _ in range(6):
        models = rng.randint(2, 6)
        # Some rows repeat or are multiples of others, so steps are merged as well.
        rows = [[rng.randint(0, 4) for _ in range(models)] for _ in range(5)]
        rows += [list(rows[0]), [min(4, 2 * x) for x in rows[1]], [rng.choice([1, 3])] * models]
        rng.shuffle(rows)
        assert win_counts(rows, 3) == _plain_count(rows, 3)


def test_the_count_gives_up_past_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [[4, 2, 2, 1], [1, 0, 2, 4], [0, 3, 3, 3], [4, 2, 1, 1], [3, 3, 2, 1]]
    with pytest.raises(TooLarge):
        win_counts(points, max_work=5)
    catalog = load_catalog()
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", catalog)
    monkeypatch.setattr(robustness_module, "MAX_WORK", 5)
    report = build_report(catalog, profile, AS_OF)
    assert report.methods is not None and report.methods.robustness is None


def test_the_built_in_grid_is_counted_whole_and_identically_every_time() -> None:
    catalog = load_catalog()
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", catalog)
    first = build_report(catalog, profile, AS_OF).methods
    second = build_report(catalog, profile, AS_OF).methods
    assert first is not None and second is not None and first.robustness is not None
    assert first.robustness == second.robustness
    assert first.robustness.settings == 6**10 - 1 == sum(first.robustness.counts.values())
    assert first.robustness.model == "nearshore_outsourcing"
    assert first.robustness.wins == 22234992
    assert first.robustness.otherwise == "onshore_outsourcing"


def test_one_model_left_always_wins_and_none_left_gives_no_figure() -> None:
    ratings = {"m": {"x": 3, "y": 1}}
    alone = robustness(ratings, ["m"], ["x", "y"], "m")
    assert alone is not None
    assert (alone.share, alone.settings, alone.otherwise) == (1.0, 35, None)
    assert robustness(ratings, [], ["x", "y"], "m") is None


def test_too_many_criteria_give_no_figure() -> None:
    criteria = [f"c{i}" for i in range(MAX_CRITERIA + 1)]
    ratings = {"m": dict.fromkeys(criteria, 3), "n": dict.fromkeys(criteria, 2)}
    assert robustness(ratings, ["m", "n"], criteria, "m") is None


@pytest.mark.parametrize("example", ["qa-nearshore.yaml", "engineering-captive.yaml"])
def test_on_the_built_in_catalog_a_coarse_grid_equals_the_engines_brute_force(example: str) -> None:
    """Every priority 0 or 1 over all ten built-in criteria: 1023 settings, each run by the engine."""
    catalog = load_catalog()
    profile = load_profile(EXAMPLES / example, catalog)
    result = assess(catalog, profile.answers, profile.priorities)
    assert result.recommendation is not None
    out = {e.model for e in result.excluded}
    running = [m for m in catalog.model_ids if m not in out]
    robust = robustness(result.ratings, running, catalog.criterion_ids,
                        result.recommendation.model, levels=2)
    expected: Counter[str] = Counter()
    for setting in itertools.product(range(2), repeat=len(catalog.criterion_ids)):
        if any(setting):
            priorities = dict(zip(catalog.criterion_ids, map(float, setting), strict=True))
            rec = assess(catalog, profile.answers, priorities).recommendation
            assert rec is not None
            expected[rec.model] += 1
    assert robust is not None
    assert dict(robust.counts) == {m: expected.get(m, 0) for m in running}
    assert robust.settings == 1023


def test_a_report_counts_each_distinct_rating_matrix_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty workstreams in three kinds share three counts (and the profile's own, if it differs),
    and each gets the figure a count of its own would give."""
    kinds = ["{function: qa_testing, team_size: 15}", "{function: customer_support}",
             "{function: rnd_product, ip_sensitivity: high}"]
    streams = "".join(f"  - name: w{n}\n    answers: {kinds[n % 3]}\n" for n in range(40))
    path = tmp_path / "many.yaml"
    path.write_text(f"version: 1\nanswers: {{function: qa_testing}}\nworkstreams:\n{streams}")
    catalog = load_catalog()
    calls: list[object] = []
    original = robustness_module.win_counts

    def counting(points: list[list[int]], *args: object, **kwargs: object) -> list[int]:
        calls.append(points)
        return original(points, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(robustness_module, "win_counts", counting)
    report = build_report(catalog, load_profile(path, catalog), AS_OF)
    assert len(calls) == len({repr(p) for p in calls}) <= 4
    monkeypatch.setattr(robustness_module, "win_counts", original)
    for _, sub in report.workstreams:
        result, methods = sub.result, sub.methods
        assert methods is not None and result.recommendation is not None
        running = [r.model for r in sorted(result.ranking, key=lambda r: catalog.model_ids.index(
            r.model))]
        alone = robustness(result.ratings, running, catalog.criterion_ids,
                           result.recommendation.model)
        assert methods.robustness == alone is not None


def test_the_workstreams_counts_share_one_budget() -> None:
    """The profile's own count has a budget of its own; the later counts (its workstreams') share
    one, and past it the remaining matrices get no figure — the same ones every time."""
    rng = random.Random(5)
    matrices: list[list[list[int]]] = []
    costs: list[int] = []
    while len(matrices) < 8:
        points = [[rng.randint(0, 4) for _ in range(5)] for _ in range(9)]
        budget = Budget(10**12)
        win_counts(points, budget=budget)
        if budget.spent <= MAX_WORK:
            matrices.append(points)
            costs.append(budget.spent)
    limit = sum(costs[1:4])  # after the first, enough for three more matrices, not for a fifth

    def figures() -> list[bool]:
        counter = GridCounter(first=MAX_WORK, rest=limit)
        out = []
        for points in matrices:
            ratings = {f"m{k}": {f"c{i}": row[k] + 1 for i, row in enumerate(points)}
                       for k in range(5)}
            out.append(counter.robustness(ratings, list(ratings), [f"c{i}" for i in range(9)],
                                          "m0") is not None)
            assert counter.left >= 0
        return out

    first = figures()
    assert first[:5] == [True] * 4 + [False] and figures() == first


def test_a_count_over_hundreds_of_models_stops_within_its_budget() -> None:
    """Every lead update is charged, whatever the number of opponents: 300 evenly matched models
    give up within the budget instead of running for seconds."""
    rng = random.Random(11)
    points = [[rng.randint(0, 4) for _ in range(300)] for _ in range(9)]
    budget = Budget(MAX_WORK)
    with pytest.raises(TooLarge):
        win_counts(points, budget=budget)
    assert budget.spent <= MAX_WORK
    ratings = {f"m{k}": {f"c{i}": row[k] + 1 for i, row in enumerate(points)} for k in range(300)}
    assert robustness(ratings, list(ratings), [f"c{i}" for i in range(9)], "m0") is None


def test_a_large_portfolio_counts_within_a_fixed_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many workstreams, the counts of one report make at most MAX_WORK + STREAMS_WORK
    lead updates: the first workstreams get their figure, the later ones none."""
    catalog = load_catalog()
    path = tmp_path / "portfolio.yaml"
    write_workstreams(path, catalog, 400)
    spent: list[int] = []
    original = robustness_module.win_counts

    def measured(points: list[list[int]], levels: int = 6, max_work: int | None = None,
                 budget: Budget | None = None) -> list[int]:
        assert budget is not None
        try:
            return original(points, levels, budget=budget)
        finally:
            spent.append(budget.spent)

    monkeypatch.setattr(robustness_module, "win_counts", measured)
    report = build_report(catalog, load_profile(path, catalog), AS_OF)
    assert sum(spent) <= MAX_WORK + STREAMS_WORK
    figures = [sub.methods is not None and sub.methods.robustness is not None
               for _, sub in report.workstreams]
    assert figures[0] and not figures[-1]
    assert len(spent) < len(report.workstreams) / 2
