"""Process figures: the standards on inline meetings, counts from lists, shares with both counts, the UK data."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis import analysis as A
from ogp_analysis import schema
from ogp_analysis.analysis import process as P
from ogp_analysis.ingest import FOLDER_READERS, read_bundled
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths

M = "testland"
URL = "https://example.org/minutes/"


def _tables(meetings=(), plans=((2022, 2024), (2013, 2015), (2023, 2025)), attendance=(),
            participants=(), plan_process=()) -> dict[str, pd.DataFrame]:
    """Inline tables: every table empty but the process ones given here.

    meetings: (id, date, cycle, kind, record URL[, posting date]); plans: (cycle, end year[,
    publication date]).
    """
    t = {name: schema.empty(name) for name in TABLES}
    prov = {"source_type": "meeting_record", "origin": "process_records", "retrieved_at": None,
            "source_note": None}
    rows, mplans = [], []
    for mid, date, cycle, kind, url, *posted in meetings:  # posted: the record's posting date
        rows.append({"meeting_id": mid, "member": M, "meeting_date": date,
                     "meeting_date_precision": {10: "day", 7: "month", 4: "year"}.get(len(date or "")),
                     "meeting_kind": kind, "record_url": url, "source_url": url,
                     "record_published_date": posted[0] if posted else None, **prov})
        mplans.append({"meeting_id": mid, "member": M, "cycle": cycle, "phase": "implementation",
                       "source_url": url, **prov})
    t["meetings"] = schema.validate(pd.DataFrame(rows).reindex(columns=TABLES["meetings"].fields), "meetings")
    t["meeting_plans"] = schema.validate(pd.DataFrame(mplans).reindex(
        columns=TABLES["meeting_plans"].fields), "meeting_plans")
    t["action_plans"] = schema.validate(pd.DataFrame(
        [{"action_plan_id": f"{M}-{c}", "member": M, "cycle": c, "end_year": e,
          "published": published[0] if published else None} for c, e, *published in plans]
    ).reindex(columns=TABLES["action_plans"].fields), "action_plans")
    for name, given in (("meeting_attendance", attendance), ("meeting_participants", participants),
                        ("plan_process", plan_process)):
        t[name] = schema.validate(pd.DataFrame([{**prov, **g} for g in given]).reindex(
            columns=TABLES[name].fields), name)
    return t


def _status(frame, cycle, requirement):
    row = frame[(frame["cycle"] == cycle) & (frame["field"] == requirement)]
    assert len(row) == 1, (cycle, requirement)
    return row.iloc[0]


def test_eight_months_between_two_recorded_meetings_is_no_evidence_never_not_met_with_the_gap_named():
    # Missing is never a finding: a meeting the data lacks may fall between the two records.
    t = _tables([("f-2022-01", "2022-01-20", 2022, "forum", URL + "1"),
                 ("f-2022-09", "2022-09-15", 2022, "forum", URL + "2")])
    row = _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")
    assert row["label"] == "no evidence in the data"
    assert "2022-01-20 to 2022-09-15 (8 months)" in row["shows"]
    assert set(row["meeting_ids"]) == {"f-2022-01", "f-2022-09"}
    assert row["source_urls"] == [URL + "1", URL + "2"]


def test_a_running_plan_is_judged_up_to_as_of():
    dates = ["2022-01-10", "2022-06-10", "2022-12-01"]
    t = _tables(_regular(dates))
    # No record from December 2022 to the plan's end: no evidence in the data (never "not met").
    assert _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")["label"] == \
        "no evidence in the data"
    assert _status(P.standards(t, M, 2022, as_of="2023-03-01"), 2022,
                   "forum_every_six_months")["label"] == "met"


def test_a_plan_with_no_meeting_records_is_no_evidence_never_not_met():
    s = P.standards(_tables(), M, 2023)
    assert set(s["label"]) == {"no evidence in the data"}
    assert len(s) == len(R.STANDARD_REQUIREMENTS)


def test_a_2013_plan_is_not_in_force_and_one_meeting_is_no_evidence_of_cadence():
    t = _tables([("f-2013", "2013-03-01", 2013, "forum", URL)])
    row = _status(P.standards(t, M, 2013), 2013, "forum_every_six_months")
    assert row["label"] == "not in force"
    assert row["shows"].startswith("one dated forum meeting of the plan in the data: no evidence")


def test_cadence_of_a_plan_before_2022_is_shown_as_information():
    t = _tables([(f"f-{d}", d, 2016, "forum", URL) for d in ("2016-07-01", "2016-09-15",
                                                               "2017-11-30")])
    row = _status(P.standards(t, M, 2016), 2016, "forum_every_six_months")
    assert row["label"].startswith("not in force")
    assert "longest gap between consecutive forum meetings in the data: 14 months " \
        "(2016-09-15 to 2017-11-30; 3 meetings)" in row["shows"]


def test_one_forum_meeting_of_a_plan_in_force_is_no_evidence_never_met():
    t = _tables([("f-2022", "2022-06-01", 2022, "forum", URL)])
    row = _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")
    assert row["label"] == "no evidence in the data"
    assert "it takes two meetings" in row["shows"]


def test_uk_standards_state_the_cadence_from_the_real_dates(uk):
    s21 = P.standards(uk, "united-kingdom", 2021).set_index("field")
    assert "24 months (2021-04-27 to 2023-04-27; 3 meetings)" in s21.loc["forum_every_six_months",
                                                                           "shows"]
    # The 2021 plan is held to the standards (published 31 January 2022, judged in the Action
    # Plan Review's wording): a two-year stretch with no forum meeting in the data is no evidence.
    assert s21.loc["forum_every_six_months", "label"] == "no evidence in the data"
    s23 = P.standards(uk, "united-kingdom", 2023).set_index("field")
    assert "9 months (2023-04-27 to 2024-01-24; 2 meetings)" in s23.loc["forum_every_six_months",
                                                                          "shows"]
    s19 = P.standards(uk, "united-kingdom", 2019).set_index("field")
    assert "one dated forum meeting" in s19.loc["forum_every_six_months", "shows"]


def _regular(dates, url=URL):
    return [(f"f-{d}", d, 2022, "forum", url if url else None) for d in dates]


def test_regular_forum_meetings_with_sources_meet_the_rule():
    dates = ["2022-01-10", "2022-06-10", "2022-12-01", "2023-05-20", "2023-11-01", "2024-04-15",
             "2024-09-30"]
    t = _tables(_regular(dates))
    row = _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")
    assert row["label"] == "met" and row["source_urls"]
    # The same meetings with no source for their records: never "met".
    t = _tables(_regular(dates, url=None))
    assert _status(P.standards(t, M, 2022), 2022, "forum_every_six_months")["label"] == "cannot tell"


def test_month_precision_gap_that_could_be_either_side_is_cannot_tell():
    dates = ["2022-01-05", "2022-07", "2022-12-20", "2023-06-01", "2023-11-15", "2024-05-01",
             "2024-10-30"]
    row = _status(P.standards(_tables(_regular(dates)), M, 2022), 2022, "forum_every_six_months")
    assert row["label"] == "cannot tell"
    assert "2022-01-05 to 2022-07" in row["shows"]


def test_forum_exists_from_stated_counts_and_the_irm_finding_wins():
    att = [{"meeting_id": "f-2022-01", "sector": "government", "attendees": 5, "source_url": URL},
           {"meeting_id": "f-2022-01", "sector": "civil_society", "attendees": 4, "source_url": URL}]
    t = _tables([("f-2022-01", "2022-01-20", 2022, "forum", URL)], attendance=att)
    met = _status(P.standards(t, M, 2022), 2022, "forum_exists")
    assert (met["label"], met["value"], met["kind"]) == ("met", 1, "value")
    irm = [{"action_plan_id": f"{M}-2022", "member": M, "cycle": 2022, "assessor": "irm",
            "process_indicator": "multistakeholder_forum", "value_printed": "No", "value": "No",
            "scale": "yes_no", "report_title": "Design report", "source_type": "irm_report",
            "source_url": "https://example.org/irm"}]
    t = _tables([("f-2022-01", "2022-01-20", 2022, "forum", URL)], attendance=att, plan_process=irm)
    row = _status(P.standards(t, M, 2022), 2022, "forum_exists")
    assert row["label"] == "not met" and "https://example.org/irm" in row["source_urls"]
    assert (row["value"], row["kind"]) == (0, "value")


def test_records_published_is_never_not_met_from_a_missing_url():
    t = _tables([("m1", "2022-01-20", 2022, "forum", None), ("m2", "2022-03-20", 2022, "forum", URL)])
    row = _status(P.standards(t, M, 2022), 2022, "records_published")
    assert row["label"] == "cannot tell" and "1 of 2" in row["shows"]
    f = P.published_records(t, M, 2022).set_index("field")
    share = f.loc["share_with_published_record"]
    assert (share["share"], share["value"], share["numerator"], share["denominator"]) == (0.5, 1, 1, 2)
    assert "not of all meetings held" in share["basis"]


@pytest.fixture(scope="module")
def uk():
    p = Paths.default()
    return build_tables(read_bundled(p.bundled) + FOLDER_READERS["process"](p))[0]


def test_the_2012_note_counts_eight_from_its_list(uk):
    counts, basis = P.meeting_attendance_counts(uk, "united-kingdom-2012-10-25-bilateral")
    assert counts == {"civil_society": 6, "government": 2, "total": 8}
    assert basis == "counted from the record's list of 8 people"
    # Nothing was stored as a count: the table holds only what the note states (its chair).
    att = uk["meeting_attendance"]
    stored = att[att["meeting_id"] == "united-kingdom-2012-10-25-bilateral"]
    assert stored["attendees"].isna().all() and stored["apologies"].isna().all()
    assert stored.set_index("sector")["chairs"].to_dict() == {"civil_society": 1}


def test_summing_the_attendance_table_by_sector_gives_attendees_only(uk):
    att = uk["meeting_attendance"]
    read_out = att[att["meeting_id"] == "united-kingdom-2024-01-24-forum"]
    # The read-out states 25 government and 19 civil society attendees, 8 and 2 apologies, and
    # 2 and 1 chairs: a sum by sector is the attendance, not 35 government.
    summed = read_out.groupby("sector", observed=True).sum(numeric_only=True)
    assert summed["attendees"].to_dict() == {"civil_society": 19, "government": 25}
    assert summed["apologies"].to_dict() == {"civil_society": 2, "government": 8}
    assert summed["chairs"].to_dict() == {"civil_society": 1, "government": 2}
    # The stated total lives with the meeting, never as a row to be added to the sectors.
    m = uk["meetings"].set_index("meeting_id").loc["united-kingdom-2024-01-24-forum"]
    assert (m["attendees_total"], m["apologies_total"]) == (44, 10)
    assert att["sector"].notna().all()


def test_civil_society_share_over_time_has_both_counts(uk):
    f = A.figure("process-attendance", uk, member="united-kingdom")
    shares = f[f["field"] == "civil_society_share"].set_index("meeting_date")
    assert (shares.loc["2024-01-24", "numerator"], shares.loc["2024-01-24", "denominator"]) == (19, 44)
    assert shares.loc["2024-01-24", "count_basis"] == "as the record states"
    assert (shares.loc["2012-10-25", "numerator"], shares.loc["2012-10-25", "denominator"]) == (6, 8)
    # The UK's 2016-2023 meetings: stated counts, or the people a record lists (two with no
    # organisation stated count in the denominator, in no sector).
    assert (shares.loc["2023-04-27", "numerator"], shares.loc["2023-04-27", "denominator"]) == (14, 32)
    assert (shares.loc["2016-11-10", "numerator"], shares.loc["2016-11-10", "denominator"]) == (15, 21)
    assert shares.loc["2016-11-10", "count_basis"] == "counted from the record's list of 21 people"
    assert list(shares.index) == ["2012-10-25", "2016-11-10", "2017-11-30", "2018-04-09",
                                  "2018-06-11", "2018-09-05", "2023-04-27", "2024-01-24"]


def test_uk_2019_process_judgements_in_figures_with_sources(uk):
    f = A.figure("process-judgements", uk, member="united-kingdom", cycle=2019).set_index("field")
    assert f.loc["multistakeholder_forum", "label"] == "No"
    assert f.loc["level_of_public_influence", "label"] == "Consult"
    assert f.loc["acted_contrary_to_process", "label"] == "Yes"
    assert all(f["source_urls"].map(lambda u: u == [
        "https://www.opengovpartnership.org/documents/united-kingdom-design-report-2019-2021/"]))
    row = P.process_row(uk, "united-kingdom").set_index("cycle").loc[2019]
    assert (row["multistakeholder_forum"], row["level_of_public_influence"],
            row["acted_contrary_to_process"]) == ("No", "Consult", "Yes")


def test_meetings_per_phase_carry_meeting_and_commitment_ids(uk):
    f = A.figure("process-meetings", uk, member="united-kingdom", cycle=2013).set_index("field")
    assert f.loc["phase:implementation", "meeting_ids"] == ["united-kingdom-2014-02-26-bilateral"]
    assert set(f.loc["phase:implementation", "commitment_ids"]) == {
        "UK0047", "UK0048", "UK0050", "UK0053", "UK0057"}
    assert f.loc["meetings", "value"] == len(f.loc["meetings", "meeting_ids"])


def test_per_plan_meeting_counts_say_when_a_meeting_served_several_plans(uk):
    f21 = A.figure("process-meetings", uk, member="united-kingdom", cycle=2021).set_index("field")
    f23 = A.figure("process-meetings", uk, member="united-kingdom", cycle=2023).set_index("field")
    both = ["united-kingdom-2023-04-27-forum", "united-kingdom-2024-01-24-forum"]
    assert f21.loc["shared_with_other_plans", "meeting_ids"] == both
    assert f23.loc["shared_with_other_plans", "meeting_ids"] == both
    assert "2 of them also served the 2023 plan" in f21.loc["meetings", "basis"]
    assert "also served the 2021 plan" in f23.loc["meetings", "basis"]
    # The timeline names the other plan a meeting served.
    t23 = P.meeting_timeline(uk, "united-kingdom", 2023).set_index("meeting_id")
    assert t23.loc["united-kingdom-2023-04-27-forum", "Phases"] == "co-creation (also the 2021 plan)"
    assert t23.loc["united-kingdom-2023-04-27-forum", "Also served"] == "the 2021 plan's implementation"
    f16 = A.figure("process-meetings", uk, member="united-kingdom", cycle=2016).set_index("field")
    assert f16.loc["shared_with_other_plans", "value"] == 0


def test_process_figures_work_on_tables_without_process_rows():
    t = {name: schema.empty(name) for name in TABLES}
    for name in ("process-meetings", "process-attendance", "process-records",
                 "process-judgements", "process-standards"):
        f = A.figure(name, t, member=M)
        assert f.empty and {"meeting_ids", "source_urls", "commitment_ids"} <= set(f.columns)


def test_report_frames_for_the_self_assessment_process_section(uk):
    s = P.process_section(uk, "united-kingdom", 2013)
    co = s["co_creation"].set_index("meeting_id")
    assert co.loc["united-kingdom-2013-public-consultation", "Date"] == "dates not stated (12 week)"
    assert co.loc["united-kingdom-2012-10-25-bilateral", "Attendance"] == (
        "8 (2 government, 6 civil society), counted from the list")
    assert list(co.index)[-1] == "united-kingdom-2013-public-consultation"  # undated last
    assert list(s["implementation"]["meeting_id"]) == ["united-kingdom-2014-02-26-bilateral"]
    assert "not met" not in set(s["standards"]["Status"])  # 2013: nothing in the data says so
    later = P.process_section(uk, "united-kingdom", 2023)
    assert later["co_creation"]["Attendance"].tolist() == [
        "32 (18 government, 14 civil society)", "44 (25 government, 19 civil society)"]
    assert "_" not in "".join(later["standards"]["Requirement"])  # reader language


def test_cross_cycle_process_row(uk):
    row = P.cross_cycle_process(uk, "united-kingdom").set_index("Plan").loc[2019]
    assert (row["Multi-stakeholder forum"], row["Level of public influence (IAP2)"],
            row["Acted contrary to OGP process"]) == ("No", "Consult", "Yes")
    assert row["Acted according to OGP process"] == "not in the data"
    both = P.cross_cycle_process(uk, "united-kingdom").set_index("Plan")
    assert (both.loc[2021, "Meetings in the data"], both.loc[2021, "Of which also served another plan"]) == (3, 2)
    assert both.loc[2016, "Of which also served another plan"] == 0
    assert "united-kingdom-design-report-2019-2021" in row["Sources"]


def test_process_charts_are_titled_and_captioned_and_say_no_data(uk):
    import matplotlib

    matplotlib.use("Agg")
    from ogp_analysis import plots

    fig = plots.plot_attendance(P.attendance(uk, "united-kingdom"))
    ax = fig.axes[0]
    assert ax.get_title().startswith("Attendance by sector")
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "2012-10-25"
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "2024-01-24"
    assert any("civil society 19 of 44" in t.get_text() for t in ax.texts)
    def caption(f):
        return " ".join(" ".join(t.get_text().split()) for t in f.texts)

    assert "counted from the record's list" in caption(fig)
    timeline = plots.plot_meeting_timeline(P.meeting_timeline(uk, "united-kingdom", 2013))
    assert "not drawn (no date): Public consultation" in caption(timeline)
    empty = plots.plot_attendance(P.attendance(uk, "new-zealand"))
    assert "no attendance" in empty.axes[0].texts[0].get_text()


def test_every_standard_of_a_plan_before_2022_is_not_in_force():
    t = _tables([("f-2013", "2013-03-01", 2013, "forum", URL)])
    s = P.standards(t, M, 2013)
    assert set(s["label"]) == {"not in force"}
    assert all(s["shows"])  # what the data shows is still said
