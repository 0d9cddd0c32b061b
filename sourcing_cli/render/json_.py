"""The JSON report (``assess --format json``): :func:`sourcing_cli.report.to_dict`, written."""

from __future__ import annotations

from sourcing_cli.render.escape import json_text
from sourcing_cli.report import Report, to_dict


def render(report: Report) -> str:
    return json_text(to_dict(report))
