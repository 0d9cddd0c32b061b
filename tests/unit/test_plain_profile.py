"""``plain_profile`` accepts only what ``ProfileFile`` accepts, and gives the same values.

A plain profile is checked without building a pydantic model (:func:`sourcing_cli.profile.
plain_profile`); anything it does not certainly accept is left to pydantic. So on any document it
must either decline, or give what ``ProfileFile.model_validate`` gives — the same values of the
same types, for everything the profile's loader reads — and a valid profile of the usual shape
must take it (else it saves nothing).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sourcing_cli.profile import Parsed, ProfileFile, plain_profile
from sourcing_cli.yamlio import load_file
from tests.helpers import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "cases" / "scenarios"

KEYS = sorted(ProfileFile.model_fields)
TEXTS = ["", "x", "Acme QA", "a" * 200, "a" * 201, "2026-03-01", "2026-02-30", "20260301",
         "2026-W01-1", "US", "us", "XX", "DE", "Europe/Berlin", "UTC", "EST", "US/Eastern",
         "localtime", "UTC+2", "europe/berlin", "nearshore", "\ud800", "é" * 200]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.sampled_from([0, 1, 2, 5, 6, -1, 10**30]),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 5.0, 5.000000001, 4.5, 1.0, float("nan"), float("inf")]),
    st.sampled_from(TEXTS), st.text(max_size=8),
    st.sampled_from([date(2026, 3, 1), datetime(2026, 3, 1, 12, 0)]),
)


def _mapping(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[Any, Any]]:
    keys = st.one_of(st.sampled_from(["cost", "control", "team_size", "country", "timezone"]),
                     st.text(max_size=5), st.integers(0, 3), st.none(), st.booleans())
    return st.dictionaries(keys, values, max_size=4)


VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       _mapping(inner)), max_leaves=6)
HOMES = st.one_of(
    st.fixed_dictionaries({"country": st.sampled_from(["US", "DE", "us", "XX", 1, None]),
                           "timezone": st.sampled_from(["America/New_York", "Europe/Berlin",
                                                        "EST", "UTC", "localtime", 3])}),
    _mapping(SCALARS),
)
PRIORITY = st.one_of(
    st.integers(-2, 7), st.floats(-1, 6), st.floats(4.9, 5.1), SCALARS,
    st.sampled_from([0, 5, 0.0, -0.0, 5.0, 5.000000001, -1e-9, 6, True, False, float("nan"),
                     float("inf")]))
DATES = st.sampled_from(["2026-03-01", "2026-02-30", "20260301", "2026-3-1", " 2026-03-01", "",
                         date(2026, 3, 1), datetime(2026, 3, 1, 12, 0), 20260301, None, True])
LISTS = st.one_of(st.sampled_from([None, [], [1], {}, "x", (1,), 0]), st.lists(VALUES, max_size=2))
# each field's edges: the values either side of what it takes
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "version": st.sampled_from([1, True, 1.0, 0, 2, "1", None, [1]]),
    "name": st.one_of(st.sampled_from(["", "x", "a" * 200, "a" * 201, "é" * 200, "é" * 201, None,
                                       1, True, ["x"]]), st.text(max_size=3)),
    "home": st.one_of(HOMES, SCALARS, st.fixed_dictionaries(
        {"country": st.just("US"), "timezone": st.just("America/Chicago")},
        optional={"extra": SCALARS})),
    "answers": st.one_of(_mapping(VALUES), SCALARS),
    "priorities": st.one_of(
        st.dictionaries(st.sampled_from(["cost", "control"]), PRIORITY, min_size=1, max_size=2),
        st.dictionaries(st.one_of(st.text(max_size=2), st.integers(0, 2), st.none()), PRIORITY,
                        max_size=2), SCALARS),
    "decision": st.one_of(st.sampled_from([None, "nearshore", "", 1, True, ["x"]]),
                          st.text(max_size=3)),
    "decided": DATES, "review_by": DATES,
    "vendors": LISTS, "workstreams": LISTS, "pairwise": LISTS, "stakeholders": LISTS,
}
DOCUMENTS = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6),
    st.fixed_dictionaries({}, optional=FIELD_VALUES),
    st.fixed_dictionaries({"version": st.just(1)}, optional={
        key: value for key, value in FIELD_VALUES.items() if key != "version"}),
    st.dictionaries(st.one_of(st.sampled_from([*KEYS, "answer", "Version"]), st.integers(0, 2)),
                    VALUES, max_size=4),
    VALUES,
)

VALID = st.fixed_dictionaries({"version": st.just(1)}, optional={
    "name": st.one_of(st.none(), st.text(min_size=1, max_size=200)),
    "home": st.one_of(st.none(), st.fixed_dictionaries({
        "country": st.sampled_from(["US", "DE", "IN", "PL"]),
        "timezone": st.sampled_from(["America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"])})),
    "answers": st.dictionaries(st.text(max_size=10), VALUES, max_size=5),
    "priorities": st.dictionaries(st.text(max_size=10), st.one_of(
        st.integers(0, 5), st.floats(0, 5)), max_size=5),
    "decision": st.one_of(st.none(), st.text(max_size=10)),
    "decided": st.one_of(st.none(), st.dates().map(date.isoformat), st.dates()),
    "review_by": st.one_of(st.none(), st.dates().map(date.isoformat)),
    "vendors": st.lists(VALUES, max_size=2),
    "workstreams": st.lists(VALUES, max_size=2),
    "pairwise": st.one_of(st.none(), st.lists(VALUES, max_size=2)),
    "stakeholders": st.one_of(st.none(), st.lists(VALUES, max_size=2)),
})


def by_pydantic(data: Any) -> Parsed | None:
    try:
        return Parsed.of(ProfileFile.model_validate(data))
    except ValidationError:
        return None


def assert_same(fast: Parsed, slow: Parsed | None) -> None:
    assert slow is not None, "the plain check accepted what pydantic refuses"
    assert repr(fast) == repr(slow)  # types too: 3.0, not 3
    assert fast == slow
    for field in dataclasses.fields(Parsed):
        assert type(getattr(fast, field.name)) is type(getattr(slow, field.name)), field.name
    if fast.home is not None:
        assert slow.home is not None
        assert type(fast.home) is type(slow.home)
        assert fast.home.model_fields_set == slow.home.model_fields_set
        assert fast.home == slow.home


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_plain_check_agrees_with_pydantic_field_by_field(key: str, data: st.DataObject) -> None:
    """A valid profile but for one field, with a value of any kind: each field's edges are met."""
    document = {"version": 1, key: data.draw(FIELD_VALUES[key])}
    fast = plain_profile(document)
    if fast is not None:
        assert_same(fast, by_pydantic(document))


@settings(max_examples=600, deadline=None)
@given(DOCUMENTS)
def test_plain_check_never_accepts_what_pydantic_refuses(data: Any) -> None:
    fast = plain_profile(data)
    if fast is not None:
        assert_same(fast, by_pydantic(data))


@settings(max_examples=300, deadline=None)
@given(VALID)
def test_a_valid_profile_of_the_usual_shape_takes_the_plain_check(data: dict[str, Any]) -> None:
    slow = by_pydantic(data)
    assert slow is not None
    fast = plain_profile(data)
    assert fast is not None
    assert_same(fast, slow)


def test_priorities_are_floats_as_pydantic_gives_them() -> None:
    fast = plain_profile({"version": 1, "priorities": {"cost": 3, "risk": 2.5}})
    assert fast is not None
    assert fast.priorities == {"cost": 3.0, "risk": 2.5}
    assert [type(v) for v in fast.priorities.values()] == [float, float]


@pytest.mark.parametrize("data", [
    {"version": True}, {"version": 1.0}, {"version": 1, "priorities": {"cost": True}},
    {"version": 1, "priorities": {"cost": float("nan")}}, {"version": 1, "name": ""},
    {"version": 1, "home": {"country": "us", "timezone": "Europe/Berlin"}},
    {"version": 1, "home": {"country": "US", "timezone": "EST"}},
    {"version": 1, "decided": "2026-02-30"}, {"version": 1, "decided": datetime(2026, 3, 1)},
    {"version": 1, "answers": {1: "x"}}, {"version": 1, "vendors": None}, {"version": 1, 2: 3},
    {"version": 1, "answer": {}},
])
def test_what_it_leaves_to_pydantic(data: dict[Any, Any]) -> None:
    assert plain_profile(data) is None


PROFILES = sorted([*EXAMPLES.glob("*.yaml"), *SCENARIOS.glob("*.yaml")])


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_example_and_scenario_takes_the_plain_check(path: Path) -> None:
    doc = load_file(path, path.name, partial=True)
    assert not doc.settle()
    data = doc.data["profile"] if path.parent == SCENARIOS else doc.data  # a scenario holds one
    fast = plain_profile(data)
    assert fast is not None
    assert_same(fast, by_pydantic(data))


CODE = """
import json, sys
from sourcing_cli.cli.app import main
sys.argv = ["sourcing", "assess", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
from pydantic.plugin import _loader
from sourcing_cli import profile
built = [m.__name__ for m in (profile.ProfileFile, profile.Home) if m.__pydantic_complete__]
print(json.dumps([code, built, _loader._plugins is not None]), file=sys.stderr)
"""


def test_a_plain_assess_builds_no_pydantic_model() -> None:
    """Nor looks for pydantic plugins among the installed packages, which the first model of a
    process does. (The first run may build the catalog cache, with the catalog's models.)"""
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES / "qa-nearshore.yaml"),
                              "--as-of", "2026-03-01"], capture_output=True, text=True, check=True,
                             env={**os.environ, "NO_COLOR": "1"})
    code, built, plugins = json.loads(run.stderr.strip().splitlines()[-1])
    assert (code, built, plugins) == (0, [], False)
