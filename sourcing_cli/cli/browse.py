"""``sourcing compare``, ``sourcing criteria`` and ``sourcing questions``: browse the catalog.

A catalog may be a user's own (``--criteria``): its text is escaped for the terminal."""

from __future__ import annotations

import enum
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import catalog_from, guarded
from sourcing_cli.errors import UsageError, did_you_mean
from sourcing_cli.render.escape import terminal as t

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog, Criterion


class BrowseFormat(str, enum.Enum):
    table = "table"
    json = "json"


FormatOption = Annotated[BrowseFormat, typer.Option("--format", "-f", help="Output format.")]


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _print(*parts: Any) -> None:
    from sourcing_cli.console import make_console

    console = make_console()
    for part in parts:
        console.print(part)


@guarded
def compare(criteria: CriteriaOption = None, fmt: FormatOption = BrowseFormat.table) -> None:
    """The reference comparison of the five models, criterion by criterion, with reasons.

    These are the catalog's base ratings, before any answer adjusts them — the sources' comparison
    table, with the passage each rating rests on.

    Examples:

      sourcing compare

      sourcing compare --format json
    """
    catalog = catalog_from(criteria)
    if fmt is BrowseFormat.json:
        _dump({
            "models": [{"id": m.id, "name": m.name, "description": m.description}
                       for m in catalog.models],
            "criteria": [_criterion_dict(c) for c in catalog.criteria],
        })
        return
    from sourcing_cli.render import compare as compare_view

    _print(compare_view.renderable(catalog))


def _criterion_dict(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "name": criterion.name,
        "description": criterion.description,
        "default_weight": criterion.weight,
        "weight_rules": [{"when": r.when.describe(), "weight": r.weight, "reason": r.reason,
                          "source": r.source} for r in criterion.weight_rules],
        "ratings": {
            m: {"rating": r.value, "uncertainty": r.uncertainty, "reason": r.reason,
                "cite": {"source": r.cite.source, "quote": r.cite.quote}, "source": r.source}
            for m, r in criterion.ratings.items()
        },
        "adjustments": [
            {"id": a.id, "when": a.when.describe(), "delta": dict(a.delta), "reason": a.reason,
             "cite": {"source": a.cite.source, "quote": a.cite.quote}, "source": a.source}
            for a in criterion.adjustments
        ],
        "file": criterion.source,
    }


@guarded
def criteria_cmd(
    criterion_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="Show one criterion in full.", show_default=False)] = None,
    criteria: CriteriaOption = None,
    fmt: FormatOption = BrowseFormat.table,
) -> None:
    """List the criteria, or show one with its ratings, weight rules and adjustments.

    Examples:

      sourcing criteria

      sourcing criteria cost

      sourcing criteria --format json
    """
    catalog = catalog_from(criteria)
    chosen = list(catalog.criteria)
    if criterion_id is not None:
        if criterion_id not in catalog.criterion_ids:
            hint = did_you_mean(criterion_id, catalog.criterion_ids)
            raise UsageError(f"unknown criterion '{criterion_id}'{hint}")
        chosen = [catalog.criterion(criterion_id)]
    if fmt is BrowseFormat.json:
        data = [_criterion_dict(c) for c in chosen]
        _dump(data[0] if criterion_id else data)
        return
    if criterion_id is None:
        _list_criteria(catalog)
    else:
        _show_criterion(catalog, chosen[0])


def _list_criteria(catalog: Catalog) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title="Criteria", box=box.SIMPLE_HEAD)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("Weight", justify="right")
    table.add_column("Description")
    for c in catalog.criteria:
        table.add_row(t(c.id), t(c.name), f"{c.weight:g}", t(c.description))
    _print(table, "Show one in full: sourcing criteria ID")


def _show_criterion(catalog: Catalog, criterion: Criterion) -> None:
    from rich import box
    from rich.table import Table

    ratings = Table(title=t(f"{criterion.name} — {criterion.description}"), box=box.SIMPLE_HEAD)
    ratings.add_column("Model", no_wrap=True)
    ratings.add_column("Rating", justify="center")
    ratings.add_column("Reason")
    ratings.add_column("Rests on", style="dim")
    for model in catalog.models:
        r = criterion.ratings[model.id]
        ratings.add_row(t(model.name), str(r.value), t(r.reason), t(f"{r.cite.source}: “{r.cite.quote}”"))
    weights = Table(title=f"Weight (default {criterion.weight:g})", box=box.SIMPLE_HEAD)
    weights.add_column("When")
    weights.add_column("Weight", justify="right")
    weights.add_column("Why")
    for rule in criterion.weight_rules:
        weights.add_row(t(rule.when.describe()), f"{rule.weight:g}", t(rule.reason))
    adjustments = Table(title="Adjustments", box=box.SIMPLE_HEAD)
    adjustments.add_column("When")
    adjustments.add_column("Change")
    adjustments.add_column("Why")
    for a in criterion.adjustments:
        change = ", ".join(f"{catalog.model(m).short} {d:+d}" for m, d in a.delta.items())
        adjustments.add_row(t(a.when.describe()), t(change), t(a.reason))
    _print(ratings, weights, adjustments, t(f"Defined in {criterion.source}"))


@guarded
def questions(criteria: CriteriaOption = None, fmt: FormatOption = BrowseFormat.table) -> None:
    """List the questions a profile answers, with their options and defaults.

    Examples:

      sourcing questions

      sourcing questions --format json
    """
    from sourcing_cli.profile_writer import options, scalar

    catalog = catalog_from(criteria)
    if fmt is BrowseFormat.json:
        _dump([
            {"id": q.id, "text": q.text, "help": q.help, "type": q.spec.kind,
             "choices": list(q.spec.choices) or None, "min": q.spec.minimum, "max": q.spec.maximum,
             "default": q.default, "when": q.when.describe() if q.when else None}
            for q in catalog.questions
        ])
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Questions (answers: in a profile)", box=box.SIMPLE_HEAD)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("Question")
    table.add_column("Options")
    table.add_column("Default", no_wrap=True)
    for q in catalog.questions:
        text = Text(t(q.text))
        if q.when:
            text.append(f"\nasked when {t(q.when.describe())}", style="dim")
        table.add_row(t(q.id), text, t(options(q)), t(scalar(q.default)))
    _print(table)
