"""``sourcing assess``: score the five models for one profile and explain the recommendation."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from sourcing_cli.cli.common import (
    catalog_from,
    claim_outputs,
    guarded,
    parse_as_of,
    read_profile,
)
from sourcing_cli.cli.emit import emit, write_output
from sourcing_cli.errors import UsageError
from sourcing_cli.render.assess_formats import EXPORTED, FORMATS

# The --format choices: the renderer registry's names, in its order.
Format = enum.Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Method(str, enum.Enum):
    wsm = "wsm"
    topsis = "topsis"
    all = "all"


EXPORT_SUFFIXES = (".svg", ".html")

CriteriaOption = Annotated[
    Path | None,
    typer.Option("--criteria", metavar="DIR",
                 help="A catalog folder to use instead of the built-in one."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD",
                 help="The date to assess as of (default: today); fix it for reproducible output."),
]
MethodOption = Annotated[Method, typer.Option(
    "--method", "-m",
    help="Decision method: wsm (weighted sum), topsis (closeness to the ideal) or all (both "
         "rankings side by side, with Kendall's tau).",
)]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace --output/--export files that already exist.")
]


@guarded
def assess(
    profile: Annotated[Path, typer.Argument(help="The profile (answers file) to assess.",
                                            show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format["table"],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to FILE, not stdout.")] = None,
    export: Annotated[Path | None, typer.Option(
        "--export", metavar="FILE.svg|FILE.html",
        help="Also save the table view, as a terminal shows it, as SVG or HTML (for a slide or a "
             "pull request); with --format json or markdown too.",
    )] = None,
    criteria: CriteriaOption = None,
    as_of: AsOfOption = None,
    force: ForceOption = False,
    method: MethodOption = Method.wsm,
    sets: Annotated[list[str] | None, typer.Option(
        "--set", metavar="ID=VALUE",
        help="What if: override one answer (--set team_size=120) or priority "
             "(--set priorities.cost=5) without editing the file; repeatable. Checked like the "
             "file; the report names the values set. A priority cannot be set on a profile "
             "weighted by pairwise judgements or by stakeholders.",
    )] = None,
) -> None:
    """Score the five sourcing models for PROFILE and recommend one.

    Prints a table of models × criteria with a score bar per model, then the recommendation with
    its margin, its strongest reasons, the knocked-out models and the tipping points. For a profile
    with stakeholders, the group's recommendation and each stakeholder's weights and own winner.
    --format html writes a decision brief instead: one self-contained, printable page with
    charts.

    Examples:

      sourcing assess examples/qa-nearshore.yaml

      sourcing assess profile.yaml --format json --as-of 2026-01-01 > report.json

      sourcing assess profile.yaml --format markdown -o DECISION.md

      sourcing assess profile.yaml --format html -o brief.html --as-of 2026-01-01

      sourcing assess profile.yaml --method all

      sourcing assess profile.yaml --set team_size=120 --set priorities.cost=5

      sourcing assess examples/group-data-platform.yaml --format markdown

      sourcing assess profile.yaml --format json --export slide.svg > report.json
    """
    from sourcing_cli.report import build_report

    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"--export: '{export}' must end in .svg or .html")
    claim_outputs(force, output, export)
    when = parse_as_of(as_of)
    catalog = catalog_from(criteria)
    overrides = None
    if sets:
        from sourcing_cli.overrides import parse_overrides

        overrides = parse_overrides(sets, catalog)
    # The robustness count over the priority grid is reported only in JSON (its key stays for one
    # more schema version); the table and Markdown do not show it, so they do not pay for it.
    spec = FORMATS[str(fmt.value)]
    report = build_report(catalog, read_profile(profile, catalog, overrides), when,
                          method=method.value, count_grid=spec.grid)
    if spec.view is not None:
        emit(spec.view(report), output, force=force)
    elif spec.text is not None:
        emit(spec.text(report), output, force=force)
    if export is not None:  # the table view, as a terminal shows it in colour, as SVG or HTML
        from sourcing_cli.render.terminal_export import export_view

        write_output(export, export_view(EXPORTED(report), export.suffix), force=force)
