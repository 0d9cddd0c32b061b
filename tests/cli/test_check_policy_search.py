"""``sourcing check PATH…`` finds the policy from the files given, wherever it runs from."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Run


def repo(where: Path) -> Path:
    shutil.copytree(EXAMPLES / "policy-repo", where)
    (where / ".git").mkdir()
    return where


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory outside every repository and with no policy above it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / ".git").mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("absolute", [True, False], ids=["absolute", "relative"])
def test_the_policy_is_found_from_the_file_given(
    absolute: bool, tmp_path: Path, elsewhere: Path, cli: Callable[..., Run]
) -> None:
    root = repo(tmp_path / "repo")
    profile = root / "sourcing" / "qa-testing.yaml"
    given = str(profile) if absolute else os.path.relpath(profile, elsewhere)
    run = cli("check", given, "-f", "json", "--as-of", "2026-03-01")
    assert run.exit_code in (0, 1), run.stderr
    data = json.loads(run.stdout)
    assert data["profiles_checked"] == 1
    assert Path(elsewhere, data["policy"]).resolve() == (root / ".sourcing-policy.yaml").resolve()
    assert {f["profile"] for f in data["findings"]} <= {"sourcing/qa-testing.yaml"}


def test_a_folder_given_is_checked_under_its_policy(
    tmp_path: Path, elsewhere: Path, cli: Callable[..., Run]
) -> None:
    root = repo(tmp_path / "repo")
    run = cli("check", str(root / "sourcing"), "-f", "json", "--as-of", "2026-03-01")
    assert run.exit_code in (0, 1), run.stderr
    assert json.loads(run.stdout)["profiles_checked"] == len(list((root / "sourcing").glob("*.yaml")))


def test_files_of_two_policies_are_a_usage_error_naming_both(
    tmp_path: Path, elsewhere: Path, cli: Callable[..., Run]
) -> None:
    one, two = repo(tmp_path / "one"), repo(tmp_path / "two")
    run = cli("check", str(one / "sourcing" / "payments.yaml"), str(two / "sourcing" / "payments.yaml"))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith("error: the paths given belong to 2 different policies: ")
    assert "one/.sourcing-policy.yaml" in run.stderr and "two/.sourcing-policy.yaml" in run.stderr
    assert "--policy FILE" in run.stderr
    # --policy settles it: the other repository's file is not covered, and skipped
    chosen = cli("check", str(one / "sourcing" / "payments.yaml"), str(two / "sourcing" / "payments.yaml"),
                 "--policy", str(one / ".sourcing-policy.yaml"), "-f", "json")
    assert chosen.exit_code in (0, 1) and json.loads(chosen.stdout)["profiles_checked"] == 1


def test_a_file_under_no_policy_says_so(tmp_path: Path, elsewhere: Path, cli: Callable[..., Run]) -> None:
    lone = elsewhere / "lone.yaml"
    shutil.copy(EXAMPLES / "qa-nearshore.yaml", lone)
    run = cli("check", str(lone))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"error: no .sourcing-policy.yaml in the folder of {lone} or a "
                                 "parent folder up to its repository root;")
