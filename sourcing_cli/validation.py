"""Pydantic validation with located, plain-language errors.

:func:`validate` runs a pydantic model over data read by :mod:`sourcing_cli.yamlio` and turns every
validation error into a ``path:line:col`` diagnostic that names the key, says what was expected and,
for unknown keys and enum values, suggests the nearest valid one. Shared pydantic building blocks
(strict base model, ISO dates, country codes, time zones) live here too, so every file format
validates the same way.
"""

from __future__ import annotations

import functools
import os
import re
import types
import typing
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sourcing_cli.errors import (
    QUOTE_MAX,
    Diagnostic,
    InputError,
    did_you_mean,
    dotted,
    one_of,
    quoted,
    show,
)
from sourcing_cli.yamlio import Path_, YamlDocument

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11's; the name is only an annotation here
    from importlib.resources.abc import Traversable


class Strict(BaseModel):
    """Base for every file model: unknown keys refused, no type coercion, no NaN.

    Each model's validator is built when the model first validates (or gives its JSON Schema),
    not when its class is created: building the first one of a process also makes pydantic look
    for plugins among every installed package's entry points, and a plain profile is checked
    without any model (:func:`sourcing_cli.profile.plain_profile`)."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True,
                              defer_build=True)


M = TypeVar("M", bound=BaseModel)


def validate(doc: YamlDocument, model: type[M], data: Any = None, loc: Path_ = ()) -> M:
    """Validate ``data`` (default: the whole document) or raise every error, located."""
    data = doc.data if data is None and not loc else data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(diagnostics(doc, model, exc, loc)) from None


def diagnostics(
    doc: YamlDocument, model: type[BaseModel], exc: ValidationError, base: Path_ = ()
) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = (*base, *err["loc"])
        rel = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(rel[-1])
            allowed = allowed_keys(model, rel[:-1])
            out.append(
                doc.diag(loc, f"{_where(loc[:-1])}unknown key {quoted(key)}{did_you_mean(key, allowed)}",
                         at_key=True)
            )
        elif kind == "missing":
            out.append(doc.diag(loc[:-1], f"{_where(loc[:-1])}missing required key '{loc[-1]}'"
                                          f"{MISSING_HINTS.get(str(loc[-1]), '')}"))
        else:
            out.append(doc.diag(loc, f"{_where(loc)}{explain(err)}"))
    return sorted(set(out), key=lambda d: (d.line, d.column, d.message))


MISSING_HINTS = {"version": "; add 'version: 1' as the first line"}


def _where(loc: Path_) -> str:
    if not loc:
        return ""
    # a key of the user's, cut short
    shown = [quoted(p) if isinstance(p, str) and len(p) > QUOTE_MAX else p for p in loc]
    return f"{dotted(shown)}: "


def explain(err: Any) -> str:
    """One plain sentence for a pydantic error."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    got = show(value)
    simple = {
        "int_type": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_type": "expected a number",
        "bool_type": "expected true or false",
        "string_type": "expected text (quote it)",
        "dict_type": "expected a mapping",
        "model_type": "expected a mapping",
        "model_attributes_type": "expected a mapping",
        "list_type": "expected a list",
        "date_type": "expected a date written YYYY-MM-DD",
        "finite_number": "expected a finite number",
    }
    if kind in simple:
        return f"{simple[kind]}, got {got}"
    if kind == "literal_error":
        # pydantic lists the options as "'a', 'b' or 'c'" (or "1" for a number): the options are
        # taken from it and worded here, so the message does not follow pydantic's phrasing
        expected = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']*)'", expected) or [expected]
        if len(options) == 1:
            return f"expected {options[0]}, got {got}"
        listed = one_of([f"'{o}'" for o in options])
        return f"{got} is not one of {listed}{did_you_mean(str(value), options)}"
    bounds = {"greater_than_equal": ("≥", "ge"), "greater_than": (">", "gt"),
              "less_than_equal": ("≤", "le"), "less_than": ("<", "lt")}
    if kind in bounds:
        symbol, key = bounds[kind]
        limit = ctx.get(key)
        shown = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
        return f"must be {symbol} {shown}, got {got}"
    sized = {"string_too_short": ("at least", "min_length", "character"),
             "string_too_long": ("at most", "max_length", "character"),
             "too_short": ("at least", "min_length", "item"),
             "too_long": ("at most", "max_length", "item")}
    if kind in sized:
        bound, key, unit = sized[kind]
        limit = ctx.get(key)
        what = f"{limit} {unit}{'' if limit == 1 else 's'}"
        if unit == "character":
            return f"expected {bound} {what}, got {got}"
        count = ctx.get("actual_length", len(value) if isinstance(value, list | dict) else "?")
        return f"expected {bound} {what}, got {count}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error" or kind.startswith("enum"):
        return str(err["msg"])
    return f"{err['msg']}, got {got}"


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``loc`` (relative to ``model``) may hold."""
    target: Any = model
    for part in loc:
        target = _unwrap(target)
        if isinstance(target, type) and issubclass(target, BaseModel):
            field = target.model_fields.get(str(part))
            if field is None:
                return []
            target = field.annotation
        else:
            args = get_args(target)
            target = args[-1] if args else Any
    target = _unwrap(target)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def expected_kind(model: type[BaseModel], loc: Path_) -> str | None:
    """What kind of value ``model`` wants at ``loc``: ``boolean``, ``integer``, ``number``,
    ``text``, or ``None`` when it takes several kinds or the place is not in the model."""
    target: Any = model
    for part in loc:
        target = _unwrap(target)
        if isinstance(target, type) and issubclass(target, BaseModel):
            field = target.model_fields.get(str(part))
            if field is None:
                return None
            target = field.annotation
        elif get_origin(target) in (list, dict, tuple):
            args = get_args(target)
            target = args[-1] if args else Any
        else:
            return None
    target = _unwrap(target)
    if get_origin(target) is Literal:
        kinds = {_KINDS.get(type(v)) for v in get_args(target)}
        return kinds.pop() if len(kinds) == 1 else None
    return _KINDS.get(target) if isinstance(target, type) else None


_KINDS: dict[type, str] = {bool: "boolean", int: "integer", float: "number", str: "text",
                           date: "text"}


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if args else Any
        else:
            return tp


# ---- shared field types -------------------------------------------------------------------


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date | None:
    """The date ``text`` names when written exactly ``YYYY-MM-DD``, else ``None``.

    ``date.fromisoformat`` alone is not enough: from Python 3.11 it also takes ``20260101``,
    ``2026-W01-1`` and more, which the file formats do not allow.
    """
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


def date_problem(value: Any) -> str:
    """Why ``value`` is not a date written ``YYYY-MM-DD``."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return f"{quoted(value)} is not a date in the calendar (YYYY-MM-DD)"
    return f"expected a date written YYYY-MM-DD, got {show(value)}"


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    found = iso_date(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError(date_problem(value))
    return found


IsoDate = Annotated[date, BeforeValidator(_parse_date)]


@functools.cache
def _tzdata() -> Traversable:
    """The tzdata package's files: its folder, read by path when it is installed as files (as pip
    installs it), else through ``importlib.resources`` — whose readers a run then loads too."""
    import importlib

    where = getattr(importlib.import_module("tzdata"), "__file__", None)
    if where is not None and os.path.isdir(folder := os.path.dirname(where)):
        return Path(folder)
    return resources.files("tzdata")


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the zone database's ``iso3166.tab``."""
    text = _tzdata().joinpath("zoneinfo", "iso3166.tab").read_text("utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


def _country(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"expected a two-letter ISO 3166 country code (quote it), got {show(value)}")
    if value not in country_codes():
        upper = value.upper()
        hint = f"; did you mean '{upper}'?" if upper in country_codes() else ""
        hint = hint or " such as \"US\" or \"DE\""
        raise ValueError(f"{quoted(value)} is not an ISO 3166-1 alpha-2 country code{hint}")
    return value


CountryCode = Annotated[str, BeforeValidator(_country)]


def check_country(value: Any) -> str | None:
    """Why ``value`` is not an ISO 3166-1 alpha-2 country code, or ``None`` when it is one."""
    try:
        _country(value)
    except ValueError as exc:
        return str(exc)
    return None


# Zone names a file may use: the IANA Area/Location names, and the UTC-like zones (Etc/…).
ZONE_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
              "Indian", "Pacific", "Etc")
UTC_NAMES = ("UTC", "GMT")
# Names a zone library resolves from the host's own settings, not from the zone database.
HOST_ZONES = ("localtime", "posixrules", "Factory", "posix/", "right/")
# compiled when first used (``re``'s own cache): only a name that is not a zone reaches it
_FIXED_OFFSET = r"^(?:UTC|GMT)\s*([+-])\s*([0-9]{1,2})(?::?([0-5][0-9]))?$"


@functools.cache
def _listed_zones() -> tuple[str, ...]:
    """Every name in the tzdata package's list, legacy names included."""
    return tuple(_tzdata().joinpath("zones").read_text("utf-8").split())


@functools.cache
def zone_names() -> frozenset[str]:
    """Every time zone name a file may use, from the tzdata package's list (never the host's)."""
    return frozenset(n for n in _listed_zones() if "/" in n and n.split("/", 1)[0] in ZONE_AREAS) | {
        *UTC_NAMES}


@functools.cache
def zone(name: str) -> ZoneInfo:
    """The zone ``name`` (one of :func:`zone_names`) with the rules of the tzdata package, never
    the host's zone database: a file gives the same report on every machine."""
    if name not in zone_names():
        raise ValueError(f"not a zone name: {name!r}")
    with _tzdata().joinpath("zoneinfo", *name.split("/")).open("rb") as fh:
        return ZoneInfo.from_file(fh, key=name)


@functools.cache
def _zone_links() -> dict[str, str]:
    """Old and alias names → the zone they stand for, from the database's ``L target link`` lines."""
    text = _tzdata().joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    return {parts[2]: parts[1] for parts in (line.split() for line in text.splitlines())
            if len(parts) == 3 and parts[0] == "L"}


def check_timezone(value: Any) -> str | None:
    """Why ``value`` is not a time zone name a file may use, or ``None`` when it is one."""
    if not isinstance(value, str) or not value:
        return f"expected an IANA time zone name such as Europe/Berlin, got {show(value)}"
    if value in zone_names():
        return None
    if value.startswith(HOST_ZONES):
        return (f"{quoted(value)} is this machine's own setting, not a time zone: the same file would "
                "give other results on another machine; write the place's Area/Location name, "
                "such as Europe/Berlin")
    fixed = re.match(_FIXED_OFFSET, value, re.IGNORECASE)
    if fixed:
        hours = int(fixed.group(2))
        named = f"Etc/GMT{'-' if fixed.group(1) == '+' else '+'}{hours}" if hours else "UTC"
        if int(fixed.group(3) or 0):
            named = ""  # no Etc zone has minutes
        also = "" if named not in zone_names() else (
            ", or UTC" if hours == 0 else f", or {named} for a fixed offset (its sign is inverted)")
        return (f"{quoted(value)} is not an IANA time zone name; write the place's Area/Location name, "
                f"such as Europe/Berlin (daylight-saving time then counts){also}")
    if value in _listed_zones() or value in _zone_links():
        target = _zone_links().get(value)
        same = f", e.g. '{target}' (the same rules)" if target in zone_names() else \
            ", such as Europe/Berlin"
        return (f"{quoted(value)} is a legacy time zone name, not a place; write the place's "
                f"Area/Location name{same}")
    return f"{quoted(value)} is not an IANA time zone name{did_you_mean(value, zone_names())}"


def _timezone(value: Any) -> Any:
    problem = check_timezone(value)
    if problem:
        raise ValueError(problem)
    return value


TimeZoneName = Annotated[str, BeforeValidator(_timezone)]

#: A criterion's priority in a profile, a workstream or a stakeholder's weighting.
Priority = Annotated[float, Field(ge=0, le=5)]
