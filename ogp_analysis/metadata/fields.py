"""The field registry: every column of every table, declared once (name -> type, description, allowed values).

Types:
    string, integer, number, boolean, datetime (UTC), code (one of a declared code list),
    scale (an ordered IRM scale from `scales.SCALES`).
Everything else (pandera schemas, pandas dtypes, the data dictionary) is generated from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ogp_analysis.metadata import scales as S
from ogp_analysis.metadata.rules import COMMITMENT_ID_PATTERN, MEMBER_SLUG_PATTERN


@dataclass(frozen=True)
class Field:
    """One column of the data model: type, description, allowed values, nullability."""

    name: str
    type: str
    description: str
    codes: tuple[str, ...] | None = None  # for type 'code': the allowed values (unordered)
    scale: str | None = None  # for type 'scale': the ordered scale name
    nullable: bool = True
    pattern: str | None = None  # a regex every non-null value must match
    answers: bool = False  # for type 'scale': also the stated answers off the scale (`rules.counted_labels`)


def _code(name, description, codes, nullable=True) -> Field:
    return Field(name, "code", description, codes=tuple(codes), nullable=nullable)


def _scale(name, description, scale) -> Field:
    return Field(name, "scale", description, scale=scale)


def _answer(name, description, scale) -> Field:
    """A convenience column of one answer per commitment: a value, or a stated answer off the scale."""
    return Field(name, "scale", description, scale=scale, answers=True)


ACTION_PLAN_ID_PATTERN = r"^[a-z0-9-]+-[0-9]{4}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"

_FIELDS = [
    # keys
    Field("member", "string", "OGP member slug, as in the page URL (`united-kingdom`).",
          nullable=False, pattern=MEMBER_SLUG_PATTERN),
    Field("member_name", "string", "The member's display name ('United Kingdom'), as OGP writes it."),
    Field("member_code", "string", "The data release's `Code` for the member (e.g. GBR)."),
    Field("region", "string", "OGP region, as the data release prints it."),
    Field("national_or_local", "string", "'National', 'Legacy Local', ... as the data release prints it."),
    Field("cycle", "integer", "The action plan's start year (a page's 'Action Plan Cycle').", nullable=False),
    Field("action_plan_id", "string", "`<member>-<cycle>`: the plan's key.", nullable=False,
          pattern=ACTION_PLAN_ID_PATTERN),
    Field("commitment_id", "string", "OGP commitment ID, upper case (`UK0075`).", nullable=False,
          pattern=COMMITMENT_ID_PATTERN),
    # action plans
    Field("end_year", "integer", "The plan's end year, where a source states it."),
    Field("commitment_count", "integer", "Number of commitments of the plan in `commitments`."),
    Field("name", "string", "A name or ID the plan is known by, exactly as the source writes it."),
    _code("name_type", "What kind of name this is.", [
        "page_title", "release_action_plan_id", "release_action_plan_number", "report_title"], nullable=False),
    Field("report_title", "string", "The title of a report on the plan, as the source names it "
          "(e.g. 'IRM Design Report 2019-2021').", nullable=False),
    # commitments
    Field("title", "string", "Commitment title as the source prints it (listing prefix "
          "'Starred commitment ' removed)."),
    Field("status", "string", "The page's At-a-Glance 'Status' (Active, Inactive), as printed."),
    Field("lead_institution", "string", "Lead institution, as printed."),
    Field("description", "string", "The commitment's description, as printed."),
    Field("start_date", "string", "Start date at its printed precision (YYYY, YYYY-MM or YYYY-MM-DD).",
          pattern=PARTIAL_DATE_PATTERN),
    _code("start_date_precision", "Precision of start_date.", S.DATE_PRECISIONS),
    Field("end_date", "string", "End date at its printed precision.", pattern=PARTIAL_DATE_PATTERN),
    _code("end_date_precision", "Precision of end_date.", S.DATE_PRECISIONS),
    Field("irm_reports", "string", "The IRM reports the page names, '; '-separated as printed."),
    Field("irm_cluster", "string", "The IRM's unit where it is not the commitment: the data "
          "release's `Cluster` / `Cluster Commitment ID(s)` / the page's status-summary heading."),
    Field("theme", "string", "The data release's `Theme` (the plan's own grouping)."),
    Field("commitment_number", "integer", "The commitment's number in its plan, the leading integer of the data release's `Commitment Number` ('3.2' is 3, '4.0999999999999996' is 4): the highest of a plan is a lower bound of its size where the data holds part of it."),
    _code("era", "IRM era of the plan's indicators.", S.ERAS),
    Field("source_url", "string", "URL of the source the row was read from (for bundled facts, "
          "the URL the fact was recorded from).", nullable=False),
    Field("retrieved_at", "datetime", "When the source was fetched (UTC). Null: undated (the "
          "bundled facts carry no capture date)."),
    _code("source_type", "What kind of source the row comes from.", S.SOURCE_TYPES, nullable=False),
    _code("origin", "Which input of the build it came from.", S.ORIGINS, nullable=False),
    Field("source_note", "string", "Where in the source (template, row number, column, capture)."),
    # convenience columns on commitments: the IRM's answers, read from the answer table
    # (`answers.answer_table`, `answers.convenience_columns`), never entered twice
    _answer("irm_completion_midterm", "IRM completion at mid-term: the answer where it is a "
            "value (Withdrawn included) or a stated answer off the scale (Unclear, No Evidence "
            "Available); null for every other kind (see the answer kinds below).", "completion"),
    _answer("irm_completion_end_of_term", "IRM completion at end of term (refresh: the results "
            "report), as irm_completion_midterm.", "completion"),
    _answer("irm_completion_latest", "IRM completion at the latest stage assessed: end of term, "
            "else the results report, else mid-term, else a page's undated row.", "completion"),
    _code("irm_completion_latest_stage", "Stage irm_completion_latest comes from.", S.STAGES),
    _answer("irm_potential_impact", "IRM potential impact (legacy).", "potential_impact"),
    _answer("irm_specificity", "IRM specificity (legacy).", "specificity"),
    _answer("irm_ambition", "The page's Ambition row.", "ambition"),
    _answer("irm_potential_for_results", "IRM potential for results (refresh; Unclear is a stated "
            "answer off the scale).", "potential_for_results"),
    _answer("irm_diog_overall", "IRM did it open government, overall (a legacy page's 'Early "
            "Results' row where nothing better exists). 'No early results to report yet' is not "
            "yet and 'Not Applicable' not applicable: null.", "diog"),
    Field("irm_is_verifiable", "boolean", "IRM verifiable."),
    Field("irm_is_relevant", "boolean", "Relevant to at least one OGP value, by the "
          "highest-precedence source of commitment_ogp_values."),
    Field("irm_is_starred", "boolean", "The published star: the release's end-of-term formula, "
          "else a page's Starred row or the listing's 'Starred commitment' prefix. Null (never "
          "False) when no source states it (a listing without the prefix states nothing): "
          "`com[com.irm_is_starred == True]` and `com[com.irm_is_starred == False]` leave the "
          "unknown out. The 2015-rule and mid-term stars are in the answer table."),
    Field("irm_is_carried_forward", "boolean", "IRM: carried forward to the next plan."),
    # assessments
    _code("assessor", "Whose assessment it is.", S.ASSESSORS, nullable=False),
    _code("stage", "Report/stage the value belongs to.", S.STAGES, nullable=False),
    _code("indicator", "What is assessed.", S.INDICATORS, nullable=False),
    _code("ogp_value", "OGP value the row is about (null: not per value / overall).", S.OGP_VALUES),
    Field("value_printed", "string", "The value exactly as the source printed it (null: absent)."),
    Field("value", "string", "Canonical label: a scale value or an off-scale answer; null when "
          "missing (see missing_reason)."),
    Field("value_rank", "integer", "Position on the scale, 0 = lowest; null for off-scale answers "
          "and missing values."),
    _code("value_kind", "scale: on the ordered scale; off_scale: an answer not on it (Withdrawn, "
          "Not Applicable, ...); missing: see missing_reason; unknown: not understood (see "
          "data_quality).", ["scale", "off_scale", "missing", "unknown"],
          nullable=False),
    _code("missing_reason", "Why the value is missing (typed; null when there is a value).",
          S.MISSING_REASONS),
    _code("scale", "The scale the value was read on.", S.SCALES),
    # long tables
    Field("policy_area", "string", "A policy area, as printed."),
    _code("vocabulary", "Which vocabulary the policy area belongs to (never cross-walked).",
          S.POLICY_AREA_VOCABULARIES, nullable=False),
    Field("is_relevant_to_value", "boolean", "The source marks the commitment relevant to this "
          "OGP value (false: the source says not relevant)."),
    Field("institution", "string", "Institution name, as printed."),
    _code("role", "Lead or support.", S.INSTITUTION_ROLES, nullable=False),
    Field("milestone_number", "integer", "Milestone number as printed (1-based).", nullable=False),
    Field("milestone_text", "string", "Milestone text, as printed."),
    # data quality
    _code("severity", "How serious the problem is.", S.SEVERITIES, nullable=False),
    Field("problem", "string", "Kind of problem: unknown_label, unknown_value, disagreement, "
          "ambiguous_date, doubled_value, missing_block, ...", nullable=False),
    Field("table_name", "string", "Table the problem concerns."),
    Field("field", "string", "Field, label or column the problem concerns."),
    Field("detail", "string", "What was found, with both values for a disagreement."),
    # sources
    Field("source_id", "string", "Stable ID of a source document (sha256 prefix of its URL and "
          "capture).", nullable=False),
    Field("sha256", "string", "sha256 of the raw body (null for bundled facts)."),
    Field("raw_path", "string", "Path of the raw file, relative to the project root."),
    Field("superseded_by", "string", "For an older capture of a page: source_id of the capture "
          "used instead (the build uses the latest and cites the others)."),
    # --- Progress updates ---
    Field("milestone_ref", "string", "A milestone's reference as the source prints it ('1.01'): a "
          "string, so '1.10' stays '1.10'. Null: the update is about the whole commitment."),
    Field("as_of_date", "string", "The date the status is as of, at its printed precision (a "
          "tracker's column date; a meeting's date, not the note's posting date). Null: undated.",
          pattern=PARTIAL_DATE_PATTERN),
    _code("as_of_date_precision", "Precision of as_of_date.", S.DATE_PRECISIONS),
    Field("progress_status_printed", "string", "The progress status exactly as the source prints "
          "it (a tracker cell, a note's words); null for a blank cell."),
    _code("progress_status", "Canonical progress status: a value of the progress scale or a "
          "declared off-scale answer; null when missing, narrative or unknown.",
          S.SCALES["progress"].labels),
    Field("progress_status_rank", "integer", "Position on the progress scale, 0 = Not started; "
          "null for off-scale answers, narrative, unknown and missing."),
    _code("progress_status_kind", "How the printed status was read.", S.PROGRESS_STATUS_KINDS,
          nullable=False),
    _code("completion_status", "A government tracker's completion word read on the completion "
          "scale (Canada's SP: Substantial): the government's own assessment at as_of_date, "
          "never the IRM's; null for progress-scale statuses.",
          S.SCALES["completion"].labels),
    Field("completion_status_rank", "integer", "Position of completion_status on the completion "
          "scale (0 = Not Started); null off the scale."),
]

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}


# --- Co-creation process -----------------------------------------------------------

MEETING_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

_PROCESS_FIELDS = [
    Field("meeting_id", "string", "The meeting's key, as the meeting-records CSV gives it "
          "(`united-kingdom-2024-01-24-forum`).", nullable=False, pattern=MEETING_ID_PATTERN),
    Field("meeting_date", "string", "When the meeting was held, at its printed precision "
          "(YYYY, YYYY-MM or YYYY-MM-DD); null when the record gives no date.",
          pattern=PARTIAL_DATE_PATTERN),
    _code("meeting_date_precision", "Precision of meeting_date.", S.DATE_PRECISIONS),
    _code("meeting_kind", "What kind of meeting it was; null: the record's kind is not a declared "
          "kind (reported in data_quality, never guessed).", S.MEETING_KINDS),
    Field("meeting_title", "string", "The record's title or a short description of the meeting."),
    Field("duration_printed", "string", "The meeting's or period's duration as the source prints "
          "it ('12 week'), where it gives one."),
    Field("record_url", "string", "Where the meeting's own record (note, read-out, minutes) is "
          "published; null: no link is known. The record is published when this or "
          "`record_published_date` is set (`rules.PUBLISHED_RECORD_EVIDENCE`)."),
    Field("record_published_date", "string", "When that record was posted, at its printed "
          "precision (a posting line such as 'News 5th March 2014').",
          pattern=PARTIAL_DATE_PATTERN),
    Field("meeting_note", "string", "The reviewer's note on the meeting (the CSV's `note`)."),
    _code("phase", "The phase of a plan a meeting dealt with.", S.PLAN_PHASES, nullable=False),
    _code("sector", "Government, civil society or other; null: the organisation is not in the "
          "gazetteer (reported in data_quality).", S.SECTORS),
    _code("participant_role", "Chair, attendee or apology.", S.PARTICIPANT_ROLES, nullable=False),
    Field("attendees", "integer", "People of the sector who attended, as the record states "
          "(never derived from a list; chairs are among them where the record counts them); "
          "null: not stated."),
    Field("apologies", "integer", "People of the sector who sent apologies (did not attend), as "
          "the record states; null: not stated."),
    Field("chairs", "integer", "Chairs and co-chairs of the sector, as the record states (they "
          "are attendees too: never add them to `attendees`); null: not stated."),
    Field("attendees_total", "integer", "The total attendance the record states (never the sum "
          "of the sectors); null: not stated."),
    Field("apologies_total", "integer", "The total of apologies the record states; null: not "
          "stated."),
    Field("organisation", "string", "A listed person's organisation (the gazetteer's name; as "
          "printed when unknown). People's names are never stored."),
    Field("participant_position", "integer", "The person's position in the record's list "
          "(1-based).", nullable=False),
    Field("topic_printed", "string", "A commitment discussed, as the record names it (kept "
          "where no commitment ID could be matched, and beside a matched ID)."),
    _code("process_indicator", "A plan-level process fact or IRM judgement.",
          S.PROCESS_INDICATORS, nullable=False),
    Field("report_title", "string", "The report or document that states the fact, as titled."),
    Field("published", "string", "When the plan was published or launched, at its printed "
          "precision (from plan_process).", pattern=PARTIAL_DATE_PATTERN),
    Field("coordinator", "string", "The government office coordinating the plan, as printed "
          "(from plan_process)."),
]

FIELDS.update({f.name: f for f in _PROCESS_FIELDS})


# Published figures: what a publication about a plan prints about the plan as a whole (an IRM
# report's At a Glance table, an action plan's count of its commitments, a member page).
PUBLICATION_KINDS = {
    "action_plan": "The action plan itself, or the page announcing it.",
    "irm_design_report": "The IRM's Design Report (2019-2020 plans).",
    "irm_progress_report": "The IRM's Progress Report (mid-term, plans before 2017).",
    "irm_mid_term_report": "The IRM's Mid-Term Report (Year 1 of a plan).",
    "irm_end_of_term_report": "The IRM's End-of-Term Report.",
    "irm_transitional_results_report": "The IRM's Transitional Results Report (2019-2020 plans).",
    "irm_action_plan_review": "The IRM's Action Plan Review (refreshed method, 2021 on).",
    "irm_results_report": "The IRM's Results Report (refreshed method, 2021 on).",
    "gov_self_assessment": "The government's own self-assessment report.",
    "ogp_member_page": "The member's page on the OGP website.",
}
PUBLISHED_FIGURES = {
    "number_of_commitments": "The plan's commitments, as the publication counts them.",
    "commitments_complete": "Commitments complete (at the publication's moment).",
    "commitments_substantial": "Commitments substantially complete.",
    "commitments_limited": "Commitments with limited completion.",
    "commitments_not_started": "Commitments not started.",
    "commitments_withdrawn": "Commitments withdrawn.",
    "commitments_relevant_to_ogp_values": "Commitments relevant to OGP values.",
    "commitments_with_open_gov_lens": "Commitments with an open government lens (refreshed method).",
    "transformative_commitments": "Commitments of transformative potential impact.",
    "starred_commitments": "Starred commitments.",
    "potentially_starred_commitments": "Commitments that could be starred (Design Reports).",
    "promising_commitments": "Promising commitments (Action Plan Review).",
    "commitments_with_substantial_potential_for_results": "Commitments with substantial potential "
    "for results (Action Plan Review).",
    "diog_major_or_outstanding": "Commitments that opened government in a major or outstanding way.",
}
PUBLICATION_FACTS = {
    "report_publication_year": "The year the publication came out.",
    "posted_on_ogn": "When a network posted it (the UK's Open Government Network).",
    "period": "The period the publication covers.",
    "public_comment_closed": "When its public comment period closed.",
    "action_plan_under_review": "Which of the member's plans it reviews, as it says.",
    "current_action_plan": "The plan a member page calls current, as printed.",
    "scope_note": "What the publication does or does not assess.",
    "early_results_summary": "Its summary of early results, as printed.",
    "policy_areas_carried_over": "Policy areas it says the plan carries over.",
    "emerging_policy_areas": "Policy areas it says are emerging.",
}
_PUBLISHED_FIELDS = [
    Field("publication_title", "string", "The publication's title as it is known, versions kept "
          "('IRM End-of-Term Report 2013-2015 (public comment version)').", nullable=False),
    _code("publication_kind", "What kind of publication it is.", PUBLICATION_KINDS, nullable=False),
    Field("publication_date", "string", "When it was published, at its known precision (blank: "
          "not known).", pattern=PARTIAL_DATE_PATTERN),
    _code("published_field", "The figure (a count) or fact it states.",
          {**PUBLISHED_FIGURES, **PUBLICATION_FACTS}, nullable=False),
    Field("is_fact", "boolean", "True: a fact about the publication (a date, a scope note), not "
          "a figure about the plan.", nullable=False),
    Field("published_number", "integer", "The count read from the printed value ('6 of 21' -> 6; "
          "null when the text holds none)."),
    Field("published_denominator", "integer", "The denominator read from it ('6 of 21' -> 21; "
          "null when none is printed)."),
]
FIELDS.update({f.name: f for f in _PUBLISHED_FIELDS})
