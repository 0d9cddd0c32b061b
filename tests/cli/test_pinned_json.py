"""The JSON report of every shipped example is pinned byte for byte.

The engine's arithmetic is tuned for speed; these golden files make sure no optimisation changes a
single digit. After a deliberate change to the catalog or the report, regenerate them with

    SOURCING_UPDATE_PINNED=1 python -m pytest tests/cli/test_pinned_json.py
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from tests.helpers import EXAMPLES, ROOT, Run

PINNED = ROOT / "tests" / "cases" / "pinned"
CASES = [(p.stem, ("--method", "all") if p.stem == "qa-nearshore" else ())
         for p in sorted(EXAMPLES.glob("*.yaml"))]
CASES.append(("qa-nearshore.topsis", ("--method", "topsis")))


@pytest.mark.parametrize(("name", "extra"), CASES, ids=[name for name, _ in CASES])
def test_json_of_each_example_is_unchanged(
    name: str, extra: tuple[str, ...], cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    example = f"examples/{name.partition('.')[0]}.yaml"
    run = cli("assess", example, "--format", "json", "--as-of", "2026-03-01", *extra)
    assert run.exit_code == 0, run.stderr
    golden = PINNED / f"{name}.json"
    if os.environ.get("SOURCING_UPDATE_PINNED"):
        golden.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_every_example_is_pinned() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.yaml")} <= {p.name.partition(".")[0]
                                                         for p in PINNED.glob("*.json")}
