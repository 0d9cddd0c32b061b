"""Input errors and the located diagnostics they carry.

Every problem with something a user wrote (a profile, a policy, a catalog file) becomes a
:class:`Diagnostic` with a path, a 1-based line and column, and a one-line message. Code that finds
problems collects them and raises one :class:`InputError` per file, so the user sees every error of a
file at once. The CLI catches :class:`InputError` in one place and maps it to exit code 2.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sourcing_cli.records import record


@record(order=True)
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
# Compiled when first used (``re``'s own cache), as the patterns below: a run with nothing to
# report needs none of them.
_UNPRINTABLE = r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def printable(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` safe to print as one terminal line: control characters (and lone surrogates)
    escaped as ``\\xNN``/``\\uNNNN``, and the middle of an over-long text cut out."""
    text = re.sub(_UNPRINTABLE, _escape, text)
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


MAX_SUGGESTIONS = 4  # a word that fits more names than this suggests none of them


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix naming the valid names ``word`` most likely stands for.

    Whole words come first, spelling second: ``offshore`` is the start of
    ``offshore_outsourcing`` and only a word inside ``captive_offshore``, so it suggests the
    former, though by letters alone it is closer to the latter. A word that fits several names
    equally well lists them (``outsourcing`` → the three outsourcing models), and one that fits
    too many suggests nothing: a wrong suggestion is worse than none, above all in a policy.
    """
    found = suggestions(word, candidates)
    if not found:
        return ""
    if len(found) == 1:
        return f"; did you mean '{found[0]}'?"
    return f"; did you mean one of {one_of([repr_name(f) for f in found])}?"


def repr_name(name: str) -> str:
    return f"'{name}'"


def suggestions(word: str, candidates: Iterable[str]) -> list[str]:
    """The names ``word`` most likely stands for, best tier first (see :func:`did_you_mean`)."""
    return list(_suggestions(word, tuple(sorted({c for c in candidates if c != word}))))


# The same slip is often made in many files (a key copied from one profile to the next): ``check``
# weighs the names once per slip, not once per file.
@functools.lru_cache(maxsize=256)
def _suggestions(word: str, pool: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_weighed(word, pool))


def _weighed(word: str, pool: tuple[str, ...]) -> list[str]:
    wanted = _squash(word)
    if not pool or not wanted:
        return []
    parts = _tokens(word)

    def whole(c: str) -> float:
        return _ratio(_squash(c), wanted)

    tiers: tuple[tuple[Callable[[str], float], float], ...] = (
        # the same name written another way: case, separators (In-House, inhouse → in_house)
        (lambda c: float(_squash(c) == wanted), 1.0),
        # the start of a name, by whole words, then by letters (offshore, ip, offsh…)
        (lambda c: float(_tokens(c)[:len(parts)] == parts), 1.0),
        (lambda c: float(len(wanted) >= 2 and _squash(c).startswith(wanted)), 1.0),
        # a misspelling of the whole name (nearshore_outsorcing)
        (whole, 0.85),
        # the name's words, in any order (follow_sun → follow_the_sun, outsourcing)
        (lambda c: float(set(parts) <= set(_tokens(c))), 1.0),
        # the start of a name, misspelt (ofshore → offshore_outsourcing)
        (lambda c: _ratio("".join(_tokens(c)[:len(parts)]), wanted), 0.8),
        # a misspelt word of the name (berln → Europe/Berlin)
        (lambda c: max(_ratio(t, wanted) for t in _tokens(c) or [""]), 0.8),
        # anything close by letters alone
        (whole, 0.6),
    )
    for score, cutoff in tiers:
        scored = {c: score(c) for c in pool}
        found = [c for c in pool if scored[c] >= cutoff]
        if found:
            top = max(scored[c] for c in found)
            found = [c for c in found if scored[c] >= top - 0.05]
            return found if len(found) <= MAX_SUGGESTIONS else []
    return []


_SEPARATORS = r"[\s_\-./]+"


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(_SEPARATORS, name.casefold()) if t]


def _squash(name: str) -> str:
    return "".join(_tokens(name))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


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


def dotted(loc: Sequence[str | int]) -> str:
    """A place in a file as messages name it: ``workstreams[2].answers``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
