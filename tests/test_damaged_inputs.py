"""A damaged input never changes a figure in silence (issue 29): each ends in a clean read, one line, or a data_quality row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ogp_analysis.cli import main as cli_main
from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.ingest.release import read_release
from ogp_analysis.normalise import build_tables

IDS = ("UK0051", "UK0059", "UK0062")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def release(release_csv) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, three UK rows and one Chilean row of the real release."""
    with release_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        every = list(reader)
    rows = [r for r in every if r[0].upper() in IDS]
    chile = next(r for r in every if r[1] == "Chile")
    return header, rows, chile


def _csv(header, rows, end="\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end).writerows([header, *rows])
    return buf.getvalue()


def _tables(tmp_path, text: str | bytes, name="release.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return build_tables(read_release(path, build_year=2026))[0]


def _dq(tables, problem):
    dq = tables["data_quality"]
    return dq[dq["problem"] == problem]


def _without(header, rows, column):
    i = header.index(column)
    return [c for j, c in enumerate(header) if j != i], [[c for j, c in enumerate(r) if j != i]
                                                          for r in rows]


def test_a_duplicated_release_column_is_refused_naming_it(release, tmp_path):
    header, rows, _ = release
    text = _csv([*header, "Completion (End Of Term)"], [[*r, "Not Started"] for r in rows])
    with pytest.raises(OGPAnalysisError, match=r"column 'Completion \(End Of Term\)' appears 2 times"):
        _tables(tmp_path, text)


def test_build_strict_refuses_a_duplicated_or_missing_required_column(release, tmp_path, capsys):
    header, rows, _ = release
    dup = tmp_path / "dup.csv"
    dup.write_text(_csv([*header, "Completion (End Of Term)"], [[*r, "x"] for r in rows]))
    missing = tmp_path / "missing.csv"
    missing.write_text(_csv(*_without(header, rows, "Country/Locality")))
    for path, column in ((dup, "Completion (End Of Term)"), (missing, "Country/Locality")):
        code = cli_main(["build", "--no-bundled", "--strict", "--irm-data", str(path), "--out",
                         str(tmp_path / "out")])
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert repr(column) in err and path.name in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("column", ["Completion (End Of Term)", "Potential Impact", "Open Parliaments"])
def test_a_missing_optional_column_is_a_warning_naming_it_and_the_rows(release, tmp_path, column):
    header, rows, _ = release
    tables = _tables(tmp_path, _csv(*_without(header, rows, column)))
    (row,) = _dq(tables, "missing_column").query("field == @column").itertuples()
    assert row.severity == "warning"
    assert repr(column) in row.detail and f"{len(rows)} row(s)" in row.detail
    assert len(_dq(tables, "missing_column")) == 1  # the other columns are all there


def test_build_strict_refuses_a_missing_optional_column(release, tmp_path, capsys):
    header, rows, _ = release
    path = tmp_path / "release.csv"
    path.write_text(_csv(*_without(header, rows, "Potential Impact")))
    code = cli_main(["build", "--no-bundled", "--strict", "--irm-data", str(path), "--out",
                     str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1 and "missing_column" in out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_cr_and_crlf_line_endings_read_the_same_tables_as_lf(release, tmp_path, end):
    header, rows, _ = release
    # An old Mac export ends lines and in-cell breaks alike with CR.
    cells = [[c.replace("\r\n", end).replace("\n", end) for c in r] for r in rows]
    lf = _tables(tmp_path, _csv(header, rows), "lf.csv")
    other = _tables(tmp_path, b"\xef\xbb\xbf" + _csv(header, cells, end).encode(), "other.csv")
    for name in ("commitments", "assessments", "commitment_policy_areas"):
        assert len(other[name]) == len(lf[name]), name
    def lines(t):  # the in-cell breaks are the file's own
        return t.str.replace("\r\n", "\n").str.replace("\r", "\n").tolist()
    assert lines(other["commitments"]["title"]) == lines(lf["commitments"]["title"])
    assert set(other["data_quality"]["problem"]) == set(lf["data_quality"]["problem"])


def test_a_url_naming_another_member_keeps_the_country_and_warns(release, tmp_path):
    header, rows, _ = release
    url = header.index("URL")
    rows = [list(r) for r in rows]
    rows[0][url] = rows[0][url].replace("united-kingdom", "kenya")
    tables = _tables(tmp_path, _csv(header, rows))
    assert set(tables["commitments"]["member"]) == {"united-kingdom"}
    (row,) = _dq(tables, "member_disagreement").itertuples()
    assert row.severity == "warning" and row.commitment_id == rows[0][0].upper()
    assert "'United Kingdom'" in row.detail and "'kenya'" in row.detail


def test_an_id_prefix_of_another_member_warns_naming_all_three(release, tmp_path):
    header, rows, chile = release
    rows = [list(r) for r in rows]
    rows[0][0] = "CL9051"
    rows[0][header.index("URL")] = rows[0][header.index("URL")].replace("united-kingdom", "kenya")
    tables = _tables(tmp_path, _csv(header, [*rows, chile]))
    assert tables["commitments"].set_index("commitment_id").loc["CL9051", "member"] == "united-kingdom"
    (row,) = _dq(tables, "member_disagreement").itertuples()
    assert all(w in row.detail for w in ("'United Kingdom'", "'CL'", "'chile'", "'kenya'"))


@pytest.mark.parametrize(("column", "printed", "problem"), [
    ("Action Plan End Year", "9" * 20, "unknown_value"),
    ("Action Plan End Year", "2012", "implausible_year"),  # before the plan's start (2013)
    ("Year Of Submission", "20_14", "unknown_value"),
    ("Year Of Submission", "２０１４", "unknown_value"),
])
def test_a_bad_year_is_reported_and_not_used(release, tmp_path, column, printed, problem):
    header, rows, _ = release
    rows = [list(r) for r in rows]
    rows[1][header.index(column)] = printed
    tables = _tables(tmp_path, _csv(header, rows))
    hit = _dq(tables, problem).query("field == @column")
    assert len(hit) == 1 and hit["value_printed"].iloc[0] == printed
    if column == "Year Of Submission":
        com = tables["commitments"]
        assert com.loc[com["commitment_id"] == rows[1][0].upper(), "cycle"].isna().all()
    else:
        assert not tables["action_plans"]["end_year"].isin([2012, int(printed)]).any()


# --- no traceback: each of these is one line naming what is wrong -------------------------------

def _one_line(argv, capsys, *words) -> str:
    code = cli_main(argv)
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert code == 2 and len(lines) == 1, err
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


@pytest.mark.parametrize(("flag", "value"), [
    ("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "0"), ("--rpm", "nan"),
    ("--rpm", "-5"), ("--rpm", "inf"), ("--retries", "-1"),
])
def test_fetch_refuses_nan_inf_and_negative_numbers_naming_the_flag(tmp_path, capsys, flag, value):
    argv = ["fetch", "--member", "united-kingdom", "--base-url", "http://127.0.0.1:9",
            "--raw-dir", str(tmp_path / "pages"), "--no-progress", flag, value]
    _one_line(argv, capsys, flag, value)
    assert not (tmp_path / "pages").exists()


def test_parse_refuses_a_retrieved_at_that_is_no_date(capsys):
    page = sorted((REPO / "tests" / "pages").glob("UK*.html"))[0]
    _one_line(["parse", str(page), "--retrieved-at", "yesterday"], capsys, "--retrieved-at",
              "'yesterday'")
    assert cli_main(["parse", str(page), "--retrieved-at", "2024-05-01T09:30:00Z"]) == 0


def test_parse_refuses_a_negative_indent(capsys):
    page = sorted((REPO / "tests" / "pages").glob("UK*.html"))[0]
    _one_line(["parse", str(page), "--indent", "-4"], capsys, "--indent", "-4")


def test_parse_of_an_endless_file_stops_at_the_bound(capsys):
    _one_line(["parse", "/dev/zero"], capsys, "/dev/zero", "larger than")


@pytest.mark.parametrize(("name", "body"), [("empty.txt", b""), ("blank.txt", b" \n\n"),
                                            ("noise.bin", bytes(range(256)) * 8)])
def test_process_extract_refuses_what_is_not_text(tmp_path, capsys, name, body):
    path = tmp_path / name
    path.write_bytes(body)
    _one_line(["process", "extract", str(path)], capsys, name)
    assert capsys.readouterr().out == ""


@pytest.fixture(scope="module")
def built(release, tmp_path_factory):
    """A processed folder built from three release rows, and a copy with a corrupt table."""
    header, rows, _ = release
    tmp = tmp_path_factory.mktemp("built")
    (tmp / "release.csv").write_text(_csv(header, rows), encoding="utf-8")
    good, bad = tmp / "good", tmp / "bad"
    assert cli_main(["build", "--no-bundled", "--irm-data", str(tmp / "release.csv"), "--out",
                     str(good)]) == 0
    bad.mkdir()
    for f in good.iterdir():
        if f.is_file():
            (bad / f.name).write_bytes(f.read_bytes())
    (bad / "commitments.parquet").write_bytes(b"PAR1" + b"\x00not parquet" * 10)
    return good, bad


@pytest.mark.parametrize("command", ["figures", "diff", "report"])
def test_a_corrupt_processed_table_is_one_line_naming_it_and_the_rebuild(built, capsys, tmp_path,
                                                                          command):
    good, bad = built
    argv = {"figures": ["figures", "at-a-glance", "--member", "united-kingdom", "--cycle", "2013",
                        "--data", str(bad)],
            "diff": ["diff", str(good), str(bad)],
            "report": ["report", "self-assessment", "--member", "united-kingdom", "--cycle",
                       "2013", "--format", "ipynb", "--data", str(bad), "--out", str(tmp_path)]}
    _one_line(argv[command], capsys, str(bad / "commitments.parquet"), "`ogp-analysis build`")


def test_a_report_notebook_that_is_not_json_is_named(built, tmp_path, capsys):
    good, _ = built
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "self_assessment.ipynb").write_text('{"cells": [', encoding="utf-8")
    _one_line(["report", "self-assessment", "--member", "united-kingdom", "--cycle", "2013",
               "--data", str(good), "--notebooks", str(tmp_path / "nb"), "--out",
               str(tmp_path / "r")], capsys, "self_assessment.ipynb", "not valid JSON")
    assert not (tmp_path / "r").exists()


MEETING = {"meeting_id": "united-kingdom-2014-02-26-forum", "member": "united-kingdom",
           "date": "2014-02-26", "kind": "forum", "plans": "2013:implementation",
           "attendees_total": "12", "commitments": "UK0051"}


def _rows_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _process_tables(tmp_path, files: dict[str, str], release_rows=None):
    from ogp_analysis.ingest.process_records import read_process_folder

    folder = tmp_path / "process"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    recs = read_process_folder(folder, root=tmp_path)
    if release_rows is not None:
        (tmp_path / "release.csv").write_text(_csv(*release_rows), encoding="utf-8")
        recs = [*read_release(tmp_path / "release.csv"), *recs]
    return build_tables(recs)[0]


def test_an_empty_process_file_is_one_row_and_the_others_are_read(tmp_path):
    tables = _process_tables(tmp_path, {"a-empty.csv": "", "b.csv": _rows_csv([MEETING])})
    (row,) = _dq(tables, "empty_file").itertuples()
    assert "a-empty.csv" in row.detail and row.severity == "error"
    assert tables["meetings"]["meeting_id"].tolist() == [MEETING["meeting_id"]]


@pytest.mark.parametrize("count", ["9" * 20, "10001", "１２"])
def test_an_attendance_count_out_of_bounds_is_reported_not_read(tmp_path, count):
    tables = _process_tables(tmp_path, {"m.csv": _rows_csv([MEETING | {"attendees_total": count}])})
    assert tables["meeting_attendance"].empty
    assert _dq(tables, "bad_count")["value_printed"].tolist() == [count]


# --- one member rule for pages -------------------------------------------------------------------

@pytest.mark.parametrize("where", ["member line", "title", "canonical link"])
def test_a_page_whose_own_words_name_another_member_than_its_url_is_warned(where):
    from ogp_analysis.parse import parse_document

    page = sorted((REPO / "tests" / "pages").glob("UK*.html"))[0]
    html = page.read_text(encoding="utf-8")
    cid = page.name[:6]
    if where == "title":
        html = html.replace("<p>United Kingdom</p>", "<p>Home About Members</p>", 1).replace(
            "<title>OGP</title>", "<title>X | Commitment from United Kingdom | OGP</title>")
    elif where == "canonical link":
        html = html.replace("<p>United Kingdom</p>", "<p>Home About Members</p>", 1).replace(
            "<head>", '<head><link rel="canonical" href="https://www.opengovpartnership.org/'
            f'members/united-kingdom/commitments/{cid}/">', 1)
    url = f"https://www.opengovpartnership.org/members/kenya/commitments/{cid}/"
    rec = parse_document(html.encode(), url, build_year=2026)
    (note,) = [q for q in rec.parts["data_quality"] if q["problem"] == "member_disagreement"]
    assert note["severity"] == "warning" and "'kenya'" in note["detail"]
    assert where.split()[0] in note["detail"].replace("<title>", "title")
    same = parse_document(html.encode(), url.replace("kenya", "united-kingdom"), build_year=2026)
    assert not [q for q in same.parts["data_quality"] if q["problem"] == "member_disagreement"]


# --- spreadsheet-safe where spreadsheets open the file ----------------------------------------------

FORMULA = '=HYPERLINK("http://x.invalid","y")'


@pytest.mark.parametrize(("cell", "written"), [
    (FORMULA, "'" + FORMULA), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
    ("-2+3", "'-2+3"), ("\t=1", "'\t=1"), ("-3", "-3"), ("+1.5", "+1.5"), ("-12%", "-12%"),
    ("Open data", "Open data"), ("", ""), (None, None), (-3, -3),
])
def test_a_cell_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not(cell, written):
    from ogp_analysis.spreadsheet import neutralise_cell

    assert neutralise_cell(cell) == written


def test_a_report_figure_csv_never_begins_a_text_cell_with_a_formula(release, tmp_path):
    """Acceptance: a commitment titled =HYPERLINK(...) in a report's figure CSVs, processed tables exact."""
    from ogp_analysis.storage import load_tables

    header, rows, _ = release
    rows = [list(r) for r in rows]
    rows[0][header.index("Commitment Title")] = FORMULA
    (tmp_path / "release.csv").write_text(_csv(header, rows), encoding="utf-8")
    data = tmp_path / "data"
    assert cli_main(["build", "--no-bundled", "--irm-data", str(tmp_path / "release.csv"), "--out",
                     str(data)]) == 0
    assert FORMULA in load_tables(data)["commitments"]["title"].tolist()  # the data keeps it
    assert cli_main(["report", "self-assessment", "--member", "united-kingdom", "--cycle",
                     rows[0][header.index("Year Of Submission")], "--assessor", "irm", "--format",
                     "ipynb", "--data", str(data), "--out", str(tmp_path / "reports")]) == 0
    cells = [c for f in (tmp_path / "reports").rglob("*.csv")
             for r in csv.reader(f.open(encoding="utf-8")) for c in r]
    titled = [c for c in cells if "HYPERLINK" in c]
    assert titled and all(c == "'" + FORMULA for c in titled)
    assert not [c for c in cells if c[:1] in ("=", "@")]


# --- every reader bounds its cells: references, members, duplicates, short rows ---------------------

def test_meeting_rows_naming_unknown_or_other_members_commitments_are_warned(release, tmp_path):
    header, rows, chile = release
    meetings = [MEETING | {"commitments": "UK9999"},
                MEETING | {"meeting_id": "united-kingdom-2014-03-26-forum", "date": "2014-03-26",
                           "commitments": chile[0].upper()},
                MEETING | {"meeting_id": "narnia-2014-02-26-forum", "member": "narnia",
                           "commitments": ""}]
    tables = _process_tables(tmp_path, {"m.csv": _rows_csv(meetings)}, (header, [*rows, chile]))
    unknown = _dq(tables, "unknown_commitment")
    assert unknown["value_printed"].tolist() == ["UK9999"]
    assert (unknown["severity"] == "warning").all()
    (other,) = _dq(tables, "other_member_commitment").itertuples()
    assert chile[0].upper() in other.detail and "'chile'" in other.detail
    (member,) = _dq(tables, "unknown_member").itertuples()
    assert "'narnia'" in member.detail
    # kept as stated, not matched to something else
    assert "UK9999" in tables["meeting_commitments"]["commitment_id"].tolist()


def test_build_strict_refuses_a_meeting_naming_an_unknown_commitment(release, tmp_path):
    from ogp_analysis.ingest.process_records import read_process_folder

    header, rows, _ = release
    (tmp_path / "release.csv").write_text(_csv(header, rows), encoding="utf-8")
    (tmp_path / "process").mkdir()
    strict = {}
    for cid in ("UK0051", "UK9999"):
        (tmp_path / "process" / "m.csv").write_text(_rows_csv([MEETING | {"commitments": cid}]))
        recs = [*read_release(tmp_path / "release.csv"),
                *read_process_folder(tmp_path / "process", root=tmp_path)]
        strict[cid] = build_tables(recs)[1].strict_failures
    assert strict == {"UK0051": 0, "UK9999": 1}


def test_a_short_meeting_row_names_the_cells_it_lacks(tmp_path):
    text = _rows_csv([MEETING])
    head, line = text.splitlines()
    tables = _process_tables(tmp_path, {"m.csv": head + "\n" + ",".join(line.split(",")[:5]) + "\n"})
    (row,) = _dq(tables, "short_row").itertuples()
    assert "attendees_total" in row.detail and row.severity == "warning"
    assert tables["meeting_attendance"].empty


def test_a_duplicate_meeting_with_other_values_is_a_warning_and_an_exact_one_is_counted_once(tmp_path):
    again = MEETING | {"attendees_total": "30"}
    tables = _process_tables(tmp_path, {"m.csv": _rows_csv([MEETING, again, MEETING])})
    dup = _dq(tables, "duplicate_row")
    differ = dup[dup["severity"] == "warning"]
    # The stated total is the meeting's own (issue 28: totals live in `meetings`).
    assert len(differ) == 1 and "attendees_total 30 where the first says 12" in differ["detail"].iloc[0]
    assert differ["table_name"].tolist() == ["meetings"]
    assert tables["meetings"]["attendees_total"].tolist() == [12]  # the first kept
    assert (dup[dup["severity"] == "info"]["detail"].str.contains("same values")).all()


def test_an_exact_duplicate_progress_row_is_counted_once(tmp_path):
    from ogp_analysis.ingest.progress import read_progress_folder

    update = {"commitment_id": "UK0051", "as_of_date": "2014-03-01", "assessor": "government",
              "progress_status_printed": "Substantial", "source_type": "gov_self_assessment"}
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "p.csv").write_text(_rows_csv([update, update]), encoding="utf-8")
    tables = build_tables(read_progress_folder(tmp_path / "progress", plans={}, root=tmp_path))[0]
    assert len(tables["progress_updates"]) == 1
    (row,) = _dq(tables, "duplicate_row").itertuples()
    assert "line 3 repeats line 2" in row.detail
    assert _dq(tables, "unknown_commitment")["value_printed"].tolist() == ["UK0051"]


# --- the crawl's summary names what was retried and what changed -----------------------------------

def test_the_fetch_summary_names_retried_and_changed_pages(tmp_path):
    from http_site import refresh_through_faults

    from ogp_analysis.commands.fetch import _print_summary

    summary, url, other = refresh_through_faults(tmp_path)
    out = io.StringIO()
    _print_summary(summary, out)
    out = out.getvalue()
    assert "retried (429/5xx, timeouts): 1" in out
    assert f"{url}: 2 retries after HTTP 500, HTTP 429; then HTTP 200" in out
    changed = out.split("changed on the site (the new version kept beside the old):", 1)[1]
    assert url in changed and other not in changed


def test_a_page_printing_a_numeric_code_for_a_word_is_warned():
    from ogp_analysis.parse import parse_document

    page = sorted((REPO / "tests" / "pages").glob("UK*.html"))[0]
    html = page.read_text(encoding="utf-8").replace("Verifiable:</dt><dd>Yes</dd>",
                                                    "Verifiable:</dt><dd>0</dd>", 1)
    url = f"https://www.opengovpartnership.org/members/united-kingdom/commitments/{page.name[:6]}/"
    rec = parse_document(html.encode(), url, build_year=2026)
    (note,) = [q for q in rec.parts["data_quality"] if q["problem"] == "numeric_code"]
    assert note["severity"] == "warning" and note["value_printed"] == "0"
    assert "'No'" in note["detail"]
    plain = parse_document(page.read_bytes(), url, build_year=2026)
    assert not [q for q in plain.parts["data_quality"] if q["problem"] == "numeric_code"]


def test_a_nul_inside_a_release_cell_is_refused_naming_the_file(release, tmp_path):
    header, rows, _ = release
    rows = [[c.replace("United Kingdom", "United\x00 Kingdom") for c in r] for r in rows]
    with pytest.raises(OGPAnalysisError, match=r"nul\.csv: a binary file"):
        _tables(tmp_path, _csv(header, rows), "nul.csv")
