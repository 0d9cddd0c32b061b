"""Policy ``extends``: a policy takes over the rules and waivers of other policy files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.check import ProfileInput, run
from sourcing_cli.errors import InputError
from sourcing_cli.policy import Policy, load_policy, waiver_length_problems
from sourcing_cli.profile import profile_from_doc
from sourcing_cli.render.check_rules import rule_descriptions
from sourcing_cli.yamlio import load_text

HEAD = "version: 1\nprofiles: ['sourcing/*.yaml']\n"
COMPANY = HEAD + """\
rules:
  require_decision: true
  min_decision_score: 40
  max_gap_to_recommended: 5
  forbid:
    - {id: no-offshore, models: [offshore_outsourcing], reason: company rule}
    - {id: no-captive, models: [captive_offshore], reason: company rule, severity: warning}
waiver_rules: {max_days: 90, non_waivable: [require_decision]}
waivers:
  - {rule: min_decision_score, profile: sourcing/old.yaml, reason: legacy, owner: cio,
     expires: 2026-03-01}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path, catalog: Catalog) -> Policy:
    return load_policy(path, catalog, path.name)


def errors_of(path: Path, catalog: Catalog) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path, catalog)
    return [d.render() for d in caught.value.diagnostics]


def test_the_extending_file_overrides_rule_by_rule_and_joins_forbids_and_waivers(
    catalog: Catalog, tmp_path: Path
) -> None:
    write(tmp_path, "shared/company.yaml", COMPANY)
    team = write(tmp_path, "team/.sourcing-policy.yaml", HEAD + """\
extends: [../shared/company.yaml]
rules:
  max_gap_to_recommended: 12
  forbid:
    - {id: no-captive, models: [captive_offshore], reason: team rule, severity: error}
    - {id: no-nearshore, models: [nearshore_outsourcing], reason: team rule}
waiver_rules: {max_days: 30}
waivers:
  - {rule: max_gap_to_recommended, profile: sourcing/a.yaml, reason: r, owner: lead,
     expires: 2026-02-01}
""")
    pol = load(team, catalog)
    # Stated by the team: its value; left out: the company's.
    assert (pol.require_decision, pol.min_decision_score, pol.max_gap_to_recommended) == (True, 40, 12)
    # forbid joined; the team's no-captive replaces the company's.
    assert [(f.id, f.reason, f.severity) for f in pol.forbid] == [
        ("no-offshore", "company rule", "error"), ("no-captive", "team rule", "error"),
        ("no-nearshore", "team rule", "error")]
    assert [(w.rule, w.name) for w in pol.waivers] == [
        ("min_decision_score", "../shared/company.yaml"),
        ("max_gap_to_recommended", ".sourcing-policy.yaml")]
    assert pol.waiver_max_days == 30
    assert pol.non_waivable == ("require_decision",)
    assert pol.profiles == ("sourcing/*.yaml",)


def test_a_later_extended_policy_overrides_an_earlier_one(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEAD + "rules: {min_decision_score: 10, require_decision: true}\n")
    write(tmp_path, "b.yaml", HEAD + "rules: {min_decision_score: 20}\n")
    top = write(tmp_path, "top.yaml", HEAD + "extends: [a.yaml, b.yaml]\n")
    pol = load(top, catalog)
    assert (pol.min_decision_score, pol.require_decision) == (20, True)


def test_a_diamond_is_not_a_cycle(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", HEAD + "rules: {require_decision: true}\n")
    write(tmp_path, "b.yaml", HEAD + "extends: [d.yaml]\n")
    write(tmp_path, "c.yaml", HEAD + "extends: [d.yaml]\n")
    top = write(tmp_path, "top.yaml", HEAD + "extends: [b.yaml, c.yaml]\n")
    assert load(top, catalog).require_decision is True


def test_a_cycle_is_an_error_at_the_entry_that_closes_it(catalog: Catalog, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", HEAD + "extends: [b.yaml]\n")
    write(tmp_path, "b.yaml", HEAD + "extends:\n  - a.yaml\n")
    found = errors_of(a, catalog)
    assert len(found) == 1
    assert found[0].startswith("b.yaml:4:5: error: extends[0]: 'a.yaml' already extends this file")
    assert "a.yaml -> b.yaml -> a.yaml" in found[0]


def test_a_policy_extending_itself_is_an_error(catalog: Catalog, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", HEAD + "extends: [./a.yaml]\n")
    found = errors_of(a, catalog)
    assert len(found) == 1
    assert found[0].startswith("a.yaml:3:11: error: extends[0]: './a.yaml' is this file itself")


def test_a_missing_extended_file_is_an_error_at_its_entry(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "company.yaml", HEAD)
    a = write(tmp_path, "a.yaml", HEAD + "extends: [compnay.yaml]\n")
    (found,) = errors_of(a, catalog)
    assert found.startswith("a.yaml:3:11: error: extends[0]: no policy file 'compnay.yaml'")
    assert "company.yaml" in found.partition("no policy file")[2].partition("(")[2]


def test_an_error_in_an_extended_policy_is_reported_at_its_own_path(
    catalog: Catalog, tmp_path: Path
) -> None:
    write(tmp_path, "shared/base.yaml", HEAD + "rules:\n  min_decision_score: 400\n")
    a = write(tmp_path, "a.yaml", HEAD + "extends: [shared/base.yaml]\nrules: {nope: 1}\n")
    found = errors_of(a, catalog)
    assert [line.split(": error:")[0] for line in found] == ["a.yaml:4:9", "shared/base.yaml:4:23"]


def test_a_waiver_may_name_an_extended_forbid_rule(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "company.yaml", COMPANY)
    body = """\
extends: [company.yaml]
waivers:
  - {rule: forbid/no-offshore, profile: sourcing/a.yaml, reason: r, owner: o, expires: 2026-02-01}
"""
    pol = load(write(tmp_path, "a.yaml", HEAD + body), catalog)
    assert pol.waivers[-1].rule == "forbid/no-offshore"
    # Not in the company policy either: still an error, suggesting the extended ids.
    found = errors_of(write(tmp_path, "b.yaml", HEAD + body.replace("no-offshore", "no-ofshore")),
                      catalog)
    assert len(found) == 1
    assert "did you mean 'no-offshore'" in found[0].split("'no-ofshore'")[1]


def test_an_extended_non_waivable_rule_stays_non_waivable(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "company.yaml", COMPANY)
    a = write(tmp_path, "a.yaml", HEAD + """\
extends: [company.yaml]
waivers:
  - {rule: require_decision, profile: sourcing/a.yaml, reason: r, owner: o, expires: 2026-02-01}
""")
    (found,) = errors_of(a, catalog)
    assert found.startswith("a.yaml:5:12: error: waivers[0].rule: 'require_decision' is non-waivable")


def test_extended_waivers_are_reported_in_their_own_file(
    catalog: Catalog, tmp_path: Path
) -> None:
    write(tmp_path, "shared/company.yaml", COMPANY)
    top = write(tmp_path, ".sourcing-policy.yaml", HEAD + "extends: [shared/company.yaml]\n")
    pol = load(top, catalog)
    profile = profile_from_doc(load_text("version: 1\ndecision: in_house\n", "sourcing/a.yaml"), catalog)
    report = run(pol, catalog, [ProfileInput("sourcing/a.yaml", profile)], date(2026, 1, 15))
    unused = [f for f in report.findings if f.rule == "unused_waiver"]
    assert [(f.profile, f.line) for f in unused] == [("shared/company.yaml", 12)]
    # waiver_rules.max_days of the company: its own waiver's expires, at its own file and index.
    (late,) = waiver_length_problems(pol, date(2025, 1, 1))
    assert late.render().startswith("shared/company.yaml:13:15: error: waivers[0].expires:")


def test_a_long_chain_of_extends_is_an_error_not_a_crash(catalog: Catalog, tmp_path: Path) -> None:
    for i in range(50):
        write(tmp_path, f"p{i}.yaml", HEAD + f"extends: [p{i + 1}.yaml]\n")
    write(tmp_path, "p50.yaml", HEAD)
    (found,) = errors_of(tmp_path / "p0.yaml", catalog)
    assert found.startswith("p7.yaml:3:11: error: extends[0]: policies extend each other more than 8")


def test_a_device_or_folder_is_not_a_policy_file(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    a = write(tmp_path, "a.yaml", HEAD + "extends: [folder, /dev/zero]\n")
    found = errors_of(a, catalog)
    assert [line.split(": no policy file")[0] for line in found] == [
        "a.yaml:3:11: error: extends[0]", "a.yaml:3:19: error: extends[1]"]


def test_an_extended_forbid_rule_says_which_file_states_it(catalog: Catalog, tmp_path: Path) -> None:
    write(tmp_path, "shared/company.yaml", COMPANY)
    top = write(tmp_path, ".sourcing-policy.yaml", HEAD + "extends: [shared/company.yaml]\n")
    pol = load(top, catalog)
    profile = profile_from_doc(load_text("version: 1\ndecision: in_house\n", "sourcing/a.yaml"), catalog)
    report = run(pol, catalog, [ProfileInput("sourcing/a.yaml", profile)], date(2026, 1, 15))
    assert rule_descriptions(report)["forbid/no-offshore"].endswith("(from shared/company.yaml)")
