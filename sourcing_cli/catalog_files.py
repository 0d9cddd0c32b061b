"""The checks that turn a catalog's validated files into a :class:`Catalog`.

Each file declares its ``kind``; its pydantic model in :mod:`sourcing_cli.catalog_formats`
(:data:`FILE_KINDS`) says what the file may contain. :func:`build` parses and validates every file
of a folder — located errors, all of a file's errors together — and cross-checks the files against
each other: every rating and adjustment names a known model, every condition names a known question
with a possible value, every citation names a known source. Only
:func:`sourcing_cli.catalog.load_catalog` calls it, when the folder's exact bytes are not in the
cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sourcing_cli import candidates
from sourcing_cli.catalog_formats import (
    DEFAULT_RATING_UNCERTAINTY,
    FILE_KINDS,
    LIMITS,
    MAX_CRITERIA,
    MAX_MODELS,
    MAX_QUESTIONS,
    CriterionFile,
    QuestionSpec,
)
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
from sourcing_cli.conditions import ALWAYS, Compiler, Condition, FieldSpec
from sourcing_cli.errors import Diagnostic, InputError, did_you_mean, quoted, show
from sourcing_cli.redflags import NO_RED_FLAGS
from sourcing_cli.redflags_files import load_red_flags, placeholders
from sourcing_cli.regions import NO_REGIONS
from sourcing_cli.regions_files import load_regions
from sourcing_cli.sources import Source
from sourcing_cli.validation import expected_kind, validate
from sourcing_cli.yamlio import Path_, YamlDocument, decode, load_text

__all__ = ["FILE_KINDS", "build", "read_file", "read_kind"]

#: What a knock-out's reason may name, filled in for each model it removes.
KNOCKOUT_PLACEHOLDERS = ("region", "where")


def build(
    files: Sequence[tuple[str, bytes | None, Sequence[Diagnostic]]], root: str, digest: str,
    names: tuple[str, ...],
) -> Catalog:
    """Parse, validate and cross-check a catalog's files — (shown name, bytes, read errors), the
    bytes ``None`` for a file that could not be read; every error of every file together, in file
    order."""
    parsed: dict[str, list[tuple[YamlDocument, Any]]] = {kind: [] for kind in FILE_KINDS}
    errors: list[Diagnostic] = []
    for shown, raw, read_errors in files:
        errors.extend(read_errors)
        if raw is None:
            continue
        found = read_file(shown, raw)
        if isinstance(found, tuple):
            parsed[found[0]].append(found[1])
        else:
            errors.extend(found)
    if errors:
        raise InputError(errors)
    return _Builder(parsed, root, digest, names).build()


def read_file(shown: str, raw: bytes) -> tuple[str, tuple[YamlDocument, Any]] | list[Diagnostic]:
    """A catalog file's kind, document and validated contents, or every error in it."""
    try:
        doc = load_text(decode(raw, shown), shown, partial=True)
    except InputError as exc:
        return list(exc.diagnostics)
    try:
        kind = read_kind(doc)
    except InputError as exc:
        return [*doc.settle(lambda loc: "text" if loc == ("kind",) else None), *exc.diagnostics]
    model = FILE_KINDS[kind]
    errors = doc.settle(lambda loc: expected_kind(model, loc))
    try:
        spec = validate(doc, model)
    except InputError as exc:
        errors.extend(exc.diagnostics)
    if errors:
        return sorted(set(errors), key=lambda d: (d.line, d.column, d.message))
    return kind, (doc, spec)


def read_kind(doc: YamlDocument) -> str:
    """The ``kind`` a catalog file declares, or a located error."""
    if not isinstance(doc.data, dict):
        raise InputError([doc.diag((), "expected a mapping with a 'kind' key")])
    kind = doc.data.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise InputError([doc.diag(("kind",), f"kind: expected one of {', '.join(FILE_KINDS)}, "
                                              f"got {show(kind)}")])
    if kind is None:
        raise InputError([doc.diag((), f"missing 'kind' (one of {', '.join(FILE_KINDS)})")])
    if kind not in FILE_KINDS:
        hint = did_you_mean(str(kind), FILE_KINDS)
        raise InputError([doc.diag(("kind",), f"unknown kind {quoted(kind)}{hint}")])
    return str(kind)


class _Builder:
    def __init__(
        self, parsed: dict[str, list[tuple[YamlDocument, Any]]], root: str, digest: str,
        files: tuple[str, ...],
    ) -> None:
        self.parsed = parsed
        self.root = root
        self.digest = digest
        self.files = files
        self.errors: list[Diagnostic] = []

    def single(self, kind: str, *, required: bool) -> tuple[YamlDocument, Any] | None:
        found = self.parsed[kind]
        if len(found) > 1:
            doc = found[1][0]
            self.errors.append(doc.diag(("kind",), f"a second '{kind}' file; keep one"))
        if not found:
            if required:
                self.errors.append(Diagnostic(self.root, 1, 1, f"no file of kind '{kind}'"))
            return None
        return found[0]

    def build(self) -> Catalog:
        sources = self.load_sources()
        models = self.load_models(sources)
        model_ids = tuple(m.id for m in models)
        questions = self.load_questions()
        namespace = {q.id: q.spec for q in questions}
        found = self.single("red_flags", required=False)
        red_flags = (load_red_flags(*found, namespace, sources, self.errors) if found
                     else NO_RED_FLAGS)
        self.where_names = candidates.namespace(red_flags)
        criteria = self.load_criteria(model_ids, namespace, sources)
        knockouts = self.load_knockouts(model_ids, namespace, sources)
        found = self.single("regions", required=False)
        regions = (load_regions(*found, namespace, model_ids, self.errors) if found
                   else NO_REGIONS)
        if self.errors:
            raise InputError(sorted(set(self.errors)))
        return Catalog(models, questions, criteria, knockouts, sources, self.digest, self.root,
                       self.files, red_flags, regions)

    def load_sources(self) -> dict[str, Source]:
        found = self.single("sources", required=False)
        return ({s.id: Source(s.id, s.title, s.publisher, s.published) for s in found[1].sources}
                if found else {})

    def load_models(self, sources: Mapping[str, Any]) -> tuple[Model, ...]:
        found = self.single("models", required=True)
        if not found:
            return ()
        doc, spec = found
        self.unique(doc, [m.id for m in spec.models], ("models",), "model")
        if len(spec.models) > MAX_MODELS:
            self.errors.append(doc.diag(("models", MAX_MODELS), f"{len(spec.models)} models, over "
                                        f"the limit of {MAX_MODELS} {LIMITS}"))
        for i, m in enumerate(spec.models):
            self.errors.extend(m.cite.problems(doc, ("models", i, "cite"), sources))
        return tuple(Model(m.id, m.name, m.short, m.description) for m in spec.models)

    def load_questions(self) -> tuple[Question, ...]:
        found = self.single("questions", required=True)
        if not found:
            return ()
        doc, spec = found
        self.unique(doc, [q.id for q in spec.questions], ("questions",), "question")
        if len(spec.questions) > MAX_QUESTIONS:
            self.errors.append(doc.diag(("questions", MAX_QUESTIONS), f"{len(spec.questions)} "
                                        f"questions, over the limit of {MAX_QUESTIONS} {LIMITS}"))
        out: list[Question] = []
        namespace: dict[str, FieldSpec] = {}
        for i, q in enumerate(spec.questions):
            loc: Path_ = ("questions", i)
            field_spec = self.field_spec(doc, q, loc)
            problem = field_spec.check(q.default)
            if problem:
                self.errors.append(doc.diag((*loc, "default"), f"default of '{q.id}': {problem}"))
            when = self.condition(doc, q.when, (*loc, "when"), namespace) if q.when else None
            labels = {c.value: c.label for c in q.choices or []}
            line = doc.value_pos(loc)[0]
            out.append(Question(q.id, q.text, q.help, field_spec, labels, q.default, when,
                                f"{doc.path}:{line}"))
            namespace[q.id] = field_spec
        return tuple(out)

    def field_spec(self, doc: YamlDocument, q: QuestionSpec, loc: Path_) -> FieldSpec:
        if q.type == "choice":
            if not q.choices:
                self.errors.append(doc.diag(loc, f"question '{q.id}' of type choice needs 'choices'"))
            values = tuple(c.value for c in q.choices or [])
            self.unique(doc, list(values), (*loc, "choices"), "choice")
            return FieldSpec(q.id, "choice", choices=values)
        if q.choices:
            self.errors.append(doc.diag((*loc, "choices"), "only choice questions have choices"))
        if q.type in ("integer", "number") and (q.min is None or q.max is None or q.min > q.max):
            self.errors.append(doc.diag(loc, f"question '{q.id}' needs 'min' ≤ 'max'"))
        return FieldSpec(q.id, q.type, minimum=q.min, maximum=q.max)

    def load_criteria(
        self, model_ids: tuple[str, ...], namespace: Mapping[str, FieldSpec],
        sources: Mapping[str, Any],
    ) -> tuple[Criterion, ...]:
        found = sorted(self.parsed["criterion"], key=lambda f: (f[1].order, f[1].id))
        if not found:
            self.errors.append(Diagnostic(self.root, 1, 1, "no file of kind 'criterion'"))
        if len(found) > MAX_CRITERIA:
            self.errors.append(found[MAX_CRITERIA][0].diag(
                ("kind",), f"the catalog has {len(found)} criteria, over the limit of {MAX_CRITERIA} "
                           f"{LIMITS}"))
        self.unique_across(found, "criterion")
        return tuple(self.criterion(doc, spec, model_ids, namespace, sources) for doc, spec in found)

    def criterion(
        self, doc: YamlDocument, spec: CriterionFile, model_ids: tuple[str, ...],
        namespace: Mapping[str, FieldSpec], sources: Mapping[str, Any],
    ) -> Criterion:
        ratings: dict[str, Rating] = {}
        for model_id, rating in spec.ratings.items():
            loc: Path_ = ("ratings", model_id)
            if model_id not in model_ids:
                hint = did_you_mean(model_id, model_ids)
                self.errors.append(doc.diag(loc, f"unknown model {quoted(model_id)}{hint}", at_key=True))
                continue
            self.errors.extend(rating.cite.problems(doc, (*loc, "cite"), sources))
            band = DEFAULT_RATING_UNCERTAINTY if rating.uncertainty is None else rating.uncertainty
            ratings[model_id] = Rating(rating.rating, rating.reason, rating.cite.record(),
                                       self.at(doc, loc), band)
        missing = [m for m in model_ids if m not in spec.ratings]
        if missing:
            self.errors.append(doc.diag(("ratings",), f"no rating for {', '.join(missing)}"))
        rules = []
        for i, r in enumerate(spec.weight_rules):
            loc = ("weight_rules", i)
            if r.cite is not None:
                self.errors.extend(r.cite.problems(doc, (*loc, "cite"), sources))
            rules.append(WeightRule(self.condition(doc, r.when, (*loc, "when"), namespace),
                                    r.weight, r.reason, self.at(doc, loc),
                                    r.cite.record() if r.cite else None))
        adjustments = []
        self.unique(doc, [a.id for a in spec.adjustments], ("adjustments",), "adjustment")
        for i, a in enumerate(spec.adjustments):
            loc = ("adjustments", i)
            for model_id in a.delta:
                if model_id not in model_ids:
                    hint = did_you_mean(model_id, model_ids)
                    self.errors.append(
                        doc.diag((*loc, "delta", model_id), f"unknown model {quoted(model_id)}{hint}",
                                 at_key=True))
            self.errors.extend(a.cite.problems(doc, (*loc, "cite"), sources))
            when = self.condition(doc, a.when, (*loc, "when"), namespace)
            where = self.where(doc, a.where, (*loc, "where"))
            delta = {m: d for m, d in a.delta.items() if d}
            adjustments.append(Adjustment(a.id, when, delta, a.reason, a.cite.record(),
                                          self.at(doc, loc), where, a.double_count or ""))
        return Criterion(spec.id, spec.name, spec.short, spec.description, spec.weight,
                         tuple(rules), ratings, tuple(adjustments), doc.path)

    def load_knockouts(
        self, model_ids: tuple[str, ...], namespace: Mapping[str, FieldSpec],
        sources: Mapping[str, Any],
    ) -> tuple[Knockout, ...]:
        found = self.single("knockouts", required=False)
        if not found:
            return ()
        doc, spec = found
        self.unique(doc, [k.id for k in spec.knockouts], ("knockouts",), "knock-out")
        out = []
        for i, k in enumerate(spec.knockouts):
            loc: Path_ = ("knockouts", i)
            for j, model_id in enumerate(k.models):
                if model_id not in model_ids:
                    hint = did_you_mean(model_id, model_ids)
                    self.errors.append(
                        doc.diag((*loc, "models", j), f"unknown model {quoted(model_id)}{hint}"))
            self.errors.extend(k.cite.problems(doc, (*loc, "cite"), sources))
            when = self.condition(doc, k.when, (*loc, "when"), namespace)
            where = self.where(doc, k.where, (*loc, "where"))
            placeholders(doc, k.reason, KNOCKOUT_PLACEHOLDERS, (*loc, "reason"), self.errors,
                         what="reason")
            out.append(Knockout(k.id, when, tuple(k.models), k.reason, k.cite.record(),
                                self.at(doc, loc), where))
        return tuple(out)

    def where(self, doc: YamlDocument, raw: Any, loc: Path_) -> Condition | None:
        """A ``where`` test over each model's candidates (vendor facts and ``location``)."""
        if raw is None:
            return None
        compiler = Compiler(doc, self.where_names, "vendor fact")
        condition = compiler.compile(raw, loc)
        self.errors.extend(compiler.errors)
        return condition if not compiler.errors else ALWAYS

    def condition(
        self, doc: YamlDocument, raw: Any, loc: Path_, namespace: Mapping[str, FieldSpec]
    ) -> Condition:
        compiler = Compiler(doc, namespace, "question")
        condition = compiler.compile(raw, loc)
        self.errors.extend(compiler.errors)
        return condition if not compiler.errors else ALWAYS

    @staticmethod
    def at(doc: YamlDocument, loc: Path_) -> str:
        return f"{doc.path}:{doc.value_pos(loc)[0]}"

    def unique(self, doc: YamlDocument, ids: list[str], loc: Path_, what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(ids):
            if item in seen:
                self.errors.append(doc.diag((*loc, i), f"duplicate {what} id {quoted(item)}"))
            seen.add(item)

    def unique_across(self, found: list[tuple[YamlDocument, Any]], what: str) -> None:
        seen: dict[str, str] = {}
        for doc, spec in found:
            if spec.id in seen:
                self.errors.append(
                    doc.diag(("id",), f"{what} {quoted(spec.id)} is also defined in {seen[spec.id]}"))
            seen[spec.id] = doc.path


