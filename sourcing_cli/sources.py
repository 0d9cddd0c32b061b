"""Where the catalog's knowledge comes from: its sources and the passages it cites.

Plain immutable records, built from the validated catalog files (:mod:`sourcing_cli.catalog_files`)
and kept in the loaded :class:`~sourcing_cli.catalog.Catalog`.
"""

from __future__ import annotations

from sourcing_cli.records import record


@record
class Source:
    id: str
    title: str
    publisher: str
    published: str


@record
class Citation:
    """A passage of a source, quoted word for word."""

    source: str
    quote: str
