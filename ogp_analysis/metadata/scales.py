"""The IRM's scales of both eras, the off-scale answers and the typed missing reasons: declared once.

Every printed value is read through these declarations (see `ogp_analysis.labels`): a value on
a scale gets its canonical label and rank; an off-scale answer (Withdrawn, Not Applicable, ...)
is still an answer and keeps its label with no rank; a missing reason (`ND`, `NR`, `NA`,
Pending IRM Review, blank, ...) is typed, never one undifferentiated NaN.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ogp_analysis.metadata import sources as _sources

# --- Shared codes --------------------------------------------------------------------------

ASSESSORS = {
    "irm": "The Independent Reporting Mechanism (IRM reports, the IRM data release, OGP pages "
    "that publish IRM findings).",
    "government": "The government's own self-assessment.",
    # --- Progress updates ---
    "civil_society": "Civil society's own view of progress (a civil-society network's update or "
    "meeting note).",
    "joint": "An update produced or reported jointly by government and civil society (e.g. at a "
    "joint meeting where the note does not say which side reported it).",
}

STAGES = {
    "design": "Design assessment (legacy progress/design report: specificity, relevance, "
    "potential impact).",
    "midterm": "Mid-term / progress report (legacy): completion at mid-term.",
    "end_of_term": "End-of-term report (legacy): completion at end of term, did it open "
    "government, carried forward.",
    "action_plan_review": "Action Plan Review (refresh era, 2020 on): verifiable, open "
    "government lens, potential for results, promising.",
    "results": "Results report (refresh era, and the legacy Transitional Results Report): "
    "completion, early results.",
    "self_assessment": "The government's own end-of-term self-assessment.",
    "latest": "A published summary of the latest assessment with the report stage not printed "
    "(an OGP page's At-a-Glance rows, a listing's star, OGP's derived columns).",
}

ERAS = {
    "legacy": "IRM indicators of plans up to 2019-21 (progress/mid-term, end-of-term, design "
    "and transitional results reports).",
    "refresh": "IRM indicators after the 2020 refresh (Action Plan Review, Results Report).",
    "government": "A government's self-assessment, on its own wording.",
}

OGP_VALUES = {
    "access_to_information": "Access to Information",
    "civic_participation": "Civic Participation",
    "public_accountability": "Public Accountability",
    "technology_innovation": "Technology & Innovation for Transparency and Accountability",
    # A bare 'Relevant to OGP Values: Yes' (newer page template, open government lens):
    # relevant, value not named.
    "unspecified": "Relevant to OGP values, value not named (a page's bare 'Yes')",
}

# Source types and origins (inputs): derived from the sources registry (`sources.py`).
SOURCE_TYPES = {name: t.description for name, t in _sources.source_types().items()}
ORIGINS = {i.name: i.description for i in _sources.INPUTS}

POLICY_AREA_VOCABULARIES = {
    "ogp_page": "Policy areas as an OGP commitment page lists them.",
    "ogp_listing": "The single policy area the member listing shows.",
    "irm_data_release": "The IRM data release's policy-area 0/1 columns (column names).",
}

INSTITUTION_ROLES = {"lead": "Lead institution", "support": "Support institution"}

SEVERITIES = {
    "info": "Worth knowing; nothing lost (e.g. a doubled value read once).",
    "warning": "A disagreement between sources or an unknown label: both kept, look at it.",
    "error": "A value could not be read; it is kept as printed with no canonical value.",
}

DATE_PRECISIONS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}

# --- Missing reasons --------------------------------------------------------------------------

MISSING_REASONS = {
    "not_assessed": "The source has no assessment for this indicator (e.g. the row is absent "
    "from this template).",
    "not_reviewed": "`NR` in the IRM data release: not reviewed by the IRM.",
    "no_data": "`ND` in the IRM data release: no data.",
    "not_applicable": "`NA` code in the IRM data release: not applicable.",
    "pending_irm_review": "The page says 'Pending IRM Review'.",
    "no_irm_data": "The page says 'No IRM Data'.",
    "blank_on_page": "The label is printed with no value.",
    "absent": "The row or block is missing from the source.",
    # --- Progress updates ---
    "blank_cell": "A tracker or progress file leaves the cell blank: no status reported for that "
    "milestone at that date.",
}

# Printed placeholders and the missing reason each one means. Keys are matched
# case-insensitively after whitespace is folded. `NA` here is the data release's code; the
# DIOG answer "Not Applicable" is an off-scale *answer*, declared on its scale below.
MISSING_TOKENS = {
    "nd": "no_data",
    "nr": "not_reviewed",
    "na": "not_applicable",
    "n/a": "not_applicable",
    "pending irm review": "pending_irm_review",
    "no irm data": "no_irm_data",
    "": "blank_on_page",
}


# --- Scales -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """An ordered scale with its off-scale answers and the aliases printed for its values."""

    name: str
    description: str
    values: tuple[str, ...]  # ordered, lowest first
    off_scale: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # printed (lower-case) -> canonical
    era: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """Every answer on this scale: its values, then its off-scale answers."""
        return self.values + self.off_scale


def _scale(name, description, values, off_scale=(), aliases=None, era=None) -> Scale:
    return Scale(name, description, tuple(values), tuple(off_scale), dict(aliases or {}), era)


_YES_NO_ALIASES = {"1": "Yes", "0": "No", "true": "Yes", "false": "No", "yes starred": "Yes"}

SCALES: dict[str, Scale] = {
    s.name: s
    for s in [
        _scale(
            "completion",
            "IRM completion (legacy mid-term and end of term; refresh results report).",
            ["Not Started", "Limited", "Substantial", "Complete"],
            # "Underway": a government's own tracker (New Zealand's milestone reports): started,
            # not complete, no level stated.
            ["Withdrawn", "Unclear", "No Evidence Available", "Underway"],
            # A government self-assessment writes "Completed": read as Complete; the UK's NAP6
            # final status updates write "substantially met": read as Substantial.
            {"not started": "Not Started", "completed": "Complete",
             "substantially met": "Substantial"},
        ),
        _scale(
            "specificity",
            "Legacy specificity (later replaced by Verifiable).",
            ["None", "Low", "Medium", "High"],
            era="legacy",
        ),
        _scale(
            "potential_impact",
            "Legacy potential impact.",
            ["None", "Minor", "Moderate", "Transformative"],
            era="legacy",
        ),
        _scale(
            "diog",
            "Did it open government? (legacy end of term; overall and per OGP value). An older "
            "page's 'Early Results' row carries the overall value.",
            ["Worsens", "Did Not Change", "Marginal", "Major", "Outstanding"],
            ["Not Applicable", "No early results to report yet"],
            {"worsened": "Worsens", "did not change": "Did Not Change"},
            era="legacy",
        ),
        _scale(
            "early_results",
            "Refresh-era early results, as the IRM data release prints them. The full refreshed "
            "scale was not confirmed.",
            ["No notable results", "Moderate", "Significant"],
            era="refresh",
        ),
        _scale(
            "potential_for_results",
            "Refresh-era potential for results (Action Plan Review).",
            ["Modest", "Substantial"],
            ["Unclear"],
            era="refresh",
        ),
        _scale("ambition", "A page's 'Ambition' summary row.", ["Low", "High"]),
        _scale("yes_no", "A yes/no indicator.", ["No", "Yes"], aliases=_YES_NO_ALIASES),
        _scale(
            "change_in_completion",
            "OGP's derived change in completion, mid-term to end of term.",
            ["Decrease", "No Change", "Increase"],
        ),
        _scale(
            "max_completion",
            "OGP's derived 'Max Completion' code: the latest completion, Not Started 0 .. "
            "Complete 3.",
            ["0", "1", "2", "3"],
        ),
        _scale(
            "irm_based_score",
            "OGP's derived 'IRM-Based Score' (its own composite; kept as published).",
            ["-1", "0", "1", "2", "3", "4"],
        ),
        # --- Progress updates ---
        _scale(
            "progress",
            "Progress against a commitment or milestone at a date (trackers, progress updates, "
            "meeting notes). A scale of its own, never read as IRM completion: 'On track' is not "
            "a completion level. 'Closed' is kept as printed: what it means in the UK tracker is "
            "not known, so it is never read as Completed.",
            ["Not started", "Behind schedule", "On track", "Ahead of schedule", "Completed"],
            ["In progress", "Withdrawn", "Closed"],
            {"delayed": "Behind schedule", "complete": "Completed"},
        ),
    ]
}


@dataclass(frozen=True)
class Indicator:
    """What is assessed; `scale` says how its values are read."""

    name: str
    description: str
    scales: str | tuple[str, ...]  # the scales its values may be on, tried in order
    per_value: bool = False  # True: one row per OGP value (ogp_value column set)
    derived: bool = False  # True: OGP's own derived value, kept as published, recomputed in analysis

    @property
    def scale_names(self) -> tuple[str, ...]:
        """The scales this indicator's values may be on, in the order tried."""
        return (self.scales,) if isinstance(self.scales, str) else tuple(self.scales)


INDICATORS: dict[str, Indicator] = {
    i.name: i
    for i in [
        Indicator("completion", "Level of completion.", "completion"),
        Indicator("specificity", "Specificity (legacy).", "specificity"),
        Indicator("verifiable", "Is the commitment verifiable?", "yes_no"),
        Indicator("potential_impact", "Potential impact (legacy).", "potential_impact"),
        Indicator("ambition", "A page's 'Ambition: High/Low' summary row, as printed.", "ambition"),
        Indicator("potential_for_results", "Potential for results (refresh).", "potential_for_results"),
        Indicator(
            "diog",
            "Did it open government? ogp_value is null for the overall value, set per value.",
            "diog",
            per_value=True,
        ),
        Indicator(
            "early_results",
            "Early results. The release's refresh-era column uses scale early_results; an OGP "
            "page's 'Early Results' row prints did-it-open-government labels (scale diog) and, "
            "on plans before 2020, carries the overall DIOG value: recorded as printed here.",
            ("early_results", "diog"),
        ),
        Indicator("starred", "Starred, as published.", "yes_no"),
        Indicator("carried_forward", "Carried forward to the next action plan.", "yes_no"),
        Indicator("promising", "Promising (refresh-era Action Plan Review flag).", "yes_no"),
        Indicator(
            "starred_2015_only",
            "Release column 'Starred (2015 Only)' (follows the older four-criteria rule).",
            "yes_no",
            derived=True,
        ),
        Indicator(
            "starred_current_progress",
            "Release column 'Starred (Current Formula) Progress Report' (transformative rule).",
            "yes_no",
            derived=True,
        ),
        Indicator(
            "starred_current_end_of_term",
            "Release column 'Starred (Current Formula) End of Term' (transformative rule).",
            "yes_no",
            derived=True,
        ),
        Indicator("high_completion", "Release column 'High Completion'.", "yes_no", derived=True),
        Indicator("max_completion", "Release column 'Max Completion'.", "max_completion", derived=True),
        Indicator(
            "change_in_completion",
            "Release column 'Change In Completion'.",
            "change_in_completion",
            derived=True,
        ),
        Indicator("high_ambition", "Release column 'High Ambition'.", "yes_no", derived=True),
        Indicator("irm_based_score", "Release column 'IRM-Based Score'.", "irm_based_score", derived=True),
    ]
}


# --- Reader labels ------------------------------------------------------------------------------
# What a report reader sees for each code (never the code itself).

INDICATOR_LABELS = {
    "completion": "Completion",
    "specificity": "Specificity",
    "verifiable": "Verifiable",
    "potential_impact": "Potential impact",
    "ambition": "Ambition",
    "potential_for_results": "Potential for results",
    "diog": "Did it open government",
    "early_results": "Early results",
    "starred": "Published star",
    "carried_forward": "Carried forward",
    "promising": "Promising",
    "starred_2015_only": "Starred (2014 rule)",
    "starred_current_progress": "Starred at mid-term (current rule)",
    "starred_current_end_of_term": "Starred at end of term (current rule)",
    "high_completion": "High completion",
    "max_completion": "Latest completion code",
    "change_in_completion": "Change in completion",
    "high_ambition": "High ambition",
    "irm_based_score": "IRM-based score",
    "ogp_values": "Relevance to OGP values",
    "completion_midterm": "Completion at mid-term",
    "completion_end_of_term": "Completion at end of term",
    "completion_latest": "Completion at the latest stage",
}
MISSING_LABELS = {
    "not_assessed": "not assessed",
    "not_reviewed": "not reviewed by the IRM",
    "no_data": "no data in the IRM data release",
    "not_applicable": "not applicable",
    "pending_irm_review": "pending IRM review",
    "no_irm_data": "no IRM data",
    "blank_on_page": "blank on the page",
    "absent": "absent from the source",
    "no_row": "no source states it",
    "unstated": "missing, reason not stated",
    # --- Progress updates ---
    "blank_cell": "blank cell",
}
STAGE_LABELS = {
    "design": "design", "midterm": "mid-term", "end_of_term": "end of term",
    "action_plan_review": "Action Plan Review", "results": "results report",
    "self_assessment": "self-assessment", "latest": "latest (stage not printed)",
}
# Whose completion a figure counts, as its basis and a chart's legend name it.
COMPLETION_ASSESSOR_LABELS = {"irm": "IRM", "government": "Government self-assessment"}
ASSESSOR_LABELS = {"irm": "IRM", "government": "Government",
                   # --- Progress updates ---
                   "civil_society": "Civil society", "joint": "Government and civil society"}
# What each data_quality problem kind means, in a reader's words.
# A data-quality finding's field, in reader words, where it is not an indicator (`INDICATOR_LABELS`):
# the page fields the parsers name (a plan's printed name, a commitment's lead institution).
FINDING_FIELD_LABELS = {"name": "the plan's name", "lead": "lead institution"}

PROBLEM_LABELS = {
    "absent": "row or block missing from the capture",
    "absent_row": "row missing from the page",
    "ambiguous_date": "date whose day and month could be either way",
    "blank_value": "label printed with no value",
    "date_order": "dates in an impossible order (re-read)",
    "derived_cycle": "plan year worked out from another field",
    "derived_member": "member worked out from its name",
    "disagreement": "sources disagree (both kept)",
    "doubled_value": "value printed twice (read once)",
    "duplicate_entry": "entry listed twice",
    "duplicate_label": "label printed twice",
    "duplicate_row": "row repeated (kept once)",
    "empty_listing": "listing with no commitments",
    "irm_unit": "the IRM assessed this with others (cluster)",
    "missing_block": "block missing from the page",
    "missing_cycle": "no source states the plan year",
    "missing_title": "no title",
    "missing_value": "no value in the source",
    "placeholder_value": "placeholder instead of a value",
    "reread_date": "date re-read in another order",
    "unknown_column": "column the toolkit does not know",
    "unknown_label": "label the toolkit does not know",
    "unknown_value": "value the toolkit does not know",
    "unmapped_fact": "statement with no commitment ID",
    "unreadable_date": "date that could not be read",
    # --- Progress updates ---
    "continuation_row": "tracker row with a blank Commitment cell (took the one above)",
    "unmatched_commitment": "commitment that matches no number, ID or title of the plan",
    "missing_commitment": "tracker row with no commitment",
    "duplicate_milestone": "milestone listed twice",
    "invalid_commitment_id": "text that is not a commitment ID",
    "unknown_assessor": "assessor the toolkit does not know",
    "unknown_source_type": "source type the toolkit does not know",
    "recomputed_column": "column recomputed, not read",
    "unreadable_file": "file that could not be read",
    "bad_count": "count that is not a whole number",
    "bad_date": "date that could not be read",
    "bad_value": "entry not in the meeting-records format",
    "unknown_file": "file neither meeting records nor plan facts (not read)",
    "unknown_sector": "organisation with no known sector",
    "unparseable_page": "stored page that could not be read (left out)",
    "corrupt_capture": "stored page damaged or incomplete (left out)",
    "truncated_page": "page the HTML reader may have cut short",
    "deep_nesting": "page nested too deep for the HTML reader (read another way)",
    "nul_bytes": "page with stray null bytes (removed)",
    "replacement_character": "characters that could not be decoded",
    "decoded_with_fallback": "text in an undeclared encoding (read as the likeliest one)",
    "unknown_charset": "page declaring an encoding nobody knows",
    "delimiter": "file separated by another character than a comma",
    "not_a_policy_area": "text in the policy areas that is no policy area (not kept)",
    "unknown_policy_area": "policy area not in OGP's list (kept as printed)",
    "implausible_year": "year outside OGP's span (not used)",
    "short_row": "row with fewer cells than the header",
    "long_row": "row with more cells than the header",
    "unreadable_row": "row that could not be read at all (left out)",
    "duplicate_release_row": "row repeated exactly (counted once)",
    "missing_column": "file without one of its columns (those values are not in the data)",
    "member_disagreement": "row whose ID or URL names another member (kept under its own)",
    "unknown_commitment": "commitment that no source of the build holds",
    "other_member_commitment": "commitment of another member",
    "unknown_member": "member that no source of the build knows",
    "duplicate_meeting": "meeting listed twice with different values (the first kept)",
    "empty_file": "empty file (nothing read)",
    "numeric_code": "page value printed as a number code, not a word (read by its code)",
}
SEVERITY_LABELS = {"error": "error", "warning": "warning", "info": "for information"}


# --- Co-creation process: meetings, participants, plan-level process judgements ---

MEETING_KINDS = {
    "forum": "A meeting of the multi-stakeholder forum (government and civil society, with "
    "standing rules).",
    "working_group": "A working or thematic group developing or following particular "
    "commitments.",
    "consultation_event": "An outreach or consultation event open to the public or to wider "
    "civil society.",
    "public_consultation": "A written public consultation on a draft plan (a period, not a "
    "meeting: its dates are the period's).",
    "bilateral": "A meeting between the government's team and a civil society network outside "
    "a standing forum.",
    "other": "Any other meeting of the process (a civil society network's own meeting, a "
    "workshop).",
}

PLAN_PHASES = {
    "co_creation": "Developing the plan: scoping, drafting and agreeing commitments, "
    "consultation on the draft.",
    "implementation": "Carrying out the commitments, including the forum's tracking of their "
    "progress (progress updates, monitoring of implementation).",
    "monitoring": "The independent review of the plan (the IRM's process and reports).",
    "self_assessment": "The government's end-of-term self-assessment of the plan.",
}

SECTORS = {
    "government": "Government: ministries, departments, agencies and their officials.",
    "civil_society": "Civil society: NGOs, networks, campaigns, charities and their staff.",
    "other": "Anyone else: parliament, academia, the private sector, the IRM, international "
    "bodies.",
}

PARTICIPANT_ROLES = {
    "chair": "Chaired or co-chaired the meeting (or a part of it).",
    "attendee": "Attended the meeting.",
    "apology": "Sent apologies (invited, did not attend).",
}

SCALES["public_influence"] = _scale(
    "public_influence",
    "The IRM's level of public influence on the plan's development (the IAP2 spectrum of "
    "public participation).",
    ["Inform", "Consult", "Involve", "Collaborate", "Empower"],
)


@dataclass(frozen=True)
class ProcessIndicator:
    """A plan-level process fact or judgement; `scale` None: kept as printed (text, dates)."""

    name: str
    description: str
    scale: str | None = None


PROCESS_INDICATORS: dict[str, ProcessIndicator] = {
    i.name: i
    for i in [
        ProcessIndicator("multistakeholder_forum", "Did a multi-stakeholder forum exist during "
                         "the plan's development (the IRM's finding)?", "yes_no"),
        ProcessIndicator("level_of_public_influence", "The IRM's level of public influence "
                         "(IAP2 spectrum).", "public_influence"),
        ProcessIndicator("acted_contrary_to_process", "The IRM found the country acted "
                         "contrary to OGP process (older wording: Yes is the adverse finding).",
                         "yes_no"),
        ProcessIndicator("acted_according_to_process", "The IRM found the country acted "
                         "according to OGP process (newer wording, opposite sense: No is the "
                         "adverse finding). Never inverted into the older indicator.", "yes_no"),
        ProcessIndicator("dates_under_review", "The period an IRM report covers; value "
                         "`YYYY-MM/YYYY-MM` at month precision."),
        ProcessIndicator("amendments", "Changes to the plan during implementation, as the "
                         "report states them."),
        ProcessIndicator("published", "When the plan was published or launched; value a date "
                         "at its printed precision."),
        ProcessIndicator("coordinator", "The government office coordinating the plan, as "
                         "printed."),
    ]
}

# What a report reader sees for the process codes.
MEETING_KIND_LABELS = {
    "forum": "Multi-stakeholder forum", "working_group": "Working group",
    "consultation_event": "Consultation event", "public_consultation": "Public consultation",
    "bilateral": "Government and civil society network", "other": "Other meeting",
}
PHASE_LABELS = {"co_creation": "co-creation", "implementation": "implementation",
                "monitoring": "independent monitoring (IRM)", "self_assessment": "self-assessment"}
SECTOR_LABELS = {"government": "Government", "civil_society": "Civil society", "other": "Other",
                 "unknown": "Sector not known"}
PROCESS_INDICATOR_LABELS = {
    "multistakeholder_forum": "Multi-stakeholder forum",
    "level_of_public_influence": "Level of public influence (IAP2)",
    "acted_contrary_to_process": "Acted contrary to OGP process",
    "acted_according_to_process": "Acted according to OGP process",
    "dates_under_review": "Period under review",
    "amendments": "Changes during implementation",
    "published": "Published",
    "coordinator": "Coordinating office",
}


# --- Progress updates ------------------------------------------------------------

PROGRESS_STATUS_KINDS = {
    "scale": "On the progress scale (Not started < Behind schedule < On track < Ahead of "
    "schedule < Completed).",
    "completion": "A government tracker's completion word (Canada's NS / LP / SP / C, New "
    "Zealand's Completed / Underway), read on the completion scale as the government's own "
    "assessment at that date (`completion_status`), never the IRM's.",
    "off_scale": "A declared answer not on the scale (In progress, Withdrawn, Closed): kept as "
    "printed, no rank.",
    "narrative": "Words from prose (a civil society network's meeting note: 'progressing "
    "well'), kept as printed; no "
    "declared alias puts them on the scale.",
    "missing": "No status given (see missing_reason).",
    "unknown": "A status label no declaration knows: kept as printed and reported in data_quality.",
}

# What a report reader sees for each source type and progress-status kind.
PROGRESS_KIND_LABELS = {
    "scale": "on the progress scale",
    "completion": "the government's own completion at that date",
    "off_scale": "an answer off the scale, kept as printed",
    "narrative": "words of a note, kept as printed",
    "missing": "no status",
    "unknown": "not understood, kept as printed",
}
