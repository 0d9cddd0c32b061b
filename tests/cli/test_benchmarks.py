"""The benchmark scripts keep working: each runs in its quick mode and prints every figure.

No figure is asserted — timings depend on the machine (benchmarks/README.md has the measured
ones and the targets); this only keeps the scripts from rotting.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_startup_benchmark_runs_in_quick_mode() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--quick"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for figure in ("assess (table)", "no robustness", "--help", "--version", "profiles/s",
                   "after start-up", "growth 100 → 400", "peak memory of check on 1,000 profiles"):
        assert figure in text, text
    assert text.count("ratio") == 4 and "target" in text


@pytest.mark.slow
def test_bare_app_does_what_it_stands_for() -> None:
    bare = str(ROOT / "benchmarks" / "bare_app.py")
    shown = subprocess.run([sys.executable, bare, "show", str(ROOT / "examples" / "qa-nearshore.yaml")],
                           capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert "team_size" in shown.stdout and "answer" in shown.stdout
    assert subprocess.run([sys.executable, bare, "--version"], capture_output=True, text=True,
                          check=False).stdout == "bare 0.0.0\n"


@pytest.mark.slow
def test_check_many_benchmark_runs_on_a_few_profiles() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "check_many.py"), "60"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("60 profiles in ") and "profiles/s" in out.stdout
