"""The red-flag catalog file (``kind: red_flags``): its format, and the checks that load it.

:func:`load_red_flags` cross-checks a validated file against the catalog's questions and sources and
returns the :class:`~sourcing_cli.redflags.RedFlags` that :mod:`sourcing_cli.vendors` evaluates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from sourcing_cli.catalog_types import Cite, Id, When
from sourcing_cli.conditions import ALWAYS, Compiler, FieldSpec
from sourcing_cli.errors import Diagnostic, did_you_mean, one_of, quoted, show
from sourcing_cli.redflags import (
    COMPUTED_FACTS,
    COMPUTED_FLAGS,
    PLACEHOLDER,
    TEMPLATE_PART,
    Fact,
    RedFlag,
    RedFlags,
    Severity,
    normalise_certificate,
)
from sourcing_cli.validation import Strict
from sourcing_cli.yamlio import Path_, YamlDocument


class FactFileSpec(Strict):
    id: Id
    text: Annotated[str, Field(min_length=3)]
    type: Literal["boolean", "integer", "number", "choice"]
    choices: list[Id] | None = None
    min: float | None = None
    max: float | None = None


class FlagFileSpec(Strict):
    id: Id
    name: Annotated[str, Field(min_length=3, max_length=60)]
    severity: Severity
    when: When
    message: Annotated[str, Field(min_length=3)]
    cite: Cite


class ComputedFlagFileSpec(Strict):
    id: Id
    name: Annotated[str, Field(min_length=3, max_length=60)]
    severity: Severity
    message: Annotated[str, Field(min_length=3)]
    cite: Cite


class RedFlagsFile(Strict):
    kind: Literal["red_flags"]
    expiry_warning_days: Annotated[int, Field(ge=0, le=3650)]
    security_certifications: Annotated[list[str], Field(min_length=1)]
    vendor_facts: list[FactFileSpec]
    flags: list[FlagFileSpec]
    computed: list[ComputedFlagFileSpec] = []



def load_red_flags(
    doc: YamlDocument, spec: RedFlagsFile, questions: Mapping[str, FieldSpec],
    sources: Mapping[str, Any], errors: list[Diagnostic],
) -> RedFlags:
    """Cross-check a red-flags file against the questions and sources; append located errors."""
    facts = []
    seen: set[str] = set()
    for i, f in enumerate(spec.vendor_facts):
        loc: Path_ = ("vendor_facts", i)
        if f.id in seen:
            errors.append(doc.diag((*loc, "id"), f"duplicate vendor fact id {quoted(f.id)}"))
        seen.add(f.id)
        if f.id in questions or f.id in COMPUTED_FACTS:
            other = "a question" if f.id in questions else "a computed fact"
            errors.append(doc.diag((*loc, "id"), f"vendor fact '{f.id}' has the name of {other}; "
                                                 "rename it"))
        facts.append(Fact(f.id, f.text, _fact_spec(doc, f, loc, errors)))
    namespace = {**questions, **COMPUTED_FACTS, **{f.id: f.spec for f in facts}}
    flag_ids: set[str] = set()
    flags = []
    for i, r in enumerate(spec.flags):
        loc = ("flags", i)
        _unique(doc, r.id, (*loc, "id"), flag_ids, errors)
        if r.id in COMPUTED_FLAGS:
            errors.append(doc.diag((*loc, "id"), f"'{r.id}' is a computed flag; list it under "
                                                 "'computed'"))
        compiler = Compiler(doc, namespace, "vendor fact or question")
        when = compiler.compile(r.when, (*loc, "when"))
        errors.extend(compiler.errors)
        placeholders(doc, r.message, (), (*loc, "message"), errors)
        errors.extend(r.cite.problems(doc, (*loc, "cite"), sources))
        flags.append(RedFlag(r.id, r.name, r.severity, when if not compiler.errors else ALWAYS,
                             r.message, r.cite.record(), _at(doc, loc)))
    computed = {}
    for i, c in enumerate(spec.computed):
        loc = ("computed", i)
        _unique(doc, c.id, (*loc, "id"), flag_ids, errors)
        if c.id not in COMPUTED_FLAGS:
            hint = did_you_mean(c.id, COMPUTED_FLAGS) or f"; expected {one_of(COMPUTED_FLAGS)}"
            errors.append(doc.diag((*loc, "id"), f"unknown computed flag {quoted(c.id)}{hint}"))
            continue
        placeholders(doc, c.message, COMPUTED_FLAGS[c.id], (*loc, "message"), errors)
        errors.extend(c.cite.problems(doc, (*loc, "cite"), sources))
        computed[c.id] = RedFlag(c.id, c.name, c.severity, None, c.message,
                                 c.cite.record(), _at(doc, loc))
    certificates = tuple(normalise_certificate(n) for n in spec.security_certifications)
    for i, name in enumerate(certificates):
        if not name:
            errors.append(doc.diag(("security_certifications", i),
                                   "a certificate name needs letters or digits"))
    return RedFlags(tuple(facts), tuple(flags), computed, certificates, spec.expiry_warning_days,
                    doc.path)


def _fact_spec(doc: YamlDocument, f: FactFileSpec, loc: Path_, errors: list[Diagnostic]) -> FieldSpec:
    if f.type == "choice":
        if not f.choices:
            errors.append(doc.diag(loc, f"vendor fact '{f.id}' of type choice needs 'choices'"))
        return FieldSpec(f.id, "choice", choices=tuple(f.choices or ()))
    if f.choices:
        errors.append(doc.diag((*loc, "choices"), "only choice facts have choices"))
    if f.type in ("integer", "number") and (f.min is None or f.max is None or f.min > f.max):
        errors.append(doc.diag(loc, f"vendor fact '{f.id}' needs 'min' ≤ 'max'"))
    return FieldSpec(f.id, f.type, minimum=f.min, maximum=f.max)


def _unique(doc: YamlDocument, flag_id: str, loc: Path_, seen: set[str],
            errors: list[Diagnostic]) -> None:
    if flag_id in seen:
        errors.append(doc.diag(loc, f"duplicate red flag id {quoted(flag_id)}"))
    seen.add(flag_id)


def placeholders(doc: YamlDocument, message: str, allowed: tuple[str, ...], loc: Path_,
                 errors: list[Diagnostic], what: str = "message") -> None:
    """A text may use only the placeholders it is given, each just a name in braces (``{name}``):
    no format spec, conversion, index or attribute; ``{{`` and ``}}`` write a brace."""
    none = "this flag's message takes none" if what == "message" else f"this {what} takes none"
    usable = f"use {one_of(['{' + a + '}' for a in allowed])}" if allowed else none
    for found in TEMPLATE_PART.finditer(message):
        text = found.group()
        if text in ("{{", "}}"):
            continue
        name = found.group(1)
        if name is None:
            errors.append(doc.diag(loc, f"{what}: a single '{text}'; write '{text * 2}' for a brace"))
        elif not re.match(PLACEHOLDER, name):
            errors.append(doc.diag(loc, f"{what}: placeholder {show(text)} is not just a name; "
                                        f"a placeholder is a name in braces — {usable}"))
        elif name not in allowed:
            errors.append(doc.diag(loc, f"{what}: unknown placeholder '{{{name}}}'; {usable}"))


def _at(doc: YamlDocument, loc: Path_) -> str:
    return f"{doc.path}:{doc.value_pos(loc)[0]}"
