"""The table registry: which fields each processed table holds, and its primary key."""

from __future__ import annotations

from dataclasses import dataclass

from ogp_analysis.metadata.fields import FIELDS
from ogp_analysis.metadata.rules import precedence_text

PROVENANCE = ("source_type", "origin", "source_url", "retrieved_at", "source_note")


@dataclass(frozen=True)
class Table:
    """One processed table: its fields (from the field registry), primary key and how repeats are read."""

    name: str
    description: str
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    nullable: tuple[str, ...] = ()  # fields that may be null here although the registry says not
    # A second row with the same key: `report` (a duplicate_row note, the first kept) or
    # `merge` (kept once silently: the source repeats it by design).
    repeats: str = "report"


_TABLES = [
    Table(
        "members",
        "One row per OGP member seen in any source.",
        ("member", "member_name", "member_code", "region", "national_or_local"),
        ("member",),
    ),
    Table(
        "action_plans",
        "One row per action plan, keyed on (member, cycle). Its other names are in "
        "action_plan_names.",
        ("action_plan_id", "member", "cycle", "end_year", "start_date", "end_date", "era",
         # the plan's publication date and coordinator: plan process facts (`plan_process`)
         "commitment_count", "published", "coordinator"),
        ("action_plan_id",),
    ),
    Table(
        "action_plan_names",
        "Every name or ID an action plan is known by, with where it was seen.",
        ("action_plan_id", "name", "name_type", *PROVENANCE),
        ("action_plan_id", "name", "name_type", "source_url"),
        repeats="merge",
    ),
    Table(
        "commitments",
        "One row per commitment. Attributes come from the sources by precedence ("
        + precedence_text() + "); the `irm_*` convenience columns are the IRM's values picked "
        "from `assessments` by the same pickers the figures use, never entered twice. Government "
        "and civil-society values stay in `assessments`. `region` is the member's (from "
        "`members`), to group by without a merge.",
        ("commitment_id", "member", "region", "cycle", "action_plan_id", "title", "status",
         "lead_institution", "description", "start_date", "start_date_precision", "end_date",
         "end_date_precision", "irm_reports", "irm_cluster", "theme", "commitment_number", "era",
         "irm_completion_midterm", "irm_completion_end_of_term", "irm_completion_latest",
         "irm_completion_latest_stage", "irm_specificity", "irm_is_verifiable",
         "irm_potential_impact", "irm_ambition", "irm_potential_for_results", "irm_is_relevant",
         "irm_diog_overall", "irm_is_starred", "irm_is_carried_forward", "source_url",
         "retrieved_at"),
        ("commitment_id",),
    ),
    Table(
        "assessments",
        "The long heart of the model: one row per (commitment, assessor, stage, indicator, OGP "
        "value, source). Keeps the value as printed, the canonical value and its rank, the scale "
        "and era, or a typed missing reason; and where it came from.",
        ("commitment_id", "member", "cycle", "assessor", "stage", "indicator", "ogp_value",
         "value_printed", "value", "value_rank", "value_kind", "missing_reason", "scale", "era",
         *PROVENANCE),
        ("commitment_id", "assessor", "stage", "indicator", "ogp_value", "source_type",
         "source_url", "source_note"),
    ),
    Table(
        "commitment_policy_areas",
        "Policy areas per commitment, in the vocabulary of each source (never cross-walked).",
        ("commitment_id", "policy_area", "vocabulary", *PROVENANCE),
        ("commitment_id", "policy_area", "vocabulary", "source_url", "source_note"),
    ),
    Table(
        "commitment_ogp_values",
        "Relevance to each OGP value (IRM design assessment), per source. A page's bare 'Yes' is "
        "recorded as ogp_value `unspecified`.",
        ("commitment_id", "ogp_value", "is_relevant_to_value", "value_printed", *PROVENANCE),
        ("commitment_id", "ogp_value", "source_type", "source_url", "source_note"),
    ),
    Table(
        "commitment_institutions",
        "Lead and support institutions per commitment, as printed.",
        ("commitment_id", "institution", "role", *PROVENANCE),
        ("commitment_id", "institution", "role", "source_url", "source_note"),
    ),
    Table(
        "commitment_milestones",
        "Milestones per commitment, as printed.",
        ("commitment_id", "milestone_number", "milestone_text", *PROVENANCE),
        ("commitment_id", "milestone_number", "source_url"),
    ),
    Table(
        "plan_reports",
        "Reports known to exist on a plan (an IRM report, a government self-assessment), where a "
        "source names them: what decides that a plan was assessed even when no per-commitment "
        "value is in the data.",
        ("action_plan_id", "member", "cycle", "assessor", "stage", "report_title", *PROVENANCE),
        ("action_plan_id", "assessor", "report_title", "source_url"),
    ),
    Table(
        "sources",
        "Every source document the tables cite: URL, capture time (null: undated), hash, raw file.",
        ("source_id", "source_type", "origin", "source_url", "retrieved_at", "sha256", "raw_path",
         "superseded_by"),
        ("source_id",),
    ),
    Table(
        "data_quality",
        "One row per problem found on the way in, so nothing is dropped silently.",
        ("severity", "problem", "commitment_id", "action_plan_id", "table_name", "field",
         "value_printed", "detail", "source_type", "origin", "source_url", "source_note"),
        (),
        nullable=("commitment_id", "action_plan_id", "source_url"),
    ),
    # --- Progress updates ---
    Table(
        "progress_updates",
        "Dated progress updates per commitment or milestone, from every assessor (government "
        "trackers, civil society, joint updates, meeting notes): the status as printed beside "
        "its reading on the progress scale. IRM and self-assessment values stay in "
        "`assessments`; the timeline view (`analysis.progress`) shows both, never a copy.",
        ("commitment_id", "milestone_ref", "milestone_text", "as_of_date", "as_of_date_precision",
         "assessor", "progress_status_printed", "progress_status", "progress_status_rank",
         "progress_status_kind", "completion_status", "completion_status_rank", "missing_reason",
         *PROVENANCE),
        ("commitment_id", "milestone_ref", "as_of_date", "assessor", "source_url", "source_note"),
    ),
]

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}


def _check_registry() -> None:
    for t in _TABLES:
        missing = [f for f in t.fields if f not in FIELDS]
        if missing:
            raise KeyError(f"table {t.name!r} names undeclared fields: {missing}")
        stray = [k for k in t.primary_key if k not in t.fields]
        if stray:
            raise KeyError(f"table {t.name!r} primary key names fields it lacks: {stray}")


_check_registry()


# --- Co-creation process -----------------------------------------------------------
# Counts of people derived from participant lists are computed in the analysis layer, never stored.

# A meeting record kept as text may have no URL (a note pasted from an email): source_url is
# then null and source_note names the capture; such a row is never a source for "met".
_NO_URL = ("source_url",)

_PROCESS_TABLES = [
    Table(
        "meetings",
        "One row per meeting (or consultation period) of a member's OGP process, from a "
        "meeting-records CSV: date at its printed precision, kind, title, its record and when "
        "that was posted, and the totals the record states (attendees, apologies).",
        ("meeting_id", "member", "meeting_date", "meeting_date_precision", "meeting_kind",
         "meeting_title", "duration_printed", "record_url", "record_published_date",
         "meeting_note", "attendees_total", "apologies_total", *PROVENANCE),
        ("meeting_id",),
        nullable=_NO_URL,
    ),
    Table(
        "meeting_plans",
        "The plans and phases each meeting dealt with (a meeting can concern two plans).",
        ("meeting_id", "member", "cycle", "phase", *PROVENANCE),
        ("meeting_id", "cycle", "phase"),
        nullable=_NO_URL,
    ),
    Table(
        "meeting_attendance",
        "Counts of people per meeting and sector exactly as the record states them, in three "
        "columns that are never added together: attendees, apologies (absent) and chairs "
        "(among the attendees). Summed by sector, `attendees` gives attendance. A count the "
        "record does not state is null, never derived from a partial list; the record's stated "
        "totals are in `meetings`.",
        ("meeting_id", "sector", "attendees", "apologies", "chairs", *PROVENANCE),
        ("meeting_id", "sector"),
        nullable=_NO_URL,
    ),
    Table(
        "meeting_participants",
        "One row per person a record lists (unnamed): organisation, its sector from the "
        "gazetteer, and role.",
        ("meeting_id", "participant_position", "organisation", "sector", "participant_role",
         *PROVENANCE),
        ("meeting_id", "participant_position"),
        nullable=_NO_URL,
    ),
    Table(
        "meeting_commitments",
        "The commitments a meeting discussed: the ID where it was matched, the topic as printed "
        "where none could be.",
        ("meeting_id", "commitment_id", "topic_printed", *PROVENANCE),
        ("meeting_id", "commitment_id", "topic_printed"),
        nullable=("commitment_id", *_NO_URL),
    ),
    Table(
        "plan_process",
        "Plan-level process facts and the IRM's process judgements, one row per (plan, "
        "indicator, source): the value as printed and, where the indicator has a scale, its "
        "canonical value and rank.",
        ("action_plan_id", "member", "cycle", "assessor", "process_indicator", "value_printed",
         "value", "value_rank", "scale", "report_title", *PROVENANCE),
        ("action_plan_id", "process_indicator", "source_url"),
        nullable=("assessor",),
    ),
]

_PUBLISHED = Table(
    "published_figures",
    "What publications about a plan print about the plan as a whole (an IRM report's At a "
    "Glance counts, the plan's own count of its commitments, the member page), one figure or "
    "fact per row: the value as printed, and the count and denominator read from it.",
    ("action_plan_id", "member", "cycle", "publication_title", "publication_kind",
     "publication_date", "published_field", "is_fact", "value_printed", "published_number",
     "published_denominator", *PROVENANCE),
    ("action_plan_id", "publication_title", "published_field", "source_url"),
)
# One registry, in topic order: the plans and commitments, the process, published figures.
_TABLES.extend([*_PROCESS_TABLES, _PUBLISHED])
TABLES.update({t.name: t for t in _TABLES})
_check_registry()


# The answer table (`ogp_analysis.answers.answer_table`): computed from `assessments`,
# `commitments` and `commitment_ogp_values` once per loaded tables, never stored. Its columns: the question (commitment, assessor, indicator, moment, OGP
# value), the plan it belongs to, and its one answer (value, rank, kind, where it came from).
ANSWER_TABLE_COLUMNS = {
    "commitment_id": "The commitment asked about.",
    "member": "Its member (slug).",
    "cycle": "Its plan's start year.",
    "era": "Its plan's IRM era (`legacy`, `refresh`).",
    "assessor": "Whose answer (`irm`, `government`).",
    "indicator": "The indicator asked (`starred`: the published star; `relevant`: relevant to an "
    "OGP value).",
    "moment": "`midterm`, `end_of_term` or `latest` for completion; `any` (the latest stage that "
    "has it) otherwise.",
    "ogp_value": "The OGP value for did it open government per value; null: overall.",
    "value": "The answer as its scale spells it (also an off-scale, not-yet or not-applicable "
    "answer); null for a missing code or no row.",
    "rank": "The value's rank on its scale (null off the scale and for Withdrawn).",
    "kind": "The kind of answer (`rules.ANSWER_KINDS`).",
    "stage": "The stage the answer was read at.",
    "source_type": "The kind of source it came from.",
    "source_url": "The source it came from.",
}
