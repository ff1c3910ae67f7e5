"""Progress trackers in the formats governments publish -> `progress_updates` records.

Each format is recognised by its header or labels, never by the file's name (`FORMATS`; the
headers and vocabularies are in `../shared/IRM.md`):

- `uk_progress_csv_2014`: the UK's "progress against commitments" CSV of June 2014 (`Unique
  reference, Topic, Action, Status (30/06/14)` and yes/no columns naming the programme, e.g.
  `NAP commitment`): the status's date is the one its column name carries;
- `uk_progress_update`: the UK's commitment progress updates of January 2015 and December 2016,
  as text or HTML saved from the web: per commitment its title, lead department(s), civil society
  organisations involved, report date and overall status;
- `canada_tracker`: Canada's tracker on its open-data portal (a CKAN table: `reporting_period`,
  `commitments` C01, `milestones` C01.1, `indicators`, `due_date`, `lead_dept`, `status` NS / LP
  / SP / C, `progress_en`, `evidence_en`, ...);
- `nz_milestone_report`: New Zealand's milestone reports saved as a table (`Commitment`,
  `Milestone`, `Status` Completed / Underway, the date in the status column's name or an "As at"
  column).

The printed status is kept with its date; the words map through the declared status aliases
(`ogp_analysis/data/status_aliases.csv`, per format): schedule words to the progress scale,
completion words to the completion scale as the government's own assessment at that date
(`completion_status`, assessor `government`), never as the IRM's. A row links to a commitment by
its ID, a declared commitment alias (`commitment_aliases.csv`) or an exact title; the rest are
reported (`unmatched_commitment`), never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.keys import is_commitment_id, normalise_commitment_id
from ogp_analysis.labels import fold
from ogp_analysis.metadata.rules import TRACKER_ASSESSOR, commitment_by_number
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.parse.text import looks_like_html, read_page
from ogp_analysis.records import Records

TABLE = "progress_updates"
STATUS_ALIASES_CSV = "status_aliases.csv"
FORMATS = {
    "uk_progress_csv_2014": "the UK's progress CSV of June 2014 (Unique reference, Topic, Action, "
    "Status (dd/mm/yy))",
    "uk_progress_update": "the UK's commitment progress update (text or HTML: Lead department, "
    "Report date, Overall status per commitment)",
    "canada_tracker": "Canada's open-data tracker (reporting_period, commitments, milestones, "
    "status)",
    "nz_milestone_report": "New Zealand's milestone report (Commitment, Milestone, Status)",
}
_STATUS_DATE = re.compile(r"^status\s*(?:\(|at\s+|as\s+at\s+)\s*(?:as\s+at\s+)?([^()]+?)\)?$",
                          re.IGNORECASE)
_LABELS = {
    "title": r"commitment(?: title)?",
    "lead": r"lead (?:department|departments|department\(s\)|organisation)",
    "civil_society": r"civil society organisations? involved",
    "date": r"(?:report date|date of report|date)",
    "status": r"(?:overall status|status)",
}
_LABEL = re.compile(rf"^({'|'.join(_LABELS.values())})\s*(?::\s*(.*))?$", re.IGNORECASE)
_NUMBERED_HEAD = re.compile(r"^commitment\s+(\d{1,3})\s*[:.–—-]\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Status:
    """A printed status read through the declared aliases of its format."""

    printed: str | None
    scale: str | None  # progress | completion; None: not understood or blank
    value: str | None
    rank: int | None

    def fields(self) -> dict:
        """The progress_updates status fields."""
        if not self.printed:
            return {"progress_status_printed": None, "progress_status": None,
                    "progress_status_rank": None, "progress_status_kind": "missing",
                    "completion_status": None, "completion_status_rank": None,
                    "missing_reason": "blank_cell"}
        base = {"progress_status_printed": self.printed, "progress_status": None,
                "progress_status_rank": None, "completion_status": None,
                "completion_status_rank": None, "missing_reason": None}
        if self.scale == "progress":
            kind = "scale" if self.rank is not None else "off_scale"
            return {**base, "progress_status": self.value, "progress_status_rank": self.rank,
                    "progress_status_kind": kind}
        if self.scale == "completion":
            return {**base, "completion_status": self.value, "completion_status_rank": self.rank,
                    "progress_status_kind": "completion"}
        return {**base, "progress_status_kind": "unknown"}


@cache
def status_aliases() -> dict[tuple[str, str], tuple[str, str]]:
    """(format, folded printed word) -> (scale, value), from `status_aliases.csv`.

    Raises:
        OGPAnalysisError: an alias names a scale or value the registry does not declare.
    """
    text = resources.files("ogp_analysis.data").joinpath(STATUS_ALIASES_CSV).read_text("utf-8")
    out = {}
    for line, r in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        scale = SCALES.get(r["scale"])
        if scale is None or r["value"] not in scale.labels or r["format"] not in FORMATS:
            raise OGPAnalysisError(f"{STATUS_ALIASES_CSV} line {line}: {r['printed']!r} -> "
                                   f"{r['scale']} {r['value']!r} ({r['format']}) is not a "
                                   "declared format, scale and value")
        out[(r["format"], fold(r["printed"]))] = (r["scale"], r["value"])
    return out


def read_status(printed: str | None, fmt: str) -> Status:
    """A status as a format prints it, read through that format's declared aliases."""
    text = (printed or "").strip()
    if not text:
        return Status(None, None, None, None)
    hit = status_aliases().get((fmt, fold(text)))
    if hit is None:
        return Status(text, None, None, None)
    scale, value = hit
    values = SCALES[scale].values
    return Status(text, scale, value, values.index(value) if value in values else None)


# --- recognising a format -------------------------------------------------------------------------


def _header(text: str) -> list[str]:
    try:
        first = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return []
    return [h.strip() for h in first]


def html_tables(text: str) -> list[str]:
    """The tables of an HTML page as CSV texts (header row first), in page order.

    A table with a Milestone and a Status column but no Commitment column (a page per
    commitment, as New Zealand's milestone reports are) gets a `Commitment` column holding the
    page's heading.
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return []
    heading = next((" ".join(h.text_content().split()) for tag in ("h1", "h2", "title")
                    for h in root.iter(tag)), "")
    out = []
    for table in root.iter("table"):
        rows = [[" ".join(c.text_content().split()) for c in tr if c.tag in ("td", "th")]
                for tr in table.iter("tr")]
        low = [fold(h) for h in rows[0]] if rows else []
        if "milestone" in low and not any(h.startswith("commitment") for h in low):
            rows = [["Commitment", *rows[0]], *([heading, *r] for r in rows[1:])]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        out.append(buf.getvalue())
    return out


def table_in(text: str) -> str:
    """The text to read as a tracker: an HTML page's first table in a known format, else the text."""
    if looks_like_html(text):
        for table in html_tables(text):
            if _table_format(table):
                return table
    return text


def _table_format(text: str) -> str | None:
    header = _header(text)
    low = [fold(h) for h in header]
    if "unique reference" in low and "action" in low and any(_STATUS_DATE.match(h) for h in header):
        return "uk_progress_csv_2014"
    if {"reporting_period", "commitments", "status"} <= set(low):
        return "canada_tracker"
    if "milestone" in low and any(h == "status" or _STATUS_DATE.match(h) for h in low) and \
            any(h.startswith("commitment") for h in low):
        return "nz_milestone_report"
    return None


def detect_format(text: str) -> str | None:
    """The format a file is in; None: none it knows.

    From its header (a CSV, or a table of an HTML page) or its labels (a document).
    """
    if fmt := _table_format(table_in(text)):
        return fmt
    header = _header(text)
    if looks_like_html(text) or len(header) <= 1:
        lines = read_page(text).lines
        labels = {_label_key(m[1]) for line in lines if (m := _LABEL.match(line))}
        if {"lead", "status"} <= labels:
            return "uk_progress_update"
    return None


def refuse(where: str) -> OGPAnalysisError:
    """The one-line error for a file in no known format."""
    return OGPAnalysisError(f"{where}: not a progress format the toolkit knows; it reads "
                            + "; ".join(FORMATS.values())
                            + "; a milestone tracker (Commitment, Milestone reference, Milestone, "
                              "dates); or a progress-update file (commitment_id, as_of_date, "
                              "assessor, progress_status_printed)")


# --- linking rows to commitments --------------------------------------------------------------------


def _key(text: str) -> str:
    """A name folded to lower-case letters and digits (as `ingest.progress` keys titles)."""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


@dataclass(frozen=True)
class Commitments:
    """What a row may name a commitment by: IDs, declared aliases, exact titles."""

    ids: frozenset[str]
    aliases: Mapping[str, tuple[str, ...]]  # keyed alias -> IDs
    titles: Mapping[str, tuple[str, ...]]  # keyed title -> IDs
    plan_of: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # ID -> (member, cycle)
    plan_ids: Mapping[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of_plans(cls, plans: Mapping, aliases: pd.DataFrame | None = None) -> Commitments:
        """From the plans' lookups (`ingest.progress.plan_lookups`) and declared aliases."""
        rows = [(cid, "") for p in plans.values() for cid in p.ids]
        frame = pd.DataFrame(rows, columns=["commitment_id", "title"])
        titles: dict[str, list[str]] = {}
        for p in plans.values():
            for key, cid in p.titles.items():
                titles.setdefault(key, []).append(cid)
        got = cls.of(frame, aliases)
        return cls(got.ids, got.aliases, {k: tuple(v) for k, v in titles.items()},
                   {cid: key for key, p in plans.items() for cid in p.ids},
                   {key: tuple(p.ids) for key, p in plans.items()})

    @classmethod
    def of(cls, commitments: pd.DataFrame, aliases: pd.DataFrame | None = None) -> Commitments:
        """From a commitments frame (`commitment_id`, `title`) and declared aliases."""
        if aliases is None:
            from ogp_analysis.parse.meeting_notes import load_commitment_aliases

            aliases = load_commitment_aliases()
        by_alias: dict[str, list[str]] = {}
        for a, cid in zip(aliases["alias"], aliases["commitment_id"], strict=True):
            by_alias.setdefault(_key(str(a)), []).append(str(cid))
        by_title: dict[str, list[str]] = {}
        for t, cid in zip(commitments["title"], commitments["commitment_id"], strict=True):
            if isinstance(t, str) and t:
                by_title.setdefault(_key(t), []).append(str(cid))
        return cls(frozenset(map(str, commitments["commitment_id"])),
                   {k: tuple(v) for k, v in by_alias.items()},
                   {k: tuple(v) for k, v in by_title.items()})

    def resolve_within(self, plan: tuple[str, int], names, number: int | None = None) -> str | None:
        """The one commitment of a plan that names or a number stand for, else None.

        Names are titles or aliases shared with other plans; a number is the plan's own.
        """
        ids = self.plan_ids.get(plan, ())
        for text in (t.strip() for t in names if t and t.strip()):
            for table in (self.aliases, self.titles):
                got = [c for c in table.get(_key(text), ()) if c in ids]
                if len(got) == 1:
                    return got[0]
        return commitment_by_number(number, ids) if number and ids else None

    def resolve(self, *texts: str) -> str | None:
        """The one commitment the texts name (an ID, a declared alias, an exact title), else None."""
        for text in (t.strip() for t in texts if t and t.strip()):
            if is_commitment_id(text):
                cid = normalise_commitment_id(text)
                if cid in self.ids:
                    return cid
            for table in (self.aliases, self.titles):
                got = table.get(_key(text), ())
                if len(got) == 1:
                    return got[0]
        return None


# --- readers ---------------------------------------------------------------------------------------------


def _date(printed: str) -> tuple[str | None, str | None]:
    """(value, precision) of a printed date, day first; two-digit years are 20yy."""
    text = re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b", r"\1/\2/20\3", printed.strip())
    try:
        d = parse_partial_date(text, numeric_order="dmy")
    except ValueError:
        return None, None
    return (d.value, d.precision) if d else (None, None)


@dataclass
class _Row:
    names: tuple[str, ...]  # what the row calls its commitment (ID, code, title), in order
    printed: str  # the commitment as reported when unmatched
    where: str
    fields: dict
    number: int | None = None  # a commitment's number within its plan ("Commitment 5")


def _row(fmt: str, names, printed: str, where: str, *, status: str | None, as_of: str,
         milestone_ref=None, milestone_text=None, number=None) -> _Row:
    day, precision = _date(as_of) if as_of else (None, None)
    return _Row(tuple(n for n in names if n), printed, where, {
        "milestone_ref": milestone_ref or None, "milestone_text": milestone_text or None,
        "as_of_date": day, "as_of_date_precision": precision, "assessor": TRACKER_ASSESSOR,
        "source_note": where, **read_status(status, fmt).fields()}, number)


def _emit(rec: Records, fmt: str, rows: list[_Row], commitments: Commitments) -> None:
    """Link the rows to commitments and add them; the unmatched are reported, never guessed.

    First by ID, declared alias or a title that names one commitment; then, when the matched
    rows all belong to one plan, the rest within that plan (a title shared with another plan, a
    commitment's number within the plan).
    """
    first = {id(r): commitments.resolve(*r.names) for r in rows}
    plans = {commitments.plan_of.get(c) for c in first.values() if c}
    plan = plans.pop() if len(plans) == 1 else None
    unmatched: dict[str, list[str]] = {}
    for r in rows:
        cid = first[id(r)]
        if cid is None and plan is not None:
            cid = commitments.resolve_within(plan, r.names, r.number)
            if cid:
                r.fields["source_note"] = f"{r.where} (matched within the plan of the file's other rows)"
        if cid is None:
            unmatched.setdefault(r.printed, []).append(r.where)
            continue
        if r.fields["progress_status_kind"] == "unknown":
            rec.quality("unknown_value", f"{rec.source['source_url']} {r.where}: status "
                        f"{r.fields['progress_status_printed']!r} is not a declared status of "
                        f"{FORMATS[fmt]}: kept as printed", commitment_id=cid, table_name=TABLE,
                        field="progress_status", value_printed=r.fields["progress_status_printed"],
                        source_note=r.where)
        rec.add(TABLE, commitment_id=cid, **r.fields)
    for printed, wheres in unmatched.items():
        rec.quality("unmatched_commitment", f"{rec.source['source_url']}: {printed!r} ("
                    f"{', '.join(wheres[:5])}{' ...' if len(wheres) > 5 else ''}) is no known "
                    "commitment ID, declared alias or title of one commitment: not read",
                    table_name=TABLE, field="commitment_id", value_printed=printed)


def _table_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def parse_uk_progress_csv(text: str, *, source: dict, commitments: Commitments) -> Records:
    """The UK's June 2014 progress CSV: one update per row, dated by its status column's name."""
    rec = Records(source)
    header = _header(text)
    status_col = next(h for h in header if _STATUS_DATE.match(h))
    as_of = _STATUS_DATE.match(status_col)[1]
    if _date(as_of)[0] is None:
        rec.quality("unreadable_date", f"{source['source_url']}: column {status_col!r} carries no "
                    "readable date: updates kept undated", table_name=TABLE, field="as_of_date",
                    value_printed=status_col)
    rows = []
    for line, r in enumerate(_table_rows(text), start=2):
        ref, topic = (r.get("Unique reference") or "").strip(), (r.get("Topic") or "").strip()
        rows.append(_row("uk_progress_csv_2014", (ref, topic), ref or topic, f"line {line}",
                         status=r.get(status_col), as_of=as_of, milestone_ref=ref,
                         milestone_text=(r.get("Action") or "").strip()))
    _emit(rec, "uk_progress_csv_2014", rows, commitments)
    return rec


def parse_canada_tracker(text: str, *, source: dict, commitments: Commitments) -> Records:
    """Canada's tracker: one update per milestone (or indicator) row, dated by its reporting period."""
    rec = Records(source)
    rows = []
    for line, r in enumerate(_table_rows(text), start=2):
        code = (r.get("commitments") or "").strip()
        ref = (r.get("indicators") or r.get("milestones") or "").strip()
        period = (r.get("reporting_period") or "").strip()
        rows.append(_row("canada_tracker", (code,), code, f"line {line}", status=r.get("status"),
                         as_of=period, milestone_ref=ref,
                         milestone_text=(r.get("progress_en") or "").strip() or None))
        if period and _date(period)[0] is None:
            rec.quality("unreadable_date", f"{source['source_url']} line {line}: reporting_period "
                        f"{period!r} is not a date: the update is kept undated", table_name=TABLE,
                        field="as_of_date", value_printed=period)
    _emit(rec, "canada_tracker", rows, commitments)
    return rec


def parse_nz_milestone_report(text: str, *, source: dict, commitments: Commitments) -> Records:
    """New Zealand's milestone report saved as a table: one update per milestone."""
    rec = Records(source)
    header = _header(text)
    status_col = next(h for h in header if fold(h) == "status" or _STATUS_DATE.match(h))
    named = _STATUS_DATE.match(status_col)
    as_of_col = next((h for h in header if fold(h) in ("as at", "as of", "reporting date",
                                                        "report date")), None)
    commitment_col = next(h for h in header if fold(h).startswith("commitment"))
    rows = []
    for line, r in enumerate(_table_rows(text), start=2):
        printed = (r.get(commitment_col) or "").strip()
        as_of = named[1] if named and fold(status_col) != "status" else (
            (r.get(as_of_col) or "").strip() if as_of_col else "")
        rows.append(_row("nz_milestone_report", (printed,), printed, f"line {line}",
                         status=r.get(status_col), as_of=as_of,
                         milestone_ref=(r.get("Milestone number") or r.get("No.") or "").strip(),
                         milestone_text=(r.get("Milestone") or "").strip()))
    _emit(rec, "nz_milestone_report", rows, commitments)
    return rec


def _label_key(label: str) -> str:
    low = label.lower()
    for key, pattern in _LABELS.items():
        if re.fullmatch(pattern, low):
            return key
    return ""


def parse_uk_progress_update(text: str, *, source: dict, commitments: Commitments) -> Records:
    """The UK's commitment progress update (text or HTML): one update per commitment block.

    A block starts at "Commitment N: Title" or a "Commitment title" label; its fields are
    "Label: value" or a label line with the value on the next line. The commitment is matched by
    an ID or alias or exact title in the block's heading; the status is the block's overall status
    at its report date.
    """
    rec = Records(source)
    lines = read_page(text, source["source_url"]).lines
    blocks: list[dict] = []
    pending: str | None = None
    for line in lines:
        if m := _NUMBERED_HEAD.match(line):
            blocks.append({"title": m[2].strip(), "number": m[1]})
            pending = None
            continue
        m = _LABEL.match(line)
        key = _label_key(m[1]) if m else ""
        if key:
            if key == "title" and (not blocks or blocks[-1].get("document")
                                   or "status" in blocks[-1]):
                blocks.append({})
            if not blocks:
                blocks.append({"document": True})  # the document's own labels (its date)
            if (m[2] or "").strip():
                blocks[-1].setdefault(key, m[2].strip())
                pending = None
            else:
                pending = key
            continue
        if pending and blocks:
            blocks[-1].setdefault(pending, line.strip())
            pending = None
    dated = [b.get("date") for b in blocks if b.get("date")]
    blocks = [b for b in blocks if not b.get("document")]
    rows = []
    for i, b in enumerate(blocks, start=1):
        title = b.get("title", "")
        rows.append(_row("uk_progress_update", (title,), title or f"block {i}",
                         f"commitment block {i}", status=b.get("status"),
                         as_of=b.get("date") or (dated[0] if dated else ""),
                         number=int(b["number"]) if b.get("number") else None))
    if not blocks:
        rec.quality("unreadable_file", f"{source['source_url']}: no commitment block found "
                    "(Commitment N: Title, or a Commitment title label)", severity="error",
                    table_name=TABLE)
    _emit(rec, "uk_progress_update", rows, commitments)
    return rec


PARSERS = {
    "uk_progress_csv_2014": parse_uk_progress_csv,
    "uk_progress_update": parse_uk_progress_update,
    "canada_tracker": parse_canada_tracker,
    "nz_milestone_report": parse_nz_milestone_report,
}
