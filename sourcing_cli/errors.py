"""Input errors and the located diagnostics they carry.

Every problem with something a user wrote (a profile, a policy, a catalog file) becomes a
:class:`Diagnostic` with a path, a 1-based line and column, and a one-line message. Code that finds
problems collects them and raises one :class:`InputError` per file, so the user sees every error of a
file at once. The CLI catches :class:`InputError` in one place and maps it to exit code 2.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem: ``path:line:col: severity: message``."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def render(self) -> str:
        return (f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: "
                f"{printable(self.message)}")


MAX_MESSAGE = 1000  # characters of a message printed; a longer one keeps its two ends

# C0 and C1 controls, DEL, and the bidirectional overrides that can disguise a line on a terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` safe to print as one terminal line: control characters (and lone surrogates)
    escaped as ``\\xNN``/``\\uNNNN``, and the middle of an over-long text cut out."""
    text = _UNPRINTABLE.sub(_escape, text)
    if len(text) > limit:
        keep = (limit - 3) // 2
        text = f"{text[:keep]} … {text[-keep:]}"
    return text


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNDECODED = re.compile("[\udc80-\udcff]")


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file name as messages and reports show it. Python keeps the bytes of a name that are not
    UTF-8 as lone surrogates, which no output can encode; each is shown as ``\\xNN`` instead."""
    return _UNDECODED.sub(_escape, os.fspath(path))


class InputError(Exception):
    """Something the user wrote is not acceptable; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))

    @classmethod
    def at(cls, path: str, line: int, column: int, message: str) -> InputError:
        return cls([Diagnostic(path, line, column, message)])


class UsageError(Exception):
    """A command was called in a way it cannot serve (exit 2, no position to report)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix for the closest candidate, or an empty string."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(values: Iterable[str]) -> str:
    """``a, b or c`` for messages."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


QUOTE_MAX = 40  # characters of a user's key or value a message echoes


def quoted(value: object) -> str:
    """A key or value from a user's file as a message echoes it: in quotes, control characters
    escaped, and only its first :data:`QUOTE_MAX` characters — with its length — when longer.

    A message may end up in a CI log: a file that is not what it claims to be (a secret behind a
    link, a key pasted by mistake) must never be printed whole through it.
    """
    text = str(value)
    if len(text) > QUOTE_MAX:
        return f"'{printable(text[:QUOTE_MAX])}…' ({len(text):,} characters)"
    return f"'{printable(text)}'"


def show(value: Any) -> str:
    """A value as messages quote it: text as :func:`quoted`, YAML's words for booleans and
    nothing."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)
