"""What changed between two versions of a profile, and what the change did to the decision.

:func:`diff_profiles` compares the answers (after defaults), the priorities and the recorded
decision of two profiles, scores both, and says how every model's score and the recommendation
moved. When the recommendation changed, it finds the change(s) responsible: each change is
undone on its own in the new profile and the profile re-scored; a change whose undoing takes the
recommendation away from the new winner *flipped* it. When none does — each of two changes would
have been enough — the changes that give the new winner when made alone to the old profile are
named instead; and when neither test names one, the changes flipped it only together.

Pure: two validated profiles and a catalog in, an immutable :class:`ProfileDiff` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import Assessment, NoWeightError, assess
from sourcing_cli.profile import Profile, resolve_answers


@dataclass(frozen=True)
class Change:
    kind: str  # "answer" | "priority"
    key: str
    old: Any  # None when the old profile did not set it (answers: see old_defaulted)
    new: Any
    old_defaulted: bool = False
    new_defaulted: bool = False
    # The recommendation with only this change undone in the new profile, and with only this
    # change made to the old one (None: every model knocked out).
    without: str | None = None
    alone: str | None = None
    flips: bool = False  # undoing it alone takes the recommendation away from the new winner
    suffices: bool = False  # making it alone gives the new winner

    @property
    def label(self) -> str:
        """Where the change is in the file: ``answers.ip_sensitivity``, ``priorities.cost``."""
        return f"{'answers' if self.kind == 'answer' else 'priorities'}.{self.key}"


@dataclass(frozen=True)
class ModelMove:
    model: str
    old_score: float | None  # None: knocked out
    new_score: float | None
    old_rank: int | None
    new_rank: int | None


@dataclass(frozen=True)
class ProfileDiff:
    old_path: str
    new_path: str
    changes: tuple[Change, ...]
    weights: tuple[tuple[str, float, float], ...]  # criteria whose weight moved: (id, old, new)
    moves: tuple[ModelMove, ...]
    old_recommendation: str | None
    new_recommendation: str | None
    old_decision: str | None
    new_decision: str | None

    @property
    def recommendation_changed(self) -> bool:
        return self.old_recommendation != self.new_recommendation

    @property
    def flipped_by(self) -> tuple[Change, ...]:
        """The changes the new recommendation needs, or — when it needs none of them alone
        because each would do — the changes that give it on their own."""
        needed = tuple(c for c in self.changes if c.flips)
        return needed or tuple(c for c in self.changes if c.suffices)

    @property
    def each_suffices(self) -> bool:
        return bool(self.changes) and not any(c.flips for c in self.changes) and any(
            c.suffices for c in self.changes)


def _assess(catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float]
            ) -> Assessment | None:
    try:
        return assess(catalog, answers, priorities)
    except NoWeightError:
        return None


def _winner(result: Assessment | None) -> str | None:
    return result.recommendation.model if result and result.recommendation else None


def _given(profile: Profile) -> dict[str, Any]:
    return {k: profile.answers[k] for k in profile.given}


def _with_answer(catalog: Catalog, base: Profile, other: Profile, q: str) -> dict[str, Any]:
    """``base``'s answers with question ``q`` as ``other`` has it (defaults resolved again)."""
    given = _given(base)
    if q in other.given:
        given[q] = other.answers[q]
    else:
        given.pop(q, None)
    return resolve_answers(catalog, given)[0]


def _with_priority(base: Profile, other: Profile, criterion: str) -> dict[str, float]:
    priorities = dict(base.priorities)
    if criterion in other.priorities:
        priorities[criterion] = other.priorities[criterion]
    else:
        priorities.pop(criterion, None)
    return priorities


def diff_profiles(catalog: Catalog, old: Profile, new: Profile) -> ProfileDiff:
    old_result = _assess(catalog, old.answers, old.priorities)
    new_result = _assess(catalog, new.answers, new.priorities)
    new_winner = _winner(new_result)
    changed = _winner(old_result) != new_winner
    changes: list[Change] = []
    for question in catalog.questions:
        q = question.id
        if old.answers.get(q) == new.answers.get(q):
            continue
        undone = _with_answer(catalog, new, old, q)
        made = _with_answer(catalog, old, new, q)
        without = _winner(_assess(catalog, undone, new.priorities))
        alone = _winner(_assess(catalog, made, old.priorities))
        changes.append(Change("answer", q, old.answers.get(q), new.answers.get(q),
                              q not in old.given, q not in new.given, without, alone,
                              changed and without != new_winner, changed and alone == new_winner))
    for criterion in catalog.criterion_ids:
        before, after = old.priorities.get(criterion), new.priorities.get(criterion)
        if before == after:
            continue
        without = _winner(_assess(catalog, new.answers, _with_priority(new, old, criterion)))
        alone = _winner(_assess(catalog, old.answers, _with_priority(old, new, criterion)))
        changes.append(Change("priority", criterion, before, after, before is None, after is None,
                              without, alone, changed and without != new_winner,
                              changed and alone == new_winner))
    return ProfileDiff(
        old_path=old.path,
        new_path=new.path,
        changes=tuple(changes),
        weights=_weights(catalog, old_result, new_result),
        moves=_moves(catalog, old_result, new_result),
        old_recommendation=_winner(old_result),
        new_recommendation=new_winner,
        old_decision=old.decision,
        new_decision=new.decision,
    )


def _weights(catalog: Catalog, old: Assessment | None, new: Assessment | None
             ) -> tuple[tuple[str, float, float], ...]:
    if old is None or new is None:
        return ()
    return tuple((c, old.weights[c], new.weights[c]) for c in catalog.criterion_ids
                 if old.weights[c] != new.weights[c])


def _moves(catalog: Catalog, old: Assessment | None, new: Assessment | None
           ) -> tuple[ModelMove, ...]:
    def table(result: Assessment | None) -> dict[str, tuple[float, int]]:
        return {r.model: (r.score, r.rank) for r in result.ranking} if result else {}

    before, after = table(old), table(new)
    return tuple(
        ModelMove(m,
                  before[m][0] if m in before else None, after[m][0] if m in after else None,
                  before[m][1] if m in before else None, after[m][1] if m in after else None)
        for m in catalog.model_ids
    )
