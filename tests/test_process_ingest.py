"""Reading meeting-records CSVs and plan process facts: counts as stated, problems as data_quality rows."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis import schema
from ogp_analysis.ingest.process_records import (
    plan_attributes,
    read_meeting_records,
    read_plan_facts,
)
from ogp_analysis.meeting_records import COLUMNS, rows_to_csv
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.parse.meeting_notes import extract_meeting
from ogp_analysis.paths import Paths

SEEDS = ("003_c39e66a0c28d231b.txt", "002_46658898510e28b4.txt", "001_5ec30c11cb96fd79.txt")


def tables_of(records) -> dict[str, pd.DataFrame]:
    """Each table's rows from the records, validated against the registry's schema."""
    rows: dict[str, list[dict]] = {}
    for rec in records:
        for part, got in rec.parts.items():
            rows.setdefault(part, []).extend(got)
    names = ("meetings", "meeting_plans", "meeting_attendance", "meeting_participants",
             "meeting_commitments", "plan_process", "data_quality")
    return {name: schema.validate(pd.DataFrame(rows.get(name, []))
                                  .reindex(columns=TABLES[name].fields), name)
            for name in names}


@pytest.fixture(scope="module")
def seed_csv(shared, tmp_path_factory):
    com = pd.read_csv(Paths.default().bundled / "commitments.csv", dtype=str,
                      keep_default_na=False)
    rows = [extract_meeting((shared / "seeds" / n).read_text(encoding="utf-8"),
                            member="united-kingdom", commitments=com,
                            source_url=f"https://example.org/{n}").row for n in SEEDS]
    path = tmp_path_factory.mktemp("process") / "meetings.csv"
    path.write_text(rows_to_csv(rows), encoding="utf-8")
    return path


def test_extracted_seed_rows_read_back_into_the_meeting_tables(seed_csv):
    t = tables_of(read_meeting_records(seed_csv))
    assert len(t["meetings"]) == 3
    att = t["meeting_attendance"]
    read_out = att[att["meeting_id"] == "united-kingdom-2024-01-24-forum"].set_index("sector")
    assert read_out[["attendees", "apologies", "chairs"]].to_dict("index") == {
        "government": {"attendees": 25, "apologies": 8, "chairs": 2},
        "civil_society": {"attendees": 19, "apologies": 2, "chairs": 1}}
    m = t["meetings"].set_index("meeting_id")
    assert (m.loc["united-kingdom-2024-01-24-forum", "attendees_total"],
            m.loc["united-kingdom-2024-01-24-forum", "apologies_total"]) == (44, 10)
    # The 2012 note states no count: its only attendance row is the chair the list marks.
    note = att[att["meeting_id"] == "united-kingdom-2012-10-25-bilateral"]
    assert list(zip(note["sector"], note["attendees"].isna(), note["chairs"],
                    strict=True)) == [("civil_society", True, 1)]
    assert pd.isna(m.loc["united-kingdom-2012-10-25-bilateral", "attendees_total"])
    people = t["meeting_participants"]
    assert len(people[people["meeting_id"] == "united-kingdom-2012-10-25-bilateral"]) == 8
    com = t["meeting_commitments"]
    assert set(com["commitment_id"].dropna()) == {"UK0047", "UK0048", "UK0050", "UK0053", "UK0057"}
    assert set(t["meeting_plans"]["phase"].astype(str)) == {"implementation", "self_assessment",
                                                            "co_creation"}
    assert "Bateman" not in people.to_csv()


BAD = """meeting_id,member,date,date_precision,kind,title,plans,attendees_total,organisations,commitments,source_url,colour
united-kingdom-2022-01-10-forum,united-kingdom,2022-01-10,day,forum,Forum,2021:implementation,about 40,Cabinet Office (government; attendee);Acme (business; attendee);Mystery Org (?; attendee),UK0100 [foi];[open data],https://example.org/a,blue
united-kingdom-2022-13-40-forum,united-kingdom,2022-13-40,,summit,Forum,2021:launch,12,,,https://example.org/b,
Bad ID,united-kingdom,2022-05-01,,forum,,,,,,,
"""


def test_bad_rows_are_data_quality_rows_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(BAD, encoding="utf-8")
    t = tables_of(read_meeting_records(path, label="data/raw/process/mine.csv"))
    dq = t["data_quality"]
    problems = dict(zip(dq["problem"], dq["value_printed"], strict=False))
    assert "unknown_column" in set(dq["problem"]) and "colour" in set(dq["field"])
    assert problems["bad_count"] == "about 40"
    assert problems["bad_date"] == "2022-13-40"
    assert set(dq.loc[dq["problem"] == "unknown_sector", "value_printed"]) == {
        "Acme (business; attendee)", "Mystery Org (?; attendee)"}
    assert "summit" in set(dq.loc[dq["problem"] == "unknown_value", "value_printed"])
    assert "2021:launch" in set(dq["value_printed"])
    assert dq.loc[dq["problem"] == "bad_value", "value_printed"].tolist() == ["Bad ID"]
    assert dq["detail"].str.startswith("data/raw/process/mine.csv").all()
    m = t["meetings"].set_index("meeting_id")
    assert len(m) == 2  # the row with no key is the only one not read
    assert pd.isna(m.loc["united-kingdom-2022-13-40-forum", "meeting_date"])
    assert pd.isna(m.loc["united-kingdom-2022-13-40-forum", "meeting_kind"])
    # Kept: the participants with no known sector, the stated count of the second row.
    people = t["meeting_participants"]
    assert len(people) == 3 and people["sector"].isna().sum() == 2
    assert m["attendees_total"].dropna().tolist() == [12]
    assert t["meeting_commitments"]["topic_printed"].tolist() == ["foi", "open data"]


def test_a_file_without_the_key_columns_is_one_error_row(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("date,title\n2022-01-10,Forum\n", encoding="utf-8")
    t = tables_of(read_meeting_records(path))
    assert t["data_quality"]["problem"].tolist() == ["missing_column"]
    assert t["meetings"].empty


FACTS = """member,cycle,indicator,value,report_title,source_type,source_url,note
united-kingdom,2019,multistakeholder_forum,No,IRM Design Report 2019-2021,irm_report,https://example.org/dr,
united-kingdom,2019,level_of_public_influence,Consult,IRM Design Report 2019-2021,irm_report,https://example.org/dr,
united-kingdom,2016,dates_under_review,July 2016 – June 2017,IRM Mid-Term Report,irm_report,https://example.org/mt,
united-kingdom,2013,published,"31 October 2013 (OGP Annual Summit, London)",National Action Plan 2013-15,action_plan,https://example.org/nap,
united-kingdom,2023,coordinator,"Central Digital and Data Office (CDDO), Cabinet Office",IRM Action Plan Review,irm_report,https://example.org/apr,
united-kingdom,2021,acted_according_to_process,Maybe,IRM Action Plan Review,irm_report,https://example.org/apr21,
"""


def test_plan_facts_read_on_their_scales(tmp_path):
    path = tmp_path / "process_irm.csv"
    path.write_text(FACTS, encoding="utf-8")
    t = tables_of(read_plan_facts(path))
    pp = t["plan_process"].set_index(["cycle", "process_indicator"])
    assert pp.loc[(2019, "multistakeholder_forum"), "value"] == "No"
    assert pp.loc[(2019, "level_of_public_influence"), ["value", "value_rank"]].tolist() == [
        "Consult", 1]
    assert pp.loc[(2016, "dates_under_review"), "value"] == "2016-07/2017-06"
    assert pp.loc[(2013, "published"), "value"] == "2013-10-31"
    assert pd.isna(pp.loc[(2013, "published"), "assessor"])  # a fact, not a judgement
    assert pp.loc[(2019, "multistakeholder_forum"), "assessor"] == "irm"
    # Off the scale: kept as printed, no canonical value, reported.
    assert pd.isna(pp.loc[(2021, "acted_according_to_process"), "value"])
    dq = t["data_quality"]
    assert dq["value_printed"].tolist() == ["Maybe"]
    assert dq["action_plan_id"].tolist() == ["united-kingdom-2021"]
    attrs = plan_attributes(t["plan_process"]).set_index("action_plan_id")
    assert attrs.loc["united-kingdom-2013", "published"] == "2013-10-31"
    assert attrs.loc["united-kingdom-2023", "coordinator"].startswith("Central Digital")


def test_columns_constant_is_the_issue_order():
    assert COLUMNS[:6] == ("meeting_id", "member", "date", "date_precision", "kind", "title")
    assert COLUMNS[-4:] == ("record_url", "record_published_date", "source_url", "note")
    assert len(COLUMNS) == 22


def test_the_documented_example_reads_with_no_problem():
    example = Paths.default().root / "docs" / "examples" / "example_meetings.csv"
    t = tables_of(read_meeting_records(example))
    assert len(t["meetings"]) == 3 and t["data_quality"].empty
