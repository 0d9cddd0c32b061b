"""``sourcing interview`` end to end, in a real pseudo-terminal (pexpect), as a person would use it.

Each step is recognised by its progress mark ``[n/total]``; the child runs the worktree's code
(``python -m sourcing_cli``) with a fixed terminal type, window size and time zone. The timeouts
only stop a hung child; a whole run takes a couple of seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow

HANG = 60  # seconds without the expected output before a child counts as hung
BACKSPACE = "\x7f"
STYLE = r"(?:\x1b\[[0-9;]*m)*"  # style codes (kept even under NO_COLOR: bold, reverse)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", NO_COLOR="1", TZ="Europe/Berlin", LANG="C.UTF-8",
               LC_ALL="C.UTF-8", PROMPT_TOOLKIT_NO_CPR="1", **extra)  # no cursor-position query
    return env


def spawn(path: Path, *args: str, **env: str) -> pexpect.spawn[str]:
    child = pexpect.spawn(sys.executable, ["-m", "sourcing_cli", "interview", "-o", str(path), *args],
                          cwd=str(ROOT), env=environment(**env), dimensions=(40, 120),
                          encoding="utf-8", timeout=HANG)
    child.delaybeforesend = None  # each key is sent once its prompt is on screen
    return child


def at_step(child: pexpect.spawn[str], number: int) -> str:
    """Wait for step ``number`` and return its question text."""
    child.expect(rf"\[{number}/\d+\]{STYLE} ([^\x1b\r\n]*\?)")
    assert isinstance(child.match, re.Match)
    return str(child.match.group(1))


def enter_through(child: pexpect.spawn[str], first: int = 1) -> int:
    """Press Enter at every step until the command ends; the number of steps asked."""
    number = first
    while child.expect([rf"\[{number}/\d+\]", pexpect.EOF]) == 0:
        child.send("\r")
        number += 1
    child.close()
    return number - first


def answers_in(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").split("\nanswers:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in body.splitlines() if not line.lstrip().startswith("#")]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A profile made by pressing Enter at every question, and how many questions that was."""
    path = tmp_path_factory.mktemp("fresh") / "profile.yaml"
    child = spawn(path)
    asked = enter_through(child)
    assert child.exitstatus == 0
    return path, asked


def test_enter_through_every_question_writes_a_profile_assess_accepts(fresh: tuple[Path, int]) -> None:
    path, asked = fresh
    assert asked == 31
    run = subprocess.run([sys.executable, "-m", "sourcing_cli", "assess", str(path)], cwd=ROOT,
                         env=environment(), capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert 'home: {country: "DE", timezone: Europe/Berlin}' in path.read_text(encoding="utf-8")


def test_the_assessment_is_shown_at_the_end(tmp_path: Path) -> None:
    child = spawn(tmp_path / "p.yaml")
    at_step(child, 1)
    child.sendcontrol("d")  # accept every default
    child.expect("Recommendation")
    child.expect(r"Assess it again with: sourcing assess \S*p\.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_saves_and_a_rerun_resumes_to_the_same_profile(
    fresh: tuple[Path, int], tmp_path: Path
) -> None:
    path = tmp_path / "profile.yaml"
    child = spawn(path)
    for number in (1, 2, 3):
        at_step(child, number)
        child.send("\r")
    at_step(child, 4)
    child.sendcontrol("c")
    child.expect(r"interrupted: 3 answers saved in \S+; resume with: sourcing interview -o \S+")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert answers_in(path) == ["function: software_development", "strategic_importance: supporting",
                                "ip_sensitivity: medium"]

    child = spawn(path)
    resumed = enter_through(child, first=4)
    assert child.exitstatus == 0
    assert resumed < fresh[1]
    fresh_text = fresh[0].read_text(encoding="utf-8").replace(str(fresh[0]), str(path))
    assert path.read_text(encoding="utf-8") == fresh_text


def test_invalid_entries_are_refused_at_the_prompt_and_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    child = spawn(path)
    at_step(child, 1)
    child.send("\r")
    at_step(child, 2)
    child.sendcontrol("b")  # back one question
    assert at_step(child, 1) == "Which function are you sourcing?"
    child.send("\r")
    number = 2
    while at_step(child, number) != "How many people (full-time equivalents) will do the work?":
        child.send("\r")
        number += 1
    child.send(BACKSPACE * 2 + "0")
    child.expect("must be between 1 and 100000, got 0")
    child.send("\r")  # refused: the same question stays
    child.send(BACKSPACE + "15\r")
    number += 1
    while "home time zone" not in at_step(child, number):
        child.send("\r")
        number += 1
    child.sendcontrol("u")
    child.send("Mars/Olympus\r")
    child.expect("'Mars/Olympus' is not an IANA time zone name")
    child.sendcontrol("u")
    child.send("America/Bogota\r")
    assert "home country" in at_step(child, number + 1)
    child.send("\r")  # the default follows the zone: CO
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = path.read_text(encoding="utf-8")
    assert "  team_size: 15\n" in text
    assert 'home: {country: "CO", timezone: America/Bogota}' in text


def test_ci_true_in_a_terminal_exits_2(tmp_path: Path) -> None:
    child = spawn(tmp_path / "p.yaml", CI="true")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "CI=true is set" in str(child.before)


@pytest.mark.parametrize("stdin", ["devnull", "closed"])
def test_no_or_closed_stdin_exits_2_without_a_traceback(tmp_path: Path, stdin: str) -> None:
    argv = [sys.executable, "-m", "sourcing_cli", "interview", "-o", str(tmp_path / "p.yaml")]
    if stdin == "closed":
        argv = ["sh", "-c", 'exec "$@" <&-', "sh", *argv]
    run = subprocess.run(argv, cwd=ROOT, env=environment(), stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert re.search(r"needs a terminal .*\n.*sourcing assess PROFILE", run.stderr)
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "p.yaml").exists()
