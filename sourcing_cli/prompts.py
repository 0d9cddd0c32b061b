"""Asking one interview step in a terminal, with questionary (prompt_toolkit underneath).

The prompt I/O layer of ``sourcing interview``; the flow it asks about is
:mod:`sourcing_cli.interview`. A step with choices is a list picked with the arrow keys, its default
highlighted (or, for a step that takes several, a list of boxes ticked with Space); any other
step is a line of text, pre-filled with its default and checked by the flow's
own validator (numbers as they are typed, names and zones on Enter), so a refused entry shows why
at the prompt and the question stays. Two keys work everywhere: Ctrl-B goes back one question and
Ctrl-D accepts the defaults of every remaining question. Ctrl-C raises :class:`KeyboardInterrupt`
(``unsafe_ask``), so the command can say what was saved.

questionary is imported here and nowhere else, and only ``sourcing interview`` imports this module,
so other commands do not pay for it.
"""

from __future__ import annotations

import enum
from typing import Any, Protocol

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys


class Flow(Protocol):
    """What a prompt needs of a flow: :class:`~sourcing_cli.interview.Interview`, or one
    stakeholder's weighting (:class:`~sourcing_cli.stakeholder_flow.StakeholderFlow`)."""

    def progress(self) -> tuple[int, int]: ...
    def default(self, step: Any) -> Any: ...
    def check_text(self, step: Any, text: str) -> str | None: ...
    def parse(self, step: Any, text: str) -> Any: ...


class Move(enum.Enum):
    """What a prompt returns instead of an answer when a navigation key was pressed."""

    BACK = "back"
    DEFAULTS = "defaults"


KEYS_HELP = ("Enter keeps the default shown · Ctrl-B goes back one question · "
             "Ctrl-D accepts the defaults for all remaining questions · Ctrl-C stops (answers so far "
             "are saved)")


def _navigation() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add(Keys.ControlB, eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=Move.BACK)

    @bindings.add(Keys.ControlD, eager=True)
    def _defaults(event: KeyPressEvent) -> None:
        event.app.exit(result=Move.DEFAULTS)

    return bindings


def build(flow: Flow, step: Any, **io: Any) -> questionary.Question:
    """The question for ``step``; ``io`` (``input``, ``output``) lets tests drive it without a TTY."""
    number, total = flow.progress()
    qmark = f"[{number}/{total}]"
    default = flow.default(step)
    if getattr(step, "multiple", False):
        ticked = [questionary.Choice(title=label, value=value, checked=value in default)
                  for label, value in step.choices]
        question = questionary.checkbox(
            step.text, choices=ticked, qmark=qmark,
            validate=lambda picked: flow.check_text(step, ",".join(picked)) or True, **io)
    elif step.choices:
        choices = [questionary.Choice(title=label, value=value) for label, value in step.choices]
        question = questionary.select(step.text, choices=choices, default=default, qmark=qmark,
                                      use_jk_keys=False, **io)
    else:
        question = questionary.text(
            step.text, default=_shown(default), qmark=qmark,
            validate=lambda text: flow.check_text(step, text) or True,
            validate_while_typing=step.numeric, **io,
        )
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _navigation()])
    return question


def ask(flow: Flow, step: Any, **io: Any) -> Any:
    """The answer to ``step`` (a value to give the flow's ``answer``) or a :class:`Move`."""
    result = build(flow, step, **io).unsafe_ask()
    if isinstance(result, Move) or step.choices:
        return result
    return flow.parse(step, str(result))


def confirm(message: str, **io: Any) -> bool:
    return bool(questionary.confirm(message, default=False, **io).unsafe_ask())


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
