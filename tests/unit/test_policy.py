"""The policy format: what loads, and the exact located error for every kind of mistake."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import InputError
from sourcing_cli.policy import load_policy, policy_from_doc
from sourcing_cli.policy_schema import starter_policy
from sourcing_cli.yamlio import load_text
from tests.helpers import EXAMPLES, ROOT

BAD = ROOT / "tests" / "cases" / "bad" / "policy"


def errors(text: str, catalog: Catalog) -> list[str]:
    with pytest.raises(InputError) as caught:
        policy_from_doc(load_text(text, "p.yaml"), catalog, "p.yaml")
    return [d.render() for d in caught.value.diagnostics]


def test_every_error_of_a_policy_is_reported_at_once(catalog: Catalog) -> None:
    path = BAD / "everything-wrong.yaml"
    with pytest.raises(InputError) as caught:
        load_policy(path, catalog, path.name)
    expected = (BAD / "everything-wrong.err").read_text(encoding="utf-8").splitlines()
    assert [d.render() for d in caught.value.diagnostics] == expected


def test_the_example_policy_loads(catalog: Catalog) -> None:
    path = EXAMPLES / "policy-repo" / ".sourcing-policy.yaml"
    policy = load_policy(path, catalog, "policy")
    assert policy.name == ".sourcing-policy.yaml"
    assert policy.profiles == ("sourcing/**/*.yaml",)
    assert policy.require_decision
    assert (policy.min_decision_score, policy.max_gap_to_recommended) == (50, 10)
    assert (policy.red_flags_fail_on, policy.certifications_min_days) == ("high", 30)
    assert policy.max_decision_age_days is None
    assert [f.id for f in policy.forbid] == ["ip-stays-home", "regulated-data-needs-control"]
    assert policy.forbid[0].when.describe() == "ip_sensitivity = high"
    assert policy.forbid[1].severity == "warning"
    waiver = policy.waivers[0]
    assert (waiver.rule, waiver.profile, waiver.expires, waiver.line, waiver.column) == (
        "max_gap_to_recommended", "sourcing/payments.yaml", date(2027, 6, 30), 29, 5)


def test_the_starter_policy_is_valid(catalog: Catalog) -> None:
    text = starter_policy(catalog, "2027-12-31")
    policy = policy_from_doc(load_text(text, "starter"), catalog, ".sourcing-policy.yaml")
    assert policy.require_decision
    assert policy.min_decision_score is not None and policy.max_gap_to_recommended is not None
    assert policy.waivers == ()
    assert max(len(line) for line in text.splitlines()) <= 100


def test_a_minimal_policy_enforces_nothing_but_validity(catalog: Catalog) -> None:
    policy = policy_from_doc(load_text("version: 1\nprofiles: ['*.yaml']\n", "p"), catalog, "p")
    assert not policy.require_decision and not policy.forbid
    assert (policy.min_decision_score, policy.max_gap_to_recommended, policy.red_flags_fail_on,
            policy.certifications_min_days, policy.max_decision_age_days) == (None,) * 5


def test_forbid_without_when_always_applies(catalog: Catalog) -> None:
    policy = policy_from_doc(load_text(
        "version: 1\nprofiles: ['*.yaml']\nrules:\n  forbid:\n"
        "    - {id: no-captive, models: [captive_offshore], reason: no entities abroad}\n", "p"),
        catalog, "p")
    assert policy.forbid[0].when.describe() == "always"


@pytest.mark.parametrize(("text", "expected"), [
    ("- a\n", ["p.yaml:1:1: error: a policy is a mapping with 'version: 1' and 'profiles'"]),
    ("version: 1\n", ["p.yaml:1:1: error: missing required key 'profiles'"]),
    ("version: 1\nprofiles: ['a\\b.yaml']\n",
     ["p.yaml:2:12: error: profiles[0]: 'a\\b.yaml' uses '\\'; separate directories with '/'"]),
    ("version: 1\nprofiles: ['*.yaml']\nwaivers:\n  - {rule: forbid/x, profile: a.yaml, reason: r, "
     "owner: o, expires: 2026-01-01}\n",
     ["p.yaml:4:12: error: waivers[0].rule: no forbid rule 'x' in this policy (it has none)"]),
    ("version: 1\nprofiles: ['*.yaml']\nrules:\n  forbid:\n    - {id: ip, models: [in_house], "
     "reason: r, when: {any: []}}\n",
     ["p.yaml:5:59: error: 'any' takes a non-empty list of conditions"]),
])
def test_policy_errors(text: str, expected: list[str], catalog: Catalog) -> None:
    assert errors(text, catalog) == expected


def test_waiver_of_a_forbid_rule_suggests_the_nearest_id(catalog: Catalog) -> None:
    text = ("version: 1\nprofiles: ['*.yaml']\nrules:\n  forbid:\n"
            "    - {id: ip-stays-home, models: [captive_offshore], reason: r}\n"
            "waivers:\n  - {rule: forbid/ip-stay-home, profile: a.yaml, reason: r, owner: o, "
            "expires: 2026-01-01}\n")
    assert errors(text, catalog) == [
        "p.yaml:7:12: error: waivers[0].rule: no forbid rule 'ip-stay-home' in this policy; "
        "did you mean 'ip-stays-home'?"]


def test_load_policy_reports_a_missing_file(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_policy(tmp_path / "nope.yaml", catalog, "nope.yaml")
    assert caught.value.diagnostics[0].render() == "nope.yaml:1:1: error: no such file; check the path"


RULE_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 500), st.floats(allow_nan=True),
                        st.text(max_size=12), st.lists(st.text(max_size=8), max_size=3),
                        st.dictionaries(st.sampled_from(["ip_sensitivity", "team_size", "any", "x"]),
                                        st.one_of(st.text(max_size=6), st.integers(), st.lists(
                                            st.integers(), max_size=2)), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({}, optional={
    "version": st.one_of(st.just(1), RULE_VALUES),
    "profiles": st.one_of(st.lists(st.text(max_size=10), max_size=3), RULE_VALUES),
    "rules": st.one_of(st.dictionaries(
        st.sampled_from(["require_decision", "min_decision_score", "forbid", "red_flags", "oops"]),
        st.one_of(RULE_VALUES, st.lists(st.dictionaries(
            st.sampled_from(["id", "models", "when", "reason", "severity"]), RULE_VALUES,
            max_size=5), max_size=2)), max_size=4), RULE_VALUES),
    "waivers": st.one_of(st.lists(st.dictionaries(
        st.sampled_from(["rule", "profile", "reason", "owner", "expires"]), RULE_VALUES, max_size=5),
        max_size=2), RULE_VALUES),
}))
def test_any_policy_data_loads_or_gives_located_errors(data: dict[str, object], catalog: Catalog) -> None:
    text = json.dumps(data)  # JSON is YAML: any structure, no YAML quirks needed here
    try:
        policy_from_doc(load_text(text, "p.yaml"), catalog, "p.yaml")
    except InputError as exc:
        assert exc.diagnostics
        assert all(d.path == "p.yaml" and d.line >= 1 and d.column >= 1 for d in exc.diagnostics)
