"""`ogp-analysis export --format xlsx`: one workbook that reads back (with the README's line) into the tables' values."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ogp_analysis.cli import main
from ogp_analysis.export import DICTIONARY_SHEET, MARKER, READ_BACK, write_workbook
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.report.implementation import data_snapshot
from ogp_analysis.storage import load_tables
from tests.conftest import REPO

# What the README tells a researcher to pass to pandas, for the CSV copies and the workbook.
README_KEYWORDS = 'keep_default_na=False, na_values=[""]'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "processed"
    assert main(["build", "--out", str(out)]) == 0
    return out


def read_back(path):
    """The README's line, as the CLI prints it."""
    return eval(READ_BACK.replace("FILE", repr(str(path))), {"pd": pd})


def plain(v):
    """A cell value compared across Parquet, CSV and Excel: None for missing, Python scalars, naive UTC times."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.tz_convert("UTC").tz_localize(None) if v.tzinfo else v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return int(v) if float(v).is_integer() else float(v)
    return v


def differences(loaded: pd.DataFrame, read: pd.DataFrame, digits_read_as_numbers: bool = False) -> list:
    """(column, loaded, read) for every value that differs, but an empty text read as missing.

    pandas reads an empty text ("" in `value_printed`: the page printed nothing) as missing from
    a CSV and from a workbook alike; its kind stays in `missing_reason`.
    """
    assert list(read.columns) == list(loaded.columns)
    out = []
    for c in loaded.columns:
        for x, y in zip(loaded[c].astype(object), read[c].astype(object), strict=True):
            x, y = plain(x), plain(y)
            if isinstance(x, pd.Timestamp) and isinstance(y, str):
                y = plain(pd.Timestamp(y))  # the CSV's ISO text of a UTC time
            if digits_read_as_numbers and isinstance(x, str) and x.isdigit() and isinstance(y, int):
                y = str(y)  # a CSV cannot say "2018" is text: pandas reads it as a number (README)
            if x != y and not (x == "" and y is None):
                out.append((c, x, y))
    return out


def test_readme_gives_the_line_that_reads_the_csv_and_the_workbook_back():
    text = (REPO / "README.md").read_text()
    assert README_KEYWORDS in READ_BACK
    assert f'pd.read_csv("data/processed/assessments.csv", {README_KEYWORDS})' in text
    assert READ_BACK.replace("FILE", '"tables.xlsx"') in text


def test_exported_workbook_reads_back_into_the_loaded_tables_table_by_table(built, tmp_path, capsys):
    out = tmp_path / "tables.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--data", str(built)]) == 0
    assert "read it back with: " + READ_BACK.replace("FILE", repr(str(out))) in capsys.readouterr().out
    tables = load_tables(built)
    sheets = read_back(out)
    assert list(sheets) == [DICTIONARY_SHEET, *TABLES]
    for name in TABLES:
        assert len(sheets[name]) == len(tables[name]), name
        assert differences(tables[name], sheets[name]) == [], name
    # "ND"/"NA"/"NR" codes of the data stay text, and at least one table has them
    printed = sheets["assessments"]["value_printed"]
    assert set(printed.dropna()) & {"ND", "NA", "NR"} == set(
        tables["assessments"]["value_printed"].dropna()) & {"ND", "NA", "NR"}
    # the first sheet: the snapshot, and a row per field of every table with the table's rows
    about = sheets[DICTIONARY_SHEET]
    assert about.iloc[0, :2].tolist() == ["data snapshot", data_snapshot(built)["snapshot"]]
    fields = about[about.iloc[:, 0].isin(TABLES) & about.iloc[:, 2].notna()]
    assert len(fields) == sum(len(t.fields) for t in TABLES.values())
    rows = dict(zip(fields.iloc[:, 0], fields.iloc[:, 1], strict=False))
    assert rows == {name: len(tables[name]) for name in TABLES}


def test_processed_csv_read_with_the_readme_line_keeps_the_values(built):
    tables = load_tables(built)
    for name in TABLES:
        read = eval(f'pd.read_csv(path, {README_KEYWORDS})', {"pd": pd, "path": built / f"{name}.csv"})
        assert differences(tables[name], read, digits_read_as_numbers=True) == [], name


TRAPS = ['=HYPERLINK("http://example.org","click")', "+44 20 7946 0000", "-5 days", "@SUM(A1:A9)",
         "\tindented", "#N/A", "#REF!", "NA", "ND", "NR", "None"]


def test_text_that_a_spreadsheet_reads_as_a_formula_is_written_as_text(built, tmp_path):
    tables = load_tables(built)
    com = tables["commitments"].copy()
    com.loc[: len(TRAPS) - 1, "title"] = TRAPS
    tables["commitments"] = com
    out = tmp_path / "traps.xlsx"
    write_workbook(tables, out, built)
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    sheet = wb["commitments"]
    column = next(c.column_letter for c in sheet[1] if c.value == "title")
    titles = {c.value: c for c in sheet[column]}
    assert all(titles[t].data_type == "s" for t in TRAPS)
    # Excel's quote prefix (the leading apostrophe) on those a spreadsheet would evaluate
    assert [t for t in TRAPS if titles[t].quotePrefix] == TRAPS[:5]
    assert read_back(out)["commitments"]["title"].head(len(TRAPS)).tolist() == TRAPS


def test_export_replaces_its_own_workbook_and_refuses_any_other_file(built, tmp_path, capsys):
    out = tmp_path / "tables.xlsx"
    args = ["export", "--out", str(out), "--data", str(built)]
    assert main(args) == 0
    assert main(args) == 0  # its own workbook (the marker property) is replaced
    assert MARKER in openpyxl.load_workbook(out, read_only=True).custom_doc_props.names
    theirs = tmp_path / "theirs.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "my notes"
    wb.save(theirs)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    for path in (theirs, text):
        before = path.read_bytes()
        capsys.readouterr()
        assert main(["export", "--out", str(path), "--data", str(built)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "was not written by `ogp-analysis export`" in err, err
        assert path.read_bytes() == before
    assert main(["export", "--out", str(tmp_path / "tables.csv"), "--data", str(built)]) == 2
    assert not (tmp_path / "tables.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.xlsx", "tables.xlsx", "theirs.xlsx"]


def test_a_text_longer_than_a_cell_is_refused_before_anything_is_written(built, tmp_path):
    from ogp_analysis.errors import OGPAnalysisError

    tables = load_tables(built)
    com = tables["commitments"].copy()
    com["description"] = com["description"].astype(object)
    com.loc[3, "description"] = "x" * 40_000
    tables["commitments"] = com
    with pytest.raises(OGPAnalysisError, match=rf"table commitments, {com.loc[3, 'commitment_id']}, "
                                               r"column description: 40,000 characters"):
        write_workbook(tables, tmp_path / "long.xlsx", built)
    assert list(tmp_path.iterdir()) == []
