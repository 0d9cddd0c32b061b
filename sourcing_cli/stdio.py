"""Standard output and error that a closed pipe or a full device cannot turn into a wrong exit code.

``sourcing check | head -c0`` closes the pipe before the report is written: the reader is gone and
wants no more, so the command ends as it would have — 0 for a passing check, 1 for a failing one —
instead of taking the exit code of violations (Rich's own broken-pipe handler exits 1) or printing
a traceback. A write that fails for any other reason (``> /dev/full``, an I/O error) loses the
result: that is a one-line ``error: cannot write to standard output: …`` on stderr and exit 2,
for every command, ``--help`` and ``--version`` included — never a traceback, never exit 70.

:func:`run` puts a guard under ``sys.stdout`` and ``sys.stderr`` — at the level of the file
descriptor, so every writer (print, Typer, Rich, a wrapper Click makes) goes through it — runs the
application, and flushes what is left before the process ends.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from typing import IO, NoReturn, cast

EXIT_INPUT = 2


class OutputLost(Exception):
    """Standard output could not be written (not a closed pipe): the result did not get out.
    A usage error to :func:`~sourcing_cli.cli.common.guarded` (exit 2); defined here, apart from
    :mod:`sourcing_cli.errors`, so that ``--version`` imports no more than it needs."""


class _Guard(io.RawIOBase):
    """File descriptor ``fd`` for writing. After a closed pipe (or, on stderr, any failure) the
    descriptor is pointed at the null device and every later write succeeds without output."""

    def __init__(self, fd: int, *, report: bool) -> None:
        super().__init__()
        self._fd = fd
        self._report = report
        self.severed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return not self.severed and os.isatty(self._fd)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(memoryview(data))
        if self.severed:
            return size
        try:
            return os.write(self._fd, data)
        except BlockingIOError:
            raise
        except BrokenPipeError:
            self._sever()
            return size
        except OSError as exc:
            self._sever()
            if not self._report:  # stderr: nowhere left to say so
                return size
            raise OutputLost(f"cannot write to standard output: {exc.strerror or exc}") from None

    def close(self) -> None:  # the descriptor belongs to the process, not to this object
        self.severed = True
        super().close()

    def _sever(self) -> None:
        self.severed = True
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._fd)
            os.close(null)


def _guarded(stream: IO[str] | None, *, report: bool) -> IO[str] | None:
    """``stream`` rebuilt over a :class:`_Guard` of its descriptor (``None`` and streams without
    one — a test runner's capture — are left as they are)."""
    if stream is None:
        return None
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "strict"
    line_buffering = bool(getattr(stream, "line_buffering", False))
    buffered = io.BufferedWriter(cast(io.RawIOBase, _Guard(fd, report=report)))
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors,
                            line_buffering=line_buffering, write_through=not report)


def run(app: Callable[[], object]) -> NoReturn:
    """Run ``app`` (which ends with ``SystemExit``) with guarded standard streams, then exit."""
    sys.stdout = _guarded(sys.stdout, report=True)
    sys.stderr = _guarded(sys.stderr, report=False)
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except OutputLost as exc:  # --help, --version: written before any command runs
        _say(str(exc))
        code = EXIT_INPUT
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OutputLost as exc:
        _say(str(exc))
        code = EXIT_INPUT
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    sys.exit(code)


def leave(code: int | str | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, skipping the interpreter's teardown (freeing
    every module and object: some 30 ms after an assessment) when nothing is left for it to do.

    That is when the exit code is a number (or ``None``), no ``atexit`` callback is registered
    (a coverage tool, a library's clean-up) and no other thread runs; the standard streams are
    flushed first, and a stream that cannot be flushed makes it the ordinary exit. Every file the
    tool writes is closed by the time a command returns. Otherwise: ``sys.exit(code)``.
    """
    import atexit

    pending = getattr(atexit, "_ncallbacks", None)
    threading = sys.modules.get("threading")
    quiet = (pending is not None and pending() == 0
             and (threading is None or threading.active_count() == 1))
    if quiet and (code is None or isinstance(code, int)):
        try:
            for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
                if stream is not None:
                    stream.flush()
        except Exception:  # whatever it is, the ordinary exit deals with it
            sys.exit(code)
        os._exit(0 if code is None else int(code) & 0xFF)
    sys.exit(code)


def _say(message: str) -> None:
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.write(f"error: {message}\n")
            sys.stderr.flush()
