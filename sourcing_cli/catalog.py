"""The criteria catalog: models, questions, criteria, knock-outs and sources, read from YAML.

A catalog is a folder of YAML files, each declaring its ``kind``. The built-in one ships inside the
package; ``--criteria DIR`` points at a user's own (a copy of the built-in one, edited). Loading
validates every file like any user input — located errors, all of a file's errors together — and
then cross-checks the files against each other: every rating and adjustment names a known model,
every condition names a known question with a possible value, every citation names a known source.
The file formats and those checks are in :mod:`sourcing_cli.catalog_files`.

The result is an immutable :class:`Catalog` the engine reads; nothing here knows any model's rating.
A catalog that loaded once is kept, by the exact bytes of its files, in the user's cache
(:mod:`sourcing_cli.catalog_cache`), so later runs skip parsing and validating it again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from sourcing_cli import catalog_cache
from sourcing_cli.conditions import All, Any_, Condition, FieldSpec, Not, Test
from sourcing_cli.errors import Diagnostic, InputError, shown_path
from sourcing_cli.redflags import NO_RED_FLAGS, Fact, RedFlag, RedFlags
from sourcing_cli.regions import NO_REGIONS, Presumption, Region, Regions
from sourcing_cli.sources import Citation, Source
from sourcing_cli.yamlio import read_bytes

# ---- the loaded catalog ----------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    short: str
    description: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    spec: FieldSpec
    labels: Mapping[str, str]
    default: Any
    when: Condition | None
    source: str


@dataclass(frozen=True)
class Rating:
    value: int
    reason: str
    cite: Citation
    source: str
    # how far the rating may plausibly be off, in rating points either way (0..2; the catalog's
    # default when the file declares none): the uncertainty figure samples ratings within it
    uncertainty: float = 1.0


@dataclass(frozen=True)
class WeightRule:
    when: Condition
    weight: float
    reason: str
    source: str
    cite: Citation | None = None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


BUILTIN_NAME = "criteria"


def builtin_dir() -> Path:
    """The catalog that ships with the package (or, in a source checkout, the repo's own)."""
    packaged = resources.files("sourcing_cli").joinpath("criteria")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "criteria"


#: Every kind of record a loaded catalog is made of: what the cache may write and read back.
CACHED_TYPES = (Catalog, Model, Question, Rating, WeightRule, Adjustment, Criterion, Knockout, Source,
                Citation, FieldSpec, Test, All, Any_, Not, RedFlags, Fact, RedFlag, Regions, Region,
                Presumption)
#: The ranges catalog validation enforces, which a cached catalog must keep too.
CACHED_RANGES = {("Rating", "value"): (1, 5), ("Rating", "uncertainty"): (0, 2),
                 ("Criterion", "weight"): (0, 5),
                 ("WeightRule", "weight"): (0, 5), ("Adjustment", "delta"): (-4, 4)}

_cache: dict[str, Catalog] = {}


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and cross-check a catalog folder (the built-in one when ``directory`` is None)."""
    key = str(directory) if directory is not None else ""
    if key not in _cache:
        if directory is None:
            _cache[key] = _load(builtin_dir(), BUILTIN_NAME)
        else:
            _cache[key] = _load(directory, shown_path(directory).rstrip("/") or "/")
    return _cache[key]


def _load(directory: Path, shown_root: str) -> Catalog:
    if not os.path.isdir(directory):
        raise InputError.at(shown_root, 1, 1, "is not a directory; --criteria takes a catalog folder")
    # Everything named *.yaml: a pipe, a dangling link or a folder named so is reported, not skipped
    # (a catalog scored on 8 criteria because cost.yaml is a folder would be silently wrong).
    paths = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    if not paths:
        raise InputError.at(shown_root, 1, 1, "holds no .yaml files; copy the built-in catalog")
    files: list[tuple[str, bytes | None, Sequence[Diagnostic]]] = []  # shown name, bytes, errors
    own = directory == builtin_dir()  # the tool's own files are read wherever it is installed
    for path in paths:
        shown = f"{shown_root}/{shown_path(path.name)}"
        try:
            files.append((shown, read_bytes(path, shown, own=own), ()))  # once: digest = parsed
        except InputError as exc:
            files.append((shown, None, exc.diagnostics))
    names = tuple(p.name for p in paths)
    readable = [(name, raw) for name, (_, raw, _) in zip(names, files, strict=True) if raw is not None]
    digest = ""
    if len(readable) == len(files):
        hasher = hashlib.sha256()
        for name, raw in readable:
            hasher.update(os.fsencode(name) + b"\0" + raw + b"\0")
        digest = hasher.hexdigest()
        cached = catalog_cache.read(shown_root, digest, CACHED_TYPES, CACHED_RANGES)
        if isinstance(cached, Catalog):
            return cached
    from sourcing_cli.catalog_files import build

    catalog = build(files, shown_root, digest, names)
    catalog_cache.write(shown_root, digest, catalog)
    return catalog
