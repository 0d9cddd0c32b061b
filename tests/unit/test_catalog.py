"""The built-in catalog: complete, cited word for word, and strict about broken catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sourcing_cli import conditions as cond
from sourcing_cli.catalog import Adjustment, Catalog, Criterion, load_catalog
from sourcing_cli.errors import InputError
from tests.helpers import ROOT

SEEDS = ROOT / "tests" / "data" / "seeds"


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def test_builtin_catalog_is_complete(catalog: Catalog) -> None:
    assert catalog.model_ids == ("in_house", "onshore_outsourcing", "nearshore_outsourcing",
                                 "offshore_outsourcing", "captive_offshore")
    assert catalog.criterion_ids == ("control", "cost", "scalability", "ip_protection", "risk",
                                     "speed", "expertise", "collaboration", "compliance",
                                     "strategy")
    assert [q.id for q in catalog.questions] == [
        "function", "strategic_importance", "ip_sensitivity", "data_sensitivity",
        "data_residency", "team_size", "duration_months", "time_to_start_weeks",
        "demand_variability", "cost_pressure", "control_need", "overlap_hours_needed",
        "in_house_expertise", "management_capacity", "centre_location", "expansion_plans",
        "long_term_capability", "coverage", "cloud_collaboration"]
    assert {k.id for k in catalog.knockouts} == {"data_stays_in_country", "data_stays_in_region",
                                                 "no_time_to_build_a_centre"}
    assert [r.id for r in catalog.regions.regions][:1] == ["eea"]
    assert len(catalog.digest) == 64


def test_every_citation_quotes_its_source_word_for_word(catalog: Catalog) -> None:
    texts = {s: normalise((SEEDS / f"{s}.txt").read_text(encoding="utf-8")) for s in catalog.sources}
    cites = []
    for criterion in catalog.criteria:
        cites += [(f"{criterion.id}/{m}", r.cite) for m, r in criterion.ratings.items()]
        cites += [(f"{criterion.id}/{a.id}", a.cite) for a in criterion.adjustments]
        for i, rule in enumerate(criterion.weight_rules):
            assert rule.cite is not None, f"{criterion.id}/weight_rules[{i}] cites no passage"
            cites.append((f"{criterion.id}/weight_rules[{i}]", rule.cite))
    cites += [(k.id, k.cite) for k in catalog.knockouts]
    cites += [(f.id, f.cite) for f in catalog.red_flags.all_flags()]
    assert len(cites) > 100
    for where, cite in cites:
        assert normalise(cite.quote) in texts[cite.source], where


def test_the_in_house_cost_rating_cites_a_passage_about_in_house_teams(catalog: Catalog) -> None:
    """Not the seeds' definition of offshoring, which says nothing about what in-house costs."""
    cite = catalog.criterion("cost").ratings["in_house"].cite
    assert "in-house" in cite.quote and "offshoring" not in cite.quote.lower()
    text = normalise((SEEDS / f"{cite.source}.txt").read_text(encoding="utf-8"))
    assert normalise(cite.quote) in text


def values_to_try(catalog: Catalog, question: str) -> list[object]:
    spec = catalog.namespace()[question]
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "boolean":
        return [False, True]
    lo, hi = int(spec.minimum or 0), int(spec.maximum or 0)
    return list(range(lo, min(hi, 600) + 1))


def counted_twice(catalog: Catalog, criterion: Criterion, adj: Adjustment) -> list[str]:
    """The answers for which some value both sets the criterion's weight (a weight rule reading
    it can hold) and moves its ratings (the adjustment can hold)."""
    out = []
    for question in sorted(cond.names(adj.when)):
        rules = [r for r in criterion.weight_rules if question in cond.names(r.when)]
        for value in values_to_try(catalog, question):
            alone = {question: value}
            if adj.when.evaluate(alone) is not False and any(
                    r.when.evaluate(alone) is not False for r in rules):
                out.append(question)
                break
    return out


def test_no_answer_counts_twice_for_one_criterion_without_saying_why(catalog: Catalog) -> None:
    """An answer value that sets a criterion's weight and also moves its ratings is counted twice
    for one concern; an adjustment that does so says why (``double_count``), and only such a one."""
    for criterion in catalog.criteria:
        for adj in criterion.adjustments:
            both = counted_twice(catalog, criterion, adj)
            where = f"{criterion.id}/{adj.id}"
            if both:
                assert adj.double_count, f"{where}: {both} also set the weight; say why"
            else:
                assert not adj.double_count, f"{where}: says it counts twice, but does not"


def steps(condition: cond.Condition, question: str) -> set[int]:
    """Each step ``n → n+1`` of a whole-number answer at which a condition can change its truth."""
    if isinstance(condition, cond.Test):
        if condition.name != question:
            return set()
        values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        below = {"gte": -1, "lt": -1, "gt": 0, "lte": 0}.get(condition.op)
        if below is not None:
            return {int(condition.value) + below}
        return {int(v) + d for v in values for d in (-1, 0)}
    if isinstance(condition, cond.Not):
        return steps(condition.item, question)
    return set().union(*(steps(item, question) for item in condition.items))


def test_one_more_unit_of_a_number_moves_each_model_by_one_rating_step_at_most(
    catalog: Catalog,
) -> None:
    """No answer cliffs: at any step of a numeric answer (99 → 100 people, 35 → 36 months), the
    adjustments that switch on or off move each model by one rating step in all, so one more
    person or month never swings the advice by several steps at once."""
    for question in catalog.questions:
        if question.spec.kind != "integer":
            continue
        moved: dict[tuple[int, str], list[str]] = {}
        for criterion in catalog.criteria:
            for adj in criterion.adjustments:
                for step in steps(adj.when, question.id):
                    for model, delta in adj.delta.items():
                        moved.setdefault((step, model), []).extend([adj.id] * abs(delta))
        for (step, model), ids in sorted(moved.items()):
            assert len(ids) <= 1, f"{question.id} {step} → {step + 1}: {model} moves by {ids}"


def test_every_rating_has_a_reason(catalog: Catalog) -> None:
    for criterion in catalog.criteria:
        assert set(criterion.ratings) == set(catalog.model_ids)
        for rating in criterion.ratings.values():
            assert 1 <= rating.value <= 5 and rating.reason.strip()


def broken(copy: Path, name: str, old: str, new: str) -> list[str]:
    path = copy / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError) as info:
        load_catalog(copy)
    return [d.render().replace(str(copy), "CAT") for d in info.value.diagnostics]


def line_of(copy: Path, name: str, needle: str) -> int:
    return next(i for i, line in enumerate((copy / name).read_text().splitlines(), 1) if needle in line)


def test_unknown_question_in_a_condition(copy: Path) -> None:
    errors = broken(copy, "cost.yaml", "when: {team_size: {gte: 50}", "when: {team_sise: {gte: 50}")
    line = line_of(copy, "cost.yaml", "team_sise")
    assert errors == [f"CAT/cost.yaml:{line}:12: error: unknown question 'team_sise' in condition; "
                      "did you mean 'team_size'?"]


def test_impossible_value_in_a_condition(copy: Path) -> None:
    errors = broken(copy, "cost.yaml", "when: {cost_pressure: high}", "when: {cost_pressure: hihg}")
    line = line_of(copy, "cost.yaml", "hihg")
    assert errors == [f"CAT/cost.yaml:{line}:27: error: impossible value for 'cost_pressure': "
                      "'hihg' is not one of low, medium or high; did you mean 'high'?"]


def test_unknown_model_and_rating_out_of_range(copy: Path) -> None:
    errors = broken(copy, "speed.yaml", "delta: {in_house: -1}\n    reason: >-\n      A team",
                    "delta: {in_hose: 9}\n    reason: >-\n      A team")
    line = line_of(copy, "speed.yaml", "in_hose")
    assert errors == [f"CAT/speed.yaml:{line}:22: error: adjustments[0].delta.in_hose: "
                      "must be ≤ 4, got 9"]


def test_missing_rating_and_unknown_source(copy: Path) -> None:
    text = (copy / "risk.yaml").read_text()
    start = text.index("  captive_offshore:\n    rating: 3")
    end = text.index("adjustments:")
    (copy / "risk.yaml").write_text(text[:start] + text[end:])
    errors = broken(copy, "control.yaml", "cite: {source: strategy, quote: \"This model",
                    "cite: {source: stratgy, quote: \"This model")
    assert any("risk.yaml" in e and "no rating for captive_offshore" in e for e in errors)
    assert any("control.yaml" in e and "unknown source 'stratgy'; did you mean 'strategy'?" in e
               for e in errors)


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_catalog(tmp_path / "nope")
    assert info.value.diagnostics[0].message == "is not a directory; --criteria takes a catalog folder"
