"""``sourcing interview``: ask the catalog's questions in a terminal and write the profile as it goes.

This module owns the command's boundary: refusing to run without a terminal, deciding what to do
with an existing file (resume it, confirm before rewriting a complete one, start over), saving the
profile atomically after every answer, saying what was saved on Ctrl-C, and showing the assessment
at the end. Which question comes next is :mod:`sourcing_cli.interview`; how it is asked is
:mod:`sourcing_cli.prompts`, imported lazily so that no other command loads the prompt library.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    catalog_from,
    err,
    guarded,
    read_profile,
)
from sourcing_cli.cli.interview_questions import ask_each
from sourcing_cli.cli.launch import collect_cycles
from sourcing_cli.errors import InputError, UsageError
from sourcing_cli.words import plural

if TYPE_CHECKING:
    from sourcing_cli.catalog import Catalog
    from sourcing_cli.interview import Answers, Interview

INTRO = """Written by `sourcing interview`; run it again to change or finish the answers:
  {resume}
Score it with: {assess}"""


@guarded
def interview(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="The profile to write after every answer; an unfinished one is resumed.")
    ] = Path("profile.yaml"),
    criteria: CriteriaOption = None,
    restart: Annotated[bool, typer.Option(
        "--restart", help="Ignore the answers already in FILE and start over (with --stakeholder: "
                          "NAME's answers only).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Rewrite FILE without asking, even a complete profile (with --stakeholder: "
                        "go over NAME's weights without asking).")] = False,
    stakeholder: Annotated[str | None, typer.Option(
        "--stakeholder", metavar="NAME",
        help="Ask only NAME's weighting questions and add or update NAME under `stakeholders:` in "
             "FILE, keeping the rest of FILE as it is.")] = None,
) -> None:
    """Answer the questions one by one; the profile is saved after every answer.

    Lists are picked with the arrow keys; Enter keeps the default shown. Ctrl-B goes back one
    question, Ctrl-D accepts the defaults for all remaining questions, Ctrl-C stops (exit 130) with
    the answers so far saved: run the same command again to resume. At the end it shows the
    assessment, as `sourcing assess FILE` would.

    With --stakeholder NAME, a group decision: NAME weighs the criteria, by a 0-5 priority each or
    by pairwise judgements (which of two matters more, and how much, on Saaty's 1-9 scale, the
    consistency ratio shown as they go; above 0.10 the judgement most at odds with the rest is
    offered for revision), then gives NAME's voice weight (default 1). Only NAME's entry in FILE
    changes: other keys, other stakeholders and comments stay as written; a FILE that does not
    exist is created as a minimal profile. Names match exactly, case included. A FILE with
    top-level `priorities` or `pairwise` is refused (exit 2): a profile weighs with one voice or
    with stakeholders, so move them into a stakeholder or delete them first. A rerun with the
    same NAME resumes, or goes over NAME's answers again with them as the defaults.

    Examples:

      sourcing interview

      sourcing interview -o qa.yaml --criteria my-criteria/

      sourcing interview --stakeholder CFO -o group.yaml

      sourcing interview --stakeholder "Head of IT" -o group.yaml --restart
    """
    collect_cycles()  # a session of prompts: prompt_toolkit's objects hold cycles
    problem = terminal_problem()
    if problem and stakeholder is not None:
        raise UsageError(f"sourcing interview needs a terminal to ask its questions ({problem}).\n"
                         "Write the stakeholder into the profile instead, such as `stakeholders: "
                         "[{name: CFO, priorities: {cost: 5, control: 2}}]`, and score it with: "
                         "sourcing assess PROFILE")
    if problem:
        raise UsageError(f"sourcing interview needs a terminal to ask its questions ({problem}).\n"
                         "Write the profile instead (`sourcing init PROFILE` gives a commented "
                         "starter) and score it with: sourcing assess PROFILE")
    if os.path.isdir(output):
        raise UsageError(f"{output}: is a directory; give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    if not os.path.isdir(parent):
        raise UsageError(f"{output}: the folder {parent} does not exist")
    catalog = catalog_from(criteria)
    if stakeholder is not None:
        from sourcing_cli.cli.interview_stakeholder import interview_stakeholder

        interview_stakeholder(output, stakeholder, catalog, criteria, restart=restart, force=force)
        return
    from sourcing_cli.interview import Interview

    start = starting_state(catalog, output, restart=restart, force=force)
    if start is None:
        err(f"left {output} as it was; score it with: {command('assess', output, criteria)}")
        return
    state, review = start
    flow = Interview(catalog, state, local_zone=local_timezone(), fallback_country=locale_country())
    if review:
        flow.rewind()
    elif flow.saved_count():
        number, total = flow.progress()
        err(f"resuming {output}: {plural(flow.saved_count(), 'answer')} saved, at question {number} "
            f"of {total}")
    intro = INTRO.format(resume=command("interview -o", output, criteria),
                         assess=command("assess", output, criteria))
    run(flow, output, intro, criteria)
    show_assessment(catalog, output, criteria)


def run(flow: Interview, output: Path, intro: str, criteria: Path | None) -> None:
    """Ask until every step is answered, writing the file after each answer."""
    from sourcing_cli import prompts
    from sourcing_cli.console import make_console
    from sourcing_cli.fsutil import atomic_write

    console = make_console()
    console.print(prompts.KEYS_HELP, style="dim")
    # A file that was not there when the interview started is never replaced: if one appears
    # meanwhile, the first save fails rather than clobber it.
    replace = os.path.exists(output)

    def save() -> None:
        nonlocal replace
        atomic_write(output, flow.render(intro), replace=replace)
        replace = True

    try:
        ask_each(flow, console, save)
    except (KeyboardInterrupt, EOFError) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else "input closed"
        err(f"{why}: {plural(flow.saved_count(), 'answer')} saved in {output}; "
            f"resume with: {command('interview -o', output, criteria)}")
        raise typer.Exit(EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_INPUT) from None
    atomic_write(output, flow.render(intro), replace=replace)
    err(f"wrote {output}")


def starting_state(
    catalog: Catalog, output: Path, *, restart: bool, force: bool
) -> tuple[Answers, bool] | None:
    """The answers to start from and whether to go over them from the top (a complete profile),
    or ``None`` when the user keeps a complete profile as it is."""
    from sourcing_cli import prompts
    from sourcing_cli.interview import Answers, Interview

    if not os.path.exists(output):
        return Answers(), False
    try:
        loaded = Answers.from_profile(read_profile(output, catalog))
    except InputError as exc:
        if force:
            return Answers(), False
        for diagnostic in exc.diagnostics:
            err(diagnostic.render())
        raise UsageError(f"{output} is not a valid profile to resume; fix it, or pass --force "
                         "to replace it") from None
    if not Interview(catalog, loaded).complete:
        return (Answers(), False) if restart else (loaded, False)
    if not force:
        question = (f"{output} is a complete profile. Start over and replace it?" if restart else
                    f"{output} is a complete profile. Go through it again (its answers are the "
                    "defaults) and rewrite it?")
        if not prompts.confirm(question):
            return None
    return (Answers(), False) if restart else (loaded, True)


def show_assessment(catalog: Catalog, output: Path, criteria: Path | None) -> None:
    """The same table and panel as ``sourcing assess FILE``, and the command that reruns it."""
    from datetime import date

    from sourcing_cli.console import make_console
    from sourcing_cli.render.table import renderables
    from sourcing_cli.report import build_report

    report = build_report(catalog, read_profile(output, catalog), date.today(), count_grid=False)
    console = make_console()
    for part in renderables(report):
        console.print(part)
    console.print(f"Assess it again with: {command('assess', output, criteria)}", markup=False,
                  highlight=False)


def command(verb: str, output: Path, criteria: Path | None) -> str:
    from sourcing_cli.render.escape import shell_word

    words = ["sourcing", *verb.split(), str(output)]
    if criteria is not None:
        words += ["--criteria", str(criteria)]
    return " ".join(shell_word(w) for w in words)


def terminal_problem() -> str | None:
    """Why there is no one to ask (stdin or stdout not a terminal, or running in CI), or ``None``."""
    ci = os.environ.get("CI", "").strip().lower()
    if ci and ci not in ("0", "false", "no"):
        return f"CI={os.environ['CI']} is set"
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        isatty = getattr(stream, "isatty", None)
        try:
            if stream is None or isatty is None or not isatty():
                return f"{name} is not a terminal"
        except ValueError:  # a closed stream
            return f"{name} is closed"
    return None


def local_timezone() -> str:
    """The IANA name of this machine's time zone: $TZ, /etc/timezone or /etc/localtime; else UTC."""
    from sourcing_cli.validation import check_timezone

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError, RuntimeError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    return next((c for c in candidates if c and check_timezone(c) is None), "UTC")


def locale_country() -> str:
    """The territory of the locale (``de_DE.UTF-8`` → ``DE``), for a zone with no country; else US."""
    from sourcing_cli.validation import check_country

    for variable in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(variable, "")
        territory = value.split(".", 1)[0].partition("_")[2][:2]
        if territory and check_country(territory) is None:
            return territory
    return "US"
