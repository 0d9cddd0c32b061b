"""Plain data, with the position of every key and value, built from a YAML parser's event stream.

:class:`EventBuilder` consumes events one at a time — no recursion, bounded work — and is where the
reading rules of :mod:`sourcing_cli.yamlio` are applied. A problem it can read past (an unquoted
YAML 1.1 word, a duplicate key, a foreign tag, a bad alias, a complex key) is recorded and reading
goes on, so one run reports every such problem of a file; a problem that makes the rest unreadable
or unsafe to read (a second document, nesting past :data:`MAX_DEPTH`, more than :data:`MAX_NODES`
values once aliases are expanded, an empty file) raises :class:`Stop`.

Unquoted YAML 1.1 words (``yes``, ``NO``, ``on``…) and zero-padded numbers are kept as the text
written and listed in :attr:`EventBuilder.ambiguous`: what to tell the author depends on what the
place expects (``true`` for a boolean, quotes for a country code), which only the validator knows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from sourcing_cli.errors import QUOTE_MAX, Diagnostic, quoted
from sourcing_cli.records import record

MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_PROBLEMS = 100  # problems of one file read past; at the next one, reading stops

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]

# The YAML 1.2 core schema's patterns, tried in turn by :func:`_resolve` for a tagged scalar or a
# text ending in a line break — rare, so they are compiled on first use (``re``'s own cache), not
# at every start.
_NULL = r"^(?:~|null|Null|NULL|)$"
_BOOL_TRUE = r"^(?:true|True|TRUE)$"
_BOOL_FALSE = r"^(?:false|False|FALSE)$"
_YAML11_TRUE = r"^(?:y|Y|yes|Yes|YES|on|On|ON)$"
_YAML11_FALSE = r"^(?:n|N|no|No|NO|off|Off|OFF)$"
_INT = r"^[-+]?[0-9]+$"
_PADDED_INT = r"^[-+]?0[0-9]+$"
_OCT = r"^0o[0-7]+$"
_HEX = r"^0x[0-9a-fA-F]+$"
_FLOAT = r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
_INF = r"^[-+]?\.(?:inf|Inf|INF)$"
_NAN = r"^\.(?:nan|NaN|NAN)$"

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
LIMITS = "(see docs/limits.md)"

# The key in the path of a refused key's value, built and then dropped (``_Frame.dropping`` says
# so: a key of the file may be this very text, written as "\0" or "\x00").
_DROPPED = "\x00"


class Stop(Exception):
    """A problem past which the file cannot (or must not) be read; ``limit`` when it is one of
    the limits (depth, expanded size, number of problems) rather than the file's structure."""

    def __init__(self, diagnostic: Diagnostic, *, limit: bool = False) -> None:
        super().__init__(diagnostic.render())
        self.diagnostic = diagnostic
        self.limit = limit


def ambiguity(text: str, expected: str | None) -> str:
    """Why the unquoted ``text`` is refused, and what to write instead, given the kind of value
    the place expects (``boolean``, ``integer``, ``number``, ``text``; ``None``: unknown)."""
    if re.match(_PADDED_INT, text):
        if len(text) > QUOTE_MAX:  # never echo a long value whole
            hint = "drop the leading zero, or quote it if it is a code"
        elif expected in ("integer", "number"):
            hint = f"write {int(text)}"
        elif expected == "text":
            hint = f"quote it (\"{text}\")"
        else:
            hint = f"write {int(text)} or quote it (\"{text}\") if it is a code"
        return f"{quoted(text)} is ambiguous: YAML 1.1 reads a leading zero as octal; {hint}"
    meaning = "true" if re.match(_YAML11_TRUE, text) else "false"
    if expected == "boolean":
        return (f"'{text}' is ambiguous: YAML 1.1 reads it as {meaning}, YAML 1.2 as text; "
                f"write {meaning}")
    if expected == "text":
        return f"'{text}' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"{text}\")"
    return (f"'{text}' is ambiguous: YAML 1.1 reads it as a boolean; "
            f"quote it (\"{text}\") for text, or write true/false")


def intended(text: str, expected: str | None) -> Any:
    """What an ambiguous word means where ``expected`` is wanted (the text when unsure)."""
    if expected == "boolean" and not re.match(_PADDED_INT, text):
        return bool(re.match(_YAML11_TRUE, text))
    if expected in ("integer", "number") and re.match(_PADDED_INT, text):
        return int(text)
    return text


@record
class Ambiguous:
    """An unquoted YAML 1.1 word or zero-padded number: where it is and what was written."""

    path: Path_
    text: str
    pos: Pos


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    anchor: str | None
    nodes: int = 1
    key: str | None = None
    dropping: bool = False  # ``key`` is a refused key's: its value is built, then dropped
    seen: dict[str, int] = field(default_factory=dict)
    dropped: bool = False  # a list or mapping written as a key: built, then dropped


class EventBuilder:
    """Turns parser events into plain data with positions, collecting the problems on the way."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.data: Any = None
        self.values: dict[Path_, Pos] = {}
        self.keys: dict[Path_, Pos] = {}
        self.problems: list[Diagnostic] = []
        self.ambiguous: list[Ambiguous] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.total = 0
        self.documents = 0
        self.root_set = False

    def diagnostic(self, mark: Any, message: str) -> Diagnostic:
        return Diagnostic(self.shown, mark.line + 1, mark.column + 1, message)

    def problem(self, mark: Any, message: str) -> None:
        self.count_problem(mark)
        self.problems.append(self.diagnostic(mark, message))

    def count_problem(self, mark: Any) -> None:
        if len(self.problems) + len(self.ambiguous) >= MAX_PROBLEMS:
            raise self.stop(mark, f"more than {MAX_PROBLEMS} problems in this file; fix the ones "
                                  "above first", limit=True)

    def stop(self, mark: Any, message: str, *, limit: bool = False) -> Stop:
        return Stop(self.diagnostic(mark, message), limit=limit)

    def build(self, events: Iterator[Any]) -> None:
        for event in events:
            if isinstance(event, yaml.ScalarEvent):  # most events: tested first
                self.add(self.scalar(event), 1, event)
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.stop(
                        event.start_mark,
                        "several YAML documents in one file; keep one (remove this '---')",
                    )
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.start(event)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.end()
        if self.documents == 0 or not self.root_set:
            raise Stop(Diagnostic(self.shown, 1, 1, "empty file; expected a YAML mapping"))

    def wants_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and (
            self.stack[-1].key is None)

    def child_path(self) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        assert top.key is not None
        return (*top.path, top.key)

    def count(self, nodes: int, mark: Any) -> None:
        self.total += nodes
        if self.total > MAX_NODES:
            raise self.stop(
                mark,
                f"document expands to over {MAX_NODES:,} values (through aliases?); "
                f"the limit guards against alias bombs — write the data out or split the file {LIMITS}",
                limit=True,
            )

    def start(self, event: Any) -> None:
        self.check_tag(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
        if len(self.stack) >= MAX_DEPTH:
            raise self.stop(event.start_mark,
                            f"nesting deeper than {MAX_DEPTH} levels; the limit is {MAX_DEPTH} {LIMITS}",
                            limit=True)
        self.count(1, event.start_mark)
        dropped = self.wants_key()
        if dropped:
            if not any(frame.dropped for frame in self.stack):  # one error for `{{{…`, not one a level
                self.problem(event.start_mark, "a key must be a plain value, not a list or mapping")
            self.stack[-1].key, self.stack[-1].dropping = _DROPPED, True
        path = self.child_path()
        self.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, path, event.anchor, dropped=dropped))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, frame.nodes)
        if frame.dropped:  # the key's value comes next, and is dropped too
            self.stack[-1].key, self.stack[-1].dropping = _DROPPED, True
            return
        self.attach(frame.container, frame.nodes)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if self.wants_key():
            self.problem(event.start_mark, "an alias cannot be used as a key")
            self.stack[-1].key, self.stack[-1].dropping = _DROPPED, True
            return
        value: Any = None
        nodes = 1
        if name in self.open_anchors:
            self.problem(event.start_mark, f"alias *{name} refers to the value that contains it")
        elif name not in self.anchors:
            self.problem(event.start_mark, f"alias *{name} has no anchor &{name} before it")
        else:
            value, nodes = self.anchors[name]
        self.count(nodes, event.start_mark)
        self.values[self.child_path()] = (event.start_mark.line + 1, event.start_mark.column + 1)
        self.attach(value, nodes)

    def add(self, value: Any, nodes: int, event: Any) -> None:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        ambiguous = value is _AMBIGUOUS
        if ambiguous:
            value = event.value
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if not self.stack:  # the whole document is this one value
            self.count(1, mark)
            self.values[()] = pos
            if ambiguous:
                self.count_problem(mark)
                self.ambiguous.append(Ambiguous((), event.value, pos))
            self.attach(value, nodes)
            return
        # wants_key, child_path and attach, inlined: this runs for every scalar of every file
        frame = self.stack[-1]
        container = frame.container
        key = frame.key
        if isinstance(container, list):
            path: Path_ = (*frame.path, len(container))
        elif key is None:
            self.set_key(event, pos)
            return
        else:
            path = (*frame.path, key)
        self.count(1, mark)
        self.values[path] = pos
        if ambiguous:
            self.count_problem(mark)
            self.ambiguous.append(Ambiguous(path, event.value, pos))
        frame.nodes += nodes
        if isinstance(container, list):
            container.append(value)
            return
        assert key is not None
        if not frame.dropping:
            container[key] = value  # after a duplicate key, the last value is kept
        frame.key, frame.dropping = None, False

    def set_key(self, event: Any, pos: Pos) -> None:
        frame = self.stack[-1]
        key = event.value
        if key == "<<" and event.implicit[0]:
            self.problem(event.start_mark, "merge keys ('<<') are not supported; write the keys out")
            frame.key, frame.dropping = _DROPPED, True
            return
        if key in frame.seen:
            self.problem(event.start_mark,
                         f"duplicate key {quoted(key)} (first at line {frame.seen[key]}); keep one of them")
        else:
            frame.seen[key] = pos[0]
        frame.key = key
        self.keys[(*frame.path, key)] = pos

    def attach(self, value: Any, nodes: int) -> None:
        if not self.stack:
            self.data = value
            self.root_set = True
            return
        frame = self.stack[-1]
        frame.nodes += nodes
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        assert frame.key is not None
        if not frame.dropping:
            frame.container[frame.key] = value  # after a duplicate key, the last value is kept
        frame.key, frame.dropping = None, False

    def check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag not in (None, "!", f"{_CORE}{kind}"):
            self.refuse_tag(event)

    def refuse_tag(self, event: Any) -> None:
        self.problem(event.start_mark, f"tag {quoted(_short_tag(event.tag))} is not allowed; remove it "
                                       "(only plain YAML data is read)")

    def scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        plain = event.implicit[0] and tag in (None, "!")
        if tag not in (None, "!") and tag not in _SCALAR_TAGS:
            self.refuse_tag(event)
            return text
        if tag == f"{_CORE}str" or (not plain and tag in (None, "!")):
            return text
        try:
            resolved = _resolve(text, tag)
        except ValueError:  # an integer with thousands of digits
            self.problem(event.start_mark, "number is too large; quote it if it is text")
            return text
        if resolved is _AMBIGUOUS and self.wants_key():
            return text  # `on: push` is a key named "on", as the author meant
        if resolved is _INVALID:
            self.problem(event.start_mark, f"{quoted(text)} is not a valid {_short_tag(tag)}")
            return text
        return resolved


_AMBIGUOUS = object()
_INVALID = object()


class _Unusual(Exception):
    """Raised inside :func:`plain_build` at the first thing it leaves to :class:`EventBuilder`."""


def plain_build(events: Iterator[Any]) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]] | None:
    """The data, value positions and key positions :class:`EventBuilder` would build, for a
    document with nothing for it to report — or ``None`` at the first thing that might be: a tag,
    an anchor or alias, a duplicate or non-plain key, a merge key, an ambiguous word, a number too
    large, a second document, nesting or size near a limit, an empty or non-mapping document.

    The common case, a well-formed plain file, in one tight loop with no method call per event;
    everything else is read again by :class:`EventBuilder`, so every message and position stays
    its. ``tests/unit/test_yaml_fast.py`` checks the two agree on generated documents.
    """
    try:
        return _plain_build(events)
    except (_Unusual, ValueError):  # ValueError: an integer with thousands of digits
        return None


def _plain_build(events: Iterator[Any]) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]]:
    scalar_event, start_events = yaml.ScalarEvent, (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    mapping_start, document_start = yaml.MappingStartEvent, yaml.DocumentStartEvent
    words, number_start = _WORDS, _NUMBER_START
    values: dict[Path_, Pos] = {}
    keys: dict[Path_, Pos] = {}
    # Per open collection: the container, its path, the pending key (``None``: a key is next, or
    # a list) and the keys seen so far.
    stack: list[tuple[Any, Path_, list[str | None], set[str]]] = []
    data: Any = None
    total = 0
    documents = 0
    for event in events:
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None or not stack:
                raise _Unusual
            text = event.value
            mark = event.start_mark
            container, path, pending, seen = stack[-1]
            key = pending[0]
            if key is None and type(container) is dict:  # a key
                if (not event.implicit[0] or text in seen or not text
                        or text[0] in number_start or text in words or text == "<<"):
                    raise _Unusual  # quoted, repeated, empty, number-like, a word, a merge key
                seen.add(text)
                pending[0] = text
                keys[(*path, text)] = (mark.line + 1, mark.column + 1)
                continue
            if event.implicit[0]:  # plain: resolved as the core schema says
                if not text or text[0] not in number_start:
                    value = words.get(text, text)
                    if value is _AMBIGUOUS:
                        raise _Unusual
                elif text.endswith("\n"):
                    raise _Unusual
                else:
                    value = _resolve_plain(text)
                    if value is _AMBIGUOUS:
                        raise _Unusual
            else:
                value = text
            total += 1
            if total > MAX_NODES:
                raise _Unusual
            if key is None:
                values[(*path, len(container))] = (mark.line + 1, mark.column + 1)
                container.append(value)
            else:
                values[(*path, key)] = (mark.line + 1, mark.column + 1)
                container[key] = value
                pending[0] = None
        elif kind in start_events:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH - 1:
                raise _Unusual
            total += 1
            if total > MAX_NODES:
                raise _Unusual
            child: Path_
            if stack:
                container, path, pending, _ = stack[-1]
                key = pending[0]
                if key is None:
                    if type(container) is dict:
                        raise _Unusual  # a list or mapping as a key
                    child = (*path, len(container))
                else:
                    child = (*path, key)
            elif documents == 1 and data is None and kind is mapping_start:
                child = ()
            else:
                raise _Unusual  # a list at the top, or a second document's
            mark = event.start_mark
            values[child] = (mark.line + 1, mark.column + 1)
            stack.append(({} if kind is mapping_start else [], child, [None], set()))
        elif kind in end_events:
            container = stack.pop()[0]
            if stack:
                parent, _, pending, _ = stack[-1]
                key = pending[0]
                if key is None:
                    parent.append(container)
                else:
                    parent[key] = container
                    pending[0] = None
            else:
                data = container
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise _Unusual
        elif kind is not yaml.StreamStartEvent and kind is not yaml.StreamEndEvent and (
                kind is not yaml.DocumentEndEvent):
            raise _Unusual  # an alias
    if data is None:
        raise _Unusual  # empty, or a plain value alone
    return data, values, keys


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


# Plain scalars resolved in one step, as PyYAML's own resolver does: a word is looked up, a
# number-like text (its first character a digit, a sign or a dot) tried against one combined
# pattern whose alternatives come in the order of the patterns above (so the first that matches
# the whole text wins, as the chain of tests in :func:`_resolve` would have it), and anything
# else is text. ``tests/unit/test_yamlio.py`` checks the two agree.
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
                     "n", "N", "no", "No", "NO", "off", "Off", "OFF"), _AMBIGUOUS),
}
_NUMBER_START = frozenset("0123456789+-.")
# For :mod:`sourcing_cli.yaml_lines`, which resolves plain scalars as :func:`_resolve_plain` does.
WORDS, NUMBER_START, AMBIGUOUS = _WORDS, _NUMBER_START, _AMBIGUOUS
_NUMBER = re.compile(
    r"(?P<padded>[-+]?0[0-9]+)|(?P<int>[-+]?[0-9]+)|0o(?P<oct>[0-7]+)|0x(?P<hex>[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))|(?P<nan>\.(?:nan|NaN|NAN))"
)


def plain_scalar(text: str) -> tuple[Any] | None:
    """The value of an untagged plain scalar (in a 1-tuple: it may be ``None``), or ``None`` when
    :class:`EventBuilder` would report it (a YAML 1.1 word, a padded or too large number)."""
    try:
        value = _resolve_plain(text)
    except ValueError:  # an integer with thousands of digits
        return None
    return None if value is _AMBIGUOUS else (value,)


def _resolve_plain(text: str) -> Any:
    """:func:`_resolve` of an untagged plain scalar that does not end with a line break."""
    if not text or text[0] not in _NUMBER_START:
        return _WORDS.get(text, text)
    match = _NUMBER.fullmatch(text)
    if match is None:
        return text
    kind = match.lastgroup
    if kind == "padded":
        return _AMBIGUOUS
    if kind == "int":
        return int(text)
    if kind == "oct":
        return int(text[2:], 8)
    if kind == "hex":
        return int(text[2:], 16)
    if kind == "float":
        return float(text)
    if kind == "inf":
        return -math.inf if text.startswith("-") else math.inf
    return math.nan


def _resolve(text: str, tag: str | None) -> Any:
    """YAML 1.2 core-schema resolution of a plain (or core-tagged) scalar."""
    if tag is None and not text.endswith("\n"):  # `$` in the patterns below matches before one
        return _resolve_plain(text)
    want = tag[len(_CORE):] if tag else None
    if want in (None, "null") and re.match(_NULL, text):
        return None
    if want in (None, "bool"):
        if re.match(_BOOL_TRUE, text):
            return True
        if re.match(_BOOL_FALSE, text):
            return False
        if want is None and (re.match(_YAML11_TRUE, text) or re.match(_YAML11_FALSE, text)):
            return _AMBIGUOUS
    if want in (None, "int", "float"):
        if want is None and re.match(_PADDED_INT, text):
            return _AMBIGUOUS
        if re.match(_INT, text):
            return int(text) if want != "float" else float(text)
        if re.match(_OCT, text):
            return int(text[2:], 8)
        if re.match(_HEX, text):
            return int(text[2:], 16)
    if want in (None, "float"):
        if re.match(_FLOAT, text):
            return float(text)
        if re.match(_INF, text):
            return -math.inf if text.startswith("-") else math.inf
        if re.match(_NAN, text):
            return math.nan
    return text if want is None else _INVALID
