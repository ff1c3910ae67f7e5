"""Progress trackers in the formats governments publish: recognised by header, statuses through declared aliases.

The rows below are written for these tests in each format's real header and vocabulary
(`../shared/IRM.md`); no real rows are shared.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.ingest.progress import plan_lookups, read_progress_file, read_progress_folder
from ogp_analysis.ingest.trackers import FORMATS, detect_format, read_status, status_aliases
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.paths import Paths

UK_2014 = """Unique reference,Topic,Action,Status (30/06/14),NAP commitment,Open Data White Paper
UK0042,Open data,Publish the National Information Infrastructure,On track,Yes,No
AC3,Anti-corruption,Publish the anti-corruption plan,Behind schedule,Yes,No
,Open Contracting,Adopt the Open Contracting Data Standard,Ahead of schedule,Yes,No
OD17,Data strategy,An action outside the plan,On track,No,Yes
"""

UK_UPDATE = """<html><body>
<h1>UK Open Government National Action Plan 2013-15: commitment progress update</h1>
<p>Report date: 31 January 2015</p>
<h2>Commitment 5: Manage and Capture Digital Records</h2>
<p>Lead department(s): The National Archives</p>
<p>Civil society organisations involved</p><p>International Records Management Trust</p>
<p>Overall status: In progress</p>
<h3>Progress against milestones</h3>
<p>Guidance on digital records published in December 2014.</p>
<h2>Commitment 12: Open Contracting</h2>
<p>Lead department(s): Cabinet Office</p>
<p>Overall status</p><p>On track</p>
<h2>Commitment 99: A title no plan has</h2>
<p>Lead department(s): HM Treasury</p>
<p>Overall status: Behind schedule</p>
</body></html>"""

CANADA = """reporting_period,commitments,milestones,indicators,due_date,lead_dept,status,progress_en,progress_fr,evidence_en,evidence_fr
2023-09-30,C01,C01.1,C01.1.1,2024-06-30,Treasury Board of Canada Secretariat,SP,Draft published,Ébauche publiée,https://example.org/a,https://example.org/a
2023-09-30,C01,C01.2,C01.2.1,2024-12-31,Treasury Board of Canada Secretariat,NS,NIL,NÉANT,,
2023-09-30,C02,C02.1,C02.1.1,2023-06-30,Privy Council Office,C,Done,Fait,https://example.org/b,https://example.org/b
2023-09-30,C02,C02.2,C02.2.1,2024-03-31,Privy Council Office,LP,Started,Commencé,,
2023-09-30,C09,C09.1,C09.1.1,2024-03-31,Justice Canada,SP,Ongoing,En cours,,
"""

NZ = """Commitment,Milestone,Status (as at 30 June 2019),End date
Open budget,Publish the budget data in machine-readable form,Completed,December 2018
Open budget,Hold public workshops on the budget,Underway,June 2020
Official information,Review the Official Information Act,Underway,June 2020
"""


@pytest.fixture(scope="module")
def commitments() -> pd.DataFrame:
    uk = pd.read_csv(Paths.default().bundled / "commitments.csv", dtype={"cycle": int},
                     keep_default_na=False)
    others = pd.DataFrame({"commitment_id": ["CA0101", "CA0102", "NZ0031"],
                           "member": ["canada", "canada", "new-zealand"],
                           "cycle": [2022, 2022, 2018],
                           "title": ["Open data", "Access to information", "Open budget"]})
    return pd.concat([uk[["commitment_id", "member", "cycle", "title"]], others], ignore_index=True)


@pytest.fixture(scope="module")
def plans(commitments):
    return plan_lookups(commitments)


@pytest.fixture(autouse=True)
def declared_aliases(monkeypatch):
    """The aliases a user declares in commitment_aliases.csv for these trackers' own codes."""
    from ogp_analysis.parse import meeting_notes as extract

    aliases = pd.concat([extract.load_commitment_aliases(), pd.DataFrame({
        "member": ["united-kingdom", "canada", "canada"],
        "commitment_id": ["UK0047", "CA0101", "CA0102"], "alias": ["AC3", "C01", "C02"],
        "note": ["the June 2014 CSV's reference", "Canada's tracker code", "Canada's code"]})])
    monkeypatch.setattr(extract, "load_commitment_aliases", lambda: aliases)


def _read(tmp_path, name, text, plans):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rec = read_progress_file(path, plans=plans)
    rows = pd.DataFrame(rec.parts.get("progress_updates", []))
    dq = pd.DataFrame(rec.parts.get("data_quality", []))
    return rec, rows, dq


def test_uk_2014_progress_csv_recognised_by_header_dated_by_its_status_column(tmp_path, plans):
    # A name that says nothing about the plan: the header decides.
    rec, rows, dq = _read(tmp_path, "progress.csv", UK_2014, plans)
    assert detect_format(UK_2014) == "uk_progress_csv_2014"
    assert rec.source["source_type"] == "government_tracker"
    got = rows.set_index("commitment_id")
    assert set(got.index) == {"UK0042", "UK0047", "UK0053"}  # by ID, declared alias, exact title
    assert set(got["as_of_date"]) == {"2014-06-30"}
    assert got.loc["UK0047", "progress_status"] == "Behind schedule"
    assert got.loc["UK0053", "progress_status"] == "Ahead of schedule"
    assert got.loc["UK0053", "progress_status_rank"] == SCALES["progress"].values.index(
        "Ahead of schedule")
    assert got.loc["UK0042", "progress_status_kind"] == "scale"
    assert set(got["assessor"]) == {"government"}
    assert got["completion_status"].isna().all()  # schedule words never become completion
    unmatched = dq[dq["problem"] == "unmatched_commitment"]
    assert unmatched["value_printed"].tolist() == ["OD17"]


def test_uk_progress_update_document_in_html_read_by_its_labels(tmp_path, plans):
    rec, rows, dq = _read(tmp_path, "update.html", UK_UPDATE, plans)
    assert rec.source["source_type"] == "progress_update_document"
    got = rows.set_index("commitment_id")
    assert list(got.index) == ["UK0046", "UK0053"]
    assert (got.loc["UK0046", "progress_status_printed"], got.loc["UK0046", "progress_status_kind"]) == (
        "In progress", "off_scale")
    assert got.loc["UK0053", "progress_status"] == "On track"  # the value on the next line
    assert set(got["as_of_date"]) == {"2015-01-31"}
    assert dq.loc[dq["problem"] == "unmatched_commitment", "value_printed"].tolist() == [
        "A title no plan has"]


def test_uk_progress_update_as_plain_text(tmp_path, plans):
    text = ("Commitment progress update\nDate: December 2016\n"
            "Commitment title: Anti-Corruption Innovation Hub\nLead department: Home Office\n"
            "Overall status: Complete\n"
            "Commitment title: Open Contracting\nLead department: Cabinet Office\n"
            "Overall status: On track\n")
    _, rows, _ = _read(tmp_path, "update.txt", text, plans)
    # "Open Contracting" is the title of a 2013 and a 2016 commitment: read within the plan of
    # the document's other commitment (2016), and said so.
    assert rows[["commitment_id", "as_of_date", "progress_status"]].values.tolist() == [
        ["UK0066", "2016-12", "Completed"], ["UK0067", "2016-12", "On track"]]
    assert "matched within the plan" in rows["source_note"].iloc[1]


def test_canada_tracker_codes_read_on_the_completion_scale_as_the_governments_own(tmp_path, plans):
    rec, rows, dq = _read(tmp_path, "canada.csv", CANADA, plans)
    assert detect_format(CANADA) == "canada_tracker"
    got = rows.set_index("milestone_ref")
    assert got["completion_status"].to_dict() == {
        "C01.1.1": "Substantial", "C01.2.1": "Not Started", "C02.1.1": "Complete",
        "C02.2.1": "Limited"}
    assert got.loc["C02.1.1", "completion_status_rank"] == 3
    assert set(got["progress_status_kind"]) == {"completion"}
    assert got["progress_status"].isna().all()  # never on the progress scale
    assert set(got["assessor"]) == {"government"}  # the government's, never the IRM's
    assert got.loc["C01.1.1", "progress_status_printed"] == "SP"  # printed kept
    assert set(got["as_of_date"]) == {"2023-09-30"}
    assert dq.loc[dq["problem"] == "unmatched_commitment", "value_printed"].tolist() == ["C09"]


def test_new_zealand_milestone_report_completed_and_underway(tmp_path, plans):
    _, rows, dq = _read(tmp_path, "nz.csv", NZ, plans)
    assert detect_format(NZ) == "nz_milestone_report"
    assert rows["completion_status"].tolist() == ["Complete", "Underway"]
    assert rows["completion_status_rank"].tolist()[0] == 3
    assert pd.isna(rows["completion_status_rank"].tolist()[1])  # started, no level stated
    assert set(rows["as_of_date"]) == {"2019-06-30"}
    assert dq.loc[dq["problem"] == "unmatched_commitment", "value_printed"].tolist() == [
        "Official information"]


def test_an_unknown_layout_is_refused_with_one_line_naming_the_formats(tmp_path, plans):
    path = tmp_path / "tracker.csv"
    path.write_text("Ref,Item,RAG\n1,Open data,Green\n", encoding="utf-8")
    with pytest.raises(OGPAnalysisError) as err:
        read_progress_file(path, plans=plans)
    message = str(err.value)
    assert "\n" not in message and "not a progress format the toolkit knows" in message
    for described in FORMATS.values():
        assert described in message
    # In a folder it is one data_quality row and the other files are read.
    (tmp_path / "progress.csv").write_text(UK_2014, encoding="utf-8")
    recs = read_progress_folder(tmp_path, plans=plans)
    problems = [q["problem"] for r in recs for q in r.parts.get("data_quality", [])]
    assert "unreadable_file" in problems
    assert sum(len(r.parts.get("progress_updates", [])) for r in recs) == 3


def test_every_declared_status_alias_names_a_value_of_its_scale():
    for (fmt, _), (scale, value) in status_aliases().items():
        assert fmt in FORMATS and value in SCALES[scale].labels
    # A word is read only in the format that declares it: Canada's "C" means nothing elsewhere.
    assert read_status("C", "canada_tracker").value == "Complete"
    assert read_status("C", "uk_progress_csv_2014").scale is None


def test_a_milestone_tracker_naming_its_commitments_needs_no_plan_in_its_file_name(tmp_path, plans):
    text = ("Commitment,Milestone reference,Milestone,30/4/2014\n"
            "UK0042,1.01,Publish the list,On track\n"
            "2,2.01,Consult on the NHS website,Behind schedule\n")
    _, rows, _ = _read(tmp_path, "tracker.csv", text, plans)
    assert rows["commitment_id"].tolist() == ["UK0042", "UK0043"]  # 2 = the 2013 plan's second


def test_the_timeline_shows_a_trackers_completion_word_as_the_governments_own(tmp_path, plans,
                                                                              commitments):
    from ogp_analysis.analysis.progress import timeline
    from ogp_analysis.metadata.tables import TABLES
    from ogp_analysis.schema import empty, validate

    rec, _, _ = _read(tmp_path, "canada.csv", CANADA, plans)
    rows = [{**r, **{k: v for k, v in rec.source.items() if k in TABLES["progress_updates"].fields}}
            for r in rec.parts["progress_updates"]]
    pu = validate(pd.DataFrame(rows).reindex(columns=TABLES["progress_updates"].fields),
                  "progress_updates")
    com = commitments.assign(irm_reports=None)
    t = timeline({"progress_updates": pu, "assessments": empty("assessments"), "commitments": com,
                  "action_plans": empty("action_plans")}, member="canada")
    got = t.set_index("milestone_ref")
    assert got.loc["C01.1.1", ["scale", "value", "assessor", "entry"]].tolist() == [
        "completion", "Substantial", "government", "progress_update"]
    assert got.loc["C02.1.1", "value_rank"] == 3


NZ_PAGE = """<html><head><title>Open budget | OGP New Zealand</title></head><body>
<h1>Open budget</h1>
<p>Milestone report, as at 30 June 2019.</p>
<table>
<tr><th>Milestone</th><th>Status (as at 30 June 2019)</th><th>End date</th></tr>
<tr><td>Publish the budget data in machine-readable form</td><td>Completed</td><td>December 2018</td></tr>
<tr><td>Hold public workshops on the budget</td><td>Underway</td><td>June 2020</td></tr>
</table></body></html>"""


def test_new_zealand_milestone_report_saved_as_a_web_page(tmp_path, plans):
    assert detect_format(NZ_PAGE) == "nz_milestone_report"
    _, rows, dq = _read(tmp_path, "open-budget.html", NZ_PAGE, plans)
    assert rows["commitment_id"].tolist() == ["NZ0031", "NZ0031"]  # the page's heading
    assert rows["completion_status"].tolist() == ["Complete", "Underway"]
    assert set(rows["as_of_date"]) == {"2019-06-30"}
