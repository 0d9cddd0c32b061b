"""``sourcing_cli.selection``: which policy a ``check`` run enforces and which profiles it checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import UsageError
from sourcing_cli.policy import Policy, load_policy
from sourcing_cli.selection import covered_among, policy_for

POLICY = "version: 1\nprofiles: ['sourcing/**/*.yaml']\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root: the policy search stops here
    (tmp_path / ".sourcing-policy.yaml").write_text(POLICY, encoding="utf-8")
    for rel in ("sourcing/a.yaml", "sourcing/team/b.yaml", "notes/c.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("version: 1\n", encoding="utf-8")
    return tmp_path


def policy(repo: Path, catalog: Catalog) -> Policy:
    return load_policy(repo / ".sourcing-policy.yaml", catalog, ".sourcing-policy.yaml")


def test_the_policy_of_the_paths_given_or_of_the_working_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = repo / ".sourcing-policy.yaml"
    assert policy_for(None, [repo / "sourcing" / "team" / "b.yaml"]) == found
    monkeypatch.chdir(repo / "sourcing")
    assert policy_for(None, None) == found
    given = repo / "other.yaml"
    assert policy_for(given, [repo / "sourcing" / "a.yaml"]) == given


def test_no_policy_above_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"no \.sourcing-policy\.yaml here"):
        policy_for(None, None)


def test_covered_paths_are_checked_and_the_rest_counted(repo: Path, catalog: Catalog) -> None:
    chosen, complete, skipped = covered_among(
        repo, policy(repo, catalog), [repo / "sourcing" / "a.yaml", repo / "notes" / "c.yaml"])
    assert (chosen, complete, skipped) == (["sourcing/a.yaml"], False, 1)


def test_a_folder_brings_its_covered_profiles(repo: Path, catalog: Catalog) -> None:
    chosen, complete, skipped = covered_among(repo, policy(repo, catalog), [repo / "sourcing"])
    assert (chosen, complete, skipped) == (["sourcing/a.yaml", "sourcing/team/b.yaml"], False, 0)


def test_the_policy_among_the_paths_brings_every_profile(repo: Path, catalog: Catalog) -> None:
    chosen, complete, skipped = covered_among(
        repo, policy(repo, catalog), [repo / "notes" / "c.yaml", repo / ".sourcing-policy.yaml"])
    assert (chosen, complete, skipped) == (["sourcing/a.yaml", "sourcing/team/b.yaml"], True, 0)


def test_a_missing_path_is_a_usage_error(repo: Path, catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="no such file"):
        covered_among(repo, policy(repo, catalog), [repo / "sourcing" / "gone.yaml"])
