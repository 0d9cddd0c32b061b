"""``sourcing compare``, ``criteria`` and ``questions``: the catalog's views, as JSON and as tables.

Pure functions of a :class:`~sourcing_cli.catalog.Catalog`: the ``*_json`` ones return the text
``--format json`` prints, the others Rich renderables for the terminal (the comparison grid itself
is :mod:`sourcing_cli.render.compare`). A catalog may be a user's own (``--criteria``): its text is
escaped for the terminal; JSON carries it as data.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.catalog import Catalog, Criterion
from sourcing_cli.profile_writer import options, scalar
from sourcing_cli.render.escape import json_text
from sourcing_cli.render.escape import terminal as t

# ---- JSON ------------------------------------------------------------------------------------


def compare_json(catalog: Catalog) -> str:
    return json_text({
        "models": [{"id": m.id, "name": m.name, "description": m.description}
                   for m in catalog.models],
        "criteria": [criterion_dict(c) for c in catalog.criteria],
    })


def criteria_json(catalog: Catalog, chosen: list[Criterion], one: bool) -> str:
    """The criteria ``chosen``; ``one``: the single criterion asked for by id, not a list."""
    data = [criterion_dict(c) for c in chosen]
    return json_text(data[0] if one else data)


def criterion_dict(criterion: Criterion) -> dict[str, Any]:
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


def questions_json(catalog: Catalog) -> str:
    return json_text([
        {"id": q.id, "text": q.text, "help": q.help, "type": q.spec.kind,
         "choices": list(q.spec.choices) or None, "min": q.spec.minimum, "max": q.spec.maximum,
         "default": q.default, "when": q.when.describe() if q.when else None}
        for q in catalog.questions
    ])


# ---- the terminal ----------------------------------------------------------------------------


def list_criteria(catalog: Catalog) -> list[RenderableType]:
    table = Table(title="Criteria", box=box.SIMPLE_HEAD)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("Weight", justify="right")
    table.add_column("Description")
    for c in catalog.criteria:
        table.add_row(t(c.id), t(c.name), f"{c.weight:g}", t(c.description))
    return [table, "Show one in full: sourcing criteria ID"]


def show_criterion(catalog: Catalog, criterion: Criterion) -> list[RenderableType]:
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
    return [ratings, weights, adjustments, t(f"Defined in {criterion.source}")]


def questions_table(catalog: Catalog) -> list[RenderableType]:
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
    return [table]
