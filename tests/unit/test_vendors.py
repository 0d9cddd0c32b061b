"""Vendor due diligence: red flags, certificate expiry and working-day overlap (pure)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.profile import resolve_answers
from sourcing_cli.profile_parts import VendorSpec
from sourcing_cli.validation import zone
from sourcing_cli.vendors import VendorResult, overlap_hours, review_vendors

TEN_FLAGS = [
    "lack_of_transparency", "inadequate_data_protection", "poor_sla_performance",
    "communication_delays", "vendor_lock_in", "political_instability", "weak_ip_enforcement",
    "cultural_misalignment", "no_business_continuity", "high_attrition",
]

GOOD_FACTS: dict[str, Any] = {
    "reporting_access": True, "sla_attainment_pct": 97.5, "sla_tracking": True,
    "meetings_cancelled_pct": 5, "contact_changes_per_year": 1, "share_of_function_pct": 60,
    "exit_plan": True, "proprietary_tooling": False, "political_stability": "stable",
    "ip_enforcement": "strong", "agile_alignment": "high", "bcp_documented": True,
    "bcp_tested_within_months": 12, "attrition_pct": 14, "security_controls": True,
    "compliance_evidence": True,
}
BAD_FACTS: dict[str, Any] = {
    "reporting_access": False, "sla_attainment_pct": 80, "sla_tracking": False,
    "meetings_cancelled_pct": 40, "contact_changes_per_year": 6, "share_of_function_pct": 95,
    "exit_plan": False, "proprietary_tooling": True, "political_stability": "unstable",
    "ip_enforcement": "weak", "agile_alignment": "low", "bcp_documented": False,
    "bcp_tested_within_months": 36, "attrition_pct": 45, "security_controls": False,
    "compliance_evidence": False,
}
AS_OF = date(2026, 6, 1)


def vendor(facts: Mapping[str, Any] | None = None, **extra: Any) -> VendorSpec:
    data: dict[str, Any] = {
        "name": "Andes QA Labs", "model": "nearshore_outsourcing", "country": "CO",
        "timezone": "America/Bogota",
        "certifications": [{"name": "iso27001", "expires": "2027-05-01"}],
        "facts": dict(facts if facts is not None else GOOD_FACTS),
    }
    data.update(extra)
    return VendorSpec.model_validate(data)


def answers(catalog: Catalog, **given: Any) -> dict[str, Any]:
    return resolve_answers(catalog, given)[0]


def review(catalog: Catalog, spec: VendorSpec, as_of: date = AS_OF, home: str | None =
           "America/New_York", knocked_out: tuple[str, ...] = (), **given: Any) -> VendorResult:
    result = review_vendors(catalog.red_flags, [spec], home, answers(catalog, **given), as_of,
                            knocked_out)
    return result.vendors[0]


def flags(result: VendorResult) -> list[str]:
    return [hit.flag for hit in result.flags]


# ---- overlap -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 11, 23), 3.0), (date(2026, 3, 20), 4.0),
                                            (date(2026, 7, 1), 3.0)])
def test_london_new_york_overlap_follows_daylight_saving(day: date, hours: float) -> None:
    assert overlap_hours("Europe/London", "America/New_York", day) == hours
    assert overlap_hours("America/New_York", "Europe/London", day) == hours


def test_overlap_uses_the_partners_previous_day() -> None:
    # Auckland's Friday 09:00 is Honolulu's Thursday 10:00.
    assert overlap_hours("Pacific/Auckland", "Pacific/Honolulu", date(2026, 3, 20)) == 7.0
    assert overlap_hours("Pacific/Honolulu", "Pacific/Auckland", date(2026, 3, 20)) == 7.0


def test_overlap_of_half_hour_zones_and_no_overlap() -> None:
    assert overlap_hours("Europe/Berlin", "Asia/Kolkata", date(2026, 1, 15)) == 3.5
    assert overlap_hours("America/New_York", "Asia/Manila", date(2026, 1, 15)) == 0.0
    assert overlap_hours("Europe/Berlin", "Europe/Berlin", date(2026, 1, 15)) == 8.0


EXTREME_ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12", "Etc/GMT-14",
                 "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"]


@pytest.mark.parametrize("day", [date.min, date.max, date(1, 1, 2), date(9999, 12, 30)],
                         ids=str)
def test_overlap_at_the_ends_of_the_calendar(day: date) -> None:
    for home in EXTREME_ZONES:
        for other in EXTREME_ZONES:
            hours = overlap_hours(home, other, day)
            assert 0 <= hours <= 8
            if home == other:
                assert hours == 8
    # fixed offsets: the same as on any other day
    for home, other, hours in (("Etc/GMT-14", "Etc/GMT+12", 6), ("Etc/GMT-2", "UTC", 6),
                               ("Etc/GMT-14", "UTC", 0)):
        assert overlap_hours(home, other, day) == hours
        assert overlap_hours(home, other, date(2026, 1, 15)) == hours


def test_a_vendor_is_reviewed_on_the_first_and_last_days_of_the_calendar(catalog: Catalog) -> None:
    spec = vendor(name="Far Away", model="offshore_outsourcing", country="KI",
                  timezone="Pacific/Kiritimati",
                  certifications=[{"name": "iso27001", "expires": "9999-12-31"},
                                  {"name": "soc2", "expires": "0001-01-01"}])
    first = review(catalog, spec, date.min, home="Etc/GMT+2", overlap_hours_needed=4)
    assert first.overlap_hours is not None and 0 <= first.overlap_hours <= 8
    assert [c.status for c in first.certificates] == ["valid", "expiring"]
    last = review(catalog, spec, date.max, home="Etc/GMT+2", overlap_hours_needed=4)
    assert last.overlap_hours == 0  # Kiritimati is UTC+14 by then: 16 hours apart
    assert [c.status for c in last.certificates] == ["expiring", "expired"]
    assert {"insufficient_overlap", "certification_expired"} <= set(flags(last))


@pytest.mark.parametrize(("day", "flagged"), [(date(2026, 11, 23), True),
                                              (date(2026, 3, 20), False)])
def test_insufficient_overlap_follows_the_as_of_date(
    catalog: Catalog, day: date, flagged: bool
) -> None:
    spec = vendor(name="Hudson Partners", model="onshore_outsourcing", country="US",
                  timezone="America/New_York")
    result = review(catalog, spec, day, home="Europe/London", overlap_hours_needed=4)
    assert ("insufficient_overlap" in flags(result)) is flagged
    if flagged:
        hit = next(h for h in result.flags if h.flag == "insufficient_overlap")
        assert hit.severity == "medium"
        assert hit.message.startswith("Only 3 h of the working day (09:00–17:00 at each end) "
                                      "is shared; you need 4 h.")
        assert hit.because == "overlap_hours 3 < overlap_hours_needed 4"


# ---- the ten red flags -------------------------------------------------------------------------


def test_a_vendor_with_every_bad_fact_raises_all_ten_flags(catalog: Catalog) -> None:
    result = review(catalog, vendor(BAD_FACTS, certifications=[]), data_sensitivity="health")
    assert sorted(set(flags(result)) & set(TEN_FLAGS)) == sorted(TEN_FLAGS)
    assert result.missing == ()


def test_a_vendor_with_good_facts_raises_none(catalog: Catalog) -> None:
    result = review(catalog, vendor(), data_sensitivity="health", ip_sensitivity="high",
                    duration_months=60, overlap_hours_needed=4)
    assert result.flags == ()
    assert result.missing == ()
    assert result.security_certified is True


def test_flags_come_most_severe_first_with_their_reasons(catalog: Catalog) -> None:
    result = review(catalog, vendor(BAD_FACTS, certifications=[]), data_sensitivity="health")
    severities = [hit.severity for hit in result.flags]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    because = {hit.flag: hit.because for hit in result.flags}
    assert because["lack_of_transparency"] == "reporting_access = false"
    assert because["high_attrition"] == "attrition_pct ≥ 25 (is 45)"
    assert because["poor_sla_performance"] == "sla_tracking = false; sla_attainment_pct < 95 (is 80)"


def test_answers_decide_the_flags_that_depend_on_them(catalog: Catalog) -> None:
    spec = vendor({**GOOD_FACTS, "ip_enforcement": "moderate", "political_stability": "watch"})
    assert flags(review(catalog, spec, ip_sensitivity="low", duration_months=12)) == []
    assert flags(review(catalog, spec, ip_sensitivity="high", duration_months=48)) == [
        "political_instability", "weak_ip_enforcement"]


def test_holding_most_of_core_work_is_lock_in(catalog: Catalog) -> None:
    assert flags(review(catalog, vendor(), strategic_importance="supporting")) == []
    result = review(catalog, vendor(), strategic_importance="core")
    assert [(h.flag, h.because) for h in result.flags] == [
        ("vendor_lock_in", "share_of_function_pct ≥ 50 (is 60); strategic_importance = core")]


def test_uncertified_vendor_is_a_problem_only_with_sensitive_data(catalog: Catalog) -> None:
    spec = vendor(certifications=[])
    assert flags(review(catalog, spec, data_sensitivity="none")) == []
    assert flags(review(catalog, spec, data_sensitivity="payment")) == ["inadequate_data_protection"]


def test_a_missing_fact_never_raises_a_flag(catalog: Catalog) -> None:
    spec = vendor({}, certifications=None)
    result = review(catalog, spec, home=None, data_sensitivity="health", overlap_hours_needed=8)
    assert result.flags == ()
    assert result.overlap_hours is None
    assert result.missing == (*catalog.red_flags.fact_ids, "security_certified", "overlap_hours")


def test_one_known_bad_fact_is_enough_where_any_branch_holds(catalog: Catalog) -> None:
    result = review(catalog, vendor({"exit_plan": False}))
    assert flags(result) == ["vendor_lock_in"]
    assert "exit_plan" not in result.missing
    assert "share_of_function_pct" in result.missing


def test_knocked_out_vendors_are_marked(catalog: Catalog) -> None:
    assert review(catalog, vendor(), knocked_out=("nearshore_outsourcing",)).knocked_out
    assert not review(catalog, vendor(), knocked_out=("captive_offshore",)).knocked_out


# ---- certificates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "status", "expected"), [
    (date(2026, 6, 1), "valid", []),
    (date(2026, 11, 1), "expiring", ["certification_expiring"]),
    (date(2026, 12, 31), "expiring", ["certification_expiring"]),
    (date(2027, 1, 1), "expired", ["inadequate_data_protection", "certification_expired"]),
])
def test_certificate_expiry_follows_the_as_of_date(
    catalog: Catalog, day: date, status: str, expected: list[str]
) -> None:
    spec = vendor(certifications=[{"name": "soc2", "expires": "2026-12-31"}])
    result = review(catalog, spec, day, data_sensitivity="personal")
    assert [c.status for c in result.certificates] == [status]
    assert flags(result) == expected
    assert result.security_certified is (status != "expired")


def test_expired_certificate_message_names_it(catalog: Catalog) -> None:
    spec = vendor(certifications=[{"name": "iso27001", "expires": "2026-01-31"},
                                  {"name": "soc2", "expires": "2026-06-20"}])
    result = review(catalog, spec, date(2026, 6, 1))
    messages = {hit.flag: (hit.message, hit.because) for hit in result.flags}
    assert messages == {
        "certification_expired": (
            "Expired: iso27001 (on 2026-01-31). Ask for the renewed certificate and its latest "
            "audit results.", "iso27001 expired 121 day(s) ago"),
        "certification_expiring": (
            "Expires within 60 days: soc2 (on 2026-06-20). Ask for the renewal plan now.",
            "soc2 expires in 19 day(s)"),
    }
    assert result.security_certified is True


@pytest.mark.parametrize(("name", "counts"), [
    ("ISO/IEC 27001:2022", True), ("SOC 2 Type II", True), ("iso27001", True), ("pci_dss", False),
])
def test_security_certificate_names_are_matched_loosely(
    catalog: Catalog, name: str, counts: bool
) -> None:
    spec = vendor(certifications=[{"name": name, "expires": "2030-01-01"}])
    assert review(catalog, spec).security_certified is counts


def test_same_inputs_give_the_same_review(catalog: Catalog) -> None:
    spec = vendor(BAD_FACTS, certifications=[{"name": "soc2", "expires": "2026-06-10"}])
    first = review(catalog, spec, data_sensitivity="health")
    assert all(first == review(catalog, spec, data_sensitivity="health") for _ in range(3))


def test_zone_rules_come_from_the_tzdata_package_not_the_host(tmp_path: Path) -> None:
    """A host whose zone files say something else (older rules, or a wrong file) changes
    nothing: the same profile gives the same overlap on every machine."""
    fake = tmp_path / "Europe" / "Berlin"
    fake.parent.mkdir()
    fake.write_bytes(resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo").read_bytes())
    zone.cache_clear()
    zoneinfo.reset_tzpath(to=[str(tmp_path)])
    zoneinfo.ZoneInfo.clear_cache()
    try:
        assert zoneinfo.ZoneInfo("Europe/Berlin").utcoffset(datetime(2026, 1, 15)) == timedelta(hours=9)
        assert overlap_hours("Europe/Berlin", "Europe/London", date(2026, 1, 15)) == 7.0
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
