""""Did you mean": whole words and starts of names before spelling, several or none before a
wrong one. One function serves answers, models, criteria, keys, policies and time zones."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import InputError, did_you_mean, suggestions
from sourcing_cli.profile import load_profile

MODELS = ["in_house", "onshore_outsourcing", "nearshore_outsourcing", "offshore_outsourcing",
          "captive_offshore"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("offshore", ["offshore_outsourcing"]),          # by letters, captive_offshore is closer
    ("Offshore", ["offshore_outsourcing"]),
    ("offshore outsourcing", ["offshore_outsourcing"]),
    ("offshore-outsourcing", ["offshore_outsourcing"]),
    ("ofshore", ["offshore_outsourcing"]),
    ("offshor", ["offshore_outsourcing"]),
    ("offshor_outsourcing", ["offshore_outsourcing"]),
    ("offshore_outsorcing", ["offshore_outsourcing"]),
    ("nearshore", ["nearshore_outsourcing"]),
    ("nearshoring", ["nearshore_outsourcing"]),
    ("near", ["nearshore_outsourcing"]),
    ("onshore", ["onshore_outsourcing"]),
    ("captive", ["captive_offshore"]),
    ("captive_ofshore", ["captive_offshore"]),
    ("offshore_captive", ["captive_offshore"]),
    ("inhouse", ["in_house"]),
    ("In-House", ["in_house"]),
    ("in_hose", ["in_house"]),
    ("house", ["in_house"]),
    ("outsourcing", ["nearshore_outsourcing", "offshore_outsourcing", "onshore_outsourcing"]),
    ("outsource", ["nearshore_outsourcing", "offshore_outsourcing", "onshore_outsourcing"]),
    ("o", []),
    ("xyz", []),
    ("", []),
])
def test_models(typed: str, expected: list[str]) -> None:
    assert suggestions(typed, MODELS) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("answer", ["answers"]),
    ("priority", ["priorities"]),
    ("team", ["team_size"]),
    ("teamsize", ["team_size"]),
    ("team_sise", ["team_size"]),
    ("control_needs", ["control_need"]),
    ("overlap_hours", ["overlap_hours_needed"]),
    ("importance", ["strategic_importance"]),
    ("expansion", ["expansion_plans"]),
    ("data", ["data_residency", "data_sensitivity"]),
    ("decison", ["decision"]),
], ids=lambda v: str(v))
def test_keys_and_questions(typed: str, expected: list[str], catalog: Catalog) -> None:
    keys = [q.id for q in catalog.questions] + ["version", "name", "home", "answers", "priorities",
                                                "decision", "vendors", "workstreams", "pairwise"]
    assert suggestions(typed, keys) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("qa", ["qa_testing"]),
    ("testing", ["qa_testing"]),
    ("marketing", ["digital_marketing"]),
    ("development", ["software_development"]),
    ("follow_sun", ["follow_the_sun"]),
    ("hihg", ["high"]),
    ("meduim", ["medium"]),
    ("ip", ["ip_protection"]),
    ("colaboration", ["collaboration"]),
])
def test_answer_values_and_criteria(typed: str, expected: list[str], catalog: Catalog) -> None:
    pool = [v for q in catalog.questions for v in q.spec.choices] + list(catalog.criterion_ids)
    assert suggestions(typed, pool) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("Europe/Berln", ["Europe/Berlin"]),
    ("europe/berlin", ["Europe/Berlin"]),
    ("Berlin", ["Europe/Berlin"]),
    ("new york", ["America/New_York"]),
    ("America/NewYork", ["America/New_York"]),
    ("Bogota", ["America/Bogota"]),
])
def test_time_zones(typed: str, expected: list[str]) -> None:
    assert suggestions(typed, zoneinfo.available_timezones()) == expected


def test_a_word_fitting_too_many_names_suggests_none() -> None:
    pool = [f"team_{n}" for n in ("a", "b", "c", "d", "e", "f")]
    assert suggestions("team", pool) == []
    assert did_you_mean("team", pool) == ""


def test_the_suffix_names_one_or_lists_several() -> None:
    assert did_you_mean("offshore", MODELS) == "; did you mean 'offshore_outsourcing'?"
    assert did_you_mean("outsourcing", MODELS) == (
        "; did you mean one of 'nearshore_outsourcing', 'offshore_outsourcing' or "
        "'onshore_outsourcing'?")
    assert did_you_mean("in_house", MODELS) == ""  # a valid name is not suggested to itself


def test_a_profile_s_decision_suggests_the_model_not_the_captive_centre(
        tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\ndecision: offshore\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path, catalog, "p.yaml")
    assert [d.render() for d in caught.value.diagnostics] == [
        "p.yaml:2:11: error: decision: unknown model 'offshore'; did you mean 'offshore_outsourcing'?"]
