"""``sourcing_cli.cli.emit``: the one way a command puts its result out."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from sourcing_cli.cli.emit import emit, err, write_output
from sourcing_cli.errors import UsageError


def test_text_goes_to_stdout_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    emit('{"a": 1}\n')
    emit("no newline")
    out = capsys.readouterr()
    assert out.out == '{"a": 1}\nno newline' and out.err == ""


def test_renderables_print_one_after_the_other_without_colour_off_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    emit([Text("first", style="bold red"), Text("second")])
    assert capsys.readouterr().out == "first\nsecond\n"


def test_into_a_file_with_a_note_on_stderr_and_never_over_one_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # a file is plain whatever the environment says
    target = tmp_path / "out.txt"
    emit([Text("view", style="bold")], target)
    assert target.read_text(encoding="utf-8") == "view\n"
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith("wrote ") and out.err.endswith("out.txt\n")
    with pytest.raises(UsageError, match="already exists"):
        emit("text\n", target)
    assert target.read_text(encoding="utf-8") == "view\n"
    emit("text\n", target, force=True)
    assert target.read_text(encoding="utf-8") == "text\n"


def test_err_writes_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err("note: something\n\n")
    write_output(tmp_path / "x.json", "{}\n", force=False)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "note: something" and lines[1].startswith("wrote ") and len(lines) == 2
