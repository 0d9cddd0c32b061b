"""Globs from a policy can neither crash ``check`` nor make it hang.

A glob is untrusted text: a bad character class must be a located error, not a ``re.error``
traceback, and patterns such as ``**/**/…/*.yml`` or ``*a*a*a…b`` — which make a backtracking
regular expression run for hours on a deep path or a long name — must match in linear time. The
bound here is a hang guard (SIGALRM), not a speed assertion.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sourcing_cli.repo import glob_problem, matches
from tests.guards import hang_guard


@pytest.fixture(autouse=True)
def hang_guard_fixture() -> Iterator[None]:
    with hang_guard(10, "glob matching hung"):
        yield


@pytest.mark.parametrize(("pattern", "problem"), [
    ("[!]", "'[!]' is not a valid glob: unterminated character set"),
    ("[z-a]", "'[z-a]' is not a valid glob: bad character range z-a"),
    ("x" * 501, "a glob is at most 500 characters long"),
])
def test_invalid_character_classes_are_problems_not_crashes(pattern: str, problem: str) -> None:
    assert glob_problem(pattern) == problem
    assert matches("x.yaml", [pattern]) is False


def test_many_double_stars_on_a_deep_path_do_not_backtrack() -> None:
    pattern = "/".join(["**"] * 40) + "/*.yml"
    deep = "/".join(["d"] * 2000) + "/x.yaml"
    assert matches(deep, [pattern]) is False
    assert matches(deep[:-4] + "yml", [pattern]) is True


def test_many_stars_in_one_segment_do_not_backtrack() -> None:
    pattern = "*a" * 30 + "*b"
    assert matches("a" * 5000, [pattern]) is False
    assert matches("a" * 5000 + "b", [pattern]) is True


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("a/**/**/b.yaml", "a/b.yaml", True),
    ("a/**/**/b.yaml", "a/x/y/b.yaml", True),
    ("a/**/**", "a/x", True),
    ("a/**/**", "a", False),
    ("**", "x/y", True),
    ("*x*y*", "axbyc", True),
    ("*x*y*", "ayxb", False),
    ("[!x]*", "\n", True),
])
def test_collapsed_patterns_keep_their_meaning(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("sourcing/[[:alpha:]]*.yaml", "sourcing/qa1.yaml", True),
    ("sourcing/[[:alpha:]]*.yaml", "sourcing/1qa.yaml", False),
    ("[[:digit:][:upper:]]*", "Q", True),
    ("[[:digit:][:upper:]]*", "7", True),
    ("[[:digit:][:upper:]]*", "q", False),
    ("[![:digit:]]x", "ax", True),
    ("[![:digit:]]x", "1x", False),
    ("[[:alnum:]_-]*", "_", True),
    ("[[:punct:]]", ",", True),
    ("[[:punct:]]", "a", False),
    ("[[:space:]]", " ", True),
    ("[[:xdigit:]][[:lower:]]", "Fz", True),
    ("[[]", "[", True),
    ("[a&&b]", "&", True),
    ("[~~]", "~", True),
    ("[||]", "|", True),
    ("[a-c-e]", "-", True),
    ("[a-c-e]", "d", False),
    ("[^a]", "^", True),
    ("[^a]", "b", False),
])
def test_posix_classes_and_regex_syntax_in_a_class(pattern: str, path: str, expected: bool) -> None:
    """A POSIX class means what git means by it; ``[[``, ``&&``, ``~~``, ``||`` or ``^`` in a class
    are the characters themselves, never regular-expression syntax (nor a FutureWarning)."""
    assert glob_problem(pattern) is None
    assert matches(path, [pattern]) is expected


def test_an_unknown_posix_class_is_a_problem() -> None:
    problem = glob_problem("sourcing/[[:letter:]]*.yaml")
    assert problem is not None
    assert problem.startswith("'sourcing/[[:letter:]]*.yaml' is not a valid glob: unknown "
                              "character class '[:letter:]'; use one of [:alnum:], [:alpha:]")
    assert matches("sourcing/a.yaml", ["sourcing/[[:letter:]]*.yaml"]) is False


@pytest.mark.parametrize("pattern", [
    "[[:alpha:]]", "[[]", "[a--b]", "[a&&b]", "[a~~b]", "[a||b]", "[[:x]", "[[=a=]]", "[[.a.]]",
    "x[[:alpha:]-z]", "[!-]", "[--]",
])
def test_no_glob_ever_makes_python_warn(pattern: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        glob_problem(pattern)
        matches("a", [pattern])
