"""Text from input files, made safe for each output format: one function per format.

Names, reasons, certificate names and paths come from files the user (or a colleague, or a pull
request) wrote. Every renderer passes them through the function for its format before they are
laid out:

* :func:`terminal` — for the terminal and what is exported from it (SVG, HTML): control
  characters, escape sequences, bidirectional overrides and characters XML cannot carry are shown
  escaped (``\\x1b``, ``\\n``, ``\\u202e``), so a name cannot retitle the window, write to the
  clipboard, clear the screen or fake a line;
* :func:`markdown` — for Markdown text, table cells and emphasis: one line (line breaks become
  spaces), other controls shown escaped as in the terminal, Markdown punctuation backslash-escaped
  (a cell cannot start a heading, a list or a quote, nor open a link, emphasis or a code span) and
  ``<``, ``>``, ``&`` as entities (no raw HTML); :func:`markdown_code` is the variant for text
  inside a code span;
* :func:`html` — for HTML text and attribute values, and for the text and attributes of inline
  SVG: controls shown escaped as in the terminal, one line, ``<``, ``>``, ``&`` and both quotes as
  character references, so a name can neither add markup nor leave an attribute;
* :func:`xml_text` — for XML (JUnit): visible escapes for what XML 1.0 cannot carry; the XML
  library then escapes markup;
* :func:`json_text` — for JSON: faithful (the same characters), with the controls ``json.dumps``
  leaves raw (C1, line separators, bidirectional overrides) written as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

# C0 controls (line breaks included), DEL, C1 controls, the bidirectional marks and overrides that
# can disguise a line, the Unicode line and paragraph separators, lone surrogates, the byte-order
# mark, and the two noncharacters XML 1.0 refuses.
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff" \
          "\ufffe\uffff"
_UNSAFE_RE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_BUT_LF = f"[\x00-\x09\x0b-\x1f{_OTHERS}]"  # multi-line messages only: compiled when used
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C1 and the other characters above that json.dumps(ensure_ascii=False) writes raw.
_JSON_RAW = f"[{_OTHERS}]"
# Backslash-escaped anywhere in Markdown text: what opens emphasis, links, images, code,
# strikethrough, or a table cell boundary. ASCII punctuation, so the backslash escape is valid.
# An underscore inside a word (``in_country``) opens nothing in CommonMark and stays as it is.
_MD_INLINE = r"([\\`*\[\]|~!]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))"
# What makes a line a heading, a list item, a thematic break or a setext underline when it starts
# one (``>`` and ``<`` are entities by then): escaped only there, where it matters.
_MD_BLOCK = r"^(\s*)(#|=|[-+](?=[\s-]|$))"
_MD_ORDERED = r"^(\s*\d{1,9})([.)])(?=\s|$)"
# The patterns only JSON or Markdown use are compiled when first used (``re``'s own cache), not at
# every start: the terminal table needs none of them.


def _show(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, *, keep_lines: bool = False) -> str:
    """``text`` safe for a terminal (and for SVG/HTML exported from it): every control character
    and escape sequence shown escaped. ``keep_lines`` keeps line breaks (CR LF and CR become LF)
    for a multi-line message; otherwise the text stays on one line."""
    if keep_lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return re.sub(_UNSAFE_BUT_LF, _show, text)
    return _UNSAFE_RE.sub(_show, text)


def markdown(text: str) -> str:
    """``text`` as literal Markdown on one line: safe in a paragraph, a list item, a heading, inside
    ``**…**`` and in a table cell."""
    text = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    text = re.sub(_MD_INLINE, r"\\\1", terminal(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(_MD_ORDERED, r"\1\\\2", re.sub(_MD_BLOCK, r"\1\\\2", text))


def markdown_code(text: str) -> str:
    """``text`` inside a code span (`` `…` ``) of a table cell or a line: one line, no backtick
    that could end the span early, pipes escaped (GitHub splits cells on them even there)."""
    return terminal(text).replace("`", "'").replace("|", "\\|")


def html(text: str) -> str:
    """``text`` as literal HTML (or SVG) text on one line, safe in an element and in a quoted
    attribute value."""
    import html as html_

    return html_.escape(terminal(text), quote=True)


def xml_text(text: str, *, keep_lines: bool = True) -> str:
    """``text`` that XML 1.0 can carry (the XML writer escapes ``<``, ``&`` and quotes)."""
    return terminal(text, keep_lines=keep_lines)


def json_text(data: Any) -> str:
    """``data`` as indented JSON, faithful to every character, and ending with a newline.

    The text is exactly ``json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)``'s
    (:func:`_write`), written by one recursive function rather than the standard library's
    chain of generators, which with an indent is pure Python and yields a token at a time: for a
    profile with thousands of workstreams (millions of tokens) that is most of the run. The
    characters ``json`` leaves raw can only be inside strings and each is one character, so they
    are escaped in one pass over the whole text rather than token by token.
    """
    parts: list[str] = []
    _write(data, "\n", parts)
    parts.append("\n")
    text = "".join(parts)
    del parts
    if re.search(_JSON_RAW, text) is None:
        return text
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)


_INDENT = "  "
_string = json.encoder.encode_basestring  # the C function json.dumps uses when it is there


class Streamed:
    """A JSON list whose items are made one at a time as :func:`json_text` writes them, and
    dropped once written: the text is a list's, but a report's thousands of workstreams never
    all exist as dictionaries at once."""

    def __init__(self, makers: Sequence[Callable[[], Any]]) -> None:
        self.makers = makers


_NESTED = (list, tuple, dict, Streamed)  # a Streamed list is never written as a flat one
_PIECES = 64  # an item of a list written in more pieces is joined into one (each costs ~60 bytes)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value``'s JSON text to ``parts``: the same checks as ``json``'s, in the same
    order — strings, ``None``, booleans, integers, floats, lists and tuples, dictionaries — the
    same key conversions, and the same errors for what JSON cannot hold.

    A list or dictionary that holds no other (or only empty ones) — most of a report's tokens —
    is written by the standard library's C encoder with the indent as its item separator: the
    same text, as the indent of a flat container is only in what separates its items."""
    kind = type(value)
    if kind is str:
        parts.append(_string(value))
    elif kind is float:
        parts.append(_float(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif isinstance(value, str):
        parts.append(_string(value))
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + _INDENT
        if _flat(value):
            parts += ("[", inner, _compact(value, inner)[1:-1], newline, "]")
            return
        sep = "[" + inner
        for item in value:
            start = len(parts)
            parts.append(sep)
            _write(item, inner, parts)
            if len(parts) - start > _PIECES:  # a workstream's report: one string, not hundreds
                parts[start:] = ["".join(parts[start:])]
            sep = "," + inner
        parts += (newline, "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + _INDENT
        if _flat(value.values()):
            parts += ("{", inner, _compact(value, inner)[1:-1], newline, "}")
            return
        sep = "{" + inner
        for key, item in value.items():
            parts += (sep, _string(key if type(key) is str else _key(key)), ": ")
            _write(item, inner, parts)
            sep = "," + inner
        parts += (newline, "}")
    elif isinstance(value, Streamed):
        _write_streamed(value, newline, parts)
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _write_streamed(value: Streamed, newline: str, parts: list[str]) -> None:
    if not value.makers:
        parts.append("[]")
        return
    inner = newline + _INDENT
    sep = "[" + inner
    for make in value.makers:
        start = len(parts)
        parts.append(sep)
        _write(make(), inner, parts)
        parts[start:] = ["".join(parts[start:])]
        sep = "," + inner
    parts += (newline, "]")


def _flat(values: Iterable[Any]) -> bool:
    """No value is a list, tuple or dictionary with something in it."""
    for v in values:
        if v and isinstance(v, _NESTED):
            return False
    return _C_ENCODER is not None


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_COMPACT: dict[str, Callable[[Any, int], Sequence[str]]] = {}


def _compact(value: Any, inner: str) -> str:
    """A flat list or dictionary on one line per item, ``inner`` between items (C speed)."""
    encode = _COMPACT.get(inner)
    if encode is None:
        assert _C_ENCODER is not None
        encode = _COMPACT[inner] = _C_ENCODER(None, _refuse, _string, None, ": ", "," + inner,
                                              False, False, False)
    return "".join(encode(value, 0))


def _float(value: float) -> str:
    if value != value or value in (math.inf, -math.inf):
        raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dictionary key that is not a string, as ``json`` turns it into one."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def shell_word(text: str) -> str:
    """``text`` as one word for a POSIX shell command a user may copy: quoted as ``shlex`` does,
    or, when it holds control characters, as a Bash ``$'…'`` word with them escaped."""
    if _UNSAFE_RE.search(text) is None:
        import shlex

        return shlex.quote(text)
    return "$'" + terminal(text.replace("\\", "\\\\").replace("'", "\\'")) + "'"
