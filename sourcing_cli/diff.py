"""What changed between two versions of a profile, and what the change did to the decision.

:func:`diff_profiles` compares the answers (after defaults), the weighting and the recorded decision
of two profiles, assesses both as ``assess`` would (the same weights, from
:mod:`sourcing_cli.weights`, the same decision method, the same date for the vendors' red flags),
and says how every model's score, the weights, the red flags and the recommendation moved.

The weighting is compared key by key (``priorities.cost``) when neither version gives pairwise
judgements; when the judgements differ, the whole weighting — judgements or priorities — is one
change, ``pairwise``, since a judgement set is only meaningful complete. A group decision is
compared stakeholder by stakeholder (matched by name): each stakeholder added, removed, or whose
priorities, judgements or voice changed is one change (``stakeholders.CFO``), undone or made by
putting back (or in) that stakeholder alone and aggregating the group's weights again; a profile
that turns into a group decision, or stops being one, has its whole weighting as one change,
``stakeholders``.

When the recommendation changed, it finds the change(s) responsible: each change is undone on its
own in the new profile and the profile re-scored; a change whose undoing takes the recommendation
away from the new winner *flipped* it. When none does — each of two changes would have been enough
— the changes that give the new winner when made alone to the old profile are named instead; and
when neither test names one, the changes flipped it only together. A profile with no old version
(added since the revision compared with) is *added*: it has no changes, only its assessment.

It also says how sure each version's advice is (:class:`Sureness`): each version's rank
acceptability (:mod:`sourcing_cli.methods.uncertainty`, the same samples ``assess`` draws), as every
model's share of first places — by TOPSIS under ``--method topsis``, else by the weighted sum — so
that the old and the new winner's shares can be set side by side.

Pure: validated profiles and a catalog in, an immutable :class:`ProfileDiff` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import Assessment, NoWeightError, assess
from sourcing_cli.profile import Profile, resolve_answers
from sourcing_cli.records import record
from sourcing_cli.stakeholders import Group, Stakeholder

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult, Judgement
    from sourcing_cli.report import Report

Judged = tuple[tuple[str, str, Fraction], ...]  # judgements normalised: catalog order, a before b


@record
class StakeholderWeighting:
    """One stakeholder's say, for comparing: voice, and priorities or normalised judgements."""

    name: str
    voice: float
    priorities: tuple[tuple[str, float], ...] | None  # catalog order
    pairwise: Judged | None
    member: Stakeholder = field(compare=False)


@record
class Weighting:
    """What a profile says about weights: its priorities, its pairwise judgements, or its
    stakeholders'."""

    priorities: Mapping[str, float]
    pairwise: Judged | None
    ahp: AhpResult | None = field(default=None, compare=False)
    stakeholders: tuple[StakeholderWeighting, ...] | None = None

    @property
    def group(self) -> Group | None:
        if self.stakeholders is None:
            return None
        return Group(tuple(s.member for s in self.stakeholders))


@record
class Change:
    # "answer" | "priority" | "stakeholder" (one stakeholder, ``key`` their name) | "pairwise" or
    # "stakeholders" (the whole weighting, see the module doc)
    kind: str
    key: str
    old: Any  # None when the old profile did not set it (answers: see old_defaulted)
    new: Any  # for "pairwise": a Weighting
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
        """Where the change is in the file: ``answers.ip_sensitivity``, ``priorities.cost``,
        ``pairwise``, ``stakeholders``, ``stakeholders.CFO``."""
        if self.kind in ("pairwise", "stakeholders"):
            return self.kind
        if self.kind == "stakeholder":
            return f"stakeholders.{self.key}"
        return f"{'answers' if self.kind == 'answer' else 'priorities'}.{self.key}"


@record
class ModelMove:
    model: str
    old_score: float | None  # None: knocked out (or, in an added profile, no old version)
    new_score: float | None
    old_rank: int | None
    new_rank: int | None


@record
class FlagMove:
    """A vendor's red flag raised (absent before) or cleared (absent now)."""

    vendor: str
    flag: str
    severity: str
    message: str


@record
class Sureness:
    """How often each running model comes first in the plausible weightings and ratings of the
    old and the new version (``old`` ``None`` for an added profile; a model knocked out in a
    version is absent from it; a version with nothing to rank has an empty mapping)."""

    samples: int
    scored_by: str  # "wsm" | "topsis"
    old: Mapping[str, float] | None
    new: Mapping[str, float]


@record
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
    added: bool = False  # no old version: the profile is new
    flags_raised: tuple[FlagMove, ...] = ()
    flags_cleared: tuple[FlagMove, ...] = ()
    as_of: date | None = None
    method: str = "wsm"
    model_names: Mapping[str, str] = field(default_factory=dict)
    criterion_names: Mapping[str, str] = field(default_factory=dict)
    sureness: Sureness | None = None

    def model_name(self, model: str | None) -> str:
        if model is None:
            return "no model"
        return self.model_names.get(model, model)

    def criterion_name(self, criterion: str) -> str:
        return self.criterion_names.get(criterion, criterion)

    @property
    def sure_winners(self) -> tuple[tuple[str, float | None, float | None], ...]:
        """The old winner, then the new one when it differs: (model, its share of first places
        in the old version, in the new) — ``None`` where it is knocked out or the version absent;
        empty when the sureness was not computed."""
        sure = self.sureness
        if sure is None:
            return ()
        models = dict.fromkeys(m for m in (self.old_recommendation, self.new_recommendation)
                               if m is not None)
        return tuple((m, None if sure.old is None else sure.old.get(m), sure.new.get(m))
                     for m in models)

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


def _normalised(catalog: Catalog, judgements: list[tuple[str, str, Fraction]]) -> Judged:
    position = {c: i for i, c in enumerate(catalog.criterion_ids)}
    out = []
    for more, less, ratio in judgements:
        if position[more] > position[less]:
            more, less, ratio = less, more, 1 / ratio
        out.append((more, less, ratio))
    return tuple(sorted(out, key=lambda j: (position[j[0]], position[j[1]])))


def _stakeholder(catalog: Catalog, member: Stakeholder) -> StakeholderWeighting:
    if member.ahp is not None:
        judged: list[Judgement] = list(member.judgements)
        return StakeholderWeighting(member.name, member.voice, None, _normalised(
            catalog, [(j.more, j.less, j.ratio) for j in judged]), member)
    priorities = tuple((c, member.priorities[c]) for c in catalog.criterion_ids
                       if c in member.priorities)
    return StakeholderWeighting(member.name, member.voice, priorities, None, member)


def weighting_of(catalog: Catalog, profile: Profile) -> Weighting:
    """The profile's weighting, with its pairwise judgements normalised for comparing."""
    if profile.group is not None:
        return Weighting({}, None, None, tuple(_stakeholder(catalog, m)
                                               for m in profile.group.members))
    if profile.ahp is None:
        return Weighting(dict(profile.priorities), None)
    from sourcing_cli.methods.ahp import parse_ratio

    data = profile.doc.data if isinstance(profile.doc.data, dict) else {}
    position = {c: i for i, c in enumerate(catalog.criterion_ids)}
    judgements = []
    for more, less, raw in data.get("pairwise") or ():
        ratio = parse_ratio(raw)
        assert ratio is not None  # a loaded profile's judgements are valid
        if position[more] > position[less]:
            more, less, ratio = less, more, 1 / ratio
        judgements.append((more, less, ratio))
    judgements.sort(key=lambda j: (position[j[0]], position[j[1]]))
    return Weighting(dict(profile.priorities), tuple(judgements), profile.ahp)


class _Scorer:
    """Scores answers with a weighting by the chosen method; ``None`` when nothing can be scored."""

    def __init__(self, catalog: Catalog, method: str) -> None:
        self.catalog, self.method = catalog, method

    def result(self, answers: Mapping[str, Any], weighting: Weighting) -> Assessment | None:
        from sourcing_cli import analysis

        if weighting.stakeholders == ():  # every stakeholder taken away: nobody weighs anything
            return None
        try:
            wsm = assess(self.catalog, answers, weighting.priorities, weighting.ahp,
                         group=weighting.group)
        except NoWeightError:  # an undone change can leave every weight at 0
            return None
        return analysis.analyse(self.catalog, wsm, self.method, weighting.ahp, robust=False)[0]

    def winner(self, answers: Mapping[str, Any], weighting: Weighting) -> str | None:
        return _winner(self.result(answers, weighting))


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


def _with_priority(base: Weighting, other: Weighting, criterion: str) -> Weighting:
    priorities = dict(base.priorities)
    if criterion in other.priorities:
        priorities[criterion] = other.priorities[criterion]
    else:
        priorities.pop(criterion, None)
    return Weighting(priorities, base.pairwise, base.ahp)


def diff_profiles(
    catalog: Catalog, old: Profile | None, new: Profile, *, as_of: date, method: str = "wsm",
    old_path: str | None = None,
) -> ProfileDiff:
    """The diff from ``old`` to ``new`` (``old`` ``None``: ``new`` was added; ``old_path`` then
    says where it was looked for)."""
    from sourcing_cli.report import build_report

    new_report = build_report(catalog, new, as_of, method, robust=False)
    old_report = None if old is None else build_report(catalog, old, as_of, method, robust=False)
    new_winner = _winner(new_report.result)
    old_winner = None if old_report is None else _winner(old_report.result)
    changes = () if old is None else _changes(catalog, old, new, method, old_winner != new_winner,
                                              new_winner)
    raised, cleared = _flags(old_report, new_report)
    return ProfileDiff(
        old_path=old.path if old is not None else (old_path or ""),
        new_path=new.path,
        changes=changes,
        weights=_weights(catalog, old_report, new_report),
        moves=_moves(catalog, old_report, new_report),
        old_recommendation=old_winner,
        new_recommendation=new_winner,
        old_decision=None if old is None else old.decision,
        new_decision=new.decision,
        added=old is None,
        flags_raised=raised,
        flags_cleared=cleared,
        as_of=as_of,
        method=method,
        model_names={m.id: m.name for m in catalog.models},
        criterion_names={c.id: c.name for c in catalog.criteria},
        sureness=_sureness(catalog, old_report, new_report, method),
    )


def _sureness(catalog: Catalog, old: Report | None, new: Report, method: str) -> Sureness:
    from sourcing_cli.methods.uncertainty import SAMPLES
    from sourcing_cli.report import uncertainty_of

    by_topsis = method == "topsis"

    def firsts(report: Report) -> dict[str, float]:
        u = uncertainty_of(catalog, report.result, pairwise=report.profile.ahp is not None,
                           both_methods=by_topsis)
        if u is None:
            return {}
        if by_topsis and u.both_methods is not None:
            return {m: n / u.samples for m, n in u.both_methods.topsis.items()}
        return dict(u.confidence)

    return Sureness(SAMPLES, "topsis" if by_topsis else "wsm",
                    None if old is None else firsts(old), firsts(new))


def _changes(
    catalog: Catalog, old: Profile, new: Profile, method: str, changed: bool, new_winner: str | None,
) -> tuple[Change, ...]:
    scorer = _Scorer(catalog, method)
    before, after = weighting_of(catalog, old), weighting_of(catalog, new)
    out: list[Change] = []
    for question in catalog.questions:
        q = question.id
        if old.answers.get(q) == new.answers.get(q):
            continue
        without = scorer.winner(_with_answer(catalog, new, old, q), after)
        alone = scorer.winner(_with_answer(catalog, old, new, q), before)
        out.append(Change("answer", q, old.answers.get(q), new.answers.get(q),
                          q not in old.given, q not in new.given, without, alone,
                          changed and without != new_winner, changed and alone == new_winner))
    if before.stakeholders is not None and after.stakeholders is not None:
        return tuple(out) + _stakeholder_changes(scorer, old, new, before, after, changed,
                                                 new_winner)
    if before.stakeholders != after.stakeholders:  # a group decision now, or no longer
        without = scorer.winner(new.answers, before)
        alone = scorer.winner(old.answers, after)
        out.append(Change("stakeholders", "stakeholders", before, after, False, False, without,
                          alone, changed and without != new_winner, changed and alone == new_winner))
        return tuple(out)
    if before.pairwise != after.pairwise:
        without = scorer.winner(new.answers, before)
        alone = scorer.winner(old.answers, after)
        out.append(Change("pairwise", "pairwise", before, after, False, False, without, alone,
                          changed and without != new_winner, changed and alone == new_winner))
        return tuple(out)
    for criterion in catalog.criterion_ids:
        was, now = before.priorities.get(criterion), after.priorities.get(criterion)
        if was == now:
            continue
        without = scorer.winner(new.answers, _with_priority(after, before, criterion))
        alone = scorer.winner(old.answers, _with_priority(before, after, criterion))
        out.append(Change("priority", criterion, was, now, was is None, now is None, without,
                          alone, changed and without != new_winner, changed and alone == new_winner))
    return tuple(out)


def _stakeholder_changes(
    scorer: _Scorer, old: Profile, new: Profile, before: Weighting, after: Weighting, changed: bool,
    new_winner: str | None,
) -> tuple[Change, ...]:
    assert before.stakeholders is not None and after.stakeholders is not None
    was = {s.name: s for s in before.stakeholders}
    now = {s.name: s for s in after.stakeholders}
    names = [*now, *(n for n in was if n not in now)]
    out = []
    for name in names:
        a, b = was.get(name), now.get(name)
        if a == b:
            continue
        without = scorer.winner(new.answers, _with_stakeholder(after, name, a))
        alone = scorer.winner(old.answers, _with_stakeholder(before, name, b))
        out.append(Change("stakeholder", name, a, b, False, False, without, alone,
                          changed and without != new_winner, changed and alone == new_winner))
    return tuple(out)


def _with_stakeholder(base: Weighting, name: str, put: StakeholderWeighting | None) -> Weighting:
    """``base`` with stakeholder ``name`` as ``put`` (``None``: without them; new: at the end)."""
    assert base.stakeholders is not None
    members = [s for s in base.stakeholders if s.name != name or put is not None]
    if put is not None:
        at = next((i for i, s in enumerate(members) if s.name == name), None)
        if at is None:
            members.append(put)
        else:
            members[at] = put
    return Weighting({}, None, None, tuple(members))


def _weights(catalog: Catalog, old: Report | None, new: Report
             ) -> tuple[tuple[str, float, float], ...]:
    if old is None:
        return ()
    a, b = old.result.weights, new.result.weights
    return tuple((c, a[c], b[c]) for c in catalog.criterion_ids if a[c] != b[c])


def _flags(old: Report | None, new: Report) -> tuple[tuple[FlagMove, ...], tuple[FlagMove, ...]]:
    def moves(report: Report | None) -> list[FlagMove]:
        if report is None:
            return []
        return [FlagMove(h.vendor, h.flag, h.severity, h.message) for h in report.vendors.flags]

    before, after = moves(old), moves(new)
    known_before = {(f.vendor, f.flag) for f in before}
    known_after = {(f.vendor, f.flag) for f in after}
    return (tuple(f for f in after if (f.vendor, f.flag) not in known_before),
            tuple(f for f in before if (f.vendor, f.flag) not in known_after))


def _moves(catalog: Catalog, old: Report | None, new: Report) -> tuple[ModelMove, ...]:
    def table(report: Report | None) -> dict[str, tuple[float, int]]:
        return {r.model: (r.score, r.rank) for r in report.result.ranking} if report else {}

    before, after = table(old), table(new)
    return tuple(
        ModelMove(m,
                  before[m][0] if m in before else None, after[m][0] if m in after else None,
                  before[m][1] if m in before else None, after[m][1] if m in after else None)
        for m in catalog.model_ids
    )
