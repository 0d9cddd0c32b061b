"""Layouts that fit the width they are given: nothing is cut, a narrower layout is chosen instead.

Rich shortens a table that is wider than the terminal by cutting cells to ``…``, which silently
drops ratings, scores and whole columns. :class:`FirstThatFits` holds the same content in several
layouts, widest first, and at render time shows the first one whose natural width fits; the last
one is the fallback for widths below every layout (it must wrap, never cut). The choice is made by
Rich's own measurement, so the same width always gives the same layout. :class:`Legend` explains
short labels in as many lines as the width needs, never splitting an entry that fits on a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

UNBOUNDED = 100_000  # a width no layout reaches: measure a renderable at its natural size


def natural_width(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The narrowest width at which ``renderable`` shows every cell whole: a column that may wrap
    counts at its longest word, one that may not (``no_wrap``) at its longest line — which Rich's
    own table measurement does not do."""
    wide = options.update_width(UNBOUNDED)
    if isinstance(renderable, Table):
        try:  # Rich's own per-column measurement; were it ever renamed, its table measurement
            widths = [(m.maximum if column.no_wrap else m.minimum)
                      for column in renderable.columns
                      for m in [renderable._measure_column(console, wide, column)]]
            extra = renderable._extra_width
        except AttributeError:  # pragma: no cover - a Rich release without these helpers
            return Measurement.get(console, wide, renderable).maximum
        return max(sum(widths) + extra, renderable.min_width or 0)
    if isinstance(renderable, Group):
        return max((natural_width(console, options, r) for r in renderable.renderables), default=0)
    if isinstance(renderable, Padding):
        inner = natural_width(console, options, renderable.renderable)
        return inner + renderable.left + renderable.right
    if isinstance(renderable, FirstThatFits):
        return min(natural_width(console, options, r) for r in renderable.layouts)
    return Measurement.get(console, wide, renderable).minimum


class FirstThatFits:
    """The first layout whose natural width fits the available width, else the last one."""

    def __init__(self, layouts: Sequence[RenderableType]) -> None:
        if not layouts:
            raise ValueError("FirstThatFits needs at least one layout")
        self.layouts = tuple(layouts)

    def choose(self, console: Console, options: ConsoleOptions) -> RenderableType:
        for layout in self.layouts[:-1]:
            if natural_width(console, options, layout) <= options.max_width:
                return layout
        return self.layouts[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.choose(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.choose(console, options))


class Legend:
    """Entries such as ``Sync = Collaboration`` joined by `` · `` and packed into lines as wide as
    the output, an entry never split unless it is wider than a whole line (then it wraps)."""

    def __init__(self, entries: Sequence[str], style: str = "dim", separator: str = " · ") -> None:
        self.entries = tuple(entries)
        self.style = style
        self.separator = separator

    def lines(self, width: int) -> list[str]:
        out: list[str] = []
        for entry in self.entries:
            if out and cell_len(out[-1] + self.separator + entry) <= width:
                out[-1] += self.separator + entry
            else:
                out.append(entry)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(e) for e in self.entries), default=0)
        whole = cell_len(self.separator.join(self.entries))
        return Measurement(min(widest, options.max_width), min(whole, options.max_width))
