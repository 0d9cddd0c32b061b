"""``check --format junit``: JUnit XML, one testcase per profile, for CI test-report views.

A profile fails when it has a finding that fails the run (an unwaived error, or a warning under
``--fail-on warning``); its other findings go to ``system-out``. Findings on the policy file itself
(waivers that match nothing) get a testcase of their own, named after the policy file.

The attributes are those the common Jenkins ``junit-10.xsd`` allows (GitLab, Azure DevOps and the
GitHub test-report actions read the same): ``<testsuites>`` carries name, tests, failures and
errors (no ``skipped``), a ``<testcase>`` name and classname (no ``file``: the name is the path).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sourcing_cli.check import CheckReport
from sourcing_cli.findings import Finding
from sourcing_cli.render.escape import xml_text

SUITE = "sourcing check"


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even as references: they are shown escaped
    (``\\x1b``), as in the terminal; the XML writer escapes markup."""
    return xml_text(text)


def _line(finding: Finding) -> str:
    state = " (waived)" if finding.waived else " (baselined)" if finding.baselined else ""
    return _clean(f"{finding.profile}:{finding.line}:{finding.column}: {finding.severity}{state}: "
                  f"[{finding.rule}] {finding.message}")


def render(report: CheckReport) -> str:
    grouped = report.by_profile()
    names = list(report.profiles)
    if report.policy_name in grouped and report.policy_name not in names:
        names.append(report.policy_name)
    cases = []
    failures = 0
    for name in names:
        findings = grouped.get(name, [])
        case = ET.Element("testcase", {"name": _clean(name), "classname": "sourcing.check"})
        failing = [f for f in findings if report.failing(f)]
        others = [f for f in findings if not report.failing(f)]
        if failing:
            failures += 1
            first = failing[0]
            failure = ET.SubElement(case, "failure", {
                "message": _clean(f"{len(failing)} finding(s); first: [{first.rule}] {first.message}"),
                "type": first.rule,
            })
            failure.text = "\n".join(_line(f) for f in failing)
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
        cases.append(case)
    counts = {"name": SUITE, "tests": str(len(cases)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", counts)
    suite = ET.SubElement(root, "testsuite", {**counts, "skipped": "0"})
    ET.SubElement(ET.SubElement(suite, "properties"), "property",
                  {"name": "as_of", "value": report.as_of.isoformat()})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
