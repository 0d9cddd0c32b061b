"""The ``vendors`` and ``workstreams`` sections of a profile: their format and resolved form.

What a vendor or a workstream may say is checked here by structure (pydantic: ISO country codes,
IANA time zones, dates written YYYY-MM-DD); what only the catalog knows — model ids, vendor fact
ids and values, answer ids and values — is checked by :mod:`sourcing_cli.profile_checks`, which
also resolves each workstream into a :class:`Workstream`: the profile's answers overridden by the
workstream's own. Most profiles have neither section: :mod:`sourcing_cli.profile` imports this
module (and so builds these models) only for a profile that gives one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from sourcing_cli.records import record
from sourcing_cli.validation import CountryCode, IsoDate, Priority, Strict, TimeZoneName

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.stakeholders import Group

Name = Annotated[str, Field(min_length=1, max_length=200)]


class Certification(Strict):
    """A certificate the vendor holds, valid up to and including ``expires``."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    expires: IsoDate


class VendorSpec(Strict):
    """A vendor under consideration. ``certifications`` left out means not recorded (unknown);
    an empty list means the vendor holds none. ``workstream`` names the workstream the vendor
    would serve: its answers (not the shared ones) then decide the vendor's flags."""

    name: Name
    model: str
    country: CountryCode
    timezone: TimeZoneName
    certifications: list[Certification] | None = None
    facts: dict[str, Any] = {}
    workstream: Name | None = None


class WorkstreamSpec(Strict):
    """A piece of the work assessed on its own: the profile's answers and priorities with these
    overrides."""

    name: Name
    answers: dict[str, Any] = {}
    priorities: dict[str, Priority] = {}


@record
class Workstream:
    """A workstream with every answer resolved (the profile's, its own overrides, defaults)."""

    name: str
    index: int
    answers: Mapping[str, Any]
    given: frozenset[str]
    defaulted: tuple[str, ...]
    priorities: Mapping[str, float]
    ahp: AhpResult | None = None  # the profile's pairwise weights, unless it has priorities
    group: Group | None = None  # the profile's stakeholders, unless it has priorities
