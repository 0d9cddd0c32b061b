"""The test command installs on every Python the package claims: each test requirement admits a
release that supports the oldest claimed Python."""

from __future__ import annotations

import re

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.helpers import ROOT

# Test requirements whose newer releases dropped an older Python: the last release that still
# installs there (its Requires-Python, as published).
LAST_FOR_OLD_PYTHON = {
    "pymcdm": {"3.10": "1.2.0"},  # 1.2.1 and later: Requires-Python >=3.11
}


def _pyproject_list(name: str) -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(rf"^{name} = \[(.*?)^\]", text, re.MULTILINE | re.DOTALL)
    assert found, f"no {name} list in pyproject.toml"
    return re.findall(r'^\s*"([^"]+)",', found.group(1), re.MULTILINE)


def _requires_python() -> SpecifierSet:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^requires-python = "([^"]+)"', text, re.MULTILINE)
    assert found
    return SpecifierSet(found.group(1))


def test_every_test_requirement_installs_on_the_oldest_claimed_python() -> None:
    claimed = _requires_python()
    requirements = {Requirement(r).name.lower(): Requirement(r) for r in _pyproject_list("test")}
    for name, last in LAST_FOR_OLD_PYTHON.items():
        requirement = requirements[name]
        for python, version in last.items():
            if python + ".0" not in claimed:
                continue
            applies = requirement.marker is None or requirement.marker.evaluate(
                {"python_version": python, "python_full_version": python + ".0"})
            assert not applies or requirement.specifier.contains(version), (
                f"{requirement} rules out {name} {version}, the last release for Python {python}, "
                f"which the package claims ({claimed})")
