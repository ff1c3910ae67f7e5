"""Meeting-records CSVs and plan-level process facts -> Records for the process tables.

Two formats (both documented in `data/raw/README.md`):

- **meeting records**, one row per meeting (`ogp_analysis.meeting_records.COLUMNS`, plus an
  optional trailing `duration`): the user's files under `data/raw/process/` and the bundled
  `data/raw/bundled/process_meetings.csv`. They fill `meetings`, `meeting_plans`,
  `meeting_attendance` (counts per sector exactly as stated, attendees, apologies and chairs in
  columns of their own; a blank stays null; stated totals go to `meetings`), `meeting_participants`
  and `meeting_commitments`.
- **plan process facts**, one fact per row (`PLAN_FACT_COLUMNS`): the bundled
  `data/raw/bundled/process_irm.csv` (and any such file under `data/raw/process/`). They fill
  `plan_process`, each value read on its indicator's scale.

Read with the same care as the IRM release: an unknown column is an `unknown_column` row; a bad
date, count or ID, an unknown kind, phase, sector or role is a `data_quality` row naming the
file and line, with the value as printed, and the rest of the row is kept. A file missing a
required column is one `missing_column` error row: nothing of it is read, nothing else is lost;
so is an empty file (`empty_file`). A short line names the cells it lacks (`short_row`); an
attendance count is a whole number up to `rules.MAX_ATTENDANCE`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from ogp_analysis.dates import PartialDate, parse_partial_date
from ogp_analysis.errors import OGPAnalysisError, UnknownValueError
from ogp_analysis.keys import normalise_commitment_id
from ogp_analysis.labels import read_value
from ogp_analysis.meeting_records import (
    COLUMNS,
    KIND_WORDS,
    NOT_STATED,
    PHASE_WORDS,
    SECTOR_WORDS,
    UNKNOWN_SECTOR,
    parse_organisation_entry,
    split_list,
)
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.fields import FIELDS
from ogp_analysis.metadata.scales import PROCESS_INDICATORS, SECTORS, SOURCE_TYPES
from ogp_analysis.records import Records, make_source

PROCESS_DIR = "process"  # under data/raw/: the user's meeting records
BUNDLED_MEETINGS = "process_meetings.csv"
BUNDLED_PLAN_FACTS = "process_irm.csv"
OPTIONAL_COLUMNS = ("duration", "source_type")
REQUIRED_COLUMNS = ("meeting_id", "member", "kind")
PLAN_FACT_COLUMNS = ("member", "cycle", "indicator", "value", "report_title", "source_type",
                     "source_url", "note")
# Count columns -> (meeting_attendance column, sector); sector None: the record's total (a
# column of `meetings`).
COUNT_COLUMNS = {
    "attendees_total": ("attendees", None),
    "attendees_government": ("attendees", "government"),
    "attendees_civil_society": ("attendees", "civil_society"),
    "attendees_other": ("attendees", "other"),
    "apologies_total": ("apologies", None),
    "apologies_government": ("apologies", "government"),
    "apologies_civil_society": ("apologies", "civil_society"),
    "chairs_government": ("chairs", "government"),
    "chairs_civil_society": ("chairs", "civil_society"),
}
_WORD_TO_CODE = {
    "kind": {w: c for c, w in KIND_WORDS.items()} | {c: c for c in KIND_WORDS},
    "phase": {w: c for c, w in PHASE_WORDS.items()} | {c: c for c in PHASE_WORDS},
    "sector": {w: c for c, w in SECTOR_WORDS.items()} | {c: c for c in SECTORS},
    "role": {"chair": "chair", "co-chair": "chair", "attendee": "attendee",
             "apology": "apology", "apologies": "apology"},
}
_COMMITMENT = re.compile(rf"^(?:({R.COMMITMENT_ID_TEXT})\s*)?(?:\[(.+)\])?$")
_MEETING_ID = re.compile(FIELDS["meeting_id"].pattern)
_SLUG = re.compile(R.MEMBER_SLUG_PATTERN)
_MONTH_SPAN = re.compile(r"^(.+?)\s*[–—-]\s*(.+)$")


def _code(kind: str, printed: str) -> str | None:
    return _WORD_TO_CODE[kind].get(re.sub(r"\s+", " ", printed.strip().lower()))


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise OGPAnalysisError(f"cannot read {path}: {exc}") from exc


def _widths(path: Path) -> list[int]:
    """The number of cells of each data record of a CSV (blank lines skipped, as pandas does)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [len(r) for r in list(csv.reader(fh))[1:] if r]


def _file_header(path: Path, label: str):
    """The columns of a process CSV; an empty or unreadable file is an OGPAnalysisError."""
    if not path.read_bytes().strip():
        raise OGPAnalysisError(f"{label} is empty (0 bytes or blank)")
    return _read_csv(path).columns


def _file_source(label: str, origin: str) -> dict:
    """The CSV itself as a source (for rows whose record has no URL, and for file problems)."""
    return make_source(label, source_type="meeting_record", origin=origin, raw_path=label,
                       source_note=f"meeting records {label}")


def _new(source: dict) -> Records:
    return Records(source)


def read_meeting_records(path: Path | str, *, origin: str = "process_records",
                         label: str | None = None) -> list[Records]:
    """Read one meeting-records CSV.

    Args:
        path: the CSV file.
        origin: `process_records` (the user's folder) or `bundled`.
        label: how the file is cited (default: its path as given), e.g.
            `data/raw/bundled/process_meetings.csv`.

    Returns:
        One Records per source URL (rows without one share the file's own Records).

    Raises:
        OGPAnalysisError: the file cannot be read as CSV at all.
    """
    path = Path(path)
    label = label or str(path)
    df = _read_csv(path)
    file_rec = _new(_file_source(label, origin))
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        file_rec.quality("missing_column", f"{label}: no column(s) {', '.join(missing)}: the "
                         "file is not read (see data/raw/README.md for the format)",
                         severity="error", table_name="meetings", field=", ".join(missing))
        return [file_rec]
    for col in df.columns:
        if col not in COLUMNS and col not in OPTIONAL_COLUMNS:
            file_rec.quality("unknown_column", f"{label}: column {col!r} is not a meeting-records "
                             "column; its values are not read", table_name="meetings", field=col)
    by_url: dict[str, Records] = {}
    widths = _widths(path)
    for i, (line, row) in enumerate(enumerate(df.to_dict("records"), start=2)):
        # The cells a short line lacks are absent (pandas reads them as blank): named.
        absent = list(df.columns[widths[i]:]) if i < len(widths) else []
        row = {k: v.strip() if isinstance(v, str) else "" for k, v in row.items()}
        url = row.get("source_url") or ""
        if url and url not in by_url:
            by_url[url] = _new(make_source(url, source_type="meeting_record", origin=origin))
        rec = by_url[url] if url else file_rec
        if absent:
            rec.quality("short_row", f"{label} line {line}: a short row, {len(df.columns) - len(absent)} of "
                        f"{len(df.columns)} cells; {', '.join(absent[:6])}"
                        f"{', ...' if len(absent) > 6 else ''} not in the line (not read)",
                        table_name="meetings", field=absent[0], source_note=f"{label} line {line}")
        _meeting_row(rec, row, f"{label} line {line}")
    return [file_rec, *by_url.values()]


# Complexity: one check per column of the meeting-records format, each reporting its own problem.
def _meeting_row(rec: Records, row: dict, where: str) -> None:  # noqa: C901
    """One CSV row into the meeting tables of `rec`; every problem is a data_quality row."""
    url = row.get("source_url") or None

    def problem(kind: str, detail: str, field: str, printed: str | None, table: str = "meetings",
                severity: str = "warning") -> None:
        rec.quality(kind, f"{where}: {detail}", severity=severity, table_name=table, field=field,
                    value_printed=printed, source_note=where)

    mid, member = row.get("meeting_id", ""), row.get("member", "")
    if not _MEETING_ID.match(mid) or not _SLUG.match(member):
        bad = "meeting_id" if not _MEETING_ID.match(mid) else "member"
        problem("bad_value", f"{bad} {row.get(bad)!r} is not a key (lower case, digits and "
                "hyphens): the row is not read", bad, row.get(bad), severity="error")
        return
    prov = {"source_url": url, "source_note": where}
    stype = row.get("source_type", "")
    if stype in SOURCE_TYPES:
        prov["source_type"] = stype
    elif stype:
        problem("unknown_value", f"source_type {stype!r} is not a declared source type: read as "
                f"{rec.source['source_type']}", "source_type", stype)

    date = _date(row.get("date", ""), "date", problem)
    stated = row.get("date_precision", "")
    if date and stated and stated != date.precision:
        problem("disagreement", f"date {date.value} is at {date.precision} precision, "
                f"date_precision says {stated!r}: the date's own precision is kept",
                "date_precision", stated)
    kind = _code("kind", row.get("kind", ""))
    if kind is None:
        problem("unknown_value", f"kind {row.get('kind')!r} is not one of "
                f"{', '.join(KIND_WORDS.values())}: recorded as unknown", "kind", row.get("kind"))
    published = _date(row.get("record_published_date", ""), "record_published_date", problem)
    counts: dict[str | None, dict[str, int]] = {}
    for column, (what, sector) in COUNT_COLUMNS.items():
        printed = row.get(column, "")
        if not printed:
            continue  # not stated: null (never 0)
        if not printed.isascii() or not printed.isdigit() or int(printed) > R.MAX_ATTENDANCE:
            problem("bad_count", f"{column} {printed!r} is not a whole number up to "
                    f"{R.MAX_ATTENDANCE:,}: not read", column, printed, "meeting_attendance",
                    severity="error")
            continue
        counts.setdefault(sector, {})[what] = int(printed)
    totals = counts.pop(None, {})
    rec.add("meetings", attendees_total=totals.get("attendees"),
            apologies_total=totals.get("apologies"), meeting_id=mid, member=member,
            meeting_date=date.value if date else None,
            meeting_date_precision=date.precision if date else None, meeting_kind=kind,
            meeting_title=row.get("title") or None, duration_printed=row.get("duration") or None,
            record_url=row.get("record_url") or None,
            record_published_date=published.value if published else None,
            meeting_note=row.get("note") or None, **prov)

    for entry in split_list(row.get("plans", "")):
        cycle, _, phase_printed = entry.partition(":")
        phase = _code("phase", phase_printed)
        if not re.fullmatch(r"(19|20)\d{2}", cycle.strip()) or phase is None:
            problem("unknown_value", f"plans entry {entry!r} is not `cycle:phase` with phase one "
                    f"of {', '.join(PHASE_WORDS.values())}", "plans", entry, "meeting_plans")
            continue
        rec.add("meeting_plans", meeting_id=mid, member=member, cycle=int(cycle), phase=phase,
                **prov)

    for sector, stated in counts.items():
        rec.add("meeting_attendance", meeting_id=mid, sector=sector, **stated, **prov)

    for position, entry in enumerate(split_list(row.get("organisations", "")), start=1):
        parsed = parse_organisation_entry(entry)
        if parsed is None:
            problem("bad_value", f"organisations entry {entry!r} is not `Organisation (sector; "
                    "role)`: not read", "organisations", entry, "meeting_participants",
                    severity="error")
            continue
        organisation, sector_printed, role_printed = parsed
        if organisation == NOT_STATED:
            organisation = None  # the record lists the person with no organisation
        role = _code("role", role_printed)
        if role is None:
            problem("unknown_value", f"role {role_printed!r} of {organisation!r} is not chair, "
                    "attendee or apology: the entry is not read", "organisations", entry,
                    "meeting_participants")
            continue
        sector = _code("sector", sector_printed)
        if sector is None and organisation is not None:
            detail = ("organisation {!r} has no sector (not in the gazetteer)"
                      if sector_printed in ("", UNKNOWN_SECTOR) else
                      "sector {!r} of {!r} is not government, civil society or other")
            args = (organisation,) if "{!r} has" in detail else (sector_printed, organisation)
            problem("unknown_sector", detail.format(*args) + ": kept with no sector",
                    "organisations", entry, "meeting_participants")
        rec.add("meeting_participants", meeting_id=mid, participant_position=position,
                organisation=organisation or None, sector=sector, participant_role=role, **prov)

    for entry in split_list(row.get("commitments", "")):
        m = _COMMITMENT.match(entry)
        if not m or not (m[1] or m[2]):
            problem("bad_value", f"commitments entry {entry!r} is not `ID`, `ID [topic]` or "
                    "`[topic]`: not read", "commitments", entry, "meeting_commitments",
                    severity="error")
            continue
        rec.add("meeting_commitments", meeting_id=mid,
                commitment_id=normalise_commitment_id(m[1]) if m[1] else None,
                topic_printed=m[2].strip() if m[2] else None, **prov)


def _date(printed: str, column: str, problem) -> PartialDate | None:
    if not printed:
        return None
    try:
        found = parse_partial_date(printed, numeric_order="dmy")
    except ValueError:
        problem("bad_date", f"{column} {printed!r} is not a date (YYYY-MM-DD, YYYY-MM, YYYY or "
                "'26 Feb 2014'): left empty", column, printed, severity="error")
        return None
    if found and found.ambiguous:
        problem("ambiguous_date", f"{column} {printed!r} could be day/month either way: read "
                f"as {found.value} (D/M/Y)", column, printed)
    return found


# --- plan-level process facts ------------------------------------------------------------------


def read_plan_facts(path: Path | str, *, origin: str = "bundled",
                    label: str | None = None) -> list[Records]:
    """Read a plan process facts CSV (`PLAN_FACT_COLUMNS`) into `plan_process` rows.

    Each value is read on its indicator's scale (yes/no, the IAP2 level); dates under review
    become `YYYY-MM/YYYY-MM`, a publication date its partial date; other indicators keep the
    value as printed. An unknown indicator or a value off its scale is a data_quality row and
    the fact is kept as printed.

    Returns:
        One Records per source URL.
    """
    path = Path(path)
    label = label or str(path)
    df = _read_csv(path)
    missing = [c for c in PLAN_FACT_COLUMNS if c not in df.columns]
    file_rec = _new(_file_source(label, origin))
    if missing:
        file_rec.quality("missing_column", f"{label}: no column(s) {', '.join(missing)}: the "
                         "file is not read", severity="error", table_name="plan_process",
                         field=", ".join(missing))
        return [file_rec]
    out: dict[str, Records] = {}
    for line, r in enumerate(df.to_dict("records"), start=2):
        where = f"{label} line {line}"
        url, stype = r["source_url"], r["source_type"]
        if url not in out:
            out[url] = _new(make_source(url, source_type=stype, origin=origin))
        rec = out[url]
        indicator = PROCESS_INDICATORS.get(r["indicator"])
        if indicator is None or not r["cycle"].isdigit() or not _SLUG.match(r["member"]):
            rec.quality("unknown_value", f"{where}: fact {r['indicator']!r} of "
                        f"{r['member']!r} {r['cycle']!r} is not a declared plan process "
                        "indicator of a plan: not read", table_name="plan_process",
                        field="indicator", value_printed=r["value"], source_note=where)
            continue
        value, rank, scale, trouble = _plan_value(indicator.name, indicator.scale, r["value"])
        if trouble:
            rec.quality("unknown_value", f"{where}: {trouble}", table_name="plan_process",
                        field=indicator.name, value_printed=r["value"], source_note=where,
                        action_plan_id=f"{r['member']}-{int(r['cycle'])}")
        rec.add("plan_process", action_plan_id=f"{r['member']}-{int(r['cycle'])}",
                member=r["member"], cycle=int(r["cycle"]),
                assessor="irm" if stype == "irm_report" else None,
                process_indicator=indicator.name, value_printed=r["value"] or None, value=value,
                value_rank=rank, scale=scale, report_title=r["report_title"] or None,
                source_note=f"{where}" + (f" ({r['note']})" if r["note"] else ""))
    return [file_rec, *out.values()]


def _plan_value(name: str, scale: str | None, printed: str) -> tuple:
    """(canonical value, rank, scale, problem or None) of one plan fact."""
    if scale:
        try:
            reading = read_value(printed, scale)
        except UnknownValueError:
            reading = None
        if reading is None or reading.value is None:
            return None, None, scale, f"{name} {printed!r} is not on the {scale} scale"
        return reading.value, reading.value_rank, scale, None
    if name == "published":
        found = _first_date(printed)
        return (found.value, None, None, None) if found else (
            None, None, None, f"published {printed!r} starts with no date")
    if name == "dates_under_review":
        m = _MONTH_SPAN.match(printed)
        try:
            a, b = (parse_partial_date(m[1]), parse_partial_date(m[2])) if m else (None, None)
        except ValueError:
            a = b = None
        if a and b:
            return f"{a.value}/{b.value}", None, None, None
        return None, None, None, f"dates under review {printed!r} are not 'Month YYYY – Month YYYY'"
    return printed or None, None, None, None


def _first_date(printed: str) -> PartialDate | None:
    head = re.split(r"[;(]", printed, maxsplit=1)[0].strip()
    try:
        return parse_partial_date(head)
    except ValueError:
        return None


# --- the folders the build reads ---------------------------------------------------------------


def read_process_folder(folder: Path | str, *, origin: str = "process_records",
                        root: Path | None = None) -> list[Records]:
    """Every CSV in a folder: meeting records (a `meeting_id` column) or plan facts (`indicator`).

    Args:
        folder: `data/raw/process/` (the user's) or the bundled folder (`process_*.csv` only).
        origin: `process_records` or `bundled`.
        root: the project root, so files are cited by relative path.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    pattern = "process_*.csv" if origin == "bundled" else "*.csv"
    out: list[Records] = []
    for path in sorted(folder.glob(pattern)):
        label = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        try:
            header = _file_header(path, label)
        except OGPAnalysisError as exc:
            rec = _new(_file_source(label, origin))
            problem = "empty_file" if "empty" in str(exc) else "unreadable_file"
            rec.quality(problem, f"{exc}: nothing read from it", severity="error",
                        table_name="meetings")
            out.append(rec)
            continue
        if "meeting_id" in header:
            out.extend(read_meeting_records(path, origin=origin, label=label))
        elif "indicator" in header:
            out.extend(read_plan_facts(path, origin=origin, label=label))
        else:
            rec = _new(_file_source(label, origin))
            rec.quality("unknown_file", f"{label}: neither meeting records (a meeting_id column) "
                        "nor plan process facts (an indicator column): not read",
                        severity="error", table_name="meetings")
            out.append(rec)
    return out


def read_process(paths) -> list[Records]:
    """The folder reader for the build: the bundled process files and the user's folder.

    Args:
        paths: `ogp_analysis.paths.Paths`.
    """
    return (read_process_folder(paths.bundled, origin="bundled", root=paths.root)
            + read_process_folder(paths.raw / PROCESS_DIR, root=paths.root))


def plan_attributes(plan_process: pd.DataFrame) -> pd.DataFrame:
    """`action_plans`' published and coordinator, from plan_process (first source's value).

    Returns:
        One row per action_plan_id with `published` and `coordinator` (null where unstated).
    """
    cols = ["action_plan_id", "published", "coordinator"]
    if plan_process.empty:
        return pd.DataFrame(columns=cols)
    facts = plan_process[plan_process["process_indicator"].astype(str).isin(
        ["published", "coordinator"])]
    wide = (facts.dropna(subset=["value"]).groupby(["action_plan_id", "process_indicator"],
                                                    observed=True)["value"].first()
            .unstack("process_indicator"))
    return wide.reindex(columns=cols[1:]).reset_index().reindex(columns=cols)
