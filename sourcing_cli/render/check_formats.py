"""The output formats of ``sourcing check``: an explicit registry of pure renderers.

Every entry is a function from a :class:`~sourcing_cli.check.CheckReport` to text; the CLI's
``--format`` choices are this dict's keys, and a test renders a report in every one of them.
"""

from __future__ import annotations

from collections.abc import Callable

from sourcing_cli.check import CheckReport
from sourcing_cli.render import check_github, check_json, check_junit, check_sarif, check_text

RENDERERS: dict[str, Callable[[CheckReport], str]] = {
    "text": check_text.render,
    "json": check_json.render,
    "sarif": check_sarif.render,
    "junit": check_junit.render,
    "github": check_github.render,
}
