"""The built-in catalog: complete, cited word for word, and strict about broken catalogs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog, builtin_dir, load_catalog
from sourcing_cli.errors import InputError
from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "data" / "seeds"


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def test_builtin_catalog_is_complete(catalog: Catalog) -> None:
    assert catalog.model_ids == ("in_house", "onshore_outsourcing", "nearshore_outsourcing",
                                 "offshore_outsourcing", "captive_offshore")
    assert catalog.criterion_ids == ("control", "cost", "scalability", "ip_protection", "risk",
                                     "speed", "expertise", "collaboration", "compliance")
    assert [q.id for q in catalog.questions] == [
        "function", "strategic_importance", "ip_sensitivity", "data_sensitivity",
        "data_residency", "team_size", "duration_months", "time_to_start_weeks",
        "demand_variability", "cost_pressure", "control_need", "overlap_hours_needed",
        "in_house_expertise", "management_capacity", "expansion_plans", "coverage"]
    assert {k.id for k in catalog.knockouts} == {"data_stays_in_country", "no_time_to_build_a_centre"}
    assert len(catalog.digest) == 64


def test_every_citation_quotes_its_source_word_for_word(catalog: Catalog) -> None:
    texts = {s: normalise((SEEDS / f"{s}.txt").read_text(encoding="utf-8")) for s in catalog.sources}
    cites = []
    for criterion in catalog.criteria:
        cites += [(f"{criterion.id}/{m}", r.cite) for m, r in criterion.ratings.items()]
        cites += [(f"{criterion.id}/{a.id}", a.cite) for a in criterion.adjustments]
    cites += [(k.id, k.cite) for k in catalog.knockouts]
    assert len(cites) > 60
    for where, cite in cites:
        assert normalise(cite.quote) in texts[cite.source], where


def test_the_in_house_cost_rating_cites_a_passage_about_in_house_teams(catalog: Catalog) -> None:
    """Not the seeds' definition of offshoring, which says nothing about what in-house costs."""
    cite = catalog.criterion("cost").ratings["in_house"].cite
    assert "in-house" in cite.quote and "offshoring" not in cite.quote.lower()
    text = normalise((SEEDS / f"{cite.source}.txt").read_text(encoding="utf-8"))
    assert normalise(cite.quote) in text


def test_every_rating_has_a_reason(catalog: Catalog) -> None:
    for criterion in catalog.criteria:
        assert set(criterion.ratings) == set(catalog.model_ids)
        for rating in criterion.ratings.values():
            assert 1 <= rating.value <= 5 and rating.reason.strip()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "cat"
    shutil.copytree(builtin_dir(), target)
    return target


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
    errors = broken(copy, "speed.yaml", "delta: {captive_offshore: -1}\n    reason: The set-up",
                    "delta: {captive_ofshore: 9}\n    reason: The set-up")
    line = line_of(copy, "speed.yaml", "captive_ofshore")
    assert errors == [f"CAT/speed.yaml:{line}:30: error: adjustments[0].delta.captive_ofshore: "
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
