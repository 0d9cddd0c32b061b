"""``sourcing interview --stakeholder NAME``: one stakeholder's weights, asked in a terminal and
written into the profile's ``stakeholders:`` list as they are given.

The boundary of the stakeholder mode: finding NAME's entry (:mod:`sourcing_cli.stakeholder_entry`),
resuming an unfinished one and saying so, confirming before going over a finished one again, saving
after every answer (atomically, and never over a file that something else changed meanwhile),
saying what was saved on Ctrl-C, and the weights at the end. Which question comes next is
:mod:`sourcing_cli.stakeholder_flow`; how it is asked is :mod:`sourcing_cli.prompts`. The plain
interview's command (:mod:`sourcing_cli.cli.interview`) checks the terminal and the output path,
then hands over here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from sourcing_cli.catalog import Catalog
from sourcing_cli.cli.common import EXIT_INPUT, EXIT_INTERRUPTED, err
from sourcing_cli.cli.interview_questions import ask_each
from sourcing_cli.errors import UsageError, shown_path
from sourcing_cli.render.escape import shell_word, terminal
from sourcing_cli.render.interview import stakeholder_summary
from sourcing_cli.stakeholder_entry import Place, check_name, place
from sourcing_cli.stakeholder_flow import StakeholderAnswers, StakeholderFlow
from sourcing_cli.words import plural


def interview_stakeholder(
    output: Path, name: str, catalog: Catalog, criteria: Path | None, *, restart: bool, force: bool
) -> None:
    """Ask NAME's weighting questions and keep NAME's entry in ``output`` up to date."""
    problem = check_name(name)
    if problem is not None:
        raise UsageError(problem)
    shown = terminal(shown_path(output))
    again = command(["interview", "--stakeholder", name, "-o", str(output)], criteria)
    spot = place(output, shown, catalog, name, again)
    who = terminal(name)
    state = spot.found if spot.found is not None and not restart else StakeholderAnswers(name)
    flow = StakeholderFlow(catalog, state, spot.answers)
    if spot.found is not None and not restart:
        if flow.complete:
            from sourcing_cli import prompts

            if not force and not prompts.confirm(
                    f"{who} already has weights in {shown}. Go through them again (the earlier "
                    "answers are the defaults) and rewrite them?"):
                err(f"left {shown} as it was; score it with: {command(['assess', str(output)], criteria)}")
                return
            flow.rewind()
        else:
            number, total = flow.progress()
            err(f"resuming {who} in {shown}: {plural(flow.saved_count(), 'answer')} saved, at "
                f"question {number} of {total}")
            sys.stderr.flush()  # before the first prompt takes the terminal
    run(flow, output, spot, again)
    show_weights(flow, output, criteria)


def run(flow: StakeholderFlow, output: Path, spot: Place, again: str) -> None:
    """Ask until every step is answered, writing the profile after each answer."""
    from sourcing_cli import prompts
    from sourcing_cli.console import make_console

    console = make_console()
    shown = terminal(shown_path(output))
    console.print(f"The weights of {terminal(flow.state.name)}, saved in {shown}",
                  markup=False, highlight=False)
    console.print(prompts.KEYS_HELP, style="dim")
    saver = Saver(output, spot)
    try:
        ask_each(flow, console, lambda: saver.save(flow))
    except (KeyboardInterrupt, EOFError) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else "input closed"
        saved = (f"{plural(flow.saved_count(), 'answer')} saved in {shown}"
                 if saver.written or spot.found is not None else "nothing saved yet")
        found = flow.result()
        if found is not None and not found.consistent:
            saved += (f" (the judgements are inconsistent, consistency ratio "
                      f"{found.consistency_ratio:.2f}: the rerun starts at their review)")
        err(f"{why}: {saved}; resume with: {again}")
        raise typer.Exit(EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_INPUT) from None
    saver.save(flow)
    err(f"wrote {shown}")


class Saver:
    """Writes the profile with the entry as it stands — atomically, and only over the text it last
    wrote (or found): should anything else change the file meanwhile, the save is refused rather
    than lose that change."""

    def __init__(self, output: Path, spot: Place) -> None:
        self.output, self.spot = output, spot
        self.existed = os.path.exists(output)
        self.expected: bytes | None = output.read_bytes() if self.existed else None
        self.written = False

    def save(self, flow: StakeholderFlow) -> None:
        from sourcing_cli.fsutil import atomic_write

        if flow.saved_count() == 0 and not self.written:
            return  # nothing answered yet: no entry to write
        state = flow.state
        comparing = state.criteria if state.mode == "pairwise" and flow.result() is None else None
        text = self.spot.text(state.entry(), comparing)
        try:
            now: bytes | None = self.output.read_bytes()
        except FileNotFoundError:
            now = None
        except OSError as exc:
            raise UsageError(f"{self.output}: cannot read: {exc.strerror}") from None
        if now != self.expected:
            raise UsageError(f"{shown_path(self.output)} was changed by something else during the "
                             "interview; it was not overwritten. Run the interview again to carry "
                             "on from what the file holds now")
        atomic_write(self.output, text, replace=self.existed or self.written)
        self.expected = text.encode("utf-8")
        self.written = True


def show_weights(flow: StakeholderFlow, output: Path, criteria: Path | None) -> None:
    """NAME's weights as they now stand (and a kept inconsistency, said plainly), then the command
    that scores the group."""
    from sourcing_cli.console import make_console

    console = make_console()
    for line in stakeholder_summary(flow):
        console.print(line, markup=False, highlight=False)
    if flow.kept_inconsistent:
        found = flow.result()
        ratio = f" (consistency ratio {found.consistency_ratio:.2f})" if found is not None else ""
        err(f"warning: {terminal(flow.state.name)}'s judgements are inconsistent{ratio} and were "
            "saved as they are; `sourcing assess` refuses them until they are revised")
    console.print(f"Score the group with: {command(['assess', str(output)], criteria)}",
                  markup=False, highlight=False)


def command(words: list[str], criteria: Path | None) -> str:
    full = ["sourcing", *words]
    if criteria is not None:
        full += ["--criteria", str(criteria)]
    return " ".join(terminal(shell_word(w)) for w in full)
