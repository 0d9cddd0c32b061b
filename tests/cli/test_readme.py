"""The README's promise: its two set-up commands are real, and CI runs the test one verbatim."""

from __future__ import annotations

import re

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", README, flags=re.S)]


def test_the_readme_gives_the_two_set_up_commands() -> None:
    blocks = shell_blocks()
    run_main = next(b for b in blocks if "sourcing assess examples/" in b)
    assert run_main.startswith("python3 -m pip install . && sourcing assess examples/")
    example = run_main.split("sourcing assess ", 1)[1]
    assert (ROOT / example).is_file()
    assert any("pytest" in b and ".[test]" in b for b in blocks)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = next(b for b in shell_blocks() if "pytest" in b)
    assert command in CI.splitlines()
