"""The decision brief of a group decision: each stakeholder's position, charted and tabled, whole
and escaped; and the brief's figures on how sure the advice is under ``--method all``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.render import svg_charts
from sourcing_cli.render.brief_group import axis_top
from sourcing_cli.render.stakeholders import share
from sourcing_cli.words import percent
from tests.cli.test_brief import AS_OF, QA, SVG, brief, charts
from tests.cli.test_brief_chromium import assert_within_column, needs_chromium, screenshot
from tests.cli.test_hostile_output import EVIL, q
from tests.helpers import EXAMPLES, ROOT, Run
from tests.html_check import fetched, read_page
from tests.png import ink_share, read_png

GROUP_EXAMPLE = str(EXAMPLES / "group-data-platform.yaml")
# Priorities, so the weights are aggregated (AIP): the CFO weighs compliance 0 — a veto (a criterion
# a stakeholder does not name keeps its default priority)
AIP = """\
version: 1
answers: {cost_pressure: high, team_size: 40, function: data_analytics,
          data_sensitivity: personal, time_to_start_weeks: 10}
stakeholders:
  - {name: CFO, priorities: {cost: 5, expertise: 2, speed: 2, compliance: 0}}
  - {name: CISO, priorities: {ip_protection: 5, compliance: 5, cost: 2, expertise: 1, speed: 1}}
  - {name: CTO, priorities: {expertise: 4, speed: 4, cost: 2, ip_protection: 1}, weight: 2}
"""
HOSTILE_NAMES = (
    EVIL,
    "Tom & Jerry's \"R&D\" <b>board</b>",
    "\u202eOFC\u202c \u2066isolate\u2069 \x1b[31mred\x1b[0m\x00",
    "Chief" + "Supercalifragilistic" * 9 + "Officer",  # 192 characters without a space
)


def json_report(cli: Callable[..., Run], *args: str) -> dict[str, Any]:
    run = cli("assess", *args, "-f", "json", *AS_OF)
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start:page.index("</section>", start)]


def group_chart(page: str) -> ET.Element:
    found = [svg for svg in charts(page) if svg.get("aria-labelledby") == "group-t group-d"]
    assert len(found) == 1
    return found[0]


def marks(svg: ET.Element) -> dict[str, tuple[float, str]]:
    """Every mark of the strip chart by its title (``who — criterion: value``): its x and shape."""
    out = {}
    for g in svg.iter(f"{SVG}g"):
        title, shape = g.find(f"{SVG}title"), [e for e in g if e.tag != f"{SVG}title"]
        if title is None or len(shape) != 1:
            continue
        el = shape[0]
        if el.tag == f"{SVG}circle":
            x = float(el.get("cx", ""))
        elif el.tag == f"{SVG}rect":
            x = float(el.get("x", "")) + float(el.get("width", "")) / 2
        else:  # a path: its first point is the top (triangle) or top corner (diamond), centred
            x = float(re.findall(r"M([-0-9.]+)", el.get("d", ""))[0])
        corners = str(el.get("d", "").count("L") + 1) if el.tag == f"{SVG}path" else ""
        out[title.text or ""] = (x, el.tag.rsplit("}", 1)[1] + corners + el.get("fill", ""))
    return out


def test_the_group_example_shows_each_stakeholders_position(
    cli: Callable[..., Run], catalog: Catalog
) -> None:
    page = brief(cli, GROUP_EXAMPLE)
    data = json_report(cli, GROUP_EXAMPLE)
    parsed = read_page(page)
    assert parsed.errors == [] and fetched(parsed) == []
    verdict = page[page.index('<div class="verdict">'):page.index("</div>")]
    assert "The group&#x27;s recommendation: 3 stakeholders&#x27; weights, aggregated judgements " \
           "(AIJ)" in verdict
    text = section(page, "stakeholders")
    # the method and the consensus in the words the terminal and Markdown use
    assert "aggregated judgements (AIJ): the weighted geometric mean of their pairwise" in text
    assert "Consensus: 66.7% of the voice (CFO, CTO) would choose Offshore outsourcing" in text
    assert "Widest disagreements: Cost (9.1% to 47.9% of the weight)" in text
    assert ("For the group to choose In-house, CISO&#x27;s choice, its weights would have to move "
            "83.7% of the way toward CISO&#x27;s (a tie it wins by catalog order); or "
            "CISO&#x27;s voice would have to count 14.24 times as much.") in text
    # each stakeholder's voice, consistency, own winner and its score, the group winner's score
    for s in data["stakeholders"]:
        winner = "In-house" if s["winner"] == "in_house" else "<b>Offshore outsourcing</b>"
        row = (f'<tr><th scope="row">{s["name"]}</th><td class="num">1</td>'
               f"<td>pairwise, CR 0</td><td class=\"name\">{winner}</td>")
        assert row in text
        assert f'<td class="num">{round(s["score_of_group_winner"], 1):g}</td></tr>' in text
    # the chart: a mark per stakeholder and weighed criterion, placed at its share of the weight
    svg = group_chart(page)
    found = marks(svg)
    group = data["group"]["shares"]
    for s in data["stakeholders"]:  # each one's weights as shares of their total
        s["shares"] = {c: w / sum(s["weights"].values()) for c, w in s["weights"].items()}
    weighed = [c for c in group if group[c] > 0 or any(s["shares"][c] > 0
                                                        for s in data["stakeholders"])]
    assert len(weighed) == 5 and len(found) == 5 * (3 + 1)
    top = max([group[c] for c in weighed]
              + [s["shares"][c] for s in data["stakeholders"] for c in weighed])
    assert top == pytest.approx(0.479, abs=1e-3)
    x0 = svg_charts.STRIP_LABEL + svg_charts.PAD
    span = svg_charts.WIDTH - x0 - svg_charts.STRIP_VALUE - 2 * svg_charts.PAD
    names = {c.id: c.name for c in catalog.criteria}
    shapes = set()
    for s in data["stakeholders"]:
        for c in weighed:
            x, _ = found[f"{s['name']} — {names[c]}: {share(s['shares'][c])}"]
            assert x == pytest.approx(x0 + span * s["shares"][c] / 0.5, abs=0.02)
        shapes.add(found[f"{s['name']} — Cost: {share(s['shares']['cost'])}"][1])
    assert len(shapes) == 3  # a marker of their own each
    for c in weighed:
        x, _ = found[f"the group — {names[c]}: {share(group[c])}"]
        assert x == pytest.approx(x0 + span * group[c] / 0.5, abs=0.02)
    legend = "".join(svg.find(f"{SVG}g[@class='legend']").itertext())  # type: ignore[union-attr]
    assert legend == "the groupCFOCISOCTO"
    # the table beside it: the same shares
    assert ('<tr class="group"><th scope="row">The group</th><td class="num"><b>'
            f'{share(group["cost"])}</b></td>') in text
    assert "Weighed 0 by everyone: Control, Scalability, Risk, Collaboration, Strategic fit." in text


def test_no_stakeholders_section_for_one_voice(cli: Callable[..., Run]) -> None:
    page = brief(cli, QA)
    assert 'id="stakeholders"' not in page and "group" not in page.lower().replace(
        "<figure>", "").replace("</figure>", "")


def test_aggregated_priorities_name_who_vetoed(cli: Callable[..., Run], tmp_path: Path) -> None:
    profile = tmp_path / "aip.yaml"
    profile.write_text(AIP, "utf-8")
    page = brief(cli, str(profile))
    assert read_page(page).errors == []
    text = section(page, "stakeholders")
    assert "the stakeholders&#x27; aggregated priorities (AIP)" in text
    assert ("Weighed 0 by the group because a stakeholder weighs them 0 (in brackets), though "
            "others weigh them: Compliance (CFO).") in text
    assert '<tr><th scope="row">CTO</th><td class="num">2</td><td>priorities</td>' in text
    found = marks(group_chart(page))
    assert "the group — Compliance: 0%" in found  # the vetoed criterion is charted at 0


def test_a_group_with_workstreams_shows_the_positions_on_the_shared_answers(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    profile = tmp_path / "streams.yaml"
    profile.write_text(AIP + "workstreams:\n  - {name: Support, answers: {function: "
                       "customer_support}}\n  - {name: Core, priorities: {ip_protection: 5}}\n",
                       "utf-8")
    page = brief(cli, str(profile))
    assert read_page(page).errors == []
    assert page.count('<section id="stakeholders">') == 1
    text = section(page, "stakeholders")
    assert text.startswith('<section id="stakeholders"><h2>Stakeholders (shared answers)</h2>')
    assert "Compliance (CFO)." in text


def hostile_group(tmp_path: Path, names: tuple[str, ...] = HOSTILE_NAMES) -> Path:
    weighings = ("{cost: 5, expertise: 2}", "{ip_protection: 5, compliance: 4, cost: 1}",
                 "{expertise: 4, speed: 4, cost: 1}", "{speed: 3, cost: 3, compliance: 1}")
    lines = "".join(f"  - {{name: {q(n)}, priorities: {weighings[i % len(weighings)]}}}\n"
                    for i, n in enumerate(names))
    profile = tmp_path / "hostile-group.yaml"
    profile.write_text("version: 1\nanswers: {cost_pressure: high, team_size: 40, "
                       f"function: data_analytics}}\nstakeholders:\n{lines}", "utf-8")
    return profile


def test_hostile_stakeholder_names_are_escaped_in_the_brief(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    profile = hostile_group(tmp_path)
    page = brief(cli, str(profile))
    parsed = read_page(page)
    assert parsed.errors == [] and fetched(parsed) == []
    assert "<script" not in page and "<b>board</b>" not in page and "<img" not in page
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", page)
    text = section(page, "stakeholders")
    assert "Tom &amp; Jerry&#x27;s &quot;R&amp;D&quot; &lt;b&gt;board&lt;/b&gt;" in text
    assert "&lt;script&gt;" in text and "\\u202eOFC" in text
    long_name = HOSTILE_NAMES[3]
    assert f'<th scope="row">{long_name}</th>' in text  # whole in the tables (they wrap it)
    svg = group_chart(page)
    shortened = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert shortened, "the long names are not shortened in the chart"
    for t in shortened:
        full = t.find(f"{SVG}title").text or ""  # type: ignore[union-attr]
        visible = "".join(t.itertext())[len(full):]
        assert visible.endswith("…") and full.startswith(visible[:-1].rstrip())
    assert any((t.find(f"{SVG}title").text or "") == long_name  # type: ignore[union-attr]
               for t in shortened)
    assert brief(cli, str(profile)) == page  # the same bytes again


@pytest.mark.parametrize("count", [1, 12, 13, 50])
def test_any_number_of_stakeholders_is_charted_whole(
    count: int, cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Up to 12 stakeholders each have a marker and a lane of their own; more (up to the limit of
    50) share three lanes as like circles, so the chart stays about a page's height; every mark
    keeps its title and every stakeholder has a row in the table."""
    names = tuple(f"Member {i}" for i in range(count))
    page = brief(cli, str(hostile_group(tmp_path, names)))
    assert read_page(page).errors == []
    svg = group_chart(page)
    found = marks(svg)
    rows = len({t.split(" — ")[1].split(":")[0] for t in found})
    for name in names:
        assert sum(1 for t in found if t.startswith(f"{name} — ")) == rows
        assert f'<tr><th scope="row">{name}</th>' in section(page, "stakeholders")
    legend = "".join(svg.find(f"{SVG}g[@class='legend']").itertext())  # type: ignore[union-attr]
    shapes = {shape for title, (_, shape) in found.items() if not title.startswith("the group")}
    height = float(svg.get("viewBox", "").split()[3])
    if count <= 12:
        assert legend == "the group" + "".join(names)
        assert len(shapes) == min(count, 8)
    else:
        assert legend == "the groupeach stakeholder" and shapes == {"circle#ffffff"}
        assert height < 60 * rows  # three lanes a row, whatever the count


def test_markers_differ_by_shape_or_fill_not_colour() -> None:
    drawn = {svg_charts.marker(10, 10, i) for i in range(len(svg_charts.MARKERS))}
    assert len(drawn) == len(svg_charts.MARKERS) == 8
    for m in drawn:  # black and white only: readable in greyscale
        assert set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]+)"', m)) <= {"#111111", "#ffffff"}


def test_the_axis_ends_at_a_tick_above_the_largest_share() -> None:
    from sourcing_cli.group import GroupView, Position

    def view(largest: float) -> GroupView:
        p = Position("A", 1.0, {}, {"a": largest, "b": 1 - largest}, "priorities", None, None,
                     None, None)
        return GroupView("aip", {}, {"a": largest, "b": 1 - largest}, None, None, (p,), 1.0, 1.0,
                         ())

    assert axis_top(view(0.5), ["a", "b"]) == 0.5  # b = 0.5 too
    assert axis_top(view(0.3), ["a", "b"]) == 0.8  # b = 0.7 → the next fifth
    assert axis_top(view(0.61), ["a"]) == 0.8
    assert axis_top(view(0.0), ["a"]) == 0.1
    assert axis_top(view(1.0), ["a"]) == 1.0


@pytest.mark.parametrize("example", ["qa-nearshore", "ml-pilot-onshore", "group-data-platform"])
def test_method_all_shows_how_the_methods_agree_under_uncertainty(
    example: str, cli: Callable[..., Run]
) -> None:
    path = str(EXAMPLES / f"{example}.yaml")
    page = brief(cli, path, "--method", "all")
    assert read_page(page).errors == []
    sampled = json_report(cli, path, "--method", "all")["agreement"]["under_uncertainty"]
    text = section(page, "methods")
    n = sampled["samples"]
    assert (f"On the same {n:,} samples of plausible weightings and ratings, the weighted sum and "
            f"TOPSIS put the same model first in {percent(round(sampled['same_winner'] * n), n)} "
            "of them.") \
        in text
    firsts = [svg for svg in charts(page) if svg.get("aria-labelledby") == "firsts-t firsts-d"]
    assert len(firsts) == 1
    widths = []
    for g in firsts[0].iter(f"{SVG}g"):
        rect, title = g.find(f"{SVG}rect"), g.find(f"{SVG}title")
        if rect is not None and title is not None:
            widths.append(float(rect.get("width", "")))
    span = svg_charts.WIDTH - svg_charts.LABEL_WIDTH - 2 * svg_charts.PAD - svg_charts.VALUE_WIDTH
    expected = [span * share_ for m in sampled["first"]["weighted_sum"]
                for share_ in (sampled["first"]["weighted_sum"][m], sampled["first"]["topsis"][m])
                if share_ > 0]
    assert widths == pytest.approx(expected, abs=0.01)
    for m, value in sampled["first"]["topsis"].items():
        wsm = sampled["first"]["weighted_sum"][m]
        assert (f'<td class="num">{percent(round(wsm * n), n)}</td><td class="num">'
                f"{percent(round(value * n), n)}</td></tr>") in text, m
    if example == "ml-pilot-onshore":  # the winners differ: how often each wins by each method
        assert "Onshore outsourcing comes first in 74.8% by the weighted sum and 69.0% by " \
               "TOPSIS" in text
    assert "Under uncertainty" not in brief(cli, path)  # only the weighted sum: nothing to compare


@pytest.mark.parametrize("example", ["qa-nearshore", "group-data-platform", "support-offshore"])
def test_the_brief_shows_every_answer_tipping_point(example: str, cli: Callable[..., Run]) -> None:
    path = str(EXAMPLES / f"{example}.yaml")
    page = brief(cli, path)
    tips = json_report(cli, path)["answer_tipping_points"]
    flips = [t for t in tips if t["flips_at"] is not None]
    if not flips:
        assert "no other value of any single answer changes the recommendation" in page
        return
    text = section(page, "answer-tipping")
    chart = [svg for svg in charts(page) if svg.get("aria-labelledby") == "answers-t answers-d"]
    assert len(chart) == 1
    diamonds = [p for p in chart[0].iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    assert len(diamonds) == len(flips)
    labels = "".join(chart[0].itertext())
    for t in flips:
        assert t["answer"] in labels
        assert f"<li>With {t['answer']} = " in text
    steady = [t["answer"] for t in tips if t["flips_at"] is None]
    if steady:
        assert f"Holds whatever the answer: {', '.join(steady)}." in text


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed() -> None:
    outs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        run = subprocess.run([sys.executable, "-m", "sourcing_cli", "assess", GROUP_EXAMPLE,
                              "-f", "html", "--method", "all", *AS_OF], capture_output=True,
                             env=env, cwd=ROOT, timeout=120, check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1] and b'<section id="stakeholders">' in outs[0]
    assert b"<h3>Under uncertainty</h3>" in outs[0]


@pytest.mark.slow
@needs_chromium
def test_hostile_and_many_stakeholders_stay_in_the_column(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Chromium draws the brief of a group with hostile and very long names, and with twelve
    stakeholders: ink on the page, nothing right of the 180 mm column."""
    for names in (HOSTILE_NAMES, tuple(f"Member {i}" for i in range(12))):
        page = tmp_path / "brief.html"
        run = cli("assess", str(hostile_group(tmp_path, names)), "--format", "html", *AS_OF,
                  "-o", str(page), "--force")
        assert run.exit_code == 0, run.stderr
        image = read_png(screenshot(page, tmp_path / "shot.png", tmp_path / "profile"))
        assert ink_share(image) > 0.03
        assert_within_column(image)
