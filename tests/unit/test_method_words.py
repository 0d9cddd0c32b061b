"""The sentences the decision methods add: Kendall's τ said in words that match the number."""

from __future__ import annotations

import pytest

from sourcing_cli.render.methods_views import TAU_AGREE, tau_text, tau_words
from sourcing_cli.words import joined, percent, plural


@pytest.mark.parametrize(("tau", "text", "words"), [
    (1.0, "1.00", "are identical"),
    (0.8, "0.80", "largely agree"),
    (2 / 3, "0.67", "largely agree"),
    (0.4, "0.40", "agree only loosely"),
    (0.2, "0.20", "are no more alike than chance"),
    (0.0, "0.00", "are no more alike than chance"),
    (-0.0, "0.00", "are no more alike than chance"),
    (-0.2, "−0.20", "are no more alike than chance"),
    (-0.6, "−0.60", "run largely opposite"),
    (-1.0, "−1.00", "run largely opposite"),
])
def test_tau_is_said_in_words_that_fit_the_number(tau: float, text: str, words: str) -> None:
    assert (tau_text(tau), tau_words(tau)) == (text, words)


def test_agree_is_never_said_at_or_below_the_threshold() -> None:
    for tau in (k / 1000 for k in range(-1000, 1001)):
        shown = float(tau_text(tau).replace("−", "-"))
        if shown <= TAU_AGREE:
            assert "agree" not in tau_words(tau), tau
        assert abs(shown - tau) <= 0.005 + 1e-12, tau  # the number printed is the τ computed


def test_a_tau_near_one_or_zero_is_never_printed_as_exactly_that() -> None:
    """Rankings of hundreds of models can give τ = 0.99996: not "1.00", and not "identical"."""
    assert tau_text(1 - 2 / 44850) == "0.99996"
    assert tau_words(1 - 2 / 44850) == "largely agree"
    assert tau_text(0.001) == "0.001"
    assert tau_text(-0.004) == "−0.004"


def test_shares_never_round_a_minority_to_zero_or_a_majority_to_all() -> None:
    assert percent(1, 10_077_695) == "less than 0.1%"
    assert percent(10_077_694, 10_077_695) == "more than 99.9%"
    assert (percent(5, 5), percent(1, 4)) == ("100%", "25.0%")


def test_counts_and_lists_read_as_english() -> None:
    assert (plural(1, "answer"), plural(3, "answer"), plural(0, "answer")) == (
        "1 answer", "3 answers", "0 answers")
    assert plural(1_000, "setting") == "1,000 settings"
    assert plural(2, "criterion", "criteria") == "2 criteria"
    assert (joined(["a"]), joined(["a", "b"]), joined(["a", "b", "c"])) == (
        "a", "a and b", "a, b and c")
