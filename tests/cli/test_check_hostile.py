"""``sourcing check`` in a hostile repository: links out, pipes, unreadable files and folders.

It never follows a symbolic link out of the repository (a link to a pipe outside would block if it
were opened), never blocks on a pipe inside it, and turns an unreadable profile into a finding
while the other profiles are still checked.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.guards import hang_guard
from tests.helpers import EXAMPLES, Run

POLICY = "version: 1\nprofiles: ['sourcing/**/*.yaml']\n"
GOOD = EXAMPLES / "policy-repo" / "sourcing" / "qa-testing.yaml"
ARGS = ("check", "--format", "json", "--as-of", "2026-03-01")


@pytest.fixture(autouse=True)
def hang_guard_fixture() -> Iterator[None]:
    """Fail, rather than hang, should a pipe ever be opened (a guard, not a speed test)."""
    with hang_guard(30, "check blocked"):
        yield


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "sourcing").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".sourcing-policy.yaml").write_text(POLICY, encoding="utf-8")
    shutil.copy(GOOD, root / "sourcing" / "good.yaml")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def report(run: Run) -> dict[str, Any]:
    assert run.exit_code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def problems(data: dict[str, Any]) -> dict[str, str]:
    return {f["profile"]: f["message"] for f in data["findings"] if f["rule"] == "valid_profile"}


def test_links_out_of_the_repository_are_reported_not_followed(
    repo: Path, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe.yaml")  # opening it would block: proof that it is never opened
    shutil.copy(GOOD, outside / "secret.yaml")
    os.symlink(outside / "pipe.yaml", repo / "sourcing" / "pipe-link.yaml")
    os.symlink(outside / "secret.yaml", repo / "sourcing" / "secret-link.yaml")
    os.symlink(outside, repo / "sourcing" / "linked-folder")
    os.symlink("../../../outside/secret.yaml", repo / "sourcing" / "relative-link.yaml")
    data = report(cli(*ARGS))
    out = ("is a symbolic link that leads outside the repository; not followed — keep profiles "
           "inside the repository")
    assert problems(data) == {"sourcing/pipe-link.yaml": out, "sourcing/secret-link.yaml": out,
                              "sourcing/relative-link.yaml": out}
    assert data["profiles_checked"] == 4  # the linked folder is not walked


@pytest.mark.parametrize("folder", [".svn", ".hg", "node_modules", ".hidden", "x/.svn/pristine"])
def test_no_folder_name_takes_a_profile_out_of_the_gate(
    repo: Path, cli: Callable[..., Run], folder: str,
) -> None:
    """Git commits profiles under these folders; the policy's globs cover them, so they are
    checked: a profile there that breaks the policy fails the run."""
    hidden = repo / "sourcing" / folder / "bad.yaml"
    hidden.parent.mkdir(parents=True)
    hidden.write_text("version: 1\nanswers: {team_size: -3}\n", encoding="utf-8")
    run = cli(*ARGS)
    data = report(run)
    assert run.exit_code == 1
    assert f"sourcing/{folder}/bad.yaml" in problems(data)
    assert data["profiles_checked"] == 2


def test_links_inside_the_repository_are_read(repo: Path, cli: Callable[..., Run]) -> None:
    os.symlink("good.yaml", repo / "sourcing" / "alias.yaml")
    data = report(cli(*ARGS))
    assert problems(data) == {}
    assert data["profiles_checked"] == 2


def test_a_pipe_or_a_folder_named_like_a_profile_never_blocks(
    repo: Path, cli: Callable[..., Run]
) -> None:
    os.mkfifo(repo / "sourcing" / "pipe.yaml")
    (repo / "sourcing" / "folder.yaml").mkdir()
    (repo / "sourcing" / "loop.yaml").symlink_to("loop.yaml")
    data = report(cli(*ARGS))
    assert problems(data) == {
        "sourcing/pipe.yaml": "is not a regular file (a pipe or device?); give a YAML file",
        "sourcing/loop.yaml": "cannot read: Too many levels of symbolic links",
    }


def test_an_unreadable_profile_is_a_finding_and_the_rest_are_checked(
    repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(GOOD, repo / "sourcing" / "locked.yaml")
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    data = report(cli(*ARGS))
    assert problems(data) == {"sourcing/locked.yaml": "cannot read: Permission denied"}
    assert data["profiles_checked"] == 2
    assert {f["profile"] for f in data["findings"]} == {"sourcing/locked.yaml"}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root reads files whatever their mode; the monkeypatched test above "
                           "covers the same path")
def test_a_chmod_000_profile_is_a_finding(repo: Path, cli: Callable[..., Run]) -> None:
    locked = repo / "sourcing" / "locked.yaml"
    shutil.copy(GOOD, locked)
    locked.chmod(0)
    try:
        data = report(cli(*ARGS))
    finally:
        locked.chmod(0o644)
    assert problems(data) == {"sourcing/locked.yaml": "cannot read: Permission denied"}


def test_an_unreadable_folder_is_named_and_skipped(
    repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "sourcing" / "locked").mkdir()
    shutil.copy(GOOD, repo / "sourcing" / "locked" / "hidden.yaml")
    real_scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    run = cli(*ARGS)
    data = report(run)
    assert data["profiles_checked"] == 1
    assert run.stderr == ("warning: cannot read the folder sourcing/locked (Permission denied); "
                          "the profiles in it are not checked\n")


def test_names_too_long_for_the_file_system_are_input_errors_not_crashes(
    repo: Path, cli: Callable[..., Run]
) -> None:
    """A path component past the file system's 255 bytes makes ``stat`` fail with ENAMETOOLONG,
    which Python 3.11's ``Path.is_dir`` and ``Path.exists`` raise instead of answering False."""
    long = "9" * 300
    (repo / ".sourcing-policy.yaml").write_text(
        f"version: 1\nprofiles: ['{long}sourcing/**/*.yaml', 'sourcing/**/*.yaml']\n",
        encoding="utf-8")
    assert report(cli(*ARGS))["profiles_checked"] == 1
    for args in ((*ARGS, long), ("assess", long), ("validate", long),
                 ("assess", str(GOOD), "-o", f"{long}.md"), ("diff", long, long)):
        run = cli(*args)
        assert run.exit_code == 2, (args, run.stderr)
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
