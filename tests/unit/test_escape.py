"""The escaping layer, format by format, on the sequences that do harm."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcing_cli.render.escape import (
    Streamed,
    html,
    json_text,
    markdown,
    markdown_code,
    shell_word,
    terminal,
    xml_text,
)

TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"


@pytest.mark.parametrize(("raw", "shown"), [
    (TITLE, "\\x1b]0;pwned\\x07"),
    (CLIPBOARD, "\\x1b]52;c;ZXZpbA==\\x07"),
    ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),
    ("\x9b31m", "\\x9b31m"),
    ("a\nb\r\nc\td", "a\\nb\\r\\nc\\td"),
    ("admin\u202etxt.exe", "admin\\u202etxt.exe"),
    ("\ufffe\uffff\ud800", "\\ufffe\\uffff\\ud800"),
    ("In-house — “quoted” ×3 é 日本", "In-house — “quoted” ×3 é 日本"),
])
def test_terminal_shows_controls_escaped(raw: str, shown: str) -> None:
    assert terminal(raw) == shown


def test_terminal_can_keep_line_breaks() -> None:
    assert terminal("one\r\ntwo\rthree\n\x1b", keep_lines=True) == "one\ntwo\nthree\n\\x1b"


@given(st.text())
def test_no_control_character_survives_any_format(text: str) -> None:
    for out in (terminal(text), markdown(text), markdown_code(text), xml_text(text, keep_lines=False)):
        assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in out)
    assert "\n" not in markdown(text)


@pytest.mark.parametrize(("raw", "shown"), [
    ("## Recommendation: X", "\\## Recommendation: X"),
    ("# H1", "\\# H1"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("1. item", "1\\. item"),
    ("---", "\\---"),
    ("===", "\\==="),
    ("a | b", "a \\| b"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("R&D", "R&amp;D"),
    ("*bold* _em_ `code` [link](x) ~~s~~ ![i](y)",
     "\\*bold\\* \\_em\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ \\!\\[i\\](y)"),
    ("name\n## Recommendation: X", "name ## Recommendation: X"),
    ("46.9 points", "46.9 points"),
    ("in_country", "in_country"),
    ("In-house", "In-house"),
    ("a\\b", "a\\\\b"),
    ("\x1b]0;t\x07", "\\\\x1b\\]0;t\\\\x07"),
])
def test_markdown_is_literal_text_on_one_line(raw: str, shown: str) -> None:
    assert markdown(raw) == shown


def test_markdown_code_cannot_end_its_span_or_a_cell() -> None:
    assert markdown_code("a`b|c\nd\x1b") == "a'b\\|c\\nd\\x1b"


def test_json_is_faithful_and_holds_no_raw_control() -> None:
    data = {"name": "\x1b]0;t\x07\x9b\u2028\u202e\ud800 é", "n": 1.5}
    text = json_text(data)
    assert json.loads(text) == data
    assert text.endswith("\n")
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f for c in text)
    assert "\\u009b" in text and "\\u202e" in text and "é" in text


def _value(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(11 if depth < 5 else 7)
    scalars: list[Any] = [None, True, False, rng.randint(-10**20, 10**20),
                          rng.choice([0.1, -0.0, 1e300, 5e-324, 2.5, float(rng.random())]),
                          rng.choice(["", "é\"\\\n\t", "plain", "\x00\x1f"]), 3]
    if kind < 7:
        return scalars[kind]
    if kind < 9:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys: list[Any] = ["k", "é", 1, 2.5, True, False, None, "x\ny"]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def test_json_text_writes_exactly_what_json_dumps_writes() -> None:
    """The report's own encoder (faster on millions of tokens) gives ``json.dumps``'s bytes for
    every kind of value and key, nested lists, tuples and dictionaries, empty ones included."""
    rng = random.Random(5)
    for _ in range(2000):
        data = _value(rng, 0)
        expected = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        if not any(0x7f <= ord(c) <= 0x9f or c in "\u2028\u2029" for c in expected):
            assert json_text(data) == expected
    assert json_text((1, [], {}, ())) == "[\n  1,\n  [],\n  {},\n  []\n]\n"


@pytest.mark.parametrize("bad", [float("nan"), [float("inf")], {"k": -float("inf")}, {1.5j: 1},
                                 {"k": object()}, {float("nan"): 1}])
def test_json_text_refuses_what_json_dumps_refuses(bad: Any) -> None:
    with pytest.raises((ValueError, TypeError)) as ours:
        json_text(bad)
    with pytest.raises((ValueError, TypeError)) as theirs:
        json.dumps(bad, indent=2, ensure_ascii=False, allow_nan=False)
    assert type(ours.value) is type(theirs.value)


@pytest.mark.parametrize("word", ["plain.yaml", "with space.yaml", "it's.yaml", "e\x1b[2J.yaml",
                                  "nl\n'q'\\.yaml"])
def test_shell_words_survive_a_round_trip_through_bash(word: str) -> None:
    quoted = shell_word(word)
    assert terminal(quoted) == quoted  # safe to print
    out = subprocess.run(["bash", "-c", f"printf %s {quoted}"], capture_output=True, check=True)
    assert out.stdout.decode() == word


@pytest.mark.parametrize(("raw", "shown"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("R&D", "R&amp;D"),
    ("a \"quoted\" 'name'", "a &quot;quoted&quot; &#x27;name&#x27;"),
    ("x\" onload=\"alert(1)", "x&quot; onload=&quot;alert(1)"),
    ("admin\u202etxt.exe", "admin\\u202etxt.exe"),
    (TITLE, "\\x1b]0;pwned\\x07"),
    ("one\ntwo", "one\\ntwo"),
    ("In-house — “quoted” ×3 é 日本", "In-house — “quoted” ×3 é 日本"),
])
def test_html_escapes_markup_quotes_and_controls(raw: str, shown: str) -> None:
    assert html(raw) == shown


@given(st.text())
def test_html_text_never_opens_markup_or_leaves_an_attribute(text: str) -> None:
    out = html(text)
    assert not set(out) & {"<", ">", '"', "'"}
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in out)
    assert "&" not in out.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "") \
        .replace("&quot;", "").replace("&#x27;", "")


def test_a_streamed_list_is_written_as_the_list_and_made_one_item_at_a_time() -> None:
    made: list[int] = []

    def maker(n: int) -> Callable[[], Any]:
        def make() -> Any:
            assert made == list(range(n))  # the items before it are made (and written) first
            made.append(n)
            return {"n": n, "rows": [{"k": [n, "é"]}, []], "flat": [1.5, None]}
        return make

    streamed = {"first": 1, "items": Streamed([maker(n) for n in range(100)]), "none": Streamed([])}
    plain = {"first": 1, "items": [maker(n)() for n in range(100)], "none": []}
    made.clear()
    assert json_text(streamed) == json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
    assert made == list(range(100))
