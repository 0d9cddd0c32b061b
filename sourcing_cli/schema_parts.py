"""JSON Schema (draft-07) of a profile's ``vendors`` and ``workstreams``, for editors.

Built from the catalog like the rest of the profile schema: vendor models and workstream answers
come from the catalog, vendor facts from its red-flag file. :mod:`sourcing_cli.schema` puts these
under the profile's properties.
"""

from __future__ import annotations

from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import FieldSpec

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def fact_schema(spec: FieldSpec, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {"description": text}
    if spec.kind == "choice":
        out["enum"] = list(spec.choices)
    elif spec.kind == "boolean":
        out["type"] = "boolean"
    else:
        out["type"] = "integer" if spec.kind == "integer" else "number"
        for key, value in (("minimum", spec.minimum), ("maximum", spec.maximum)):
            if value is not None:
                out[key] = int(value) if float(value).is_integer() else value
    return out


def vendors_schema(catalog: Catalog, countries: list[str]) -> dict[str, Any]:
    facts = catalog.red_flags.facts
    certificate = {
        "type": "object",
        "description": "A certificate the vendor holds.",
        "additionalProperties": False,
        "required": ["name", "expires"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 80,
                     "description": "Certificate name, e.g. iso27001 or soc2."},
            "expires": {"type": "string", "pattern": DATE_PATTERN,
                        "description": "Expiry date, YYYY-MM-DD; valid up to and including it."},
        },
    }
    vendor = {
        "type": "object",
        "description": "A vendor under consideration, checked for the catalog's red flags.",
        "additionalProperties": False,
        "required": ["name", "model", "country", "timezone"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200,
                     "description": "The vendor's name (unique in the profile)."},
            "model": {"enum": list(catalog.model_ids),
                      "description": "The sourcing model this vendor would deliver."},
            "workstream": {"type": "string", "minLength": 1, "maxLength": 200,
                           "description": "The workstream this vendor would serve; its answers "
                                          "decide the vendor's flags."},
            "country": {"enum": countries,
                        "description": "ISO 3166-1 alpha-2 code of the delivery country; quote "
                                       "it (\"NO\")."},
            "timezone": {"type": "string",
                         "description": "IANA time zone of the delivery team, e.g. "
                                        "America/Bogota."},
            "certifications": {"type": "array", "items": certificate,
                               "description": "Certificates held; leave out if unknown, [] if "
                                              "none."},
            "facts": {
                "type": "object",
                "description": "What you know about the vendor; a fact left out raises no flag "
                               "and is listed as missing.",
                "additionalProperties": False,
                "properties": {f.id: fact_schema(f.spec, f.text) for f in facts},
            },
        },
    }
    return {"type": "array", "items": vendor,
            "description": "Vendors to check for the sources' red flags."}


def workstreams_schema(answers: dict[str, Any], priorities: dict[str, Any]) -> dict[str, Any]:
    stream = {
        "type": "object",
        "description": "A piece of the work assessed on its own.",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200,
                     "description": "The workstream's name (unique in the profile)."},
            "answers": {**answers, "description": "Answers that differ from the shared ones."},
            "priorities": {**priorities,
                           "description": "Priorities that differ from the shared ones, 0..5."},
        },
    }
    return {"type": "array", "items": stream,
            "description": "Workstreams, each assessed with the shared answers overridden by its "
                           "own; different winners make a hybrid."}
