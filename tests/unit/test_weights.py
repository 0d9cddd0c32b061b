"""``sourcing_cli.weights``: one precedence for every caller, each weight with its origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import InputError
from sourcing_cli.methods.ahp import weights_from_judgements
from sourcing_cli.profile import load_profile, resolve_answers
from sourcing_cli.weights import ALL_ZERO, resolve, stream_weighting


def test_precedence_priorities_then_rules_then_defaults(catalog: Catalog) -> None:
    answers = resolve_answers(catalog, {"cost_pressure": "high"})[0]
    found = resolve(catalog, answers, {"control": 1.5})
    assert (found.values["control"], found.sources["control"].origin) == (1.5, "profile")
    assert (found.values["cost"], found.sources["cost"].origin) == (5, "rule")
    assert found.sources["cost"].reason == "You said cost pressure is high."
    assert found.sources["speed"].origin in ("rule", "default")
    assert found.method == "priorities"
    assert list(found.values) == list(catalog.criterion_ids)


def test_pairwise_judgements_decide_every_weight(catalog: Catalog) -> None:
    answers = resolve_answers(catalog, {"cost_pressure": "high"})[0]
    ahp = weights_from_judgements([("cost", "control", 3)], catalog.criterion_ids)
    found = resolve(catalog, answers, {}, ahp)
    assert found.method == "ahp"
    assert found.values["cost"] == 5 and found.values["control"] == pytest.approx(5 / 3)
    # a criterion the judgements leave out weighs 0, whatever its rule or default says
    assert found.values["speed"] == 0
    assert found.sources["speed"].reason == "not named in the pairwise judgements"
    assert {s.origin for s in found.sources.values()} == {"ahp"}


def test_all_zero(catalog: Catalog) -> None:
    answers = resolve_answers(catalog, {})[0]
    assert resolve(catalog, answers, dict.fromkeys(catalog.criterion_ids, 0)).all_zero
    assert not resolve(catalog, answers, dict.fromkeys(catalog.criterion_ids[1:], 0)).all_zero


def test_a_workstreams_priorities_replace_the_profiles_pairwise_judgements(catalog: Catalog) -> None:
    ahp = weights_from_judgements([("cost", "control", 3)], catalog.criterion_ids)
    assert stream_weighting({}, ahp, {}) == ({}, ahp)
    assert stream_weighting({}, ahp, {"risk": 2}) == ({"risk": 2}, None)
    assert stream_weighting({"cost": 1, "risk": 4}, None, {"risk": 2}) == ({"cost": 1, "risk": 2},
                                                                          None)


def test_loading_refuses_all_zero_weights_with_the_workstreams_in_one_go(
    catalog: Catalog, tmp_path: Path
) -> None:
    zeros = ", ".join(f"{c}: 0" for c in catalog.criterion_ids)
    path = tmp_path / "p.yaml"
    path.write_text(f"version: 1\npriorities: {{{zeros}}}\nworkstreams:\n  - name: QA\n"
                    f"    priorities: {{{zeros}}}\n  - name: Support\n    priorities: {{cost: 1}}\n")
    with pytest.raises(InputError) as caught:
        load_profile(path, catalog, "p.yaml")
    assert [d.render() for d in caught.value.diagnostics] == [
        f"p.yaml:2:13: error: {ALL_ZERO}",
        f"p.yaml:5:17: error: workstreams[0]: {ALL_ZERO}",
    ]


def test_weights_resolved_again_from_the_same_answers_are_looked_up(catalog: Catalog) -> None:
    """Loading a profile resolves its weights (to refuse all zero) and scoring it does again: the
    second time is a look-up — of the very same answers and priorities, types included."""
    answers = resolve_answers(catalog, {"cost_pressure": "high"})[0]
    first = resolve(catalog, answers, {"control": 2})
    assert resolve(catalog, dict(answers), {"control": 2}) is first
    # a priority of 2.0 is not one of 2 (reports print them differently), nor True one of 1
    as_float = resolve(catalog, answers, {"control": 2.0})
    assert as_float is not first and type(as_float.values["control"]) is float
    assert type(resolve(catalog, answers, {"control": True}).values["control"]) is bool
    assert type(resolve(catalog, answers, {"control": 1}).values["control"]) is int
    # another answer, another rule: nothing remembered stands in for it
    low = resolve(catalog, {**answers, "cost_pressure": "low"}, {"control": 2})
    assert low.values["cost"] != first.values["cost"]
    assert resolve(catalog, answers, {"control": 2}).values == first.values
