"""Inline SVG charts for the decision brief, drawn without a plotting library.

Two primitives, each a pure function from plain rows to SVG text:

* :func:`stacked_bars` — one horizontal bar per row, split into segments (each criterion's
  contribution to a score, or the share of samples at each rank), with a value label inside every
  segment wide enough to hold one (haloed in the segment's colour, so the hatching does not run
  through it), a ``<title>`` on every segment and a legend;
* :func:`range_chart` — one line per row from a current value to the value where the outcome
  changes (a tornado-style chart of tipping points), with the outcome written at the end of the
  row.

Readable without colour: every fill pairs a colour with a lightness step and a hatching pattern of
its own, and values are written as text. Every string is escaped with
:func:`~sourcing_cli.render.escape.html`; a label too long for its column is shortened with a
visible "…" and keeps its full text in a ``<title>``. Coordinates are written with fixed decimals
and nothing depends on dict order or hashing, so the same rows give the same bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from sourcing_cli.records import record
from sourcing_cli.render.escape import html

WIDTH = 640  # the viewBox width; the page scales it to its column (180 mm on A4)
FONT_SIZE = 11
LABEL_WIDTH = 170
VALUE_WIDTH = 84
ROW_HEIGHT = 20
ROW_GAP = 8
PAD = 6
ELLIPSIS = "…"


def num(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """About how wide ``text`` is in a proportional sans-serif font: wide (East Asian) characters
    count as one em, combining marks as nothing, the rest as 0.6 em (generous, so that an estimate
    errs towards shortening)."""
    em = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        em += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    return em * size


def fit(text: str, width: float, size: float = FONT_SIZE) -> tuple[str, bool]:
    """``text`` shortened with a trailing "…" to fit ``width``, and whether it was shortened."""
    if text_width(text, size) <= width:
        return text, False
    kept = text
    while kept and text_width(kept + ELLIPSIS, size) > width:
        kept = kept[:-1]
    return kept.rstrip() + ELLIPSIS, True


def label(x: float, y: float, text: str, width: float, *, anchor: str = "start",
          cls: str = "", size: float = FONT_SIZE) -> str:
    """A ``<text>`` that fits ``width``: shortened visibly, with the full text in its ``<title>``."""
    shown, cut = fit(text, width, size)
    title = f"<title>{html(text)}</title>" if cut else ""
    attrs = f' class="{cls}"' if cls else ""
    size_attr = "" if size == FONT_SIZE else f' font-size="{num(size)}"'
    return (f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}"{size_attr}{attrs}>'
            f"{title}{html(shown)}</text>")


@record
class Fill:
    """How one series is painted: a colour, a hatching pattern (``""`` for none) and the colour
    of text written on it."""

    colour: str
    pattern: str
    ink: str


# Colours in alternating lightness (so neighbours differ in greyscale too), each with a pattern.
PALETTE: tuple[Fill, ...] = (
    Fill("#1f4e79", "", "#ffffff"),
    Fill("#f2b134", "diagonal", "#111111"),
    Fill("#2e7d4f", "dots", "#ffffff"),
    Fill("#a6cee3", "horizontal", "#111111"),
    Fill("#8c2d04", "cross", "#ffffff"),
    Fill("#fdd0a2", "vertical", "#111111"),
    Fill("#5e3c99", "back-diagonal", "#ffffff"),
    Fill("#c7e9c0", "grid", "#111111"),
    Fill("#525252", "dots", "#ffffff"),
    Fill("#f4a6c6", "diagonal", "#111111"),
)

_PATTERNS = {
    "diagonal": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2" stroke="{ink}" stroke-width="0.8"/>',
    "back-diagonal": '<path d="M-1 5l2 2M0 0l6 6M5 -1l2 2" stroke="{ink}" stroke-width="0.8"/>',
    "horizontal": '<path d="M0 3h6" stroke="{ink}" stroke-width="0.8"/>',
    "vertical": '<path d="M3 0v6" stroke="{ink}" stroke-width="0.8"/>',
    "cross": '<path d="M0 3h6M3 0v6" stroke="{ink}" stroke-width="0.7"/>',
    "grid": '<path d="M0 0h6M0 0v6" stroke="{ink}" stroke-width="0.7"/>',
    "dots": '<circle cx="3" cy="3" r="1" fill="{ink}"/>',
}


def palette_fill(index: int) -> Fill:
    """The fill of the ``index``-th series; past the palette, the colours come round again, each
    time with the next pattern, so no two of the first 80 series share both."""
    base = PALETTE[index % len(PALETTE)]
    rounds = index // len(PALETTE)
    if not rounds:
        return base
    options = ["", *sorted(_PATTERNS)]
    pattern = options[(options.index(base.pattern) + rounds) % len(options)]
    return Fill(base.colour, pattern, base.ink)


def grey_fills(count: int) -> list[Fill]:
    """``count`` fills from dark to light grey (first rank darkest), with white ink on the dark."""
    out = []
    for i in range(count):
        level = 40 + round(170 * i / max(1, count - 1)) if count > 1 else 40
        out.append(Fill(f"#{level:02x}{level:02x}{level:02x}", "", "#ffffff" if level < 128 else "#111111"))
    return out


def _defs(prefix: str, fills: Sequence[Fill]) -> tuple[str, list[str]]:
    """``<defs>`` with one pattern per patterned fill, and each fill's ``fill`` attribute value."""
    patterns, refs = [], []
    for i, f in enumerate(fills):
        if not f.pattern:
            refs.append(f.colour)
            continue
        pid = f"{prefix}-p{i}"
        ink = "#ffffff" if f.ink == "#ffffff" else "#000000"
        body = _PATTERNS[f.pattern].format(ink=ink)
        patterns.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                        f'<rect width="6" height="6" fill="{f.colour}"/>{body}</pattern>')
        refs.append(f"url(#{pid})")
    return (f"<defs>{''.join(patterns)}</defs>" if patterns else ""), refs


def _open(prefix: str, height: float, title: str, desc: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
            f'{num(height)}" width="100%" role="img" aria-labelledby="{prefix}-t {prefix}-d" '
            f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" '
            f'font-size="{FONT_SIZE}"><title id="{prefix}-t">{html(title)}</title>'
            f'<desc id="{prefix}-d">{html(desc)}</desc>')


@record
class Series:
    """One kind of segment: its name (legend, titles) and the unit its values are read in."""

    name: str


@record
class BarRow:
    """One bar: its label, a value per series (0 for none), the text at its end, and whether it is
    drawn emphasised (the recommendation)."""

    label: str
    values: tuple[float, ...]
    total: str
    strong: bool = False


def stacked_bars(
    prefix: str, rows: Sequence[BarRow], series: Sequence[Series], *, scale: float, title: str,
    desc: str, value_text: Sequence[Sequence[str]], fills: Sequence[Fill] | None = None,
    ticks: Sequence[float] = (), tick_suffix: str = "", legend: bool = True,
) -> str:
    """Horizontal stacked bars on one axis from 0 to ``scale``.

    ``value_text[r][s]`` is the label of row ``r``'s segment ``s`` (written inside it when it
    fits; always in its ``<title>``). ``prefix`` makes the chart's ids unique on the page.
    """
    fills = list(fills) if fills is not None else [palette_fill(i) for i in range(len(series))]
    defs, refs = _defs(prefix, fills)
    x0 = LABEL_WIDTH + PAD
    span = WIDTH - x0 - VALUE_WIDTH - PAD
    top = 16.0 if ticks else 4.0
    parts: list[str] = []
    for t in ticks:
        x = x0 + span * t / scale
        parts.append(f'<line x1="{num(x)}" y1="{num(top - 3)}" x2="{num(x)}" '
                     f'y2="{num(top + len(rows) * (ROW_HEIGHT + ROW_GAP))}" stroke="#cccccc" '
                     'stroke-width="0.6"/>')
        parts.append(f'<text x="{num(x)}" y="{num(top - 5)}" text-anchor="middle" font-size="9" '
                     f'fill="#444444">{num(t)}{html(tick_suffix)}</text>')
    for r, row in enumerate(rows):
        y = top + r * (ROW_HEIGHT + ROW_GAP)
        mid = y + ROW_HEIGHT / 2 + FONT_SIZE * 0.35
        weight = ' font-weight="bold"' if row.strong else ""
        shown, cut = fit(row.label, LABEL_WIDTH - PAD)
        full = f"<title>{html(row.label)}</title>" if cut else ""
        parts.append(f'<text x="{num(LABEL_WIDTH - PAD)}" y="{num(mid)}" text-anchor="end"{weight}>'
                     f"{full}{html(shown)}</text>")
        x = x0
        for s, value in enumerate(row.values):
            if value <= 0:
                continue
            w = span * value / scale
            text = value_text[r][s]
            parts.append(f'<g><title>{html(row.label)} — {html(series[s].name)}: {html(text)}'
                         f'</title><rect x="{num(x)}" y="{num(y)}" width="{num(w)}" '
                         f'height="{ROW_HEIGHT}" fill="{refs[s]}" stroke="#ffffff" '
                         f'stroke-width="1"/>')
            if text_width(text, 9) + 4 <= w:
                parts.append(f'<text x="{num(x + w / 2)}" y="{num(mid - 1)}" text-anchor="middle" '
                             f'font-size="9" fill="{fills[s].ink}" stroke="{fills[s].colour}" '
                             f'stroke-width="3" paint-order="stroke">{html(text)}</text>')
            parts.append("</g>")
            x += w
        parts.append(f'<text x="{num(x + PAD)}" y="{num(mid)}"{weight}>{html(row.total)}</text>')
    height = top + len(rows) * (ROW_HEIGHT + ROW_GAP)
    if legend:
        block, used = _legend(series, refs, height + 4)
        parts.append(block)
        height += 4 + used
    return _open(prefix, height, title, desc) + defs + "".join(parts) + "</svg>"


def _legend(series: Sequence[Series], refs: Sequence[str], top: float) -> tuple[str, float]:
    """Swatches with names, in columns as wide as the longest name needs (at most four, at least
    one name's worth of room: a longer name is shortened with its full text in a title)."""
    widest = max((text_width(s.name) for s in series), default=0.0) + 22
    columns = max(1, min(4, int(WIDTH // max(widest, 1.0)), len(series)))
    col_width = WIDTH / columns
    parts = []
    for i, s in enumerate(series):
        x = (i % columns) * col_width
        y = top + (i // columns) * 16
        parts.append(f'<rect x="{num(x)}" y="{num(y)}" width="14" height="11" fill="{refs[i]}" '
                     'stroke="#333333" stroke-width="0.5"/>')
        parts.append(label(x + 18, y + 9.5, s.name, col_width - 24))
    rows = (len(series) + columns - 1) // columns
    return f'<g class="legend">{"".join(parts)}</g>', rows * 16


@record
class RangeRow:
    """One row of a range chart, positions as fractions 0..1 of its axis: where the value is now,
    where the outcome changes (``None``: nowhere on the axis) and what happens there."""

    label: str
    current: float
    current_text: str
    flips: float | None
    flips_text: str
    outcome: str
    ticks: tuple[tuple[float, str], ...] = ()  # the row's own axis labels (fraction, text)


RANGE_LABEL = 150
RANGE_OUTCOME = 190


def range_chart(
    prefix: str, rows: Sequence[RangeRow], *, title: str, desc: str,
    ticks: Sequence[tuple[float, str]] = (), now: str = "now",
    flips: str = "where the recommendation changes",
) -> str:
    """Each row: a dot at the current value, a diamond where the outcome changes, a band between
    them, the values written beside the marks and the outcome at the end of the row. ``ticks``
    label a shared axis at the top; a row's own ``ticks`` are written under its line (and a mark
    on a tick is not labelled twice). A legend names the two marks (``now``, ``flips``)."""
    x0 = RANGE_LABEL + PAD
    span = WIDTH - x0 - RANGE_OUTCOME - 2 * PAD
    own = any(r.ticks for r in rows)
    row_h = 34.0 if own else 24.0
    top = 16.0 if ticks else 6.0
    parts: list[str] = []
    parts += _grid(ticks, x0, span, top, top + len(rows) * row_h)
    for r, row in enumerate(rows):
        y = top + r * row_h + 10
        parts.append(label(RANGE_LABEL - PAD, y + 4, row.label, RANGE_LABEL - 2 * PAD, anchor="end"))
        parts.append(f'<line x1="{num(x0)}" y1="{num(y)}" x2="{num(x0 + span)}" y2="{num(y)}" '
                     'stroke="#888888" stroke-width="1"/>')
        room = span / max(1, len(row.ticks) - 1) - 4
        for frac, text in row.ticks:
            x = x0 + span * frac
            parts.append(f'<line x1="{num(x)}" y1="{num(y - 3)}" x2="{num(x)}" y2="{num(y + 3)}" '
                         'stroke="#888888" stroke-width="1"/>')
            anchor = "start" if frac <= 0 else "end" if frac >= 1 else "middle"
            parts.append(label(x, y + 14, text, min(room, 90), anchor=anchor, size=8))
        marked = {frac for frac, _ in row.ticks}
        cx = x0 + span * row.current
        if row.flips is not None:
            fx = x0 + span * row.flips
            lo, hi = min(cx, fx), max(cx, fx)
            parts.append(f'<rect x="{num(lo)}" y="{num(y - 4)}" width="{num(max(hi - lo, 1))}" '
                         'height="8" fill="#c4c4c4"/>')
            parts.append(f'<path d="M{num(fx)} {num(y - 6)}l6 6l-6 6l-6 -6z" fill="#ffffff" '
                         'stroke="#111111" stroke-width="1.5">'
                         f"<title>changes at {html(row.flips_text)}</title></path>")
            anchor = "start" if fx >= cx else "end"
            dx = 8 if fx >= cx else -8
            if row.flips not in marked:
                parts.append(label(fx + dx, y - 6, row.flips_text, 110, anchor=anchor, size=9))
        parts.append(f'<circle cx="{num(cx)}" cy="{num(y)}" r="4.5" fill="#111111">'
                     f"<title>now {html(row.current_text)}</title></circle>")
        right = row.flips is None or row.flips < row.current
        if row.current not in marked:
                parts.append(label(cx + (8 if right else -8), y - 6, row.current_text, 110,
                               anchor="start" if right else "end", size=9, cls="now"))
        parts.append(label(WIDTH - RANGE_OUTCOME, y + 4, row.outcome, RANGE_OUTCOME - PAD))
    y = top + len(rows) * row_h + 8
    parts.append(f'<g class="legend"><circle cx="6" cy="{num(y)}" r="4.5" fill="#111111"/>'
                 f'<text x="16" y="{num(y + 4)}">{html(now)}</text>'
                 f'<path d="M150 {num(y - 6)}l6 6l-6 6l-6 -6z" fill="#ffffff" stroke="#111111" '
                 f'stroke-width="1.5"/><text x="162" y="{num(y + 4)}">{html(flips)}</text></g>')
    return _open(prefix, y + 10, title, desc) + "".join(parts) + "</svg>"


# Markers told apart by shape and fill (never by colour alone): filled and hollow of each shape.
MARKERS: tuple[tuple[str, bool], ...] = (
    ("circle", True), ("square", False), ("triangle", True), ("diamond", False),
    ("circle", False), ("square", True), ("triangle", False), ("diamond", True),
)


HOLLOW_CIRCLE = 4  # the index of the hollow circle in MARKERS


def marker(x: float, y: float, index: int, size: float = 4.0) -> str:
    """The ``index``-th series' marker centred on (x, y): a circle, square, triangle or diamond,
    filled or hollow (past eight series the markers come round again)."""
    shape, filled = MARKERS[index % len(MARKERS)]
    paint = (f'fill="{"#111111" if filled else "#ffffff"}" stroke="#111111" '
             'stroke-width="1.2"')
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(size)}" {paint}/>'
    if shape == "square":
        s = size * 0.9
        return (f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" '
                f'height="{num(2 * s)}" {paint}/>')
    if shape == "triangle":
        s = size * 1.1
        return (f'<path d="M{num(x)} {num(y - s)}L{num(x + s)} {num(y + s * 0.8)}'
                f'L{num(x - s)} {num(y + s * 0.8)}z" {paint}/>')
    s = size * 1.2
    return (f'<path d="M{num(x)} {num(y - s)}L{num(x + s)} {num(y)}L{num(x)} {num(y + s)}'
            f'L{num(x - s)} {num(y)}z" {paint}/>')


@record
class DotRow:
    """One row of a strip chart, positions as fractions 0..1 of the axis: a mark per series (in
    its own lane, so equal values never hide each other) and a reference drawn across the row."""

    label: str
    marks: tuple[float, ...]
    marks_text: tuple[str, ...]
    reference: float
    reference_text: str


STRIP_LABEL = 150
STRIP_VALUE = 64
MAX_LANES = 12  # more series than this share a few lanes, as like marks (the page tables them)
SHARED_LANES = 3


def strip_chart(
    prefix: str, rows: Sequence[DotRow], series: Sequence[str], *, reference: str, title: str,
    desc: str, ticks: Sequence[tuple[float, str]] = (), crowd: str = "each of them",
) -> str:
    """Each row: one lane per series with that series' marker at its value, and the reference
    (e.g. the group's value) as a bar across all lanes, its value written at the end of the row.
    Every mark has a ``<title>`` with its series, row and value; a legend names the markers.

    With more than :data:`MAX_LANES` series the chart would grow taller than a page: the series
    then share :data:`SHARED_LANES` lanes (series *i* in lane *i* mod 3) as like hollow circles,
    the legend naming them ``crowd`` — the spread still shows, and each mark keeps its title."""
    x0 = STRIP_LABEL + PAD
    span = WIDTH - x0 - STRIP_VALUE - 2 * PAD
    crowded = len(series) > MAX_LANES
    lanes = SHARED_LANES if crowded else max(1, len(series))
    lane = max(5.0, min(11.0, 120 / lanes))
    size = min(4.0, lane / 2 - 0.5)
    row_h = lanes * lane + 8
    top = 16.0 if ticks else 4.0
    parts: list[str] = []
    for r in range(0, len(rows), 2):  # every other row shaded, so a lane reads across
        parts.append(f'<rect x="0" y="{num(top + r * row_h)}" width="{WIDTH}" '
                     f'height="{num(row_h)}" fill="#f2f2f2"/>')
    parts += _grid(ticks, x0, span, top, top + len(rows) * row_h)
    for r, row in enumerate(rows):
        y = top + r * row_h
        mid = y + row_h / 2
        parts.append(label(STRIP_LABEL - PAD, mid + FONT_SIZE * 0.35, row.label,
                           STRIP_LABEL - 2 * PAD, anchor="end"))
        gx = x0 + span * row.reference
        parts.append(f'<g><title>{html(reference)} — {html(row.label)}: '
                     f'{html(row.reference_text)}</title><rect x="{num(gx - 1.5)}" '
                     f'y="{num(y + 2)}" width="3" height="{num(row_h - 4)}" fill="#111111"/></g>')
        for s, (value, text) in enumerate(zip(row.marks, row.marks_text, strict=True)):
            cy = y + 4 + lane * (s % lanes) + lane / 2
            cx = x0 + span * value
            shape = marker(cx, cy, HOLLOW_CIRCLE if crowded else s, size)
            parts.append(f"<g><title>{html(series[s])} — {html(row.label)}: {html(text)}</title>"
                         f"{shape}</g>")
        parts.append(f'<text x="{num(WIDTH - STRIP_VALUE)}" y="{num(mid + FONT_SIZE * 0.35)}" '
                     f'font-weight="bold">{html(row.reference_text)}</text>')
    height = top + len(rows) * row_h + 6
    block, used = _marker_legend([crowd] if crowded else series, reference, height,
                                 HOLLOW_CIRCLE if crowded else None)
    return _open(prefix, height + used, title, desc) + "".join(parts) + block + "</svg>"


def _marker_legend(
    series: Sequence[str], reference: str, top: float, only: int | None = None,
) -> tuple[str, float]:
    """The reference's bar and each series' marker with its name, in lane order, in columns
    (``only``: every series drawn with that one marker)."""
    names = [reference, *series]
    widest = max(text_width(n) for n in names) + 22
    columns = max(1, min(4, int(WIDTH // max(widest, 1.0)), len(names)))
    col_width = WIDTH / columns
    parts = []
    for i, name in enumerate(names):
        x = (i % columns) * col_width
        y = top + (i // columns) * 16
        if i == 0:
            parts.append(f'<rect x="{num(x + 5.5)}" y="{num(y)}" width="3" height="12" '
                         'fill="#111111"/>')
        else:
            parts.append(marker(x + 7, y + 6, i - 1 if only is None else only))
        parts.append(label(x + 18, y + 10, name, col_width - 24))
    rows = (len(names) + columns - 1) // columns
    return f'<g class="legend">{"".join(parts)}</g>', rows * 16 + 2


def _grid(ticks: Sequence[tuple[float, str]], x0: float, span: float, top: float,
          bottom: float) -> list[str]:
    """A vertical grid line from ``top`` to ``bottom`` at each tick (a fraction of ``span`` from
    ``x0``), its label above it."""
    parts = []
    for frac, text in ticks:
        x = x0 + span * frac
        parts.append(f'<line x1="{num(x)}" y1="{num(top - 3)}" x2="{num(x)}" '
                     f'y2="{num(bottom)}" stroke="#cccccc" stroke-width="0.6"/>')
        parts.append(f'<text x="{num(x)}" y="{num(top - 5)}" text-anchor="middle" font-size="9" '
                     f'fill="#444444">{html(text)}</text>')
    return parts
