"""What every command shares: error handling at the boundary, the catalog, dates and output files.

:func:`guarded` wraps each command so that input errors print as ``path:line:col: error: …`` lines on
stderr and exit 2, usage errors exit 2, Ctrl-C exits 130 and a bug exits 70 with one line — with a
traceback only under ``--debug``. This is the only place that maps failures to exit codes.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer
from typer.exceptions import TyperException

from sourcing_cli.errors import InputError, UsageError, printable

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70  # a bug: reported in one line, with the traceback under --debug


@dataclass
class State:
    debug: bool = False


STATE = State()


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a command, mapping failures to the documented exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            if STATE.debug:
                raise
            for diagnostic in exc.diagnostics:
                err(diagnostic.render())
            raise typer.Exit(EXIT_INPUT) from None
        except UsageError as exc:
            if STATE.debug:
                raise
            err("error: " + "\n".join(printable(line) for line in str(exc).split("\n")))
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except (typer.Exit, typer.Abort, TyperException):  # Typer's own exits and usage errors
            raise
        except Exception as exc:  # a bug: one line, never a traceback, unless --debug
            if STATE.debug:
                raise
            err(f"internal error: {type(exc).__name__}: {printable(str(exc), 300)} — please report "
                "it (rerun with --debug for the traceback)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def catalog_from(criteria: Path | None) -> Catalog:
    from sourcing_cli.catalog import load_catalog

    return load_catalog(criteria)


def parse_as_of(text: str | None) -> date:
    """``--as-of``: a fixed date makes every output reproducible; default today."""
    if text is None:
        return date.today()
    from sourcing_cli.validation import date_problem, iso_date

    found = iso_date(text)
    if found is None:
        raise UsageError(f"--as-of: {date_problem(text)}")
    return found


def write_output(path: Path, text: str, *, force: bool) -> None:
    from sourcing_cli.fsutil import atomic_write

    atomic_write(path, text, replace=force)
    err(f"wrote {path}")
