"""The policy in the other commands: ``schema policy``, ``validate`` and ``init --policy``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from sourcing_cli.cli.app import COMMANDS, build_app
from sourcing_cli.policy import PolicyFile, RulesSpec, WaiverSpec
from sourcing_cli.yamlio import load_file
from tests.helpers import EXAMPLES, ROOT, Run

POLICY = EXAMPLES / "policy-repo" / ".sourcing-policy.yaml"
BAD = ROOT / "tests" / "cases" / "bad" / "policy" / "everything-wrong.yaml"


def test_check_and_diff_are_wired() -> None:
    assert COMMANDS["check"].__name__ == "check" and COMMANDS["diff"].__name__ == "diff"
    assert {"check", "diff"} <= set(COMMANDS)
    assert build_app().info.cls is not None  # the lazy group builds them from COMMANDS


def test_policy_schema_is_draft_07_and_accepts_the_example(cli: Callable[..., Run]) -> None:
    run = cli("schema", "policy")
    assert run.exit_code == 0, run.stderr
    schema = json.loads(run.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(load_file(POLICY).data)) == []
    assert list(validator.iter_errors(load_file(BAD).data)) != []


def test_policy_schema_keys_follow_the_model(cli: Callable[..., Run]) -> None:
    schema = json.loads(cli("schema", "policy").stdout)
    assert sorted(schema["properties"]) == sorted(PolicyFile.model_fields)
    assert sorted(schema["properties"]["rules"]["properties"]) == sorted(RulesSpec.model_fields)
    waiver = schema["properties"]["waivers"]["items"]
    assert sorted(waiver["properties"]) == sorted(WaiverSpec.model_fields)

    def described(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                assert "description" in value, key
            for value in node.values():
                described(value)
        elif isinstance(node, list):
            for value in node:
                described(value)

    described(schema)


def test_validate_recognises_policies(cli: Callable[..., Run]) -> None:
    run = cli("validate", str(POLICY), str(EXAMPLES / "qa-nearshore.yaml"))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"{POLICY}: ok (policy)\n{EXAMPLES / 'qa-nearshore.yaml'}: ok (profile)\n"
    bad = cli("validate", str(BAD))
    assert bad.exit_code == 2
    expected = (BAD.parent / "everything-wrong.err").read_text().replace(
        "everything-wrong.yaml", str(BAD))
    assert bad.stderr == expected + "1 of 1 file(s) invalid\n"


def test_init_policy_writes_a_valid_commented_policy(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--policy")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "wrote .sourcing-policy.yaml\n"
    text = (tmp_path / ".sourcing-policy.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=policy.schema.json\n")
    assert "#    expires: " in text
    assert cli("validate", ".sourcing-policy.yaml").stdout == ".sourcing-policy.yaml: ok (policy)\n"
    again = cli("init", "--policy")
    assert again.exit_code == 2
    assert again.stderr == "error: .sourcing-policy.yaml: already exists; pass --force to replace it\n"
    # The new policy covers nothing yet: check passes and says so.
    (tmp_path / ".git").mkdir()
    first = cli("check")
    assert first.exit_code == 0
    assert "match no file" in first.stderr


def test_init_still_writes_a_profile_by_default(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init").exit_code == 0
    assert (tmp_path / "profile.yaml").exists()
