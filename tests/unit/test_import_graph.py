"""The package's import graph has no cycle: between modules, and between packages.

Every module under ``sourcing_cli/`` is parsed with :mod:`ast` (nothing is imported) and every
``import`` and ``from … import`` in it is collected, wherever it stands: at the top, or inside a
function (a lazy import still ties the two modules together, it only hides the knot until run
time). Imports under ``if TYPE_CHECKING:`` are left out: they never run, and annotations are
strings (``from __future__ import annotations``).

An import resolves to the deepest module of the package it names: ``from sourcing_cli.render import
json_`` is an edge to ``sourcing_cli.render.json_`` (and to ``sourcing_cli.render``, its package's
``__init__``, which runs first).

Package level: a node is one *unit of the layout* — a sub-package directly under ``sourcing_cli``
(``cli``, ``methods``, ``render``: all its modules together), each top-level module on its own
(``sourcing_cli.report``, ``sourcing_cli.catalog``, …), and the package's own ``__init__``. A
cycle there (``render`` imports ``methods`` while ``methods`` imports ``render``) fails even when no
two single modules import each other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = "sourcing_cli"
SOURCE = Path(__file__).resolve().parent.parent.parent / PACKAGE


def _modules(root: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes under an ``if TYPE_CHECKING:`` (its ``else`` runs, so it counts)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            for statement in node.body:
                skipped.update(id(n) for n in ast.walk(statement))
    return skipped


def _imported(module: str, path: Path) -> Iterable[str]:
    """Every dotted name ``module`` imports at run time, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            yield name
            yield from (f"{name}.{alias.name}" for alias in node.names)


def import_graph(root: Path = SOURCE) -> dict[str, set[str]]:
    """Module → the package's modules it imports (itself left out)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for name in _imported(module, path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                graph[module].add(name)
    return graph


def unit(module: str) -> str:
    """The package-level node of a module: its sub-package, or the top-level module itself."""
    parts = module.split(".")
    if len(parts) >= 3 or (len(parts) == 2 and (SOURCE / parts[1]).is_dir()):
        return f"{PACKAGE}.{parts[1]}"
    return module


def package_graph(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for module, imported in graph.items():
        node = out.setdefault(unit(module), set())
        node.update(unit(m) for m in imported if unit(m) != unit(module))
    return out


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _describe(found: list[list[str]], graph: Mapping[str, set[str]]) -> str:
    lines = []
    for component in found:
        members = set(component)
        ties = [f"{a} -> {b}" for a in component for b in sorted(graph.get(a, ())) if b in members]
        lines.append(" ⟲ ".join(component) + ": " + "; ".join(ties))
    return "\n".join(lines)


def test_no_module_imports_itself_back() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles between modules:\n" + _describe(found, graph)


def test_no_package_imports_itself_back() -> None:
    packages = package_graph(import_graph())
    found = cycles(packages)
    assert not found, "import cycles between packages:\n" + _describe(found, packages)


def test_the_core_never_imports_the_cli_or_the_renderers() -> None:
    """Layers: ``cli`` builds and runs, ``render`` turns results into text; the rest (the model,
    the engine, the methods, the policy) knows neither. ``render.escape`` is the one shared helper
    (a baseline file is JSON written with the report's own writer)."""
    allowed = {f"{PACKAGE}.render.escape"}
    graph = import_graph()
    upward = sorted(f"{m} -> {i}" for m, imported in graph.items()
                    if unit(m) not in (f"{PACKAGE}.cli", f"{PACKAGE}.render", f"{PACKAGE}.__main__")
                    for i in imported
                    if unit(i) in (f"{PACKAGE}.cli", f"{PACKAGE}.render") and i not in allowed)
    assert not upward, "core modules importing the CLI or the renderers:\n" + "\n".join(upward)


# ---- the checker itself: it must see what it is meant to see ------------------------------------


def _tree(tmp_path: Path, files: Mapping[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_lazy_import_counts_and_a_type_checking_one_does_not(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "__init__.py": "",
        "a.py": "from sourcing_cli import b\n",
        "b.py": "def f() -> None:\n    from sourcing_cli.a import x\n",
        "c.py": "from sourcing_cli.d import y\n",
        "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sourcing_cli import c\n",
    })
    graph = import_graph(root)
    assert cycles(graph) == [["sourcing_cli.a", "sourcing_cli.b"]]


def test_relative_imports_resolve(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "__init__.py": "",
        "sub/__init__.py": "",
        "sub/one.py": "from . import two\n",
        "sub/two.py": "from ..sub.one import z\n",
    })
    assert cycles(import_graph(root)) == [["sourcing_cli.sub.one", "sourcing_cli.sub.two"]]


@pytest.mark.parametrize(("module", "expected"), [
    ("sourcing_cli.render.table", "sourcing_cli.render"),
    ("sourcing_cli.render", "sourcing_cli.render"),
    ("sourcing_cli.report", "sourcing_cli.report"),
    ("sourcing_cli", "sourcing_cli"),
])
def test_package_units(module: str, expected: str) -> None:
    assert unit(module) == expected


def test_a_cycle_through_packages_is_seen_without_a_module_cycle() -> None:
    graph = {"sourcing_cli.render.a": {"sourcing_cli.methods.b"},
             "sourcing_cli.methods.b": set(),
             "sourcing_cli.methods.c": {"sourcing_cli.render.d"},
             "sourcing_cli.render.d": set()}
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["sourcing_cli.methods", "sourcing_cli.render"]]
