"""``assess`` loads the modules of a feature only for a profile (or a format) that uses it.

Each case runs ``sourcing assess`` in a fresh interpreter and lists which of the feature modules
it loaded: a plain profile loads none of them (JSON loads the robustness grid, which only it
reports), and a profile with stakeholders, workstreams and vendors, or ``--method all``, loads
exactly the ones it needs. ``sourcing_cli.profile_parts`` holds the vendor and workstream models,
``sourcing_cli.stakeholders`` the stakeholder's: not loading them means not building them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import EXAMPLES

FEATURES = (
    "sourcing_cli.group",
    "sourcing_cli.stakeholders",
    "sourcing_cli.portfolio",
    "sourcing_cli.profile_parts",
    "sourcing_cli.methods.robustness",
    "sourcing_cli.render.methods_views",
    "sourcing_cli.render.stakeholders",
    "sourcing_cli.render.portfolio_table",
    "sourcing_cli.render.portfolio_markdown",
)

CODE = """
import json, sys
from sourcing_cli.cli.app import main
features = json.loads(sys.argv[1])
sys.argv = ["sourcing", "assess", *sys.argv[2:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps([code, sorted(m for m in features if m in sys.modules)]), file=sys.stderr)
"""

GROUP = ["sourcing_cli.group", "sourcing_cli.render.stakeholders", "sourcing_cli.stakeholders"]
STREAMS = ["sourcing_cli.portfolio", "sourcing_cli.profile_parts"]


def loaded(*args: str) -> list[str]:
    """The feature modules ``sourcing assess ARGS`` loads, in a fresh interpreter."""
    run = subprocess.run([sys.executable, "-c", CODE, json.dumps(FEATURES), *args, "--as-of",
                          "2026-03-01"], capture_output=True, text=True, check=True,
                         env={**os.environ, "NO_COLOR": "1"})
    code, modules = json.loads(run.stderr.strip().splitlines()[-1])
    assert code == 0, run.stderr
    assert run.stdout
    return list(modules)


@pytest.mark.parametrize(("profile", "options", "expected"), [
    ("qa-nearshore.yaml", [], []),
    ("qa-nearshore.yaml", ["-f", "markdown"], []),
    ("qa-nearshore.yaml", ["-f", "json"], ["sourcing_cli.methods.robustness"]),
    ("qa-nearshore.yaml", ["-m", "all"], ["sourcing_cli.render.methods_views"]),
    ("group-data-platform.yaml", [], GROUP),
    ("group-data-platform.yaml", ["-f", "markdown"], GROUP),
    ("hybrid-portfolio.yaml", [], [*STREAMS, "sourcing_cli.render.portfolio_table"]),
    ("hybrid-portfolio.yaml", ["-f", "markdown"], [*STREAMS, "sourcing_cli.render.portfolio_markdown"]),
])
def test_assess_loads_only_the_features_the_profile_uses(
        profile: str, options: list[str], expected: list[str]) -> None:
    assert loaded(str(EXAMPLES / profile), *options) == sorted(expected)
