"""What every command shares: error handling at the boundary, the catalog, reading a profile or a
policy, dates and claiming output files (writing them, and all other output:
:mod:`sourcing_cli.cli.emit`).

:func:`guarded` wraps each command so that input errors print as ``path:line:col: error: …`` lines on
stderr and exit 2, usage errors exit 2, Ctrl-C exits 130 and a bug exits 70 with one line — with a
traceback only under ``--debug``. This is the only place that maps failures to exit codes.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from typer.exceptions import TyperException

from sourcing_cli.cli.emit import err
from sourcing_cli.errors import InputError, UsageError, printable, shown_path
from sourcing_cli.stdio import OutputLost

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog
    from sourcing_cli.policy import Policy
    from sourcing_cli.profile import Profile

__all__ = [  # err lives in sourcing_cli.cli.emit; named here for the interviews, which take it
    "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_VIOLATIONS", "STATE",
    "catalog_from", "claim_outputs", "err", "guarded", "parse_as_of", "read_policy",
    "read_profile",
]

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
        except (UsageError, OutputLost) as exc:
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
            _forget_cached_catalogs()
            if STATE.debug:
                raise
            err(f"internal error: {type(exc).__name__}: {printable(str(exc), 300)} — please report "
                "it (rerun with --debug for the traceback)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def _forget_cached_catalogs() -> None:
    """After a bug, drop the cache entries this run read: should one be the cause, the next run
    rebuilds it from the catalog's files instead of failing again."""
    cache = sys.modules.get("sourcing_cli.catalog_cache")
    if cache is not None:
        cache.discard_used()


def catalog_from(criteria: Path | None) -> Catalog:
    from sourcing_cli.catalog import load_catalog

    return load_catalog(criteria)


def read_profile(
    path: Path, catalog: Catalog, overrides: Mapping[str, Any] | None = None
) -> Profile:
    """The profile a user named: :func:`sourcing_cli.profile.load_profile`, a policy or a catalog
    file given instead refused with the command it is for."""
    from sourcing_cli.profile import load_profile

    return load_profile(path, catalog, shown_path(path), overrides=overrides,
                        refuse_other_formats=True)


def read_policy(path: Path, catalog: Catalog, shown: str) -> Policy:
    """The policy a user named (or ``check`` found): :func:`sourcing_cli.policy.load_policy`, a
    profile or a catalog file given instead refused with the command it is for."""
    from sourcing_cli.policy import load_policy

    return load_policy(path, catalog, shown, refuse_other_formats=True)


def parse_as_of(text: str | None) -> date:
    """``--as-of``: a fixed date makes every output reproducible; default today."""
    if text is None:
        return date.today()
    from sourcing_cli.validation import date_problem, iso_date

    found = iso_date(text)
    if found is None:
        raise UsageError(f"--as-of: {date_problem(text)}")
    return found


def claim_outputs(force: bool, *paths: Path | None) -> None:
    """Refuse the output files a command would write — existing ones without ``--force``, the
    same file twice — before it reads or computes anything."""
    from sourcing_cli.fsutil import check_target

    given = [p for p in paths if p is not None]
    for path in given:
        check_target(path, replace=force)
    seen: set[str] = set()
    for path in given:
        key = os.path.realpath(path)
        if key in seen:
            raise UsageError(f"{path}: given twice as an output file; give each output its own file")
        seen.add(key)
