"""What the report leads with: the portfolio for workstreams, the recorded decision against the
recommendation, and no robustness sentence in any human-readable output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Run

HYBRID = EXAMPLES / "hybrid-portfolio.yaml"
QA = EXAMPLES / "qa-nearshore.yaml"
AS_OF = ("--as-of", "2026-11-24")


def panel(text: str) -> list[str]:
    """The recommendation panel's lines, borders and padding removed."""
    body = text.split("─ Recommendation ─", 1)[1].split("╰", 1)[0]
    return [line.strip("│ ").rstrip() for line in body.splitlines()[1:]]


def with_decision(tmp_path: Path, model: str, source: Path = QA) -> Path:
    path = tmp_path / "decided.yaml"
    path.write_text(source.read_text("utf-8") + f"decision: {model}\n", "utf-8")
    return path


def test_the_hybrid_panel_leads_with_the_portfolio(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    run = cli("assess", str(HYBRID), *AS_OF)
    assert run.exit_code == 0, run.stderr
    assert panel(run.stdout)[:5] == [
        "Hybrid portfolio: 3 models for 3 workstreams",
        "• Product R&D → In-house, 80.8 points",
        "• QA and testing → Nearshore outsourcing, 73.3 points",
        "• Customer support → Offshore outsourcing, 68.3 points",
        "On the shared answers alone (no workstream's overrides): Nearshore outsourcing, 65 points, 2",
    ]
    assert "Sourcing assessment — Northwind — product delivery portfolio — shared answers" in (
        run.stdout)


def test_the_hybrid_markdown_leads_with_the_portfolio(cli: Callable[..., Run]) -> None:
    run = cli("assess", str(HYBRID), "--format", "markdown", *AS_OF)
    assert run.exit_code == 0, run.stderr
    head = run.stdout.split("## Ranking", 1)[0].split("\n\n", 2)[2]
    assert head == (
        "**Recommendation: Hybrid portfolio: 3 models for 3 workstreams**\n\n"
        "- Product R&amp;D → **In-house**, 80.8 points\n"
        "- QA and testing → **Nearshore outsourcing**, 73.3 points\n"
        "- Customer support → **Offshore outsourcing**, 68.3 points\n\n"
        "On the shared answers alone (no workstream's overrides): Nearshore outsourcing, 65 "
        "points, 2 ahead of In-house.\n\n")
    assert "## Ranking (shared answers)" in run.stdout
    assert "**Recommendation: Nearshore outsourcing**" not in run.stdout


def test_one_model_for_every_workstream_is_said_so(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "same.yaml"
    path.write_text("version: 1\nname: Two QA teams\nanswers: {function: qa_testing}\n"
                    "workstreams:\n  - name: Web\n    answers: {}\n  - name: Mobile\n"
                    "    answers: {}\n", "utf-8")
    run = cli("assess", str(path), "--format", "markdown", *AS_OF)
    assert run.exit_code == 0, run.stderr
    model = json.loads(cli("assess", str(path), "-f", "json", *AS_OF).stdout)["recommendation"]
    name = {"in_house": "In-house", "onshore_outsourcing": "Onshore outsourcing",
            "nearshore_outsourcing": "Nearshore outsourcing"}[model["model"]]
    assert f"**Recommendation: One model for all 2 workstreams: {name}**" in run.stdout
    table = cli("assess", str(path), *AS_OF).stdout
    assert panel(table)[0] == f"One model for all 2 workstreams: {name}"


def test_a_decision_behind_the_recommendation_is_shown_with_its_rank_and_gap(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_decision(tmp_path, "offshore_outsourcing")
    monkeypatch.setenv("COLUMNS", "120")
    table = cli("assess", str(path), *AS_OF)
    assert table.exit_code == 0, table.stderr
    assert panel(table.stdout)[1] == ("Your decision: Offshore outsourcing — 55.2 points, ranked "
                                      "3rd of 4, 12.9 points behind Nearshore outsourcing.")
    markdown = cli("assess", str(path), "-f", "markdown", *AS_OF).stdout
    assert ("**Recommendation: Nearshore outsourcing** — 68.1 points, 5.2 ahead of Onshore "
            "outsourcing.\n\n**Your decision: Offshore outsourcing** — 55.2 points, ranked 3rd of "
            "4, 12.9 points behind Nearshore outsourcing.\n") in markdown
    data = json.loads(cli("assess", str(path), "-f", "json", *AS_OF).stdout)
    assert data["decision"] == {
        "model": "offshore_outsourcing", "score": pytest.approx(55.1724138, abs=1e-6), "rank": 3,
        "gap": pytest.approx(68.1034483 - 55.1724138, abs=1e-6), "knocked_out": False,
        "knocked_out_reasons": []}
    top = data["ranking"][0]["score"]
    assert data["decision"]["gap"] == top - data["decision"]["score"]  # unrounded


def test_a_decision_that_is_the_recommendation(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = with_decision(tmp_path, "nearshore_outsourcing")
    assert panel(cli("assess", str(path), *AS_OF).stdout)[1] == (
        "Your decision: Nearshore outsourcing — the recommended model (68.1 points, ranked 1st of "
        "4).")
    data = json.loads(cli("assess", str(path), "-f", "json", *AS_OF).stdout)
    assert (data["decision"]["rank"], data["decision"]["gap"]) == (1, 0.0)


def test_a_knocked_out_decision_says_why_and_has_no_score(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_decision(tmp_path, "captive_offshore")
    monkeypatch.setenv("COLUMNS", "200")
    why = "A new centre abroad takes months to set up; the team is needed within 12 weeks."
    assert panel(cli("assess", str(path), *AS_OF).stdout)[1] == (
        f"Your decision: Captive offshore centre — knocked out, so it has no score or rank: {why}")
    markdown = cli("assess", str(path), "-f", "markdown", *AS_OF).stdout
    assert (f"**Your decision: Captive offshore centre** — knocked out, so it has no score or "
            f"rank: {why}\n") in markdown
    data = json.loads(cli("assess", str(path), "-f", "json", *AS_OF).stdout)
    assert data["decision"] == {"model": "captive_offshore", "score": None, "rank": None,
                                "gap": None, "knocked_out": True, "knocked_out_reasons": [why]}


def test_no_decision_is_null_in_json_and_absent_elsewhere(cli: Callable[..., Run]) -> None:
    assert json.loads(cli("assess", str(QA), "-f", "json", *AS_OF).stdout)["decision"] is None
    assert "Your decision" not in cli("assess", str(QA), *AS_OF).stdout
    assert "Your decision" not in cli("assess", str(QA), "-f", "markdown", *AS_OF).stdout


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_robustness_sentence_in_any_human_readable_output(
    path: Path, cli: Callable[..., Run], tmp_path: Path
) -> None:
    outputs = [cli("assess", str(path), *AS_OF, "-m", method, *fmt).stdout
               for method in ("wsm", "all") for fmt in ((), ("-f", "markdown"))]
    svg = tmp_path / "out.svg"
    assert cli("assess", str(path), *AS_OF, "--export", str(svg)).exit_code == 0
    outputs.append(svg.read_text("utf-8"))
    for text in outputs:
        flat = " ".join(text.split())
        assert not re.search(r"wins under|priority settings|Robustness", flat)
    data = json.loads(cli("assess", str(path), "-f", "json", *AS_OF).stdout)
    assert "robustness" in data  # the key stays in JSON for this schema version
