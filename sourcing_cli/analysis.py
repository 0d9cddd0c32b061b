"""The decision methods applied to one assessment: which ranking leads, and how far to trust it.

:func:`analyse` takes the engine's weighted-sum :class:`~sourcing_cli.engine.Assessment` (which it
never changes) and the method asked for:

* ``wsm`` — the weighted sum leads, as before;
* ``topsis`` — TOPSIS leads: the ranking, recommendation and reasons are TOPSIS's (contributions are
  empty, since TOPSIS is not a sum of per-criterion points, and tipping points are left out, being a
  property of the weighted sum's linear form);
* ``all`` — the weighted sum leads and the TOPSIS ranking stands beside it, with Kendall's tau.

Unless asked not to, it adds the robustness of the weighted-sum winner over the priority grid, and, when the
weights came from pairwise judgements, the AHP result. The JSON those add is
:func:`sourcing_cli.render.assess_json.methods_json`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import (
    Assessment,
    Ranked,
    Reason,
    Recommendation,
    score,
)
from sourcing_cli.records import record

if TYPE_CHECKING:  # imported when used: a plain assessment needs none of them
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.methods.robustness import GridCounter, Robustness
    from sourcing_cli.methods.topsis import TopsisRow
    from sourcing_cli.methods.uncertainty import MethodFirsts

METHODS = ("wsm", "topsis", "all")


@record
class Agreement:
    kendall_tau: float | None
    same_winner: bool
    wsm_winner: str | None
    topsis_winner: str | None
    # both methods on the rank acceptability's samples (sourcing_cli.methods.uncertainty);
    # set by the report, which draws the samples
    under_uncertainty: MethodFirsts | None = None


@record
class MethodsResult:
    method: str
    ahp: AhpResult | None
    weighted_sum: tuple[Ranked, ...]
    topsis: tuple[TopsisRow, ...] | None
    agreement: Agreement | None
    robustness: Robustness | None
    group: bool = False  # the weights are a group's, aggregated from its stakeholders'

    @property
    def beyond_weighted_sum(self) -> bool:
        """Whether the methods add anything to the weighted sum of priorities: TOPSIS (leading,
        or compared with it) or weights from pairwise judgements (AHP)."""
        return self.method != "wsm" or self.ahp is not None

    @property
    def weights_method(self) -> str:
        if self.group:
            return "group"
        return "ahp" if self.ahp is not None else "priorities"


def analyse(
    catalog: Catalog, wsm: Assessment, method: str, ahp: AhpResult | None = None,
    *, robust: bool = True, counter: GridCounter | None = None,
) -> tuple[Assessment, MethodsResult]:
    """The assessment to show (the leading method's) and everything the methods add to it.

    The robustness count goes through ``counter`` when given — one per report, so that its
    workstreams share their counts and one budget of work — else through one of its own.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    out = {e.model for e in wsm.excluded}
    running = [m for m in catalog.model_ids if m not in out]
    shown = wsm
    rows = None
    agreement = None
    if method != "wsm":
        from sourcing_cli.methods.topsis import topsis

        exact = {c: Fraction(v) for c, v in wsm.weights.items()}
        rows = topsis(wsm.ratings, running, exact)
        if method == "topsis":
            shown = _topsis_leads(shown, rows, exact)
        elif rows:
            agreement = _agreement(wsm, rows, exact)
    shares = None
    if robust and wsm.recommendation is not None:
        if counter is None:
            from sourcing_cli.methods.robustness import GridCounter

            counter = GridCounter()
        shares = counter.robustness(
            wsm.ratings, running, catalog.criterion_ids, wsm.recommendation.model)
    group = any(s.origin == "group" for s in wsm.weight_sources.values())
    return shown, MethodsResult(method, ahp, wsm.ranking, rows, agreement, shares, group)


def _topsis_leads(
    wsm: Assessment, rows: tuple[TopsisRow, ...], exact: dict[str, Fraction]
) -> Assessment:
    ranking = tuple(Ranked(r.model, r.score, r.rank, dict(wsm.ratings[r.model]), {}) for r in rows)
    if not rows:
        return replace(wsm, ranking=ranking)
    first = rows[0]
    second = rows[1] if len(rows) > 1 else None
    recommendation = Recommendation(
        first.model, first.score, first.score - second.score if second else None,
        second.model if second else None, second is not None and second.key == first.key,
    )

    running = [r.model for r in rows]
    reasons = topsis_reasons(wsm.ratings, running, exact, first.model,
                             second.model if second else None)
    return replace(wsm, ranking=ranking, recommendation=recommendation, reasons=reasons,
                   tipping_points=())


def _agreement(wsm: Assessment, rows: tuple[TopsisRow, ...], exact: dict[str, Fraction]) -> Agreement:
    # Both sides "smaller is better": the negated exact weighted sum, and TOPSIS's exact key.
    first = {r.model: -score(wsm.ratings[r.model], exact) for r in wsm.ranking}
    second = {r.model: r.key for r in rows}
    wsm_winner = wsm.recommendation.model if wsm.recommendation else None
    topsis_winner = rows[0].model if rows else None
    from sourcing_cli.methods.topsis import kendall_tau

    return Agreement(kendall_tau(first, second), wsm_winner == topsis_winner, wsm_winner,
                     topsis_winner)


def topsis_reasons(
    ratings: Mapping[str, Mapping[str, int]], running: Sequence[str],
    weights: Mapping[str, Fraction], winner: str, runner: str | None, count: int = 3,
) -> tuple[Reason, ...]:
    """Why TOPSIS ranks ``winner`` first, in its own terms: the criteria on which it is strictly
    ahead of the runner-up, by the gap between the two on the weighted, normalised scale TOPSIS
    measures distances on (``w·Δr / ‖column‖``, weights summing to 1), largest first."""
    total = sum(weights.values(), Fraction(0))
    if runner is None or total == 0:
        return ()
    mine, theirs = ratings[winner], ratings[runner]
    ahead = []
    for i, (c, v) in enumerate(weights.items()):
        if v and mine[c] > theirs[c]:
            norm2 = sum(ratings[m][c] ** 2 for m in running)
            ahead.append((-(v / total) ** 2 * (mine[c] - theirs[c]) ** 2 / norm2, i, c))
    ahead.sort()
    return tuple(
        Reason(c, mine[c], theirs[c], float(weights[c]), None, None, math.sqrt(-gap2))
        for gap2, _, c in ahead[:count]
    )

