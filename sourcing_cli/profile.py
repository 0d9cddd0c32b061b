"""The profile (answers file), version 1: its format, and checking it against a catalog.

:func:`load_profile` reads a profile with :mod:`sourcing_cli.yamlio`, validates its structure with
pydantic, then checks what only the catalog knows — answer ids and values, criterion ids in
``priorities``, the ``decision`` model, weights that are not all zero (:mod:`sourcing_cli.weights`)
— and reports every problem of the file together. Answers left out take the catalog's defaults;
:class:`Profile` records which ones did.

:func:`~sourcing_cli.answers.check_answer` is the single answer validator: the interview uses it
too. Answers and priorities are checked in :mod:`sourcing_cli.answers`, vendors and workstreams in
:mod:`sourcing_cli.profile_checks`; both are imported here, neither imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from sourcing_cli.answers import check_answer as check_answer
from sourcing_cli.answers import check_answers, check_priorities
from sourcing_cli.answers import resolve_answers as resolve_answers
from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, InputError, did_you_mean, quoted
from sourcing_cli.records import record
from sourcing_cli.validation import (
    CountryCode,
    IsoDate,
    Priority,
    Strict,
    TimeZoneName,
    check_country,
    check_timezone,
    expected_kind,
    iso_date,
    validate,
)
from sourcing_cli.yamlio import Path_, YamlDocument, load_file

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.profile_parts import VendorSpec, Workstream
    from sourcing_cli.stakeholders import Group

# Sizes that keep one assessment within seconds (docs/limits.md): every workstream is a full
# assessment of its own, every vendor a review against its workstream. 1,000 vendors over 400
# workstreams take about 1.5 s of CPU as JSON and 7 s as the terminal table (2-core machine).
MAX_WORKSTREAMS = 10_000
MAX_VENDORS = 1_000


class Home(Strict):
    country: CountryCode
    timezone: TimeZoneName


class ProfileFile(Strict):
    """A profile as written. Answer ids and criterion ids are checked against the catalog."""

    version: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    home: Home | None = None
    answers: dict[str, Any] = {}
    priorities: dict[str, Priority] = {}
    decision: str | None = None
    decided: IsoDate | None = None  # the day the decision was taken
    review_by: IsoDate | None = None  # the day it is to be reviewed by
    # each entry validated by its own model (section_model), built only when the section is given
    vendors: list[Any] = []  # VendorSpec
    workstreams: list[Any] = []  # WorkstreamSpec
    pairwise: list[Any] | None = None  # AHP judgements [a, b, N]; checked by methods.pairwise
    # a group decision: each stakeholder's weighting, instead of priorities/pairwise; checked by
    # sourcing_cli.stakeholders
    stakeholders: list[Any] | None = None  # StakeholderSpec


@record
class Parsed:
    """What :func:`profile_from_doc` reads of a valid profile file, whichever way it was checked:
    by :func:`plain_profile`, or from pydantic's :class:`ProfileFile` (:meth:`of`)."""

    name: str | None
    home: Home | None
    priorities: Mapping[str, float]
    decision: str | None
    decided: date | None
    review_by: date | None

    @staticmethod
    def of(model: ProfileFile) -> Parsed:
        return Parsed(model.name, model.home, model.priorities, model.decision, model.decided,
                      model.review_by)


_FIELDS = frozenset(ProfileFile.model_fields)
_DATES = ("decided", "review_by")
_OPTIONAL = ("name", "home", "decision", *_DATES, "pairwise", "stakeholders")


def plain_profile(data: Any) -> Parsed | None:
    """What ``ProfileFile.model_validate(data)`` gives, without pydantic, for a profile that is
    certainly valid: the same values (priorities as floats, dates read). ``None`` for anything
    this does not certainly accept — a key or value of another type, a number out of range, an
    unknown key, a bad date or zone —, which pydantic then validates, with its own messages and
    positions. ``tests/unit/test_plain_profile.py`` holds the two to the same answers on random
    documents.

    Pydantic builds a model's validator on its first use, and the first one of a process looks
    for plugins among every installed package: a plain ``assess`` builds none."""
    if type(data) is not dict or data.get("version") != 1 or type(data["version"]) is not int:
        return None
    found: dict[str, Any] = {"name": None, "home": None, "priorities": {}, "decision": None,
                             "decided": None, "review_by": None}
    for key, value in data.items():
        if type(key) is not str or key not in _FIELDS:
            return None
        if key == "version" or (value is None and key in _OPTIONAL):
            continue
        if key == "name" or key == "decision":
            if type(value) is not str or (key == "name" and not 1 <= len(value) <= 200):
                return None
            found[key] = value
        elif key == "home":
            found[key] = _plain_home(value)
            if found[key] is None:
                return None
        elif key == "answers" or key == "priorities":
            if type(value) is not dict or not all(type(k) is str for k in value):
                return None
            if key == "priorities":
                found[key] = {k: _plain_priority(v) for k, v in value.items()}
                if None in found[key].values():
                    return None
        elif key in _DATES:
            found[key] = value if type(value) is date else iso_date(value) if type(value) is str \
                else None
            if found[key] is None:
                return None
        elif type(value) is not list:  # vendors, workstreams, pairwise, stakeholders
            return None
    return Parsed(**found)


def _plain_priority(value: Any) -> float | None:
    """A priority as pydantic gives it (a float, from an int too), or ``None``: not certainly one."""
    if (type(value) is int or type(value) is float) and 0 <= value <= 5:
        return float(value)  # a NaN fails the comparison; an infinity the bound
    return None


def _plain_home(value: Any) -> Home | None:
    if type(value) is not dict or len(value) != 2:
        return None
    country, timezone = value.get("country"), value.get("timezone")
    if (type(country) is not str or type(timezone) is not str or check_country(country) is not None
            or check_timezone(timezone) is not None):
        return None
    return Home.model_construct(country=country, timezone=timezone)


#: The list sections most profiles leave out, each entry validated by :func:`section_model`.
SECTIONS = ("vendors", "workstreams", "stakeholders")


def section_model(key: str) -> type[Strict]:
    """The model of one entry of the list section ``key`` (one of :data:`SECTIONS`): imported,
    and so built, only for a profile that gives the section."""
    if key == "vendors":
        from sourcing_cli.profile_parts import VendorSpec

        return VendorSpec
    if key == "workstreams":
        from sourcing_cli.profile_parts import WorkstreamSpec

        return WorkstreamSpec
    from sourcing_cli.stakeholders import StakeholderSpec

    return StakeholderSpec


def section_entries(doc: YamlDocument, key: str, errors: list[Diagnostic]) -> list[Any]:
    """The entries of the list section ``key``, each validated by :func:`section_model` — as
    pydantic would inside :class:`ProfileFile`, with the same located messages, appended to
    ``errors``. Empty when the section is absent or not a list (:class:`ProfileFile` says so)."""
    items = doc.data.get(key)
    if not isinstance(items, list) or not items:
        return []
    model = section_model(key)
    out = []
    for i, item in enumerate(items):
        try:
            out.append(validate(doc, model, item, (key, i)))
        except InputError as exc:
            errors.extend(exc.diagnostics)
    return out


@record
class Profile:
    """A validated profile with every answer resolved (given or defaulted)."""

    path: str
    name: str
    home: Home | None
    answers: Mapping[str, Any]
    given: frozenset[str]
    defaulted: tuple[str, ...]
    priorities: Mapping[str, float]
    decision: str | None
    doc: YamlDocument
    vendors: tuple[VendorSpec, ...] = ()
    workstreams: tuple[Workstream, ...] = ()
    ahp: AhpResult | None = None  # weights from the pairwise judgements, when given
    overrides: Mapping[str, Any] = field(default_factory=dict)  # ``--set`` values, by id
    decided: date | None = None  # when the decision was taken (``decided``)
    review_by: date | None = None  # when it is due for review (``review_by``)
    group: Group | None = None  # the stakeholders, when the profile is a group decision


def load_profile(
    path: Path, catalog: Catalog, shown: str | None = None, *,
    overrides: Mapping[str, Any] | None = None, refuse_other_formats: bool = False,
) -> Profile:
    """Read, validate and resolve one profile, or raise every located error in it.

    ``overrides`` (``--set``) take the place of the file's own values. ``refuse_other_formats``:
    a policy or a catalog file given instead is one located error that names the command it is
    for (:func:`sourcing_cli.filekind.wrong_kind`), not a list of unknown keys — for a file the
    user named on the command line."""
    doc = load_file(path, shown, partial=True)
    if refuse_other_formats:
        from sourcing_cli.filekind import wrong_kind

        problem = wrong_kind(doc, path.name, "profile")
        if problem is not None:
            raise InputError([problem])
    return profile_from_doc(doc, catalog, overrides)


def kind_at(catalog: Catalog, loc: Path_) -> str | None:
    """The kind of value a profile wants at ``loc`` (answers and facts: from the catalog)."""
    spec = None
    if (len(loc) == 2 and loc[0] == "answers") or (
            len(loc) == 4 and loc[0] == "workstreams" and loc[2] == "answers"):
        spec = next((q.spec for q in catalog.questions if q.id == loc[-1]), None)
    elif len(loc) == 4 and loc[0] == "vendors" and loc[2] == "facts":
        spec = catalog.red_flags.fact_specs().get(str(loc[-1]))
    elif len(loc) > 2 and loc[0] in SECTIONS:
        return expected_kind(section_model(str(loc[0])), loc[2:])
    else:
        return expected_kind(ProfileFile, loc)
    if spec is None:
        return None
    return "text" if spec.kind == "choice" else spec.kind


def profile_from_doc(
    doc: YamlDocument, catalog: Catalog, overrides: Mapping[str, Any] | None = None
) -> Profile:
    """Validate and resolve a profile read with ``partial=True``: every problem of the file —
    from reading it, its structure and its answers — is reported together. ``overrides``
    (:mod:`sourcing_cli.overrides`, already checked) are written into the document first, so they
    go through exactly the validation the file's own values do."""
    if overrides:
        from sourcing_cli.overrides import apply_overrides

        apply_overrides(doc, overrides)
    errors: list[Diagnostic] = doc.settle(lambda loc: kind_at(catalog, loc))
    if not isinstance(doc.data, dict):
        raise InputError([*errors, doc.diag((), "a profile is a mapping with 'version: 1' and "
                                                "'answers'")])
    parsed = plain_profile(doc.data)
    if parsed is None:
        try:
            parsed = Parsed.of(validate(doc, ProfileFile))
        except InputError as exc:
            errors.extend(exc.diagnostics)
    found = len(errors)
    vendors = section_entries(doc, "vendors", errors)
    streams = section_entries(doc, "workstreams", errors)
    section_entries(doc, "stakeholders", errors)  # structure only: checked by check_stakeholders
    if len(errors) > found:  # as when pydantic meets them inside the profile
        parsed = None
    raw = doc.data
    check_sizes(doc, raw, errors)
    answers = check_answers(doc, catalog, raw.get("answers"), ("answers",), errors)
    check_priorities(doc, catalog, raw.get("priorities"), ("priorities",), errors)
    ahp = None
    if "pairwise" in raw:  # AHP is loaded only for a profile that uses it
        from sourcing_cli.methods.pairwise import check_pairwise

        ahp = check_pairwise(doc, catalog, raw["pairwise"], ("pairwise",), errors,
                             priorities_given=bool(raw.get("priorities")))
    group = None
    if "stakeholders" in raw:
        from sourcing_cli.stakeholders import check_stakeholders

        group = check_stakeholders(doc, catalog, raw["stakeholders"], raw, errors)
    decision = raw.get("decision")
    if isinstance(decision, str) and decision not in catalog.model_ids:
        hint = did_you_mean(decision, catalog.model_ids)
        errors.append(doc.diag(("decision",), f"decision: unknown model {quoted(decision)}{hint}"))
    # vendors and workstreams: checked and resolved in their own module
    from sourcing_cli import profile_checks, weights

    profile_checks.check_vendors(doc, catalog, raw.get("vendors"), raw.get("workstreams"), errors)
    own = profile_checks.check_workstreams(doc, catalog, raw.get("workstreams"), errors)
    if parsed is not None and parsed.decided and parsed.review_by and parsed.review_by < parsed.decided:
        errors.append(doc.diag(("review_by",), f"review_by: {parsed.review_by.isoformat()} is before "
                                               f"the decision was taken ({parsed.decided.isoformat()}, "
                                               "decided); give a later review date"))
    if errors or parsed is None:
        raise InputError(sorted(set(errors)))
    resolved, defaulted = resolve_answers(catalog, answers)
    name = parsed.name or Path(doc.path).stem
    errors.extend(weights.check_profile(doc, catalog, resolved, parsed.priorities, ahp, group))
    resolved_streams = profile_checks.resolve_workstreams(doc, catalog, streams, answers,
                                                          parsed.priorities, ahp, own, errors, group)
    if errors:
        raise InputError(sorted(set(errors)))
    return Profile(doc.path, name, parsed.home, resolved, frozenset(answers), defaulted,
                   dict(parsed.priorities), parsed.decision, doc, tuple(vendors), resolved_streams,
                   ahp, dict(overrides or {}), parsed.decided, parsed.review_by, group)


def check_sizes(doc: YamlDocument, raw: Mapping[str, Any], errors: list[Diagnostic]) -> None:
    """A located error for a ``workstreams`` or ``vendors`` list past its limit."""
    for key, limit, advice in (("workstreams", MAX_WORKSTREAMS, "split the profile in several"),
                               ("vendors", MAX_VENDORS, "keep the shortlist")):
        items = raw.get(key)
        if isinstance(items, list) and len(items) > limit:
            errors.append(doc.diag((key, limit), f"{key}: {len(items):,} {key}, over the limit of "
                                                 f"{limit:,}; {advice} (see docs/limits.md)"))
