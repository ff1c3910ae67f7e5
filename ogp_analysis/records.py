"""Records: what every source reader (page parser, listing parser, data release, bundled facts) returns.

One shape for all sources, so the normaliser merges them without knowing where they came from:

    {
      "source": {source_id, source_type, origin, source_url, retrieved_at, sha256, raw_path},
      "commitments": [...],             # attributes as THIS source states them (see below)
      "assessments": [...],             # rows of the `assessments` table
      "commitment_policy_areas": [...],
      "commitment_ogp_values": [...],
      "commitment_institutions": [...],
      "commitment_milestones": [...],
      "action_plan_names": [...],
      "listing": [...],                 # listing entries (see LISTING_FIELDS)
      "data_quality": [...],
    }

Any table of the registry that readers fill is a part (`PARTS`): a new table needs only its
registry entry and a reader; whole frames can be added with `Records.extend`. Rows use the field names of the registry (`docs/data_dictionary.md`). Provenance fields
(`source_type`, `origin`, `source_url`, `retrieved_at`, `source_note`) are set on every row
by `Records.add`, from the source, unless the row sets them itself.

A `commitments` row here holds what this one source says: `commitment_id`, `member`, `cycle`,
and any of `title`, `status`, `lead_institution`, `description`, `start_date`,
`start_date_precision`, `end_date`, `end_date_precision`, `irm_reports`, `irm_cluster`,
`theme`, `action_plan_name`, `member_name`, `member_code`, `region`, `national_or_local`,
`end_year`. The normaliser picks one value per attribute by source precedence, derives the
IRM convenience columns from `assessments`, and reports disagreements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ogp_analysis.errors import UnknownValueError
from ogp_analysis.labels import Reading, read_indicator, unknown_reading
from ogp_analysis.metadata.scales import INDICATORS
from ogp_analysis.metadata.tables import PROVENANCE, TABLES

# The parts a reader may fill: every table of the registry that readers feed (the ones the
# build derives itself are not parts), plus `listing` (entries a member listing prints, merged
# into `commitments` and the listing's policy areas by the normaliser).
DERIVED_TABLES = ("members", "action_plans", "sources")
PARTS = (*(name for name in TABLES if name not in DERIVED_TABLES), "listing")
PROVENANCE_FIELDS = PROVENANCE
LISTING_FIELDS = ("commitment_id", "member", "member_name", "title", "cycle", "policy_area", "is_starred_listing",
                  "position")
_DQ_FIELDS = TABLES["data_quality"].fields
# Parts every Records starts with (the `parse` JSON shows them even when empty).
_CORE_PARTS = ("commitments", "assessments", "commitment_policy_areas", "commitment_ogp_values",
               "commitment_institutions", "commitment_milestones", "action_plan_names", "listing",
               "data_quality")


def source_id(url: str, retrieved_at: str | None, sha256: str | None = None) -> str:
    """A stable ID for one capture of a source."""
    key = f"{url}|{retrieved_at or 'undated'}|{sha256 or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def make_source(source_url: str, *, source_type: str, origin: str,
                retrieved_at: str | None = None, sha256: str | None = None,
                raw_path: str | None = None, source_note: str | None = None,
                key: str | None = None, **extra) -> dict:
    """The one constructor of a source's provenance (a `Records.source`).

    Args:
        source_url: where the document is (or was) published.
        source_type: one of `scales.SOURCE_TYPES`.
        origin: which build input it comes from (`pages`, `bundled`, `irm_data_release`, ...).
        retrieved_at: capture time (ISO 8601, UTC); None: undated.
        sha256: hash of the raw body.
        raw_path: the raw file, relative to the project root.
        source_note: which capture or part of the document (e.g. a bundled template note).
        key: what tells captures of one URL apart when they are undated (default: the URL).
        **extra: further provenance (`superseded_by`, ...).
    """
    return {
        "source_id": source_id(key or source_url, retrieved_at, sha256),
        "source_type": source_type,
        "origin": origin,
        "source_url": source_url,
        "retrieved_at": retrieved_at,
        "sha256": sha256,
        "raw_path": raw_path,
        "source_note": source_note,
        **extra,
    }


def quality_row(problem: str, detail: str, *, severity: str = "warning", **row) -> dict:
    """One `data_quality` row with every column of the table (valid by construction).

    Args:
        problem: the kind of problem (`unknown_value`, `disagreement`, ...).
        detail: one sentence a person can act on.
        severity: `info`, `warning` or `error`.
        **row: any other column of `data_quality` (commitment_id, table_name, field, ...).
    """
    stray = [k for k in row if k not in _DQ_FIELDS]
    if stray:
        raise KeyError(f"data_quality has no column(s) {stray}; columns: {_DQ_FIELDS}")
    out = dict.fromkeys(_DQ_FIELDS)
    out.update(row, severity=severity, problem=problem, detail=detail)
    return out


@dataclass
class Records:
    """The rows one source yields, with the source's provenance applied to each."""

    source: dict[str, Any]
    parts: dict[str, list[dict]] = field(default_factory=lambda: {p: [] for p in _CORE_PARTS})
    frames: dict[str, list] = field(default_factory=dict)

    def add(self, part: str, **row) -> dict:
        """Add a row to a part (a table of the registry, or `listing`), with the source's provenance.

        Provenance columns the part's table has (`source_type`, `origin`, `source_url`,
        `retrieved_at`, `source_note`) are filled from the source unless the row sets them.

        Raises:
            KeyError: the part is not a table readers fill.
        """
        if part not in self.parts:
            if part not in PARTS:
                raise KeyError(f"unknown records part {part!r}; parts: {', '.join(PARTS)}")
            self.parts[part] = []
        # A data_quality row has no capture time of its own; every other part carries it all.
        columns = _DQ_FIELDS if part == "data_quality" else PROVENANCE_FIELDS
        for key in PROVENANCE_FIELDS:
            if key in columns:
                row.setdefault(key, self.source.get(key))
        if part == "data_quality":
            row = quality_row(row.pop("problem"), row.pop("detail"), **row)
        self.parts[part].append(row)
        return row

    def quality(self, problem: str, detail: str, *, severity: str = "warning", **row) -> dict:
        """Report a problem: nothing is dropped silently.

        Args:
            problem: the kind of problem (`unknown_value`, `unparseable_page`, ...).
            detail: one sentence a person can act on.
            severity: `info`, `warning` or `error`.
            **row: other `data_quality` columns (commitment_id, action_plan_id, table_name,
                field, value_printed, source_note, source_type, ...); None values are skipped
                so the source's provenance fills them.
        """
        row = {k: v for k, v in row.items() if v is not None}
        return self.add("data_quality", severity=severity, problem=problem, detail=detail, **row)

    def assess(self, *, commitment_id: str, member: str, cycle: int | None, assessor: str,
               stage: str, indicator: str, printed: str | None, era: str | None,
               ogp_value: str | None = None, source_note: str | None = None,
               reading: Reading | None = None, source_type: str | None = None) -> dict:
        """Add an assessment row, reading the printed value on the indicator's scale.

        An unknown value is kept as printed (value_kind `unknown`) and reported in
        data_quality with the source URL; it is never guessed or dropped. `source_type`
        overrides the source's own (a page's status summary is a source type of its own), on
        the row and on any data_quality row it raises.
        """
        extra = {"source_type": source_type} if source_type else {}
        if reading is None:
            try:
                reading = read_indicator(indicator, printed, context=f"{commitment_id} {indicator}")
            except UnknownValueError:
                reading = unknown_reading(printed, INDICATORS[indicator].scale_names[0])
                self.quality(
                    "unknown_value",
                    f"{indicator} value {printed!r} is on none of the scales "
                    f"{INDICATORS[indicator].scale_names}",
                    commitment_id=commitment_id, table_name="assessments", field=indicator,
                    value_printed=printed, source_note=source_note, **extra,
                )
        if reading.doubled:
            self.quality(
                "doubled_value", f"{indicator} printed {printed!r}, read once as {reading.value!r}",
                severity="info", commitment_id=commitment_id, table_name="assessments",
                field=indicator, value_printed=printed, source_note=source_note, **extra,
            )
        row = dict(
            commitment_id=commitment_id, member=member, cycle=cycle, assessor=assessor,
            stage=stage, indicator=indicator, ogp_value=ogp_value, era=era,
            **reading.as_record(),
        )
        if source_note is not None:
            row["source_note"] = source_note
        return self.add("assessments", **row, **extra)

    def extend(self, part: str, frame) -> None:
        """Add a whole part at once: a DataFrame (or list of dicts) of rows with its own provenance.

        Column-wise readers (the IRM data release) build a part as one frame instead of a dict
        per row; the normaliser concatenates frames and row lists alike.
        """
        if part not in PARTS:
            raise KeyError(f"unknown records part {part!r}; parts: {', '.join(PARTS)}")
        self.frames.setdefault(part, []).append(frame)

    def to_dict(self) -> dict:
        """The JSON document `ogp-analysis parse` prints."""
        return {"source": self.source, **self.parts}
