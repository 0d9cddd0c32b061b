"""A guard that turns a hang into a test failure (a guard, not a speed test)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int, message: str) -> Iterator[None]:
    """Fail with ``message`` if the body has not finished within ``seconds``."""

    def hung(signum: int, frame: object) -> None:
        raise AssertionError(message)

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
