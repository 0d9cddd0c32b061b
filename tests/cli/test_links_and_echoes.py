"""No file outside the repository reaches a log through a link, and no message echoes a secret.

A pull request can add ``sourcing/x.yaml -> ~/.ssh/id_rsa``; the pre-commit hook then runs
``sourcing validate`` on it in CI, and a file that is not a profile would have its lines printed as
"unknown key …". Every command refuses a symbolic link that leads out of the repository (or, outside
any repository, out of the working directory) with a located error, and every message echoes at
most the first 40 characters of a key or a value.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Run, copy_catalog

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY-0123456789abcdef"
PROFILE = EXAMPLES / "policy-repo" / "sourcing" / "qa-testing.yaml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A private file outside the repository, shaped so that a profile reader would echo it."""
    home = tmp_path / "home" / ".ssh"
    home.mkdir(parents=True)
    path = home / "id_rsa"
    path.write_text(f"{SECRET}: 1\naws_secret_access_key: {SECRET}\n{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "sourcing").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(PROFILE, root / "sourcing" / "good.yaml")
    (root / ".sourcing-policy.yaml").write_text("version: 1\nprofiles: ['sourcing/**/*.yaml']\n",
                                                encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def refused(run: Run, shown: str, tree: str = "the repository") -> None:
    assert run.exit_code == 2, run.stderr
    assert SECRET not in run.stdout + run.stderr
    assert SECRET[:12] not in run.stdout + run.stderr
    assert (f"{shown}:1:1: error: is a symbolic link leading outside {tree}; not read — copy the "
            "file inside, or give its own path") in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["validate", "assess", "diff"])
def test_a_profile_linked_out_of_the_repository_is_not_read(
    repo: Path, secret: Path, cli: Callable[..., Run], command: str,
) -> None:
    (repo / "sourcing" / "x.yaml").symlink_to(secret)
    args = ["sourcing/good.yaml", "sourcing/x.yaml"] if command == "diff" else ["sourcing/x.yaml"]
    refused(cli(command, *args), "sourcing/x.yaml")


def test_a_relative_link_and_a_link_to_a_linked_folder_are_refused_too(
    repo: Path, secret: Path, cli: Callable[..., Run],
) -> None:
    (repo / "sourcing" / "rel.yaml").symlink_to(Path("..") / ".." / "home" / ".ssh" / "id_rsa")
    (repo / "keys").symlink_to(secret.parent)
    run = cli("validate", "sourcing/rel.yaml", "keys/id_rsa")
    refused(run, "sourcing/rel.yaml")
    refused(run, "keys/id_rsa")


def test_check_never_reads_a_policy_or_a_profile_linked_out(
    repo: Path, secret: Path, cli: Callable[..., Run],
) -> None:
    (repo / "sourcing" / "x.yaml").symlink_to(secret)
    run = cli("check", "--format", "json")
    assert run.exit_code == 1
    assert SECRET[:12] not in run.stdout + run.stderr
    (repo / ".sourcing-policy.yaml").unlink()
    (repo / ".sourcing-policy.yaml").symlink_to(secret)
    refused(cli("check"), ".sourcing-policy.yaml")


def test_a_catalog_file_linked_out_is_not_read(
    repo: Path, secret: Path, cli: Callable[..., Run],
) -> None:
    copy_catalog(repo / "catalog")
    (repo / "catalog" / "cost.yaml").unlink()
    (repo / "catalog" / "cost.yaml").symlink_to(secret)
    refused(cli("assess", "sourcing/good.yaml", "--criteria", "catalog"), "catalog/cost.yaml")


def test_the_built_in_catalog_is_read_wherever_links_put_it(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An install reached through a link (a linked ~/.local, a linked site-packages) is the
    tool's own: its catalog is read, while the same folder given as --criteria is not."""
    from sourcing_cli import catalog as catalog_module

    installed = tmp_path / "elsewhere" / "criteria"
    copy_catalog(installed)
    work = tmp_path / "work"
    work.mkdir()
    (work / "tool").symlink_to(installed.parent)
    shutil.copy(PROFILE, work / "p.yaml")
    monkeypatch.chdir(work)
    monkeypatch.setattr(catalog_module, "builtin_dir", lambda: work / "tool" / "criteria")
    monkeypatch.setattr(catalog_module, "_cache", {})
    monkeypatch.setenv("SOURCING_NO_CACHE", "1")
    assert cli("validate", "p.yaml").exit_code == 0
    run = cli("validate", "p.yaml", "--criteria", str(tmp_path / "elsewhere" / "criteria"))
    assert run.exit_code == 0, run.stderr  # named by its own path: read
    refused(cli("validate", "p.yaml", "--criteria", "tool/criteria"), "tool/criteria/cost.yaml",
            "the working directory")


def test_links_inside_the_repository_are_followed(repo: Path, cli: Callable[..., Run]) -> None:
    (repo / "sourcing" / "alias.yaml").symlink_to("good.yaml")
    (repo / "linked").symlink_to("sourcing")
    run = cli("validate", "sourcing/alias.yaml", "linked/good.yaml")
    assert run.exit_code == 0, run.stderr


def test_outside_a_repository_the_working_directory_is_the_tree(
    tmp_path: Path, secret: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "x.yaml").symlink_to(secret)
    shutil.copy(PROFILE, work / "good.yaml")
    (work / "alias.yaml").symlink_to("good.yaml")
    refused(cli("validate", "x.yaml"), "x.yaml", "the working directory")
    assert cli("validate", "alias.yaml").exit_code == 0
    # A file named outright, by its own path, is read wherever it is.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(PROFILE, elsewhere / "p.yaml")
    assert cli("validate", str(elsewhere / "p.yaml")).exit_code == 0


def test_a_message_echoes_at_most_40_characters_of_a_key_or_value(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    long = SECRET * 3
    text = (f"version: 1\n{long}: 1\nanswers: {{{long}: 2}}\npriorities: {{{long}: 3}}\n"
            f"decision: {long}\nhome: {{country: {long}, timezone: {long}}}\nname: [{long}]\n")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "scalar.yaml").write_text(f"{long}\n", encoding="utf-8")
    (tmp_path / "padded.yaml").write_text(f"version: 1\nname: 0{'7' * 500}\n", encoding="utf-8")
    run = cli("validate", "p.yaml", "scalar.yaml", "padded.yaml")
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert len(lines) >= 8
    for line in lines:
        assert SECRET[:41] not in line and "7" * 41 not in line, line
    assert f"unknown key '{long[:40]}…' ({len(long):,} characters)" in run.stderr
    assert f"unknown question '{long[:40]}…' ({len(long):,} characters)" in run.stderr


def test_an_echoed_key_is_escaped(tmp_path: Path, cli: Callable[..., Run],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text('version: 1\n"\\e]52;c;aGk=\\a": 1\n', encoding="utf-8")
    run = cli("validate", "p.yaml")
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "unknown key '\\x1b]52;c;aGk=\\x07'" in run.stderr
