"""The JSON report of a large portfolio is written without holding every token in memory."""

from __future__ import annotations

import json
import sys
import tracemalloc
from datetime import date
from pathlib import Path

from sourcing_cli.catalog import Catalog
from sourcing_cli.profile import load_profile
from sourcing_cli.render import assess_json
from sourcing_cli.render.assess_json import to_dict
from sourcing_cli.report import build_report
from tests.generate import write_workstreams


def test_a_large_report_costs_little_more_memory_than_its_text(catalog: Catalog, tmp_path: Path) -> None:
    """``json.dumps(indent=2)`` joins a list of every token it wrote — several times the size of the
    text, which is what made 10,000 workstreams take a gigabyte (about 7 times the text here, the
    report's dictionary included). The renderer writes the same text into a buffer: the
    dictionary, the buffer and the text come to some 3.3 times the text."""
    path = tmp_path / "portfolio.yaml"
    write_workstreams(path, catalog, 300)
    report = build_report(catalog, load_profile(path, catalog), date(2026, 3, 1), robust=False)
    tracemalloc.start()
    try:
        text = assess_json.render(report)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
    assert peak < 4.5 * sys.getsizeof(text), (peak, sys.getsizeof(text))
