"""Rich consoles that follow the terminal: colour only on a TTY, never with NO_COLOR.

``FORCE_COLOR`` (non-empty and not ``0``) turns colour on where there is no TTY; ``TERM=dumb`` and
``NO_COLOR`` turn it off. Output that is not a terminal is as wide as ``COLUMNS`` says, and
otherwise a generous fixed width (not Rich's 80), so that it comes out the same on every machine;
the renderers pick a layout that fits the width rather than cut anything.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from typing import IO

from rich.console import Console

PIPE_WIDTH = 120
MIN_WIDTH, MAX_WIDTH = 20, 1000  # what COLUMNS may ask for; a value outside is taken as the limit


def output_width(tty: bool) -> int | None:
    """``COLUMNS`` when it is a positive number; else the terminal's own width (``None``: Rich asks
    the terminal) or, for a pipe or a file, :data:`PIPE_WIDTH`."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdecimal() and int(columns) > 0:
        return min(MAX_WIDTH, max(MIN_WIDTH, int(columns)))
    return None if tty else PIPE_WIDTH


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
        width=output_width(tty),
        record=record,
        highlight=False,
        markup=False,  # names and reasons come from user files: never read them as markup
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def svg_format() -> str:
    """Rich's SVG template without what would fetch or advertise anything from the network: the
    Fira Code web fonts it loads from a CDN by default (an offline viewer then falls back and the
    box drawing breaks; a local Fira Code or any monospace font is used instead) and the comment
    with Rich's URL. Read from ``export_svg``'s own default, so it follows Rich's releases."""
    default = inspect.signature(Console.export_svg).parameters["code_format"].default
    template = re.sub(r"\s*<!--.*?-->", "", str(default), flags=re.S)
    template = re.sub(r",\s*url\([^)]*\)\s*format\([^)]*\)", "", template)
    if re.search(r"url\(\s*['\"]?https?:", template):  # a layout this code does not know: no fonts
        template = re.sub(r"@font-face\s*\{\{.*?\}\}", "", template, flags=re.S)
    return template
