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

Rows use the field names of the registry (`docs/data_dictionary.md`). Provenance fields
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

PARTS = (
    "commitments",
    "assessments",
    "commitment_policy_areas",
    "commitment_ogp_values",
    "commitment_institutions",
    "commitment_milestones",
    "action_plan_names",
    "listing",
    "data_quality",
    # --- Progress updates (issue 13) ---
    "progress_updates",
)
PROVENANCE_FIELDS = ("source_type", "origin", "source_url", "retrieved_at", "source_note")
# Parts whose rows carry the provenance fields in their table.
_WITH_PROVENANCE = {
    "assessments", "commitment_policy_areas", "commitment_ogp_values", "commitment_institutions",
    "commitment_milestones", "action_plan_names", "listing", "commitments",
    "progress_updates",
}
LISTING_FIELDS = ("commitment_id", "member", "member_name", "title", "cycle", "policy_area", "is_starred_listing",
                  "position")

# Source precedence for commitment attributes and for the IRM convenience columns (lower wins).
SOURCE_PRECEDENCE = {
    "irm_data_release": 0,
    "ogp_page_status_summary": 1,
    "ogp_page": 2,
    "ogp_listing": 3,
    "irm_report": 4,
    "gov_self_assessment": 5,
}


def source_id(url: str, retrieved_at: str | None, sha256: str | None = None) -> str:
    """A stable ID for one capture of a source."""
    key = f"{url}|{retrieved_at or 'undated'}|{sha256 or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Records:
    """The rows one source yields, with the source's provenance applied to each."""

    source: dict[str, Any]
    parts: dict[str, list[dict]] = field(default_factory=lambda: {p: [] for p in PARTS})

    def add(self, part: str, **row) -> dict:
        if part not in self.parts:
            raise KeyError(f"unknown records part {part!r}; parts: {PARTS}")
        if part in _WITH_PROVENANCE or part == "data_quality":
            for key in PROVENANCE_FIELDS:
                if part == "data_quality" and key == "retrieved_at":
                    continue
                row.setdefault(key, self.source.get(key))
        self.parts[part].append(row)
        return row

    def quality(self, problem: str, detail: str, *, severity: str = "warning",
                commitment_id: str | None = None, table_name: str | None = None,
                field: str | None = None, value_printed: str | None = None,
                source_note: str | None = None, source_type: str | None = None) -> None:
        """Report a problem: nothing is dropped silently."""
        self.add(
            "data_quality", severity=severity, problem=problem, commitment_id=commitment_id,
            table_name=table_name, field=field, value_printed=value_printed, detail=detail,
            **({"source_note": source_note} if source_note else {}),
            **({"source_type": source_type} if source_type else {}),
        )

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

    def to_dict(self) -> dict:
        """The JSON document `ogp-analysis parse` prints."""
        return {"source": self.source, **self.parts}
