"""``sourcing diff``: what a change to a profile did to the scores and the recommendation.

Compares two profile files, or (``--rev``) a profile with its committed version from git, for
reviewing a pull request that changes a decision; a profile the revision does not have is shown as
added. It takes ``--as-of``, ``--method`` and ``-o`` as ``assess`` does.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from sourcing_cli.cli.assess import AsOfOption, CriteriaOption, Method, MethodOption
from sourcing_cli.cli.common import (
    catalog_from,
    claim_outputs,
    guarded,
    parse_as_of,
    read_profile,
)
from sourcing_cli.cli.emit import emit
from sourcing_cli.errors import UsageError


class DiffFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@guarded
def diff(
    files: Annotated[list[Path], typer.Argument(
        metavar="PROFILE", show_default=False,
        help="OLD NEW: the old and the new profile; with --rev, just the profile.")],
    rev: Annotated[str | None, typer.Option(
        "--rev", metavar="GIT_REV",
        help="Compare the profile with its version at this git revision (e.g. origin/main); a "
             "profile that is not in it is shown as added.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the diff to FILE, not stdout.")] = None,
    criteria: CriteriaOption = None,
    as_of: AsOfOption = None,
    method: MethodOption = Method.wsm,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")
                     ] = False,
) -> None:
    """Show what changed between two versions of a profile and what it did to the decision.

    Lists the answers and weights that changed, every model's old and new score, the vendors' red
    flags raised or cleared, and — when the recommendation moved — the change(s) that flipped it:
    each change is undone on its own and the profile re-scored. Both versions are assessed as
    `sourcing assess` would, with the same --method and --as-of.

    Examples:

      sourcing diff old/support.yaml sourcing/support.yaml

      sourcing diff --rev origin/main sourcing/support.yaml --format markdown -o diff.md

      sourcing diff old.yaml new.yaml --method topsis --as-of 2026-01-01 --format json
    """
    from sourcing_cli.diff import diff_profiles

    if rev is not None and len(files) != 1:
        raise UsageError("--rev takes exactly one profile (compared with its committed version)")
    if rev is None and len(files) != 2:
        raise UsageError("give two profiles, OLD and NEW (or one profile and --rev GIT_REV)")
    claim_outputs(force, output)
    when = parse_as_of(as_of)
    catalog = catalog_from(criteria)
    if rev is not None:
        from sourcing_cli.revision import committed_profile

        new = read_profile(files[0], catalog)
        old = committed_profile(files[0], rev, catalog)
        result = diff_profiles(catalog, old, new, as_of=when, method=method.value,
                               old_path=f"{rev}:{files[0]}")
    else:
        old, new = (read_profile(f, catalog) for f in files)
        result = diff_profiles(catalog, old, new, as_of=when, method=method.value)
    if fmt is DiffFormat.text and output is None:
        from sourcing_cli.render.diff_text import renderables

        emit(renderables(result))
        return
    from sourcing_cli.render.diff_formats import RENDERERS

    emit(RENDERERS[fmt.value](result), output, force=force)
