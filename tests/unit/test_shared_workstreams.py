"""Workstreams alike in what their results depend on share them, and only those.

A large portfolio's workstreams go through one :class:`~sourcing_cli.engine.RatingCache`: the
ratings per criterion, and the ranking, recommendation, tipping points and reasons per set of
ratings, weights and knock-outs, are computed once; a workstream's vendors are reviewed once.
Each shared result must be exactly the one computed afresh.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from sourcing_cli.catalog import Catalog
from sourcing_cli.engine import RatingCache, assess
from sourcing_cli.portfolio import workstream_profile
from sourcing_cli.profile import load_profile
from sourcing_cli.render.assess_json import to_dict
from sourcing_cli.report import build_report, stream_contexts
from sourcing_cli.vendors import review_vendors
from tests.generate import answer, write_vendor_portfolio, write_workstreams

AS_OF = date(2026, 3, 1)


def test_shared_assessments_equal_the_ones_computed_afresh(catalog: Catalog) -> None:
    """Random answers and priorities, many alike in the answers and weights that matter: with one
    cache, every assessment equals the one made without it, and some were shared."""
    rng = random.Random(3)
    cache = RatingCache(catalog)
    questions = [q.id for q in catalog.questions]
    for n in range(400):
        answers = {q: answer(rng, catalog, q) for q in rng.sample(questions, 3)}
        priorities = ({c: rng.randint(0, 5) for c in rng.sample(catalog.criterion_ids, 2)}
                      if n % 3 == 0 else {})
        explain = n % 5 != 0
        shared = assess(catalog, answers, priorities, explain=explain, cache=cache)
        assert shared == assess(catalog, answers, priorities, explain=explain)
    assert 0 < cache.standing_hits < 400
    assert 0 < len(cache.standings) < 400


def test_a_full_cache_still_gives_the_same_assessments(catalog: Catalog) -> None:
    cache = RatingCache(catalog)
    cache.LIMIT = 2
    for size in (10, 20, 30, 10, 20):
        answers = {"team_size": size}
        assert assess(catalog, answers, {}, cache=cache) == assess(catalog, answers, {})
    assert len(cache.standings) == 2


def test_one_answer_or_weight_apart_never_shares(catalog: Catalog) -> None:
    """Two workstreams with the same matrix but different weights, or the same weights but one
    rating apart, get results of their own."""
    cache = RatingCache(catalog)
    base = assess(catalog, {"cost_pressure": "high"}, {}, cache=cache)
    heavier = assess(catalog, {"cost_pressure": "high"}, {"cost": 1}, cache=cache)
    assert base.ratings == heavier.ratings
    assert heavier.ranking != base.ranking
    assert heavier == assess(catalog, {"cost_pressure": "high"}, {"cost": 1})
    # an answer that moves a rating and no weight: the weights alike, the matrix not
    varied = None
    for question in catalog.questions:
        for option in question.spec.choices:
            other = assess(catalog, {"cost_pressure": "high", question.id: option}, {},
                           cache=cache)
            if other.weights == base.weights and other.ratings != base.ratings:
                varied = other
                assert other == assess(catalog, {"cost_pressure": "high", question.id: option}, {})
                assert other.ranking is not base.ranking
    assert varied is not None
    again = assess(catalog, {"cost_pressure": "high"}, {}, cache=cache)
    assert again.ranking is base.ranking and again.tipping_points is base.tipping_points


def _stream_json(path: Path, catalog: Catalog, name: str) -> dict[str, object]:
    report = build_report(catalog, load_profile(path, catalog), AS_OF)
    out = to_dict(dict(report.workstreams)[name])
    # what differs by design: the file's path; the answer tipping points, which a workstream has
    # only in a profile of at most 25; the grid count, within one budget for all workstreams
    for key in ("profile", "answer_tipping_points", "robustness"):
        out.pop(key)
    return out


def test_a_workstream_among_thousands_reports_as_it_does_alone(
        catalog: Catalog, tmp_path: Path) -> None:
    """The same workstream in a profile of 1,500 (most of them sharing results) and in a profile
    of its own: the same JSON (but for what depends on the portfolio's size by design)."""
    many = tmp_path / "many.yaml"
    write_workstreams(many, catalog, 1500)
    text = many.read_text(encoding="utf-8")
    head, streams = text.split("workstreams:\n", 1)
    blocks = ["  - name:" + b for b in streams.split("  - name:")[1:]]
    for pick in (0, 777, 1499):
        alone = tmp_path / f"alone-{pick}.yaml"
        alone.write_text(head + "workstreams:\n" + blocks[pick], encoding="utf-8")
        name = f"workstream {pick:05d}"
        assert _stream_json(many, catalog, name) == _stream_json(alone, catalog, name)


def test_vendor_reviews_taken_from_the_workstreams_equal_fresh_ones(
        catalog: Catalog, tmp_path: Path) -> None:
    """The profile's vendor review reuses each workstream's own: it equals a review made anew,
    and the workstreams' reports equal reports built one workstream at a time."""
    path = tmp_path / "vendors.yaml"
    write_vendor_portfolio(path, catalog, 40, 60)
    profile = load_profile(path, catalog)
    report = build_report(catalog, profile, AS_OF)
    home = profile.home.timezone if profile.home else None
    fresh = review_vendors(catalog.red_flags, profile.vendors, home, profile.answers, AS_OF,
                           {e.model for e in report.result.excluded},
                           stream_contexts(report.workstreams))
    assert report.vendors == fresh
    assert any(v.flags for v in fresh.vendors) and any(v.knocked_out for v in fresh.vendors)
    for stream in profile.workstreams[:10]:
        alone = build_report(catalog, workstream_profile(profile, stream), AS_OF, robust=False)
        shared = dict(report.workstreams)[stream.name]
        assert shared.result == alone.result
        assert shared.vendors == alone.vendors
