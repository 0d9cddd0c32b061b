"""``records.record``: a record behaves as ``@dataclass(frozen=True)`` would make it.

Each property is checked against a real frozen dataclass declared with the same fields, so that a
difference in equality, hash, order, repr, defaults or immutability fails here, not in a report.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcing_cli import records
from sourcing_cli.catalog_model import Rating
from sourcing_cli.errors import Diagnostic
from sourcing_cli.records import record
from sourcing_cli.sources import Citation

PACKAGE = Path(records.__file__).parent

# A field: (has a default, a factory instead, compare, hash, repr, init)
FieldSpec = tuple[bool, bool, bool, bool | None, bool, bool]
FIELD = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.sampled_from([None, True, False]),
                  st.booleans(), st.booleans())
VALUE = st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b", ""]), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False, width=16),
                  st.tuples(st.integers(0, 2)))


def pair(specs: list[FieldSpec], order: bool) -> tuple[type, type]:
    """The same class twice: once a record, once a frozen dataclass (same name and fields)."""
    made: list[type] = []
    for decorate in (record(order=order), dataclasses.dataclass(frozen=True, order=order)):
        namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__,
                                     "__qualname__": "R"}
        seen_default = False
        for i, (default, factory, compare, hashed, shown, init) in enumerate(specs):
            name = f"f{i}"
            namespace["__annotations__"][name] = "Any"
            needs_default = seen_default or not init
            if default or factory or needs_default:
                seen_default = seen_default or init
                value = (dataclasses.field(default_factory=lambda i=i: (i,), compare=compare,
                                           hash=hashed, repr=shown, init=init) if factory
                         else dataclasses.field(default=i, compare=compare, hash=hashed,
                                                repr=shown, init=init))
            else:
                value = dataclasses.field(compare=compare, hash=hashed, repr=shown, init=init)
            namespace[name] = value
        made.append(decorate(type("R", (), namespace)))
    return made[0], made[1]


def build(cls: type, specs: list[FieldSpec], values: list[Any], given_count: int) -> Any:
    """An instance with the first ``given_count`` init fields given (the rest default)."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    required = sum(1 for f in fields if f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING)
    count = max(required, min(given_count, len(fields)))
    return cls(*values[:count])


def outcome(action: Callable[..., Any], *args: Any) -> Any:
    try:
        return ("value", action(*args))
    except Exception as exc:
        return ("raises", type(exc).__name__, str(exc))


@given(specs=st.lists(FIELD, max_size=5), order=st.booleans(),
       a=st.lists(VALUE, min_size=5, max_size=5), b=st.lists(VALUE, min_size=5, max_size=5),
       given_a=st.integers(0, 5), given_b=st.integers(0, 5), share=st.booleans())
@settings(max_examples=300, deadline=None)
def test_a_record_behaves_as_a_frozen_dataclass(
    specs: list[FieldSpec], order: bool, a: list[Any], b: list[Any], given_a: int, given_b: int,
    share: bool,
) -> None:
    mine, theirs = pair(specs, order)
    if share:
        b, given_b = list(a), given_a
    x1, x2 = build(mine, specs, a, given_a), build(mine, specs, b, given_b)
    y1, y2 = build(theirs, specs, a, given_a), build(theirs, specs, b, given_b)
    assert repr(x1) == repr(y1)
    assert vars(x1) == vars(y1) and list(vars(x1)) == list(vars(y1))  # same values, same order
    assert dataclasses.asdict(x1) == dataclasses.asdict(y1)
    assert [f.name for f in dataclasses.fields(x1)] == [f.name for f in dataclasses.fields(y1)]
    assert (x1 == x2) == (y1 == y2) and (x1 != x2) == (y1 != y2)
    assert outcome(lambda: hash(x1)) == outcome(lambda: hash(y1))
    if x1 == x2:
        assert outcome(lambda: hash(x1) == hash(x2)) == outcome(lambda: hash(y1) == hash(y2))
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert outcome(getattr(x1, op), x2) == outcome(getattr(y1, op), y2)
    assert (x1 == 1) == (y1 == 1) and x1.__eq__(object()) is NotImplemented
    for target in (x1, y1):
        with pytest.raises(dataclasses.FrozenInstanceError):
            target.f0 = 1
        with pytest.raises(dataclasses.FrozenInstanceError):
            del target.f0
    names = [f.name for f in dataclasses.fields(mine) if f.init]
    if names:
        assert vars(dataclasses.replace(x1, **{names[0]: "new"})) == vars(
            dataclasses.replace(y1, **{names[0]: "new"}))


def test_records_survive_pickle_and_copy_and_hold_their_defaults_apart() -> None:
    rating = Rating(value=4, reason="why", cite=Citation("a source", "its words"), source="x.yaml")
    for back in (pickle.loads(pickle.dumps(rating)), copy.copy(rating), copy.deepcopy(rating)):
        assert back == rating and hash(back) == hash(rating) and back is not rating

    @record
    class Holder:
        items: list[int] = dataclasses.field(default_factory=list)

    first, second = Holder(), Holder()
    first.items.append(1)
    assert second.items == [] and first.items is not second.items


def test_a_records_init_is_compiled_once_on_first_use() -> None:
    @record
    class Point:
        x: int
        y: int = 0

    bootstrap = Point.__init__
    assert Point(1) == Point(1, 0)
    compiled = Point.__init__
    assert compiled is not bootstrap
    Point(2)
    assert Point.__init__ is compiled
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, 3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]


def test_an_ordered_record_sorts_as_the_dataclass_does() -> None:
    found = [Diagnostic("b.yaml", 2, 1, "x"), Diagnostic("a.yaml", 9, 9, "y"),
             Diagnostic("a.yaml", 2, 5, "z"), Diagnostic("a.yaml", 2, 1, "w")]
    assert [(d.path, d.line, d.column) for d in sorted(found)] == [
        ("a.yaml", 2, 1), ("a.yaml", 2, 5), ("a.yaml", 9, 9), ("b.yaml", 2, 1)]


@pytest.mark.parametrize("body", [
    "def __eq__(self, other): return True",
    "def __post_init__(self): pass",
    "def __repr__(self): return 'x'",
])
def test_a_record_that_defines_what_records_share_is_refused(body: str) -> None:
    namespace: dict[str, Any] = {}
    exec(f"class R:\n    x: int\n    {body}\n", namespace)
    with pytest.raises(TypeError, match="records share"):
        record(namespace["R"])


def test_keyword_only_and_reserved_field_names_are_refused() -> None:
    with pytest.raises(TypeError, match="keyword-only"):
        @record
        class KeywordOnly:
            x: int = dataclasses.field(kw_only=True)
    for name in ("self", "_d", "_FACTORY", "_default_x"):
        cls: type[Any] = type("R", (), {"__annotations__": {name: "int"}})
        with pytest.raises(TypeError, match="reserved"):
            record(cls)(1)


def test_the_package_declares_its_frozen_records_with_record() -> None:
    """``@dataclass(frozen=True)`` compiles six functions per class at import (before Python 3.13);
    every frozen record of the package is declared with :func:`records.record` instead."""
    frozen = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for deco in node.decorator_list:
                    if (isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "dataclass"
                            and any(k.arg == "frozen" for k in deco.keywords)):
                        frozen.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert frozen == []


def test_a_record_without_a_docstring_is_made_without_reading_a_signature(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``dataclass`` gives a class without a docstring one from ``inspect.signature``, which
    compiles ``tokenize``'s patterns (milliseconds at every start): a record names its fields."""
    import inspect

    def refused(*_: object, **__: object) -> None:
        raise AssertionError("a signature was read")

    monkeypatch.setattr(inspect, "signature", refused)

    @record
    class Plain:
        x: int
        y: str = ""

    assert Plain.__doc__ == "Plain(x, y)"
    assert Plain(1) == Plain(1, "") and repr(Plain(1)).endswith("Plain(x=1, y='')")


# ---- loads: the JSON text back into records, in one pass and without __init__ ------------------

_TYPES = {"Rating": Rating, "Citation": Citation}
_TEXT = st.text(max_size=4)
_CITATION = st.builds(Citation, _TEXT, _TEXT)
_RATING = st.builds(Rating, st.integers(1, 5), _TEXT, _CITATION, _TEXT, st.floats(0, 2))
_LEAF = st.one_of(_RATING, _CITATION, VALUE, st.booleans())
_TREES = st.recursive(_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.one_of(_TEXT, st.integers(0, 3)), inner, max_size=3),
    st.dictionaries(st.tuples(st.integers(0, 2)), inner, max_size=2)), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_loads_gives_what_decode_gives(tree: Any) -> None:
    text = json.dumps(records.encode(tree), ensure_ascii=False, separators=(",", ":"))
    fast, slow = records.loads(text.encode(), _TYPES), records.decode(json.loads(text), _TYPES)
    assert fast == slow == tree
    assert repr(fast) == repr(slow)
    assert _shapes(fast) == _shapes(slow)


def _shapes(value: Any) -> Any:
    """The value with each record's type and ``__dict__`` (its order too) spelled out."""
    if isinstance(value, list | tuple):
        return type(value), [_shapes(v) for v in value]
    if isinstance(value, dict):
        return dict, [(_shapes(k), _shapes(v)) for k, v in value.items()]
    if dataclasses.is_dataclass(value):
        return type(value), [(k, _shapes(v)) for k, v in vars(value).items()]
    return type(value), value


def test_a_record_from_loads_is_a_record_like_any_other() -> None:
    made = Rating(4, "why", Citation("s", "q"), "s", 0.5)
    back = records.loads(json.dumps(records.encode(made)), _TYPES)
    assert back == made and hash(back) == hash(made) and repr(back) == repr(made)
    assert vars(back) == vars(made) and list(vars(back)) == list(vars(made))
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.value = 5


@pytest.mark.parametrize("change", [
    lambda d: d.pop("uncertainty"),  # a field missing, though it has a default
    lambda d: d.update(extra=1),  # a field the class does not declare
    lambda d: d.update(value=d.pop("value")),  # the fields in another order
    lambda d: d.update({"$": "Rated"}),  # a name not on the list
    lambda d: d.pop("$"),  # no name
])
def test_loads_refuses_a_record_whose_fields_are_not_its_class_s(
        change: Callable[[dict[str, Any]], Any]) -> None:
    data = records.encode(Rating(4, "why", Citation("s", "q"), "s", 0.5))
    change(data)
    with pytest.raises((KeyError, ValueError)):
        records.loads(json.dumps(data), _TYPES)
