"""The profile diff: which change flipped the recommendation, and how every score moved."""

from __future__ import annotations

from sourcing_cli.catalog import Catalog
from sourcing_cli.diff import Change, ProfileDiff, diff_profiles
from sourcing_cli.profile import load_profile, profile_from_doc
from sourcing_cli.render.diff_text import verdict
from sourcing_cli.yamlio import load_text
from tests.conftest import ROOT

CASES = ROOT / "tests" / "cases" / "diff"



def test_the_answer_that_flipped_the_recommendation_is_named(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    new = load_profile(CASES / "new.yaml", catalog, "new.yaml")
    diff = diff_profiles(catalog, old, new)
    assert (diff.old_recommendation, diff.new_recommendation) == ("nearshore_outsourcing",
                                                                  "onshore_outsourcing")
    assert [c.label for c in diff.changes] == ["answers.data_residency", "answers.team_size",
                                               "priorities.speed"]
    assert [c.label for c in diff.flipped_by] == ["answers.data_residency"]
    residency = diff.changes[0]
    assert (residency.old, residency.new, residency.without, residency.flips) == (
        "none", "in_country", "nearshore_outsourcing", True)
    assert verdict(diff) == (
        "Recommendation changed: nearshore_outsourcing → onshore_outsourcing. Flipped by "
        "answers.data_residency (none → in_country): with that change alone undone, "
        "nearshore_outsourcing would be recommended.")
    moves = {m.model: m for m in diff.moves}
    assert moves["nearshore_outsourcing"].new_score is None
    assert moves["onshore_outsourcing"].new_rank == 1
    assert diff.weights == (("speed", 2, 3),)


def test_two_changes_that_each_would_flip_it_are_both_named(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    both = load_profile(CASES / "both.yaml", catalog, "both.yaml")
    diff = diff_profiles(catalog, old, both)
    assert not any(c.flips for c in diff.changes)
    assert diff.each_suffices
    assert [c.label for c in diff.flipped_by] == ["answers.data_residency", "answers.cost_pressure"]
    assert "Each of these would have flipped it on its own" in verdict(diff)


def test_no_change_means_no_flip(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    diff = diff_profiles(catalog, old, old)
    assert diff.changes == () and not diff.recommendation_changed
    assert verdict(diff) == "Recommendation unchanged: nearshore_outsourcing."


def test_a_default_made_explicit_is_not_a_change(catalog: Catalog) -> None:
    implicit = profile_from_doc(load_text("version: 1\n", "a"), catalog)
    explicit = profile_from_doc(load_text("version: 1\nanswers: {ip_sensitivity: medium}\n", "b"),
                                catalog)
    assert diff_profiles(catalog, implicit, explicit).changes == ()
    changed = profile_from_doc(load_text("version: 1\nanswers: {ip_sensitivity: high}\n", "c"),
                               catalog)
    change = diff_profiles(catalog, implicit, changed).changes[0]
    assert (change.label, change.old, change.old_defaulted, change.new_defaulted) == (
        "answers.ip_sensitivity", "medium", True, False)


def test_changes_that_flip_it_only_together_are_said_so() -> None:
    changes = (Change("answer", "a", 1, 2), Change("answer", "b", 1, 2))
    diff = ProfileDiff("old", "new", changes, (), (), "in_house", "onshore_outsourcing", None, None)
    assert verdict(diff) == ("Recommendation changed: in_house → onshore_outsourcing. No single "
                             "change flips it on its own; the changes do it together.")
