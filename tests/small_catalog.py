"""Small custom catalogs written on the fly, for tests that need a grid they can brute-force."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

CITE = '{source: demo, quote: "a demo passage"}'


def write_catalog(
    folder: Path, models: Sequence[str], ratings: Mapping[str, Sequence[int]],
    knockouts: Mapping[str, Sequence[str]] | None = None, uncertainty: float | None = None,
) -> Path:
    """A catalog of ``models`` (in this order) and one criterion per ``ratings`` entry.

    ``uncertainty``, when given, is declared on every rating.

    ``knockouts`` maps a value of the one question, ``scope`` (``a``, ``b`` or ``c``, default
    ``a``), to the models it removes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(
        "kind: sources\nsources:\n  - {id: demo, title: Demo, publisher: Tests, published: '2025'}\n"
    )
    lines = ["kind: models", "models:"]
    for m in models:
        lines.append(f"  - {{id: {m}, name: {m.title()}, short: {m[:6]}, description: d, cite: {CITE}}}")
    (folder / "models.yaml").write_text("\n".join(lines) + "\n")
    (folder / "questions.yaml").write_text(
        "kind: questions\nquestions:\n  - id: scope\n    text: Scope?\n    type: choice\n"
        "    choices: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]\n"
        "    default: a\n"
    )
    for order, (criterion, values) in enumerate(ratings.items(), 1):
        body = ["kind: criterion", f"id: {criterion}", f"name: {criterion.title()}",
                f"short: {criterion[:6]}", f"order: {order}", "description: d", "weight: 3",
                "ratings:"]
        for m, value in zip(models, values, strict=True):
            band = "" if uncertainty is None else f", uncertainty: {uncertainty}"
            body.append(f"  {m}: {{rating: {value}, reason: r, cite: {CITE}{band}}}")
        (folder / f"{criterion}.yaml").write_text("\n".join(body) + "\n")
    if knockouts:
        body = ["kind: knockouts", "knockouts:"]
        for i, (scope, removed) in enumerate(knockouts.items()):
            body.append(f"  - {{id: k{i}, when: {{scope: {scope}}}, models: {json.dumps(list(removed))}, "
                        f"reason: Removed when scope is {scope}., cite: {CITE}}}")
        (folder / "knockouts.yaml").write_text("\n".join(body) + "\n")
    return folder


def write_profile(path: Path, scope: str = "a", extra: str = "") -> Path:
    path.write_text(f"version: 1\nname: Small\nanswers: {{scope: {scope}}}\n{extra}")
    return path
