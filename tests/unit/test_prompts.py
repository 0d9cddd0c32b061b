"""The prompt layer driven through prompt_toolkit's pipe input, without a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from sourcing_cli import prompts
from sourcing_cli.catalog import Catalog
from sourcing_cli.interview import Interview

DOWN = "\x1b[B"
BACKSPACE = "\x7f"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def ask(catalog: Catalog, pipe: PipeInput, key: str, keys: str, flow: Interview | None = None) -> Any:
    flow = flow or Interview(catalog, local_zone="Europe/Berlin")
    pipe.send_text(keys)
    return prompts.ask(flow, flow.step(key), input=pipe, output=DummyOutput())


def test_enter_picks_the_highlighted_default(catalog: Catalog, pipe: PipeInput) -> None:
    assert ask(catalog, pipe, "strategic_importance", "\r") == "supporting"


def test_arrow_keys_move_through_the_list(catalog: Catalog, pipe: PipeInput) -> None:
    assert ask(catalog, pipe, "strategic_importance", DOWN + "\r") == "non_core"


def test_a_yes_no_question_is_a_list_too(catalog: Catalog, pipe: PipeInput) -> None:
    assert ask(catalog, pipe, "expansion_plans", "\r") is False  # the default, "No", highlighted
    assert ask(catalog, pipe, "expansion_plans", "\x1b[A\r") is True


def test_a_number_prompt_offers_the_default_and_returns_a_number(catalog: Catalog, pipe: PipeInput) -> None:
    assert ask(catalog, pipe, "team_size", "\r") == 10


def test_an_out_of_range_number_is_refused_and_the_prompt_stays(catalog: Catalog, pipe: PipeInput) -> None:
    keys = BACKSPACE * 2 + "0\r" + BACKSPACE + "15\r"
    assert ask(catalog, pipe, "team_size", keys) == 15


def test_an_unknown_time_zone_is_refused(catalog: Catalog, pipe: PipeInput) -> None:
    keys = "\x15Mars/Olympus\r\x15America/Bogota\r"  # Ctrl-U clears the line
    assert ask(catalog, pipe, "timezone", keys) == "America/Bogota"


def test_a_priority_takes_fractions(catalog: Catalog, pipe: PipeInput) -> None:
    assert ask(catalog, pipe, "cost", BACKSPACE + "2.5\r") == 2.5


@pytest.mark.parametrize("key", ["function", "team_size", "name"])
def test_ctrl_b_goes_back_and_ctrl_d_accepts_the_defaults(
    catalog: Catalog, pipe: PipeInput, key: str
) -> None:
    assert ask(catalog, pipe, key, "\x02") is prompts.Move.BACK
    assert ask(catalog, pipe, key, "\x04") is prompts.Move.DEFAULTS


@pytest.mark.parametrize("key", ["function", "team_size"])
def test_ctrl_c_raises_keyboard_interrupt(catalog: Catalog, pipe: PipeInput, key: str) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(catalog, pipe, key, "\x03")


def test_confirm_defaults_to_no(pipe: PipeInput) -> None:
    pipe.send_text("\r")
    assert prompts.confirm("Replace it?", input=pipe, output=DummyOutput()) is False
    pipe.send_text("y")
    assert prompts.confirm("Replace it?", input=pipe, output=DummyOutput()) is True
