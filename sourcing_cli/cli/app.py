"""The ``sourcing`` application: global options and the explicit table of commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from sourcing_cli import __version__
from sourcing_cli.cli import assess, browse, init, interview, schema, validate
from sourcing_cli.cli import check as check_cmd
from sourcing_cli.cli import diff as diff_cmd
from sourcing_cli.cli.common import STATE

HELP = """A sourcing advisor: in-house, onshore, nearshore, offshore or a captive centre?

Scores the five sourcing models for a profile of answers, with a catalog of criteria that cites
its sources, and explains the recommendation: its margin, its reasons and its tipping points.

Exit codes: 0 success · 1 policy violations (check) · 2 bad input or usage · 130 interrupted.
"""

# name -> command function; every entry is wired into the app by build_app() (and a test checks it).
COMMANDS: dict[str, Callable[..., Any]] = {
    "assess": assess.assess,
    "compare": browse.compare,
    "criteria": browse.criteria_cmd,
    "questions": browse.questions,
    "validate": validate.validate,
    "schema": schema.schema,
    "init": init.init,
    "interview": interview.interview,
    # policy as code
    "check": check_cmd.check,
    "diff": diff_cmd.diff,
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sourcing {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    STATE.debug = debug


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="sourcing",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    for name, function in COMMANDS.items():
        app.command(name)(function)
    return app


def main() -> None:
    build_app()(prog_name="sourcing")
