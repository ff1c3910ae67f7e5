"""Parser tests on real inputs: the seed page (UK0075 + UK listing) and pages built from the facts CSV."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ogp_analysis.cli import main
from ogp_analysis.parse import parse_commitment, parse_document

PAGES = Path(__file__).resolve().parent / "pages"
BASE = "https://www.opengovpartnership.org/members/united-kingdom/commitments"


def _by(rows, **match):
    return [r for r in rows if all(r.get(k) == v for k, v in match.items())]


def _one(rows, **match):
    found = _by(rows, **match)
    assert len(found) == 1, f"expected one row matching {match}, got {found}"
    return found[0]


@pytest.fixture(scope="module")
def seed_doc(seed_page):
    return parse_document(seed_page.read_bytes(), seed_page.resolve().as_uri()).to_dict()


# --- the seed: UK0075 and the UK listing -----------------------------------------------------


def test_cli_parse_seed_gives_every_field_of_uk0075(seed_page, capsys):
    assert main(["parse", str(seed_page)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"source", "commitments", "assessments", "commitment_policy_areas",
                        "commitment_ogp_values", "commitment_institutions",
                        "commitment_milestones", "listing", "data_quality", "action_plan_names"}
    (c,) = doc["commitments"]
    assert (c["commitment_id"], c["member"], c["cycle"], c["status"]) == \
        ("UK0075", "united-kingdom", 2016, "Inactive")
    assert c["title"] == "Ongoing Collaborative Approach to Open Government Reform"
    assert c["lead_institution"] == "Cabinet Office and Involve"
    assert (c["start_date"], c["start_date_precision"]) == ("2016-05", "month")
    assert (c["end_date"], c["end_date_precision"]) == ("2018-06", "month")
    assert c["action_plan_name"] == "United Kingdom – Third National Action Plan 2016-18"
    assert c["irm_reports"].startswith("United Kingdom End-of-Term Report 2016-2018")
    assert c["description"].startswith("Objective: Ensure the UK Open Government Partnership")
    assert _one(doc["commitment_institutions"], role="lead")["institution"] == "Cabinet Office and Involve"
    areas = [r["policy_area"] for r in _by(doc["commitment_policy_areas"], commitment_id="UK0075",
                                           vocabulary="ogp_page")]
    assert areas == ["E-Government", "OGP", "Public Participation"]
    a = _by(doc["assessments"], commitment_id="UK0075")  # the listing adds stars of others
    assert _one(a, indicator="starred", stage="latest")["value"] == "No"
    assert _one(a, indicator="early_results", stage="latest")["value"] == "Marginal"
    assert _one(a, indicator="verifiable", stage="design")["value"] == "Yes"
    assert _one(a, indicator="completion", stage="midterm")["value"] == "Substantial"
    eot = _one(a, indicator="completion", stage="end_of_term")
    assert (eot["value"], eot["source_type"]) == ("Complete", "ogp_page_status_summary")
    assert _one(a, indicator="diog", ogp_value="access_to_information")["value"] == "Marginal"
    assert _one(a, indicator="diog", ogp_value="civic_participation")["value"] == "Did Not Change"
    carried = _one(a, indicator="carried_forward")
    assert carried["value"] == "No" and "not carried forward" in carried["value_printed"]
    assert _one(a, indicator="potential_impact")["missing_reason"] == "blank_on_page"
    assert {r["ogp_value"] for r in doc["commitment_ogp_values"] if r["is_relevant_to_value"]} == \
        {"access_to_information", "civic_participation"}
    milestones = doc["commitment_milestones"]
    assert [m["milestone_number"] for m in milestones] == [1, 2, 3, 4, 5]
    assert milestones[0]["milestone_text"].startswith("Government and civil society will work")
    assert all(r["era"] == "legacy" and r["assessor"] == "irm" for r in a)


def test_seed_listing_has_97_entries_with_their_cycles(seed_doc):
    listing = seed_doc["listing"]
    assert len(listing) == 97
    assert len({r["commitment_id"] for r in listing}) == 97
    assert Counter(r["cycle"] for r in listing) == {2011: 41, 2013: 21, 2016: 27, 2019: 8}
    first = listing[0]
    assert (first["commitment_id"], first["title"], first["policy_area"], first["position"]) == \
        ("UK0090", "Grants Data", "E-Government", 1)
    blank = _one(listing, commitment_id="UK0025")
    assert blank["policy_area"] is None
    starred = _one(listing, commitment_id="UK0088")
    assert starred["is_starred_listing"] and not starred["title"].startswith("Starred")
    assert all(r["source_type"] == "ogp_listing" for r in listing)


def test_seed_disagreements_are_reported(seed_doc):
    dq = _by(seed_doc["data_quality"], problem="disagreement")
    completion = _one(dq, field="completion")
    assert "''" in completion["detail"] and "Complete" in completion["detail"]
    area = _one(dq, field="policy_area")
    assert "E-Government" in area["detail"] and "Public Participation" in area["detail"]
    assert all(r["source_url"].startswith("file://") for r in seed_doc["data_quality"])


def test_kind_restricts_the_seed_to_one_part(seed_page):
    url = f"{BASE}/UK0075/"
    only_listing = parse_document(seed_page.read_text(), url, "listing").to_dict()
    assert only_listing["commitments"] == [] and len(only_listing["listing"]) == 97
    only_page = parse_document(seed_page.read_text(), url, "commitment").to_dict()
    assert only_page["listing"] == [] and only_page["commitments"][0]["commitment_id"] == "UK0075"


# --- pages built from the facts CSV (both templates) ------------------------------------------

_FIELD = re.compile(r"^page\[(v1|v2)\]\.(.+)$")
_VALUE_NAMES = {"access to information": "access_to_information",
                "civic participation": "civic_participation",
                "public accountability": "public_accountability",
                "technology": "technology_innovation"}
_MISSING = {"": "blank_on_page", "pending irm review": "pending_irm_review",
            "no irm data": "no_irm_data"}
_INDICATOR_STAGE = {"starred": "latest", "early_results": "latest", "completion": "latest",
                    "verifiable": None, "potential_impact": None, "ambition": None}
_COMMITMENT_FIELD = {"status": "status", "lead_institution": "lead_institution",
                     "action_plan": "action_plan_name", "irm_report": "irm_reports"}


def _clean(raw: str) -> str:
    value = re.split(r" \(later", raw)[0]
    value = re.sub(r" \((rendered|row absent|text:).*$", "", value).strip()
    return "" if value == "(blank)" else value


def _facts(shared: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    out: dict[tuple[str, str], list] = {}
    with (shared / "data" / "uk_commitment_facts.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            m = _FIELD.match(row["field"])
            if m and row["commitment_id"] != "UK0075":
                out.setdefault((row["commitment_id"], m[1]), []).append((m[2], row["value"]))
    return out


def _check_fact(doc: dict, field: str, raw: str) -> str | None:
    """None when the parse says what the fact says, else what differs."""
    c = doc["commitments"][0]
    value = _clean(raw)
    if field in _COMMITMENT_FIELD:
        got = c.get(_COMMITMENT_FIELD[field])
        return None if got == (value or None) else f"{field}: {got!r} != {value!r}"
    if field == "action_plan_cycle":
        return None if c["cycle"] == int(value) else f"cycle {c['cycle']} != {value}"
    if field in _INDICATOR_STAGE:
        rows = [r for r in _by(doc["assessments"], indicator=field)
                if _INDICATOR_STAGE[field] in (None, r["stage"])]
        if len(rows) != 1:
            return f"{field}: {len(rows)} rows"
        row = rows[0]
        if value.lower() in _MISSING:
            want = _MISSING[value.lower()]
            return None if row["missing_reason"] == want else f"{field}: {row['missing_reason']} != {want}"
        return None if row["value"] == value else f"{field}: {row['value']!r} != {value!r}"
    if field == "relevant_to_ogp_values":
        got = {(r["ogp_value"], r["is_relevant_to_value"]) for r in doc["commitment_ogp_values"]}
        if value in ("Yes", "No", "Not Relevant"):
            want = {("unspecified", value == "Yes")}
        elif value.lower() in _MISSING:
            want = {("unspecified", None)}
        else:
            want = {(_VALUE_NAMES[n.strip().lower()], True) for n in value.split(",")}
        return None if got == want else f"relevance {got} != {want}"
    if field == "completion_row":
        return None if not _by(doc["assessments"], indicator="completion") else "completion row present"
    if field == "irm_review_block":
        ok = not _by(doc["assessments"], indicator="early_results") and \
            _by(doc["data_quality"], problem="missing_block", field="irm_review")
        return None if ok else "IRM Review block not reported missing"
    if field == "eot_status_summary_heading":
        star = _by(doc["assessments"], indicator="starred", stage="end_of_term")
        if value.startswith("✪"):
            return None if star and star[0]["value"] == "Yes" else "✪ not read as starred"
        return None if not star else "starred recorded without ✪"
    return f"no check for fact field {field!r}"


def test_every_fact_page_parses_to_what_the_facts_say(shared):
    facts = _facts(shared)
    pages = sorted(PAGES.glob("UK*_v*.html"))
    assert {tuple(p.stem.split("_")) for p in pages} == set(facts), \
        "tests/pages out of date: run scripts/make_test_pages.py"
    problems = []
    for page in pages:
        cid, template = page.stem.split("_")
        doc = parse_commitment(page.read_text(encoding="utf-8"), f"{BASE}/{cid}/").to_dict()
        assert doc["commitments"][0]["commitment_id"] == cid
        if doc["source"]["template"] not in (template, None):
            problems.append(f"{page.name}: template {doc['source']['template']}")
        problems += [f"{page.name}: {p}" for f, raw in facts[(cid, template)]
                     if (p := _check_fact(doc, f, raw))]
        problems += [f"{page.name}: {r['problem']} {r['detail']}" for r in doc["data_quality"]
                     if r["problem"] in ("unknown_label", "unknown_value")]
    assert problems == []


def _parse_page(name: str) -> dict:
    cid = name.split("_")[0]
    return parse_commitment((PAGES / name).read_bytes(), f"{BASE}/{cid}/").to_dict()


def test_doubled_values_are_read_once_and_flagged():
    doc = _parse_page("UK0088_v1.html")
    starred = _one(doc["assessments"], indicator="starred", stage="latest")
    early = _one(doc["assessments"], indicator="early_results")
    assert (starred["value"], starred["value_printed"]) == ("Yes", "Yes Starred")
    assert (early["value"], early["value_printed"]) == ("Major", "Major Major")
    assert {r["field"] for r in _by(doc["data_quality"], problem="doubled_value")} == \
        {"starred", "early_results"}


def test_text_rendering_reads_like_the_html():
    html_doc, text_doc = _parse_page("UK0088_v1.html"), _parse_page("UK0088_v1.txt")
    keep = ("indicator", "stage", "value", "value_printed", "missing_reason")
    project = lambda d: sorted(tuple(r[k] for k in keep) for r in d["assessments"])  # noqa: E731
    assert project(html_doc) == project(text_doc)
    assert html_doc["commitments"][0]["lead_institution"] == text_doc["commitments"][0]["lead_institution"]


def test_all_pending_irm_review_page_keeps_typed_missing_values():
    doc = _parse_page("UK0092_v1.html")
    assert {r["missing_reason"] for r in doc["assessments"]} == {"pending_irm_review"}
    assert _one(doc["commitment_ogp_values"], ogp_value="unspecified")["is_relevant_to_value"] is None
    assert doc["commitments"][0]["irm_reports"] == "Pending IRM Review"


def test_newer_template_refresh_plan_uses_action_plan_review_stage():
    doc = _parse_page("UK0098_v2.html")
    c = doc["commitments"][0]
    assert c["lead_institution"] is None and c["cycle"] == 2021
    assert _one(doc["assessments"], indicator="ambition")["stage"] == "action_plan_review"
    assert _one(doc["assessments"], indicator="ambition")["value"] == "High"
    assert _one(doc["assessments"], indicator="completion")["missing_reason"] == "pending_irm_review"
    assert all(r["era"] == "refresh" for r in doc["assessments"])
    assert _one(doc["commitment_ogp_values"], ogp_value="unspecified")["is_relevant_to_value"] is True


def test_missing_headings_and_rows_still_place_labels():
    doc = _parse_page("UK0047_v2.html")
    c = doc["commitments"][0]
    assert c["lead_institution"] == "Home Office Cabinet Office" and c.get("status") is None
    assert not _by(doc["assessments"], indicator="completion")
    assert _by(doc["data_quality"], problem="absent_row", field="completion")


def test_absent_irm_review_block_is_reported_not_invented():
    doc = _parse_page("UK0097_v1.html")
    assert doc["assessments"] == []
    assert {r["field"] for r in _by(doc["data_quality"], problem="missing_block")} == \
        {"irm_review", "design", "implementation"}


def test_star_on_status_summary_heading_is_an_end_of_term_star():
    doc = _parse_page("UK0089_v1.html")
    star = _one(doc["assessments"], indicator="starred", stage="end_of_term")
    assert (star["value"], star["value_printed"], star["source_type"]) == \
        ("Yes", "✪", "ogp_page_status_summary")
    assert not _by(doc["data_quality"], problem="disagreement")  # Starred row says Yes too


def test_no_irm_data_placeholder():
    doc = _parse_page("UK0094_v2.html")
    assert _one(doc["assessments"], indicator="early_results")["missing_reason"] == "no_irm_data"


def test_listing_star_prefix_is_recorded_as_the_published_star(seed_page, shared):
    from ogp_analysis.parse import parse_listing

    rec = parse_listing(seed_page.read_text(), "https://www.opengovpartnership.org/members/united-kingdom/")
    stars = [a for a in rec.parts["assessments"] if a["indicator"] == "starred"]
    listed = sorted(r["commitment_id"] for r in rec.parts["listing"] if r["is_starred_listing"])
    assert sorted(a["commitment_id"] for a in stars) == listed
    # the shared facts name the same six (listing.starred)
    facts = (shared / "data" / "uk_commitment_facts.csv").read_text().splitlines()
    assert listed == sorted(line.split(",")[0] for line in facts if ",listing.starred," in line)
    assert {(a["value"], a["value_printed"], a["source_type"], a["stage"]) for a in stars} == {
        ("Yes", "Starred commitment", "ogp_listing", "latest")}
