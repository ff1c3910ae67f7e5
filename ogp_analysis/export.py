"""The processed tables as one Excel workbook: a data-dictionary sheet first, then one sheet per table.

Text is written as text, never as a formula or an error code: a value such as `=SUM(A1)`,
`-5 days` or `#N/A` is a text cell (the ones a spreadsheet would take for a formula also carry
Excel's quote prefix, `spreadsheet.formula_like`). A missing value is an empty cell; the release's
codes "NA", "ND" and "NR" are text. Times are UTC. The workbook carries a custom document
property (`MARKER`), so the command replaces a workbook it wrote and refuses any other file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.spreadsheet import formula_like

# The custom document property that marks a workbook `ogp-analysis export` wrote (its value:
# the data snapshot it holds).
MARKER = "ogp-analysis export"
DICTIONARY_SHEET = "data dictionary"
# The one line that reads the workbook back with the missing codes intact (README, dictionary sheet).
READ_BACK = 'pd.read_excel(FILE, sheet_name=None, dtype=object, keep_default_na=False, na_values=[""])'
# Excel's limits: characters in a cell, rows in a sheet (the header is one).
MAX_CELL_TEXT = 32_767
MAX_ROWS = 1_048_576


def written_by_export(path: Path) -> bool:
    """True when `path` is a workbook this module wrote (it carries the `MARKER` property)."""
    from openpyxl.packaging.custom import CustomPropertyList
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("docProps/custom.xml")
        props = CustomPropertyList.from_tree(fromstring(xml))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError):
        return False
    return any(p.name == MARKER for p in props.props)


def check_target(path: Path) -> None:
    """Refuse a target the export must not write: not `.xlsx`, a folder, or a file it did not write.

    Raises:
        OGPAnalysisError: one line naming the file and why.
    """
    if path.suffix.lower() != ".xlsx":
        raise OGPAnalysisError(f"{path}: the workbook's name must end in .xlsx")
    if path.is_dir():
        raise OGPAnalysisError(f"{path} is a folder; name the workbook file to write")
    if not path.parent.is_dir():
        raise OGPAnalysisError(f"{path.parent} is not a folder; name a workbook in an existing folder")
    if path.exists() and not written_by_export(path):
        raise OGPAnalysisError(f"{path} exists and was not written by `ogp-analysis export`; "
                               "it is left as it is: name another file")


def _column(s: pd.Series) -> list:
    """A column as Python values for openpyxl: None for missing, naive UTC datetimes, plain str."""
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return [None if v is pd.NaT else v.to_pydatetime()
                for v in s.dt.tz_convert("UTC").dt.tz_localize(None)]
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype("string")
    return s.to_numpy(dtype=object, na_value=None).tolist()


class _TextCells:
    """Makes a text value a cell openpyxl cannot take for a formula or an error code."""

    def __init__(self, sheet):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

        self.sheet, self.cell_class = sheet, WriteOnlyCell
        self.errors, self.illegal = ERROR_CODES, ILLEGAL_CHARACTERS_RE
        self.replaced = 0  # values with characters an .xlsx cannot hold

    def __call__(self, v):
        if not isinstance(v, str):
            return v
        if self.illegal.search(v):
            v, _ = self.illegal.subn("\ufffd", v)
            self.replaced += 1
        if not (v.startswith("=") or formula_like(v) or v in self.errors):
            return v
        cell = self.cell_class(self.sheet, value=v)
        cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error
        cell.quotePrefix = formula_like(v)  # Excel's leading apostrophe: stays text when edited
        return cell


def check_fits(name: str, df: pd.DataFrame) -> None:
    """Refuse a table an Excel sheet cannot hold whole (checked before anything is written).

    Raises:
        OGPAnalysisError: too many rows, or a text longer than a cell takes (named by row and column).
    """
    if len(df) >= MAX_ROWS:
        raise OGPAnalysisError(f"table {name} has {len(df):,} rows, more than an Excel sheet takes")
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(df[c].dtype):
            lengths = df[c].astype("string").str.len().fillna(0).to_numpy()
            if len(lengths) and lengths.max() > MAX_CELL_TEXT:
                at = int(lengths.argmax())
                row = df["commitment_id"].iloc[at] if "commitment_id" in df else f"row {at + 1}"
                raise OGPAnalysisError(
                    f"table {name}, {row}, column {c}: {int(lengths[at]):,} characters, more than an "
                    f"Excel cell takes ({MAX_CELL_TEXT:,}); read it from the CSV or Parquet copy")


def _write_table(wb, name: str, df: pd.DataFrame) -> int:
    """One sheet: the header, then the rows; returns how many values had characters replaced."""
    sheet = wb.create_sheet(name)
    sheet.append(list(df.columns))
    text = _TextCells(sheet)
    for row in zip(*[_column(df[c]) for c in df.columns], strict=True):
        sheet.append([text(v) for v in row])
    return text.replaced


def _dictionary_rows(tables: dict[str, pd.DataFrame], snapshot: dict) -> list[list]:
    from ogp_analysis.dictionary import field_row

    rows = [
        ["OGP analysis: the processed tables, one sheet each"],
        ["data snapshot", snapshot["snapshot"]],
        ["built", snapshot["built_at"]],
        ["read it back with pandas", READ_BACK],
        ["missing values", "An empty cell is a missing value (its kind is in missing_reason where the "
         "table has one). NA, ND and NR are codes of the IRM data release, kept as text."],
        ["times", "UTC"],
        [],
        ["table", "rows", "field", "type", "nullable", "description"],
    ]
    for t in TABLES.values():
        rows += [[t.name, len(tables[t.name]), *field_row(t, f)] for f in t.fields]
    return rows


def write_workbook(tables: dict[str, pd.DataFrame], path: Path | str, data: Path | str | None = None) -> dict:
    """Write every processed table into one workbook at `path` (replaced as a whole, atomically).

    Args:
        tables: the processed tables (`load_tables(data)`).
        path: the `.xlsx` file; an existing file must be a workbook this function wrote.
        data: the processed tables folder, for the data snapshot (None: the default).

    Returns:
        {"tables", "rows", "replaced_characters", "snapshot", "built_at"}.

    Raises:
        OGPAnalysisError: a target it must not write, or a value Excel cannot hold.
    """
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    from ogp_analysis.report.implementation import data_snapshot

    path = Path(path)
    check_target(path)
    for name in TABLES:
        check_fits(name, tables[name])
    try:  # the temporary file first: a folder it cannot write to is found before the work
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as exc:
        raise OGPAnalysisError(f"cannot write {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(name)
    snapshot = data_snapshot(data)
    wb = Workbook(write_only=True)
    wb.properties.creator = "ogp-analysis"
    wb.properties.title = f"OGP analysis tables, snapshot {snapshot['snapshot']}"
    wb.custom_doc_props.append(StringProperty(name=MARKER, value=snapshot["snapshot"]))
    try:
        about = wb.create_sheet(DICTIONARY_SHEET)
        text = _TextCells(about)
        for row in _dictionary_rows(tables, snapshot):
            about.append([text(v) for v in row])
        replaced = sum(_write_table(wb, name, tables[name]) for name in TABLES)
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return {"tables": len(TABLES), "rows": sum(len(tables[n]) for n in TABLES),
            "replaced_characters": replaced, **snapshot}
