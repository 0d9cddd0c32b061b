"""The one way a command puts anything out.

* :func:`emit` — a result: text (JSON, Markdown, HTML, SARIF, …) or Rich renderables (the tables
  and panels of the terminal views), on stdout, or into the ``--output`` file. Renderables go
  through :func:`sourcing_cli.console.make_console`: colour only on a terminal and never with
  ``NO_COLOR``, as wide as ``COLUMNS`` says, and plain into a file.
* :func:`write_output` — text into a file the command was asked to write (``--output``,
  ``--export``, ``--write-baseline``, ``init``'s file), atomically, with a ``wrote FILE`` note.
* :func:`append_output` — text added to a file the environment names (GitHub's job summary).
* :func:`err` — a diagnostic or a note, on stderr.

Nothing else in :mod:`sourcing_cli.cli` prints; ``tests/unit/test_layout.py`` holds it to that.
It imports nothing of the tool at load time: ``--version`` prints through it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def emit(result: str | Sequence[RenderableType], output: Path | None = None, *,
         force: bool = False) -> None:
    """Put a command's result out: on stdout, or (``output``) into that file, replaced only with
    ``force``. Text is written as it is; renderables are printed one after the other."""
    if isinstance(result, str):
        if output is None:
            typer.echo(result, nl=False)
        else:
            write_output(output, result, force=force)
        return
    from sourcing_cli.console import make_console

    buffer = io.StringIO()
    console = make_console() if output is None else make_console(file=buffer)
    for part in result:
        console.print(part)
    if output is not None:
        write_output(output, buffer.getvalue(), force=force)


def write_output(path: Path, text: str, *, force: bool) -> None:
    from sourcing_cli.errors import shown_path
    from sourcing_cli.fsutil import atomic_write

    atomic_write(path, text, replace=force)
    err(f"wrote {shown_path(path)}")


def append_output(variable: str, path: str, text: str) -> None:
    """Append ``text`` to ``path`` (the value of the environment ``variable``) in one write, so that a
    run killed half-way leaves the file without it rather than with half of it; a file that cannot
    be written is a warning, never a failed run."""
    from sourcing_cli.fsutil import append_block

    try:
        append_block(Path(path), text)
    except OSError as exc:
        err(f"warning: cannot append to {variable} ({path}): {exc.strerror}")
