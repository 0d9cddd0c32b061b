"""``sourcing interview`` in-process: the terminal check, files, resume, Ctrl-C, the assessment.

The prompts are replaced by a script (the prompt layer has its own tests, and the real command is
driven in a pseudo-terminal in test_interview_pty.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli import fsutil, prompts
from sourcing_cli.cli import interview as command
from sourcing_cli.interview import Interview, Step
from sourcing_cli.validation import check_timezone
from tests.helpers import Run

ENTER = object()  # accept the default shown


class Script:
    """Stands in for the prompts: answers from a list, recording which steps were asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[Any] = []
        self.asked: list[str] = []
        self.confirms: list[bool] = []
        monkeypatch.setattr(command, "terminal_problem", lambda: None)
        monkeypatch.setattr(command, "local_timezone", lambda: "Europe/Berlin")
        monkeypatch.setattr(prompts, "ask", self.ask)
        monkeypatch.setattr(prompts, "confirm", self.confirm)

    def ask(self, flow: Interview, step: Step, **io: Any) -> Any:
        self.asked.append(step.key)
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


def answered(path: Path) -> list[str]:
    """The answer lines of a written profile (the non-comment lines under ``answers:``)."""
    lines = path.read_text(encoding="utf-8").split("\nanswers:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in lines.splitlines() if not line.lstrip().startswith("#")]


def test_without_a_terminal_it_exits_2_and_points_to_assess(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("interview", "-o", str(tmp_path / "p.yaml"))
    assert run.exit_code == 2
    assert "needs a terminal" in run.stderr and "sourcing assess PROFILE" in run.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_ci_true_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert command.terminal_problem() == "CI=true is set"


def test_enter_through_everything_writes_a_profile_and_shows_the_assessment(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert len(script.asked) == 31
    assert "Recommendation" in run.stdout
    assert f"Assess it again with: sourcing assess {path}" in run.stdout
    assert cli("assess", str(path)).exit_code == 0
    assert not list(tmp_path.glob(".p.yaml.*"))  # no temporary file left behind


def test_ctrl_c_saves_the_answers_and_a_rerun_resumes(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    script.answers = ["qa_testing", ENTER, "high", KeyboardInterrupt]
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 130
    assert f"interrupted: 3 answers saved in {path}; resume with: sourcing interview -o {path}" \
        in run.stderr
    assert answered(path) == ["function: qa_testing", "strategic_importance: supporting",
                              "ip_sensitivity: high"]

    script.asked.clear()
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert "resuming" in run.stderr and "3 answers saved, at question 4 of 31" in run.stderr
    assert script.asked[0] == "data_sensitivity" and len(script.asked) == 28

    fresh = tmp_path / "fresh.yaml"
    script.answers = ["qa_testing", ENTER, "high"]
    assert cli("interview", "-o", str(fresh)).exit_code == 0
    assert path.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8").replace(
        str(fresh.name), str(path.name))


def test_one_answer_saved_is_said_in_the_singular(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    script.answers = ["qa_testing", KeyboardInterrupt]
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 130
    assert f"interrupted: 1 answer saved in {path};" in run.stderr
    script.answers = [KeyboardInterrupt]
    assert "resuming" in (rerun := cli("interview", "-o", str(path))).stderr
    assert "1 answer saved, at question 2 of 31" in rerun.stderr


def test_the_file_is_written_after_every_answer(
    script: Script, cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yaml"
    writes: list[str] = []
    real = fsutil.atomic_write

    def spy(target: Path, text: str, *, replace: bool = False) -> None:
        writes.append(text)
        real(target, text, replace=replace)

    monkeypatch.setattr(fsutil, "atomic_write", spy)
    script.answers = [ENTER, ENTER, KeyboardInterrupt]
    assert cli("interview", "-o", str(path)).exit_code == 130
    assert len(writes) == 2 and "ip_sensitivity" not in "".join(answered(path))


def test_back_and_accept_all_defaults(script: Script, cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    script.answers = ["qa_testing", prompts.Move.BACK, "customer_support", "core",
                      prompts.Move.DEFAULTS]
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert script.asked == ["function", "strategic_importance", "function", "strategic_importance",
                            "ip_sensitivity"]
    assert answered(path)[:3] == ["function: customer_support", "strategic_importance: core",
                                  "ip_sensitivity: medium"]


def test_an_answer_changed_after_going_back_is_saved(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    script.answers = ["qa_testing", prompts.Move.BACK, "customer_support", KeyboardInterrupt]
    assert cli("interview", "-o", str(path)).exit_code == 130
    assert answered(path) == ["function: customer_support"]


def test_a_complete_profile_is_not_rewritten_without_confirmation(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    assert cli("interview", "-o", str(path)).exit_code == 0
    before = path.read_text(encoding="utf-8")
    script.asked.clear()
    script.confirms = [False]
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 0 and script.asked == []
    assert f"left {path} as it was" in run.stderr
    assert path.read_text(encoding="utf-8") == before

    script.confirms = [True]  # go through it again: the answers so far are the defaults
    assert cli("interview", "-o", str(path)).exit_code == 0
    assert len(script.asked) == 31 and path.read_text(encoding="utf-8") == before


def test_restart_starts_over_and_force_skips_the_question(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    script.answers = ["qa_testing", KeyboardInterrupt]
    assert cli("interview", "-o", str(path)).exit_code == 130
    script.asked.clear()
    script.answers = [KeyboardInterrupt]
    assert cli("interview", "-o", str(path), "--restart").exit_code == 130
    assert script.asked == ["function"]

    assert cli("interview", "-o", str(path)).exit_code == 0  # complete now
    script.asked.clear()
    script.answers = ["rnd_product"]
    assert cli("interview", "-o", str(path), "--restart", "--force").exit_code == 0
    assert script.asked[0] == "function" and answered(path)[0] == "function: rnd_product"


def test_an_invalid_file_is_not_replaced(script: Script, cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nanswers: {team_size: 0}\n", encoding="utf-8")
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 2 and script.asked == []
    assert f"{path}:2:22: error: answers.team_size: must be between 1 and 100000, got 0" in run.stderr
    assert "is not a valid profile to resume; fix it, or pass --force to replace it" in run.stderr
    assert cli("interview", "-o", str(path), "--force").exit_code == 0


def test_a_hand_written_profile_keeps_its_decision(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nanswers: {function: qa_testing}\ndecision: in_house\n", encoding="utf-8")
    assert cli("interview", "-o", str(path)).exit_code == 0
    assert script.asked[0] == "strategic_importance"
    assert "\ndecision: in_house\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("where", "message"), [
    ("", "is a directory"),
    ("missing/p.yaml", "does not exist"),
])
def test_an_impossible_output_is_refused_before_any_question(
    script: Script, cli: Callable[..., Run], tmp_path: Path, where: str, message: str
) -> None:
    run = cli("interview", "-o", str(tmp_path / where))
    assert run.exit_code == 2 and message in run.stderr and script.asked == []


def test_local_time_zone_and_country(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Bogota")
    assert command.local_timezone() == "America/Bogota"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert check_timezone(command.local_timezone()) is None
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_CTYPE", "")
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert command.locale_country() == "BR"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert command.locale_country() == "US"


def test_other_commands_do_not_import_the_prompt_library() -> None:
    import subprocess
    import sys

    code = ("import sys, sourcing_cli.cli.app; "
            "print(sorted(m for m in ('questionary', 'prompt_toolkit') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("flag", [[], ["--stakeholder", "CFO"]])
def test_a_catalogs_help_text_is_printed_as_text_never_as_markup(
    script: Script, cli: Callable[..., Run], tmp_path: Path, flag: list[str]
) -> None:
    """Both interviews print a question's help from the catalog (a file the user may not
    control): Rich markup in it is shown as written, control characters escaped — no error, no
    colour or terminal sequence taken from the file."""
    from tests.helpers import copy_catalog

    catalog = copy_catalog(tmp_path / "criteria")
    hostile = "Count [/oops] contractors [bold red]too[/] \x1b[31m"
    questions = catalog / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace(
        "    text: How many people (full-time equivalents) will do the work?\n",
        "    text: How many people (full-time equivalents) will do the work?\n"
        f"    help: {json.dumps(hostile)}\n", 1), encoding="utf-8")
    criteria = catalog / "cost.yaml"  # a criterion's description is a stakeholder step's help
    criteria.write_text(criteria.read_text(encoding="utf-8").replace(
        "description: ", f"description: {json.dumps(hostile)} # ", 1), encoding="utf-8")
    run = cli("interview", "--criteria", str(catalog), "-o", str(tmp_path / "p.yaml"), *flag)
    assert run.exit_code == 0, run.stderr
    assert "Count [/oops] contractors [bold red]too[/]" in run.stdout
    assert "\x1b" not in run.stdout and "\\x1b[31m" in run.stdout


def test_a_file_name_with_brackets_is_shown_as_written(
    script: Script, cli: Callable[..., Run], tmp_path: Path
) -> None:
    """The closing "Assess it again with" line names the file as the shell needs it, markup-like
    brackets included (never read as Rich markup)."""
    path = tmp_path / "p[bold]x.yaml"
    run = cli("interview", "-o", str(path))
    assert run.exit_code == 0, run.stderr
    assert "p[bold]x.yaml" in run.stdout.split("Assess it again with:")[1]
