"""The output formats of ``sourcing assess``: an explicit registry, format name → renderer.

A format is either *text* — a pure function from a :class:`~sourcing_cli.report.Report` to the
text written to stdout or ``--output`` (JSON, Markdown) — or a *view*: Rich renderables that a
console prints at its own width, in colour on a terminal only (the table; ``--export`` saves the
same view as SVG or HTML). ``grid`` marks a format that carries the robustness count over the
priority grid, which the report computes only for it. The CLI's ``--format`` choices are this
dict's keys: adding a format is adding an entry here.

Each renderer module is imported when its format is asked for, not before, so that ``--help`` and
the start of every command load none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sourcing_cli.records import record

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sourcing_cli.report import Report


@record
class AssessFormat:
    text: Callable[[Report], str] | None = None
    view: Callable[[Report], list[RenderableType]] | None = None
    grid: bool = False


def _table(report: Report) -> list[RenderableType]:
    from sourcing_cli.render import table

    return table.renderables(report)


def _json(report: Report) -> str:
    from sourcing_cli.render import assess_json

    return assess_json.render(report)


def _markdown(report: Report) -> str:
    from sourcing_cli.render import markdown

    return markdown.render(report)


def _html(report: Report) -> str:
    from sourcing_cli.render import brief_html

    return brief_html.render(report)


FORMATS: dict[str, AssessFormat] = {
    "table": AssessFormat(view=_table),  # first: the default
    "json": AssessFormat(text=_json, grid=True),
    "markdown": AssessFormat(text=_markdown),
    "html": AssessFormat(text=_html),
}

#: The view ``--export`` saves as SVG or HTML, as a terminal shows it in colour.
EXPORTED: Callable[[Report], list[RenderableType]] = _table
