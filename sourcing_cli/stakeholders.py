"""Several stakeholders, one group decision: the ``stakeholders:`` format and the aggregation.

A profile may carry ``stakeholders`` instead of top-level ``priorities``/``pairwise``; each gives
``priorities`` (filled in from weight rules and defaults exactly as top-level priorities are) or
``pairwise`` judgements (AHP: the principal eigenvector), and a voice ``weight`` (> 0, default 1).
:mod:`sourcing_cli.weights` resolves each stakeholder's weights as it resolves a profile's, then
calls :func:`aggregate` here for the group's.

Aggregation (Forman & Peniwati 1998, "Aggregating individual judgments and priorities with the
AHP"; ``ahpsurvey``'s ``aggpref``):

* **AIJ** — aggregation of individual judgements — when every stakeholder gives pairwise
  judgements over the same set of criteria: the weighted geometric mean of the judgement
  matrices, entry by entry, each stakeholder's voice share (voice ÷ total voice) as the exponent.
  The result is again a reciprocal matrix; the group's weights are its principal eigenvector
  (:func:`sourcing_cli.methods.ahp.principal_eigenvector`) and its consistency ratio is reported.
  Criteria no judgement names weigh 0, as at top level.
* **AIP** — aggregation of individual priorities — otherwise: each stakeholder's weights are
  normalised to shares summing to 1 over the whole catalog, the weighted geometric mean of the
  shares is taken criterion by criterion (the same exponents), and the result is renormalised.

Zero weights: a geometric mean with a zero factor is zero, and that is kept as the defined result
— a criterion a stakeholder weighs 0 (a priority of 0, or a criterion left out of their pairwise
judgements) weighs 0 for the group. A zero is a veto, consistent with AIP's geometric mean and
with what the stakeholder wrote; every disagreement it causes is shown in the report's widest
disagreements (its ``min`` is 0). A group in which every criterion is vetoed by someone cannot be
scored and is a located error at ``stakeholders``.

Consensus (:func:`agreement_index`): Goepel's AHP consensus indicator S*, based on Shannon entropy
(K. D. Goepel, "Implementation of an Online Software Tool for the Analytic Hierarchy Process
(AHP-OS)", IJAHP 10(3), 2018, §3.4): with ``Hα`` the voice-weighted mean of the stakeholders'
Shannon entropies, ``Hγ`` the entropy of their voice-weighted mean shares, ``M = exp(Hα − Hγ)``
(the inverse of Shannon's beta diversity) and ``n`` criteria, ``S* = (M − 1/n) / (1 − 1/n)``:
1 when everyone weighs the criteria alike, towards 0 as they weigh different criteria.

Pure: no I/O, and no import of the weights or the engine (which import this module).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, did_you_mean, quoted
from sourcing_cli.records import record
from sourcing_cli.validation import Strict
from sourcing_cli.yamlio import Path_, YamlDocument

if TYPE_CHECKING:
    from sourcing_cli.methods.ahp import AhpResult, Judgement

# A group decision is a committee, not a survey: 50 voices, each assessed on their own and searched
# for how far the group would have to move, take about 1.3 s of CPU (docs/limits.md).
MAX_STAKEHOLDERS = 50
VOICE_MAX = 1000

Priority = Annotated[float, Field(ge=0, le=5)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Voice = Annotated[float, Field(gt=0, le=VOICE_MAX)]

AIJ, AIP = "aij", "aip"
METHOD_NAMES = {AIJ: "aggregated judgements (AIJ)", AIP: "aggregated priorities (AIP)"}


class StakeholderSpec(Strict):
    """One stakeholder as written: priorities or pairwise judgements, and a voice."""

    name: Name
    priorities: dict[str, Priority] | None = None
    pairwise: list[Any] | None = None  # checked by methods.pairwise, as the top-level key
    weight: Voice = 1.0


@record
class Stakeholder:
    """A validated stakeholder: their voice and their weighting (priorities or judgements)."""

    name: str
    voice: float
    priorities: Mapping[str, float]
    ahp: AhpResult | None = None
    judgements: tuple[Judgement, ...] = ()
    # the logarithms of the judgement matrix over ``ahp.criteria``, taken once (AIJ averages them)
    logs: tuple[tuple[float, ...], ...] = ()


@record
class Group:
    """The stakeholders of a profile, in file order."""

    members: tuple[Stakeholder, ...]

    @property
    def method(self) -> str:
        """``aij`` when every stakeholder judges pairwise over the same criteria, else ``aip``."""
        sets = {frozenset(m.ahp.criteria) if m.ahp is not None else None for m in self.members}
        return AIJ if len(sets) == 1 and None not in sets else AIP

    def voice_shares(self) -> list[float]:
        total = math.fsum(m.voice for m in self.members)
        return [m.voice / total for m in self.members]

    def with_voice(self, index: int, factor: float) -> Group:
        """The group with stakeholder ``index``'s voice multiplied by ``factor``."""
        members = list(self.members)
        old = members[index]
        members[index] = Stakeholder(old.name, old.voice * factor, old.priorities, old.ahp,
                                     old.judgements, old.logs)
        return Group(tuple(members))


@record
class Aggregate:
    """The group's weights as shares summing to 1 (all 0 when every criterion is vetoed)."""

    method: str
    shares: Mapping[str, float]
    consistency_ratio: float | None  # AIJ: the aggregated matrix's; AIP: None


def shares_of(values: Mapping[str, float], criteria: Sequence[str]) -> dict[str, float]:
    """Weights as shares of their total (all 0 when the total is 0)."""
    total = math.fsum(values[c] for c in criteria)
    return {c: (values[c] / total if total > 0 else 0.0) for c in criteria}


def aggregate(
    group: Group, member_weights: Sequence[Mapping[str, float]], criteria: Sequence[str]
) -> Aggregate:
    """The group's weights from each member's resolved weights (catalog ``criteria`` order)."""
    exponents = group.voice_shares()
    if group.method == AIJ:
        from sourcing_cli.methods.ahp import consistency_ratio, principal_eigenvector

        first = group.members[0].ahp
        assert first is not None
        named = first.criteria
        merged = aij_matrix([_in_order(m, named) for m in group.members], exponents)
        vector, lam = principal_eigenvector(merged)
        found = dict(zip(named, vector, strict=True))
        shares = {c: found.get(c, 0.0) for c in criteria}
        return Aggregate(AIJ, shares, consistency_ratio(lam, len(named)))
    vectors = [shares_of(w, criteria) for w in member_weights]
    return Aggregate(AIP, aip_shares(vectors, exponents, criteria), None)


def _in_order(member: Stakeholder, criteria: Sequence[str]) -> list[list[float]]:
    """The member's log judgement matrix with rows and columns in ``criteria``'s order."""
    assert member.ahp is not None
    at = [member.ahp.criteria.index(c) for c in criteria]
    return [[member.logs[i][j] for j in at] for i in at]


def aij_matrix(
    logs: Sequence[Sequence[Sequence[float]]], exponents: Sequence[float]
) -> list[list[float]]:
    """The entry-by-entry weighted geometric mean of reciprocal matrices, given as their
    logarithms (exponents sum to 1): ``exp(Σ e_k · log a_ij^k)``."""
    n = len(logs[0])
    return [[math.exp(math.fsum(e * m[i][j] for m, e in zip(logs, exponents, strict=True)))
             for j in range(n)] for i in range(n)]


def aip_shares(
    vectors: Sequence[Mapping[str, float]], exponents: Sequence[float], criteria: Sequence[str]
) -> dict[str, float]:
    """The weighted geometric mean of the members' shares, renormalised; a 0 anywhere is 0."""
    product = {}
    for c in criteria:
        if any(v[c] <= 0 for v in vectors):
            product[c] = 0.0
        else:
            product[c] = math.exp(math.fsum(e * math.log(v[c])
                                            for v, e in zip(vectors, exponents, strict=True)))
    return shares_of(product, criteria)


def agreement_index(vectors: Sequence[Mapping[str, float]], exponents: Sequence[float],
                    criteria: Sequence[str]) -> float:
    """Goepel's Shannon-entropy consensus S* (module docstring) of the members' shares, 0..1."""
    n = len(criteria)
    if n < 2:
        return 1.0
    alpha = math.fsum(e * _entropy([v[c] for c in criteria])
                      for v, e in zip(vectors, exponents, strict=True))
    mean = [math.fsum(e * v[c] for v, e in zip(vectors, exponents, strict=True)) for c in criteria]
    gamma = _entropy(mean)
    homogeneity = math.exp(alpha - gamma)
    value = (homogeneity - 1 / n) / (1 - 1 / n)
    return min(1.0, max(0.0, round(value, 12)))


def _entropy(shares: Sequence[float]) -> float:
    total = math.fsum(shares)
    if total <= 0:
        return 0.0
    return -math.fsum(p / total * math.log(p / total) for p in shares if p > 0)


# --- the profile's ``stakeholders`` key, checked and located ----------------------------------

def check_stakeholders(
    doc: YamlDocument, catalog: Catalog, raw: Any, top_level: Mapping[str, Any],
    errors: list[Diagnostic],
) -> Group | None:
    """The group of a valid ``stakeholders`` list; else every problem appended to ``errors``."""
    if not isinstance(raw, list):
        return None  # absent or not a list: the structural validation says so
    loc: Path_ = ("stakeholders",)
    ok = True
    for key in ("priorities", "pairwise"):
        if key in top_level:
            errors.append(doc.diag((key,), f"{key}: a profile with stakeholders weighs the criteria "
                                           "by each stakeholder's priorities or judgements; move "
                                           f"these {key} into a stakeholder, or remove "
                                           "'stakeholders'", at_key=True))
            ok = False
    if not raw:
        errors.append(doc.diag(loc, "stakeholders: no stakeholders; give at least one {name, "
                                    "priorities} or remove the key", at_key=True))
        return None
    if len(raw) > MAX_STAKEHOLDERS:
        errors.append(doc.diag((*loc, MAX_STAKEHOLDERS),
                               f"stakeholders: {len(raw):,} stakeholders, over the limit of "
                               f"{MAX_STAKEHOLDERS:,}; let a few speak for the rest, with a "
                               "larger weight (see docs/limits.md)"))
        return None
    members: list[Stakeholder] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        member = _stakeholder(doc, catalog, item, i, seen, errors)
        if member is None:
            ok = False
        else:
            members.append(member)
    return Group(tuple(members)) if ok else None


def _stakeholder(
    doc: YamlDocument, catalog: Catalog, item: Any, i: int, seen: dict[str, int],
    errors: list[Diagnostic],
) -> Stakeholder | None:
    where: Path_ = ("stakeholders", i)
    if not isinstance(item, dict):
        return None  # the structural validation says what a stakeholder is
    name = item.get("name")
    label = f"stakeholders[{i}]"
    good = isinstance(name, str) and bool(name)
    if isinstance(name, str) and name:
        label = f"stakeholders[{i}] ({quoted(name)})"
        if name in seen:
            line = doc.value_pos(("stakeholders", seen[name], "name"))[0]
            errors.append(doc.diag((*where, "name"), f"{label}: the name is already used at line "
                                                     f"{line}; give each stakeholder a name of "
                                                     "their own"))
            good = False
        else:
            seen[name] = i
    priorities, pairwise = item.get("priorities"), item.get("pairwise")
    if ("priorities" in item) == ("pairwise" in item):
        which = "both priorities and" if "priorities" in item else "neither priorities nor"
        errors.append(doc.diag(where, f"{label}: gives {which} pairwise judgements; give exactly "
                                      "one (the stakeholder's weights come from it)"))
        good = False
    voice = item.get("weight", 1.0)
    if not isinstance(voice, int | float) or isinstance(voice, bool) or not 0 < voice <= VOICE_MAX:
        good = False  # the structural validation says so
    ahp = None
    judgements: tuple[Judgement, ...] = ()
    if isinstance(priorities, dict):
        for key, value in priorities.items():
            if key not in catalog.criterion_ids:
                hint = did_you_mean(str(key), catalog.criterion_ids)
                errors.append(doc.diag((*where, "priorities", key),
                                       f"{label}.priorities: unknown criterion {quoted(key)}{hint}",
                                       at_key=True))
                good = False
            elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 5:
                good = False  # the structural validation says so
    elif "priorities" in item:
        good = False
    if "pairwise" in item:
        from sourcing_cli.methods.pairwise import check_pairwise

        found: list[Diagnostic] = []
        ahp = check_pairwise(doc, catalog, pairwise, (*where, "pairwise"), found)
        errors.extend(_named(d, i, label) for d in found)
        if ahp is None or not isinstance(pairwise, list):
            good = False
        else:
            judgements = _judgements(pairwise)
    if not good:
        return None
    assert isinstance(name, str)
    built: tuple[tuple[float, ...], ...] = ()
    if ahp is not None:
        from sourcing_cli.methods.ahp import matrix

        built = tuple(tuple(math.log(x) for x in row) for row in matrix(ahp.criteria, judgements))
    return Stakeholder(name, float(voice), dict(priorities or {}), ahp, judgements, built)


def _named(diag: Diagnostic, i: int, label: str) -> Diagnostic:
    """A pairwise problem's message with the stakeholder's name after its index."""
    plain = f"stakeholders[{i}]"
    message = diag.message
    if message.startswith(plain):
        message = label + message[len(plain):]
    return Diagnostic(diag.path, diag.line, diag.column, message, diag.severity)


def _judgements(raw: list[Any]) -> tuple[Judgement, ...]:
    from sourcing_cli.methods.ahp import Judgement, parse_ratio

    out = []
    for more, less, value in raw:
        ratio = parse_ratio(value)
        assert ratio is not None  # check_pairwise accepted it
        out.append(Judgement(more, less, ratio))
    return tuple(out)


def stakeholders_schema(priorities: dict[str, Any], pairwise: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema (draft-07) of the ``stakeholders`` key."""
    member = {
        "type": "object",
        "description": "One stakeholder: their own priorities or pairwise judgements, and their "
                       "voice.",
        "additionalProperties": False,
        "required": ["name"],
        "oneOf": [{"required": ["priorities"]}, {"required": ["pairwise"]}],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200,
                     "description": "Who it is (unique in the profile), e.g. CFO."},
            "priorities": {**priorities, "description": "This stakeholder's priorities, 0..5; "
                                                        "the others come from the catalog."},
            "pairwise": {**pairwise, "description": "This stakeholder's AHP judgements [a, b, N]."},
            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": VOICE_MAX,
                       "default": 1, "description": "Voice: how much this stakeholder counts in "
                                                    "the group's weights (default 1)."},
        },
    }
    return {"type": "array", "items": member, "minItems": 1, "maxItems": MAX_STAKEHOLDERS,
            "description": "Several stakeholders' weightings, aggregated into the group's; use "
                           "instead of priorities and pairwise."}
