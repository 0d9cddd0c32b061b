"""Plain records: the frozen dataclass every module declares its data with, that data as JSON,
and proof that what is read back is well-formed.

:func:`record` declares a record: a dataclass (``dataclasses.fields``, ``replace`` and ``asdict``
work on it) that is frozen, compared and hashed by its fields and shown as ``Name(field=…)``, as
``@dataclass(frozen=True)`` would make it — but each record's methods are shared instead of
compiled per class. Before Python 3.13 a frozen dataclass compiles six functions when its class is
created (about a millisecond each class here), and ``sourcing assess`` creates some sixty classes on
every run; a record compiles only its ``__init__``, and only when the first one is made.

:func:`encode` turns a tree of dataclasses, tuples, mappings, lists, strings and numbers into JSON
data; :func:`decode` turns it back, building only the dataclasses it is given by name, so reading
never runs code, and :func:`loads` does the same from JSON text in one pass (what the catalog
cache reads with). :func:`well_formed` checks a decoded tree against the types its dataclasses
declare (``tuple[Rating, ...]``, ``Mapping[str, int]``, ``Condition | None``…) and against ranges
the caller names, so that data read from outside — the catalog cache — is refused unless it is
exactly the shape the code expects.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import operator
import reprlib
import sys
import types as pytypes
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, overload

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # the type checker reads the branch above; at run time the marker does nothing
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator

# ---- the record type ---------------------------------------------------------------------------

_R = TypeVar("_R")
Key = Callable[[Any], tuple[Any, ...]]
#: What a record shares instead of compiling: a class that defines one of these is refused.
_SHARED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__",
           "__le__", "__gt__", "__ge__", "__post_init__")


@overload
def record(cls: type[_R], /) -> type[_R]: ...


@overload
def record(*, order: bool = False) -> Callable[[type[_R]], type[_R]]: ...


@dataclass_transform(frozen_default=True)
def record(cls: type[_R] | None = None, /, *,
           order: bool = False) -> type[_R] | Callable[[type[_R]], type[_R]]:
    """``@record`` (or ``@record(order=True)``): ``cls`` as a frozen dataclass whose equality,
    hash, order, repr and immutability are the ones every record shares (see the module's text).

    As ``@dataclass(frozen=True)``: fields with ``compare=False`` are left out of equality and
    order, ``hash=False`` out of the hash, ``repr=False`` out of the repr; setting or deleting an
    attribute raises ``dataclasses.FrozenInstanceError``. Defaults and ``field(default_factory=…)``
    are honoured; ``kw_only`` fields and ``__post_init__`` are not supported (refused).
    """
    def make(c: type[_R]) -> type[_R]:
        own = [name for name in _SHARED if name in c.__dict__]
        if own:
            raise TypeError(f"record {c.__qualname__} defines {', '.join(own)}: records share "
                            "these; declare it with @dataclass instead")
        if not c.__doc__:
            # dataclass would write "Name(signature)", read through inspect and tokenize: ~3 ms
            # for the first record without a docstring, ~0.2 ms each after; the fields say it
            c.__doc__ = f"{c.__name__}({', '.join(inspect.get_annotations(c))})"
        c = dataclasses.dataclass(c, init=False, repr=False, eq=False)
        fields = dataclasses.fields(c)  # type: ignore[arg-type]
        if any(f.kw_only is True for f in fields):
            raise TypeError(f"record {c.__qualname__}: keyword-only fields are not supported")
        compared = _key([f.name for f in fields if f.compare])
        members: dict[str, Any] = {
            "__init__": _first_init(c), "__repr__": _repr, "__eq__": _eq, "__hash__": _hash,
            "__setattr__": _frozen_set, "__delattr__": _frozen_delete,
            "__record_shown__": tuple(f.name for f in fields if f.repr),
            "__record_compared__": staticmethod(compared),
            "__record_hashed__": staticmethod(_key([
                f.name for f in fields if (f.compare if f.hash is None else f.hash)])),
        }
        if order:
            members.update(__lt__=_lt, __le__=_le, __gt__=_gt, __ge__=_ge)
        for name, value in members.items():
            setattr(c, name, value)
        return c

    return make if cls is None else make(cls)


def _key(names: list[str]) -> Key:
    """The tuple of a record's named fields, as the dataclass's generated methods compare them."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda r: (one(r),)
    return lambda r: ()


def _first_init(cls: type) -> Callable[..., None]:
    """An ``__init__`` that compiles the record's own on the first call and hands over to it."""
    def first(self: Any, *args: Any, **kwargs: Any) -> None:
        made = _compiled_init(cls)
        type.__setattr__(cls, "__init__", made)
        made(self, *args, **kwargs)

    first.__name__, first.__qualname__ = "__init__", f"{cls.__qualname__}.__init__"
    return first


class _Factory:
    """The default of an argument whose field has a ``default_factory`` (as dataclasses do)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _compiled_init(cls: type) -> Callable[..., None]:
    """The record's ``__init__``: the dataclass's signature, values stored in ``__dict__`` (a
    frozen dataclass goes through ``object.__setattr__`` for each field, three times slower)."""
    fields = dataclasses.fields(cls)
    clash = {f.name for f in fields} & {"self", "_d", "_FACTORY"}
    clash |= {f.name for f in fields if f.name.startswith(("_factory_", "_default_"))}
    if clash:
        raise TypeError(f"record {cls.__qualname__}: field names {sorted(clash)} are reserved")
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    params, body = ["self"], ["_d = self.__dict__"]
    for f in fields:
        name = f.name
        factory = f.default_factory
        if factory is not dataclasses.MISSING:
            names[f"_factory_{name}"] = factory
            if f.init:
                params.append(f"{name}=_FACTORY")
                body.append(f"_d[{name!r}] = _factory_{name}() if {name} is _FACTORY else {name}")
            else:
                body.append(f"_d[{name!r}] = _factory_{name}()")
        elif f.init:
            if f.default is dataclasses.MISSING:
                params.append(name)
            else:
                names[f"_default_{name}"] = f.default
                params.append(f"{name}=_default_{name}")
            body.append(f"_d[{name!r}] = {name}")
        # a field neither given nor made is read from the class's default, as dataclasses do
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(body)
    exec(source, names)
    made: Callable[..., None] = names["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _frozen_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__class__.__record_compared__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_hashed__(self))


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            key = self.__class__.__record_compared__
            return compare(key(self), key(other))
        return NotImplemented

    method.__name__ = f"__{compare.__name__}__"
    return method


_lt, _le, _gt, _ge = (_ordered(op) for op in (operator.lt, operator.le, operator.gt, operator.ge))


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
    """The value :func:`encode` gave, from its JSON data; a record through its ``__init__``."""
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


def loads(text: str | bytes, types: Mapping[str, type]) -> Any:
    """:func:`decode` of the JSON ``text``, each object decoded as the JSON reader completes it,
    and each record made without calling its ``__init__``: it must hold exactly the fields its
    class declares, in their order — as :func:`encode` writes them — or this raises
    (``ValueError``; ``KeyError`` for a name not on the list, as :func:`decode`). Reading the
    catalog cache this way takes a third of the time: no second walk over the data, and no
    ``__init__`` to compile per record type."""
    import json  # only the cache reads JSON: records are imported by every command

    fields = {name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in types.items()}
    new = object.__new__

    def made(value: dict[str, Any]) -> Any:
        if "$t" in value:
            return tuple(value["$t"])
        if "$d" in value:
            return dict(value["$d"])
        name = value.pop("$")
        cls = types[name]
        if tuple(value) != fields[name]:
            raise ValueError(f"a {name} whose fields are not the ones its class declares")
        out: Any = new(cls)
        out.__dict__.update(value)
        return out

    return json.loads(text, object_hook=made)


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
