"""``sourcing init``: write a commented starter profile (or, with ``--policy``, a starter policy)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import catalog_from, claim_outputs, guarded
from sourcing_cli.cli.emit import write_output

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog

INTRO = """A starter sourcing profile. Score it with: sourcing assess {path}
Every answer below is the catalog default: change what does not fit your case, and delete an
answer you do not know (the report then lists it as defaulted)."""


@guarded
def init(
    path: Annotated[Path | None, typer.Argument(
        help="Where to write it (default: profile.yaml, or .sourcing-policy.yaml with --policy).",
        show_default=False)] = None,
    name: Annotated[str, typer.Option("--name", metavar="TEXT",
                                               help="What is being sourced.")] = "My sourcing decision",
    policy: Annotated[bool, typer.Option(
        "--policy", help="Write a commented starter policy for `sourcing check` instead.")] = False,
    criteria: CriteriaOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a commented starter profile with every question and its default (or --policy).

    Examples:

      sourcing init

      sourcing init qa.yaml --name "QA testing"

      sourcing init --policy
    """
    from sourcing_cli.profile_writer import render_profile

    path = path or Path(".sourcing-policy.yaml" if policy else "profile.yaml")
    claim_outputs(force, path)
    catalog = catalog_from(criteria)
    if policy:
        _init_policy(catalog, path, force)
        return
    answers = {q.id: q.default for q in catalog.questions}
    text = render_profile(catalog, name=name, home=None, answers=answers,
                          intro=INTRO.format(path=path))
    write_output(path, text, force=force)


def _init_policy(catalog: Catalog, path: Path, force: bool) -> None:
    import datetime

    from sourcing_cli.policy_schema import starter_policy

    next_year = datetime.date.today().year + 1
    write_output(path, starter_policy(catalog, f"{next_year}-12-31"), force=force)
