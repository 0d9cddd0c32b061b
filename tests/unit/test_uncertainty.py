"""Rank acceptability (SMAA-2): how often each model takes each rank around the user's weights."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.catalog import load_catalog
from sourcing_cli.errors import InputError
from sourcing_cli.methods.uncertainty import rank_acceptability
from sourcing_cli.profile import load_profile
from sourcing_cli.render import markdown
from sourcing_cli.render.assess_json import to_dict
from sourcing_cli.report import build_report
from tests.helpers import EXAMPLES, ROOT, Run
from tests.small_catalog import write_catalog, write_profile

AS_OF = date(2026, 1, 1)


def _random_instance(seed: int) -> tuple[dict[str, float], dict[str, dict[str, float]],
                                         dict[str, dict[str, float]], list[str]]:
    rng = random.Random(seed)
    criteria = [f"c{i}" for i in range(rng.randint(1, 6))]
    models = [f"m{i}" for i in range(rng.randint(1, 6))]
    weights = {c: float(rng.randint(0, 5)) for c in criteria}
    weights[criteria[0]] = 3.0
    ratings = {m: {c: float(rng.randint(1, 5)) for c in criteria} for m in models}
    bands = {m: {c: rng.choice([0.0, 0.5, 1.0, 2.0]) for c in criteria} for m in models}
    return weights, ratings, bands, models


@pytest.mark.parametrize("seed", range(8))
def test_acceptability_rows_and_columns_sum_to_one_and_confidence_is_the_first_rank(seed: int) -> None:
    weights, ratings, bands, models = _random_instance(seed)
    u = rank_acceptability(weights, ratings, bands, models, samples=300)
    assert u is not None
    table = u.acceptability
    assert list(table) == models
    for row in table.values():
        assert len(row) == len(models)
        assert sum(row) == pytest.approx(1.0, abs=1e-12)
    for rank in range(len(models)):
        assert sum(row[rank] for row in table.values()) == pytest.approx(1.0, abs=1e-12)
    assert u.confidence == {m: row[0] for m, row in table.items()}
    for m, central in u.central_weights.items():
        assert (central is None) == (u.counts[m][0] == 0)


def _grid_reference(weights: dict[str, float], ratings: dict[str, dict[str, float]],
                    models: list[str], band: float, steps: int) -> dict[str, list[float]]:
    """The exact acceptability of a midpoint grid of ``steps`` points per weight over each
    weight's ±band interval (weights clamped to 0..5), ratings held fixed: a deterministic
    reference the sampled figures must approach."""
    criteria = list(weights)
    axes = [[weights[c] + band * (2 * (k + 0.5) / steps - 1) for k in range(steps)] for c in criteria]
    counts = {m: [0] * len(models) for m in models}
    total = 0
    for point in itertools.product(*axes):
        w = [min(5.0, max(0.0, x)) for x in point]
        if not any(w):
            continue
        scores = [sum(wc * (ratings[m][c] - 1) for wc, c in zip(w, criteria, strict=True))
                  for m in models]
        order = sorted(range(len(models)), key=lambda i: (-scores[i], i))
        for rank, i in enumerate(order):
            counts[models[i]][rank] += 1
        total += 1
    return {m: [n / total for n in row] for m, row in counts.items()}


def test_sampled_acceptability_matches_an_exact_grid_within_its_sampling_error() -> None:
    # Three models that trade places as the two weights move: every rank is contested.
    weights = {"cost": 2.0, "control": 2.5}
    ratings = {"a": {"cost": 5.0, "control": 1.0}, "b": {"cost": 1.0, "control": 5.0},
               "c": {"cost": 3.2, "control": 3.0}}
    models = ["a", "b", "c"]
    bands = {m: dict.fromkeys(weights, 0.0) for m in models}
    u = rank_acceptability(weights, ratings, bands, models, weight_band=1.5, samples=4000)
    assert u is not None
    reference = _grid_reference(weights, ratings, models, 1.5, 400)
    # 4,000 samples: one standard error is at most 0.5/√4000 ≈ 0.008; allow four.
    for m in models:
        for got, want in zip(u.acceptability[m], reference[m], strict=True):
            assert got == pytest.approx(want, abs=0.032)
    assert 0.05 < reference["c"][0] < 0.95  # the case really is contested


def test_rating_uncertainty_is_sampled_around_each_rating() -> None:
    # One criterion, two models rated 3 and 2 with bands of 1: the first wins when
    # 3 + x > 2 + y for x, y uniform on ±1, which holds with probability 7/8.
    u = rank_acceptability({"q": 3.0}, {"a": {"q": 3.0}, "b": {"q": 2.0}},
                           {"a": {"q": 1.0}, "b": {"q": 1.0}}, ["a", "b"], samples=4000)
    assert u is not None
    assert u.confidence["a"] == pytest.approx(7 / 8, abs=0.025)


@pytest.mark.parametrize("band", [0.0, 1.0])
def test_a_model_that_beats_every_other_on_every_criterion_always_comes_first(band: float) -> None:
    criteria = ["x", "y", "z"]
    ratings = {"low": dict.fromkeys(criteria, 1.0), "top": dict.fromkeys(criteria, 5.0),
               "mid": {"x": 2.0, "y": 1.0, "z": 2.0}}
    models = list(ratings)
    bands = {m: dict.fromkeys(criteria, band) for m in models}
    u = rank_acceptability(dict.fromkeys(criteria, 1.0), ratings, bands, models)
    assert u is not None
    assert u.confidence["top"] == 1.0
    assert u.central_weights["low"] is None and u.central_weights["mid"] is None


def test_a_dominating_model_of_a_catalog_that_declares_sure_ratings_has_confidence_one(
        tmp_path: Path) -> None:
    folder = write_catalog(tmp_path / "c", ["alpha", "beta", "gamma"],
                           {"cost": [4, 3, 1], "speed": [5, 2, 5], "reach": [3, 3, 2]},
                           uncertainty=0)
    catalog = load_catalog(folder)
    assert {r.uncertainty for c in catalog.criteria for r in c.ratings.values()} == {0.0}
    report = build_report(catalog, load_profile(write_profile(tmp_path / "p.yaml"), catalog), AS_OF)
    data = to_dict(report)["uncertainty"]
    assert data["confidence"] == {"alpha": 1.0, "beta": 0.0, "gamma": 0.0}
    assert data["acceptability"]["alpha"] == [1.0, 0.0, 0.0]
    assert data["central_weights"]["beta"] is None


def test_a_rating_declares_its_uncertainty_within_0_to_2_and_defaults_to_one(tmp_path: Path) -> None:
    plain = load_catalog(write_catalog(tmp_path / "plain", ["a", "b"], {"cost": [4, 3]}))
    assert [r.uncertainty for r in plain.criteria[0].ratings.values()] == [1.0, 1.0]
    half = load_catalog(write_catalog(tmp_path / "half", ["a", "b"], {"cost": [4, 3]},
                                      uncertainty=0.5))
    assert [r.uncertainty for r in half.criteria[0].ratings.values()] == [0.5, 0.5]
    with pytest.raises(InputError) as caught:
        load_catalog(write_catalog(tmp_path / "wide", ["a", "b"], {"cost": [4, 3]}, uncertainty=3))
    text = "\n".join(d.render() if hasattr(d, "render") else str(d)
                     for d in caught.value.diagnostics)
    assert "cost.yaml" in text and "uncertainty" in text


def test_knocked_out_models_stay_out_of_the_acceptability(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path / "c", ["alpha", "beta", "gamma"],
                           {"cost": [4, 3, 1], "speed": [5, 2, 5]}, knockouts={"b": ["alpha"]})
    catalog = load_catalog(folder)
    report = build_report(catalog, load_profile(write_profile(tmp_path / "p.yaml", "b"), catalog),
                          AS_OF)
    data = to_dict(report)["uncertainty"]
    assert list(data["acceptability"]) == ["beta", "gamma"]
    assert all(len(row) == 2 for row in data["acceptability"].values())


def test_check_builds_no_uncertainty_figure(catalog: object) -> None:
    cat = load_catalog()
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", cat)
    assert build_report(cat, profile, AS_OF, robust=False).uncertainty is None


def test_the_qa_example_reports_how_sure_its_advice_is() -> None:
    cat = load_catalog()
    report = build_report(cat, load_profile(EXAMPLES / "qa-nearshore.yaml", cat), AS_OF)
    data = to_dict(report)["uncertainty"]
    assert data["samples"] == 2000 and data["weight_band"] == 1.0
    winner = report.result.recommendation
    assert winner is not None
    assert max(data["confidence"], key=data["confidence"].get) == winner.model
    text = markdown.render(report)
    assert "## How sure" in text
    assert f"{report.model_name(winner.model)} comes first in" in text
    assert "wins under" not in text


def _json_under(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "sourcing_cli", *(args or ("assess", str(EXAMPLES / "qa-nearshore.yaml"))),
         "--format", "json", "--as-of", "2026-01-01"],
        cwd=ROOT, env=env, capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_uncertainty_json_is_byte_identical_across_runs_and_hash_seeds() -> None:
    first, second, third = _json_under("0"), _json_under("1"), _json_under("1")
    assert first == second == third
    assert json.loads(first)["uncertainty"]["acceptability"]


@pytest.mark.parametrize("args", [
    ("assess", str(EXAMPLES / "ml-pilot-onshore.yaml"), "--method", "all"),
    ("diff", str(ROOT / "tests" / "cases" / "diff" / "old.yaml"),
     str(ROOT / "tests" / "cases" / "diff" / "new.yaml")),
], ids=["method-all", "diff"])
def test_the_sampled_method_comparison_and_the_diffs_sureness_are_byte_identical(
        args: tuple[str, ...]) -> None:
    first, second = _json_under("0", *args), _json_under("7", *args)
    assert first == second
    data = json.loads(first)
    assert (data["agreement"]["under_uncertainty"] if args[0] == "assess"
            else data["uncertainty"]["winners"])


def test_the_panel_says_how_sure_in_one_sentence(cli: Callable[..., Run]) -> None:
    shown = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--as-of", "2026-01-01")
    assert shown.exit_code == 0, shown.stderr
    flat = " ".join(line.strip("│ ") for line in shown.stdout.splitlines())
    assert "How sure:" in flat
    assert "Nearshore outsourcing comes first in" in " ".join(flat.split())
    assert "of plausible weightings and ratings" in " ".join(flat.split())
    assert "wins under" not in flat


def test_under_topsis_the_sentence_says_the_samples_are_scored_by_the_weighted_sum() -> None:
    cat = load_catalog()
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", cat)
    wsm = markdown.render(build_report(cat, profile, AS_OF))
    topsis = markdown.render(build_report(cat, profile, AS_OF, "topsis"))
    assert "By the weighted sum, " not in wsm
    assert "By the weighted sum, Nearshore outsourcing comes first in" in topsis


def test_every_built_in_rating_declares_its_uncertainty_with_a_reason() -> None:
    from sourcing_cli.catalog import builtin_dir

    declared: dict[tuple[str, str], float] = {}
    for path in sorted(builtin_dir().glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        model = None
        for line in lines:
            if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
                model = line.strip()[:-1]
            if line.startswith("    uncertainty:"):
                value, _, why = line.split(":", 1)[1].partition("#")
                assert why.strip(), f"{path.name}: {model}'s uncertainty says no why"
                declared[(path.stem, str(model))] = float(value)
    cat = load_catalog()
    for criterion in cat.criteria:
        for model, rating in criterion.ratings.items():
            assert declared.get((criterion.id, model)) == rating.uncertainty, (criterion.id, model)
    # the scale is used both ways: plainly stated ratings are surer than inferred ones
    assert {0.5, 1.0, 1.5} <= set(declared.values())
    # e.g. the comparison table states captive offshoring's slow start outright; the sources say
    # nothing of a nearshore vendor's compliance, so that rating is an inference
    assert cat.criterion("speed").ratings["captive_offshore"].uncertainty == 0.5
    assert cat.criterion("compliance").ratings["nearshore_outsourcing"].uncertainty == 1.5


@pytest.mark.parametrize("seed", range(40))
def test_the_sampled_topsis_winner_is_the_exact_topsis_winner_without_perturbation(seed: int) -> None:
    from fractions import Fraction

    from sourcing_cli.methods.topsis import topsis

    weights, ratings, _, models = _random_instance(seed)
    still = {m: dict.fromkeys(weights, 0.0) for m in models}
    u = rank_acceptability(weights, ratings, still, models, weight_band=0.0, samples=3,
                           both_methods=True)
    assert u is not None and u.both_methods is not None
    rows = topsis({m: {c: int(r) for c, r in row.items()} for m, row in ratings.items()}, models,
                  {c: Fraction(w) for c, w in weights.items()})
    tied = {r.model for r in rows if r.key == rows[0].key}
    winners = {m for m, n in u.both_methods.topsis.items() if n}
    assert len(winners) == 1 and winners <= tied
    assert u.both_methods.topsis[winners.pop()] == 3


@pytest.mark.parametrize("seed", range(6))
def test_both_methods_rank_the_same_samples_and_leave_the_weighted_sum_unchanged(seed: int) -> None:
    weights, ratings, bands, models = _random_instance(seed)
    alone = rank_acceptability(weights, ratings, bands, models, samples=400)
    both = rank_acceptability(weights, ratings, bands, models, samples=400, both_methods=True)
    assert alone is not None and both is not None and both.both_methods is not None
    assert alone.both_methods is None
    assert (both.counts, both.central_weights) == (alone.counts, alone.central_weights)
    firsts = both.both_methods
    assert dict(firsts.weighted_sum) == {m: row[0] for m, row in alone.counts.items()}
    assert list(firsts.topsis) == models and sum(firsts.topsis.values()) == 400
    # agreement cannot exceed either method's first places, model by model
    assert firsts.same <= sum(min(firsts.weighted_sum[m], firsts.topsis[m]) for m in models)


def test_where_the_methods_disagree_the_report_ranks_the_same_samples_by_both() -> None:
    cat = load_catalog()
    profile = load_profile(EXAMPLES / "ml-pilot-onshore.yaml", cat)
    report = build_report(cat, profile, AS_OF, "all")
    data = to_dict(report)
    sampled = data["agreement"]["under_uncertainty"]
    assert data["agreement"]["same_winner"] is False
    assert sampled["first"]["weighted_sum"] == data["uncertainty"]["confidence"]
    assert sampled["same_winner"] < 1
    # one sampling: the rank acceptability is the one --method wsm reports
    plain = to_dict(build_report(cat, profile, AS_OF))
    assert plain["uncertainty"] == data["uncertainty"] and plain["agreement"] is None


def test_weights_and_ratings_sampled_together_match_an_exact_grid_over_both() -> None:
    # Two models, two criteria: the weights move by ±1 step and the first model's two ratings by
    # ±2 and ±1 (the second's are sure), both clamped at the scale's ends (5 + 2, 1.5 − 1). The
    # reference is a midpoint grid over all four intervals. Either source of doubt alone gives a
    # share far outside the tolerance (about 0.75 with the weights alone, 0.70 with the ratings
    # alone), so the test fails if either is left out.
    weights = {"cost": 2.0, "speed": 3.0}
    ratings = {"a": {"cost": 5.0, "speed": 1.5}, "b": {"cost": 2.0, "speed": 3.0}}
    bands = {"a": {"cost": 2.0, "speed": 1.0}, "b": {"cost": 0.0, "speed": 0.0}}
    u = rank_acceptability(weights, ratings, bands, ["a", "b"], samples=6000)
    assert u is not None
    steps = 24
    mid = [(2 * (k + 0.5) / steps - 1) for k in range(steps)]
    wins = total = 0
    for x1, x2, y1, y2 in itertools.product(mid, repeat=4):
        w1, w2 = max(0.0, 2.0 + x1), max(0.0, 3.0 + x2)
        r1, r2 = min(5.0, max(1.0, 5.0 + 2 * y1)), min(5.0, max(1.0, 1.5 + y2))
        a = w1 * (r1 - 1) + w2 * (r2 - 1)
        b = w1 * (2.0 - 1) + w2 * (3.0 - 1)
        wins += a >= b
        total += 1
    exact = wins / total
    assert 0.5 < exact < 0.65  # contested, and apart from either source alone
    # 6,000 samples: one standard error is at most 0.5/√6000 ≈ 0.0065; allow four
    assert u.confidence["a"] == pytest.approx(exact, abs=0.026)
    assert u.acceptability["a"] == pytest.approx([exact, 1 - exact], abs=0.026)


def test_the_sampled_topsis_first_agrees_with_exact_topsis_on_many_whole_rating_tables() -> None:
    # whole ratings make exact ties common: the float ranking must still give an exactly best one
    from fractions import Fraction

    from sourcing_cli.methods.topsis import topsis

    rng = random.Random(5)
    for _ in range(400):
        criteria = [f"c{i}" for i in range(rng.randint(1, 5))]
        models = [f"m{i}" for i in range(rng.randint(1, 5))]
        weights = [float(rng.randint(0, 3)) for _ in criteria]
        weights[0] = max(weights[0], 1.0)
        table = [[rng.randint(1, 3) for _ in criteria] for _ in models]
        named = {m: dict(zip(criteria, row, strict=True))
                 for m, row in zip(models, table, strict=True)}
        rows = topsis(named, models,
                      {c: Fraction(w) for c, w in zip(criteria, weights, strict=True)})
        best = {r.model for r in rows if r.key == rows[0].key}
        u = rank_acceptability(dict(zip(criteria, weights, strict=True)),
                               {m: {c: float(x) for c, x in row.items()} for m, row in named.items()},
                               {m: dict.fromkeys(criteria, 0.0) for m in models}, models,
                               weight_band=0.0, samples=1, both_methods=True)
        assert u is not None and u.both_methods is not None
        [first] = [m for m, n in u.both_methods.topsis.items() if n]
        assert first in best, (weights, table)


def test_the_sampled_method_sentence_escapes_model_names(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    folder = write_catalog(tmp_path / "c", ["alpha", "beta", "gamma"],
                           {"cost": [5, 3, 5], "speed": [5, 4, 5], "reach": [2, 3, 1]})
    models = folder / "models.yaml"
    models.write_text(models.read_text().replace("name: Beta,", 'name: "<b>\\e]0;x\\a# Beta",'))
    catalog = load_catalog(folder)
    profile = write_profile(tmp_path / "p.yaml")
    report = build_report(catalog, load_profile(profile, catalog), AS_OF, "all")
    assert report.methods is not None and report.methods.agreement is not None
    assert not report.methods.agreement.same_winner  # the weighted sum: Alpha; TOPSIS: "Beta"
    assert "\x1b]0;x" in report.model_name("beta")
    said = next(line for line in markdown.render(report).splitlines()
                if "On the same 2,000 samples" in line)
    assert "&lt;b&gt;" in said and "\x1b" not in said and "<b>" not in said
    shown = cli("assess", str(profile), "--criteria", str(folder), "-m", "all", "--as-of",
                "2026-01-01")
    assert shown.exit_code == 0, shown.stderr
    assert "On the same" in " ".join(shown.stdout.split()) and "\x1b]" not in shown.stdout
