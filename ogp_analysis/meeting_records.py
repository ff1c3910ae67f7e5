"""The meeting-records format: one row per meeting, the CSV a person reviews and the build reads.

Its one home: the meeting-note extractor (`ogp_analysis.parse.meeting_notes`) writes it and the
build's reader (`ogp_analysis.ingest.process_records`) reads it; `data/raw/README.md` documents each
column. Codes are written in reader language (`SECTOR_WORDS`, `PHASE_WORDS`, `KIND_WORDS`);
`organisations` holds one `Organisation (sector; role)` entry per listed person.
"""

from __future__ import annotations

import csv
import io
import re

# The columns, in this order.
COLUMNS = (
    "meeting_id", "member", "date", "date_precision", "kind", "title", "plans",
    "chairs_government", "chairs_civil_society", "attendees_total", "attendees_government",
    "attendees_civil_society", "attendees_other", "apologies_total", "apologies_government",
    "apologies_civil_society", "organisations", "commitments", "record_url",
    "record_published_date", "source_url", "note",
)
# How the CSV writes codes (reader language) and back.
SECTOR_WORDS = {"government": "government", "civil_society": "civil society", "other": "other"}
PHASE_WORDS = {"co_creation": "co-creation", "implementation": "implementation",
               "monitoring": "monitoring", "self_assessment": "self-assessment"}
KIND_WORDS = {"forum": "forum", "working_group": "working group",
              "consultation_event": "consultation event",
              "public_consultation": "public consultation", "bilateral": "bilateral",
              "other": "other"}
UNKNOWN_SECTOR = "?"
NOT_STATED = "not stated"  # a listed person whose organisation the record does not give


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def meeting_id(member: str, date: str | None, kind: str) -> str:
    """The key the extractor proposes for a meeting: `<member>-<date or 'undated'>-<kind>`."""
    return _slug(f"{member}-{date or 'undated'}-{KIND_WORDS[kind]}")


_ENTRY_SPLIT = re.compile(r";\s*(?![^()]*\))")
_ENTRY = re.compile(r"^(.*?)\s*\(([^();]*);\s*([^();]*)\)$")


def split_list(text: str) -> list[str]:
    """A `;`-separated column of the CSV -> its entries (a `;` inside brackets stays)."""
    return [e.strip() for e in _ENTRY_SPLIT.split(text or "") if e.strip()]


def organisation_entry(organisation: str | None, sector: str | None, role: str) -> str:
    """One listed person as the CSV writes it: `Organisation (sector; role)`.

    Args:
        organisation: the gazetteer's name or as printed; None: the record states none.
        sector: the sector code (`civil_society`); None: not known.
        role: chair, attendee or apology.
    """
    return f"{organisation or NOT_STATED} ({SECTOR_WORDS.get(sector or '', UNKNOWN_SECTOR)}; {role})"


def parse_organisation_entry(entry: str) -> tuple[str, str, str] | None:
    """`Organisation (sector; role)` -> (organisation, sector as written, role); None: malformed."""
    m = _ENTRY.match(entry.strip())
    return (m[1].strip(), m[2].strip(), m[3].strip()) if m else None


def rows_to_csv(rows: list[dict]) -> str:
    """Meeting-records rows as CSV text (COLUMNS order, header first)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in COLUMNS})
    return buf.getvalue()
