"""Safe, located YAML reading for every file the tool reads.

Profiles, policies and catalog files all come through :func:`load_file`. It builds plain Python data
straight from the parser's event stream (libyaml's when available), one pass and no recursion, and
records where every key and value stands so later validation can say ``path:line:col``.

Decisions made once, for every file:

* **YAML 1.2 core scalars.** ``true``/``false`` are the only booleans and there are no sexagesimal or
  implicit octal numbers. The YAML 1.1 words ``yes/no/on/off`` (any case) and zero-padded integers,
  when unquoted, are refused with a hint to quote them: an unquoted ``NO`` must never silently become
  ``false`` (Norway) — nor silently stay a string that some other tool reads as ``false``.
* **Dates stay strings** here; the validators that want a date parse ``YYYY-MM-DD`` themselves.
* **Refused outright:** duplicate keys, tags other than the core ones (``!!python/...``), non-scalar
  keys, several documents, and undefined or self-referencing aliases.
* **Limits**, each named in its error: file size (:data:`MAX_BYTES`), nesting depth
  (:data:`MAX_DEPTH`), and the size a document reaches once its aliases are expanded
  (:data:`MAX_NODES`), which stops "billion laughs" before anything walks the data.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sourcing_cli.errors import QUOTE_MAX, Diagnostic, InputError, quoted, shown_path

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_BOOL_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_AMBIGUOUS_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_PADDED_INT = re.compile(r"^[-+]?0[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}


@dataclass
class YamlDocument:
    """Plain data from one YAML file and the position of every key and value in it."""

    path: str
    data: Any
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)

    def value_pos(self, loc: Path_) -> Pos:
        """Position of the value at ``loc``, or of the nearest enclosing value that has one."""
        for n in range(len(loc), -1, -1):
            found = self.values.get(tuple(loc[:n]))
            if found is not None:
                return found
        return (1, 1)

    def key_pos(self, loc: Path_) -> Pos:
        """Position of the key that introduces ``loc`` (its value's position when it has no key)."""
        return self.keys.get(tuple(loc)) or self.value_pos(loc)

    def diag(self, loc: Path_, message: str, *, at_key: bool = False) -> Diagnostic:
        line, col = self.key_pos(loc) if at_key else self.value_pos(loc)
        return Diagnostic(self.path, line, col, message)


def read_text(path: Path, shown: str) -> str:
    """Read a user file as UTF-8 text, refusing what is not a small regular text file."""
    return decode(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str, *, own: bool = False) -> bytes:
    """The bytes of a small regular file, or a located error (never blocks on a pipe, never
    follows a symbolic link out of the repository or working tree — unless the file is the
    tool's ``own``, the built-in catalog, wherever it is installed)."""
    from sourcing_cli.repo import left_through_link

    left = None if own else left_through_link(path)
    if left is not None:
        raise InputError.at(shown, 1, 1, f"is a symbolic link leading outside {left}; not read — "
                                         "copy the file inside, or give its own path")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError.at(shown, 1, 1, "no such file; check the path") from None
    except OSError as exc:
        raise InputError.at(shown, 1, 1, f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError.at(shown, 1, 1, "is a directory; give a YAML file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError.at(shown, 1, 1, "is not a regular file (a pipe or device?); give a YAML file")
    if st.st_size > MAX_BYTES:
        raise InputError.at(
            shown, 1, 1,
            f"file is {st.st_size / 1_048_576:.1f} MiB; the limit is {MAX_BYTES // 1_048_576} MiB "
            "for any file this tool reads (see docs/limits.md)",
        )
    try:
        # O_NONBLOCK: should the file turn into a pipe after the check, opening it never waits.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise InputError.at(shown, 1, 1, "is not a regular file (a pipe or device?); "
                                                 "give a YAML file")
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError.at(shown, 1, 1, f"cannot read: {exc.strerror}") from None


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 (with or without a byte-order mark), or UTF-16/32 with one; else a located error."""
    if len(raw) > MAX_BYTES:
        raise InputError.at(shown, 1, 1, f"file is over the limit of {MAX_BYTES // 1_048_576} MiB "
                                         "(see docs/limits.md)")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError.at(shown, 1, 1, f"not valid {encoding.upper()} text (it starts "
                                                 "with a byte-order mark); save the file as UTF-8"
                                    ) from None
            nul = text.find("\x00")
            if nul >= 0:
                before = text[:nul]
                raise InputError.at(shown, before.count("\n") + 1, nul - before.rfind("\n"),
                                    "binary data (a NUL character); give a YAML text file")
            return text
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_pos(raw, nul)
        raise InputError.at(shown, line, col, "binary data (a NUL byte); give a YAML text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_pos(raw, exc.start)
        raise InputError.at(
            shown, line, col, "not UTF-8 text; save the file as UTF-8"
        ) from None


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _byte_pos(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def load_file(path: Path, shown: str | None = None) -> YamlDocument:
    """Read and parse one YAML file; ``shown`` is the path as messages should print it."""
    shown = shown if shown is not None else shown_path(path)
    return load_text(read_text(path, shown), shown)


def load_text(text: str, shown: str) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`, or raise a located :class:`InputError`."""
    try:
        return _Builder(shown).build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError.at(shown, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise InputError.at(shown, 1, 1, f"invalid YAML: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    anchor: str | None
    nodes: int = 1
    key: str | None = None
    key_pos: Pos | None = None
    seen: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Turns parser events into plain data with positions (no recursion, bounded work)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.doc = YamlDocument(shown, None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.total = 0
        self.documents = 0
        self.root_set = False

    def fail(self, mark: Any, message: str) -> InputError:
        return InputError.at(self.shown, mark.line + 1, mark.column + 1, message)

    def build(self, events: Iterator[Any]) -> YamlDocument:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(
                        event.start_mark,
                        "several YAML documents in one file; keep one (remove this '---')",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
                self.add(value, 1, event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.start(event)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.end()
        if self.documents == 0 or not self.root_set:
            raise InputError.at(self.shown, 1, 1, "empty file; expected a YAML mapping")
        return self.doc

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
            raise self.fail(
                mark,
                f"document expands to over {MAX_NODES:,} values (through aliases?); "
                "the limit guards against alias bombs — write the data out or split the file "
                "(see docs/limits.md)",
            )

    def start(self, event: Any) -> None:
        self.check_tag(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            raise self.fail(event.start_mark, "a key must be a plain value, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                event.start_mark, f"nesting deeper than {MAX_DEPTH} levels; the limit is {MAX_DEPTH} "
                "(see docs/limits.md)"
            )
        self.count(1, event.start_mark)
        path = self.child_path()
        self.doc.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, path, event.anchor))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, frame.nodes)
        self.attach(frame.container, frame.nodes, None)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise self.fail(event.start_mark, f"alias *{name} refers to the value that contains it")
        if name not in self.anchors:
            raise self.fail(event.start_mark, f"alias *{name} has no anchor &{name} before it")
        value, nodes = self.anchors[name]
        self.count(nodes, event.start_mark)
        self.add(value, nodes, event)

    def add(self, value: Any, nodes: int, event: Any) -> None:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            self.set_key(value, pos, event)
            return
        if isinstance(event, yaml.ScalarEvent):
            self.count(1, mark)
        self.doc.values[self.child_path()] = pos
        self.attach(value, nodes, pos)

    def set_key(self, value: Any, pos: Pos, event: Any) -> None:
        frame = self.stack[-1]
        if not isinstance(event, yaml.ScalarEvent):
            raise self.fail(event.start_mark, "an alias cannot be used as a key")
        key = event.value
        if key == "<<" and event.implicit[0]:
            raise self.fail(
                event.start_mark, "merge keys ('<<') are not supported; write the keys out"
            )
        if key in frame.seen:
            raise self.fail(
                event.start_mark,
                f"duplicate key {quoted(key)} (first at line {frame.seen[key]}); keep one of them",
            )
        frame.seen[key] = pos[0]
        frame.key, frame.key_pos = key, pos
        self.doc.keys[(*frame.path, key)] = pos

    def attach(self, value: Any, nodes: int, pos: Pos | None) -> None:
        if not self.stack:
            self.doc.data = value
            self.root_set = True
            return
        frame = self.stack[-1]
        frame.nodes += nodes
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            assert frame.key is not None
            frame.container[frame.key] = value
            frame.key = None

    def check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag in (None, "!", f"{_CORE}{kind}"):
            return
        raise self.fail(
            event.start_mark,
            f"tag '{_short_tag(tag)}' is not allowed; remove it (only plain YAML data is read)",
        )

    def scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        plain = event.implicit[0] and tag in (None, "!")
        if tag not in (None, "!") and tag not in _SCALAR_TAGS:
            raise self.fail(
                event.start_mark,
                f"tag '{_short_tag(tag)}' is not allowed; remove it (only plain YAML data is read)",
            )
        if tag == f"{_CORE}str" or (not plain and tag in (None, "!")):
            return text
        try:
            resolved = _resolve(text, tag)
        except ValueError:  # an integer with thousands of digits
            raise self.fail(event.start_mark, "number is too large; quote it if it is text") from None
        if resolved is _AMBIGUOUS:
            in_key = bool(self.stack) and isinstance(self.stack[-1].container, dict) and (
                self.stack[-1].key is None
            )
            if in_key:
                return text
            if _PADDED_INT.match(text):
                hint = (f"write {int(text)} or quote it (\"{text}\") if it is a code"
                        if len(text) <= QUOTE_MAX else "drop the leading zero, or quote it if it is "
                                                       "a code")
                raise self.fail(
                    event.start_mark,
                    f"{quoted(text)} is ambiguous: YAML 1.1 reads a leading zero as octal; {hint}",
                )
            raise self.fail(
                event.start_mark,
                f"{quoted(text)} is ambiguous: YAML 1.1 reads it as a boolean; "
                f"quote it (\"{text}\") for text, or write true/false",
            )
        if resolved is _INVALID:
            raise self.fail(event.start_mark, f"{quoted(text)} is not a valid {_short_tag(tag)}")
        return resolved


_AMBIGUOUS = object()
_INVALID = object()


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _resolve(text: str, tag: str | None) -> Any:
    """YAML 1.2 core-schema resolution of a plain (or core-tagged) scalar."""
    want = tag[len(_CORE):] if tag else None
    if want in (None, "null") and _NULL.match(text):
        return None
    if want in (None, "bool"):
        if _BOOL_TRUE.match(text):
            return True
        if _BOOL_FALSE.match(text):
            return False
        if want is None and _AMBIGUOUS_BOOL.match(text):
            return _AMBIGUOUS
    if want in (None, "int", "float"):
        if want is None and _PADDED_INT.match(text):
            return _AMBIGUOUS
        if _INT.match(text):
            return int(text) if want != "float" else float(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
    if want in (None, "float"):
        if _FLOAT.match(text):
            return float(text)
        if _INF.match(text):
            return -math.inf if text.startswith("-") else math.inf
        if _NAN.match(text):
            return math.nan
    return text if want is None else _INVALID
