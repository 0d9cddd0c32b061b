"""Group decisions end to end: every format shows the stakeholders, whole and escaped; ``--set``,
``diff``, ``validate`` and the profile schema know them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.cli.test_hostile_output import EVIL, assert_markdown_safe, assert_terminal_safe, q
from tests.cli.test_widths import assert_fits
from tests.helpers import EXAMPLES, Run

AS_OF = "2026-03-01"
EXAMPLE = EXAMPLES / "group-data-platform.yaml"
GROUP = """\
version: 1
answers: {cost_pressure: high, team_size: 40, function: data_analytics}
stakeholders:
  - {name: CFO, priorities: {cost: 3}}
  - {name: CISO, priorities: {ip_protection: 5, compliance: 5}}
  - {name: CTO, priorities: {expertise: 4, speed: 4}}
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_example_shows_every_stakeholder_in_every_format(cli: Callable[..., Run]) -> None:
    data = json.loads(cli("assess", str(EXAMPLE), "-f", "json", "--as-of", AS_OF).stdout)
    assert data["group"]["method"] == "aij" and data["weights_method"] == "group"
    assert [s["name"] for s in data["stakeholders"]] == ["CFO", "CISO", "CTO"]
    assert data["group"]["winner"] == data["recommendation"]["model"] == "offshore_outsourcing"
    ciso = data["stakeholders"][1]
    assert ciso["winner"] == "in_house" and ciso["to_group_choosing_winner"]["model"] == "in_house"
    markdown = cli("assess", str(EXAMPLE), "-f", "markdown", "--as-of", AS_OF).stdout
    table = cli("assess", str(EXAMPLE), "--as-of", AS_OF).stdout
    for text in (markdown, table):
        assert "aggregated judgements (AIJ)" in text
        assert "of the voice (CFO, CTO) would choose Offshore outsourcing" in text
        assert "Widest disagreements:" in text
        assert "For the group to choose In-house, CISO's choice, its weights would have" in text
        assert "CISO's voice would have to count" in text
    move = ciso["to_group_choosing_winner"]
    assert f"{round(100 * move['move'], 1):g}%" in markdown.replace("\n", " ")


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_stakeholders_are_whole_at_every_width(
        width: int, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("assess", str(EXAMPLE), "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    assert_fits(run.stdout, width)
    flat = " ".join(run.stdout.split())
    for name in ("CFO", "CISO", "CTO"):
        assert name in flat
    assert "In-house" in flat and "Offshore outsourcing" in flat
    assert "For the group to choose In-house, CISO's choice" in flat


def test_hostile_stakeholder_names_are_escaped_in_every_format(
        tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    profile = write(tmp_path, "evil.yaml", GROUP.replace("name: CISO", f"name: {q(EVIL)}"))
    for width in ("60", "160"):
        monkeypatch.setenv("COLUMNS", width)
        run = cli("assess", profile, "--as-of", AS_OF)
        assert run.exit_code == 0, run.stderr
        assert_terminal_safe(run.stdout, f"table at {width}")
    markdown = cli("assess", profile, "--as-of", AS_OF, "-f", "markdown").stdout
    assert_markdown_safe(markdown, "markdown")
    assert "&lt;script&gt;" in markdown
    data = json.loads(cli("assess", profile, "--as-of", AS_OF, "-f", "json").stdout)
    assert data["stakeholders"][1]["name"] == EVIL
    html = tmp_path / "out.html"
    assert cli("assess", profile, "--as-of", AS_OF, "--export", str(html)).exit_code == 0
    assert "<script" not in html.read_text("utf-8")
    renamed = write(tmp_path, "evil2.yaml", GROUP.replace("name: CISO", f"name: {q(EVIL)}")
                    .replace("cost: 3", "cost: 1").replace("name: CFO", f"name: {q(EVIL + '2')}"))
    diff = cli("diff", profile, renamed, "--as-of", AS_OF)
    assert_terminal_safe(diff.stdout, "diff")
    assert_markdown_safe(cli("diff", profile, renamed, "--as-of", AS_OF, "-f", "markdown").stdout,
                         "diff markdown")


def test_diff_names_the_stakeholder_whose_change_flipped_the_group(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    old = write(tmp_path, "old.yaml", GROUP)
    new = write(tmp_path, "new.yaml", GROUP.replace("cost: 3", "cost: 1")
                + "  - {name: COO, priorities: {risk: 3}}\n")
    before = json.loads(cli("assess", old, "-f", "json", "--as-of", AS_OF).stdout)
    after = json.loads(cli("assess", new, "-f", "json", "--as-of", AS_OF).stdout)
    assert before["recommendation"]["model"] != after["recommendation"]["model"]
    run = cli("diff", old, new, "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    flat = " ".join(run.stdout.split())
    assert ("CFO's priorities changed (cost 3 → 1); the group now recommends Onshore outsourcing "
            "(with that change alone undone, Nearshore outsourcing would be)") in flat
    assert "stakeholders.COO" in flat
    data = json.loads(cli("diff", old, new, "--as-of", AS_OF, "-f", "json").stdout)
    assert data["recommendation"]["flipped_by"] == ["stakeholders.CFO"]
    changes = {c["key"]: c for c in data["changes"]}
    assert changes["COO"]["old"] is None and changes["COO"]["new"]["priorities"] == {"risk": 3}
    assert changes["CFO"]["recommendation_without"] == before["recommendation"]["model"]
    removed = cli("diff", new, old, "--as-of", AS_OF, "-f", "json")
    gone = {c["key"]: c for c in json.loads(removed.stdout)["changes"]}["COO"]
    assert gone["new"] is None and gone["kind"] == "stakeholder"
    # turning a profile into a group decision is one change of the whole weighting
    single = write(tmp_path, "single.yaml", GROUP.split("stakeholders:")[0] + "priorities: {cost: 3}\n")
    whole = json.loads(cli("diff", single, old, "--as-of", AS_OF, "-f", "json").stdout)
    assert [c["kind"] for c in whole["changes"]] == ["stakeholders"]
    assert [s["name"] for s in whole["changes"][0]["new"]["stakeholders"]] == ["CFO", "CISO", "CTO"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_shows_only_what_of_a_stakeholder_changed(
        tmp_path: Path, cli: Callable[..., Run], fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A voice changed is shown as the voice alone; priorities changed, as the priorities alone."""
    monkeypatch.setenv("COLUMNS", "200")
    old = write(tmp_path, "old.yaml", GROUP)
    louder = write(tmp_path, "louder.yaml", GROUP.replace(
        "{name: CISO, priorities: {ip_protection: 5, compliance: 5}}",
        "{name: CISO, priorities: {ip_protection: 5, compliance: 5}, weight: 4}"))
    run = cli("diff", old, louder, "--as-of", AS_OF, "-f", fmt)
    assert run.exit_code == 0, run.stderr
    row = next(line for line in run.stdout.splitlines() if "stakeholders.CISO" in line)
    assert "voice 1" in row and "voice 4" in row and "ip_protection" not in row
    cheaper = write(tmp_path, "cheaper.yaml", GROUP.replace("cost: 3", "cost: 5"))
    run = cli("diff", old, cheaper, "--as-of", AS_OF, "-f", fmt)
    row = next(line for line in run.stdout.splitlines() if "stakeholders.CFO" in line)
    assert "priorities cost 3" in row and "priorities cost 5" in row and "voice" not in row


def test_set_on_a_group_profile(tmp_path: Path, cli: Callable[..., Run]) -> None:
    profile = write(tmp_path, "g.yaml", GROUP)
    run = cli("assess", profile, "--set", "priorities.cost=5")
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr.startswith("error: --set 'priorities.cost=5': ")
    assert "weighs the criteria by its stakeholders' weights" in run.stderr
    assert "change a stakeholder's priorities in the file instead" in run.stderr
    answer = cli("assess", profile, "--set", "cost_pressure=low", "-f", "json", "--as-of", AS_OF)
    assert answer.exit_code == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["overrides"] == {"cost_pressure": "low"} and data["group"] is not None


def test_validate_and_assess_report_the_same_stakeholder_errors(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    bad = write(tmp_path, "bad.yaml", GROUP.replace("{cost: 3}", "{cots: 3}, weight: 0")
                + "priorities: {cost: 2}\n")
    assessed, validated = cli("assess", bad), cli("validate", bad)
    assert assessed.exit_code == validated.exit_code == 2
    errors = [line for line in assessed.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 3 and all(line in validated.stdout + validated.stderr for line in errors)
    assert any("unknown criterion 'cots'; did you mean 'cost'?" in line for line in errors)
    assert "Traceback" not in assessed.stderr + validated.stderr


def test_workstreams_and_vendors_on_a_group_profile(tmp_path: Path, cli: Callable[..., Run]) -> None:
    profile = write(tmp_path, "g.yaml", GROUP + """\
workstreams:
  - {name: Support, answers: {function: customer_support}}
  - {name: Core, priorities: {ip_protection: 5}}
vendors:
  - {name: Andes, model: nearshore_outsourcing, country: "CO", timezone: America/Bogota}
""")
    run = cli("assess", profile, "-f", "json", "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    support, core = data["workstreams"]
    assert support["weights_method"] == "group" and core["weights_method"] == "priorities"
    assert support["group"] is None and data["group"] is not None
    assert data["vendors"][0]["name"] == "Andes"


def test_the_profile_schema_knows_stakeholders(cli: Callable[..., Run]) -> None:
    schema = json.loads(cli("schema", "profile").stdout)
    example = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    jsonschema.validate(example, schema)
    for bad in ({"name": "A"}, {"name": "A", "priorities": {"cost": 3}, "weight": 0},
                {"name": "A", "priorities": {"cost": 3}, "pairwise": [["cost", "risk", 3]]},
                {"name": "A", "priorities": {"cots": 3}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"version": 1, "stakeholders": [bad]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "stakeholders": []}, schema)


@pytest.mark.parametrize("keys", [("priorities", "pairwise"), ("stakeholders", "priorities"),
                                  ("stakeholders", "pairwise")])
def test_the_schema_refuses_two_sources_of_weights_as_validate_does(
    cli: Callable[..., Run], tmp_path: Path, keys: tuple[str, str]
) -> None:
    """An editor flags what ``validate`` refuses: the weights come from one place only."""
    given = {"priorities": {"cost": 3}, "pairwise": [["cost", "risk", 3]],
             "stakeholders": [{"name": "A", "priorities": {"cost": 3}}]}
    profile = {"version": 1, "answers": {}, **{k: given[k] for k in keys}}
    schema = json.loads(cli("schema", "profile").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(profile, schema)
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    assert cli("validate", str(path)).exit_code == 2
    for key in keys:  # either one alone is fine, for the schema and for validate
        alone = {"version": 1, "answers": {}, key: given[key]}
        jsonschema.validate(alone, schema)
        path.write_text(yaml.safe_dump(alone), encoding="utf-8")
        assert cli("validate", str(path)).exit_code == 0
