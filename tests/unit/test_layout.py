"""The layout rules that keep one home per concept, read from the source with :mod:`ast`.

* Output: only ``render/`` turns results into text or JSON, and only ``cli/emit.py`` puts it out.
  Everywhere else, no ``print``, ``typer.echo``, ``json.dump(s)``, ``….print(…)`` (a Rich console)
  or ``sys.stdout``/``sys.stderr`` writes — each exception below says why it is one.
* No function outside ``render/`` is named like a view (``describe_…``, ``…_json``, ``…_dict``, …).
* Tests: shared names come from ``tests/helpers.py``, never from ``conftest``; every golden error
  file under ``tests/cases/`` ends in ``.err``.

What stays outside ``render/`` on purpose: the located messages (``Diagnostic``, ``Finding``) and
the engine's reasons (a knock-out's, a red flag's message and its "because", a weight's source) are
sentences by design — each is the one wording of a fact about the input, carried in the result
(and pinned in the JSON) for the renderers to escape and lay out. ``Condition.describe()`` is the
one canonical rendering of a condition (``ip_sensitivity = high``), shared by error messages,
findings, those reasons and the catalog views; a copy under ``render/`` would be a second home.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from fnmatch import fnmatch

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "sourcing_cli"
TESTS = ROOT / "tests"

# modules (a glob, relative to the package) -> the calls they may make, and why
ALLOWED: dict[str, set[str]] = {
    # the one output helper of the CLI
    "cli/emit.py": {"typer.echo", "console.print", "sys.stderr.write"},
    # the catalog cache writes its entries as JSON: a file of its own, never shown
    "catalog_cache.py": {"json.dumps"},
    # the guard under stdout/stderr: its last word when the output is lost is on the raw stream
    "stdio.py": {"sys.stderr.write"},
    # the interactive interviews (``interview``, ``interview --stakeholder``): their key help and
    # summaries go to the terminal between the prompts, as the dialogue runs
    "cli/interview*.py": {"console.print"},
}
OUTPUT_CALLS = re.compile(r"^(print|typer\.s?echo|json\.dumps?|sys\.std(out|err)\.write|"
                          r"\w*console\.print|rich\.print)$")
VIEW_NAMES = re.compile(r"^(describe_\w+|\w+_json|\w+_markdown|\w+_html|\w+_dict|to_dict)$")


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def output_calls(rel: str, tree: ast.Module) -> list[str]:
    """The output calls of one module that its place does not allow."""
    if rel.startswith("render/"):
        return []
    allowed = set().union(*(names for glob, names in ALLOWED.items() if fnmatch(rel, glob)))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if OUTPUT_CALLS.match(name) and name not in allowed:
                found.append(f"{rel}:{node.lineno}: {name}(…)")
    return found


def test_only_the_renderers_and_the_emit_helper_make_output() -> None:
    found = [line for rel, tree in _sources() for line in output_calls(rel, tree)]
    assert not found, ("output made outside render/ and cli/emit.py — render it in render/, put "
                       "it out with sourcing_cli.cli.emit:\n" + "\n".join(found))


def test_no_view_is_defined_outside_the_renderers() -> None:
    found = [f"{rel}:{node.lineno}: {node.name}" for rel, tree in _sources()
             if not rel.startswith("render/") for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef) and VIEW_NAMES.match(node.name)]
    assert not found, "views defined outside render/:\n" + "\n".join(found)


def test_the_allowances_are_all_still_needed() -> None:
    """An exception that no longer has its call is dropped, so the list never grows stale."""
    used: dict[str, set[str]] = {glob: set() for glob in ALLOWED}
    for rel, tree in _sources():
        for glob in ALLOWED:
            if fnmatch(rel, glob):
                used[glob] |= {_dotted(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert {glob: names - used[glob] for glob, names in ALLOWED.items() if names - used[glob]} == {}


@pytest.mark.parametrize(("source", "expected"), [
    ("import typer\ndef f() -> None:\n    typer.echo('x')\n", ["x.py:3: typer.echo(…)"]),
    ("def f(c: object) -> None:\n    console.print(c)\n", ["x.py:2: console.print(…)"]),
    ("import json\nx = json.dumps({})\n", ["x.py:2: json.dumps(…)"]),
    ("import sys\nsys.stdout.write('x')\n", ["x.py:2: sys.stdout.write(…)"]),
    ("print('x')\n", ["x.py:1: print(…)"]),
    ("def f(table: object) -> None:\n    table.add_row('x')\n", []),
])
def test_the_output_check_sees_what_it_is_meant_to(source: str, expected: list[str]) -> None:
    assert output_calls("x.py", ast.parse(source)) == expected
    assert output_calls("render/x.py", ast.parse(source)) == []


def test_tests_take_shared_names_from_helpers_not_conftest() -> None:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "import these from tests.helpers instead:\n" + "\n".join(found)


def test_every_golden_error_file_ends_in_err() -> None:
    """One hostile-case convention: ``NAME.yaml`` (or another input) beside ``NAME.err``."""
    inputs = {".yaml", ".yml", ".json", ".md", ".txt", ""}
    odd = sorted(p.relative_to(ROOT).as_posix() for p in (TESTS / "cases").rglob("*")
                 if p.is_file() and p.suffix not in inputs | {".err"})
    assert not odd, "golden files with another suffix:\n" + "\n".join(odd)
    for err in (TESTS / "cases").rglob("*.err"):
        assert any(err.with_suffix(s).exists() for s in (".yaml", ".yml")), err
