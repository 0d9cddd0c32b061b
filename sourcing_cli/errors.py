"""Input errors and the located diagnostics they carry.

Every problem with something a user wrote (a profile, a policy, a catalog file) becomes a
:class:`Diagnostic` with a path, a 1-based line and column, and a one-line message. Code that finds
problems collects them and raises one :class:`InputError` per file, so the user sees every error of a
file at once. The CLI catches :class:`InputError` in one place and maps it to exit code 2.
"""

from __future__ import annotations

import difflib
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
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


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


def show(value: Any) -> str:
    """A value as messages quote it: text in quotes, YAML's words for booleans and nothing."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)
