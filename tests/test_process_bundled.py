"""The bundled UK process data: regenerated identically, and built into the process tables."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from ogp_analysis.ingest import FOLDER_READERS, read_bundled
from ogp_analysis.ingest.process_records import BUNDLED_MEETINGS, BUNDLED_PLAN_FACTS
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths

PATHS = Paths.default()
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_bundled.py"
DESIGN_REPORT = "https://www.opengovpartnership.org/documents/united-kingdom-design-report-2019-2021/"


@pytest.fixture(scope="module")
def tables():
    return build_tables(read_bundled(PATHS.bundled) + FOLDER_READERS["process"](PATHS))[0]


def test_committed_process_files_match_what_make_bundled_generates(shared):
    spec = importlib.util.spec_from_file_location("make_bundled", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    com, _ = mod.build(shared)
    meetings = mod.build_process_meetings(shared, com)
    irm = mod.build_process_irm(shared)
    assert mod._csv(meetings) == (PATHS.bundled / BUNDLED_MEETINGS).read_text(encoding="utf-8")
    assert mod._csv(irm) == (PATHS.bundled / BUNDLED_PLAN_FACTS).read_text(encoding="utf-8")
    # Facts, not prose: the reports' quoted words are left out.
    assert not irm["value"].str.contains("did not act contrary").any()


def test_uk_2019_plan_process_judgements_with_their_source(tables):
    pp = tables["plan_process"]
    plan = pp[pp["action_plan_id"] == "united-kingdom-2019"].set_index("process_indicator")
    assert plan.loc["multistakeholder_forum", "value"] == "No"
    assert plan.loc["level_of_public_influence", "value"] == "Consult"
    assert plan.loc["acted_contrary_to_process", "value"] == "Yes"
    assert set(plan["source_url"]) == {DESIGN_REPORT}
    assert set(plan["assessor"]) == {"irm"}
    # The newer wording stays its own indicator, never inverted into the older one.
    later = pp[pp["action_plan_id"] == "united-kingdom-2021"].set_index("process_indicator")
    assert later.loc["acted_according_to_process", "value"] == "No"
    assert "acted_contrary_to_process" not in later.index


def test_action_plans_carry_published_and_coordinator(tables):
    ap = tables["action_plans"].set_index("action_plan_id")
    assert ap.loc["united-kingdom-2013", "published"] == "2013-10-31"
    assert ap.loc["united-kingdom-2021", "published"] == "2022-01-31"
    assert ap.loc["united-kingdom-2023", "coordinator"].startswith("Central Digital and Data Office")
    assert pd.isna(ap.loc["united-kingdom-2016", "published"])  # not stated: null


def test_bundled_meetings_in_the_tables(tables):
    m = tables["meetings"].set_index("meeting_id")
    consultation = m.loc["united-kingdom-2013-public-consultation"]
    assert consultation["meeting_kind"] == "public_consultation"
    assert consultation["duration_printed"] == "12 week"
    assert pd.isna(consultation["meeting_date"])  # the story gives no dates
    assert consultation["source_type"] == "civil_society_document"
    read_out = m.loc["united-kingdom-2024-01-24-forum"]
    assert (read_out["meeting_date"], read_out["meeting_kind"]) == ("2024-01-24", "forum")
    note = m.loc["united-kingdom-2014-02-26-bilateral"]
    assert (note["meeting_date"], note["record_published_date"]) == ("2014-02-26", "2014-03-05")
    plans = tables["meeting_plans"]
    assert set(plans.loc[plans["meeting_id"] == "united-kingdom-2012-10-25-bilateral",
                         "cycle"]) == {2011, 2013}
    dq = tables["data_quality"]
    assert not dq["table_name"].astype(str).isin(["meetings", "plan_process"]).any()


def test_the_uks_2016_2023_meetings_are_bundled_with_attendance_as_the_record_gives_it(tables):
    m = tables["meetings"].set_index("meeting_id")
    new = ["united-kingdom-2016-11-10-bilateral", "united-kingdom-2017-11-30-working-group",
           "united-kingdom-2018-04-09-working-group", "united-kingdom-2018-06-11-forum",
           "united-kingdom-2018-09-05-bilateral", "united-kingdom-2021-04-27-forum",
           "united-kingdom-2023-04-27-forum"]
    assert set(new) <= set(m.index)
    # The posting date is the record's, never the meeting's.
    assert m.loc["united-kingdom-2016-11-10-bilateral", "record_published_date"] == "2016-11-28"
    assert m.loc["united-kingdom-2016-11-10-bilateral", "meeting_date"] == "2016-11-10"
    p = tables["meeting_participants"]
    listed = p[p["meeting_id"] == "united-kingdom-2016-11-10-bilateral"]
    assert len(listed) == 21 and listed["sector"].isna().sum() == 2  # no organisation stated
    assert listed["organisation"].isna().sum() == 2
    att = tables["meeting_attendance"]
    stated = att[att["meeting_id"] == "united-kingdom-2023-04-27-forum"]
    assert stated.set_index("sector")["attendees"].dropna().to_dict() == {
        "government": 18, "civil_society": 14}
    # Stated without counts: no count at all, never 0.
    assert att[att["meeting_id"] == "united-kingdom-2021-04-27-forum"]["attendees"].isna().all()
    plans = tables["meeting_plans"]
    both = plans[plans["meeting_id"] == "united-kingdom-2023-04-27-forum"]
    assert sorted(zip(both["cycle"], both["phase"].astype(str), strict=True)) == [
        (2021, "implementation"), (2023, "co_creation")]
    dq = tables["data_quality"]
    assert dq[dq["table_name"].astype(str).str.startswith("meeting")].empty
