"""Property tests: mutated profiles and policies, and random YAML, never crash or hang the tool.

Every outcome of ``assess`` is exit 0 (and valid JSON) or exit 2 with ``path:line:col: error:``
lines; ``check`` may also exit 1 (violations). Never a traceback, never exit 70 (a bug). Each case
runs under a SIGALRM bound of 10 seconds that fails it as a hang — a guard against infinite loops
and catastrophic backtracking, not a measure of speed — so Hypothesis's own deadline is off.

The inputs start from the shipped examples: text mutations (a line deleted, duplicated or cut,
characters swapped, a hostile token spliced in — aliases, tags, YAML 1.1 words, NaN, brackets,
tabs, bytes that are not UTF-8) and structural ones (any value replaced by random data), plus
YAML written from scratch out of its own punctuation.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sourcing_cli.cli.app import build_app
from tests.guards import hang_guard
from tests.helpers import EXAMPLES

HANG_SECONDS = 10
PROFILES = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))}
POLICY = (EXAMPLES / "policy-repo" / ".sourcing-policy.yaml").read_text(encoding="utf-8")
REPO_PROFILES = {p.name: p.read_text(encoding="utf-8")
                 for p in sorted((EXAMPLES / "policy-repo" / "sourcing").glob("*.yaml"))}
WORK = Path(tempfile.mkdtemp(prefix="sourcing-fuzz-"))
FUZZ = settings(max_examples=int(os.environ.get("SOURCING_FUZZ_EXAMPLES", "120")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TOKENS = [
    "yes", "no", "NO", "on", "off", "~", "null", ".nan", ".inf", "-.inf", "1e400", "0x1F", "0o17",
    "012", "1:30", "2026-02-30", "[", "]", "{", "}", "[]", "{}", "- ", ": ", "? ", "&a ", "*a",
    "&b [*a, *a, *a]", "*b", "!!python/object/apply:os.system ['true']", "!!str", "!!int", "!tag",
    "<<: *a", "---", "...", "\t", "'", '"', "#", "|", ">", "%YAML 1.1", "\\", "\u202e", "\x1b[31m",
    "9" * 400, "x" * 2000, "in_house", "captive_offshore", "cost", "team_size", "version: 1",
]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from(["in_house", "offshore_outsourcing", "qa_testing", "high", "DE", "Europe/Berlin",
                     "2026-01-01", "cost", "team_size", ""]),
)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)


@pytest.fixture(autouse=True)
def quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with hang_guard(HANG_SECONDS, f"no answer within {HANG_SECONDS} s: the input made the tool hang"):
            result = CliRunner().invoke(build_app(), list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def assess_outcome(data: bytes) -> None:
    """Assess ``data`` as a profile: exit 0 with JSON, or 2 with located errors."""
    path = WORK / "profile.yaml"
    path.write_bytes(data)
    code, out, err = invoke("assess", str(path), "--format", "json", "--as-of", "2026-03-01")
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 0:
        assert json.loads(out)["schema_version"] == 1
    else:
        assert out == ""
        assert err and all(line.startswith(f"{path}:") and ": error: " in line
                           for line in err.splitlines()), err


def check_outcome(policy: bytes) -> None:
    """Enforce ``policy`` on the example repository: 0, 1 or 2, never anything else."""
    repo = WORK / "repo"
    (repo / "sourcing").mkdir(parents=True, exist_ok=True)
    (repo / ".git").mkdir(exist_ok=True)
    for name, text in REPO_PROFILES.items():
        (repo / "sourcing" / name).write_text(text, encoding="utf-8")
    (repo / ".sourcing-policy.yaml").write_bytes(policy)
    code, out, err = invoke("check", "--format", "json", "--as-of", "2026-03-01", cwd=repo)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code in (0, 1):
        assert json.loads(out)["status"] == ("pass" if code == 0 else "fail")
    else:
        assert out == "" and err


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """``text`` after one to three random edits."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "splice", "replace-value", "cut",
                                     "swap", "indent"]))
        line = lines[i]
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "splice":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
        elif edit == "replace-value" and ": " in line:
            key = line.split(": ", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(TOKENS))}\n"
        elif edit == "cut":
            lines[i] = line[:draw(st.integers(0, len(line)))]
        elif edit == "swap" and len(line) > 1:
            at = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:at] + line[at + 1] + line[at] + line[at + 2:]
        elif edit == "indent":
            lines[i] = draw(st.sampled_from(["  ", "\t", " "])) + line
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # now and then, bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def replace_somewhere(data: Any, new: Any, choice: int) -> Any:
    """``data`` with one of its values (the ``choice``-th, walking depth first) replaced."""
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node:
                spots.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                spots.append((node, index))
                walk(node[index])

    walk(data)
    if spots:
        parent, key = spots[choice % len(spots)]
        parent[key] = new
    return data


@FUZZ
@given(st.sampled_from(sorted(PROFILES)), st.data())
def test_mutated_profiles_exit_0_or_2(name: str, data: st.DataObject) -> None:
    assess_outcome(data.draw(mutated(PROFILES[name])))


@FUZZ
@given(st.sampled_from(sorted(PROFILES)), DATA, st.integers(0, 10_000))
def test_profiles_with_a_value_replaced_exit_0_or_2(name: str, new: Any, choice: int) -> None:
    data = replace_somewhere(yaml.safe_load(PROFILES[name]), new, choice)
    assess_outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(alphabet=st.sampled_from([*"ab01 :-[]{}&*!|>'\"#?,.~\n\t%@`\\", "\u00e9"]),
               max_size=200))
def test_random_yaml_text_exits_0_or_2(text: str) -> None:
    assess_outcome(text.encode("utf-8"))


@FUZZ
@given(st.data())
def test_mutated_policies_exit_0_1_or_2(data: st.DataObject) -> None:
    check_outcome(data.draw(mutated(POLICY)))


@FUZZ
@given(DATA, st.integers(0, 10_000))
def test_policies_with_a_value_replaced_exit_0_1_or_2(new: Any, choice: int) -> None:
    data = replace_somewhere(yaml.safe_load(POLICY), new, choice)
    check_outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"))


def test_the_fuzzer_reaches_both_outcomes(capsys: pytest.CaptureFixture[str]) -> None:
    """A sanity check of the harness: the unmutated inputs pass, a broken one is refused."""
    assess_outcome(PROFILES["qa-nearshore.yaml"].encode())
    assess_outcome(b"version: 1\nanswers: {team_size: yes}\n")
    check_outcome(POLICY.encode())


