"""The criteria catalog: models, questions, criteria, knock-outs and sources, read from YAML.

A catalog is a folder of YAML files, each declaring its ``kind``. The built-in one ships inside the
package; ``--criteria DIR`` points at a user's own (a copy of the built-in one, edited). Loading
validates every file like any user input — located errors, all of a file's errors together — and
then cross-checks the files against each other: every rating and adjustment names a known model,
every condition names a known question with a possible value, every citation names a known source.
The file formats and those checks are in :mod:`sourcing_cli.catalog_files`.

The result is an immutable :class:`Catalog` (:mod:`sourcing_cli.catalog_model`) the engine reads;
nothing here knows any model's rating.
A catalog that loaded once is kept, by the exact bytes of its files, in the user's cache
(:mod:`sourcing_cli.catalog_cache`), so later runs skip parsing and validating it again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from sourcing_cli import catalog_cache
from sourcing_cli.catalog_model import (
    Adjustment,
    Catalog,
    Criterion,
    Knockout,
    Model,
    Question,
    Rating,
    WeightRule,
)
from sourcing_cli.conditions import All, Any_, FieldSpec, Not, Test
from sourcing_cli.errors import Diagnostic, InputError, shown_path
from sourcing_cli.redflags import Fact, RedFlag, RedFlags
from sourcing_cli.regions import Presumption, Region, Regions
from sourcing_cli.sources import Citation, Source
from sourcing_cli.yamlio import read_bytes

# The records live in sourcing_cli.catalog_model (the builder makes them without importing this
# module); they are imported from here, with the loader.
__all__ = ["BUILTIN_NAME", "CACHED_RANGES", "CACHED_TYPES", "Adjustment", "Catalog", "Criterion",
           "Knockout", "Model", "Question", "Rating", "WeightRule", "builtin_dir", "load_catalog"]

BUILTIN_NAME = "criteria"


def builtin_dir() -> Path:
    """The catalog that ships with the package (or, in a source checkout, the repo's own)."""
    # The package's own folder is where ``importlib.resources.files`` would look for a package
    # installed as files (the only kind whose catalog can be read by path); asking it directly
    # spares a run the resource readers' imports and set-up (~3 ms).
    packaged = Path(__file__).parent / "criteria"
    if packaged.is_dir():
        return packaged
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
    from sourcing_cli.catalog_files import build  # only when the cache has no entry

    catalog = build(files, shown_root, digest, names)
    catalog_cache.write(shown_root, digest, catalog)
    return catalog
