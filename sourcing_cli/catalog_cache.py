"""A cache of loaded catalogs, so that a run does not parse and validate the same catalog again.

Loading a catalog — parsing its YAML files with positions, validating each against its pydantic
model and cross-checking them — takes longer than everything else ``sourcing assess`` does for one
profile. A catalog that loaded without error is therefore written, as JSON, to the user's cache
folder. An entry is named by, and bound to:

* the exact bytes of every file in the catalog folder (the catalog's digest) and the folder's name
  as shown in messages;
* the version of ``sourcing`` and the size and modification time of each of its modules (the
  *install*), so an upgrade or an edited checkout never reads a catalog built by other code, and two
  installs sharing one cache folder keep an entry each instead of evicting each other.

A cache folder is not trusted: CI systems restore it between runs, and anyone who can write to it
could plant an entry. Every entry therefore carries an HMAC-SHA256 of its name and its content,
keyed with a random secret kept *outside* the cache folder, in the user's state folder
(:func:`key_path`, a 0600 file of this user's). An entry whose MAC does not verify — altered,
planted, copied from another catalog or another machine, written under another key — is ignored
and rebuilt from the files, as is one that is not well-formed (a record of the wrong type, a rating
out of range). With no key there is no cache read, and a key that is not a private regular file of
this user's is replaced (which voids every entry). An entry read by a run that then fails with an
internal error is deleted (:func:`discard_used`), so a bad entry cannot keep breaking the tool.

The folder is ``$SOURCING_CACHE_DIR``, else ``$XDG_CACHE_HOME/sourcing``, else
``~/.cache/sourcing``; ``SOURCING_NO_CACHE=1`` turns the cache off. The JSON holds only the plain
records of a loaded catalog — named dataclasses from an explicit list, tuples, mappings, strings
and numbers — so reading it never runs code. A cache that cannot be read or written (missing,
unreadable, corrupt, a full disk, a read-only home, not a regular file) is ignored: the catalog is
loaded from its files as if there were no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sourcing_cli import __version__
from sourcing_cli.records import Ranges, encode, loads, well_formed

FORMAT = 2
MAX_BYTES = 16 * 1024 * 1024  # far above any real catalog; a larger file is not read
KEY_BYTES = 32
STALE_SECONDS = 30 * 24 * 3600  # an entry not rewritten for this long is removed on the next write
_PACKAGE = Path(__file__).resolve().parent

_used: list[Path] = []  # entries this process read, for :func:`discard_used`


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off or there is nowhere to put it."""
    if os.environ.get("SOURCING_NO_CACHE"):
        return None
    explicit = os.environ.get("SOURCING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return _xdg("XDG_CACHE_HOME", ".cache")


def key_path() -> Path | None:
    """Where the key that signs cache entries lives: never in the cache folder itself.

    ``$SOURCING_STATE_DIR/cache.key``, else ``$XDG_STATE_HOME/sourcing/cache.key``, else
    ``~/.local/state/sourcing/cache.key``.
    """
    explicit = os.environ.get("SOURCING_STATE_DIR")
    where = Path(explicit) if explicit else _xdg("XDG_STATE_HOME", ".local/state")
    return None if where is None else where / "cache.key"


def _xdg(variable: str, fallback: str) -> Path | None:
    value = os.environ.get(variable)
    if value and os.path.isabs(value):  # the XDG spec: a relative path is to be ignored
        return Path(value) / "sourcing"
    try:
        return Path.home() / fallback / "sourcing"
    except (RuntimeError, KeyError):  # no home directory
        return None


def read(root: str, digest: str, types: Sequence[type], ranges: Ranges | None = None) -> Any:
    """The catalog cached for ``root`` with these exact files, or ``None``.

    ``None`` unless the entry's MAC verifies under this user's key and every record in it has the
    type its dataclass declares and a value within ``ranges``.
    """
    path = _entry(root, digest)
    key = _read_key()
    if path is None or key is None:
        return None
    try:
        raw = _read_regular(path)
    except (OSError, ValueError):
        return None
    try:
        mac, newline, body = raw.partition(b"\n")
        if not newline or not hmac.compare_digest(mac, _mac(key, path.name, body).encode()):
            raise ValueError("not signed with this user's key")
        catalog = loads(body, {t.__name__: t for t in types})
        if not well_formed(catalog, ranges or {}):
            raise ValueError("a record of the wrong type or out of range")
        if getattr(catalog, "digest", None) != digest or getattr(catalog, "root", None) != root:
            raise ValueError("an entry of another catalog")
    except Exception:  # whatever the file holds, it is rebuilt from the catalog's own files
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    _used.append(path)
    return catalog


def write(root: str, digest: str, catalog: Any) -> None:
    """Keep ``catalog`` for the next run (best effort), replacing this install's older entries for
    ``root`` and removing entries no run has written for a month."""
    path = _entry(root, digest)
    if path is None:
        return
    import tempfile  # only a run that fills the cache needs it

    try:
        body = json.dumps(encode(catalog), ensure_ascii=False, separators=(",", ":")).encode()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = _read_key() or _new_key()
        if key is None:
            return
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_mac(key, path.name, body).encode() + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(path)


def discard_used() -> None:
    """Delete the entries this process read: called when the run failed with an internal error,
    so that an entry that breaks the tool does not stay in place to break the next run too."""
    while _used:
        with contextlib.suppress(OSError):
            _used.pop().unlink()


def _prune(kept: Path) -> None:
    prefix = kept.name.rsplit("-", 1)[0] + "-"
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(kept.parent) as entries:
        for entry in entries:
            if entry.name == kept.name or not entry.name.endswith((".json", ".tmp")):
                continue
            with contextlib.suppress(OSError):
                if entry.name.startswith(prefix) or (
                        entry.name.startswith(("catalog-", ".catalog-"))
                        and now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS):
                    os.unlink(entry.path)


def _entry(root: str, digest: str) -> Path | None:
    where = folder()
    if where is None or not digest:
        return None
    install = _hash(f"{FORMAT}\0{__version__}\0{_code()}")
    name = _hash(root)
    key = _hash(f"{install}\0{root}\0{digest}")
    return where / f"catalog-{install[:12]}-{name[:12]}-{key[:40]}.json"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _mac(key: bytes, name: str, body: bytes) -> str:
    """The MAC of an entry: its name (which holds the install, the folder and the catalog digest)
    and its content, so that an entry is valid only under the name it was written for."""
    return hmac.new(key, name.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def _code() -> str:
    """The path, size and modification time of every module of the package, sub-packages
    included: an edited checkout never reads an entry written by other code."""
    parts = []
    folders = [_PACKAGE]
    # Each entry's path is the (resolved) package folder joined with names found under it, so its
    # path relative to the package is what follows that prefix: ``os.path.relpath``'s answer,
    # without its normalising both paths a hundred times a run.
    skip = len(str(_PACKAGE)) + 1
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    info = entry.stat()
                    rel = entry.path[skip:]
                    parts.append(f"{rel}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__" and (
                        not entry.name.startswith(".")):
                    folders.append(Path(entry.path))
    return "/".join(sorted(parts))


# ---- the key -----------------------------------------------------------------------------------


def _read_key() -> bytes | None:
    """This user's key: a regular file (not a link), owned by this user, private, 32 bytes."""
    path = key_path()
    if path is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        uid = getattr(os, "geteuid", lambda: info.st_uid)()
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != uid or info.st_mode & 0o077
                or info.st_size != KEY_BYTES):
            return None
        key = fh.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _new_key() -> bytes | None:
    """A fresh key, replacing a missing or unusable one (which voids every entry signed with it)."""
    import tempfile

    path = key_path()
    if path is None:
        return None
    key = os.urandom(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".cache-key-", dir=path.parent)  # created 0600
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    return key


def _read_regular(path: Path) -> bytes:
    # O_NONBLOCK: a FIFO planted in the cache must not hang the run; only a regular file is read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise ValueError("not a cache file")
        return fh.read(MAX_BYTES + 1)
