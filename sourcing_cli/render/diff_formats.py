"""The output formats of ``sourcing diff``: an explicit registry of pure renderers."""

from __future__ import annotations

from collections.abc import Callable

from sourcing_cli.diff import ProfileDiff
from sourcing_cli.render import diff_json, diff_text

RENDERERS: dict[str, Callable[[ProfileDiff], str]] = {
    "text": diff_text.render,
    "json": diff_json.render,
    "markdown": diff_text.render_markdown,
}
