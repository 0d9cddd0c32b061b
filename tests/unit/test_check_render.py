"""The check renderers: every format wired, SARIF valid against the 2.1.0 schema, JUnit well formed,
GitHub commands escaped, and exact text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from textwrap import dedent
from typing import Any

import jsonschema
import pytest
import xmlschema

from sourcing_cli.check import CheckReport
from sourcing_cli.cli.check import CheckFormat
from sourcing_cli.conditions import ALWAYS
from sourcing_cli.findings import Finding
from sourcing_cli.policy import Forbid, Policy, Waiver
from sourcing_cli.render import check_github, check_junit, check_markdown, check_sarif, check_text
from sourcing_cli.render.check_formats import RENDERERS
from sourcing_cli.render.check_rules import rule_descriptions

SARIF_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"
WAIVER = Waiver("max_gap_to_recommended", "sourcing/b, c.yaml", "review", "ops@x.io",
                date(2026, 6, 30), 12, 5)
OLD_WAIVER = Waiver("require_decision", "sourcing/a.yaml", "old", "ops@example.com",
                    date(2025, 1, 1), 18, 5)


POLICY = Policy(".sourcing-policy.yaml", ".sourcing-policy.yaml", ("sourcing/*.yaml",),
                require_decision=True, min_decision_score=None, max_gap_to_recommended=10,
                forbid=(Forbid("soft", ("offshore_outsourcing",), ALWAYS, "Soft", "warning", 7),
                        Forbid("hard", ("in_house",), ALWAYS, "Hard", "error", 9)),
                red_flags_fail_on="high", certifications_min_days=None, waivers=(WAIVER, OLD_WAIVER))


def report(*findings: Finding, fail_on: str = "error", status: str = "fail") -> CheckReport:
    return CheckReport(
        status=status, as_of=date(2026, 3, 1), policy=".sourcing-policy.yaml",
        policy_name=".sourcing-policy.yaml", fail_on=fail_on,
        profiles=("sourcing/a.yaml", "sourcing/b, c.yaml", "sourcing/clean.yaml"),
        findings=tuple(findings),
        rules=("valid_profile", "require_decision", "max_gap_to_recommended", "unused_waiver"),
        enforced=POLICY,
    )


FINDINGS = (
    Finding("unused_waiver", "warning", ".sourcing-policy.yaml", 20, 5, "waiver matches nothing"),
    Finding("require_decision", "error", "sourcing/a.yaml", 1, 1,
            "no decision: 100% sure, a:b, c\nnext line", waiver=OLD_WAIVER),
    Finding("valid_profile", "error", "sourcing/a.yaml", 4, 14, "answers.x | <bad> & \x01 ctl"),
    Finding("max_gap_to_recommended", "error", "sourcing/b, c.yaml", 9, 11, "gap of 14.3",
            waived=True, waiver=WAIVER),
)
FULL = report(*FINDINGS)


def test_every_format_is_wired_and_renders() -> None:
    assert list(RENDERERS) == [f.value for f in CheckFormat]
    for name, render in RENDERERS.items():
        for sample in (FULL, report(status="pass")):
            text = render(sample)
            assert text.endswith("\n") and len(text) > 20, name


@pytest.mark.parametrize("sample", [FULL, report(status="pass")], ids=["findings", "empty"])
def test_sarif_is_valid_sarif_2_1_0(sample: CheckReport) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(check_sarif.render(sample))
    jsonschema.Draft4Validator(schema).validate(data)
    run = data["runs"][0]
    assert run["tool"]["driver"]["name"] == "sourcing"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(sample.rules)
    standing = [f for f in sample.findings if not f.waived]
    assert len(run["results"]) == len(standing)
    for result, finding in zip(run["results"], standing, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def _github_required(data: dict[str, Any]) -> list[str]:
    """What GitHub's "SARIF support for code scanning" page marks as required (or as needed for
    alerts to show and track well), as a list of what is missing or wrong."""
    missing: list[str] = []

    def need(obj: Any, path: str, where: str) -> None:
        for key in path.split("."):
            if not isinstance(obj, dict) or key not in obj:
                missing.append(f"{where}: {path}")
                return
            obj = obj[key]
        if obj in ("", None):
            missing.append(f"{where}: {path} is empty")

    need(data, "version", "log")
    if data.get("version") != "2.1.0":
        missing.append("log: version is not 2.1.0")
    for r, run in enumerate(data.get("runs", [])):
        need(run, "tool.driver.name", f"run {r}")
        need(run, "results", f"run {r}")
        if "automationDetails" in run:
            missing.append(f"run {r}: automationDetails overrides the upload's category")
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        for rule in rules:
            for path in ("id", "name", "shortDescription.text", "fullDescription.text",
                         "help.text", "help.markdown", "defaultConfiguration.level"):
                need(rule, path, f"rule {rule.get('id')}")
        for i, result in enumerate(run.get("results", [])):
            for path in ("ruleId", "message.text", "partialFingerprints"):
                need(result, path, f"result {i}")
            if not result.get("locations"):
                missing.append(f"result {i}: locations")
            for loc in result.get("locations", []):
                for path in ("physicalLocation.artifactLocation.uri",
                             "physicalLocation.region.startLine",
                             "physicalLocation.region.startColumn",
                             "physicalLocation.region.endLine",
                             "physicalLocation.region.endColumn"):
                    need(loc, path, f"result {i}")
    return missing


@pytest.mark.parametrize("sample", [FULL, report(status="pass")], ids=["findings", "empty"])
def test_sarif_has_what_github_code_scanning_requires(sample: CheckReport) -> None:
    assert _github_required(json.loads(check_sarif.render(sample))) == []


def test_sarif_locations_and_fingerprints() -> None:
    results = json.loads(check_sarif.render(FULL))["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".sourcing-policy.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 20, "startColumn": 5, "endLine": 20, "endColumn": 6}}
    assert [r["level"] for r in results] == ["warning", "error", "error"]
    prints = [r["partialFingerprints"]["sourcingFinding/v1"] for r in results]
    assert len(set(prints)) == 3
    moved = report(*(replace(f, line=f.line + 7) for f in FINDINGS))
    moved_results = json.loads(check_sarif.render(moved))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in moved_results] == [
        r["partialFingerprints"] for r in results]


def test_a_waived_finding_opens_no_code_scanning_alert() -> None:
    """GitHub ignores ``suppressions``: a waived finding must not be a result at all."""
    run = json.loads(check_sarif.render(FULL))["runs"][0]
    assert all(r["ruleId"] != "max_gap_to_recommended" for r in run["results"])
    assert not any("suppressions" in r for r in run["results"])
    assert run["properties"]["waived"] == [{
        "ruleId": "max_gap_to_recommended", "level": "error", "message": "gap of 14.3",
        "uri": "sourcing/b, c.yaml", "startLine": 9, "startColumn": 11,
        "waiver": {"reason": "review", "owner": "ops@x.io", "expires": "2026-06-30"}}]
    # The expired waiver no longer applies: its finding stays a result.
    assert any(r["ruleId"] == "require_decision" for r in run["results"])


def test_sarif_rules_carry_their_usual_level() -> None:
    sample = replace(report(), rules=("forbid/soft", "forbid/hard", "red_flags/x", "unused_waiver"),
                     levels={"forbid/soft": "warning", "forbid/hard": "error"})
    rules = json.loads(check_sarif.render(sample))["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules} == {
        "forbid/soft": "warning", "forbid/hard": "error", "red_flags/x": "warning",
        "unused_waiver": "warning"}
    assert all(r["help"]["text"] and "`" not in r["help"]["text"] for r in rules)


def test_junit_has_one_testcase_per_profile() -> None:
    root = ET.fromstring(check_junit.render(FULL))
    cases = root.findall("./testsuite/testcase")
    # Every profile checked, then the policy file for its own finding (an unused waiver).
    assert [c.get("name") for c in cases] == ["sourcing/a.yaml", "sourcing/b, c.yaml",
                                              "sourcing/clean.yaml", ".sourcing-policy.yaml"]
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["sourcing/a.yaml"]
    assert root.get("tests") == "4" and root.get("failures") == "1"
    failure = cases[0].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.text.splitlines()[0] == (
        "sourcing/a.yaml:1:1: error: [require_decision] no decision: 100% sure, a:b, c")
    assert "\\x01 ctl" in failure.text  # XML 1.0 cannot carry it: shown escaped, as in a terminal
    system_out = cases[1].find("system-out")
    assert system_out is not None and "(waived)" in (system_out.text or "")
    clean = ET.fromstring(check_junit.render(report(status="pass")))
    assert len(clean.findall("./testsuite/testcase")) == 3
    assert clean.get("failures") == "0"


JUNIT_XSD = SARIF_SCHEMA.parent / "junit-10.xsd"


@pytest.mark.parametrize("sample", [FULL, report(status="pass"), report(*FINDINGS, fail_on="warning")],
                         ids=["findings", "empty", "fail-on-warning"])
def test_junit_is_valid_against_jenkins_junit_10_xsd(sample: CheckReport) -> None:
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    text = check_junit.render(sample)
    schema.validate(text)
    root = ET.fromstring(text)
    assert "skipped" not in root.attrib
    assert all("file" not in case.attrib for case in root.iter("testcase"))


def test_the_junit_schema_copy_rejects_what_jenkins_rejects() -> None:
    """The copy is strict where Jenkins is: the attributes that broke imports are refused."""
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    good = ('<testsuites name="s" tests="1" failures="0" errors="0"><testsuite name="s" tests="1" '
            'failures="0" errors="0" skipped="0"><testcase name="a" classname="c"/></testsuite>'
            '</testsuites>')
    assert schema.is_valid(good)
    assert not schema.is_valid(good.replace('<testsuites name="s"', '<testsuites skipped="0" name="s"'))
    assert not schema.is_valid(good.replace('classname="c"', 'classname="c" file="a"'))


def test_junit_fails_warnings_under_fail_on_warning() -> None:
    root = ET.fromstring(check_junit.render(report(*FINDINGS, fail_on="warning")))
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["sourcing/a.yaml", ".sourcing-policy.yaml"]


def test_github_workflow_commands_are_escaped() -> None:
    lines = check_github.render(FULL).splitlines()
    assert lines == [
        "::warning file=.sourcing-policy.yaml,line=20,col=5,title=sourcing unused_waiver::"
        "waiver matches nothing",
        "::error file=sourcing/a.yaml,line=1,col=1,title=sourcing require_decision::"
        "no decision: 100%25 sure, a:b, c%0Anext line",
        "::error file=sourcing/a.yaml,line=4,col=14,title=sourcing valid_profile::"
        "answers.x | <bad> & \\x01 ctl",
        "::notice file=sourcing/b%2C c.yaml,line=9,col=11,title=sourcing max_gap_to_recommended::"
        "waived until 2026-06-30 (review): gap of 14.3",
        "FAILED: 3 profiles, 2 errors, 1 warning, 1 waived (policy .sourcing-policy.yaml, "
        "as of 2026-03-01)",
    ]
    assert check_github.escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"


def test_markdown_summary_escapes_table_cells() -> None:
    text = check_markdown.render(FULL)
    assert text.startswith("## ❌ sourcing check: fail\n\nFAILED: 3 profiles, 2 errors")
    assert ("| `sourcing/a.yaml` | 4:14 | error | `valid_profile` | "
            "answers.x \\| &lt;bad&gt; &amp; \\\\x01 ctl |") in text
    assert "| no decision: 100% sure, a:b, c next line |" in text
    assert "| `sourcing/b, c.yaml` | 9:11 | error (waived) |" in text
    assert check_markdown.render(report(status="pass")).startswith("## ✅ sourcing check: pass\n")


def test_text_is_grouped_by_profile() -> None:
    assert check_text.render(FULL) == dedent("""\
        .sourcing-policy.yaml
          20:5  warning  unused_waiver  waiver matches nothing

        sourcing/a.yaml
           1:1  error  require_decision  no decision: 100% sure, a:b, c
                                         next line
          4:14  error  valid_profile     answers.x | <bad> & \\x01 ctl

        sourcing/b, c.yaml
          9:11  waived  max_gap_to_recommended  gap of 14.3 — waived until 2026-06-30 by ops@x.io: review

        ✗ FAILED: 3 profiles, 2 errors, 1 warning, 1 waived (policy .sourcing-policy.yaml, as of 2026-03-01)
        """)
    assert check_text.render(report(status="pass")) == (
        "✓ passed: 3 profiles, 0 errors, 0 warnings (policy .sourcing-policy.yaml, as of 2026-03-01)\n")


def test_summary_mentions_a_stricter_run() -> None:
    assert check_text.summary(report(fail_on="warning", status="pass")).endswith(
        "as of 2026-03-01, failing on warnings)")


def test_a_fingerprint_is_what_a_finding_is_about_not_where_or_how_it_reads() -> None:
    base = Finding("forbid/x", "error", "sourcing/a.yaml", 13, 11, "scores 41.2", subject="decision a")
    assert replace(base, line=40, column=3, message="scores 39.9").fingerprint() == base.fingerprint()
    assert replace(base, subject="decision b").fingerprint() != base.fingerprint()
    assert replace(base, profile="sourcing/b.yaml").fingerprint() != base.fingerprint()
    assert replace(base, rule="forbid/y").fingerprint() != base.fingerprint()
    # Without a subject, the message counts, its numbers aside (a line it quotes, a count).
    plain = Finding("valid_profile", "error", "p.yaml", 3, 1, "duplicate key 'a' (first at line 2)")
    assert replace(plain, message="duplicate key 'a' (first at line 5)").fingerprint() == (
        plain.fingerprint())
    assert replace(plain, message="duplicate key 'b' (first at line 2)").fingerprint() != (
        plain.fingerprint())


def test_a_baselined_finding_is_shown_in_every_format_but_fails_nothing() -> None:
    known = Finding("require_decision", "error", "sourcing/a.yaml", 1, 1, "no decision",
                    baselined=True)
    sample = replace(report(known, status="pass"), baseline=".sourcing-baseline.json")
    assert sample.count("error") == 0 and sample.baselined == 1 and not sample.failing(known)
    assert check_github.command(known).startswith("::notice file=sourcing/a.yaml,")
    assert "baselined" in check_github.command(known)
    junit = ET.fromstring(check_junit.render(sample))
    assert junit.get("failures") == "0"
    assert "(baselined)" in "".join(junit.itertext())
    assert "| error (baselined) |" in check_markdown.render(sample)
    text = check_text.render(sample)
    assert "baselined" in text.splitlines()[1] and "1 baselined" in text
    result = json.loads(check_sarif.render(sample))["runs"][0]["results"][0]
    assert result["baselineState"] == "unchanged"
    assert json.loads(RENDERERS["json"](sample))["findings"][0]["baselined"] is True


def test_every_rule_is_described_from_the_policy_it_comes_from() -> None:
    sample = replace(report(), rules=("valid_profile", "max_gap_to_recommended", "forbid/soft",
                                      "forbid/hard", "red_flags/x", "stale_baseline"))
    assert rule_descriptions(sample) == {
        "valid_profile": "Every profile the policy covers is a valid profile (`sourcing validate`).",
        "max_gap_to_recommended": "The decision scores within 10 points of the recommended model.",
        "forbid/soft": "Soft: not offshore_outsourcing.",
        "forbid/hard": "Hard: not in_house.",
        "red_flags/x": "Vendor red flag x (at high or worse it is an error).",
        "stale_baseline": "Every baseline entry still matches a finding.",
    }
    looser = replace(sample, enforced=replace(POLICY, max_gap_to_recommended=12.5))
    assert rule_descriptions(looser)["max_gap_to_recommended"] == (
        "The decision scores within 12.5 points of the recommended model.")
    sarif = json.loads(check_sarif.render(looser))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["shortDescription"]["text"] for r in sarif] == list(
        rule_descriptions(looser).values())
