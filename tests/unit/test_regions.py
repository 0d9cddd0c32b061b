"""Residency as a constraint on places, and vendor evidence as ratings: regions, candidates,
``where`` in knock-outs and adjustments, and the checks of the files that declare them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sourcing_cli.candidates import candidates
from sourcing_cli.catalog import Catalog, load_catalog
from sourcing_cli.errors import InputError
from sourcing_cli.profile import profile_from_doc
from sourcing_cli.report import Report, build_report
from sourcing_cli.yamlio import load_text

AS_OF = date(2026, 3, 1)
ANSWERS = """\
  function: software_development
  data_sensitivity: personal
  data_residency: in_region
  team_size: 30
  duration_months: 36
  time_to_start_weeks: 20
  cost_pressure: high
"""


def report(catalog: Catalog, home: str | None, vendors: str = "", answers: str = ANSWERS,
           method: str = "wsm") -> Report:
    text = "version: 1\n"
    if home:
        text += f'home: {{country: "{home}", timezone: Europe/Berlin}}\n'
    text += "answers:\n" + answers + (f"vendors:\n{vendors}" if vendors else "")
    return build_report(catalog, profile_from_doc(load_text(text, "p.yaml"), catalog), AS_OF,
                        method, robust=False)


def excluded(rep: Report) -> dict[str, str]:
    return {e.model: " ".join(e.reasons) for e in rep.result.excluded}


def vendor(name: str, model: str, country: str, extra: str = "") -> str:
    return (f"  - {{name: {name}, model: {model}, country: \"{country}\", "
            f"timezone: Europe/Berlin{extra}}}\n")


def test_in_region_removes_what_lies_outside_the_homes_region(catalog: Catalog) -> None:
    out = excluded(report(catalog, "DE"))
    assert sorted(out) == ["captive_offshore", "offshore_outsourcing"]
    assert "The data must stay in the European Economic Area" in out["offshore_outsourcing"]
    assert "presumed to work in a distant country" in out["offshore_outsourcing"]


def test_a_named_vendor_or_centre_decides_where_its_model_lies(catalog: Catalog) -> None:
    outside = excluded(report(catalog, "DE", vendor("Danube", "nearshore_outsourcing", "RS")))
    assert "Danube works from RS" in outside["nearshore_outsourcing"]
    inside = excluded(report(catalog, "DE", vendor("Vistula", "nearshore_outsourcing", "PL")
                             + vendor("Lisbon centre", "captive_offshore", "PT")))
    assert sorted(inside) == ["offshore_outsourcing"]
    # One candidate inside the region keeps the model in the running.
    both = excluded(report(catalog, "DE", vendor("Danube", "nearshore_outsourcing", "RS")
                           + vendor("Vistula", "nearshore_outsourcing", "PL")))
    assert "nearshore_outsourcing" not in both
    # An offshore partner that works from inside the region is not removed either.
    near = excluded(report(catalog, "DE", vendor("Porto Dev", "offshore_outsourcing", "PT")))
    assert "offshore_outsourcing" not in near


def test_a_region_includes_another_and_a_country_in_none_is_its_own(catalog: Catalog) -> None:
    uk = excluded(report(catalog, "GB", vendor("Krakow", "nearshore_outsourcing", "PL")))
    assert "nearshore_outsourcing" not in uk
    assert "the United Kingdom and the European Economic Area" in uk["offshore_outsourcing"]
    # Japan is in no region: in-region means in-country, and a neighbour lies outside it.
    japan = excluded(report(catalog, "JP"))
    assert sorted(japan) == ["captive_offshore", "nearshore_outsourcing", "offshore_outsourcing"]
    assert "your country (JP)" in japan["nearshore_outsourcing"]


def test_without_a_home_the_presumption_decides(catalog: Catalog) -> None:
    out = excluded(report(catalog, None, vendor("Danube", "nearshore_outsourcing", "RS")))
    assert sorted(out) == ["captive_offshore", "offshore_outsourcing"]


def test_a_nearshore_centre_is_presumed_inside_the_region(catalog: Catalog) -> None:
    out = excluded(report(catalog, "DE", answers=ANSWERS + "  centre_location: nearshore\n"))
    assert sorted(out) == ["offshore_outsourcing"]


def test_in_country_removes_every_model_that_works_abroad(catalog: Catalog) -> None:
    answers = ANSWERS.replace("in_region", "in_country")
    out = excluded(report(catalog, "FR", vendor("Lyon Dev", "nearshore_outsourcing", "FR"),
                          answers=answers))
    assert sorted(out) == ["captive_offshore", "offshore_outsourcing"]
    assert "would work abroad" in out["offshore_outsourcing"]


def test_topsis_never_sends_region_bound_data_offshore(catalog: Catalog) -> None:
    rep = report(catalog, "DE", method="topsis")
    assert rep.result.recommendation is not None
    assert rep.result.recommendation.model not in ("offshore_outsourcing", "captive_offshore")


def ratings(rep: Report, criterion: str) -> dict[str, int]:
    return {m: r[criterion] for m, r in rep.result.ratings.items()}


def test_vendor_evidence_moves_its_models_rating_only_when_every_candidate_shows_it(
    catalog: Catalog,
) -> None:
    answers = ANSWERS.replace("in_region", "none")
    base = ratings(report(catalog, "US", answers=answers), "compliance")
    cert = ", certifications: [{name: ISO 27001, expires: 2027-01-01}]"
    good = report(catalog, "US", vendor("A", "nearshore_outsourcing", "MX", cert), answers=answers)
    assert ratings(good, "compliance")["nearshore_outsourcing"] == base["nearshore_outsourcing"] + 1
    fired = [f.adjustment for f in good.result.fired if f.criterion == "compliance"]
    assert fired == ["vendor_security_certified"]
    # A second candidate without the evidence: the model is no longer sure to have it.
    mixed = report(catalog, "US", vendor("A", "nearshore_outsourcing", "MX", cert)
                   + vendor("B", "nearshore_outsourcing", "CO"), answers=answers)
    assert ratings(mixed, "compliance") == base
    # Expired certificates count as none, as of the report's date.
    expired = ", certifications: [{name: soc2, expires: 2025-01-01}]"
    old = report(catalog, "US", vendor("C", "offshore_outsourcing", "IN", expired), answers=answers)
    assert ratings(old, "compliance")["offshore_outsourcing"] == max(
        1, base["offshore_outsourcing"] - 1)


def test_facts_nobody_recorded_never_move_a_rating(catalog: Catalog) -> None:
    plain = report(catalog, "US", answers=ANSWERS.replace("in_region", "none"))
    named = report(catalog, "US", vendor("D", "offshore_outsourcing", "IN"),
                   answers=ANSWERS.replace("in_region", "none"))
    assert plain.result.ratings == named.result.ratings


def test_candidates_without_regions_or_vendors_are_the_presumption(catalog: Catalog) -> None:
    found = candidates(catalog.regions, catalog.red_flags, catalog.model_ids, {"centre_location":
                                                                                "offshore"})
    assert {m: c[0].facts.get("location") for m, c in found.by_model.items()} == {
        "in_house": "home", "onshore_outsourcing": "home", "nearshore_outsourcing": "in_region",
        "offshore_outsourcing": "outside_region", "captive_offshore": "outside_region"}


# ---- the files ---------------------------------------------------------------------------------


def errors_after(copy: Path, name: str, old: str, new: str) -> list[str]:
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_catalog(copy)
    return [d.render().replace(str(copy), "CAT") for d in info.value.diagnostics]


def test_regions_file_errors_are_located(copy: Path) -> None:
    errors = errors_after(copy, "regions.yaml", "include: [eea]", "include: [eee]")
    line = next(i for i, t in enumerate((copy / "regions.yaml").read_text().splitlines(), 1)
                if "include: [eee]" in t)
    assert errors == [f"CAT/regions.yaml:{line}:15: error: unknown region 'eee'; did you mean 'eea'?"]
    errors = errors_after(copy, "regions.yaml", 'countries: ["CH"]', 'countries: ["CH", "UK"]')
    assert len(errors) == 1 and "'UK' is not an ISO 3166-1 alpha-2 country code" in errors[0]


def test_an_unquoted_country_code_in_a_region_is_caught(copy: Path) -> None:
    errors = errors_after(copy, "regions.yaml", '"IS", "LI", "NO"]', '"IS", "LI", NO]')
    assert len(errors) == 1 and "quote it" in errors[0], errors


def test_where_tests_only_candidate_facts_and_reasons_only_known_placeholders(copy: Path) -> None:
    errors = errors_after(copy, "knockouts.yaml", "where: {location: outside_region}",
                          "where: {locaton: outside_region}")
    assert any("unknown vendor fact 'locaton' in condition; did you mean 'location'?" in e
               for e in errors), errors
    errors = errors_after(copy, "knockouts.yaml", "stay in {region};", "stay in {regoin};")
    assert any("reason: unknown placeholder '{regoin}'" in e for e in errors), errors
