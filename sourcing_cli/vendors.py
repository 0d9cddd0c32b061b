"""Vendor due diligence: red flags, certificate status and time-zone overlap, as of one date.

Pure: it takes validated vendors, the red-flag catalog, the profile's answers and home time zone,
the models the engine knocked out and the ``--as-of`` date, and returns an immutable
:class:`VendorReview` — no clock, no files, no printing.

* **Overlap** is the working day (09:00–17:00 local at each end) two time zones share on the as-of
  date: both days are placed in UTC, and the partner's previous, same and next day are checked, so
  daylight-saving time counts where it applies on that date.
* **Certificates** are valid up to and including their expiry date; one that expires within the
  catalog's ``expiry_warning_days`` is *expiring*.
* **Flags** are the catalog's rules, evaluated three-valued over the vendor's facts, the answers
  and the computed facts; a fact nobody recorded never raises a flag — it is listed as missing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sourcing_cli.conditions import Any_, Condition, Not, Test, holds
from sourcing_cli.records import record
from sourcing_cli.redflags import SEVERITIES, RedFlag, RedFlags, fill, normalise_certificate
from sourcing_cli.validation import zone

if TYPE_CHECKING:
    from sourcing_cli.profile_parts import VendorSpec

WORKDAY = (time(9), time(17))
NEEDED_ANSWER = "overlap_hours_needed"


@record
class CertificateStatus:
    name: str
    expires: date
    days_left: int  # negative once expired
    status: str  # "valid" | "expiring" | "expired"


@record
class Hit:
    """One red flag raised for one vendor."""

    vendor: str
    flag: str
    name: str
    severity: str
    message: str
    because: str  # the tests that held, with the vendor's values
    source: str


@record
class VendorResult:
    name: str
    model: str
    workstream: str | None
    knocked_out: bool
    country: str
    timezone: str
    overlap_hours: float | None
    security_certified: bool | None
    certificates: tuple[CertificateStatus, ...]
    flags: tuple[Hit, ...]  # most severe first, then in catalog order
    missing: tuple[str, ...]


@record
class VendorReview:
    vendors: tuple[VendorResult, ...]

    @property
    def flags(self) -> tuple[Hit, ...]:
        return tuple(hit for vendor in self.vendors for hit in vendor.flags)


NO_VENDORS = VendorReview(())


_DAY = 86_400
_LAST_DAY = date.max.toordinal()


def _workday_utc(zone_name: str, ordinal: int) -> tuple[int, int]:
    """The 09:00–17:00 working day on day ``ordinal`` of ``zone_name``, as seconds on one UTC
    scale — plain integers, so the first and last days of the calendar do not overflow."""
    tz = zone(zone_name)
    # a day before 0001-01-01 or after 9999-12-31 keeps the offset of the calendar's end
    day = date.fromordinal(min(max(ordinal, 1), _LAST_DAY))
    start, end = (
        ordinal * _DAY + t.hour * 3600 + t.minute * 60
        - int((tz.utcoffset(datetime.combine(day, t)) or timedelta()).total_seconds())
        for t in WORKDAY
    )
    return start, end


@lru_cache(maxsize=1024)  # a vendor is met in its workstream's candidates, review and the profile's
def overlap_hours(home: str, other: str, day: date) -> float:
    """Hours of the 09:00–17:00 working day that ``home`` and ``other`` share on ``day``."""
    start, end = _workday_utc(home, day.toordinal())
    seconds = 0
    for shift in (-1, 0, 1):
        other_start, other_end = _workday_utc(other, day.toordinal() + shift)
        seconds += max(0, min(end, other_end) - max(start, other_start))
    return seconds / 3600


def certificate_status(name: str, expires: date, as_of: date, warning_days: int) -> CertificateStatus:
    days_left = (expires - as_of).days
    status = "expired" if days_left < 0 else "expiring" if days_left <= warning_days else "valid"
    return CertificateStatus(name, expires, days_left, status)


Context = tuple[Mapping[str, Any], Collection[str]]  # answers, knocked-out models


def review_vendors(
    red_flags: RedFlags, vendors: Sequence[VendorSpec], home_timezone: str | None,
    answers: Mapping[str, Any], as_of: date, knocked_out: Collection[str],
    streams: Mapping[str, Context] | None = None, reviewed: Mapping[str, VendorResult] | None = None,
) -> VendorReview:
    """Check every vendor as of ``as_of``, against the answers and knock-outs of the workstream
    it serves (``streams``, by name) or else the given ones; vendors keep the profile's order.
    ``reviewed`` holds, by vendor name, results already made in that same context (a
    workstream's own review of its vendors), which are taken as they are."""
    out = []
    for vendor in vendors:
        known = (reviewed or {}).get(vendor.name)
        if known is not None:
            out.append(known)
            continue
        context = (streams or {}).get(vendor.workstream or "", (answers, knocked_out))
        out.append(_review(red_flags, vendor, home_timezone, context[0], as_of,
                           vendor.model in context[1]))
    return VendorReview(tuple(out))


def _review(
    red_flags: RedFlags, vendor: VendorSpec, home_timezone: str | None,
    answers: Mapping[str, Any], as_of: date, knocked_out: bool,
) -> VendorResult:
    certificates = tuple(
        certificate_status(c.name, c.expires, as_of, red_flags.expiry_warning_days)
        for c in vendor.certifications or ()
    )
    certified = _certified(red_flags, certificates) if vendor.certifications is not None else None
    overlap = overlap_hours(home_timezone, vendor.timezone, as_of) if home_timezone else None
    values: dict[str, Any] = {**answers, **vendor.facts, "security_certified": certified,
                              "overlap_hours": overlap}
    raised: list[tuple[RedFlag, str, str]] = [
        (flag, fill(flag.message, {}), "; ".join(because(flag.when, values))) for flag in red_flags.flags
        if flag.when is not None and holds(flag.when, values)
    ]
    raised += _computed(red_flags, certificates, overlap, answers.get(NEEDED_ANSWER))
    order = {flag.id: i for i, flag in enumerate(red_flags.all_flags())}
    raised.sort(key=lambda item: (SEVERITIES.index(item[0].severity), order[item[0].id]))
    hits = tuple(Hit(vendor.name, f.id, f.name, f.severity, text, why, f.source)
                 for f, text, why in raised)
    missing = [fact for fact in red_flags.fact_ids if vendor.facts.get(fact) is None]
    if certified is None:
        missing.append("security_certified")
    if overlap is None:
        missing.append("overlap_hours")
    return VendorResult(vendor.name, vendor.model, vendor.workstream, knocked_out, vendor.country,
                        vendor.timezone, overlap, certified, certificates, hits, tuple(missing))


def security_certified(red_flags: RedFlags, vendor: VendorSpec, as_of: date) -> bool | None:
    """Whether the vendor holds a security certificate valid on ``as_of`` (``None``: the profile
    does not record its certificates)."""
    if vendor.certifications is None:
        return None
    return _certified(red_flags, [
        certificate_status(c.name, c.expires, as_of, red_flags.expiry_warning_days)
        for c in vendor.certifications])


def _certified(red_flags: RedFlags, certificates: Sequence[CertificateStatus]) -> bool:
    return any(c.status != "expired" and _is_security(c.name, red_flags.security_certifications)
               for c in certificates)


def because(condition: Condition, values: Mapping[str, Any]) -> list[str]:
    """The tests that make a holding condition true, each with the value it saw."""
    if isinstance(condition, Test):
        if condition.op == "eq":
            return [condition.describe()]
        return [f"{condition.describe()} (is {_show(values[condition.name])})"]
    if isinstance(condition, Not):
        return [condition.describe()]
    items: tuple[Condition, ...] = condition.items
    if isinstance(condition, Any_):
        items = tuple(item for item in items if holds(item, values))
    return [text for item in items for text in because(item, values)]


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return hours_text(value) if value.is_integer() else repr(value)
    return str(value)


def _is_security(name: str, security: Sequence[str]) -> bool:
    normal = normalise_certificate(name)
    return any(normal.startswith(prefix) for prefix in security)


def _computed(
    red_flags: RedFlags, certificates: Sequence[CertificateStatus], overlap: float | None,
    needed: Any,
) -> list[tuple[RedFlag, str, str]]:
    out: list[tuple[RedFlag, str, str]] = []
    flag = red_flags.computed.get("certification_expired")
    expired = [c for c in certificates if c.status == "expired"]
    if flag is not None and expired:
        listed = ", ".join(f"{c.name} (on {c.expires.isoformat()})" for c in expired)
        why = "; ".join(f"{c.name} expired {-c.days_left} day(s) ago" for c in expired)
        out.append((flag, fill(flag.message, {"certificates": listed}), why))
    flag = red_flags.computed.get("certification_expiring")
    expiring = [c for c in certificates if c.status == "expiring"]
    if flag is not None and expiring:
        listed = ", ".join(f"{c.name} (on {c.expires.isoformat()})" for c in expiring)
        why = "; ".join(f"{c.name} expires in {c.days_left} day(s)" for c in expiring)
        out.append((flag, fill(flag.message, {"certificates": listed,
                                              "days": str(red_flags.expiry_warning_days)}), why))
    flag = red_flags.computed.get("insufficient_overlap")
    is_number = isinstance(needed, int | float) and not isinstance(needed, bool)
    if flag is not None and overlap is not None and is_number and overlap < needed:
        shown = {"overlap": hours_text(overlap), "needed": hours_text(needed)}
        why = f"overlap_hours {shown['overlap']} < {NEEDED_ANSWER} {shown['needed']}"
        out.append((flag, fill(flag.message, shown), why))
    return out


def hours_text(hours: float) -> str:
    """``3``, ``2.5``, ``0.75``: hours without trailing zeros."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text or "0"
