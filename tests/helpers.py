"""What the tests share, as a plain module: paths, the result of a CLI run, a catalog copy.

Tests import these names from here; ``conftest.py`` only declares the fixtures (and keeps the
tests' catalog cache apart from the user's).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def copy_catalog(target: Path) -> Path:
    """A writable copy of the built-in catalog at ``target``, for a test to break or extend."""
    from sourcing_cli.catalog import builtin_dir

    shutil.copytree(builtin_dir(), target)
    return target
