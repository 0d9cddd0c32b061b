"""Answer tipping points are exact: each one, applied, gives the model it names; no nearer value
changes the recommendation; and an answer said never to change it does not, over its range."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from sourcing_cli.catalog import Catalog, Question
from sourcing_cli.conditions import names
from sourcing_cli.overrides import parse_overrides
from sourcing_cli.profile import Profile, load_profile, profile_from_doc
from sourcing_cli.render.assess_json import to_dict
from sourcing_cli.report import Report, build_report
from sourcing_cli.whatif import Rescorer, thresholds, trial_values
from sourcing_cli.yamlio import load_file
from tests.helpers import EXAMPLES, ROOT

AS_OF = date(2026, 3, 1)
SCENARIOS = ROOT / "tests" / "cases" / "scenarios"
EXHAUSTIVE = 600  # a number's whole range is tried value by value up to this many values
PROFILES = sorted(EXAMPLES.glob("*.yaml"))
CASES = [(p, "wsm") for p in PROFILES] + [(EXAMPLES / "qa-nearshore.yaml", "topsis"),
                                          (EXAMPLES / "engineering-captive.yaml", "topsis")]


def _scenarios() -> list[Path]:
    return sorted(SCENARIOS.glob("*.yaml"))


def _winner(catalog: Catalog, profile: Profile, answers: dict[str, Any], method: str) -> str | None:
    report = build_report(catalog, dataclasses.replace(profile, answers=answers), AS_OF, method,
                          robust=False)
    rec = report.result.recommendation
    return rec.model if rec is not None else None


def _reports(report: Report) -> Iterator[Report]:
    yield report
    for _, sub in report.workstreams:
        yield sub


def _question(catalog: Catalog, answer: str) -> Question:
    return next(q for q in catalog.questions if q.id == answer)


def _range(question: Question) -> list[Any]:
    """Every value of a question, or — for a number with a wide range — its ends, every value
    around each catalog threshold and a spread of values across it."""
    spec = question.spec
    if spec.kind == "boolean":
        return [False, True]
    if spec.kind == "choice":
        return list(spec.choices)
    assert spec.minimum is not None and spec.maximum is not None
    low, high = int(spec.minimum), int(spec.maximum)
    if high - low < EXHAUSTIVE:
        return list(range(low, high + 1))
    step = (high - low) // EXHAUSTIVE
    return sorted({*range(low, high + 1, step), high})


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@pytest.mark.parametrize(("path", "method"), CASES + [(p, "wsm") for p in _scenarios()],
                         ids=lambda x: x.name if isinstance(x, Path) else x)
def test_every_tipping_point_applied_with_set_gives_the_named_winner(
    catalog: Catalog, path: Path, method: str, tmp_path: Path
) -> None:
    if path.parent == SCENARIOS:  # a scenario holds its profile under ``profile:``
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]
        path = tmp_path / path.name
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = build_report(catalog, load_profile(path, catalog), AS_OF, method)
    assert report.answer_tips is not None
    assert [t.answer for t in report.answer_tips] == [q.id for q in catalog.questions]
    for tip in report.answer_tips:
        assert tip.current == report.profile.answers[tip.answer]
        if tip.flips_at is None:
            assert tip.to_model is None
            continue
        # through --set and the profile's own validation, as a user would try it
        overrides = parse_overrides([f"{tip.answer}={_text(tip.flips_at)}"], catalog)
        edited = profile_from_doc(load_file(path, str(path), partial=True), catalog, overrides)
        again = build_report(catalog, edited, AS_OF, method, robust=False).result.recommendation
        assert (again.model if again else None) == tip.to_model, tip
    for sub in list(_reports(report))[1:]:
        assert sub.answer_tips is not None
        for tip in sub.answer_tips:
            if tip.flips_at is not None:
                answers = {**sub.profile.answers, tip.answer: tip.flips_at}
                assert _winner(catalog, sub.profile, answers, method) == tip.to_model, tip


@pytest.mark.parametrize(("path", "method"), CASES, ids=lambda x: x.name if isinstance(x, Path) else x)
def test_no_nearer_value_flips_and_a_steady_answer_never_does(
    catalog: Catalog, path: Path, method: str
) -> None:
    report = build_report(catalog, load_profile(path, catalog), AS_OF, method)
    for part in _reports(report):
        rec = part.result.recommendation
        winner = rec.model if rec is not None else None
        assert part.answer_tips is not None
        for tip in part.answer_tips:
            question = _question(catalog, tip.answer)
            values = _range(question)
            if tip.flips_at is None:
                nearer = values
            elif question.spec.kind == "choice":
                order = question.spec.choices
                steps = abs(order.index(tip.flips_at) - order.index(tip.current))
                nearer = [v for v in values if abs(order.index(v) - order.index(tip.current)) < steps
                          or (abs(order.index(v) - order.index(tip.current)) == steps
                              and order.index(v) < order.index(tip.flips_at))]
            elif question.spec.kind == "boolean":
                nearer = []
            else:  # every whole value strictly nearer, and the equally near one below
                gap = abs(tip.flips_at - tip.current)
                nearer = [v for v in range(int(tip.current - gap), int(tip.current + gap) + 1)
                          if abs(v - tip.current) < gap or v < tip.flips_at]
                nearer = [v for v in nearer if question.spec.check(v) is None]
            for value in nearer:
                if value == tip.current:
                    continue
                answers = {**part.profile.answers, tip.answer: value}
                assert _winner(catalog, part.profile, answers, method) == winner, (tip, value)


def test_the_values_tried_are_the_thresholds_neighbours_and_the_range_ends(
    catalog: Catalog,
) -> None:
    limits = thresholds(catalog)
    weeks = _question(catalog, "time_to_start_weeks")
    assert 12.0 in limits["time_to_start_weeks"]  # the captive centre's knock-out
    tried = trial_values(weeks, 40, limits["time_to_start_weeks"])
    assert {11, 12, 13, 0, 520} <= set(tried)
    assert 40 not in tried
    distances = [abs(v - 40) for v in tried]
    assert distances == sorted(distances)
    cost = _question(catalog, "cost_pressure")
    assert trial_values(cost, "medium", ()) == ["low", "high"]
    flag = _question(catalog, "expansion_plans")
    assert trial_values(flag, False, ()) == [True]


def test_check_computes_none_and_the_json_says_null(catalog: Catalog) -> None:
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", catalog)
    assert build_report(catalog, profile, AS_OF, robust=False).answer_tips is None
    assert to_dict(build_report(catalog, profile, AS_OF, robust=False))[
        "answer_tipping_points"] is None
    tips = to_dict(build_report(catalog, profile, AS_OF))["answer_tipping_points"]
    assert [set(t) for t in tips] == [{"answer", "current", "flips_at", "to_model"}] * len(tips)


def test_the_panel_names_the_nearest_cliffs_and_markdown_all_of_them(catalog: Catalog) -> None:
    from sourcing_cli.render import markdown
    from sourcing_cli.render.table import recommendation_panel
    from sourcing_cli.render.text import answer_tip_sentence, nearest_answer_tips

    shared = dataclasses.replace(load_profile(EXAMPLES / "hybrid-portfolio.yaml", catalog),
                                 workstreams=(), vendors=())
    sub = build_report(catalog, shared, AS_OF)  # its shared answers, as one profile
    flips = [t for t in sub.answer_tips or () if t.flips_at is not None]
    assert len(flips) > 3
    cliffs = nearest_answer_tips(sub)
    assert len(cliffs) == 3
    out = io.StringIO()
    Console(file=out, width=300, color_system=None).print(recommendation_panel(sub))
    panel = " ".join(out.getvalue().replace("│", " ").split())
    assert "What would change it:" in panel
    assert sum(answer_tip_sentence(sub, t) in panel for t in flips) == 3
    assert all(answer_tip_sentence(sub, t) in panel for t in cliffs)
    text = markdown.render(sub)
    assert all(answer_tip_sentence(sub, t) in text for t in flips)


def test_a_large_portfolio_keeps_answer_tipping_points_for_its_shared_answers_only(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcing_cli import report as report_module

    profile = load_profile(EXAMPLES / "hybrid-portfolio.yaml", catalog)
    monkeypatch.setattr(report_module, "MAX_TIPPED_WORKSTREAMS", len(profile.workstreams) - 1)
    report = build_report(catalog, profile, AS_OF)
    assert report.answer_tips is not None
    assert all(sub.answer_tips is None for _, sub in report.workstreams)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_method_all_keeps_the_weighted_sums_answer_tipping_points(
    catalog: Catalog, path: Path
) -> None:
    profile = load_profile(path, catalog)
    both = build_report(catalog, profile, AS_OF, "all")
    assert both.answer_tips == build_report(catalog, profile, AS_OF, "wsm").answer_tips


@pytest.mark.slow
@pytest.mark.parametrize("path", _scenarios(), ids=lambda p: p.stem)
def test_in_every_scenario_an_answer_said_never_to_flip_never_does(
    catalog: Catalog, path: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]
    profile_path = tmp_path / path.name
    profile_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = build_report(catalog, load_profile(profile_path, catalog), AS_OF)
    rec = report.result.recommendation
    winner = rec.model if rec is not None else None
    assert report.answer_tips is not None
    steady = [t for t in report.answer_tips if t.flips_at is None]
    for tip in steady:
        for value in _range(_question(catalog, tip.answer)):
            answers = {**report.profile.answers, tip.answer: value}
            assert _winner(catalog, report.profile, answers, "wsm") == winner, (tip, value)


def test_the_criteria_an_answer_moves_are_those_with_an_adjustment_that_reads_it(
        catalog: Catalog) -> None:
    """The rescorer's map from an answer to the criteria it moves, built once, against the
    definition, for every question (and a name no condition reads)."""
    profile = load_profile(EXAMPLES / "qa-nearshore.yaml", catalog)
    scorer = Rescorer(catalog, profile, AS_OF, "wsm")
    moved_any = False
    for answer in [q.id for q in catalog.questions] + ["no_such_answer"]:
        expected = tuple(c for c in catalog.criteria
                         if any(answer in names(a.when) for a in c.adjustments))
        assert scorer.touched(answer) == expected
        moved_any = moved_any or bool(expected)
    assert moved_any
