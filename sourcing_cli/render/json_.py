"""The JSON report (``--format json``): the stable keys of DESIGN.md, unrounded numbers."""

from __future__ import annotations

import io
import json

from sourcing_cli.report import Report, to_dict


def render(report: Report) -> str:
    # json.dumps with an indent joins a list of every token it wrote: for a profile with
    # thousands of workstreams that list takes several times the memory of the text itself.
    # Writing the tokens to a buffer gives the same text.
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False)
    out = io.StringIO()
    for chunk in encoder.iterencode(to_dict(report)):
        out.write(chunk)
    out.write("\n")
    return out.getvalue()
