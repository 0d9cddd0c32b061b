"""The escaping layer, format by format, on the sequences that do harm."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcing_cli.render.escape import (
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
