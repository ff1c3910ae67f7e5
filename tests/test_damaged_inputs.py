"""A damaged input never changes a figure in silence (issue 29): each ends in a clean read, one line, or a data_quality row."""

from __future__ import annotations

import csv
import io

import pytest

from ogp_analysis.cli import main as cli_main
from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.ingest.release import read_release
from ogp_analysis.normalise import build_tables

IDS = ("UK0051", "UK0059", "UK0062")


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
