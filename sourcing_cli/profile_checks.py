"""Checking a profile's ``vendors`` and ``workstreams`` against the catalog, and resolving them.

:func:`check_vendors` checks what the structure cannot: each vendor's model is a catalog model,
its facts are vendor facts the red-flag catalog declares, with possible values (so a negative
percentage is refused here, located), and vendor names are unique. :func:`check_workstreams`
checks each workstream's answers with the one answer validator (:func:`sourcing_cli.answers.check_answers`)
and its priorities; :func:`resolve_workstreams` then gives each workstream the profile's answers
overridden by its own, its defaults and its weighting (decided by :mod:`sourcing_cli.weights`).
Every problem is a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sourcing_cli import weights
from sourcing_cli.answers import check_answers, check_priorities, resolve_answers
from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, did_you_mean, quoted
from sourcing_cli.yamlio import YamlDocument

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.profile_parts import Workstream, WorkstreamSpec
    from sourcing_cli.stakeholders import Group


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
    first: dict[str, tuple[int, str]] = {}
    for i, vendor in enumerate(raw):
        if not isinstance(vendor, dict):
            continue
        where = f"vendors[{i}]"
        _unique_name(doc, vendor.get("name"), ("vendors", i), "vendor", first, errors)
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
    first: dict[str, tuple[int, str]] = {}
    for i, stream in enumerate(raw):
        if not isinstance(stream, dict):
            out.append({})
            continue
        _unique_name(doc, stream.get("name"), ("workstreams", i), "workstream", first, errors)
        loc = ("workstreams", i)
        out.append(check_answers(doc, catalog, stream.get("answers"), (*loc, "answers"), errors))
        check_priorities(doc, catalog, stream.get("priorities"), (*loc, "priorities"), errors)
    return out


def name_key(name: str) -> str:
    """What makes two names the same to a reader: Unicode normalisation (NFC), letter case, and
    invisible format characters (zero-width spaces and joiners, soft hyphens, marks) ignored."""
    import unicodedata  # only a profile with named vendors, workstreams or stakeholders needs it

    visible = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", visible.casefold()).strip()


def _visible(name: str) -> str:
    """``name`` with its invisible format characters shown as ``\\uXXXX``."""
    import unicodedata

    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in name)


def _unique_name(doc: YamlDocument, name: Any, loc: tuple[str, int], what: str,
                 first: dict[str, tuple[int, str]], errors: list[Diagnostic]) -> None:
    """A located error when ``name`` reads the same as an earlier one (see :func:`name_key`)."""
    if not isinstance(name, str):
        return
    key = name_key(name)
    if key in first:
        j, other = first[key]
        same = "" if other == name else (
            f" {quoted(_visible(other))}: names that differ only in case, Unicode form or invisible "
            "characters are the same")
        errors.append(doc.diag((*loc, "name"), f"{loc[0]}[{loc[1]}].name: duplicate {what} name "
                                               f"{quoted(_visible(name))} (also {loc[0]}[{j}]{same})"))
        return
    first[key] = (loc[1], name)


def resolve_workstreams(
    doc: YamlDocument, catalog: Catalog, specs: Sequence[WorkstreamSpec],
    base_answers: Mapping[str, Any], base_priorities: Mapping[str, float],
    base_ahp: AhpResult | None, own_answers: Sequence[Mapping[str, Any]],
    errors: list[Diagnostic], base_group: Group | None = None,
) -> tuple[Workstream, ...]:
    """Every workstream resolved: base answers overridden by its own, and its weighting
    (:func:`sourcing_cli.weights.stream_weighting`); one that weighs every criterion zero is an
    error appended to ``errors``."""
    if not specs:
        return ()
    from sourcing_cli.profile_parts import Workstream  # only for a profile with workstreams

    out = []
    for i, (spec, own) in enumerate(zip(specs, own_answers, strict=True)):
        given = {**base_answers, **own}
        answers, defaulted = resolve_answers(catalog, given)
        priorities, ahp = weights.stream_weighting(base_priorities, base_ahp, spec.priorities)
        group = weights.stream_group(base_group, spec.priorities)
        problem = weights.check_stream(doc, catalog, i, answers, priorities, ahp, spec.priorities,
                                       group)
        if problem is not None:
            errors.append(problem)
        out.append(Workstream(spec.name, i, answers, frozenset(given), defaulted, priorities, ahp,
                              group))
    return tuple(out)
