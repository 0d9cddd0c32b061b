"""Situations written from the sources, and a sweep that shows no answer is inert.

Every file in ``tests/cases/scenarios/`` is a profile with the model the sources recommend for it,
the models a knock-out must remove, and the passage that decides it (see the folder's README). The
expectations were written before the tool ran on them; the catalog is tuned to the sources'
reasoning, never to one file.

The sweep sets every option of every question (numbers: their limits, default and the values just
around every threshold the catalog tests them against) in every scenario, one answer at a time,
and records which changes the recommendation. A question no option of which changes any
scenario's recommendation is inert: it asks the user for something the advice ignores.

``python -m tests.cli.test_scenarios`` prints both: each scenario's outcome, and the sweep.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sourcing_cli import conditions as cond
from sourcing_cli.catalog import Catalog, Question, load_catalog
from sourcing_cli.profile import Profile, profile_from_doc
from sourcing_cli.report import build_report
from sourcing_cli.yamlio import load_text
from tests.helpers import ROOT, Run
from tests.unit.test_catalog import SEEDS, normalise

SCENARIOS = ROOT / "tests" / "cases" / "scenarios"
AS_OF = "2026-03-01"
METHODS = ("wsm", "topsis")


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str
    quote: str
    winner: str
    excluded: tuple[str, ...]
    methods: tuple[str, ...]
    profile: dict[str, Any]

    def profile_text(self) -> str:
        return yaml.safe_dump(self.profile, sort_keys=False, allow_unicode=True)


def read_scenario(path: Path) -> Scenario:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == {"seed", "expect", "profile"}, path.name
    expect = data["expect"]
    assert set(expect) <= {"winner", "excluded", "methods"}, path.name
    methods = tuple(expect.get("methods", ["wsm"]))
    assert set(methods) <= set(METHODS), path.name
    return Scenario(path.stem, data["seed"]["source"], data["seed"]["quote"], expect["winner"],
                    tuple(expect.get("excluded", [])), methods, data["profile"])


ALL = [read_scenario(p) for p in sorted(SCENARIOS.glob("*.yaml"))]
RUNS = [(s, m) for s in ALL for m in s.methods]


def test_there_are_at_least_25_scenarios_each_a_different_situation() -> None:
    assert len(ALL) >= 25
    answers = [json.dumps(s.profile.get("answers"), sort_keys=True) for s in ALL]
    assert len(set(answers)) == len(answers)


def test_each_scenario_quotes_the_sources_word_for_word() -> None:
    texts = {p.stem: normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    for scenario in ALL:
        assert normalise(scenario.quote) in texts[scenario.source], scenario.name


def test_every_scenario_names_real_models(catalog: Catalog) -> None:
    for scenario in ALL:
        assert scenario.winner in catalog.model_ids, scenario.name
        assert set(scenario.excluded) <= set(catalog.model_ids), scenario.name
        assert scenario.winner not in scenario.excluded, scenario.name


def outcome(cli: Callable[..., Run], tmp_path: Path, scenario: Scenario, method: str
            ) -> tuple[str | None, list[str], str]:
    path = tmp_path / f"{scenario.name}.yaml"
    path.write_text(scenario.profile_text(), encoding="utf-8")
    run = cli("assess", str(path), "--format", "json", "--as-of", AS_OF, "--method", method)
    if run.exit_code != 0:
        return None, [], run.stderr
    report = json.loads(run.stdout)
    excluded = [e["model"] for e in report["excluded"]]
    # With --method topsis the recommendation is TOPSIS's own.
    winner = report["recommendation"]["model"] if report["recommendation"] else None
    return winner, excluded, ""


@pytest.mark.parametrize(("scenario", "method"), RUNS,
                         ids=[f"{s.name}-{m}" for s, m in RUNS])
def test_each_scenario_gets_the_model_its_passage_recommends(
    scenario: Scenario, method: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    winner, excluded, errors = outcome(cli, tmp_path, scenario, method)
    assert not errors, errors
    assert (winner, sorted(excluded)) == (scenario.winner, sorted(scenario.excluded)), \
        f'{scenario.name} ({method}): the sources say {scenario.winner}: "{scenario.quote}"'


# ---- the sweep ---------------------------------------------------------------------------------


def numbers_tested(condition: cond.Condition, question: str) -> Iterator[float]:
    """Every number a condition compares ``question`` with."""
    if isinstance(condition, cond.Test):
        if condition.name == question and isinstance(condition.value, int | float):
            yield condition.value
    elif isinstance(condition, cond.Not):
        yield from numbers_tested(condition.item, question)
    elif isinstance(condition, cond.All | cond.Any_):
        for item in condition.items:
            yield from numbers_tested(item, question)


def conditions(catalog: Catalog) -> Iterator[cond.Condition]:
    for criterion in catalog.criteria:
        yield from (r.when for r in criterion.weight_rules)
        yield from (a.when for a in criterion.adjustments)
    yield from (k.when for k in catalog.knockouts)
    yield from (q.when for q in catalog.questions if q.when is not None)


def options(catalog: Catalog, question: Question) -> list[Any]:
    """Every value of a question worth trying: each choice, or each number at a threshold."""
    spec = question.spec
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "boolean":
        return [False, True]
    values = {question.default, spec.minimum, spec.maximum}
    for condition in conditions(catalog):
        for v in numbers_tested(condition, question.id):
            values.update({v - 1, v, v + 1})
    lo, hi = spec.minimum or 0, spec.maximum or 0
    return sorted(int(v) for v in values if v is not None and lo <= v <= hi)


@dataclass(frozen=True)
class Flip:
    question: str
    option: Any
    scenario: str
    before: str
    after: str


def load_scenario_profile(catalog: Catalog, scenario: Scenario) -> Profile:
    doc = load_text(scenario.profile_text(), f"{scenario.name}.yaml")
    return profile_from_doc(doc, catalog)


def winner(catalog: Catalog, profile: Profile) -> str | None:
    report = build_report(catalog, profile, date.fromisoformat(AS_OF), robust=False)
    rec = report.result.recommendation
    return rec.model if rec else None


def sweep(catalog: Catalog, scenarios: list[Scenario] = ALL) -> list[Flip]:
    """Every (question, option, scenario) whose change alone changes the recommendation."""
    flips = []
    for scenario in scenarios:
        profile = load_scenario_profile(catalog, scenario)
        base = winner(catalog, profile)
        assert base is not None
        for question in catalog.questions:
            for value in options(catalog, question):
                if value == profile.answers[question.id]:
                    continue
                answers = {**profile.answers, question.id: value}
                if question.when is not None and not cond.holds(question.when, answers):
                    continue  # the interview would not ask it
                changed = dataclasses.replace(profile, answers=answers)
                after = winner(catalog, changed)
                if after is not None and after != base:
                    flips.append(Flip(question.id, value, scenario.name, base, after))
    return flips


def sweep_report(catalog: Catalog, flips: list[Flip]) -> str:
    lines = []
    for question in catalog.questions:
        mine = [f for f in flips if f.question == question.id]
        if not mine:
            lines.append(f"{question.id}: INERT — no option changes any scenario's recommendation")
            continue
        lines.append(f"{question.id}: changes {len({f.scenario for f in mine})} scenario(s)")
        for value in options(catalog, question):
            hits = [f for f in mine if f.option == value]
            if hits:
                first = hits[0]
                lines.append(f"  = {value!s}: {len(hits)} ({first.scenario}: {first.before} → "
                             f"{first.after})")
    return "\n".join(lines)


def test_every_question_changes_the_recommendation_somewhere(catalog: Catalog) -> None:
    flips = sweep(catalog)
    inert = [q.id for q in catalog.questions if not any(f.question == q.id for f in flips)]
    assert not inert, sweep_report(catalog, flips)


def test_the_sweep_finds_an_inert_question(catalog: Catalog) -> None:
    """The sweep can fail: a question that no condition reads changes nothing."""
    idle = dataclasses.replace(catalog.questions[0], id="idle_question")
    bigger = dataclasses.replace(catalog, questions=(*catalog.questions, idle))
    flips = sweep(bigger, ALL[:4])
    assert flips and not any(f.question == "idle_question" for f in flips)
    assert "idle_question: INERT" in sweep_report(bigger, flips)


if __name__ == "__main__":  # a report for people: python -m tests.cli.test_scenarios
    from typer.testing import CliRunner

    from sourcing_cli.cli.app import build_app

    built = load_catalog()
    passed = 0
    for s, m in RUNS:
        path = Path(f"/tmp/scenario-{s.name}.yaml")
        path.write_text(s.profile_text(), encoding="utf-8")
        result = CliRunner().invoke(build_app(), ["assess", str(path), "--format", "json",
                                                  "--as-of", AS_OF, "--method", m])
        if result.exit_code != 0:
            print(f"ERROR {s.name} ({m}): {result.stderr.strip()[:200]}")
            continue
        rep = json.loads(result.stdout)
        got = rep["recommendation"]["model"]
        out = sorted(e["model"] for e in rep["excluded"])
        ok = got == s.winner and out == sorted(s.excluded)
        passed += ok
        margin = rep["recommendation"]["margin"] if m == "wsm" else None
        shown = f" margin {margin:.2f}" if margin is not None else ""
        print(f"{'pass' if ok else 'FAIL'} {s.name} ({m}): expected {s.winner} "
              f"{sorted(s.excluded)}, got {got} {out}{shown}")
    print(f"{passed}/{len(RUNS)} runs pass ({len(ALL)} scenarios)")
    if "--sweep" in sys.argv:
        print(sweep_report(built, sweep(built)))
