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
holding only the file-level `data_quality` rows.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.keys import action_plan_id, check_member_slug, normalise_commitment_id, slugify
from ogp_analysis.labels import missing_reason
from ogp_analysis.metadata.release import NOT_IMPORTED_COLUMNS, RELEASE_COLUMNS, ReleaseColumn
from ogp_analysis.metadata.rules import MEMBER_IN_URL, design_stage, era_of
from ogp_analysis.records import Records, source_id

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


def _placeholder(cell: str) -> str | None:
    """The typed missing reason of a release code (ND, NR, NA, N/A), else None."""
    reason = missing_reason(cell)
    return reason if reason in _TEXT_PLACEHOLDERS else None


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


def records_from_release_row(row: dict, *, source_url: str, row_number: int | None,
                             retrieved_at: str | None = None, origin: str = "irm_data_release",
                             member: str | None = None, cycle: int | None = None,
                             source: dict | None = None,
                             report_unknown_columns: bool = True) -> Records:
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
    if "Year Of Submission" in row and (row["Year Of Submission"] or "").strip():
        text = row["Year Of Submission"].strip()
        try:
            cyc = int(text)
        except ValueError:
            quality("unknown_value", "Year Of Submission is not a year", "Year Of Submission", text,
                    table_name="commitments")
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


def _date(commitment: dict, name: str, text: str, column: str, quality) -> None:
    try:
        parsed = parse_partial_date(text, numeric_order="mdy")
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
    if not path.is_file():
        raise NotFoundError(f"IRM data release file not found: {path}")
    return path.read_bytes(), str(path), None, str(path)


def read_release(path_or_url: str | Path, *, member: str | None = None,
                 origin: str = "irm_data_release", progress: bool = False,
                 provenance: dict | None = None) -> list[Records]:
    """Read an IRM data release CSV export (a file; a URL is downloaded first by the build).

    Args:
        path_or_url: the CSV file (`ogp_analysis.build` downloads a URL into
            `data/raw/releases/` and passes the stored file with its `provenance`).
        provenance: the download's sidecar (`url`, `fetched_at`, `raw_path`): the source URL
            and capture time the rows cite instead of the local path.
        member: keep only this member's rows (slug or `Country/Locality`, case-insensitive).
        origin: the build input it comes from (`irm_data_release`).
        progress: show a tqdm bar over the rows (stderr).

    Returns:
        One Records holding the file-level data_quality (unknown columns), then one per row.

    Raises:
        NotFoundError: no such file, or `member` matches no row.
        OGPAnalysisError: not a release CSV (no `Commitment Unique Identifier` column) or a row
            without a valid ID.
    """
    body, source_url, retrieved_at, raw_path = _load(path_or_url)
    if provenance:
        source_url = provenance.get("url", source_url)
        retrieved_at = provenance.get("fetched_at", retrieved_at)
        raw_path = provenance.get("raw_path", raw_path)
    sha = hashlib.sha256(body).hexdigest()
    try:
        df = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise OGPAnalysisError(f"{source_url}: not a readable CSV: {exc}") from exc
    if "Commitment Unique Identifier" not in df.columns:
        raise OGPAnalysisError(f"{source_url}: not an IRM data release CSV (no 'Commitment Unique "
                               f"Identifier' column; columns: {list(df.columns)[:8]} ...)")
    source = release_source(source_url, retrieved_at=retrieved_at, sha256=sha, raw_path=raw_path,
                            origin=origin)
    head = Records(source)
    for column in df.columns:
        if column not in RELEASE_COLUMNS and column not in NOT_IMPORTED_COLUMNS:
            head.quality("unknown_column", f"column {column!r} of {source_url} is neither mapped "
                         "nor listed as not imported (metadata/release.py): its values are not read",
                         table_name="commitments", field=column)
    # One conversion to plain objects: iterating Arrow-backed string columns cell by cell is slow.
    columns = list(df.columns)
    rows: Iterable[tuple[int, dict]] = enumerate(
        (dict(zip(columns, values, strict=True)) for values in df.to_numpy(dtype=object)), start=1)
    if progress:
        from tqdm import tqdm

        rows = tqdm(list(rows), desc="IRM data release rows", unit="row")
    out = [head]
    want = member.strip().casefold() if member else None
    for n, row in rows:
        rec = records_from_release_row(row, source_url=source_url, row_number=n,
                                       retrieved_at=retrieved_at, origin=origin, source=source,
                                       report_unknown_columns=False)
        if want is not None:
            c = rec.parts["commitments"][0]
            if want not in (c["member"].casefold(), (c.get("member_name") or "").casefold()):
                continue
        out.append(rec)
    if want is not None and len(out) == 1:
        raise NotFoundError(f"member {member!r} has no row in {source_url}")
    return out
