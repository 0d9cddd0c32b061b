"""``sourcing diff`` end to end: two files, and a file against its committed version."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run

CASES = ROOT / "tests" / "cases" / "diff"


def test_diff_json_names_the_flipping_answer(cli: Callable[..., Run]) -> None:
    run = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["recommendation"] == {"old": "nearshore_outsourcing", "new": "onshore_outsourcing",
                                      "changed": True, "flipped_by": ["answers.data_residency"],
                                      "each_change_suffices": False}
    assert data["decision"] == {"old": "nearshore_outsourcing", "new": "onshore_outsourcing"}
    assert [m["model"] for m in data["models"]][:2] == ["in_house", "onshore_outsourcing"]


def test_diff_text_and_markdown(cli: Callable[..., Run]) -> None:
    text = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"))
    assert text.exit_code == 0
    assert "Flipped by answers.data_residency (none → in_country)" in " ".join(text.stdout.split())
    markdown = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "-f", "markdown")
    assert "| `answers.data_residency` | none | in_country | **Nearshore outsourcing** |" in (
        markdown.stdout)


@pytest.mark.parametrize(("args", "message"), [
    (["one.yaml"], "error: give two profiles, OLD and NEW (or one profile and --rev GIT_REV)\n"),
    (["a.yaml", "b.yaml", "--rev", "HEAD"],
     "error: --rev takes exactly one profile (compared with its committed version)\n"),
])
def test_diff_usage_errors(cli: Callable[..., Run], args: list[str], message: str) -> None:
    run = cli("diff", *args)
    assert (run.exit_code, run.stderr) == (2, message)


def test_diff_reports_a_bad_profile_with_its_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nanswers: {team_size: 0}\n")
    run = cli("diff", str(CASES / "old.yaml"), str(bad))
    assert run.exit_code == 2
    assert run.stderr == f"{bad}:2:22: error: answers.team_size: must be between 1 and 100000, got 0\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_rev_compares_with_the_committed_version(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "sourcing").mkdir(parents=True)
    git(repo, "init", "-q")
    profile = repo / "sourcing" / "qa.yaml"
    shutil.copy(CASES / "old.yaml", profile)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "qa")
    shutil.copy(CASES / "new.yaml", profile)
    monkeypatch.chdir(repo)
    run = cli("diff", "--rev", "HEAD", "sourcing/qa.yaml", "-f", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["old"], data["new"]) == ("HEAD:sourcing/qa.yaml", "sourcing/qa.yaml")
    assert data["recommendation"]["flipped_by"] == ["answers.data_residency"]
    missing = cli("diff", "--rev", "HEAD~5", "sourcing/qa.yaml")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: --rev: 'HEAD~5' is not a commit of the repository ")
    assert cli("diff", "--rev", "--output=x", "sourcing/qa.yaml").exit_code == 2


def test_diff_shows_models_by_name_as_assess_does(cli: Callable[..., Run]) -> None:
    run = cli("diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"))
    text = " ".join(run.stdout.split())
    assert "Recommendation changed: Nearshore outsourcing → Onshore outsourcing." in text
    assert "Captive offshore centre knocked out knocked out" in text
    assert "nearshore_outsourcing" not in run.stdout


def test_diff_scores_with_the_method_asked_for(cli: Callable[..., Run]) -> None:
    old, new = str(CASES / "old.yaml"), str(CASES / "new.yaml")
    data = json.loads(cli("diff", old, new, "-f", "json", "--method", "topsis",
                          "--as-of", "2026-03-01").stdout)
    assessed = json.loads(cli("assess", new, "-f", "json", "--method", "topsis",
                              "--as-of", "2026-03-01").stdout)
    assert data["method"] == "topsis"
    scores = {m["model"]: m["new_score"] for m in data["models"] if m["new_score"] is not None}
    assert scores == {r["model"]: r["score"] for r in assessed["ranking"]}
    assert data["recommendation"]["new"] == assessed["recommendation"]["model"]


VENDOR = """vendors:
  - name: Andes QA Labs
    model: nearshore_outsourcing
    country: "CO"
    timezone: America/Bogota
    certifications: [{name: iso27001, expires: 2026-06-01}]
"""


def test_diff_as_of_judges_the_vendors_red_flags_on_that_date(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text((CASES / "old.yaml").read_text() + VENDOR)
    old = str(CASES / "old.yaml")

    def raised(as_of: str) -> list[str]:
        run = cli("diff", old, str(new), "-f", "json", "--as-of", as_of)
        assert run.exit_code == 0, run.stderr
        data = json.loads(run.stdout)
        assert data["as_of"] == as_of
        return [f["flag"] for f in data["red_flags"]["raised"]]

    assert "certification_expired" not in raised("2026-01-01")
    assert "certification_expired" in raised("2026-07-01")
    text = cli("diff", old, str(new), "--as-of", "2026-07-01").stdout
    assert "Andes QA Labs: certification_expired (high)" in " ".join(text.split())


def test_diff_output_file_is_refused_before_any_work(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    old, new = str(CASES / "old.yaml"), str(CASES / "new.yaml")
    run = cli("diff", old, new, "-f", "markdown", "-o", str(out))
    assert (run.exit_code, run.stdout) == (0, "")
    assert out.read_text().startswith("### Sourcing decision:")
    out.write_text("mine\n")
    # refused before the profiles are read: a missing profile is not even noticed
    again = cli("diff", old, str(tmp_path / "missing.yaml"), "-o", str(out))
    assert (again.exit_code, again.stdout) == (2, "")
    assert again.stderr == f"error: {out}: already exists; pass --force to replace it\n"
    assert out.read_text() == "mine\n"
    forced = cli("diff", old, new, "-o", str(out), "--force")
    assert forced.exit_code == 0 and out.read_text().startswith(f"{old} → {new}\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_rev_shows_a_profile_added_since_as_added(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "sourcing").mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copy(CASES / "old.yaml", repo / "sourcing" / "qa.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "qa")
    shutil.copy(CASES / "new.yaml", repo / "sourcing" / "support.yaml")
    monkeypatch.chdir(repo)
    run = cli("diff", "--rev", "HEAD", "sourcing/support.yaml", "-f", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["added"], data["old"], data["changes"]) == (True, "HEAD:sourcing/support.yaml", [])
    assert data["recommendation"]["new"] == "onshore_outsourcing"
    text = cli("diff", "--rev", "HEAD", "sourcing/support.yaml")
    assert text.exit_code == 0
    assert "New profile (no version at HEAD:sourcing/support.yaml)" in " ".join(text.stdout.split())
    assert cli("diff", "--rev", "no-such-branch", "sourcing/support.yaml").exit_code == 2


def test_diff_reports_a_change_of_pairwise_judgements_and_what_it_did(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text((CASES / "old.yaml").read_text() + "pairwise:\n  - [ip_protection, cost, 9]\n"
                   "  - [ip_protection, control, 9]\n  - [control, cost, 1]\n")
    old = str(CASES / "old.yaml")
    data = json.loads(cli("diff", old, str(new), "-f", "json", "--as-of", "2026-03-01").stdout)
    assessed = json.loads(cli("assess", str(new), "-f", "json", "--as-of", "2026-03-01").stdout)
    assert [c["kind"] for c in data["changes"]] == ["pairwise"]
    assert data["changes"][0]["new"]["pairwise"][0] == ["control", "cost", "1"]
    assert data["recommendation"]["flipped_by"] == ["pairwise"]
    assert data["recommendation"]["new"] == assessed["recommendation"]["model"] == "in_house"
    assert {w["criterion"]: w["new"] for w in data["weights"]}["ip_protection"] == 5
    assert {m["model"]: m["new_score"] for m in data["models"]}["in_house"] == (
        assessed["ranking"][0]["score"])


def test_diff_says_how_the_old_and_the_new_winners_sureness_moved(cli: Callable[..., Run]) -> None:
    old, new = str(CASES / "old.yaml"), str(CASES / "new.yaml")
    data = json.loads(cli("diff", old, new, "--format", "json", "--as-of", "2026-03-01").stdout)
    sure = data["uncertainty"]
    # each version's first places are those its own assessment reports
    for side, path in (("old", old), ("new", new)):
        assessed = json.loads(cli("assess", path, "-f", "json", "--as-of", "2026-03-01").stdout)
        assert sure["first"][side] == assessed["uncertainty"]["confidence"]
    assert (sure["samples"], sure["scored_by"]) == (2000, "wsm")
    assert [w["model"] for w in sure["winners"]] == ["nearshore_outsourcing", "onshore_outsourcing"]
    gone, came = sure["winners"]
    assert gone["new"] is None  # the new answers knock nearshore out
    assert came["new"] > came["old"]
    line = (f"How sure (first place in plausible weightings and ratings): Nearshore outsourcing "
            f"{100 * gone['old']:.1f}% → knocked out; Onshore outsourcing {100 * came['old']:.1f}% "
            f"→ {100 * came['new']:.1f}%.")
    text = cli("diff", old, new, "--as-of", "2026-03-01").stdout
    assert line in " ".join(text.split())
    assert line in cli("diff", old, new, "-f", "markdown", "--as-of", "2026-03-01").stdout


def test_diff_sureness_follows_the_method_and_an_added_profile_has_only_its_own(
        cli: Callable[..., Run]) -> None:
    old, new = str(CASES / "old.yaml"), str(CASES / "new.yaml")
    topsis = json.loads(cli("diff", old, new, "-f", "json", "-m", "topsis").stdout)["uncertainty"]
    wsm = json.loads(cli("diff", old, new, "-f", "json").stdout)["uncertainty"]
    assert topsis["scored_by"] == "topsis" and topsis["first"] != wsm["first"]
    assert "first place by TOPSIS" in cli("diff", old, new, "-m", "topsis").stdout
    same = json.loads(cli("diff", new, new, "-f", "json").stdout)["uncertainty"]
    assert [w["model"] for w in same["winners"]] == ["onshore_outsourcing"]
    assert same["winners"][0]["old"] == same["winners"][0]["new"]
