"""Layouts that fit the width they are given: nothing is cut, a narrower layout is chosen instead.

Rich shortens a table that is wider than the terminal by cutting cells to ``…``, which silently
drops ratings, scores and whole columns. :class:`FirstThatFits` holds the same content in several
layouts, widest first, and at render time shows the first one whose natural width fits; the last
one is the fallback for widths below every layout (it must wrap, never cut). The choice is made by
Rich's own measurement, so the same width always gives the same layout. :class:`Legend` explains
short labels in as many lines as the width needs, never splitting an entry that fits on a line.
"""

from __future__ import annotations

import copy
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


def fitted_widths(console: Console, options: ConsoleOptions, table: Table) -> list[int] | None:
    """The width of each column (padding included) that Rich gives ``table`` printed at
    ``options.max_width``: when it fits there whole, each column as wide as its widest line — the
    cells measured as Rich measures them (the text as Rich reads it, each cell's own padding,
    the column's ``min_width`` and ``max_width``), without a renderable and a measurement per
    cell; and when it does not fit, and one column only may wrap, that column narrowed by what is
    too much, as Rich narrows it. ``None`` for any other table too wide (Rich then shares out the
    narrowing) or one this does not know to measure exactly: a cell that is not text, a footer,
    a fixed or expanding table, a column with a width or ratio of its own."""
    if (table.show_footer or table.expand or table.width is not None
            or table.min_width is not None or not table.columns):
        return None
    if any(c.width is not None or c.ratio is not None for c in table.columns):
        return None
    _, right, _, left = table.padding
    # collapsed padding (a grid's): a column after the first is padded on the left only by what
    # its left padding has beyond the right padding of the column before it
    inner_left = max(0, left - right) if table.collapse_padding else left
    widths = []
    for index, column in enumerate(table.columns):
        edge_left = (0 if not table.pad_edge else left) if index == 0 else inner_left
        edge_right = 0 if not table.pad_edge and index == len(table.columns) - 1 else right
        cells = ([column.header] if table.show_header else []) + list(column.cells)
        if not cells:  # Rich makes a column with no cell as wide as the table may be
            return None
        widest = 0
        for cell in cells:
            if type(cell) is str:
                plain = console.render_str(cell, markup=options.markup, highlight=False).plain
            elif type(cell) is Text:
                plain = cell.plain
            else:
                return None
            lines = plain.splitlines()  # Rich's own measure of a text
            width = max(cell_len(line) for line in lines) if lines else 0
            widest = max(widest, width + edge_left + edge_right)
        padding = table._get_padding_width(index)
        if column.min_width is not None:
            widest = max(widest, column.min_width + padding)
        if column.max_width is not None:
            widest = min(widest, column.max_width + padding)
        widths.append(widest or 1)
    excess = sum(widths) + table._extra_width - options.max_width
    if excess > 0:  # too wide: Rich narrows the columns that may wrap, the widest first
        wrapping = [i for i, column in enumerate(table.columns) if not column.no_wrap]
        if len(wrapping) != 1:
            return None
        # One such column gives up the whole excess, if it keeps a width of at least 1 and its
        # own minimum: Rich then measures it again at that width, which is where it stays.
        index = wrapping[0]
        column = table.columns[index]
        narrowest = 1 if column.min_width is None else (
            column.min_width + table._get_padding_width(index))
        if column.max_width is not None or widths[index] - excess < max(1, narrowest):
            return None
        widths[index] -= excess
    return widths


def _with_widths(console: Console, options: ConsoleOptions,
                 renderable: RenderableType) -> RenderableType:
    """``renderable`` as it prints at ``options``' width, its tables given their columns' widths
    (:func:`fitted_widths`) so that Rich does not measure every cell again: a copy where a table
    fits, the renderable itself elsewhere."""
    if isinstance(renderable, Group):
        parts = [_with_widths(console, options, r) for r in renderable.renderables]
        if all(a is b for a, b in zip(parts, renderable.renderables, strict=True)):
            return renderable
        return Group(*parts, fit=renderable.fit)
    if type(renderable) is not Table:
        return renderable
    try:
        widths = fitted_widths(console, options, renderable)
    except AttributeError:  # pragma: no cover - a Rich release without these attributes
        return renderable
    if widths is None:
        return renderable
    fixed = copy.copy(renderable)
    fixed.columns = [copy.copy(column) for column in renderable.columns]
    for index, (column, width) in enumerate(zip(fixed.columns, widths, strict=True)):
        # Rich adds its padding width to a fixed width: this is the same column width
        column.width = width - renderable._get_padding_width(index)
    return fixed


class FirstThatFits:
    """The first layout whose natural width fits the available width, else the last one.

    A layout may be given as a function that builds it: it is then built only when an earlier one
    does not fit, and once. The choice for a width is remembered (Rich measures, then renders).
    A layout that fits prints with its tables' column widths handed to Rich
    (:func:`fitted_widths`): the same output, without Rich measuring every cell a second time.
    """

    def __init__(self, layouts: Sequence[Layout]) -> None:
        if not layouts:
            raise ValueError("FirstThatFits needs at least one layout")
        self._layouts: list[Layout] = list(layouts)
        self._chosen: dict[int, RenderableType] = {}
        self._printed: dict[int, RenderableType] = {}

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
        chosen = self.choose(console, options)
        if chosen is self.layout(len(self._layouts) - 1):  # the fallback: Rich lays it out
            yield chosen
            return
        width = options.max_width
        if width not in self._printed:
            self._printed[width] = _with_widths(console, options, chosen)
        yield self._printed[width]

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
