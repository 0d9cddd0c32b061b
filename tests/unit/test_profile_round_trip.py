"""What the interview writes reads back, through the tool's own loader, as exactly what it read.

The interview rewrites a profile after every answer, with the sections it does not ask about
(vendors, workstreams, pairwise judgements…) carried along. Any valid profile — whatever text its
names hold (``y``, ``1e3``, ``0o17``, ``2026-01-01``, control characters, line separators) and
whatever numbers (``4.0`` stays a float) — must come back value for value and type for type.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.conditions import FieldSpec
from sourcing_cli.errors import InputError
from sourcing_cli.interview import Answers, Interview
from sourcing_cli.profile import load_profile
from sourcing_cli.profile_checks import name_key
from sourcing_cli.profile_writer import block, scalar
from sourcing_cli.yamlio import load_text

CATALOG = load_catalog()
TRICKY = ["y", "Y", "n", "yes", "No", "on", "OFF", "true", "False", "null", "Null", "~", "1e3",
          "0o17", "0x1F", "012", "22:22", "1_000", ".5", "-1", "+1", ".inf", ".nan", "2026-01-01",
          "- item", "a: b", "a #b", "#x", "'q'", '"q"', "\\", " lead", "trail ", "@x", "`x", "!x",
          "&a", "*a", "%x", "|", ">", "[x]", "{x}", "?", "-", "x\ty", "x\ny", "a\u2028b", "a\x85b",
          "\u2029", "\ufeffbom", "\x7f", "\x9b[31m", "\x1b]52;c;aGk=\x07", "é", "😀", "中文"]
TEXT = st.one_of(st.sampled_from(TRICKY),
                 st.text(st.characters(codec="utf-8"), min_size=1, max_size=30))
NAME = TEXT.filter(lambda t: 1 <= len(t) <= 200)
NUMBER_FLOATS = st.floats(min_value=0, max_value=5, allow_nan=False, allow_infinity=False)


def value_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "boolean":
        return st.booleans()
    low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 1e6
    if spec.kind == "integer":
        whole = st.integers(int(low), int(high))
        return st.one_of(whole, whole.map(float))  # 15.0 is a valid whole number, and stays 15.0
    return st.one_of(st.integers(math.ceil(low), int(high)),
                     st.floats(low, high, allow_nan=False, allow_infinity=False))


def answers_of(draw: st.DrawFn, catalog: Catalog) -> dict[str, Any]:
    return {q.id: draw(value_for(q.spec)) for q in catalog.questions if draw(st.booleans())}


def priorities_of(draw: st.DrawFn, catalog: Catalog) -> dict[str, Any]:
    value = st.one_of(st.integers(0, 5), NUMBER_FLOATS)
    chosen = {c: draw(value) for c in catalog.criterion_ids if draw(st.booleans())}
    if chosen and not any(chosen.values()):
        chosen[next(iter(chosen))] = 1
    return chosen


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    catalog = CATALOG
    data: dict[str, Any] = {"version": 1}
    if draw(st.booleans()):
        data["name"] = draw(NAME)
    if draw(st.booleans()):
        data["home"] = {"country": draw(st.sampled_from(["US", "NO", "DE", "CO"])),
                        "timezone": draw(st.sampled_from(["Europe/Oslo", "America/New_York"]))}
    data["answers"] = answers_of(draw, catalog)
    if priorities := priorities_of(draw, catalog):
        data["priorities"] = priorities
    if draw(st.booleans()):
        data["decision"] = draw(st.sampled_from(catalog.model_ids))
    streams = draw(st.lists(NAME, max_size=3, unique_by=name_key))  # as the profile compares names
    if streams:
        data["workstreams"] = [{"name": name, "answers": answers_of(draw, catalog),
                                **({"priorities": p} if (p := priorities_of(draw, catalog)) else {})}
                               for name in streams]
    vendors = []
    for name in draw(st.lists(NAME, max_size=2, unique_by=name_key)):
        vendor: dict[str, Any] = {"name": name, "model": draw(st.sampled_from(catalog.model_ids)),
                                  "country": "CO", "timezone": "America/Bogota"}
        if draw(st.booleans()):
            vendor["certifications"] = [
                {"name": draw(TEXT.filter(lambda t: len(t) <= 80)),
                 "expires": draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))).isoformat()}
                for _ in range(draw(st.integers(0, 2)))]
        vendor["facts"] = {f.id: draw(value_for(f.spec)) for f in catalog.red_flags.facts
                           if draw(st.booleans())}
        serves: str | None = draw(st.one_of(st.none(), st.sampled_from(streams))) if streams else None
        if serves is not None:
            vendor["workstream"] = serves
        vendors.append(vendor)
    if vendors:
        data["vendors"] = vendors
    return data


def as_yaml_1_2_flow(data: Any) -> str:
    """A profile as JSON (flow YAML), written independently of the code under test: characters
    YAML cannot hold raw are escaped as \\uXXXX."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def exact(a: Any, b: Any) -> bool:
    """Equal, and of the same type all the way down (4.0 is not 4, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(exact(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(exact(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def rewrite(tmp_path: Path, data: dict[str, Any]) -> Any:
    original = tmp_path / "profile.yaml"
    original.write_text(as_yaml_1_2_flow(data), encoding="utf-8")
    try:
        profile = load_profile(original, CATALOG)
    except InputError as exc:  # the strategy makes valid profiles only: say which was not
        raise AssertionError(f"not a valid profile: {exc}") from None
    rewritten = tmp_path / "rewritten.yaml"
    rewritten.write_text(Interview(CATALOG, Answers.from_profile(profile)).render("intro"),
                         encoding="utf-8")
    return load_profile(rewritten, CATALOG).doc.data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=profiles())
def test_every_value_of_a_valid_profile_survives_the_interview_rewrite(
    tmp_path: Path, data: dict[str, Any],
) -> None:
    back = rewrite(tmp_path, data)
    expected = {"answers": {}, "priorities": {}, **data}
    assert exact(back, expected), (back, expected)


@pytest.mark.parametrize("name", ["y", "1e3", "0o17", "no", "null", "2026-01-01", "x\u2028y"])
def test_the_reported_names_come_back_as_text(tmp_path: Path, name: str) -> None:
    data = {"version": 1, "name": name, "answers": {"team_size": 15.0},
            "workstreams": [{"name": name, "answers": {"team_size": 3}}],
            "vendors": [{"name": name, "model": "in_house", "country": "NO",
                         "timezone": "Europe/Oslo", "facts": {"attrition_pct": 14.0}}]}
    back = rewrite(tmp_path, data)
    assert exact(back["name"], name)
    assert exact(back["workstreams"], data["workstreams"])
    assert exact(back["vendors"], data["vendors"])
    assert exact(back["answers"], {"team_size": 15.0})


@given(value=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), TEXT,
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=12))
@settings(max_examples=200, deadline=None)
def test_any_plain_value_written_as_a_block_reads_back_exactly(value: Any) -> None:
    doc = load_text("\n".join(block("key", value)) + "\n", "x.yaml")
    assert exact(doc.data, {"key": value}), (doc.data, value)
    assert load_text(f"key: {scalar(value)}\n", "x.yaml").data == {"key": value} or isinstance(
        value, dict | list)


def test_a_profile_weighed_by_pairwise_judgements_stays_valid(tmp_path: Path) -> None:
    """The interview asks no priorities of it: priorities beside pairwise would be refused."""
    data = {"version": 1, "name": "P", "answers": {"team_size": 5},
            "pairwise": [["cost", "control", 3], ["cost", "speed", 5], ["control", "speed", 2]]}
    original = tmp_path / "profile.yaml"
    original.write_text(as_yaml_1_2_flow(data), encoding="utf-8")
    interview = Interview(CATALOG, Answers.from_profile(load_profile(original, CATALOG)))
    assert interview.accept_defaults() is None and interview.complete
    rewritten = tmp_path / "rewritten.yaml"
    rewritten.write_text(interview.render("intro"), encoding="utf-8")
    back = load_profile(rewritten, CATALOG)
    assert exact(back.doc.data["pairwise"], data["pairwise"])
    assert back.doc.data["priorities"] == {} and back.ahp is not None
