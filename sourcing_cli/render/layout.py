"""Layouts that fit the width they are given: nothing is cut, a narrower layout is chosen instead.

Rich shortens a table that is wider than the terminal by cutting cells to ``…``, which silently
drops ratings, scores and whole columns. :class:`FirstThatFits` holds the same content in several
layouts, widest first, and at render time shows the first one whose natural width fits; the last
one is the fallback for widths below every layout (it must wrap, never cut). The choice is made by
Rich's own measurement, so the same width always gives the same layout. :class:`Legend` explains
short labels in as many lines as the width needs, never splitting an entry that fits on a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

UNBOUNDED = 100_000  # a width no layout reaches: measure a renderable at its natural size


def natural_width(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The narrowest width at which ``renderable`` shows every cell whole: a column that may wrap
    counts at its longest word, one that may not (``no_wrap``) at its longest line — which Rich's
    own table measurement does not do."""
    wide = options.update_width(UNBOUNDED)
    if isinstance(renderable, Table):
        try:  # Rich's per-column padding; were it ever renamed, its table measurement
            widths = [_column_width(console, wide, renderable, i, column)
                      for i, column in enumerate(renderable.columns)]
            extra = renderable._extra_width
        except AttributeError:  # pragma: no cover - a Rich release without these helpers
            return Measurement.get(console, wide, renderable).maximum
        return max(sum(widths) + extra, renderable.min_width or 0)
    if isinstance(renderable, Group):
        return max((natural_width(console, options, r) for r in renderable.renderables), default=0)
    if isinstance(renderable, Padding):
        inner = natural_width(console, options, renderable.renderable)
        return inner + renderable.left + renderable.right
    if isinstance(renderable, FirstThatFits):  # as narrow as its narrowest layout
        return min(natural_width(console, options, r) for r in renderable.layouts)
    return Measurement.get(console, wide, renderable).minimum


def _column_width(
    console: Console, options: ConsoleOptions, table: Table, index: int, column: Column
) -> int:
    """A column's narrowest whole width, padding included. Plain-text cells (all of ours) are
    measured here directly, several times faster than Rich's general cell measurement."""
    padding = table._get_padding_width(index)
    if column.width is not None:
        return column.width + padding
    cells = [*([column.header] if table.show_header else []), *column.cells,
             *([column.footer] if table.show_footer else [])]
    if not all(isinstance(c, str | Text) for c in cells):
        measured = table._measure_column(console, options, column)
        return measured.maximum if column.no_wrap else measured.minimum
    width = 1
    for cell in cells:
        for line in (cell.plain if isinstance(cell, Text) else str(cell)).split("\n"):
            parts = [line] if column.no_wrap else line.split()
            width = max(width, *(cell_len(p) for p in parts)) if parts else width
    if column.min_width is not None:
        width = max(width, column.min_width)
    if column.max_width is not None:
        width = min(width, column.max_width)
    return width + padding


Layout = RenderableType | Callable[[], RenderableType]


class FirstThatFits:
    """The first layout whose natural width fits the available width, else the last one.

    A layout may be given as a function that builds it: it is then built only when an earlier one
    does not fit, and once. The choice for a width is remembered (Rich measures, then renders).
    """

    def __init__(self, layouts: Sequence[Layout]) -> None:
        if not layouts:
            raise ValueError("FirstThatFits needs at least one layout")
        self._layouts: list[Layout] = list(layouts)
        self._chosen: dict[int, RenderableType] = {}

    def layout(self, index: int) -> RenderableType:
        item = self._layouts[index]
        if callable(item) and not hasattr(item, "__rich_console__"):
            item = self._layouts[index] = item()
        return item

    @property
    def layouts(self) -> list[RenderableType]:
        return [self.layout(i) for i in range(len(self._layouts))]

    def choose(self, console: Console, options: ConsoleOptions) -> RenderableType:
        width = options.max_width
        if width not in self._chosen:
            last = len(self._layouts) - 1
            self._chosen[width] = next(
                (self.layout(i) for i in range(last)
                 if natural_width(console, options, self.layout(i)) <= width),
                self.layout(last))
        return self._chosen[width]

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


class Bullets:
    """``•`` items whose wrapped lines stay indented under their first word (a hanging indent),
    wrapped to the width given; a word longer than a line is folded, never cut."""

    def __init__(self, items: Sequence[Text], indent: int = 2, bullet: str = "•") -> None:
        self.items = tuple(items)
        self.prefix = " " * indent + bullet + " "

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(1, options.max_width - cell_len(self.prefix))
        hanging = " " * cell_len(self.prefix)
        for item in self.items:
            plain = item.plain
            if (cell_len(plain) <= room and "\n" not in plain and "\t" not in plain
                    and item.justify in (None, "default")):
                lines: Iterable[Text] = (item,)  # what wrap() gives a line that fits (thousands
                # of workstreams are one such line each)
            else:
                lines = item.wrap(console, room, overflow="fold")
            for i, line in enumerate(lines):
                yield Text(self.prefix if i == 0 else hanging) + line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        extra = cell_len(self.prefix)
        words = [cell_len(w) for item in self.items for w in item.plain.split()]
        lines = [cell_len(line) for item in self.items for line in item.plain.split("\n")]
        return Measurement(extra + max(words, default=0), extra + max(lines, default=0)) \
            .with_maximum(options.max_width)
