"""``sourcing init``: write a commented starter profile."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import catalog_from, guarded, write_output

INTRO = """A starter sourcing profile. Score it with: sourcing assess {path}
Every answer below is the catalog default: change what does not fit your case, and delete an
answer you do not know (the report then lists it as defaulted)."""


@guarded
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the profile.")] = Path("profile.yaml"),
    name: Annotated[str, typer.Option("--name", help="What is being sourced.")] = "My sourcing decision",
    criteria: CriteriaOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a commented starter profile with every question and its default.

    Examples:

      sourcing init

      sourcing init qa.yaml --name "QA testing"
    """
    from sourcing_cli.profile_writer import render_profile

    catalog = catalog_from(criteria)
    answers = {q.id: q.default for q in catalog.questions}
    text = render_profile(catalog, name=name, home=None, answers=answers,
                          intro=INTRO.format(path=path))
    write_output(path, text, force=force)
