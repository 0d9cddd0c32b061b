"""Answer tipping points: for each answer, the nearest value that changes the recommendation.

A rating, a weight, a knock-out or a presumed delivery region changes with an answer only where a
catalog condition on that answer changes its truth, so for a number the outcome is constant between
the thresholds the conditions name. The whole values worth trying are therefore the thresholds' own
neighbours (``t−1 … t+1``, both roundings of a fractional ``t``) and the ends of the answer's range:
the nearest value of each stretch on which the outcome is constant is one of them. Choices try their
other options, nearest in the catalog's order first; true/false, the other value.

Each try is exact: the profile is scored again by the same procedure the report uses (the delivery
candidates, the engine, the decision method), never sampled or interpolated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sourcing_cli import analysis
from sourcing_cli.candidates import candidates
from sourcing_cli.catalog import Catalog, Criterion, Question
from sourcing_cli.conditions import All, Any_, Condition, Not, Test, names
from sourcing_cli.engine import (
    NoWeightError,
    assess,
    knock_out,
    rate,
    rate_criterion,
    scaled,
    standing,
)
from sourcing_cli.profile import Profile
from sourcing_cli.records import record
from sourcing_cli.weights import resolve

NUMERIC = ("integer", "number")


@record
class AnswerTip:
    """The nearest value of one answer that changes the recommendation, and to which model.

    ``flips_at`` is ``None`` when no value of the answer changes it; ``to_model`` is ``None`` with
    a ``flips_at`` when at that value every model is knocked out.
    """

    answer: str
    current: Any
    flips_at: Any
    to_model: str | None


def _tests(condition: Condition) -> Iterator[Test]:
    if isinstance(condition, Test):
        yield condition
    elif isinstance(condition, Not):
        yield from _tests(condition.item)
    elif isinstance(condition, All | Any_):
        for item in condition.items:
            yield from _tests(item)


def conditions(catalog: Catalog) -> Iterator[Condition]:
    """Every catalog condition on the answers: adjustments, weight rules, knock-outs, questions
    that apply only sometimes, and the presumptions of where a model's team works."""
    for criterion in catalog.criteria:
        yield from (a.when for a in criterion.adjustments)
        yield from (r.when for r in criterion.weight_rules)
    yield from (k.when for k in catalog.knockouts)
    yield from (q.when for q in catalog.questions if q.when is not None)
    yield from (p.when for p in catalog.regions.presumptions if p.when is not None)


def thresholds(catalog: Catalog) -> dict[str, set[float]]:
    """Per answer, every number a catalog condition compares it with."""
    out: dict[str, set[float]] = {}
    for condition in conditions(catalog):
        for test in _tests(condition):
            values = test.value if isinstance(test.value, list | tuple) else [test.value]
            for value in values:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    out.setdefault(test.name, set()).add(float(value))
    return out


def trial_values(question: Question, current: Any, limits: Iterable[float]) -> list[Any]:
    """The values of ``question`` worth trying, nearest to ``current`` first (the lower of two
    equally near ones first); ``current`` itself left out."""
    spec = question.spec
    if spec.kind == "boolean":
        return [not current] if isinstance(current, bool) else []
    if spec.kind == "choice":
        here = spec.choices.index(current) if current in spec.choices else 0
        others = [c for c in spec.choices if c != current]
        return sorted(others, key=lambda c: (abs(spec.choices.index(c) - here),
                                             spec.choices.index(c)))
    if spec.kind not in NUMERIC or isinstance(current, bool) or not isinstance(current, int | float):
        return []
    low = math.ceil(spec.minimum) if spec.minimum is not None else None
    high = math.floor(spec.maximum) if spec.maximum is not None else None
    found: set[int] = {v for v in (low, high) if v is not None}
    for limit in limits:
        for base in {math.floor(limit), math.ceil(limit)}:
            found.update((base - 1, base, base + 1))
    tried = [v for v in found if (low is None or v >= low) and (high is None or v <= high)
             and v != current]
    return sorted(tried, key=lambda v: (abs(v - current), v))


def recommended(
    catalog: Catalog, profile: Profile, answers: Mapping[str, Any], as_of: date, method: str
) -> tuple[bool, str | None]:
    """Whether ``answers`` make a profile the file could hold, and the model the report would
    then recommend (``None`` when every model is knocked out)."""
    home = profile.home
    sites = candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers,
                       home_country=home.country if home else None,
                       home_timezone=home.timezone if home else None,
                       vendors=profile.vendors, as_of=as_of)
    try:
        result = assess(catalog, answers, profile.priorities, profile.ahp, sites, profile.group)
    except NoWeightError:  # every weight zero: a profile the loader refuses
        return False, None
    shown, _ = analysis.analyse(catalog, result, method, profile.ahp, robust=False)
    return True, shown.recommendation.model if shown.recommendation else None


class Rescorer:
    """The profile's recommendation with one answer changed, scored as the report scores it.

    Under the weighted sum, an answer that does not decide where a model's team is presumed to
    work leaves the delivery candidates as they are, and moves only the ratings of the criteria
    whose adjustments read it: those are rated again, the others kept, the weights resolved and
    the knock-outs applied anew — the engine's own functions, on less work. Any other change
    (TOPSIS, a presumption) is scored in full by :func:`recommended`.
    """

    def __init__(self, catalog: Catalog, profile: Profile, as_of: date, method: str) -> None:
        self.catalog, self.profile, self.as_of, self.method = catalog, profile, as_of, method
        home = profile.home
        self.sites = candidates(catalog.regions, catalog.red_flags, catalog.model_ids,
                                profile.answers, home_country=home.country if home else None,
                                home_timezone=home.timezone if home else None,
                                vendors=profile.vendors, as_of=as_of)
        self.ratings, _ = rate(catalog, profile.answers, self.sites)
        self.presuming: set[str] = set()
        for presumption in catalog.regions.presumptions:
            if presumption.when is not None:
                self.presuming |= names(presumption.when)
        # answer -> the criteria (in the catalog's order) with an adjustment that reads it
        self._moving: dict[str, list[Criterion]] = {}
        for criterion in catalog.criteria:
            read: set[str] = set()
            for adjustment in criterion.adjustments:
                read |= names(adjustment.when)
            for name in read:
                self._moving.setdefault(name, []).append(criterion)

    def touched(self, answer: str) -> tuple[Criterion, ...]:
        """The criteria whose ratings an answer can move."""
        return tuple(self._moving.get(answer, ()))

    def winner(self, answer: str, touched: tuple[Criterion, ...],
               answers: Mapping[str, Any]) -> tuple[bool, str | None]:
        """As :func:`recommended`, for ``answers`` that differ from the profile's in ``answer``."""
        catalog, profile = self.catalog, self.profile
        if self.method == "topsis" or answer in self.presuming:
            return recommended(catalog, profile, answers, self.as_of, self.method)
        units, _ = scaled(resolve(catalog, answers, profile.priorities, profile.ahp,
                                  profile.group).values)
        if sum(units.values()) == 0:  # every weight zero: a profile the loader refuses
            return False, None
        ratings = self.ratings
        if touched:
            ratings = {m: dict(r) for m, r in self.ratings.items()}
            for criterion in touched:
                for model, value in rate_criterion(catalog, criterion, answers, self.sites).items():
                    ratings[model][criterion.id] = value
        out = {e.model for e in knock_out(catalog, answers, self.sites)}
        _, order = standing(catalog, ratings, units, [m for m in catalog.model_ids if m not in out])
        return True, order[0] if order else None


def answer_tipping_points(
    catalog: Catalog, profile: Profile, as_of: date, method: str, winner: str | None
) -> tuple[AnswerTip, ...]:
    """For each of the catalog's questions, in its order, the nearest value of the profile's
    answer at which the recommendation is no longer ``winner``."""
    limits = thresholds(catalog)
    reads: dict[str, list[Condition]] = {}  # answer -> the conditions that read it, in order
    for condition in conditions(catalog):
        for name in names(condition):
            reads.setdefault(name, []).append(condition)
    scorer = Rescorer(catalog, profile, as_of, method)
    out: list[AnswerTip] = []
    for question in catalog.questions:
        # The answer reaches the outcome only through the catalog's conditions that read it:
        # values under which each of those has the same truth are scored alike, so once.
        reading = tuple(reads.get(question.id, ()))
        known = {_pattern(reading, profile.answers): (True, winner)}
        touched = scorer.touched(question.id)
        current = profile.answers.get(question.id)
        tip = AnswerTip(question.id, current, None, None)
        for value in trial_values(question, current, limits.get(question.id, ())):
            answers = {**profile.answers, question.id: value}
            pattern = _pattern(reading, answers)
            if pattern not in known:
                known[pattern] = scorer.winner(question.id, touched, answers)
            valid, model = known[pattern]
            if valid and model != winner:
                tip = AnswerTip(question.id, current, value, model)
                break
        out.append(tip)
    return tuple(out)


def _pattern(every: tuple[Condition, ...], answers: Mapping[str, Any]) -> tuple[bool | None, ...]:
    return tuple(condition.evaluate(answers) for condition in every)
