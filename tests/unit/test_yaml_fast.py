"""The quick readers of plain YAML give exactly what the full event builder gives, or step aside.

:func:`sourcing_cli.yaml_lines.read_lines` (line by line, no parser) and
:func:`sourcing_cli.yaml_events.plain_build` (one tight pass over the parser's events) read most
profiles; anything else is read by :class:`~sourcing_cli.yaml_events.EventBuilder`. On generated
documents — well-formed ones and ones with every kind of thing the builder reports — each quick
reader either declines or gives the builder's data, value positions and key positions, in the same
order, and ``load_text`` gives the same document or the same diagnostics either way.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sourcing_cli import yamlio
from sourcing_cli.errors import InputError
from sourcing_cli.yaml_events import EventBuilder, Stop, plain_build
from sourcing_cli.yaml_lines import read_lines

ROOT = Path(__file__).resolve().parents[2]

KEYS = ["version", "name", "answers", "function", "team_size", "a", "b_c", "x-y", "key",
        # refused or read otherwise by the builder: the quick readers must step aside
        "on", "yes", "null", "y", "<<", "1", "-x", "a b", "\"q\"", "'s'", "? k", "k ", "Ünï"]
VALUES = ["qa_testing", "57", "-5", "+3", "0", "1.5", "1e3", "0x1F", "0o17", "true", "false",
          "\"Workload 0\"", "\"\"", "''", "'x y'", "2026-03-01", "a.b-c_d+e", "1_000",
          # refused, or more than one plain line: the quick readers must step aside
          "yes", "NO", "Off", "012", "-012", "~", "null", ".inf", "-.inf", ".nan", "+.5",
          "\"e\\n\"", "'it''s'", "a: b", "a #c", "a#c", "|", ">", "[1, 2]", "{a: 1}", "&x 1", "*x",
          "!!str 5", "!!int 5", "! x", "- x", "x\ty", "\"Ü\"", "Ünï", "\"a", "'b", "@x", "`y",
          "1" * 5000, "%x", "-", "--", "-.", "a\u2028b", "\ufeffx"]
RAW = ["---", "...", "- a", "  - b", "\t a: 1", "%YAML 1.2", "a: 1\r", "# just a comment", "",
       "   ", "  # indented comment", "? a", ": b", "[a, b]", "{a: 1}", "x", "&a b: 1", "a:\tb"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document of mapping lines at assorted indentations, with comments, blank lines and now
    and then a line or value that is anything but plain."""
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "open", "comment", "raw"]))
        indent = " " * draw(st.sampled_from([0, 0, 2, 2, 4, 3, 6]))
        key = draw(st.sampled_from(KEYS))
        comment = draw(st.sampled_from(["", "", "  # note", " #", "# x"]))
        if kind == "pair":
            gap = draw(st.sampled_from([" ", " ", "  "]))
            lines.append(f"{indent}{key}:{gap}{draw(st.sampled_from(VALUES))}{comment}")
        elif kind == "open":
            lines.append(f"{indent}{key}:{comment}")
        elif kind == "comment":
            lines.append(f"{indent}# {draw(st.text(max_size=5))}")
        else:
            lines.append(draw(st.sampled_from(RAW)))
    end = draw(st.sampled_from(["\n", "", "\n\n"]))
    return "\n".join(lines) + end


def built(text: str) -> tuple[Any, ...]:
    """What the full event builder reads: data, positions, problems — or the error it stops at."""
    builder = EventBuilder("f.yaml")
    try:
        yamlio._build(builder, text)
    except Stop as stop:
        return ("stop", stop.diagnostic)
    except yaml.YAMLError as exc:
        return ("error", str(exc))
    return (builder.data, builder.values, builder.keys, builder.problems, builder.ambiguous)


def same(quick: tuple[Any, dict[Any, Any], dict[Any, Any]], full: tuple[Any, ...]) -> None:
    assert len(full) == 5, full  # the builder did not stop
    data, values, keys, problems, ambiguous = full
    assert not problems and not ambiguous  # a quick reader never reads past a problem
    assert _typed(quick[0]) == _typed(data)
    assert list(quick[1].items()) == list(values.items())  # same positions, same order
    assert list(quick[2].items()) == list(keys.items())


def _typed(value: Any) -> Any:
    """``value`` with every type and key order spelt out (``1 == 1.0 == True`` in Python)."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def loaded(text: str) -> tuple[Any, ...]:
    """What ``load_text`` gives: the document's parts, or every diagnostic."""
    try:
        doc = yamlio.load_text(text, "f.yaml", partial=True)
    except InputError as exc:
        return ("error", [d.render() for d in exc.diagnostics])
    return (_typed(doc.data), list(doc.values.items()), list(doc.keys.items()),
            [d.render() for d in doc.settle()])


def events_of(text: str) -> tuple[Any, dict[Any, Any], dict[Any, Any]] | None:
    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        return plain_build(iter(loader.get_event, None))
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("version: 1\nname: \"W\"\nanswers:\n  # c\n  a: b\n  c:\n     d: -5\n  e: 'x y'\nz: 1.5\n")
@example("a:\n  b: 1\n c: 2\n")  # between two indentations: an error
@example("a: b\n  c: d\n")  # a value continued, or an error
@example("a:\nb: 1\n")  # an empty value
@example("a: 1\na: 2\n")  # a key twice
def test_quick_readers_agree_with_the_builder(text: str) -> None:
    try:  # load_text refuses control characters before any reader sees the text
        yamlio._printable(text, "f.yaml")
    except InputError:
        assume(False)
    full = built(text)
    for quick in (read_lines(text), events_of(text)):
        if quick is not None:
            same(quick, full)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_load_text_is_the_same_with_and_without_the_quick_readers(text: str) -> None:
    quick = loaded(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlio, "read_lines", lambda _text: None)
        patch.setattr(yamlio, "_plain", lambda _text: None)
        assert loaded(text) == quick


def test_the_quick_readers_read_every_example_profile_as_the_builder_does() -> None:
    files = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])
    assert len(files) > 40
    read = [0, 0]
    for path in files:
        try:  # as load_file reads them; the hostile ones stop before any YAML is read
            text = yamlio._printable(yamlio.decode(path.read_bytes(), "f.yaml"), "f.yaml")
        except InputError:
            continue
        full = built(text)
        for i, quick in enumerate((read_lines(text), events_of(text))):
            if quick is not None:
                read[i] += 1
                same(quick, full)
    # the quick paths are really taken (lists, found in most examples, go past the line reader)
    assert read[0] >= 10 and read[1] >= 50


def test_a_generated_profile_is_read_line_by_line() -> None:
    from sourcing_cli.catalog import load_catalog
    from sourcing_cli.profile_writer import render_profile

    catalog = load_catalog()
    text = render_profile(catalog, name="Quick", home=None,
                          answers={"function": "qa_testing", "team_size": 12},
                          priorities={"cost": 4}, decision=catalog.model_ids[0])
    quick = read_lines(text)
    assert quick is not None
    same(quick, built(text))
    assert quick[0]["answers"] == {"function": "qa_testing", "team_size": 12}


@pytest.mark.parametrize("text", [
    "a: yes\n", "a: 012\n", "a: 1\na: 2\n", "on: 1\n", "a: !!str 1\n", "a: &x 1\nb: *x\n",
    "a:\n", "a:\n- 1\n", "- 1\n", "a: 1\n---\nb: 2\n", "a:\tb\n", "a: \"x\\ty\"\n", "",
    "# only a comment\n", "  a: 1\n", "a: b\n  c\n", "a: '1\n  2'\n",
])
def test_the_line_reader_steps_aside_from_anything_but_plain_lines(text: str) -> None:
    assert read_lines(text) is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=24),
       st.sampled_from(["", "-", "+", "0", "00"]))
@example("0", "")
@example("18446744073709551616", "")  # past 64 bits
@example("9" * 18, "")
def test_whole_numbers_read_line_by_line_are_the_builders(digits: str, prefix: str) -> None:
    """The line reader reads ASCII digits straight as an ``int``; whatever the builder makes of
    them (a number, or a zero-padded one it reports), the line reader gives the same or steps
    aside."""
    text = f"a: {prefix}{digits}\nb:\n  c: {digits}\n"
    quick = read_lines(text)
    full = built(text)
    if quick is not None:
        same(quick, full)
    if digits == str(int(digits)) and prefix in ("", "-", "+"):  # not zero-padded: read here
        assert quick is not None
