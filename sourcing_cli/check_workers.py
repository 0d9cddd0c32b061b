"""``check`` over several processes: the profiles in chunks, each worker reading and checking its own
share, the findings back in the profiles' order, so that the report is the serial one byte for byte.

:func:`job_count` picks how many processes a run uses (``--jobs``): one for a small repository,
where starting workers costs more than it saves, else one per CPU this process may use (its
affinity, and a container's CPU quota). :class:`Workers` runs them — this process and ``jobs − 1``
workers: the workers are handed chunks in order, two each at a time, each keeps its own
:class:`~sourcing_cli.engine.RatingCache` and the catalog loaded once (inherited from the parent,
or read from the catalog cache when the process is spawned), and :meth:`Workers.results` yields
each profile's findings, before waivers, in the order the paths were given — what
:func:`sourcing_cli.check.conclude` takes, as the serial run's findings. While the next chunk in
that order is not ready, the parent checks the last chunk not handed out yet rather than wait:
the workers and the parent meet in the middle, and the parent's share is neither pickled nor
sent.

The start method is chosen, not left to Python's default (which 3.14 changed): ``fork`` on Linux
while this process runs no other thread (fastest: nothing to import or load again), else
``spawn``. The workers ignore Ctrl-C (the parent stops them), a worker that dies or raises ends
the run with one line (exit 70, as any internal error does), and no worker outlives the run (on
Linux, not even a parent killed outright).
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sourcing_cli.check import ProfileInput, check_profile
from sourcing_cli.engine import RatingCache
from sourcing_cli.records import record

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from sourcing_cli.catalog import Catalog
    from sourcing_cli.findings import Finding
    from sourcing_cli.policy import Policy

# Below this many profiles one process does the work. Measured (CPU time of the whole process
# tree, --jobs 2 against --jobs 1, 50 to 600 profiles): forked workers, their pool and its
# shutdown cost 30-60 ms, and one process checks a profile in 0.5-1 ms, so two CPUs save time from
# about 150 profiles on; 300 leaves a margin for a slow fork. A spawned worker starts a Python,
# imports the tool and loads the catalog (some 300 ms): it pays from a few thousand profiles.
AUTO_MIN_PROFILES = 300
AUTO_MIN_SPAWNED = 3000
MAX_PER_CPU = 4  # --jobs past this many processes a CPU only adds processes (and memory), not speed
CHUNK_MAX = 200  # profiles sent to a worker at a time: few messages, and an even finish
CHUNK_MIN = 10
AHEAD = 2  # chunks handed to each worker at a time: one to check, one waiting for it
WINDOWS_MAX_WORKERS = 61  # what ProcessPoolExecutor accepts there

Reader = Callable[[Path, "Catalog", Sequence[str]], Iterable[ProfileInput]]
Checked = tuple[str, list["Finding"]]  # a profile's path and its findings, before waivers


class WorkerFailed(RuntimeError):
    """A worker process ended before returning its profiles (killed, or out of memory)."""


def _failed() -> WorkerFailed:
    return WorkerFailed(
        "a check worker process ended before finishing its profiles (killed, or out of "
        "memory?); rerun with --jobs 1 to check them in one process")


def available_cpus() -> int:
    """The CPUs this process may run on: its affinity (else the machine's count), no more than a
    container's CPU quota (cgroup v2 ``cpu.max``, or v1's ``cpu.cfs_quota_us``) rounded up."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        count = os.cpu_count() or 1
    quota = cpu_quota()
    if quota is not None:
        count = min(count, math.ceil(quota))
    return max(1, count)


def cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The CPU quota of this process's cgroup, in CPUs, or None when there is none (or no cgroup
    file to read: not Linux, or a layout this does not know)."""
    try:
        v2 = (root / "cpu.max").read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        v2 = []
    if len(v2) == 2:
        quota, period = v2
        return _ratio(quota, period)
    try:
        quota = (root / "cpu" / "cpu.cfs_quota_us").read_text(encoding="ascii").strip()
        period = (root / "cpu" / "cpu.cfs_period_us").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return _ratio(quota, period)


def _ratio(quota: str, period: str) -> float | None:
    try:
        q, p = int(quota), int(period)
    except ValueError:  # "max": no quota
        return None
    return q / p if q > 0 and p > 0 else None


def job_count(requested: int | None, profiles: int, cpus: int | None = None,
              method: str | None = None) -> int:
    """How many processes check ``profiles`` profiles: ``requested`` (``--jobs N``), else one for
    fewer than :data:`AUTO_MIN_PROFILES` (:data:`AUTO_MIN_SPAWNED` where workers are spawned, not
    forked: see :func:`start_method`), else one per available CPU, and never more processes than
    there are chunks to give them. A number asked for is taken even past the CPUs (the user's
    call), up to :data:`MAX_PER_CPU` a CPU: a mistyped ``--jobs 100000`` does not start thousands
    of processes."""
    available = cpus if cpus is not None else available_cpus()
    if requested is None:
        forked = (method or start_method()) == "fork"
        if profiles < (AUTO_MIN_PROFILES if forked else AUTO_MIN_SPAWNED):
            return 1
        requested = available
    requested = min(requested, MAX_PER_CPU * available)
    return max(1, min(requested, math.ceil(profiles / chunk_size(profiles, requested))))


def chunk_size(profiles: int, jobs: int) -> int:
    """Paths a chunk holds: about eight chunks per worker (an even finish when some profiles take
    longer than others), between :data:`CHUNK_MIN` and :data:`CHUNK_MAX`."""
    return min(CHUNK_MAX, max(CHUNK_MIN, math.ceil(profiles / (8 * max(jobs, 1)))))


def chunked(paths: Sequence[str], jobs: int) -> list[Sequence[str]]:
    """``paths`` in consecutive chunks of :func:`chunk_size`."""
    size = chunk_size(len(paths), jobs)
    return [paths[at:at + size] for at in range(0, len(paths), size)]


def start_method() -> str:
    """``fork`` where it is safe and fast (Linux, no other thread in this process: a fork copies
    only the calling thread, and a lock another thread held stays locked in the child), else
    ``spawn``, which starts a fresh interpreter and works everywhere."""
    alone = threading.active_count() == 1
    return "fork" if sys.platform == "linux" and alone else "spawn"


@record
class Setup:
    """What every worker needs, sent once: the policy, where the catalog comes from (a spawned
    worker loads it, from the catalog cache), the policy's folder, the day and the profile reader
    (``sourcing_cli.cli.check``'s, so that a profile is read as the serial run reads it)."""

    policy: Policy
    criteria: Path | None
    root: Path
    as_of: date
    read: Reader


_worker: tuple[Setup, Catalog, RatingCache] | None = None  # in a worker: set by _start_worker


def _hold_ctrl_c() -> bool:
    """Block SIGINT in this thread, where that can be done (POSIX, the main thread): whether it
    was."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    return True


def _release_ctrl_c() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(setup: Setup, catalog: Catalog | None, parent: int) -> None:
    global _worker
    gc.disable()  # as in the command's own process (sourcing_cli.cli.launch); a fork inherits that
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    _release_ctrl_c()  # held while the workers started: now dropped, as ignored
    _end_with(parent)
    if catalog is None:  # spawned: load it (the catalog cache makes this a read)
        from sourcing_cli.catalog import load_catalog

        catalog = load_catalog(setup.criteria)
    _worker = (setup, catalog, RatingCache(catalog, standings=False))


def _end_with(parent: int) -> None:
    """On Linux, have this worker ended (SIGTERM) when the parent process ends, however it ends:
    killed, the parent cannot stop it, and it would wait for chunks forever."""
    if sys.platform != "linux":
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl: a C library this does not know
        return
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


def _check_chunk(paths: Sequence[str]) -> list[Checked]:
    """In a worker: read and check each profile of one chunk, in order."""
    if _worker is None:
        raise RuntimeError("check worker used before it was set up")
    setup, catalog, cache = _worker
    return [(item.path, check_profile(setup.policy, catalog, item, setup.as_of, cache))
            for item in setup.read(setup.root, catalog, paths)]


class Workers:
    """``jobs`` processes checking ``paths`` — this one and ``jobs − 1`` workers, started on
    entering (with their first chunks) and all gone on leaving, whether the run finished, failed
    or was interrupted.

    Start it before any other thread (a progress bar's) starts: with ``fork``, the processes are
    made on entering, while this one is still the only thread.
    """

    def __init__(self, setup: Setup, catalog: Catalog, paths: Sequence[str], jobs: int,
                 method: str | None = None) -> None:
        self.setup, self.catalog, self.paths, self.jobs = setup, catalog, paths, jobs
        self.method = method or start_method()
        self._executor: ProcessPoolExecutor | None = None
        self._chunks: list[Sequence[str]] = []
        self._futures: list[Future[list[Checked]]] = []
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._cache = RatingCache(catalog, standings=False)  # for the chunks checked here
        self._back = 0  # the chunks from this one on are checked in this process
        self.here: dict[int, list[Checked]] = {}  # those, by chunk, until their turn comes

    def __enter__(self) -> Workers:
        context: BaseContext = multiprocessing.get_context(self.method)
        chunks = self._chunks = chunked(self.paths, self.jobs)
        inherited = self.catalog if self.method == "fork" else None
        # Ctrl-C while the processes start would reach them before they ignore it: it is held
        # (blocked, not lost) meanwhile, in this process and in them (a fork and a spawned
        # process's exec keep the signal mask); here it is raised as soon as they are all started
        # and stops them, in a worker it is dropped once ignored (_start_worker).
        held = _hold_ctrl_c()
        try:
            try:
                most = WINDOWS_MAX_WORKERS if sys.platform == "win32" else len(chunks)
                self._executor = ProcessPoolExecutor(
                    max_workers=max(1, min(self.jobs - 1, len(chunks), most)), mp_context=context,
                    initializer=_start_worker, initargs=(self.setup, inherited, os.getpid()))
                self._back = len(chunks)
                self._feed()  # the first chunks: the processes start here, before any thread
                self._processes = list((self._executor._processes or {}).values())
            finally:
                if held:
                    _release_ctrl_c()  # a Ctrl-C held meanwhile is raised here
        except BaseException:
            self._stop()
            raise
        return self

    def results(self) -> Iterator[Checked]:
        """Each profile's path and findings, in the order of the paths given.

        The workers are handed chunks from the first on, a few more than they are checking;
        whenever the next chunk in order is not ready, this process checks the last chunk not
        handed out yet, then looks again — so it never waits while there is work left."""
        chunks, futures, here = self._chunks, self._futures, self.here
        for i in range(len(chunks)):
            self._feed()
            while i not in here and not self._ready(i) and len(futures) < self._back:
                self._back -= 1
                here[self._back] = self._check_here(chunks[self._back])
                self._feed()
            if i in here:
                yield from here.pop(i)
                continue
            try:
                chunk = futures[i].result()
            except BrokenProcessPool:
                raise _failed() from None
            yield from chunk

    def _ready(self, chunk: int) -> bool:
        """Whether a worker was handed chunk number ``chunk`` and is done with it."""
        return chunk < len(self._futures) and self._futures[chunk].done()

    def _feed(self) -> None:
        """Hand the workers the next chunks in order (up to :data:`AHEAD` a worker not yet
        done), none of those this process has taken from the end."""
        assert self._executor is not None
        futures = self._futures
        ahead = AHEAD * max(1, self.jobs - 1)
        pending = sum(1 for f in futures[-ahead:] if not f.done())
        while pending < ahead and len(futures) < self._back:
            try:
                futures.append(self._executor.submit(_check_chunk, self._chunks[len(futures)]))
            except BrokenProcessPool:  # a worker died since the last chunks were handed out
                raise _failed() from None
            pending += 1

    def _check_here(self, paths: Sequence[str]) -> list[Checked]:
        """One chunk read and checked in this process, as the serial run checks it (through
        :mod:`sourcing_cli.check` itself: the name this module imports is the workers')."""
        from sourcing_cli import check

        setup, catalog = self.setup, self.catalog
        return [(item.path, check.check_profile(setup.policy, catalog, item, setup.as_of,
                                                self._cache))
                for item in setup.read(setup.root, catalog, paths)]

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            assert self._executor is not None
            self._executor.shutdown(wait=True)
        else:
            self._stop()

    def _stop(self) -> None:
        """Stop every worker now and drop the chunks not yet checked (a failure, or Ctrl-C)."""
        for future in self._futures:
            future.cancel()
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        for process in self._processes:
            process.join()
