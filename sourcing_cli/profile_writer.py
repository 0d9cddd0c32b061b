"""Writing a profile a person can read: commented, valid profile v1, schema line on top.

Used by ``sourcing init`` (a starter profile) and ``sourcing interview`` (the answers so far). Every
question appears with its text and its options as comments; questions not answered yet stay as
commented-out lines with their default, so the file shows what is left to decide.

Whatever is written reads back — through :mod:`sourcing_cli.yamlio`, and through any YAML 1.1 or
1.2 reader — as exactly the value that was written: text that a reader could take for anything
else (``y``, ``1e3``, ``0o17``, ``2026-01-01``, ``null``) is quoted, a float stays a float, and
:func:`block` writes the sections the interview does not ask about (vendors, workstreams, …) with
the same rules, never through a YAML library's own guesses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from sourcing_cli.catalog import Catalog, Question
from sourcing_cli.records import record

SCHEMA_LINE = "# yaml-language-server: $schema=profile.schema.json"
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_/+-]*$")
_RESERVED = re.compile(
    r"^(?:y|yes|n|no|on|off|true|false|null|~)$", re.IGNORECASE
)
# YAML's printable characters (anything else is escaped in a double-quoted scalar) minus the
# byte-order mark; and the characters a double-quoted scalar must escape to keep them: the quote,
# the backslash and every line break (YAML 1.1 counts NEL, LS and PS as breaks and folds them).
_UNSAFE = re.compile(r'[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd'
                     r'\U00010000-\U0010ffff]|[\\"\t\n\r\x85\u2028\u2029]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x85": "\\N",
            "\u2028": "\\L", "\u2029": "\\P"}


def scalar(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value`` (and of its type) under any YAML version."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)  # 4.0 stays 4.0: a float is written as one
    text = str(value)
    if _PLAIN.match(text) and not _RESERVED.match(text):
        return text
    return quote(text)


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, every character that is not printable escaped."""
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000 else
                                                  f"\\U{code:08x}")


def shown(value: Any) -> str:
    """A number as a comment shows it (3, not 3.0); anything else as :func:`scalar` writes it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return scalar(value)


def block(key: str, value: Any, indent: int = 0) -> list[str]:
    """``key: value`` as block-style YAML lines, indented by ``indent``, that read back as exactly
    ``value`` (plain data: mappings, lists, text, numbers, booleans and null)."""
    head = " " * indent + scalar(key) + ":"
    if _nested(value):
        return [head, *_nodes(value, indent + 2)]
    return [f"{head} {_flow(value)}"]


def _nested(value: Any) -> bool:
    return isinstance(value, dict | list) and len(value) > 0


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def _nodes(value: Any, indent: int) -> list[str]:
    """The lines of a non-empty mapping or list, each at ``indent``."""
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out += block(key, item, indent)
        return out
    for item in value:
        if _nested(item):
            inner = _nodes(item, indent + 2)
            out.append(pad + "- " + inner[0][indent + 2:])
            out += inner[1:]
        else:
            out.append(pad + "- " + _flow(item))
    return out


@record
class Pending:
    """What to show, commented out and marked "not answered", where a value is not given yet."""

    name: str | None = None
    home: Mapping[str, str] | None = None
    priorities: Mapping[str, float] = field(default_factory=dict)


def options(question: Question) -> str:
    spec = question.spec
    if spec.kind == "choice":
        return " | ".join(spec.choices)
    if spec.kind == "boolean":
        return "true | false"
    low, high = shown(spec.minimum), shown(spec.maximum)
    return f"{'whole number' if spec.kind == 'integer' else 'number'}, {low}..{high}"


def render_profile(
    catalog: Catalog,
    *,
    name: str | None,
    home: Mapping[str, str] | None,
    answers: Mapping[str, Any],
    priorities: Mapping[str, float] | None = None,
    decision: str | None = None,
    intro: str = "",
    pending: Pending | None = None,
    weights_section: bool = True,
) -> str:
    """The profile as text. Without ``weights_section`` there is no top-level ``priorities`` (the
    stakeholders' entries, carried by the caller, give the weights)."""
    lines = [SCHEMA_LINE]
    lines.append("# (editor support: `sourcing schema profile > profile.schema.json`)")
    lines.append("#")
    for text in (intro or "A sourcing profile. Score it with: sourcing assess <this file>").splitlines():
        lines.append(f"# {text}".rstrip())
    lines.append("version: 1")
    if name is not None:
        lines.append(f"name: {scalar(name)}")
    elif pending and pending.name:
        lines.append(f"# name: {scalar(pending.name)}    (not answered)")
    if home:
        lines.append(f"home: {_home(home)}")
    elif pending and pending.home:
        lines.append(f"# home: {_home(pending.home)}    (not answered)")
    lines.append("")
    # With nothing answered yet, `answers:` over comments alone would read as null: not a profile.
    lines.append("answers:" if any(q.id in answers for q in catalog.questions) else "answers: {}")
    for question in catalog.questions:
        lines.append(f"  # {question.text}")
        lines.append(f"  #   {options(question)}")
        if question.id in answers:
            lines.append(f"  {question.id}: {scalar(answers[question.id])}")
        else:
            lines.append(f"  # {question.id}: {shown(question.default)}    (not answered: default)")
    if not weights_section:
        return _with_decision(lines, decision)
    lines.append("")
    ids = ", ".join(catalog.criterion_ids)
    lines.append(f"# How much each criterion matters, 0..5 ({ids}); left out: from your answers.")
    if priorities:
        lines.append("priorities:")
        for criterion in catalog.criteria:
            if criterion.id in priorities:
                lines.append(f"  {criterion.id}: {scalar(priorities[criterion.id])}")
    else:
        lines.append("priorities: {}")
    for criterion in catalog.criteria:
        if pending and criterion.id in pending.priorities and criterion.id not in (priorities or {}):
            value = shown(pending.priorities[criterion.id])
            lines.append(f"  # {criterion.id}: {value}    (not answered: from your answers)")
    return _with_decision(lines, decision)


def _with_decision(lines: list[str], decision: str | None) -> str:
    if decision:
        lines.append("")
        lines.append("# The model actually chosen (checked by `sourcing check`).")
        lines.append(f"decision: {scalar(decision)}")
    return "\n".join(lines) + "\n"


def _home(home: Mapping[str, str]) -> str:
    return f"{{country: {quote(home['country'])}, timezone: {scalar(home['timezone'])}}}"
