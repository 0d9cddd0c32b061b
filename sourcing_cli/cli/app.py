"""The ``sourcing`` application: global options and the explicit table of commands.

Commands are loaded lazily: :data:`COMMANDS` names each command's module and function, and the
click group builds a command only when it runs (or its own ``--help`` is asked for). ``sourcing
--help`` lists the commands from their one-line summaries here, and ``--version`` imports nothing
but Typer, so both start about as fast as a bare Typer app. A test checks every summary against
its command's docstring. Every command is a :class:`Command`, whose help follows the usual
conventions, and takes ``--debug`` wherever it is written; Typer's shell completion is on
(``--install-completion``, ``--show-completion``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from sourcing_cli import __version__

HELP = """A sourcing advisor: in-house, onshore, nearshore, offshore or a captive centre?

Scores the five sourcing models for a profile of answers, with a catalog of criteria that cites
its sources, and explains the recommendation: its margin, its reasons and its tipping points.

Exit codes: 0 success · 1 policy violations (check) · 2 bad input or usage · 130 interrupted
· 70 internal error (a bug: please report it).
"""

EPILOG = ("Limits, for every file read: 4 MiB, 64 levels of nesting, 100,000 values once aliases "
          "are expanded (docs/limits.md).")

# name -> (module, function, the first paragraph of its docstring); every entry is wired into the
# app by build_app() (and a test checks it).
_TABLE: dict[str, tuple[str, str, str]] = {
    "assess": ("assess", "assess",
               "Score the five sourcing models for PROFILE and recommend one."),
    "compare": ("browse", "compare",
                "The reference comparison of the five models, criterion by criterion, with "
                "reasons."),
    "criteria": ("browse", "criteria_cmd",
                 "List the criteria, or show one with its ratings, weight rules and adjustments."),
    "questions": ("browse", "questions",
                  "List the questions a profile answers, with their options and defaults."),
    "validate": ("validate", "validate",
                 "Check that FILES are valid, reporting every error of each file (exit 2 if any is "
                 "not)."),
    "schema": ("schema", "schema", "Print the JSON Schema (draft-07) of a file format."),
    "init": ("init", "init",
             "Write a commented starter profile with every question and its default (or "
             "--policy)."),
    "interview": ("interview", "interview",
                  "Answer the questions one by one; the profile is saved after every answer."),
    # policy as code
    "check": ("check", "check",
              "Enforce the sourcing policy on the profiles it covers (exit 1 on violations)."),
    "diff": ("diff", "diff",
             "Show what changed between two versions of a profile and what it did to the "
             "decision."),
}


class _Commands(Mapping[str, Callable[..., Any]]):
    """name -> command function, importing a command's module only when it is looked up."""

    def __getitem__(self, name: str) -> Callable[..., Any]:
        module, function, _ = _TABLE[name]
        found: Callable[..., Any] = getattr(
            importlib.import_module(f"sourcing_cli.cli.{module}"), function)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(_TABLE)

    def __len__(self) -> int:
        return len(_TABLE)


COMMANDS: Mapping[str, Callable[..., Any]] = _Commands()


def summary(name: str) -> str:
    """The one-line summary ``sourcing --help`` shows for a command."""
    return _TABLE[name][2]


class Command(TyperCommand):
    """A command whose help reads as the conventions have it, whatever Typer's own style: usage
    ``sourcing assess [OPTIONS] PROFILE``, optional arguments ``[ID]``, repeated ones ``PATH...``,
    and arguments listed by name — never ``{profile}``, ``[[ID]]`` or
    ``<list[Path]>``. Only click's public hooks are overridden."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [argument_usage(p) for p in self.get_params(ctx)
                         if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append((argument_usage(param), argument_help(param)))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def argument_usage(param: Any) -> str:
    name = str(param.metavar or param.name).strip("[]{}").upper()
    name += "..." if param.nargs != 1 else ""
    return name if param.required else f"[{name}]"


def argument_help(param: Any) -> str:
    return str(getattr(param, "help", None) or "")


def _set_debug(value: bool) -> None:
    if value:
        from sourcing_cli.cli.common import STATE

        STATE.debug = True


def _debug_flag(
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an error (also before the command).",
        callback=_set_debug, is_eager=True, expose_value=False)] = False,
) -> None:
    """Only read for its parameter: every command takes --debug, wherever it is written."""


def _debug_param() -> Any:
    from typer.main import get_command_from_info
    from typer.models import CommandInfo

    probe = get_command_from_info(CommandInfo(name="probe", callback=_debug_flag),
                                  pretty_exceptions_short=True, rich_markup_mode=None)
    return probe.params[0]


class LazyGroup(TyperGroup):
    """A Typer group that builds each command from :data:`COMMANDS` when it is first needed."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_TABLE)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in _TABLE:
            return None
        if cmd_name not in self.commands:
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            command = get_command_from_info(
                CommandInfo(name=cmd_name, callback=COMMANDS[cmd_name], cls=Command),
                pretty_exceptions_short=True, rich_markup_mode=None)
            command.params.append(_debug_param())
            self.commands[cmd_name] = command
        return self.commands[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # The whole summary, wrapped at word boundaries: never cut to fit the terminal.
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary(name)) for name in _TABLE])


def _version(value: bool) -> None:
    if value:
        from sourcing_cli.cli.emit import emit

        emit(f"sourcing {__version__}\n")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    from sourcing_cli.cli.common import STATE

    STATE.debug = debug


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="sourcing",
        help=HELP,
        epilog=EPILOG,
        cls=LazyGroup,
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    return app


def main() -> None:
    from sourcing_cli.stdio import run

    run(lambda: build_app()(prog_name="sourcing"))


def script() -> None:
    """The ``sourcing`` command and ``python -m sourcing_cli`` (entered through
    :func:`sourcing_cli.cli.launch.script`): :func:`main`, then the process ends without the
    interpreter's teardown when nothing needs it (:func:`~sourcing_cli.stdio.leave`).
    Code that calls :func:`main` in a process of its own gets ``SystemExit``, as before."""
    from sourcing_cli.stdio import leave

    try:
        main()
    except SystemExit as exc:
        leave(exc.code)
