"""The quick reading of the YAML most profiles are: nested mappings of plain and quoted scalars.

A profile as ``sourcing init`` or the interview writes it is comment lines and ``key: value`` lines,
one per line, nested by indentation. :func:`read_lines` reads exactly that much of YAML line by
line, with one regular expression a line and no parser, and gives what
:class:`~sourcing_cli.yaml_events.EventBuilder` would build from the parser's events — the same
data, the same position of every key and value, in the same order. At the first line it does not
recognise, or anything the builder might report or read otherwise (a tab, a quoted escape, a list,
a key written twice, a YAML 1.1 word, an empty value, nesting or size near a limit), it gives
``None`` and the file is read in full as before, so every message and position stays the
builder's. ``tests/unit/test_yaml_lines.py`` checks the two agree on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

from sourcing_cli.yaml_events import (
    AMBIGUOUS,
    MAX_DEPTH,
    MAX_NODES,
    NUMBER_START,
    WORDS,
    Path_,
    Pos,
    plain_scalar,
)

# Every line of the text, one match each (``re.M``; :func:`read_lines` checks none was skipped):
# either a line of a mapping — its indentation, a key, and a value (plain, double- or
# single-quoted) or none, then an optional comment — or a blank or comment line, whose groups are
# empty. A plain value here is letters, digits and ``_.+-`` (a sign only before a digit); quoted
# ones hold no escape, no quote of their own kind and no control character. Keys are words of at
# most 128 characters (libyaml's limit for a key on one line is 1,024).
_LINES = re.compile(
    r"^(?:(?P<indent> *)(?P<key>[A-Za-z_][A-Za-z0-9_-]{0,127}):"
    r"(?:(?P<gap> +)(?:(?P<plain>[A-Za-z0-9_][A-Za-z0-9_.+-]*|[-+][0-9][A-Za-z0-9_.+-]*)"
    r"|(?P<double>\"[^\"\\\x00-\x1f\x7f-\x9f]*\")|(?P<single>'[^'\x00-\x1f\x7f-\x9f]*')))?"
    r"(?: +(?:#.*)?)?| *(?:#.*)?)$",
    re.M,
)
# Anything that makes a line mean more than it seems: a tab (an error in indentation, not in a
# value), other line breaks (YAML 1.1 also breaks lines at NEL, LS and PS), a byte-order mark.
_UNUSUAL = ("\t", "\r")
_UNUSUAL_WIDE = ("\x85", "\u2028", "\u2029", "\ufeff")


def read_lines(text: str) -> tuple[dict[str, Any], dict[Path_, Pos], dict[Path_, Pos]] | None:
    """The data, value positions and key positions of ``text``, or ``None`` when it is not
    nested mappings of scalars written one per line (then it is read in full)."""
    if any(c in text for c in _UNUSUAL) or (
            not text.isascii() and any(c in text for c in _UNUSUAL_WIDE)):
        return None
    rows = _LINES.findall(text)
    if len(rows) != text.count("\n") + 1:
        return None  # a line that is neither of a mapping, nor blank, nor a comment
    values: dict[Path_, Pos] = {}
    keys: dict[Path_, Pos] = {}
    # the open mappings: indentation, the mapping, its path
    stack: list[tuple[int, dict[str, Any], Path_]] = []
    pending: tuple[dict[str, Any], str, Path_, int] | None = None  # a key with no value yet
    words, number_start, ambiguous, key_words = WORDS, NUMBER_START, AMBIGUOUS, _KEY_WORDS
    # the innermost open mapping, its path and indentation (stack[-1], unpacked once a change)
    mapping: dict[str, Any] = {}
    path: Path_ = ()
    level = -1
    for number, (spaces, key, gap, plain, double, single) in enumerate(rows, 1):
        if not key:
            continue  # blank, or a comment
        indent = len(spaces)
        if pending is not None:  # the first key of the mapping that is the pending key's value
            parent, name, path, above = pending
            if indent <= above or len(stack) >= MAX_DEPTH - 1:
                return None  # an empty value, or deep nesting: the builder decides
            mapping = {}
            parent[name] = mapping
            values[path] = (number, indent + 1)
            stack.append((indent, mapping, path))
            level = indent
            pending = None
        elif not stack:  # the document's own mapping
            if indent:
                return None
            mapping = {}
            path = ()
            values[()] = (number, 1)
            stack.append((0, mapping, ()))
            level = 0
        elif indent != level:
            while stack[-1][0] > indent:
                stack.pop()
                if not stack:
                    return None
            level, mapping, path = stack[-1]
            if level != indent:
                return None  # more indented than its siblings: a continued value, or an error
        if key in mapping or key in key_words:
            return None  # a key twice, or one YAML also reads as a boolean or null
        here = (*path, key)
        keys[here] = (number, indent + 1)
        if not gap:
            pending = (mapping, key, here, indent)
            mapping[key] = None  # a place kept: the mapping under it comes next
            continue
        value: Any
        if plain:
            if plain.isdigit() and len(plain) < 19 and (plain[0] != "0" or len(plain) == 1):
                value = int(plain)  # a whole number, as plain_scalar reads it (ASCII digits)
            elif plain[0] in number_start:
                resolved = plain_scalar(plain)
                if resolved is None:
                    return None
                value = resolved[0]
            else:
                value = words.get(plain, plain)
                if value is ambiguous:
                    return None
        else:
            value = (double or single)[1:-1]
        values[here] = (number, indent + len(key) + len(gap) + 2)
        mapping[key] = value
    # the document's mapping and one node a key (a value, or the mapping under it)
    if pending is not None or not stack or len(keys) + 1 > MAX_NODES:
        return None
    return stack[0][1], values, keys


# Keys the core schema or YAML 1.1 reads as something other than text: the builder keeps them as
# written, but they are rare enough in a profile to leave to it.
_KEY_WORDS = frozenset(("null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
                        "n", "N", "no", "No", "NO", "off", "Off", "OFF"))
