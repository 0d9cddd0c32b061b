"""Building blocks shared by every catalog file format: ids, raw conditions and citations.

They live apart from :mod:`sourcing_cli.catalog` so that file kinds defined in their own modules
(such as :mod:`sourcing_cli.redflags`) can use them while the catalog registers those kinds.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from sourcing_cli.validation import Strict

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
When = dict[str, Any]


class Cite(Strict):
    source: Id
    quote: Annotated[str, Field(min_length=3)]
