"""How fast ``sourcing check`` goes through many profiles: profiles per second, end to end.

    python benchmarks/check_many.py [COUNT]

Generates COUNT profiles (default 2,000) in a temporary repository with tests/generate.py, then
times ``sourcing check --format json`` on it in a fresh process, best of three.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sourcing_cli.catalog import load_catalog  # noqa: E402
from tests.generate import write_repo  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        write_repo(repo, load_catalog(), count)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sourcing_cli", "check", "-f", "json",
                            "--as-of", "2026-03-01"], cwd=repo, stdout=subprocess.DEVNULL,
                           check=False)
            best = min(best, time.perf_counter() - start)
        print(f"{count} profiles in {best:.2f} s: {count / best:.0f} profiles/s (best of 3)")


if __name__ == "__main__":
    main()
