"""The `sourcing` process runs with the cyclic garbage collector off (`sourcing_cli.cli.launch`).

That is safe only because what the tool builds holds no reference cycle: reference counting frees
it all. These tests hold both halves: the command's own process runs no collection, and a run
over many profiles, workstreams or vendors leaves no more unreachable objects than a run over a
few — so memory cannot grow with the input while the collector is off. A change that makes a
cycle per profile (an exception kept with its traceback, a parent link) fails here.
"""

from __future__ import annotations

import gc
import os
import runpy
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sourcing_cli.catalog import load_catalog
from sourcing_cli.cli import launch
from tests.generate import write_repo, write_vendor_portfolio, write_workstreams
from tests.helpers import EXAMPLES, ROOT, Run

# Runs ``sourcing ARGS`` through ENTRY in this process, saying on stderr that it started and then
# each collection as it starts (the entry may end the process without returning); the command's
# own output goes to the null device.
COUNTING = """
import gc, os, sys
from {module} import {function} as entry
gc.callbacks.append(lambda phase, info: phase == "start" and os.write(2, b"collection\\n"))
sys.argv = ["sourcing", *sys.argv[1:]]
os.write(2, b"started\\n")
entry()
"""


# Runs ``sourcing ARGS`` with the collector off, then collects once and prints on stderr how many
# unreachable objects the whole run left behind.
LEFT_BEHIND = """
import gc, os, sys
gc.disable()
from sourcing_cli.cli.app import main
sys.argv = ["sourcing", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
os.write(2, f"unreachable={gc.collect()}\\n".encode())
"""


def _python(program: str, args: list[str], cwd: Path) -> str:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", program, *args], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    return done.stderr


def _figure(stderr: str, name: str) -> int:
    lines = [line for line in stderr.splitlines() if line.startswith(f"{name}=")]
    assert lines, stderr
    return int(lines[-1].split("=", 1)[1])


ASSESS = ["assess", str(EXAMPLES / "engineering-captive.yaml"), "--as-of", "2026-03-01"]


def test_the_command_s_own_process_runs_no_cyclic_collection(tmp_path: Path) -> None:
    through_launch = _python(
        COUNTING.format(module="sourcing_cli.cli.launch", function="script"), ASSESS, tmp_path)
    assert "started" in through_launch.splitlines()
    assert through_launch.splitlines().count("collection") == 0
    # without the entry, the same run collects: the count above measures something
    plain = _python(COUNTING.format(module="sourcing_cli.cli.app", function="main"), ASSESS,
                    tmp_path)
    assert "started" in plain.splitlines()
    assert plain.splitlines().count("collection") > 0


def test_every_way_in_goes_through_the_launch() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "sourcing"]
    assert script.value == "sourcing_cli.cli.launch:script"
    ran = runpy.run_module("sourcing_cli.__main__", run_name="__mp_main__")  # defined, not run
    assert ran["script"] is launch.script


def test_importing_the_package_leaves_the_collector_alone(tmp_path: Path) -> None:
    program = ("import gc, sourcing_cli, sourcing_cli.cli.launch, sourcing_cli.__main__, "
               "sourcing_cli.cli.app\nprint(gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == "True"


def _left_behind(args: list[str], cwd: Path) -> int:
    return _figure(_python(LEFT_BEHIND, args, cwd), "unreachable")


# A few dozen unreachable objects of difference at most: what the libraries leave at start-up
# varies a little with the path a run takes, never with how many items it goes through.
SLACK = 40


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_checking_many_profiles_leaves_no_more_garbage_than_a_few(tmp_path: Path,
                                                                   fmt: str) -> None:
    catalog = load_catalog()
    few, many = tmp_path / "few", tmp_path / "many"
    write_repo(few, catalog, 12)  # one of them broken (one in fifty, from the eighth)
    write_repo(many, catalog, 260)  # six broken
    args = ["check", "--jobs", "1", "--format", fmt, "--as-of", "2026-03-01"]
    small, large = _left_behind(args, few), _left_behind(args, many)
    assert large <= small + SLACK, (small, large)


def test_many_workstreams_and_vendors_leave_no_more_garbage_than_a_few(tmp_path: Path) -> None:
    catalog = load_catalog()
    write_workstreams(tmp_path / "few.yaml", catalog, 4)
    write_workstreams(tmp_path / "many.yaml", catalog, 150)
    write_vendor_portfolio(tmp_path / "few-vendors.yaml", catalog, 3, 4)
    write_vendor_portfolio(tmp_path / "many-vendors.yaml", catalog, 30, 120)
    for fmt in ("json", "table"):
        for small_file, large_file in (("few.yaml", "many.yaml"),
                                       ("few-vendors.yaml", "many-vendors.yaml")):
            args = ["--format", fmt, "--as-of", "2026-03-01"]
            small = _left_behind(["assess", small_file, *args], tmp_path)
            large = _left_behind(["assess", large_file, *args], tmp_path)
            assert large <= small + SLACK, (fmt, small_file, small, large)


def test_the_interview_turns_the_collector_back_on(tmp_path: Path,
                                                   cli: Callable[..., Run]) -> None:
    gc.disable()
    try:
        result = cli("interview", "-o", str(tmp_path / "p.yaml"))
        assert result.exit_code == 2  # no terminal here: it stops at once, the collector on
        assert gc.isenabled()
    finally:
        gc.enable()
