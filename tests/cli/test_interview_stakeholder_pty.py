"""``sourcing interview --stakeholder NAME`` end to end, in a real pseudo-terminal (pexpect): a whole
run by priorities and by pairwise judgements (with the review of an inconsistent set), Ctrl-C and
a rerun that resumes. Helpers as in test_interview_pty.py: each step is recognised by its progress
mark ``[n/total]``."""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from sourcing_cli.catalog import Catalog
from sourcing_cli.stakeholder_flow import StakeholderAnswers, StakeholderFlow, pairs_of
from tests.cli.test_interview_pty import BACKSPACE, HANG, STYLE, environment
from tests.helpers import ROOT

pytestmark = pytest.mark.slow

DOWN, UP = "\x1b[B", "\x1b[A"
GROUP = """\
version: 1
answers:
  function: qa_testing   # the team
# Who weighs in
stakeholders:
  - {name: CTO, priorities: {expertise: 4, speed: 4}, weight: 2}   # engineering

decision: nearshore_outsourcing
"""


def spawn(path: Path, name: str, *args: str) -> pexpect.spawn[str]:
    argv = ["-m", "sourcing_cli", "interview", "--stakeholder", name, "-o", str(path), *args]
    child = pexpect.spawn(sys.executable, argv, cwd=str(ROOT), env=environment(),
                          dimensions=(40, 120), encoding="utf-8", timeout=HANG)
    child.delaybeforesend = None
    return child


def at_step(child: pexpect.spawn[str], number: int) -> str:
    child.expect(rf"\[{number}/\d+\]{STYLE} ([^\x1b\r\n]*\?)")
    assert isinstance(child.match, re.Match)
    return str(child.match.group(1))


def finish(child: pexpect.spawn[str]) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None
    return child.exitstatus


def entries(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["stakeholders"]
    return found


def test_a_whole_run_by_priorities(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    child = spawn(path, "CFO")
    assert at_step(child, 1) == "How do you want to weigh the criteria?"
    child.send("\r")  # priorities, the default
    for number, criterion in enumerate(catalog.criteria, start=2):
        assert at_step(child, number).startswith(f"Priority of {criterion.name.lower()}")
        child.send(BACKSPACE * 3 + ("5\r" if criterion.id == "cost" else "1\r"))
    assert "voice weight" in at_step(child, len(catalog.criteria) + 2)
    child.send(BACKSPACE + "3\r")
    child.expect(r"Weights: cost \d+%")
    child.expect(r"Score the group with: sourcing assess \S*group\.yaml")
    assert finish(child) == 0
    expected = dict.fromkeys(catalog.criterion_ids, 1) | {"cost": 5}
    assert entries(path) == [
        {"name": "CTO", "priorities": {"expertise": 4, "speed": 4}, "weight": 2},
        {"name": "CFO", "priorities": expected, "weight": 3}]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GROUP.split("\ndecision")[0]) and text.endswith(
        "\n\ndecision: nearshore_outsourcing\n")


def keys_to(catalog: Catalog, pair: tuple[str, str], value: Fraction) -> str:
    """The arrow keys that move a pair's list from its default to ``value``."""
    flow = StakeholderFlow(catalog, StakeholderAnswers("x", mode="pairwise", criteria=pair))
    step = flow.current
    assert step is not None and step.pair == pair
    values = [v for _, v in step.choices]
    moves = values.index(value) - values.index(flow.default(step))
    return (DOWN * moves if moves > 0 else UP * -moves) + "\r"


def test_a_whole_run_by_pairwise_judgements_revising_the_one_at_odds(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "group.yaml"
    four = [c for c in catalog.criterion_ids if c in ("cost", "ip_protection", "speed", "compliance")]
    worth = dict(zip(four, (8, 4, 2, 1), strict=True))
    judged = {(a, b): Fraction(worth[a], worth[b]) for a, b in pairs_of(four)}
    judged[(four[0], four[3])] = Fraction(1, 8)  # the one at odds with the others
    child = spawn(path, "CISO")
    at_step(child, 1)
    child.send(DOWN + "\r")  # pairwise
    assert at_step(child, 2) == "Which criteria matter to you?"
    keys = "a"  # untick all, then tick the four
    at = 0
    for index, criterion in enumerate(catalog.criterion_ids):
        if criterion in four:
            keys += DOWN * (index - at) + " "
            at = index
    child.send(keys + "\r")
    notes = []
    for number, pair in enumerate(pairs_of(four), start=3):
        first, second = (catalog.criterion(c).name for c in pair)
        assert at_step(child, number) == f"{first} or {second}: which matters more, and how much?"
        notes.append(child.before)
        child.send(keys_to(catalog, pair, judged[pair]))
    assert at_step(child, 9) == "Revise the judgement most at odds with the others?"
    assert re.search(r"\[cost, compliance, 1/8\]", re.sub(r"\s+", " ", str(child.before)))
    assert "Consistency ratio so far: 0.00 (consistent) over 3 criteria." in "".join(
        str(n) for n in notes)
    child.send("\r")  # revise: the value the others imply is the default
    at_step(child, 6)
    child.send("\r")
    assert "voice weight" in at_step(child, 9)  # consistent now: no review step
    child.send("\r")
    child.expect(r"Consistency ratio 0\.00 \(consistent\)")
    assert finish(child) == 0
    judged[(four[0], four[3])] = Fraction(8)
    assert entries(path) == [{"name": "CISO", "weight": 1, "pairwise": [
        [a, b, int(r)] if r >= 1 else [b, a, int(1 / r)] for (a, b), r in judged.items()]}]


def test_ctrl_c_keeps_the_answers_and_a_rerun_resumes(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    child = spawn(path, "CFO")
    for number in (1, 2, 3):
        at_step(child, number)
        child.send("\r")
    at_step(child, 4)
    child.sendcontrol("c")
    child.expect(r"interrupted: 3 answers saved in \S+; resume with: sourcing interview "
                 r"--stakeholder CFO -o \S+")
    assert finish(child) == 130
    first, second = catalog.criterion_ids[:2]
    saved = entries(path)[1]
    assert saved["name"] == "CFO" and list(saved["priorities"]) == [first, second]

    child = spawn(path, "CFO")
    child.expect(r"resuming CFO in \S+: 3 answers saved, at question 4 of \d+")
    number = 4
    while child.expect([rf"\[{number}/\d+\]", pexpect.EOF]) == 0:
        child.send("\r")
        number += 1
    child.close()
    assert child.exitstatus == 0
    assert number - 4 == len(catalog.criteria) - 1  # the rest of the priorities and the voice
    cfo = entries(path)[1]
    assert list(cfo["priorities"]) == list(catalog.criterion_ids) and cfo["weight"] == 1
    assert entries(path)[0]["name"] == "CTO"
    assert "# engineering" in path.read_text(encoding="utf-8")


def test_ctrl_c_before_any_answer_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    child = spawn(path, "CFO")
    at_step(child, 1)
    child.sendcontrol("c")
    child.expect(r"interrupted: nothing saved yet; resume with: sourcing interview --stakeholder CFO")
    assert finish(child) == 130
    assert not path.exists()


@pytest.mark.parametrize("ci", ["true", ""])
def test_no_terminal_exits_2_without_waiting(tmp_path: Path, ci: str) -> None:
    path = tmp_path / "p.yaml"
    argv = [sys.executable, "-m", "sourcing_cli", "interview", "--stakeholder", "CFO", "-o", str(path)]
    run = subprocess.run(argv, cwd=ROOT, env=environment(CI=ci), stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=False, timeout=HANG)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "needs a terminal" in run.stderr and "stakeholders: [{name: CFO" in run.stderr
    assert not path.exists()


def test_going_over_a_finished_stakeholder_keeps_each_answer_on_enter(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "group.yaml"
    priorities = ", ".join(f"{c}: {i % 5 + 1}" for i, c in enumerate(catalog.criterion_ids))
    text = GROUP.replace("weight: 2}", f"weight: 2}}\n  - {{name: CFO, priorities: {{{priorities}}}, "
                                        "weight: 1.5}   # finance")
    path.write_text(text, encoding="utf-8")
    child = spawn(path, "CFO")
    child.expect(r"CFO already has weights in ")
    child.expect(r"\(y/N\)")
    child.send("n")
    assert finish(child) == 0
    assert path.read_text(encoding="utf-8") == text

    child = spawn(path, "CFO")
    child.expect(r"\(y/N\)")
    child.send("y")
    number = 1
    while child.expect([rf"\[{number}/\d+\]", pexpect.EOF]) == 0:
        child.send("\r")
        number += 1
    child.close()
    assert child.exitstatus == 0 and number - 1 == len(catalog.criteria) + 2
    assert path.read_text(encoding="utf-8") == text  # every earlier answer kept, byte for byte
