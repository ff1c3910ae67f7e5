"""Rules in one home, proven by change: alter one rule in `metadata/` and the answer table, the
`commitments` columns, the figures, the CLI's CSV and a report's text all follow.

Six kinds of rule: a scale's labels (a new off-scale answer), a scale's order, an era cut-off,
a stage preference, the published star's preference and a kind's reader label. Each test
builds a small plan from records under the changed rule; nothing else is edited.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json

import pytest

from ogp_analysis import labels, schema
from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis import cache
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import glance as G
from ogp_analysis.cli import main
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import INDICATOR_LABELS, SCALES
from ogp_analysis.normalise import build_tables
from ogp_analysis.records import Records, make_source
from ogp_analysis.report import implementation as I
from ogp_analysis.storage import write_tables

MEMBER, CYCLE = "exampleland", 2013


def _records(rows: dict[str, list[tuple[str, str, str]]], cycle: int = CYCLE,
             source_type: str = "irm_data_release", origin: str = "irm_data_release") -> list[Records]:
    """One plan: commitment -> [(indicator, stage, printed)], read as the IRM data release reads
    them (or as another source, e.g. an OGP page, reads them)."""
    rec = Records(make_source(f"https://example.org/{source_type}", source_type=source_type,
                              origin=origin))
    for cid, assessed in rows.items():
        rec.add("commitments", commitment_id=cid, member=MEMBER, cycle=cycle, title=f"Title {cid}")
        for indicator, stage, printed in assessed:
            rec.assess(commitment_id=cid, member=MEMBER, cycle=cycle, assessor="irm", stage=stage,
                       indicator=indicator, printed=printed, era=R.era_of(cycle))
    return [rec]


def _forget() -> None:
    """Forget remembered results, dtypes and scale lookups: a changed scale is read afresh."""
    cache.clear()
    for fn in (schema.scale_dtype, schema.answer_dtype, schema.dtype, schema.pandera_schema,
               labels._lookup):
        fn.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_caches():
    _forget()
    yield
    _forget()


def _cli(capsys, tmp_path, tables, figure: str) -> list[dict]:
    data = write_tables(tables, tmp_path / "processed")
    assert main(["figures", figure, "--member", MEMBER, "--cycle", str(CYCLE), "--format", "csv",
                 "--data", str(data)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def _answer(tables, cid: str, indicator: str, moment: str = "any") -> dict:
    a = F.question(F.answers(tables), indicator, moment)
    return a[a["commitment_id"] == cid].iloc[0].to_dict()


def test_a_new_off_scale_completion_answer_reaches_table_column_figure_cli_and_report(
        monkeypatch, tmp_path, capsys):
    rows = {"XX0001": [("completion", "end_of_term", "Closed")],
            "XX0002": [("completion", "end_of_term", "Complete")]}
    before = build_tables(_records(rows))[0]
    assert _answer(before, "XX0001", "completion", "latest")["kind"] == "not_in_data"  # unknown value
    completion = SCALES["completion"]
    monkeypatch.setitem(SCALES, "completion", dataclasses.replace(
        completion, off_scale=(*completion.off_scale, "Closed")))
    _forget()

    tables = build_tables(_records(rows))[0]
    assert _answer(tables, "XX0001", "completion", "latest")["kind"] == "off_scale"
    com = tables["commitments"].set_index("commitment_id")
    assert com.loc["XX0001", "irm_completion_latest"] == "Closed"
    glance = G.at_a_glance(tables, MEMBER, CYCLE).set_index("field")
    assert glance.loc["completion_latest:Closed", "value"] == 1
    assert glance.loc["high_completion", "commitment_ids"] == ["XX0002"]  # never in a numerator
    assert glance.loc["coverage:completion_latest", "value"] == 2  # but in the denominator
    cli = {r["field"]: r["value"] for r in _cli(capsys, tmp_path, tables, "at-a-glance")}
    assert cli["completion_latest:Closed"] == "1"
    table = I.completion_table(tables, MEMBER, CYCLE, ("irm",))
    assert "Closed" in list(table["Completion (latest stage)"])


def test_an_era_cut_off_moves_the_midterm_and_the_star_to_not_applicable(monkeypatch, tmp_path, capsys):
    rows = {"XX0001": [("completion", "midterm", "Limited"), ("completion", "end_of_term", "Complete"),
                       ("starred_current_end_of_term", "latest", "No")],
            "XX0002": [("completion", "end_of_term", "Substantial")]}
    before = build_tables(_records(rows))[0]
    assert _answer(before, "XX0002", "completion", "midterm")["kind"] == "not_in_data"
    assert G.at_a_glance(before, MEMBER, CYCLE).set_index("field").loc["starred", "value"] == 0

    monkeypatch.setattr(R, "LAST_LEGACY_CYCLE", CYCLE - 1)  # the refreshed method from 2013
    tables = build_tables(_records(rows))[0]
    assert tables["commitments"]["era"].astype(str).unique().tolist() == ["refresh"]
    assert _answer(tables, "XX0002", "completion", "midterm")["kind"] == "not_applicable"
    # A value a source gives is still kept; a missing one is not applicable, never 'not in the data'.
    assert _answer(tables, "XX0001", "completion", "midterm")["kind"] == "value"
    assert _answer(tables, "XX0002", "starred")["kind"] == "not_applicable"
    glance = G.at_a_glance(tables, MEMBER, CYCLE).set_index("field")["value"]
    assert glance["starred"] == 0 and glance["coverage:starred"] == 1  # XX0001's stated No only
    status = AS.completion_by_commitment(tables, MEMBER, CYCLE, ("irm",))
    mid = status[status["moment"] == "midterm"].set_index("field")
    assert (mid.loc["XX0002", "kind"], mid.loc["XX0002", "label"]) == (
        "not_applicable", R.KIND_LABELS["not_applicable"])
    assert mid["value"].isna()["XX0002"]  # no rank: not a value
    cli = {r["field"]: r["label"] for r in _cli(capsys, tmp_path, tables, "completion-by-commitment")
           if r["kind"] == "not_applicable"}
    assert "XX0002" in cli
    html = str(I.commitment_sections_html(tables, MEMBER, CYCLE, ("irm",)))
    section = html[html.index("XX0002:"):]
    assert f"{INDICATOR_LABELS['starred']}: {R.KIND_LABELS['not_applicable']}" in section[:section.index("</section>")]


def test_a_stage_preference_moves_the_end_of_term_answer_everywhere(monkeypatch, tmp_path, capsys):
    rows = {"XX0001": [("completion", "end_of_term", "Limited"), ("completion", "results", "Complete")]}
    before = build_tables(_records(rows))[0]
    assert before["commitments"].loc[0, "irm_completion_end_of_term"] == "Limited"

    stages = {**R.COMPLETION_STAGES, "irm": {**R.COMPLETION_STAGES["irm"],
                                             "end_of_term": ("results", "end_of_term")}}
    monkeypatch.setattr(R, "COMPLETION_STAGES", stages)
    tables = build_tables(_records(rows))[0]
    answer = _answer(tables, "XX0001", "completion", "end_of_term")
    assert (answer["value"], answer["stage"]) == ("Complete", "results")
    assert tables["commitments"].loc[0, "irm_completion_end_of_term"] == "Complete"
    glance = G.at_a_glance(tables, MEMBER, CYCLE).set_index("field")["value"]
    assert glance["completion_end_of_term:Complete"] == 1 and glance["completion_end_of_term:Limited"] == 0
    cli = {r["field"]: r["value"] for r in _cli(capsys, tmp_path, tables, "at-a-glance")}
    assert cli["completion_end_of_term:Complete"] == "1"
    html = str(I.commitment_sections_html(tables, MEMBER, CYCLE, ("irm",)))
    assert "<td>end of term</td><td>Complete</td>" in html
    assert "results report" in str(I.method_html())  # the stage order in words, from the rule


def test_a_kinds_reader_label_reaches_figure_cli_and_report(monkeypatch, tmp_path, capsys):
    rows = {"XX0001": [("completion", "end_of_term", "Complete")], "XX0002": []}
    monkeypatch.setitem(R.KIND_LABELS, "not_in_data", "nowhere in this data")
    tables = build_tables(_records(rows))[0]
    assert _answer(tables, "XX0002", "completion", "latest")["kind"] == "not_in_data"
    completion = G.completion_distribution(tables, MEMBER, CYCLE).set_index("field")
    assert completion.loc["kind:not_in_data", "label"] == "nowhere in this data"
    cli = {r["field"]: r["label"] for r in _cli(capsys, tmp_path, tables, "completion-by-commitment")}
    assert cli["XX0002"] == "nowhere in this data"
    said = " ".join(AS.summary_sentences(tables, MEMBER, CYCLE, ("irm",)))
    assert "for the other 1 the value is nowhere in this data" in said
    assert "“nowhere in this data” means" in str(I.method_html())
    # The coverage figure (CLI) and its annex table carry the label too.
    assert main(["figures", "coverage", "--member", MEMBER, "--cycle", str(CYCLE), "--format", "json",
                 "--data", str(tmp_path / "processed")]) == 0
    coverage = json.loads(capsys.readouterr().out)
    assert {r["label"] for r in coverage if r["field"] == "completion_latest:not_in_data"} == {
        "nowhere in this data"}
    annex = I.annex_coverage_table(tables, MEMBER, CYCLE, ("irm",))
    assert "Nowhere in this data" in annex.columns


def test_a_scale_order_moves_ranks_counts_and_the_derived_check(monkeypatch, tmp_path, capsys):
    rows = {"XX0001": [("completion", "end_of_term", "Complete")],
            "XX0002": [("completion", "end_of_term", "Substantial")]}
    before = build_tables(_records(rows))[0]
    assert _answer(before, "XX0001", "completion", "latest")["rank"] == 3
    completion = SCALES["completion"]
    swapped = ("Not Started", "Limited", "Complete", "Substantial")  # Complete below Substantial
    monkeypatch.setitem(SCALES, "completion", dataclasses.replace(completion, values=swapped))
    _forget()

    tables = build_tables(_records(rows))[0]
    assert _answer(tables, "XX0001", "completion", "latest")["rank"] == 2
    assert _answer(tables, "XX0002", "completion", "latest")["rank"] == 3
    glance = G.at_a_glance(tables, MEMBER, CYCLE)
    order = [f.split(":")[1] for f in glance["field"] if f.startswith("completion_latest:")]
    assert order[:4] == list(swapped)
    cli = [r["field"].split(":")[1] for r in _cli(capsys, tmp_path, tables, "at-a-glance")
           if r["field"].startswith("completion_latest:")]
    assert cli[:4] == list(swapped)
    table = I.completion_table(tables, MEMBER, CYCLE, ("irm",))
    shown = [v for v in table["Completion (latest stage)"] if v in swapped]
    assert shown == ["Substantial", "Complete"]  # a report lists the highest first
    from ogp_analysis.analysis.derived import recompute_row

    assert recompute_row({"completion_end_of_term": "Complete"})["max_completion"] == "2"


def test_the_published_star_preference_changes_the_star_everywhere(monkeypatch, tmp_path, capsys):
    """The release's current formula says No, a page's star says Yes: the preference decides."""
    rows = {"XX0001": [("completion", "end_of_term", "Complete"),
                       ("starred_current_end_of_term", "latest", "No")]}
    records = _records(rows) + _records({"XX0001": [("starred", "latest", "Yes")]},
                                         source_type="ogp_page", origin="pages")
    before = build_tables(records)[0]
    assert _answer(before, "XX0001", "starred")["value"] == "No"
    assert AS.star_counts(before, MEMBER, CYCLE)[-1]["starred"] == 0

    monkeypatch.setattr(R, "STAR_INDICATORS", tuple(reversed(R.STAR_INDICATORS)))
    _forget()
    tables = build_tables(records)[0]
    assert _answer(tables, "XX0001", "starred")["value"] == "Yes"
    assert bool(tables["commitments"].loc[0, "irm_is_starred"]) is True
    glance = G.at_a_glance(tables, MEMBER, CYCLE).set_index("field")["value"]
    assert glance["starred"] == 1 and glance["coverage:starred"] == 1
    cli = {r["field"]: r["value"] for r in _cli(capsys, tmp_path, tables, "at-a-glance")}
    assert cli["starred"] == "1"
    said = AS.star_sentence(tables, MEMBER, CYCLE)
    assert f"{INDICATOR_LABELS['starred']}: 1 of 1" in said
    assert said.endswith("The published star is the star an OGP commitment page or the member's list "
                         "of commitments shows, "
                         f"else {INDICATOR_LABELS['starred_current_end_of_term']} where the IRM data "
                         "release states it.")
    assert said in html.unescape(str(I.starred_html(tables, MEMBER, CYCLE)))


def _process_plan():
    """A 2016 plan with forum meetings every few months and the IRM's judgement in the older wording."""
    from tests.test_process_analysis import URL, M, _tables

    meetings = [(f"f-{d}", d, 2016, "forum", URL + d) for d in
                ("2016-02-01", "2016-06-15", "2016-11-30", "2017-05-10", "2017-10-20", "2018-04-01",
                 "2018-09-15", "2018-12-20")]
    judged = [{"action_plan_id": f"{M}-2016", "member": M, "cycle": 2016, "assessor": "irm",
               "process_indicator": "acted_contrary_to_process", "value_printed": "No", "value": "No",
               "scale": "yes_no", "report_title": "Mid-Term Report", "source_type": "irm_report",
               "source_url": "https://example.org/irm/mid-term"}]
    return M, _tables(meetings, plans=((2016, 2018),), plan_process=judged)


def _standards_text(tables, member) -> str:
    from ogp_analysis.analysis.process import process_section

    parts = process_section(tables, member, 2016)
    return " ".join(html.unescape(str(I.process_html(tables, member, 2016, parts))).split())


def test_the_standards_cut_off_date_moves_the_standards_rows_and_the_report_text(monkeypatch, tmp_path,
                                                                                   capsys):
    from ogp_analysis.analysis.process import standards

    member, tables = _process_plan()
    before = standards(tables, member, 2016).set_index("field")["label"]
    assert set(before) == {"not in force", "the IRM's judgement"}
    assert "They do not apply to this plan" in _standards_text(tables, member)

    monkeypatch.setattr(R, "STANDARDS_IN_FORCE", "2016-01-01")
    after = standards(tables, member, 2016).set_index("field")["label"]
    assert after["forum_every_six_months"] == "met"
    assert after["according_to_process"] == "met"  # acted contrary: No, never inverted in words
    text = _standards_text(tables, member)
    assert "(in force from 1 January 2016)" in text
    assert "They apply to this plan: the data does not say when it was published, and it starts in 2016." in text
    data = write_tables(tables, tmp_path / "processed")
    assert main(["figures", "process-standards", "--member", member, "--cycle", "2016", "--format",
                 "csv", "--data", str(data)]) == 0
    cli = {r["field"]: r["label"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert cli["forum_every_six_months"] == "met"


def test_the_standards_judgement_wording_moves_the_standards_rows_and_the_report_text(monkeypatch):
    from ogp_analysis.analysis.process import standards

    member, tables = _process_plan()
    monkeypatch.setattr(R, "STANDARDS_JUDGEMENT", "acted_contrary_to_process")
    rows = standards(tables, member, 2016).set_index("field")["label"]
    assert "not in force" not in set(rows) and rows["according_to_process"] == "met"
    text = _standards_text(tables, member)
    assert "judged in the Action Plan Review's wording (\"acted contrary to OGP process\")" in text
    assert "They apply to this plan: the IRM judged it" in text
