"""The decision brief in a real browser: headless Chromium draws every example's page.

The screenshot must not be blank: the page's text and charts leave ink on it, and the score chart's
bars (dark fills, far from the text's thin strokes) leave a good deal. Skipped, with the reason,
where no Chromium is installed (CI installs it: ``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_hostile_output import EVIL, PROFILE, hostile_catalog, q
from tests.helpers import EXAMPLES, Run
from tests.png import Image, ink_share, read_png

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WINDOW = (800, 1100)


def _runs(path: str) -> bool:
    """Whether the browser at ``path`` starts: a distribution's stub (Ubuntu's chromium-browser
    that only asks for a snap) is on the PATH but cannot draw anything."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _browser() -> str | None:
    found = (shutil.which(name) for name in BROWSERS)
    return next((path for path in found if path is not None and _runs(path)), None)


CHROME = _browser()
needs_chromium = pytest.mark.skipif(
    CHROME is None, reason="no working chromium, chromium-browser or google-chrome on the PATH "
                           "(install one, e.g. apt-get install chromium, to run this test)")


def screenshot(page: Path, png: Path, profile: Path) -> bytes:
    assert CHROME is not None
    run = subprocess.run(
        [CHROME, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--disable-extensions", "--no-first-run", "--disable-background-networking",
         f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
         f"--screenshot={png}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert png.exists(), f"chromium wrote no screenshot (exit {run.returncode}): {run.stderr[-500:]!r}"
    return png.read_bytes()


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_chromium_draws_every_example(
    example: Path, cli: Callable[..., Run], tmp_path: Path
) -> None:
    page = tmp_path / "brief.html"
    run = cli("assess", str(example), "--format", "html", "--as-of", "2026-03-01", "-o", str(page))
    assert run.exit_code == 0, run.stderr
    image = read_png(screenshot(page, tmp_path / "shot.png", tmp_path / "profile"))
    assert (image.width, image.height) == WINDOW
    share = ink_share(image)
    assert 0.03 < share < 0.6, f"{example.name}: {share:.1%} of the screenshot is inked"
    assert_within_column(image)


# The page's column is 180 mm (A4 less its margins), centred: at 96 px to the inch, 680 px.
COLUMN_PX = 180 / 25.4 * 96


def assert_within_column(image: Image) -> None:
    """Nothing is drawn right of the 180 mm column: no table, chart or long word overflows it."""
    edge = int((image.width + COLUMN_PX) / 2) + 3
    for y in range(0, image.height, 3):
        for x in range(edge, image.width, 3):
            assert min(image.pixel(x, y)[:3]) >= 200, f"ink at ({x}, {y}), right of the column"


@pytest.mark.slow
@needs_chromium
def test_long_and_hostile_names_stay_in_the_column(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Names of the longest a file may give, without a space to break at, wrap or are shortened
    visibly (with the whole name in a title): the page never grows past its 180 mm column."""
    catalog = hostile_catalog(tmp_path)
    long_word = "Supercalifragilistic" * 4  # 80 characters, no space
    models = catalog / "models.yaml"
    models.write_text(models.read_text("utf-8").replace(
        "name: Nearshore outsourcing", f"name: {long_word}", 1), "utf-8")
    profile = tmp_path / "long.yaml"
    profile.write_text(PROFILE.replace(f"name: {q(EVIL)}\nhome", f"name: {long_word}\nhome", 1)
                       .replace("  - name: " + q(EVIL) + "\n    answers",
                                "  - name: " + long_word + "\n    answers", 1), "utf-8")
    page = tmp_path / "brief.html"
    run = cli("assess", str(profile), "--criteria", str(catalog), "--format", "html",
              "--as-of", "2026-03-01", "-o", str(page))
    assert run.exit_code == 0, run.stderr
    text = page.read_text("utf-8")
    assert text.count(long_word) >= 3 and "…</text>" in text
    image = read_png(screenshot(page, tmp_path / "shot.png", tmp_path / "profile"))
    assert ink_share(image) > 0.03
    assert_within_column(image)


@needs_chromium
def test_a_blank_page_is_told_apart(tmp_path: Path) -> None:
    """The check above can fail: an empty page screenshots as (nearly) no ink."""
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>", "utf-8")
    image = read_png(screenshot(page, tmp_path / "blank.png", tmp_path / "profile"))
    assert ink_share(image) < 0.001


@pytest.mark.slow
@needs_chromium
def test_the_brief_prints_on_a4(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Printed to PDF, every page is A4 (its ``@page`` rule), and the QA brief fits a few pages."""
    assert CHROME is not None
    page, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--format", "html",
              "--as-of", "2026-03-01", "-o", str(page))
    assert run.exit_code == 0, run.stderr
    subprocess.run([CHROME, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert pdf.exists(), "chromium printed no PDF"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf.read_bytes())
    assert 1 <= len(boxes) <= 8
    for width, height in boxes:  # A4 is 595 × 842 points
        assert abs(float(width) - 595) < 2 and abs(float(height) - 842) < 2
