"""Progress files: the wide milestone tracker and the long update CSV become progress_updates rows."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.ingest.progress import (
    file_source,
    parse_progress_updates,
    parse_tracker,
    plan_lookups,
    read_progress_file,
    read_progress_folder,
    read_progress_status,
)
from ogp_analysis.paths import Paths
from ogp_analysis.schema import validate

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tests" / "data" / "united-kingdom-2013-milestones.csv"
EXAMPLES = ROOT / "docs" / "examples"


@pytest.fixture(scope="module")
def plans():
    com = pd.read_csv(Paths.default().bundled / "commitments.csv", keep_default_na=False)
    return plan_lookups(com)


@pytest.fixture(scope="module")
def tracker(plans):
    rec = read_progress_file(TRACKER, plans=plans, root=ROOT)
    return pd.DataFrame(rec.parts["progress_updates"]), pd.DataFrame(rec.parts["data_quality"])


def _src(url="mem.csv", source_type="milestone_tracker"):
    return {"source_id": "x", "source_type": source_type, "origin": "progress",
            "source_url": url, "retrieved_at": None, "sha256": None, "raw_path": None,
            "source_note": None}


def test_each_tracker_cell_becomes_one_valid_row(tracker):
    rows, _ = tracker
    assert len(rows) == 15 * 5
    assert rows.groupby(["commitment_id", "milestone_ref"]).size().eq(5).all()
    assert rows.groupby(["commitment_id", "milestone_ref"]).ngroups == 15
    assert set(rows["as_of_date"]) == {"2014-04-30", "2014-09-30", "2015-01-31", "2015-06-30",
                                       "2015-12-31"}
    assert set(rows["as_of_date_precision"]) == {"day"}
    assert set(rows["assessor"]) == {"government"}
    assert set(rows["source_type"]) == {"milestone_tracker"}
    assert set(rows["source_url"]) == {"tests/data/united-kingdom-2013-milestones.csv"}
    validate(rows, "progress_updates")


def test_commitments_by_number_and_title_map_to_ids(tracker):
    rows, _ = tracker
    by_ref = rows.drop_duplicates("milestone_ref").set_index("milestone_ref")["commitment_id"]
    # 1 -> UK0042, 6 -> UK0047, 7 -> UK0048, 9 -> UK0050 (n-th of the 2013 plan); by title: UK0053.
    assert by_ref[["1.01", "6.01", "7.01", "9.01", "12.01"]].tolist() == [
        "UK0042", "UK0047", "UK0048", "UK0050", "UK0053"]


def test_continuation_rows_take_the_commitment_above_reported_once(tracker):
    rows, dq = tracker
    assert set(rows.loc[rows["milestone_ref"].isin(["1.02", "1.03"]), "commitment_id"]) == {"UK0042"}
    cont = dq[dq["problem"] == "continuation_row"]
    assert len(cont) == 1 and "lines 3, 4" in cont["detail"].iloc[0]


def test_blank_cell_is_typed_missing(tracker):
    rows, _ = tracker
    blank = rows[rows["progress_status_kind"] == "missing"]
    assert len(blank) == 1
    r = blank.iloc[0]
    assert (r["commitment_id"], r["milestone_ref"], r["as_of_date"]) == ("UK0047", "6.03", "2014-09-30")
    assert r["missing_reason"] == "blank_cell" and pd.isna(r["progress_status"])


def test_every_status_reads_on_the_progress_scale_with_aliases_and_off_scale(tracker):
    rows, _ = tracker
    read = rows.drop_duplicates("progress_status_printed").set_index("progress_status_printed")
    assert read.loc["Delayed", "progress_status"] == "Behind schedule"
    assert read.loc["Complete", "progress_status"] == "Completed"
    assert read.loc["Completed", "progress_status_rank"] == 4  # after Ahead of schedule
    assert read.loc["On track", "progress_status_rank"] == 2
    assert read.loc["Not started", "progress_status_rank"] == 0
    for off in ("In progress", "Withdrawn", "Closed"):
        assert read.loc[off, "progress_status"] == off
        assert read.loc[off, "progress_status_kind"] == "off_scale"
        assert pd.isna(read.loc[off, "progress_status_rank"])


def test_closed_is_never_completed():
    r = read_progress_status("Closed", "milestone_tracker")
    assert r["progress_status"] == "Closed" and r["progress_status_rank"] is None


def test_unknown_status_is_kept_as_printed_and_reported(tracker):
    rows, dq = tracker
    paused = rows[rows["progress_status_printed"] == "Paused"]
    assert len(paused) == 1 and paused["progress_status_kind"].iloc[0] == "unknown"
    assert paused["progress_status"].isna().all()
    bad = dq[dq["problem"] == "unknown_value"]
    assert len(bad) == 1
    assert bad["value_printed"].iloc[0] == "Paused" and bad["commitment_id"].iloc[0] == "UK0053"
    assert "12.02" in bad["source_note"].iloc[0]


def test_unmatched_commitment_is_reported_not_attached(plans):
    text = ("Commitment,Milestone reference,Milestone,30/4/2014\n"
            "Open Budgets,1.10,Publish a budget,On track\n"
            "22,22.01,No such commitment,Completed\n"
            "2,2.01,Publish the NHS data,Completed\n")
    rec = parse_tracker(text, source=_src(), plan=plans[("united-kingdom", 2013)])
    rows = pd.DataFrame(rec.parts["progress_updates"])
    assert rows["commitment_id"].tolist() == ["UK0043"]
    dq = pd.DataFrame(rec.parts["data_quality"])
    assert sorted(dq.loc[dq["problem"] == "unmatched_commitment", "value_printed"]) == [
        "22", "Open Budgets"]


def test_milestone_reference_stays_a_string(plans):
    text = "Commitment,Milestone reference,Milestone,2015-12-31\n1,1.10,Tenth milestone,Completed\n"
    rec = parse_tracker(text, source=_src(), plan=plans[("united-kingdom", 2013)])
    assert rec.parts["progress_updates"][0]["milestone_ref"] == "1.10"


def test_unreadable_date_header_is_reported(plans):
    text = "Commitment,Milestone reference,Milestone,Q3 2014,31/1/2015\n1,1.01,M,On track,Completed\n"
    rec = parse_tracker(text, source=_src(), plan=plans[("united-kingdom", 2013)])
    assert [r["as_of_date"] for r in rec.parts["progress_updates"]] == ["2015-01-31"]
    assert [q["problem"] for q in rec.parts["data_quality"]] == ["unreadable_date"]


def test_a_file_that_is_not_a_tracker_names_what_is_expected(plans):
    with pytest.raises(OGPAnalysisError, match="must start Commitment, Milestone reference, Milestone"):
        parse_tracker("ID,Ref,Text,30/4/2014\n", source=_src(), plan=plans[("united-kingdom", 2013)])


def test_long_update_file_reads_the_documented_example():
    rec = read_progress_file(EXAMPLES / "progress-updates.csv", plans={}, root=ROOT)
    rows = pd.DataFrame(rec.parts["progress_updates"])
    validate(rows, "progress_updates")
    note = rows[rows["commitment_id"] == "UK0047"].iloc[0]
    assert note["source_type"] == "civil_society_document" and note["as_of_date"] == "2014-02-26"
    assert note["progress_status_kind"] == "narrative" and pd.isna(note["progress_status"])
    assert note["progress_status_printed"] == "progressing well"
    assert note["source_url"] == "https://example.org/meeting-note-2014-02-26"
    cs = rows[rows["commitment_id"] == "UK0053"].iloc[0]
    assert (cs["assessor"], cs["milestone_ref"], cs["progress_status"]) == (
        "civil_society", "12.01", "Behind schedule")
    assert cs["source_type"] == "progress_update_file"
    assert rec.parts["data_quality"] == []


def test_documented_tracker_example_reads(plans):
    rec = read_progress_file(EXAMPLES / "united-kingdom-2013-milestones.csv", plans=plans, root=ROOT)
    rows = pd.DataFrame(rec.parts["progress_updates"])
    assert len(rows) == 9
    validate(rows, "progress_updates")


@pytest.mark.parametrize("line, problem", [
    pytest.param("UK47,,,2014-02-26,joint,On track", "invalid_commitment_id", id="bad-id"),
    pytest.param("UK0047,,,2014-02-26,minister,On track", "unknown_assessor", id="bad-assessor"),
])
def test_long_file_row_that_cannot_be_keyed_is_reported(line, problem):
    text = ("commitment_id,milestone_ref,milestone_text,as_of_date,assessor,progress_status_printed\n"
            + line + "\nUK0048,,,2014-02-26,government,On track\n")
    rec = parse_progress_updates(text, source=_src(source_type="progress_update_file"))
    assert [r["commitment_id"] for r in rec.parts["progress_updates"]] == ["UK0048"]
    assert [q["problem"] for q in rec.parts["data_quality"]] == [problem]


def test_long_file_bad_date_keeps_the_update_undated():
    text = ("commitment_id,as_of_date,assessor,progress_status_printed\n"
            "UK0048,sometime,government,Delayed\n")
    rec = parse_progress_updates(text, source=_src(source_type="progress_update_file"))
    row = rec.parts["progress_updates"][0]
    assert row["as_of_date"] is None and row["progress_status"] == "Behind schedule"
    assert [q["problem"] for q in rec.parts["data_quality"]] == ["unreadable_date"]


def test_unreadable_file_in_the_folder_is_a_data_quality_row_not_a_failed_build(tmp_path, plans):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    (tmp_path / "united-kingdom-2013-ok.csv").write_text(TRACKER.read_text())
    out = read_progress_folder(tmp_path, plans=plans)
    assert len(out) == 2
    bad = [q for r in out for q in r.parts["data_quality"] if q["problem"] == "unreadable_file"]
    assert len(bad) == 1 and "not a progress format the toolkit knows" in bad[0]["detail"]
    assert sum(len(r.parts.get("progress_updates", [])) for r in out) == 75


def test_file_source_names_the_file_relative_to_the_root():
    src = file_source(TRACKER, "milestone_tracker", "progress", ROOT)
    assert src["source_url"] == "tests/data/united-kingdom-2013-milestones.csv"
    assert len(src["sha256"]) == 64 and src["retrieved_at"] is None


def test_a_tracker_in_the_progress_folder_is_read_by_the_build(tmp_path, monkeypatch, capsys):
    import shutil

    from ogp_analysis.cli import main as cli_main

    shutil.copytree(Paths.default().bundled, tmp_path / "data" / "raw" / "bundled")
    (tmp_path / "data" / "raw" / "progress").mkdir(parents=True)
    shutil.copy(TRACKER, tmp_path / "data" / "raw" / "progress" / TRACKER.name)
    monkeypatch.setenv("OGP_ANALYSIS_HOME", str(tmp_path))
    assert cli_main(["build"]) == 0
    capsys.readouterr()
    assert cli_main(["figures", "milestone-completion", "--member", "united-kingdom",
                     "--cycle", "2013", "--format", "json"]) == 0
    got = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert got["field"].tolist() == ["2014-04-30", "2014-09-30", "2015-01-31", "2015-06-30",
                                     "2015-12-31"]
    assert got["completed"].tolist() == [2, 4, 4, 7, 10]
    assert got["with_status"].tolist() == [15, 14, 15, 15, 15]
