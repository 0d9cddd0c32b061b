"""The red-flag catalog: the vendor facts a profile may record and the rules that flag a vendor.

A catalog file of ``kind: red_flags`` declares

* ``vendor_facts`` — each fact's id, type and allowed values: the namespace a profile's
  ``vendors[].facts`` are checked against, declared as data so that conditions are checked when the
  catalog loads;
* ``flags`` — the sources' red flags as rules: a ``when`` over vendor facts, the profile's answers
  and the computed facts ``security_certified`` and ``overlap_hours``; a severity; the source's
  advice as the message; and the passage it rests on;
* ``computed`` — severity, message and citation of the flags computed in code
  (:data:`COMPUTED_FLAGS`), whose messages may use the placeholders listed there;
* ``security_certifications`` and ``expiry_warning_days`` — what counts as a security certificate,
  and how near an expiry date must be to raise ``certification_expiring``.

The file format and its checks are in :mod:`sourcing_cli.redflags_files`. Nothing here evaluates a
flag; :mod:`sourcing_cli.vendors` does, for validated vendors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from sourcing_cli.conditions import Condition, FieldSpec
from sourcing_cli.records import record
from sourcing_cli.sources import Citation

SEVERITIES = ("high", "medium", "low")
Severity = Literal["high", "medium", "low"]

#: Facts computed for every vendor, usable in conditions beside the recorded ones.
COMPUTED_FACTS: Mapping[str, FieldSpec] = {
    "security_certified": FieldSpec("security_certified", "boolean"),
    "overlap_hours": FieldSpec("overlap_hours", "number", minimum=0, maximum=24),
}

#: Flags computed in code (not from a condition), with the placeholders their messages may use.
COMPUTED_FLAGS: Mapping[str, tuple[str, ...]] = {
    "certification_expired": ("certificates",),
    "certification_expiring": ("certificates", "days"),
    "insufficient_overlap": ("overlap", "needed"),
}


# ---- the loaded red-flag catalog ---------------------------------------------------------------


@record
class Fact:
    id: str
    text: str
    spec: FieldSpec


@record
class RedFlag:
    id: str
    name: str
    severity: str
    when: Condition | None  # None for a computed flag
    message: str
    cite: Citation
    source: str


@record
class RedFlags:
    facts: tuple[Fact, ...]
    flags: tuple[RedFlag, ...]
    computed: Mapping[str, RedFlag]
    security_certifications: tuple[str, ...]
    expiry_warning_days: int
    source: str

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.facts)

    def fact_specs(self) -> dict[str, FieldSpec]:
        return {f.id: f.spec for f in self.facts}

    def all_flags(self) -> tuple[RedFlag, ...]:
        """Condition flags in catalog order, then the computed ones in :data:`COMPUTED_FLAGS` order."""
        return (*self.flags, *(self.computed[k] for k in COMPUTED_FLAGS if k in self.computed))


NO_RED_FLAGS = RedFlags((), (), {}, (), 0, "")


def normalise_certificate(name: str) -> str:
    """``ISO/IEC 27001`` and ``iso27001`` alike: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# A message template: `{name}` is a placeholder, `{{` and `}}` write a brace; nothing else is special.
TEMPLATE_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
PLACEHOLDER = r"^[a-z_][a-z0-9_]*$"  # read only with the catalog's files: compiled when used


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` replaced by its value, in one pass: no format specs,
    conversions or attribute lookups (the catalog's check refuses them), so the text can grow only
    by the values given, never run away."""

    def part(found: re.Match[str]) -> str:
        text = found.group()
        if text in ("{{", "}}"):
            return text[0]
        name = found.group(1)
        return values[name] if name is not None and name in values else text

    return TEMPLATE_PART.sub(part, template)
