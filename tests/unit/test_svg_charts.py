"""The chart primitives of the decision brief: geometry, labels, escaping and determinism."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcing_cli.render import svg_charts as charts
from sourcing_cli.render.svg_charts import BarRow, RangeRow, Series

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"q\" \u202e\x1b]0;t\x07 R&D"


def bars(rows: list[BarRow], names: list[str], **kw: object) -> str:
    texts = [[f"{v:g}" for v in r.values] for r in rows]
    return charts.stacked_bars("t", rows, [Series(n) for n in names], scale=100,
                               title="T", desc="D", value_text=texts, **kw)  # type: ignore[arg-type]


def segments(svg: str) -> list[ET.Element]:
    """The bar segments: the rects inside a <g> with a <title>."""
    root = ET.fromstring(svg)
    return [g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g")  # type: ignore[misc]
            if g.find(f"{SVG}title") is not None and g.find(f"{SVG}rect") is not None]


def test_segments_are_as_long_as_their_values_and_follow_each_other() -> None:
    svg = bars([BarRow("A", (10.0, 30.0, 0.0, 20.0), "60"), BarRow("B", (50.0, 0.0, 0.0, 0.0), "50")],
               ["w", "x", "y", "z"])
    rects = segments(svg)
    assert len(rects) == 4  # no segment for a zero
    widths = [float(r.get("width", "")) for r in rects]
    span = charts.WIDTH - charts.LABEL_WIDTH - charts.PAD - charts.VALUE_WIDTH - charts.PAD
    assert widths == pytest.approx([span * 0.1, span * 0.3, span * 0.2, span * 0.5], abs=0.01)
    xs = [float(r.get("x", "")) for r in rects[:3]]
    assert xs[1] == pytest.approx(xs[0] + widths[0], abs=0.01)
    assert xs[2] == pytest.approx(xs[1] + widths[1], abs=0.01)
    assert float(rects[3].get("x", "")) == pytest.approx(xs[0])  # the next bar starts at 0 again


def test_values_are_written_inside_the_segments_wide_enough_and_always_in_a_title() -> None:
    svg = bars([BarRow("A", (40.0, 0.5), "40.5")], ["wide", "narrow"])
    assert re.search(r">40</text>", svg)
    assert not re.search(r">0\.5</text>", svg)  # too narrow to hold its label ...
    assert "<title>A — narrow: 0.5</title>" in svg  # ... but it still says it


def test_every_series_is_in_the_legend_with_its_own_fill() -> None:
    names = [f"criterion {i}" for i in range(14)]
    svg = bars([BarRow("A", tuple(5.0 for _ in names), "70")], names)
    legend = ET.fromstring(svg).find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    assert ["".join(t.itertext()) for t in legend.iter(f"{SVG}text")] == names
    fills = [r.get("fill") for r in legend.iter(f"{SVG}rect")]
    assert len(set(fills)) == len(names)


def test_fills_differ_in_colour_or_pattern_well_past_the_palette() -> None:
    fills = [charts.palette_fill(i) for i in range(40)]
    assert len({(f.colour, f.pattern) for f in fills}) == 40
    for i in range(len(charts.PALETTE) - 1):  # neighbours differ in lightness, readable in grey
        a, b = charts.PALETTE[i].colour, charts.PALETTE[i + 1].colour
        assert abs(_lightness(a) - _lightness(b)) > 40


def _lightness(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_grey_fills_run_from_dark_to_light_with_readable_ink() -> None:
    fills = charts.grey_fills(5)
    levels = [_lightness(f.colour) for f in fills]
    assert levels == sorted(levels) and levels[0] < 64 and levels[-1] > 192
    for f in fills:
        assert abs(_lightness(f.ink) - _lightness(f.colour)) > 90


def test_a_long_label_is_shortened_visibly_and_kept_whole_in_its_title() -> None:
    name = "A very long model name that no label column could ever hold in one line"
    svg = bars([BarRow(name, (50.0,), "50")], ["x"])
    root = ET.fromstring(svg)
    chart_title = root.find(f"{SVG}title")
    assert chart_title is not None and chart_title.text == "T"  # the chart keeps its own title
    label = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    title = label.find(f"{SVG}title")
    assert title is not None and title.text == name
    shown = "".join(label.itertext())[len(name):]
    assert shown.endswith("…") and name.startswith(shown[:-1].rstrip())
    assert charts.text_width(shown) <= charts.LABEL_WIDTH


def test_a_short_label_is_neither_shortened_nor_titled() -> None:
    assert charts.fit("In-house", 100) == ("In-house", False)
    assert charts.label(0, 0, "In-house", 100) == \
        '<text x="0" y="0" text-anchor="start">In-house</text>'


def test_wide_characters_count_double() -> None:
    assert charts.text_width("日本") > charts.text_width("ab") * 1.5


@given(st.text(max_size=60))
def test_any_text_makes_well_formed_svg_without_raw_markup(text: str) -> None:
    svg = charts.stacked_bars("h", [BarRow(text, (30.0,), text)], [Series(text)], scale=100,
                              title=text, desc=text, value_text=[[text]])
    ET.fromstring(svg)  # well-formed, and no character XML cannot carry
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", svg)


def test_hostile_names_are_escaped_everywhere() -> None:
    svg = bars([BarRow(HOSTILE, (30.0,), HOSTILE)], [HOSTILE])
    svg += charts.range_chart("r", [RangeRow(HOSTILE, 0.2, HOSTILE, 0.6, HOSTILE, HOSTILE,
                                             ((0.0, HOSTILE), (1.0, HOSTILE)))],
                              title=HOSTILE, desc=HOSTILE)
    assert "<script" not in svg and "\u202e" not in svg and "\x1b" not in svg
    assert "&lt;script&gt;" in svg and "R&amp;D" in svg and "&quot;q&quot;" in svg
    assert "\\u202e" in svg  # shown, not obeyed


def test_range_chart_marks_now_and_where_it_changes() -> None:
    rows = [RangeRow("Cost", 1.0, "5", 0.4, "2", "→ Onshore"),
            RangeRow("Risk", 0.6, "3", None, "", "holds over 0–5")]
    svg = charts.range_chart("r", rows, title="T", desc="D",
                             ticks=[(k / 5, str(k)) for k in range(6)])
    root = ET.fromstring(svg)
    x0 = charts.RANGE_LABEL + charts.PAD
    span = charts.WIDTH - x0 - charts.RANGE_OUTCOME - 2 * charts.PAD
    dots = [float(c.get("cx", "")) for c in root.iter(f"{SVG}circle")]
    assert dots[:2] == pytest.approx([x0 + span, x0 + 0.6 * span], abs=0.01)
    diamonds = [p.get("d", "") for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    assert len(diamonds) == 1 and diamonds[0].startswith(f"M{charts.num(x0 + 0.4 * span)} ")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "→ Onshore" in texts and "holds over 0–5" in texts and "2" in texts
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None


def test_numbers_are_written_the_same_way_every_time() -> None:
    assert [charts.num(v) for v in (0.0, -0.0001, 1.005, 2.5, 100.0, 1 / 3)] == \
        ["0", "0", "1", "2.5", "100", "0.33"]
    one = bars([BarRow("A", (1 / 3, 2 / 3), "1")], ["x", "y"])
    assert one == bars([BarRow("A", (1 / 3, 2 / 3), "1")], ["x", "y"])


@pytest.mark.parametrize(("current", "flips"), [(15, 100), (0, 0.5), (-4, -2), (12, 0), (3.5, 3.5)])
def test_numeric_answers_lie_on_their_own_axis(current: float, flips: float) -> None:
    from sourcing_cli.catalog import load_catalog
    from sourcing_cli.render.brief_charts import answer_row

    class Fake:
        catalog = load_catalog()

    row = answer_row(Fake(), "team_size", current, flips, "→ X")  # type: ignore[arg-type]
    assert row.flips is not None
    assert 0 <= row.current <= 1 and 0 <= row.flips <= 1
    assert (row.current < row.flips) == (current < flips)
    assert row.ticks[0][0] == 0 and row.ticks[-1][0] == 1


def strip(rows: list[charts.DotRow], names: list[str]) -> str:
    return charts.strip_chart("s", rows, names, reference="the group", title="T", desc="D",
                              ticks=[(0.0, "0%"), (1.0, "50%")])


def test_strip_marks_sit_at_their_values_each_series_in_its_own_lane() -> None:
    rows = [charts.DotRow("Cost", (0.5, 0.5, 0.0), ("25%", "25%", "0%"), 0.4, "20%"),
            charts.DotRow("Speed", (1.0, 0.2, 0.6), ("50%", "10%", "30%"), 0.6, "30%")]
    svg = strip(rows, ["A", "B", "C"])
    root = ET.fromstring(svg)
    x0 = charts.STRIP_LABEL + charts.PAD
    span = charts.WIDTH - x0 - charts.STRIP_VALUE - 2 * charts.PAD
    marks = {}
    for g in root.iter(f"{SVG}g"):
        title, shapes = g.find(f"{SVG}title"), [e for e in g if e.tag != f"{SVG}title"]
        if title is not None and len(shapes) == 1:
            marks[title.text] = shapes[0]
    assert len(marks) == 2 * (3 + 1)  # every series and the reference, in every row
    circle = marks["A — Speed: 50%"]
    assert float(circle.get("cx", "")) == pytest.approx(x0 + span)
    square = marks["B — Cost: 25%"]  # the second series: a hollow square, centred on its value
    assert square.tag == f"{SVG}rect" and square.get("fill") == "#ffffff"
    assert float(square.get("x", "")) + float(square.get("width", "")) / 2 == \
        pytest.approx(x0 + span * 0.5)
    bar = marks["the group — Cost: 20%"]
    assert float(bar.get("x", "")) + 1.5 == pytest.approx(x0 + span * 0.4)
    # A and B both at 25% of Cost: in lanes of their own, so neither hides the other
    assert float(circle.get("cy", "")) != pytest.approx(
        float(square.get("y", "")) + float(square.get("height", "")) / 2)
    assert ["".join(t.itertext()) for t in root.find(f".//{SVG}g[@class='legend']")  # type: ignore[union-attr]
            .iter(f"{SVG}text")] == ["the group", "A", "B", "C"]


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=14))
def test_strip_charts_are_well_formed_escaped_and_deterministic(names: list[str]) -> None:
    rows = [charts.DotRow(HOSTILE, tuple(i / len(names) for i in range(len(names))),
                          tuple(HOSTILE for _ in names), 0.5, HOSTILE)]
    svg = strip(rows, [*names[:-1], HOSTILE])
    assert svg == strip(rows, [*names[:-1], HOSTILE])
    root = ET.fromstring(svg)  # well-formed whatever the names
    assert "<script>" not in svg and "\x1b" not in svg and "\u202e" not in svg
    assert root.get("viewBox", "").startswith(f"0 0 {charts.WIDTH} ")
