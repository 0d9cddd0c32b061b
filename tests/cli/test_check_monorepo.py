"""A policy in a sub-folder of the repository (a monorepo): every format gives paths from the
repository's top level, so annotations and code scanning alerts land on the right file, while the
policy's globs and waivers stay relative to the policy file."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_check import AS_OF, CASE, EXPECTED
from tests.helpers import Run

PREFIX = "teams/ops/"


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    top = tmp_path / "mono"
    shutil.copytree(CASE, top / "teams" / "ops")
    (top / ".git").mkdir()
    monkeypatch.chdir(top)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return top


def _paths(fmt: str, text: str) -> list[str]:
    """Every file path a report in ``fmt`` points at."""
    if fmt == "json":
        return [f["profile"] for f in json.loads(text)["findings"]]
    if fmt == "sarif":
        run = json.loads(text)["runs"][0]
        return ([r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in run["results"]] + [w["uri"] for w in run["properties"]["waived"]])
    if fmt == "junit":
        return [c.get("name", "") for c in ET.fromstring(text).iter("testcase")]
    if fmt == "github":
        return [line.split("file=", 1)[1].split(",", 1)[0]
                for line in text.splitlines() if line.startswith("::")]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_every_format_points_at_files_from_the_top_level(monorepo: Path, cli: Callable[..., Run],
                                                         fmt: str) -> None:
    run = cli("check", "--policy", "teams/ops/.sourcing-policy.yaml", "-f", fmt, "--as-of", AS_OF)
    assert run.exit_code == 1, run.stderr
    paths = _paths(fmt, run.stdout)
    assert paths and all(p.startswith(PREFIX) for p in paths), paths
    for path in paths:
        assert (monorepo / path).is_file() or fmt == "junit", path


def test_text_and_step_summary_name_files_from_the_top_level(
    monorepo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = monorepo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = cli("check", "--policy", "teams/ops/.sourcing-policy.yaml", "--as-of", AS_OF)
    assert run.exit_code == 1
    assert "teams/ops/sourcing/no-decision.yaml" in run.stdout
    assert "| `teams/ops/sourcing/no-decision.yaml` | 1:1 | error | `require_decision` |" in (
        summary.read_text())


@pytest.mark.parametrize("where", ["top", "policy folder", "deeper"])
def test_findings_and_waivers_are_the_same_from_anywhere(monorepo: Path, cli: Callable[..., Run],
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         where: str) -> None:
    args = ["--policy", "teams/ops/.sourcing-policy.yaml"] if where == "top" else []
    if where != "top":
        monkeypatch.chdir(monorepo / "teams" / "ops" / ("sourcing" if where == "deeper" else ""))
    run = cli("check", *args, "-f", "json", "--as-of", AS_OF)
    found = [(f["rule"], f["severity"], f["profile"], f["line"], f["column"], f["waived"])
             for f in json.loads(run.stdout)["findings"]]
    # The same findings as with the policy at the top, each path under the policy's folder; the
    # waiver (written relative to the policy) still applies.
    assert found == [(r, s, PREFIX + p, line, col, w) for r, s, p, line, col, w in EXPECTED]


def test_paths_given_from_the_top_level_are_checked(monorepo: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "teams/ops/sourcing/waived.yaml", "-f", "json", "--as-of", AS_OF)
    data = json.loads(run.stdout)
    assert data["profiles_checked"] == 1
    assert [(f["profile"], f["waived"]) for f in data["findings"]] == [
        ("teams/ops/sourcing/waived.yaml", True)]
