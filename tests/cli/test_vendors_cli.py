"""``assess`` with vendors: bad vendor data, the vendor panel, and the JSON and Markdown keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, ROOT, Run

CASES = ROOT / "tests" / "cases"
BAD = CASES / "bad"
GOOD = CASES / "good"


# Bad vendor data: tests/cases/bad/vendor-data.yaml and its .err golden file (test_bad_profiles).

def test_an_unquoted_country_no_is_refused_with_a_hint(cli: Callable[..., Run]) -> None:
    path = BAD / "vendor-country-no.yaml"
    run = cli("validate", str(path))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{path}:5:14: error: 'NO' is ambiguous: YAML 1.1 reads it as a boolean; quote it "
        "(\"NO\")",
        "1 of 1 file(s) invalid",
    ]


@pytest.mark.parametrize("word", ["ON", "YES", "no"])
def test_no_vendor_country_ever_becomes_a_boolean(
    cli: Callable[..., Run], tmp_path: Path, word: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nvendors:\n  - {name: V, model: in_house, country: " + word +
                    ", timezone: UTC}\n", "utf-8")
    run = cli("assess", str(path))
    assert run.exit_code == 2
    assert f"'{word}' is ambiguous: YAML 1.1 reads it as a boolean" in run.stderr


def report(cli: Callable[..., Run], path: Path, as_of: str, fmt: str = "json") -> Any:
    run = cli("assess", str(path), "--format", fmt, "--as-of", as_of)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout) if fmt == "json" else run.stdout


def test_json_keys_for_vendors(cli: Callable[..., Run]) -> None:
    data = report(cli, GOOD / "vendor-knocked-out.yaml", "2026-03-20")
    assert data["red_flags"] == [
        {"vendor": "Rheinland Services GmbH", "flag": "inadequate_data_protection",
         "severity": "high",
         "message": "The vendor holds no valid ISO 27001 or SOC 2 certificate, and the work "
                    "involves sensitive data. A breach at the vendor becomes your compliance "
                    "violation: require a certification or keep the data away from this vendor.",
         "because": "security_certified = false; data_sensitivity ≠ none (is payment)",
         "source": "criteria/red_flags.yaml:97"},
        {"vendor": "Bengaluru Ledger Pvt", "flag": "insufficient_overlap", "severity": "medium",
         "message": "Only 3.5 h of the working day (09:00–17:00 at each end) is shared; you need "
                    "4 h. Plan hand-overs around the gap, or prefer a vendor in a nearer time "
                    "zone.",
         "because": "overlap_hours 3.5 < overlap_hours_needed 4",
         "source": "criteria/red_flags.yaml:241"},
    ]
    assert data["overlap_hours"] == {"Rheinland Services GmbH": 8.0, "Bengaluru Ledger Pvt": 3.5}
    assert [m["vendor"] for m in data["missing_facts"]] == ["Rheinland Services GmbH",
                                                            "Bengaluru Ledger Pvt"]
    assert data["missing_facts"][1]["facts"][:3] == ["sla_attainment_pct", "sla_tracking",
                                                     "meetings_cancelled_pct"]
    knocked = {v["name"]: v["knocked_out"] for v in data["vendors"]}
    assert knocked == {"Rheinland Services GmbH": False, "Bengaluru Ledger Pvt": True}
    assert data["vendors"][1]["certificates"] == [
        {"name": "ISO/IEC 27001:2022", "expires": "2027-03-31", "days_left": 376,
         "status": "valid"}]
    assert data["workstreams"] == []
    assert data["portfolio"] is None


def test_a_profile_without_vendors_has_empty_vendor_keys(cli: Callable[..., Run]) -> None:
    data = report(cli, EXAMPLES / "qa-nearshore.yaml", "2026-03-20")
    assert (data["red_flags"], data["missing_facts"], data["overlap_hours"], data["vendors"]) == (
        [], [], {}, [])


def test_the_terminal_shows_the_vendor_panel_and_knocked_out_vendors(
    cli: Callable[..., Run]
) -> None:
    out = report(cli, GOOD / "vendor-knocked-out.yaml", "2026-03-20", "table")
    assert "─ Vendors ─" in out and "Due diligence as of 2026-03-20" in out
    assert "knocked out" in out.split("Due diligence as of")[1]
    assert "HIGH   Rheinland Services GmbH — Inadequate data protection" in out
    assert "MEDIUM Bengaluru Ledger Pvt — Insufficient overlap" in out
    assert "3.5 h" in out


def test_markdown_has_a_vendors_section(cli: Callable[..., Run]) -> None:
    out = report(cli, GOOD / "vendor-knocked-out.yaml", "2026-03-20", "markdown")
    assert "## Vendors (due diligence as of 2026-03-20)" in out
    assert ("| Bengaluru Ledger Pvt | Offshore outsourcing — **knocked out** | IN | 3.5 h | "
            "ISO/IEC 27001:2022 valid to 2027-03-31 | 1 medium |") in out
    assert "- **high** · Rheinland Services GmbH — **Inadequate data protection**:" in out
    assert "### Missing facts" in out


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2026-08-15", ["certification_expiring"]),
    ("2026-11-23", ["inadequate_data_protection", "certification_expired"]),
])
def test_certificate_flags_follow_as_of(
    cli: Callable[..., Run], as_of: str, expected: list[str]
) -> None:
    data = report(cli, EXAMPLES / "hybrid-portfolio.yaml", as_of)
    pacific = [f["flag"] for f in data["red_flags"] if f["vendor"] == "Pacific Support Co"]
    assert [f for f in pacific if f in ("inadequate_data_protection", "certification_expired",
                                        "certification_expiring")] == expected
