"""Dates are read exactly as YYYY-MM-DD and work to the ends of the calendar; time zones come
from the tzdata package only; profiles and catalogs stay within documented sizes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.catalog import Catalog
from sourcing_cli.catalog_formats import MAX_CRITERIA, MAX_MODELS, MAX_QUESTIONS
from sourcing_cli.profile import MAX_VENDORS, MAX_WORKSTREAMS
from sourcing_cli.validation import iso_date, zone, zone_names
from tests.generate import write_vendor_portfolio
from tests.helpers import EXAMPLES, ROOT, Run, copy_catalog

LIMITS = "(see docs/limits.md)"


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "9999-12-30", "0001-01-02"])
@pytest.mark.parametrize("example", ["hybrid-portfolio.yaml", "qa-nearshore.yaml"])
def test_assess_works_on_the_first_and_last_days_of_the_calendar(
        cli: Callable[..., Run], as_of: str, example: str) -> None:
    run = cli("assess", str(EXAMPLES / example), "--format", "json", "--as-of", as_of)
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["as_of"] == as_of


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_check_works_on_the_first_and_last_days_of_the_calendar(
        cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, as_of: str) -> None:
    monkeypatch.chdir(EXAMPLES / "policy-repo")
    run = cli("check", "--format", "json", "--as-of", as_of)
    assert run.exit_code in (0, 1), run.stderr
    assert json.loads(run.stdout)["as_of"] == as_of


@pytest.mark.parametrize(("as_of", "problem"), [
    ("2026-W01-1", "expected a date written YYYY-MM-DD, got '2026-W01-1'"),
    ("20260101", "expected a date written YYYY-MM-DD, got '20260101'"),
    ("2026-01-01T00:00", "expected a date written YYYY-MM-DD, got '2026-01-01T00:00'"),
    ("2026-1-1", "expected a date written YYYY-MM-DD, got '2026-1-1'"),
    ("２０２６-０１-０１", "expected a date written YYYY-MM-DD, got '２０２６-０１-０１'"),
    ("2026-02-30", "'2026-02-30' is not a date in the calendar (YYYY-MM-DD)"),
    ("0000-01-01", "'0000-01-01' is not a date in the calendar (YYYY-MM-DD)"),
])
def test_as_of_is_exactly_yyyy_mm_dd(cli: Callable[..., Run], as_of: str, problem: str) -> None:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--as-of", as_of)
    assert run.exit_code == 2
    assert run.stderr == f"error: --as-of: {problem}\n"


def test_iso_date() -> None:
    assert iso_date("2026-03-01") == date(2026, 3, 1)
    assert [iso_date(t) for t in ("20260301", "2026-W09-7", "2026-060", "2026-03-01 ",
                                  "2026-03-01T00:00", "+2026-03-01")] == [None] * 6


def test_every_zone_a_file_may_name_is_a_place_or_utc_from_the_tzdata_package() -> None:
    names = zone_names()
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Etc/GMT-2"} <= names
    assert not {"localtime", "posixrules", "Factory", "EST", "US/Eastern", "CET"} & names
    assert all("/" in n or n in ("UTC", "GMT") for n in names)
    berlin = zone("Europe/Berlin")
    assert berlin.key == "Europe/Berlin"
    with pytest.raises(ValueError):
        zone("localtime")


# ---- sizes -------------------------------------------------------------------------------------


def write_profile(tmp_path: Path, streams: int, vendors: int) -> Path:
    lines = ["version: 1"]
    if streams:
        lines += ["workstreams:"] + [f"  - {{name: w{i}}}" for i in range(streams)]
    if vendors:
        lines += ["vendors:"] + [f"  - {{name: v{i}, model: in_house, country: \"US\", "
                                 "timezone: UTC}" for i in range(vendors)]
    path = tmp_path / "p.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_profile_at_the_limits_is_fine_and_one_past_them_is_refused(
        cli: Callable[..., Run], tmp_path: Path) -> None:
    at = write_profile(tmp_path, MAX_WORKSTREAMS, MAX_VENDORS)
    run = cli("validate", str(at))
    assert run.exit_code == 0, run.stderr
    past = write_profile(tmp_path, MAX_WORKSTREAMS + 1, MAX_VENDORS + 1)
    run = cli("validate", str(past))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{past}:{MAX_WORKSTREAMS + 3}:5: error: workstreams: {MAX_WORKSTREAMS + 1:,} workstreams, "
        f"over the limit of {MAX_WORKSTREAMS:,}; split the profile in several {LIMITS}",
        f"{past}:{MAX_WORKSTREAMS + MAX_VENDORS + 5}:5: error: vendors: {MAX_VENDORS + 1:,} vendors, "
        f"over the limit of {MAX_VENDORS:,}; keep the shortlist {LIMITS}",
        "1 of 1 file(s) invalid",
    ]


def test_a_programme_at_the_vendor_limit_is_assessed_and_one_vendor_more_is_refused(
        cli: Callable[..., Run], catalog: Catalog, tmp_path: Path) -> None:
    """A profile as large sourcing programmes write them — vendors with certificates, countries
    and facts, each serving a workstream — at the vendor limit gets its report; one vendor more
    is one located error."""
    at = tmp_path / "at.yaml"
    write_vendor_portfolio(at, catalog, 40, MAX_VENDORS)
    run = cli("assess", str(at), "--format", "json", "--as-of", "2026-03-01")
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert len(report["vendors"]) == MAX_VENDORS and len(report["workstreams"]) == 40
    assert report["red_flags"]
    past = tmp_path / "past.yaml"
    write_vendor_portfolio(past, catalog, 40, MAX_VENDORS + 1)
    run = cli("assess", str(past), "--format", "json", "--as-of", "2026-03-01")
    assert run.exit_code == 2 and run.stdout == ""
    assert re.fullmatch(rf"{re.escape(str(past))}:\d+:\d+: error: vendors: {MAX_VENDORS + 1:,} vendors, "
                        rf"over the limit of {MAX_VENDORS:,}; keep the shortlist {re.escape(LIMITS)}\n",
                        run.stderr), run.stderr


def errors_of_catalog(cli: Callable[..., Run], folder: Path) -> list[str]:
    run = cli("assess", str(EXAMPLES / "qa-nearshore.yaml"), "--criteria", str(folder))
    assert run.exit_code == 2
    return [line.replace(str(folder), "cat") for line in run.stderr.splitlines()]


def test_a_catalog_with_too_many_criteria_is_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path / "cat")
    cost = (folder / "cost.yaml").read_text(encoding="utf-8")
    assert re.search(r"^id: cost$", cost, re.MULTILINE)
    have = len([p for p in folder.glob("*.yaml") if "kind: criterion" in p.read_text("utf-8")])
    for i in range(MAX_CRITERIA + 1 - have):
        text = re.sub(r"^id: cost$", f"id: cost_{i}", cost, flags=re.MULTILINE)
        (folder / f"zz{i:02}.yaml").write_text(re.sub(r"^order: .*$", "order: 999", text,
                                                     flags=re.MULTILINE), encoding="utf-8")
    found = errors_of_catalog(cli, folder)
    assert len(found) == 1
    assert re.fullmatch(rf"cat/zz\d\d\.yaml:\d+:7: error: the catalog has {MAX_CRITERIA + 1} criteria, "
                        rf"over the limit of {MAX_CRITERIA} \(see docs/limits\.md\)", found[0])


def test_a_catalog_with_too_many_models_or_questions_is_refused(
        cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path / "cat")
    models = folder / "models.yaml"
    text = models.read_text(encoding="utf-8")
    entry = re.search(r"^  - id: in_house\n(?:    .*\n)+", text, re.MULTILINE)
    assert entry
    extra = "".join(entry.group().replace("id: in_house", f"id: extra_{i}")
                    for i in range(MAX_MODELS))
    models.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    entry = re.search(r"^  - id: team_size\n(?:    .*\n)+", text, re.MULTILINE)
    assert entry
    extra = "".join(entry.group().replace("id: team_size", f"id: extra_{i}")
                    for i in range(MAX_QUESTIONS))
    questions.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    found = errors_of_catalog(cli, folder)
    assert any(re.fullmatch(rf"cat/models\.yaml:\d+:\d+: error: {MAX_MODELS + 5} models, over the "
                            rf"limit of {MAX_MODELS} \(see docs/limits\.md\)", line) for line in found)
    assert any(re.search(r"cat/questions\.yaml:\d+:\d+: error: \d+ questions, over the limit of "
                         rf"{MAX_QUESTIONS} \(see docs/limits\.md\)", line) for line in found)


def test_the_documented_limits_are_the_code_s() -> None:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for name, value in (("MAX_WORKSTREAMS", MAX_WORKSTREAMS), ("MAX_VENDORS", MAX_VENDORS),
                        ("MAX_MODELS", MAX_MODELS), ("MAX_CRITERIA", MAX_CRITERIA),
                        ("MAX_QUESTIONS", MAX_QUESTIONS)):
        assert re.search(rf"\| {value:,} \(`[a-z_]+\.{name}`\)", text), name


def test_the_zone_database_is_read_from_the_tzdata_package_whichever_way_it_is_found() -> None:
    # validation reads tzdata's files by path when the package is a folder (no resource readers
    # loaded); the bytes must be those importlib.resources gives
    from importlib import resources

    from sourcing_cli import validation

    by_path, by_resources = validation._tzdata(), resources.files("tzdata")
    for parts in (("zoneinfo", "iso3166.tab"), ("zones",), ("zoneinfo", "tzdata.zi"),
                  ("zoneinfo", "Europe", "Berlin"), ("zoneinfo", "America", "Sao_Paulo")):
        assert by_path.joinpath(*parts).read_bytes() == by_resources.joinpath(*parts).read_bytes()
    assert "PT" in validation.country_codes() and "Europe/Lisbon" in validation.zone_names()
