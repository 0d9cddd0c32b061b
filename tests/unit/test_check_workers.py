"""How many processes ``check`` uses, how it cuts the profiles into chunks, and how it reads the
CPUs it may use (affinity, a container's quota)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from sourcing_cli import check_workers
from sourcing_cli.check_workers import (
    AUTO_MIN_PROFILES,
    AUTO_MIN_SPAWNED,
    CHUNK_MAX,
    MAX_PER_CPU,
    available_cpus,
    chunked,
    cpu_quota,
    job_count,
    start_method,
)


def test_a_small_repository_is_checked_in_one_process() -> None:
    assert job_count(None, 0, cpus=8, method="fork") == 1
    assert job_count(None, AUTO_MIN_PROFILES - 1, cpus=8, method="fork") == 1


def test_a_large_repository_uses_every_cpu_available() -> None:
    assert job_count(None, AUTO_MIN_PROFILES, cpus=2, method="fork") == 2
    assert job_count(None, 64_000, cpus=16, method="fork") == 16
    assert job_count(None, 64_000, cpus=1, method="fork") == 1


def test_spawned_workers_start_later_for_they_cost_more_to_start() -> None:
    assert job_count(None, AUTO_MIN_PROFILES, cpus=2, method="spawn") == 1
    assert job_count(None, AUTO_MIN_SPAWNED - 1, cpus=2, method="spawn") == 1
    assert job_count(None, AUTO_MIN_SPAWNED, cpus=2, method="spawn") == 2


def test_jobs_asked_for_are_used_but_never_more_than_the_chunks() -> None:
    assert job_count(1, 64_000, cpus=8) == 1
    assert job_count(4, 64_000, cpus=2) == 4  # the user's call, even past the CPUs
    assert job_count(2, 3, cpus=8) == 1  # three profiles are one chunk
    assert job_count(64, 100, cpus=8) == 10  # ten chunks of ten


def test_jobs_asked_for_stop_at_a_few_per_cpu() -> None:
    assert job_count(100_000, 64_000, cpus=2) == MAX_PER_CPU * 2
    assert job_count(100_000, 64_000, cpus=1) == MAX_PER_CPU
    assert job_count(2, 64_000, cpus=1) == 2  # two workers on one CPU, when asked for


def test_chunks_keep_every_path_in_order() -> None:
    paths = [f"p{n}" for n in range(1234)]
    chunks = chunked(paths, 2)
    assert [p for chunk in chunks for p in chunk] == paths
    assert len(chunks) >= 16  # eight a worker: an even finish
    assert max(len(c) for c in chunks) <= CHUNK_MAX
    assert chunked([], 2) == []


def _cgroup(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="ascii")
    return tmp_path


def test_a_cgroup_v2_quota_is_read(tmp_path: Path) -> None:
    assert cpu_quota(_cgroup(tmp_path, {"cpu.max": "150000 100000\n"})) == 1.5


def test_no_quota_reads_as_none(tmp_path: Path) -> None:
    assert cpu_quota(_cgroup(tmp_path, {"cpu.max": "max 100000\n"})) is None
    assert cpu_quota(tmp_path / "missing") is None


def test_a_cgroup_v1_quota_is_read(tmp_path: Path) -> None:
    root = _cgroup(tmp_path, {"cpu/cpu.cfs_quota_us": "200000\n",
                              "cpu/cpu.cfs_period_us": "100000\n"})
    assert cpu_quota(root) == 2.0
    (root / "cpu" / "cpu.cfs_quota_us").write_text("-1\n", encoding="ascii")
    assert cpu_quota(root) is None


def test_the_cpus_available_are_the_affinity_within_the_quota(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(check_workers, "cpu_quota", lambda: None)
    assert available_cpus() == 4
    monkeypatch.setattr(check_workers, "cpu_quota", lambda: 1.5)
    assert available_cpus() == 2  # a part of a CPU still runs a worker
    monkeypatch.setattr(check_workers, "cpu_quota", lambda: 0.2)
    assert available_cpus() == 1


def test_without_affinity_the_cpu_count_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    monkeypatch.setattr(check_workers, "cpu_quota", lambda: None)
    assert available_cpus() == 6


def test_fork_only_on_linux_and_only_while_no_other_thread_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    alone = threading.active_count() == 1
    assert start_method() == ("fork" if alone else "spawn")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert start_method() == "spawn"


@pytest.mark.skipif(sys.platform != "linux", reason="fork: Linux")
def test_the_parent_checks_the_chunks_no_worker_started_and_the_order_holds(
    tmp_path: Path,
) -> None:
    """With ``jobs`` 2 there is one worker: it takes chunks from the first on, this process
    checks from the last back whatever the worker has not started, and the findings come back in
    the paths' order, each the one the serial run gives."""
    import time
    from datetime import date

    from sourcing_cli.catalog import load_catalog
    from sourcing_cli.check import check_profile, read_profiles
    from sourcing_cli.engine import RatingCache
    from sourcing_cli.policy import load_policy
    from sourcing_cli.repo import discover
    from tests.generate import write_repo

    catalog = load_catalog()
    write_repo(tmp_path, catalog, 400)
    policy = load_policy(tmp_path / ".sourcing-policy.yaml", catalog)
    paths = discover(tmp_path, policy.profiles, [policy.name])
    as_of = date(2026, 3, 1)
    cache = RatingCache(catalog)
    serial = [(item.path, check_profile(policy, catalog, item, as_of, cache))
              for item in read_profiles(tmp_path, catalog, paths)]
    real = check_profile

    def slow(*args: object, **kwargs: object) -> object:  # in the worker: the parent gets ahead
        time.sleep(0.002)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    setup = check_workers.Setup(policy, None, tmp_path, as_of, read_profiles)
    patched = pytest.MonkeyPatch()
    patched.setattr(check_workers, "check_profile", slow)
    try:
        with check_workers.Workers(setup, catalog, paths, 2, method="fork") as workers:
            assert len(workers._processes) == 1
            found = list(workers.results())
    finally:
        patched.undo()
    assert found == serial
    assert [path for path, _ in found] == list(paths)
    chunks = len(check_workers.chunked(paths, 2))
    # the worker's chunks from the first on, this process's from the last back, all checked once
    assert 0 < len(workers._futures) == workers._back < chunks
    assert workers._cache.hits > 0 and not workers.here
