"""The profile diff: which change flipped the recommendation, and how every score moved."""

from __future__ import annotations

from datetime import date

from sourcing_cli.catalog import Catalog
from sourcing_cli.diff import Change, ProfileDiff, diff_profiles
from sourcing_cli.profile import load_profile, profile_from_doc
from sourcing_cli.render.diff_text import verdict
from sourcing_cli.yamlio import load_text
from tests.helpers import ROOT

CASES = ROOT / "tests" / "cases" / "diff"
AS_OF = date(2026, 3, 1)


def test_the_answer_that_flipped_the_recommendation_is_named(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    new = load_profile(CASES / "new.yaml", catalog, "new.yaml")
    diff = diff_profiles(catalog, old, new, as_of=AS_OF)
    assert (diff.old_recommendation, diff.new_recommendation) == ("nearshore_outsourcing",
                                                                  "onshore_outsourcing")
    assert [c.label for c in diff.changes] == ["answers.data_residency", "answers.team_size",
                                               "priorities.speed"]
    assert [c.label for c in diff.flipped_by] == ["answers.data_residency"]
    residency = diff.changes[0]
    assert (residency.old, residency.new, residency.without, residency.flips) == (
        "none", "in_country", "nearshore_outsourcing", True)
    assert verdict(diff) == (
        "Recommendation changed: Nearshore outsourcing → Onshore outsourcing. Flipped by "
        "answers.data_residency (none → in_country): with that change alone undone, "
        "Nearshore outsourcing would be recommended.")
    moves = {m.model: m for m in diff.moves}
    assert moves["nearshore_outsourcing"].new_score is None
    assert moves["onshore_outsourcing"].new_rank == 1
    assert diff.weights == (("speed", 2, 3),)


def test_two_changes_that_each_would_flip_it_are_both_named(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    both = load_profile(CASES / "both.yaml", catalog, "both.yaml")
    diff = diff_profiles(catalog, old, both, as_of=AS_OF)
    assert not any(c.flips for c in diff.changes)
    assert diff.each_suffices
    assert [c.label for c in diff.flipped_by] == ["answers.data_residency", "answers.cost_pressure"]
    assert "Each of these would have flipped it on its own" in verdict(diff)


def test_no_change_means_no_flip(catalog: Catalog) -> None:
    old = load_profile(CASES / "old.yaml", catalog, "old.yaml")
    diff = diff_profiles(catalog, old, old, as_of=AS_OF)
    assert diff.changes == () and not diff.recommendation_changed
    assert verdict(diff) == "Recommendation unchanged: Nearshore outsourcing."


def test_a_default_made_explicit_is_not_a_change(catalog: Catalog) -> None:
    implicit = profile_from_doc(load_text("version: 1\n", "a"), catalog)
    explicit = profile_from_doc(load_text("version: 1\nanswers: {ip_sensitivity: medium}\n", "b"),
                                catalog)
    assert diff_profiles(catalog, implicit, explicit, as_of=AS_OF).changes == ()
    changed = profile_from_doc(load_text("version: 1\nanswers: {ip_sensitivity: high}\n", "c"),
                               catalog)
    change = diff_profiles(catalog, implicit, changed, as_of=AS_OF).changes[0]
    assert (change.label, change.old, change.old_defaulted, change.new_defaulted) == (
        "answers.ip_sensitivity", "medium", True, False)


def test_changes_that_flip_it_only_together_are_said_so() -> None:
    changes = (Change("answer", "a", 1, 2), Change("answer", "b", 1, 2))
    diff = ProfileDiff("old", "new", changes, (), (), "in_house", "onshore_outsourcing", None, None)
    assert verdict(diff) == ("Recommendation changed: in_house → onshore_outsourcing. No single "
                             "change flips it on its own; the changes do it together.")


PAIRWISE = ("pairwise:\n  - [ip_protection, cost, 9]\n  - [ip_protection, control, 9]\n"
            "  - [control, cost, 1]\n")


def test_pairwise_judgements_that_move_the_scores_are_a_change_with_its_effect(
    catalog: Catalog
) -> None:
    text = (CASES / "old.yaml").read_text()
    old = profile_from_doc(load_text(text, "old.yaml"), catalog)
    new = profile_from_doc(load_text(text + PAIRWISE, "new.yaml"), catalog)
    diff = diff_profiles(catalog, old, new, as_of=AS_OF)
    assert [c.label for c in diff.changes] == ["pairwise"]
    (change,) = diff.changes
    assert [j[:2] for j in change.new.pairwise] == [  # in catalog order
        ("control", "cost"), ("control", "ip_protection"), ("cost", "ip_protection")]
    assert (change.flips, change.without, change.alone) == (True, "nearshore_outsourcing", "in_house")
    assert (diff.old_recommendation, diff.new_recommendation) == ("nearshore_outsourcing", "in_house")
    moved = {c: (a, b) for c, a, b in diff.weights}
    assert moved["ip_protection"][1] == 5 and moved["risk"][1] == 0
    moves = {m.model: m for m in diff.moves}
    assert moves["in_house"].new_score is not None and moves["in_house"].old_score is not None
    assert moves["in_house"].new_score - moves["in_house"].old_score > 30
    assert "Flipped by pairwise" in verdict(diff)


def test_the_same_judgements_written_another_way_are_no_change(catalog: Catalog) -> None:
    one = profile_from_doc(load_text("version: 1\npairwise: [[cost, control, 3]]\n", "a"), catalog)
    same = profile_from_doc(load_text("version: 1\npairwise: [[control, cost, 1/3]]\n", "b"),
                            catalog)
    other = profile_from_doc(load_text("version: 1\npairwise: [[control, cost, 3]]\n", "c"), catalog)
    assert diff_profiles(catalog, one, same, as_of=AS_OF).changes == ()
    changed = diff_profiles(catalog, one, other, as_of=AS_OF)
    assert [c.label for c in changed.changes] == ["pairwise"]
    assert [c for c, _, _ in changed.weights] == ["control", "cost"]


def test_priorities_replaced_by_judgements_are_one_change(catalog: Catalog) -> None:
    old = profile_from_doc(load_text("version: 1\npriorities: {cost: 1, speed: 5}\n", "a"), catalog)
    new = profile_from_doc(load_text("version: 1\npairwise: [[cost, speed, 9]]\n", "b"), catalog)
    diff = diff_profiles(catalog, old, new, as_of=AS_OF)
    assert [c.label for c in diff.changes] == ["pairwise"]
    assert diff.changes[0].old.priorities == {"cost": 1, "speed": 5}


def test_an_added_profile_has_no_changes_only_its_assessment(catalog: Catalog) -> None:
    new = load_profile(CASES / "new.yaml", catalog, "new.yaml")
    diff = diff_profiles(catalog, None, new, as_of=AS_OF, old_path="HEAD:new.yaml")
    assert diff.added and diff.changes == () and diff.weights == ()
    assert diff.new_recommendation == "onshore_outsourcing"
    assert verdict(diff) == ("New profile (no version at HEAD:new.yaml): Onshore outsourcing is "
                             "recommended.")


def test_an_added_profile_says_only_how_sure_its_own_advice_is(catalog: Catalog) -> None:
    from sourcing_cli.render.diff_text import sure_line

    new = load_profile(CASES / "new.yaml", catalog, "new.yaml")
    diff = diff_profiles(catalog, None, new, as_of=AS_OF, old_path="HEAD:new.yaml")
    assert diff.sureness is not None and diff.sureness.old is None
    ((model, old, share),) = diff.sure_winners
    assert (model, old) == ("onshore_outsourcing", None) and share is not None
    assert sure_line(diff) == ("How sure (first place in plausible weightings and ratings): "
                               f"Onshore outsourcing {100 * share:.1f}%.")
