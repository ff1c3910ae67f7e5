"""The meeting-note extractor on the real seed notes (../shared/seeds/) and on inline variants."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from ogp_analysis.meeting_records import COLUMNS, parse_organisation_entry, rows_to_csv, split_list
from ogp_analysis.parse.meeting_notes import extract_meeting, match_topic, organisations_from_csv
from ogp_analysis.paths import Paths

READ_OUT_2024 = "003_c39e66a0c28d231b.txt"
NOTE_2012 = "002_46658898510e28b4.txt"
NOTE_2014 = "001_5ec30c11cb96fd79.txt"
MEMBER = "united-kingdom"


@pytest.fixture(scope="module")
def commitments() -> pd.DataFrame:
    return pd.read_csv(Paths.default().bundled / "commitments.csv", dtype=str,
                       keep_default_na=False)


def _extract(shared, name, commitments, **kw):
    text = (shared / "seeds" / name).read_text(encoding="utf-8")
    return extract_meeting(text, member=MEMBER, commitments=commitments,
                           source_url=f"file:///shared/seeds/{name}", **kw)


def _entries(row) -> list[tuple[str, str, str]]:
    return [parse_organisation_entry(e) for e in split_list(row["organisations"])]


def test_2024_read_out_one_row_with_stated_counts_chairs_and_plans(shared, commitments):
    e = _extract(shared, READ_OUT_2024, commitments)
    r = e.row
    assert list(r) == list(COLUMNS)
    assert (r["date"], r["date_precision"], r["kind"]) == ("2024-01-24", "day", "forum")
    assert (r["attendees_total"], r["attendees_government"], r["attendees_civil_society"]) == (
        "44", "25", "19")
    assert r["attendees_other"] == ""  # not stated: blank, never 0
    assert (r["apologies_total"], r["apologies_government"], r["apologies_civil_society"]) == (
        "10", "8", "2")
    # Two CDDO co-chairs over the two parts, one UK OGN chair named twice.
    assert (r["chairs_government"], r["chairs_civil_society"]) == ("2", "1")
    assert r["plans"] == "2021:implementation;2021:self-assessment;2023:co-creation"
    chairs = _entries(r)
    assert sorted(chairs) == sorted([
        ("Central Digital and Data Office", "government", "chair"),
        ("Central Digital and Data Office", "government", "chair"),
        ("UK Open Government Network", "civil society", "chair")])
    # People's names are never output.
    assert "Bateman" not in rows_to_csv([r]) and "Keith" not in rows_to_csv([r])


def test_2012_note_lists_eight_people_and_invents_no_total(shared, commitments):
    r = _extract(shared, NOTE_2012, commitments).row
    people = _entries(r)
    assert len(people) == 8
    cs = [p for p in people if p[1] == "civil society"]
    gov = [p for p in people if p[1] == "government"]
    assert len(cs) == 6 and len(gov) == 2
    assert sorted(o for o, _, _ in cs) == sorted([
        "Involve", "Involve", "Public Concern at Work", "International Records Management Trust",
        "Campaign for Freedom of Information", "Tearfund"])
    assert [o for o, _, _ in gov] == ["Cabinet Office", "Cabinet Office"]
    assert ("Involve", "civil society", "chair") in people
    assert sum(role == "chair" for _, _, role in people) == 1
    # Counts are what the note states: it states none.
    for col in COLUMNS:
        if col.startswith(("attendees_", "apologies_")):
            assert r[col] == "", col
    assert r["chairs_civil_society"] == "1" and r["chairs_government"] == ""
    assert (r["date"], r["record_published_date"]) == ("2012-10-25", "2012-10-25")


def test_2014_note_date_is_the_meeting_not_the_posting(shared, commitments):
    r = _extract(shared, NOTE_2014, commitments).row
    assert (r["date"], r["date_precision"]) == ("2014-02-26", "day")
    assert r["record_published_date"] == "2014-03-05"
    assert r["plans"] == "2013:implementation"


def test_2014_note_commitments_matched_to_the_2013_plan(shared, commitments):
    e = _extract(shared, NOTE_2014, commitments)
    ids = {c.split(" [")[0]: c for c in e.row["commitments"].split(";")}
    assert ids["UK0047"] == "UK0047 [anti-corruption]"
    assert ids["UK0048"] == "UK0048 [beneficial ownership]"
    assert ids["UK0057"] == "UK0057 [open policy making]"
    assert ids["UK0053"] == "UK0053 [open contracting]"
    assert ids["UK0050"] == "UK0050 [CoST]"
    assert "UK0054" not in ids  # a candidate, reported, never picked
    assert "UK0063" not in ids  # the 2016 plan's beneficial ownership: not a plan concerned
    reported = [p for p in e.problems if "open contracting" in p]
    assert reported and "UK0054" in reported[0]
    assert "UK0054" in e.row["note"]


def test_cost_is_matched_only_through_the_declared_alias(shared, commitments):
    no_alias = pd.DataFrame(columns=["member", "commitment_id", "alias", "note"])
    e = _extract(shared, NOTE_2014, commitments, aliases=no_alias)
    assert "UK0050" not in e.row["commitments"]
    assert "CoST" not in e.row["commitments"]


def test_ambiguous_topic_without_an_exact_title_is_not_picked(commitments):
    plan = commitments[commitments["cycle"] == "2013"]
    assert match_topic("open contracting", plan) == ("UK0053", ["UK0054"])
    cid, candidates = match_topic("contracting", plan)
    assert cid is None and sorted(candidates) == ["UK0053", "UK0054"]
    text = ("Meeting note | 3 March 2014\n\nThe purpose was to review the implementation of the "
            "National Action Plan.\n\nThe contracting commitment was discussed.")
    e = extract_meeting(text, member=MEMBER, commitments=commitments)
    assert e.row["commitments"] == "[contracting]"
    assert any("ambiguous" in p and "UK0053" in p and "UK0054" in p for p in e.problems)


HTML_NOTE = """<!doctype html><html><body>
<p>Posted 12 December 2020</p>
<h1>Working group meeting, December 9 2020</h1>
<p>Present: Ann Smith (Chair; Cabinet Office), Bob Jones (Involve), Cy Brown (Acme Widgets Ltd)</p>
<p>The aim was to discuss the co-creation of the Fifth National Action Plan.</p>
<p>Chairs: 2 governmental and 1 civil society.</p>
<p>The meeting was attended by 21 people (government: 9; civil society: 12).</p>
</body></html>"""


def test_html_note_other_count_forms_and_an_unknown_organisation(commitments):
    e = extract_meeting(HTML_NOTE, member=MEMBER, commitments=commitments,
                        source_url="https://example.org/wg")
    r = e.row
    assert (r["date"], r["record_published_date"], r["kind"]) == (
        "2020-12-09", "2020-12-12", "working group")
    assert r["plans"] == "2021:co-creation"
    assert (r["attendees_total"], r["attendees_government"], r["attendees_civil_society"]) == (
        "21", "9", "12")
    people = _entries(r)
    assert people[0] == ("Cabinet Office", "government", "chair")
    assert people[2] == ("Acme Widgets Ltd", "?", "attendee")  # never guessed
    assert any("Acme Widgets Ltd" in p and "gazetteer" in p for p in e.problems)


def test_apologies_in_the_two_governmental_and_one_civil_society_form(commitments):
    text = ("Forum meeting | 5 May 2022\n\nThe aim was to review NAP5 implementation.\n\n"
            "There were 30 attendees. Apologies came from 3 people, 2 governmental and 1 civil "
            "society.")
    r = extract_meeting(text, member=MEMBER, commitments=commitments).row
    assert (r["attendees_total"], r["attendees_government"]) == ("30", "")
    assert (r["apologies_total"], r["apologies_government"], r["apologies_civil_society"]) == (
        "3", "2", "1")
    assert r["plans"] == "2021:implementation"


def test_gazetteer_refuses_an_undeclared_sector():
    from ogp_analysis.errors import OGPAnalysisError

    with pytest.raises(OGPAnalysisError, match="sector 'business'"):
        organisations_from_csv("organisation,aliases,sector,note\nAcme,,business,\n")


def test_csv_round_trip_has_the_issue_column_order(shared, commitments):
    rows = [_extract(shared, n, commitments).row for n in (READ_OUT_2024, NOTE_2012, NOTE_2014)]
    text = rows_to_csv(rows)
    back = list(csv.DictReader(io.StringIO(text)))
    assert list(back[0]) == list(COLUMNS)
    assert [b["meeting_id"] for b in back] == [r["meeting_id"] for r in rows]


def test_date_from_the_first_sentences_and_never_from_the_posting_line(commitments):
    text = ("News 5th March 2014\n\nNotes of the network meeting\n\nOn 26 February 2014, members "
            "of the network met to discuss the implementation of the National Action Plan.")
    r = extract_meeting(text, member=MEMBER, commitments=commitments).row
    assert (r["date"], r["record_published_date"]) == ("2014-02-26", "2014-03-05")
    only_posting = extract_meeting("News 5th March 2014\n\nNotes of the network meeting\n\nWe met.",
                                   member=MEMBER, commitments=commitments)
    assert only_posting.row["date"] == "" and only_posting.row["record_published_date"] == "2014-03-05"
    assert any("no meeting date" in p for p in only_posting.problems)
