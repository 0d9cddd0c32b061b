"""Every command is wired, documents itself with examples, and does what its help says."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup

from sourcing_cli import __version__
from sourcing_cli.catalog import Catalog
from sourcing_cli.cli.app import COMMANDS, build_app, summary
from tests.helpers import EXAMPLES, Run

QA = str(EXAMPLES / "qa-nearshore.yaml")


def test_every_registered_command_is_in_the_app() -> None:
    group = typer.main.get_command(build_app())
    assert isinstance(group, TyperGroup)
    with group.make_context("sourcing", ["--help"], resilient_parsing=True) as ctx:
        assert group.list_commands(ctx) == list(COMMANDS)
        for name in COMMANDS:
            command = group.get_command(ctx, name)
            assert command is not None and command.name == name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_summary_in_the_command_list_is_the_commands_own(name: str) -> None:
    doc = inspect.getdoc(COMMANDS[name]) or ""
    assert " ".join(doc.split("\n\n")[0].split()) == summary(name)


def test_help_and_version_load_no_command_module() -> None:
    code = ("import sys; from sourcing_cli.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('sourcing_cli.cli.')))")
    for flag in ("--help", "--version"):
        out = subprocess.run([sys.executable, "-c", code, flag], capture_output=True, text=True,
                             check=True).stdout
        loaded = out.splitlines()[-1]
        # the app, and for --version the one output helper; never a command's module
        assert loaded == ("['sourcing_cli.cli.app']" if flag == "--help" else
                          "['sourcing_cli.cli.app', 'sourcing_cli.cli.emit']"), flag


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_with_examples(name: str, cli: Callable[..., Run]) -> None:
    run = cli(name, "--help")
    assert run.exit_code == 0
    assert "Examples:" in run.stdout and f"sourcing {name}" in run.stdout


def test_version(cli: Callable[..., Run]) -> None:
    assert cli("--version").stdout == f"sourcing {__version__}\n"


def test_unknown_option_is_a_usage_error(cli: Callable[..., Run]) -> None:
    assert cli("assess", QA, "--formt", "json").exit_code == 2


def test_compare_lists_every_model_and_criterion(cli: Callable[..., Run], catalog: Catalog) -> None:
    data = json.loads(cli("compare", "--format", "json").stdout)
    assert [m["id"] for m in data["models"]] == list(catalog.model_ids)
    assert [c["id"] for c in data["criteria"]] == list(catalog.criterion_ids)
    assert data["criteria"][0]["ratings"]["in_house"]["cite"]["source"] == "strategy"
    table = cli("compare").stdout
    assert "Captive" in table and "1 · Slower;" in table


def test_criteria_and_questions(cli: Callable[..., Run]) -> None:
    one = json.loads(cli("criteria", "cost", "--format", "json").stdout)
    assert one["id"] == "cost" and one["adjustments"][0]["when"]
    # each rating says how sure it is: stated plainly (offshore's "fraction of the cost") or read
    # two ways (the table's "higher for … onshore vendors")
    assert one["ratings"]["offshore_outsourcing"]["uncertainty"] == 0.5
    assert one["ratings"]["onshore_outsourcing"]["uncertainty"] == 1.5
    assert "Labour arbitrage" in cli("criteria", "cost").stdout
    run = cli("criteria", "cots")
    assert run.exit_code == 2 and run.stderr == "error: unknown criterion 'cots'; did you mean 'cost'?\n"
    questions = json.loads(cli("questions", "--format", "json").stdout)
    residency = next(q for q in questions if q["id"] == "data_residency")
    assert residency["when"] == "data_sensitivity ≠ none"


def test_init_writes_a_valid_profile_and_never_overwrites(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    target = tmp_path / "p.yaml"
    assert cli("init", str(target)).exit_code == 0
    assert target.read_text().startswith("# yaml-language-server: $schema=profile.schema.json\n")
    assert cli("assess", str(target)).exit_code == 0
    target.write_text("version: 1\n# mine\n")
    run = cli("init", str(target))
    assert run.exit_code == 2 and "already exists; pass --force" in run.stderr
    assert target.read_text() == "version: 1\n# mine\n"
    assert cli("init", str(target), "--force").exit_code == 0


def test_output_and_export(cli: Callable[..., Run], tmp_path: Path) -> None:
    out, svg = tmp_path / "r.md", tmp_path / "r.svg"
    run = cli("assess", QA, "--format", "markdown", "--output", str(out))
    assert run.exit_code == 0 and run.stdout == ""
    assert out.read_text().startswith("# Sourcing assessment: Acme — QA testing")
    again = cli("assess", QA, "--format", "markdown", "--output", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert cli("assess", QA, "--export", str(svg)).exit_code == 0
    assert svg.read_text().startswith("<svg")
    bad = cli("assess", QA, "--export", str(tmp_path / "r.png"))
    assert bad.exit_code == 2 and "must end in .svg or .html" in bad.stderr


def test_as_of_must_be_a_date(cli: Callable[..., Run]) -> None:
    run = cli("assess", QA, "--as-of", "tomorrow")
    assert run.exit_code == 2
    assert run.stderr == "error: --as-of: expected a date written YYYY-MM-DD, got 'tomorrow'\n"


def test_no_colour_when_piped(cli: Callable[..., Run]) -> None:
    assert "\x1b[" not in cli("assess", QA).stdout


def test_schema_criteria_and_validate_catalog_files(cli: Callable[..., Run]) -> None:
    schema = json.loads(cli("schema", "criteria").stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    run = cli("validate", "criteria/cost.yaml")
    assert run.exit_code == 0 and run.stdout == "criteria/cost.yaml: ok (catalog)\n"
