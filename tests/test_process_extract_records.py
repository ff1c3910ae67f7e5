"""The meeting-note extractor on records written afresh for these tests, in the layouts forum notes come in.

Each record below is written here (not a seed): UK meetings of 2016-2023 with their real facts
(`../shared/data/uk_forum_meetings.csv`) in the layouts their notes use, and other members'
forum notes. Names of people are invented.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.meeting_records import parse_organisation_entry, split_list
from ogp_analysis.parse.meeting_notes import extract_meeting, member_of_record
from ogp_analysis.paths import Paths

UK = "united-kingdom"


@pytest.fixture(scope="module")
def commitments() -> pd.DataFrame:
    uk = pd.read_csv(Paths.default().bundled / "commitments.csv", dtype=str, keep_default_na=False)
    # Another member's plans, as a user's build would hold them (cycles 2014, 2016, 2018, 2020, 2022).
    nz = pd.DataFrame({"commitment_id": [f"NZ00{i:02d}" for i in range(1, 6)],
                       "member": "new-zealand", "cycle": ["2014", "2016", "2018", "2020", "2022"],
                       "title": ["Open budget", "Open data", "Public participation",
                                 "Procurement", "Community engagement"]})
    return pd.concat([uk, nz], ignore_index=True)


def _row(text, commitments, **kw):
    return extract_meeting(text, commitments=commitments, **kw)


def _by_sector(row, role="attendee") -> Counter:
    """People listed per sector (as the CSV writes it) for one role."""
    entries = [parse_organisation_entry(e) for e in split_list(row["organisations"])]
    return Counter(sector for _, sector, r in entries if r == role)


# 1. The 2016 bilateral: blog posting line "Meeting notes <date>", the date in the title,
#    one person per line "Name, Organisation" under "Attendees", two with no organisation.
NOTE_2016 = """Meeting notes 28 November 2016
Where we've got to; the OGP Summit; and what's next – 10 Nov 2016 meeting note
by Jo Bloggs
Attendees
Alice Adams, Involve
Ben Brown, Involve
Cara Cole, Involve
Dan Dale, The Better With Data Society
Eve Evans
Fay Ford
Gus Gray, The ONE Campaign
Hal Hart, Transparency International
Ida Ives, CRAE
Jon Jay, Demsoc
Kim Kerr, OGP Support Unit
Lee Lowe, Publish What You Fund
Max Moss, OpenUK
Ned Nash, 360Giving
Ola Odd, Elcena Jeffers Foundation
Pat Park, SCVO
Quin Quay, Publish What You Pay UK
Ray Ross, NI Open Government Network
Sam Shaw, Cabinet Office
Tia Todd, Cabinet Office
Uma Urry, Cabinet Office
Summary
We reviewed progress on the 2016-18 Open Government National Action Plan commitments and discussed the OGP Summit in Paris.
"""


def test_named_list_one_per_line_counted_per_sector_and_no_total_invented(commitments):
    e = _row(NOTE_2016, commitments, member=UK)
    r = e.row
    assert (r["date"], r["record_published_date"]) == ("2016-11-10", "2016-11-28")
    assert r["title"] == "Where we've got to; the OGP Summit; and what's next"
    assert _by_sector(r) == Counter({"civil society": 15, "government": 3, "other": 1, "?": 2})
    assert r["attendees_total"] == ""  # no total stated: never the list's length
    assert r["plans"] == "2016:implementation"


# 2. The 2017 implementation meeting: "Name (Organisation)" inline after "Present:", date in the
#    first sentence ("held on"), the posting line a date alone above the title.
NOTE_2017 = """4 December 2017
2016-18 Open Government Action Plan implementation meeting
The meeting was held on 30 November 2017 at 70 Whitehall.
Present: Ann Ash (Government Digital Service), Bo Birch (Government Digital Service), Cy Cane (Government Digital Service), Di Dove (Cabinet Office), Ed Elm (Crown Commercial Service), Flo Fir (Involve), Gil Gum (Involve), Hu Hay (Institute for Government), Ivy Ing (Transparency International UK)
The note was produced by the Cabinet Office.
"""


def test_held_on_date_and_a_date_alone_above_the_title_is_the_posting(commitments):
    r = _row(NOTE_2017, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2017-11-30", "2017-12-04")
    assert r["title"] == "2016-18 Open Government Action Plan implementation meeting"
    assert r["plans"] == "2016:implementation"
    assert r["kind"] == "working group"  # an implementation meeting
    assert _by_sector(r) == Counter({"government": 5, "civil society": 4})


# 3. The April 2018 implementation meeting: "Name – Organisation" lines, a date line under the
#    title, "Posted on" line, an organisation the gazetteer knows as "other".
NOTE_2018_04 = """Posted on 16 April 2018
2016-18 Open Government Action Plan implementation meeting
9 April 2018
In attendance:
Amy Ault – DCMS
Bea Bell – DCMS
Col Cork – DCMS
Dee Dunn – Government Digital Service
Eli Erne – BEIS
Fen Fox – Cabinet Office
Gia Gold – Local Government Association
Hob Hill – Involve
Ian Ink – Involve
Jay Jolly – Institute for Government
Kat Kent – Transparency International UK
Discussion covered each commitment of the 2016-18 plan.
"""


def test_date_line_under_the_title_and_dash_separated_list(commitments):
    r = _row(NOTE_2018_04, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2018-04-09", "2018-04-16")
    assert _by_sector(r) == Counter({"government": 6, "civil society": 4, "other": 1})


# 4. The June 2018 forum: "Co-chair: Name, Organisation" lines, then a list with roles and two
#    people with no organisation, the plan named by its years.
NOTE_2018_06 = """News 14 June 2018
UK Open Government Multistakeholder Forum – 11 June 2018 meeting notes
Co-chair: Ros Reed, Involve
Co-chair: Sid Sage, DCMS
Attendees: Tom Tate, OGN; Una Uber; Val Vane; Wyn West, CRAE; Xan Xu, Institute for Government; Yas Yew, NCVO; Zed Zinn, ERS Wales; Abe Ames, OGN Scotland; Bif Bax, DFID; Cal Cox, DFID; Dov Dix, DFID; Ema Eck, Cabinet Office; Fil Fay, DCMS; Gem Gee, DCMS; Hen Hix, DCMS
The civil society manifesto was presented to begin co-creation of the next National Action Plan.
"""


def test_co_chair_lines_and_semicolon_list(commitments):
    r = _row(NOTE_2018_06, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2018-06-11", "2018-06-14")
    assert r["title"] == "UK Open Government Multistakeholder Forum"
    assert r["kind"] == "forum"
    assert (r["chairs_government"], r["chairs_civil_society"]) == ("1", "1")
    assert _by_sector(r, "chair") == Counter({"government": 1, "civil society": 1})
    assert _by_sector(r) == Counter({"civil society": 6, "government": 7, "?": 2})
    assert "2019:co-creation" in r["plans"]


# 5. The 2018 meeting with the minister: HTML, "Name (Organisation)" one per list item.
NOTE_2018_09 = """<html><body>
<p class="date">Blog 11 September 2018</p>
<h1>Notes from OGN meeting with Minister Margot James</h1>
<p>The Open Government Network steering committee met on 5 September 2018 with the Minister for Digital and Creative Industries to discuss the development of the 2018-20 National Action Plan.</p>
<h2>Attendees</h2>
<ul>
<li>Margot James (Minister for Digital and Creative Industries)</li>
<li>Amal Aziz (DCMS)</li><li>Bo Bryn (DCMS)</li><li>Cass Cole (DCMS)</li>
<li>Dil Dunn (Transparency International UK)</li>
<li>Eda Eng (Institute for Government)</li>
<li>Fia Fell (Involve)</li><li>Gus Gale (Involve)</li>
<li>Hana Holt (OGN steering committee)</li><li>Ike Ito (OGN steering committee)</li>
</ul>
</body></html>"""


def test_html_list_items_met_on_and_a_minister(commitments):
    e = _row(NOTE_2018_09, commitments, member=UK)
    r = e.row
    assert (r["date"], r["record_published_date"]) == ("2018-09-05", "2018-09-11")
    assert r["title"] == "Notes from OGN meeting with Minister Margot James"
    assert _by_sector(r) == Counter({"government": 4, "civil society": 6})
    # The plan was announced as 2018-20 and published in 2019: a span that starts no plan of the
    # member is reported, never moved to the nearest plan.
    assert r["plans"] == ""
    assert any("'2018-20 National Action Plan' names a plan starting 2018" in p for p in e.problems)


# 6. The 2021 forum: stated without counts; the plan named as NAP5.
NOTE_2021 = """High level summary of UK Multi-stakeholder Forum 27/04/2021
Posted 28 April 2021
The forum took place online on 27 April 2021 to launch NAP5 co-creation. It was co-chaired by Lord Ted True, Cabinet Office minister, and Uli Umber, chair of the UK Open Government Network.
Participants came from eight government departments, the devolved administrations and the network's steering committee.
"""


def test_stated_without_counts_reads_no_count(commitments):
    r = _row(NOTE_2021, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2021-04-27", "2021-04-28")
    assert r["plans"] == "2021:co-creation"
    for col in ("attendees_total", "attendees_government", "attendees_civil_society",
                "apologies_total"):
        assert r[col] == "", col
    assert (r["chairs_government"], r["chairs_civil_society"]) == ("1", "1")


# 7. The 2023 read-out: counts in words, sectors before the total, apologies first.
NOTE_2023 = """Read-out from the April Multi-Stakeholder Forum
Thursday 27 April 2023
Apologies were received from three members (two government, one civil society). Thirty-two people attended: eighteen from government and fourteen from civil society.
The forum examined NAP5 implementation and planned NAP6 co-creation.
"""


def test_counts_in_words_apologies_first(commitments):
    r = _row(NOTE_2023, commitments, member=UK).row
    assert r["date"] == "2023-04-27"
    assert (r["attendees_total"], r["attendees_government"], r["attendees_civil_society"]) == (
        "32", "18", "14")
    assert (r["apologies_total"], r["apologies_government"], r["apologies_civil_society"]) == (
        "3", "2", "1")
    assert r["plans"] == "2021:implementation;2023:co-creation"


# 8. Counts in a table-like layout with the sector first.
NOTE_COLON = """UK Multi-Stakeholder Forum | 12 October 2022
Attendance: 29 (government: 16, civil society: 13)
Apologies: 4 (government: 3; civil society: 1)
The forum reviewed the implementation of the Fifth National Action Plan.
"""


def test_counts_with_the_sector_before_the_number(commitments):
    r = _row(NOTE_COLON, commitments, member=UK).row
    assert r["date"] == "2022-10-12"
    assert (r["attendees_total"], r["attendees_government"], r["attendees_civil_society"]) == (
        "29", "16", "13")
    assert (r["apologies_total"], r["apologies_government"], r["apologies_civil_society"]) == (
        "4", "3", "1")
    assert r["plans"] == "2021:implementation"


# 9. Attendance and apologies in one sentence.
NOTE_ONE_SENTENCE = """Forum meeting, 14 March 2023
We were 27 in the room (15 government and 12 civil society) and 5 sent apologies, 4 from government and 1 from civil society.
The aim of the meeting was to begin co-creation of the Sixth National Action Plan.
"""


def test_attendance_and_apologies_in_one_sentence(commitments):
    r = _row(NOTE_ONE_SENTENCE, commitments, member=UK).row
    assert (r["attendees_government"], r["attendees_civil_society"]) == ("15", "12")
    assert (r["apologies_total"], r["apologies_government"], r["apologies_civil_society"]) == (
        "5", "4", "1")
    assert r["plans"] == "2023:co-creation"


# 10. Another member's forum: New Zealand, named in the record, no --member.
NOTE_NZ = """Expert Advisory Panel meeting notes
Date: 14 March 2019
Apologies: Mere Moana (Victoria University of Wellington)
Present: Ana Aroha (Chair; Transparency International New Zealand), Bill Brash (State Services Commission), Cleo Crane (State Services Commission)
The panel discussed progress on New Zealand's third National Action Plan and its implementation. New Zealand's officials reported on the milestones.
"""


def test_another_member_is_read_from_the_record_not_defaulted(commitments):
    e = _row(NOTE_NZ, commitments)
    r = e.row
    assert r["member"] == "new-zealand"
    assert r["meeting_id"].startswith("new-zealand-2019-03-14")
    assert r["date"] == "2019-03-14"
    assert r["plans"] == "2018:implementation"
    entries = [parse_organisation_entry(x) for x in split_list(r["organisations"])]
    assert [role for _, _, role in entries].count("apology") == 1
    assert [role for _, _, role in entries].count("chair") == 1
    # Organisations the gazetteer lacks are reported with no sector, never guessed.
    assert all(sector == "?" for _, sector, _ in entries)
    assert any("State Services Commission" in p and "gazetteer" in p for p in e.problems)


def test_a_record_naming_no_member_asks_for_member(commitments):
    text = "Forum meeting | 5 May 2022\nThe aim was to review NAP5 implementation.\n"
    with pytest.raises(OGPAnalysisError, match="--member"):
        _row(text, commitments)


def test_record_naming_two_members_equally_is_not_guessed():
    members = (("united-kingdom", ("United Kingdom", "UK")), ("new-zealand", ("New Zealand",)))
    lines = ["Peer exchange", "Officials of New Zealand and the UK compared forums."]
    assert member_of_record(lines, "Peer exchange", members) is None
    assert member_of_record(["New Zealand forum", "With a UK guest."], "New Zealand forum",
                            members) == "new-zealand"


# 11. "met on", the plan by ordinal, a chair in prose, digits and words mixed.
NOTE_ORDINAL = """Open Government Network
Civil society and government met on 3rd February 2020
Fourteen civil society representatives and 6 government officials attended. The meeting was chaired by Kay Keel (Involve).
The purpose was to discuss the implementation of the fourth National Action Plan.
"""


def test_met_on_ordinal_plan_and_mixed_number_forms(commitments):
    r = _row(NOTE_ORDINAL, commitments, member=UK).row
    assert r["date"] == "2020-02-03"
    assert (r["attendees_civil_society"], r["attendees_government"]) == ("14", "6")
    assert r["attendees_total"] == ""
    assert r["plans"] == "2019:implementation"
    assert r["chairs_civil_society"] == "1"


# 12. A separate apologies list under its own heading.
NOTE_APOLOGIES = """Open Government Forum
5 July 2022
Attendees
Lia Lamb, Cabinet Office
Mo Mint, Central Digital and Data Office
Nia Nye, Involve
Apologies
Oli Orr, Home Office
Pip Pine, UK Open Government Network
Notes
The forum discussed NAP5 implementation.
"""


def test_apologies_list_kept_apart_from_attendees(commitments):
    r = _row(NOTE_APOLOGIES, commitments, member=UK).row
    assert r["date"] == "2022-07-05"
    assert _by_sector(r) == Counter({"government": 2, "civil society": 1})
    assert _by_sector(r, "apology") == Counter({"government": 1, "civil society": 1})
    assert r["apologies_total"] == ""  # a list, not a stated count


# 13. Job titles between name and organisation; a "Chair:" line; "Name (Chair, Org)" not used.
NOTE_JOBS = """Implementation working group – 8 December 2021
Chair: Rae Rowe, Deputy Director, Central Digital and Data Office
Present:
Sol Stone, Head of Open Government, Cabinet Office
Tam Tell, Policy Lead, Home Office
Udo Upton, Director, Publish What You Fund
There were 4 attendees in total.
NAP5 implementation was reviewed commitment by commitment.
"""


def test_job_titles_between_name_and_organisation(commitments):
    r = _row(NOTE_JOBS, commitments, member=UK).row
    assert r["date"] == "2021-12-08"
    assert r["kind"] == "working group"
    assert _by_sector(r) == Counter({"government": 2, "civil society": 1})
    assert _by_sector(r, "chair") == Counter({"government": 1})
    assert r["attendees_total"] == "4"


# 14. A read-out where the only date up top is the posting line: the meeting's date is in the text.
NOTE_POSTED_BY = """By Clare Cobb on 2 February 2024
Read-out: Multi-Stakeholder Forum
The Multi-Stakeholder Forum convened on 24 January 2024. 44 participants joined, 25 from government and 19 from civil society; there were 10 apologies.
The forum reviewed NAP5 implementation and the co-creation of NAP6.
"""


def test_posted_by_line_is_not_the_meeting(commitments):
    r = _row(NOTE_POSTED_BY, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2024-01-24", "2024-02-02")
    assert r["title"] == "Read-out: Multi-Stakeholder Forum"
    assert (r["attendees_total"], r["attendees_government"], r["attendees_civil_society"]) == (
        "44", "25", "19")
    assert r["apologies_total"] == "10"


# 15. American date order and a plan by number after "National Action Plan".
NOTE_US_ORDER = """Forum meeting notes
Meeting date: March 9, 2023
Twenty-one participants attended.
Agenda: co-creation of National Action Plan 6.
"""


def test_month_first_date_line_and_plan_by_number(commitments):
    r = _row(NOTE_US_ORDER, commitments, member=UK).row
    assert r["date"] == "2023-03-09"
    assert r["attendees_total"] == "21"
    assert r["plans"] == "2023:co-creation"
    assert r["title"] == "Forum"


# 16. A record whose named plan comes without a phase word: the phase is read from the date
#     and flagged for the reviewer.
NOTE_NO_PHASE = """Open Government Network meeting with Cabinet Office – 12 January 2017
We discussed the 2016-18 plan.
"""


def test_plan_without_phase_is_flagged(commitments):
    e = _row(NOTE_NO_PHASE, commitments, member=UK)
    assert e.row["plans"] == "2016:implementation"
    assert any("no phase" in p for p in e.problems)


# 17. A list of organisations only (no people's names), separated by semicolons.
NOTE_ORGS_ONLY = """Forum meeting | 2 November 2022
Attendees: Cabinet Office; Home Office; Involve; Open Data Institute; Acme Civic Lab
The forum discussed NAP5 implementation.
"""


def test_organisations_only_list_and_an_unknown_one_reported(commitments):
    e = _row(NOTE_ORGS_ONLY, commitments, member=UK)
    assert _by_sector(e.row) == Counter({"government": 2, "civil society": 2, "?": 1})
    assert any("Acme Civic Lab" in p for p in e.problems)


def test_package_members_are_the_shared_releases_members(shared):
    import importlib.util

    script = Paths.default().root / "scripts" / "make_members.py"
    spec = importlib.util.spec_from_file_location("make_members", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.collect(shared)
    assert len(rows) == 75  # the release's national and local members
    from ogp_analysis.parse.meeting_notes import load_members

    assert [(r["member"], tuple(r["names"].split("|"))) for r in rows] == list(load_members())


# 18. The layout of the network's blog notes of 2016-2017: a posting line, the title with "|"
#     separators and a "Meeting note" tag, a byline, a sentence, then the people one per line
#     with no heading ("Name, Organisation"; a name alone; "Organisation (ABBR)").
NOTE_BLOG = """Meeting notes 4th December 2017
2016-18 Open Government Action Plan implementation meeting | 30 November 2017 | Meeting note
by Ann Author
On 30 November 2017, members of the network's steering committee and government commitment leads met to review the implementation of the 2016-18 Open Government Action Plan.
Wil Wren, Government Digital Service (GDS)
Tod Tern, GDS
Wes Wold, Cabinet Office
Alf Auk, GDS
Jo Jay, Crown Commercial Service (CCS)
Tam Teal, Involve
Ann Author, Involve
Gil Grebe
Rae Rook, Transparency International UK
Update since last meeting
Wil outlined some of the key events since the last meeting in July.
Commitment 1: Beneficial ownership
Rae asked whether there was any further information.
"""


def test_blog_note_with_an_unheaded_list_and_abbreviations(commitments):
    e = _row(NOTE_BLOG, commitments, member=UK)
    r = e.row
    assert (r["date"], r["record_published_date"]) == ("2017-11-30", "2017-12-04")
    assert r["title"] == "2016-18 Open Government Action Plan implementation meeting"
    assert r["plans"] == "2016:implementation"
    assert _by_sector(r) == Counter({"government": 5, "civil society": 3, "?": 1})
    assert not [p for p in e.problems if "unknown organisation" in p]


# 19. The layout of the network's notes of meetings with a minister: Date / Time / Location
#     lines, people under their organisation's name with job titles, a steering group's list,
#     "Apologies from:" and the coordinators.
NOTE_MINISTER = """Meeting notes 15th July 2015
Notes from OGN meeting with Minister for the Cabinet Office | 2nd July 2015
by Jo Writer
On 2nd July 2015, the steering group of the Open Government Network met with the Minister for the Cabinet Office to discuss open government in the UK.
OGN Meeting with the Minister for the Cabinet Office
Date: Thursday 2nd July 2015
Time: 12.30-13.00
Location: 70 Whitehall, London
Cabinet Office
Mat Mint MP, Minister for the Cabinet Office
Pat Pole, Director of Open Data and Government Innovation
Oli Oak, Transparency Team, Government Innovation Group
Network Steering Group members
Andy Ash, Democratise
Ros Rue, Transparency International UK
Sim Sorrel, Involve
Apologies from:
Cat Cole, International Budget Partnership
Tim Teak, Practical Participation
Network co-ordinators
Tom Tansy, Involve
Jo Writer, Involve
The Minister began by thanking the members of the network.
"""


def test_people_under_their_organisations_name_apologies_and_coordinators(commitments):
    e = _row(NOTE_MINISTER, commitments, member=UK)
    r = e.row
    assert (r["date"], r["record_published_date"]) == ("2015-07-02", "2015-07-15")
    assert _by_sector(r) == Counter({"government": 3, "civil society": 4, "?": 1})
    assert _by_sector(r, "apology") == Counter({"civil society": 1, "?": 1})
    unknown = sorted(p for p in e.problems if "unknown organisation" in p)
    assert len(unknown) == 2 and "Democratise" in unknown[0] and "Practical Participation" in unknown[1]
    assert r["attendees_total"] == ""


# 20. Dash-separated lines with a role after the organisation ("Involve/UK OGN Coordinator",
#     "UK OGN Steering Committee member").
NOTE_DASHES = """Meeting notes 11th September 2018
Notes from OGN meeting with the Minister for Digital and Creative Industries | 5 September 2018
On 5 September 2018, members of the Open Government Network's steering committee met the Minister to talk about the development of the next National Action Plan.
Meg Mole MP, Minister for Digital and Creative Industries
Kit Kale – DCMS
Kay Kid – DCMS
Ali Ant – Involve/UK OGN Coordinator
Bea Bee – UK OGN Steering Committee member
Gus Gnu – Institute for Government
Introduction to open government
"""


def test_dash_lines_with_roles_after_the_organisation(commitments):
    e = _row(NOTE_DASHES, commitments, member=UK)
    assert _by_sector(e.row) == Counter({"government": 3, "civil society": 3})
    assert e.row["plans"] == "2019:co-creation"
    assert not [p for p in e.problems if "unknown organisation" in p]


# 21. Two co-chairs over two lines after "Co-chairs:", the date month first with a time after it,
#     the same heading repeated under the posting line, a "Guest" byline.
NOTE_CO_CHAIRS = """Meeting notes 15th February 2021
Strategic discussion of the Open Government Multistakeholder Forum
by Guest
Strategic discussion of the Open Government Multistakeholder Forum
December 9 2020, 10.30 – 12pm
Co-chairs: Fay Fern (Government Digital Service)
Ken Kite (UK Open Government Network)
• Civil society and government officials met for a strategic discussion on the forum.
"""


def test_co_chairs_over_two_lines_and_a_date_with_a_time(commitments):
    r = _row(NOTE_CO_CHAIRS, commitments, member=UK).row
    assert (r["date"], r["record_published_date"]) == ("2020-12-09", "2021-02-15")
    assert (r["chairs_government"], r["chairs_civil_society"]) == ("1", "1")
    assert _by_sector(r, "attendee") == Counter()
    assert r["kind"] == "forum"


# 22. A government page: site furniture and a breadcrumb above the heading; the meeting's date
#     in "On <date>, ... met", and a later "will be held on" that is the next meeting's.
NOTE_PAGE = """Open Government Partnership New Zealand
Home » News » Outcomes from the third meeting of the Expert Advisory Panel
Outcomes from the third meeting of the Expert Advisory Panel
On Tuesday 13 March 2018, the Expert Advisory Panel for New Zealand's third National Action Plan met for the third time, to discuss the co-creation of the plan.
The next meeting of the panel will be held on Monday, 19 March 2018.
"""


def test_breadcrumb_title_and_the_next_meetings_date_left_alone(commitments):
    r = _row(NOTE_PAGE, commitments).row
    assert r["member"] == "new-zealand"
    assert r["title"] == "Outcomes from the third meeting of the Expert Advisory Panel"
    assert r["date"] == "2018-03-13"
    assert r["plans"] == "2018:co-creation"


# 23. A minister co-chairs, named by title only, beside the network's chair.
NOTE_MINISTER_CHAIR = """Summary of the UK Multi-stakeholder Forum (27/04/2021)
The forum met online. Co-chaired by Minister Jo Lake and Kim Moss, Chair of the UK Open Government Network (OGN), it launched NAP5 co-creation.
"""


def test_a_minister_named_by_title_is_a_government_chair(commitments):
    e = _row(NOTE_MINISTER_CHAIR, commitments, member=UK)
    r = e.row
    assert r["date"] == "2021-04-27"
    assert any("day first or month first" in p for p in e.problems) is False  # 27 > 12
    assert (r["chairs_government"], r["chairs_civil_society"]) == ("1", "1")
    assert r["title"] == "Summary of the UK Multi-stakeholder Forum"


# 24-26. More ways of stating counts: "others", "representatives of", organisations counted as
#     bodies (not people), "from civil society organisations" (people).
@pytest.mark.parametrize(("sentence", "expected"), [
    ("Attendance: 23 (12 government officials, 9 civil society representatives and 2 others).",
     {"attendees_total": "23", "attendees_government": "12", "attendees_civil_society": "9",
      "attendees_other": "2"}),
    ("In attendance were 23 people: 13 from government and 10 from civil society organisations.",
     {"attendees_total": "23", "attendees_government": "13", "attendees_civil_society": "10"}),
    ("Participants came from eight government departments and five civil society organisations.",
     {}),
    ("The forum was attended by 15 representatives of government and 11 of civil society.",
     {"attendees_government": "15", "attendees_civil_society": "11"}),
])
def test_count_phrasings(commitments, sentence, expected):
    r = _row(f"Forum meeting | 5 May 2022\n{sentence}\n", commitments, member=UK).row
    assert {k: v for k, v in r.items() if k.startswith(("attendees", "apologies")) and v} == expected


# 27. Another member's first forum meeting, as minutes: "Members present:" with
#     "Name (Organisation)" entries, a separate apologies line, the date with a time and a place,
#     and the member named in the text (no --member).
NOTE_FIRST_FORUM = """Open Government Forum
Minutes of the first meeting
Wednesday, 6 March 2019, 10.00 - 12.30, Government Buildings, Dublin
Chair: Ann Oak (Department of Public Expenditure and Reform)
Members present: Bo Ash (Department of Public Expenditure and Reform), Cy Elm (Transparency International Ireland), Di Fir (Department of Justice), Ed Yew (Community Platform)
Apologies: Flo Gum (Irish Council for Civil Liberties)
The forum met for the first time to discuss the development of Ireland's next National Action Plan. Ireland's officials set out the timeline for co-creation.
"""


def test_another_members_first_forum_meeting_as_minutes(commitments):
    e = _row(NOTE_FIRST_FORUM, commitments)
    r = e.row
    assert r["member"] == "ireland" and r["date"] == "2019-03-06"
    assert r["title"] == "Open Government Forum" and r["kind"] == "forum"
    entries = [parse_organisation_entry(x) for x in split_list(r["organisations"])]
    assert [role for _, _, role in entries] == ["chair", "attendee", "attendee", "attendee",
                                                "attendee", "apology"]
    # No Irish organisation is in the gazetteer: each is reported, none is given a sector.
    assert {sector for _, sector, _ in entries} == {"?"}
    assert len([p for p in e.problems if "unknown organisation" in p]) == 5  # 5 organisations
    assert r["attendees_total"] == ""  # a list, never a count


# 28. Lists under headings that state the sector ("Government members", "Civil society
#     members"): the record's own statement gives the sector of an organisation the gazetteer
#     lacks (still reported), never a guess from its name.
NOTE_SECTOR_HEADINGS = """Multi-stakeholder Forum meeting
12 September 2019
Government members:
Ann Ash, Treasury Board Secretariat
Ben Bay, Privy Council Office
Civil society members:
Cat Cole, Open North
Dan Dew, Centre for Law and Democracy
Eve Eld
The forum discussed the implementation of Canada's fourth National Action Plan.
"""


def test_sector_headings_state_the_sector_of_the_people_under_them(commitments):
    e = _row(NOTE_SECTOR_HEADINGS, commitments, member="canada")
    assert _by_sector(e.row) == Counter({"government": 2, "civil society": 3})
    reported = [p for p in e.problems if "unknown organisation" in p]
    assert len(reported) == 4 and all("heading" in p for p in reported)
