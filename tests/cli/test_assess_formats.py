"""``assess --format``: every choice is an entry of the renderer registry, and every entry is wired."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from datetime import date

from rich.console import Console, RenderableType

from sourcing_cli.catalog import Catalog
from sourcing_cli.cli.assess import Format
from sourcing_cli.console import output_width
from sourcing_cli.profile import load_profile
from sourcing_cli.render.assess_formats import EXPORTED, FORMATS
from sourcing_cli.report import build_report
from tests.helpers import EXAMPLES, Run

EXAMPLE = EXAMPLES / "qa-nearshore.yaml"
AS_OF = "2026-01-15"


def test_the_format_choices_are_the_registry_s_names_in_its_order() -> None:
    assert [f.value for f in Format] == list(FORMATS)


def test_every_entry_is_text_or_a_view() -> None:
    for name, spec in FORMATS.items():
        assert (spec.text is None) != (spec.view is None), name


def test_the_cli_prints_what_the_registry_renders(cli: Callable[..., Run], catalog: Catalog) -> None:
    profile = load_profile(EXAMPLE, catalog, "examples/qa-nearshore.yaml")
    for name, spec in FORMATS.items():
        run = cli("assess", "examples/qa-nearshore.yaml", "--format", name, "--as-of", AS_OF)
        assert run.exit_code == 0, (name, run.stderr)
        report = build_report(catalog, profile, date.fromisoformat(AS_OF), count_grid=spec.grid)
        if spec.text is not None:
            assert run.stdout == spec.text(report), name
        else:
            assert spec.view is not None
            assert run.stdout == _plain(spec.view(report), width=output_width(False)), name


def test_only_the_json_carries_the_grid_count(cli: Callable[..., Run]) -> None:
    assert [name for name, spec in FORMATS.items() if spec.grid] == ["json"]
    data = json.loads(cli("assess", "examples/qa-nearshore.yaml", "-f", "json", "--as-of", AS_OF).stdout)
    assert data["robustness"] is not None


def test_the_export_is_the_table_view(catalog: Catalog) -> None:
    assert EXPORTED is FORMATS["table"].view
    report = build_report(catalog, load_profile(EXAMPLE, catalog), date.fromisoformat(AS_OF))
    assert "Recommendation" in _plain(EXPORTED(report), width=120)


def _plain(parts: Sequence[RenderableType], width: int | None) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False, no_color=True,
                      highlight=False, emoji=False, legacy_windows=False)
    for part in parts:
        console.print(part)
    return out.getvalue()
