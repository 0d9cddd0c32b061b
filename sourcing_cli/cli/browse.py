"""``sourcing compare``, ``sourcing criteria`` and ``sourcing questions``: browse the catalog.

The views themselves (JSON and tables) are :mod:`sourcing_cli.render.catalog` and
:mod:`sourcing_cli.render.compare`; this module parses the options and prints them."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import catalog_from, guarded
from sourcing_cli.cli.emit import emit
from sourcing_cli.errors import UsageError, did_you_mean


class BrowseFormat(str, enum.Enum):
    table = "table"
    json = "json"


FormatOption = Annotated[BrowseFormat, typer.Option("--format", "-f", help="Output format.")]


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
        from sourcing_cli.render.catalog import compare_json

        emit(compare_json(catalog))
        return
    from sourcing_cli.render import compare as compare_view

    emit([compare_view.renderable(catalog)])


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
    from sourcing_cli.render import catalog as views

    if fmt is BrowseFormat.json:
        emit(views.criteria_json(catalog, chosen, one=criterion_id is not None))
        return
    if criterion_id is None:
        emit(views.list_criteria(catalog))
    else:
        emit(views.show_criterion(catalog, chosen[0]))


@guarded
def questions(criteria: CriteriaOption = None, fmt: FormatOption = BrowseFormat.table) -> None:
    """List the questions a profile answers, with their options and defaults.

    Examples:

      sourcing questions

      sourcing questions --format json
    """
    from sourcing_cli.render import catalog as views

    catalog = catalog_from(criteria)
    if fmt is BrowseFormat.json:
        emit(views.questions_json(catalog))
        return
    emit(views.questions_table(catalog))
