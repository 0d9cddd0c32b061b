"""Nothing the tool writes is ever left half-written, and nothing is replaced unless asked.

A real process is killed (SIGKILL, no chance to clean up) in the middle of writing its output —
at a point it announces itself, so the kill lands there every time — and the target is then
either absent (it was new) or exactly what it was (``--force`` over an old file), never partial.
A second test kills a real ``check -o`` over 1,500 profiles as soon as its temporary file appears.
In-process, failing writes leave no temporary file behind; the GitHub step summary is appended in
a single ``write``; and every writing command refuses to replace a file without ``--force``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli import fsutil
from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import UsageError
from tests.generate import write_repo
from tests.helpers import EXAMPLES, ROOT, Run

QA = str(EXAMPLES / "qa-nearshore.yaml")
DIFF = ROOT / "tests" / "cases" / "diff"
# Runs the CLI with the write stopped at a chosen point: it says "paused" on stderr and waits.
PAUSING = """
import os, sys, time
point = os.environ["PAUSE_AT"]
real_fdopen, real_link, real_replace = os.fdopen, os.link, os.replace

def pause():
    sys.stderr.write("paused\\n"); sys.stderr.flush(); time.sleep(600)

class HalfWriter:
    def __init__(self, fh): self.fh = fh
    def __enter__(self): return self
    def __exit__(self, *exc): return self.fh.__exit__(*exc)
    def write(self, text):
        self.fh.write(text[: len(text) // 2]); self.fh.flush(); pause()
    def __getattr__(self, name): return getattr(self.fh, name)

def fdopen(fd, *args, **kwargs):
    fh = real_fdopen(fd, *args, **kwargs)
    return HalfWriter(fh) if point == "write" and "w" in (args[0] if args else "r") else fh

def before(real):
    def wrapped(*args, **kwargs):
        pause()
        return real(*args, **kwargs)
    return wrapped

os.fdopen = fdopen
if point == "move":
    os.link, os.replace = before(real_link), before(real_replace)
from sourcing_cli.cli.app import main
sys.argv = ["sourcing", *sys.argv[1:]]
main()
"""


def killed_at(point: str, args: list[str], cwd: Path) -> None:
    """Run ``sourcing ARGS``, let it reach ``point`` of its write, and SIGKILL it there."""
    proc = subprocess.Popen([sys.executable, "-c", PAUSING, *args], cwd=cwd, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PAUSE_AT": point, "PYTHONPATH": str(ROOT)})
    assert proc.stderr is not None
    try:
        line = proc.stderr.readline()
        assert line == "paused\n", line + proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("point", ["write", "move"])
@pytest.mark.parametrize("existing", [False, True], ids=["new", "forced-over-old"])
def test_killed_mid_write_the_target_is_absent_or_untouched(
    point: str, existing: bool, tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    args = ["assess", QA, "--format", "json", "--as-of", "2026-03-01", "-o", str(target)]
    if existing:
        target.write_text("old report\n")
        args.append("--force")
    killed_at(point, args, tmp_path)
    if existing:
        assert target.read_text() == "old report\n"
    else:
        assert not target.exists()
    # A leftover temporary file is hidden and never mistaken for the target; the next run works.
    assert all(name.startswith(".report.json.") for name in leftovers(tmp_path))
    done = subprocess.run([sys.executable, "-m", "sourcing_cli", *args, "--force"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text())["schema_version"] == 1


@pytest.mark.slow
def test_killed_at_any_moment_a_large_check_report_is_absent_or_complete(
    tmp_path: Path, catalog: Catalog
) -> None:
    repo = tmp_path / "repo"
    write_repo(repo, catalog, 1500)
    (repo / ".git").mkdir()
    args = [sys.executable, "-m", "sourcing_cli", "check", "-f", "json", "--as-of", "2026-03-01",
            "-o", "out.json"]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    complete = subprocess.run(args, cwd=repo, capture_output=True, check=False, env=env)
    assert complete.returncode == 1
    expected = (repo / "out.json").read_bytes()
    assert len(expected) > 500_000
    for attempt in range(3):
        (repo / "out.json").unlink(missing_ok=True)
        for name in leftovers(repo):
            (repo / name).unlink()
        proc = subprocess.Popen(args, cwd=repo, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
        while proc.poll() is None and not leftovers(repo):
            time.sleep(0.0005)  # poll for the temporary file: the write has begun
        proc.send_signal(signal.SIGKILL) if proc.poll() is None else None
        proc.wait()
        target = repo / "out.json"
        assert not target.exists() or target.read_bytes() == expected, f"attempt {attempt}"


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, text: str) -> None:
            self.fh.write(text[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Failing(real_fdopen(fd, *a, **k)))
    with pytest.raises(UsageError, match=r"out.md: cannot write: No space left on device$"):
        fsutil.atomic_write(target, "x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_move_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("old\n")

    def failing(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(UsageError, match="cannot write: Input/output error"):
        fsutil.atomic_write(target, "new\n", replace=True)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    real_link = os.link

    def someone_else_first(src: str, dst: str) -> None:
        Path(dst).write_text("theirs\n")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", someone_else_first)
    with pytest.raises(UsageError, match="already exists; pass --force"):
        fsutil.atomic_write(target, "mine\n")
    assert target.read_text() == "theirs\n"


def test_a_device_is_written_into_never_replaced(tmp_path: Path, cli: Callable[..., Run]) -> None:
    run = cli("assess", QA, "--format", "json", "-o", os.devnull)
    assert run.exit_code == 0 and run.stderr == f"wrote {os.devnull}\n"
    assert Path(os.devnull).is_char_device()


def test_the_step_summary_is_one_append(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    writes: list[bytes] = []
    real_write = os.write

    def recording(fd: int, data: Any) -> int:
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", recording)
    block = "## sourcing check\n" + "| row |\n" * 5000
    fsutil.append_block(summary, block)
    assert writes == [block.encode()]
    assert summary.read_text() == "earlier step\n" + block


def test_a_short_write_is_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data)[:7]))
    fsutil.append_block(summary, "a block longer than seven bytes\n")
    assert summary.read_text() == "a block longer than seven bytes\n"


@pytest.mark.parametrize("command", [
    ["init", "{target}"],
    ["init", "--policy", "{target}"],
    ["assess", QA, "-o", "{target}"],
    ["assess", QA, "--export", "{target}.svg"],
    ["check", "--policy", str(EXAMPLES / "policy-repo" / ".sourcing-policy.yaml"), "-f", "json",
     "-o", "{target}"],
    ["check", "--policy", str(EXAMPLES / "policy-repo" / ".sourcing-policy.yaml"), "-o", "{target}"],
    ["diff", str(DIFF / "old.yaml"), str(DIFF / "new.yaml"), "-o", "{target}"],
], ids=["init", "init-policy", "assess-output", "assess-export", "check-output", "check-text",
        "diff-output"])
def test_no_command_replaces_a_file_without_force(
    command: list[str], tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES / "policy-repo")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    target = tmp_path / "mine"
    args = [a.format(target=target) for a in command]
    written = Path(args[-1])
    written.write_text("mine\n")
    run = cli(*args, "--as-of", "2026-11-24") if command[0] != "init" else cli(*args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"error: {written}: already exists; pass --force to replace it\n"
    assert written.read_text() == "mine\n"
    forced = cli(*args, "--force", "--as-of", "2026-11-24") if command[0] != "init" else cli(
        *args, "--force")
    assert forced.exit_code in (0, 1), forced.stderr
    assert written.read_text() != "mine\n"


@pytest.mark.parametrize("command", [
    ["init", "{target}", "--criteria", "{missing}"],
    ["init", "--policy", "{target}", "--criteria", "{missing}"],
    ["assess", "{missing}", "-o", "{target}"],
    ["assess", "{missing}", "--export", "{target}.html"],
    ["assess", "{missing}", "-f", "json", "--export", "{target}.svg"],
    ["check", "--policy", "{missing}", "-o", "{target}"],
    ["diff", "{missing}", "{missing}", "-o", "{target}"],
], ids=["init", "init-policy", "assess-output", "assess-export", "assess-json-export", "check",
        "diff"])
def test_an_existing_output_is_refused_before_anything_is_read(
    command: list[str], tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """The refusal comes first: the missing input named in the command is never even opened."""
    args = [a.format(target=tmp_path / "mine", missing=tmp_path / "missing") for a in command]
    written = Path(next(a for a in args if a.startswith(str(tmp_path / "mine"))))
    written.write_text("mine\n")
    run = cli(*args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"error: {written}: already exists; pass --force to replace it\n"
    assert written.read_text() == "mine\n"
