"""The regions catalog file (``kind: regions``): its format, and the checks that load it.

:func:`load_regions` cross-checks a validated file against the catalog's models and questions and
returns the :class:`~sourcing_cli.regions.Regions` that :mod:`sourcing_cli.candidates` reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field

from sourcing_cli.catalog_types import Id, When
from sourcing_cli.conditions import Compiler, FieldSpec
from sourcing_cli.errors import Diagnostic, did_you_mean
from sourcing_cli.regions import Presumption, Region, Regions
from sourcing_cli.validation import CountryCode, Strict
from sourcing_cli.yamlio import Path_, YamlDocument


class RegionSpec(Strict):
    id: Id
    name: Annotated[str, Field(min_length=2, max_length=80)]
    countries: list[CountryCode] = []
    include: list[Id] = []


class PresumptionSpec(Strict):
    model: Id
    when: When | None = None
    place: Literal["home", "neighbour", "distant"]


class RegionsFile(Strict):
    kind: Literal["regions"]
    regions: list[RegionSpec]
    presumed: list[PresumptionSpec]


def load_regions(
    doc: YamlDocument, spec: RegionsFile, questions: Mapping[str, FieldSpec],
    model_ids: tuple[str, ...], errors: list[Diagnostic],
) -> Regions:
    """Cross-check a regions file against the models and questions; append located errors."""
    regions: list[Region] = []
    seen: dict[str, Region] = {}
    for i, r in enumerate(spec.regions):
        loc: Path_ = ("regions", i)
        if r.id in seen:
            errors.append(doc.diag((*loc, "id"), f"duplicate region id '{r.id}'"))
        countries = list(r.countries)
        for j, other in enumerate(r.include):
            included = seen.get(other)
            if included is None:
                hint = did_you_mean(other, seen) or "; a region can include only one listed above it"
                errors.append(doc.diag((*loc, "include", j), f"unknown region '{other}'{hint}"))
                continue
            countries += [c for c in included.countries if c not in countries]
        if not countries:
            errors.append(doc.diag(loc, f"region '{r.id}' lists no countries"))
        for j, country in enumerate(r.countries):
            if r.countries.index(country) != j:
                errors.append(doc.diag((*loc, "countries", j), f"'{country}' is listed twice"))
        region = Region(r.id, r.name, tuple(countries))
        seen.setdefault(r.id, region)
        regions.append(region)
    presumptions = []
    for i, p in enumerate(spec.presumed):
        loc = ("presumed", i)
        if p.model not in model_ids:
            hint = did_you_mean(p.model, model_ids)
            errors.append(doc.diag((*loc, "model"), f"unknown model '{p.model}'{hint}"))
        when = None
        if p.when is not None:
            compiler = Compiler(doc, questions, "question")
            when = compiler.compile(p.when, (*loc, "when"))
            errors.extend(compiler.errors)
        presumptions.append(Presumption(p.model, when, p.place,
                                        f"{doc.path}:{doc.value_pos(loc)[0]}"))
    return Regions(tuple(regions), tuple(presumptions), doc.path)
