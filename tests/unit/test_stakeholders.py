"""Group decisions: the ``stakeholders:`` format, the aggregation (AIJ, AIP), each stakeholder's
own winner, the consensus figures and how far the group would have to move."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from pathlib import Path

import ahpy  # type: ignore[import-untyped]
import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import assess
from sourcing_cli.errors import InputError
from sourcing_cli.group import _exact_shares
from sourcing_cli.methods.ahp import weights_from_judgements
from sourcing_cli.profile import Profile, load_profile
from sourcing_cli.render.assess_json import to_dict
from sourcing_cli.report import build_report
from sourcing_cli.stakeholders import MAX_STAKEHOLDERS, agreement_index
from sourcing_cli.weights import group_weights, resolve

AS_OF = date(2026, 3, 1)
CRITERIA = ("cost", "ip_protection", "compliance", "expertise")

CFO = [("cost", "ip_protection", 5), ("cost", "compliance", 7), ("cost", "expertise", 3),
       ("ip_protection", "compliance", 2), ("expertise", "ip_protection", 2),
       ("expertise", "compliance", 3)]
CISO = [("ip_protection", "cost", 5), ("compliance", "cost", 5), ("ip_protection", "compliance", 1),
        ("ip_protection", "expertise", 4), ("compliance", "expertise", 3),
        ("expertise", "cost", 2)]
CTO = [("expertise", "cost", 5), ("expertise", "ip_protection", 4), ("expertise", "compliance", 6),
       ("cost", "ip_protection", 1), ("cost", "compliance", 2), ("ip_protection", "compliance", 1)]

ANSWERS = """\
version: 1
answers:
  function: data_analytics
  ip_sensitivity: medium
  data_sensitivity: personal
  team_size: 40
  duration_months: 36
  time_to_start_weeks: 10
  cost_pressure: high
"""


def pairwise_yaml(judgements: list[tuple[str, str, int]]) -> str:
    return "[" + ", ".join(f"[{a}, {b}, {n}]" for a, b, n in judgements) + "]"


def load(tmp_path: Path, catalog: Catalog, text: str, name: str = "p.yaml") -> Profile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_profile(path, catalog, name)


def errors(tmp_path: Path, catalog: Catalog, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, catalog, text)
    return [d.render() for d in caught.value.diagnostics]


Member = tuple[str, str, float]  # name, the weighting as YAML, voice

AIJ_MEMBERS: list[Member] = [("CFO", f"pairwise: {pairwise_yaml(CFO)}", 2),
                             ("CISO", f"pairwise: {pairwise_yaml(CISO)}", 1),
                             ("CTO", f"pairwise: {pairwise_yaml(CTO)}", 1.5)]
AIP_MEMBERS: list[Member] = [("CFO", "priorities: {cost: 5, control: 0}", 1),
                             ("CISO", f"pairwise: {pairwise_yaml(CISO)}", 3),
                             ("CTO", "priorities: {expertise: 5, speed: 4}", 2)]


def group_text(*members: str) -> str:
    return ANSWERS + "stakeholders:\n" + "".join(f"  - {m}\n" for m in members)


def text_of(members: list[Member]) -> str:
    return group_text(*(f"{{name: {n}, {w}, weight: {v}}}" for n, w, v in members))


AIJ_TEXT = text_of(AIJ_MEMBERS)
AIP_TEXT = text_of(AIP_MEMBERS)


def matrix(judgements: list[tuple[str, str, int]]) -> list[list[float]]:
    index = {c: i for i, c in enumerate(CRITERIA)}
    m = [[1.0] * len(CRITERIA) for _ in CRITERIA]
    for a, b, n in judgements:
        m[index[a]][index[b]] = float(n)
        m[index[b]][index[a]] = 1 / n
    return m


def test_aij_is_the_eigenvector_of_the_weighted_geometric_mean_of_the_matrices(
        tmp_path: Path, catalog: Catalog) -> None:
    profile = load(tmp_path, catalog, AIJ_TEXT)
    assert profile.group is not None and profile.group.method == "aij"
    found, _, agg = group_weights(catalog, profile.answers, profile.group)
    # by hand: exponents 2/4.5, 1/4.5, 1.5/4.5; then the eigenvector by plain power iteration
    voices = (2.0, 1.0, 1.5)
    mats = [matrix(CFO), matrix(CISO), matrix(CTO)]
    n = len(CRITERIA)
    merged = [[math.prod(m[i][j] ** (v / sum(voices)) for m, v in zip(mats, voices, strict=True))
               for j in range(n)] for i in range(n)]
    vector = [1.0] * n
    for _ in range(1000):
        step = [sum(merged[i][j] * vector[j] for j in range(n)) for i in range(n)]
        vector = [x / sum(step) for x in step]
    lam = sum(sum(merged[i][j] * vector[j] for j in range(n)) for i in range(n))
    for c, expected in zip(CRITERIA, vector, strict=True):
        assert agg.shares[c] == pytest.approx(expected, abs=1e-9)
    assert agg.consistency_ratio == pytest.approx((lam - n) / (n - 1) / 0.89, abs=1e-9)
    # ahpy's eigenvector of the same aggregated matrix
    comparisons = {(CRITERIA[i], CRITERIA[j]): merged[i][j]
                   for i in range(n) for j in range(i + 1, n)}
    theirs = ahpy.Compare("group", comparisons, precision=12).target_weights
    for c in CRITERIA:
        assert agg.shares[c] == pytest.approx(theirs[c], abs=1e-9)
    # the criteria no judgement names weigh 0; the largest share is 5 on the priority scale
    assert found.values["risk"] == 0 and max(found.values.values()) == 5
    assert found.values["cost"] == pytest.approx(5 * agg.shares["cost"] / max(agg.shares.values()))
    assert {s.origin for s in found.sources.values()} == {"group"}


def test_aip_is_the_weighted_geometric_mean_of_normalised_weights(
        tmp_path: Path, catalog: Catalog) -> None:
    profile = load(tmp_path, catalog, AIP_TEXT)
    assert profile.group is not None and profile.group.method == "aip"
    _, members, agg = group_weights(catalog, profile.answers, profile.group)
    # by hand: each stakeholder's weights as a profile of their own would resolve them
    cfo = resolve(catalog, profile.answers, {"cost": 5, "control": 0})
    ciso = resolve(catalog, profile.answers, {}, weights_from_judgements(CISO, catalog.criterion_ids))
    cto = resolve(catalog, profile.answers, {"expertise": 5, "speed": 4})
    assert [m.values for m in members] == [cfo.values, ciso.values, cto.values]
    voices = (1.0, 3.0, 2.0)
    vectors = [{c: w.values[c] / sum(w.values.values()) for c in catalog.criterion_ids}
               for w in (cfo, ciso, cto)]
    product = {c: math.prod(v[c] ** (k / sum(voices)) for v, k in zip(vectors, voices, strict=True))
               for c in catalog.criterion_ids}
    total = sum(product.values())
    for c in catalog.criterion_ids:
        assert agg.shares[c] == pytest.approx(product[c] / total, abs=1e-9)
    # a 0 (the CFO's control; the CISO's unnamed criteria) is a defined 0 for the group
    assert agg.shares["control"] == 0 and agg.shares["speed"] == 0
    assert agg.shares["cost"] > 0 and agg.consistency_ratio is None


def test_different_criteria_sets_fall_back_to_aip(tmp_path: Path, catalog: Catalog) -> None:
    fewer = [j for j in CTO if "compliance" not in j[:2]]
    profile = load(tmp_path, catalog, group_text(f"{{name: A, pairwise: {pairwise_yaml(CFO)}}}",
                                                 f"{{name: B, pairwise: {pairwise_yaml(fewer)}}}"))
    assert profile.group is not None and profile.group.method == "aip"


@pytest.mark.parametrize("members", [AIJ_MEMBERS, AIP_MEMBERS], ids=["aij", "aip"])
@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_each_stakeholders_own_winner_is_assessing_them_alone(
        tmp_path: Path, catalog: Catalog, members: list[Member], method: str) -> None:
    report = build_report(catalog, load(tmp_path, catalog, text_of(members)), AS_OF, method)
    assert report.group is not None
    data = to_dict(report)
    group_winner = data["recommendation"]["model"]
    winners = set()
    for (name, weighting, voice), item in zip(members, data["stakeholders"], strict=True):
        alone = load(tmp_path, catalog, ANSWERS + weighting + "\n", f"{name}.yaml")
        own = to_dict(build_report(catalog, alone, AS_OF, method))
        assert item["name"] == name and item["weight"] == voice
        assert item["winner"] == own["recommendation"]["model"]
        assert item["weights"] == own["weights"]
        assert item["score_of_winner"] == own["recommendation"]["score"]
        scored = next(r["score"] for r in own["ranking"] if r["model"] == group_winner)
        assert item["score_of_group_winner"] == scored
        winners.add(item["winner"])
    assert len(winners) > 1, "the fixture should split the stakeholders"


def test_a_group_profile_scores_with_the_group_weights(tmp_path: Path, catalog: Catalog) -> None:
    profile = load(tmp_path, catalog, AIP_TEXT)
    report = build_report(catalog, profile, AS_OF)
    assert report.group is not None
    assert dict(report.result.weights) == dict(report.group.weights)
    data = to_dict(report)
    assert data["weights_method"] == "group" and data["group"]["method"] == "aip"
    assert data["group"]["winner"] == data["recommendation"]["model"]
    # every existing feature keeps working on a group profile
    assert data["tipping_points"] and data["uncertainty"] is not None
    assert data["answer_tipping_points"] is not None


def test_the_move_toward_a_stakeholder_is_exact_and_the_first_that_flips(
        tmp_path: Path, catalog: Catalog) -> None:
    profile = load(tmp_path, catalog, AIJ_TEXT)
    report = build_report(catalog, profile, AS_OF)
    view = report.group
    assert view is not None
    movers = [p for p in view.positions if p.move is not None]
    assert movers, "the fixture should have a stakeholder who disagrees with the group"
    result = report.result
    running = [r.model for r in result.ranking]
    position_of = {m: i for i, m in enumerate(catalog.model_ids)}

    def leader(x: Fraction, theirs: dict[str, float]) -> str:
        g = _exact_shares(view.weights, catalog.criterion_ids)
        s = _exact_shares(theirs, catalog.criterion_ids)
        points = {m: sum(((1 - x) * g[c] + x * s[c]) * (result.ratings[m][c] - 1)
                         for c in catalog.criterion_ids) for m in running}
        return min(running, key=lambda m: (-points[m], position_of[m]))

    for p in movers:
        assert p.move is not None and p.winner == p.move.model
        at = Fraction(*p.move.exact)
        assert 0 < at <= 1
        beyond = at + Fraction(1, 10**9)
        if p.move.kind == "tie":
            assert leader(at, dict(p.weights)) == p.winner
        else:
            assert leader(at, dict(p.weights)) != p.winner
            assert leader(min(beyond, Fraction(1)), dict(p.weights)) == p.winner
        assert leader(at - Fraction(1, 10**9), dict(p.weights)) != p.winner
        # more voice: at the factor found the group chooses their winner, a little less does not
        if p.move.voice is not None:
            index = view.positions.index(p)
            assert profile.group is not None
            louder = profile.group.with_voice(index, p.move.voice)
            weights = resolve(catalog, profile.answers, {}, None, louder).values
            assert assess(catalog, profile.answers, weights).recommendation.model == p.winner  # type: ignore[union-attr]
            quieter = profile.group.with_voice(index, p.move.voice / 1.002)
            weights = resolve(catalog, profile.answers, {}, None, quieter).values
            assert assess(catalog, profile.answers, weights).recommendation.model != p.winner  # type: ignore[union-attr]


def test_consensus_figures(tmp_path: Path, catalog: Catalog) -> None:
    same = dict.fromkeys(("a", "b", "c"), 1.0 / 3)
    assert agreement_index([same, same], [0.5, 0.5], ["a", "b", "c"]) == 1
    apart = [{"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 1.0}]
    assert agreement_index(apart, [0.5, 0.5], ["a", "b"]) == 0
    view = build_report(catalog, load(tmp_path, catalog, AIJ_TEXT), AS_OF).group
    assert view is not None
    agreeing = sum(p.voice for p in view.positions if p.winner == view.winner)
    assert view.voice_agreeing == pytest.approx(agreeing / sum(p.voice for p in view.positions))
    assert 0 < view.agreement < 1
    spreads = [s.max - s.min for s in view.disagreement]
    assert spreads == sorted(spreads, reverse=True) and len(spreads) == len(catalog.criterion_ids)
    widest = view.disagreement[0]
    assert widest.max == max(p.shares[widest.criterion] for p in view.positions)


# --- located errors ---------------------------------------------------------------------------

def test_an_inconsistent_stakeholder_is_a_located_error_naming_them_and_their_worst_judgement(
        tmp_path: Path, catalog: Catalog) -> None:
    bad = "[[cost, speed, 9], [speed, risk, 9], [risk, cost, 9]]"
    found = errors(tmp_path, catalog, group_text("{name: CFO, priorities: {cost: 5}}",
                                                 f"{{name: CISO, pairwise: {bad}}}"))
    assert len(found) == 1
    line = ANSWERS.count("\n") + 3
    assert found[0].startswith(f"p.yaml:{line}:")
    assert "stakeholders[1] ('CISO').pairwise[0]: the judgements are inconsistent" in found[0]
    assert "[cost, speed, 9]" in found[0]


def test_stakeholders_beside_top_level_weights_is_a_located_error(
        tmp_path: Path, catalog: Catalog) -> None:
    text = ANSWERS + "priorities: {cost: 4}\npairwise: [[cost, risk, 3]]\nstakeholders:\n" \
                     "  - {name: CFO, priorities: {cost: 5}}\n"
    found = errors(tmp_path, catalog, text)
    first = ANSWERS.count("\n") + 1
    assert f"p.yaml:{first}:1: error: priorities: a profile with stakeholders weighs" in found[0]
    assert "move these priorities into a stakeholder, or remove 'stakeholders'" in found[0]
    assert any(f.startswith(f"p.yaml:{first + 1}:1: error: pairwise: a profile with "
                            "stakeholders") for f in found)


def test_every_stakeholder_problem_of_a_file_is_reported_together(
        tmp_path: Path, catalog: Catalog) -> None:
    text = group_text("{name: CFO, priorities: {cots: 5}}",
                      "{name: CFO, priorities: {cost: 5}, pairwise: [[cost, risk, 3]]}",
                      "{name: CTO}",
                      "{name: Ops, priorities: {speed: 3}, weight: 0}",
                      "{name: Legal, priorities: {speed: 3}, weight: -2, role: counsel}")
    found = errors(tmp_path, catalog, text)
    joined = "\n".join(found)
    start = ANSWERS.count("\n") + 2
    assert f"p.yaml:{start}:30: error: stakeholders[0] ('CFO').priorities: unknown criterion " \
           "'cots'; did you mean 'cost'?" in joined
    assert f"p.yaml:{start + 1}:12: error: stakeholders[1] ('CFO'): the name is already used at " \
           f"line {start}" in joined
    assert "stakeholders[1] ('CFO'): gives both priorities and pairwise judgements" in joined
    assert "stakeholders[2] ('CTO'): gives neither priorities nor pairwise judgements" in joined
    assert f"p.yaml:{start + 3}:" in joined and "stakeholders[3].weight" in joined
    assert "stakeholders[4].weight" in joined and "unknown key 'role'" in joined
    assert all(": error: " in f for f in found)


def test_an_empty_or_oversized_list_is_a_located_error(tmp_path: Path, catalog: Catalog) -> None:
    found = errors(tmp_path, catalog, ANSWERS + "stakeholders: []\n")
    assert found == [f"p.yaml:{ANSWERS.count(chr(10)) + 1}:1: error: stakeholders: no stakeholders; "
                     "give at least one {name, priorities} or remove the key"]
    many = "".join(f"  - {{name: s{i}, priorities: {{cost: 3}}}}\n"
                   for i in range(MAX_STAKEHOLDERS + 1))
    found = errors(tmp_path, catalog, ANSWERS + "stakeholders:\n" + many)
    assert len(found) == 1 and f"over the limit of {MAX_STAKEHOLDERS}" in found[0]
    assert "docs/limits.md" in found[0]


def test_a_group_that_vetoes_every_criterion_is_a_located_error(
        tmp_path: Path, catalog: Catalog) -> None:
    found = errors(tmp_path, catalog, group_text(
        "{name: A, pairwise: [[cost, risk, 3]]}", "{name: B, pairwise: [[speed, control, 2]]}"))
    assert len(found) == 1 and "so the group weighs them all 0" in found[0]
    zero = dict.fromkeys(catalog.criterion_ids, 0)
    found = errors(tmp_path, catalog, group_text(f"{{name: A, priorities: {zero}}}".replace("'", ""),
                                                 "{name: B, priorities: {cost: 2}}"))
    assert found == [f"p.yaml:{ANSWERS.count(chr(10)) + 2}:5: error: stakeholders[0] ('A'): every "
                     "criterion has weight 0; give at least one criterion a priority above 0"]


def test_a_zero_is_a_veto_and_the_report_names_who_cast_it(tmp_path: Path, catalog: Catalog) -> None:
    report = build_report(catalog, load(tmp_path, catalog, AIP_TEXT), AS_OF)
    view = report.group
    assert view is not None
    vetoed = dict(view.vetoed)
    assert vetoed["control"] == ("CFO", "CISO")  # the CFO's 0, and the CISO's judgements omit it
    assert vetoed["speed"] == ("CISO",)
    assert all(view.shares[c] == 0 for c in vetoed)
    assert "cost" not in vetoed and "compliance" not in vetoed
    assert to_dict(report)["group"]["vetoed"][0] == {"criterion": "control", "by": ["CFO", "CISO"]}


def test_the_veto_is_explained_with_the_way_out(tmp_path: Path, catalog: Catalog) -> None:
    """A criterion zeroed by one voice is said, with why (a geometric mean) and how to let it count,
    in the table and the Markdown alike."""
    from sourcing_cli.render.markdown import render as markdown
    from sourcing_cli.render.stakeholders import veto_sentence

    report = build_report(catalog, load(tmp_path, catalog, AIP_TEXT), AS_OF)
    assert report.group is not None
    sentence = veto_sentence(report, report.group)
    assert sentence is not None
    assert "Speed to deploy (CISO)" in sentence and "one voice's 0 is a veto" in sentence
    assert "give that stakeholder a priority above 0 for them" in sentence
    assert "one voice's 0 is a veto" in markdown(report).replace("\n", " ")
