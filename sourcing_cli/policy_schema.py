"""The policy file for editors: its JSON Schema (draft-07) and a commented starter policy.

:func:`policy_schema` is built from the catalog, so ``forbid`` rules complete model ids and
question ids; like the profile schema it is exact (``additionalProperties: false``, a description
on every property). A test keeps it in step with :class:`~sourcing_cli.policy.PolicyFile`.
:func:`starter_policy` is what ``sourcing init --policy`` writes: valid, and commented so that each
rule says what it enforces.
"""

from __future__ import annotations

import textwrap
from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import FieldSpec
from sourcing_cli.policy import RULES, SEVERITIES
from sourcing_cli.redflags import SEVERITIES as FLAG_LEVELS
from sourcing_cli.schema import DRAFT, answers_schema

_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_WAIVER_RULE = "^(" + "|".join(RULES) + r")(/[a-z0-9][a-z0-9_-]*)?$"


def _when_schema(catalog: Catalog) -> dict[str, Any]:
    answers = answers_schema(catalog)
    return {
        "type": "object",
        "description": "When the rule applies: question id → value, list of values or operator "
                       "mapping (gte, gt, lte, lt, eq, ne, in, not_in); 'any' and 'not' combine. "
                       "Left out: always.",
        "properties": {**{q: {"description": s["description"]}
                          for q, s in answers["properties"].items()},
                       "any": {"type": "array", "description": "Holds when any condition holds."},
                       "not": {"type": "object", "description": "Holds when the condition does not."}},
        "additionalProperties": False,
    }


def policy_schema(catalog: Catalog) -> dict[str, Any]:
    models = {"enum": list(catalog.model_ids), "description": "A sourcing model id."}
    forbid = {
        "type": "object",
        "description": "Forbid some models as the decision, when a condition on the answers holds.",
        "additionalProperties": False,
        "required": ["id", "models", "reason"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                   "description": "The rule's id; findings and waivers call it forbid/<id>."},
            "models": {"type": "array", "items": models, "minItems": 1,
                       "description": "The models a profile may not decide on."},
            "when": _when_schema(catalog),
            "reason": {"type": "string", "minLength": 1, "description": "Why, for the finding."},
            "severity": {"enum": list(SEVERITIES), "default": "error",
                         "description": "error fails the check; warning only reports."},
        },
    }
    rules = {
        "type": "object",
        "description": "The rules profiles must obey; a rule left out is not enforced.",
        "additionalProperties": False,
        "properties": {
            "require_decision": {"type": "boolean", "default": False,
                                 "description": "Every profile records its decision."},
            "min_decision_score": {"type": "number", "minimum": 0, "maximum": 100,
                                   "description": "The decision's score must reach this."},
            "max_gap_to_recommended": {"type": "number", "minimum": 0, "maximum": 100,
                                       "description": "The decision must score within this many "
                                                      "points of the recommended model."},
            "forbid": {"type": "array", "items": forbid,
                       "description": "Models forbidden as the decision, and when."},
            "red_flags": {
                "type": "object", "additionalProperties": False, "required": ["fail_on"],
                "description": "Vendor red flags: at fail_on or worse an error, else a warning.",
                "properties": {"fail_on": {"enum": list(FLAG_LEVELS),
                                           "description": "The least severe flag that fails."}},
            },
            "certifications": {
                "type": "object", "additionalProperties": False, "required": ["min_days_valid"],
                "description": "Vendor certificates must stay valid for a while yet.",
                "properties": {"min_days_valid": {"type": "integer", "minimum": 0, "maximum": 3650,
                                                  "description": "Days of validity left, at least."}},
            },
            "max_decision_age_days": {
                "type": "integer", "minimum": 1, "maximum": 36500,
                "description": "A decision is dated (the profile's decided) and at most this many "
                               "days old; a passed review_by is a finding (review_overdue) too."},
        },
    }
    waiver = {
        "type": "object",
        "description": "Excuses one profile from one rule until a date.",
        "additionalProperties": False,
        "required": ["rule", "profile", "reason", "owner", "expires"],
        "properties": {
            "rule": {"type": "string", "pattern": _WAIVER_RULE,
                     "description": "A rule id, or rule/part: forbid/<id>, red_flags/<flag>."},
            "profile": {"type": "string", "description": "The profile's path from the policy "
                                                         "file (globs allowed)."},
            "reason": {"type": "string", "minLength": 1, "description": "Why it is acceptable."},
            "owner": {"type": "string", "minLength": 1, "description": "Who answers for it."},
            "expires": {"type": "string", "pattern": _DATE,
                        "description": "YYYY-MM-DD; after this day the waiver no longer applies."},
        },
    }
    return {
        "$schema": DRAFT,
        "title": "sourcing policy, version 1",
        "description": "The sourcing policy `sourcing check` enforces (.sourcing-policy.yaml).",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "profiles"],
        "properties": {
            "version": {"const": 1, "description": "The policy format version; always 1."},
            "profiles": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                         "description": "Globs of the profiles covered, relative to this file."},
            "extends": {"type": "array", "items": {"type": "string", "minLength": 1},
                        "description": "Policy files whose rules and waivers this one takes over, "
                                       "relative to this file; this file's rules win."},
            "rules": rules,
            "waiver_rules": {
                "type": "object", "additionalProperties": False,
                "description": "Governance of the waivers: how long, warned when, never for what.",
                "properties": {
                    "max_days": {"type": "integer", "minimum": 1, "maximum": 3650,
                                 "description": "A waiver's expires is at most this many days "
                                                "after the day of the check."},
                    "warn_before_days": {"type": "integer", "minimum": 1, "maximum": 3650,
                                         "description": "A waiver in use warns this many days "
                                                        "before it ends."},
                    "non_waivable": {"type": "array",
                                     "items": {"type": "string", "pattern": _WAIVER_RULE},
                                     "description": "Rules no waiver may excuse (rule ids, or "
                                                    "forbid/<id>, red_flags/<flag>)."},
                },
            },
            "waivers": {"type": "array", "items": waiver,
                        "description": "Exceptions, each with an owner and an expiry date."},
        },
    }


STARTER = """\
# yaml-language-server: $schema=policy.schema.json
# (editor support: `sourcing schema policy > policy.schema.json`)
#
# The sourcing policy of this repository, enforced by `sourcing check` (locally, in pre-commit
# and in CI). A rule left out is not enforced.
version: 1

# The profiles this policy covers: globs relative to this file.
profiles: ["sourcing/**/*.yaml"]
# Shared policies whose rules and waivers apply too (paths relative to this file); the rules
# below override theirs one by one.
# extends: [../company/.sourcing-policy.yaml]

rules:
  # Every profile records the model actually chosen (`decision:`).
  require_decision: true
  # The decision's score (0..100) must reach this.
  min_decision_score: 50
  # The decision must score within this many points of the recommended model.
  max_gap_to_recommended: 10
  # Models a profile may not decide on, and when: the catalog's condition grammar over the
  # answers ({{id: value}}, a list of values, or {{gte|gt|lte|lt|eq|ne|in|not_in: value}}; any, not).
{questions}
{forbid}
  # Vendor red flags of this severity or worse are errors, the others warnings (high|medium|low).
  red_flags: {{fail_on: high}}
  # Vendor certificates must stay valid at least this many days.
  certifications: {{min_days_valid: 30}}
  # Decisions record the day they were taken (`decided:` in the profile) and are reviewed at
  # least this often; a passed `review_by:` date is a finding too.
  # max_decision_age_days: 365

# Exceptions: each excuses one profile from one rule until it expires, and then stops applying.
waivers: []
#  - rule: max_gap_to_recommended        # a rule id, or forbid/<id>, red_flags/<flag>
#    profile: sourcing/support.yaml
#    reason: contract runs until the end of next year
#    owner: sourcing-office@example.com
#    expires: {expires}
"""


FORBID = """\
  forbid:
    - id: ip-stays-home
      models: [{abroad}]
      when: {{ip_sensitivity: high}}
      reason: IP-critical work stays onshore
      severity: error           # error | warning"""


def starter_policy(catalog: Catalog, expires: str) -> str:
    """The starter policy; its example ``forbid`` rule only where the catalog can express it."""
    abroad = [m for m in ("nearshore_outsourcing", "offshore_outsourcing", "captive_offshore")
              if m in catalog.model_ids]
    high_ip = "high" in catalog.namespace().get("ip_sensitivity", FieldSpec("", "text")).choices
    forbid = FORBID.format(abroad=", ".join(abroad)) if abroad and high_ip else "  forbid: []"
    wrapped = textwrap.wrap("Questions: " + ", ".join(q.id for q in catalog.questions) + ".",
                            width=96, initial_indent="  # ", subsequent_indent="  #   ")
    return STARTER.format(questions="\n".join(wrapped), forbid=forbid, expires=expires)
