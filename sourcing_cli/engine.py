"""The scoring engine: pure functions from (catalog, answers, priorities) to an immutable result.

* rating r(m, c) = base rating + every adjustment whose condition holds, clamped to 1..5 — an
  adjustment or knock-out with ``where`` applies to a model only when it holds for every one of
  the model's candidates (:mod:`sourcing_cli.candidates`: the vendors named for it, or where the
  catalog presumes its team works);
* weight w(c) = :mod:`sourcing_cli.weights` decides (pairwise judgements, priorities, weight
  rules, defaults);
* score(m) = 100 × Σ w(c)·(r(m,c) − 1)/4 ÷ Σ w(c), over the models no knock-out removed;
* ties go to the model listed first in the catalog, and are reported as ties;
* tipping points: for each criterion, the nearest weight in 0..5 at which another model would
  overtake the winner — solved exactly from the linear form, not searched.

Arithmetic is exact — integers over one common denominator (:func:`scaled`), the same numbers
:class:`fractions.Fraction` would give — so ties are real ties and the same inputs give the same
floats on every machine. No I/O here: no files, no printing, no exits.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from operator import mul
from typing import TYPE_CHECKING, Any

from sourcing_cli.candidates import Candidates, candidates
from sourcing_cli.catalog import Catalog, Criterion
from sourcing_cli.conditions import compiled, holds, names
from sourcing_cli.records import record
from sourcing_cli.redflags import fill
from sourcing_cli.weights import NoWeightError as NoWeightError
from sourcing_cli.weights import WeightSource as WeightSource
from sourcing_cli.weights import resolve
from sourcing_cli.weights import weights as weights

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult
    from sourcing_cli.stakeholders import Group

WEIGHT_MAX = 5


@record
class Fired:
    """An adjustment that changed one model's rating on one criterion."""

    criterion: str
    model: str
    delta: int
    reason: str
    source: str
    adjustment: str


@record
class Excluded:
    model: str
    reasons: tuple[str, ...]
    sources: tuple[str, ...]


@record
class Ranked:
    model: str
    score: float
    rank: int
    ratings: Mapping[str, int]
    contributions: Mapping[str, float]


@record
class Recommendation:
    model: str
    score: float
    margin: float | None
    runner_up: str | None
    tie: bool


KINDS = ("tie", "overtakes")


@record
class TippingPoint:
    """Where one criterion's weight changes the recommendation (see :func:`_tipping_points`)."""

    criterion: str
    current: float
    flips_at: float | None
    to_model: str | None
    kind: str | None = None  # "tie" | "overtakes"; None when nothing changes in 0..5
    tie_with: tuple[str, ...] = ()  # with "tie": the others sharing first place at flips_at
    exact: tuple[int, int] | None = None  # flips_at as numerator and denominator


@record
class Reason:
    """A criterion on which the winner is strictly ahead of the runner-up, and by how much.

    Under the weighted sum the lead is in points (``points`` of the margin, ``earned`` of the
    winner's own score); under TOPSIS, which adds no points, ``separation`` is the gap between the
    two on TOPSIS's weighted, normalised scale, and the point fields are ``None``.
    """

    criterion: str
    rating: int
    other_rating: int | None
    weight: float
    points: float | None  # points of the margin over the runner-up it gives
    earned: float | None  # points of the winner's own score it gives
    separation: float | None = None


@record
class Assessment:
    weights: Mapping[str, float]
    weight_sources: Mapping[str, WeightSource]
    ratings: Mapping[str, Mapping[str, int]]
    fired: tuple[Fired, ...]
    excluded: tuple[Excluded, ...]
    ranking: tuple[Ranked, ...]
    recommendation: Recommendation | None
    tipping_points: tuple[TippingPoint, ...]
    reasons: tuple[Reason, ...]


# An assessment's ranking, recommendation, tipping points and reasons (see :func:`_standing`).
Standing = tuple[tuple[Ranked, ...], Recommendation | None, tuple[TippingPoint, ...],
                 tuple[Reason, ...]]


def presumed(catalog: Catalog, answers: Mapping[str, Any]) -> Candidates:
    """The candidates when nothing is known of the profile's home or vendors: the catalog's
    presumption for every model."""
    return candidates(catalog.regions, catalog.red_flags, catalog.model_ids, answers)


def rate(
    catalog: Catalog, answers: Mapping[str, Any], where: Candidates | None = None,
    cache: RatingCache | None = None,
) -> tuple[dict[str, dict[str, int]], tuple[Fired, ...]]:
    """Every model's rating on every criterion after adjustments, and the adjustments that fired
    (through ``cache`` when given: the same ratings, computed once per set of answers that matter)."""
    where = where if where is not None else presumed(catalog, answers)
    if cache is not None and cache.catalog is catalog:
        return cache.rate(answers, where)
    ratings: dict[str, dict[str, int]] = {m: {} for m in catalog.model_ids}
    fired: list[Fired] = []
    for criterion in catalog.criteria:
        for model, value in rate_criterion(catalog, criterion, answers, where, fired).items():
            ratings[model][criterion.id] = value
    return ratings, tuple(fired)


class RatingCache:
    """One catalog's ratings per criterion, shared by the assessments of one run (``check``'s
    profiles) or one report (a profile's workstreams), keyed by the answers that matter.

    A criterion's ratings depend on nothing but the answers its adjustments' ``when`` reads and,
    for an adjustment with ``where``, the facts of each model's candidates; two profiles (or
    workstreams) alike in those get the same ratings and the same fired adjustments, so the
    second is a look-up. Answers or facts that cannot be a key (a list) are rated without the
    cache. Likewise the ranking, the recommendation, the tipping points and the reasons depend on
    nothing but the ratings, the weights and the knocked-out models (:meth:`standing`): a
    workstream whose matrix, weights and knock-outs repeat another's gets the same — unless
    ``standings=False``: ``check``'s profiles each have their own (measured: none of 3,920
    generated profiles shared one), so there the look-up would only cost time and memory.

    Without vendors, a profile's candidates depend on nothing but its home country and the
    answers the catalog's presumptions read (:meth:`candidates`), and its knock-outs on those
    candidates and the answers the knock-outs read (:meth:`knock_out`): both are shared too.
    At most :attr:`LIMIT` entries of each kind are kept: past that, new ones are computed, not
    stored.
    """

    LIMIT = 20_000  # about 1 kB an entry (measured, key and fired adjustments included): ~20 MB

    def __init__(self, catalog: Catalog, *, standings: bool = True) -> None:
        self.catalog = catalog
        self.reads = [tuple(sorted(set().union(*(names(a.when) for a in c.adjustments))))
                      for c in catalog.criteria]
        self.placed = [any(a.where is not None for a in c.adjustments) for c in catalog.criteria]
        self.base = [{m: c.ratings[m].value for m in catalog.model_ids} for c in catalog.criteria]
        self.plan = tuple(zip(range(len(catalog.criteria)), catalog.criteria, self.reads,
                              self.placed, strict=True))
        # per criterion, by the answers it reads (and the sites): its ratings in model order
        self.entries: dict[tuple[Any, ...], tuple[tuple[int, ...], tuple[Fired, ...]]] = {}
        # on a miss there: the same, by which of its adjustments' conditions hold (and the sites),
        # all a criterion's ratings depend on besides the sites
        self.holding = [tuple(compiled(a.when) for a in c.adjustments) for c in catalog.criteria]
        self.by_truth: dict[tuple[Any, ...], tuple[tuple[int, ...], tuple[Fired, ...]]] = {}
        self.standings: dict[tuple[Any, ...], Standing] = {}
        self.keep_standings = standings
        self.hits = 0
        self.standing_hits = 0
        self.presumes = tuple(sorted(set().union(
            *(names(p.when) for p in catalog.regions.presumptions if p.when is not None))))
        self.knocks = tuple(sorted(set().union(*(names(k.when) for k in catalog.knockouts))))
        self.sites: dict[tuple[Any, ...], Candidates] = {}
        # the candidates above, by identity (each kept alive by ``sites``): their number and what
        # a ``where`` can read of them (_sites_key)
        self.known: dict[int, tuple[int, tuple[Any, ...]]] = {}
        self.excluded: dict[tuple[Any, ...], tuple[Excluded, ...]] = {}

    def _standing_key(
        self, weight: Mapping[str, float | Fraction], ratings: Mapping[str, Mapping[str, int]],
        excluded: tuple[Excluded, ...], explain: bool,
    ) -> tuple[Any, ...]:
        # every weight with its type (equal numbers of different types are kept apart), every
        # model's every rating in catalog order, the models knocked out
        criteria = self.catalog.criterion_ids
        return (explain, tuple((c, type(v), v) for c, v in weight.items()),
                tuple(tuple(row[c] for c in criteria) for row in ratings.values()),
                tuple(e.model for e in excluded))

    def standing(
        self, weight: Mapping[str, float | Fraction], ratings: Mapping[str, Mapping[str, int]],
        excluded: tuple[Excluded, ...], explain: bool, compute: Callable[[], Standing],
    ) -> Standing:
        """``compute()`` — the ranking and its explanation — once per set of weights, ratings
        and knock-outs (all that :func:`_standing` reads): a later assessment alike in those
        gets the same (immutable) result."""
        if not self.keep_standings:
            return compute()
        key = self._standing_key(weight, ratings, excluded, explain)
        found = self.standings.get(key)
        if found is None:
            found = compute()
            if len(self.standings) < self.LIMIT:
                self.standings[key] = found
        else:
            self.standing_hits += 1
        return found

    def candidates(
        self, answers: Mapping[str, Any], home_country: str | None,
        compute: Callable[[], Candidates],
    ) -> Candidates:
        """``compute()`` — a profile's candidates when it names no vendor — once per home country
        and answers the catalog's presumptions read (all :func:`~sourcing_cli.candidates.candidates`
        reads then)."""
        get = answers.get
        key = (home_country, *map(get, self.presumes))
        try:
            found = self.sites.get(key)
        except TypeError:  # an answer that cannot be a key
            return compute()
        if found is None:
            found = compute()
            if len(self.sites) < self.LIMIT:
                self.sites[key] = found
                self.known[id(found)] = (len(self.sites), _sites_key(found))
        return found

    def knock_out(self, answers: Mapping[str, Any], where: Candidates) -> tuple[Excluded, ...]:
        """:func:`knock_out`, once per set of candidates from :meth:`candidates` and answers the
        knock-outs read (its reasons name the candidates' region and places)."""
        known = self.known.get(id(where))
        if known is None:
            return knock_out(self.catalog, answers, where)
        get = answers.get
        key = (known[0], *map(get, self.knocks))
        try:
            found = self.excluded.get(key)
        except TypeError:
            return knock_out(self.catalog, answers, where)
        if found is None:
            found = knock_out(self.catalog, answers, where)
            if len(self.excluded) < self.LIMIT:
                self.excluded[key] = found
        return found

    def rate(
        self, answers: Mapping[str, Any], where: Candidates,
    ) -> tuple[dict[str, dict[str, int]], tuple[Fired, ...]]:
        """What :func:`rate` gives: every model's ratings by criterion, in catalog order, and the
        adjustments that fired, each criterion's looked up by the answers it reads."""
        rows = []
        fired: list[Fired] = []
        sites: tuple[Any, ...] | None = None
        get = answers.get
        entries = self.entries
        catalog = self.catalog
        for i, criterion, reads, placed in self.plan:
            key: tuple[Any, ...] = (i, *map(get, reads))
            if placed:
                if sites is None:
                    known = self.known.get(id(where))
                    sites = known[1] if known is not None else _sites_key(where)
                key = (*key, sites)
            try:
                found = entries.get(key)
            except TypeError:  # an answer or fact that cannot be a key
                found = self._rate(i, criterion, answers, where, sites)
            else:
                if found is None:
                    found = self._rate(i, criterion, answers, where, sites)
                    if len(entries) < self.LIMIT:
                        entries[key] = found
                else:
                    self.hits += 1
            rows.append(found[0])
            if found[1]:
                fired += found[1]
        ids = catalog.criterion_ids
        ratings = {model: dict(zip(ids, column, strict=True))
                   for model, column in zip(catalog.model_ids, zip(*rows, strict=True), strict=True)}
        return ratings, tuple(fired)

    def _rate(
        self, i: int, criterion: Criterion, answers: Mapping[str, Any], where: Candidates,
        sites: tuple[Any, ...] | None,
    ) -> tuple[tuple[int, ...], tuple[Fired, ...]]:
        """One criterion's ratings and fired adjustments, looked up by which of its adjustments'
        conditions hold (:func:`rate_criterion` reads nothing else of the answers)."""
        truths = tuple([holding(answers) is True for holding in self.holding[i]])
        key = (i, truths, sites) if self.placed[i] else (i, truths)
        try:
            found = self.by_truth.get(key)
        except TypeError:  # a fact that cannot be a key
            return self._fresh(i, criterion, answers, where)
        if found is None:
            found = self._fresh(i, criterion, answers, where)
            if len(self.by_truth) < self.LIMIT:
                self.by_truth[key] = found
        return found

    def _fresh(
        self, i: int, criterion: Criterion, answers: Mapping[str, Any], where: Candidates,
    ) -> tuple[tuple[int, ...], tuple[Fired, ...]]:
        fired: list[Fired] = []
        values = rate_criterion(self.catalog, criterion, answers, where, fired, self.base[i])
        return tuple(values.values()), tuple(fired)


def _sites_key(where: Candidates) -> tuple[Any, ...]:
    """Everything a ``where`` can read of the candidates: each model's candidates' facts."""
    return tuple((model, tuple(tuple(sorted(c.facts.items())) for c in found))
                 for model, found in where.by_model.items())


def rate_criterion(
    catalog: Catalog, criterion: Criterion, answers: Mapping[str, Any], where: Candidates,
    fired: list[Fired] | None = None, base: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Every model's rating on one criterion; the adjustments that fired appended to ``fired``
    (``base``: the criterion's ratings before adjustments, by model, when the caller has them)."""
    models = catalog.model_ids
    ratings = (dict(base) if base is not None
               else {model: criterion.ratings[model].value for model in models})
    for adj in criterion.adjustments:
        if adj.when.evaluate(answers) is not True:  # holds(), inlined: it runs for every profile
            continue
        deltas = adj.delta
        for model in models:
            delta = deltas.get(model)
            if delta and (adj.where is None or where.holds(model, adj.where)):
                ratings[model] += delta
                if fired is not None:
                    fired.append(Fired(criterion.id, model, delta, adj.reason, adj.source, adj.id))
    return {model: max(1, min(5, value)) for model, value in ratings.items()}


def knock_out(
    catalog: Catalog, answers: Mapping[str, Any], where: Candidates | None = None
) -> tuple[Excluded, ...]:
    where = where if where is not None else presumed(catalog, answers)
    reasons: dict[str, list[tuple[str, str]]] = {}
    for knockout in catalog.knockouts:
        if holds(knockout.when, answers):
            for model in knockout.models:
                if knockout.where is not None and not where.holds(model, knockout.where):
                    continue
                reason = fill(knockout.reason, {"region": where.region_name(), "where": where.where(model)})
                reasons.setdefault(model, []).append((reason, knockout.source))
    return tuple(
        Excluded(m, tuple(r for r, _ in reasons[m]), tuple(s for _, s in reasons[m]))
        for m in catalog.model_ids if m in reasons
    )


def score(ratings: Mapping[str, int], w: Mapping[str, Fraction]) -> Fraction:
    total = sum(w.values(), Fraction(0))
    return 100 * sum((w[c] * (ratings[c] - 1) for c in w), Fraction(0)) / (4 * total)


def scaled(w: Mapping[str, float | Fraction]) -> tuple[dict[str, int], int]:
    """The weights as integers over one common denominator: ``w[c] == units[c] / den`` exactly.

    Every score, contribution and margin is ``100·Σ units·(r − 1) / (4·Σ units)`` — a ratio of
    integers, compared exactly and turned into a float by one correctly rounded division, so the
    floats are the ones :class:`~fractions.Fraction` arithmetic gives, only faster.
    """
    units, den = _scaled(tuple(w.items()))
    return dict(units), den


@functools.lru_cache(maxsize=4096)
def _scaled(w: tuple[tuple[str, float | Fraction], ...]) -> tuple[dict[str, int], int]:
    """:func:`scaled` of the weights as pairs, once per set: weights equal as numbers (``3`` and
    ``3.0``) have the same integer ratio, so they may share one. Callers get a copy."""
    ratios = {c: v.as_integer_ratio() for c, v in w}
    den = math.lcm(*(d for _, d in ratios.values()))
    return {c: n * (den // d) for c, (n, d) in ratios.items()}, den


def _ratio(num: int, den: int) -> float:
    """``num / den`` as :class:`~fractions.Fraction` would give it (never ``-0.0``)."""
    return num / den if den > 0 else -num / -den


def standing(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], units: Mapping[str, int],
    running: list[str],
) -> tuple[dict[str, int], list[str]]:
    """The models in the running, best first (ties in catalog order), and their points: score(m)
    = points[m] / (4·Σ units), one positive denominator, so points order the models."""
    # Σ units·(r − 1) as Σ units·r − Σ units: the same integers, one pass in C per model
    criteria, weights = tuple(units), tuple(units.values())
    total = sum(weights)
    points = {m: 100 * (sum(map(mul, weights, map(ratings[m].__getitem__, criteria))) - total)
              for m in running}
    position = {m: i for i, m in enumerate(catalog.model_ids)}
    return points, sorted(running, key=lambda m: (-points[m], position[m]))


def assess(
    catalog: Catalog, answers: Mapping[str, Any], priorities: Mapping[str, float],
    ahp: AhpResult | None = None, where: Candidates | None = None, group: Group | None = None,
    *, explain: bool = True, cache: RatingCache | None = None,
) -> Assessment:
    """Score every model for one set of answers and priorities (or pairwise judgements, or
    stakeholders); the weights are :func:`sourcing_cli.weights.resolve`'s; ``where`` says who
    would deliver each model and where (by default, the catalog's presumption).
    ``explain=False`` leaves out the tipping points, the reasons and each model's contributions
    by criterion (empty), which explain the recommendation but change nothing in it; ``cache``
    shares the ratings between assessments (:class:`RatingCache`)."""
    resolved = resolve(catalog, answers, priorities, ahp, group)
    weight, weight_sources = resolved.values, resolved.sources
    units, den = scaled(weight)
    total = sum(units.values())
    if total == 0:
        raise NoWeightError("every criterion has weight 0")
    where = where if where is not None else presumed(catalog, answers)
    ratings, fired = rate(catalog, answers, where, cache)
    shared = cache if cache is not None and cache.catalog is catalog else None
    excluded = (shared.knock_out(answers, where) if shared is not None
                else knock_out(catalog, answers, where))

    def compute() -> Standing:
        return _standing(catalog, ratings, weight, units, den, excluded, explain)

    found = (shared.standing(weight, ratings, excluded, explain, compute) if shared is not None
             else compute())
    return Assessment(weight, weight_sources, ratings, fired, excluded, *found)


def _standing(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]],
    weight: Mapping[str, float | Fraction], units: Mapping[str, int], den: int,
    excluded: tuple[Excluded, ...], explain: bool,
) -> Standing:
    """The ranking, the recommendation and (``explain``) the tipping points and reasons: what
    depends on nothing but the ratings, the weights and which models are knocked out."""
    out = {e.model for e in excluded}
    running = [m for m in catalog.model_ids if m not in out]
    points, order = standing(catalog, ratings, units, running)
    scale = 4 * sum(units.values())
    ranking = tuple(
        Ranked(m, points[m] / scale, i + 1, dict(ratings[m]),
               {c: 100 * u * (ratings[m][c] - 1) / scale for c, u in units.items()}
               if explain else {})
        for i, m in enumerate(order)
    )
    recommendation = None
    tipping: tuple[TippingPoint, ...] = ()
    reasons: tuple[Reason, ...] = ()
    if order:
        winner = order[0]
        runner = order[1] if len(order) > 1 else None
        margin = points[winner] - points[runner] if runner else None
        recommendation = Recommendation(
            winner, points[winner] / scale, margin / scale if margin is not None else None, runner,
            margin == 0,
        )
        if explain:
            tipping = _tipping_points(catalog, ratings, weight, units, den, order)
            reasons = _strongest_reasons(catalog, ratings, weight, units, winner, runner)
    return ranking, recommendation, tipping, reasons


# |d| ≤ 4 (ratings are 1..5), so a root x = −D/d times 12 is a whole number of 1/den units.
_LCM_D = 12


def _tipping_points(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, float | Fraction],
    units: Mapping[str, int], den: int, order: list[str],
) -> tuple[TippingPoint, ...]:
    """Per criterion, the nearest weight in 0..5 at which the recommendation changes, and to what.

    With every other weight fixed, each model's score is a ratio with one positive denominator
    shared by all models and a numerator linear in the criterion's weight ``x``; so the winner's
    lead over a model ``m`` changes sign at most once, at a root of ``D + d·x``, and the weights
    at which the current winner stays recommended form one interval around the current weight.
    Each end of that interval inside 0..5 is a tipping point in that direction:

    * ``tie`` — at the end itself the winner ties a model listed before it in the catalog, so the
      full procedure (ties go to catalog order) already recommends that model there; ``to_model``
      is it and ``tie_with`` every other model sharing first place at that weight;
    * ``overtakes`` — at the end the winner still leads (or keeps a tie it wins by catalog order);
      just beyond it, ``to_model`` leads.

    The nearer end is reported (at equal distance a tie before an overtaking, then the lower
    weight); ``flips_at`` is exact, from the linear form, not searched. It is all done in
    integers: every weight is scaled by ``12·den``. A model's points at scaled weight ``X`` of
    criterion ``c`` are ``12·A + X·s`` — ``A`` its weighted points on the other criteria, ``s`` its
    rating on ``c`` minus 1 — and the models' scores order as these integers do whenever some
    weight is above 0.
    """
    position = {m: i for i, m in enumerate(catalog.model_ids)}
    models = sorted(order, key=position.__getitem__)  # catalog order: it breaks ties
    me = models.index(order[0])
    rows = [ratings[m] for m in models]
    whole = [sum(units[c] * (r[c] - 1) for c in units) for r in rows]
    total = sum(units.values())
    out = []
    for c in catalog.criterion_ids:
        unit = units[c]
        current = _LCM_D * unit
        top = max(_LCM_D * WEIGHT_MAX * den, current)
        slope = [r[c] - 1 for r in rows]
        base = [_LCM_D * (x - unit * s) for x, s in zip(whole, slope, strict=True)]
        mine_base, mine_slope = base[me], slope[me]
        # The nearest root of the winner's lead over a model gaining on it, in each direction.
        up: int | None = None
        down: int | None = None
        for b, s in zip(base, slope, strict=True):
            gain = s - mine_slope
            if gain > 0:
                x = (mine_base - b) // gain
                if current <= x <= top and (up is None or x < up):
                    up = x
            elif gain < 0:
                x = (mine_base - b) // gain
                if 0 <= x <= current and (down is None or x > down):
                    down = x
        best: tuple[int, int, int, int, tuple[int, ...]] | None = None
        for step, end in ((1, up), (-1, down)):
            if end is None or (end == 0 and total == unit):
                continue  # no crossing, or every weight 0 at this end: nothing can be scored
            at = [b + end * s for b, s in zip(base, slope, strict=True)]
            high = max(at)
            tied = tuple(i for i, v in enumerate(at) if v == high)
            if tied[0] != me:
                kind, to_model, tie_with = 0, tied[0], tied[1:]
            elif (step > 0 and end < top) or (step < 0 and end > 0):
                kind, tie_with = 1, ()
                to_model = max(tied, key=lambda i: (step * slope[i], -i))
            else:
                continue  # the winner holds up to the end of the range
            key = (abs(end - current), kind, end, to_model, tie_with)
            if best is None or key < best:
                best = key
        if best is None:
            out.append(TippingPoint(c, float(w[c]), None, None))
        else:
            _, kind, x, to_model, tie_with = best
            out.append(TippingPoint(c, float(w[c]), _ratio(x, _LCM_D * den), models[to_model],
                                    KINDS[kind], tuple(models[i] for i in tie_with),
                                    (x, _LCM_D * den)))
    return tuple(out)


def strongest_reasons(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, Fraction],
    winner: str, runner: str | None, count: int = 3,
) -> tuple[Reason, ...]:
    """Why the winner wins: the criteria that give it its margin over the runner-up, most points
    first. A criterion where the two are level is no reason, nor is any criterion when no other
    model is in the running (the knock-outs say why then)."""
    units, _ = scaled(w)
    return _strongest_reasons(catalog, ratings, w, units, winner, runner, count)


def _strongest_reasons(
    catalog: Catalog, ratings: Mapping[str, Mapping[str, int]], w: Mapping[str, float | Fraction],
    units: Mapping[str, int], winner: str, runner: str | None, count: int = 3,
) -> tuple[Reason, ...]:
    """:func:`strongest_reasons` in integers: points are ``units·Δ``, over ``4·Σ units / 100``."""
    if runner is None:
        return ()
    scale = 4 * sum(units.values())
    mine, theirs = ratings[winner], ratings[runner]
    ahead = sorted((-units[c] * (mine[c] - theirs[c]), i, c)
                   for i, c in enumerate(catalog.criterion_ids)
                   if units[c] and mine[c] > theirs[c])
    return tuple(
        Reason(c, mine[c], theirs[c], float(w[c]), 100 * -gap / scale,
               100 * units[c] * (mine[c] - 1) / scale)
        for gap, _, c in ahead[:count]
    )
