"""Checking a profile's ``vendors`` and ``workstreams`` against the catalog, and resolving them.

:func:`check_vendors` checks what the structure cannot: each vendor's model is a catalog model,
its facts are vendor facts the red-flag catalog declares, with possible values (so a negative
percentage is refused here, located), and vendor names are unique. :func:`check_workstreams`
checks each workstream's answers with the one answer validator (:func:`profile.check_answers`)
and its priorities; :func:`resolve_workstreams` then gives each workstream the profile's answers
overridden by its own, its defaults and its weights. Every problem is a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import weights
from sourcing_cli.errors import Diagnostic, InputError, did_you_mean, quoted
from sourcing_cli.profile import check_answers, check_priorities, resolve_answers
from sourcing_cli.profile_parts import Workstream, WorkstreamSpec
from sourcing_cli.yamlio import YamlDocument


def check_vendors(
    doc: YamlDocument, catalog: Catalog, raw: Any, streams: Any, errors: list[Diagnostic]
) -> None:
    """Vendor models, fact ids and values checked against the catalog, workstreams against
    ``streams`` (the profile's raw workstreams)."""
    if not isinstance(raw, list):
        return
    names = [s["name"] for s in streams if isinstance(s, dict) and isinstance(s.get("name"), str)] \
        if isinstance(streams, list) else []
    facts = catalog.red_flags.fact_specs()
    first: dict[str, int] = {}
    for i, vendor in enumerate(raw):
        if not isinstance(vendor, dict):
            continue
        where = f"vendors[{i}]"
        name = vendor.get("name")
        if isinstance(name, str):
            if name in first:
                errors.append(doc.diag(("vendors", i, "name"), f"{where}.name: duplicate vendor "
                                       f"name {quoted(name)} (also vendors[{first[name]}])"))
            first.setdefault(name, i)
        model = vendor.get("model")
        if isinstance(model, str) and model not in catalog.model_ids:
            hint = did_you_mean(model, catalog.model_ids)
            errors.append(doc.diag(("vendors", i, "model"),
                                   f"{where}.model: unknown model {quoted(model)}{hint}"))
        stream = vendor.get("workstream")
        if isinstance(stream, str) and stream not in names:
            hint = did_you_mean(stream, names) if names else "; the profile has no workstreams"
            errors.append(doc.diag(("vendors", i, "workstream"),
                                   f"{where}.workstream: unknown workstream {quoted(stream)}{hint}"))
        given = vendor.get("facts")
        if not isinstance(given, dict):
            continue
        for key, value in given.items():
            loc = ("vendors", i, "facts", key)
            spec = facts.get(key)
            if spec is None:
                known = f"{did_you_mean(key, facts)}" if facts else \
                    "; the catalog declares no vendor facts"
                errors.append(doc.diag(loc, f"{where}.facts: unknown vendor fact {quoted(key)}{known}",
                                       at_key=True))
                continue
            problem = spec.check(value)
            if problem is not None:
                errors.append(doc.diag(loc, f"{where}.facts.{key}: {problem}"))


def check_workstreams(
    doc: YamlDocument, catalog: Catalog, raw: Any, errors: list[Diagnostic]
) -> list[dict[str, Any]]:
    """Each workstream's answers and priorities checked; its good answers returned, in order."""
    if not isinstance(raw, list):
        return []
    out: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for i, stream in enumerate(raw):
        if not isinstance(stream, dict):
            out.append({})
            continue
        name = stream.get("name")
        if isinstance(name, str):
            if name in first:
                errors.append(doc.diag(("workstreams", i, "name"),
                                       f"workstreams[{i}].name: duplicate workstream name "
                                       f"{quoted(name)} (also workstreams[{first[name]}])"))
            first.setdefault(name, i)
        loc = ("workstreams", i)
        out.append(check_answers(doc, catalog, stream.get("answers"), (*loc, "answers"), errors))
        check_priorities(doc, catalog, stream.get("priorities"), (*loc, "priorities"), errors)
    return out


def resolve_workstreams(
    doc: YamlDocument, catalog: Catalog, specs: Sequence[WorkstreamSpec],
    base_answers: Mapping[str, Any], base_priorities: Mapping[str, float],
    own_answers: Sequence[Mapping[str, Any]],
) -> tuple[Workstream, ...]:
    """Every workstream resolved: base answers and priorities overridden by its own."""
    out = []
    errors = []
    for i, (spec, own) in enumerate(zip(specs, own_answers, strict=True)):
        given = {**base_answers, **own}
        answers, defaulted = resolve_answers(catalog, given)
        priorities = {**base_priorities, **spec.priorities}
        if sum(weights(catalog, answers, priorities)[0].values()) == 0:
            where = ("workstreams", i, "priorities") if spec.priorities else ("workstreams", i)
            errors.append(doc.diag(where, f"workstreams[{i}]: every criterion has weight 0; give "
                                          "at least one criterion a priority above 0"))
        out.append(Workstream(spec.name, i, answers, frozenset(given), defaulted, priorities))
    if errors:
        raise InputError(errors)
    return tuple(out)
