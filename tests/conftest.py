"""The fixtures: the built-in catalog, a writable copy of it, and a CLI runner.

The names tests import (paths, :class:`Run`) live in :mod:`tests.helpers`, never here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.cli.app import build_app
from tests.helpers import Run, copy_catalog

# The tests' catalog cache is a folder of their own (subprocesses inherit it), never the user's.
os.environ.pop("SOURCING_NO_CACHE", None)
os.environ["SOURCING_CACHE_DIR"] = tempfile.mkdtemp(prefix="sourcing-test-cache-")
# ... and so is the key that signs its entries (kept apart from the cache, as for a user).
os.environ["SOURCING_STATE_DIR"] = os.path.join(os.environ["SOURCING_CACHE_DIR"], "state")


@pytest.fixture(scope="session", autouse=True)
def _remove_test_cache() -> Iterator[None]:
    yield
    shutil.rmtree(os.environ["SOURCING_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in catalog, for a test to break or extend."""
    return copy_catalog(tmp_path / "cat")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run ``sourcing ARGS…`` in-process with stdout and stderr kept apart."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, input: str | None = None) -> Run:
        result = CliRunner().invoke(build_app(), list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
