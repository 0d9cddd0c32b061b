"""Writing a profile a person can read: commented, valid profile v1, schema line on top.

Used by ``sourcing init`` (a starter profile) and ``sourcing interview`` (the answers so far). Every
question appears with its text and its options as comments; questions not answered yet stay as
commented-out lines with their default, so the file shows what is left to decide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sourcing_cli.catalog import Catalog, Question

SCHEMA_LINE = "# yaml-language-server: $schema=profile.schema.json"
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_/+-]*$")
_RESERVED = re.compile(
    r"^(?:y|yes|n|no|on|off|true|false|null|~)$", re.IGNORECASE
)


def scalar(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value`` under any YAML version."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if _PLAIN.match(text) and not _RESERVED.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
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
    low, high = scalar(spec.minimum), scalar(spec.maximum)
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
) -> str:
    lines = [SCHEMA_LINE]
    lines.append("# (editor support: `sourcing schema profile > profile.schema.json`)")
    lines.append("#")
    for text in (intro or "A sourcing profile. Score it with: sourcing assess <this file>").splitlines():
        lines.append(f"# {text}".rstrip())
    lines.append("version: 1")
    if name:
        lines.append(f"name: {scalar(name)}")
    elif pending and pending.name:
        lines.append(f"# name: {scalar(pending.name)}    (not answered)")
    if home:
        lines.append(f"home: {_home(home)}")
    elif pending and pending.home:
        lines.append(f"# home: {_home(pending.home)}    (not answered)")
    lines.append("")
    lines.append("answers:")
    for question in catalog.questions:
        lines.append(f"  # {question.text}")
        lines.append(f"  #   {options(question)}")
        if question.id in answers:
            lines.append(f"  {question.id}: {scalar(answers[question.id])}")
        else:
            lines.append(f"  # {question.id}: {scalar(question.default)}    (not answered: default)")
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
            shown = scalar(pending.priorities[criterion.id])
            lines.append(f"  # {criterion.id}: {shown}    (not answered: from your answers)")
    if decision:
        lines.append("")
        lines.append("# The model actually chosen (checked by `sourcing check`).")
        lines.append(f"decision: {decision}")
    return "\n".join(lines) + "\n"


def _home(home: Mapping[str, str]) -> str:
    return f"{{country: {json.dumps(home['country'])}, timezone: {scalar(home['timezone'])}}}"
