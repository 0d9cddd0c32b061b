"""``assess --method`` and ``pairwise:`` end to end: JSON keys, panels, errors, degenerate catalogs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sourcing_cli.catalog import load_catalog
from sourcing_cli.profile import ProfileFile
from sourcing_cli.render.methods_views import TAU_AGREE, tau_text, tau_words
from sourcing_cli.schema import profile_schema
from tests.helpers import EXAMPLES, Run
from tests.small_catalog import write_catalog, write_profile

Cli = Callable[..., Run]
AS_OF = ("--as-of", "2026-01-01")
AHP_PROFILE = """\
version: 1
name: AHP
answers: {function: qa_testing}
pairwise:
  - [cost, control, 3]
  - [cost, speed, 5]
  - [control, speed, 2]
"""


def _flat(text: str) -> str:
    """Terminal text as one line: panel borders and wrapping gone."""
    return " ".join(text.replace("│", " ").split())


def _json(cli: Cli, *args: str) -> dict[str, Any]:
    run = cli("assess", *args, "--format", "json", *AS_OF)
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def test_topsis_leads_the_report(cli: Cli) -> None:
    data = _json(cli, str(EXAMPLES / "ml-pilot-onshore.yaml"), "--method", "topsis")
    assert data["method"] == "topsis"
    assert [r["model"] for r in data["ranking"]] == [r["model"] for r in data["topsis"]]
    assert [r["score"] for r in data["ranking"]] == [r["score"] for r in data["topsis"]]
    assert all(r["contributions"] == {} for r in data["ranking"])
    assert data["recommendation"]["model"] == "nearshore_outsourcing" == data["topsis"][0]["model"]
    assert data["tipping_points"] == []
    assert data["agreement"] is None
    # Robustness is the weighted sum's, and says whose it is.
    assert data["robustness"]["model"] == "onshore_outsourcing"
    assert {r["model"] for r in data["topsis"]}.isdisjoint({e["model"] for e in data["excluded"]})


def test_wsm_is_the_default_and_reports_robustness(cli: Cli) -> None:
    data = _json(cli, str(EXAMPLES / "qa-nearshore.yaml"))
    assert (data["method"], data["weights_method"], data["ahp"], data["topsis"]) == (
        "wsm", "priorities", None, None)
    assert data["robustness"] == {"model": "nearshore_outsourcing", "share": 22234992 / 60466175,
                                  "settings": 60466175, "wins": 22234992,
                                  "otherwise": "onshore_outsourcing"}
    assert data["tipping_points"]


def test_all_shows_both_rankings_and_says_when_they_disagree(cli: Cli) -> None:
    profile = str(EXAMPLES / "ml-pilot-onshore.yaml")
    data = _json(cli, profile, "--method", "all")
    assert data["recommendation"]["model"] == "onshore_outsourcing"
    sampled = data["agreement"].pop("under_uncertainty")
    assert data["agreement"] == {"kendall_tau": pytest.approx(1 / 3), "same_winner": False,
                                 "weighted_sum": "onshore_outsourcing",
                                 "topsis": "nearshore_outsourcing"}
    # the same samples as the rank acceptability, ranked by both methods
    assert sampled["samples"] == data["uncertainty"]["samples"]
    assert sampled["first"]["weighted_sum"] == data["uncertainty"]["confidence"]
    assert sum(sampled["first"]["topsis"].values()) == pytest.approx(1.0)
    assert list(sampled["first"]["topsis"]) == list(data["uncertainty"]["confidence"])
    assert 0 < sampled["same_winner"] < 1
    run = cli("assess", profile, "--method", "all", *AS_OF)
    assert run.exit_code == 0, run.stderr
    text = _flat(run.stdout)
    assert "Weighted sum vs TOPSIS" in text
    assert ("The methods disagree: the weighted sum recommends Onshore outsourcing, TOPSIS "
            "Nearshore outsourcing; their full rankings agree only loosely (Kendall's τ = 0.33; 1 is "
            "the same order, −1 the reverse); weigh both before deciding.") in text
    wsm_first, topsis_first = sampled["first"]["weighted_sum"], sampled["first"]["topsis"]
    said = (f"On the same 2,000 samples of plausible weightings and ratings, Onshore outsourcing "
            f"comes first in {100 * wsm_first['onshore_outsourcing']:.1f}% by the weighted sum "
            f"and {100 * topsis_first['onshore_outsourcing']:.1f}% by TOPSIS; Nearshore "
            f"outsourcing in {100 * wsm_first['nearshore_outsourcing']:.1f}% and "
            f"{100 * topsis_first['nearshore_outsourcing']:.1f}%.")
    assert said in text
    # The grid share reads as self-doubt and names a model ranked lower: JSON only.
    assert "priority settings" not in text and "Robustness" not in text
    markdown = cli("assess", profile, "--method", "all", "--format", "markdown", *AS_OF).stdout
    assert "priority settings" not in markdown and "Robustness" not in markdown
    assert "## Weighted sum vs TOPSIS" in markdown
    assert "| 1 | Onshore outsourcing | 71.6 | Nearshore outsourcing | 68.5 |" in markdown
    assert "**The methods disagree:" in markdown
    assert said in markdown


def test_agreement_is_said_too(cli: Cli) -> None:
    run = cli("assess", str(EXAMPLES / "support-offshore.yaml"), "-m", "all", *AS_OF)
    assert ("The weighted sum and TOPSIS recommend the same model, Offshore outsourcing; their "
            "full rankings are identical (Kendall's τ = 1.00; 1 is the same order, −1 the "
            "reverse).") in _flat(run.stdout)
    # the sampled comparison is in the JSON, but a sentence only when the winners differ
    assert "On the same" not in _flat(run.stdout)
    data = _json(cli, str(EXAMPLES / "support-offshore.yaml"), "-m", "all")
    assert data["agreement"]["under_uncertainty"]["same_winner"] > 0.5


def test_topsis_reasons_are_in_topsis_terms(cli: Cli) -> None:
    """Under TOPSIS the "Why" list carries no weighted-sum points: each reason is a criterion on
    which the winner out-rates the runner-up, by their gap on TOPSIS's weighted, normalised
    scale (w·Δr/‖column‖, weights summing to 1), largest first."""
    data = _json(cli, str(EXAMPLES / "qa-nearshore.yaml"), "-m", "topsis")
    rec = data["recommendation"]
    ranking = {r["model"]: r["ratings"] for r in data["ranking"]}
    total = sum(data["weights"].values())
    expected = []
    for c, w in data["weights"].items():
        mine, theirs = ranking[rec["model"]][c], ranking[rec["runner_up"]][c]
        if w and mine > theirs:
            norm = sum(r[c] ** 2 for r in ranking.values()) ** 0.5
            expected.append((c, w / total * (mine - theirs) / norm))
    expected.sort(key=lambda t: -t[1])
    reasons = rec["reasons"]
    assert [r["criterion"] for r in reasons] == [c for c, _ in expected[:3]]
    for reason, (_, gap) in zip(reasons, expected, strict=False):
        assert reason["points"] is None and reason["earned"] is None
        assert reason["separation"] == pytest.approx(gap)
        assert reason["rating"] > reason["other_rating"]
    why = _flat(cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "-m", "topsis", *AS_OF).stdout)
    why = why.split("Why:", 1)[1].split("Knocked out:", 1)[0]
    assert "points" not in why and why.count("nearer the ideal on TOPSIS's weighted scale") == 3


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_the_agreement_sentence_never_says_agree_where_tau_says_otherwise(
    cli: Cli, example: str
) -> None:
    """Whether the methods recommend the same model is said apart from how alike the full
    rankings are, and the words for that always match the τ printed beside them."""
    profile = str(EXAMPLES / example)
    agreement = _json(cli, profile, "-m", "all")["agreement"]
    tau = agreement["kendall_tau"]
    if tau is None:
        return
    text = _flat(cli("assess", profile, "-m", "all", *AS_OF).stdout)
    sentence = text.split("Methods:", 1)[1].split("╰", 1)[0].split("Defaulted answers:", 1)[0]
    assert "Robustness" not in text
    assert f"their full rankings {tau_words(tau)} (Kendall's τ = {tau_text(tau)};" in sentence
    if tau <= TAU_AGREE:
        assert "agree" not in sentence.split("; their full rankings", 1)[1].split("(", 1)[0]
    if agreement["same_winner"]:
        assert sentence.strip().startswith("The weighted sum and TOPSIS recommend the same model")


def test_topsis_panel_explains_the_score_and_leaves_out_tipping_points(cli: Cli) -> None:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "-m", "topsis", *AS_OF)
    text = _flat(run.stdout)
    assert "Tipping points" not in text
    assert "TOPSIS: score = 100 × closeness to the ideal" in text
    assert "wins under" not in text and "Robustness" not in text


def test_ahp_weights(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ahp.yaml"
    path.write_text(AHP_PROFILE)
    data = _json(cli, str(path))
    assert data["weights_method"] == "ahp"
    assert data["ahp"]["consistency_ratio"] == pytest.approx(0.0035525, abs=1e-6)
    assert list(data["ahp"]["weights"]) == ["control", "cost", "speed"]
    assert data["ahp"]["weights"]["cost"] == pytest.approx(0.6483290138, abs=1e-9)
    assert data["weights"]["cost"] == 5.0
    assert data["weights"]["speed"] == pytest.approx(5 * 0.1220201921 / 0.6483290138)
    assert data["weights"]["risk"] == 0.0
    assert data["weight_sources"]["risk"] == {
        "from": "ahp", "reason": "not named in the pairwise judgements", "source": None}
    markdown = cli("assess", str(path), "--format", "markdown", *AS_OF).stdout
    assert "| Cost | 5 | pairwise judgements (AHP) |" in markdown
    assert ("Weights from pairwise judgements (AHP): Control 23%, Cost 64.8%, Speed to deploy 12.2%; "
            "consistency ratio 0.004 (limit 0.10); criteria not named weigh 0.") in markdown


def test_an_inconsistent_set_names_the_worst_judgement_at_its_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text("version: 1\npairwise:\n  - [cost, control, 9]\n  - [control, speed, 9]\n"
                    "  - [speed, cost, 9]\n")
    for command in (("assess", str(path)), ("validate", str(path))):
        run = cli(*command)
        assert run.exit_code == 2
        assert f"{path}:3:5: error: pairwise[0]: the judgements are inconsistent (consistency " \
               "ratio 6.84, above 0.10); the one most at odds with the rest is [cost, control, 9]: " \
               "the others imply cost matters 1/81 times as much as control; with 1/9, the nearest " \
               "value on Saaty's scale, the consistency ratio would be 0.54; revise other " \
               "judgements too" in run.stderr


def test_one_bad_judgement_among_good_ones(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text("version: 1\npairwise:\n  - [cost, control, 2]\n  - [cost, speed, 4]\n"
                    "  - [control, speed, 2]\n  - [cost, risk, 2]\n  - [risk, control, 1/9]\n"
                    "  - [risk, speed, 2]\n")
    run = cli("assess", str(path))
    assert run.exit_code == 2
    assert run.stderr == (
        f"{path}:7:5: error: pairwise[4]: the judgements are inconsistent (consistency ratio 0.25, "
        "above 0.10); the one most at odds with the rest is [risk, control, 1/9]: the others imply "
        "risk matters just as much as control; with 1, the nearest value on Saaty's scale, the "
        "consistency ratio would be 0.00\n")


def test_missing_pairs_are_listed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "gaps.yaml"
    path.write_text("version: 1\npairwise:\n  - [cost, control, 3]\n  - [risk, speed, 1/2]\n")
    run = cli("assess", str(path))
    assert run.exit_code == 2
    assert run.stderr == (
        f"{path}:2:1: error: pairwise: 4 pairs of the criteria named not judged: [control, risk], "
        "[control, speed], [cost, risk], [cost, speed]; every pair needs a judgement\n")


def test_every_malformed_judgement_is_reported_at_its_place(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\npriorities: {cost: 3}\npairwise:\n  - [cost, control, 1/3]\n"
                    "  - [cots, speed, 12]\n  - [risk, risk, 2]\n  - [control, cost, 2]\n"
                    "  - [cost, risk]\n  - [cost, speed, \"1/0\"]\n")
    run = cli("assess", str(path))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{path}:3:1: error: pairwise: give either priorities or pairwise judgements, not both "
        "(the weights come from one of them)",
        f"{path}:5:6: error: pairwise[1]: unknown criterion 'cots'; did you mean 'cost'?",
        f"{path}:5:19: error: pairwise[1]: N must be a number from 1/9 to 9 (Saaty's scale), such "
        "as 3 or 1/3; got 12",
        f"{path}:6:5: error: pairwise[2]: compares risk with itself; name two criteria",
        f"{path}:7:5: error: pairwise[3]: [control, cost] is already judged at line 4",
        f"{path}:8:5: error: pairwise[4]: expected [a, b, N], read \"a matters N times as much as "
        "b\", such as [cost, control, 3]",
        f"{path}:9:19: error: pairwise[5]: N must be a number from 1/9 to 9 (Saaty's scale), such "
        "as 3 or 1/3; got '1/0'",
    ]


def test_pairwise_must_be_a_non_empty_list(cli: Cli, tmp_path: Path) -> None:
    empty, scalar = tmp_path / "empty.yaml", tmp_path / "scalar.yaml"
    empty.write_text("version: 1\npairwise: []\n")
    scalar.write_text("version: 1\npairwise: 3\n")
    assert cli("assess", str(empty)).stderr == (
        f"{empty}:2:11: error: pairwise: no judgements; give at least one [a, b, N] or remove the key\n")
    assert cli("assess", str(scalar)).stderr == (
        f"{scalar}:2:11: error: pairwise: expected a list, got 3\n")


@pytest.mark.parametrize("method", ["wsm", "topsis", "all"])
def test_json_and_markdown_are_byte_identical_across_runs(cli: Cli, tmp_path: Path, method: str) -> None:
    path = tmp_path / "ahp.yaml"
    path.write_text(AHP_PROFILE)
    for fmt in ("json", "markdown"):
        runs = [cli("assess", str(path), "-m", method, "-f", fmt, *AS_OF).stdout for _ in range(2)]
        assert runs[0] == runs[1]


# ---- degenerate catalogs ----------------------------------------------------------------------

MODELS = ["alpha", "beta", "gamma"]
RATINGS = {"quality": [4, 2, 3], "price": [2, 5, 3], "reach": [3, 3, 3]}
KNOCKOUTS = {"b": ["beta", "gamma"], "c": ["alpha", "beta", "gamma"]}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "catalog", MODELS, RATINGS, KNOCKOUTS)


def test_every_model_knocked_out(cli: Cli, small: Path, tmp_path: Path) -> None:
    profile = str(write_profile(tmp_path / "p.yaml", "c"))
    data = _json(cli, profile, "--criteria", str(small), "-m", "all")
    assert (data["recommendation"], data["robustness"], data["topsis"], data["agreement"]) == (
        None, None, [], None)
    assert data["ranking"] == []
    for method in ("wsm", "topsis", "all"):
        run = cli("assess", profile, "--criteria", str(small), "-m", method, *AS_OF)
        assert run.exit_code == 0
        assert "Every model was knocked out; there is nothing to recommend." in run.stdout
        markdown = cli("assess", profile, "--criteria", str(small), "-m", method, "-f", "markdown",
                       *AS_OF)
        assert "**No recommendation:** every model was knocked out." in markdown.stdout


def test_a_single_model_left(cli: Cli, small: Path, tmp_path: Path) -> None:
    profile = str(write_profile(tmp_path / "p.yaml", "b"))
    data = _json(cli, profile, "--criteria", str(small), "-m", "all")
    assert data["recommendation"]["model"] == "alpha"
    assert data["robustness"] == {"model": "alpha", "share": 1.0, "settings": 215, "wins": 215,
                                  "otherwise": None}
    assert data["topsis"] == [{"model": "alpha", "score": 100.0, "rank": 1, "distance_to_ideal": 0.0,
                               "distance_to_anti_ideal": 0.0}]
    assert data["agreement"] == {"kendall_tau": None, "same_winner": True, "weighted_sum": "alpha",
                                 "topsis": "alpha", "under_uncertainty": {
                                     "samples": 2000, "same_winner": 1.0,
                                     "first": {"weighted_sum": {"alpha": 1.0},
                                               "topsis": {"alpha": 1.0}}}}
    run = cli("assess", profile, "--criteria", str(small), "-m", "all", *AS_OF)
    assert run.exit_code == 0, run.stderr
    assert "priority settings" not in _flat(run.stdout)
    assert data["recommendation"]["reasons"] == []  # the knock-outs, not its ratings, decided
    topsis = _json(cli, profile, "--criteria", str(small), "-m", "topsis")
    assert topsis["recommendation"] == {"model": "alpha", "score": 100.0, "margin": None,
                                        "runner_up": None, "tie": False, "reasons": []}


def test_a_criterion_where_every_model_is_equal(cli: Cli, small: Path, tmp_path: Path) -> None:
    profile = str(write_profile(tmp_path / "p.yaml", "a", "priorities: {quality: 0, price: 0, reach: 5}\n"))
    data = _json(cli, profile, "--criteria", str(small), "-m", "all")
    # Only 'reach' weighs, and it rates everyone 3: a three-way tie, to the first listed.
    assert [r["score"] for r in data["ranking"]] == [50.0, 50.0, 50.0]
    assert [r["score"] for r in data["topsis"]] == [100.0, 100.0, 100.0]
    assert data["recommendation"]["model"] == "alpha" and data["recommendation"]["tie"] is True
    assert data["agreement"]["kendall_tau"] is None


# ---- schema -------------------------------------------------------------------------------------


def test_the_profile_schema_knows_pairwise() -> None:
    schema = profile_schema(load_catalog())
    assert set(schema["properties"]) == set(ProfileFile.model_fields)
    validator = jsonschema.Draft7Validator(schema)
    import yaml

    assert not list(validator.iter_errors(yaml.safe_load(AHP_PROFILE)))
    with_fraction = yaml.safe_load("version: 1\npairwise: [[cost, control, 1/3]]\n")
    assert not list(validator.iter_errors(with_fraction))
    assert list(validator.iter_errors(yaml.safe_load("version: 1\npairwise: [[cost, control, 10]]\n")))
    assert list(validator.iter_errors(yaml.safe_load("version: 1\npairwise: [[cost, cots, 3]]\n")))
