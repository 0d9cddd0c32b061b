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
import re
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

    ``json.dumps`` with an indent joins a list of every token it wrote: for a profile with
    thousands of workstreams that list takes several times the memory of the text itself, so the
    tokens are written to a buffer instead (the same text). The characters ``json`` leaves raw
    can only be inside strings and each is one character, so they are escaped in one pass over
    the whole text rather than token by token (millions of tokens for a large portfolio).
    """
    import io

    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False)
    out = io.StringIO()
    out.writelines(encoder.iterencode(data))
    out.write("\n")
    text = out.getvalue()
    out.close()
    if re.search(_JSON_RAW, text) is None:
        return text
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)


def shell_word(text: str) -> str:
    """``text`` as one word for a POSIX shell command a user may copy: quoted as ``shlex`` does,
    or, when it holds control characters, as a Bash ``$'…'`` word with them escaped."""
    if _UNSAFE_RE.search(text) is None:
        import shlex

        return shlex.quote(text)
    return "$'" + terminal(text.replace("\\", "\\\\").replace("'", "\\'")) + "'"
