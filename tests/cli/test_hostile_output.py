"""Every string a user controls, through every output format, arrives escaped for that format.

A profile (its name, workstream, vendor and certificate names, its file name), a policy (a rule's
reason, a waiver's reason and owner) and a catalog (a model's and a criterion's name and short
label, a rating's reason, a red flag's message) all carry escape sequences (window title, OSC 52
clipboard, clear screen, a C1 CSI), a bidirectional override, CR/LF line breaks with a fake
Markdown heading and list item, table pipes and HTML. Then:

* terminal outputs (the table at two widths, check text, GitHub commands, diff, compare,
  criteria, the interview's final table) hold no control character but the line feed, and no
  bidi override;
* the SVG export is well-formed XML and fetches nothing; the HTML export carries no raw markup;
* Markdown outputs (the decision record, the check summary, the diff) hold no raw HTML, no heading
  but their own and no table row with a pipe too many;
* JSON and SARIF parse and keep the strings exactly; JUnit is well-formed XML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from sourcing_cli.catalog import load_catalog
from tests.helpers import Run, copy_catalog

EVIL = ("X\x1b]0;p\x07\x1b]52;c;ZQ==\x07\x1b[2J\x9b1m<script>\r\n## Recommendation: Y | &<img>"
        "\u202e\n- item")  # within the 80 characters a name may have
SHORT_MODEL = "\x1b]0;t\x07<i>|"
SHORT_CRITERION = "\x1b[2J|"
AS_OF = "2026-11-24"
# Terminal output: nothing below U+0020 but the line feed, no DEL, C1 or bidi control.
UNSAFE_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
OUR_HEADINGS = ("# Sourcing assessment: ", "## Ranking", "## Knocked out", "## Why ",
                "## Tipping points", "## Answer tipping points", "## Portfolio", "## Vendors",
                "### Red flags", "### Missing facts", "## Weights", "## Adjustments that fired",
                "## Defaulted answers", "## ❌ sourcing check", "## ✅ sourcing check",
                "### Sourcing decision: ", "## Weighted sum vs TOPSIS", "## How sure",
                "## Stakeholders")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


def hostile_catalog(where: Path) -> Path:
    target = copy_catalog(where / "catalog")
    models = target / "models.yaml"
    models.write_text(models.read_text("utf-8").replace(
        "    name: In-house\n    short: In-house",
        f"    name: {q(EVIL)}\n    short: {q(SHORT_MODEL)}", 1), "utf-8")
    cost = target / "cost.yaml"
    text = cost.read_text("utf-8").replace("name: Cost\nshort: Cost",
                                           f"name: {q(EVIL)}\nshort: {q(SHORT_CRITERION)}", 1)
    text = text.replace("reason: Home-country salaries and overheads, with no labour arbitrage "
                        "(but no vendor margin).", f"reason: {q(EVIL)}", 1)
    cost.write_text(text, "utf-8")
    flags = target / "red_flags.yaml"
    text = flags.read_text("utf-8")
    start = text.index("message:", text.index("- id: high_attrition"))
    end = text.index("    cite:", start)
    flags.write_text(text[:start] + f"message: {q(EVIL)}\n" + text[end:], "utf-8")
    return target


PROFILE = f"""\
version: 1
name: {q(EVIL)}
home: {{country: "US", timezone: America/New_York}}
answers: {{function: qa_testing, data_sensitivity: personal, time_to_start_weeks: 6}}
decision: offshore_outsourcing
vendors:
  - name: {q(EVIL)}
    model: nearshore_outsourcing
    country: "CO"
    timezone: America/Bogota
    certifications:
      - {{name: {q(EVIL)}, expires: 2026-01-01}}
    facts: {{attrition_pct: 40}}
workstreams:
  - name: {q(EVIL)}
    answers: {{function: customer_support}}
"""

POLICY = f"""\
version: 1
profiles: ["sourcing/**/*.yaml"]
rules:
  require_decision: true
  min_decision_score: 50
  forbid:
    - id: stay-home
      models: [offshore_outsourcing]
      when: {{function: qa_testing}}
      reason: {q(EVIL)}
  red_flags: {{fail_on: high}}
  certifications: {{min_days_valid: 30}}
waivers:
  - rule: red_flags/high_attrition
    profile: {q("sourcing/" + EVIL[:2] + ".yaml")}
    reason: {q(EVIL)}
    owner: {q("ops" + EVIL[1:12] + "@example.com")}
    expires: 2027-03-31
"""


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    repo = tmp_path / "repo"
    (repo / "sourcing").mkdir(parents=True)
    (repo / ".git").mkdir()
    profile = repo / "sourcing" / f"{EVIL[:2]}.yaml"  # a file name with an escape character
    profile.write_text(PROFILE, "utf-8")
    (repo / ".sourcing-policy.yaml").write_text(POLICY, "utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return {"repo": repo, "profile": profile, "catalog": hostile_catalog(tmp_path),
            "summary": tmp_path / "summary.md", "tmp": tmp_path}


def assert_terminal_safe(text: str, what: str) -> None:
    found = UNSAFE_TERMINAL.search(text)
    assert found is None, f"{what}: raw {found.group()!r} reaches the terminal"
    assert "\\x1b" in text, f"{what}: the escape sequence is not shown escaped"


def assert_markdown_safe(text: str, what: str) -> None:
    assert UNSAFE_TERMINAL.search(text) is None, what
    for tag in ("<script", "<img", "<i>"):
        assert tag not in text, f"{what}: raw HTML {tag}"
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            assert line.startswith(OUR_HEADINGS), f"{what}: a heading from user data: {line!r}"
        assert not line.startswith(("- item", "## Recommendation: Y")), what
    rows: list[int] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            rows.append(len(re.findall(r"(?<!\\)\|", line)))
        elif rows:
            assert len(set(rows)) == 1, f"{what}: a table row with a different number of cells"
            rows = []


def test_every_user_string_is_escaped_in_every_format(
    world: dict[str, Path], cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile, catalog = str(world["profile"]), str(world["catalog"])
    common = ("--criteria", catalog, "--as-of", AS_OF)

    for width in ("80", "160"):
        monkeypatch.setenv("COLUMNS", width)
        table = cli("assess", profile, *common)
        assert table.exit_code == 0, table.stderr
        assert_terminal_safe(table.stdout, f"table at {width}")

    markdown = cli("assess", profile, *common, "--format", "markdown").stdout
    assert_markdown_safe(markdown, "assess markdown")
    both = cli("assess", profile, *common, "--method", "all")
    assert both.exit_code == 0, both.stderr
    assert_terminal_safe(both.stdout, "table, both methods")
    assert_markdown_safe(cli("assess", profile, *common, "-m", "all", "-f", "markdown").stdout,
                         "markdown, both methods")
    assert "&lt;script&gt;" in markdown

    data = json.loads(cli("assess", profile, *common, "--format", "json").stdout)
    assert data["profile"]["name"] == EVIL
    assert data["workstreams"][0]["name"] == EVIL
    assert data["vendors"][0]["name"] == EVIL
    assert data["vendors"][0]["certificates"][0]["name"] == EVIL

    svg, html = world["tmp"] / "out.svg", world["tmp"] / "out.html"
    for export in (svg, html):
        run = cli("assess", profile, *common, "--export", str(export))
        assert run.exit_code == 0, run.stderr
    svg_text = svg.read_text("utf-8")
    ET.fromstring(svg_text)  # well-formed: no character XML cannot carry
    assert re.findall(r"https?://[^\s\"'<>)]+", svg_text) == ["http://www.w3.org/2000/svg"]
    html_text = html.read_text("utf-8")
    assert "<script" not in html_text and "<img" not in html_text
    assert UNSAFE_TERMINAL.search(html_text) is None and UNSAFE_TERMINAL.search(svg_text) is None

    for fmt in ("text", "github"):
        run = cli("check", "--criteria", catalog, "--as-of", AS_OF, "--format", fmt)
        assert run.exit_code == 1, run.stderr
        assert_terminal_safe(run.stdout, f"check {fmt}")
    assert_markdown_safe(world["summary"].read_text("utf-8"), "check step summary")
    sarif = json.loads(cli("check", "--criteria", catalog, "--as-of", AS_OF, "-f", "sarif").stdout)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(EVIL in m for m in messages)  # faithful
    as_json = cli("check", "--criteria", catalog, "--as-of", AS_OF, "-f", "json").stdout
    assert UNSAFE_TERMINAL.search(as_json.replace("\n", "")) is None
    assert any(EVIL in f["message"] for f in json.loads(as_json)["findings"])
    junit = cli("check", "--criteria", catalog, "--as-of", AS_OF, "-f", "junit").stdout
    ET.fromstring(junit)

    other = world["tmp"] / f"other{EVIL[:2]}.yaml"
    other.write_text(PROFILE.replace("qa_testing", "software_development"), "utf-8")
    diff = cli("diff", profile, str(other), "--criteria", catalog)
    assert diff.exit_code == 0, diff.stderr
    assert_terminal_safe(diff.stdout, "diff")
    assert_markdown_safe(cli("diff", profile, str(other), "--criteria", catalog, "-f",
                             "markdown").stdout, "diff markdown")

    for command in (("compare",), ("criteria",), ("criteria", "cost")):
        run = cli(*command, "--criteria", catalog)
        assert run.exit_code == 0, run.stderr
        assert_terminal_safe(run.stdout, " ".join(command))

    from sourcing_cli.cli import interview

    monkeypatch.setenv("COLUMNS", "100")
    interview.show_assessment(load_catalog(world["catalog"]), world["profile"], world["catalog"])
    assert_terminal_safe(capsys.readouterr().out, "the interview's final table")
