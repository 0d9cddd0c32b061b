"""A profile's errors, all of them at once: reading problems, structure and answers together, with
hints that suit what each place expects."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import InputError
from sourcing_cli.policy import load_policy
from sourcing_cli.profile import load_profile


def errors(tmp_path: Path, catalog: Catalog, text: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path, catalog, "p.yaml")
    return [d.render() for d in caught.value.diagnostics]


VENDOR = """\
vendors:
  - name: Fjord
    model: nearshore_outsourcing
    country: NO
    timezone: Europe/Oslo
    facts: {reporting_access: on, attrition_pct: 014}
"""


def test_no_yes_and_on_in_one_file_are_three_errors_each_with_its_own_hint(
        tmp_path: Path, catalog: Catalog) -> None:
    text = "version: 1\nhome: {country: NO, timezone: Europe/Oslo}\nanswers:\n" \
           "  expansion_plans: yes\n  team_size: 012\n" + VENDOR
    assert errors(tmp_path, catalog, text) == [
        "p.yaml:2:17: error: 'NO' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"NO\")",
        "p.yaml:4:20: error: 'yes' is ambiguous: YAML 1.1 reads it as true, YAML 1.2 as text; "
        "write true",
        "p.yaml:5:14: error: '012' is ambiguous: YAML 1.1 reads a leading zero as octal; write 12",
        "p.yaml:9:14: error: 'NO' is ambiguous: YAML 1.1 reads it as a boolean; quote it (\"NO\")",
        "p.yaml:11:31: error: 'on' is ambiguous: YAML 1.1 reads it as true, YAML 1.2 as text; "
        "write true",
        "p.yaml:11:50: error: '014' is ambiguous: YAML 1.1 reads a leading zero as octal; write 14",
    ]


def test_a_duplicate_key_does_not_hide_an_unknown_key_or_a_bad_answer(
        tmp_path: Path, catalog: Catalog) -> None:
    text = "version: 1\nanswers:\n  team_size: 5\n  team_size: 6\n  team_sise: 7\n" \
           "  ip_sensitivity: hihg\ndecison: in_house\n"
    assert errors(tmp_path, catalog, text) == [
        "p.yaml:4:3: error: duplicate key 'team_size' (first at line 3); keep one of them",
        "p.yaml:5:3: error: answers: unknown question 'team_sise'; did you mean 'team_size'?",
        "p.yaml:6:19: error: answers.ip_sensitivity: 'hihg' is not one of low, medium or high; "
        "did you mean 'high'?",
        "p.yaml:7:1: error: unknown key 'decison'; did you mean 'decision'?",
    ]


def test_a_refused_tag_and_a_bad_alias_come_with_the_rest(tmp_path: Path, catalog: Catalog) -> None:
    text = "version: 1\nname: !!python/name:os.system x\nanswers: {team_size: *n, cost_pressure: hi}\n"
    assert errors(tmp_path, catalog, text) == [
        "p.yaml:2:7: error: tag '!!python/name:os.system' is not allowed; remove it (only plain "
        "YAML data is read)",
        "p.yaml:3:22: error: alias *n has no anchor &n before it",
        "p.yaml:3:22: error: answers.team_size: expected a whole number, got nothing",
        "p.yaml:3:41: error: answers.cost_pressure: 'hi' is not one of low, medium or high; "
        "did you mean 'high'?",
    ]


def test_a_workstream_answer_gets_its_question_s_hint(tmp_path: Path, catalog: Catalog) -> None:
    text = "version: 1\nworkstreams:\n  - name: QA\n    answers: {expansion_plans: No}\n"
    assert errors(tmp_path, catalog, text) == [
        "p.yaml:4:32: error: 'No' is ambiguous: YAML 1.1 reads it as false, YAML 1.2 as text; "
        "write false",
    ]


def test_a_policy_reports_reading_problems_with_its_own(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / ".sourcing-policy.yaml"
    path.write_text("version: 1\nprofiles: ['*.yaml']\nrules:\n  require_decision: yes\n"
                    "  require_decision: true\n  min_decision_score: 500\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_policy(path, catalog, "pol.yaml")
    assert [d.render() for d in caught.value.diagnostics] == [
        "pol.yaml:4:21: error: 'yes' is ambiguous: YAML 1.1 reads it as true, YAML 1.2 as text; "
        "write true",
        "pol.yaml:5:3: error: duplicate key 'require_decision' (first at line 4); keep one of them",
        "pol.yaml:6:23: error: rules.min_decision_score: must be ≤ 100, got 500",
    ]


def test_one_loader_refuses_another_format_only_when_asked(tmp_path: Path, catalog: Catalog) -> None:
    """``load_profile``/``load_policy`` are the only loaders (the CLI's ``read_profile`` and
    ``read_policy`` ask them to refuse a file of another format, with the command it is for)."""
    policy = tmp_path / "team.yaml"
    policy.write_text("version: 1\nprofiles: ['sourcing/*.yaml']\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_profile(policy, catalog, "team.yaml", refuse_other_formats=True)
    assert [d.render() for d in refused.value.diagnostics] == [
        "team.yaml:2:1: error: this is a sourcing policy, not a profile; enforce it with "
        "`sourcing check --policy team.yaml`"]
    with pytest.raises(InputError) as plain:
        load_profile(policy, catalog, "team.yaml")
    assert not any("sourcing policy" in d.message for d in plain.value.diagnostics)

    profile = tmp_path / "p.yaml"
    profile.write_text("version: 1\nanswers: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as wrong:
        load_policy(profile, catalog, "p.yaml", refuse_other_formats=True)
    assert [d.message for d in wrong.value.diagnostics] == [
        "this is a profile (it has 'answers'), not a policy; assess it with `sourcing assess "
        "p.yaml`, and give --policy the .sourcing-policy.yaml file"]


@pytest.mark.parametrize(("text", "kind"), [
    ("version: 1\nrules: {require_decision: true}\n", "policy"),
    ("version: 1\nwaivers: []\n", "policy"),
    ("version: 1\nextends: [company.yaml]\n", "policy"),
    ("version: 1\nanswers: {}\nrules: {}\n", "profile"),  # a profile key wins: its error is the key
    ("version: 1\n", None),
])
def test_a_policy_without_profiles_is_still_known_for_a_policy(text: str, kind: str | None) -> None:
    """A policy half written (no ``profiles`` yet) given to ``assess`` or the interview is named
    for what it is, not reported key by key as a bad profile."""
    from sourcing_cli.filekind import kind_of

    assert kind_of("team.yaml", yaml.safe_load(text)) == kind
