"""The report machinery: parameter checks before running, output paths, atomic outputs, batch runs, helpers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from ogp_analysis.analysis import summaries
from ogp_analysis.cli import main
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.owned import REPORTS_MARKER
from ogp_analysis.report import html, present, record
from ogp_analysis.report.batch import plan_jobs, run_batch
from ogp_analysis.report.kinds import KINDS
from ogp_analysis.report.params import notebook_parameters, parse_cycles
from ogp_analysis.report.runner import ReportError, execute_notebook, run_report
from ogp_analysis.schema import empty
from ogp_analysis.storage import load_tables, write_tables

MEMBER = "united-kingdom"
PAGE = "https://www.opengovpartnership.org/members/united-kingdom/commitments/{}/"
GOV = "https://www.gov.uk/government/publications/ogp-2013-15-self-assessment"
# Titles as hard as the data gets: &, %, quotes, dashes, symbols, non-Latin letters.
TITLES = {
    "UK0042": "Data & Transparency: 100% open — “quoted” ✓ ≤ é ł Ω Кирилица",
    "UK0043": "NHS England Website and Network",
    "UK0063": "Beneficial ownership",
}
CYCLES = {"UK0042": 2013, "UK0043": 2013, "UK0063": 2016}


def make_tables(folder: Path) -> Path:
    """A small valid table folder: two UK plans, one member without plans, undated sources."""
    t = {name: empty(name) for name in TABLES}
    t["members"] = pd.DataFrame({"member": [MEMBER, "ruritania"],
                                 "member_name": ["United Kingdom", "Ruritania"]})
    t["action_plans"] = pd.DataFrame({
        "action_plan_id": [f"{MEMBER}-2013", f"{MEMBER}-2016"], "member": MEMBER,
        "cycle": [2013, 2016], "end_year": [2015, 2018], "era": "legacy"})
    ids = list(TITLES)
    t["commitments"] = pd.DataFrame({
        "commitment_id": ids, "member": MEMBER, "cycle": [CYCLES[c] for c in ids],
        "action_plan_id": [f"{MEMBER}-{CYCLES[c]}" for c in ids], "title": list(TITLES.values()),
        "source_url": [PAGE.format(c) for c in ids]})
    t["assessments"] = pd.DataFrame([{
        "commitment_id": "UK0042", "member": MEMBER, "cycle": 2013, "assessor": "government",
        "stage": "self_assessment", "indicator": "completion", "value_printed": "Completed",
        "value": "Complete", "value_rank": 3, "value_kind": "scale", "scale": "completion",
        "era": "government", "source_type": "gov_self_assessment", "origin": "bundled",
        "source_url": GOV}])
    t["sources"] = pd.DataFrame({
        "source_id": ["s0", "s1", "s2", "s3"],
        "source_type": ["ogp_page", "ogp_page", "ogp_page", "gov_self_assessment"],
        "origin": ["pages", "bundled", "bundled", "bundled"],
        "source_url": [PAGE.format(c) for c in ids] + [GOV],
        "retrieved_at": [pd.Timestamp("2024-05-01T10:00Z"), pd.NaT, pd.NaT, pd.NaT]})
    return write_tables(t, folder)


def write_notebook(path: Path, params: str, body: list[str]) -> Path:
    """A small notebook: a tagged parameters cell, then `body` cells."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, *(nbformat.v4.new_code_cell(src) for src in body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


SA_PARAMS = ('member: str = "united-kingdom"  # OGP member slug\ncycle: int = 2013  # start year\n'
             'assessor: str = "irm"  # irm|government|both\ndata: str = ""  # tables\n'
             'figures_dir: str = ""  # figure CSVs')
CC_PARAMS = ('member: str = "united-kingdom"  # OGP member slug\n'
             'cycles: list = None  # start years\ndata: str = ""  # tables\nfigures_dir: str = ""  # CSVs')
RECORD = ("import ogp_analysis, sys\nfrom ogp_analysis.report import record as A\n"
          "t = ogp_analysis.load_tables(data)\n"
          "A.FigureRecorder(figures_dir).record('plans', t['action_plans'])\nsys.executable")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return make_tables(tmp_path_factory.mktemp("tables") / "processed")


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    """Stand-in report notebooks: the self-assessment one fails for the 2016 plan."""
    folder = tmp_path_factory.mktemp("notebooks")
    write_notebook(folder / "self_assessment.ipynb", SA_PARAMS,
                   ["if cycle == 2016:\n    raise ValueError('no data for 2016')", RECORD])
    write_notebook(folder / "cross_cycle.ipynb", CC_PARAMS, [RECORD])
    return folder


@pytest.fixture(scope="module")
def one_run(data, notebooks, tmp_path_factory):
    """One self-assessment run (ipynb only), shared by the tests that read its outputs."""
    out = tmp_path_factory.mktemp("reports")
    result = run_report("self-assessment", {"member": "United Kingdom", "cycle": 2013},
                        data_dir=data, reports_dir=out, fmt="ipynb", notebooks_dir=notebooks)
    return out, result


def test_output_paths_are_built_from_the_parameters(one_run):
    out, result = one_run
    folder = out / MEMBER
    assert result.member == MEMBER  # the display name was resolved to the slug
    assert (folder / "self-assessment-2013.ipynb").is_file()
    plans = pd.read_csv(folder / "self-assessment-2013-figures" / "plans.csv")
    assert sorted(plans["cycle"]) == [2013, 2016]
    assert [p.name for p in folder.glob(".*")] == [REPORTS_MARKER], "temporary files were left behind"


def test_report_runs_in_this_interpreter(one_run):
    out, _ = one_run
    nb = nbformat.read(out / MEMBER / "self-assessment-2013.ipynb", as_version=4)
    result = nb.cells[-1].outputs[0]["data"]["text/plain"]
    assert Path(result.strip("'")).resolve() == Path(sys.executable).resolve()


def test_executed_notebook_records_the_injected_parameters(one_run):
    out, _ = one_run
    nb = nbformat.read(out / MEMBER / "self-assessment-2013.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'member = "united-kingdom"' in injected[0].source and "cycle = 2013" in injected[0].source


@pytest.mark.parametrize("kind, params, message", [
    pytest.param("self-assessment", {"member": MEMBER, "cycle": 2013, "colour": "red"},
                 "unknown parameter(s) colour", id="unknown-parameter"),
    pytest.param("self-assessment", {"member": "atlantis", "cycle": 2013},
                 "members in the data: united-kingdom (United Kingdom)", id="unknown-member"),
    pytest.param("self-assessment", {"member": "ruritania", "cycle": 2013},
                 "unknown member 'ruritania'", id="member-without-plans"),
    pytest.param("self-assessment", {"member": MEMBER, "cycle": 2015},
                 "its plans start in: 2013, 2016", id="unknown-cycle"),
    pytest.param("cross-cycle", {"member": MEMBER, "cycles": [2013, 2019]},
                 "cycle(s) 2019", id="unknown-cycle-in-cycles"),
    pytest.param("self-assessment", {"member": MEMBER, "cycle": 2013, "assessor": "ngo"},
                 "choose one of: irm, government, both", id="unknown-assessor"),
    pytest.param("annual", {"member": MEMBER}, "reports: self-assessment, cross-cycle",
                 id="unknown-report"),
])
def test_bad_request_is_refused_before_running(data, notebooks, tmp_path, kind, params, message):
    with pytest.raises(OGPAnalysisError) as err:
        run_report(kind, params, data_dir=data, reports_dir=tmp_path, fmt="ipynb",
                   notebooks_dir=notebooks)
    assert message in str(err.value)
    assert not any(tmp_path.rglob("*")), "nothing may be written for a refused request"


def test_cli_refuses_unknown_cycle_with_exit_2(data, notebooks, tmp_path, capsys):
    rc = main(["report", "self-assessment", "--member", MEMBER, "--cycle", "1999", "--data",
               str(data), "--out", str(tmp_path), "--notebooks", str(notebooks)])
    assert rc == 2
    assert "its plans start in: 2013, 2016" in capsys.readouterr().err


def test_failed_run_keeps_the_partly_executed_notebook_and_the_previous_outputs(data, notebooks, tmp_path):
    with pytest.raises(ReportError, match=r"ValueError: no data for 2016"):
        run_report("self-assessment", {"member": MEMBER, "cycle": 2016}, data_dir=data,
                   reports_dir=tmp_path, fmt="ipynb", notebooks_dir=notebooks)
    folder = tmp_path / MEMBER
    assert (folder / "self-assessment-2016.failed.ipynb").is_file()
    assert not (folder / "self-assessment-2016.ipynb").exists()
    assert not (folder / "self-assessment-2016-figures").exists()


@pytest.mark.parametrize("jobs", [pytest.param(1, id="in-process"), pytest.param(2, id="two-processes")])
def test_batch_continues_after_a_failing_report_and_exits_nonzero(data, notebooks, tmp_path, capsys, jobs):
    rc = main(["report", "batch", "--jobs", str(jobs), "--format", "ipynb", "--data", str(data),
               "--out", str(tmp_path), "--notebooks", str(notebooks)])
    captured = capsys.readouterr()
    assert rc == 1
    folder = tmp_path / MEMBER
    # the failing 2016 report did not stop the cross-cycle report planned after it
    assert (folder / "self-assessment-2013.ipynb").is_file()
    assert (folder / "cross-cycle.ipynb").is_file()
    assert (folder / "cross-cycle-figures" / "plans.csv").is_file()
    assert "FAILED united-kingdom self-assessment 2016" in captured.out
    assert "2 of 3 reports written" in captured.err and "1 failed" in captured.err


def test_batch_plans_every_plan_then_the_cross_cycle_report(data):
    jobs = plan_jobs(load_tables(data))
    assert [j.label for j in jobs] == [
        "united-kingdom self-assessment 2013", "united-kingdom self-assessment 2016",
        "united-kingdom cross-cycle"]


def test_batch_refuses_an_unknown_member_before_running(data, notebooks, tmp_path):
    with pytest.raises(NotFoundError, match="unknown member 'atlantis'"):
        run_batch(["atlantis"], data_dir=data, reports_dir=tmp_path, notebooks_dir=notebooks,
                  progress=False)
    assert not any(tmp_path.rglob("*"))


def test_execute_notebook_refuses_unknown_parameters(notebooks, tmp_path):
    with pytest.raises(OGPAnalysisError, match=r"unknown parameter\(s\) year.*it takes: member: str"):
        execute_notebook(notebooks / "self_assessment.ipynb", tmp_path / "x.ipynb", {"year": 1})


def test_notebook_parameters_are_read_with_their_types(notebooks):
    found = notebook_parameters(notebooks / "self_assessment.ipynb")
    assert list(found) == ["member", "cycle", "assessor", "data", "figures_dir"]
    assert found["cycle"]["type"] == "int" and found["member"]["help"] == "OGP member slug"


@pytest.mark.parametrize("text, expected", [
    pytest.param("2011,2013", [2011, 2013], id="two"),
    pytest.param(" 2016 , ", [2016], id="spaces-and-trailing-comma"),
])
def test_parse_cycles(text, expected):
    assert parse_cycles(text) == expected


def test_parse_cycles_names_the_bad_part():
    with pytest.raises(OGPAnalysisError, match="'13'"):
        parse_cycles("2011,13")


def test_output_names_per_kind():
    params = {"member": MEMBER, "cycle": 2019}
    assert KINDS["self-assessment"].outputs("r", params).figures == Path("r/united-kingdom/self-assessment-2019-figures")
    assert KINDS["cross-cycle"].outputs("r", params).rendered("pdf") == Path("r/united-kingdom/cross-cycle.pdf")
    with pytest.raises(OGPAnalysisError, match="not a member slug"):
        KINDS["cross-cycle"].outputs("r", {"member": "../etc"})


# --- helpers the notebooks call ---------------------------------------------------------------


def test_html_table_escapes_text_and_shortens_links():
    frame = pd.DataFrame({"title": ["A & B <i>", None], "url": [PAGE.format("UK0042"), None],
                          "n": [1, 2]})
    out = str(html.html_table(frame, links=["url"], caption="T & C"))
    assert "A &amp; B &lt;i&gt;" in out and "<caption>T &amp; C</caption>" in out
    assert f'<a href="{PAGE.format("UK0042")}">opengovpartnership.org › UK0042</a>' in out
    assert '<td class="num">2</td>' in out and "<td>–</td>" in out


def test_html_table_widths_fill_the_page_and_favour_long_text():
    frame = pd.DataFrame({"commitment_id": ["UK0042"], "title": ["A long commitment title " * 3],
                          "n": [1]})
    widths = [float(w) for w in re.findall(r'width: ([0-9.]+)%', str(html.html_table(frame)))]
    assert len(widths) == 3 and abs(sum(widths) - 100) < 0.5
    assert widths[1] > widths[0] > widths[2]


def test_html_table_says_how_many_rows_were_left_out():
    out = str(html.html_table(pd.DataFrame({"a": range(5)}), max_rows=2))
    assert out.count("<tr>") == 3 and "3 more rows" in out


def test_data_sources_says_undated_and_counts_documents(data):
    tables = load_tables(data)
    got = summaries.data_sources(tables, MEMBER, 2013).set_index(["source type", "origin"])
    assert got.loc[("ogp_page", "pages"), "snapshot dates"] == "2024-05-01"
    assert got.loc[("ogp_page", "bundled"), "snapshot dates"] == "undated"
    assert got.loc[("ogp_page", "bundled"), "undated documents"] == 1
    assert got.loc[("gov_self_assessment", "bundled"), "commitments"] == 1
    # the 2016 plan's page is not a source of the 2013 report
    assert got["documents"].sum() == 3


@pytest.mark.parametrize("name", [pytest.param("At a glance", id="spaces"),
                                  pytest.param("../x", id="path"), pytest.param("", id="empty")])
def test_figure_recorder_refuses_names_that_are_not_file_slugs(name, tmp_path):
    with pytest.raises(ValueError, match="lower-case words"):
        record.FigureRecorder(tmp_path).record(name, pd.DataFrame())


def test_figure_recorder_writes_csv_and_keeps_an_index(tmp_path):
    rec = record.FigureRecorder(tmp_path)
    rec.record("at-a-glance", pd.DataFrame({"value": [1, 2]}))
    assert pd.read_csv(tmp_path / "at-a-glance.csv")["value"].tolist() == [1, 2]
    assert rec.index().to_dict("records") == [{"figure": "at-a-glance", "rows": 2, "file": "at-a-glance.csv"}]
    with pytest.raises(ValueError, match="recorded twice"):
        rec.record("at-a-glance", pd.DataFrame())


def test_figure_recorder_without_a_folder_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record.FigureRecorder("").record("x", pd.DataFrame({"a": [1]}))
    assert not any(tmp_path.iterdir())


def test_coverage_matrix_shows_each_kind_by_its_reader_label_and_names_the_silent_questions():
    cov = pd.DataFrame({
        "assessor": ["irm"] * 6 + ["government"] * 2,
        "indicator": ["completion_latest"] * 3 + ["diog"] * 3 + ["completion_latest"] * 2,
        "kind": ["value", "not_reviewed", "not_in_data", "value", "not_applicable", "not_in_data",
                 "value", "not_in_data"],
        "value": [3, 1, 1, 0, 2, 3, 0, 5]})
    table, dropped = present.coverage_matrix(cov)
    assert table.to_dict("records") == [
        {"assessor": "IRM", "indicator": "Completion at the latest stage", "value": 3,
         "not reviewed": 1, "not in the data": 1, "commitments": 5}]
    assert dropped == {"IRM": ["Did it open government"],
                       "Government": ["Completion at the latest stage"]}
    note = str(present.coverage_note(dropped))
    assert "IRM: Did it open government; Government: Completion at the latest stage" in note


def test_batch_starts_the_longest_reports_first():
    """Cross-cycle reports first, then plans by their number of commitments: with two workers,
    the last report to finish is a short one."""
    import pandas as pd

    from ogp_analysis.report.batch import Job, _longest_first

    com = pd.DataFrame({"member": ["a"] * 2 + ["b"] * 5 + ["a"] * 3,
                        "cycle": [2011] * 2 + [2013] * 5 + [2016] * 3})
    planned = [Job("self-assessment", {"member": "a", "cycle": 2011}),
               Job("self-assessment", {"member": "b", "cycle": 2013}),
               Job("cross-cycle", {"member": "a"}),
               Job("self-assessment", {"member": "a", "cycle": 2016}),
               Job("self-assessment", {"member": "c", "cycle": 2020})]  # no commitment
    order = [planned[i].label for i in _longest_first(planned, {"commitments": com})]
    assert order == ["a cross-cycle", "b self-assessment 2013", "a self-assessment 2016",
                     "a self-assessment 2011", "c self-assessment 2020"]
