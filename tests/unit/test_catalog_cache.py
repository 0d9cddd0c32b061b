"""The catalog cache: the same catalog as from the files, never stale, and never a failure."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sourcing_cli import catalog as catalog_module
from sourcing_cli import catalog_cache, catalog_files
from sourcing_cli.catalog import Catalog, builtin_dir, load_catalog
from sourcing_cli.errors import InputError
from sourcing_cli.profile import load_profile
from sourcing_cli.render import json_
from sourcing_cli.report import build_report
from tests.conftest import EXAMPLES
from tests.guards import hang_guard


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no catalog kept in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOURCING_CACHE_DIR", str(folder))
    monkeypatch.setattr(catalog_module, "_cache", {})
    yield folder


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "my-catalog"
    shutil.copytree(builtin_dir(), target)
    return target


def fresh(directory: Path | None = None) -> Catalog:
    """Load again, as a new run would (the in-memory copy forgotten)."""
    catalog_module._cache.clear()
    return load_catalog(directory)


def no_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a catalog can only come from the cache."""
    def refuse(*args: object) -> Catalog:
        raise AssertionError("the catalog files were parsed again")

    monkeypatch.setattr(catalog_files, "build", refuse)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.json"))


def test_a_cached_catalog_equals_the_one_loaded_from_its_files(
    cache: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from_files = fresh()
    assert len(entries(cache)) == 1
    no_files(monkeypatch)
    from_cache = fresh()
    assert from_cache == from_files
    assert from_cache is not from_files
    # the records keep their types: tuples stay tuples, conditions stay conditions
    assert type(from_cache.criteria) is tuple and type(from_cache.sources) is dict
    assert from_cache.criteria[0].adjustments[0].when == from_files.criteria[0].adjustments[0].when
    assert from_cache.red_flags == from_files.red_flags


def test_reports_are_byte_identical_from_the_files_and_from_the_cache(cache: Path) -> None:
    outputs = []
    for _ in range(2):
        catalog = fresh()
        profile = load_profile(EXAMPLES / "hybrid-portfolio.yaml", catalog)
        outputs.append(json_.render(build_report(catalog, profile, date(2026, 11, 24))))
    assert len(entries(cache)) == 1
    assert outputs[0] == outputs[1]


def test_an_edited_catalog_is_loaded_from_its_files_and_replaces_its_old_entry(
    cache: Path, copy: Path,
) -> None:
    before = fresh(copy)
    (old,) = entries(cache)
    path = copy / "cost.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("weight: 3", "weight: 2", 1),
                    encoding="utf-8")
    after = fresh(copy)
    assert after.digest != before.digest
    assert after.criterion("cost").weight == 2 != before.criterion("cost").weight
    (new,) = entries(cache)  # one entry per catalog folder: the old one is gone
    assert new != old


def test_a_catalog_with_errors_is_never_cached(cache: Path, copy: Path) -> None:
    (copy / "cost.yaml").write_text("kind: criterion\nid: cost\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            fresh(copy)
        assert "cost.yaml" in caught.value.diagnostics[0].path
    assert entries(cache) == []


@pytest.mark.parametrize("content", [
    b"", b"{", b"\xff\xfe garbage", b"[]", b'{"$": "Catalog"}', b'{"$": "Popen", "args": "true"}',
    json.dumps({"$t": [1]}).encode(), b"[" * 100_000,
])
def test_a_broken_or_foreign_entry_is_ignored_and_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch, content: bytes,
) -> None:
    expected = fresh()
    (entry,) = entries(cache)
    entry.write_bytes(content)
    assert fresh() == expected
    monkeypatch.setattr(catalog_module, "_cache", {})
    no_files(monkeypatch)
    assert fresh() == expected  # the entry was written anew


def test_an_entry_that_is_a_fifo_or_a_folder_is_ignored_without_hanging(cache: Path) -> None:
    expected = fresh()
    (entry,) = entries(cache)
    entry.unlink()
    os.mkfifo(entry)
    with hang_guard(10, "reading a FIFO in the cache hung"):
        assert fresh() == expected
    entry.unlink()
    entry.mkdir()
    assert fresh() == expected


def test_a_cache_that_cannot_be_written_is_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("SOURCING_CACHE_DIR", str(blocker / "sourcing"))
    expected = fresh()
    assert fresh() == expected
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_sourcing_no_cache_turns_it_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCING_NO_CACHE", "1")
    fresh()
    assert not cache.exists()


def test_the_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCING_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert catalog_cache.folder() == tmp_path / "xdg" / "sourcing"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert catalog_cache.folder() == tmp_path / "home" / ".cache" / "sourcing"
    monkeypatch.setenv("SOURCING_CACHE_DIR", str(tmp_path / "mine"))
    assert catalog_cache.folder() == tmp_path / "mine"
    monkeypatch.setenv("SOURCING_NO_CACHE", "1")
    assert catalog_cache.folder() is None


def test_a_change_to_the_code_is_a_different_entry(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited checkout never reads a catalog that other code built."""
    fresh()
    monkeypatch.setattr(catalog_cache, "_code", lambda: "other code")
    no_files(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        fresh()


def test_only_plain_records_are_written() -> None:
    with pytest.raises(TypeError):
        catalog_cache._encode({"x": object()})
