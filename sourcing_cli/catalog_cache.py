"""A cache of loaded catalogs, so that a run does not parse and validate the same catalog again.

Loading a catalog — parsing its YAML files with positions, validating each against its pydantic
model and cross-checking them — takes longer than everything else ``sourcing assess`` does for one
profile. A catalog that loaded without error is therefore written, as JSON, to the user's cache
folder, under a name made of:

* the exact bytes of every file in the catalog folder (the catalog's digest) and the folder's name
  as shown in messages;
* the version of ``sourcing`` and the size and modification time of each of its modules, so an
  upgrade or an edited checkout never reads a catalog built by other code.

Any change to any of those is a different name, so a cache entry is never stale; a catalog with
errors is never cached, so every error is always reported from the files themselves.

The folder is ``$SOURCING_CACHE_DIR``, else ``$XDG_CACHE_HOME/sourcing``, else
``~/.cache/sourcing``; ``SOURCING_NO_CACHE=1`` turns the cache off. The JSON holds only the plain
records of a loaded catalog — named dataclasses from an explicit list, tuples, mappings, strings
and numbers — so reading it never runs code. A cache that cannot be read or written (missing,
unreadable, corrupt, a full disk, a read-only home, not a regular file) is ignored: the catalog is
loaded from its files as if there were no cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sourcing_cli import __version__

FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024  # far above any real catalog; a larger file is not read
_PACKAGE = Path(__file__).resolve().parent


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off or there is nowhere to put it."""
    if os.environ.get("SOURCING_NO_CACHE"):
        return None
    explicit = os.environ.get("SOURCING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "sourcing"
    try:
        return Path.home() / ".cache" / "sourcing"
    except (RuntimeError, KeyError):  # no home directory
        return None


def read(root: str, digest: str, types: Sequence[type]) -> Any:
    """The catalog cached for ``root`` with these exact files, or ``None``."""
    path = _entry(root, digest)
    if path is None:
        return None
    try:
        return _decode(json.loads(_read_regular(path)), {t.__name__: t for t in types})
    except Exception:
        return None


def write(root: str, digest: str, catalog: Any) -> None:
    """Keep ``catalog`` for the next run (best effort), replacing older entries for ``root``."""
    path = _entry(root, digest)
    if path is None:
        return
    import tempfile  # only a run that fills the cache needs it

    try:
        text = json.dumps(_encode(catalog), ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    for old in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.json"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


def _entry(root: str, digest: str) -> Path | None:
    where = folder()
    if where is None or not digest:
        return None
    key = hashlib.sha256(f"{FORMAT}\0{__version__}\0{_code()}\0{root}\0{digest}".encode()).hexdigest()
    return where / f"catalog-{hashlib.sha256(root.encode()).hexdigest()[:16]}-{key[:40]}.json"


def _code() -> str:
    """The name, size and modification time of every module of the package."""
    parts = []
    with os.scandir(_PACKAGE) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "/".join(sorted(parts))


def _read_regular(path: Path) -> bytes:
    # O_NONBLOCK: a FIFO planted in the cache must not hang the run; only a regular file is read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise ValueError("not a cache file")
        return fh.read(MAX_BYTES + 1)


# ---- JSON for plain records --------------------------------------------------------------------
# A dataclass is {"$": name, field: value, …}, a tuple {"$t": [...]}, a mapping {"$d": [[k, v], …]}
# (keys of any type, order kept); lists, strings, numbers, booleans and null are themselves.


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"$": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [_decode(v, types) for v in value]
    if not isinstance(value, dict):
        return value
    if "$t" in value:
        return tuple(_decode(v, types) for v in value["$t"])
    if "$d" in value:
        return {_decode(k, types): _decode(v, types) for k, v in value["$d"]}
    fields = {k: _decode(v, types) for k, v in value.items() if k != "$"}
    return types[value["$"]](**fields)  # KeyError for a name not on the list: not read
