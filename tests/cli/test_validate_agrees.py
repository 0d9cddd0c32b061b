"""What ``validate`` accepts, ``assess`` scores; what ``assess`` refuses, ``validate`` refuses too.

A sweep over every bad profile of the case folder, and a property test over generated profiles —
priorities (often zero), pairwise judgements, weight rules that set a weight to 0, workstreams
with their own priorities — on the built-in catalog and on a small one whose defaults and rules
can weigh everything zero.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sourcing_cli.catalog import load_catalog
from sourcing_cli.cli.app import build_app
from tests.helpers import ROOT, Run
from tests.small_catalog import write_catalog

BAD = sorted((ROOT / "tests" / "cases" / "bad").glob("*.yaml"))
WORK = Path(tempfile.mkdtemp(prefix="sourcing-agree-"))
BUILT_IN = load_catalog().criterion_ids


def _small_catalog() -> Path:
    """Three criteria: ``a`` weighs 0 by default, ``b`` weighs 0 when ``scope: b``, ``c`` 1."""
    folder = write_catalog(WORK / "catalog", ["alpha", "beta"], {"a": [2, 4], "b": [3, 1], "c": [5, 2]})
    for name, weight, rules in (
        ("a", 0, ""),
        ("b", 3, "weight_rules:\n  - {when: {scope: b}, weight: 0, reason: r}\n"),
        ("c", 1, "weight_rules:\n  - {when: {scope: c}, weight: 0, reason: r}\n"),
    ):
        path = folder / f"{name}.yaml"
        text = path.read_text().replace("weight: 3\n", f"weight: {weight}\n{rules}")
        path.write_text(text)
    return folder


SMALL = _small_catalog()


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_validate_refuses_every_bad_profile_with_the_lines_assess_gives(
    case: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    shown = case.relative_to(ROOT).as_posix()
    run = cli("validate", shown)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == case.with_suffix(".err").read_text(encoding="utf-8") + (
        "1 of 1 file(s) invalid\n")


def _mapping(pairs: Mapping[str, object]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs.items()) + "}"


@st.composite
def priorities(draw: st.DrawFn, criteria: tuple[str, ...]) -> dict[str, object]:
    """Some priorities, or zero for every criterion but at most one left to rules and defaults."""
    if draw(st.booleans()):
        return draw(st.dictionaries(st.sampled_from(criteria), st.sampled_from([0, 0.5, 1, 5]),
                                    max_size=len(criteria)))
    left = draw(st.lists(st.sampled_from(criteria), max_size=1))
    return {c: 0 for c in criteria if c not in left}


@st.composite
def profiles(draw: st.DrawFn, criteria: tuple[str, ...], answers: dict[str, list[str]]) -> str:
    lines = ["version: 1", "name: Generated"]
    given = {q: draw(st.sampled_from(options)) for q, options in answers.items()
             if draw(st.booleans())}
    if given:
        lines.append(f"answers: {_mapping(given)}")
    weighting = draw(st.sampled_from(["none", "priorities", "pairwise"]))
    if weighting == "pairwise":
        named = draw(st.lists(st.sampled_from(criteria), min_size=2, max_size=3, unique=True))
        lines.append("pairwise:")
        lines += [f"  - [{a}, {b}, {draw(st.sampled_from(['1', '2', '1/3']))}]"
                  for i, a in enumerate(named) for b in named[i + 1:]]
    elif weighting == "priorities":
        lines.append("priorities: " + _mapping(draw(priorities(criteria))))
    streams = draw(st.integers(0, 2))
    if streams:
        lines.append("workstreams:")
    for i in range(streams):
        lines.append(f"  - name: w{i}")
        if draw(st.booleans()):
            lines.append(f"    priorities: {_mapping(draw(priorities(criteria)))}")
        if draw(st.booleans()) and answers:
            q = draw(st.sampled_from(sorted(answers)))
            lines.append(f"    answers: {{{q}: {draw(st.sampled_from(answers[q]))}}}")
    return "\n".join(lines) + "\n"


def _agree(text: str, catalog: Path | None) -> None:
    path = WORK / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    extra = ["--criteria", str(catalog)] if catalog is not None else []
    runner = CliRunner()
    checked = runner.invoke(build_app(), ["validate", str(path), *extra], catch_exceptions=False)
    assessed = runner.invoke(build_app(), ["assess", str(path), "-f", "json", "--as-of",
                                           "2026-03-01", *extra], catch_exceptions=False)
    assert checked.exit_code in (0, 2), checked.stderr
    if checked.exit_code == 0:
        assert assessed.exit_code == 0, text + assessed.stderr
    else:
        assert assessed.exit_code == 2, text
        assert assessed.stderr + "1 of 1 file(s) invalid\n" == checked.stderr
        assert all(line.startswith(f"{path}:") for line in assessed.stderr.splitlines())


AGREE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@AGREE
@given(profiles(BUILT_IN, {"cost_pressure": ["low", "medium", "high"],
                           "control_need": ["low", "high"], "ip_sensitivity": ["low", "high"]}))
def test_what_validate_accepts_assess_scores_built_in_catalog(text: str) -> None:
    _agree(text, None)


@AGREE
@given(profiles(("a", "b", "c"), {"scope": ["a", "b", "c"]}))
def test_what_validate_accepts_assess_scores_when_rules_and_defaults_weigh_zero(text: str) -> None:
    _agree(text, SMALL)


def test_defaults_and_rules_that_weigh_everything_zero_are_located(cli: Callable[..., Run]) -> None:
    path = WORK / "zero.yaml"
    path.write_text("version: 1\nanswers: {scope: c}\npriorities: {b: 0}\n")
    run = cli("validate", str(path), "--criteria", str(SMALL))
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        f"{path}:3:13: error: every criterion has weight 0; give at least one criterion a priority "
        "above 0")
