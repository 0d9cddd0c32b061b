"""The framework's minimum, for comparison: a Typer app that loads one YAML file with pydantic
and prints a Rich table. ``benchmarks/startup.py`` times ``sourcing`` against it.

    python benchmarks/bare_app.py show examples/qa-nearshore.yaml
    python benchmarks/bare_app.py --help
    python benchmarks/bare_app.py --version
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def _version(value: bool) -> None:
    if value:
        typer.echo("bare 0.0.0")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """A bare Typer app: the floor every Typer CLI stands on."""


@app.command()
def show(path: Annotated[Path, typer.Argument(help="A YAML profile.")]) -> None:
    """Load PATH with PyYAML, validate it with pydantic and print its answers as a Rich table."""
    import yaml
    from pydantic import BaseModel, ConfigDict
    from rich.console import Console
    from rich.table import Table

    class Profile(BaseModel):
        model_config = ConfigDict(extra="allow")
        version: int
        name: str
        answers: dict[str, Any] = {}

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        profile = Profile.model_validate(yaml.load(fh, Loader=loader))
    table = Table(title=profile.name)
    table.add_column("question")
    table.add_column("answer")
    for key, value in profile.answers.items():
        table.add_row(key, str(value))
    Console().print(table)


if __name__ == "__main__":
    app()
