"""Test guards: a hang turned into a failure (not a speed test), and golden error text compared
without the parts that belong to a library release."""

from __future__ import annotations

import re
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


_PARSER_WORDS = re.compile(r"(: error: invalid YAML: ).*$", re.MULTILINE)


def parser_wording_free(stderr: str) -> str:
    """``stderr`` with the YAML parser's own description of a syntax error cut out.

    The tool reports a syntax error as ``path:line:col: error: invalid YAML: <what the parser
    says>``; position, prefix and exit code are the tool's and stay pinned, while the parser's
    wording belongs to whichever compatible PyYAML/libyaml release is installed.
    """
    return _PARSER_WORDS.sub(r"\1…", stderr)
