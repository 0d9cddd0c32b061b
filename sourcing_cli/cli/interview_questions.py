"""The interviews' question loop, shared by ``sourcing interview`` and its ``--stakeholder`` mode:
ask each step, follow the navigation keys, save after every answer.

A step's help comes from the catalog, a file the user may not control: it is printed as text
(control characters escaped, never read as Rich markup), as every catalog string is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from sourcing_cli.cli.emit import err
from sourcing_cli.render.escape import terminal

if TYPE_CHECKING:
    from rich.console import Console


class Asked(Protocol):
    """What the loop needs of a flow (:class:`~sourcing_cli.interview.Interview`, or one
    stakeholder's :class:`~sourcing_cli.stakeholder_flow.StakeholderFlow`), beside what the
    prompts need (:class:`~sourcing_cli.prompts.Flow`)."""

    @property
    def current(self) -> Any: ...
    def progress(self) -> tuple[int, int]: ...
    def default(self, step: Any) -> Any: ...
    def check_text(self, step: Any, text: str) -> str | None: ...
    def parse(self, step: Any, text: str) -> Any: ...
    def answer(self, value: Any) -> str | None: ...
    def back(self) -> bool: ...
    def accept_defaults(self) -> str | None: ...


def ask_each(flow: Asked, console: Console, save: Callable[[], None]) -> None:
    """Ask until every step is answered, calling ``save`` after each answer. Ctrl-C
    (``KeyboardInterrupt``) and closed input (``EOFError``) propagate: the caller says what was
    kept."""
    from sourcing_cli import prompts

    while (step := flow.current) is not None:
        if step.help:
            console.print(terminal(step.help), style="dim", markup=False, highlight=False)
        result = prompts.ask(flow, step)
        if result is prompts.Move.BACK:
            flow.back()
            continue
        if result is prompts.Move.DEFAULTS:
            number, total = flow.progress()
            left = total - number + 1
            console.print("Accepting the default for the last question." if left == 1 else
                          f"Accepting the defaults for the {left} remaining questions.",
                          style="dim")
            problem = flow.accept_defaults()
        else:
            problem = flow.answer(result)
        if problem:
            err(f"error: {problem}")
        save()
