"""JSON Schemas (draft-07) for editors and CI: ``sourcing schema profile|criteria``.

The profile schema is built from the catalog, so it knows every question's choices and range and
every criterion id; yaml-language-server then completes and checks answers as they are typed. It
is deliberately exact (``additionalProperties: false`` and a description on every property), as
SchemaStore asks. A test keeps its top-level keys in step with the pydantic profile model.
"""

from __future__ import annotations

from typing import Any

from sourcing_cli import schema_parts
from sourcing_cli.catalog import Catalog, Question
from sourcing_cli.catalog_files import FILE_KINDS
from sourcing_cli.methods.pairwise import pairwise_schema
from sourcing_cli.stakeholders import stakeholders_schema

DRAFT = "http://json-schema.org/draft-07/schema#"

#: Top-level keys a profile may not give together: each says where the weights come from.
ONE_WEIGHTING = (("priorities", "pairwise"), ("stakeholders", "priorities"), ("stakeholders", "pairwise"))


def question_schema(question: Question) -> dict[str, Any]:
    text = question.text + (f" {question.help}" if question.help else "")
    return {**schema_parts.fact_schema(question.spec, text), "default": question.default}


def answers_schema(catalog: Catalog) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Answers to the catalog's questions; a missing one takes its default.",
        "additionalProperties": False,
        "properties": {q.id: question_schema(q) for q in catalog.questions},
    }


def priorities_schema(catalog: Catalog) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "How much each criterion matters, 0 (not at all) to 5 (most).",
        "additionalProperties": False,
        "properties": {
            c.id: {"type": "number", "minimum": 0, "maximum": 5, "description": c.description}
            for c in catalog.criteria
        },
    }


def profile_schema(catalog: Catalog) -> dict[str, Any]:
    from sourcing_cli.validation import country_codes

    return {
        "$schema": DRAFT,
        "title": "sourcing profile, version 1",
        "description": "The answers file that `sourcing assess` scores.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version"],
        # the weights come from one place: priorities, pairwise judgements or the stakeholders
        "not": {"anyOf": [{"required": list(pair)} for pair in ONE_WEIGHTING]},
        "properties": {
            "version": {"const": 1, "description": "The profile format version; always 1."},
            "name": {"type": "string", "minLength": 1, "maxLength": 200,
                     "description": "What is being sourced, for reports."},
            "home": {
                "type": "object",
                "description": "Where your own team works.",
                "additionalProperties": False,
                "required": ["country", "timezone"],
                "properties": {
                    "country": {"enum": sorted(country_codes()),
                                "description": "ISO 3166-1 alpha-2 code; quote it (\"NO\")."},
                    "timezone": {"type": "string",
                                 "description": "IANA time zone name, e.g. Europe/Berlin."},
                },
            },
            "answers": answers_schema(catalog),
            "priorities": priorities_schema(catalog),
            "pairwise": pairwise_schema(catalog),
            "stakeholders": stakeholders_schema(priorities_schema(catalog), pairwise_schema(catalog)),
            "decision": {"enum": list(catalog.model_ids),
                         "description": "The model actually chosen, checked by `sourcing check`."},
            "decided": {"type": "string", "pattern": schema_parts.DATE_PATTERN,
                        "description": "YYYY-MM-DD: the day the decision was taken "
                                       "(policy rule max_decision_age_days)."},
            "review_by": {"type": "string", "pattern": schema_parts.DATE_PATTERN,
                          "description": "YYYY-MM-DD: the decision is reviewed by this day; "
                                         "later, `sourcing check` reports it overdue."},
            # vendors and workstreams: sourcing_cli.schema_parts
            "vendors": schema_parts.vendors_schema(catalog, sorted(country_codes())),
            "workstreams": schema_parts.workstreams_schema(answers_schema(catalog),
                                                           priorities_schema(catalog)),
        },
    }


def criteria_schema() -> dict[str, Any]:
    """One schema for any catalog file, chosen by its ``kind``."""
    definitions: dict[str, Any] = {}
    variants = []
    for model in FILE_KINDS.values():
        schema = model.model_json_schema(ref_template="#/definitions/{model}")
        definitions.update(schema.pop("$defs", {}))
        definitions[model.__name__] = schema
        variants.append({"$ref": f"#/definitions/{model.__name__}"})
    return {
        "$schema": DRAFT,
        "title": "sourcing catalog file",
        "description": "A file of a criteria catalog folder: models, questions, a criterion, "
                       "knock-outs or sources, told apart by `kind`.",
        "oneOf": variants,
        "definitions": dict(sorted(definitions.items())),
    }
