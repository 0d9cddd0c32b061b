"""Regions and presumed locations: where a model's team works, relative to the profile's home.

A catalog file of ``kind: regions`` declares

* ``regions`` — areas within which data may move freely (the European Economic Area, …), each a
  list of ISO 3166 country codes, optionally including other regions. A home country's region is
  the first one that lists it; a country no region lists is a region of its own;
* ``presumed`` — where each model's team works when the profile names no vendor or centre country
  for it: at ``home``, in a ``neighbour``ing country or in a ``distant`` one, the first entry for
  the model whose ``when`` holds.

With these, data residency is a constraint on places, not a rating: a knock-out's ``where`` test
on a candidate's ``location`` (``home``, ``in_region``, ``outside_region``; see
:mod:`sourcing_cli.candidates`) removes exactly the models whose teams lie outside the region.
The file format and its checks are in :mod:`sourcing_cli.regions_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sourcing_cli.conditions import Condition, holds
from sourcing_cli.records import record

#: Where a candidate lies, relative to the profile's home: the values of the ``location`` fact.
LOCATIONS = ("home", "in_region", "outside_region")
#: Where a model's team is presumed to work when no country is named for it.
PLACES = ("home", "neighbour", "distant")


@record
class Region:
    id: str
    name: str
    countries: tuple[str, ...]


@record
class Presumption:
    model: str
    when: Condition | None
    place: str  # one of PLACES
    source: str


@record
class Regions:
    regions: tuple[Region, ...]
    presumptions: tuple[Presumption, ...]
    source: str

    def region_of(self, country: str) -> Region:
        """The first region that lists ``country``, else the country on its own."""
        for region in self.regions:
            if country in region.countries:
                return region
        return Region(country.lower(), f"your country ({country})", (country,))

    def presumed(self, model: str, answers: Mapping[str, Any]) -> Presumption | None:
        """Where ``model``'s team is presumed to work, or ``None`` when the catalog does not say."""
        return next((p for p in self.presumptions
                     if p.model == model and (p.when is None or holds(p.when, answers))), None)


NO_REGIONS = Regions((), (), "")
