"""The checker's rules and waivers, on hand-made inputs (no files read)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.check import ProfileInput, apply_waivers, fails, run
from sourcing_cli.check_vendors import certification_findings, red_flag_findings
from sourcing_cli.errors import InputError
from sourcing_cli.findings import Finding
from sourcing_cli.policy import Policy, policy_from_doc
from sourcing_cli.profile import Profile, profile_from_doc
from sourcing_cli.report import build_report
from sourcing_cli.vendors import Hit
from sourcing_cli.yamlio import load_text
from tests.helpers import EXAMPLES

VENDORS = """\
version: 1
vendors:
  - name: Andes QA Labs
    model: nearshore_outsourcing
    country: CO
    timezone: America/Bogota
    certifications:
      - {name: iso27001, expires: 2027-05-01}
      - {name: soc2, expires: 2026-12-31}
  - name: Manila Support Co
    model: offshore_outsourcing
    country: PH
    timezone: Asia/Manila
    certifications:
      - name: iso27001
        expires: 2026-01-10
      - {name: pci, expires: '2031-01-01'}
  - name: Lima Dev
    model: nearshore_outsourcing
    country: PE
    timezone: America/Lima
"""


def hit(vendor: str, flag: str, severity: str, message: str) -> Hit:
    return Hit(vendor, flag, flag.replace("_", " "), severity, message, "", "sources")


FLAGS = [
    hit("Manila Support Co", "high_attrition", "high", "Attrition above 30% a year."),
    hit("Andes QA Labs", "communication_delays", "medium", "Meetings are often cancelled."),
    hit("Ghost Vendor", "vendor_lock_in", "low", "Lock-in."),
]


def vendors(catalog: Catalog, text: str = VENDORS) -> Profile:
    return profile_from_doc(load_text(text, "p.yaml"), catalog)


def test_red_flags_at_or_above_fail_on_are_errors_at_the_vendor_entry(catalog: Catalog) -> None:
    found = red_flag_findings(FLAGS, vendors(catalog), "medium", "p.yaml")
    assert [(f.rule, f.severity, f.line, f.column, f.message) for f in found] == [
        ("red_flags/high_attrition", "error", 10, 5,
         "vendor Manila Support Co: high_attrition (high): Attrition above 30% a year."),
        ("red_flags/communication_delays", "error", 3, 5,
         "vendor Andes QA Labs: communication_delays (medium): Meetings are often cancelled."),
        # A vendor the profile does not list: the profile's first line.
        ("red_flags/vendor_lock_in", "warning", 1, 1, "vendor Ghost Vendor: vendor_lock_in (low): Lock-in."),
    ]


@pytest.mark.parametrize(("fail_on", "severities"), [
    ("high", ["error", "warning", "warning"]),
    ("medium", ["error", "error", "warning"]),
    ("low", ["error", "error", "error"]),
])
def test_red_flag_severity_follows_fail_on(catalog: Catalog, fail_on: str, severities: list[str]) -> None:
    assert [f.severity for f in red_flag_findings(FLAGS, vendors(catalog), fail_on, "p.yaml")] == severities


def test_red_flags_without_vendors_in_the_profile(catalog: Catalog) -> None:
    bare = vendors(catalog, "version: 1\n")
    assert red_flag_findings([], bare, "high", "p.yaml") == []
    found = red_flag_findings(FLAGS[:1], bare, "high", "p.yaml")
    assert (found[0].line, found[0].column) == (1, 1)


def test_red_flags_come_from_the_report_s_vendor_review(catalog: Catalog) -> None:
    """The rule reads the report's typed review: a flag the catalog raises reaches a finding."""
    profile = vendors(catalog, (EXAMPLES / "hybrid-portfolio.yaml").read_text(encoding="utf-8"))
    report = build_report(catalog, profile, date(2026, 1, 1), robust=False)
    assert report.vendors.flags, "the example's vendors raise no red flag any more"
    found = red_flag_findings(report.vendors.flags, profile, "low", "p.yaml")
    assert [f.rule for f in found] == [f"red_flags/{h.flag}" for h in report.vendors.flags]
    assert all(f.line > 1 for f in found)


def test_certificates_must_stay_valid_long_enough(catalog: Catalog) -> None:
    found = certification_findings(vendors(catalog), 30, date(2026, 12, 10), "p.yaml")
    assert [(f.rule, f.severity, f.line, f.column, f.message) for f in found] == [
        ("certifications", "error", 9, 31,
         "vendor Andes QA Labs: certificate soc2 expires on 2026-12-31, in 21 days; the policy "
         "wants at least 30 days of validity — renew it and record the new date"),
        ("certifications", "error", 16, 18,
         "vendor Manila Support Co: certificate iso27001 expired on 2026-01-10; the policy wants at "
         "least 30 days of validity — renew it and record the new date"),
    ]


def test_certificate_boundaries(catalog: Catalog) -> None:
    profile = vendors(catalog)
    # 2026-12-31 is exactly 30 days after 2026-12-01: enough.
    at_limit = certification_findings(profile, 30, date(2026, 12, 1), "p.yaml")
    assert [f.message.split(";")[0] for f in at_limit] == [
        "vendor Manila Support Co: certificate iso27001 expired on 2026-01-10"]
    one_day = certification_findings(profile, 2, date(2026, 12, 30), "p.yaml")
    assert "in 1 day;" in one_day[0].message
    assert certification_findings(profile, 0, date(2026, 1, 10), "p.yaml") == []
    # a date written as a string and one YAML reads as a date are the same date
    assert [f.subject for f in certification_findings(profile, 30, date(2030, 12, 15), "p.yaml")][-1] == (
        "vendor Manila Support Co: certificate pci until 2031-01-01")
    assert certification_findings(vendors(catalog, "version: 1\n"), 30, date(2026, 1, 1), "p") == []


@pytest.mark.parametrize(("severity", "fail_on", "expected"), [
    ("error", "error", True), ("warning", "error", False),
    ("error", "warning", True), ("warning", "warning", True),
])
def test_fails(severity: str, fail_on: str, expected: bool) -> None:
    assert fails(severity, fail_on) is expected


def policy(catalog: Catalog, body: str = "") -> Policy:
    text = "version: 1\nprofiles: ['sourcing/*.yaml']\n" + body
    return policy_from_doc(load_text(text, "pol.yaml"), catalog, ".sourcing-policy.yaml")


WAIVERS = """\
waivers:
  - {rule: red_flags, profile: sourcing/a.yaml, reason: all flags, owner: o, expires: 2026-06-30}
  - {rule: certifications, profile: "sourcing/*.yaml", reason: renewing, owner: o, expires: 2026-01-31}
  - {rule: require_decision, profile: sourcing/c.yaml, reason: later, owner: o, expires: 2026-12-31}
"""


def finding(rule: str, profile: str = "sourcing/a.yaml") -> Finding:
    return Finding(rule, "error", profile, 3, 5, "m")


def test_waivers_match_rule_prefixes_and_profile_globs(catalog: Catalog) -> None:
    pol = policy(catalog, WAIVERS)
    out = apply_waivers([finding("red_flags/high_attrition"), finding("certifications", "sourcing/b.yaml"),
                         finding("require_decision", "sourcing/b.yaml")],
                        pol, date(2026, 1, 15), ["sourcing/a.yaml", "sourcing/b.yaml", "sourcing/c.yaml"],
                        complete=True)
    assert [(f.rule, f.profile, f.waived) for f in out] == [
        ("red_flags/high_attrition", "sourcing/a.yaml", True),
        ("certifications", "sourcing/b.yaml", True),
        ("require_decision", "sourcing/b.yaml", False),
        ("unused_waiver", ".sourcing-policy.yaml", False),
    ]
    assert out[0].waiver is not None and out[0].waiver.reason == "all flags"
    assert (out[3].line, out[3].column, out[3].message) == (
        6, 5, "waiver of require_decision for sourcing/c.yaml matches no finding; remove it")


def test_expired_waivers_leave_the_finding_standing(catalog: Catalog) -> None:
    pol = policy(catalog, WAIVERS)
    out = apply_waivers([finding("certifications")], pol, date(2026, 2, 1), ["sourcing/a.yaml"],
                        complete=False)
    assert not out[0].waived
    assert out[0].waiver is not None
    assert out[0].message == ("m (the waiver by o expired on 2026-01-31: renew or remove it)")


def test_unused_waivers_in_a_partial_run_only_for_profiles_checked(catalog: Catalog) -> None:
    pol = policy(catalog, WAIVERS)
    out = apply_waivers([], pol, date(2027, 1, 1), ["sourcing/c.yaml"], complete=False)
    assert [f.message for f in out] == [
        "waiver of certifications for sourcing/*.yaml matches no finding; it also expired on "
        "2026-01-31; remove it",
        "waiver of require_decision for sourcing/c.yaml matches no finding; it also expired on "
        "2026-12-31; remove it",
    ]
    everything = apply_waivers([], pol, date(2026, 1, 1), [], complete=True)
    assert everything[0].message == (
        "waiver of red_flags for sourcing/a.yaml matches no profile checked; remove it")


def test_run_orders_findings_and_sets_status(catalog: Catalog) -> None:
    pol = policy(catalog, "rules:\n  require_decision: true\n")
    good = profile_from_doc(load_text("version: 1\ndecision: in_house\n", "sourcing/a.yaml"), catalog)
    bad = profile_from_doc(load_text("version: 1\n", "sourcing/b.yaml"), catalog)
    items = [ProfileInput("sourcing/b.yaml", bad), ProfileInput("sourcing/a.yaml", good)]
    report = run(pol, catalog, items, date(2026, 1, 1))
    assert report.status == "fail"
    assert report.profiles == ("sourcing/a.yaml", "sourcing/b.yaml")
    assert [f.rule for f in report.findings] == ["require_decision"]
    assert list(report.rules) == ["valid_profile", "require_decision", "unused_waiver"]
    relaxed = run(policy(catalog), catalog, items, date(2026, 1, 1))
    assert relaxed.status == "pass" and relaxed.findings == ()


def test_a_profile_with_no_weight_is_an_invalid_profile(catalog: Catalog) -> None:
    zero = ", ".join(f"{c}: 0" for c in catalog.criterion_ids)
    # refused when it is read, as validate and assess refuse it
    with pytest.raises(InputError) as caught:
        profile_from_doc(load_text(f"version: 1\npriorities: {{{zero}}}\n", "sourcing/z.yaml"), catalog)
    item = ProfileInput("sourcing/z.yaml", None, caught.value.diagnostics)
    report = run(policy(catalog), catalog, [item], date(2026, 1, 1))
    assert [(f.rule, f.line) for f in report.findings] == [("valid_profile", 2)]


GROUP = """\
version: 1
answers: {cost_pressure: high, team_size: 40, function: data_analytics}
stakeholders:
  - {name: CFO, priorities: {cost: 3}}
  - {name: CISO, priorities: {ip_protection: 5, compliance: 5}}
  - {name: CTO, priorities: {expertise: 4, speed: 4}}
"""


def test_check_holds_a_group_decision_to_the_groups_recommendation(catalog: Catalog) -> None:
    from sourcing_cli.report import build_report

    pol = policy(catalog, "rules:\n  require_decision: true\n  max_gap_to_recommended: 0\n")
    plain = profile_from_doc(load_text(GROUP, "sourcing/g.yaml"), catalog)
    view = build_report(catalog, plain, date(2026, 1, 1)).group
    assert view is not None and view.winner is not None
    other = next(p.winner for p in view.positions if p.winner not in (None, view.winner))
    assert other is not None
    verdicts = {}
    for model in (view.winner, other):
        doc = load_text(GROUP + f"decision: {model}\n", "sourcing/g.yaml")
        item = ProfileInput("sourcing/g.yaml", profile_from_doc(doc, catalog))
        verdicts[model] = run(pol, catalog, [item], date(2026, 1, 1))
    assert verdicts[view.winner].status == "pass"
    chosen = verdicts[other]
    assert chosen.status == "fail"
    assert [(f.rule, f.line) for f in chosen.findings] == [("max_gap_to_recommended", 7)]
    # a group profile that does not load is an invalid profile, located, as any other
    with pytest.raises(InputError) as caught:
        profile_from_doc(load_text(GROUP + "priorities: {cost: 2}\n", "sourcing/g.yaml"), catalog)
    item = ProfileInput("sourcing/g.yaml", None, caught.value.diagnostics)
    report = run(pol, catalog, [item], date(2026, 1, 1))
    assert [(f.rule, f.line) for f in report.findings] == [("valid_profile", 7)]


def test_policy_results_are_the_same_without_the_explanations(
    catalog: Catalog, tmp_path: Path
) -> None:
    """``check`` builds its reports without tipping points and reasons: every finding of every
    rule is the one the full report gives, on generated profiles (decisions, red flags, knocked
    out and broken ones) and the examples."""
    from sourcing_cli import check
    from sourcing_cli.profile import load_profile
    from tests.generate import POLICY, write_repo

    root = tmp_path
    write_repo(root, catalog, 150)
    policy = policy_from_doc(load_text(POLICY, ".sourcing-policy.yaml"), catalog, ".sourcing-policy.yaml")
    as_of = date(2026, 3, 1)
    paths = sorted(root.glob("sourcing/*/*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    compared = 0
    for path in paths:
        try:
            profile = load_profile(path, catalog, path.name)
        except InputError:
            continue
        lean = build_report(catalog, profile, as_of, robust=False, explain=False)
        full = build_report(catalog, profile, as_of, robust=False)
        if full.result.recommendation is not None:
            assert full.result.tipping_points or full.result.reasons
            assert (lean.result.tipping_points, lean.result.reasons) == ((), ())
        # the same ranking, but for each model's contributions by criterion, which only explain it
        assert [replace(r, contributions={}) for r in full.result.ranking] == list(
            lean.result.ranking)
        assert all(r.contributions for r in full.result.ranking)
        assert lean.result.excluded == full.result.excluded
        assert lean.result.recommendation == full.result.recommendation
        assert lean.vendors == full.vendors
        found = check.decision_findings(policy, lean, path.name)
        assert found == check.decision_findings(policy, full, path.name)
        item = ProfileInput(path.name, profile)
        assert check.check_profile(policy, catalog, item, as_of) == (
            found + red_flag_findings(full.vendors.flags, profile, "high", path.name)
            + certification_findings(profile, 30, as_of, path.name))
        compared += 1
    assert compared > 140
