"""Compiled conditions and ``check``'s shared results give exactly what the plain path gives.

:func:`sourcing_cli.conditions.compiled` turns a condition into closures that ``check``'s rating
cache evaluates for thousands of profiles; :class:`~sourcing_cli.engine.RatingCache` shares
candidates, knock-outs and ratings (by the answers read, then by which conditions hold) between
profiles; :func:`sourcing_cli.answers.check_answers` takes the plainest good answers in one test.
Each is held here to the uncached, uncompiled path on random conditions and answers: the same
three-valued truth, the same ratings, fired adjustments, knock-outs, candidates and errors.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcing_cli import conditions as cond
from sourcing_cli.answers import check_answer, check_answers
from sourcing_cli.candidates import candidates
from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import All, Any_, Condition, FieldSpec, Not, compiled
from sourcing_cli.engine import RatingCache, assess, knock_out, rate
from sourcing_cli.yamlio import YamlDocument
from tests.generate import answer

NAMES = ["a", "b", "c"]
VALUES: list[Any] = [None, 0, 1, 2, 3.5, -1, True, False, "x", "y", "", 10**20]


def values() -> st.SearchStrategy[Any]:
    return st.sampled_from(VALUES)


def leaf_tests() -> st.SearchStrategy[Condition]:
    comparable = st.one_of(st.integers(-2, 4), st.floats(-2, 4, allow_nan=False))
    return st.one_of(
        st.builds(cond.Test, st.sampled_from(NAMES), st.sampled_from(["gte", "gt", "lte", "lt"]),
                  comparable),
        st.builds(cond.Test, st.sampled_from(NAMES), st.sampled_from(["eq", "ne"]), values()),
        st.builds(cond.Test, st.sampled_from(NAMES), st.sampled_from(["in", "not_in"]),
                  st.lists(values(), max_size=3).map(tuple)),
    )


conditions: st.SearchStrategy[Condition] = st.recursive(
    leaf_tests(),
    lambda inner: st.one_of(
        st.builds(All, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Any_, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=8,
)


def _numeric(condition: Condition, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers a comparison can compare: a name that a ``gte``/``lt``… reads gets a number (the
    compiler refuses comparisons on other kinds, as profile validation refuses other values)."""
    out = dict(answers)
    stack = [condition]
    while stack:
        item = stack.pop()
        if isinstance(item, cond.Test):
            if item.op in ("gte", "gt", "lte", "lt") and out.get(item.name) is not None:
                value = out[item.name]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    out[item.name] = 1
        elif isinstance(item, Not):
            stack.append(item.item)
        else:
            stack.extend(item.items)
    return out


@settings(max_examples=400, deadline=None)
@given(conditions, st.dictionaries(st.sampled_from(NAMES), values()))
def test_a_compiled_condition_has_the_conditions_truth(
    condition: Condition, answers: dict[str, Any]
) -> None:
    answers = _numeric(condition, answers)
    expected = condition.evaluate(answers)
    found = compiled(condition)(answers)
    assert found is expected or (type(found) is type(expected) and found == expected)


def test_every_catalog_condition_compiles_to_its_truth(catalog: Catalog) -> None:
    rng = random.Random(5)
    whens = [a.when for c in catalog.criteria for a in c.adjustments]
    whens += [r.when for c in catalog.criteria for r in c.weight_rules]
    whens += [k.when for k in catalog.knockouts]
    assert len(whens) > 40
    for _ in range(300):
        answers = {q.id: answer(rng, catalog, q.id) for q in catalog.questions
                   if rng.random() < 0.6}
        for when in whens:
            assert compiled(when)(answers) is when.evaluate(answers)


def _cases(catalog: Catalog, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        out.append({q.id: answer(rng, catalog, q.id) for q in catalog.questions
                    if rng.random() < 0.8})
    return out


@pytest.mark.parametrize("standings", [True, False])
def test_shared_candidates_knock_outs_and_ratings_are_the_plain_ones(
    catalog: Catalog, standings: bool
) -> None:
    """Profiles without vendors share candidates (by home and the answers presumptions read),
    knock-outs and ratings: every one equals what the uncached functions give, and most were
    shared."""
    cache = RatingCache(catalog, standings=standings)
    homes = [None, "DE", "FR", "US", "XX"]
    for n, answers in enumerate(_cases(catalog, 400, 9)):
        home = homes[n % len(homes)]

        def fresh(answers: dict[str, Any] = answers, home: str | None = home) -> Any:
            return candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers,
                              home_country=home)

        where = cache.candidates(answers, home, fresh)
        assert where == fresh()
        assert cache.knock_out(answers, where) == knock_out(catalog, answers, fresh())
        assert rate(catalog, answers, where, cache) == rate(catalog, answers, fresh())
        ratings = rate(catalog, answers, where, cache)[0]
        assert [(m, list(r)) for m, r in ratings.items()] == [
            (m, list(r)) for m, r in rate(catalog, answers, fresh())[0].items()]
        assert (assess(catalog, answers, {}, where=where, explain=False, cache=cache)
                == assess(catalog, answers, {}, where=fresh(), explain=False))
    assert len(cache.sites) < 400 and cache.excluded
    assert cache.by_truth and cache.hits > 0
    assert (len(cache.standings) > 0) is standings


def test_ratings_by_truth_with_vendors_are_the_plain_ones(catalog: Catalog) -> None:
    """Candidates the cache did not make (named vendors) are rated and knocked out afresh or by
    their facts, never by another profile's."""
    from sourcing_cli.profile import load_profile
    from tests.helpers import EXAMPLES

    profile = load_profile(EXAMPLES / "hybrid-portfolio.yaml", catalog)
    assert profile.vendors
    cache = RatingCache(catalog, standings=False)
    for answers in _cases(catalog, 150, 3):
        where = candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers,
                           home_country=profile.home.country if profile.home else None,
                           vendors=profile.vendors, as_of=date(2026, 3, 1))
        assert rate(catalog, answers, where, cache) == rate(catalog, answers, where)
        assert cache.knock_out(answers, where) == knock_out(catalog, answers, where)
    assert not cache.excluded  # nothing stored for candidates it did not make


def test_unhashable_answers_are_rated_without_the_cache(catalog: Catalog) -> None:
    cache = RatingCache(catalog, standings=False)
    answers: dict[str, Any] = {"team_size": 10, "coverage": ["a list"], "function": ["x"]}
    where = candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers)
    assert rate(catalog, answers, where, cache) == rate(catalog, answers, where)
    assert cache.knock_out(answers, where) == knock_out(catalog, answers, where)


SPEC_VALUES: list[Any] = [None, True, False, 0, 1, -1, 5, 100, 10**6, 1.0, 2.5, float("inf"),
                          float("nan"), "", "low", "high", "LOW", "qa_testing", "1", [], {},
                          ["low"], {"a": 1}, 10**30]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["team_size", "cost_pressure", "expansion_plans",
                                         "function", "duration_months", "overlap_hours_needed",
                                         "unknown_q", "team_sise"]),
                       st.sampled_from(SPEC_VALUES), max_size=6))
def test_checking_answers_quickly_gives_the_full_checks_answers_and_errors(
    raw: dict[str, Any],
) -> None:
    from sourcing_cli.catalog import load_catalog

    catalog = load_catalog()
    doc = YamlDocument("p.yaml", {"answers": raw})
    errors: list[Any] = []
    good = check_answers(doc, catalog, raw, ("answers",), errors)
    # the full check, answer by answer
    questions = {q.id: q for q in catalog.questions}
    expected = {}
    problems = 0
    for key, value in raw.items():
        if key not in questions:
            problems += 1
            continue
        value, problem = check_answer(questions[key], value)
        if problem:
            problems += 1
        else:
            expected[key] = value
    assert good == expected
    assert [type(v) for v in good.values()] == [type(v) for v in expected.values()]
    assert len(errors) == problems


def test_the_quick_answer_test_accepts_only_what_the_spec_accepts() -> None:
    from sourcing_cli.answers import plain_value

    specs = [FieldSpec("c", "choice", choices=("low", "high")), FieldSpec("b", "boolean"),
             FieldSpec("t", "text"), FieldSpec("i", "integer", minimum=1, maximum=100),
             FieldSpec("n", "number", minimum=0, maximum=2.5), FieldSpec("u", "integer")]
    for spec in specs:
        quick = plain_value(spec)
        for value in SPEC_VALUES:
            if quick(value):
                assert spec.check(value) is None, (spec, value)
    assert plain_value(specs[3])(50) and not plain_value(specs[3])(101)
    assert plain_value(specs[0])("low") and plain_value(specs[5])(10**30)


def test_weights_through_compiled_rules_are_the_rules_as_written(catalog: Catalog) -> None:
    """:func:`sourcing_cli.weights.resolve` evaluates the weight rules compiled: each weight and
    its source is the first rule (in the catalog's order) whose condition holds as written, else
    the default, unless the profile's priorities give it."""
    from sourcing_cli.weights import _resolve

    rng = random.Random(8)
    for answers in _cases(catalog, 300, 12):
        priorities = {c: rng.randint(0, 5) for c in catalog.criterion_ids if rng.random() < 0.3}
        found = _resolve(catalog, answers, priorities)
        for criterion in catalog.criteria:
            cid = criterion.id
            rule = next((r for r in criterion.weight_rules if r.when.evaluate(answers) is True),
                        None)
            expected: tuple[float, str, str, str]
            if cid in priorities:
                expected = (priorities[cid], "profile", "priorities in the profile", "")
            elif rule is not None:
                expected = (rule.weight, "rule", rule.reason, rule.source)
            else:
                expected = (criterion.weight, "default", "catalog default", criterion.source)
            source = found.sources[cid]
            assert (found.values[cid], source.origin, source.reason, source.source) == expected
        assert list(found.values) == list(catalog.criterion_ids)
