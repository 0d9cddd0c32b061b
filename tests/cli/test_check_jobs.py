"""``sourcing check --jobs N``: the profiles checked in worker processes give the report one process
gives, byte for byte, in every format; a worker that dies or fails ends the run with one line;
Ctrl-C stops every worker; ``--jobs`` is checked; the automatic choice is one process for a small
repository."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli import check_workers
from sourcing_cli.catalog import Catalog
from tests.generate import write_repo, write_workstreams
from tests.helpers import Run

COUNT = 320  # at least check_workers.AUTO_MIN_PROFILES: the automatic choice starts workers
AS_OF = ("--as-of", "2026-03-01")
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="fork and /proc: Linux")

MORE_WAIVERS = """\
  - rule: require_decision
    profile: "sourcing/team-01/*.yaml"
    reason: team 01 decides in March
    owner: ops@example.com
    expires: 2026-03-10
  - rule: min_decision_score
    profile: "sourcing/team-02/*.yaml"
    reason: expired before the check
    owner: ops@example.com
    expires: 2026-01-10
  - rule: certifications
    profile: "sourcing/team-03/profile-0003.yaml"
    reason: matches nothing
    owner: ops@example.com
    expires: 2026-12-10
waiver_rules: {warn_before_days: 30}
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    """Generated profiles (one in fifty broken), waivers active, expiring, expired and unused,
    decisions too old, and profiles that are links (out of the repository, dangling, inside), a
    pipe, an empty file, bytes that are not UTF-8 and a name that is not."""
    root = tmp_path_factory.mktemp("jobs") / "repo"
    write_repo(root, catalog, COUNT)
    (root / ".git").mkdir()
    policy = root / ".sourcing-policy.yaml"
    text = policy.read_text(encoding="utf-8").replace(
        "  certifications: {min_days_valid: 30}\n",
        "  certifications: {min_days_valid: 30}\n  max_decision_age_days: 400\n")
    policy.write_text(text + MORE_WAIVERS, encoding="utf-8")
    profiles = root / "sourcing"
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.yaml"
    outside.write_text("version: 1\nname: elsewhere\n", encoding="utf-8")
    (profiles / "team-05" / "outside.yaml").symlink_to(outside)
    (profiles / "team-06" / "dangling.yaml").symlink_to("nowhere.yaml")
    (profiles / "team-09" / "inside.yaml").symlink_to("profile-0009.yaml")
    (profiles / "team-10" / "empty.yaml").write_text("", encoding="utf-8")
    os.mkfifo(profiles / "team-12" / "pipe.yaml")
    with open(os.fsencode(profiles / "team-15") + b"/caf\xe9.yaml", "wb") as latin1:
        latin1.write(b"version: 1\nname: not UTF-8\n")
    (profiles / "team-13" / "binary.yaml").write_bytes(b"\xff\xfe\x00not yaml")
    (profiles / "team-14" / "dated.yaml").write_text(
        "version: 1\nname: dated\nanswers: {function: qa_testing}\ndecision: in_house\n"
        "decided: 2024-01-01\nreview_by: 2025-01-01\n", encoding="utf-8")
    return root


@pytest.fixture
def in_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def _outputs(cli: Callable[..., Run], target: Path, jobs: str, *args: str,
             monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Everything one run writes: stdout, stderr, exit code, each --report file and the step
    summary (Markdown)."""
    target.mkdir()
    summary = target / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    reports = [f"{fmt}={target / fmt}" for fmt in ("json", "sarif", "junit", "github", "text")]
    run = cli("check", *AS_OF, "--jobs", jobs, *args,
              *(arg for report in reports for arg in ("--report", report)))
    files = {path.name: path.read_bytes() for path in sorted(target.iterdir())}
    return {"exit": run.exit_code, "stdout": run.stdout,
            "stderr": run.stderr.replace(str(target), "OUT"), **files}


@linux_only
@pytest.mark.parametrize("args", [
    pytest.param((), id="plain"),
    pytest.param(("--fail-on", "warning", "-f", "json"), id="fail-on-warning"),
    pytest.param(("-f", "sarif", "--as-of", "2026-06-25"), id="waivers-expiring"),
    pytest.param(("-f", "junit", "sourcing/team-01", "sourcing/team-07"), id="paths"),
])
def test_two_workers_give_the_one_process_report_byte_for_byte(
    in_repo: Path, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    one = _outputs(cli, tmp_path / "one", "1", *args, monkeypatch=monkeypatch)
    two = _outputs(cli, tmp_path / "two", "2", *args, monkeypatch=monkeypatch)
    assert one == two
    assert one["exit"] == 1
    data = json.loads(one["json"])
    rules = {f["rule"] for f in data["findings"]}
    assert {"valid_profile", "require_decision", "unused_waiver",
            "max_decision_age_days"} <= rules or args[-1] == "sourcing/team-07"
    if not args:
        assert data["profiles_checked"] == COUNT + 8
        assert {"expiring_waiver", "review_overdue", "forbid/ip-stays-home"} <= rules
        assert any(f["waived"] for f in data["findings"])
        assert any("expired on 2026-01-10" in f["message"] for f in data["findings"])
        shown = one["stdout"]
        for name in ("outside.yaml", "dangling.yaml", "pipe.yaml", "caf\\xe9.yaml", "binary.yaml"):
            assert name in shown


@linux_only
def test_baselines_written_and_applied_alike(
    in_repo: Path, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:
    known = tmp_path / "known.json"
    assert cli("check", "--as-of", "2026-01-01", "--jobs", "2", "-f", "json",
               "--write-baseline", str(known)).exit_code == 1  # the invalid profiles still fail
    reference = tmp_path / "reference.json"
    cli("check", "--as-of", "2026-01-01", "--jobs", "1", "-f", "json",
        "--write-baseline", str(reference))
    assert known.read_bytes() == reference.read_bytes()
    data = json.loads(known.read_text(encoding="utf-8"))
    data["findings"].append({"rule": "require_decision", "profile": "sourcing/gone.yaml",
                             "fingerprint": "0" * 64, "message": "fixed since"})
    known.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    one = _outputs(cli, tmp_path / "one", "1", "--baseline", str(known), monkeypatch=monkeypatch)
    two = _outputs(cli, tmp_path / "two", "2", "--baseline", str(known), monkeypatch=monkeypatch)
    assert one == two
    findings = json.loads(one["json"])["findings"]
    assert any(f["baselined"] for f in findings)
    assert any(f["rule"] == "stale_baseline" for f in findings)


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers made by fork, so that what a test patches in this process is in them too."""
    monkeypatch.setattr(check_workers, "start_method", lambda: "fork")


@linux_only
def test_a_killed_worker_ends_the_run_with_one_line_and_exit_70(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, forked: None,
) -> None:
    from sourcing_cli.check import check_profile as real

    def dies(*args: Any, **kwargs: Any) -> Any:
        if args[2].path.endswith("profile-0000.yaml"):  # the first chunk: always a worker's
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    monkeypatch.setattr("sourcing_cli.check_workers.check_profile", dies)
    run = cli("check", *AS_OF, "--jobs", "2", "-f", "json")
    assert run.exit_code == 70
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("internal error: WorkerFailed: a check worker process ended")
    assert "--jobs 1" in run.stderr
    assert multiprocessing.active_children() == []


@linux_only
def test_a_worker_that_raises_ends_the_run_as_the_one_process_run_does(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, forked: None,
) -> None:
    def fails(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a bug in a rule")

    monkeypatch.setattr("sourcing_cli.check_workers.check_profile", fails)
    run = cli("check", *AS_OF, "--jobs", "2")
    assert run.exit_code == 70
    assert run.stderr == ("internal error: ValueError: a bug in a rule — please report it (rerun "
                          "with --debug for the traceback)\n")
    assert multiprocessing.active_children() == []


@linux_only
def test_ctrl_c_while_workers_run_stops_them_and_exits_130(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, forked: None,
) -> None:
    def stuck(*args: Any, **kwargs: Any) -> Any:
        time.sleep(60)

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sourcing_cli.check_workers.check_profile", stuck)
    previous = signal.signal(signal.SIGALRM, interrupt)  # Ctrl-C, in this process only
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    start = time.monotonic()
    try:
        run = cli("check", *AS_OF, "--jobs", "2")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert run.exit_code == 130
    assert run.stderr == "interrupted\n"
    assert time.monotonic() - start < 30  # the workers were stopped, not waited for
    assert multiprocessing.active_children() == []


@linux_only
def test_ctrl_c_while_the_workers_start_is_not_lost(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, forked: None,
    ctrl_c: None,
) -> None:
    class Interrupted(ProcessPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            future = super().submit(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C before every worker is started
            return future

    monkeypatch.setattr("sourcing_cli.check_workers.ProcessPoolExecutor", Interrupted)
    run = cli("check", *AS_OF, "--jobs", "2")
    assert (run.exit_code, run.stderr) == (130, "interrupted\n")
    assert multiprocessing.active_children() == []


def test_spawned_workers_give_the_same_report(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start method elsewhere (macOS, Windows, a process with threads): a fresh interpreter
    that loads the catalog itself and is sent the policy."""
    folders = ("sourcing/team-00", "sourcing/team-01", "sourcing/team-07")  # waivers, a bad one
    one = cli("check", *AS_OF, "--jobs", "1", "-f", "json", *folders)
    monkeypatch.setattr(check_workers, "start_method", lambda: "spawn")
    two = cli("check", *AS_OF, "--jobs", "2", "-f", "json", *folders)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert json.loads(one.stdout)["profiles_checked"] == 24


def test_the_module_run_by_python_dash_m_does_not_run_the_command_in_a_spawned_worker() -> None:
    import runpy

    runpy.run_module("sourcing_cli.__main__", run_name="__mp_main__")  # no SystemExit: no run


class _Spy:
    def __init__(self) -> None:
        self.workers: list[int] = []

    def executor(self, real: type[Any]) -> Callable[..., Any]:
        def make(*args: Any, **kwargs: Any) -> Any:
            self.workers.append(kwargs["max_workers"])
            return real(*args, **kwargs)
        return make


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Spy]:
    found = _Spy()
    monkeypatch.setattr("sourcing_cli.check_workers.ProcessPoolExecutor",
                        found.executor(ProcessPoolExecutor))
    yield found


@linux_only
def test_the_automatic_choice_uses_every_cpu_on_a_large_repository(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, spy: _Spy,
    forked: None,
) -> None:
    monkeypatch.setattr(check_workers, "available_cpus", lambda: 2)
    expected = cli("check", *AS_OF, "--jobs", "1", "-f", "json")
    assert spy.workers == []
    run = cli("check", *AS_OF, "-f", "json")
    assert spy.workers == [1]  # two processes: this one and a worker
    assert run.stdout == expected.stdout


def test_the_automatic_choice_is_one_process_for_a_small_repository(
    in_repo: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, spy: _Spy,
) -> None:
    monkeypatch.setattr(check_workers, "available_cpus", lambda: 8)
    folders = [f"sourcing/team-{n:02d}" for n in range(5)]
    run = cli("check", *AS_OF, "-f", "json", *folders)
    assert json.loads(run.stdout)["profiles_checked"] == 40
    assert spy.workers == []
    cli("check", *AS_OF, "-j", "3", "-f", "json", *folders)
    assert spy.workers == [2]  # asked for: used, even for a few (this process is the third)


@pytest.mark.parametrize("given", ["0", "-1", "two", "1.5", ""])
def test_jobs_must_be_a_whole_number_of_processes(
    in_repo: Path, cli: Callable[..., Run], given: str,
) -> None:
    run = cli("check", *AS_OF, f"--jobs={given}")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith(f"error: --jobs '{given}': give the number of processes, 1 or more")
    assert "e.g. --jobs 2" in run.stderr


def _slow_repo(root: Path, catalog: Catalog) -> Path:
    """A repository whose first and last chunks hold a profile slow to check (thousands of
    workstreams): a worker and the parent are each busy with one for a while."""
    write_repo(root, catalog, 30)
    (root / ".git").mkdir()
    for n, name in enumerate(("a-portfolio", "z-portfolio")):
        write_workstreams(root / "sourcing" / f"{name}.yaml", catalog, 4000, seed=n)
    return root


def _started(root: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """``check -j 3`` in a session of its own, once both its workers run."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "sourcing_cli", "check", *AS_OF, "-j", "3",
                             "-f", "json"], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True,
                            preexec_fn=_ctrl_c_as_at_a_terminal)
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    workers = _children(proc.pid)
    assert len(workers) == 2, "the workers never started"
    return proc, workers


@pytest.mark.slow
@linux_only
def test_ctrl_c_at_the_terminal_stops_every_process_and_exits_130(
    tmp_path: Path, catalog: Catalog,
) -> None:
    """SIGINT to the whole process group, as a terminal sends it: no traceback from any worker,
    exit 130, and no process left behind."""
    proc, _ = _started(_slow_repo(tmp_path / "repo", catalog))
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert (stdout, stderr) == (b"", b"interrupted\n")
    assert _in_group(proc.pid) == []


@pytest.mark.slow
@linux_only
def test_the_workers_leave_ctrl_c_to_the_parent(tmp_path: Path, catalog: Catalog) -> None:
    """A SIGINT that reaches only the workers changes nothing: the parent decides (had a worker
    taken it, its chunk would have failed, or it would have printed a traceback)."""
    root = _slow_repo(tmp_path / "repo", catalog)
    proc, workers = _started(root)
    for worker in workers:
        os.kill(worker, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert (proc.returncode, stderr) == (1, b"")
    assert json.loads(stdout)["profiles_checked"] == 32
    assert _in_group(proc.pid) == []


@pytest.mark.slow
@linux_only
def test_no_worker_outlives_a_parent_killed_outright(tmp_path: Path, catalog: Catalog) -> None:
    proc, _ = _started(_slow_repo(tmp_path / "repo", catalog))
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _in_group(proc.pid)
    if left:  # leave nothing behind, even when failing
        os.killpg(proc.pid, signal.SIGKILL)
    for stream in (proc.stdout, proc.stderr):
        assert stream is not None
        stream.close()
    assert left == []


def _ctrl_c_as_at_a_terminal() -> None:
    """Ctrl-C handled as by default, even when these tests run with it ignored (as a shell
    starts a command in the background: Python then keeps ignoring it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """In this process, Ctrl-C raises KeyboardInterrupt while the test runs (see above)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _children(pid: int) -> list[int]:
    return [p for p, parent, _ in _processes() if parent == pid]


def _in_group(group: int) -> list[int]:
    return [p for p, _, pgrp in _processes() if pgrp == group]


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every live process, from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            out.append((int(entry.name), int(fields[1]), int(fields[2])))
    return out
