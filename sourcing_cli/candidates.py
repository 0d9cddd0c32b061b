"""The candidates for each model: who would deliver it, where, and what is known of them.

A model's candidates are the vendors a profile names for it (a centre of one's own is named the
same way, with ``model: captive_offshore``); a model with none named has one *presumed* candidate,
placed where the catalog's regions file presumes that model's team works. Each candidate carries
facts a catalog condition can test (``where:`` in adjustments and knock-outs):

* the vendor's recorded facts (``vendors[].facts``) and the computed ``security_certified`` and
  ``overlap_hours`` of :mod:`sourcing_cli.vendors`, as of the ``--as-of`` date;
* ``location`` — ``home`` (the profile's home country), ``in_region`` (abroad, inside the home's
  region) or ``outside_region``, from the vendor's country or else the presumption.

A ``where`` holds for a model only when it holds, definitely, for every one of its candidates: a
knock-out removes a model only when none of its candidates escapes it, and a bonus or a penalty
from vendor evidence applies only when every candidate earns it. A fact nobody recorded is
unknown, so it never moves a rating by itself. Pure: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sourcing_cli.conditions import Condition, FieldSpec
from sourcing_cli.records import record
from sourcing_cli.redflags import COMPUTED_FACTS, RedFlags
from sourcing_cli.regions import LOCATIONS, Region, Regions

if TYPE_CHECKING:
    from sourcing_cli.profile_parts import VendorSpec

LOCATION = FieldSpec("location", "choice", choices=LOCATIONS)
_PLACE_TEXT = {"home": "in your own country", "neighbour": "in a neighbouring country",
               "distant": "in a distant country"}


def namespace(red_flags: RedFlags) -> dict[str, FieldSpec]:
    """What a ``where`` may test: vendor facts, computed facts and ``location``."""
    return {**red_flags.fact_specs(), **COMPUTED_FACTS, "location": LOCATION}


@record
class Candidate:
    vendor: str | None  # None: the catalog's presumption, no vendor named
    country: str | None
    place: str | None  # the presumed place (home, neighbour, distant) when no vendor is named
    facts: Mapping[str, Any]

    def describe(self) -> str:
        if self.vendor is not None:
            return f"{self.vendor} works from {self.country}"
        place = _PLACE_TEXT.get(self.place or "", "somewhere unknown")
        return f"presumed to work {place}: no vendor or centre is named for it"


@record
class Candidates:
    region: Region | None  # the home's region; None when the profile gives no home
    by_model: Mapping[str, tuple[Candidate, ...]]

    def holds(self, model: str, condition: Condition) -> bool:
        """True when ``condition`` holds for every candidate of ``model`` (and it has some)."""
        found = self.by_model.get(model, ())
        if len(found) == 1:  # the usual case (the presumption, or one vendor): no generator
            return condition.evaluate(found[0].facts) is True
        return bool(found) and all(condition.evaluate(c.facts) is True for c in found)

    def region_name(self) -> str:
        return self.region.name if self.region is not None else "your region"

    def where(self, model: str) -> str:
        """Where the model's candidates work, for a knock-out's reason."""
        return "; ".join(c.describe() for c in self.by_model.get(model, ())) or "nothing is known"


def candidates(
    catalog_regions: Regions, red_flags: RedFlags, model_ids: Sequence[str],
    answers: Mapping[str, Any], *, home_country: str | None = None,
    home_timezone: str | None = None, vendors: Sequence[VendorSpec] = (), as_of: date | None = None,
) -> Candidates:
    """Every model's candidates: the vendors named for it, else the catalog's presumption."""
    region = catalog_regions.region_of(home_country) if home_country else None
    out: dict[str, tuple[Candidate, ...]] = {}
    for model in model_ids:
        presumption = catalog_regions.presumed(model, answers)
        place = presumption.place if presumption else None
        presumed = _presumed_location(place, region)
        named = [v for v in vendors if v.model == model]
        if not named:
            out[model] = (Candidate(None, None, place, {"location": presumed} if presumed else {}),)
            continue
        # the vendor review's facts: loaded only for a profile that names vendors
        from sourcing_cli.vendors import overlap_hours, security_certified

        found = []
        for vendor in named:
            location = presumed if home_country is None or region is None else (
                "home" if vendor.country == home_country
                else "in_region" if vendor.country in region.countries else "outside_region")
            facts: dict[str, Any] = {**vendor.facts}
            facts["location"] = location
            if as_of is not None:
                facts["security_certified"] = security_certified(red_flags, vendor, as_of)
                if home_timezone:
                    facts["overlap_hours"] = overlap_hours(home_timezone, vendor.timezone, as_of)
            found.append(Candidate(vendor.name, vendor.country, None, facts))
        out[model] = tuple(found)
    return Candidates(region, out)


def _presumed_location(place: str | None, region: Region | None) -> str | None:
    if place is None:
        return None
    if place == "home":
        return "home"
    if place == "neighbour":
        # A neighbour lies in the home's region when that region spans several countries (or
        # when there is no home to tell): a single-country region has no neighbour inside it.
        return "in_region" if region is None or len(region.countries) > 1 else "outside_region"
    return "outside_region"
