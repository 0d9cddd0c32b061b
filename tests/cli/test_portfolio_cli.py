"""Workstreams and the hybrid portfolio: the seeds' example, located errors, determinism, schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.portfolio import portfolio_of
from sourcing_cli.profile import ProfileFile
from sourcing_cli.schema import profile_schema
from sourcing_cli.yamlio import load_file
from tests.helpers import EXAMPLES, ROOT, Run

HYBRID = EXAMPLES / "hybrid-portfolio.yaml"
BAD = ROOT / "tests" / "cases" / "bad"


def assess_json(cli: Callable[..., Run], path: Path, as_of: str = "2026-03-20") -> Any:
    run = cli("assess", str(path), "--format", "json", "--as-of", as_of)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def test_the_hybrid_example_gives_three_models_as_the_seeds_describe(
    cli: Callable[..., Run]
) -> None:
    data = assess_json(cli, HYBRID)
    winners = {w["name"]: w["recommendation"]["model"] for w in data["workstreams"]}
    assert winners == {"Product R&D": "in_house", "QA and testing": "nearshore_outsourcing",
                       "Customer support": "offshore_outsourcing"}
    assert data["portfolio"] == {
        "hybrid": True,
        "by_model": {"in_house": ["Product R&D"], "nearshore_outsourcing": ["QA and testing"],
                     "offshore_outsourcing": ["Customer support"]},
        "unassigned": [],
    }


def test_each_workstream_is_a_full_report_of_its_own(cli: Callable[..., Run]) -> None:
    data = assess_json(cli, HYBRID)
    qa = data["workstreams"][1]
    assert {k for k in data if k not in ("workstreams", "portfolio")} <= set(qa)
    assert qa["answers"]["overlap_hours_needed"] == 5  # its own override
    assert qa["answers"]["management_capacity"] == "low"  # the shared answer
    assert data["answers"]["overlap_hours_needed"] == 3
    # each vendor is judged in the workstream it serves, and listed there too
    assert [v["name"] for v in qa["vendors"]] == ["Andes QA Labs"]
    assert [v["workstream"] for v in data["vendors"]] == ["QA and testing", "Customer support"]
    support = data["workstreams"][2]
    assert [f["flag"] for f in support["red_flags"]] == [
        f["flag"] for f in data["red_flags"] if f["vendor"] == "Pacific Support Co"]


def test_the_terminal_shows_the_portfolio_and_says_hybrid(cli: Callable[..., Run]) -> None:
    run = cli("assess", str(HYBRID), "--as-of", "2026-03-20")
    assert run.exit_code == 0, run.stderr
    assert "Portfolio — each workstream assessed on its own" in run.stdout
    assert "A hybrid: 3 models for 3 workstreams" in run.stdout
    for row in ("Product R&D        In-house", "QA and testing     Nearshore outsourcing",
                "Customer support   Offshore outsourcing"):
        assert row in run.stdout


def test_markdown_has_a_portfolio_section(cli: Callable[..., Run]) -> None:
    run = cli("assess", str(HYBRID), "--format", "markdown", "--as-of", "2026-03-20")
    assert run.exit_code == 0, run.stderr
    assert "| QA and testing | **Nearshore outsourcing** | 73.3 | 10.3 | Onshore outsourcing |" \
        in run.stdout
    assert "A hybrid: 3 models for 3 workstreams — In-house (Product R&amp;D); Nearshore " \
        "outsourcing (QA and testing); Offshore outsourcing (Customer support)." in run.stdout


def test_one_model_for_every_workstream_is_not_a_hybrid() -> None:
    picks = [("a", "in_house"), ("b", "in_house"), ("c", None)]
    portfolio = portfolio_of(["in_house", "captive_offshore"], picks)
    assert (portfolio.hybrid, dict(portfolio.by_model), portfolio.unassigned) == (
        False, {"in_house": ("a", "b")}, ("c",))


def test_workstream_errors_are_located(cli: Callable[..., Run]) -> None:
    path = str(BAD / "workstreams.yaml")
    run = cli("assess", path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{path}:6:25: error: workstreams[0].answers.function: 'qa' is not one of "
        "software_development, qa_testing, customer_support, it_infrastructure, data_analytics, "
        "finance_accounting, supply_chain_operations, rnd_product, cybersecurity_monitoring, "
        "digital_marketing or other; did you mean 'qa_testing'?",
        f"{path}:6:51: error: workstreams[0].answers.overlap_hours_needed: must be between 0 and "
        "8, got 12",
        f"{path}:6:55: error: workstreams[0].answers: unknown question 'team_sise'; did you mean "
        "'team_size'?",
        f"{path}:7:18: error: workstreams[0].priorities: unknown criterion 'cots'; did you mean "
        "'cost'?",
        f"{path}:8:11: error: workstreams[1].name: duplicate workstream name 'QA' (also "
        "workstreams[0])",
        f"{path}:14:17: error: vendors[0].workstream: unknown workstream 'Q&A'; did you mean 'QA'?",
    ]


def test_a_workstream_with_no_weight_left_is_an_error(cli: Callable[..., Run]) -> None:
    path = str(BAD / "workstream-zero-weights.yaml")
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{path}:6:17: error: workstreams[1]: every criterion has weight 0; give at least one "
        "criterion a priority above 0",
        "1 of 1 file(s) invalid",
    ]


def test_schema_covers_every_profile_key_and_accepts_the_examples(catalog: Catalog) -> None:
    schema = profile_schema(catalog)
    assert set(schema["properties"]) == set(ProfileFile.model_fields)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(load_file(path).data)]
        assert errors == [], path


def test_schema_refuses_bad_vendor_data(catalog: Catalog) -> None:
    validator = jsonschema.Draft7Validator(profile_schema(catalog))
    bad = {"version": 1, "vendors": [{"name": "X", "model": "in_house", "country": "XX",
                                      "timezone": "UTC", "facts": {"attrition_pct": -5},
                                      "certifications": [{"name": "soc2", "expires": "soon"}]}]}
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(bad))
    assert paths == ["vendors/0/certifications/0/expires", "vendors/0/country",
                     "vendors/0/facts/attrition_pct"]


@pytest.mark.slow
def test_json_and_markdown_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = set()
    for seed in ("0", "1", "4242"):
        for fmt in ("json", "markdown"):
            env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": "C", "COLUMNS": "40"}
            done = subprocess.run(
                [sys.executable, "-m", "sourcing_cli", "assess", str(HYBRID), "--format", fmt,
                 "--as-of", "2026-11-23"], capture_output=True, env=env, check=True, cwd=tmp_path)
            outputs.add((fmt, done.stdout))
    assert len(outputs) == 2


def test_the_example_names_the_winners_the_seeds_recommend() -> None:
    text = HYBRID.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    comment = text.split("version: 1")[0]
    for winner in ("in_house", "nearshore_outsourcing", "offshore_outsourcing"):
        assert winner in comment


def test_names_are_shown_as_written_never_as_markup(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "markup.yaml"
    path.write_text(
        'version: 1\nhome: {country: "GB", timezone: Europe/London}\n'
        'workstreams:\n  - name: "QA [/bold] [red]x"\n'
        'vendors:\n  - {name: "V [/oops]", model: in_house, workstream: "QA [/bold] [red]x", '
        'country: "GB", timezone: Europe/London, facts: {exit_plan: false}}\n', "utf-8")
    run = cli("assess", str(path), "--as-of", "2026-03-20")
    assert run.exit_code == 0, run.stderr
    assert "QA [/bold] [red]x" in run.stdout
    assert "• V [/oops]:" in run.stdout


def test_a_workstream_with_its_own_priorities_leaves_the_pairwise_weights(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "version: 1\npairwise:\n  - [cost, control, 3]\nworkstreams:\n"
        "  - {name: A, answers: {function: rnd_product}}\n"
        "  - {name: B, answers: {function: customer_support}, priorities: {speed: 5}}\n")
    report = json.loads(cli("assess", str(profile), "--format", "json").stdout)
    first, second = report["workstreams"]
    assert first["weights_method"] == "ahp" and first["weights"]["speed"] == 0
    assert second["weights_method"] == "priorities" and second["weights"]["speed"] == 5
