"""Waiver governance, ``waiver_rules`` in the policy: a maximum length and non-waivable rules are
located policy errors (exit 2); a waiver in use that ends soon is a warning at the waiver."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.cli.test_check import AS_OF, repo  # noqa: F401  (the case repository fixture)
from tests.helpers import Run

POLICY = ".sourcing-policy.yaml"


def govern(repo: Path, rules: str) -> list[str]:  # noqa: F811
    """Add ``waiver_rules`` (YAML lines) before the waivers; returns the policy's lines."""
    path = repo / POLICY
    text = path.read_text().replace("waivers:\n", f"waiver_rules:\n{rules}waivers:\n", 1)
    path.write_text(text)
    return text.splitlines()


def test_a_waiver_longer_than_max_days_is_a_located_policy_error(
    repo: Path, cli: Callable[..., Run]  # noqa: F811
) -> None:
    lines = govern(repo, "  max_days: 90\n")
    # 2026-03-01 + 90 days = 2026-05-30: the waiver to 2026-06-30 (121 days) and the one to
    # 2026-12-31 (305 days) reach too far; the expired one does not.
    run = cli("check", "--as-of", AS_OF)
    assert run.exit_code == 2 and run.stdout == ""
    errors = run.stderr.splitlines()
    assert len(errors) == 2
    for error, expires in zip(errors, ("2026-06-30", "2026-12-31"), strict=True):
        match = re.match(rf"^{re.escape(POLICY)}:(\d+):(\d+): error: waivers\[\d\]\.expires: ", error)
        assert match, error
        line, column = int(match[1]), int(match[2])
        assert lines[line - 1][column - 1:] == expires
        assert "max_days allows 90 — expire it by 2026-05-30" in error
    # The same waivers comply on a later day: the limit counts from the day of the check.
    assert cli("check", "--as-of", "2026-10-02").exit_code == 1


def test_a_waiver_of_a_non_waivable_rule_is_a_located_policy_error(
    repo: Path, cli: Callable[..., Run]  # noqa: F811
) -> None:
    lines = govern(repo, "  non_waivable: [forbid, max_gap_to_recommendd]\n")
    run = cli("check", "--as-of", AS_OF)
    assert run.exit_code == 2
    errors = run.stderr.splitlines()
    assert any(re.match(rf"^{re.escape(POLICY)}:\d+:\d+: error: waiver_rules\.non_waivable\[1\]: "
                        r"unknown rule 'max_gap_to_recommendd'; did you mean "
                        r"'max_gap_to_recommended'\?", e) for e in errors), errors
    blocked = [e for e in errors if "is non-waivable" in e]
    assert len(blocked) == 1
    line = int(blocked[0].split(":")[1])
    assert lines[line - 1].strip() == "- rule: forbid/ip-stays-home"


def test_a_waiver_covering_a_non_waivable_part_is_refused(repo: Path,  # noqa: F811
                                                          cli: Callable[..., Run]) -> None:
    govern(repo, "  non_waivable: [forbid/ip-stays-home]\n")
    path = repo / POLICY
    path.write_text(path.read_text().replace("rule: forbid/ip-stays-home", "rule: forbid"))
    run = cli("check", "--as-of", AS_OF)
    assert run.exit_code == 2
    assert "waivers[2].rule: 'forbid/ip-stays-home' is non-waivable" in run.stderr


def test_non_waivable_rules_without_waivers_pass_the_policy(repo: Path,  # noqa: F811
                                                            cli: Callable[..., Run]) -> None:
    govern(repo, "  non_waivable: [require_decision, red_flags/high_attrition]\n")
    assert cli("check", "--as-of", AS_OF).exit_code == 1  # the profiles' findings, not exit 2


def test_a_waiver_in_use_that_ends_soon_is_a_warning(repo: Path,  # noqa: F811
                                                     cli: Callable[..., Run]) -> None:
    lines = govern(repo, "  warn_before_days: 30\n")
    quiet = json.loads(cli("check", "-f", "json", "--as-of", AS_OF).stdout)
    assert not [f for f in quiet["findings"] if f["rule"] == "expiring_waiver"]
    run = cli("check", "-f", "json", "--as-of", "2026-06-10")
    warned = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "expiring_waiver"]
    assert [(f["severity"], f["profile"]) for f in warned] == [("warning", POLICY)]
    assert lines[warned[0]["line"] - 1].strip() == "- rule: max_gap_to_recommended"
    assert "ends on 2026-06-30, in 20 days" in warned[0]["message"]
    assert run.exit_code == 1
    # The waiver still applies until it ends.
    waived = [f for f in json.loads(run.stdout)["findings"] if f["profile"] == "sourcing/waived.yaml"]
    assert waived and all(f["waived"] for f in waived)


def test_the_policy_schema_knows_waiver_rules(cli: Callable[..., Run]) -> None:
    schema = json.loads(cli("schema", "policy").stdout)
    props = schema["properties"]["waiver_rules"]["properties"]
    assert set(props) == {"max_days", "warn_before_days", "non_waivable"}
