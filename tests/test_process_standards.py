"""The process section says what the data holds: which plans the 2022 standards apply to (one
rule), the IRM's judgements as the IRM's, published records from a URL or a posting date, one
set of meetings for the timeline, the forum row and the six-month rule, shared meetings named.

Inline plans for the rules; the bundled UK data for the examples the reports got wrong; fresh
meeting notes in several layouts for the posting date read into a published record.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ogp_analysis.analysis import process as P
from ogp_analysis.ingest import FOLDER_READERS, read_bundled
from ogp_analysis.ingest.process_records import read_meeting_records
from ogp_analysis.meeting_records import rows_to_csv
from ogp_analysis.metadata import rules as R
from ogp_analysis.normalise import build_tables
from ogp_analysis.parse.meeting_notes import extract_meeting
from ogp_analysis.paths import Paths
from ogp_analysis.report import implementation as I
from ogp_analysis.report.html import html_table
from tests.test_process_analysis import URL, M, _status, _tables
from tests.test_process_ingest import tables_of

UK = "united-kingdom"
IRM_URL = "https://example.org/irm/action-plan-review"


def _judgement(cycle: int, indicator: str, value: str, title: str = "Action Plan Review") -> dict:
    return {"action_plan_id": f"{M}-{cycle}", "member": M, "cycle": cycle, "assessor": "irm",
            "process_indicator": indicator, "value_printed": value, "value": value,
            "scale": "yes_no", "report_title": title, "source_type": "irm_report",
            "source_url": IRM_URL}


@pytest.fixture(scope="module")
def uk():
    p = Paths.default()
    return build_tables(read_bundled(p.bundled) + FOLDER_READERS["process"](p))[0]


# --- which plans the standards apply to: one rule ------------------------------------------------


def test_a_plan_the_irm_judged_in_the_action_plan_review_wording_is_held_to_the_standards_whatever_its_start():
    t = _tables([("f1", "2021-04-27", 2021, "forum", URL)], plans=((2021, 2023),),
                plan_process=[_judgement(2021, "acted_according_to_process", "No")])
    s = P.standards(t, M, 2021)
    assert "not in force" not in set(s["label"])
    assert _status(s, 2021, "according_to_process")["label"] == "not met"
    applies, why = P.plan_standards(t, M, 2021)
    assert applies and "acted according to OGP process" in why


def test_a_plan_published_on_or_after_1_january_2022_is_held_to_the_standards_though_it_starts_in_2021():
    t = _tables([("f1", "2021-09-01", 2021, "forum", URL)], plans=((2021, 2023, "2022-01-31"),))
    assert "not in force" not in set(P.standards(t, M, 2021)["label"])
    assert P.plan_standards(t, M, 2021) == (
        True, "it was published on 31 January 2022, on or after 1 January 2022")


def test_a_plan_published_before_2022_is_not_held_though_it_starts_in_2022():
    t = _tables([("f1", "2022-03-01", 2022, "forum", URL)], plans=((2022, 2024, "2021-12"),))
    assert set(P.standards(t, M, 2022)["label"]) == {"not in force"}
    assert P.plan_standards(t, M, 2022)[1] == "it was published in December 2021, before 1 January 2022"


def test_with_no_publication_date_the_plan_start_stands_in_for_it():
    assert R.standards_apply((), None, 2023) == (
        True, "the data does not say when it was published, and it starts in 2023")
    assert R.standards_apply((), None, "2021-09")[0] is False
    assert R.standards_apply((), None, None) == (
        False, "the data says neither when it was published nor when it starts")
    # The older wording of the judgement does not bring a plan under the standards.
    assert R.standards_apply(("acted_contrary_to_process",), "2019-06-01", 2019)[0] is False


def test_uk_2021_standards_rows_are_scored_and_the_report_says_why(uk):
    s = P.standards(uk, UK, 2021).set_index("field")
    assert "not in force" not in set(s["label"])
    assert s.loc["according_to_process", "label"] == "not met"
    assert "acted according to OGP process: No" in s.loc["according_to_process", "shows"]
    text = _text(I.process_html(uk, UK, 2021))
    assert "They apply to this plan: the IRM judged it in the Action Plan Review's wording" in text
    assert "published on 31 January 2022" in text
    assert "not in force" not in text


# --- the IRM's judgement is the IRM's -----------------------------------------------------------


def test_an_irm_judgement_of_a_plan_before_the_standards_is_shown_as_the_irms_with_its_wording_and_source(uk):
    s = P.standards(uk, UK, 2016).set_index("field")
    row = s.loc["according_to_process"]
    assert row["label"] == "the IRM's judgement"
    assert row["shows"] == ("the IRM (IRM Mid-Term Report 2016-2018 (Year 1)): acted contrary to "
                            "OGP process: No")
    assert any("mid-term-report" in u for u in row["source_urls"])
    # The requirements the IRM did not judge are information only.
    assert s.loc["forum_every_six_months", "label"] == "not in force"
    html = str(I.process_html(uk, UK, 2016))
    cells = _row_cells(html, "The country acted according to OGP process")
    assert cells[2] == "the IRM's judgement" and "not applicable" not in html
    assert "They do not apply to this plan" in _text(html)


def test_the_irms_forum_finding_before_the_standards_is_the_irms_judgement():
    t = _tables([("f1", "2019-03-01", 2019, "forum", URL)], plans=((2019, 2021),),
                plan_process=[_judgement(2019, "multistakeholder_forum", "No", "Design Report")])
    row = _status(P.standards(t, M, 2019), 2019, "forum_exists")
    assert row["label"] == "the IRM's judgement"
    assert row["shows"].startswith("the IRM (Design Report): a multi-stakeholder forum: no")
    assert IRM_URL in row["source_urls"]


# --- published records: a URL or a posting date --------------------------------------------------


def test_a_meeting_with_a_posting_date_and_no_link_has_a_published_record(uk):
    mid = "united-kingdom-2014-02-26-bilateral"
    got = P.published_records(uk, UK, 2013).set_index("field")
    assert mid in got.loc["with_published_record", "meeting_ids"]
    timeline = P.meeting_timeline(uk, UK, 2013).set_index("meeting_id")
    assert timeline.loc[mid, "Record"] == "published 5 March 2014 (the data holds no link to it)"
    assert bool(timeline.loc[mid, "published_record"])
    # Every count reads the same test: the timeline's published records are the figure's.
    assert int(got.loc["with_published_record", "value"]) == int(timeline["published_record"].sum())
    std = _status(P.standards(uk, UK, 2013), 2013, "records_published")
    assert std["shows"].startswith(f"{int(got.loc['with_published_record', 'value'])} of "
                                   f"{len(timeline)} meetings")


def test_a_posting_date_alone_is_a_published_record_but_never_met_without_a_source():
    t = _tables([("m1", "2022-02-01", 2022, "forum", None, "2022-02-08"),
                 ("m2", "2022-06-01", 2022, "forum", URL)])
    row = _status(P.standards(t, M, 2022), 2022, "records_published")
    assert row["label"] == "cannot tell"
    assert row["shows"] == ("2 of 2 meetings of the plan in the data have a published record (1 "
                            "known only from its posting date, with no source)")
    assert P.published_records(t, M, 2022).set_index("field").loc[
        "share_with_published_record", "share"] == 1.0


# Fresh notes, each with a posting line in another layout and no link kept.
POSTED_NEWS = """News 12th June 2015
Open government network meets the Cabinet Office | 3 Jun 2015
On 3 June 2015 members of the civil society network met Cabinet Office officials to discuss the implementation of the National Action Plan.
"""
POSTED_LABEL = """Published: 14 July 2017
Working group on the 2016-18 plan: implementation meeting
Held on 6 July 2017.
Ten people attended: six from government and four from civil society.
We reviewed the implementation of the 2016-18 Open Government Action Plan.
"""
POSTED_BY = """Read-out: forum of 2 March 2022
by A. Writer on 9 March 2022
The multi-stakeholder forum met on 2 March 2022 to review the implementation of NAP5.
"""
POSTED_NUMERIC = """18/10/2019
Forum meeting notes, 11 October 2019
The forum met to discuss the implementation of the 2019-21 National Action Plan.
"""


@pytest.mark.parametrize(("note", "held", "posted"), [
    (POSTED_NEWS, "2015-06-03", "2015-06-12"),
    (POSTED_LABEL, "2017-07-06", "2017-07-14"),
    (POSTED_BY, "2022-03-02", "2022-03-09"),
    (POSTED_NUMERIC, "2019-10-11", "2019-10-18"),
])
def test_a_posting_line_read_from_a_note_makes_a_published_record(tmp_path, note, held, posted):
    com = pd.read_csv(Paths.default().bundled / "commitments.csv", dtype=str, keep_default_na=False)
    row = extract_meeting(note, member=UK, commitments=com).row
    assert (row["date"], row["record_published_date"], row["record_url"]) == (held, posted, "")
    path = tmp_path / "meetings.csv"
    path.write_text(rows_to_csv([row]), encoding="utf-8")
    t = {**_tables(), **tables_of(read_meeting_records(path))}
    cycle = int(t["meeting_plans"]["cycle"].iloc[0])
    got = P.published_records(t, UK, cycle).set_index("field")
    assert int(got.loc["with_published_record", "value"]) == 1
    timeline = P.meeting_timeline(t, UK, cycle)
    assert timeline["Record"].iloc[0].startswith("published ")


def test_a_note_title_keeps_no_dangling_word_where_its_date_was():
    com = pd.read_csv(Paths.default().bundled / "commitments.csv", dtype=str, keep_default_na=False)
    assert extract_meeting(POSTED_BY, member=UK, commitments=com).row["title"] == "Read-out: forum"
    assert extract_meeting(POSTED_NUMERIC, member=UK, commitments=com).row["title"] == "Forum"


# --- one set of meetings for the timeline, the forum row and the six-month rule ------------------


@pytest.mark.parametrize("cycle", [2021, 2023])
def test_the_forum_row_and_the_six_month_rule_read_the_timelines_forum_meetings(uk, cycle):
    timeline = P.meeting_timeline(uk, UK, cycle)
    forum = timeline[timeline["Meeting"] == "Multi-stakeholder forum"]
    s = P.standards(uk, UK, cycle).set_index("field")
    assert s.loc["forum_exists", "shows"].startswith(f"{len(forum)} forum meetings of the plan")
    assert sorted(s.loc["forum_exists", "meeting_ids"]) == sorted(forum["meeting_id"])
    assert sorted(s.loc["forum_every_six_months", "meeting_ids"]) == sorted(forum["meeting_id"])
    assert f"; {len(forum)} meetings)" in s.loc["forum_every_six_months", "shows"]


def test_uk_2023_forum_row_counts_both_forum_meetings_and_says_which_have_a_source(uk):
    row = P.standards(uk, UK, 2023).set_index("field").loc["forum_exists"]
    assert row["label"] == "met"
    assert row["shows"] == ("2 forum meetings of the plan in the data; both show government "
                            "and civil society present; 1 of those 2 has a source")


def test_a_forum_meeting_after_the_plans_end_is_named_outside_its_period():
    t = _tables([(f"f-{d}", d, 2022, "forum", URL) for d in
                 ("2022-01-10", "2022-06-10", "2022-12-01", "2023-05-20", "2023-11-01",
                  "2024-04-15", "2024-09-30", "2025-01-20")], plans=((2022, 2024),))
    row = _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")
    assert row["label"] == "met"
    assert "(2025-01-20 outside the plan's period 2022-01-01 to 2024-12-31)" in row["shows"]


def test_a_forum_meeting_before_the_plans_start_bounds_its_first_stretch():
    # A co-creation forum in November closes the plan's first stretch: from 2021-11-15 to
    # 2022-05-01 is under six months, though the plan's start to its first meeting is not.
    t = _tables([(f"f-{d}", d, 2022, "forum", URL) for d in
                 ("2021-11-15", "2022-05-01", "2022-10-20", "2023-04-10", "2023-09-30",
                  "2024-03-20", "2024-09-01", "2024-12-10")], plans=((2022, 2024),))
    assert _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")["label"] == "met"


# --- shared meetings ---------------------------------------------------------------------------


def test_a_meeting_serving_two_plans_is_named_in_each_report_with_each_plans_phases(uk):
    for cycle, other, mine in ((2021, "the 2023 plan's co-creation",
                                "this plan's implementation and self-assessment"),
                               (2023, "the 2021 plan's implementation and self-assessment",
                                "this plan's co-creation")):
        said = P.process_section(uk, UK, cycle)["shared"]
        assert f"24 January 2024 ({mine}; {other})" in said
        assert "counted for each plan, never added across plans" in said
        assert said in _text(I.process_html(uk, UK, cycle))
    assert P.process_section(uk, UK, 2021)["shared"].startswith(
        "Of the 3 meetings of this plan in the data, 2 also served another plan: 27 April 2023")
    assert P.process_section(uk, UK, 2023)["shared"].startswith(
        "Both meetings of this plan in the data also served another plan")
    assert P.process_section(uk, UK, 2016)["shared"] == ""


def test_a_record_naming_a_plan_with_no_phase_is_read_by_the_rule():
    assert R.phase_by_date(2012, 2013) == "co_creation"
    assert R.phase_by_date(2017, 2016) == "implementation"


# --- sources as links ----------------------------------------------------------------------------


def test_each_source_in_a_table_cell_is_its_own_link_with_a_reader_label():
    html = str(html_table(pd.DataFrame({"Source": [["https://example.org/a/minutes-1/",
                                                    "https://example.org/b/read-out.pdf"], []]}),
                          links=["Source"]))
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [("https://example.org/a/minutes-1/", "example.org › minutes-1"),
                     ("https://example.org/b/read-out.pdf", "example.org › PDF document")]
    assert "–" in html  # no source: a dash, not an empty link


def test_the_uk_2021_standards_table_links_each_source_apart(uk):
    html = str(I.process_html(uk, UK, 2021))
    table = html[html.index("The Participation and Co-Creation Standards"):]
    hrefs = re.findall(r'<a href="([^"]+)"', table)
    assert hrefs and all(";" not in h and "," not in h for h in hrefs)
    assert len(hrefs) > len(re.findall(r"<tr>", table)) - 1  # some rows have several sources


def test_standards_sources_carry_reader_labels_a_meeting_date_or_a_reports_title(uk):
    std = P.process_section(uk, UK, 2016)["standards"].set_index("Requirement")["Source"]
    records = std[R.STANDARD_REQUIREMENTS["records_published"]]
    assert ("record of the meeting of 30 November 2017",
            "https://opengovernment.org.uk/2017/12/04/2016-18-open-government-action-plan-"
            "implementation-meeting-30-november-2017-meeting-note/") in records
    [(label, url)] = std[R.STANDARD_REQUIREMENTS["according_to_process"]]
    assert label == "IRM Mid-Term Report 2016-2018 (Year 1)" and "mid-term-report" in url
    html = str(I.process_html(uk, UK, 2016))
    assert ">record of the meeting of 9 April 2018</a>" in html


def test_a_process_finding_is_shown_in_the_reports_own_words(uk):
    j = P.process_section(uk, UK, 2016)["judgements"].set_index("Finding")
    assert j.loc["Period under review", "Value"] == "July 2016 – June 2017"
    assert j.loc["Acted contrary to OGP process", "Value"] == "No"


# --- helpers -----------------------------------------------------------------------------------


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html))).replace("&#39;", "'").replace(
        "&#34;", '"').replace("&quot;", '"')


def _row_cells(html: str, starts: str) -> list[str]:
    for row in re.findall(r"<tr>(.*?)</tr>", html):
        cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        if cells and cells[0].startswith(starts):
            return cells
    raise AssertionError(f"no row starting {starts!r}")
