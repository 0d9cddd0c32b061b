from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import EXAMPLES, Run


def test_assess_json_has_a_recommendation(cli: Callable[..., Run]) -> None:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--format", "json", "--as-of", "2026-01-01")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["recommendation"]["model"] == "nearshore_outsourcing"
