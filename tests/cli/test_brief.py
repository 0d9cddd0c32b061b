"""``assess --format html``: the decision brief, a self-contained page that stands on its own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.render import brief_html
from sourcing_cli.render.text import fmt
from tests.cli.test_hostile_output import EVIL, PROFILE, hostile_catalog
from tests.helpers import EXAMPLES, ROOT, Run
from tests.html_check import fetched, read_page

AS_OF = ("--as-of", "2026-03-01")
QA = str(EXAMPLES / "qa-nearshore.yaml")
HYBRID = str(EXAMPLES / "hybrid-portfolio.yaml")
ALL_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def brief(cli: Callable[..., Run], *args: str) -> str:
    run = cli("assess", *args, "--format", "html", *AS_OF)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    return run.stdout


def charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", page, re.S)]


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_a_clean_page_that_fetches_nothing(
    example: Path, cli: Callable[..., Run], catalog: Catalog
) -> None:
    page = brief(cli, str(example))
    parsed = read_page(page)
    assert parsed.errors == []
    assert fetched(parsed) == []
    assert not re.search(r"(?i)(src|href)\s*=\s*['\"]?\s*(https?:)?//", page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""))
    assert "<script" not in page.lower()
    for svg in charts(page):  # each chart is well-formed SVG with a title and a description
        assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
        assert svg.find(f"{SVG}desc") is not None
    data = json.loads(cli("assess", str(example), "-f", "json", *AS_OF).stdout)
    rec = data["recommendation"]
    if data["workstreams"]:
        assert "Recommendation: Hybrid portfolio" in page or "Recommendation: One model" in page
    elif rec is not None:
        name = catalog.model(rec["model"]).name
        assert f"Recommendation: {name}</p><p>{fmt(rec['score'], 1)} points" in page


def test_the_brief_carries_what_a_board_needs(cli: Callable[..., Run]) -> None:
    page = brief(cli, QA)
    # the recommendation, its margin and how sure it is
    assert "Recommendation: Nearshore outsourcing" in page
    assert "68.1 points, 5.2 ahead of Onshore outsourcing" in page
    assert "comes first in 70.5% of plausible weightings and ratings" in page
    # the score chart: one bar per running model, its segments summing to its score
    scores = charts(page)[0]
    rows: dict[float, float] = {}
    for g in scores.iter(f"{SVG}g"):
        rect = g.find(f"{SVG}rect")
        if rect is not None and g.find(f"{SVG}title") is not None:
            y = float(rect.get("y", ""))
            rows[y] = rows.get(y, 0.0) + float(rect.get("width", ""))
    assert sorted((round(100 * w / _span(), 1) for w in rows.values()), reverse=True) == \
        [68.1, 62.9, 55.2, 51.7]
    assert "Control" in "".join(scores.itertext())  # the legend names the criteria
    # the knocked-out model with its reason and the passage it rests on
    assert "Captive offshore centre</b> — knocked out: A new centre abroad" in page
    # the tipping points, as a chart and in words
    assert "Weight tipping points" in page and "if it falls to 2, Onshore outsourcing" in page
    assert "Answer tipping points" in page
    # rank acceptability, charted and tabled
    assert "Rank acceptability" in page and "<td class=\"num\">70.5%</td>" in page
    # the reasons with their citations, and the sources they cite listed on the page
    why = page[page.index('<section id="why">'):]
    assert "<q>Cost Savings Potential | Moderate</q>" in why
    assert re.search(r'<li id="src-strategy">Outsourcing vs\. Offshoring', page)
    # printable on A4
    assert "@page { size: A4;" in page and "max-width: 180mm" in page


def _span() -> float:
    from sourcing_cli.render import svg_charts as c

    return c.WIDTH - c.LABEL_WIDTH - c.PAD - c.VALUE_WIDTH - c.PAD


def test_the_portfolio_vendors_and_certificates(cli: Callable[..., Run]) -> None:
    page = brief(cli, HYBRID)
    assert "Recommendation: Hybrid portfolio: 3 models for 3 workstreams" in page
    for stream in ("Product R&amp;D", "QA and testing", "Customer support"):
        assert f"<h3>{stream}</h3>" in page  # a compact section per workstream
    assert page.count('<section class="workstream"') == 3
    assert len(charts(page)) >= 3 + 3  # the shared scores, both tipping points and one per stream
    assert "Pacific Support Co" in page and "▲▲ medium</span> <b>" in page  # severity in words
    assert "soc2: valid, expires 2026-09-30 (213 days left)" in page
    assert '<td class="num">8 h</td>' in page and '<td class="num">0 h</td>' in page


def test_a_recorded_decision_is_set_against_the_recommendation(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    profile = tmp_path / "decided.yaml"
    text = Path(QA).read_text("utf-8")
    profile.write_text(text + "\ndecision: in_house\n", "utf-8")
    page = brief(cli, str(profile))
    assert '<div class="decision differs"><p><b>Your decision: In-house</b> — 51.7 points, ranked ' \
           "4th of 4, 16.4 points behind Nearshore outsourcing.</p></div>" in page
    profile.write_text(text + "\ndecision: captive_offshore\n", "utf-8")
    page = brief(cli, str(profile))
    assert "Your decision: Captive offshore centre</b> — knocked out, so it has no score" in page


def test_topsis_draws_plain_score_bars(cli: Callable[..., Run]) -> None:
    page = brief(cli, QA, "--method", "topsis")
    assert read_page(page).errors == []
    scores = charts(page)[0]
    assert "".join(scores.find(f"{SVG}title").itertext()) == "Score per model"  # type: ignore[union-attr]
    assert "TOPSIS: score = 100 × closeness" in page


def test_method_all_sets_the_two_rankings_side_by_side(cli: Callable[..., Run]) -> None:
    page = brief(cli, QA, "--method", "all")
    assert read_page(page).errors == []
    assert "<caption>Weighted sum vs TOPSIS</caption>" in page
    assert re.search(r'<tr><td class="num">1</td><td>Nearshore outsourcing</td><td class="num">'
                     r'68\.1</td><td>Nearshore outsourcing</td><td class="num">60\.4</td></tr>', page)
    assert "<p>The weighted sum and TOPSIS recommend the same model" in page


def test_same_files_and_date_give_the_same_bytes(cli: Callable[..., Run]) -> None:
    assert brief(cli, HYBRID) == brief(cli, HYBRID)


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outs = []
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        run = subprocess.run([sys.executable, "-m", "sourcing_cli", "assess", HYBRID, "-f", "html",
                              *AS_OF], capture_output=True, env=env, cwd=ROOT, timeout=120,
                             check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1] == outs[2] and outs[0].startswith(b"<!DOCTYPE html>")


def test_output_file_follows_the_overwrite_rules(cli: Callable[..., Run], tmp_path: Path) -> None:
    out, table = tmp_path / "brief.html", tmp_path / "table.html"
    run = cli("assess", QA, "-f", "html", "-o", str(out), "--export", str(table), *AS_OF)
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"wrote {out}\nwrote {table}\n"
    assert out.read_text("utf-8") == brief(cli, QA)
    assert "<pre><code" in table.read_text("utf-8")  # --export still saves the table view
    before = out.read_text("utf-8")
    again = cli("assess", QA, "-f", "html", "-o", str(out), *AS_OF)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text("utf-8") == before
    forced = cli("assess", HYBRID, "-f", "html", "-o", str(out), "--force", *AS_OF)
    assert forced.exit_code == 0 and "Hybrid portfolio" in out.read_text("utf-8")
    twice = cli("assess", QA, "-f", "html", "-o", str(out), "--export", str(out), "--force", *AS_OF)
    assert twice.exit_code == 2 and "given twice as an output file" in twice.stderr


def test_every_string_from_a_file_is_escaped(cli: Callable[..., Run], tmp_path: Path) -> None:
    catalog = hostile_catalog(tmp_path)
    profile = tmp_path / "hostile.yaml"
    profile.write_text(PROFILE, "utf-8")
    page = brief(cli, str(profile), "--criteria", str(catalog))
    parsed = read_page(page)
    assert parsed.errors == [] and fetched(parsed) == []
    assert "<script" not in page and "<img" not in page and "<i>|" not in page
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", page)
    assert "&lt;script&gt;" in page and "\\x1b]0;p\\x07" in page
    shortened = 0
    for svg in charts(page):  # every chart still well-formed, every long label shortened visibly
        for text in svg.iter(f"{SVG}text"):
            title = text.find(f"{SVG}title")
            if title is None:
                continue
            full = title.text or ""
            visible = "".join(text.itertext())[len(full):]
            assert visible.endswith("…") and full.startswith(visible[:-1].rstrip())
            shortened += 1
    assert shortened > 0
    assert EVIL[:1] + "\\x1b" in page  # the whole name, escaped, in the page text


def test_help_shows_the_html_format(cli: Callable[..., Run]) -> None:
    text = " ".join(cli("assess", "--help").stdout.split())
    assert "html" in text and "--format html -o brief.html" in text


def test_each_section_is_a_function_of_the_report(cli: Callable[..., Run]) -> None:
    """The page is its list of sections: one that returns nothing leaves no trace."""
    assert all(callable(s) for s in brief_html.SECTIONS)
    page = brief(cli, QA)
    assert '<section id="portfolio">' not in page and '<section id="vendors">' not in page
    assert page.index('<section id="scores">') < page.index('<section id="why">') < \
        page.index('<section id="tipping">') < page.index('<section id="how-sure">')


@pytest.mark.parametrize("method", ["wsm", "topsis", "all"])
@pytest.mark.parametrize(("answer", "winner"), [("c", None), ("b", "Alpha")])
def test_degenerate_catalogs_still_make_a_clean_page(
    method: str, answer: str, winner: str | None, cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Every model knocked out, or a single one left: a page without the charts that have
    nothing to show, never an empty <svg> or a broken table."""
    from tests.cli.test_methods import KNOCKOUTS, MODELS, RATINGS
    from tests.small_catalog import write_catalog, write_profile

    catalog = write_catalog(tmp_path / "catalog", MODELS, RATINGS, KNOCKOUTS)
    profile = write_profile(tmp_path / "p.yaml", answer)
    page = brief(cli, str(profile), "--criteria", str(catalog), "--method", method)
    parsed = read_page(page)
    assert parsed.errors == [] and fetched(parsed) == []
    if winner is None:
        assert "No recommendation: every model was knocked out." in page
        assert "Every model was knocked out: none has a score." in page
        assert "<svg" not in page and '<section id="why">' not in page
    else:
        assert f"Recommendation: {winner}</p>" in page
        for svg in charts(page):
            drawn = [*svg.iter(f"{SVG}rect"), *svg.iter(f"{SVG}circle")]
            assert drawn, "an empty chart"


def test_a_large_portfolio_keeps_to_a_page_a_board_reads(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Every workstream has its row; the first 25 a section with a chart; the page says where the
    others' detail is, and the headline counts workstreams per model."""
    from sourcing_cli.render.brief_vendors import MAX_DETAILED

    text = Path(HYBRID).read_text("utf-8")
    functions = ("qa_testing", "customer_support", "rnd_product")
    streams = "".join(f"  - name: Stream {i}\n    answers: {{function: {functions[i % 3]}}}\n"
                      for i in range(MAX_DETAILED + 5))
    profile = tmp_path / "many.yaml"
    profile.write_text(text[:text.index("workstreams:")] + "workstreams:\n" + streams, "utf-8")
    page = brief(cli, str(profile))
    assert read_page(page).errors == []
    table = page[page.index('<section id="portfolio">'):page.index("</table>",
                                                                   page.index('<section id="portfolio">'))]
    assert table.count("<tr>") == 1 + MAX_DETAILED + 5
    assert page.count('<section class="workstream"') == MAX_DETAILED
    assert "The other 5 workstreams have their row in the table above" in page
    assert "Stream 29" in table and "<h3>Stream 29</h3>" not in page
    verdict = page[page.index('<div class="verdict">'):page.index("</div>")]
    counts = re.findall(r"<li><b>[^<]+</b>: (\d+) workstreams</li>", verdict)
    assert counts and sum(int(n) for n in counts) == MAX_DETAILED + 5
    assert "Stream 0" not in verdict
