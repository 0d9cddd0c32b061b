"""The one condition grammar used by adjustments, weight rules, knock-outs, red flags and policies.

A ``when:`` is a mapping of name → test, all of which must hold. A test is a plain value (equality),
a list (membership), or a mapping of operators (``gte gt lte lt eq ne in not_in``). ``any: [when…]``
and ``not: when`` combine conditions. Names and values are checked against a *namespace* — the
question catalog, or vendor facts — when the condition is compiled, so an unknown name or an
impossible value is a load error with its position, never a silent false.

Evaluation is three-valued: a test on a value that is absent (a vendor fact nobody recorded) is
*unknown*, and only a condition that is definitely true holds. So a missing fact never fires a rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sourcing_cli.errors import QUOTE_MAX, Diagnostic, did_you_mean, one_of, quoted, show
from sourcing_cli.records import record
from sourcing_cli.yamlio import Path_, YamlDocument


@record
class FieldSpec:
    """What values a name can take: ``choice`` (from ``choices``), ``integer``/``number`` (in a
    range), ``boolean`` or ``text``."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any) -> str | None:
        """Why ``value`` is impossible for this name, or ``None`` when it is fine."""
        if self.kind == "choice":
            if isinstance(value, dict | list):
                return f"expected one of {one_of(self.choices)}, got {show(value)}"
            if not isinstance(value, str) or value not in self.choices:
                suggestion = did_you_mean(str(value), self.choices)
                return f"{quoted(value)} is not one of {one_of(self.choices)}{suggestion}"
            return None
        if self.kind == "boolean":
            return None if isinstance(value, bool) else f"expected true or false, got {show(value)}"
        if self.kind == "text":
            return None if isinstance(value, str) else f"expected text, got {show(value)}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            expected = "a whole number" if self.kind == "integer" else "a number"
            return f"expected {expected}, got {show(value)}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"expected a finite number, got {show(value)}"
        if self.kind == "integer" and isinstance(value, float) and not value.is_integer():
            return f"expected a whole number, got {show(value)}"
        if self.minimum is not None and value < self.minimum:
            return f"must be between {_num(self.minimum)} and {_num(self.maximum)}, got {_num(value)}"
        if self.maximum is not None and value > self.maximum:
            return f"must be between {_num(self.minimum)} and {_num(self.maximum)}, got {_num(value)}"
        return None


def _num(value: float | None) -> str:
    """A bound or an answer as messages show it: ``12``, ``2.5``, or a long number's start."""
    if value is None:
        return "any"
    text = str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))
    if len(text) > QUOTE_MAX:  # never echo a long value whole (and never convert it to a float)
        return f"{text[:QUOTE_MAX]}… ({len(text):,} digits)"
    return text


Truth = bool | None

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}
_SYMBOL = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "eq": "=", "ne": "≠", "in": "in",
           "not_in": "not in"}
OPERATORS = (*_COMPARE, "eq", "ne", "in", "not_in")


@record
class Test:
    name: str
    op: str
    value: Any

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        actual = values.get(self.name)
        if actual is None:
            return None
        if self.op in _COMPARE:
            return _COMPARE[self.op](actual, self.value)
        if self.op == "eq":
            return bool(actual == self.value)
        if self.op == "ne":
            return bool(actual != self.value)
        if self.op == "in":
            return actual in self.value
        return actual not in self.value

    def describe(self) -> str:
        shown = _fmt(self.value)
        return f"{self.name} {_SYMBOL[self.op]} {shown}"


def _fmt(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@record
class All:
    items: tuple[Condition, ...]

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        unknown = False
        for item in self.items:  # false as soon as one is false, whatever the rest are
            result = item.evaluate(values)
            if result is False:
                return False
            unknown = unknown or result is None
        return None if unknown else True

    def describe(self) -> str:
        if not self.items:
            return "always"
        return " and ".join(_wrap(item) for item in self.items)


@record
class Any_:
    items: tuple[Condition, ...]

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        unknown = False
        for item in self.items:  # true as soon as one is true, whatever the rest are
            result = item.evaluate(values)
            if result is True:
                return True
            unknown = unknown or result is None
        return None if unknown else False

    def describe(self) -> str:
        return "(" + " or ".join(_wrap(item) for item in self.items) + ")"


@record
class Not:
    item: Condition

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        result = self.item.evaluate(values)
        return None if result is None else not result

    def describe(self) -> str:
        return f"not ({self.item.describe()})"


Condition = Test | All | Any_ | Not
ALWAYS = All(())


def _wrap(item: Condition) -> str:
    return f"({item.describe()})" if isinstance(item, All) and len(item.items) > 1 else item.describe()


def holds(condition: Condition, values: Mapping[str, Any]) -> bool:
    """True only when the condition is definitely true (unknown counts as not holding)."""
    return condition.evaluate(values) is True


def compiled(condition: Condition) -> Callable[[Mapping[str, Any]], Truth]:
    """``condition.evaluate`` as one closure per test, with the same three-valued results: for a
    caller that evaluates the same conditions for thousands of profiles (``check``'s ratings).
    ``tests/unit/test_conditions_compiled.py`` holds the two to the same answers."""
    if isinstance(condition, Test):
        return _compiled_test(condition)
    if isinstance(condition, Not):
        inner = compiled(condition.item)

        def negated(values: Mapping[str, Any]) -> Truth:
            result = inner(values)
            return None if result is None else not result

        return negated
    items = tuple(compiled(item) for item in condition.items)
    if isinstance(condition, All):

        def every(values: Mapping[str, Any]) -> Truth:
            unknown = False
            for item in items:
                result = item(values)
                if result is False:
                    return False
                unknown = unknown or result is None
            return None if unknown else True

        return every

    def some(values: Mapping[str, Any]) -> Truth:
        unknown = False
        for item in items:
            result = item(values)
            if result is True:
                return True
            unknown = unknown or result is None
        return None if unknown else False

    return some


def _compiled_test(test: Test) -> Callable[[Mapping[str, Any]], Truth]:
    name, op, value = test.name, test.op, test.value
    # each as Test.evaluate computes it, the operator written out
    if op == "gte":
        return lambda values: None if (a := values.get(name)) is None else a >= value
    if op == "gt":
        return lambda values: None if (a := values.get(name)) is None else a > value
    if op == "lte":
        return lambda values: None if (a := values.get(name)) is None else a <= value
    if op == "lt":
        return lambda values: None if (a := values.get(name)) is None else a < value
    if op == "eq":
        return lambda values: None if (a := values.get(name)) is None else bool(a == value)
    if op == "ne":
        return lambda values: None if (a := values.get(name)) is None else bool(a != value)
    if op == "in":
        return lambda values: None if (a := values.get(name)) is None else a in value
    return lambda values: None if (a := values.get(name)) is None else a not in value


def names(condition: Condition) -> set[str]:
    """Every name a condition reads."""
    if isinstance(condition, Test):
        return {condition.name}
    if isinstance(condition, Not):
        return names(condition.item)
    out: set[str] = set()
    for item in condition.items:
        out |= names(item)
    return out


class Compiler:
    """Compiles raw ``when`` data against a namespace, collecting located errors."""

    def __init__(self, doc: YamlDocument, namespace: Mapping[str, FieldSpec], what: str) -> None:
        self.doc = doc
        self.namespace = namespace
        self.what = what
        self.errors: list[Diagnostic] = []

    def compile(self, raw: Any, loc: Path_) -> Condition:
        if not isinstance(raw, dict):
            self.error(loc, f"a condition must be a mapping of {self.what} to tests, got {show(raw)}")
            return ALWAYS
        items: list[Condition] = []
        for key, test in raw.items():
            here = (*loc, key)
            if key == "any":
                if not isinstance(test, list) or not test:
                    self.error(here, "'any' takes a non-empty list of conditions")
                    continue
                items.append(Any_(tuple(self.compile(t, (*here, i)) for i, t in enumerate(test))))
            elif key == "not":
                items.append(Not(self.compile(test, here)))
            else:
                items.extend(self.test(key, test, here))
        return items[0] if len(items) == 1 else All(tuple(items))

    def test(self, name: str, raw: Any, loc: Path_) -> Sequence[Test]:
        spec = self.namespace.get(name)
        if spec is None:
            hint = did_you_mean(name, [*self.namespace, "any", "not"])
            self.error(loc, f"unknown {self.what} {quoted(name)} in condition{hint}", at_key=True)
            return []
        if isinstance(raw, list):
            return [self.operand(spec, "in", raw, loc)]
        if isinstance(raw, dict):
            out = []
            for op, value in raw.items():
                if op not in OPERATORS:
                    hint = did_you_mean(op, OPERATORS)
                    self.error((*loc, op), f"unknown operator {quoted(op)}{hint}", at_key=True)
                    continue
                out.append(self.operand(spec, op, value, (*loc, op)))
            if not raw:
                self.error(loc, f"empty test for '{name}'")
            return out
        return [self.operand(spec, "eq", raw, loc)]

    def operand(self, spec: FieldSpec, op: str, value: Any, loc: Path_) -> Test:
        if op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                self.error(loc, f"'{op}' takes a non-empty list of values for '{spec.name}'")
                return Test(spec.name, op, ())
            for i, item in enumerate(value):
                self.check(spec, item, (*loc, i))
            return Test(spec.name, op, tuple(value))
        if op in _COMPARE and spec.kind not in ("integer", "number"):
            self.error(loc, f"'{op}' compares numbers, but '{spec.name}' is {spec.kind}")
        self.check(spec, value, loc)
        return Test(spec.name, op, value)

    def check(self, spec: FieldSpec, value: Any, loc: Path_) -> None:
        problem = spec.check(value)
        if problem is not None:
            self.error(loc, f"impossible value for '{spec.name}': {problem}")

    def error(self, loc: Path_, message: str, *, at_key: bool = False) -> None:
        self.errors.append(self.doc.diag(loc, message, at_key=at_key))
