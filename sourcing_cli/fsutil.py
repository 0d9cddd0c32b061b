"""Writing files without ever leaving half of one, and without clobbering what a user wrote.

:func:`atomic_write` writes to a temporary file beside the target, flushes it to disk, then moves
it into place in one step. Without ``replace`` the final step is a hard link, which fails if the
target appeared in the meantime — so an existing file is never replaced unless asked. A new file
gets the mode the user's umask gives; a replaced one keeps its own. :func:`check_target` refuses a
target the write would refuse, so that a command can say so before it does any work.

:func:`append_block` appends to a file that others append to too (GitHub's step summary) with a
single ``write`` on a descriptor opened for appending, so a block is never interleaved or cut.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from sourcing_cli.errors import UsageError


def atomic_write(path: Path, text: str, *, replace: bool = False) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace an existing file unless asked.

    A target that is a device or a pipe (``-o /dev/stdout``) is written into, never replaced. A
    failure (a full disk, a read-only folder) is a usage error naming the file.
    """
    try:
        _write(path, text, replace)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def check_target(path: Path, *, replace: bool) -> None:
    """Refuse, before any work is done, an output ``path`` that the final write would refuse: a
    directory, a file in a folder that does not exist, or an existing file (or symbolic link)
    unless ``replace``. A device or a pipe (``-o /dev/stdout``) is fine."""
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a directory; give a file name")
    exists = (mode is not None and stat.S_ISREG(mode)) or (mode is None and os.path.islink(path))
    if exists and not replace:
        raise UsageError(f"{path}: already exists; pass --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None and not os.path.isdir(directory):
        raise UsageError(f"{path}: the folder {directory} does not exist")


def _write(path: Path, text: str, replace: bool) -> None:
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a directory; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        return
    if os.path.exists(path) and not replace:
        raise UsageError(f"{path}: already exists; pass --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        try:
            # mkstemp makes the file 0600: give it the mode of the file it replaces, or else the
            # mode a new file gets from the user's umask, as any other program's output would.
            os.fchmod(fd, stat.S_IMODE(mode) if mode is not None and replace else 0o666 & ~_umask())
        except OSError:
            os.close(fd)
            raise
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError(f"{path}: already exists; pass --force to replace it") from None
            except OSError:  # file systems without hard links: best effort, still no clobber
                if os.path.exists(path):
                    raise UsageError(f"{path}: already exists; pass --force to replace it") from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def append_block(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` in one ``write`` call (retrying only what a short write left)."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)
