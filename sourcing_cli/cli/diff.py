"""``sourcing diff``: what a change to a profile did to the scores and the recommendation.

Compares two profile files, or (``--rev``) a profile with its committed version from git, for
reviewing a pull request that changes a decision.
"""

from __future__ import annotations

import enum
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import guarded
from sourcing_cli.errors import UsageError

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog
    from sourcing_cli.profile import Profile


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
        help="Compare the profile with its version at this git revision (e.g. origin/main).")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    criteria: CriteriaOption = None,
) -> None:
    """Show what changed between two versions of a profile and what it did to the decision.

    Lists the answers and priorities that changed, every model's old and new score, and — when the
    recommendation moved — the change(s) that flipped it: each change is undone on its own and the
    profile re-scored.

    Examples:

      sourcing diff old/support.yaml sourcing/support.yaml

      sourcing diff --rev origin/main sourcing/support.yaml --format markdown
    """
    from sourcing_cli.cli.common import catalog_from
    from sourcing_cli.diff import diff_profiles
    from sourcing_cli.profile import load_profile

    catalog = catalog_from(criteria)
    if rev is not None:
        if len(files) != 1:
            raise UsageError("--rev takes exactly one profile (compared with its committed version)")
        new = load_profile(files[0], catalog, str(files[0]))
        old = committed(files[0], rev, catalog)
    else:
        if len(files) != 2:
            raise UsageError("give two profiles, OLD and NEW (or one profile and --rev GIT_REV)")
        old = load_profile(files[0], catalog, str(files[0]))
        new = load_profile(files[1], catalog, str(files[1]))
    result = diff_profiles(catalog, old, new)
    if fmt is DiffFormat.text:
        from sourcing_cli.console import make_console
        from sourcing_cli.render.diff_text import renderables

        console = make_console()
        for part in renderables(result):
            console.print(part)
        return
    from sourcing_cli.render.diff_formats import RENDERERS

    typer.echo(RENDERERS[fmt.value](result), nl=False)


def committed(path: Path, rev: str, catalog: Catalog) -> Profile:
    """The profile at ``path`` as committed at ``rev`` (``git show REV:./path``)."""
    from sourcing_cli.profile import profile_from_doc
    from sourcing_cli.yamlio import MAX_BYTES, decode, load_text

    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n:"):
        raise UsageError(f"--rev: '{rev}' is not a git revision")
    shown = f"{rev}:{path}"
    directory = path.parent
    try:
        proc = subprocess.run(["git", "show", f"{rev}:./{path.name}"], cwd=directory,
                              capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise UsageError("--rev needs git, which is not installed or not on PATH") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--rev: git show failed: {exc}") from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"--rev: git cannot show {shown}: {why[0] if why else 'unknown error'}")
    if len(proc.stdout) > MAX_BYTES:
        raise UsageError(f"{shown}: over the size limit of {MAX_BYTES // 1_048_576} MiB")
    return profile_from_doc(load_text(decode(proc.stdout, shown), shown, partial=True), catalog)
