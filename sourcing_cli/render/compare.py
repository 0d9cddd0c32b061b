"""``sourcing compare``: the catalog's base ratings of the five models, criterion by criterion.

:func:`renderable` lays the comparison out as criteria × models with each rating's reason where
the width allows it; narrower, as one small table per criterion (model, rating, reason), with full
model names or, narrower still, short labels and a legend. Nothing is cut: reasons wrap. Names and
reasons come from the catalog (a user's own with ``--criteria``) and are escaped for the terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.catalog import Catalog
from sourcing_cli.render.escape import terminal
from sourcing_cli.render.layout import FirstThatFits, Legend

TITLE = "Sourcing models compared (base ratings, 5 = best)"


def renderable(catalog: Catalog) -> FirstThatFits:
    return FirstThatFits([grid(catalog), per_criterion(catalog, short=False),
                          per_criterion(catalog, short=True)])


def legend(catalog: Catalog) -> Legend:
    return Legend([f"{terminal(m.short)} = {terminal(m.name)}" for m in catalog.models
                   if m.short != m.name])


def grid(catalog: Catalog) -> Group:
    """Criteria as rows, models as columns (short labels, explained below), each cell
    ``rating · reason``."""
    table = Table(title=TITLE, box=box.SIMPLE_HEAD, show_lines=True)
    table.add_column("Criterion", style="bold", no_wrap=True)
    for model in catalog.models:
        table.add_column(terminal(model.short), ratio=1, overflow="fold")
    for criterion in catalog.criteria:
        cells = [f"{criterion.ratings[m].value} · {terminal(criterion.ratings[m].reason)}"
                 for m in catalog.model_ids]
        table.add_row(terminal(criterion.name), *cells)
    return Group(table, legend(catalog))


def per_criterion(catalog: Catalog, *, short: bool) -> Group:
    """One table per criterion: model, rating and reason (which wraps)."""
    parts: list[RenderableType] = [Text(TITLE, style="italic")]
    for criterion in catalog.criteria:
        table = Table(title=terminal(criterion.name), title_justify="left", title_style="bold",
                      box=box.SIMPLE_HEAD, pad_edge=False, show_header=False)
        table.add_column("Model", no_wrap=not short, overflow="fold")
        table.add_column("Rating", justify="center", no_wrap=True)
        table.add_column("Reason", overflow="fold")
        for model in catalog.models:
            rating = criterion.ratings[model.id]
            table.add_row(terminal(model.short if short else model.name), str(rating.value),
                          terminal(rating.reason))
        parts.append(table)
    if short:
        parts.append(legend(catalog))
    return Group(*parts)
