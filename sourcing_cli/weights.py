"""Which weights apply: the one place that decides each criterion's weight and where it came from.

For one set of answers, a criterion's weight is, in this order of precedence:

1. with pairwise judgements (AHP): the criterion's share of the principal eigenvector on the 0..5
   priority scale (the largest share is 5); a criterion the judgements do not name weighs 0;
2. else the profile's ``priorities`` entry for it;
3. else the first of its ``weight_rules`` whose condition holds for the answers;
4. else its default weight in the catalog.

A workstream's weighting (:func:`stream_weighting`) is the profile's priorities overridden by its
own; priorities of its own replace the profile's pairwise judgements. Every weight zero is an input
error: :func:`check_profile` and :func:`check_stream` locate it in the file, so that a profile that
loads — the one that ``validate`` and ``check`` accept — always scores. The engine, the report,
``diff``, the interview and the workstreams all ask this module; none decides a weight itself.

Pure: no I/O. AHP weights are put on the priority scale here (:func:`as_priorities`), so the
AHP module is loaded only by a profile that gives pairwise judgements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import holds
from sourcing_cli.errors import Diagnostic

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.yamlio import Path_, YamlDocument

ALL_ZERO = "every criterion has weight 0; give at least one criterion a priority above 0"


class NoWeightError(ValueError):
    """Every criterion weighs zero, so no model can be scored."""


@dataclass(frozen=True)
class WeightSource:
    origin: str  # "ahp" | "profile" | "rule" | "default"
    reason: str
    source: str


@dataclass(frozen=True)
class Weights:
    """Each criterion's weight (catalog order) and where it came from."""

    values: Mapping[str, float]
    sources: Mapping[str, WeightSource]
    method: str  # "ahp" (pairwise judgements) | "priorities" (priorities, rules and defaults)

    @property
    def all_zero(self) -> bool:
        return not any(v > 0 for v in self.values.values())


def resolve(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float],
    ahp: AhpResult | None = None,
) -> Weights:
    """The weights that apply to ``answers`` with these ``priorities`` or pairwise judgements."""
    if ahp is not None:
        return _from_ahp(catalog, ahp)
    values: dict[str, float] = {}
    sources: dict[str, WeightSource] = {}
    for criterion in catalog.criteria:
        if criterion.id in priorities:
            values[criterion.id] = priorities[criterion.id]
            sources[criterion.id] = WeightSource("profile", "priorities in the profile", "")
            continue
        rule = next((r for r in criterion.weight_rules if holds(r.when, answers)), None)
        if rule is not None:
            values[criterion.id] = rule.weight
            sources[criterion.id] = WeightSource("rule", rule.reason, rule.source)
        else:
            values[criterion.id] = criterion.weight
            sources[criterion.id] = WeightSource("default", "catalog default", criterion.source)
    return Weights(values, sources, "priorities")


def _from_ahp(catalog: Catalog, ahp: AhpResult) -> Weights:
    values = as_priorities(ahp, catalog.criterion_ids)
    sources = {
        c: WeightSource("ahp", "pairwise judgements in the profile (AHP)" if c in ahp.weights
                        else "not named in the pairwise judgements", "")
        for c in catalog.criterion_ids
    }
    return Weights(values, sources, "ahp")


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


def check_profile(
    doc: YamlDocument, catalog: Catalog, answers: Mapping[str, Any],
    priorities: Mapping[str, float], ahp: AhpResult | None,
) -> Diagnostic | None:
    """The located error when the profile's own weights are all zero, else ``None``."""
    if not resolve(catalog, answers, priorities, ahp).all_zero:
        return None
    return zero_weight_error(doc)


def zero_weight_error(doc: YamlDocument) -> Diagnostic:
    """All weights zero, located at the ``priorities`` that made them so (else the file's top)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    where: Path_ = ("priorities",) if "priorities" in data else ()
    return doc.diag(where, ALL_ZERO)


def check_stream(
    doc: YamlDocument, catalog: Catalog, index: int, answers: Mapping[str, Any],
    priorities: Mapping[str, float], ahp: AhpResult | None, own: Mapping[str, float],
) -> Diagnostic | None:
    """The located error when workstream ``index`` weighs every criterion zero, else ``None``."""
    if not resolve(catalog, answers, priorities, ahp).all_zero:
        return None
    where: Path_ = ("workstreams", index, "priorities") if own else ("workstreams", index)
    return doc.diag(where, f"workstreams[{index}]: {ALL_ZERO}")


def as_priorities(result: AhpResult, criterion_ids: Sequence[str]) -> dict[str, float]:
    """The weights on the 0..5 priority scale (largest = 5); criteria not named get 0."""
    top = max(result.weights.values())
    return {c: 5 * result.weights[c] / top if c in result.weights else 0.0 for c in criterion_ids}
