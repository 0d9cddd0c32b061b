"""The benchmark scripts keep working: each runs in its quick mode and prints every figure.

No figure is asserted — timings depend on the machine (benchmarks/README.md has the measured
ones and the targets); this only keeps the scripts from rotting, and checks that a plain
assessment loads none of the modules the speed-up keeps off its path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, ROOT


@pytest.mark.slow
def test_startup_benchmark_runs_in_quick_mode() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--quick"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for figure in ("assess (table)", "assess (JSON)", "no cache", "--method all", "answer tipping points",
                   "rank acceptability", "+ TOPSIS (-m all)",
                   "--help", "--version", "profiles/s",
                   "after start-up", "growth 100 → 400", "peak memory of check on 1,000 profiles",
                   "assess, one profile with 300 workstreams", "--format json", "--format table",
                   "assess, one profile with 40 workstreams and 40 vendors"):
        assert figure in text, text
    assert text.count("ratio") == 6 and "target" in text


@pytest.mark.slow
def test_startup_of_the_installed_command_runs_the_installed_package() -> None:
    """``--installed`` times the ``sourcing`` script beside this Python (as a wheel install runs
    it) against the bare app, and says which package that script imports."""
    command = Path(sys.executable).with_name("sourcing.exe" if sys.platform == "win32" else "sourcing")
    if not command.is_file():
        pytest.skip("no sourcing command installed beside this Python")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--installed",
                          "--runs", "1"], capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    assert f"the installed command {command}" in out.stdout and "sourcing_cli" in out.stdout
    assert [line.split()[0] for line in out.stdout.splitlines()[2:]] == [
        "assess", "assess", "--help", "--version"]
    assert out.stdout.count("ratio") == 4


@pytest.mark.slow
def test_startup_against_another_tree_compares_both_in_one_run(tmp_path: Path) -> None:
    """``--against DIR`` times this tree and DIR's; against itself, both columns are there and a
    folder without the package is refused in one line."""
    script = str(ROOT / "benchmarks" / "startup.py")
    out = subprocess.run([sys.executable, script, "--against", str(ROOT), "--runs", "1"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [line.split()[:2] for line in lines[1::2]] == [
        ["--help", "wall"], ["--version", "wall"], ["assess", "(table)"], ["assess", "(JSON)"]]
    assert [line.split()[0] for line in lines[2::2]] == ["cpu"] * 4
    assert all("this tree" in line and "other" in line and "ratio" in line for line in lines[1:])
    refused = subprocess.run([sys.executable, script, "--against", str(tmp_path)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode != 0 and "holds no sourcing_cli package" in refused.stderr


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


def test_a_plain_assessment_loads_only_what_it_uses(tmp_path: Path) -> None:
    """With the catalog cached, ``assess`` parses no catalog file and loads no optional method, nor
    Rich's table of emoji (a panel title given as text, not markup), nor importlib's resource
    readers (the catalog and the zone database are folders, read by path)."""
    code = """
import sys
from sourcing_cli.cli.app import main
sys.argv = ["sourcing", "assess", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
unused = ("sourcing_cli.catalog_files", "sourcing_cli.redflags_files", "sourcing_cli.methods.ahp",
          "sourcing_cli.methods.topsis", "numpy", "questionary", "rich._emoji_codes",
          "importlib.readers")
print(sorted(m for m in unused if m in sys.modules), file=sys.stderr)
"""
    env = {**os.environ, "SOURCING_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    runs = [subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "qa-nearshore.yaml")],
                           capture_output=True, text=True, env=env, check=True) for _ in range(2)]
    first, second = (run.stderr.strip().splitlines()[-1] for run in runs)
    assert "sourcing_cli.catalog_files" in first  # no cache yet: the catalog is read from its files
    assert second == "[]"
    assert runs[0].stdout == runs[1].stdout
