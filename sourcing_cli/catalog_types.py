"""Building blocks shared by every catalog file format: ids, raw conditions and citations.

They live apart from :mod:`sourcing_cli.catalog` so that file kinds defined in their own modules
(such as :mod:`sourcing_cli.redflags`) can use them while the catalog registers those kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from sourcing_cli.errors import Diagnostic, did_you_mean, quoted
from sourcing_cli.sources import Citation
from sourcing_cli.validation import Strict
from sourcing_cli.yamlio import Path_, YamlDocument

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
When = dict[str, Any]


class Cite(Strict):
    source: Id
    quote: Annotated[str, Field(min_length=3)]

    def record(self) -> Citation:
        """The plain record a loaded catalog keeps."""
        return Citation(self.source, self.quote)

    def problems(self, doc: YamlDocument, loc: Path_, sources: Mapping[str, Any]) -> list[Diagnostic]:
        """An unknown source, located at ``loc`` (none when the catalog lists no sources)."""
        if not sources or self.source in sources:
            return []
        hint = did_you_mean(self.source, sources)
        return [doc.diag((*loc, "source"), f"unknown source {quoted(self.source)}{hint}")]
