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
- Numeric dates: day or month first is decided per plan within a column, from that plan's
  dates that read only one way (in the release's End Date no plan mixes the two orders); a
  date whose day and month could be swapped is read in its plan's order (`date_order`, info),
  or, where the plan's other dates do not decide, kept at year precision and flagged
  `ambiguous_date` with both readings: never guessed. 'Quarter 1 2015' / 'IV quarter
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
file, a header without one of `metadata.release.REQUIRED_COLUMNS` (a renamed one is named) or
with a column twice, and a release with a header but no data rows (unless `allow_empty`) are
refused with one line naming the file, the column and the fix. Any other mapped column the
header lacks is a `missing_column` warning naming it and the rows that lose its value.
Encodings are detected (a byte order mark, UTF-16 without one, UTF-8, else windows-1252 with a
note) and so are the delimiter (`,`, `;`, tab) and the line ends (LF, CRLF or CR alone).

One member rule: a row's member is its Country/Locality; where its URL or its ID prefix (the
prefix most of that member's rows carry) names another member, a `member_disagreement`
warning names all three. Years are four digits ('20_14' is no year); an Action Plan End Year
outside the OGP's span or before the plan's start year is reported and not used.
Exact duplicate rows are counted once (`duplicate_release_row`), short rows keep the cells they
have and name the missing ones (`short_row`), a row that cannot be read at all (no valid ID,
no member) is an `unreadable_row` error and the others go on.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import NotFoundError, OGPAnalysisError, UnknownValueError
from ogp_analysis.keys import action_plan_id, check_member_slug, normalise_commitment_id, slugify
from ogp_analysis.labels import missing_reason, read_indicator, unknown_reading
from ogp_analysis.metadata.release import (
    NOT_IMPORTED_COLUMNS,
    RELEASE_COLUMNS,
    REQUIRED_BECAUSE,
    REQUIRED_COLUMNS,
    ReleaseColumn,
)
from ogp_analysis.metadata.rules import MEMBER_IN_URL, design_stage, era_of, year_problem
from ogp_analysis.metadata.scales import INDICATORS
from ogp_analysis.records import PROVENANCE_FIELDS, Records, make_source

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
    return make_source(source_url, source_type=SOURCE_TYPE, origin=origin,
                       retrieved_at=retrieved_at, sha256=sha256, raw_path=raw_path,
                       source_note=source_note)


@lru_cache(maxsize=4096)  # a release repeats a few codes and values in every row
def _placeholder(cell: str) -> str | None:
    """The typed missing reason of a release code (ND, NR, NA, N/A), else None."""
    reason = missing_reason(cell)
    return reason if reason in _TEXT_PLACEHOLDERS else None


def _slug_or_none(text: str) -> str | None:
    try:
        return check_member_slug(text)
    except OGPAnalysisError:
        return None


def _member_of(row: dict, fallback: str | None) -> tuple[str | None, tuple[str, str, str] | None]:
    """(member slug, (problem, severity, detail) or None): one member rule for every release row.

    A row's member is its Country/Locality (slugged). Where the URL's `/members/<slug>/` names
    another member, the row stays with its Country/Locality and a `member_disagreement`
    warning names both; a row with no usable name takes the URL's member (a `derived_member`
    note), else `fallback`.
    """
    url = (row.get("URL") or "").strip()
    m = MEMBER_IN_URL.search(url)
    in_url = _slug_or_none(m[1].lower()) if m else None
    name = (row.get("Country/Locality") or "").strip()
    slug = _slug_or_none(slugify(name)) if name and _placeholder(name) is None else None
    if slug is not None:
        if in_url is not None and in_url != slug:
            return slug, ("member_disagreement", "warning", member_disagreement(
                name, slug, url_member=in_url))
        return slug, None
    if in_url is not None:
        if row.get("Country/Locality") is None:
            return in_url, None  # a partial row without the column (bundled facts)
        return in_url, ("derived_member", "info", f"member slug {in_url!r} read from the URL "
                        f"(Country/Locality is {name!r})")
    return fallback, None


def member_disagreement(name: str, slug: str, *, url_member: str | None = None,
                        id_prefix: str | None = None, prefix_member: str | None = None) -> str:
    """The warning of a row whose ID prefix or URL names another member than its Country/Locality."""
    said = []
    if id_prefix is not None:
        said.append(f"its ID prefix {id_prefix!r} is "
                    + (f"member {prefix_member!r}'s" if prefix_member else "no other row's of "
                       f"{slug!r}"))
    if url_member is not None:
        said.append(f"its URL names member {url_member!r}")
    return (f"Country/Locality {name!r} makes the row member {slug!r}, but {' and '.join(said)}: "
            f"filed under {slug!r} (the row's Country/Locality)")


# Complexity: one dispatch over the release crosswalk's targets (metadata/release.py), each a
# few lines; split up, the row's shared context (ID, member, cycle, notes) would travel in arguments.
def records_from_release_row(row: dict, *, source_url: str, row_number: int | None,  # noqa: C901
                             retrieved_at: str | None = None, origin: str = "irm_data_release",
                             member: str | None = None, cycle: int | None = None,
                             source: dict | None = None,
                             report_unknown_columns: bool = True,
                             build_year: int | None = None,
                             date_orders: dict[str, str | None] | None = None) -> Records:
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
        date_orders: date column -> the numeric order of the row's plan in it
            (`plan_date_orders`); a column not given is undecided (an ambiguous date is kept
            at year precision).

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
        quality(how[0], how[2], "URL", row.get("URL"), severity=how[1], table_name="members")

    cyc = cycle
    year_text = row.get("Year Of Submission")
    if year_text is not None and not str(year_text).strip() and cycle is None:
        quality("blank_value", "Year Of Submission is blank: the plan's cycle is unknown",
                "Year Of Submission", year_text, table_name="commitments")
    elif year_text is not None and str(year_text).strip():
        text = str(year_text).strip()
        cyc = year_of(text)
        if cyc is None:
            quality("unknown_value", "Year Of Submission is not a year", "Year Of Submission", text,
                    table_name="commitments")
            cyc = cycle
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
        elif spec.name == "commitment_number":
            number = commitment_number(text)
            if number is None:
                quality("unknown_value", "Commitment Number does not start with a number", column,
                        text, table_name="commitments")
            else:
                commitment["commitment_number"] = number
        elif target in ("commitment", "member"):
            commitment[spec.name] = text
        elif target == "end_year":
            end, problem, detail = end_year_reading(text, cyc, build_year)
            if problem is not None:
                quality(problem, detail, column, text, table_name="action_plans")
            if end is not None:
                commitment["end_year"] = end
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
            _date(commitment, spec.name, text, column, quality, (date_orders or {}).get(column))
        else:  # pragma: no cover - the crosswalk's targets are all handled above
            raise OGPAnalysisError(f"release crosswalk target {target!r} of {column!r} unhandled")
    for target, parts in joined.items():
        commitment[target] = "; ".join(parts)
    rec.add("commitments", **commitment)
    return rec


_LEADING_INTEGER = re.compile(r"^\s*(\d+)")


def commitment_number(text: str) -> int | None:
    """The leading integer of a release `Commitment Number`: '3.2' -> 3, '4.0999999999999996' -> 4; else None."""
    m = _LEADING_INTEGER.match(str(text))
    return int(m[1]) if m else None


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
def _parsed_date(text: str, order: str = "mdy"):
    """`parse_partial_date` in a numeric order (M/D/YYYY or D/M/YYYY), remembered per distinct text."""
    return parse_partial_date(text, numeric_order=order)


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*$")


def numeric_order(texts) -> str | None:
    """The order of a plan's numeric dates in one column, from its unambiguous ones.

    'dmy' when some read only day first (a first number above 12) and none only month first,
    'mdy' the other way round, None when none decides (or they disagree).
    """
    seen = set()
    for t in texts:
        m = _NUMERIC_DATE.match(t or "")
        if m:
            a, b = int(m[1]), int(m[2])
            seen.add("dmy" if a > 12 >= b else "mdy" if b > 12 >= a else None)
    seen.discard(None)
    return seen.pop() if len(seen) == 1 else None


@lru_cache(maxsize=8192)
def _date_reading(text: str, order: str | None = None
                  ) -> tuple[str | None, str | None, tuple[tuple[str, str, str], ...]]:
    """(value, precision, ((problem, severity, detail), ...)) of a release date cell.

    Args:
        text: the cell.
        order: 'dmy' or 'mdy' as the plan's other dates in the column decide (`numeric_order`);
            None: undecided, so a date whose day and month could be swapped is kept at year
            precision and said to be ambiguous, never guessed.
    """
    try:
        parsed = _parsed_date(text, order or "mdy")
    except ValueError:
        again = _reread_date(text)
        if again is None:
            return None, None, (("unreadable_date", "warning", "not a date: kept only here"),)
        return again[0], again[1], (("reread_date", "info", f"read as {again[2]} = {again[0]}"),)
    if parsed is None:
        return None, None, ()
    if parsed.ambiguous and order is None:
        other = _parsed_date(text, "dmy")
        return parsed.value[:4], "year", (("ambiguous_date", "info", "day and month could be "
                                           f"swapped ({parsed.value} or {other.value}) and the "
                                           "plan's other dates in this column do not say which "
                                           "comes first: kept at year precision"),)
    notes = []
    if parsed.ambiguous:
        first = "day" if order == "dmy" else "month"
        notes.append(("date_order", "info", f"read {first} first, as the plan's other dates in "
                      f"this column are = {parsed.value}"))
    if parsed.note:
        notes.append(("date_order", "info", f"{parsed.note} = {parsed.value}"))
    return parsed.value, parsed.precision, tuple(notes)


# The columns that name a row's plan as printed: the unit within which a date column's order is read.
PLAN_COLUMNS = ("Country/Locality", "Year Of Submission")


def plan_date_orders(rows, columns) -> list[dict[str, str | None]]:
    """Per row (a dict of cells), each date column's numeric order in the row's plan (`numeric_order`)."""
    keys = [tuple((r.get(c) or "").strip() or None for c in PLAN_COLUMNS) for r in rows]
    out: list[dict[str, str | None]] = [{} for _ in rows]
    for column in columns:
        texts: dict = {}
        for key, r in zip(keys, rows, strict=True):
            texts.setdefault(key, []).append((r.get(column) or "").strip())
        orders = {key: numeric_order(t) for key, t in texts.items()}
        for i, key in enumerate(keys):
            out[i][column] = orders[key]
    return out


def _date(commitment: dict, name: str, text: str, column: str, quality,
          order: str | None = None) -> None:
    value, precision, notes = _date_reading(text, order)
    if value is not None:
        commitment[name], commitment[f"{name}_precision"] = value, precision
    for problem, severity, detail in notes:
        quality(problem, detail, column, text, severity=severity, table_name="commitments")


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
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
ID_COLUMN = "Commitment Unique Identifier"
YEAR_COLUMN = "Year Of Submission"
SAVE_AS_CSV = "open it in a spreadsheet and save the release sheet as 'CSV UTF-8 (comma delimited)'"


class ReleaseTable:
    """A release file read as text rows: the header, numbered rows, and file-level notes.

    Attributes:
        columns: the header, as printed.
        numbers: each kept row's data row number (from 1); cells: its cells as printed (a
            short row has fewer, a long row more than `columns`).
        notes: (problem, detail, severity, commitment_id) for the file-level data_quality rows.
        encoding: how the bytes were decoded; delimiter: the field separator found.
    """

    def __init__(self, columns, numbers, cells, notes, encoding, delimiter):
        self.columns, self.numbers, self.cells, self.notes = columns, numbers, cells, notes
        self.encoding, self.delimiter = encoding, delimiter

    @property
    def rows(self) -> list[tuple[int, dict]]:
        """(row number, column -> cell) per row; a cell a short row lacks is None."""
        out = []
        for n, cells in zip(self.numbers, self.cells, strict=True):
            row = dict(zip(self.columns, cells, strict=False))
            row.update(dict.fromkeys(self.columns[len(cells):]))
            out.append((n, row))
        return out


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


def check_columns(columns: list[str], name: str) -> None:
    """The header as a set: every required column present, no column named twice.

    Raises:
        OGPAnalysisError: naming the missing (or misspelt) or repeated column.
    """
    for column in REQUIRED_COLUMNS:
        _require_column(columns, column, name, REQUIRED_BECAUSE[column])
    counts = Counter(c for c in columns if c)
    for column, n in counts.items():
        if n > 1:
            where = [i + 1 for i, c in enumerate(columns) if c == column]
            raise OGPAnalysisError(f"{name}: column {column!r} appears {n} times (columns "
                                   f"{', '.join(map(str, where))}): which copy holds the values "
                                   "is unknown; keep one and remove the others")


def missing_columns(columns: list[str]) -> list[str]:
    """The mapped columns (`RELEASE_COLUMNS`) a release header lacks."""
    have = set(columns)
    return [c for c in RELEASE_COLUMNS if c not in have]


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
    line = _LINE.match(text)
    first = line[0].rstrip("\r\n") if line else ""
    if not first.strip():
        raise OGPAnalysisError(f"{name}: empty file (no header line): give the IRM data release "
                               "CSV export")
    delim = _delimiter(first)
    if delim != ",":
        notes.append(("delimiter", f"{name} separates fields with {delim!r}, not a comma; read "
                      "with it", "info"))
    try:
        # Lines end at LF, CRLF or a lone CR (old Mac exports); a quoted cell may hold any.
        table = list(csv.reader(_LINE.findall(text), delimiter=delim))
    except csv.Error as exc:
        raise OGPAnalysisError(f"{name}: not a readable CSV ({exc}): {SAVE_AS_CSV}") from None
    columns = [c.strip() for c in table[0]]
    check_columns(columns, name)
    numbers: list[int] = []
    kept: list[list[str]] = []
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
        if len(cells) < width:
            # The cells not in the file are recorded as absent, never as blank.
            missing = columns[len(cells):]
            notes.append(("short_row", f"row {n} of {name} has {len(cells)} of {width} cells: "
                          f"{len(missing)} column(s) missing ({', '.join(missing[:4])}"
                          f"{', ...' if len(missing) > 4 else ''}), not read", "warning", cid))
        elif len(cells) > width:
            notes.append(("long_row", f"row {n} of {name} has {len(cells)} cells for {width} "
                          f"columns; the extra ones ({cells[width:][:3]}) are not read",
                          "warning", cid))
        numbers.append(n)
        kept.append(cells)
    if not kept and not allow_empty:
        raise OGPAnalysisError(f"{name}: the release has a header but no data rows; building "
                               "with it would read nothing from it (check the export, or pass "
                               "--allow-empty)")
    return ReleaseTable(columns, numbers, kept, notes, encoding, delim)


def read_release(path_or_url: str | Path, *, member: str | None = None,
                 origin: str = "irm_data_release", progress: bool = False,
                 provenance: dict | None = None, allow_empty: bool = False,
                 build_year: int | None = None) -> list[Records]:
    """Read an IRM data release CSV export (a file; a URL is downloaded first by the build).

    Every column is read column-wise (`_Columns`): each distinct cell text is interpreted once
    and the rows of each part are built as whole frames, the same rows and data_quality rows
    `records_from_release_row` makes one row at a time (tests/test_release.py compares them).

    Args:
        path_or_url: the CSV file (`ogp_analysis.build` downloads a URL into
            `data/raw/releases/` and passes the stored file with its `provenance`).
        provenance: the download's sidecar (`url`, `fetched_at`, `raw_path`): the source URL
            and capture time the rows cite instead of the local path.
        member: keep only this member's rows (slug or `Country/Locality`, case-insensitive).
        origin: the build input it comes from (`irm_data_release`).
        progress: show a tqdm bar over the columns (stderr).
        allow_empty: accept a release with a header and no data rows.
        build_year: the build's year (a Year Of Submission after it + 2 is reported, not used).

    Returns:
        One Records: the file-level data_quality rows (unknown columns, duplicate, short and
        unreadable rows) as rows, and every part of the rows read as frames
        (`release_rows_read` counts the commitments).

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
    for column in missing_columns(table.columns):
        spec = RELEASE_COLUMNS[column]
        head.quality("missing_column", f"column {column!r} is not in {source_url}: none of its "
                     f"{len(table.numbers)} row(s) has a value for it (the "
                     f"{spec.name or spec.target} it carries is not in the data)",
                     table_name=_TABLE_OF_TARGET.get(spec.target, "commitments"), field=column)
    for column in table.columns:
        if column not in RELEASE_COLUMNS and column not in NOT_IMPORTED_COLUMNS:
            head.quality("unknown_column", f"column {column!r} of {source_url} is neither mapped "
                         "nor listed as not imported (metadata/release.py): its values are not read",
                         table_name="commitments", field=column)
    cols = _Columns(table, source, build_year=build_year)
    for n, message in cols.unreadable:
        # One unreadable row is reported; the rest of the release is still read.
        head.quality("unreadable_row", f"{message}; row left out", severity="error",
                     table_name="commitments", source_note=f"row {n}")
    if member is not None:
        want = member.strip().casefold()
        cols.keep_only(np.array([want in (m.casefold(), n.casefold()) for m, n in
                                 zip(cols.members, cols.member_names, strict=True)], dtype=bool))
        if not len(cols.ids):
            raise NotFoundError(f"member {member!r} has no row in {source_url}")
    if len(cols.ids):
        cols.read(head, progress=progress)
    return [head]


def release_rows_read(records: list[Records]) -> int:
    """How many release rows `read_release` read into commitments."""
    return sum(len(f) for rec in records for f in rec.frames.get("commitments", ()))


# The table a column's values land in (for a missing column's data_quality row).
_TABLE_OF_TARGET = {"assessment": "assessments", "ogp_value": "commitment_ogp_values",
                    "policy_area": "commitment_policy_areas", "institution":
                    "commitment_institutions", "plan_name": "action_plan_names",
                    "member": "members", "end_year": "action_plans"}

# Targets read in one pass over the wide block (`_Columns._read_wide`): one cell is one row
# of a long table.
_WIDE = ("assessment", "ogp_value", "policy_area")
_DQ_COLUMNS = ("severity", "problem", "commitment_id", "table_name", "field", "value_printed",
               "detail", "source_note")


def _object(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


class _Columns:
    """A release table read column by column: the kept rows' keys, then each column's rows.

    `records_from_release_row` is the same reading one row at a time; each rule is applied
    here to the distinct texts of a column and the results are spread over its rows.
    """

    def __init__(self, table: ReleaseTable, source: dict, *, build_year: int | None):
        self.source, self.url, self.build_year = source, source["source_url"], build_year
        names = list(dict.fromkeys(table.columns))
        # A repeated header name: the row dict of the row-wise reader keeps the last cell.
        last = {c: i for i, c in enumerate(table.columns)}
        width = len(table.columns)
        cells = [row + [None] * (width - len(row)) if len(row) < width else row[:width]
                 for row in table.cells]
        matrix = np.array(cells, dtype=object).reshape(len(cells), width)
        self.numbers = np.array(table.numbers, dtype=np.int64)
        self.raw = {c: matrix[:, last[c]] for c in names}
        self.mapped = [c for c in names if c in RELEASE_COLUMNS]
        self.dq: dict[str, list] = {k: [] for k in (*_DQ_COLUMNS, "_row", "_col")}
        self.unreadable: list[tuple[int, str]] = []
        self._keys()

    # --- the row keys: ID, member, cycle ---------------------------------------------------

    def _cell(self, column: str) -> np.ndarray:
        """A column's stripped text (None: no cell), each distinct text stripped once."""
        raw = self.raw.get(column)
        if raw is None:
            return np.full(len(self.numbers), None, dtype=object)
        # Hashed in C (factorize); a cell the row lacks (None) gets code -1, kept as None.
        codes, distinct = pd.factorize(raw)
        stripped = _object([*(v.strip() for v in distinct), None])
        return stripped[codes]

    def _keys(self) -> None:
        n_rows = len(self.numbers)
        ids = np.full(n_rows, None, dtype=object)
        members = np.full(n_rows, None, dtype=object)
        derived: list[tuple[int, str]] = []
        url = self._cell("URL") if "URL" in self.raw else np.full(n_rows, None, dtype=object)
        name = self._cell("Country/Locality")
        raw_id = self._cell(ID_COLUMN)
        for i in range(n_rows):
            where = f"{self.url}, row {self.numbers[i]}"
            try:
                cid = normalise_commitment_id(raw_id[i] or "")
            except OGPAnalysisError as exc:
                self.unreadable.append((self.numbers[i], f"{where}: {exc}"))
                continue
            slug, how = _member_of({"URL": url[i], "Country/Locality": name[i]}, None)
            if slug is None:
                self.unreadable.append((self.numbers[i], f"{where} ({cid}): no member: no "
                                        "/members/<slug>/ in URL and no Country/Locality"))
                continue
            ids[i], members[i] = cid, slug
            if how:
                derived.append((i, how))
        ok = ids != None  # noqa: E711 - elementwise
        self.derived = dict(derived)
        self._prefix_disagreements(ids, members, url, name)
        self.ids, self.members = ids, members
        names = np.array([None if (t is None or not t or _placeholder(t)) else t for t in name],
                         dtype=object)
        self.member_names = np.where(names == None, "", names)  # noqa: E711
        self._take(np.flatnonzero(ok))

    def _prefix_disagreements(self, ids, members, url, name) -> None:
        """A row whose ID prefix is not its member's (the one most of the member's rows carry)."""
        prefixes: dict[str, Counter] = {}
        for cid, member in zip(ids, members, strict=True):
            if cid is not None:
                prefixes.setdefault(member, Counter())[_ID_PREFIX.match(cid)[0]] += 1
        usual = {m: {p for p, n in c.items() if n == max(c.values())} for m, c in prefixes.items()}
        owner = {p: m for m, ps in usual.items() for p in ps}
        for i, (cid, member) in enumerate(zip(ids, members, strict=True)):
            if cid is None or (prefix := _ID_PREFIX.match(cid)[0]) in usual[member]:
                continue
            m = MEMBER_IN_URL.search(url[i] or "")
            in_url = _slug_or_none(m[1].lower()) if m else None
            self.derived[i] = ("member_disagreement", "warning", member_disagreement(
                name[i] or "", member, id_prefix=prefix, prefix_member=owner.get(prefix),
                url_member=in_url if in_url not in (None, member) else None))

    def _take(self, pos: np.ndarray) -> None:
        self.numbers, self.ids, self.members = self.numbers[pos], self.ids[pos], self.members[pos]
        self.member_names = self.member_names[pos]
        self.raw = {c: v[pos] for c, v in self.raw.items()}
        self.derived = {j: self.derived[i] for j, i in enumerate(pos) if i in self.derived}

    def keep_only(self, mask: np.ndarray) -> None:
        """Keep the rows of `mask` (a member's)."""
        self._take(np.flatnonzero(mask))

    # --- data_quality rows --------------------------------------------------------------------

    def quality(self, rows, col, problem: str, details, column, values,
                severity: str = "warning", table_name: str | None = None, fields=None,
                detail_as_is: bool = False) -> None:
        """data_quality rows for the cells `rows` (row positions), as the row reader writes them.

        `col` (column position, for the order), `details`, `column` and `fields` are one value
        for all the cells or one per cell; a detail gets the row reader's "(<file>, row N,
        column 'X')" unless `detail_as_is` (an assessment's note names its indicator).
        """
        rows = np.asarray(rows, dtype=np.int64)
        k = len(rows)
        if not k:
            return

        def each(x) -> list:
            return [x] * k if x is None or isinstance(x, (str, int, np.integer)) else list(x)

        details, columns, numbers = each(details), each(column), self.numbers[rows]
        d = self.dq
        d["severity"] += [severity] * k
        d["problem"] += [problem] * k
        d["commitment_id"] += list(self.ids[rows])
        d["table_name"] += [table_name] * k
        d["field"] += columns if fields is None else each(fields)
        d["value_printed"] += list(values)
        d["detail"] += details if detail_as_is else [
            f"{det} ({self.url}, row {n}, column {c!r})"
            for det, n, c in zip(details, numbers, columns, strict=True)]
        d["source_note"] += [f"row {n}: {c}" for n, c in zip(numbers, columns, strict=True)]
        d["_row"] += list(rows)
        d["_col"] += each(col)

    def _prov(self, *, dated: bool = True) -> dict:
        keys = PROVENANCE_FIELDS if dated else ("source_type", "origin", "source_url")
        return {k: self.source.get(k) for k in keys if k != "source_note"}

    def _dq_frame(self) -> pd.DataFrame:
        d = self.dq
        order = np.lexsort((np.array(d["_col"], dtype=np.int64), np.array(d["_row"], dtype=np.int64)))
        out = {k: _object(d[k])[order] for k in _DQ_COLUMNS}
        return pd.DataFrame({**{k: out[k] for k in _DQ_COLUMNS if k != "source_note"},
                             "action_plan_id": None, **self._prov(dated=False),
                             "source_note": out["source_note"]}, dtype=object)

    # --- reading -----------------------------------------------------------------------------

    def read(self, head: Records, *, progress: bool = False) -> None:
        """Every part of the kept rows, as frames on `head`."""
        narrow = [c for c in self.mapped if RELEASE_COLUMNS[c].target not in _WIDE]
        wide = [c for c in self.mapped if RELEASE_COLUMNS[c].target in _WIDE]
        steps = narrow + (["wide"] if wide else [])
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(steps), desc="IRM data release columns", unit="column")
        com = self._commitments()
        for col, column in enumerate(narrow):
            self._narrow(head, com, col, column)
            if bar is not None:
                bar.update()
        for target in ("irm_reports", "irm_cluster"):
            self._joined(com, target, [c for c in narrow if RELEASE_COLUMNS[c].target == target])
        head.extend("commitments", pd.DataFrame(
            {**com, **self._prov(), "source_note": _object([f"row {n}" for n in self.numbers])},
            dtype=object))
        if wide:
            self._read_wide(head, wide, len(narrow))
            if bar is not None:
                bar.update()
        if bar is not None:
            bar.close()
        if self.dq["problem"]:
            head.extend("data_quality", self._dq_frame())

    def _commitments(self) -> dict[str, np.ndarray]:
        """commitment_id, member and cycle of the kept rows (year problems reported)."""
        n_rows = len(self.numbers)
        url = self.raw.get("URL")
        for i, (problem, severity, how) in self.derived.items():
            self.quality([i], -2, problem, [how], "URL", [None if url is None else url[i]],
                         severity=severity, table_name="members")
        cycles = np.full(n_rows, None, dtype=object)
        year = self.raw.get(YEAR_COLUMN)
        if year is not None:
            readings = {text: self._year(text) for text in dict.fromkeys(year)}
            for i, text in enumerate(year):
                cyc, problem, detail = readings[text]
                cycles[i] = cyc
                if problem is not None:
                    self.quality([i], -1, problem, [detail], YEAR_COLUMN,
                                 [text if problem == "blank_value" else text.strip()],
                                 table_name="commitments")
        self.cycles = cycles
        self.eras = map_values(cycles, era_of)
        return {"commitment_id": self.ids, "member": self.members, "cycle": cycles}

    def _year(self, text) -> tuple[int | None, str | None, str | None]:
        """(cycle, problem, detail) of a Year Of Submission cell (None where there is none)."""
        if text is None:
            return None, None, None
        stripped = str(text).strip()
        if not stripped:
            return None, "blank_value", "Year Of Submission is blank: the plan's cycle is unknown"
        cyc = year_of(stripped)
        if cyc is None:
            return None, "unknown_value", "Year Of Submission is not a year"
        if (why := year_problem(cyc, self.build_year)) is not None:
            return None, "implausible_year", f"Year Of Submission {why}; not used"
        return cyc, None, None

    def _narrow(self, head: Records, com: dict, col: int, column: str) -> None:
        """One narrow column: commitment attributes, plan names, institutions, dates."""
        spec = RELEASE_COLUMNS[column]
        target = spec.target
        if target in ("key", "cycle", "irm_reports", "irm_cluster"):
            return  # the keys are read first; the report columns are joined per row
        text = self._cell(column)
        given = np.flatnonzero(np.array([bool(t) for t in text]))  # an empty cell states nothing
        if not len(given):
            return
        values = text[given]
        reason = {t: _placeholder(t) for t in dict.fromkeys(values)}
        held = np.array([reason[t] is not None for t in values])
        self.quality(given[held], col, "missing_value",
                     [f"{t!r} ({reason[t]})" for t in values[held]], column, values[held],
                     severity="info", table_name="commitments")
        rows, values = given[~held], values[~held]
        if spec.name == "commitment_number":
            numbers = [commitment_number(t) for t in values]
            bad = np.array([n is None for n in numbers], dtype=bool)
            self.quality(rows[bad], col, "unknown_value", "Commitment Number does not start with a "
                         "number", column, values[bad], table_name="commitments")
            self._set(com, spec.name, rows[~bad], [n for n in numbers if n is not None])
        elif target in ("commitment", "member"):
            self._set(com, spec.name, rows, values)
        elif target == "end_year":
            read = [end_year_reading(t, c, self.build_year) for t, c in
                    zip(values, self.cycles[rows], strict=True)]
            for problem in dict.fromkeys(r[1] for r in read if r[1] is not None):
                bad = np.array([r[1] == problem for r in read], dtype=bool)
                self.quality(rows[bad], col, problem, [r[2] for r, b in zip(read, bad, strict=True)
                                                       if b], column, values[bad],
                             table_name="action_plans")
            ok = np.array([r[0] is not None for r in read], dtype=bool)
            self._set(com, "end_year", rows[ok], [r[0] for r in read if r[0] is not None])
        elif target == "plan_name":
            self._plan_names(head, spec, col, column, rows, values)
        elif target == "institution":
            if spec.name == "lead":
                self._set(com, "lead_institution", rows, values)
            head.extend("commitment_institutions", pd.DataFrame({
                "commitment_id": self.ids[rows], "institution": values, "role": spec.name,
                **self._prov(), "source_note": self._notes(rows, column)}, dtype=object))
        elif target == "date":
            self._dates(com, spec.name, col, column, rows, values)
        else:  # pragma: no cover - the crosswalk's targets are all handled above
            raise OGPAnalysisError(f"release crosswalk target {target!r} of {column!r} unhandled")

    def _notes(self, rows: np.ndarray, column: str) -> np.ndarray:
        return _object([f"row {n}: {column}" for n in self.numbers[rows]])

    def _set(self, com: dict, name: str, rows, values) -> None:
        if name not in com:
            com[name] = np.full(len(self.numbers), None, dtype=object)
        com[name][rows] = _object(list(values))

    def _plan_names(self, head, spec, col, column, rows, values) -> None:
        cycles = self.cycles[rows]
        lost = np.array([c is None for c in cycles], dtype=bool)
        self.quality(rows[lost], col, "missing_cycle", "plan name with no cycle to attach it to",
                     column, values[lost], table_name="action_plan_names")
        rows, values = rows[~lost], values[~lost]
        if len(rows):
            head.extend("action_plan_names", pd.DataFrame({
                "action_plan_id": [action_plan_id(m, c) for m, c in
                                   zip(self.members[rows], self.cycles[rows], strict=True)],
                "name": values, "name_type": spec.name, **self._prov(),
                "source_note": self._notes(rows, column)}, dtype=object))

    def _dates(self, com, name, col, column, rows, values) -> None:
        # Day or month first is decided per plan within this column (`numeric_order`); a
        # plan is its member and year as printed (`PLAN_COLUMNS`), as the row-wise reader sees it.
        plans = list(zip(*(self._cell(c)[rows] for c in PLAN_COLUMNS), strict=True))
        by_plan: dict = {}
        for plan, t in zip(plans, values, strict=True):
            by_plan.setdefault(plan, []).append(t)
        orders = {plan: numeric_order(texts) for plan, texts in by_plan.items()}
        value = np.full(len(rows), None, dtype=object)
        precision = np.full(len(rows), None, dtype=object)
        by_problem: dict[tuple[str, str], tuple[list, list, list]] = {}
        for j, t in enumerate(values):
            v, p, notes = _date_reading(t, orders[plans[j]])
            value[j], precision[j] = v, p
            for problem, severity, detail in notes:
                got = by_problem.setdefault((problem, severity), ([], [], []))
                got[0].append(rows[j])
                got[1].append(detail)
                got[2].append(t)
        known = np.array([v is not None for v in value], dtype=bool)
        self._set(com, name, rows[known], value[known])
        self._set(com, f"{name}_precision", rows[known], precision[known])
        for (problem, severity), (where, details, printed) in by_problem.items():
            self.quality(where, col, problem, details, column, printed, severity=severity,
                         table_name="commitments")

    def _joined(self, com: dict, target: str, columns: list[str]) -> None:
        """The report columns of a row, joined as printed ('<column>: <text>; ...')."""
        if not columns:
            return
        texts = [self._cell(c) for c in columns]
        joined = ["; ".join(f"{c}: {t[i]}" for c, t in zip(columns, texts, strict=True) if t[i])
                  for i in range(len(self.numbers))]
        rows = np.flatnonzero(np.array([bool(j) for j in joined], dtype=bool))
        if len(rows):
            self._set(com, target, rows, [joined[i] for i in rows])

    def _read_wide(self, head: Records, wide: list[str], offset: int) -> None:
        """Assessments, OGP values and policy areas: one long frame of the non-empty cells (a melt)."""
        specs = [RELEASE_COLUMNS[c] for c in wide]
        block = np.column_stack([self._cell(c) for c in wide])
        # An absent cell (a short row) or an empty one states nothing.
        rows, cols = np.nonzero(np.not_equal(block, None) & np.not_equal(block, ""))
        text = block[rows, cols]
        target = np.array([s.target for s in specs], dtype=object)[cols]
        keep = (target != "policy_area") | (text != "0")  # a 0: not in this area
        rows, cols, text, target = rows[keep], cols[keep], text[keep], target[keep]
        col_names = _object(wide)
        prefix = _object([f"row {n}: " for n in self.numbers])
        notes = prefix[rows] + col_names[cols]
        prov = self._prov()

        def cells(which):
            m = target == which
            return rows[m], cols[m], text[m], notes[m]

        a = cells("assessment")
        if len(a[0]):
            head.extend("assessments", self._assessments(a, specs, wide, offset, prov))
        r, c, t, nt = cells("ogp_value")
        if len(r):
            relevant = _object([{"0": False, "1": True}.get(x) for x in t])
            odd = np.array([x is None and _placeholder(v) is None for x, v in zip(relevant, t, strict=True)],
                           dtype=bool)
            self.quality(r[odd], offset + c[odd], "unknown_value",
                         "OGP value cell is neither 0, 1 nor a missing code", col_names[c[odd]],
                         t[odd], table_name="commitment_ogp_values")
            head.extend("commitment_ogp_values", pd.DataFrame({
                "commitment_id": self.ids[r],
                "ogp_value": _object([s.name for s in specs])[c],
                "is_relevant_to_value": relevant, "value_printed": t, **prov,
                "source_note": nt}, dtype=object))
        r, c, t, nt = cells("policy_area")
        if len(r):
            yes = t == "1"
            reason = _object([None if x == "1" else _placeholder(x) for x in t])
            held = ~yes & np.not_equal(reason, None)
            self.quality(r[held], offset + c[held], "missing_value",
                         [f"policy-area cell is {x!r} ({why}): whether the area applies is unknown"
                          for x, why in zip(t[held], reason[held], strict=True)],
                         col_names[c[held]], t[held], severity="info",
                         table_name="commitment_policy_areas")
            odd = ~yes & ~held
            self.quality(r[odd], offset + c[odd], "unknown_value",
                         "policy-area cell is neither 0, 1 nor a missing code", col_names[c[odd]],
                         t[odd], table_name="commitment_policy_areas")
            head.extend("commitment_policy_areas", pd.DataFrame({
                "commitment_id": self.ids[r[yes]], "policy_area": col_names[c[yes]],
                "vocabulary": "irm_data_release", **prov, "source_note": nt[yes]}, dtype=object))

    def _assessments(self, cells, specs, wide, offset, prov) -> pd.DataFrame:
        """The `assessments` rows of the assessment cells (each distinct value read once)."""
        rows, cols, text, notes = cells
        indicator = _object([s.name for s in specs])[cols]
        stage = _object([_stage(s, None) for s in specs])[cols]
        design = np.array([s.stage == "design_stage" for s in specs], dtype=bool)[cols]
        eras = self.eras[rows]
        stage[design] = [design_stage(e) for e in eras[design]]
        codes, distinct = pd.factorize(pd.Index(list(zip(indicator, text, strict=True)),
                                                tupleize_cols=False))
        readings = []
        for ind, printed in distinct:
            try:
                readings.append(read_indicator(ind, printed, context=ind))
            except UnknownValueError:
                readings.append(unknown_reading(printed, INDICATORS[ind].scale_names[0]))
        unknown = np.array([r.value_kind == "unknown" for r in readings], dtype=bool)[codes]
        doubled = np.array([bool(r.doubled) for r in readings], dtype=bool)[codes]
        col_names = _object(wide)
        # The data_quality rows `Records.assess` raises, one per cell.
        self.quality(rows[unknown], offset + cols[unknown], "unknown_value",
                     [f"{ind} value {p!r} is on none of the scales {INDICATORS[ind].scale_names}"
                      for ind, p in zip(indicator[unknown], text[unknown], strict=True)],
                     col_names[cols[unknown]], text[unknown], table_name="assessments",
                     fields=indicator[unknown], detail_as_is=True)
        self.quality(rows[doubled], offset + cols[doubled], "doubled_value",
                     [f"{ind} printed {p!r}, read once as {readings[k].value!r}"
                      for ind, p, k in zip(indicator[doubled], text[doubled], codes[doubled],
                                           strict=True)],
                     col_names[cols[doubled]], text[doubled], severity="info",
                     table_name="assessments", fields=indicator[doubled], detail_as_is=True)
        read = {k: _object([getattr(r, k) for r in readings])[codes]
                for k in ("value_printed", "value", "value_rank", "value_kind", "missing_reason",
                          "scale")}
        return pd.DataFrame({
            "commitment_id": self.ids[rows], "member": self.members[rows],
            "cycle": self.cycles[rows], "assessor": "irm", "stage": stage,
            "indicator": indicator, "ogp_value": _object([s.ogp_value for s in specs])[cols],
            "era": eras, **read, **prov, "source_note": notes}, dtype=object)


_YEAR = re.compile(r"[0-9]{4}")
_ID_PREFIX = re.compile(r"[A-Z]+")


def year_of(text: str) -> int | None:
    """A year printed as four ASCII digits, else None ('20_14', '２０１４', '2014.0' are no year)."""
    return int(text) if _YEAR.fullmatch(text) else None


@lru_cache(maxsize=256)
def end_year_reading(text: str, cycle, build_year: int | None) -> tuple[int | None, str | None,
                                                                         str | None]:
    """(end year or None, problem, detail) of an Action Plan End Year cell.

    Refused (None, with a warning): not four digits, outside the OGP's span, before the plan's
    start year (`cycle`).
    """
    end = year_of(text)
    if end is None:
        return None, "unknown_value", "Action Plan End Year is not a year"
    if (why := year_problem(end, build_year)) is not None:
        return None, "implausible_year", f"Action Plan End Year {why}; not used"
    if cycle is not None and end < int(cycle):
        return None, "implausible_year", (f"Action Plan End Year {end} is before the plan's start "
                                          f"year {cycle} (Year Of Submission); not used")
    return end, None, None


def map_values(values: np.ndarray, fn) -> np.ndarray:
    """`fn` of every value, called once per distinct value."""
    got = {v: fn(v) for v in dict.fromkeys(values)}
    return _object([got[v] for v in values])
