"""``assess --export`` saves the table view whatever ``--format`` prints (it was silently ignored
with ``--format json|markdown``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

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
