"""``--set ID=VALUE``: what-if values that override a profile's answers and priorities.

:func:`parse_overrides` reads each ``--set`` against the catalog — an answer id (``team_size=120``)
or a priority (``priorities.cost=5``) — types its value by the question's kind (a choice, a whole
number, a number, true/false, text) and checks it with the same validator as the file
(:func:`sourcing_cli.answers.check_answer`). Every bad ``--set`` is reported together, each naming
``--set`` with the nearest valid id. :func:`apply_overrides` writes the values into the profile's
document before it is validated, so an override is exactly an edit of the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import FieldSpec
from sourcing_cli.errors import UsageError, did_you_mean, quoted
from sourcing_cli.yamlio import YamlDocument

PRIORITY_PREFIX = "priorities."
PRIORITY_SPEC = FieldSpec("priority", "number", minimum=0, maximum=5)

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_MAX_DIGITS = 40  # a longer number is refused by its range anyway; never convert it whole


def typed(text: str, kind: str) -> Any:
    """``text`` as the value the file would hold for a name of ``kind`` — a whole number, a number
    or true/false where one is expected — or the text itself when it does not read as one (the
    validator then says what was expected)."""
    word = text.strip()
    if kind in ("integer", "number") and len(word) <= _MAX_DIGITS:
        if _INTEGER.fullmatch(word):
            return int(word)
        if _NUMBER.fullmatch(word):
            value = float(word)
            return value if math.isfinite(value) else text
    if kind == "boolean" and word.lower() in ("true", "false"):
        return word.lower() == "true"
    return text


def parse_overrides(texts: Sequence[str], catalog: Catalog) -> dict[str, Any]:
    """The overrides ``{id: value}`` in the order given (priorities as ``priorities.<criterion>``),
    or a :class:`UsageError` listing every bad ``--set``."""
    questions = {q.id: q for q in catalog.questions}
    names = [*questions, *(PRIORITY_PREFIX + c for c in catalog.criterion_ids)]
    out: dict[str, Any] = {}
    problems: list[str] = []
    for text in texts:
        key, sep, raw = text.partition("=")
        key = key.strip()
        shown = f"--set {quoted(text)}"
        if not sep or not key:
            problems.append(f"{shown}: expected ID=VALUE, e.g. --set team_size=120 or "
                            "--set priorities.cost=5")
            continue
        if key in out:
            problems.append(f"{shown}: {quoted(key)} is set twice; give each --set once")
            continue
        if key.startswith(PRIORITY_PREFIX):
            criterion = key[len(PRIORITY_PREFIX):]
            if criterion not in catalog.criterion_ids:
                hint = did_you_mean(criterion, catalog.criterion_ids)
                problems.append(f"{shown}: unknown criterion {quoted(criterion)}{hint}")
                continue
            spec = PRIORITY_SPEC
        elif key in questions:
            spec = questions[key].spec
        else:
            hint = did_you_mean(key, names)
            problems.append(f"{shown}: unknown question {quoted(key)}{hint}")
            continue
        value = typed(raw, spec.kind)
        problem = spec.check(value)
        if problem is not None:
            problems.append(f"{shown}: {key}: {problem}")
            continue
        out[key] = int(value) if spec.kind == "integer" and isinstance(value, float) else value
    if problems:
        raise UsageError("\nerror: ".join(problems))
    return out


def apply_overrides(doc: YamlDocument, overrides: Mapping[str, Any]) -> None:
    """Write the overrides into the profile's document, as if the file held them. A document that
    is not a mapping, or whose ``answers``/``priorities`` is not one, is left for the profile's
    validation to report."""
    data = doc.data
    if not overrides or not isinstance(data, dict):
        return
    for key, how, instead in (
            ("pairwise", "by pairwise judgements", "change a judgement in the file instead"),
            ("stakeholders", "by its stakeholders' weights (a group decision)",
             "change a stakeholder's priorities in the file instead")):
        if data.get(key) is None:
            continue
        problems = [f"--set {quoted(f'{k}={v}')}: {doc.path} weighs the criteria {how}, and a "
                    f"priority cannot be set beside them; {instead}"
                    for k, v in overrides.items() if k.startswith(PRIORITY_PREFIX)]
        if problems:
            raise UsageError("\nerror: ".join(problems))
    paths = {(("priorities", k[len(PRIORITY_PREFIX):]) if k.startswith(PRIORITY_PREFIX)
              else ("answers", k)) for k in overrides}
    # a word the file held there, and which the override replaces, is no longer the file's problem
    doc.ambiguous = [w for w in doc.ambiguous if tuple(w.path) not in paths]
    for key, value in overrides.items():
        section, name = (("priorities", key[len(PRIORITY_PREFIX):])
                         if key.startswith(PRIORITY_PREFIX) else ("answers", key))
        target = data.setdefault(section, {})
        if target is None:
            target = data[section] = {}
        if isinstance(target, dict):
            target[name] = value
