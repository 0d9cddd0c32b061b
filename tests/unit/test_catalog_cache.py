"""The catalog cache: the same catalog as from the files, never stale, and never a failure."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli import catalog as catalog_module
from sourcing_cli import catalog_cache, catalog_files
from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.errors import InputError
from sourcing_cli.profile import load_profile
from sourcing_cli.records import encode
from sourcing_cli.render import assess_json
from sourcing_cli.report import build_report
from tests.guards import hang_guard
from tests.helpers import EXAMPLES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no catalog kept in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOURCING_CACHE_DIR", str(folder))
    monkeypatch.setenv("SOURCING_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(catalog_module, "_cache", {})
    yield folder


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
        outputs.append(assess_json.render(build_report(catalog, profile, date(2026, 11, 24))))
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
        encode({"x": object()})


# ---- a cache folder is not trusted: tampered, planted and forged entries -----------------------


def report_json(directory: Path | None = None) -> str:
    """What ``assess --format json`` says for a profile with a recorded decision."""
    catalog = fresh(directory)
    profile = load_profile(EXAMPLES / "hybrid-portfolio.yaml", catalog)
    return assess_json.render(build_report(catalog, profile, date(2026, 11, 24)))


def uncached_json(monkeypatch: pytest.MonkeyPatch, directory: Path | None = None) -> str:
    with monkeypatch.context() as m:
        m.setenv("SOURCING_NO_CACHE", "1")
        return report_json(directory)


def split(raw: bytes) -> tuple[bytes | None, Any]:
    """An entry's signature line (``None`` where the format has none) and its JSON."""
    head, newline, body = raw.partition(b"\n")
    if newline and re.fullmatch(rb"[0-9a-f]{64}", head):
        return head, json.loads(body)
    return None, json.loads(raw)


def join(signature: bytes | None, data: Any) -> bytes:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return body if signature is None else signature + b"\n" + body


def of_kind(data: Any, kind: str) -> Iterator[dict[str, Any]]:
    """Every record of ``kind`` in an entry's JSON."""
    if isinstance(data, list):
        for item in data:
            yield from of_kind(item, kind)
    elif isinstance(data, dict):
        if data.get("$") == kind:
            yield data
        for item in data.values():
            yield from of_kind(item, kind)


def all_fives(data: Any) -> Any:
    for rating in of_kind(data, "Rating"):
        rating["value"] = 5
    return data


def ratings_as_text(data: Any) -> Any:
    for rating in of_kind(data, "Rating"):
        rating["value"] = str(rating["value"])
    return data


def weights_as_lists(data: Any) -> Any:
    for criterion in of_kind(data, "Criterion"):
        criterion["weight"] = [criterion["weight"]]
        criterion["adjustments"] = criterion["adjustments"]["$t"]  # a list, not a tuple
    return data


def no_criteria(data: Any) -> Any:
    data["criteria"] = {"$t": []}
    return data


@pytest.mark.parametrize("change", [all_fives, ratings_as_text, weights_as_lists, no_criteria])
def test_an_altered_entry_never_changes_the_answer_and_is_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Any], Any],
) -> None:
    expected = uncached_json(monkeypatch)
    assert report_json() == expected
    (entry,) = entries(cache)
    signature, data = split(entry.read_bytes())
    tampered = join(signature, change(data))
    entry.write_bytes(tampered)
    assert report_json() == expected
    (entry,) = entries(cache)
    assert entry.read_bytes() != tampered  # rebuilt from the files, and written anew
    no_files(monkeypatch)
    assert report_json() == expected


def test_another_catalogs_valid_entry_planted_under_this_name_is_not_served(
    cache: Path, copy: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = uncached_json(monkeypatch)
    report_json()
    (mine,) = entries(cache)
    for path in copy.glob("*.yaml"):  # another catalog: every rating 5
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"rating: [1-4]\b", "rating: 5", text), encoding="utf-8")
    assert uncached_json(monkeypatch, copy) != expected
    report_json(copy)
    (foreign,) = [e for e in entries(cache) if e != mine]
    shutil.copyfile(foreign, mine)
    assert report_json() == expected
    assert mine.read_bytes() != foreign.read_bytes()


def test_an_entry_signed_with_any_other_key_is_not_served(
    cache: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whoever can write the cache folder can recompute any plain checksum: only this user's key,
    kept outside the cache folder, makes an entry valid."""
    expected = uncached_json(monkeypatch)
    report_json()
    (entry,) = entries(cache)
    _, data = split(entry.read_bytes())
    body = join(None, all_fives(data))
    guessed = hmac.new(os.urandom(32), entry.name.encode() + b"\0" + body, hashlib.sha256)
    entry.write_bytes(guessed.hexdigest().encode() + b"\n" + body)
    assert report_json() == expected


def sign(entry: Path, data: Any) -> None:
    """Write ``data`` as if this tool had written it (with the user's own key)."""
    key_file = catalog_cache.key_path()
    assert key_file is not None
    body = join(None, data)
    mac = hmac.new(key_file.read_bytes(), entry.name.encode() + b"\0" + body, hashlib.sha256)
    entry.write_bytes(mac.hexdigest().encode() + b"\n" + body)


@pytest.mark.parametrize("change", [all_fives, ratings_as_text, weights_as_lists, no_criteria])
def test_even_a_signed_entry_must_be_well_formed_and_of_this_catalog(
    cache: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Any], Any],
) -> None:
    """The second line of defence, should this tool ever write a bad entry itself: types, ranges,
    and the digest of the catalog's files inside the entry."""
    expected = uncached_json(monkeypatch)
    report_json()
    (entry,) = entries(cache)
    _, data = split(entry.read_bytes())
    if change is all_fives:  # well-formed, but not what these files say
        data["digest"] = "0" * 64
        for rating in of_kind(data, "Rating"):
            rating["value"] = 5
    elif change is no_criteria:  # a rating out of range
        next(of_kind(data, "Rating"))["value"] = 9
    else:
        data = change(data)
    sign(entry, data)
    assert report_json() == expected


@pytest.mark.parametrize("band", [9, -1, "1"])
def test_a_signed_entry_with_a_rating_uncertainty_out_of_range_is_rebuilt(
    cache: Path, monkeypatch: pytest.MonkeyPatch, band: object,
) -> None:
    """A rating's uncertainty is checked like its value: 0..2 and a number, or not trusted."""
    expected = uncached_json(monkeypatch)
    report_json()
    (entry,) = entries(cache)
    _, data = split(entry.read_bytes())
    for rating in of_kind(data, "Rating"):
        assert "uncertainty" in rating
        rating["uncertainty"] = band
    sign(entry, data)
    assert report_json() == expected


def test_the_key_lives_outside_the_cache_folder_private_to_the_user(cache: Path, tmp_path: Path) -> None:
    fresh()
    key_file = catalog_cache.key_path()
    assert key_file is not None and key_file.parent == tmp_path / "state"
    assert not key_file.is_relative_to(cache)
    info = key_file.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_size == 32


@pytest.mark.parametrize("problem", ["missing", "readable by others", "a link", "too short"])
def test_without_a_usable_key_nothing_is_read_and_a_new_key_is_made(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str,
) -> None:
    expected = fresh()
    key_file = catalog_cache.key_path()
    assert key_file is not None
    old_key = key_file.read_bytes()
    if problem == "missing":
        key_file.unlink()
    elif problem == "readable by others":
        key_file.chmod(0o644)
    elif problem == "a link":
        elsewhere = tmp_path / "elsewhere.key"
        elsewhere.write_bytes(old_key)
        elsewhere.chmod(0o600)
        key_file.unlink()
        key_file.symlink_to(elsewhere)
    else:
        key_file.write_bytes(old_key[:16])
    with monkeypatch.context() as m:
        no_files(m)
        with pytest.raises(AssertionError, match="parsed again"):
            fresh()
    assert fresh() == expected
    assert not key_file.is_symlink() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_bytes() != old_key
    no_files(monkeypatch)
    assert fresh() == expected  # the entry was signed anew with the new key


def test_two_installs_sharing_a_cache_folder_both_hit(
    cache: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pre-commit environment and a pipx install of different code, run in turn."""
    monkeypatch.setattr(catalog_cache, "_code", lambda: "install A")
    expected = fresh()
    monkeypatch.setattr(catalog_cache, "_code", lambda: "install B")
    fresh()
    assert len(entries(cache)) == 2
    no_files(monkeypatch)
    for install in ("install A", "install B") * 3:
        monkeypatch.setattr(catalog_cache, "_code", lambda install=install: install)
        assert fresh() == expected
    assert len(entries(cache)) == 2


def test_entries_no_run_has_written_for_a_month_are_removed(cache: Path, copy: Path) -> None:
    fresh(copy)
    (old,) = entries(cache)
    month_ago = old.stat().st_mtime - catalog_cache.STALE_SECONDS - 60
    os.utime(old, (month_ago, month_ago))
    fresh()
    assert old not in entries(cache) and len(entries(cache)) == 1


def test_an_entry_read_by_a_run_that_crashed_is_removed(
    cache: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any],
) -> None:
    fresh()
    assert entries(cache)
    catalog_module._cache.clear()

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("sourcing_cli.report.build_report", crash)
    result = cli("assess", str(EXAMPLES / "hybrid-portfolio.yaml"))
    assert result.exit_code == 70
    assert entries(cache) == []


def test_the_code_stamp_covers_modules_in_sub_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing a module in a sub-package (``render/``, ``methods/``…) changes the stamp an entry is
    keyed by, as editing a top-level module does; compiled caches do not count."""
    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "top.py").write_text("a = 1\n")
    (package / "sub" / "inner.py").write_text("b = 1\n")
    monkeypatch.setattr(catalog_cache, "_PACKAGE", package)
    first = catalog_cache._code()
    assert "top.py" in first and os.path.join("sub", "inner.py") in first
    (package / "sub" / "__pycache__" / "inner.cpython-311.pyc").write_bytes(b"x")
    assert catalog_cache._code() == first
    (package / "sub" / "inner.py").write_text("b = 22\n")
    assert catalog_cache._code() != first


def test_the_code_fingerprint_names_each_module_by_its_path_in_the_package() -> None:
    # _code() cuts the package folder off each path instead of asking os.path.relpath: the same
    # names, sub-packages included, so an entry stays bound to exactly this code
    fingerprint = catalog_cache._code()
    expected = []
    for folder, subfolders, files in os.walk(catalog_cache._PACKAGE):
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                info = os.stat(path)
                expected.append(f"{os.path.relpath(path, catalog_cache._PACKAGE)}:{info.st_size}:"
                                f"{info.st_mtime_ns}")
    assert fingerprint == "/".join(sorted(expected))
    assert "methods/uncertainty.py:" in fingerprint and "render/escape.py:" in fingerprint
