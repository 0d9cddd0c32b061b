"""One stakeholder's weighting questions as a state machine: priorities, the pairwise flow with
its consistency ratio as it goes, the review of an inconsistent set, the voice weight, resuming;
and the same steps asked through the prompt layer (pipe input, no terminal)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from sourcing_cli import prompts, weights
from sourcing_cli.catalog import Catalog
from sourcing_cli.methods.ahp import SAATY_SCALE, weights_from_judgements
from sourcing_cli.profile import resolve_answers
from sourcing_cli.render.interview import stakeholder_summary
from sourcing_cli.stakeholder_flow import KEEP, REVISE, StakeholderAnswers, StakeholderFlow, pairs_of

THREE = ["compliance", "cost", "ip_protection"]


def kind(flow: StakeholderFlow) -> str | None:
    """The kind of the current step (``None`` at the end)."""
    step = flow.current
    return None if step is None else step.kind


def pairwise(catalog: Catalog, criteria: list[str] = THREE) -> StakeholderFlow:
    flow = StakeholderFlow(catalog, StakeholderAnswers("CISO"))
    assert flow.answer("pairwise") is None
    assert flow.answer(criteria) is None
    return flow


def test_priorities_mode_asks_every_criterion_then_the_voice(catalog: Catalog) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers("CFO"))
    assert flow.current is not None and flow.current.kind == "mode"
    flow.answer("priorities")
    kinds = [s.kind for s in flow.steps()]
    assert kinds == ["mode", *["priority"] * len(catalog.criteria), "weight"]
    assert flow.progress() == (2, len(catalog.criteria) + 2)
    flow.answer(5)
    assert flow.answer(7) == "must be between 0 and 5, got 7"
    for _ in catalog.criteria[1:]:
        assert flow.answer(0) is None
    assert kind(flow) == "weight"
    assert not flow.complete and flow.saved_count() == 1 + len(catalog.criteria)


def test_priorities_mode_writes_the_design_shape(catalog: Catalog) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers("CFO"))
    flow.answer("priorities")
    first = catalog.criterion_ids[0]
    assert flow.answer(4) is None
    assert flow.state.entry() == {"name": "CFO", "priorities": {first: 4}}
    assert flow.accept_defaults() is None and flow.complete
    entry = flow.state.entry()
    assert entry["priorities"][first] == 4 and entry["weight"] == 1
    assert list(entry["priorities"]) == list(catalog.criterion_ids)
    derived = weights.resolve(catalog, resolve_answers(catalog, {})[0], {}).values
    assert all(entry["priorities"][c] == derived[c] for c in catalog.criterion_ids[1:])


def test_every_priority_zero_is_refused(catalog: Catalog) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers(
        "CFO", mode="priorities", priorities=dict.fromkeys(catalog.criterion_ids[1:], 0)))
    step = flow.current
    assert step is not None and step.key == catalog.criterion_ids[0]
    assert flow.answer(0) == "every criterion would weigh 0; give at least one a priority above 0"
    assert flow.answer(1) is None


@pytest.mark.parametrize(("value", "problem"), [
    (0, "must be above 0"), (-2, "must be above 0"), ("lots", "expected a number above 0"),
    (math.inf, "expected a number above 0"), (True, "expected a number above 0"),
])
def test_the_voice_weight_must_be_a_positive_number(catalog: Catalog, value: Any, problem: str) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers(
        "CFO", mode="priorities", priorities=dict.fromkeys(catalog.criterion_ids, 3)))
    assert kind(flow) == "weight"
    found = flow.answer(value)
    assert found is not None and problem in found
    assert flow.answer(2.5) is None and flow.complete and flow.state.entry()["weight"] == 2.5


def test_pairs_are_asked_column_by_column_in_catalog_order(catalog: Catalog) -> None:
    flow = pairwise(catalog, ["speed", "cost", "control", "risk"])
    order = [c for c in catalog.criterion_ids if c in ("speed", "cost", "control", "risk")]
    asked = [s.pair for s in flow.steps() if s.kind == "pair"]
    assert asked == pairs_of(order) and len(asked) == 6
    assert asked[:3] == [(order[0], order[1]), (order[0], order[2]), (order[1], order[2])]


def test_fewer_than_two_criteria_cannot_be_compared(catalog: Catalog) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers("CISO", mode="pairwise"))
    assert flow.answer(["cost"]) == "pick at least two criteria to compare (Space ticks one)"
    assert flow.answer(["cost", "speeed"]) == "unknown criteria: speeed"


def test_the_choices_read_from_either_side_on_saatys_scale(catalog: Catalog) -> None:
    flow = pairwise(catalog)
    step = flow.current
    assert step is not None and step.kind == "pair" and step.pair is not None
    values = [v for _, v in step.choices]
    assert sorted(values) == sorted(SAATY_SCALE) and len(values) == 17
    first, second = (catalog.criterion(c).name for c in step.pair)
    assert step.text == f"{first} or {second}: which matters more, and how much?"
    labels = {v: label for label, v in step.choices}
    assert labels[Fraction(9)] == f"{first}, extremely more (9)"
    assert labels[Fraction(1, 3)] == f"{second}, moderately more (3)"
    assert labels[Fraction(1)] == "Both equally (1)"


def answer_pairs(flow: StakeholderFlow, ratios: dict[tuple[str, str], Fraction]) -> None:
    while (step := flow.current) is not None and step.kind == "pair":
        assert step.pair is not None
        assert flow.answer(ratios[step.pair]) is None


def test_the_consistency_ratio_is_shown_as_soon_as_three_criteria_are_complete(catalog: Catalog) -> None:
    criteria = ["compliance", "cost", "ip_protection", "speed"]
    flow = pairwise(catalog, criteria)
    order = [c for c in catalog.criterion_ids if c in criteria]
    ratios = {(order[0], order[1]): Fraction(3), (order[0], order[2]): Fraction(6),
              (order[1], order[2]): Fraction(2)}
    notes = []
    for pair in pairs_of(order)[:3]:
        step = flow.current
        assert step is not None and step.pair == pair
        notes.append(step.help)
        flow.answer(ratios[pair])
    step = flow.current
    assert step is not None and step.kind == "pair"
    expected = weights_from_judgements([(a, b, str(r)) for (a, b), r in ratios.items()], order)
    assert all("checked once three criteria" in note for note in notes)
    assert step.help == (f"Consistency ratio so far: {expected.consistency_ratio:.2f} (consistent) "
                         "over 3 criteria.")


def inconsistent(catalog: Catalog) -> tuple[StakeholderFlow, list[str]]:
    flow = pairwise(catalog)
    a, b, c = [x for x in catalog.criterion_ids if x in THREE]
    # a ≫ b, b ≫ c, but c ≫ a: a cycle, as inconsistent as judgements get.
    answer_pairs(flow, {(a, b): Fraction(9), (b, c): Fraction(9), (a, c): Fraction(1, 9)})
    return flow, [a, b, c]


def test_an_inconsistent_set_is_reviewed_naming_the_worst_judgement(catalog: Catalog) -> None:
    flow, _ = inconsistent(catalog)
    step = flow.current
    assert step is not None and step.kind == "review"
    result = flow.result()
    assert result is not None and result.consistency_ratio > 0.10 and result.worst is not None
    worst = result.worst.judgement
    assert f"[{worst.more}, {worst.less}," in step.help and "inconsistent" in step.help
    assert flow.default(step) == REVISE and not flow.complete


def test_revising_goes_to_the_worst_pair_with_the_implied_value_and_comes_back(catalog: Catalog) -> None:
    flow, _ = inconsistent(catalog)
    worst = flow.worst_pair()
    assert worst is not None
    pair, suggestion = worst
    assert flow.answer(REVISE) is None
    step = flow.current
    assert step is not None and step.pair == pair and flow.default(step) == suggestion
    flow.answer(flow.default(step))
    after = flow.current
    assert after is not None
    if after.kind == "review":  # still inconsistent: asked again, never passed silently
        assert flow.answer(REVISE) is None and flow.current is not None
        assert flow.current.kind == "pair"
    else:
        assert after.kind == "weight"
        result = flow.result()
        assert result is not None and result.consistent


def test_taking_the_implied_value_makes_one_wrong_judgement_consistent(catalog: Catalog) -> None:
    four = [*THREE, "speed"]
    flow = pairwise(catalog, four)
    a, b, c, d = [x for x in catalog.criterion_ids if x in four]
    # Weights 8:4:2:1, every judgement saying so but one: "d matters 8 times as much as a".
    worth = {a: 8, b: 4, c: 2, d: 1}
    ratios = {(x, y): Fraction(worth[x], worth[y]) for x, y in pairs_of([a, b, c, d])}
    ratios[(a, d)] = Fraction(1, 8)
    answer_pairs(flow, ratios)
    assert kind(flow) == "review"
    assert flow.worst_pair() == ((a, d), Fraction(8))
    flow.answer(REVISE)
    step = flow.current
    assert step is not None and step.pair == (a, d) and flow.default(step) == Fraction(8)
    assert flow.answer(flow.default(step)) is None
    assert kind(flow) == "weight"
    result = flow.result()
    assert result is not None and result.consistency_ratio == 0.0


def test_keeping_an_inconsistent_set_is_a_choice_and_is_said(catalog: Catalog) -> None:
    flow, _ = inconsistent(catalog)
    assert flow.answer(KEEP) is None and flow.kept_inconsistent
    assert kind(flow) == "weight"
    flow.answer(1)
    assert flow.complete
    summary = stakeholder_summary(flow)
    assert "`sourcing assess` will refuse these judgements" in summary[-1]
    assert len(flow.state.entry()["pairwise"]) == 3


def test_pairwise_judgements_are_written_more_important_first(catalog: Catalog) -> None:
    flow = pairwise(catalog)
    a, b, c = [x for x in catalog.criterion_ids if x in THREE]
    answer_pairs(flow, {(a, b): Fraction(1, 3), (a, c): Fraction(1), (b, c): Fraction(3)})
    flow.answer(2)
    assert flow.state.entry() == {"name": "CISO", "pairwise": [[b, a, 3], [a, c, 1], [b, c, 3]],
                                  "weight": 2}
    result = flow.result()
    assert result is not None and result.consistent
    assert stakeholder_summary(flow)[0].startswith(f"Weights: {catalog.criterion(b).id} ")


def test_a_new_pair_defaults_to_the_ratio_the_answers_weights_give(catalog: Catalog) -> None:
    answers = {"ip_sensitivity": "high", "cost_pressure": "high"}
    flow = StakeholderFlow(catalog, StakeholderAnswers("CISO"), answers)
    derived = weights.resolve(catalog, resolve_answers(catalog, answers)[0], {}).values
    for a, b in pairs_of(catalog.criterion_ids):
        got = flow.implied(a, b)
        assert got in SAATY_SCALE and flow.implied(b, a) == 1 / got
        if derived[a] > 0 and derived[b] > 0:
            ratio = derived[a] / derived[b]
            best = min(abs(math.log(s / ratio)) for s in SAATY_SCALE)
            assert abs(math.log(got / ratio)) == pytest.approx(best)


def test_changing_the_way_of_weighing_or_the_criteria_drops_what_no_longer_applies(
    catalog: Catalog
) -> None:
    flow, (a, b, _c) = inconsistent(catalog)
    flow.rewind()
    flow.answer("pairwise")
    assert flow.answer([a, b]) is None
    assert list(flow.state.judgements) == [(a, b)]
    flow.back()
    flow.back()
    flow.answer("priorities")
    assert flow.state.judgements == {} and flow.state.criteria is None
    assert flow.state.entry() == {"name": "CISO", "priorities": {}}


def test_a_rerun_resumes_at_the_first_unanswered_step(catalog: Catalog) -> None:
    a, b, c = [x for x in catalog.criterion_ids if x in THREE]
    state = StakeholderAnswers("CISO", mode="pairwise", criteria=(a, b, c),
                               judgements={(a, b): Fraction(3)})
    flow = StakeholderFlow(catalog, state)
    step = flow.current
    assert step is not None and step.pair == (a, c)
    assert flow.saved_count() == 3 and flow.progress() == (4, 6)
    done = StakeholderFlow(catalog, StakeholderAnswers(
        "CFO", mode="priorities", priorities=dict.fromkeys(catalog.criterion_ids, 1), weight=1))
    assert done.complete and kind(done) is None
    done.rewind()
    assert done.current is not None and done.default(done.current) == "priorities"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def test_the_criteria_are_ticked_in_a_checkbox_list(catalog: Catalog, pipe: PipeInput) -> None:
    flow = StakeholderFlow(catalog, StakeholderAnswers("CISO", mode="pairwise"))
    step = flow.current
    assert step is not None and step.multiple
    pipe.send_text(" \r")  # untick the first (all are ticked by default), confirm
    picked = prompts.ask(flow, step, input=pipe, output=DummyOutput())
    assert picked == list(catalog.criterion_ids[1:])


def test_a_pair_is_picked_from_the_list_its_default_highlighted(catalog: Catalog, pipe: PipeInput) -> None:
    flow = pairwise(catalog)
    step = flow.current
    assert step is not None
    pipe.send_text("\x1b[A\r")  # one up from the default
    picked = prompts.ask(flow, step, input=pipe, output=DummyOutput())
    values = [v for _, v in step.choices]
    assert picked == values[values.index(flow.default(step)) - 1]


def test_without_the_criteria_compared_a_rerun_asks_for_them_with_the_judged_ones_ticked(
    catalog: Catalog
) -> None:
    state = StakeholderAnswers("CISO", mode="pairwise", judgements={("cost", "speed"): Fraction(3)})
    flow = StakeholderFlow(catalog, state)
    step = flow.current
    assert step is not None and step.kind == "criteria"
    assert flow.default(step) == ["cost", "speed"]
    assert StakeholderFlow(catalog, StakeholderAnswers("x", mode="pairwise")).default(step) == list(
        catalog.criterion_ids)


def test_the_plain_interview_asks_no_priorities_of_a_group_profile(catalog: Catalog) -> None:
    from sourcing_cli.interview import Answers, Interview

    group = Interview(catalog, Answers(extra={"stakeholders": [{"name": "CFO", "priorities": {
        "cost": 5}}]}))
    assert not any(s.kind == "priority" for s in group.steps if group.applies(s))
    text = group.render("")
    assert "stakeholders:\n  - name: CFO\n" in text and "not answered: from your answers" not in text
    assert "priorities" not in yaml.safe_load(text)  # a group profile gives no top-level weights
    alone = Interview(catalog, Answers())
    assert any(s.kind == "priority" for s in alone.steps if alone.applies(s))
