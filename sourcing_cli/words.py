"""Small helpers for sentences people read: counts with the right plural, lists joined with "and".

Plain functions of their arguments, importing nothing, so any command can use them without
loading the report machinery.
"""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 answer``, ``3 answers``, ``1,000 answers`` (``many`` for irregular plurals)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def days(count: int) -> str:
    """``1 day``, ``30 days`` — a policy's limit as it wrote it (no thousands separator)."""
    return "1 day" if count == 1 else f"{count} days"


def threshold(value: float) -> str:
    """A threshold as written in a policy: 10, not 10.0; 7.5 as 7.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def percent(part: int, whole: int) -> str:
    """A share as people read it, never rounding a strict minority or majority to 0% or 100%."""
    if part == whole:
        return "100%"
    text = f"{100 * part / whole:.1f}%"
    if text == "0.0%" and part:
        return "less than 0.1%"
    return "more than 99.9%" if text == "100.0%" else text
