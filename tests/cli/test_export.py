"""``assess --export`` saves the table view whatever ``--format`` prints (it was silently ignored
with ``--format json|markdown``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Run

QA = str(EXAMPLES / "qa-nearshore.yaml")
AS_OF = ("--as-of", "2026-03-01")


@pytest.mark.parametrize("fmt", ["json", "markdown"])
@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_export_with_json_or_markdown_saves_the_table_view(
    fmt: str, suffix: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    with_table = tmp_path / f"table{suffix}"
    assert cli("assess", QA, "--export", str(with_table), *AS_OF).exit_code == 0
    exported = tmp_path / f"{fmt}{suffix}"
    run = cli("assess", QA, "-f", fmt, "--export", str(exported), *AS_OF)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == cli("assess", QA, "-f", fmt, *AS_OF).stdout  # the report, unchanged
    assert run.stderr == f"wrote {exported}\n"
    assert exported.read_text() == with_table.read_text()
    assert "Nearshore" in exported.read_text()


def test_export_and_output_together(cli: Callable[..., Run], tmp_path: Path) -> None:
    report, slide = tmp_path / "r.json", tmp_path / "r.svg"
    run = cli("assess", QA, "-f", "json", "-o", str(report), "--export", str(slide), *AS_OF)
    assert (run.exit_code, run.stdout) == (0, "")
    assert report.read_text().startswith("{") and slide.read_text().startswith("<svg")
    same = cli("assess", QA, "-o", str(slide), "--export", str(slide), "--force", *AS_OF)
    assert same.exit_code == 2 and "given twice as an output file" in same.stderr


def test_the_help_says_export_goes_with_every_format(cli: Callable[..., Run]) -> None:
    assert "with --format json or markdown too" in " ".join(cli("assess", "--help").stdout.split())


def test_exports_fetch_nothing_and_draw_bars_as_bars(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No web font (Rich's SVG loads Fira Code from a CDN by default), no address to fetch; in
    HTML each score bar is one box as long as the score, not block characters that merge."""
    from tests.html_check import fetched, read_page

    monkeypatch.setenv("COLUMNS", "200")  # wide enough for the layout with score bars
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    for export in (svg, html):
        assert cli("assess", QA, "--export", str(export), *AS_OF).exit_code == 0
    for path in (svg, html):
        text = path.read_text("utf-8")
        for needle in ("fonts.googleapis", "cdn", "@import", "<script"):
            assert needle not in text.lower(), (path.name, needle)
        assert not re.search(r"url\(\s*['\"]?(?!#)", text), path.name  # only url(#id) in the file
        assert re.findall(r"https?://[^\s\"'<>)]+", text) in ([], ["http://www.w3.org/2000/svg"])
    page = html.read_text("utf-8")
    parsed = read_page(page)
    assert fetched(parsed) == []
    assert "█" not in page
    bars = re.findall(r'<span class="bar" style="width:(\d+)ch"><span style="width:([0-9.]+)%">',
                      page)
    lengths = [int(cells) * float(share) / 100 for cells, share in bars]  # in cells of 12
    assert [100 * n / 12 for n in lengths] == pytest.approx([68.1, 62.9, 55.2, 51.7], abs=100 / 96)
    assert "line-height: 1.55" in page  # space between the rows' bars


def test_export_colours_are_readable_on_white() -> None:
    """Every colour of the export theme has at least WCAG AA contrast (4.5:1) on its white page."""
    from sourcing_cli.render.terminal_export import LIGHT

    def luminance(rgb: tuple[int, ...]) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    white = luminance(tuple(LIGHT.background_color))
    assert white == 1.0
    for colour in [*(LIGHT.ansi_colors[i] for i in range(16)), LIGHT.foreground_color]:
        assert (white + 0.05) / (luminance(colour) + 0.05) >= 4.5, colour
