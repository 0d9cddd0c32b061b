"""Safe, located YAML reading for every file the tool reads.

Profiles, policies and catalog files all come through :func:`load_file`. It builds plain Python data
straight from the parser's event stream (libyaml's when available; see
:mod:`sourcing_cli.yaml_events`), one pass and no recursion, and records where every key and value
stands so later validation can say ``path:line:col``. Two quick readers come first and step
aside at anything but the plainest YAML, so that what they give is always what the event builder
would: nested mappings of scalars one a line, read line by line (:mod:`sourcing_cli.yaml_lines`),
and a document with nothing to report, read in one tight pass over the events
(:func:`sourcing_cli.yaml_events.plain_build`).

Decisions made once, for every file:

* **YAML 1.2 core scalars.** ``true``/``false`` are the only booleans and there are no sexagesimal or
  implicit octal numbers. The YAML 1.1 words ``yes/no/on/off`` (any case) and zero-padded integers,
  when unquoted, are refused — an unquoted ``NO`` must never silently become ``false`` (Norway), nor
  silently stay a string that some other tool reads as ``false`` — with a hint that suits the place:
  ``write true`` where a boolean is expected, quotes where text is (:meth:`YamlDocument.settle`).
* **Dates stay strings** here; the validators that want a date parse ``YYYY-MM-DD`` themselves.
* **Refused:** duplicate keys, tags other than the core ones (``!!python/...``), non-scalar keys,
  merge keys, several documents, undefined or self-referencing aliases, control characters.
* **Every problem of a file together.** Reading goes on past any problem it can (a refused word, a
  duplicate key, a tag…); ``load_file(..., partial=True)`` hands the document and its problems to a
  validator, which adds its own, so one run reports them all.
* **Limits**, each named in its error: file size (:data:`MAX_BYTES`), nesting depth
  (:data:`MAX_DEPTH`), and the size a document reaches once its aliases are expanded
  (:data:`MAX_NODES`), which stops "billion laughs" before anything walks the data. These are ours
  and fire first, whatever limits of its own the parser library has (see :func:`_read`).
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sourcing_cli.errors import Diagnostic, InputError, shown_path
from sourcing_cli.yaml_events import (
    MAX_DEPTH,
    MAX_NODES,
    Ambiguous,
    EventBuilder,
    Path_,
    Pos,
    Stop,
    ambiguity,
    intended,
    plain_build,
)
from sourcing_cli.yaml_lines import read_lines

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Path_", "Pos", "YamlDocument", "decode",
           "load_file", "load_text", "read_bytes", "read_text"]

MAX_BYTES = 4 * 1024 * 1024

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KindAt = Callable[[Path_], "str | None"]


@dataclass
class YamlDocument:
    """Plain data from one YAML file and the position of every key and value in it.

    A document read with ``partial=True`` may carry :attr:`problems` and :attr:`ambiguous` words
    still to be reported: the validator that reads it calls :meth:`settle` and reports what it
    returns with its own findings.
    """

    path: str
    data: Any
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)

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

    def settle(self, kind_at: KindAt | None = None) -> list[Diagnostic]:
        """Every problem met while reading, in file order, each refused word explained for what
        its place expects (``kind_at(loc)``: ``boolean``, ``integer``, ``number``, ``text`` or
        ``None``). A refused word is then replaced by what it evidently meant there (``yes`` where
        a boolean is expected is ``true``), so validation does not report it a second time."""
        out = list(self.problems)
        for word in self.ambiguous:
            expected = kind_at(word.path) if kind_at else None
            out.append(Diagnostic(self.path, *word.pos, ambiguity(word.text, expected)))
            self._replace(word.path, word.text, intended(word.text, expected))
        self.problems, self.ambiguous = [], []
        return sorted(out, key=lambda d: (d.line, d.column))

    def _replace(self, loc: Path_, text: str, value: Any) -> None:
        target = self.data
        try:
            for part in loc[:-1]:
                target = target[part]
            if target[loc[-1]] == text:
                target[loc[-1]] = value
        except (KeyError, IndexError, TypeError):  # under a dropped key, or overwritten since
            pass

    def check(self) -> YamlDocument:
        """This document, or an error listing every problem met while reading it."""
        problems = self.settle()
        if problems:
            raise InputError(problems)
        return self


def read_text(path: Path, shown: str, *, real: str | None = None) -> str:
    """Read a user file as UTF-8 text, refusing what is not a small regular text file (``real``:
    as for :func:`read_bytes`)."""
    return decode(read_bytes(path, shown, real=real), shown)


def read_bytes(path: Path, shown: str, *, own: bool = False, real: str | None = None) -> bytes:
    """The bytes of a small regular file, or a located error (never blocks on a pipe, never
    follows a symbolic link out of the repository or working tree — unless the file is the
    tool's ``own``, the built-in catalog, wherever it is installed). ``real`` is the file's
    ``os.path.realpath`` when the caller already has it (see
    :func:`sourcing_cli.repo.left_through_link`)."""
    from sourcing_cli.repo import left_through_link

    left = None if own else left_through_link(path, real=real)
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
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                raise InputError.at(shown, 1, 1, "is not a regular file (a pipe or device?); "
                                                 "give a YAML file")
            # As much as the file holds, plus one byte to see it grow past the limit: never a
            # buffer of the limit's size for a file of a few hundred bytes.
            want = min(opened.st_size, MAX_BYTES) + 1
            data = _read_up_to(fd, want)
            if len(data) == want:  # it grew since: read on, up to one byte past the limit
                data += _read_up_to(fd, MAX_BYTES + 1 - want)
            return data
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError.at(shown, 1, 1, f"cannot read: {exc.strerror}") from None


def _read_up_to(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``, or fewer at its end (as a buffered file's ``read`` gives them,
    without making one: ``check`` reads thousands of small files)."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_pos(raw, exc.start)
        raise InputError.at(
            shown, line, col, "not UTF-8 text; save the file as UTF-8"
        ) from None
    return text


# What YAML allows in a file: tab, line breaks, and printable characters (YAML 1.2, 5.1) — written
# as the characters it refuses, the same set: the negated class took ~5 ms to compile at every start.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_REPORTED = 20  # control characters listed one by one; more are counted on the last line


def _printable(text: str, shown: str) -> str:
    """``text``, or an error at every control character in it (YAML allows none outside escapes)."""
    if text.isascii() and text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text  # the usual file, told in one quick pass: ASCII has nothing else to refuse
    found = list(itertools.islice(_NOT_PRINTABLE.finditer(text), MAX_REPORTED + 1))
    if not found:
        return text
    out = []
    for i, match in enumerate(found[:MAX_REPORTED]):
        before = text[:match.start()]
        line = len(re.findall(_LINE_BREAK, before)) + 1
        column = match.start() - max(before.rfind("\n"), before.rfind("\r"))
        more = " (and more after it)" if i == MAX_REPORTED - 1 and len(found) > MAX_REPORTED else ""
        out.append(Diagnostic(shown, line, column,
                              f"control character U+{ord(match.group()):04X} is not allowed in YAML; "
                              f"remove it, or write it as an escape in a double-quoted string{more}"))
    raise InputError(out)


_LINE_BREAK = "\r\n|\r|\n"  # compiled when first used (``re``'s own cache): only for an error


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _byte_pos(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def load_file(path: Path, shown: str | None = None, *, partial: bool = False) -> YamlDocument:
    """Read and parse one YAML file; ``shown`` is the path as messages should print it.

    Any problem raises :class:`InputError`, unless ``partial``: then only a problem that stops
    reading does, and the others are left on the document for :meth:`YamlDocument.settle`.
    """
    shown = shown if shown is not None else shown_path(path)
    return load_text(read_text(path, shown), shown, partial=partial)


def load_text(text: str, shown: str, *, partial: bool = False) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument` (see :func:`load_file` for ``partial``)."""
    doc, stopped = _read(_printable(text, shown), shown)
    if stopped is not None:
        raise InputError([*doc.settle(), stopped])
    return doc if partial else doc.check()


def _read(text: str, shown: str) -> tuple[YamlDocument, Diagnostic | None]:
    """The document and the problem that stopped reading it, if one did."""
    plain = read_lines(text) or _plain(text)
    if plain is not None:
        return YamlDocument(shown, *plain), None
    builder = EventBuilder(shown)
    try:
        _build(builder, text)
        return _document(builder), None
    except Stop as stop:
        return _document(builder), stop.diagnostic
    except yaml.YAMLError as exc:
        stopped = _syntax_error(exc, text, shown)
        # The parser reads ahead of the events it has handed out (a possible key, up to 1024
        # characters on its line), and a limit of its own there — libyaml's nesting depth — can
        # fire before ours have seen those events. Read again up to where it stopped: should one
        # of our limits fire on the way, that is the error to report.
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        index = getattr(mark, "index", None)
        if isinstance(index, int) and 0 < index <= len(text):
            again = EventBuilder(shown)
            try:
                _build(again, text[:index])
            except Stop as stop:  # only a limit: the cut text may well look empty, say
                if stop.limit and (stop.diagnostic.line, stop.diagnostic.column) <= (
                        stopped.line, stopped.column):
                    return _document(again), stop.diagnostic
            except yaml.YAMLError:
                pass
        return _document(builder), stopped


def _plain(text: str) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]] | None:
    """A plain document read in one quick pass, or ``None`` when it has anything
    :class:`EventBuilder` must see to (:func:`~sourcing_cli.yaml_events.plain_build`)."""
    loader = _Loader(text)
    try:
        return plain_build(iter(loader.get_event, None))
    except yaml.YAMLError:  # read again by the full builder, which reports it
        return None
    finally:
        loader.dispose()


def _build(builder: EventBuilder, text: str) -> None:
    """Feed the parser's events to ``builder``, as ``yaml.parse`` would give them but with no
    Python generator in between (``get_event`` returns ``None`` after the last event)."""
    loader = _Loader(text)
    try:
        builder.build(iter(loader.get_event, None))
    finally:
        loader.dispose()


def _document(builder: EventBuilder) -> YamlDocument:
    return YamlDocument(builder.shown, builder.data, builder.values, builder.keys,
                        builder.problems, builder.ambiguous)


def _syntax_error(exc: yaml.YAMLError, text: str, shown: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:  # reader errors; control characters are caught before the parser runs
        return Diagnostic(shown, 1, 1, f"invalid YAML: {_first_line(exc)}")
    line, col = mark.line + 1, mark.column + 1
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
    lines = text.splitlines()
    indent = lines[mark.line][:mark.column + 1] if mark.line < len(lines) else ""
    if "\t" in indent and not indent.strip(" \t"):
        problem = "a tab in the indentation; indent with spaces"
    return Diagnostic(shown, line, col, f"invalid YAML: {problem}")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
