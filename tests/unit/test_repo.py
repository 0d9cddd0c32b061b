"""Finding the policy and the profiles its globs cover, never leaving the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sourcing_cli.repo import (
    RealPaths,
    discover,
    find_policy,
    glob_problem,
    inside,
    left_through_link,
    matches,
    relative_to_root,
)


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("sourcing/**/*.yaml", "sourcing/a.yaml", True),
    ("sourcing/**/*.yaml", "sourcing/x/y/a.yaml", True),
    ("sourcing/**/*.yaml", "sourcing/a.yml", False),
    ("sourcing/**/*.yaml", "other/sourcing/a.yaml", False),
    ("sourcing/*.yaml", "sourcing/x/a.yaml", False),
    ("./sourcing/*.yaml", "sourcing/a.yaml", True),
    ("**/*.yaml", "a.yaml", True),
    ("**/*.yaml", "deep/er/a.yaml", True),
    ("sourcing/**", "sourcing/x/a.yaml", True),
    ("team-?/*.y*ml", "team-a/p.yml", True),
    ("team-?/*.y*ml", "team-ab/p.yml", False),
    ("[ab]*.yaml", "b1.yaml", True),
    ("[!ab]*.yaml", "b1.yaml", False),
    ("[!ab]*.yaml", "c1.yaml", True),
    ("a+b(c).yaml", "a+b(c).yaml", True),
    ("[.yaml", "[.yaml", True),
])
def test_glob_matching(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected


@pytest.mark.parametrize(("pattern", "problem"), [
    ("sourcing/*.yaml", None),
    ("", "a glob must not be empty"),
    ("/etc/*.yaml", "'/etc/*.yaml' is absolute; write it relative to the policy file"),
    ("C:/x/*.yaml", "'C:/x/*.yaml' is absolute; write it relative to the policy file"),
    ("a/../../b.yaml", "'a/../../b.yaml' leads out of the repository ('..'); keep it inside"),
])
def test_glob_problems(pattern: str, problem: str | None) -> None:
    assert glob_problem(pattern) == problem


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("version: 1\n")


def test_discover_walks_only_inside_and_never_into_linked_folders(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for rel in ("sourcing/a.yaml", "sourcing/team/b.yaml", "sourcing/notes.txt", "other/c.yaml",
                ".git/sourcing/d.yaml", "sourcing/.git/e.yaml"):
        touch(root / rel)
    outside = tmp_path / "outside"
    touch(outside / "x.yaml")
    os.symlink(outside, root / "sourcing" / "linked")
    os.symlink(outside / "x.yaml", root / "sourcing" / "file-link.yaml")
    assert discover(root, ["sourcing/**/*.yaml"]) == [
        "sourcing/a.yaml", "sourcing/file-link.yaml", "sourcing/team/b.yaml"]
    assert discover(root, ["**/*.yaml"], exclude=["other/c.yaml"]) == [
        "sourcing/a.yaml", "sourcing/file-link.yaml", "sourcing/team/b.yaml"]
    assert discover(root, ["sourcing/*.yaml", "sourcing/team/*.yaml"]) == [
        "sourcing/a.yaml", "sourcing/file-link.yaml", "sourcing/team/b.yaml"]
    assert discover(root, ["missing/*.yaml"]) == []
    assert not inside(root, root / "sourcing" / "file-link.yaml")
    assert inside(root, root / "sourcing" / "a.yaml")
    real = os.path.realpath(root)
    assert inside(root, root / "sourcing" / "a.yaml", real_root=real)
    assert not inside(root, root / "sourcing" / "file-link.yaml", real_root=real)


def test_no_folder_name_hides_a_profile_from_the_walk(tmp_path: Path) -> None:
    """Git commits files under .svn, .hg, node_modules or any dot-folder: the gate checks them."""
    root = tmp_path / "repo"
    hidden = ["sourcing/.svn/a.yaml", "sourcing/.hg/b.yaml", "sourcing/node_modules/c.yaml",
              "sourcing/.hidden/d.yaml", "sourcing/.e.yaml", "sourcing/x/.svn/pristine/f.yaml",
              ".svn/g.yaml", "sourcing/.GIT/h.yaml", "sourcing/.gitx/i.yaml"]
    for rel in [*hidden, ".git/j.yaml", "sourcing/.git/k.yaml"]:
        touch(root / rel)
    assert discover(root, ["sourcing/**/*.yaml"]) == sorted(h for h in hidden if h.startswith("s"))
    assert discover(root, ["**/*.yaml"]) == sorted(hidden)
    assert discover(root, ["sourcing/.svn/*.yaml"]) == ["sourcing/.svn/a.yaml"]


def test_a_start_folder_that_links_outside_is_not_walked(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "outside"
    touch(outside / "x.yaml")
    os.symlink(outside, root / "sourcing")
    assert discover(root, ["sourcing/*.yaml"]) == []


def test_find_policy_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".sourcing-policy.yaml").write_text("version: 1\n")  # above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    deep = repo / "a" / "b"
    deep.mkdir(parents=True)
    assert find_policy(deep) is None
    (repo / ".sourcing-policy.yml").write_text("version: 1\n")
    assert find_policy(deep) == repo.absolute() / ".sourcing-policy.yml"
    (repo / "a" / ".sourcing-policy.yaml").write_text("version: 1\n")
    assert find_policy(deep) == repo.absolute() / "a" / ".sourcing-policy.yaml"


def test_relative_to_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    assert relative_to_root(root, root / "sourcing" / "a.yaml") == "sourcing/a.yaml"
    assert relative_to_root(root, root) == ""
    assert relative_to_root(root, tmp_path / "elsewhere.yaml") is None
    assert relative_to_root(root, root / ".." / "x.yaml") is None


def test_real_paths_are_os_realpath_with_each_folder_resolved_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` resolves thousands of profiles' real paths through one :class:`RealPaths`: each
    answer is ``os.path.realpath``'s, links anywhere on the way included, the folder's part
    resolved once and the file itself looked at every time."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("x: 1\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "sourcing" / "team").mkdir(parents=True)
    (repo / "sourcing" / "team" / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (repo / "sourcing" / "team" / "b.yaml").write_text("x: 1\n", encoding="utf-8")
    (repo / "sourcing" / "team" / "link.yaml").symlink_to(outside / "secret.yaml")
    (repo / "sourcing" / "linked").symlink_to(outside)
    (repo / "sourcing" / "chain.yaml").symlink_to(repo / "sourcing" / "team" / "link.yaml")
    monkeypatch.chdir(repo)
    names = ["sourcing/team/a.yaml", "sourcing/team/b.yaml", "sourcing/team/link.yaml",
             "sourcing/linked/secret.yaml", "sourcing/chain.yaml", "sourcing/team/missing.yaml",
             "sourcing/linked/../team/a.yaml", "sourcing/team/../linked/secret.yaml",
             "sourcing/linked", "sourcing/team/", "sourcing/team/."]
    realpath = RealPaths()
    for name in [*names, *names]:  # the second time from what it remembers
        for path in (Path(name), repo / name, Path(os.path.relpath(repo / name, tmp_path / "x"))):
            assert realpath(path) == os.path.realpath(path), path
    real = realpath(Path("sourcing/team/link.yaml"))
    assert not inside(repo, Path("sourcing/team/link.yaml"), real=real)
    assert inside(repo, Path("sourcing/team/a.yaml"), real=realpath(Path("sourcing/team/a.yaml")))
    # the real path handed on leads to the same verdict as resolving it again
    for name in names[:5]:
        path = Path(name)
        assert left_through_link(path, real=realpath(path)) == left_through_link(path)
    assert left_through_link(Path("sourcing/team/link.yaml")) is not None
    # each folder is resolved once, not once a file
    calls: list[str] = []
    seen = os.path.realpath

    def counted(path: str, *args: object, **kwargs: object) -> str:
        calls.append(str(path))
        return seen(path)

    monkeypatch.setattr(os.path, "realpath", counted)
    fresh = RealPaths()
    for n in range(3):
        fresh(Path(f"sourcing/team/{'ab'[n % 2]}.yaml"))
    assert calls == ["sourcing/team"]
