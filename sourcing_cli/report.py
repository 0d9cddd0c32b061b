"""The assessment report: one immutable object that every output format renders.

:func:`build_report` runs the engine for a validated profile and keeps everything a reader needs —
the catalog (for names and reasons), the profile (for what was given and defaulted) and the
assessment. Every format renders this same object (:mod:`sourcing_cli.render.assess_formats`:
the table, Markdown and the JSON of :mod:`sourcing_cli.render.assess_json`), so no format can tell
a different story.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sourcing_cli import analysis
from sourcing_cli.candidates import Candidates, candidates
from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import Assessment, NoWeightError, RatingCache, assess
from sourcing_cli.errors import InputError
from sourcing_cli.methods.uncertainty import Uncertainty, rank_acceptability
from sourcing_cli.profile import Profile
from sourcing_cli.records import record
from sourcing_cli.vendors import NO_VENDORS, VendorReview, review_vendors
from sourcing_cli.weights import zero_weight_error
from sourcing_cli.whatif import AnswerTip, answer_tipping_points

# The features a profile may not use are imported where they are used, so that a profile without
# stakeholders or workstreams, assessed without the grid count, does not load them.
if TYPE_CHECKING:
    from sourcing_cli.group import GroupView
    from sourcing_cli.methods.robustness import GridCounter
    from sourcing_cli.portfolio import Portfolio


@record
class Decision:
    """The model the profile records as chosen, against the assessment.

    A model still in the running has its ``score``, ``rank`` (1 = best) and ``gap`` (points
    behind the recommended model; 0 when it is the recommendation or tied with it). A knocked-out
    model has none of the three and carries the knock-out ``reasons`` instead.
    """

    model: str
    score: float | None
    rank: int | None
    gap: float | None
    reasons: tuple[str, ...] = ()
    of: int = 0  # how many models are ranked

    @property
    def knocked_out(self) -> bool:
        return self.score is None


@record
class Report:
    catalog: Catalog
    profile: Profile
    as_of: date
    result: Assessment
    # vendor due diligence and the per-workstream reports (sourcing_cli.vendors, .portfolio)
    vendors: VendorReview = NO_VENDORS
    workstreams: tuple[tuple[str, Report], ...] = ()

    @property
    def portfolio(self) -> Portfolio | None:
        """How the workstreams split over the models; ``None`` without workstreams."""
        if not self.workstreams:
            return None
        from sourcing_cli.portfolio import portfolio_of

        picks = [(name, sub.result.recommendation.model if sub.result.recommendation else None)
                 for name, sub in self.workstreams]
        return portfolio_of(self.catalog.model_ids, picks)
    methods: analysis.MethodsResult | None = None  # decision methods, AHP and robustness
    # the nearest value of each answer that changes the recommendation (sourcing_cli.whatif);
    # None where not computed (``check``)
    answer_tips: tuple[AnswerTip, ...] | None = None
    # how sure the advice is: rank acceptability around the user's weights and the catalog's
    # ratings (sourcing_cli.methods.uncertainty); None where not computed (``check``, workstreams)
    uncertainty: Uncertainty | None = None
    # a group decision's stakeholders against the group's recommendation (sourcing_cli.group);
    # None without stakeholders, and where not computed (``check``, ``diff``, workstreams)
    group: GroupView | None = None

    @property
    def decision(self) -> Decision | None:
        """The recorded ``decision:`` against this assessment; ``None`` when none is recorded."""
        model = self.profile.decision
        if model is None:
            return None
        result, rec = self.result, self.result.recommendation
        of = len(result.ranking)
        for excluded in result.excluded:
            if excluded.model == model:
                return Decision(model, None, None, None, tuple(excluded.reasons), of)
        ranked = next((r for r in result.ranking if r.model == model), None)
        if ranked is None:  # not a model of this catalog (the profile's loader refuses it)
            return Decision(model, None, None, None, (), of)
        gap = None if rec is None else max(0.0, rec.score - ranked.score)
        return Decision(model, ranked.score, ranked.rank, gap, (), of)

    def model_name(self, model_id: str) -> str:
        return self.catalog.model(model_id).name


def build_report(
    catalog: Catalog, profile: Profile, as_of: date, method: str = "wsm", *, robust: bool = True,
    count_grid: bool = True, explain: bool = True, cache: RatingCache | None = None,
) -> Report:
    """Assess a profile (and each of its workstreams) and review its vendors.

    ``robust=False`` skips the robustness count over the priority grid and the answer tipping
    points (:mod:`sourcing_cli.whatif`), which only the assessment views show; ``check`` scores
    thousands of profiles and needs none of it. ``count_grid=False`` skips only the grid count,
    which only the JSON report still carries. Otherwise the profile and its workstreams share
    one :class:`~sourcing_cli.methods.robustness.GridCounter`: a rating matrix is counted once,
    and the workstreams' counts together stay within one budget of work. ``explain=False`` (with
    ``robust=False``) leaves out the tipping points, reasons and contributions too: what
    ``check`` asks for, as its rules read only the ranking's scores, the knock-outs, the
    recommendation and the vendor review.
    The profile and its workstreams rate through one :class:`~sourcing_cli.engine.RatingCache`
    (``cache``, or one of the report's own when there are workstreams), so that workstreams alike
    in the answers a criterion reads share its ratings.
    """
    counter = None
    if robust and count_grid:
        from sourcing_cli.methods.robustness import GridCounter

        counter = GridCounter()
    if cache is None and profile.workstreams:
        cache = RatingCache(catalog)
    report = _build(catalog, profile, as_of, method, counter, robust, explain, cache, top=True)
    if robust:
        methods = report.methods
        agreement = methods.agreement if methods is not None else None
        # with both methods compared, the same samples are ranked by both
        sure = uncertainty_of(catalog, report.result, pairwise=profile.ahp is not None,
                              both_methods=agreement is not None)
        report = replace(report, uncertainty=sure)
        if methods is not None and agreement is not None and sure is not None:
            report = replace(report, methods=replace(methods, agreement=replace(
                agreement, under_uncertainty=sure.both_methods)))
    return report


def uncertainty_of(catalog: Catalog, result: Assessment, *, pairwise: bool,
                   both_methods: bool = False) -> Uncertainty | None:
    """Rank acceptability of the running models around these weights and (adjusted) ratings
    (``both_methods``: each sample ranked by TOPSIS too).

    Weights from pairwise judgements are fractions summing to 1: they are put on the priority
    scale first (the heaviest at 5), so that the band of one priority step means the same thing.
    """
    weights = {c: float(w) for c, w in result.weights.items()}
    top = max(weights.values(), default=0.0)
    if pairwise and top > 0:
        weights = {c: 5 * w / top for c, w in weights.items()}
    out = {e.model for e in result.excluded}
    running = [m for m in catalog.model_ids if m not in out]
    bands = {m: {c.id: c.ratings[m].uncertainty for c in catalog.criteria} for m in running}
    return rank_acceptability(weights, result.ratings, bands, running, both_methods=both_methods)


# Answer tipping points re-score a profile a few dozen times: a workstream has its own only when
# the profile has at most this many, so that a large portfolio stays within seconds (the profile's
# shared answers always have theirs).
MAX_TIPPED_WORKSTREAMS = 25


def _build(
    catalog: Catalog, profile: Profile, as_of: date, method: str, counter: GridCounter | None,
    tipped: bool, explain: bool = True, cache: RatingCache | None = None, *, top: bool = False,
) -> Report:
    home_country = profile.home.country if profile.home else None

    def where() -> Candidates:
        return candidates(catalog.regions, catalog.red_flags, catalog.model_ids, profile.answers,
                          home_country=home_country,
                          home_timezone=profile.home.timezone if profile.home else None,
                          vendors=profile.vendors, as_of=as_of)

    # without vendors, the candidates are the presumptions': shared through the cache
    if cache is not None and cache.catalog is catalog and not profile.vendors:
        sites = cache.candidates(profile.answers, home_country, where)
    else:
        sites = where()
    try:
        result = assess(catalog, profile.answers, profile.priorities, profile.ahp, sites,
                        profile.group, explain=explain, cache=cache)
    except NoWeightError:  # a loaded profile never weighs all zero: sourcing_cli.weights checks
        raise InputError([zero_weight_error(profile.doc)]) from None
    shown, methods = analysis.analyse(catalog, result, method, profile.ahp,
                                      robust=counter is not None, counter=counter)
    tip_streams = tipped and len(profile.workstreams) <= MAX_TIPPED_WORKSTREAMS
    streams: tuple[tuple[str, Report], ...] = ()
    if profile.workstreams:
        from sourcing_cli.portfolio import workstream_profile

        streams = tuple((w.name, _build(catalog, workstream_profile(profile, w), as_of, method, counter,
                                        tip_streams, explain, cache))
                        for w in profile.workstreams)
    tips = None
    if tipped:
        rec = shown.recommendation
        tips = answer_tipping_points(catalog, profile, as_of, method,
                                     rec.model if rec is not None else None)
    home = profile.home.timezone if profile.home else None
    # each workstream's report reviewed its own vendors against its answers and knock-outs: the
    # context the profile's review judges them in too, so those results are taken as they are
    reviewed = {v.name: v for name, sub in streams for v in sub.vendors.vendors
                if v.workstream == name}
    vendors = review_vendors(catalog.red_flags, profile.vendors, home, profile.answers, as_of,
                             {e.model for e in result.excluded}, stream_contexts(streams),
                             reviewed)
    view = None
    if tipped and top and profile.group is not None:
        from sourcing_cli.group import group_view

        view = group_view(catalog, profile.answers, profile.group, result, shown, method, sites)
    return Report(catalog, profile, as_of, shown, vendors, streams, methods, tips, group=view)


def stream_contexts(
    streams: Sequence[tuple[str, Report]],
) -> dict[str, tuple[Mapping[str, Any], frozenset[str]]]:
    """Per workstream, the answers and knocked-out models its vendors are judged against."""
    return {name: (sub.profile.answers, frozenset(e.model for e in sub.result.excluded))
            for name, sub in streams}
