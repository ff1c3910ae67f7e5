"""The progress timeline view, milestone shares (checked by hand), dating rule, time to complete, charts."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ogp_analysis import plots  # noqa: E402
from ogp_analysis.analysis import progress as P  # noqa: E402
from ogp_analysis.ingest import read_bundled  # noqa: E402
from ogp_analysis.ingest.progress import plan_lookups, read_bundled_progress, read_progress_file  # noqa: E402
from ogp_analysis.normalise import build_tables  # noqa: E402
from ogp_analysis.paths import Paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tests" / "data" / "united-kingdom-2013-milestones.csv"


@pytest.fixture(scope="module")
def tables():
    bundled = Paths.default().bundled
    com = pd.read_csv(bundled / "commitments.csv", keep_default_na=False)
    records = [*read_bundled(bundled), *read_bundled_progress(bundled, root=ROOT),
               read_progress_file(TRACKER, plans=plan_lookups(com), root=ROOT)]
    return build_tables(records)[0]


def test_share_of_milestones_completed_matches_a_hand_count(tables):
    f = P.milestone_completion(tables, "united-kingdom", 2013).set_index("field")
    # Counted by hand from tests/data/united-kingdom-2013-milestones.csv: Completed (or its
    # alias Complete) over the milestones with a status that day; 6.03 is blank on 30/9/2014;
    # Closed (7.03), Withdrawn, In progress and the unknown 'Paused' are statuses, not completed.
    hand = {"2014-04-30": (2, 15), "2014-09-30": (4, 14), "2015-01-31": (4, 15),
            "2015-06-30": (7, 15), "2015-12-31": (10, 15)}
    assert list(f.index) == list(hand)
    for date, (k, n) in hand.items():
        assert (f.loc[date, "completed"], f.loc[date, "with_status"]) == (k, n)
        assert (f.loc[date, "value"], f.loc[date, "numerator"], f.loc[date, "denominator"]) == (k, k, n)
        assert f.loc[date, "share"] == pytest.approx(k / n)
    assert f.loc["2014-09-30", "without_status"] == 1
    assert set(f["assessor"]) == {"government"}  # the note's whole-commitment updates are not milestones


def test_on_track_and_closed_never_count_as_completed():
    pu = pd.DataFrame([
        {"commitment_id": "UK0042", "milestone_ref": r, "milestone_text": None,
         "as_of_date": "2014-04-30", "as_of_date_precision": "day", "assessor": "government",
         "progress_status_printed": s, "progress_status": s, "progress_status_rank": rank,
         "progress_status_kind": kind, "missing_reason": None, "source_type": "milestone_tracker",
         "origin": "progress", "source_url": "t.csv", "retrieved_at": None, "source_note": r}
        for r, s, rank, kind in [("1.01", "On track", 2, "scale"), ("1.02", "Closed", None, "off_scale"),
                                 ("1.03", "Completed", 3, "scale")]])
    com = pd.DataFrame({"commitment_id": ["UK0042"], "member": ["united-kingdom"], "cycle": [2013],
                        "title": ["NII"], "irm_reports": [None], "start_date": [None],
                        "start_date_precision": [None]})
    t = {"commitments": com, "progress_updates": pu, "action_plans": None,
         "assessments": pd.DataFrame(columns=["indicator"])}
    line = P.timeline(t)
    assert line.loc[line["value"] == "On track", "scale"].tolist() == ["progress"]
    assert "Complete" not in set(line["value"])  # progress statuses are never completion levels
    assert P.time_to_complete(t, "united-kingdom")["completed_date"].tolist() == ["2014-04-30"]


@pytest.mark.parametrize("stage, plan_end, published, want", [
    pytest.param("end_of_term", ("2015", "year"), {"end_of_term": "2016"}, ("2015", "year", "period_end"),
                 id="end-of-term-reviews-the-whole-plan"),
    pytest.param("self_assessment", ("2015-06-30", "day"), {}, ("2015-06-30", "day", "period_end"),
                 id="self-assessment-plan-end"),
    pytest.param("midterm", ("2015", "year"), {"midterm": "2015"}, ("2015", "year", "publication_year"),
                 id="midterm-publication-year"),
    pytest.param("end_of_term", None, {"end_of_term": "2016"}, ("2016", "year", "publication_year"),
                 id="no-plan-end-publication-year"),
    pytest.param("latest", ("2015", "year"), {}, (None, None, "undated"), id="latest-undated"),
])
def test_assessments_are_dated_by_the_declared_rule(stage, plan_end, published, want):
    assert P.date_assessment(stage, plan_end, published) == want


def test_publication_years_read_from_the_release_columns_as_printed():
    text = "Report Publication Year (Progress Report): 2015; Report Publication Year (End Of Term): 2016"
    assert P.publication_years(text) == {"midterm": "2015", "end_of_term": "2016"}
    assert P.publication_years("United Kingdom End-of-Term Report 2013-2015") == {}


def test_timeline_is_one_view_of_both_tables_not_a_copy(tables):
    line = P.timeline(tables, member="united-kingdom", cycle=2013)
    ids = set(tables["commitments"].query("cycle == 2013")["commitment_id"])
    pu = tables["progress_updates"]
    a = tables["assessments"]
    assert (line["entry"] == "progress_update").sum() == pu["commitment_id"].isin(ids).sum()
    assert (line["entry"] == "assessment").sum() == (
        a["commitment_id"].isin(ids) & (a["indicator"] == "completion")).sum()
    gov = line[(line["assessor"] == "government") & (line["entry"] == "assessment")]
    assert set(gov["date"]) == {"2015"} and set(gov["date_basis"]) == {"period_end"}
    assert line.loc[line["date"].isna(), "date_basis"].eq("undated").all()
    note = line[(line["commitment_id"] == "UK0047") & (line["source_type"] == "civil_society_document")]
    assert note["date"].tolist() == ["2014-02-26"] and note["assessor"].tolist() == ["joint"]


def test_latest_update_is_the_last_dated_one_with_its_source(tables):
    last = P.latest_update(tables, "UK0048")
    assert last["date"] == "2015-12-31" and last["source_type"] == "milestone_tracker"
    assert P.latest_update(tables, "UK0057")["source_type"] == "civil_society_document"
    assert P.latest_update(tables, "UK0001") is None


def test_time_to_complete_says_the_bundled_dates_do_not_allow_it(tables):
    frame = P.time_to_complete(tables, "united-kingdom", [2013])
    assert len(frame) == 21 and frame["days"].isna().all()
    assert P.time_to_complete_sentence(frame).startswith(
        "How long commitments took to complete cannot be said from this data")


def test_time_to_complete_sentence_with_dates():
    frame = pd.DataFrame({"commitment_id": ["A0001", "A0002"], "start_date": ["2014-01", "2014-01"],
                          "completed_date": ["2015-01-01", None], "days": [366, pd.NA]})
    assert P.time_to_complete_sentence(frame) == (
        "Of the 2 commitments, 1 has a start date and a dated completion: it took a median of 12 "
        "months to complete (from 12 to 12); the other 1 lack one of the two dates.")


def test_step_chart_shows_both_counts_and_lists_undated(tables):
    frame = P.milestone_completion(tables, "united-kingdom", 2013)
    undated = P.undated(P.commitment_timeline(tables, "UK0047"))
    fig = plots.plot_milestone_completion(frame, undated)
    ax = fig.axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert {"2/15", "4/14", "4/15", "7/15", "10/15"} <= labels
    caption = " ".join(" ".join(t.get_text() for t in fig.texts).split())  # wrapped lines joined
    assert "undated, not on the time axis" in caption and "UK0047" in caption


def test_commitment_timeline_chart_keeps_undated_off_the_axis(tables):
    frame = P.commitment_timeline(tables, "UK0047")
    fig = plots.plot_commitment_timeline(frame)
    ax = fig.axes[0]
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert "Milestone 6.01 (Government)" in lanes
    assert "Completion (Government self-assessment)" in lanes
    assert not any("latest" in lane for lane in lanes)  # the undated IRM row is in the caption
    caption = " ".join(" ".join(t.get_text() for t in fig.texts).split())  # wrapped lines joined
    assert "progressing well" in caption and "undated, not on the time axis" in caption


def test_charts_with_no_data_say_so():
    empty = pd.DataFrame(columns=list(P.TIMELINE_COLUMNS))
    assert plots.plot_commitment_timeline(empty).axes[0].texts[0].get_text() == \
        "no progress updates or assessments"
    assert "no dated milestone updates" in plots.plot_milestone_completion(
        pd.DataFrame()).axes[0].texts[0].get_text()


@pytest.mark.parametrize("date, precision, want", [
    pytest.param("2014-02-26", "day", "26 February 2014", id="day"),
    pytest.param("2015-06", "month", "June 2015", id="month"),
    pytest.param("2015", "year", "2015", id="year"),
    pytest.param(None, None, "undated", id="undated"),
])
def test_reader_date(date, precision, want):
    assert P.reader_date(date, precision) == want


def test_report_table_and_sentence_for_a_commitment_section(tables):
    table = P.timeline_table(P.commitment_timeline(tables, "UK0047"))
    note = table[table["Source"] == "civil society document"].iloc[0]
    assert (note["Date"], note["Whose"], note["What"]) == (
        "26 February 2014", "Government and civil society", "The whole commitment")
    assert note["Status"] == "\u201cThe anti-corruption commitment is progressing well\u201d"
    gov = table[table["What"] == "Completion (self-assessment)"].iloc[0]
    assert (gov["Date"], gov["Scale"], gov["Dated by"]) == ("2015", "completion scale",
                                                            "end of the period reviewed")
    assert gov["Status"] == "Complete (printed \u201cCompleted\u201d)"
    assert table["Date"].iloc[-1] == "undated"  # undated entries come last
    assert P.latest_update_text(tables, "UK0057").startswith(
        "Latest progress update, 26 February 2014 (Government and civil society, civil society document), on the "
        "commitment:")


def test_progress_section_for_a_report_template(tables):
    got = P.progress_section(tables, "UK0053")
    assert got["has_updates"] and got["latest"] == (
        "Latest progress update, 31 December 2015 (Government, milestone tracker): 2 of 3 milestones "
        "completed (12.01 Completed; 12.02 \u201cPaused\u201d; 12.03 Completed).")
    assert [r["Date"] for r in got["rows"]][:2] == ["26 February 2014", "30 April 2014"]
    assert got["undated"] == sum(r["Date"] == "undated" for r in got["rows"])
    assert not P.progress_section(tables, "UK0001")["has_updates"]
