"""Help and usage read as the conventions have it, and say only what is true.

Every command's ``--help``: a conventional usage line, no ``{profile}``/``[[ID]]``/``<list[...]>``,
and every ``--option`` its text mentions is one of its options. ``sourcing --help`` at 80 columns
shows every summary whole. ``--debug`` works after the command too, shell completion is on, and a
file given to the wrong command is one located line that names the right one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from sourcing_cli.cli.app import COMMANDS, build_app, summary
from sourcing_cli.errors import InputError
from tests.helpers import EXAMPLES, ROOT, Run

MENTIONED = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
USAGE = re.compile(r"Usage: sourcing (?P<name>[a-z]+) \[OPTIONS\](?: (?:[A-Z_]+(?:\.\.\.)?|"
                   r"\[[A-Z_]+(?:\.\.\.)?\]))*")
POLICY = EXAMPLES / "policy-repo" / ".sourcing-policy.yaml"
QA = EXAMPLES / "qa-nearshore.yaml"


def help_text(*args: str, width: int = 80) -> str:
    result = CliRunner().invoke(build_app(), [*args, "--help"], terminal_width=width,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def options_of(name: str | None) -> set[str]:
    group = typer.main.get_command(build_app())
    assert isinstance(group, TyperGroup)
    with group.make_context("sourcing", ["--help"], resilient_parsing=True) as ctx:
        command = group if name is None else group.get_command(ctx, name)
        assert command is not None
        return {o for p in command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)
                if o.startswith("--")}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_commands_help_is_conventional_and_mentions_only_its_own_options(name: str) -> None:
    text = help_text(name)
    for bad in ("{", "[[", "<list"):
        assert bad not in text, f"{bad!r} in `sourcing {name} --help`"
    usage = " ".join(text.split("\n\n", 1)[0].split())
    found = USAGE.fullmatch(usage)
    assert found is not None and found["name"] == name, usage
    unknown = set(MENTIONED.findall(text)) - options_of(name)
    assert not unknown, f"`sourcing {name} --help` mentions {sorted(unknown)}, not its options"


def test_the_command_list_shows_every_summary_whole_at_80_columns() -> None:
    text = help_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    flat = " ".join(text.split())
    for name in COMMANDS:
        assert f"{name} {summary(name)}" in flat
    assert "..." not in text.split("Commands:", 1)[1]
    known = options_of(None).union(*(options_of(name) for name in COMMANDS))
    assert set(MENTIONED.findall(text)) <= known


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_works_before_and_after_the_command(where: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    args = ["--debug", "assess", missing] if where == "before" else ["assess", missing, "--debug"]
    result = CliRunner().invoke(build_app(), args)
    assert isinstance(result.exception, InputError)  # the traceback, not the one-line report
    plain = CliRunner().invoke(build_app(), ["assess", missing])
    assert plain.exit_code == 2 and plain.exception is not None
    assert plain.stderr == f"{missing}:1:1: error: no such file; check the path\n"


def test_debug_inside_the_command_does_not_outlive_the_run(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    CliRunner().invoke(build_app(), ["assess", "--debug", missing])
    after = CliRunner().invoke(build_app(), ["assess", missing])
    assert after.exit_code == 2


def test_shell_completion_is_on() -> None:
    assert {"--install-completion", "--show-completion"} <= options_of(None)
    env = {**os.environ, "_SOURCING_COMPLETE": "complete_bash", "COMP_WORDS": "sourcing assess --fo",
           "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-m", "sourcing_cli"], env=env, capture_output=True,
                          text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["--format", "--force"]


@pytest.mark.parametrize(("args", "line"), [
    (["assess", str(POLICY)],
     f"{POLICY}:7:1: error: this is a sourcing policy, not a profile; enforce it with "
     f"`sourcing check --policy {POLICY}`"),
    (["diff", str(QA), str(POLICY)],
     f"{POLICY}:7:1: error: this is a sourcing policy, not a profile; enforce it with "
     f"`sourcing check --policy {POLICY}`"),
    (["assess", str(ROOT / "criteria" / "cost.yaml")],
     f"{ROOT / 'criteria' / 'cost.yaml'}:2:1: error: this is a catalog file (kind: 'criterion'), "
     f"not a profile; check it with `sourcing validate {ROOT / 'criteria' / 'cost.yaml'}`, or "
     "give its folder to --criteria DIR"),
    (["check", "--policy", str(QA)],
     f"{QA}:12:1: error: this is a profile (it has 'answers'), not a policy; assess it with "
     f"`sourcing assess {QA}`, and give --policy the .sourcing-policy.yaml file"),
    (["check", "--policy", str(ROOT / "criteria" / "models.yaml")],
     f"{ROOT / 'criteria' / 'models.yaml'}:2:1: error: this is a catalog file (kind: 'models'), "
     "not a policy; give its folder to --criteria DIR"),
], ids=["assess-policy", "diff-policy", "assess-criterion", "check-profile", "check-catalog"])
def test_a_file_given_to_the_wrong_command_is_one_line_naming_the_right_one(
    args: list[str], line: str, cli: Callable[..., Run]
) -> None:
    run = cli(*args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == line + "\n"


def test_validate_still_takes_every_kind(cli: Callable[..., Run]) -> None:
    run = cli("validate", str(POLICY), str(QA), str(ROOT / "criteria" / "cost.yaml"))
    assert run.exit_code == 0, run.stderr
    assert [line.rsplit(" ", 1)[1] for line in run.stdout.splitlines()] == [
        "(policy)", "(profile)", "(catalog)"]
