"""Parser robustness: browser-like decoding, pages libxml2 truncates, member detection routes, values checked at the door."""

from __future__ import annotations

import pytest

from ogp_analysis.errors import ParseError
from ogp_analysis.metadata.rules import page_status, policy_area_verdict, year_problem
from ogp_analysis.parse import parse_commitment, parse_document, parse_listing
from ogp_analysis.parse.core import undouble_glued
from ogp_analysis.parse.text import decode_body, read_page

URL = "https://www.opengovpartnership.org/members/bulgaria/commitments/BG0042/"
FILE_URL = "file:///tmp/saved.html"
ROWS = ("<h2>At-a-Glance</h2><p>Action Plan Cycle: 2016</p><p>Status: Active</p>"
        "<h2>IRM Review</h2><p>Starred: No</p><p>Early Results: Marginal</p>")


def _html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _problems(doc) -> list[str]:
    return [r["problem"] for r in doc["data_quality"]]


# --- undouble_glued ------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [str(y) for y in range(2011, 2031)])
def test_undouble_glued_leaves_every_year_alone(year):
    assert undouble_glued(year) == year


@pytest.mark.parametrize(("printed", "read"), [
    pytest.param("MajorMajor", "Major Major", id="major"),
    pytest.param("CompleteComplete", "Complete Complete", id="complete"),
    pytest.param("NoNo", "No No", id="no"),
    pytest.param("Not StartedNot Started", "Not Started Not Started", id="two-words"),
    pytest.param("Substantial", "Substantial", id="single"),
])
def test_undouble_glued_splits_real_doubled_values(printed, read):
    assert undouble_glued(printed) == read


def test_a_2020_plan_page_keeps_its_cycle_with_no_unknown_value():
    doc = parse_commitment(_html("<h1>Open Data (BG0042)</h1><p>Action Plan Cycle: 2020</p>"
                                 "<h2>IRM Review</h2><p>Early Results: Major</p>"), URL).to_dict()
    assert doc["commitments"][0]["cycle"] == 2020
    assert "unknown_value" not in _problems(doc)


# --- decoding ------------------------------------------------------------------------------------

NAME = "São Tomé e Príncipe"


@pytest.mark.parametrize(("body", "content_type", "how"), [
    pytest.param(_html(f"<p>{NAME}</p>").encode("utf-16"), None, "byte order mark", id="utf-16-bom"),
    pytest.param(b"\xef\xbb\xbf" + _html(f"<p>{NAME}</p>").encode(), "text/html; charset=latin-1",
                 "byte order mark", id="bom-beats-http"),
    pytest.param(_html(f"<p>{NAME}</p>").encode("latin-1"), "text/html; charset=ISO-8859-1",
                 "HTTP Content-Type", id="http-charset"),
    pytest.param(_html(f"<p>{NAME}</p>", '<meta charset="iso-8859-1">').encode("latin-1"), None,
                 "<meta> charset", id="meta-charset"),
    pytest.param(_html(f"<p>{NAME}</p>", '<meta http-equiv="Content-Type" content="text/html; '
                       'charset=windows-1252">').encode("cp1252"), "text/html", "<meta> charset",
                 id="meta-http-equiv"),
    pytest.param(_html(f"<p>{NAME}</p>").encode(), "text/html", "no charset declared", id="utf-8"),
])
def test_pages_are_decoded_like_a_browser(body, content_type, how):
    page = read_page(body, content_type=content_type)
    assert NAME in page.lines
    assert how in page.encoding
    assert not page.notes


def test_undeclared_latin1_falls_back_and_says_so():
    text, how, notes = decode_body(_html(f"<p>{NAME}</p>").encode("latin-1"))
    assert NAME in text and "fallback" in how
    assert [n.problem for n in notes] == ["decoded_with_fallback"]


def test_a_replacement_character_in_a_commitment_page_is_a_data_quality_row():
    body = _html(f"<h1>S\ufffdo Tom\ufffd (BG0042)</h1>{ROWS}").encode()
    doc = parse_commitment(body, URL).to_dict()
    (row,) = [r for r in doc["data_quality"] if r["problem"] == "replacement_character"]
    assert row["commitment_id"] == "BG0042" and URL in row["detail"]


def test_a_page_nested_10001_deep_is_read_whole():
    deep = "<div>" * 10_001 + "Deep text" + "</div>" * 10_001
    doc = parse_commitment(_html(f"{deep}<h1>Open Data (BG0042)</h1>{ROWS}").encode(), URL).to_dict()
    assert doc["commitments"][0]["cycle"] == 2016
    assert "deep_nesting" in _problems(doc)


def test_a_page_with_nul_bytes_is_read_past_them():
    body = _html(f"<h1>Open Data (BG0042)</h1>\x00{ROWS}").encode()
    doc = parse_commitment(body, URL).to_dict()
    assert doc["commitments"][0]["status"] == "Active"
    assert "nul_bytes" in _problems(doc)


# --- the member of a page ------------------------------------------------------------------------

HEADING = f"<h1>Open Data (BG0042)</h1>{ROWS}"


@pytest.mark.parametrize(("head", "above", "member", "name"), [
    pytest.param(f'<link rel="canonical" href="{URL}">', "", "bulgaria", None, id="canonical-link"),
    pytest.param(f'<meta property="og:url" content="{URL}">', "", "bulgaria", None, id="og-url"),
    pytest.param("", "<p>Bulgaria</p>", "bulgaria", "Bulgaria", id="member-line"),
    pytest.param("<title>Open Data (BG0042) | Commitment from Bulgaria | Open Government "
                 "Partnership</title>", "", "bulgaria", "Bulgaria", id="title"),
    pytest.param("<title>Open Data | Commitment from Bulgaria | OGP</title>",
                 "<nav><p>Home About Members Resources</p></nav>", "bulgaria", "Bulgaria",
                 id="site-menu-then-title"),
])
def test_member_of_a_saved_page_without_url(head, above, member, name):
    doc = parse_commitment(_html(above + HEADING, head), FILE_URL).to_dict()
    (com,) = doc["commitments"]
    assert com["member"] == member
    assert com.get("member_name") == name


def test_a_site_menu_above_the_heading_is_never_the_member():
    with pytest.raises(ParseError, match="no member"):
        parse_commitment(_html("<p>Home About Members Resources</p>" + HEADING), FILE_URL)


def test_with_url_the_display_name_comes_from_the_title():
    page = _html(HEADING, "<title>Open Data | Commitment from Bulgaria | OGP</title>")
    (com,) = parse_commitment(page, URL).to_dict()["commitments"]
    assert (com["member"], com["member_name"]) == ("bulgaria", "Bulgaria")


def _listing(members: list[str], heading: str = "") -> str:
    items = "".join(f'<li><a href="/members/{m}/commitments/BG00{40 + i}/">Title {i}</a>'
                    f"<div>BG00{40 + i}, 2016, Open Data</div></li>" for i, m in enumerate(members))
    return _html(f"{heading}<ol>{items}</ol>")


def test_a_listing_without_heading_takes_its_member_from_the_items_links():
    rec = parse_listing(_listing(["bulgaria", "bulgaria"]), FILE_URL)
    assert {r["member"] for r in rec.parts["listing"]} == {"bulgaria"}


def test_a_listing_whose_items_link_to_two_members_is_a_named_error():
    with pytest.raises(ParseError, match="several members.*bulgaria: 1.*romania: 1"):
        parse_listing(_listing(["bulgaria", "romania"]), FILE_URL)


def test_a_listing_canonical_link_names_its_member():
    page = _listing(["bulgaria"]).replace(
        "<head>", '<head><link rel="canonical" href="https://www.opengovpartnership.org/members/bulgaria/">')
    rec = parse_document(page, FILE_URL)
    assert rec.parts["listing"][0]["member"] == "bulgaria"


# --- values checked at the door ------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "kept"), [
    pytest.param("Active", "Active", id="active"),
    pytest.param("inactive", "Inactive", id="case"),
    pytest.param("2014", None, id="a-year"),
    pytest.param("Marginal", None, id="a-scale-value"),
])
def test_page_status_is_checked_against_its_vocabulary(printed, kept):
    doc = parse_commitment(_html(f"<h1>Open Data (BG0042)</h1>"
                                 f"{ROWS.replace('Status: Active', f'Status: {printed}')}"), URL).to_dict()
    assert doc["commitments"][0].get("status") == kept
    assert ("unknown_value" in _problems(doc)) == (kept is None)


@pytest.mark.parametrize(("area", "verdict"), [
    pytest.param("E-Government", "known", id="listing-area"),
    pytest.param("open data", "known", id="case-folded"),
    pytest.param("Anti-Corruption Strategies", "known", id="release-column"),
    pytest.param("Quantum Governance", "unknown", id="unknown-area"),
    pytest.param("<", "not_an_area", id="markup"),
    pytest.param("United States", "not_an_area", id="member-name"),
    pytest.param("Publish the data openly on the portal by 2021.", "not_an_area", id="sentence"),
])
def test_policy_area_verdicts(area, verdict):
    assert policy_area_verdict(area, not_areas=("United States", "Open Data Portal")) == verdict


def test_policy_areas_keep_unknown_ones_and_drop_what_is_not_an_area():
    page = _html("<p>Bulgaria</p><h1>Open Data Portal (BG0042)</h1>" + ROWS +
                 "<h2>Policy Areas</h2><p>Open Data, Quantum Governance, Bulgaria, Open Data Portal, &lt;</p>")
    doc = parse_commitment(page, URL).to_dict()
    areas = [r["policy_area"] for r in doc["commitment_policy_areas"]]
    assert areas == ["Open Data", "Quantum Governance"]
    assert _problems(doc).count("not_a_policy_area") == 3
    assert _problems(doc).count("unknown_policy_area") == 1


@pytest.mark.parametrize(("year", "ok"), [
    pytest.param(2010, False, id="before-ogp"), pytest.param(2011, True, id="first"),
    pytest.param(2027, True, id="build-plus-2"), pytest.param(2028, False, id="build-plus-3"),
    pytest.param(3020, False, id="typo"),
])
def test_year_span_depends_on_the_build_year_not_the_clock(year, ok):
    assert (year_problem(year, 2025) is None) == ok


@pytest.mark.parametrize("cycle", ["1999", "3020"])
def test_a_cycle_outside_the_span_is_reported_not_used(cycle):
    page = _html(f"<h1>Open Data (BG0042)</h1>{ROWS.replace('2016', cycle)}")
    doc = parse_commitment(page, URL, build_year=2025).to_dict()
    assert doc["commitments"][0]["cycle"] is None
    assert "implausible_year" in _problems(doc)


def test_page_status_helper():
    assert page_status(" ACTIVE ") == "Active" and page_status("") is None
