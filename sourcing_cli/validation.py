"""Pydantic validation with located, plain-language errors.

:func:`validate` runs a pydantic model over data read by :mod:`sourcing_cli.yamlio` and turns every
validation error into a ``path:line:col`` diagnostic that names the key, says what was expected and,
for unknown keys and enum values, suggests the nearest valid one. Shared pydantic building blocks
(strict base model, ISO dates, country codes, time zones) live here too, so every file format
validates the same way.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from sourcing_cli.errors import Diagnostic, InputError, did_you_mean, one_of, show
from sourcing_cli.yamlio import Path_, YamlDocument


class Strict(BaseModel):
    """Base for every file model: unknown keys refused, no type coercion, no NaN."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)


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
                doc.diag(loc, f"{_where(loc[:-1])}unknown key '{key}'{did_you_mean(key, allowed)}",
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
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"{text}: "


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


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date written YYYY-MM-DD, got '{value}'") from None
    if isinstance(value, date):
        return value
    raise ValueError(f"expected a date written YYYY-MM-DD, got {show(value)}")


IsoDate = Annotated[date, BeforeValidator(_parse_date)]


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the zone database's ``iso3166.tab``."""
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text("utf-8")
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
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code{hint}")
    return value


CountryCode = Annotated[str, BeforeValidator(_country)]


def check_country(value: Any) -> str | None:
    """Why ``value`` is not an ISO 3166-1 alpha-2 country code, or ``None`` when it is one."""
    try:
        _country(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_timezone(value: Any) -> str | None:
    """Why ``value`` is not an IANA time zone name, or ``None`` when it is one."""
    if not isinstance(value, str) or not value or value.startswith(("/", ".")) or ".." in value:
        return f"expected an IANA time zone name such as Europe/Berlin, got {show(value)}"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"'{value}' is not an IANA time zone name{_zone_hint(value)}"
    return None


def _zone_hint(value: str) -> str:
    import zoneinfo

    return did_you_mean(value, zoneinfo.available_timezones())


def _timezone(value: Any) -> Any:
    problem = check_timezone(value)
    if problem:
        raise ValueError(problem)
    return value


TimeZoneName = Annotated[str, BeforeValidator(_timezone)]
