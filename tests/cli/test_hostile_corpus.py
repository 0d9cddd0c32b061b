"""The hostile-input corpus: every file exits with its exact code and prints exactly its lines.

``tests/cases/hostile/{profile,policy,catalog}/NAME.yaml`` are the inputs and ``NAME.err`` the
exact standard error each must produce (a case whose code is not 2 is listed in ``EXIT``):

* a **profile** is assessed: ``sourcing assess NAME.yaml --format json``;
* a **policy** is enforced on a one-profile repository: ``sourcing check`` with it as
  ``.sourcing-policy.yaml``;
* a **catalog** file goes into a copy of the built-in catalog — ``cost--NAME`` in place of
  ``cost.yaml``, ``extra--NAME`` beside the others as ``extra.yaml`` — and the copy is used with
  ``--criteria``.

What cannot be committed — a 20 MB file, 50,000 levels of nesting, a directory, a pipe — is made
at run time (``GENERATED``). Every case runs under a 10-second alarm that fails it as a hang (a
guard, not a speed test). Regenerate the golden files after a deliberate change of wording with
``SOURCING_UPDATE_HOSTILE=1 python -m pytest tests/cli/test_hostile_corpus.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.guards import hang_guard, parser_wording_free
from tests.helpers import EXAMPLES, ROOT, Run, copy_catalog

CORPUS = ROOT / "tests" / "cases" / "hostile"
AS_OF = "2026-03-01"
HANG_SECONDS = 10
# Cases that do not exit 2: the tool accepts them (or, for a policy, checks and passes).
EXIT = {
    "profile/utf8-bom": 0, "profile/utf16-bom": 0, "profile/crlf-line-endings": 0,
    "policy/glob-backtracking": 0, "policy/glob-posix-class": 0, "policy/glob-regex-set-syntax": 0,
}
UPDATE = bool(os.environ.get("SOURCING_UPDATE_HOSTILE"))


def cases() -> list[Path]:
    return sorted(CORPUS.glob("*/*.yaml"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(autouse=True)
def hang_guard_fixture() -> Iterator[None]:
    with hang_guard(HANG_SECONDS, f"no answer within {HANG_SECONDS} s: the input made the tool hang"):
        yield


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def one_profile_repo(where: Path) -> Path:
    repo = where / "repo"
    (repo / "sourcing").mkdir(parents=True)
    (repo / ".git").mkdir()
    shutil.copy(EXAMPLES / "policy-repo" / "sourcing" / "qa-testing.yaml",
                repo / "sourcing" / "qa.yaml")
    return repo


def run_case(path: Path, cli: Callable[..., Run], sandbox: Path,
             monkeypatch: pytest.MonkeyPatch) -> Run:
    kind = path.parent.name
    if kind == "profile":
        monkeypatch.chdir(ROOT)
        return cli("assess", path.relative_to(ROOT).as_posix(), "--format", "json", "--as-of",
                   AS_OF)
    if kind == "policy":
        repo = one_profile_repo(sandbox)
        shutil.copy(path, repo / ".sourcing-policy.yaml")
        monkeypatch.chdir(repo)
        return cli("check", "--format", "json", "--as-of", AS_OF)
    target = copy_catalog(sandbox / "cat")
    into, _, _ = path.stem.partition("--")
    shutil.copy(path, target / f"{into}.yaml")
    return cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--criteria", "cat",
               "--format", "json", "--as-of", AS_OF)


def check_outcome(run: Run, code: int, expected_err: str) -> None:
    assert "Traceback" not in run.stderr
    assert run.exit_code == code, run.stderr
    assert parser_wording_free(run.stderr) == parser_wording_free(expected_err)
    if code == 2:
        assert run.stdout == ""
    else:
        json.loads(run.stdout)


@pytest.mark.parametrize("path", cases(), ids=case_id)
def test_corpus_case(path: Path, cli: Callable[..., Run], sandbox: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_case(path, cli, sandbox, monkeypatch)
    golden = path.with_suffix(".err")
    if UPDATE:
        golden.write_text(run.stderr, encoding="utf-8")
    check_outcome(run, EXIT.get(case_id(path), 2), golden.read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_covers_every_kind_of_file() -> None:
    found = cases()
    assert len(found) >= 30
    assert {p.parent.name for p in found} == {"profile", "policy", "catalog"}
    assert all(p.with_suffix(".err").exists() for p in found)
    assert set(EXIT) <= {case_id(p) for p in found}


# ---- generated at run time ---------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """A case made in a temporary folder: ``make(folder)`` returns the argument to pass."""

    kind: str  # profile | policy
    make: Callable[[Path], str]
    err: str


def deep_flow(folder: Path) -> str:
    depth = 50_000
    (folder / "deep.yaml").write_text("version: 1\nname: " + "[" * depth + "]" * depth + "\n")
    return "deep.yaml"


def deep_map(folder: Path) -> str:
    depth = 50_000
    (folder / "deep.yaml").write_text("version: 1\nname: " + "{a: " * depth + "1" + "}" * depth)
    return "deep.yaml"


def twenty_mb(folder: Path) -> str:
    with (folder / "big.yaml").open("w", encoding="utf-8") as fh:
        fh.write("version: 1\nname: Big\n")
        line = "# " + "x" * 98 + "\n"
        fh.write(line * (20 * 1024 * 1024 // len(line)))
    return "big.yaml"


def just_over_the_limit(folder: Path) -> str:
    from sourcing_cli.yamlio import MAX_BYTES

    (folder / "big.yaml").write_bytes(b"version: 1\n" + b"#" * (MAX_BYTES - 10))
    return "big.yaml"


def directory(folder: Path) -> str:
    (folder / "profile.yaml").mkdir()
    return "profile.yaml"


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "profile.yaml")
    return "profile.yaml"


def missing(folder: Path) -> str:
    return "nowhere.yaml"


def dangling(folder: Path) -> str:
    (folder / "profile.yaml").symlink_to("nowhere.yaml")
    return "profile.yaml"


LIMIT = "(see docs/limits.md)"
GENERATED = {
    "profile-nesting-50000-flow": Generated("profile", deep_flow, (
        f"deep.yaml:2:70: error: nesting deeper than 64 levels; the limit is 64 {LIMIT}\n")),
    "profile-nesting-50000-mappings": Generated("profile", deep_map, (
        f"deep.yaml:2:259: error: nesting deeper than 64 levels; the limit is 64 {LIMIT}\n")),
    "profile-20-mb": Generated("profile", twenty_mb, (
        "big.yaml:1:1: error: file is 20.0 MiB; the limit is 4 MiB for any file this tool reads "
        f"{LIMIT}\n")),
    "profile-one-byte-over-4-mib": Generated("profile", just_over_the_limit, (
        "big.yaml:1:1: error: file is 4.0 MiB; the limit is 4 MiB for any file this tool reads "
        f"{LIMIT}\n")),
    "profile-directory": Generated("profile", directory,
                                   "profile.yaml:1:1: error: is a directory; give a YAML file\n"),
    "profile-fifo": Generated("profile", fifo, (
        "profile.yaml:1:1: error: is not a regular file (a pipe or device?); give a YAML file\n")),
    "profile-missing": Generated("profile", missing,
                                 "nowhere.yaml:1:1: error: no such file; check the path\n"),
    "profile-dangling-link": Generated("profile", dangling,
                                       "profile.yaml:1:1: error: no such file; check the path\n"),
    "policy-nesting-50000": Generated("policy", deep_flow, (
        f"deep.yaml:2:70: error: nesting deeper than 64 levels; the limit is 64 {LIMIT}\n")),
    "policy-20-mb": Generated("policy", twenty_mb, (
        "big.yaml:1:1: error: file is 20.0 MiB; the limit is 4 MiB for any file this tool reads "
        f"{LIMIT}\n")),
    "policy-directory": Generated("policy", directory,
                                  "profile.yaml:1:1: error: is a directory; give a YAML file\n"),
    "policy-fifo": Generated("policy", fifo, (
        "profile.yaml:1:1: error: is not a regular file (a pipe or device?); give a YAML file\n")),
}


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_case(name: str, cli: Callable[..., Run], sandbox: Path) -> None:
    case = GENERATED[name]
    argument = case.make(sandbox)
    if case.kind == "profile":
        run = cli("assess", argument, "--format", "json", "--as-of", AS_OF)
    else:
        one_profile_repo(sandbox)
        run = cli("check", "--policy", argument, "--format", "json", "--as-of", AS_OF)
    check_outcome(run, 2, case.err)


def test_a_pipe_in_the_catalog_folder_is_reported(cli: Callable[..., Run], sandbox: Path) -> None:
    target = copy_catalog(sandbox / "cat")
    os.mkfifo(target / "pipe.yaml")
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--criteria", "cat")
    check_outcome(run, 2, "cat/pipe.yaml:1:1: error: is not a regular file (a pipe or device?); "
                          "give a YAML file\n")


def test_a_folder_named_like_a_catalog_file_is_reported(cli: Callable[..., Run],
                                                        sandbox: Path) -> None:
    """Skipping it would score on eight criteria without a word."""
    target = copy_catalog(sandbox / "cat")
    (target / "cost.yaml").unlink()
    (target / "cost.yaml").mkdir()
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--criteria", "cat")
    check_outcome(run, 2, "cat/cost.yaml:1:1: error: is a directory; give a YAML file\n")


@pytest.mark.slow
def test_a_real_process_survives_every_profile_in_the_corpus(tmp_path: Path) -> None:
    """``validate`` over the whole profile corpus (and generated deep and huge files) in a real
    process: no traceback, no crash of the C parser, an answer within the time bound."""
    deep_flow(tmp_path)
    twenty_mb(tmp_path)
    fifo(tmp_path)
    profiles = [str(p) for p in sorted((CORPUS / "profile").glob("*.yaml"))]
    extra = [str(tmp_path / name) for name in ("deep.yaml", "big.yaml", "profile.yaml")]
    out = subprocess.run([sys.executable, "-m", "sourcing_cli", "validate", *profiles, *extra],
                         capture_output=True, text=True, timeout=HANG_SECONDS * 3, check=False)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    invalid = len(profiles) + len(extra) - sum(code == 0 for code in (
        EXIT.get(f"profile/{Path(p).stem}", 2) for p in profiles))
    assert out.stderr.splitlines()[-1] == f"{invalid} of {len(profiles) + 3} file(s) invalid"
