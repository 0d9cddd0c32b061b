"""Files the tool writes get the user's umask, as any program's output does; a file replaced with
``--force`` keeps its own mode. (The atomic write goes through ``mkstemp``, which makes 0600.)"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sourcing_cli.fsutil import atomic_write
from tests.helpers import EXAMPLES, Run

QA = str(EXAMPLES / "qa-nearshore.yaml")
DIFF = EXAMPLES.parent / "tests" / "cases" / "diff"
POLICY = str(EXAMPLES / "policy-repo" / ".sourcing-policy.yaml")
COMMANDS = {
    "init": ["init", "{target}"],
    "init-policy": ["init", "--policy", "{target}"],
    "assess-output": ["assess", QA, "-o", "{target}", "--as-of", "2026-03-01"],
    "assess-export": ["assess", QA, "--export", "{target}.svg", "--as-of", "2026-03-01"],
    "check-output": ["check", "--policy", POLICY, "-f", "json", "-o", "{target}", "--as-of",
                     "2026-03-01"],
    "diff-output": ["diff", str(DIFF / "old.yaml"), str(DIFF / "new.yaml"), "-o", "{target}"],
}


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o027])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_new_file_gets_the_mode_the_umask_gives(
    name: str, mask: int, tmp_path: Path, cli: Callable[..., Run], umask: Callable[[int], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    args = [a.format(target=tmp_path / "out") for a in COMMANDS[name]]
    written = Path(next(a for a in args if a.startswith(str(tmp_path))))
    umask(mask)
    run = cli(*args)
    assert run.exit_code in (0, 1), run.stderr
    assert mode(written) == 0o666 & ~mask


@pytest.mark.parametrize("mask", [0o022, 0o027])
@pytest.mark.parametrize("existing", [0o644, 0o600, 0o664])
@pytest.mark.parametrize("name", ["assess-output", "assess-export", "init", "diff-output"])
def test_a_file_replaced_with_force_keeps_its_mode(
    name: str, existing: int, mask: int, tmp_path: Path, cli: Callable[..., Run],
    umask: Callable[[int], int],
) -> None:
    args = [a.format(target=tmp_path / "out") for a in COMMANDS[name]]
    written = Path(next(a for a in args if a.startswith(str(tmp_path))))
    written.write_text("old\n")
    written.chmod(existing)
    umask(mask)
    run = cli(*args, "--force")
    assert run.exit_code == 0, run.stderr
    assert written.read_text() != "old\n"
    assert mode(written) == existing


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_atomic_write_modes(mask: int, tmp_path: Path, umask: Callable[[int], int]) -> None:
    umask(mask)
    new = tmp_path / "new.txt"
    atomic_write(new, "a\n")
    assert mode(new) == 0o666 & ~mask
    new.chmod(0o640)
    atomic_write(new, "b\n", replace=True)
    assert (mode(new), new.read_text()) == (0o640, "b\n")
