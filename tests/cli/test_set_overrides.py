"""``assess --set ID=VALUE``: a what-if is exactly an edit of the file, checked like the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sourcing_cli.catalog import Catalog
from sourcing_cli.overrides import parse_overrides, typed
from tests.helpers import EXAMPLES, Run

AS_OF = "2026-01-01"


def _json(cli: Callable[..., Run], *args: str) -> dict[str, Any]:
    run = cli("assess", *args, "--format", "json", "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def _edited(source: Path, target: Path, answers: dict[str, Any],
            priorities: dict[str, Any]) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.setdefault("answers", {}).update(answers)
    if priorities:
        data["priorities"] = {**(data.get("priorities") or {}), **priorities}
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.mark.parametrize(("example", "sets", "answers", "priorities"), [
    ("qa-nearshore.yaml", ["team_size=120", "priorities.cost=5"], {"team_size": 120}, {"cost": 5}),
    ("qa-nearshore.yaml", ["data_residency=in_country", "expansion_plans=true",
                           "priorities.speed=0.5"],
     {"data_residency": "in_country", "expansion_plans": True}, {"speed": 0.5}),
    ("hybrid-portfolio.yaml", ["cost_pressure=low", "time_to_start_weeks=30"],
     {"cost_pressure": "low", "time_to_start_weeks": 30}, {}),
    ("engineering-captive.yaml", ["coverage=follow_the_sun", "priorities.control=0"],
     {"coverage": "follow_the_sun"}, {"control": 0}),
])
def test_set_equals_editing_the_file(
    cli: Callable[..., Run], tmp_path: Path, example: str, sets: list[str],
    answers: dict[str, Any], priorities: dict[str, Any],
) -> None:
    # the same file content twice, so that only the values differ, never the YAML's layout
    plain = _edited(EXAMPLES / example, tmp_path / "p.yaml", {}, {})
    (tmp_path / "edited").mkdir()
    edited = _edited(EXAMPLES / example, tmp_path / "edited" / "p.yaml", answers, priorities)
    args = [arg for s in sets for arg in ("--set", s)]
    overridden = _json(cli, str(plain), *args)
    by_file = _json(cli, str(edited))
    expected = {**answers, **{f"priorities.{c}": v for c, v in priorities.items()}}
    for report, named in ((overridden, expected), (by_file, {})):
        for part in (report, *report["workstreams"]):
            assert part.pop("overrides") == named
    same_path = json.dumps(overridden).replace(json.dumps(str(plain)), json.dumps(str(edited)))
    assert json.loads(same_path) == by_file


def test_the_overrides_are_named_in_the_panel_and_markdown(cli: Callable[..., Run]) -> None:
    qa = str(EXAMPLES / "qa-nearshore.yaml")
    args = ("--set", "team_size=120", "--set", "priorities.cost=5", "--as-of", AS_OF)
    table = cli("assess", qa, *args)
    markdown = cli("assess", qa, *args, "--format", "markdown")
    for run in (table, markdown):
        assert run.exit_code == 0, run.stderr
        text = " ".join(run.stdout.replace("│", " ").split())
        assert "team_size = 120" in text and "priorities.cost = 5" in text
    assert "--set" not in cli("assess", qa, "--as-of", AS_OF).stdout


@pytest.mark.parametrize(("value", "expected"), [
    ("team_sise=12", "did you mean 'team_size'"),
    ("priorities.cots=3", "did you mean 'cost'"),
    ("prioritie.cost=3", "did you mean 'priorities.cost'"),
    ("team_size=1.5", "whole number"),
    ("team_size=0", "between 1 and"),
    ("team_size=" + "9" * 5000, "team_size"),
    ("duration_months=nan", "duration_months"),
    ("coverage=24x7", "business_hours"),
    ("expansion_plans=yes", "true or false"),
    ("priorities.cost=9", "between 0 and 5"),
    ("priorities.cost=high", "a number"),
    ("team_size", "ID=VALUE"),
    ("=3", "ID=VALUE"),
])
def test_a_bad_set_is_exit_2_naming_set(cli: Callable[..., Run], value: str, expected: str) -> None:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--set", value)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: --set ")
    assert expected in run.stderr
    assert "Traceback" not in run.stderr


def test_every_bad_set_is_reported_together(cli: Callable[..., Run]) -> None:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--set", "team_sise=1",
              "--set", "coverage=x", "--set", "team_size=3", "--set", "team_size=4")
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("error: --set ") for line in lines)
    assert "set twice" in lines[2]


def test_set_replaces_an_ambiguous_word_of_the_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = (EXAMPLES / "qa-nearshore.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("expansion_plans: false", "expansion_plans: no"), encoding="utf-8")
    assert cli("assess", str(path)).exit_code == 2
    assert cli("assess", str(path), "--set", "expansion_plans=false").exit_code == 0


def test_values_are_typed_by_the_questions_kind(catalog: Catalog) -> None:
    assert typed("120", "integer") == 120 and isinstance(typed("120", "integer"), int)
    assert typed("2.5", "number") == 2.5
    assert typed("1e400", "number") == "1e400"
    assert typed("True", "boolean") is True
    assert typed("120", "choice") == "120"
    assert parse_overrides(["team_size=120.0", "priorities.cost=4"], catalog) == {
        "team_size": 120, "priorities.cost": 4}


def test_a_priority_cannot_be_set_beside_pairwise_judgements(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nanswers: {team_size: 10}\npairwise:\n  - [cost, control, 3]\n",
                    encoding="utf-8")
    run = cli("assess", str(path), "--set", "priorities.cost=3")
    assert run.exit_code == 2
    assert run.stderr.startswith("error: --set 'priorities.cost=3': ")
    assert "pairwise" in run.stderr
    assert cli("assess", str(path), "--set", "team_size=40").exit_code == 0
