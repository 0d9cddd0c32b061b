"""``sourcing validate``: check profiles and catalog files without assessing them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import EXIT_INPUT, catalog_from, guarded
from sourcing_cli.cli.emit import emit, err
from sourcing_cli.errors import InputError, shown_path


@guarded
def validate(
    files: Annotated[list[Path], typer.Argument(help="Profiles, policies or catalog files to check.",
                                                show_default=False)],
    criteria: CriteriaOption = None,
) -> None:
    """Check that FILES are valid, reporting every error of each file (exit 2 if any is not).

    Profiles are checked against the catalog (the built-in one, or --criteria). A catalog file
    (one that declares `kind`) is checked together with the folder it belongs to, since its
    ratings and conditions must agree with the models and questions beside it. A policy
    (.sourcing-policy.yaml, or any file with a `profiles` list) is checked against the catalog.

    Examples:

      sourcing validate examples/*.yaml

      sourcing validate my-criteria/cost.yaml
    """
    from sourcing_cli.catalog import load_catalog
    from sourcing_cli.filekind import file_kind
    from sourcing_cli.profile import load_profile

    failed = 0
    for path in files:
        try:
            kind = file_kind(path)
            if kind == "catalog":
                load_catalog(path.parent)
            elif kind == "policy":
                from sourcing_cli.policy import load_policy

                load_policy(path, catalog_from(criteria), shown_path(path))
            else:
                load_profile(path, catalog_from(criteria), shown_path(path))
        except InputError as exc:
            failed += 1
            mine = [d for d in exc.diagnostics if d.path == shown_path(path)] or list(exc.diagnostics)
            for diagnostic in mine:
                err(diagnostic.render())
            continue
        emit(f"{shown_path(path)}: ok ({kind})\n")
    if failed:
        err(f"{failed} of {len(files)} file(s) invalid")
        raise typer.Exit(EXIT_INPUT)
