"""`ogp-analysis process extract` prints reviewable meeting-records CSV; the build's folder reader finds the user's CSVs."""

from __future__ import annotations

import csv
import io

from ogp_analysis.cli import main
from ogp_analysis.ingest import FOLDER_READERS
from ogp_analysis.meeting_records import COLUMNS
from ogp_analysis.paths import Paths


def test_extract_prints_one_row_per_note(shared, capsys):
    seeds = shared / "seeds"
    rc = main(["process", "extract", str(seeds / "003_c39e66a0c28d231b.txt"),
               str(seeds / "001_5ec30c11cb96fd79.txt")])
    out, err = capsys.readouterr()
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["date"] for r in rows] == ["2024-01-24", "2014-02-26"]
    assert rows[0]["source_url"].startswith("file://")
    assert "check: commitment 'open contracting'" in err and "UK0054" in err


def test_extract_url_sets_source_and_record(shared, capsys):
    url = "http://www.opengovernment.org.uk/25-oct-2012/"
    assert main(["process", "extract", str(shared / "seeds" / "002_46658898510e28b4.txt"),
                 "--url", url]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["source_url"], row["record_url"]) == (url, url)


def test_extract_missing_file_is_one_line_error(capsys):
    assert main(["process", "extract", "no-such-note.txt"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("ogp-analysis process: error: cannot read no-such-note.txt")


def test_the_build_reads_the_users_process_folder(tmp_path):
    paths = Paths.from_root(tmp_path)
    (paths.raw / "process").mkdir(parents=True)
    (paths.raw / "process" / "mine.csv").write_text(
        "meeting_id,member,date,kind,plans,attendees_total,source_url\n"
        "testland-2022-03-01-forum,testland,2022-03-01,forum,2022:co-creation,12,"
        "https://example.org/m\n", encoding="utf-8")
    records = FOLDER_READERS["process"](paths)
    meetings = [r for rec in records for r in rec.parts.get("meetings", [])]
    assert [(m["meeting_id"], m["origin"]) for m in meetings] == [
        ("testland-2022-03-01-forum", "process_records")]
    files = {rec.source["source_url"] for rec in records}
    assert "data/raw/process/mine.csv" in files


def test_extract_without_member_asks_for_it_when_the_record_names_none(tmp_path, capsys):
    note = tmp_path / "note.txt"
    note.write_text("Forum meeting | 5 May 2022\nThe aim was to review NAP5 implementation.\n",
                    encoding="utf-8")
    assert main(["process", "extract", str(note)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("ogp-analysis process: error:") and err[-1].endswith("give --member")
    assert main(["process", "extract", str(note), "--member", "united-kingdom"]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["member"] == "united-kingdom"
