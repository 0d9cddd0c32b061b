"""Rich consoles that follow the terminal: colour only on a TTY, never with NO_COLOR.

``FORCE_COLOR`` (non-empty and not ``0``) turns colour on where there is no TTY; ``TERM=dumb`` and
``NO_COLOR`` turn it off. Output that is not a terminal gets a fixed width so that piped tables are
not cut to 80 columns and come out the same on every machine.
"""

from __future__ import annotations

import os
import sys
from typing import IO

from rich.console import Console

PIPE_WIDTH = 120


def colour_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force != "0":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def make_console(
    *, stderr: bool = False, record: bool = False, file: IO[str] | None = None,
    colour: bool | None = None,
) -> Console:
    """A console for stdout (or stderr, or ``file``); ``colour`` overrides the environment."""
    stream = file or (sys.stderr if stderr else sys.stdout)
    if colour is None:
        colour = colour_wanted(stream) if file is None else False
    tty = bool(getattr(stream, "isatty", lambda: False)()) if file is None else False
    return Console(
        file=stream,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        width=None if tty else PIPE_WIDTH,
        record=record,
        highlight=False,
        markup=False,  # names and reasons come from user files: never read them as markup
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )
