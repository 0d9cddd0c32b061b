"""How fast ``sourcing`` starts and how ``sourcing check`` scales, against the framework's floor.

    python benchmarks/startup.py            # the figures in benchmarks/README.md (about a minute)
    python benchmarks/startup.py --quick    # a smoke run: tiny sizes, two runs (CI runs this)
    python benchmarks/startup.py --against ../old-checkout   # start-up only: this tree vs another
    python benchmarks/startup.py --growth   # also check on 64,000 profiles (minutes)
    python benchmarks/startup.py --installed  # start-up only: the installed command (a wheel)

In one run it measures, each as the median of several fresh processes (``--runs``, alternating the
two programs compared so drift hits both alike):

* ``sourcing assess examples/qa-nearshore.yaml`` (table, and ``--format json``) against
  ``benchmarks/bare_app.py show`` — a Typer app that loads the same YAML file with pydantic and
  prints a Rich table — and the ratio; then the table with the catalog cache off
  (``SOURCING_NO_CACHE=1``), as a reference: what the very first run on a machine costs;
* in one process, the answer tipping points' search and the rank acceptability (``uncertainty``)
  on the QA example against the rest of its report, and the rank acceptability with its samples
  ranked by TOPSIS too (what ``--method all`` computes);
* ``sourcing --help`` and ``sourcing --version`` against the bare Typer app's, and the ratios;
* ``sourcing check --format json`` on 1,000 and 4,000 generated profiles (``tests/generate.py``),
  in one process (``--jobs 1``) and as it runs by default (worker processes, one per CPU), the two
  alternating: wall and CPU time, profiles per second, end to end and after start-up (the extra
  3,000 over the extra time; per CPU second too), and the growth factor from 1,000 to 4,000 (4.0
  would be exactly linear);
* the peak memory (``ru_maxrss`` of the largest process) of ``check`` on 10,000 profiles, both ways;
* with ``--growth [COUNT]`` (not in ``--quick``): ``check`` on 1,000 and on 64,000 profiles, once
  each way — wall time, CPU time and peak memory, and how each grew;
* ``sourcing assess`` on one profile with 10,000 workstreams (``tests/generate.py``), and on one
  with 400 workstreams and 400 vendors, as JSON and as the table: wall time, CPU time and peak
  memory of one fresh process each.

Each figure is printed beside its target. Nothing is asserted: the targets hold on a quiet machine,
and a busy one shows it in the spread (``min–max``) printed next to each median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sourcing_cli.catalog import load_catalog  # noqa: E402
from sourcing_cli.check_workers import AUTO_MIN_PROFILES, available_cpus  # noqa: E402
from tests.generate import write_repo, write_vendor_portfolio, write_workstreams  # noqa: E402

PROFILE = ROOT / "examples" / "qa-nearshore.yaml"
BARE = ROOT / "benchmarks" / "bare_app.py"
SOURCING = (sys.executable, "-m", "sourcing_cli")
CHECK = ("check", "--format", "json", "--as-of", "2026-03-01")
# The targets, stated once: the README and the printed report both come from here.
TARGETS = {"assess": 1.1, "help": 1.05, "version": 1.05, "growth": 4.4, "per_second": 5000,
           "memory_mib": 200}


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float

    @staticmethod
    def of(samples: Sequence[float]) -> Timing:
        return Timing(statistics.median(samples), min(samples), max(samples))

    def __str__(self) -> str:
        return f"{self.median * 1000:7.1f} ms  ({self.low * 1000:.1f}–{self.high * 1000:.1f})"


def environment() -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE would make every run compile the tool's modules from source (the
    # libraries, installed by pip, have their bytecode): the warm-up run writes it, as any
    # normal first run does.
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_STEP_SUMMARY", "FORCE_COLOR", "PYTHONDEVMODE",
                        "PYTHONDONTWRITEBYTECODE")}
    env["NO_COLOR"] = "1"
    return env


def run_once(command: Sequence[str], cwd: Path = ROOT,
             env: Mapping[str, str] | None = None) -> tuple[float, int, int]:
    """Wall time, exit code and peak resident memory (KiB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**environment(), **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss


def compare(ours: Sequence[str], bare: Sequence[str], runs: int, **env: str) -> tuple[Timing, Timing]:
    """Median times of two commands, run alternately ``runs`` times each after a warm-up.

    ``env`` is added to ours only. The warm-up run is also the run that fills the catalog cache,
    as any first run does.
    """
    for command, extra in ((ours, env), (bare, {})):
        _, code, _ = run_once(command, env=extra)
        if code != 0:
            raise SystemExit(f"benchmark command failed (exit {code}): {' '.join(command)}")
    a, b = [], []
    for _ in range(runs):
        a.append(run_once(ours, env=env)[0])
        b.append(run_once(bare)[0])
    return Timing.of(a), Timing.of(b)


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def startup(runs: int, sourcing: Sequence[str] = SOURCING, references: bool = True) -> None:
    print(f"start-up, median of {runs} runs (min–max)")
    show = [sys.executable, str(BARE), "show", str(PROFILE)]
    cases = [
        ("assess", [*sourcing, "assess", str(PROFILE)], show),
        ("assess-json", [*sourcing, "assess", str(PROFILE), "--format", "json"], show),
        ("help", [*sourcing, "--help"], [sys.executable, str(BARE), "--help"]),
        ("version", [*sourcing, "--version"], [sys.executable, str(BARE), "--version"]),
    ]
    labels = {"assess": "assess (table)", "assess-json": "assess (JSON)", "help": "--help",
              "version": "--version"}
    for name, ours, bare in cases:
        mine, floor = compare(ours, bare, runs)
        ratio = mine.median / floor.median
        target = TARGETS[name.split("-")[0]]
        print(f"  {labels[name]:16s} sourcing {mine}   bare {floor}   ratio {ratio:4.2f}× "
              f"(target ≤ {target}×: {verdict(ratio <= target)})")
        if name == "assess" and references:
            cold, floor = compare(ours, bare, runs, SOURCING_NO_CACHE="1")
            print(f"  {'  no cache':16s} sourcing {cold}   bare {floor}   ratio "
                  f"{cold.median / floor.median:4.2f}× (reference: every run as a first run, the "
                  "catalog parsed and validated from its YAML files)")
            both, floor = compare([*ours, "--method", "all"], bare, runs)
            print(f"  {'  --method all':16s} sourcing {both}   bare {floor}   ratio "
                  f"{both.median / floor.median:4.2f}× (reference: both methods, TOPSIS on the "
                  "rank acceptability's samples too)")


def _timed(command: Sequence[str], env: Mapping[str, str], cwd: Path = ROOT,
           expect: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from ``os.wait4``: the process and the workers it
    waited for) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**environment(), **env})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in expect:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def against(other: Path, runs: int) -> None:
    """``--help``, ``--version`` and ``assess`` (table and JSON) of this source tree against another one's (a
    checkout of an earlier commit), alternating fresh processes of both in one run, with the same
    Python and libraries. Each process runs in its own tree's folder with that tree first on
    ``PYTHONPATH`` (``python -m`` puts the working folder first on the path, so the folder decides
    which package is imported), and a first run proves which one each tree imports. Beside the
    wall time, the CPU time (user + system) of the same processes: on a machine other work
    shares, it moves much less than the wall time does."""
    other = other.resolve()
    if not (other / "sourcing_cli" / "__init__.py").is_file():
        raise SystemExit(f"--against: {other} holds no sourcing_cli package")
    trees = {"this tree": ROOT, "other": other}
    for tree in trees.values():
        imported = subprocess.run(
            [sys.executable, "-c", "import sourcing_cli; print(sourcing_cli.__file__)"],
            cwd=tree, env={**environment(), "PYTHONPATH": str(tree)}, capture_output=True,
            text=True, check=True).stdout.strip()
        if Path(imported).resolve() != tree / "sourcing_cli" / "__init__.py":
            raise SystemExit(f"--against: in {tree}, Python imports {imported}, not the tree's own")
    print(f"start-up against {other}, median of {runs} runs (min–max)")
    cases = [("--help", ["--help"]), ("--version", ["--version"]),
             ("assess (table)", ["assess", str(PROFILE)]),
             ("assess (JSON)", ["assess", str(PROFILE), "--format", "json"])]
    ours, theirs = {"PYTHONPATH": str(ROOT)}, {"PYTHONPATH": str(other)}
    for label, args in cases:
        command = [*SOURCING, *args]
        for env, tree in ((ours, ROOT), (theirs, other)):  # warm-up: bytecode, catalog cache
            _timed(command, env, tree)
        mine, before = [], []
        for _ in range(runs):
            mine.append(_timed(command, ours, ROOT))
            before.append(_timed(command, theirs, other))
        for kind, at in (("wall", 0), ("cpu", 1)):
            now = Timing.of([m[at] for m in mine])
            then = Timing.of([b[at] for b in before])
            print(f"  {label if at == 0 else '':16s} {kind:4s} this tree {now}   other {then}   "
                  f"ratio {now.median / then.median:4.2f}×")


def make_repo(parent: Path, count: int) -> Path:
    repo = parent / f"repo-{count}"
    write_repo(repo, load_catalog(), count)
    (repo / ".git").mkdir()
    return repo


def check_scaling(small: int, large: int, memory: int, runs: int, growth: int | None = None) -> None:
    """``check`` in one process (``--jobs 1``) and as it chooses by default (workers, on a
    repository this size), alternating fresh processes: wall time and the CPU time of the process
    and its workers. ``growth``: also time ``growth`` profiles, once each way (``--growth``)."""
    modes = {"--jobs 1": ("--jobs", "1"), "default": ()}
    print(f"check --format json, median of {runs} runs (min–max); "
          f"default: {available_cpus()} process(es) from {AUTO_MIN_PROFILES:,} profiles on")
    with tempfile.TemporaryDirectory(prefix="sourcing-bench-") as tmp:
        repos = {n: make_repo(Path(tmp), n) for n in (small, large)}
        times: dict[tuple[str, int], tuple[Timing, Timing]] = {}
        for n, repo in repos.items():
            for extra in modes.values():
                run_once([*SOURCING, *CHECK, *extra], repo)  # warm the file cache
            samples: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
            for _ in range(runs):
                for mode, extra in modes.items():
                    samples[mode].append(_timed([*SOURCING, *CHECK, *extra], {}, repo,
                                                expect=(0, 1)))
            for mode in modes:
                times[mode, n] = (Timing.of([s[0] for s in samples[mode]]),
                                  Timing.of([s[1] for s in samples[mode]]))
                wall, cpu = times[mode, n]
                print(f"  {n:6,d} profiles  {mode:8s}  wall {wall}  cpu {cpu}   "
                      f"{n / wall.median:7,.0f} profiles/s end to end")
        for mode in modes:
            wall_small, cpu_small = times[mode, small]
            wall_large, cpu_large = times[mode, large]
            extra_wall = wall_large.median - wall_small.median
            per_second = (large - small) / extra_wall if extra_wall > 0 else float("inf")
            per_cpu = (large - small) / max(cpu_large.median - cpu_small.median, 1e-9)
            target = TARGETS["per_second"]
            print(f"  {mode:8s} after start-up: {per_second:,.0f} profiles/s "
                  f"({per_cpu:,.0f} per CPU second) (target ≥ {target:,}: "
                  f"{verdict(per_second >= target)})")
            ratio = wall_large.median / wall_small.median
            print(f"  {mode:8s} growth {small:,} → {large:,}: {ratio:.2f}× for "
                  f"{large / small:.1f}× the profiles (target ≤ {TARGETS['growth']}×: "
                  f"{verdict(ratio <= TARGETS['growth'])})")
        for repo in repos.values():
            _remove(repo)
        repo = make_repo(Path(tmp), memory)
        for mode, extra in modes.items():
            elapsed, code, peak_kib = run_once([*SOURCING, *CHECK, *extra], repo)
            mib = peak_kib / 1024
            print(f"peak memory of check on {memory:,} profiles, {mode}: {mib:.0f} MiB (ru_maxrss of "
                  f"the largest process; {elapsed:.1f} s, exit {code}) "
                  f"(target < {TARGETS['memory_mib']} MiB: {verdict(mib < TARGETS['memory_mib'])})")
        _remove(repo)
        if growth is not None:
            check_growth(Path(tmp), small, growth, modes)


def check_growth(parent: Path, small: int, large: int,
                 modes: Mapping[str, tuple[str, ...]]) -> None:
    """``--growth``: one run each way on ``small`` and on ``large`` profiles (64,000 by default:
    minutes, so CI's quick mode leaves it out) — still linear, memory included."""
    print(f"check --format json, growth {small:,} → {large:,} profiles (one run each)")
    repos = {n: make_repo(parent, n) for n in (small, large)}
    for mode, extra in modes.items():
        figures = {}
        for n, repo in repos.items():
            run_once([*SOURCING, *CHECK, *extra], repo)  # warm the file cache
            start = time.perf_counter()
            proc = subprocess.Popen([*SOURCING, *CHECK, *extra], cwd=repo,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env=environment())
            _, _, usage = os.wait4(proc.pid, 0)
            figures[n] = (time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
                          usage.ru_maxrss / 1024)
            wall, cpu, mib = figures[n]
            print(f"  {n:6,d} profiles  {mode:8s}  wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                  f"peak memory {mib:4.0f} MiB")
        (wall_s, cpu_s, mib_s), (wall_l, cpu_l, mib_l) = figures[small], figures[large]
        print(f"  {mode:8s} growth: wall {wall_l / wall_s:.1f}×, cpu {cpu_l / cpu_s:.1f}×, memory "
              f"{mib_l / mib_s:.1f}× for {large / small:.0f}× the profiles")
    for repo in repos.values():
        _remove(repo)


def assess_workstreams(count: int) -> None:
    """One fresh ``assess`` per format of a profile with ``count`` workstreams: wall time, the
    child's CPU time (steadier than wall time on a shared machine) and its peak memory."""
    with tempfile.TemporaryDirectory(prefix="sourcing-bench-") as tmp:
        profile = Path(tmp) / "portfolio.yaml"
        write_workstreams(profile, load_catalog(), count)
        print(f"assess, one profile with {count:,} workstreams (one fresh process each)")
        _assess_formats(profile)


def assess_vendors(workstreams: int, vendors: int) -> None:
    """The same for a profile with ``workstreams`` workstreams and ``vendors`` vendors, each vendor
    serving one workstream (``tests/generate.py`` ``write_vendor_portfolio``)."""
    with tempfile.TemporaryDirectory(prefix="sourcing-bench-") as tmp:
        profile = Path(tmp) / "programme.yaml"
        write_vendor_portfolio(profile, load_catalog(), workstreams, vendors)
        print(f"assess, one profile with {workstreams:,} workstreams and {vendors:,} vendors "
              "(one fresh process each)")
        _assess_formats(profile)


def _assess_formats(profile: Path) -> None:
    for fmt in ("json", "table"):
        command = [*SOURCING, "assess", str(profile), "--format", fmt, "--as-of", "2026-03-01"]
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**environment(), "COLUMNS": "120"})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"benchmark command failed (exit {code}): {' '.join(command)}")
        print(f"  --format {fmt:5s}  {elapsed:6.2f} s ({usage.ru_utime + usage.ru_stime:.2f} s "
              f"CPU)   peak memory {usage.ru_maxrss / 1024:5.0f} MiB")


def whatif_cost(runs: int) -> None:
    """In one process, what the answer tipping points and the rank acceptability add to the QA
    example's assessment: the report without them (``check``'s path) against each alone."""
    from datetime import date

    from sourcing_cli.profile import load_profile
    from sourcing_cli.report import build_report, uncertainty_of
    from sourcing_cli.whatif import answer_tipping_points

    catalog = load_catalog()
    profile = load_profile(PROFILE, catalog)
    when = date(2026, 3, 1)
    plain_report = build_report(catalog, profile, when, robust=False)
    rec = plain_report.result.recommendation
    winner = rec.model if rec is not None else None
    plain: list[float] = []
    tips: list[float] = []
    sure: list[float] = []
    both: list[float] = []
    for _ in range(max(runs, 5)):
        start = time.perf_counter()
        build_report(catalog, profile, when, robust=False)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        answer_tipping_points(catalog, profile, when, "wsm", winner)
        tips.append(time.perf_counter() - start)
        start = time.perf_counter()
        uncertainty_of(catalog, plain_report.result, pairwise=profile.ahp is not None)
        sure.append(time.perf_counter() - start)
        start = time.perf_counter()  # --method all: the same samples ranked by TOPSIS too
        uncertainty_of(catalog, plain_report.result, pairwise=profile.ahp is not None,
                       both_methods=True)
        both.append(time.perf_counter() - start)
    print(f"in process, {PROFILE.name}, median of {max(runs, 5)} runs (min–max)")
    print(f"  {'report without them':22s} {Timing.of(plain)}")
    print(f"  {'answer tipping points':22s} {Timing.of(tips)}")
    print(f"  {'rank acceptability':22s} {Timing.of(sure)}")
    print(f"  {'  + TOPSIS (-m all)':22s} {Timing.of(both)}   (both methods on the same samples)")


def _remove(repo: Path) -> None:
    import shutil

    shutil.rmtree(repo)


def installed(runs: int) -> None:
    """Start-up of the ``sourcing`` command installed beside this Python — what a user of a wheel
    install runs: its script imports the installed package, never this tree — against the bare
    app run by the same Python."""
    command = Path(sys.executable).with_name("sourcing.exe" if os.name == "nt" else "sourcing")
    if not command.is_file():
        raise SystemExit(f"--installed: no sourcing command beside {sys.executable}; "
                         "pip install . into this environment first")
    package = subprocess.run(
        [sys.executable, "-c", "import sourcing_cli; print(sourcing_cli.__file__)"],
        cwd=tempfile.gettempdir(), env=environment(), capture_output=True, text=True,
        check=True).stdout.strip()
    print(f"sourcing benchmarks — the installed command {command} (package {package})")
    startup(runs, sourcing=(str(command),), references=False)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 2 runs, 100/400 profiles, 1,000 for memory")
    parser.add_argument("--runs", type=int, default=None, help="fresh processes per median")
    parser.add_argument("--workstreams", type=int, default=None,
                        help="workstreams in the assess figure (default 10,000; 300 with --quick)")
    parser.add_argument("--growth", type=int, nargs="?", const=64_000, default=None,
                        metavar="COUNT",
                        help="also time check on COUNT profiles (default 64,000; minutes), one "
                             "process and workers, for the growth from the smallest size")
    parser.add_argument("--vendors", type=int, nargs=2, default=None, metavar=("WORKSTREAMS", "VENDORS"),
                        help="the profile with vendors in the assess figure (default 400 400; "
                             "40 40 with --quick)")
    parser.add_argument("--against", type=Path, default=None, metavar="DIR",
                        help="only compare start-up with the source tree in DIR (same run)")
    parser.add_argument("--installed", action="store_true",
                        help="only start-up, of the `sourcing` command installed beside this "
                             "Python (a wheel install) against the bare app")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 15)
    if args.against is not None:
        against(args.against, runs)
        return
    if args.installed:
        installed(runs)
        return
    sizes = (100, 400, 1_000) if args.quick else (1_000, 4_000, 10_000)
    print(f"sourcing benchmarks — Python {sys.version.split()[0]} on {sys.platform}, "
          f"{os.cpu_count()} CPU(s){' (quick mode: sizes too small for the targets)' if args.quick else ''}")
    startup(runs)
    whatif_cost(runs)
    check_scaling(*sizes, runs=max(1, runs // 5) if not args.quick else 1, growth=args.growth)
    assess_workstreams(args.workstreams or (300 if args.quick else 10_000))
    assess_vendors(*(args.vendors or ((40, 40) if args.quick else (400, 400))))


if __name__ == "__main__":
    main()
