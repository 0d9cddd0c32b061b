"""The red-flag catalog file: the built-in one, and located errors in a broken one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog, builtin_dir, load_catalog
from sourcing_cli.catalog_files import FILE_KINDS
from sourcing_cli.errors import InputError
from sourcing_cli.redflags import COMPUTED_FACTS, COMPUTED_FLAGS, SEVERITIES, fill
from sourcing_cli.redflags_files import RedFlagsFile
from sourcing_cli.schema import criteria_schema
from tests.helpers import copy_catalog

SEEDS = Path("/work/shared/seeds")
TEN = ["lack_of_transparency", "inadequate_data_protection", "poor_sla_performance",
       "communication_delays", "vendor_lock_in", "political_instability", "weak_ip_enforcement",
       "cultural_misalignment", "no_business_continuity", "high_attrition"]
DESIGN_FACTS = ["reporting_access", "sla_attainment_pct", "sla_tracking", "meetings_cancelled_pct",
                "contact_changes_per_year", "share_of_function_pct", "exit_plan",
                "proprietary_tooling", "political_stability", "ip_enforcement", "agile_alignment",
                "bcp_documented", "bcp_tested_within_months", "attrition_pct",
                "security_controls", "compliance_evidence"]


def test_the_kind_is_registered() -> None:
    assert FILE_KINDS["red_flags"] is RedFlagsFile
    assert "RedFlagsFile" in criteria_schema()["definitions"]


def test_builtin_catalog_has_the_ten_flags_and_the_computed_ones(catalog: Catalog) -> None:
    red = catalog.red_flags
    assert [f.id for f in red.flags] == TEN
    assert list(red.computed) == list(COMPUTED_FLAGS)
    assert all(f.severity in SEVERITIES for f in red.all_flags())
    assert list(red.fact_ids) == DESIGN_FACTS
    assert red.expiry_warning_days == 60
    choices = {f.id: f.spec.choices for f in red.facts if f.spec.kind == "choice"}
    assert choices == {"political_stability": ("stable", "watch", "unstable"),
                       "ip_enforcement": ("strong", "moderate", "weak"),
                       "agile_alignment": ("high", "medium", "low")}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside this checkout")
def test_every_red_flag_quotes_its_seed_word_for_word(catalog: Catalog) -> None:
    texts = {"strategy": next(SEEDS.glob("000_*.txt")).read_text("utf-8"),
             "difference": next(SEEDS.glob("001_*.txt")).read_text("utf-8")}
    for flag in catalog.red_flags.all_flags():
        assert flag.cite.quote in texts[flag.cite.source], flag.id


def broken_catalog(tmp_path: Path, text: str) -> Path:
    folder = copy_catalog(tmp_path / "criteria")
    (folder / "red_flags.yaml").write_text(textwrap.dedent(text), "utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_catalog(folder)
    root = str(folder)
    return [d.render().replace(root, "DIR") for d in info.value.diagnostics]


def test_red_flag_file_errors_are_located(tmp_path: Path) -> None:
    folder = broken_catalog(tmp_path, """\
        kind: red_flags
        expiry_warning_days: 30
        security_certifications: [iso27001]
        vendor_facts:
          - {id: attrition_pct, text: Annual attrition., type: number, min: 0, max: 100}
          - {id: team_size, text: Clashes with a question., type: integer, min: 0, max: 9}
          - {id: stability, text: A choice without choices., type: choice}
        flags:
          - id: churn
            name: High churn
            severity: high
            when: {attrition_pcnt: {gt: 20}, overlap_hours: {lt: 30}, data_sensitivity: secret}
            message: Churn {rate}.
            cite: {source: strategy, quote: talent churn}
          - id: churn
            name: Again
            severity: high
            when: {attrition_pct: {gt: 20}}
            message: Again.
            cite: {source: strateg, quote: talent churn}
        computed:
          - id: insufficient_overlap
            name: Overlap
            severity: medium
            message: "{overlap} of {needed} h, {vendor}"
            cite: {source: strategy, quote: similar time zones}
          - id: certificate_expired
            name: Expired
            severity: high
            message: Expired.
            cite: {source: strategy, quote: audit results}
        """)
    # Only this file's errors: the criteria's `where` tests on facts it no longer declares fail
    # too, in their own files.
    assert [m for m in messages(folder) if m.startswith("DIR/red_flags.yaml")] == [
        "DIR/red_flags.yaml:6:10: error: vendor fact 'team_size' has the name of a question; "
        "rename it",
        "DIR/red_flags.yaml:7:5: error: vendor fact 'stability' of type choice needs 'choices'",
        "DIR/red_flags.yaml:12:12: error: unknown vendor fact or question 'attrition_pcnt' in "
        "condition; did you mean 'attrition_pct'?",
        "DIR/red_flags.yaml:12:58: error: impossible value for 'overlap_hours': must be between "
        "0 and 24, got 30",
        "DIR/red_flags.yaml:12:81: error: impossible value for 'data_sensitivity': 'secret' is "
        "not one of none, personal, health, payment or financial",
        "DIR/red_flags.yaml:13:14: error: message: unknown placeholder '{rate}'; this flag's "
        "message takes none",
        "DIR/red_flags.yaml:15:9: error: duplicate red flag id 'churn'",
        "DIR/red_flags.yaml:20:20: error: unknown source 'strateg'; did you mean 'strategy'?",
        "DIR/red_flags.yaml:25:14: error: message: unknown placeholder '{vendor}'; use {overlap} "
        "or {needed}",
        "DIR/red_flags.yaml:27:9: error: unknown computed flag 'certificate_expired'; did you "
        "mean 'certification_expired'?",
    ]


def test_severity_must_be_high_medium_or_low(tmp_path: Path) -> None:
    text = (builtin_dir() / "red_flags.yaml").read_text("utf-8")
    folder = broken_catalog(tmp_path, text.replace("severity: low", "severity: minor", 1))
    [message] = messages(folder)
    assert message.endswith("error: flags[7].severity: 'minor' is not one of 'high', 'medium' or "
                            "'low'")


def test_computed_facts_are_a_boolean_and_a_number() -> None:
    assert COMPUTED_FACTS["security_certified"].kind == "boolean"
    assert COMPUTED_FACTS["overlap_hours"].check(-1) == "must be between 0 and 24, got -1"


NOT_A_NAME = "; a placeholder is a name in braces — use {certificates}"


@pytest.mark.parametrize(("part", "problem"), [
    ("{certificates:>900000000}", f"placeholder '{{certificates:>900000000}}' is not just a name"
                                  f"{NOT_A_NAME}"),
    ("{certificates:d}", f"placeholder '{{certificates:d}}' is not just a name{NOT_A_NAME}"),
    ("{certificates!r}", f"placeholder '{{certificates!r}}' is not just a name{NOT_A_NAME}"),
    ("{certificates.__class__}", f"placeholder '{{certificates.__class__}}' is not just a name"
                                 f"{NOT_A_NAME}"),
    ("{certificates[0]}", f"placeholder '{{certificates[0]}}' is not just a name{NOT_A_NAME}"),
    ("{}", f"placeholder '{{}}' is not just a name{NOT_A_NAME}"),
    ("{0}", f"placeholder '{{0}}' is not just a name{NOT_A_NAME}"),
    ("{x}", "unknown placeholder '{x}'; use {certificates}"),
    ("{", "a single '{'; write '{{' for a brace"),
    ("}", "a single '}'; write '}}' for a brace"),
])
def test_a_message_placeholder_is_only_a_name_checked_at_load(
        tmp_path: Path, part: str, problem: str) -> None:
    text = (builtin_dir() / "red_flags.yaml").read_text("utf-8")
    old = "Expired: {certificates}. Ask"
    assert old in text
    folder = broken_catalog(tmp_path, text.replace(old, f"Expired: {part}. Ask"))
    [found] = messages(folder)
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if old in text_line)
    assert found.startswith(f"DIR/red_flags.yaml:{line}:")
    assert found.endswith(f" error: message: {problem}")


def test_messages_are_filled_in_one_pass_that_cannot_grow_past_its_values() -> None:
    assert fill("{a} and {b}, {{a}} }} {{", {"a": "{b}", "b": "2"}) == "{b} and 2, {a} } {"
    assert fill("{a:>900000000} {a!r} {0}", {"a": "x"}) == "{a:>900000000} {a!r} {0}"
