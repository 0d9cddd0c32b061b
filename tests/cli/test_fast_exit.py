"""The command ends without the interpreter's teardown only when nothing is lost by it.

``python -m sourcing_cli`` and the ``sourcing`` script end through :func:`sourcing_cli.stdio.leave`:
the same output, to the last byte, and the same exit code as the ordinary exit — and the ordinary
exit whenever an ``atexit`` callback or another thread is there, or the code is a message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generate import POLICY
from tests.helpers import EXAMPLES, ROOT

ORDINARY = "import sys; from sourcing_cli.cli.app import main; sys.argv[0] = 'sourcing'; main()"


def sourcing(args: list[str], cwd: Path, *, fast: bool) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "sourcing_cli"] if fast else [sys.executable, "-c", ORDINARY]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, env=env, check=False)


@pytest.mark.parametrize("args", [
    ["assess", str(EXAMPLES / "hybrid-portfolio.yaml"), "--format", "json", "--as-of", "2026-03-01"],
    ["assess", str(EXAMPLES / "qa-nearshore.yaml"), "--as-of", "2026-03-01"],
    ["assess", "missing.yaml"],
    ["check", "--format", "json", "--as-of", "2026-03-01"],
    ["check", "--as-of", "2026-03-01"],
    ["--version"],
])
def test_the_fast_exit_gives_the_ordinary_exit_s_output_and_code(args: list[str], tmp_path: Path) -> None:
    (tmp_path / ".sourcing-policy.yaml").write_text(POLICY, encoding="utf-8")
    team = tmp_path / "sourcing" / "team-00"
    team.mkdir(parents=True)
    (team / "qa.yaml").write_bytes((EXAMPLES / "qa-nearshore.yaml").read_bytes())
    fast, ordinary = sourcing(args, tmp_path, fast=True), sourcing(args, tmp_path, fast=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        ordinary.returncode, ordinary.stdout, ordinary.stderr)
    assert fast.stdout or fast.stderr


def leaving(prelude: str, code: str) -> subprocess.CompletedProcess[str]:
    program = ("import sys\nfrom sourcing_cli.stdio import leave\n" + prelude
               + "\nsys.stdout.write('unflushed')\n" + f"leave({code})\n")
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)


@pytest.mark.parametrize(("code", "status"), [("None", 0), ("0", 0), ("1", 1), ("2", 2),
                                              ("-1", 255), ("256", 0), ("True", 1)])
def test_leave_keeps_the_exit_code_and_flushes_the_streams(code: str, status: int) -> None:
    out = leaving("", code)
    assert (out.returncode, out.stdout) == (status, "unflushed")


def test_leave_runs_atexit_callbacks_and_waits_for_threads() -> None:
    registered = leaving("import atexit\natexit.register(print, ' and atexit ran')", "3")
    assert (registered.returncode, registered.stdout) == (3, "unflushed and atexit ran\n")
    threaded = leaving("import threading, time\n"
                       "threading.Thread(target=lambda: (time.sleep(0.2), print(' thread'))).start()",
                       "4")
    assert (threaded.returncode, threaded.stdout) == (4, "unflushed thread\n")


def test_leave_with_a_message_is_the_ordinary_exit() -> None:
    out = leaving("", "'something went wrong'")
    assert (out.returncode, out.stdout, out.stderr) == (1, "unflushed", "something went wrong\n")


def test_leave_skips_the_teardown_when_nothing_needs_it() -> None:
    """An object's finaliser runs at teardown: after ``leave`` it never does; after ``sys.exit``
    (the same program otherwise) it does — so the fast exit is really taken."""
    finaliser = ("class Torn:\n    def __del__(self) -> None:\n        print(' torn down')\n"
                 "kept = Torn()")
    assert leaving(finaliser, "0").stdout == "unflushed"
    ordinary = leaving(finaliser + "\nleave = sys.exit", "0")
    assert ordinary.stdout == "unflushed torn down\n"
