"""Colour follows the terminal: on a TTY only, never with NO_COLOR or TERM=dumb, forced by
FORCE_COLOR (but not by FORCE_COLOR=0, which Rich alone would treat as forcing)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from sourcing_cli.console import colour_wanted
from tests.helpers import EXAMPLES


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "wanted"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ],
)
def test_colour_wanted(
    env: dict[str, str], tty: bool, wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert colour_wanted(Tty() if tty else io.StringIO()) is wanted


def test_force_colour_reaches_the_table() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    run = subprocess.run(
        [sys.executable, "-m", "sourcing_cli", "assess", str(EXAMPLES / "qa-nearshore.yaml")],
        capture_output=True, text=True, env={**env, "FORCE_COLOR": "1"}, check=True)
    assert "\x1b[" in run.stdout
    plain = subprocess.run(
        [sys.executable, "-m", "sourcing_cli", "assess", str(EXAMPLES / "qa-nearshore.yaml")],
        capture_output=True, text=True, env={**env, "FORCE_COLOR": "1", "NO_COLOR": "1"},
        check=True)
    assert "\x1b[" not in plain.stdout


@pytest.mark.parametrize(("bar", "cells", "share"), [
    ("████", 4, "100.00"),
    ("██▌", 3, "83.33"),
    ("▏", 1, "12.50"),
    ("█████████▉", 10, "98.75"),
])
def test_exported_bars_are_boxes_of_their_length(bar: str, cells: int, share: str) -> None:
    from sourcing_cli.render.terminal_export import html_bars

    out = html_bars(f'<span class="r1">{bar}   </span>')
    assert out == (f'<span class="r1"><span class="bar" style="width:{cells}ch"><span '
                   f'style="width:{share}%"></span></span>   </span>')
