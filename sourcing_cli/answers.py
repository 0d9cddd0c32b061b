"""A profile's answers and priorities, checked against the catalog's questions and criteria.

:func:`check_answer` is the single answer validator — a profile's file, each workstream's own
answers, ``--set`` and the interview all go through it — and :func:`resolve_answers` fills in the
catalog's defaults and says which applicable questions were defaulted. The checks append located
errors to the caller's list, so that every problem of a file is reported together.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from sourcing_cli.catalog import Catalog, Question
from sourcing_cli.conditions import FieldSpec, holds
from sourcing_cli.errors import Diagnostic, did_you_mean, dotted, quoted
from sourcing_cli.yamlio import Path_, YamlDocument


def check_answer(question: Question, value: Any) -> tuple[Any, str | None]:
    """The value to use for ``question`` and why it is refused (``None`` when it is fine)."""
    problem = question.spec.check(value)
    if problem is not None:
        return value, problem
    if question.spec.kind == "integer" and isinstance(value, float):
        return int(value), None
    return value, None


def resolve_answers(
    catalog: Catalog, given: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Every question's answer, defaults filled in, and the applicable questions defaulted."""
    answers: dict[str, Any] = {}
    defaulted: list[str] = []
    for question in catalog.questions:
        if question.id in given:
            answers[question.id] = given[question.id]
            continue
        answers[question.id] = question.default
        if question.when is None or holds(question.when, answers):
            defaulted.append(question.id)
    return answers, tuple(defaulted)


def check_answers(
    doc: YamlDocument, catalog: Catalog, raw: Any, loc: Path_, errors: list[Diagnostic]
) -> dict[str, Any]:
    """Answer ids and values checked against the question catalog; the good ones returned."""
    if not isinstance(raw, dict):
        return {}
    questions = _questions(catalog)
    good: dict[str, Any] = {}
    for key, value in raw.items():
        found = questions.get(key)
        if found is not None and found[1](value):
            good[key] = value  # what check_answer gives it: the value as it is, no problem
            continue
        if found is None:
            hint = did_you_mean(key, questions)
            errors.append(doc.diag((*loc, key), f"{dotted(loc)}: unknown question {quoted(key)}{hint}",
                                   at_key=True))
            continue
        value, problem = check_answer(found[0], value)
        if problem:
            errors.append(doc.diag((*loc, key), f"{dotted(loc)}.{key}: {problem}"))
        else:
            good[key] = value
    return good


# The last catalog's questions by id, each with a quick test of its plainest good values.
_last: tuple[Catalog, dict[str, tuple[Question, Callable[[Any], bool]]]] | None = None


def _questions(catalog: Catalog) -> dict[str, tuple[Question, Callable[[Any], bool]]]:
    global _last
    if _last is None or _last[0] is not catalog:
        _last = (catalog, {q.id: (q, plain_value(q.spec)) for q in catalog.questions})
    return _last[1]


def plain_value(spec: FieldSpec) -> Callable[[Any], bool]:
    """A quick test that is true only of values :meth:`FieldSpec.check` accepts and
    :func:`check_answer` keeps as they are: one of the choices, a ``bool``, a ``str``, an ``int``
    within the bounds (exact types: a subclass, a float or anything else takes the full check)."""
    if spec.kind == "choice":
        choices = frozenset(spec.choices)
        return lambda value: type(value) is str and value in choices
    if spec.kind == "boolean":
        return lambda value: type(value) is bool
    if spec.kind == "text":
        return lambda value: type(value) is str
    low = spec.minimum if spec.minimum is not None else -math.inf
    high = spec.maximum if spec.maximum is not None else math.inf
    return lambda value: type(value) is int and low <= value <= high


def check_priorities(
    doc: YamlDocument, catalog: Catalog, raw: Any, loc: Path_, errors: list[Diagnostic]
) -> None:
    if not isinstance(raw, dict):
        return
    for key in raw:
        if key not in catalog.criterion_ids:
            hint = did_you_mean(key, catalog.criterion_ids)
            errors.append(doc.diag((*loc, key), f"{dotted(loc)}: unknown criterion {quoted(key)}{hint}",
                                   at_key=True))
