"""The interview flow without a terminal: order, conditions, back, defaults, resume, the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.interview import Answers, Interview, country_of_zone
from sourcing_cli.profile import load_profile

INTRO = "A test profile."


def flow(catalog: Catalog, state: Answers | None = None) -> Interview:
    return Interview(catalog, state, local_zone="Europe/Berlin", fallback_country="US")


def keys(interview: Interview) -> list[str]:
    """Answer every step with its default, recording the order the steps were asked in."""
    asked = []
    while (step := interview.current) is not None:
        asked.append(step.key)
        assert interview.answer(interview.default(step)) is None
    return asked


def test_steps_follow_the_catalog_then_priorities_name_and_home(catalog: Catalog) -> None:
    asked = keys(flow(catalog))
    questions = [q.id for q in catalog.questions if q.id != "data_residency"]
    assert asked == [*questions, *catalog.criterion_ids, "name", "timezone", "country"]


def test_a_question_is_asked_only_when_its_condition_holds(catalog: Catalog) -> None:
    interview = flow(catalog)
    for value in ("qa_testing", "core", "high"):
        assert interview.answer(value) is None
    assert interview.current is not None and interview.current.key == "data_sensitivity"
    assert interview.answer("personal") is None
    assert interview.current is not None and interview.current.key == "data_residency"
    assert interview.progress() == (5, 32)


def test_an_answer_that_makes_a_question_inapplicable_drops_its_answer(catalog: Catalog) -> None:
    interview = flow(catalog, Answers(answers={"data_sensitivity": "health",
                                               "data_residency": "in_country"}))
    interview.rewind()
    for _ in range(3):
        interview.answer(interview.default(interview.current))  # type: ignore[arg-type]
    assert interview.answer("none") is None
    assert "data_residency" not in interview.state.answers
    assert interview.current is not None and interview.current.key == "team_size"


def test_back_goes_to_the_previous_applicable_question_and_keeps_answers(catalog: Catalog) -> None:
    interview = flow(catalog)
    for value in ("qa_testing", "core", "high", "none"):
        assert interview.answer(value) is None
    assert interview.current is not None and interview.current.key == "team_size"
    assert interview.back()
    assert interview.current is not None and interview.current.key == "data_sensitivity"
    assert interview.default(interview.current) == "none"  # the answer given, not the catalog's
    assert interview.back() and interview.back() and interview.back()
    assert interview.current is not None and interview.current.key == "function"
    assert not interview.back()
    assert interview.state.answers["strategic_importance"] == "core"
    assert interview.answer("customer_support") is None
    assert interview.current is not None and interview.current.key == "strategic_importance"


def test_accept_defaults_answers_every_remaining_step(catalog: Catalog) -> None:
    interview = flow(catalog)
    assert interview.answer("qa_testing") is None
    assert interview.accept_defaults() is None
    assert interview.current is None and interview.complete
    state = interview.state
    assert state.answers["function"] == "qa_testing"
    assert state.answers["team_size"] == 10
    assert "data_residency" not in state.answers
    assert set(state.priorities) == set(catalog.criterion_ids)
    assert (state.name, state.timezone, state.country) == (
        "QA and testing — sourcing decision", "Europe/Berlin", "DE")


def test_priority_defaults_come_from_the_answers(catalog: Catalog) -> None:
    low, high = flow(catalog), flow(catalog)
    low.state.answers["cost_pressure"] = "low"
    high.state.answers["cost_pressure"] = "high"
    assert low.default(low.step("cost")) < high.default(high.step("cost"))


@pytest.mark.parametrize(("key", "text", "message"), [
    ("team_size", "0", "must be between 1 and 100000, got 0"),
    ("team_size", "12.5", "expected a whole number, got 12.5"),
    ("team_size", "many", "expected a whole number, got 'many'"),
    ("overlap_hours_needed", "9", "must be between 0 and 8, got 9"),
    ("cost", "6", "must be between 0 and 5, got 6"),
    ("cost", "nan", "expected a finite number, got nan"),
    ("timezone", "Mars/Olympus", "'Mars/Olympus' is not an IANA time zone name"),
    ("timezone", "europe/berlin", "did you mean 'Europe/Berlin'?"),
    ("country", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("name", "", "at least 1 character"),
])
def test_invalid_entries_are_refused_by_the_profile_validators(
    catalog: Catalog, key: str, text: str, message: str
) -> None:
    interview = flow(catalog)
    problem = interview.check_text(interview.step(key), text)
    assert problem is not None and message in problem


def test_valid_entries_are_parsed_to_the_profile_types(catalog: Catalog) -> None:
    interview = flow(catalog)
    assert interview.parse(interview.step("team_size"), " 15 ") == 15
    assert interview.parse(interview.step("cost"), "2.5") == 2.5
    assert interview.parse(interview.step("country"), "fr") == "FR"
    assert interview.check_text(interview.step("country"), "fr") is None
    assert interview.check_text(interview.step("timezone"), "America/Bogota") is None


def test_every_priority_at_zero_is_refused_at_the_last_one(catalog: Catalog) -> None:
    interview = flow(catalog)
    while (step := interview.current) is not None and step.kind == "question":
        interview.answer(interview.default(step))
    *first, last = catalog.criterion_ids
    for _ in first:
        assert interview.answer(0) is None
    problem = interview.answer(0)
    assert problem is not None and "every criterion would weigh 0" in problem
    assert interview.current is not None and interview.current.key == last
    assert interview.answer(1) is None


def test_the_home_is_saved_only_with_both_zone_and_country(catalog: Catalog) -> None:
    interview = flow(catalog)
    while (step := interview.current) is not None and step.kind != "timezone":
        interview.answer(interview.default(step))
    before = interview.saved_count()
    assert interview.answer("America/Bogota") is None
    assert interview.saved_count() == before
    assert "home:" not in interview.render(INTRO).replace("# home:", "")
    assert interview.default(interview.current) == "CO"  # type: ignore[arg-type]
    assert interview.answer("CO") is None
    assert interview.saved_count() == before + 2
    assert 'home: {country: "CO", timezone: America/Bogota}' in interview.render(INTRO)


def write(tmp_path: Path, interview: Interview, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(interview.render(INTRO), encoding="utf-8")
    return path


def test_a_partial_file_is_a_valid_profile_that_resumes_where_it_stopped(
    catalog: Catalog, tmp_path: Path
) -> None:
    interview = flow(catalog)
    for value in ("qa_testing", "core", "high", "personal", "in_region", 15):
        assert interview.answer(value) is None
    interview.state.decision = "in_house"
    path = write(tmp_path, interview)
    text = path.read_text(encoding="utf-8")
    assert "  team_size: 15\n" in text
    assert "  # duration_months: 24    (not answered: default)\n" in text
    assert "# name:" in text and "  # cost: 3    (not answered: from your answers)\n" in text

    profile = load_profile(path, catalog)
    resumed = flow(catalog, Answers.from_profile(profile))
    assert resumed.current is not None and resumed.current.key == "duration_months"
    assert resumed.progress() == interview.progress()
    assert resumed.state.answers == interview.state.answers
    assert not resumed.complete


def test_resumed_and_uninterrupted_runs_write_the_same_file(catalog: Catalog, tmp_path: Path) -> None:
    straight = flow(catalog)
    keys(straight)
    partial = flow(catalog)
    for _ in range(20):
        partial.answer(partial.default(partial.current))  # type: ignore[arg-type]
    resumed = flow(catalog, Answers.from_profile(load_profile(write(tmp_path, partial), catalog)))
    asked = keys(resumed)
    assert len(asked) == len(keys(flow(catalog))) - 20
    assert resumed.render(INTRO) == straight.render(INTRO)
    assert resumed.complete and Interview(catalog, resumed.state).current is None


def test_a_finished_file_loads_as_the_answers_given(catalog: Catalog, tmp_path: Path) -> None:
    interview = flow(catalog)
    script: list[Any] = ["rnd_product", "core", "high", "none", 40, 36, 8, "seasonal", "low", "high",
                         6, "strong", "high", True, False, "extended", False, 5, 1.5]
    for value in script:
        assert interview.answer(value) is None
    assert interview.accept_defaults() is None
    profile = load_profile(write(tmp_path, interview), catalog)
    assert profile.answers["expansion_plans"] is True
    assert profile.priorities["control"] == 5 and profile.priorities["cost"] == 1.5
    assert profile.home is not None and profile.home.country == "DE"
    assert profile.defaulted == ()


def test_keys_the_interview_does_not_ask_are_kept(catalog: Catalog) -> None:
    state = Answers(answers={"team_size": 5}, extra={"notes": {"owner": "ops", "since": "2026-01-01"}})
    text = flow(catalog, state).render(INTRO)
    assert "# Kept as they were" in text and 'notes:\n  owner: ops\n  since: "2026-01-01"\n' in text


def test_the_country_of_a_zone_comes_from_the_zone_database() -> None:
    assert country_of_zone("Europe/Berlin") == "DE"
    assert country_of_zone("America/Bogota") == "CO"
    assert country_of_zone("UTC") is None
