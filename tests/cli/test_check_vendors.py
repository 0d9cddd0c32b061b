"""``sourcing check`` with vendors end to end: red flags by severity, certificate validity, and a
red-flag waiver that stops applying when it expires (tests/cases/check/vendors-repo)."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.helpers import ROOT, Run

POLICY = ROOT / "tests" / "cases" / "check" / "vendors-repo" / ".sourcing-policy.yaml"


def findings(run: Run) -> list[tuple[object, ...]]:
    return [(f["rule"], f["severity"], f["line"], f["column"], f["waived"],
             (f["waiver"] or {}).get("expired")) for f in json.loads(run.stdout)["findings"]]


def test_red_flags_and_certificates_are_findings_at_the_vendor(cli: Callable[..., Run]) -> None:
    run = cli("check", "--policy", str(POLICY), "--format", "json", "--as-of", "2026-11-24")
    assert run.exit_code == 1, run.stderr
    assert findings(run) == [
        ("red_flags/certification_expiring", "warning", 10, 5, False, None),
        ("red_flags/high_attrition", "warning", 10, 5, False, None),
        ("red_flags/insufficient_overlap", "warning", 10, 5, False, None),  # 0 h in winter
        ("red_flags/political_instability", "error", 10, 5, True, False),
        ("certifications", "error", 15, 35, False, None),
        ("red_flags/lack_of_transparency", "error", 20, 5, False, None),
    ]


def test_after_the_waiver_and_the_certificate_expire(cli: Callable[..., Run]) -> None:
    run = cli("check", "--policy", str(POLICY), "--format", "json", "--as-of", "2027-04-01")
    assert run.exit_code == 1
    assert findings(run) == [
        ("red_flags/certification_expired", "error", 10, 5, False, None),
        ("red_flags/high_attrition", "warning", 10, 5, False, None),
        # no longer certified, with personal data: the data-protection flag fires too
        ("red_flags/inadequate_data_protection", "error", 10, 5, False, None),
        # London is on summer time: 1 h of overlap with Manila, as needed
        ("red_flags/political_instability", "error", 10, 5, False, True),
        ("certifications", "error", 15, 35, False, None),
        ("red_flags/lack_of_transparency", "error", 20, 5, False, None),
    ]
    messages = [f["message"] for f in json.loads(run.stdout)["findings"]]
    assert "expired on 2027-03-31: renew or remove it" in messages[3]


def test_code_scanning_fingerprints_do_not_change_from_day_to_day(cli: Callable[..., Run]) -> None:
    """A certificate's message counts its days left; its alert must stay the same alert."""

    def prints(day: str) -> dict[str, tuple[str, str]]:
        run = cli("check", "--policy", str(POLICY), "--format", "sarif", "--as-of", day)
        results = json.loads(run.stdout)["runs"][0]["results"]
        return {r["partialFingerprints"]["sourcingFinding/v1"]: (r["ruleId"], r["message"]["text"])
                for r in results}

    first, second = prints("2026-11-24"), prints("2026-11-25")
    assert len(first) == len(second) == 5  # five standing findings, each its own fingerprint
    assert first.keys() == second.keys()
    messages = [(first[k][1], second[k][1]) for k in first if first[k][0] == "certifications"]
    assert len(messages) == 1 and messages[0][0] != messages[0][1]
