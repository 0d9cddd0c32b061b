"""``sourcing schema``: print a JSON Schema for editors and CI."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import catalog_from, guarded
from sourcing_cli.cli.emit import emit


class SchemaKind(str, enum.Enum):
    profile = "profile"
    policy = "policy"
    criteria = "criteria"


@guarded
def schema(
    kind: Annotated[SchemaKind, typer.Argument(
        help="Which file format: profile, policy or criteria.", show_default=False)],
    criteria: CriteriaOption = None,
) -> None:
    """Print the JSON Schema (draft-07) of a file format.

    Save it next to your profiles and point the yaml-language-server line at it, for completion
    and checking as you type.

    Examples:

      sourcing schema profile > profile.schema.json

      sourcing schema criteria > criteria.schema.json

      sourcing schema policy > policy.schema.json
    """
    from sourcing_cli import schema as schemas

    if kind is SchemaKind.policy:
        from sourcing_cli.policy_schema import policy_schema

        data: dict[str, Any] = policy_schema(catalog_from(criteria))
    else:
        data = (schemas.profile_schema(catalog_from(criteria))
                if kind is SchemaKind.profile else schemas.criteria_schema())
    from sourcing_cli.render.escape import json_text

    emit(json_text(data))
