"""A layout that fits prints with its column widths handed to Rich: the same bytes as Rich's own.

:class:`~sourcing_cli.render.layout.FirstThatFits` gives Rich the width of every column of a
table that fits (:func:`~sourcing_cli.render.layout.fitted_widths`) instead of letting Rich
measure every cell again. These tests print the same renderables both ways — with the widths
handed over, and with Rich measuring (the copy step turned off) — and require the same output:
for every example and scenario at widths from 20 to 220 columns, with and without colour, and
for random tables (wide characters, empty cells, line breaks, padding, minimum and maximum
widths, justification) at random widths.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.catalog import load_catalog
from sourcing_cli.console import make_console
from sourcing_cli.profile import load_profile, profile_from_doc
from sourcing_cli.render import layout, table
from sourcing_cli.report import Report, build_report
from sourcing_cli.yamlio import load_file
from tests.helpers import EXAMPLES, ROOT

SCENARIOS = ROOT / "tests" / "cases" / "scenarios"
WIDTHS = (20, 40, 55, 60, 70, 80, 100, 120, 160, 220)


def _report(path: Path) -> Report:
    catalog = load_catalog()
    if path.parent == SCENARIOS:  # a scenario holds its profile under 'profile'
        doc = load_file(path, path.name, partial=True)
        doc.data = doc.data["profile"]
        doc.values = {loc[1:]: pos for loc, pos in doc.values.items() if loc[:1] == ("profile",)}
        doc.keys = {loc[1:]: pos for loc, pos in doc.keys.items() if loc[:1] == ("profile",)}
        profile = profile_from_doc(doc, catalog)
    else:
        profile = load_profile(path, catalog)
    return build_report(catalog, profile, date(2026, 3, 1), count_grid=False)


def printed(renderables: list[RenderableType], width: int, colour: bool) -> str:
    buffer = io.StringIO()
    console = make_console(file=buffer, colour=colour)
    console.width = width
    for part in renderables:
        console.print(part)
    return buffer.getvalue()


def as_rich_lays_it_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_with_widths", lambda console, options, renderable: renderable)


PROFILES = sorted([*EXAMPLES.glob("*.yaml"), *SCENARIOS.glob("*.yaml")])


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_example_and_scenario_prints_the_same_bytes_at_every_width(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report(path)
    fast = {(w, c): printed(table.renderables(report), w, c) for w in WIDTHS for c in (True, False)}
    as_rich_lays_it_out(monkeypatch)
    slow = {(w, c): printed(table.renderables(report), w, c) for w in WIDTHS for c in (True, False)}
    assert fast == slow


def test_a_fitting_table_is_printed_with_its_widths_handed_over() -> None:
    """Else the test above compares Rich with itself."""
    report = _report(EXAMPLES / "qa-nearshore.yaml")
    fits = table.comparison(report)
    console = make_console(file=io.StringIO())
    console.width = 120
    (shown,) = fits.__rich_console__(console, console.options)
    tables = [r for r in shown.renderables if isinstance(r, Table)] if isinstance(shown, Group) \
        else []
    assert tables and all(c.width is not None for t in tables for c in t.columns)
    # the layout itself is left as it was: its natural width is measured from its cells again
    chosen = fits.choose(console, console.options)
    assert isinstance(chosen, Group)
    assert all(c.width is None for t in chosen.renderables if isinstance(t, Table)
               for c in t.columns)


CELL = st.one_of(
    st.sampled_from(["", "x", "68.1", "×3", "—", "out", "Nearshore", "IP protection", "漢字",
                     "a\nbb", "é", "🙂", "Speed to deploy", "[bold]x[/]", ":smile:",
                     # long enough to wrap: the table too wide, its wrapping columns narrowed
                     "decision offshore_outsourcing scores 41.2, below the policy's minimum of 45",
                     "a-word-too-long-to-wrap-anywhere-but-to-fold", "漢字 漢字 漢字 漢字 漢字 漢字 漢字",
                     "two lines,\nthe second one longer than the first one is"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6),
)


@st.composite
def tables(draw: Any) -> Table:
    made = Table(title=draw(st.sampled_from([None, "Title", "A long title over the table"])),
                 box=draw(st.sampled_from([box.SIMPLE_HEAD, box.ROUNDED, None])),
                 pad_edge=draw(st.booleans()), show_header=draw(st.booleans()),
                 collapse_padding=draw(st.booleans()),
                 padding=draw(st.sampled_from([(0, 1), (0, 0), (0, 2), (1, 1, 0, 3), (0, 1, 0, 3),
                                               (1, 3, 1, 1)])),
                 show_edge=draw(st.booleans()))
    columns = draw(st.integers(1, 5))
    for _ in range(columns):
        header = draw(CELL)
        made.add_column(Text(header, style="bold") if draw(st.booleans()) else header,
                        justify=draw(st.sampled_from(["left", "right", "center"])),
                        no_wrap=draw(st.booleans()),
                        min_width=draw(st.sampled_from([None, 0, 3, 12])),
                        max_width=draw(st.sampled_from([None, None, 2, 8])))
    for _ in range(draw(st.integers(0, 4))):
        made.add_row(*[Text(c, style="red") if draw(st.booleans()) else c
                       for c in draw(st.lists(CELL, min_size=columns, max_size=columns))])
        if draw(st.booleans()):
            made.add_section()
    return made


@settings(max_examples=400, deadline=None)
@given(tables(), st.integers(5, 90), st.booleans())
def test_handing_rich_the_widths_never_changes_a_table(made: Table, width: int, colour: bool) -> None:
    buffer = io.StringIO()
    console = make_console(file=buffer, colour=colour)
    console.width = width
    options = console.options
    console.print(layout._with_widths(console, options, Group(made, Text("after"))))
    fast = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    console.print(Group(made, Text("after")))
    assert fast == buffer.getvalue()


def _check_report(root: Path) -> Any:
    from sourcing_cli.check import read_profiles, run
    from sourcing_cli.policy import load_policy
    from sourcing_cli.repo import discover
    from tests.generate import write_repo

    catalog = load_catalog()
    write_repo(root, catalog, 90)  # long messages, waivers, two broken profiles
    policy = load_policy(root / ".sourcing-policy.yaml", catalog)
    paths = discover(root, policy.profiles, [policy.name])
    return run(policy, catalog, read_profiles(root, catalog, paths), date(2026, 3, 1))


def test_check_s_text_prints_the_same_bytes_at_every_width(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcing_cli.render import check_text

    report = _check_report(tmp_path)
    fast = {(w, c): printed(check_text.renderables(report), w, c) for w in WIDTHS
            for c in (True, False)}
    as_rich_lays_it_out(monkeypatch)
    slow = {(w, c): printed(check_text.renderables(report), w, c) for w in WIDTHS
            for c in (True, False)}
    assert fast == slow


def test_a_grid_too_wide_for_its_messages_is_given_its_widths(tmp_path: Path) -> None:
    """Else the test above compares Rich with itself where the messages wrap."""
    from sourcing_cli.render import check_text

    report = _check_report(tmp_path)
    findings = max(report.by_profile().values(), key=len)
    grid = check_text._grid(findings)
    console = make_console(file=io.StringIO())
    console.width = 80
    widths = layout.fitted_widths(console, console.options, grid)
    assert widths is not None
    assert sum(widths) + grid._extra_width == 80  # the message column takes what is left
    longest = max(len(f.message) for f in findings)
    assert widths[-1] < longest  # so it wraps
