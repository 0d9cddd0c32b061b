"""The GitHub Action (``action.yml``): its metadata checked against what GitHub requires of a
composite action, and its steps' commands run, as the runner would, on the example repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "examples" / "policy-repo"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# The oldest major version of each action that does not run on a deprecated runtime.
CURRENT = {"actions/setup-python": 6, "github/codeql-action/upload-sarif": 4}


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_metadata_is_a_valid_composite_action(action: dict[str, Any]) -> None:
    assert set(action) <= {"name", "description", "author", "branding", "inputs", "outputs", "runs"}
    assert action["name"] and action["description"]
    runs = action["runs"]
    assert runs["using"] == "composite" and runs["steps"]
    for name, spec in action["inputs"].items():
        assert re.fullmatch(r"[a-z][a-z0-9-]*", name), name
        assert set(spec) <= {"description", "required", "default", "deprecationMessage"}, name
        assert spec["description"] and isinstance(spec.get("default", ""), str), name
    ids = {step["id"] for step in runs["steps"] if "id" in step}
    for name, spec in action["outputs"].items():
        assert set(spec) == {"description", "value"}, name  # a composite output needs a value
        assert re.fullmatch(r"\$\{\{ steps\.([a-z-]+)\.outputs\.[a-z-]+ \}\}", spec["value"])
        assert spec["value"].split(".")[1] in ids
    for step in runs["steps"]:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step.get("shell") == "bash", step  # a composite run step must name its shell
        else:
            uses, _, version = step["uses"].partition("@")
            assert int(version.removeprefix("v")) >= CURRENT[uses], step["uses"]


def test_every_input_is_declared_and_used(action: dict[str, Any]) -> None:
    text = ACTION.read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{\{[^}]*?\binputs\.([a-z0-9-]+)", text))
    assert used == set(action["inputs"])


def test_no_input_is_pasted_into_a_script(action: dict[str, Any]) -> None:
    """An expression inside ``run`` would let an input's value inject shell code."""
    for step in action["runs"]["steps"]:
        assert not EXPR.search(step.get("run", "")), step.get("name")


def _resolve(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expr = match[1]
        if expr.startswith("inputs."):
            return inputs[expr.removeprefix("inputs.")]
        if expr.startswith("steps.check.outputs."):
            return outputs.get(expr.removeprefix("steps.check.outputs."), "")
        raise AssertionError(f"unexpected expression {expr}")

    return EXPR.sub(one, value)


def _run_steps(action: dict[str, Any], tmp: Path, **given: str) -> tuple[list[int], dict[str, str]]:
    """Run the action's shell steps as the runner would (bash -eo pipefail), the install step
    aside (this test's environment has the tool installed); stop at the first failing step."""
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs.update(given)
    outputs: dict[str, str] = {}
    codes: list[int] = []
    out_file, summary = tmp / "github_output", tmp / "summary.md"
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        if "pip install" in step["run"]:
            assert '"$GITHUB_ACTION_PATH"' in step["run"]  # this repository, at the action's ref
            continue
        out_file.write_text("")
        env = {**os.environ, "GITHUB_OUTPUT": str(out_file), "GITHUB_STEP_SUMMARY": str(summary),
               "GITHUB_ACTION_PATH": str(ROOT), "NO_COLOR": "1",
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.update({k: _resolve(str(v), inputs, outputs) for k, v in step.get("env", {}).items()})
        cwd = _resolve(step.get("working-directory", "."), inputs, outputs)
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        codes.append(done.returncode)
        for line in out_file.read_text().splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
        if done.returncode != 0:
            break
    return codes, outputs


@pytest.mark.slow
def test_the_steps_pass_on_the_example_repository(action: dict[str, Any], tmp_path: Path) -> None:
    sarif = tmp_path / "r.sarif"
    codes, outputs = _run_steps(action, tmp_path, **{
        "working-directory": str(EXAMPLE), "as-of": "2026-11-24", "sarif": str(sarif),
        "reports": f"junit={tmp_path / 'junit.xml'}\njson={tmp_path / 'r.json'}"})
    assert codes == [0, 0]
    assert outputs == {"exit-code": "0", "sarif": str(sarif)}
    assert json.loads(sarif.read_text())["runs"][0]["results"] == []
    assert json.loads((tmp_path / "r.json").read_text())["status"] == "pass"
    assert (tmp_path / "junit.xml").read_text().startswith("<?xml")
    assert (tmp_path / "summary.md").read_text().count("sourcing check: pass") == 1


@pytest.mark.slow
def test_violations_let_the_upload_run_and_then_fail_the_job(action: dict[str, Any],
                                                             tmp_path: Path) -> None:
    sarif = tmp_path / "r.sarif"
    codes, outputs = _run_steps(action, tmp_path, **{
        "working-directory": str(EXAMPLE), "as-of": "2027-07-01", "sarif": str(sarif)})
    assert codes == [0, 1]  # the check step passes on so the upload can run; the last one fails
    assert outputs["exit-code"] == "1" and outputs["sarif"] == str(sarif)
    assert json.loads(sarif.read_text())["runs"][0]["results"]


@pytest.mark.slow
def test_a_bad_policy_fails_the_check_step(action: dict[str, Any], tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("version: 2\n")
    codes, outputs = _run_steps(action, tmp_path, **{
        "working-directory": str(EXAMPLE), "policy": str(bad), "sarif": str(tmp_path / "r.sarif")})
    assert codes == [2]
    assert outputs == {"exit-code": "2", "sarif": ""}


@pytest.mark.slow
@pytest.mark.parametrize(("jobs", "code"), [("2", 0), ("0", 2)])
def test_the_jobs_input_reaches_the_command(action: dict[str, Any], tmp_path: Path, jobs: str,
                                            code: int) -> None:
    codes, outputs = _run_steps(action, tmp_path, **{
        "working-directory": str(EXAMPLE), "as-of": "2026-11-24", "jobs": jobs,
        "sarif": str(tmp_path / "r.sarif")})
    assert codes == [0, 0] if code == 0 else [code]
    assert outputs["exit-code"] == str(code)
