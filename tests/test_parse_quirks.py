"""Parser behaviour on small inline pages: layout quirks, listings and pagination, errors, the CLI."""

from __future__ import annotations

import json

import pytest

from ogp_analysis.cli import main
from ogp_analysis.errors import ParseError
from ogp_analysis.parse import (
    parse_commitment,
    parse_document,
    parse_listing,
    records_from_label_values,
)

URL = "https://www.opengovpartnership.org/members/united-kingdom/commitments/UK0064/"
MEMBER_URL = "https://www.opengovpartnership.org/members/united-kingdom/"


def _page(body: str) -> str:
    return f"<!doctype html><html><body><p>United Kingdom</p><h1>Natural Resources (UK0064)</h1>{body}</body></html>"


def _value(doc, indicator, stage=None):
    rows = [r for r in doc["assessments"] if r["indicator"] == indicator
            and (stage is None or r["stage"] == stage)]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("body", [
    pytest.param("<div>Action Plan Cycle: 2016</div><div><span>IRM Review</span><span>Starred: No</span>"
                 "<span>Early Results: Marginal</span></div><div><span>Design i</span>"
                 "<span>Verifiable: Yes</span></div>", id="blocks-run-together"),
    pytest.param("<dl><dt>Action Plan Cycle</dt><dd>2016</dd></dl><h3>IRM Review</h3><dl><dt>Starred:</dt>"
                 "<dd>No</dd><dt>Early Results:</dt><dd>Marginal</dd></dl><h3>Design i</h3>"
                 "<dl><dt>Verifiable</dt><dd>Yes</dd></dl>", id="label-and-value-on-separate-lines"),
    pytest.param('<div class="banner">Tell us: how are we doing? Survey: 2 minutes</div>'
                 "<p>Action Plan Cycle: 2016</p><h3>IRM Review</h3><p>Starred: No</p>"
                 "<p>Early Results: Marginal</p><h3>Design i</h3><p>Verifiable: Yes</p>",
                 id="survey-banner-before-the-page"),
    pytest.param("Action Plan Cycle: 2016\n\nIRM Review\n\nStarred: NoEarly Results: Marginal\n\n"
                 "Design iVerifiable: Yes\n", id="text-rendering-run-together"),
])
def test_layout_quirks_give_the_same_rows(body):
    page = _page(body) if body.startswith("<") else f"United Kingdom\n\nNatural Resources (UK0064)\n\n{body}"
    doc = parse_commitment(page, URL).to_dict()
    assert _value(doc, "starred")["value"] == "No"
    assert _value(doc, "early_results")["value"] == "Marginal"
    assert _value(doc, "verifiable")["value"] == "Yes"
    assert doc["commitments"][0]["cycle"] == 2016
    assert not [r for r in doc["data_quality"] if r["problem"] == "unknown_label"]


def test_value_printed_twice_without_space_is_read_once():
    doc = parse_commitment(_page("<p>Action Plan Cycle: 2013</p><p>Early Results: <span>Major</span>"
                                 "<span>Major</span></p>"), URL).to_dict()
    row = _value(doc, "early_results")
    assert (row["value"], row["value_kind"]) == ("Major", "scale")
    assert any(r["problem"] == "doubled_value" for r in doc["data_quality"])


def test_unknown_label_is_reported_with_the_url():
    doc = parse_commitment(_page("<p>Action Plan Cycle: 2016</p><h3>IRM Review</h3>"
                                 "<p>Starred: No</p><p>Promise Level: Bold</p>"), URL).to_dict()
    (row,) = [r for r in doc["data_quality"] if r["problem"] == "unknown_label"]
    assert (row["field"], row["value_printed"], row["source_url"]) == ("Promise Level", "Bold", URL)
    assert URL in row["detail"]


def test_core_reports_unknown_label_from_recorded_facts():
    rec = records_from_label_values([("design", "Shininess", "High"), ("at_a_glance", "Action Plan Cycle", "2016")],
                                    url=URL, commitment_id="uk0064", member="united-kingdom",
                                    origin="bundled", report_absent=False)
    (row,) = rec.parts["data_quality"]
    assert (row["problem"], row["field"], row["origin"]) == ("unknown_label", "Shininess", "bundled")


def test_core_reads_carried_forward_sentence_and_relevance_forms():
    triples = [("at_a_glance", "Action Plan Cycle", "2013"),
               ("carried_forward", "Carried Forward?", "This commitment was carried forward into the next plan."),
               ("design", "Relevant to OGP Values", "Access to Information, Technology")]
    rec = records_from_label_values(triples, url=URL, commitment_id="UK0064", member="united-kingdom")
    carried = rec.parts["assessments"][0]
    assert (carried["value"], carried["stage"]) == ("Yes", "end_of_term")
    assert [r["ogp_value"] for r in rec.parts["commitment_ogp_values"]] == \
        ["access_to_information", "technology_innovation"]


def test_unreadable_relevance_is_kept_and_reported():
    rec = records_from_label_values([("design", "Relevant to OGP Values", "Open Budgets")],
                                    url=URL, commitment_id="UK0064", member="united-kingdom")
    (row,) = rec.parts["commitment_ogp_values"]
    assert (row["ogp_value"], row["is_relevant_to_value"]) == ("unspecified", None)
    assert any(r["problem"] == "unknown_value" and r["value_printed"] == "Open Budgets"
               for r in rec.parts["data_quality"])


def test_not_attached_action_plan_is_flagged_not_named():
    rec = records_from_label_values([("at_a_glance", "Action Plan", "Not Attached"),
                                     ("at_a_glance", "Action Plan Cycle", "2013")],
                                    url=URL, commitment_id="UK0046", member="united-kingdom")
    assert rec.parts["commitments"][0]["action_plan_name"] == "Not Attached"
    assert rec.parts["action_plan_names"] == []
    assert any(r["problem"] == "placeholder_value" for r in rec.parts["data_quality"])


def test_star_heading_disagreeing_with_starred_row_is_reported():
    rec = records_from_label_values([("at_a_glance", "Action Plan Cycle", "2016"),
                                     ("irm_review", "Starred", "No"),
                                     ("status_summary", "Heading", "✪3. Something")],
                                    url=URL, commitment_id="UK0064", member="united-kingdom")
    assert [r["field"] for r in rec.parts["data_quality"] if r["problem"] == "disagreement"] == ["starred"]


# --- listings --------------------------------------------------------------------------------

LISTING = """<html><body><h2>United Kingdom's Commitments</h2><ol start="21">
<li><h4><a href="/members/united-kingdom/commitments/UK0075/">Ongoing Collaborative Approach</a></h4>
<div>UK0075, 2016, E-Government</div></li>
<li><a href="/members/united-kingdom/commitments/UK0088/">Starred commitment National Indicators for Wales</a>
<span>UK0088, 2016, Fiscal Transparency</span></li>
<li><a href="/members/united-kingdom/commitments/UK0025/">Developing Data.Gov.Uk</a><p>UK0025, 2011,</p></li>
</ol><nav><a href="?page=1">‹</a> <a href="?page=3">›</a></nav></body></html>"""


def test_html_listing_rows_and_next_link():
    rec = parse_listing(LISTING, MEMBER_URL + "?page=2")
    rows = rec.parts["listing"]
    assert [(r["commitment_id"], r["position"], r["cycle"]) for r in rows] == \
        [("UK0075", 21, 2016), ("UK0088", 22, 2016), ("UK0025", 23, 2011)]
    assert rows[1]["is_starred_listing"] and rows[1]["title"] == "National Indicators for Wales"
    assert rows[2]["policy_area"] is None
    assert rec.source["next_url"] == MEMBER_URL + "?page=3"
    assert [r["vocabulary"] for r in rec.parts["commitment_policy_areas"]] == ["ogp_listing"] * 2


def test_rel_next_link_wins_and_last_page_has_none():
    paged = LISTING.replace('<a href="?page=3">›</a>', '<a rel="next" href="/members/united-kingdom/p/3">more</a>')
    assert parse_listing(paged, MEMBER_URL).source["next_url"] == \
        "https://www.opengovpartnership.org/members/united-kingdom/p/3"
    last = LISTING.replace('<a href="?page=3">›</a>', "")
    assert parse_listing(last, MEMBER_URL).source["next_url"] is None


def test_listing_with_no_commitments_is_empty_not_an_error():
    rec = parse_listing("<html><body><h2>United Kingdom's Commitments</h2><p>None yet.</p></body></html>",
                        MEMBER_URL)
    assert rec.parts["listing"] == []
    assert [r["problem"] for r in rec.parts["data_quality"]] == ["empty_listing"]


def test_page_that_is_neither_kind_raises():
    with pytest.raises(ParseError, match="neither a commitment page"):
        parse_document("<html><body><p>Hello: world</p></body></html>", "https://example.org/x")
    with pytest.raises(ParseError, match="not a listing page"):
        parse_listing("just text", MEMBER_URL)


# --- CLI -------------------------------------------------------------------------------------


def test_cli_parse_listing_file_with_url(tmp_path, capsys):
    f = tmp_path / "listing.html"
    f.write_text(LISTING, encoding="utf-8")
    assert main(["parse", str(f), "--kind", "listing", "--url", MEMBER_URL]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["listing"]) == 3 and doc["source"]["source_url"] == MEMBER_URL
    assert doc["source"]["raw_path"] == str(f) and len(doc["source"]["sha256"]) == 64


@pytest.mark.parametrize("content", [
    pytest.param(None, id="missing-file"),
    pytest.param("<html><body><p>A page about something else.</p></body></html>", id="neither-kind"),
])
def test_cli_parse_bad_input_exits_2_with_a_clear_error(tmp_path, capsys, content):
    f = tmp_path / "page.html"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    assert main(["parse", str(f)]) == 2
    err = capsys.readouterr().err
    assert "ogp-analysis parse: error:" in err and ("page.html" in err)


def test_cycle_known_outside_the_triples_fills_a_missing_cycle_row_and_sets_the_era():
    triples = [("design", "Verifiable", "Yes"), ("design", "Ambition", "High")]
    rec = records_from_label_values(triples, url="https://x.org/members/united-kingdom/commitments/UK0098/",
                                    commitment_id="UK0098", member="united-kingdom", cycle=2021)
    assert rec.parts["commitments"][0]["cycle"] == 2021
    stages = {a["stage"] for a in rec.parts["assessments"]}
    assert stages == {"action_plan_review"}  # refresh era: design rows are the Action Plan Review's
    assert not [q for q in rec.parts["data_quality"] if q["problem"] == "missing_cycle"]


def test_printed_cycle_wins_over_a_known_one_and_the_difference_is_reported():
    triples = [("at_a_glance", "Action Plan Cycle", "2019"), ("design", "Verifiable", "Yes")]
    rec = records_from_label_values(triples, url="https://x.org/members/united-kingdom/commitments/UK0090/",
                                    commitment_id="UK0090", member="united-kingdom", cycle=2021)
    assert rec.parts["commitments"][0]["cycle"] == 2019
    disagreements = [q for q in rec.parts["data_quality"] if q["problem"] == "disagreement"]
    assert len(disagreements) == 1 and "2021" in disagreements[0]["detail"]
