"""The loaded catalog: models, questions, criteria, knock-outs and sources, as immutable records.

These are what the engine, the methods and the renderers read. :mod:`sourcing_cli.catalog_files`
builds them from validated files; :mod:`sourcing_cli.catalog` loads a folder (or the cache) and is
where callers import them from. Nothing here reads a file or knows any model's rating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from functools import cached_property
from typing import Any

from sourcing_cli.conditions import Condition, FieldSpec
from sourcing_cli.records import record
from sourcing_cli.redflags import NO_RED_FLAGS, RedFlags
from sourcing_cli.regions import NO_REGIONS, Regions
from sourcing_cli.sources import Citation, Source


@record
class Model:
    id: str
    name: str
    short: str
    description: str


@record
class Question:
    id: str
    text: str
    help: str
    spec: FieldSpec
    labels: Mapping[str, str]
    default: Any
    when: Condition | None
    source: str


@record
class Rating:
    value: int
    reason: str
    cite: Citation
    source: str
    # how far the rating may plausibly be off, in rating points either way (0..2; the catalog's
    # default when the file declares none): the uncertainty figure samples ratings within it
    uncertainty: float = 1.0


@record
class WeightRule:
    when: Condition
    weight: float
    reason: str
    source: str
    cite: Citation | None = None


@record
class Adjustment:
    """A rule that moves models' ratings on one criterion. ``where`` (optional) tests what is
    known of each model's candidates — the vendors or centre named for it, or the catalog's
    presumption (:mod:`sourcing_cli.candidates`) — and a model's delta applies only where it holds
    for every candidate. ``double_count`` says why an answer that also sets this criterion's
    weight moves its ratings too."""

    id: str
    when: Condition
    delta: Mapping[str, int]
    reason: str
    cite: Citation
    source: str
    where: Condition | None = None
    double_count: str = ""


@record
class Criterion:
    id: str
    name: str
    short: str
    description: str
    weight: float
    weight_rules: tuple[WeightRule, ...]
    ratings: Mapping[str, Rating]
    adjustments: tuple[Adjustment, ...]
    source: str


@record
class Knockout:
    """A constraint that removes models. With ``where``, a listed model is removed only when the
    test holds for every one of its candidates (say, every candidate lies outside the region);
    ``reason`` may name ``{region}`` and ``{where}``, filled in per model."""

    id: str
    when: Condition
    models: tuple[str, ...]
    reason: str
    cite: Citation
    source: str
    where: Condition | None = None


@record
class Catalog:
    models: tuple[Model, ...]
    questions: tuple[Question, ...]
    criteria: tuple[Criterion, ...]
    knockouts: tuple[Knockout, ...]
    sources: Mapping[str, Source]
    digest: str
    root: str
    files: tuple[str, ...] = field(default=())
    red_flags: RedFlags = NO_RED_FLAGS
    regions: Regions = NO_REGIONS

    @cached_property  # the engine asks for these in its inner loops
    def model_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.models)

    @cached_property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def model(self, model_id: str) -> Model:
        return next(m for m in self.models if m.id == model_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def namespace(self) -> dict[str, FieldSpec]:
        return {q.id: q.spec for q in self.questions}
