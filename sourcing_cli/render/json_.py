"""The JSON report (``--format json``): the stable keys of DESIGN.md, unrounded numbers."""

from __future__ import annotations

import json

from sourcing_cli.report import Report, to_dict


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
