"""Every bad profile in tests/cases/bad/ exits 2 with exactly the lines in its .err file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.guards import parser_wording_free
from tests.helpers import ROOT, Run

BAD = sorted((ROOT / "tests" / "cases" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_bad_profile_exits_2_with_located_errors(
    case: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    shown = case.relative_to(ROOT).as_posix()
    run = cli("assess", shown)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert parser_wording_free(run.stderr) == parser_wording_free(
        case.with_suffix(".err").read_text(encoding="utf-8"))
    for line in run.stderr.splitlines():
        assert line.startswith(f"{shown}:") and ": error: " in line
    assert "Traceback" not in run.stderr


def test_the_issue_list_of_bad_profiles_is_covered() -> None:
    names = {p.stem for p in BAD}
    assert {"syntax-error", "unknown-key", "wrong-enum", "out-of-range", "unknown-criterion",
            "all-weights-zero", "unquoted-no-country"} <= names


def test_validate_reports_the_same_errors(cli: Callable[..., Run],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    case = "tests/cases/bad/out-of-range.yaml"
    run = cli("validate", case, "examples/qa-nearshore.yaml")
    assert run.exit_code == 2
    assert run.stdout == "examples/qa-nearshore.yaml: ok (profile)\n"
    assert run.stderr == (ROOT / "tests/cases/bad/out-of-range.err").read_text() + (
        "1 of 2 file(s) invalid\n")
