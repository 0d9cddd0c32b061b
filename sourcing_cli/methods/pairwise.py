"""The profile's ``pairwise:`` list: checking it, located, and turning it into AHP weights.

Each item is ``[a, b, N]``, read "a matters N times as much as b", N on Saaty's scale 1/9..9 (a
fraction may be written ``1/3`` or ``"1/3"``). Problems are reported at the item they are about:
an item of the wrong shape, an unknown criterion (with a suggestion), an N off the scale, a
criterion compared with itself, a pair judged twice. A set that misses pairs is reported at the
``pairwise`` key with every missing pair listed, and a set whose consistency ratio exceeds 0.10 at
the judgement most at odds with the rest, with the value the others imply and the nearest value on
the scale. The JSON Schema of the key lives here too.
"""

from __future__ import annotations

from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import Diagnostic, did_you_mean, dotted, show
from sourcing_cli.methods.ahp import (
    CR_LIMIT,
    RATIO_TEXT,
    AhpResult,
    Judgement,
    ahp,
    missing_pairs,
    parse_ratio,
    show_ratio,
)
from sourcing_cli.yamlio import Path_, YamlDocument

SHAPE = "expected [a, b, N], read \"a matters N times as much as b\", such as [cost, control, 3]"


def check_pairwise(
    doc: YamlDocument, catalog: Catalog, raw: Any, loc: Path_, errors: list[Diagnostic], *,
    priorities_given: bool = False,
) -> AhpResult | None:
    """The AHP result of a valid, consistent ``pairwise`` list; else problems appended to ``errors``."""
    if not isinstance(raw, list):
        return None  # absent, or not a list: the structural validation says so
    name = dotted(loc)
    if not raw:
        errors.append(doc.diag(loc, f"{name}: no judgements; give at least one [a, b, N] or remove "
                                    "the key"))
        return None
    if priorities_given:
        errors.append(doc.diag(loc, f"{name}: give either priorities or pairwise judgements, not "
                                    "both (the weights come from one of them)", at_key=True))
    judgements: list[Judgement] = []
    positions: list[int] = []
    first: dict[frozenset[str], int] = {}
    ok = True
    for i, item in enumerate(raw):
        judgement = _judgement(doc, catalog, item, (*loc, i), f"{name}[{i}]", errors)
        if judgement is None:
            ok = False
            continue
        pair = frozenset((judgement.more, judgement.less))
        if pair in first:
            line = doc.value_pos((*loc, first[pair]))[0]
            errors.append(doc.diag((*loc, i), f"{name}[{i}]: [{judgement.more}, {judgement.less}] "
                                              f"is already judged at line {line}"))
            ok = False
            continue
        first[pair] = i
        judgements.append(judgement)
        positions.append(i)
    if not ok:
        return None
    missing = missing_pairs(judgements, catalog.criterion_ids)
    if missing:
        listed = ", ".join(f"[{a}, {b}]" for a, b in missing)
        errors.append(doc.diag(loc, f"{name}: {len(missing)} pair{'s' if len(missing) > 1 else ''} "
                                    f"of the criteria named not judged: {listed}; every pair needs "
                                    "a judgement", at_key=True))
        return None
    result = ahp(judgements, catalog.criterion_ids)
    if not result.consistent and result.worst is not None:
        index = positions[result.worst.index]
        errors.append(doc.diag((*loc, index), f"{name}[{index}]: {inconsistency(result)}"))
        return None
    return result


def inconsistency(result: AhpResult) -> str:
    """The plain-words explanation of a consistency ratio above the limit."""
    worst = result.worst
    assert worst is not None
    j = worst.judgement
    text = (f"the judgements are inconsistent (consistency ratio {result.consistency_ratio:.2f}, "
            f"above {CR_LIMIT:.2f}); the one most at odds with the rest is "
            f"[{j.more}, {j.less}, {show_ratio(j.ratio)}]: the others imply {j.more} matters "
            f"{_times(worst.implied)} as much as {j.less}")
    if worst.suggested == j.ratio:
        return text + ", beyond Saaty's scale; revise the other judgements"
    text += (f"; with {show_ratio(worst.suggested)}, the nearest value on Saaty's scale, the "
             f"consistency ratio would be {worst.ratio_after:.2f}")
    if worst.ratio_after > CR_LIMIT:
        text += "; revise other judgements too"
    return text


def _times(value: float) -> str:
    shown = show_ratio(value)
    return "just" if shown == "1" else f"{shown} times"


def _judgement(
    doc: YamlDocument, catalog: Catalog, item: Any, where: Path_, name: str,
    errors: list[Diagnostic],
) -> Judgement | None:
    if not isinstance(item, list) or len(item) != 3:
        errors.append(doc.diag(where, f"{name}: {SHAPE}"))
        return None
    more, less, raw = item
    good = True
    for k, criterion in enumerate((more, less)):
        if not isinstance(criterion, str) or criterion not in catalog.criterion_ids:
            hint = did_you_mean(criterion, catalog.criterion_ids) if isinstance(criterion, str) else ""
            errors.append(doc.diag((*where, k), f"{name}: unknown criterion {show(criterion)}{hint}"))
            good = False
    ratio = parse_ratio(raw)
    if ratio is None:
        errors.append(doc.diag((*where, 2), f"{name}: N must be a number from 1/9 to 9 (Saaty's "
                                            f"scale), such as 3 or 1/3; got {show(raw)}"))
        good = False
    if good and more == less:
        errors.append(doc.diag(where, f"{name}: compares {more} with itself; name two criteria"))
        good = False
    return Judgement(more, less, ratio) if good and ratio is not None else None


def pairwise_schema(catalog: Catalog) -> dict[str, Any]:
    """JSON Schema (draft-07) of the ``pairwise`` key."""
    ids = list(catalog.criterion_ids)
    return {
        "type": "array",
        "description": "AHP judgements [a, b, N]: a matters N times as much as b (Saaty 1/9..9). "
                       "Every pair of the criteria named needs one; the others get weight 0. "
                       "Use instead of priorities.",
        "minItems": 1,
        "items": {
            "type": "array",
            "description": "[a, b, N]: criterion a matters N times as much as criterion b.",
            "minItems": 3,
            "maxItems": 3,
            "items": [
                {"enum": ids, "description": "The criterion that matters N times as much."},
                {"enum": ids, "description": "The criterion it is compared with."},
                {"description": "N on Saaty's scale: a number from 1/9 to 9, or a fraction "
                                "such as 1/3.",
                 "oneOf": [{"type": "number", "minimum": 1 / 9, "maximum": 9},
                           {"type": "string", "pattern": RATIO_TEXT.pattern}]},
            ],
            "additionalItems": False,
        },
    }
