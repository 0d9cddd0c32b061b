"""Plain records (frozen dataclasses) as JSON, and proof that what is read back is well-formed.

:func:`encode` turns a tree of dataclasses, tuples, mappings, lists, strings and numbers into JSON
data; :func:`decode` turns it back, building only the dataclasses it is given by name, so reading
never runs code. :func:`well_formed` checks a decoded tree against the types its dataclasses
declare (``tuple[Rating, ...]``, ``Mapping[str, int]``, ``Condition | None``…) and against ranges
the caller names, so that data read from outside — the catalog cache — is refused unless it is
exactly the shape the code expects.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import sys
import types as pytypes
import typing
from collections.abc import Callable, Mapping
from typing import Any

#: (record type name, field) -> (lowest, highest) for a number, or every value of a mapping.
Ranges = Mapping[tuple[str, str], tuple[float, float]]

# ---- JSON for plain records --------------------------------------------------------------------
# A dataclass is {"$": name, field: value, …}, a tuple {"$t": [...]}, a mapping {"$d": [[k, v], …]}
# (keys of any type, order kept); lists, strings, numbers, booleans and null are themselves.


def encode(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {"$d": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"$": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = encode(getattr(value, f.name))
        return out
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [decode(v, types) for v in value]
    if not isinstance(value, dict):
        return value
    if "$t" in value:
        return tuple(decode(v, types) for v in value["$t"])
    if "$d" in value:
        return {decode(k, types): decode(v, types) for k, v in value["$d"]}
    fields = {k: decode(v, types) for k, v in value.items() if k != "$"}
    return types[value["$"]](**fields)  # KeyError for a name not on the list: not read


# ---- well-formed records -----------------------------------------------------------------------
# Each declared type becomes a checking function once (per process), so that checking a catalog of
# a few thousand records costs about a millisecond.

Check = Callable[[Any], bool]


def well_formed(value: Any, ranges: Ranges) -> bool:
    """Whether ``value`` (a dataclass) and every record in it hold the types their fields declare,
    and the numbers ``ranges`` names lie within them."""
    if not (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return False
    return _Checks(ranges).of(type(value))(value)


class _Checks:
    def __init__(self, ranges: Ranges) -> None:
        self.ranges = ranges
        self.made: dict[Any, Check] = {}

    def of(self, hint: Any) -> Check:
        if hint not in self.made:
            self.made[hint] = lambda value: self.made[hint](value)  # a record that holds itself
            self.made[hint] = self._make(hint)
        return self.made[hint]

    def _make(self, hint: Any) -> Check:
        if hint is Any:
            return _plain
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, pytypes.UnionType):
            options = [self.of(arg) for arg in args]
            return lambda v: any(check(v) for check in options)
        if hint is type(None):
            return lambda v: v is None
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.of(args[0])
            return lambda v: type(v) is tuple and all(item(x) for x in v)
        if origin is tuple:
            items = [self.of(arg) for arg in args]
            return lambda v: (type(v) is tuple and len(v) == len(items)
                              and all(c(x) for c, x in zip(items, v, strict=True)))
        if origin in (Mapping, dict):
            key, val = self.of(args[0]), self.of(args[1])
            return lambda v: type(v) is dict and all(key(k) and val(x) for k, x in v.items())
        if origin is typing.Literal:
            return lambda v: any(type(v) is type(a) and v == a for a in args)
        if hint in (bool, int, str):
            return lambda v: type(v) is hint
        if hint is float:
            return lambda v: type(v) in (int, float) and math.isfinite(v)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._record(hint)
        return lambda v: False  # a type this check does not know: the entry is not trusted

    def _record(self, cls: type) -> Check:
        fields = []
        for f in dataclasses.fields(cls):
            hint = _annotation(cls.__module__, f.type) if isinstance(f.type, str) else f.type
            fields.append((f.name, self.of(hint), self.ranges.get((cls.__name__, f.name))))

        def check(record: Any) -> bool:
            if type(record) is not cls:
                return False
            for name, conforms, bounds in fields:
                value = getattr(record, name)
                if not conforms(value):
                    return False
                if bounds is not None:
                    values = value.values() if isinstance(value, Mapping) else (value,)
                    if not all(bounds[0] <= v <= bounds[1] for v in values):
                        return False
            return True

        return check


@functools.cache
def _annotation(module: str, text: str) -> Any:
    """An annotation kept as text (postponed evaluation), read in its own module's names — as
    typing.get_type_hints would, at a tenth of its cost, and once per text."""
    return eval(text, vars(sys.modules[module]))


def _plain(value: Any) -> bool:
    """A value of an ``Any`` field: plain data only (what a YAML file can hold)."""
    if value is None or type(value) in (str, int, bool):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) in (tuple, list):
        return all(_plain(v) for v in value)
    if type(value) is dict:
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False
