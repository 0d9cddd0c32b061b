"""Checking a profile's ``vendors`` and ``workstreams`` against the catalog, and resolving them.

:func:`check_vendors` checks what the structure cannot: each vendor's model is a catalog model,
its facts are vendor facts the red-flag catalog declares, with possible values (so a negative
percentage is refused here, located), and vendor names are unique. :func:`check_workstreams`
checks each workstream's answers with the one answer validator (:func:`profile.check_answers`)
and its priorities; :func:`resolve_workstreams` then gives each workstream the profile's answers
overridden by its own, its defaults and its weighting (decided by :mod:`sourcing_cli.weights`).
Every problem is a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sourcing_cli import weights
from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, did_you_mean, quoted
from sourcing_cli.profile import check_answers, check_priorities, resolve_answers
from sourcing_cli.profile_parts import Workstream, WorkstreamSpec
from sourcing_cli.yamlio import YamlDocument

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult


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
    base_ahp: AhpResult | None, own_answers: Sequence[Mapping[str, Any]],
    errors: list[Diagnostic],
) -> tuple[Workstream, ...]:
    """Every workstream resolved: base answers overridden by its own, and its weighting
    (:func:`sourcing_cli.weights.stream_weighting`); one that weighs every criterion zero is an
    error appended to ``errors``."""
    out = []
    for i, (spec, own) in enumerate(zip(specs, own_answers, strict=True)):
        given = {**base_answers, **own}
        answers, defaulted = resolve_answers(catalog, given)
        priorities, ahp = weights.stream_weighting(base_priorities, base_ahp, spec.priorities)
        problem = weights.check_stream(doc, catalog, i, answers, priorities, ahp, spec.priorities)
        if problem is not None:
            errors.append(problem)
        out.append(Workstream(spec.name, i, answers, frozenset(given), defaulted, priorities, ahp))
    return tuple(out)
