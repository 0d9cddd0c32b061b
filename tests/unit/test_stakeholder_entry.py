"""Writing one stakeholder's entry into a profile: added or replaced in place, every other byte kept,
read back (by PyYAML itself) as the shape DESIGN shows; and what is refused, located."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import InputError, UsageError
from sourcing_cli.stakeholder_entry import check_name, flow, place

CFO = {"name": "CFO", "priorities": {"cost": 5, "control": 2}}
CISO = {"name": "CISO", "pairwise": [["compliance", "cost", 5], ["ip_protection", "cost", 3],
                                      ["compliance", "ip_protection", 1]]}
CTO = {"name": "CTO", "priorities": {"expertise": 4, "speed": 4}, "weight": 2}

HAND_WRITTEN = """\
# Our nearshore question — kept as written
version: 1
name: 'Acme QA'   # quoted on purpose
answers:
  function: qa_testing    # the team
  team_size: 15

stakeholders:   # who weighs what
  - {name: CFO, priorities: {cost: 3}}   # finance
  - name: CTO
    priorities:
      expertise: 4   # inside the entry: not kept
    weight: 2

# trailing remark
decision: nearshore_outsourcing
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def saved(path: Path, catalog: Catalog, name: str, entry: dict[str, Any],
          comparing: tuple[str, ...] | None = None) -> str:
    return place(path, str(path), catalog, name, "sourcing interview").text(entry, comparing)


def test_an_existing_entry_is_replaced_in_place_and_every_other_byte_is_kept(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    entry = {"name": "CFO", "priorities": {"cost": 5, "control": 2}, "weight": 1}
    text = saved(path, catalog, "CFO", entry)
    assert text == HAND_WRITTEN.replace("{name: CFO, priorities: {cost: 3}}",
                                        "{name: CFO, priorities: {cost: 5, control: 2}, weight: 1}")
    assert yaml.safe_load(text)["stakeholders"][0] == entry


def test_a_block_style_entry_is_replaced_by_the_one_line_form(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    text = saved(path, catalog, "CTO", CTO)
    assert text == HAND_WRITTEN.replace(
        "name: CTO\n    priorities:\n      expertise: 4   # inside the entry: not kept\n    weight: 2",
        "{name: CTO, priorities: {expertise: 4, speed: 4}, weight: 2}")
    data = yaml.safe_load(text)
    assert data["stakeholders"][1] == CTO and data["decision"] == "nearshore_outsourcing"


def test_a_new_stakeholder_goes_after_the_last_one(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    text = saved(path, catalog, "CISO", CISO)
    expected = HAND_WRITTEN.replace(
        "    weight: 2\n",
        "    weight: 2\n  - {name: CISO, pairwise: [[compliance, cost, 5], [ip_protection, cost, 3],\n"
        "      [compliance, ip_protection, 1]]}\n")
    assert text == expected
    assert [s["name"] for s in yaml.safe_load(text)["stakeholders"]] == ["CFO", "CTO", "CISO"]
    assert yaml.safe_load(text)["stakeholders"][2] == CISO


def test_a_profile_without_stakeholders_gets_the_list_at_its_end(tmp_path: Path, catalog: Catalog) -> None:
    original = "version: 1\nanswers:\n  function: qa_testing   # the team\n# the end\n"
    path = write(tmp_path, original)
    text = saved(path, catalog, "CFO", CFO)
    assert text.startswith("version: 1\nanswers:\n  function: qa_testing   # the team\n")
    assert text.endswith("# the end\n")
    assert "\nstakeholders:\n  - {name: CFO, priorities: {cost: 5, control: 2}}\n" in text
    assert yaml.safe_load(text) == {"version": 1, "answers": {"function": "qa_testing"},
                                    "stakeholders": [CFO]}


@pytest.mark.parametrize("original", [
    "version: 1\nstakeholders:   # to come\nanswers: {}\n",
    "version: 1\nstakeholders: null   # to come\nanswers: {}\n",
    "version: 1\nstakeholders: []   # to come\nanswers: {}\n",
    "version: 1\nstakeholders: [{name: CTO, priorities: {speed: 1}}]\nanswers: {}\n",
    "version: 1\r\nanswers: {}\r\nstakeholders:\r\n- {name: CTO, priorities: {speed: 1}}\r\n",
    "\ufeffversion: 1\nanswers: {}",
])
def test_every_list_style_and_line_ending_reads_back(
    tmp_path: Path, catalog: Catalog, original: str
) -> None:
    path = write(tmp_path, original)
    text = saved(path, catalog, "CFO", CFO)
    data = yaml.safe_load(text.lstrip("\ufeff"))
    assert data["stakeholders"][-1] == CFO and data["version"] == 1
    assert "# to come" in text or "# to come" not in original
    assert text.startswith("\ufeff") == original.startswith("\ufeff")
    if "\r\n" in original:
        assert "\n" not in text.replace("\r\n", "")


def test_a_new_file_is_a_minimal_profile_with_the_stakeholder(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "group.yaml"
    text = saved(path, catalog, "CFO", CFO)
    assert not path.exists()  # placing writes nothing
    assert yaml.safe_load(text) == {"version": 1, "answers": {}, "stakeholders": [CFO]}
    assert "sourcing interview" in text
    assert text.endswith("  - {name: CFO, priorities: {cost: 5, control: 2}}\n")


def test_long_judgement_lists_continue_on_indented_lines(tmp_path: Path, catalog: Catalog) -> None:
    ids = catalog.criterion_ids
    judgements = [[a, b, 3] for i, a in enumerate(ids) for b in ids[i + 1:]]
    name = 'Head of "Security"'
    entry = {"name": name, "pairwise": judgements, "weight": 1.5}
    text = saved(write(tmp_path, HAND_WRITTEN), catalog, name, entry)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert yaml.safe_load(text)["stakeholders"][2] == entry


def test_names_are_written_so_that_they_read_back_exactly(tmp_path: Path, catalog: Catalog) -> None:
    for name in ("yes", "1e3", "CFO: finance", "#1", "a\x1b]0;title\x07", "Zoë", "[x]"):
        path = tmp_path / "p.yaml"
        path.unlink(missing_ok=True)
        text = saved(path, catalog, name, {"name": name, "priorities": {"cost": 5}})
        assert yaml.safe_load(text)["stakeholders"] == [{"name": name, "priorities": {"cost": 5}}]
        assert "\x1b" not in text


def test_an_unfinished_pairwise_entry_keeps_the_criteria_compared_and_resumes(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    partial = {"name": "CISO", "pairwise": [["compliance", "cost", 5]]}
    path.write_text(saved(path, catalog, "CISO", partial, ("cost", "ip_protection", "compliance")),
                    encoding="utf-8")
    assert "# comparing: cost, ip_protection, compliance (unfinished)" in path.read_text(encoding="utf-8")
    spot = place(path, str(path), catalog, "CISO", "")
    assert spot.found is not None
    assert spot.found.criteria == tuple(c for c in catalog.criterion_ids
                                        if c in ("cost", "ip_protection", "compliance"))
    assert spot.found.judgements == {("cost", "compliance"): Fraction(1, 5)}
    finished = spot.text(CISO)
    assert "comparing" not in finished  # the comment goes with the unfinished entry
    assert yaml.safe_load(finished)["stakeholders"][2] == CISO
    assert finished == HAND_WRITTEN.replace(
        "    weight: 2\n",
        "    weight: 2\n  - {name: CISO, pairwise: [[compliance, cost, 5], [ip_protection, cost, 3],\n"
        "      [compliance, ip_protection, 1]]}\n")


def test_an_entry_is_read_back_as_written(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "version: 1\nstakeholders:\n  - {name: CISO, pairwise: [[cost, "
                           "compliance, \"1/5\"], [ip_protection, cost, 3], "
                           "[compliance, ip_protection, 1]], weight: 0.5}\n")
    found = place(path, str(path), catalog, "CISO", "").found
    assert found is not None and found.mode == "pairwise" and found.weight == 0.5
    assert found.criteria is not None and set(found.criteria) == {"cost", "compliance", "ip_protection"}
    assert found.judgements[("cost", "compliance")] == Fraction(1, 5)
    assert ["cost", "compliance", "1/5"] in found.entry()["pairwise"]  # kept as written


def diagnostics(path: Path, catalog: Catalog, name: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        place(path, str(path), catalog, name, "")
    return [d.render() for d in caught.value.diagnostics]


@pytest.mark.parametrize("key", ["priorities", "pairwise"])
def test_top_level_weights_are_refused_at_their_key(tmp_path: Path, catalog: Catalog, key: str) -> None:
    value = "{cost: 4}" if key == "priorities" else "[[cost, speed, 3]]"
    path = write(tmp_path, f"version: 1\nanswers: {{}}\n{key}: {value}\n")
    [message] = diagnostics(path, catalog, "CFO")
    assert message.startswith(f"{path}:3:1: error: {key}: a profile with stakeholders cannot also "
                              f"give top-level {key}")
    assert message.endswith(f"move them into a stakeholder (under `stakeholders:`, `- {{name: CFO, "
                            f"{key}: {value}}}`) or delete them, then run again")
    assert path.read_text(encoding="utf-8").endswith(f"{key}: {value}\n")


def test_top_level_weights_and_a_bad_entry_are_reported_together(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write(tmp_path, "version: 1\npriorities: {cost: 4}\nstakeholders:\n"
                           "  - {name: CFO, weight: 0}\n")
    found = diagnostics(path, catalog, "CFO")
    assert [line.split(": error: ")[0] for line in found] == [f"{path}:2:1", f"{path}:4:25"]


def test_empty_top_level_weights_are_refused_with_the_line_to_delete(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write(tmp_path, "version: 1\npriorities: {}\n")
    assert diagnostics(path, catalog, "CFO") == [
        f"{path}:2:1: error: priorities: a profile with stakeholders cannot also give top-level "
        "priorities (the weights come from one or the other); this one is empty: delete the line, "
        "then run again"]


def test_every_problem_of_the_entry_is_reported_together(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "version: 1\nstakeholders:\n  - name: CFO\n    priorities: {cots: 5, "
                           "speed: 7}\n    wieght: 2\n")
    assert diagnostics(path, catalog, "CFO") == [
        f"{path}:4:18: error: stakeholders[0].priorities: unknown criterion 'cots'; did you mean "
        "'cost'?",
        f"{path}:4:34: error: stakeholders[0].priorities.speed: must be between 0 and 5, got 7",
        f"{path}:5:5: error: stakeholders[0]: unknown key 'wieght'; a stakeholder has name, "
        "priorities or pairwise, and weight; did you mean 'weight'?",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("version: 1\nstakeholders:\n  - {name: CFO, priorities: {cost: 1}}\n  - {name: CFO, "
     "priorities: {cost: 2}}\n", ":4:12: error: stakeholders[1].name: 'CFO' is already a "
                                 "stakeholder at line 3; remove one of them"),
    ("version: 1\nstakeholders:\n  - {name: cfo, priorities: {cost: 1}}\n",
     ":3:12: error: stakeholders[0].name: 'cfo' differs from 'CFO' only in case; names match "
     "exactly — to revise that stakeholder, pass --stakeholder 'cfo'"),
    ("version: 1\nstakeholders: {CFO: 1}\n", ":2:15: error: stakeholders: expected a list"),
    ("version: 1\nstakeholders:\n  - {name: CFO, priorities: {cost: 1}, pairwise: []}\n",
     ":3:40: error: stakeholders[0]: give either priorities or pairwise judgements, not both"),
    ("version: 1\nstakeholders:\n  - {name: CFO, pairwise: [[cost, speed, 12]], weight: 0}\n",
     ":3:42: error: stakeholders[0].pairwise[0]: N must be a number from 1/9 to 9"),
    ("version: 1\nstakeholders:\n  - {name: CFO, weight: -1}\n",
     ":3:25: error: stakeholders[0].weight: the voice weight must be a number above 0"),
])
def test_entries_the_interview_cannot_rewrite_are_located_errors(
    tmp_path: Path, catalog: Catalog, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    found = diagnostics(path, catalog, "CFO")
    assert any((str(path) + message) in line for line in found), found


def test_a_file_that_is_not_a_profile_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "- just\n- a list\n")
    assert "is not a profile" in diagnostics(path, catalog, "CFO")[0]
    path = write(tmp_path, "{version: 1, answers: {}}\n")
    with pytest.raises(UsageError, match="one flow mapping"):
        place(path, str(path), catalog, "CFO", "")


@pytest.mark.parametrize(("name", "problem"), [
    ("", "cannot be empty"), ("   ", "cannot be empty"), (" CFO", "starts or ends with spaces"),
    ("x" * 201, "at most 200 characters"),
])
def test_names_that_cannot_be_matched_are_refused(name: str, problem: str) -> None:
    found = check_name(name)
    assert found is not None and problem in found


def test_check_name_accepts_any_other_text() -> None:
    assert check_name("Head of Security (EMEA)") is None and check_name("[bold]x[/]") is None


def test_flow_without_wrapping_is_one_line() -> None:
    assert flow({"name": "a b", "priorities": {"cost": 5.0}}) == '{name: "a b", priorities: {cost: 5}}'


def test_an_entry_whose_answers_did_not_change_keeps_its_own_text(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    spot = place(path, str(path), catalog, "CTO", "")
    assert spot.found is not None
    assert spot.text(spot.found.entry()) == HAND_WRITTEN  # comments inside the entry included
    changed = {**spot.found.entry(), "weight": 2.0}  # 2.0 is not the 2 the user wrote
    assert spot.text(changed) != HAND_WRITTEN
