"""The JSON report (``--format json``): the stable keys of DESIGN.md, unrounded numbers."""

from __future__ import annotations

from sourcing_cli.render.escape import json_text
from sourcing_cli.report import Report, to_dict


def render(report: Report) -> str:
    return json_text(to_dict(report))
