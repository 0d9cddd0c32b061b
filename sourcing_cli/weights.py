"""Which weights apply: the one place that decides each criterion's weight and where it came from.

For one set of answers, a criterion's weight is, in this order of precedence:

1. with ``stakeholders`` (a group decision): each stakeholder's weights resolved as a profile's
   would be (items 2–5), aggregated by :func:`sourcing_cli.stakeholders.aggregate` (AIJ or AIP)
   and put on the 0..5 priority scale (the largest share is 5);
2. with pairwise judgements (AHP): the criterion's share of the principal eigenvector on the 0..5
   priority scale (the largest share is 5); a criterion the judgements do not name weighs 0;
3. else the profile's ``priorities`` entry for it;
4. else the first of its ``weight_rules`` whose condition holds for the answers;
5. else its default weight in the catalog.

A workstream's weighting (:func:`stream_weighting`) is the profile's priorities overridden by its
own; priorities of its own replace the profile's pairwise judgements and its stakeholders
(:func:`stream_group`). Every weight zero is an input error: :func:`check_profile` and
:func:`check_stream` locate it in the file, so that a profile that loads — the one that
``validate`` and ``check`` accept — always scores. The engine, the report, ``diff``, the interview,
the workstreams and the group view all ask this module; none decides a weight itself.

Pure: no I/O. AHP weights are put on the priority scale here (:func:`as_priorities`), so the
AHP module is loaded only by a profile that gives pairwise judgements.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sourcing_cli.catalog import Catalog, Criterion, WeightRule
from sourcing_cli.conditions import Truth, compiled
from sourcing_cli.errors import Diagnostic, quoted
from sourcing_cli.records import record

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.stakeholders import Aggregate, Group
    from sourcing_cli.yamlio import Path_, YamlDocument

ALL_ZERO = "every criterion has weight 0; give at least one criterion a priority above 0"


class NoWeightError(ValueError):
    """Every criterion weighs zero, so no model can be scored."""


@record
class WeightSource:
    origin: str  # "ahp" | "profile" | "rule" | "default"
    reason: str
    source: str


@record
class Weights:
    """Each criterion's weight (catalog order) and where it came from."""

    values: Mapping[str, float]
    sources: Mapping[str, WeightSource]
    # "ahp" (pairwise judgements) | "priorities" (priorities, rules and defaults) | "group"
    method: str

    @property
    def all_zero(self) -> bool:
        return not any(v > 0 for v in self.values.values())


def resolve(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float],
    ahp: AhpResult | None = None, group: Group | None = None,
) -> Weights:
    """The weights that apply to ``answers`` with these ``priorities``, pairwise judgements or
    stakeholders."""
    if group is not None:
        return group_weights(catalog, answers, group)[0]
    if ahp is not None:
        return _from_ahp(catalog, ahp)
    global _last
    given = _given(answers, priorities)
    if _last is not None and _last[0] is catalog and _last[1] == given:
        return _last[2]
    found = _resolve(catalog, answers, priorities)
    _last = (catalog, given, found)
    return found


# The last weights resolved from priorities, rules and defaults, with what they were resolved
# from: a profile's are resolved when it is loaded (to refuse weights all zero) and again when it
# is scored, from the same answers and priorities — ``check`` does both for thousands of
# profiles, and the second is this look-up. The values' types are part of what is compared
# (``1 == True`` in Python, not in a condition); nothing changes a :class:`Weights` once made.
_last: tuple[Catalog, tuple[Any, ...], Weights] | None = None


def _given(answers: Mapping[str, Any], priorities: Mapping[str, float]) -> tuple[Any, ...]:
    return (tuple(answers.items()), tuple(map(type, answers.values())),
            tuple(priorities.items()), tuple(map(type, priorities.values())))


def _resolve(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float],
) -> Weights:
    values: dict[str, float] = {}
    sources: dict[str, WeightSource] = {}
    given = _source("profile", "priorities in the profile", "")
    for criterion, rules, default in _rules(catalog):
        cid = criterion.id
        if cid in priorities:
            values[cid] = priorities[cid]
            sources[cid] = given
            continue
        for holding, rule, source in rules:
            if holding(answers) is True:  # holds(rule.when, answers), compiled
                values[cid] = rule.weight
                sources[cid] = source
                break
        else:
            values[cid] = criterion.weight
            sources[cid] = default
    return Weights(values, sources, "priorities")


Rule = tuple[Callable[[Mapping[str, Any]], Truth], WeightRule, WeightSource]
Rules = tuple[tuple[Criterion, tuple[Rule, ...], WeightSource], ...]
# The last catalog's criteria, each with its weight rules' conditions compiled and the sources
# of its weights (the ones _source gives): every profile ``check`` reads resolves its weights
# through them.
_compiled: tuple[Catalog, Rules] | None = None


def _rules(catalog: Catalog) -> Rules:
    global _compiled
    if _compiled is None or _compiled[0] is not catalog:
        _compiled = (catalog, tuple(
            (c, tuple((compiled(r.when), r, _source("rule", r.reason, r.source))
                      for r in c.weight_rules),
             _source("default", "catalog default", c.source))
            for c in catalog.criteria))
    return _compiled[1]


@functools.lru_cache(maxsize=1024)
def _source(origin: str, reason: str, source: str) -> WeightSource:
    """One :class:`WeightSource` for each origin, reason and source: they are all alike."""
    return WeightSource(origin, reason, source)


def _from_ahp(catalog: Catalog, ahp: AhpResult) -> Weights:
    values = as_priorities(ahp, catalog.criterion_ids)
    sources = {
        c: WeightSource("ahp", "pairwise judgements in the profile (AHP)" if c in ahp.weights
                        else "not named in the pairwise judgements", "")
        for c in catalog.criterion_ids
    }
    return Weights(values, sources, "ahp")


def group_weights(
    catalog: Catalog, answers: Mapping[str, Any], group: Group
) -> tuple[Weights, tuple[Weights, ...], Aggregate]:
    """The group's weights, each stakeholder's own (as :func:`resolve` gives them for that
    stakeholder alone) and the aggregation behind the group's."""
    from sourcing_cli.stakeholders import METHOD_NAMES, aggregate

    members = tuple(resolve(catalog, answers, m.priorities, m.ahp) for m in group.members)
    found = aggregate(group, [m.values for m in members], catalog.criterion_ids)
    top = max(found.shares.values(), default=0.0)
    values = {c: (5 * found.shares[c] / top if top > 0 else 0.0) for c in catalog.criterion_ids}
    reason = f"the stakeholders' weights, {METHOD_NAMES[found.method]}"
    sources = {c: WeightSource("group", reason, "") for c in catalog.criterion_ids}
    return Weights(values, sources, "group"), members, found


def weights(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, WeightSource]]:
    """:func:`resolve` without pairwise judgements, as plain dictionaries."""
    found = resolve(catalog, answers, priorities)
    return dict(found.values), dict(found.sources)


def stream_weighting(
    priorities: Mapping[str, float], ahp: AhpResult | None, own: Mapping[str, float]
) -> tuple[dict[str, float], AhpResult | None]:
    """A workstream's priorities and pairwise judgements: the profile's, overridden by its own
    priorities, which — when it gives any — replace the profile's pairwise judgements."""
    if own:
        return {**priorities, **own}, None
    return dict(priorities), ahp


def stream_group(group: Group | None, own: Mapping[str, float]) -> Group | None:
    """A workstream's stakeholders: the profile's, unless it gives priorities of its own — then
    those (over the catalog's rules and defaults) decide its weights, as they replace pairwise
    judgements."""
    return None if own else group


def check_profile(
    doc: YamlDocument, catalog: Catalog, answers: Mapping[str, Any],
    priorities: Mapping[str, float], ahp: AhpResult | None, group: Group | None = None,
) -> list[Diagnostic]:
    """The located errors when the profile's own weights — or a stakeholder's, or the group's —
    are all zero (none otherwise)."""
    if group is not None:
        found, members, _ = group_weights(catalog, answers, group)
        out = [doc.diag(("stakeholders", i), f"stakeholders[{i}] ({quoted(m.name)}): {ALL_ZERO}")
               for i, (m, w) in enumerate(zip(group.members, members, strict=True)) if w.all_zero]
        if not out and found.all_zero:
            out.append(doc.diag(("stakeholders",), "stakeholders: every criterion is weighed 0 "
                                                   "by at least one stakeholder, so the group "
                                                   "weighs them all 0; a 0 is a veto — give the "
                                                   "criteria the group shares a weight above 0",
                                at_key=True))
        return out
    if not resolve(catalog, answers, priorities, ahp).all_zero:
        return []
    return [zero_weight_error(doc)]


def zero_weight_error(doc: YamlDocument) -> Diagnostic:
    """All weights zero, located at the ``priorities`` that made them so (else the file's top)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    where: Path_ = ("priorities",) if "priorities" in data else ()
    return doc.diag(where, ALL_ZERO)


def check_stream(
    doc: YamlDocument, catalog: Catalog, index: int, answers: Mapping[str, Any],
    priorities: Mapping[str, float], ahp: AhpResult | None, own: Mapping[str, float],
    group: Group | None = None,
) -> Diagnostic | None:
    """The located error when workstream ``index`` weighs every criterion zero, else ``None``."""
    if not resolve(catalog, answers, priorities, ahp, group).all_zero:
        return None
    where: Path_ = ("workstreams", index, "priorities") if own else ("workstreams", index)
    return doc.diag(where, f"workstreams[{index}]: {ALL_ZERO}")


def as_priorities(result: AhpResult, criterion_ids: Sequence[str]) -> dict[str, float]:
    """The weights on the 0..5 priority scale (largest = 5); criteria not named get 0."""
    top = max(result.weights.values())
    return {c: 5 * result.weights[c] / top if c in result.weights else 0.0 for c in criterion_ids}
