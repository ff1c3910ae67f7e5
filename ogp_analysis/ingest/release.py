"""The IRM data release (OGP's bulk CSV of IRM indicators, one row per commitment) -> `Records`.

Each row is read through the column crosswalk `metadata.release.RELEASE_COLUMNS` into the same
rows the page parser produces (commitment attributes, `assessments`, policy areas, OGP values,
institutions, plan names). Rules:

- Cells are read as text (`dtype=str, keep_default_na=False`): "None" is a specificity value
  and `ND` / `NR` / `NA` are distinct codes, kept as typed missing reasons.
- A column absent from the file (or an empty cell) records nothing; a present placeholder is
  typed missing: in `assessments` (missing_reason), `commitment_ogp_values` (relevance null,
  value_printed kept), and otherwise a `missing_value` row in `data_quality` (severity info).
- Policy-area columns: a 1 is a `commitment_policy_areas` row named after the column
  (vocabulary `irm_data_release`); a 0 records nothing; a placeholder is a `missing_value` row.
- Numeric dates are M/D/YYYY (the release's order); a date whose day and month could be
  swapped is read that way and flagged `ambiguous_date` (severity info); one that only reads
  as D/M/YYYY (month > 12) is read so and flagged `date_order`. 'Quarter 1 2015' / 'IV quarter
  of 2022' keep the year (precision year) and spreadsheet day numbers (44439) become their
  date, both flagged `reread_date`; text that is no date ('Ongoing') is `unreadable_date`.
- A column neither mapped nor in `NOT_IMPORTED_COLUMNS` is an `unknown_column` warning.
- Every row's provenance: `source_url` is the file path or URL as given, `source_note`
  `row N: <column>` (N counts data rows from 1, the header excluded).

`read_release` returns one `Records` per row (all sharing the file's `source`), preceded by one
holding the file-level `data_quality` rows and, as whole frames (`Records.extend`), the wide
columns of every row kept: assessments, OGP values and policy areas are read column-wise (a
melt over the crosswalk's columns, each distinct value read once) with the same rows and
`data_quality` rows `records_from_release_row` makes for them one cell at a time.

A file is checked before any row is read (`read_release_table`): an Excel workbook, a binary
file, a file with no `Commitment Unique Identifier` or `Year Of Submission` column (a renamed
one is named), and a release with a header but no data rows (unless `allow_empty`) are refused
with one line naming the file and the fix. Encodings are detected (a byte order mark, UTF-16
without one, UTF-8, else windows-1252 with a note) and so is the delimiter (`,`, `;`, tab).
Exact duplicate rows are counted once (`duplicate_release_row`), short rows keep the cells they
have and name the missing ones (`short_row`), a row that cannot be read at all (no valid ID,
no member) is an `unreadable_row` error and the others go on.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import NotFoundError, OGPAnalysisError, UnknownValueError
from ogp_analysis.keys import action_plan_id, check_member_slug, normalise_commitment_id, slugify
from ogp_analysis.labels import missing_reason, read_indicator, unknown_reading
from ogp_analysis.metadata.release import NOT_IMPORTED_COLUMNS, RELEASE_COLUMNS, ReleaseColumn
from ogp_analysis.metadata.rules import MEMBER_IN_URL, design_stage, era_of, year_problem
from ogp_analysis.metadata.scales import INDICATORS
from ogp_analysis.records import PROVENANCE_FIELDS, Records, source_id

SOURCE_TYPE = "irm_data_release"
TIMEOUT = 60  # seconds; the full release is a few MB
# Release placeholders (and the page's, for completeness) that mean "no value here".
_TEXT_PLACEHOLDERS = {"no_data", "not_reviewed", "not_applicable", "pending_irm_review",
                      "no_irm_data"}


def _stage(col: ReleaseColumn, era: str | None) -> str:
    if col.stage == "design_stage":
        return design_stage(era)
    return col.stage or "latest"


def release_source(source_url: str, *, retrieved_at: str | None = None, sha256: str | None = None,
                   raw_path: str | None = None, origin: str = "irm_data_release",
                   source_note: str | None = None) -> dict:
    """The `source` dict of release records (its provenance is copied onto every row)."""
    return {
        "source_id": source_id(source_url, retrieved_at, sha256),
        "source_type": SOURCE_TYPE,
        "origin": origin,
        "source_url": source_url,
        "retrieved_at": retrieved_at,
        "sha256": sha256,
        "raw_path": raw_path,
        "source_note": source_note,
    }


@lru_cache(maxsize=4096)  # a release repeats a few codes and values in every row
def _placeholder(cell: str) -> str | None:
    """The typed missing reason of a release code (ND, NR, NA, N/A), else None."""
    reason = missing_reason(cell)
    return reason if reason in _TEXT_PLACEHOLDERS else None


def _placeholders(cells: pd.Series) -> pd.Series:
    """`_placeholder` of every cell (each distinct text looked up once)."""
    return cells.map({t: _placeholder(t) for t in pd.unique(cells)})


def _member_of(row: dict, fallback: str | None) -> tuple[str | None, str | None]:
    """(member slug, how it was found) from the URL column, else the name, else the fallback."""
    url = (row.get("URL") or "").strip()
    m = MEMBER_IN_URL.search(url)
    if m:
        try:
            return check_member_slug(m[1].lower()), None
        except OGPAnalysisError:
            pass
    name = (row.get("Country/Locality") or "").strip()
    if name and _placeholder(name) is None:
        return slugify(name), f"member slug {slugify(name)!r} made from Country/Locality {name!r} " \
            f"(no /members/<slug>/ in URL {url!r})"
    return fallback, None


# Complexity: one dispatch over the release crosswalk's targets (metadata/release.py), each a
# few lines; split up, the row's shared context (ID, member, cycle, notes) would travel in arguments.
def records_from_release_row(row: dict, *, source_url: str, row_number: int | None,  # noqa: C901
                             retrieved_at: str | None = None, origin: str = "irm_data_release",
                             member: str | None = None, cycle: int | None = None,
                             source: dict | None = None,
                             report_unknown_columns: bool = True,
                             build_year: int | None = None) -> Records:
    """Read one release row (complete or partial) into `Records`.

    Args:
        row: column -> cell text, as printed. Columns may be missing (nothing is recorded for
            them); unknown columns are reported as `unknown_column`.
        source_url: the release file's path or URL (on every row).
        row_number: the row's 1-based data row number (cited in every source_note); None for
            values recorded from a release whose row number is not known (bundled facts).
        retrieved_at: when the release was fetched (ISO 8601, UTC); None: undated.
        origin: `irm_data_release` (a `--irm-data` file) or `bundled` (facts recorded from it).
        member: member slug to use when the row has neither `URL` nor `Country/Locality`.
        cycle: the plan's start year when the row has no `Year Of Submission`.
        source: a ready `source` dict to share between rows (default: built from the above).
        report_unknown_columns: report unmapped columns here (`read_release` reports them once
            per file instead).
        build_year: the build's year: a Year Of Submission after it + 2 (or before 2011) is
            reported and not used; None checks the lower bound only.

    Raises:
        OGPAnalysisError: the row has no valid `Commitment Unique Identifier`, or no member.
    """
    where = f"{source_url}, row {row_number}" if row_number else source_url
    raw_id = (row.get("Commitment Unique Identifier") or "").strip()
    try:
        cid = normalise_commitment_id(raw_id)
    except OGPAnalysisError as exc:
        raise OGPAnalysisError(f"{where}: {exc}") from None
    rec = Records(source or release_source(source_url, retrieved_at=retrieved_at, origin=origin))
    slug, how = _member_of(row, member)
    if slug is None:
        raise OGPAnalysisError(f"{where} ({cid}): no member: no /members/<slug>/ in URL and no "
                               "Country/Locality")

    def note(column: str | None = None) -> str | None:
        row = f"row {row_number}" if row_number else "release"
        return f"{row}: {column}" if column else (row if row_number else None)

    def quality(problem: str, detail: str, column: str, value: str | None, severity="warning",
                table_name: str | None = None) -> None:
        rec.quality(problem, f"{detail} ({where}, column {column!r})", severity=severity,
                    commitment_id=cid, table_name=table_name, field=column, value_printed=value,
                    source_note=note(column))

    if how:
        quality("derived_member", how, "URL", row.get("URL"), severity="info", table_name="members")

    cyc = cycle
    year_text = row.get("Year Of Submission")
    if year_text is not None and not str(year_text).strip() and cycle is None:
        quality("blank_value", "Year Of Submission is blank: the plan's cycle is unknown",
                "Year Of Submission", year_text, table_name="commitments")
    elif year_text is not None and str(year_text).strip():
        text = str(year_text).strip()
        try:
            cyc = int(text)
        except ValueError:
            quality("unknown_value", "Year Of Submission is not a year", "Year Of Submission", text,
                    table_name="commitments")
        else:
            if (why := year_problem(cyc, build_year)) is not None:
                quality("implausible_year", f"Year Of Submission {why}; not used",
                        "Year Of Submission", text, table_name="commitments")
                cyc = cycle
    era = era_of(cyc)
    commitment: dict = {"commitment_id": cid, "member": slug, "cycle": cyc,
                        "source_note": note()}
    joined: dict[str, list[str]] = {}

    for column, cell in row.items():
        spec = RELEASE_COLUMNS.get(column)
        if spec is None:
            if report_unknown_columns and column not in NOT_IMPORTED_COLUMNS:
                quality("unknown_column", "column is neither mapped nor listed as not imported "
                        "(metadata/release.py)", column, cell, table_name="commitments")
            continue
        if cell is None or (isinstance(cell, float) and pd.isna(cell)):
            continue
        cell = str(cell)
        if not cell.strip():
            continue  # an empty cell states nothing
        text = cell.strip()
        target = spec.target
        if target in ("key", "cycle"):
            continue
        if target == "assessment":
            rec.assess(commitment_id=cid, member=slug, cycle=cyc, assessor="irm",
                       stage=_stage(spec, era), indicator=spec.name, printed=text, era=era,
                       ogp_value=spec.ogp_value, source_note=note(column))
        elif target == "ogp_value":
            _ogp_value(rec, cid, spec, text, quality, note(column))
        elif target == "policy_area":
            if text == "1":
                rec.add("commitment_policy_areas", commitment_id=cid, policy_area=column,
                        vocabulary="irm_data_release", source_note=note(column))
            elif text == "0":
                pass  # not in this area: the release's 0 is not a value to keep
            elif _placeholder(text):
                quality("missing_value", f"policy-area cell is {text!r} "
                        f"({_placeholder(text)}): whether the area applies is unknown", column, text,
                        severity="info", table_name="commitment_policy_areas")
            else:
                quality("unknown_value", "policy-area cell is neither 0, 1 nor a missing code",
                        column, text, table_name="commitment_policy_areas")
        elif target in ("irm_reports", "irm_cluster"):
            # Joined as printed, placeholders included: compact and nothing lost.
            joined.setdefault(target, []).append(f"{column}: {text}")
        elif _placeholder(text):
            quality("missing_value", f"{text!r} ({_placeholder(text)})", column, text,
                    severity="info", table_name="commitments")
        elif target in ("commitment", "member"):
            commitment[spec.name] = text
        elif target == "end_year":
            try:
                commitment["end_year"] = int(text)
            except ValueError:
                quality("unknown_value", "Action Plan End Year is not a year", column, text,
                        table_name="action_plans")
        elif target == "plan_name":
            if cyc is None:
                quality("missing_cycle", "plan name with no cycle to attach it to", column, text,
                        table_name="action_plan_names")
            else:
                rec.add("action_plan_names", action_plan_id=action_plan_id(slug, cyc), name=text,
                        name_type=spec.name, source_note=note(column))
        elif target == "institution":
            if spec.name == "lead":
                commitment["lead_institution"] = text
            rec.add("commitment_institutions", commitment_id=cid, institution=text,
                    role=spec.name, source_note=note(column))
        elif target == "date":
            _date(commitment, spec.name, text, column, quality)
        else:  # pragma: no cover - the crosswalk's targets are all handled above
            raise OGPAnalysisError(f"release crosswalk target {target!r} of {column!r} unhandled")
    for target, parts in joined.items():
        commitment[target] = "; ".join(parts)
    rec.add("commitments", **commitment)
    return rec


def _ogp_value(rec: Records, cid: str, spec: ReleaseColumn, text: str, quality, src_note: str):
    relevant: bool | None
    if text in ("0", "1"):
        relevant = text == "1"
    else:
        relevant = None
        if not _placeholder(text):
            quality("unknown_value", "OGP value cell is neither 0, 1 nor a missing code",
                    spec.column, text, table_name="commitment_ogp_values")
    rec.add("commitment_ogp_values", commitment_id=cid, ogp_value=spec.name,
            is_relevant_to_value=relevant, value_printed=text, source_note=src_note)


_QUARTER = re.compile(r"^(?:quarter\s*([1-4])|([ivx]+)\s+quarter\s+of)\s+((?:19|20)\d{2})$",
                      re.IGNORECASE)
_EXCEL_SERIAL = re.compile(r"^[34]\d{4}$")  # 30000-49999: Excel day numbers of 1982-2036


def _reread_date(text: str) -> tuple[str, str, str] | None:
    """(value, precision, how) for the release's non-date spellings of a date, else None."""
    m = _QUARTER.match(text)
    if m:
        # A quarter is not a month: keep the year only, and say so.
        return m[3], "year", "a quarter, kept at year precision"
    if _EXCEL_SERIAL.match(text):
        day = (pd.Timestamp("1899-12-30") + pd.Timedelta(days=int(text))).date()
        return day.isoformat(), "day", "a spreadsheet day number (Excel's 1900 system)"
    return None


@lru_cache(maxsize=8192)  # PartialDate is frozen; an unreadable date raises every time
def _parsed_date(text: str):
    """`parse_partial_date` in the release's M/D/YYYY order, remembered per distinct text."""
    return parse_partial_date(text, numeric_order="mdy")


def _date(commitment: dict, name: str, text: str, column: str, quality) -> None:
    try:
        parsed = _parsed_date(text)
    except ValueError:
        again = _reread_date(text)
        if again is None:
            quality("unreadable_date", "not a date: kept only here", column, text,
                    table_name="commitments")
            return
        commitment[name], commitment[f"{name}_precision"], how = again
        quality("reread_date", f"read as {how} = {again[0]}", column, text, severity="info",
                table_name="commitments")
        return
    if parsed is None:
        return
    commitment[name] = parsed.value
    commitment[f"{name}_precision"] = parsed.precision
    if parsed.ambiguous:
        quality("ambiguous_date", f"day and month could be swapped: read as M/D/YYYY (the "
                f"release's order) = {parsed.value}", column, text, severity="info",
                table_name="commitments")
    if parsed.note:
        quality("date_order", f"{parsed.note} = {parsed.value}", column, text, severity="info",
                table_name="commitments")


def _load(path: str | Path) -> tuple[bytes, str, str | None, str | None]:
    """(body, source_url, retrieved_at, raw_path) of a local release file."""
    path = Path(path)
    if path.is_dir():
        raise OGPAnalysisError(f"--irm-data {path} is a folder: give the release CSV file itself")
    if not path.is_file():
        raise NotFoundError(f"IRM data release file not found: {path}")
    return path.read_bytes(), str(path), None, str(path)


_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # .xlsx (zip), .xls (OLE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_DELIMITERS = (",", ";", "\t", "|")
ID_COLUMN = "Commitment Unique Identifier"
YEAR_COLUMN = "Year Of Submission"
SAVE_AS_CSV = "open it in a spreadsheet and save the release sheet as 'CSV UTF-8 (comma delimited)'"


class ReleaseTable:
    """A release file read as text rows: the header, numbered rows, and file-level notes.

    Attributes:
        columns: the header, as printed.
        rows: (data row number from 1, column -> cell; a cell a short row lacks is None).
        notes: (problem, detail, severity, commitment_id) for the file-level data_quality rows.
        encoding: how the bytes were decoded; delimiter: the field separator found.
    """

    def __init__(self, columns, rows, notes, encoding, delimiter):
        self.columns, self.rows, self.notes = columns, rows, notes
        self.encoding, self.delimiter = encoding, delimiter


def _decode_release(body: bytes, name: str) -> tuple[str, str, list[tuple]]:
    """The file's text, the encoding used and notes; refuses workbooks and binary files."""
    if body.startswith(_WORKBOOK_MAGIC):
        raise OGPAnalysisError(f"{name}: an Excel workbook, not a CSV export: {SAVE_AS_CSV}, "
                               "and pass that file to --irm-data")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(codec), f"{codec} (byte order mark)", []
            except UnicodeDecodeError as exc:
                raise OGPAnalysisError(f"{name}: starts with a {codec} byte order mark but is not "
                                       f"{codec} (byte {exc.start}): {SAVE_AS_CSV}") from None
    head = body[:4000]
    if b"\x00" in head:
        # UTF-16 without a byte order mark puts a NUL beside every ASCII letter.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        codec = "utf-16-be" if even > odd else "utf-16-le"
        if max(even, odd) > len(head) // 4:
            try:
                return body.decode(codec), f"{codec} (no byte order mark)", []
            except UnicodeDecodeError:
                pass
        raise OGPAnalysisError(f"{name}: a binary file, not a CSV export (it holds NUL bytes): "
                               f"give the IRM data release as CSV ({SAVE_AS_CSV})")
    try:
        return body.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        # Spreadsheets on Windows save "CSV" as windows-1252; a byte it lacks means latin-1.
        how = "windows-1252" if _is_cp1252(body) else "latin-1"
        text = body.decode("cp1252" if how == "windows-1252" else "latin-1")
        return text, how, [("decoded_with_fallback", f"{name} is not UTF-8 (byte {exc.start}); "
                            f"read as {how}: check accented names, or {SAVE_AS_CSV}", "warning")]


def _is_cp1252(body: bytes) -> bool:
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(header_line: str) -> str:
    """The separator that splits the header into the most fields (a comma on a tie)."""
    return max(_DELIMITERS, key=lambda d: (len(next(csv.reader([header_line], delimiter=d))),
                                           d == ","))


def _require_column(columns: list[str], wanted: str, name: str, what: str) -> None:
    if wanted in columns:
        return
    folded = {c.strip().casefold(): c for c in columns}
    close = folded.get(wanted.casefold()) or next(iter(difflib.get_close_matches(
        wanted, columns, n=1, cutoff=0.6)), None)
    if close is not None:
        raise OGPAnalysisError(f"{name}: no {wanted!r} column ({what}); column {close!r} looks "
                               f"like it: rename it to {wanted!r}")
    raise OGPAnalysisError(f"{name}: no {wanted!r} column ({what}): not an IRM data release "
                           f"export, or the column was removed; first columns: {columns[:5]}")


def read_release_table(body: bytes, name: str, *, allow_empty: bool = False) -> ReleaseTable:
    """Check and split a release file into rows (no value is interpreted here).

    Args:
        body: the file's bytes.
        name: the file (or URL) as given, for messages.
        allow_empty: accept a release with a header and no data rows.

    Raises:
        OGPAnalysisError: a workbook or binary file, no ID or year column, no data rows.
    """
    text, encoding, notes = _decode_release(body, name)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise OGPAnalysisError(f"{name}: empty file (no header line): give the IRM data release "
                               "CSV export")
    delim = _delimiter(first)
    if delim != ",":
        notes.append(("delimiter", f"{name} separates fields with {delim!r}, not a comma; read "
                      "with it", "info"))
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error as exc:
        raise OGPAnalysisError(f"{name}: not a readable CSV ({exc}): {SAVE_AS_CSV}") from None
    columns = [c.strip() for c in table[0]]
    _require_column(columns, ID_COLUMN, name, "the commitment IDs")
    _require_column(columns, YEAR_COLUMN, name, "each commitment's plan start year")
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    width = len(columns)
    id_at = columns.index(ID_COLUMN)
    for n, cells in enumerate(table[1:], start=1):
        if not any(c.strip() for c in cells):
            continue  # a blank line states nothing
        key = tuple(cells)
        cid = cells[id_at].strip().upper() if len(cells) > id_at else None
        if key in seen:
            notes.append(("duplicate_release_row", f"row {n} of {name} repeats row {seen[key]} "
                          "exactly; counted once", "info", cid))
            continue
        seen[key] = n
        row = dict(zip(columns, cells, strict=False))
        if len(cells) < width:
            missing = columns[len(cells):]
            for column in missing:
                row[column] = None  # not in the file: recorded as absent, never as blank
            notes.append(("short_row", f"row {n} of {name} has {len(cells)} of {width} cells: "
                          f"{len(missing)} column(s) missing ({', '.join(missing[:4])}"
                          f"{', ...' if len(missing) > 4 else ''}), not read", "warning", cid))
        elif len(cells) > width:
            notes.append(("long_row", f"row {n} of {name} has {len(cells)} cells for {width} "
                          f"columns; the extra ones ({cells[width:][:3]}) are not read",
                          "warning", cid))
        rows.append((n, row))
    if not rows and not allow_empty:
        raise OGPAnalysisError(f"{name}: the release has a header but no data rows; building "
                               "with it would read nothing from it (check the export, or pass "
                               "--allow-empty)")
    return ReleaseTable(columns, rows, notes, encoding, delim)


def read_release(path_or_url: str | Path, *, member: str | None = None,
                 origin: str = "irm_data_release", progress: bool = False,
                 provenance: dict | None = None, allow_empty: bool = False,
                 build_year: int | None = None) -> list[Records]:
    """Read an IRM data release CSV export (a file; a URL is downloaded first by the build).

    Args:
        path_or_url: the CSV file (`ogp_analysis.build` downloads a URL into
            `data/raw/releases/` and passes the stored file with its `provenance`).
        provenance: the download's sidecar (`url`, `fetched_at`, `raw_path`): the source URL
            and capture time the rows cite instead of the local path.
        member: keep only this member's rows (slug or `Country/Locality`, case-insensitive).
        origin: the build input it comes from (`irm_data_release`).
        progress: show a tqdm bar over the rows (stderr).
        allow_empty: accept a release with a header and no data rows.
        build_year: the build's year (a Year Of Submission after it + 2 is reported, not used).

    Returns:
        One Records holding the file-level data_quality (unknown columns, duplicate and short
        rows, rows that cannot be read) and the wide columns' frames, then one per row.

    Raises:
        NotFoundError: no such file, or `member` matches no row.
        OGPAnalysisError: not a release CSV (see `read_release_table`).
    """
    body, source_url, retrieved_at, raw_path = _load(path_or_url)
    if provenance:
        source_url = provenance.get("url", source_url)
        retrieved_at = provenance.get("fetched_at", retrieved_at)
        raw_path = provenance.get("raw_path", raw_path)
    sha = hashlib.sha256(body).hexdigest()
    table = read_release_table(body, source_url, allow_empty=allow_empty)
    source = release_source(source_url, retrieved_at=retrieved_at, sha256=sha, raw_path=raw_path,
                            origin=origin)
    head = Records(source)
    for problem, detail, severity, *cid in table.notes:
        head.quality(problem, detail, severity=severity, commitment_id=(cid or [None])[0] or None,
                     table_name="commitments")
    for column in table.columns:
        if column not in RELEASE_COLUMNS and column not in NOT_IMPORTED_COLUMNS:
            head.quality("unknown_column", f"column {column!r} of {source_url} is neither mapped "
                         "nor listed as not imported (metadata/release.py): its values are not read",
                         table_name="commitments", field=column)
    rows: Iterable[tuple[int, dict]] = table.rows
    if progress:
        from tqdm import tqdm

        rows = tqdm(rows, desc="IRM data release rows", unit="row")
    out = [head]
    want = member.strip().casefold() if member else None
    # The wide columns (assessments, OGP values, policy areas: ~110 of the release's columns)
    # are read column-wise below; the row-wise reader gets the others.
    columns = list(dict.fromkeys(table.columns))
    wide = [c for c in columns if c in RELEASE_COLUMNS and RELEASE_COLUMNS[c].target in _WIDE]
    # Unmapped columns are reported once per file (above); the row reader needs only the mapped.
    narrow = [c for c in columns if c in RELEASE_COLUMNS and c not in wide]
    kept: list[tuple[int, dict, dict]] = []  # (row number, row, its commitments row)
    for n, row in rows:
        try:
            rec = records_from_release_row({c: row[c] for c in narrow}, source_url=source_url,
                                           row_number=n, retrieved_at=retrieved_at, origin=origin,
                                           source=source, report_unknown_columns=False,
                                           build_year=build_year)
        except OGPAnalysisError as exc:
            # One unreadable row is reported; the rest of the release is still read.
            head.quality("unreadable_row", f"{exc}; row left out", severity="error",
                         table_name="commitments", source_note=f"row {n}")
            continue
        c = rec.parts["commitments"][0]
        if want is not None and want not in (c["member"].casefold(),
                                             (c.get("member_name") or "").casefold()):
            continue
        out.append(rec)
        kept.append((n, row, c))
    if want is not None and len(out) == 1:
        raise NotFoundError(f"member {member!r} has no row in {source_url}")
    if kept and wide:
        _read_wide(head, kept, wide, source_url)
    return out


# Targets read column-wise (`_read_wide`): one cell is one row of a long table.
_WIDE = ("assessment", "ogp_value", "policy_area")


def _long_cells(kept: list[tuple[int, dict, dict]], wide: list[str]) -> pd.DataFrame:
    """The non-empty wide cells as a long frame: row position, column, stripped text."""
    flat = [row[c] for _, row, _ in kept for c in wide]
    # An absent cell (a short row) or an empty one states nothing.
    pos = np.array([i for i, cell in enumerate(flat) if cell is not None and cell.strip()],
                   dtype=np.int64)
    text = np.array([flat[i].strip() for i in pos], dtype=object)
    return pd.DataFrame({"row": pos // len(wide), "col": pos % len(wide), "text": text})


def _read_wide(head: Records, kept: list[tuple[int, dict, dict]], wide: list[str],
               source_url: str) -> None:
    """Assessments, OGP values and policy areas of the kept rows, as frames on `head`.

    The same rows and data_quality rows `records_from_release_row` makes for these columns,
    built as one long frame (a melt over the columns) instead of one dict per cell.
    """
    long = _long_cells(kept, wide)
    specs = [RELEASE_COLUMNS[c] for c in wide]
    numbers = np.array([n for n, _, _ in kept])
    ids = np.array([c["commitment_id"] for _, _, c in kept], dtype=object)
    col_names = np.array(wide, dtype=object)
    target = np.array([s.target for s in specs], dtype=object)[long["col"]]
    long = long[(target != "policy_area") | (long["text"] != "0")]  # a 0: not in this area
    target = target[long.index]
    long["commitment_id"] = ids[long["row"]]
    long["source_note"] = [f"row {n}: {c}" for n, c in zip(numbers[long["row"]],
                                                          col_names[long["col"]], strict=True)]
    prov = {k: head.source.get(k) for k in PROVENANCE_FIELDS if k != "source_note"}

    def quality(sub: pd.DataFrame, problem: str, detail, severity: str, table_name: str) -> None:
        # `detail(text)` is the message of records_from_release_row's `quality` for one cell.
        for r in sub.itertuples(index=False):
            n, column = numbers[r.row], wide[r.col]
            head.quality(problem, f"{detail(r.text)} ({source_url}, row {n}, column {column!r})",
                         severity=severity, commitment_id=r.commitment_id,
                         table_name=table_name, field=column, value_printed=r.text,
                         source_note=r.source_note)

    a = long[target == "assessment"]
    if len(a):
        head.extend("assessments", _wide_assessments(head, a, kept, specs, prov))
    v = long[target == "ogp_value"]
    if len(v):
        relevant = v["text"].map({"0": False, "1": True})
        odd = v[relevant.isna() & _placeholders(v["text"]).isna()]
        quality(odd, "unknown_value", lambda _: "OGP value cell is neither 0, 1 nor a missing code",
                "warning", "commitment_ogp_values")
        head.extend("commitment_ogp_values", pd.DataFrame({
            "commitment_id": v["commitment_id"],
            "ogp_value": np.array([s.name for s in specs], dtype=object)[v["col"]],
            "is_relevant_to_value": relevant.astype(object).where(relevant.notna(), None),
            "value_printed": v["text"], **prov, "source_note": v["source_note"]}))
    p = long[target == "policy_area"]
    if len(p):
        reason = _placeholders(p["text"])
        quality(p[~p["text"].isin(("0", "1")) & reason.notna()], "missing_value",
                lambda t: f"policy-area cell is {t!r} ({_placeholder(t)}): whether the area "
                "applies is unknown", "info", "commitment_policy_areas")
        quality(p[~p["text"].isin(("0", "1")) & reason.isna()], "unknown_value",
                lambda _: "policy-area cell is neither 0, 1 nor a missing code", "warning",
                "commitment_policy_areas")
        yes = p[p["text"] == "1"]
        head.extend("commitment_policy_areas", pd.DataFrame({
            "commitment_id": yes["commitment_id"], "policy_area": col_names[yes["col"]],
            "vocabulary": "irm_data_release", **prov, "source_note": yes["source_note"]}))


def _wide_assessments(head: Records, a: pd.DataFrame, kept, specs, prov) -> pd.DataFrame:
    """The `assessments` rows of the assessment cells (each distinct value read once)."""
    cyc = np.array([c.get("cycle") for _, _, c in kept], dtype=object)[a["row"]]
    eras = np.array([era_of(c.get("cycle")) for _, _, c in kept], dtype=object)[a["row"]]
    indicator = np.array([s.name for s in specs], dtype=object)[a["col"]]
    stage = np.array([_stage(s, None) for s in specs], dtype=object)[a["col"]]
    design = np.array([s.stage == "design_stage" for s in specs])[a["col"]]
    stage[design] = [design_stage(e) for e in eras[design]]
    text = a["text"].to_numpy(dtype=object)
    keys = list(zip(indicator, text, strict=True))
    codes, distinct = pd.factorize(pd.Index(keys, tupleize_cols=False))
    readings = []
    for ind, printed in distinct:
        try:
            readings.append(read_indicator(ind, printed, context=ind))
        except UnknownValueError:
            readings.append(unknown_reading(printed, INDICATORS[ind].scale_names[0]))
    flagged = np.array([r.value_kind == "unknown" or r.doubled for r in readings])[codes]
    for i in np.flatnonzero(flagged):
        # The data_quality rows `Records.assess` raises, one per cell.
        ind, printed, reading = indicator[i], text[i], readings[codes[i]]
        where = dict(commitment_id=a["commitment_id"].iat[i], table_name="assessments",
                     field=ind, value_printed=printed, source_note=a["source_note"].iat[i])
        if reading.value_kind == "unknown":
            head.quality("unknown_value", f"{ind} value {printed!r} is on none of the scales "
                         f"{INDICATORS[ind].scale_names}", **where)
        if reading.doubled:
            head.quality("doubled_value", f"{ind} printed {printed!r}, read once as "
                         f"{reading.value!r}", severity="info", **where)
    members = np.array([c["member"] for _, _, c in kept], dtype=object)[a["row"]]
    read = {k: np.array([getattr(r, k) for r in readings], dtype=object)[codes]
            for k in ("value_printed", "value", "value_rank", "value_kind", "missing_reason",
                      "scale")}
    return pd.DataFrame({
        "commitment_id": a["commitment_id"].to_numpy(), "member": members, "cycle": cyc,
        "assessor": "irm", "stage": stage, "indicator": indicator,
        "ogp_value": np.array([s.ogp_value for s in specs], dtype=object)[a["col"]],
        "era": eras, **read, **prov, "source_note": a["source_note"].to_numpy()})
