"""Progress files -> `progress_updates` records: the wide milestone tracker and the long update CSV.

Both formats are documented in `data/raw/README.md` (examples in `docs/examples/`):

- a **milestone tracker** (`Commitment, Milestone reference, Milestone`, then one column per date,
  the date as the header, day first): one `progress_updates` row per (milestone, date) cell;
- a **progress-update file** (one row per update, the table's columns).

The parsers are pure (text in, `Records` out); `read_progress_file` and
`read_progress_folder` are the I/O edges. A status is read on the declared progress scale
(`metadata.scales.SCALES["progress"]`): canonical only where the scale or a declared alias
says so, off-scale answers kept as printed, blanks typed missing, anything else kept as printed
and reported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import NotFoundError, OGPAnalysisError, UnknownValueError
from ogp_analysis.ingest.trackers import PARSERS, Commitments, detect_format, refuse, table_in
from ogp_analysis.keys import is_commitment_id, normalise_commitment_id
from ogp_analysis.labels import fold, read_value
from ogp_analysis.metadata.rules import (
    NARRATIVE_SOURCE_TYPES,
    PROGRESS_DATE_ORDER,
    TRACKER_ASSESSOR,
    commitment_by_number,
)
from ogp_analysis.metadata.scales import ASSESSORS, SOURCE_TYPES
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.records import Records, make_source

TABLE = "progress_updates"
BUNDLED_FILE = "progress_updates.csv"
TRACKER_HEAD = ("Commitment", "Milestone reference", "Milestone")
# What the progress folder reads: CSV tables, and progress-update documents saved as text or HTML.
PROGRESS_SUFFIXES = (".csv", ".txt", ".html", ".htm")
# Columns a progress-update file must have, may have, and may carry but are recomputed here
# (a file exported from the table itself reads back).
UPDATE_REQUIRED = ("commitment_id", "as_of_date", "assessor", "progress_status_printed")
UPDATE_OPTIONAL = ("milestone_ref", "milestone_text", "source_type", "source_url", "source_note")
UPDATE_RECOMPUTED = tuple(c for c in TABLES[TABLE].fields
                          if c not in UPDATE_REQUIRED + UPDATE_OPTIONAL)
_NUMBER = re.compile(r"^(?:commitment\s*)?(\d{1,3})\.?$", re.IGNORECASE)
# A tracker file names its plan: `<member>-<cycle>...csv` (`united-kingdom-2013-milestones.csv`).
_PLAN_IN_NAME = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*?)-((?:19|20)\d{2})(?:[-_. ].*)?$")


def _title_key(text: str) -> str:
    """A title folded to lower-case letters and digits (punctuation and spacing ignored)."""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


# --- statuses and dates ---------------------------------------------------------------------


def read_progress_status(printed: str | None, source_type: str) -> dict:
    """Read a printed status on the progress scale.

    Args:
        printed: the cell or words as printed; None or blank for an empty cell.
        source_type: the source's type; words from prose sources (`NARRATIVE_SOURCE_TYPES`) that
            the scale does not know are `narrative`, elsewhere `unknown`.

    Returns:
        The progress_updates status fields (`progress_status_printed`, `progress_status`,
        `progress_status_rank`, `progress_status_kind`, `missing_reason`).
    """
    text = None if printed is None else str(printed).strip()
    blank = {"progress_status_printed": None, "progress_status": None,
             "progress_status_rank": None, "progress_status_kind": "missing",
             "missing_reason": "blank_cell"}
    if not text:
        return blank
    try:
        r = read_value(text, "progress")
    except UnknownValueError:
        kind = "narrative" if source_type in NARRATIVE_SOURCE_TYPES else "unknown"
        return {**blank, "progress_status_printed": text, "progress_status_kind": kind,
                "missing_reason": None}
    if r.value_kind == "missing":
        return {**blank, "progress_status_printed": text, "missing_reason": r.missing_reason}
    return {"progress_status_printed": text, "progress_status": r.value,
            "progress_status_rank": r.value_rank, "progress_status_kind": r.value_kind,
            "missing_reason": None}


def _as_of(text: str) -> tuple[str, str]:
    """(date, precision) of a printed date, day first; raises ValueError when it is not one."""
    d = parse_partial_date(text, numeric_order=PROGRESS_DATE_ORDER)
    if d is None:
        raise ValueError(f"not a date: {text!r}")
    return d.value, d.precision


# --- plans: a commitment given as a number within the plan or a title ---------------------------


@dataclass(frozen=True)
class PlanLookup:
    """The commitments of one action plan, to map a tracker's commitment cell to an ID."""

    member: str
    cycle: int
    ids: tuple[str, ...]
    titles: Mapping[str, str] = field(default_factory=dict)  # _title_key(title) -> ID

    def resolve(self, text: str) -> str | None:
        """The ID a commitment cell stands for: an ID, the plan's number, or a title; else None."""
        t = text.strip()
        if is_commitment_id(t):
            cid = normalise_commitment_id(t)
            return cid if cid in self.ids else None
        if m := _NUMBER.match(t):
            return commitment_by_number(int(m[1]), self.ids)
        return self.titles.get(_title_key(t))


def plan_lookups(commitments: pd.DataFrame) -> dict[tuple[str, int], PlanLookup]:
    """One PlanLookup per (member, cycle) of a frame with commitment_id, member, cycle, title."""
    out = {}
    for (member, cycle), rows in commitments.groupby(["member", "cycle"]):
        titles = {_title_key(t): cid for cid, t in zip(rows["commitment_id"], rows["title"],
                                                        strict=True) if isinstance(t, str) and t}
        out[(str(member), int(cycle))] = PlanLookup(str(member), int(cycle),
                                                    tuple(sorted(rows["commitment_id"])), titles)
    return out


def plan_of_cells(text: str, plans: Mapping[tuple[str, int], PlanLookup]) -> tuple[str, int] | None:
    """The one plan a tracker's Commitment cells name by ID or title (numbers name none)."""
    found = set()
    for row in _rows(text, "tracker")[1:]:
        cell = row[0].strip() if row else ""
        if not cell or _NUMBER.match(cell):
            continue
        found |= {key for key, p in plans.items() if p.resolve(cell)}
    return found.pop() if len(found) == 1 else None


def plan_of_file_name(name: str) -> tuple[str, int] | None:
    """(member, cycle) a tracker's file name gives (`united-kingdom-2013-milestones.csv`)."""
    m = _PLAN_IN_NAME.match(Path(name).stem.lower())
    return (m[1], int(m[2])) if m else None


# --- the wide milestone tracker --------------------------------------------------------------


def _rows(text: str, where: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise OGPAnalysisError(f"{where}: not a readable CSV: {exc}") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise OGPAnalysisError(f"{where}: empty file")
    return rows


def is_tracker(header: Iterable[str]) -> bool:
    """True when a CSV header starts `Commitment, Milestone reference, Milestone`."""
    head = [fold(h) for h in header][:3]
    return head == [fold(h) for h in TRACKER_HEAD]


# Complexity: the tracker's layout rules (continuation rows, commitment by number or title, date headers) read row by row in one pass.
def parse_tracker(text: str, *, source: dict, plan: PlanLookup,  # noqa: C901
                  assessor: str = TRACKER_ASSESSOR) -> Records:
    """Read a milestone tracker: one progress_updates row per (milestone, date) cell.

    Args:
        text: the CSV text.
        source: the `source` dict of the Records (source_url names the file in messages).
        plan: the action plan's commitments (a cell gives a number within the plan, an ID or a
            title).
        assessor: whose tracker it is.

    Returns:
        Records with the cells' rows and the file's data_quality (continuation rows, unmatched
        commitments, unknown statuses, unreadable date columns).

    Raises:
        OGPAnalysisError: the file is not a tracker (its first three headers differ).
    """
    where = source["source_url"]
    rows = _rows(text, where)
    header = [h.strip() for h in rows[0]]
    if not is_tracker(header):
        raise OGPAnalysisError(f"{where}: not a milestone tracker: the header must start "
                               f"{', '.join(TRACKER_HEAD)} (found {', '.join(header[:3])})")
    rec = Records(source)
    dates: list[tuple[int, str, str, str]] = []  # (column index, header, date, precision)
    for i, h in enumerate(header[3:], start=3):
        try:
            dates.append((i, h, *_as_of(h)))
        except ValueError:
            rec.quality("unreadable_date", f"column {i + 1} header {h!r} of {where} is not a date "
                        "(day first: 30/4/2014, 31 Jan 2015, 2015-12-31): its cells are not read",
                        table_name=TABLE, field="as_of_date", value_printed=h)
    current: str | None = None
    continued: list[int] = []
    unmatched: dict[str, list[int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        printed, ref, milestone = (c.strip() for c in row[:3])
        if not printed:
            if current is None:
                rec.quality("missing_commitment", f"{where} line {line}: a blank Commitment cell "
                            "with no commitment above it: the row is not read", table_name=TABLE,
                            field="commitment_id", source_note=f"line {line}")
                continue
            continued.append(line)
        else:
            current = printed
        cid = plan.resolve(current)
        if cid is None:
            unmatched.setdefault(current, []).append(line)
            continue
        if ref and (cid, ref) in seen:
            rec.quality("duplicate_milestone", f"{where} line {line}: milestone {ref} of {cid} "
                        f"again (first on line {seen[(cid, ref)]}); both read", commitment_id=cid,
                        table_name=TABLE, field="milestone_ref", value_printed=ref)
        seen.setdefault((cid, ref), line)
        for col, head, day, precision in dates:
            status = read_progress_status(row[col] if col < len(row) else "", source["source_type"])
            note = f"line {line}, milestone {ref or '(no reference)'}, column {head!r}"
            if status["progress_status_kind"] == "unknown":
                rec.quality("unknown_value", f"progress status {status['progress_status_printed']!r} "
                            f"is not on the progress scale nor a declared off-scale answer "
                            f"({where} {note}): kept as printed", commitment_id=cid,
                            table_name=TABLE, field="progress_status",
                            value_printed=status["progress_status_printed"], source_note=note)
            rec.add(TABLE, commitment_id=cid, milestone_ref=ref or None,
                    milestone_text=milestone or None, as_of_date=day,
                    as_of_date_precision=precision, assessor=assessor, source_note=note, **status)
    if continued:
        rec.quality("continuation_row", f"{where}: {len(continued)} row(s) with a blank Commitment "
                    f"cell took the commitment above (lines {', '.join(map(str, continued))})",
                    severity="info", table_name=TABLE, field="commitment_id")
    for printed, lines in unmatched.items():
        rec.quality("unmatched_commitment", f"{where}: commitment {printed!r} (lines "
                    f"{', '.join(map(str, lines))}) is neither a number within the "
                    f"{plan.member} {plan.cycle} plan ({len(plan.ids)} commitments), nor one of "
                    "its IDs or titles: its rows are not read", table_name=TABLE,
                    field="commitment_id", value_printed=printed)
    return rec


# --- the long progress-update file -----------------------------------------------------------


def parse_progress_updates(text: str, *, source: dict) -> Records:
    """Read a progress-update file: one row per update, the table's columns.

    Args:
        text: the CSV text.
        source: the `source` dict of the Records. A row's own `source_type`, `source_url` and
            `source_note` (where the update was published) override the file's.

    Returns:
        Records with one progress_updates row per readable row; a row that cannot be keyed (bad
        ID, unknown assessor or source type) is a data_quality row naming its line.

    Raises:
        OGPAnalysisError: a required column is missing.
    """
    where = source["source_url"]
    rows = _rows(text, where)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in UPDATE_REQUIRED if c not in header]
    if missing:
        raise OGPAnalysisError(f"{where}: not a progress-update file: columns {missing} missing "
                               f"(needs {', '.join(UPDATE_REQUIRED)})")
    rec = Records(source)
    for h in header:
        if h not in UPDATE_REQUIRED + UPDATE_OPTIONAL + UPDATE_RECOMPUTED:
            rec.quality("unknown_column", f"column {h!r} of {where} is not a progress_updates "
                        "column: its values are not read", table_name=TABLE, field=h)
    recomputed = [h for h in header if h in UPDATE_RECOMPUTED]
    if recomputed:
        rec.quality("recomputed_column", f"{where}: columns {recomputed} are recomputed from the "
                    "printed status and date, not read", severity="info", table_name=TABLE)
    seen: dict[tuple, int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        r = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells)),
                     strict=False))
        key = tuple(r.values())
        if key in seen:
            # The same update twice (a pasted row): counted once, and said.
            rec.quality("duplicate_row", f"{where} line {line} repeats line {seen[key]} exactly: "
                        "counted once", severity="info", table_name=TABLE,
                        commitment_id=r["commitment_id"].upper() if is_commitment_id(
                            r["commitment_id"]) else None)
            continue
        seen[key] = line
        note = r.get("source_note") or f"line {line}"
        problem = _row_problem(r)
        if problem:
            rec.quality(problem[0], f"{where} line {line}: {problem[1]}: the row is not read",
                        table_name=TABLE, field=problem[2], value_printed=r.get(problem[2]))
            continue
        cid = normalise_commitment_id(r["commitment_id"])
        stype = r.get("source_type") or source["source_type"]
        day = precision = None
        if r["as_of_date"]:
            try:
                day, precision = _as_of(r["as_of_date"])
            except ValueError:
                rec.quality("unreadable_date", f"{where} line {line}: as_of_date "
                            f"{r['as_of_date']!r} is not a date: the update is kept undated",
                            commitment_id=cid, table_name=TABLE, field="as_of_date",
                            value_printed=r["as_of_date"])
        status = read_progress_status(r["progress_status_printed"], stype)
        extra = {k: r[k] for k in ("source_type", "source_url") if r.get(k)}
        if status["progress_status_kind"] == "unknown":
            rec.quality("unknown_value", f"progress status {status['progress_status_printed']!r} "
                        f"({where} line {line}) is not on the progress scale nor a declared "
                        "off-scale answer: kept as printed", commitment_id=cid, table_name=TABLE,
                        field="progress_status", value_printed=status["progress_status_printed"],
                        source_note=note, **({"source_type": stype} if r.get("source_type") else {}))
        rec.add(TABLE, commitment_id=cid, milestone_ref=r.get("milestone_ref") or None,
                milestone_text=r.get("milestone_text") or None, as_of_date=day,
                as_of_date_precision=precision, assessor=r["assessor"], source_note=note,
                **extra, **status)
    return rec


def _row_problem(r: dict) -> tuple[str, str, str] | None:
    """(problem, detail, field) when a row cannot be keyed, else None."""
    if not is_commitment_id(r["commitment_id"]):
        return "invalid_commitment_id", f"{r['commitment_id']!r} is not a commitment ID", "commitment_id"
    if r["assessor"] not in ASSESSORS:
        return ("unknown_assessor", f"assessor {r['assessor']!r} is not one of "
                f"{', '.join(ASSESSORS)}", "assessor")
    if r.get("source_type") and r["source_type"] not in SOURCE_TYPES:
        return ("unknown_source_type", f"source_type {r['source_type']!r} is not one of "
                f"{', '.join(SOURCE_TYPES)}", "source_type")
    return None


# --- files and the folder (I/O) --------------------------------------------------------------


def file_source(path: Path, source_type: str, origin: str, root: Path | None = None) -> dict:
    """The `source` dict of a local progress file: its path (relative to root), sha256, undated."""
    body = Path(path).read_bytes()
    shown = str(Path(path).resolve().relative_to(root.resolve())) if root and \
        Path(path).resolve().is_relative_to(root.resolve()) else str(path)
    return make_source(shown, source_type=source_type, origin=origin,
                       sha256=hashlib.sha256(body).hexdigest(), raw_path=shown)


def read_progress_file(path: Path | str, *, plans: Mapping[tuple[str, int], PlanLookup],
                       origin: str = "progress", root: Path | None = None) -> Records:
    """Read one progress file, a tracker or an update file (told apart by the header).

    Args:
        path: the CSV file.
        plans: the action plans' commitments (`plan_lookups`); a milestone tracker's plan is
            the one its Commitment cells name by ID or title, else its file name's
            (`<member>-<cycle>...csv`) when the cells give only numbers; other formats are
            recognised by their header or labels (`ingest.trackers`).
        origin: the build input (`progress`, or `bundled` for the bundled updates).
        root: paths are shown relative to it (the project root).

    Raises:
        NotFoundError: no such file, or a tracker whose plan is not known.
        OGPAnalysisError: neither format, or a tracker file name that names no plan.
    """
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"progress file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OGPAnalysisError(f"{path}: not UTF-8 text: {exc}") from exc
    fmt = detect_format(text)
    if fmt is not None:
        kind = "progress_update_document" if fmt == "uk_progress_update" else "government_tracker"
        body = text if fmt == "uk_progress_update" else table_in(text)  # an HTML page's table
        return PARSERS[fmt](body, source=file_source(path, kind, origin, root),
                            commitments=Commitments.of_plans(plans))
    header = _rows(text, str(path))[0]
    if is_tracker(header):
        plan_key = plan_of_cells(text, plans) or plan_of_file_name(path.name)
        if plan_key is None:
            raise OGPAnalysisError(f"{path}: a milestone tracker of numbered commitments must name "
                                   "its plan: a commitment ID or title in a Commitment cell, or a "
                                   "file name starting <member>-<cycle> (united-kingdom-2013-...)")
        if plan_key not in plans:
            known = ", ".join(f"{m}-{c}" for m, c in sorted(plans)) or "none"
            raise NotFoundError(f"{path}: no commitments known for plan {plan_key[0]}-{plan_key[1]} "
                                f"(plans known: {known})")
        return parse_tracker(text, source=file_source(path, "milestone_tracker", origin, root),
                             plan=plans[plan_key])
    if not set(UPDATE_REQUIRED) <= {h.strip() for h in header}:
        raise refuse(str(path))
    return parse_progress_updates(text, source=file_source(path, "progress_update_file", origin,
                                                           root))


def read_progress_folder(folder: Path | str, *, plans: Mapping[tuple[str, int], PlanLookup],
                         root: Path | None = None) -> list[Records]:
    """Read every CSV, text or HTML file in a progress folder (sorted by name).

    A missing folder reads nothing.

    A file that cannot be read is one `unreadable_file` data_quality row (its one-line reason),
    not a failed build.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in PROGRESS_SUFFIXES):
        try:
            out.append(read_progress_file(path, plans=plans, root=root))
        except OGPAnalysisError as exc:
            rec = Records(file_source(path, "progress_update_file", "progress", root))
            rec.quality("unreadable_file", f"{exc}: nothing read from this file", severity="error",
                        table_name=TABLE)
            out.append(rec)
    return out


def read_bundled_progress(folder: Path | str, root: Path | None = None) -> list[Records]:
    """The bundled progress updates (`progress_updates.csv` of the bundled folder), origin bundled.

    Returns:
        One Records, or none when the bundled folder has no progress_updates.csv.
    """
    path = Path(folder) / BUNDLED_FILE
    if not path.is_file():
        return []
    return [read_progress_file(path, plans={}, origin="bundled", root=root)]


def read_progress_inputs(paths) -> list[Records]:
    """The user's progress files (`paths.progress`), commitments mapped by the bundled plans.

    Args:
        paths: the project's `Paths`.
    """
    from ogp_analysis.ingest.bundled import COMMITMENTS

    com_file = Path(paths.bundled) / COMMITMENTS
    com = (pd.read_csv(com_file, dtype={"cycle": int}, keep_default_na=False)
           if com_file.is_file() else pd.DataFrame(columns=["commitment_id", "member", "cycle",
                                                            "title"]))
    return read_progress_folder(paths.progress, plans=plan_lookups(com), root=paths.root)


def read_bundled_progress_input(paths) -> list:
    """The bundled progress updates of a project: the reader the sources registry names."""
    return read_bundled_progress(paths.bundled, root=paths.root)
