"""``sourcing interview --stakeholder NAME`` in-process: the file it writes (and keeps), resuming,
Ctrl-C, going over a finished stakeholder, what it refuses. The prompts are a script here; the real
command runs in a pseudo-terminal in test_interview_stakeholder_pty.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from sourcing_cli import prompts
from sourcing_cli.catalog import Catalog
from sourcing_cli.cli import interview as command
from sourcing_cli.methods.ahp import weights_from_judgements
from sourcing_cli.stakeholder_flow import KEEP, StakeholderFlow, Step
from tests.helpers import Run

ENTER = object()

GROUP = """\
# yaml-language-server: $schema=profile.schema.json
version: 1
name: Acme — QA testing   # the decision
answers:
  function: qa_testing
  ip_sensitivity: high     # source code of the product

# Who weighs in
stakeholders:
  - {name: CFO, priorities: {cost: 5, control: 2}}   # finance
  - {name: CTO, priorities: {expertise: 4, speed: 4}, weight: 2}

decision: nearshore_outsourcing
"""


class Script:
    """Stands in for the prompts: answers from a list (a callable gets the step), recording the
    steps asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[Any] = []
        self.asked: list[str] = []
        self.confirms: list[bool] = []
        self.during: Callable[[], None] | None = None
        monkeypatch.setattr(command, "terminal_problem", lambda: None)
        monkeypatch.setattr(prompts, "ask", self.ask)
        monkeypatch.setattr(prompts, "confirm", self.confirm)

    def ask(self, flow: StakeholderFlow, step: Step, **io: Any) -> Any:
        self.asked.append(step.key)
        if self.during is not None:
            self.during()
        answer = self.answers.pop(0) if self.answers else ENTER
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return flow.default(step) if answer is ENTER else answer

    def confirm(self, message: str, **io: Any) -> bool:
        return self.confirms.pop(0)


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Iterator[Script]:
    monkeypatch.delenv("CI", raising=False)
    yield Script(monkeypatch)


def entries(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["stakeholders"]
    return found


def test_without_a_terminal_it_exits_2_and_shows_the_entry_to_write(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run = cli("interview", "--stakeholder", "CFO", "-o", str(tmp_path / "p.yaml"))
    assert run.exit_code == 2
    assert "needs a terminal" in run.stderr and "stakeholders: [{name: CFO, priorities:" in run.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_enter_through_priorities_creates_a_minimal_group_profile(
    script: Script, cli: Callable[..., Run], tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "group.yaml"
    run = cli("interview", "--stakeholder", "CFO", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert script.asked == ["mode", *catalog.criterion_ids, "weight"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["answers"] == {}
    [cfo] = data["stakeholders"]
    assert cfo["name"] == "CFO" and cfo["weight"] == 1
    assert list(cfo["priorities"]) == list(catalog.criterion_ids)
    assert run.stdout.startswith("The weights of CFO, saved in ")
    assert "Weights: " in run.stdout and f"Score the group with: sourcing assess {path}" in run.stdout
    assert f"wrote {path}" in run.stderr
    assert not list(tmp_path.glob(".group.yaml.*"))  # no temporary file left behind


def test_a_new_stakeholder_is_added_and_every_other_byte_is_kept(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    script.answers = ["pairwise", ["cost", "ip_protection", "compliance"],
                      Fraction(1, 3), Fraction(1, 5), Fraction(1, 3), 1.5]
    run = cli("interview", "--stakeholder", "CISO", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    added = ("  - {name: CISO, pairwise: [[ip_protection, cost, 3], [compliance, cost, 5],\n"
             "      [compliance, ip_protection, 3]], weight: 1.5}\n")
    assert text == GROUP.replace("weight: 2}\n", "weight: 2}\n" + added)
    assert entries(path)[2] == {"name": "CISO", "weight": 1.5, "pairwise": [
        ["ip_protection", "cost", 3], ["compliance", "cost", 5], ["compliance", "ip_protection", 3]]}
    ratio = weights_from_judgements(entries(path)[2]["pairwise"]).consistency_ratio
    assert 0 < ratio <= 0.10 and f"Consistency ratio {ratio:.2f} (consistent)" in run.stdout


def test_ctrl_c_keeps_the_answers_and_a_rerun_resumes(
    script: Script, cli: Callable[..., Run], tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    first, second, third = catalog.criterion_ids[:3]
    script.answers = ["priorities", 1, 5, KeyboardInterrupt]
    run = cli("interview", "--stakeholder", "COO", "-o", str(path))
    assert run.exit_code == 130
    assert (f"interrupted: 3 answers saved in {path}; resume with: sourcing interview "
            f"--stakeholder COO -o {path}") in run.stderr
    assert entries(path)[2] == {"name": "COO", "priorities": {first: 1, second: 5}}
    assert path.read_text(encoding="utf-8").startswith(GROUP.split("\ndecision:")[0])

    script.asked.clear()
    run = cli("interview", "--stakeholder", "COO", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    total = len(catalog.criterion_ids) + 2
    assert f"resuming COO in {path}: 3 answers saved, at question 4 of {total}" in run.stderr
    assert script.asked == [*catalog.criterion_ids[2:], "weight"]
    assert entries(path)[2]["priorities"][first] == 1 and third in entries(path)[2]["priorities"]


def test_a_hand_written_partial_entry_resumes_at_its_first_gap(
    script: Script, cli: Callable[..., Run], tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")  # the CFO gives two priorities and no voice weight
    script.answers = [KeyboardInterrupt]
    run = cli("interview", "--stakeholder", "CFO", "-o", str(path))
    assert run.exit_code == 130
    gap = next(i for i, c in enumerate(catalog.criterion_ids) if c not in ("cost", "control"))
    assert f"resuming CFO in {path}: 3 answers saved, at question {gap + 2} of" in run.stderr
    assert script.asked == [catalog.criterion_ids[gap]]
    assert path.read_text(encoding="utf-8") == GROUP  # nothing answered: nothing rewritten


def test_pairwise_stopped_half_way_resumes_at_the_next_pair(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    script.answers = ["pairwise", ["cost", "speed", "expertise"], Fraction(3), KeyboardInterrupt]
    run = cli("interview", "--stakeholder", "COO", "-o", str(path))
    assert run.exit_code == 130 and "3 answers saved" in run.stderr
    assert "  # comparing: cost, speed, expertise (unfinished)" in path.read_text(encoding="utf-8")
    script.asked.clear()
    script.answers = [Fraction(1, 2), Fraction(1, 3)]
    run = cli("interview", "--stakeholder", "COO", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert f"resuming COO in {path}: 3 answers saved, at question 4 of 6" in run.stderr
    assert script.asked == ["cost|expertise", "speed|expertise", "weight"]
    assert "comparing" not in path.read_text(encoding="utf-8")
    assert entries(path)[2] == {"name": "COO", "weight": 1, "pairwise": [
        ["cost", "speed", 3], ["expertise", "cost", 2], ["expertise", "speed", 3]]}


def test_a_finished_stakeholder_is_gone_over_only_when_confirmed(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    script.answers = ["pairwise", ["cost", "speed"], Fraction(5), 2]
    assert cli("interview", "--stakeholder", "CTO", "-o", str(path), "--restart").exit_code == 0
    finished = path.read_text(encoding="utf-8")
    script.asked.clear()
    script.confirms = [False]
    run = cli("interview", "--stakeholder", "CTO", "-o", str(path))
    assert run.exit_code == 0 and script.asked == [] and f"left {path} as it was" in run.stderr
    assert path.read_text(encoding="utf-8") == finished

    script.confirms = [True]  # every earlier answer is the default: Enter keeps each
    assert cli("interview", "--stakeholder", "CTO", "-o", str(path)).exit_code == 0
    assert script.asked == ["mode", "criteria", "cost|speed", "weight"]
    assert path.read_text(encoding="utf-8") == finished

    script.asked.clear()  # --force goes over it without asking; a revised answer is written
    script.answers = [ENTER, ENTER, Fraction(1, 2)]
    assert cli("interview", "--stakeholder", "CTO", "-o", str(path), "--force").exit_code == 0
    assert script.asked[0] == "mode"
    assert entries(path)[1] == {"name": "CTO", "pairwise": [["speed", "cost", 2]], "weight": 2}
    assert path.read_text(encoding="utf-8").startswith(GROUP.split("  - {name: CTO")[0])


def test_restart_forgets_only_this_stakeholder(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    script.answers = ["pairwise", ["cost", "speed"], Fraction(5), 3]
    assert cli("interview", "--stakeholder", "CTO", "-o", str(path), "--restart").exit_code == 0
    assert entries(path)[1] == {"name": "CTO", "pairwise": [["cost", "speed", 5]], "weight": 3}
    assert entries(path)[0] == {"name": "CFO", "priorities": {"cost": 5, "control": 2}}


def test_an_inconsistent_set_kept_is_said(script: Script, cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "group.yaml"
    script.answers = ["pairwise", ["cost", "ip_protection", "compliance"],
                      Fraction(9), Fraction(1, 9), Fraction(9), KEEP, 1]
    run = cli("interview", "--stakeholder", "CISO", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert "review" in script.asked
    assert "warning: CISO's judgements are inconsistent (consistency ratio" in run.stderr
    assert "`sourcing assess` will refuse these judgements" in run.stdout
    assert len(entries(path)[0]["pairwise"]) == 3


@pytest.mark.parametrize("key", ["priorities", "pairwise"])
def test_top_level_weights_are_refused_before_any_question(
    script: Script, cli: Callable[..., Run], tmp_path: Path, key: str
) -> None:
    path = tmp_path / "p.yaml"
    original = "version: 1\nanswers: {}\n" + (f"{key}: {{cost: 4}}\n" if key == "priorities" else
                                            f"{key}: [[cost, speed, 3]]\n")
    path.write_text(original, encoding="utf-8")
    run = cli("interview", "--stakeholder", "CFO", "-o", str(path))
    assert run.exit_code == 2 and script.asked == []
    assert run.stderr.startswith(f"{path}:3:1: error: {key}: a profile with stakeholders cannot also")
    assert "move them into a stakeholder" in run.stderr and "Traceback" not in run.stderr
    assert path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize(("name", "message"), [
    ("", "a stakeholder's name cannot be empty"),
    ("CFO ", "starts or ends with spaces"),
])
def test_a_name_that_cannot_be_matched_is_refused(
    script: Script, cli: Callable[..., Run], tmp_path: Path, name: str, message: str
) -> None:
    run = cli("interview", "--stakeholder", name, "-o", str(tmp_path / "p.yaml"))
    assert run.exit_code == 2 and message in run.stderr and script.asked == []


def test_markup_and_control_characters_in_a_name_are_escaped_when_shown(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    name = "[bold red]Eve\x1b]0;pwned\x07"
    script.answers = [ENTER, KeyboardInterrupt]
    run = cli("interview", "--stakeholder", name, "-o", str(path))
    assert run.exit_code == 130
    for shown in (run.stdout, run.stderr):
        assert "\x1b" not in shown and "\x07" not in shown
    assert "[bold red]Eve\\x1b]0;pwned\\x07" in run.stdout  # markup shown as text, not applied
    assert entries(path)[0]["name"] == name  # and written exactly
    assert "\x1b" not in path.read_text(encoding="utf-8")
    script.answers = [KeyboardInterrupt]
    rerun = cli("interview", "--stakeholder", name, "-o", str(path))
    assert "resuming [bold red]Eve\\x1b]0;pwned\\x07 in" in rerun.stderr


def test_a_file_changed_by_someone_else_meanwhile_is_not_overwritten(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    edited = GROUP + "# added by a colleague\n"
    asked = 0

    def colleague() -> None:
        nonlocal asked
        asked += 1
        if asked == 2:
            path.write_text(edited, encoding="utf-8")

    script.during = colleague
    run = cli("interview", "--stakeholder", "CISO", "-o", str(path))
    assert run.exit_code == 2
    assert "was changed by something else during the interview; it was not overwritten" in run.stderr
    assert path.read_text(encoding="utf-8") == edited


def test_the_file_is_written_after_every_answer(
    script: Script, cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcing_cli import fsutil

    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    writes: list[str] = []
    real = fsutil.atomic_write

    def spy(target: Path, text: str, *, replace: bool = False) -> None:
        writes.append(text)
        real(target, text, replace=replace)

    monkeypatch.setattr(fsutil, "atomic_write", spy)
    script.answers = ["pairwise", ["cost", "speed", "expertise"], Fraction(3), KeyboardInterrupt]
    assert cli("interview", "--stakeholder", "COO", "-o", str(path)).exit_code == 130
    assert len(writes) == 3
    assert [yaml.safe_load(w)["stakeholders"][2] for w in writes] == [
        {"name": "COO", "pairwise": []}, {"name": "COO", "pairwise": []},
        {"name": "COO", "pairwise": [["cost", "speed", 3]]}]
    assert "comparing" not in writes[0] and "# comparing: cost, speed, expertise" in writes[1]


def test_stopping_at_the_review_says_the_saved_set_is_inconsistent(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "group.yaml"
    script.answers = ["pairwise", ["cost", "ip_protection", "compliance"],
                      Fraction(9), Fraction(1, 9), Fraction(9), KeyboardInterrupt]
    run = cli("interview", "--stakeholder", "CISO", "-o", str(path))
    assert run.exit_code == 130 and script.asked[-1] == "review"
    assert "5 answers saved in" in run.stderr
    assert "(the judgements are inconsistent, consistency ratio" in run.stderr
    script.asked.clear()
    script.answers = [KeyboardInterrupt]
    rerun = cli("interview", "--stakeholder", "CISO", "-o", str(path))
    assert "at question 6 of 7" in rerun.stderr and script.asked == ["review"]


def test_what_the_interview_writes_is_a_group_profile_that_assess_scores(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    """End to end: two stakeholders interviewed into the file, one by priorities and one by
    pairwise judgements, then ``validate`` accepts it and ``assess`` scores the group with both."""
    path = tmp_path / "group.yaml"
    path.write_text(GROUP, encoding="utf-8")
    script.answers = ["pairwise", ["cost", "ip_protection", "compliance"],
                      Fraction(1, 3), Fraction(1, 5), Fraction(1, 3), 1.5]
    assert cli("interview", "--stakeholder", "CISO", "-o", str(path)).exit_code == 0
    script.answers = []  # Enter through every question: the defaults
    assert cli("interview", "--stakeholder", "COO", "-o", str(path)).exit_code == 0
    assert cli("validate", str(path)).exit_code == 0
    run = cli("assess", str(path), "--format", "json", "--as-of", "2026-03-01")
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert [s["name"] for s in report["stakeholders"]] == ["CFO", "CTO", "CISO", "COO"]
    assert [s["weight"] for s in report["stakeholders"]] == [1, 2, 1.5, 1]
    assert report["group"]["method"] == "aip"  # priorities and judgements mixed
    assert report["recommendation"]["model"] == report["group"]["winner"]
