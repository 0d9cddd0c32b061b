"""No output cuts a column, a rating or a score, at any width, and piped output follows COLUMNS.

Every example is assessed at 40, 60, 80, 100 and 160 columns; the comparison is read back from the
text (whichever layout was chosen: models as rows, or criteria as rows in one or more stacked
tables) and must hold every model's every rating and score. ``compare``, ``check``, ``diff`` and
the interview's final table are held to the same: every name and score whole, no ``…``, no line
wider than the output.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.profile import load_profile
from sourcing_cli.render.text import fmt
from sourcing_cli.report import Report, build_report
from tests.helpers import EXAMPLES, Run

WIDTHS = (40, 60, 80, 100, 160)
PROFILES = sorted(EXAMPLES.glob("*.yaml"))
AS_OF = "2026-11-24"
QA = EXAMPLES / "qa-nearshore.yaml"

QA_AT_80 = """\
                    Sourcing assessment — Acme — QA testing

 Criterion         Weight   Nearshore   Onshore   Offshore   In-house   Captive
 ──────────────────────────────────────────────────────────────────────────────
 Control               ×3       3          3         2          5          3
 Cost                  ×5       3          1         5          1          1
 Scalability           ×4       5          5         5          2          3
 IP protection         ×1       2          3         2          5          4
 Risk                  ×3       3          3         2          4          2
 Speed to deploy       ×2       4          4         4          1          1
 Expertise             ×2       5          5         5          2          3
 Collaboration         ×4       5          5         1          5          1
 Compliance            ×3       3          4         2          4          3
 Strategic fit         ×2       3          3         3          3          3

 Score                        68.1       62.9       55.2       51.7        —
 Rank                           1          2         3          4         out

ratings 1–5 (5 best) · as of 2026-11-24 · Onshore = Onshore outsourcing
Nearshore = Nearshore outsourcing · Offshore = Offshore outsourcing
Captive = Captive offshore centre · out = knocked out: Captive
╭─ Recommendation ─────────────────────────────────────────────────────────────╮
│ Nearshore outsourcing  68.1 points, 5.2 ahead of Onshore outsourcing         │
│                                                                              │
│ Why:                                                                         │
│   • Cost ×5: 3 vs 1, +8.6 points — Moderate savings from lower rates in a    │
│     neighbouring country.                                                    │
│                                                                              │
│ Knocked out:                                                                 │
│   • Captive offshore centre: A new centre abroad takes months to set up; the │
│     team is needed within 12 weeks.                                          │
│                                                                              │
│ Tipping points:                                                              │
│   • Cost: weight 5 — if it falls to 2, Onshore outsourcing draws level with  │
│     Nearshore outsourcing and, listed first in the catalog, is recommended   │
│   • Collaboration: weight 4 — if it falls below 0.25, Offshore outsourcing   │
│     overtakes                                                                │
│                                                                              │
│ What would change it:                                                        │
│   • With data_residency = In our country (in_country) instead of Anywhere    │
│     (none), Onshore outsourcing wins.                                        │
│   • With cost_pressure = low instead of high, Onshore outsourcing wins.      │
│                                                                              │
│ How sure:                                                                    │
│   Nearshore outsourcing comes first in 70.5% of plausible weightings and     │
│   ratings; Onshore outsourcing in 28.9%; In-house in 0.5%.                   │
│                                                                              │
│ Defaulted answers:                                                           │
│   long_term_capability=false, cloud_collaboration=false                      │
╰──────────────────────────────────────────────────────────────────────────────╯
"""


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def assert_fits(text: str, width: int, *, own: tuple[str, ...] = ()) -> None:
    """No ``…`` (but those in ``own``, the tool's own wording) and no line wider than ``width``."""
    for words in own:
        text = text.replace(words, "")
    assert "…" not in text, "something was cut"
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert wide == [], f"lines wider than {width}"


def shown(text: str, catalog: Catalog) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """The ratings and scores the comparison shows, read back from either layout."""
    ratings: dict[str, dict[str, int]] = {}
    scores: dict[str, str] = {}
    n = len(catalog.criteria)
    for line in text.splitlines():  # models as rows
        for model in catalog.models:
            found = re.match(rf"^\s*(?:\d+|–)\s+{re.escape(model.name)}\s+((?:[1-5]\s+){{{n}}})(\S+)",
                             line)
            if found:
                values = found.group(1).split()
                ratings[model.id] = {c.id: int(v) for c, v in zip(catalog.criteria, values,
                                                                   strict=True)}
                scores[model.id] = found.group(2)
    shorts = {m.short: m.id for m in catalog.models}
    labels = sorted(((label, c.id) for c in catalog.criteria for label in {c.name, c.short}),
                    key=lambda item: -len(item[0]))
    chunk: list[str] = []
    for line in text.splitlines():  # criteria as rows, models as columns
        words = [w for w in re.split(r"\s{2,}", line.strip()) if w not in ("Criterion", "Weight")]
        if words and all(w in shorts for w in words):
            chunk = [shorts[w] for w in words]
            continue
        if not chunk:
            continue
        cells = rf"((?:\S+\s*){{{len(chunk)}}})$"
        if (found := re.match(rf"^\s*Score\s+{cells}", line)):
            for model_id, value in zip(chunk, found.group(1).split(), strict=True):
                scores[model_id] = value
            continue
        for label, criterion in labels:
            found = re.match(rf"^\s*{re.escape(label)}\s+×\S+\s+((?:[1-5]\s*){{{len(chunk)}}})$", line)
            if found:
                for model_id, value in zip(chunk, found.group(1).split(), strict=True):
                    ratings.setdefault(model_id, {})[criterion] = int(value)
                break
    return ratings, scores


def report_of(catalog: Catalog, path: Path) -> Report:
    return build_report(catalog, load_profile(path, catalog, str(path)), date.fromisoformat(AS_OF))


def assert_complete(text: str, report: Report) -> None:
    """Every model's name, every rating and every score is in the text, whole."""
    catalog, result = report.catalog, report.result
    for model in catalog.models:
        assert model.name in text
    ratings, scores = shown(text, catalog)
    assert ratings == {m: dict(result.ratings[m]) for m in catalog.model_ids}
    expected = {r.model: fmt(r.score, 1) for r in result.ranking}
    expected.update({e.model: "—" for e in result.excluded})
    assert scores == expected


def test_the_80_column_table_of_the_qa_example(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    run = cli("assess", str(QA), "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    assert lines(run.stdout) == lines(QA_AT_80)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_example_shows_every_rating_and_score_at_every_width(
    path: Path, width: int, catalog: Catalog, cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("assess", str(path), "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    assert_fits(run.stdout, width)
    assert_complete(run.stdout, report_of(catalog, path))


@pytest.mark.parametrize("width", WIDTHS)
def test_method_all_shows_both_rankings_whole(
    width: int, catalog: Catalog, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("assess", str(QA), "--as-of", AS_OF, "--method", "all")
    assert run.exit_code == 0, run.stderr
    assert_fits(run.stdout, width)
    data = json.loads(cli("assess", str(QA), "--as-of", AS_OF, "-m", "all", "-f", "json").stdout)
    section = " ".join(run.stdout.split("Weighted sum vs TOPSIS", 1)[1].split("Recommendation")[0]
                       .split())
    for left, right in zip(data["ranking"], data["topsis"], strict=True):
        names = [re.escape(catalog.model(m).name) + "|" + re.escape(catalog.model(m).short)
                 for m in (left["model"], right["model"])]
        pattern = (rf"\b{left['rank']}\b.*?(?:{names[0]}) .*?{left['score']:.1f}.*?(?:{names[1]})"
                   rf" .*?{right['score']:.1f}")
        assert re.search(pattern, section), (left, right)
        section = section[re.search(pattern, section).end():]  # type: ignore[union-attr]


def test_piped_output_is_120_wide_without_columns(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    run = cli("assess", str(QA), "--as-of", AS_OF)
    assert max(cell_len(line) for line in run.stdout.splitlines()) == 120
    assert_complete(run.stdout, report_of(load_catalog(), QA))


@pytest.mark.parametrize("columns", ["0", "-5", "wide", "5"])
def test_a_useless_columns_value_is_not_obeyed(
    columns: str, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("assess", str(QA), "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    assert "68.1" in run.stdout and "…" not in run.stdout


def test_the_table_explains_its_short_headers(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    legend = " ".join(cli("assess", str(QA), "--as-of", AS_OF).stdout.split())
    for entry in ("Ctrl = Control", "Scale = Scalability", "IP = IP protection",
                  "Speed = Speed to deploy", "Skill = Expertise", "Sync = Collaboration",
                  "Compl = Compliance"):
        assert entry in legend
    monkeypatch.setenv("COLUMNS", "40")  # short criterion labels come back in the narrowest layout
    narrow = " ".join(cli("assess", str(QA), "--as-of", AS_OF).stdout.split())
    assert "Sync = Collaboration" in narrow and "Skill = Expertise" in narrow
    assert "Onshore = Onshore outsourcing" in narrow


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_shows_every_rating_whole(
    width: int, catalog: Catalog, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("compare")
    assert run.exit_code == 0, run.stderr
    assert_fits(run.stdout, width)
    text = run.stdout
    for model in catalog.models:
        assert model.name in text
    for criterion in catalog.criteria:
        expected = [criterion.ratings[m].value for m in catalog.model_ids]
        row = next((line for line in text.splitlines() if line.strip().startswith(criterion.name)
                    and "·" in line), None)
        if row is not None:  # the grid: `rating · reason` per model, in catalog order
            assert [int(v) for v in re.findall(r"\b([1-5]) ·", row)] == expected
            continue
        block = text.split(f"\n{criterion.name}", 1)[1]  # one small table per criterion
        got = []
        for model in catalog.models:
            label = re.escape(model.name) + "|" + re.escape(model.short)
            found = re.search(rf"^\s*(?:{label})\s+([1-5])\s", block, re.M)
            assert found, (criterion.id, model.id)
            got.append(int(found.group(1)))
        assert got == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_check_text_keeps_every_finding_whole(
    width: int, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "policy-repo", repo)
    (repo / ".git").mkdir()
    (repo / "sourcing" / "qa-testing.yaml").write_text(
        (repo / "sourcing" / "qa-testing.yaml").read_text("utf-8").replace(
            "decision: nearshore_outsourcing", "decision: offshore_outsourcing"), "utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("check", "--as-of", "2026-03-01")
    findings = json.loads(cli("check", "--as-of", "2026-03-01", "-f", "json").stdout)
    assert findings["findings"], "the example must produce findings"
    assert_fits(run.stdout, width)
    flat = " ".join(run.stdout.split())
    for finding in findings["findings"]:
        assert finding["rule"] in run.stdout
        assert f"{finding['line']}:{finding['column']}" in run.stdout
        assert " ".join(finding["message"].split()) in flat


@pytest.mark.parametrize("width", WIDTHS)
def test_diff_keeps_every_model_and_score_whole(
    width: int, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(QA.read_text("utf-8").replace("team_size: 15", "team_size: 150"), "utf-8")
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli("diff", str(QA), str(new))
    assert run.exit_code == 0, run.stderr
    assert_fits(run.stdout, width, own=("… with only this",))
    data = json.loads(cli("diff", str(QA), str(new), "-f", "json").stdout)
    flat = " ".join(run.stdout.split())
    names = {m.id: m.name for m in load_catalog().models}
    for move in data["models"]:
        assert names[move["model"]] in flat
        for key in ("old_score", "new_score"):
            if move[key] is not None:
                assert f"{move[key]:.1f}" in run.stdout
    for change in data["changes"]:
        assert f".{change['key']}" in run.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_the_interviews_final_table_keeps_everything_whole(
    width: int, catalog: Catalog, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    from sourcing_cli.cli import interview

    profile = tmp_path / "profile.yaml"
    shutil.copy(QA, profile)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    interview.show_assessment(catalog, profile, None)
    text = capsys.readouterr().out
    assert_fits(text, width)
    report = build_report(catalog, load_profile(profile, catalog, str(profile)), date.today())
    assert_complete(text, report)
