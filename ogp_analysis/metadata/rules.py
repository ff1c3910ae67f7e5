"""Every rule of the toolkit, declared once: patterns, eras, stage preference, source precedence, the pick and star rules, the checks at the door.

The data model (what a value can be) lives in `scales.py`, `fields.py` and `tables.py`; this
module says how values are chosen and combined. Every other module, the notebooks' method text,
the README and `docs/figures.md` read these declarations or are generated from them; a test
(`tests/test_rules.py`) fails when one of them is written again elsewhere.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from ogp_analysis.metadata import scales as _scales
from ogp_analysis.metadata import sources as _sources

# --- Identifiers and URLs ---------------------------------------------------------------------

# A commitment ID: a member prefix of 2-6 letters and a 4-digit serial (`UK0075`). IRM.md: the
# serial runs on across plans; URLs carry it in lower case too, so text is matched
# case-insensitively and normalised to upper case.
COMMITMENT_ID_PATTERN = r"^[A-Z]{2,6}[0-9]{4}$"
COMMITMENT_ID_TEXT = r"[A-Za-z]{2,6}[0-9]{4}"
MEMBER_SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A member slug in an OGP URL path: /members/<slug>/...
MEMBER_IN_URL = re.compile(r"/members/([a-z0-9-]+)(?:/|$)", re.IGNORECASE)
# A commitment page path: /members/<slug>/commitments/<ID>/
COMMITMENT_IN_URL = re.compile(rf"/members/([a-z0-9-]+)/commitments/({COMMITMENT_ID_TEXT})(?:/|$)",
                               re.IGNORECASE)
OGP_SITE = "https://www.opengovpartnership.org"
MEMBER_PAGE_PATH = "/members/{member}/"
COMMITMENT_PAGE_PATH = "/members/{member}/commitments/{commitment_id}/"


def commitment_page_url(member: str, commitment_id: str, base: str = OGP_SITE) -> str:
    """The OGP page of a commitment (`.../members/united-kingdom/commitments/UK0075/`).

    Args:
        member: the member slug.
        commitment_id: the commitment ID (upper case).
        base: the site (default the OGP website).
    """
    return base.rstrip("/") + COMMITMENT_PAGE_PATH.format(member=member, commitment_id=commitment_id)


def member_page_url(member: str, base: str = OGP_SITE) -> str:
    """The OGP page of a member, which lists its commitments."""
    return base.rstrip("/") + MEMBER_PAGE_PATH.format(member=member)


# --- Eras -------------------------------------------------------------------------------------

# The last plan cycle (start year) assessed on the legacy indicators: plans up to 2019-21 (IRM.md).
LAST_LEGACY_CYCLE = 2019


def era_of(cycle) -> str | None:
    """`legacy` for plans starting up to 2019, `refresh` from 2020; None when the cycle is unknown.

    Args:
        cycle: the plan's start year; None, NaN, pd.NA or text that is not a year give None.
    """
    try:
        if cycle is None or (isinstance(cycle, float) and math.isnan(cycle)):
            return None
        year = int(cycle)
    except (TypeError, ValueError):
        return None
    return "legacy" if year <= LAST_LEGACY_CYCLE else "refresh"


def design_stage(era: str | None) -> str:
    """The stage design indicators belong to: `design` (legacy) or `action_plan_review` (refresh)."""
    return "action_plan_review" if era == "refresh" else "design"


# --- Source precedence ------------------------------------------------------------------------

# Which source wins when several state the same thing (lower wins), with the words a reader sees.
# Derived from the sources registry (`sources.py`): each source type's rank and reader label.
SOURCE_PRECEDENCE = {name: t.precedence for name, t in _sources.source_types().items()
                     if t.precedence is not None}
SOURCE_LABELS = {name: t.label for name, t in _sources.source_types().items()}
UNRANKED_SOURCE = len(SOURCE_PRECEDENCE)


def source_rank(source_type) -> int:
    """The precedence rank of a source type (unknown types rank last)."""
    return SOURCE_PRECEDENCE.get(str(source_type), UNRANKED_SOURCE)


def precedence_text(source_types=None) -> str:
    """The precedence in words: 'IRM data release > page status summary > commitment page > ...'.

    Args:
        source_types: only these source types (default: all).
    """
    order = sorted(SOURCE_PRECEDENCE, key=SOURCE_PRECEDENCE.get)
    if source_types is not None:
        wanted = set(source_types)
        order = [s for s in order if s in wanted]
    return " > ".join(SOURCE_LABELS[s] for s in order)


# --- Stage preference ---------------------------------------------------------------------------

# The stages a value may be read at, latest first, for "any stage" picks (coverage, design
# indicators, carried forward, the star). A government self-assessment is its end of term.
ANY_STAGE = ("self_assessment", "end_of_term", "results", "midterm", "action_plan_review",
             "design", "latest")
# Design indicators (specificity, potential impact) as OGP's derived rules read them.
DESIGN_STAGES = ("design", "action_plan_review", "latest")
# OGP's own derived values (the release's High Completion, stars, ...), as the release files them.
DERIVED_STAGES = ("latest", "end_of_term", "midterm", "design")
# OGP's own derived columns of the release (High Completion, Max Completion) read completion at
# end of term, else at mid-term (the release's rule, recomputed in `analysis.derived`).
DERIVED_LATEST_STAGES = ("end_of_term", "midterm")
# Did it open government: the end-of-term assessment (refresh: the results report), else a
# page's undated row.
DIOG_STAGES = ("end_of_term", "results", "latest")

# Completion per assessor and moment, in preference order. The refresh-era Results Report is
# the end-of-term assessment. "Latest" takes end of term, then the results report (legacy
# Transitional Results Reports come after the mid-term; refresh plans have no mid-term), then
# mid-term, then a page's undated Completion row.
COMPLETION_STAGES = {
    "irm": {
        "midterm": ("midterm",),
        "end_of_term": ("end_of_term", "results"),
        "latest": ("end_of_term", "results", "midterm", "latest"),
    },
    "government": {
        "midterm": ("midterm",),
        "end_of_term": ("self_assessment", "end_of_term", "results"),
        "latest": ("self_assessment", "end_of_term", "results", "midterm", "latest"),
    },
}
COMPLETION_MOMENTS = ("midterm", "end_of_term", "latest")
# The moments each assessor reports completion at, as a report shows them (the government's
# self-assessment is its end of term; other assessors' updates are dated, see progress).
REPORTED_MOMENTS = {"irm": ("midterm", "end_of_term"), "government": ("end_of_term",)}


def completion_stages(assessor: str, moment: str = "latest") -> tuple[str, ...]:
    """The stages an assessor's completion is read at for `midterm`, `end_of_term` or `latest`."""
    return COMPLETION_STAGES[assessor][moment]


# --- The pick rule ------------------------------------------------------------------------------

# One value per commitment among several sources and stages: the sort keys, in order.
PICK_ORDER = ("answered", "indicator", "stage", "source", "capture")
PICK_RULE_TEXT = (
    "one value per commitment: an answer (on the scale or off it) beats a missing code; then "
    "the earlier indicator and stage in the figure's preference list; then source precedence ("
    + precedence_text() + "); then the latest capture"
)

# --- Thresholds and the star -------------------------------------------------------------------

HIGH_COMPLETION = ("Substantial", "Complete")  # OGP: high completion at the latest stage
STRONG_RESULTS = ("Major", "Outstanding")  # OGP: strong results (did it open government)
# The published star, in preference order: the release's end-of-term current formula, then a
# page's Starred row / status-summary star / the listing's "Starred commitment" prefix. A
# listing without the prefix states nothing (no row), so an unstated star stays NA.
STAR_INDICATORS = ("starred_current_end_of_term", "starred")
# The stars the IRM data release states, each its own indicator (labelled in
# `scales.INDICATOR_LABELS`): the 2014 rule (the release's "2015 Only" column, mid-term) and the current formula at mid-term and at
# end of term. A report shows each one a source states; the published star above is the last.
STAR_RULES = ("starred_2015_only", "starred_current_progress", "starred_current_end_of_term")
# The star's criteria (IRM.md). From May 2015 only transformative impact qualifies.
STAR_SPECIFICITY = ("Medium", "High")
STAR_VALUES = ("access_to_information", "civic_participation", "public_accountability")
STAR_IMPACT_2015 = ("Moderate", "Transformative")
STAR_IMPACT_CURRENT = ("Transformative",)

# Did it open government, overall: the DIOG rows, else an older page's 'Early Results' row read
# on the DIOG scale (IRM.md: before 2020 it carries the overall value). The refresh-era release
# still prints 'Did It Open Government (Overall)' for some 2020+ plans: counted where present.
DIOG_INDICATORS = ("diog", "early_results")

# --- The questions asked of every commitment ------------------------------------------------------

# Besides completion (per moment, `COMPLETION_STAGES`), did it open government (`DIOG_STAGES`,
# overall and per OGP value), the published star (`STAR_INDICATORS`) and relevance to an OGP
# value (`commitment_ogp_values`), these indicators are read at the latest stage that has them
# (`ANY_STAGE`).
ANY_STAGE_INDICATORS = ("specificity", "verifiable", "potential_impact", "ambition",
                        "potential_for_results", "promising", "early_results", "carried_forward",
                        *STAR_RULES)
DIOG_OGP_VALUES = ("access_to_information", "civic_participation", "public_accountability",
                   "technology_innovation")
# The assessors asked, and the indicators each is asked (a government self-assessment gives
# completion only); every other question of theirs is not applicable.
ANSWER_ASSESSORS = ("irm", "government")
ASSESSOR_INDICATORS = {"government": ("completion",)}

# --- The kinds of answer: missing is never a finding ----------------------------------------------

# Every question asked of a commitment (an indicator, an assessor, a moment) has one answer of
# one of these kinds, each with the words a reader sees (`KIND_LABELS`) and its meaning. The
# answer table (`ogp_analysis.answers`) types every answer; every count, column and sentence
# reads the kind from it.
ANSWER_KINDS = {
    "value": "a value on the indicator's scale (Withdrawn is a completion value, with no rank)",
    "off_scale": "an answer the source states off the scale: Unclear, No Evidence Available",
    "not_yet": "not assessed yet: Pending IRM Review, No early results to report yet",
    "no_data": "the source says it has no data (the IRM data release's ND, a page's 'No IRM Data')",
    "not_reviewed": "not reviewed (the IRM data release's NR)",
    "not_in_data": "no source in the data gives this commitment's value (whether or not a report "
    "of that assessor on the plan is named)",
    "not_applicable": "not applicable: the release's NA, or the era, assessor or plan has no such "
    "indicator (stars and mid-term reports for plans assessed under the refreshed method)",
}
KIND_LABELS = {
    "value": "value", "off_scale": "stated off the scale", "not_yet": "not yet",
    "no_data": "no data", "not_reviewed": "not reviewed", "not_in_data": "not in the data",
    "not_applicable": "not applicable",
}
# The kinds a share is taken over (its denominator): a value or a stated answer off the scale.
# A share's numerator never counts an off-scale answer.
COUNTED_KINDS = ("value", "off_scale")
# A Participation and Co-Creation Standards row's status as the `process-standards` figure counts
# it: status (`STANDARD_STATUSES`) -> (value, kind of answer). Met is 1 and not met 0; no other
# status is a number. Any status not listed (the IRM's judgement in its own words) is a stated
# answer off the met / not met scale.
STANDARD_STATUS_ANSWERS = {
    "met": (1, "value"), "not_met": (0, "value"), "cannot_tell": (None, "off_scale"),
    "no_evidence": (None, "not_in_data"), "not_in_force": (None, "not_applicable"),
    # A plan outside the standards: the IRM's own judgement, shown as stated (never "not applicable").
    "irm_judgement": (None, "off_scale"),
}
MISSING_ANSWER_KINDS = tuple(k for k in ANSWER_KINDS if k not in COUNTED_KINDS)
# Answers printed off an indicator's scale that are of another kind: per scale, answer -> kind.
# Any other off-scale answer is `off_scale`.
OFF_SCALE_KINDS = {
    "completion": {"Withdrawn": "value"},
    "diog": {"No early results to report yet": "not_yet", "Not Applicable": "not_applicable"},
}
# A typed missing reason (`scales.MISSING_REASONS`) -> its kind; any other reason (a blank, an
# absent row) is `not_in_data`.
MISSING_REASON_KINDS = {
    "not_reviewed": "not_reviewed",
    "no_data": "no_data",
    "no_irm_data": "no_data",
    "pending_irm_review": "not_yet",
    "not_applicable": "not_applicable",
}
# Questions an era has no indicator for: (indicator, moment), `*` for every moment. Refresh-era
# plans have no mid-term report, no potential impact and no star.
ERA_NOT_APPLICABLE = {
    "refresh": (("completion", "midterm"), ("potential_impact", "*"), ("starred", "*"),
                *((star, "*") for star in STAR_RULES)),
}


def answer_kind(value_kind, value, missing_reason, scale) -> str:
    """The kind (`ANSWER_KINDS`) of one assessment row's answer.

    Args:
        value_kind: the row's `value_kind` (scale, off_scale, missing, unknown).
        value: its canonical value.
        missing_reason: its typed missing reason.
        scale: the scale it was read on.
    """
    if value_kind == "scale":
        return "value"
    if value_kind == "off_scale":
        return OFF_SCALE_KINDS.get(scale, {}).get(value, "off_scale")
    return MISSING_REASON_KINDS.get(missing_reason, "not_in_data")


def era_has_no(era, indicator: str, moment: str) -> bool:
    """True when plans of `era` have no such indicator at that moment (`ERA_NOT_APPLICABLE`)."""
    return any(ind == indicator and m in ("*", moment) for ind, m in ERA_NOT_APPLICABLE.get(era or "", ()))


def counted_labels(scale: str) -> tuple[str, ...]:
    """The answers of a scale a share is taken over: its values, then its counted off-scale answers.

    Completion: Withdrawn, Unclear, No Evidence Available; not did it open government's 'No early
    results to report yet', which is not yet.
    """
    from ogp_analysis.metadata.scales import SCALES

    sc = SCALES[scale]
    kinds = OFF_SCALE_KINDS.get(scale, {})
    return sc.values + tuple(v for v in sc.off_scale if kinds.get(v, "off_scale") in COUNTED_KINDS)


def kinds_text() -> str:
    """The kinds in words, for a method annex: '“not yet” means ...; ...'."""
    return "; ".join(f"“{KIND_LABELS[k]}” means {v}" for k, v in ANSWER_KINDS.items() if k != "value")


# --- Years --------------------------------------------------------------------------------------
# The OGP was launched in 2011: no action plan, report or submission is older.
FIRST_OGP_YEAR = 2011
# A plan may be submitted up to two years ahead of the build that reads it (a plan for 2027
# published in 2025); anything later is a typo or a corrupt cell.
YEARS_AHEAD = 2


def latest_ogp_year(build_year: int) -> int:
    """The last plausible year for a build made in `build_year`."""
    return build_year + YEARS_AHEAD


def year_problem(year: int, build_year: int | None) -> str | None:
    """Why `year` is outside the OGP's span, or None when it is inside.

    Args:
        year: the year as read (a cycle, a submission year).
        build_year: the year of the build (its `built_at`); None checks the lower bound only.
    """
    if year < FIRST_OGP_YEAR:
        return f"{year} is before {FIRST_OGP_YEAR}, the year the OGP began"
    if build_year is not None and year > latest_ogp_year(build_year):
        return (f"{year} is after {latest_ogp_year(build_year)} (the build year {build_year} "
                f"+ {YEARS_AHEAD})")
    return None


# --- Page Status --------------------------------------------------------------------------------
# What a commitment page's At-a-Glance 'Status' row may print (blank: not stated). Anything
# else ("2014", "Marginal") is a value of another row that slid up, never a status.
PAGE_STATUSES = ("Active", "Inactive")


def page_status(printed: str | None) -> str | None:
    """The page status as the vocabulary spells it, or None when `printed` is not one."""
    key = (printed or "").strip().casefold()
    return next((s for s in PAGE_STATUSES if s.casefold() == key), None)


# --- Policy areas -------------------------------------------------------------------------------
POLICY_AREAS_FILE = "policy_areas.csv"
# Text that is markup, a URL or carries label/sentence punctuation is never an area name.
_NOT_AN_AREA = re.compile(r"[<>{}=|]|https?://|www\.|\w:\s|[.!?]$|^\W*$")
_HAS_YEAR_OR_ID = re.compile(r"\b(?:19|20)\d{2}\b|\b[A-Za-z]{2,6}\d{4}\b")
# The longest known area names have 6 words ("Public Participation In Budget/Fiscal Policy").
MAX_AREA_WORDS = 7


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@lru_cache(maxsize=1)
def policy_areas() -> dict[str, str]:
    """The OGP policy-area vocabulary: folded name -> name as OGP prints it (package data)."""
    text = resources.files("ogp_analysis.data").joinpath(POLICY_AREAS_FILE).read_text("utf-8")
    return {_fold(r["policy_area"]): r["policy_area"] for r in csv.DictReader(text.splitlines())}


def policy_area_verdict(printed: str, *, not_areas: tuple[str | None, ...] = ()) -> str:
    """How a printed policy area reads: `known`, `unknown` (kept, reported) or `not_an_area`.

    Args:
        printed: one area as printed (one item of the comma-separated list).
        not_areas: texts known to be something else on the same page (the member's name, the
            commitment's title): an area equal to one of them slid in from another block.
    """
    key = _fold(printed)
    if key in policy_areas():
        return "known"
    if (_NOT_AN_AREA.search(printed.strip()) or _HAS_YEAR_OR_ID.search(printed)
            or len(key.split()) > MAX_AREA_WORDS
            or any(other and key == _fold(other) for other in not_areas)):
        return "not_an_area"
    return "unknown"


# --- Build ---------------------------------------------------------------------------------------

# The data_quality problems `build --strict` refuses (exit 1, nothing written): something
# printed that nothing knows how to read, or an input that could not be read at all.
STRICT_PROBLEMS = (
    "unknown_label", "unknown_value", "unknown_column",
    # pages and captures (ingest.pages, parse.text)
    "unparseable_page", "corrupt_capture", "truncated_page", "replacement_character",
    "decoded_with_fallback",
    # values checked at the door (above)
    "not_a_policy_area", "unknown_policy_area", "implausible_year",
    # release rows (ingest.release)
    "short_row", "long_row", "unreadable_row", "missing_column",
    # rows naming a commitment or member the build does not hold (normalise, issue 29)
    "unknown_commitment", "other_member_commitment", "unknown_member",
    # a commitment no source gives a plan year: it cannot be keyed to its plan (normalise)
    "missing_cycle",
)


# --- Which plan and phase a meeting belongs to ---------------------------------------
# A meeting belongs to each plan and phase its record names (in its title, its headings and the
# sentences stating its aim), one row of `meeting_plans` each. A record naming two plans is
# genuinely shared (the UK forum of 24 January 2024 reviewed the fifth plan's implementation and
# its self-assessment and began the sixth plan's co-creation): it is counted for each plan, never
# added across plans, and each plan's report names it as shared. A record naming a plan but no
# phase is read by its date (`phase_by_date`), and flagged for review. (The extractor,
# `parse.meeting_notes`, reads the names; `analysis.process.meetings_per_phase` and
# `shared_meetings` count and say the sharing.)


def phase_by_date(meeting_year: int, cycle: int) -> str:
    """The phase of a plan a record names with no phase: co-creation before its start year, else implementation.

    Args:
        meeting_year: the year the meeting was held.
        cycle: the plan's start year.
    """
    return "co_creation" if int(meeting_year) < int(cycle) else "implementation"


# --- Bounds on counts read from files -------------------------------------------------
# The largest attendance count a meeting record may state: the biggest forum on record has a
# few hundred members; a count beyond this is a typo or a corrupt cell, reported and not read.
MAX_ATTENDANCE = 10_000


# --- Participation and Co-Creation Standards --------------------------------------
# OGP's Participation and Co-Creation Standards are in force from 1 January 2022. Among their
# minimum requirements: a forum of government and civil society that meets at least every six
# months, and a public repository of the process's documents. The IRM's Action Plan Review
# judges a plan against them in its own wording ("acted according to OGP process"); earlier
# reports judged whether a member "acted contrary to OGP process" under the rules before them.

STANDARDS_IN_FORCE = "2022-01-01"
# The process judgement whose wording is the Action Plan Review's: a plan the IRM judged in it
# is assessed against the standards, whatever its dates (IRM.md).
STANDARDS_JUDGEMENT = "acted_according_to_process"
FORUM_MAX_GAP_MONTHS = 6
# The meeting kind the forum requirements read.
FORUM_KINDS = ("forum",)
# What a standards row can say, in reader language. `irm_judgement`: a plan the standards do
# not apply to, on a row the IRM judged: the IRM's judgement is shown as the IRM's, in its words.
STANDARD_STATUSES = {
    "met": "met",
    "not_met": "not met",
    "cannot_tell": "cannot tell",
    "no_evidence": "no evidence in the data",
    "not_in_force": "not in force",
    "irm_judgement": "the IRM's judgement",
}
# A meeting has a published record when the data holds its record's URL or the date the record
# was posted (a note read from its posting, "News 5th March 2014", with no link kept): either is
# evidence the record was published. Neither is no evidence, never evidence of none.
PUBLISHED_RECORD_EVIDENCE = ("record_url", "record_published_date")
STANDARD_REQUIREMENTS = {
    "forum_exists": "A multi-stakeholder forum of government and civil society",
    "forum_every_six_months": "The forum meets at least every six months during the plan",
    "forum_rules_public": "The forum's rules (terms of reference) are public",
    "records_published": "Records of the meetings are published (the public repository)",
    "according_to_process": "The country acted according to OGP process (the IRM's judgement)",
}


def date_words(date: str) -> str:
    """'31 January 2022', 'January 2022' or '2022' for a date at its precision."""
    parts = [int(p) for p in str(date)[:10].split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {_dt.date(*parts):%B %Y}"
    if len(parts) == 2:
        return f"{_dt.date(parts[0], parts[1], 1):%B %Y}"
    return str(parts[0])


def _earliest_day(date: str) -> str:
    """The first day a date at day, month or year precision can mean (YYYY-MM-DD)."""
    text = str(date)[:10]
    return text + {4: "-01-01", 7: "-01"}.get(len(text), "")


def _judgement_words() -> str:
    """The Action Plan Review's wording of its process judgement ('acted according to OGP process')."""
    return _scales.PROCESS_INDICATOR_LABELS[STANDARDS_JUDGEMENT].lower().replace("ogp", "OGP")


def standards_rule_text() -> str:
    """Which plans the standards apply to, in reader words, generated from the rule's constants."""
    return (f"the Participation and Co-Creation Standards (in force from "
            f"{date_words(STANDARDS_IN_FORCE)}) apply to a plan the IRM judged in the Action Plan "
            f"Review's wording (\"{_judgement_words()}\") or published on or after "
            f"{date_words(STANDARDS_IN_FORCE)}; where the data does not say when a plan was "
            "published, its start stands in")


def standards_apply(judgements: Sequence[str] = (), published: str | None = None,
                    start: str | int | None = None) -> tuple[bool, str]:
    """Is a plan assessed against the 2022 Participation and Co-Creation Standards, and why.

    The one rule (`standards_rule_text`): yes when an IRM process judgement of the plan uses the
    Action Plan Review's wording (`STANDARDS_JUDGEMENT`), or when the plan was published on or
    after `STANDARDS_IN_FORCE`; with no publication date in the data, its start date (else its
    start year) stands in. A date at month or year precision counts from its first day.

    Args:
        judgements: the process indicators the IRM judged the plan on (`plan_process`).
        published: the plan's publication date as the data holds it (YYYY[-MM[-DD]]), or None.
        start: the plan's start date, or its start year, for a plan with no publication date.

    Returns:
        (applies, why): why in reader words ("it was published on 31 January 2022, on or after
        1 January 2022"), every reason that holds.
    """
    on, before = (f"on or after {date_words(STANDARDS_IN_FORCE)}",
                  f"before {date_words(STANDARDS_IN_FORCE)}")
    if published is not None and str(published).strip():
        after = _earliest_day(published) >= STANDARDS_IN_FORCE
        dated = (f"it was published {'on' if len(str(published)) >= 10 else 'in'} "
                 f"{date_words(published)}, {on if after else before}")
    elif start is not None and str(start).strip():
        after = _earliest_day(str(start)) >= STANDARDS_IN_FORCE
        dated = (f"the data does not say when it was published, and it starts in {date_words(str(start))}"
                 + ("" if after else f", {before}"))
    else:
        after, dated = False, "the data says neither when it was published nor when it starts"
    if STANDARDS_JUDGEMENT not in {str(j) for j in judgements}:
        return after, dated
    wording = f"the IRM judged it in the Action Plan Review's wording (\"{_judgement_words()}\")"
    return True, wording + (f", and {dated}" if after else f", though {dated}")


# --- Progress updates ------------------------------------------------------------

# A milestone tracker's date headers and a progress file's dates are written day first
# (30/4/2014, 30/06/2015): the UK government's own form.
PROGRESS_DATE_ORDER = "dmy"

# Progress words from these sources are prose ('progressing well'): kept as printed with kind
# `narrative`, never guessed onto the scale and not reported as unknown status labels.
NARRATIVE_SOURCE_TYPES = ("civil_society_document",)

# The assessor of a milestone tracker: the government kept the UK's (the file has no column
# saying so; another assessor's tracker is written in the long form, which has one).
TRACKER_ASSESSOR = "government"


def commitment_by_number(number: int, plan_ids: Sequence[str]) -> str | None:
    """The commitment a plan's own number stands for: the n-th of the plan's IDs in ID order.

    The serial of an OGP ID runs on within a plan in the plan's order (IRM.md: 2013-15 is
    UK0042-UK0062, commitment 1 = UK0042), which is how the UK self-assessment's numbers map.

    Args:
        number: the commitment's number as the plan prints it (1-based).
        plan_ids: the plan's commitment IDs.

    Returns:
        The ID, or None when the plan has no such number.
    """
    ordered = sorted(plan_ids)
    return ordered[number - 1] if 1 <= number <= len(ordered) else None


# When a timeline entry happened, for entries that carry no date of their own (IRM reports and
# self-assessments in `assessments`), tried in this order; an entry with none is undated: listed
# beside a chart, never placed on its time axis.
TIMELINE_DATE_RULE = (
    ("period_end", "the end of the period under review, where known"),
    ("publication_year", "else the report's publication year"),
    ("undated", "else undated"),
)

# Stages whose assessment reviews the plan's whole implementation period (end-of-term reports,
# the refresh-era results report and the government's end-of-term self-assessment): the end of
# their period under review is the plan's end (its end date, else its end year).
STAGES_REVIEWING_WHOLE_PLAN = ("end_of_term", "results", "self_assessment")

# The IRM data release's report publication years, as the release column names them (kept in
# commitments.irm_reports as printed), and the stage each dates.
PUBLICATION_YEAR_STAGES = {
    "Report Publication Year (Progress Report)": "midterm",
    "Report Publication Year (End Of Term)": "end_of_term",
}

# The progress status that counts as done in a share of milestones completed. Off-scale answers
# (Closed, Withdrawn, In progress) never count as completed: what 'Closed' means is not known.
PROGRESS_COMPLETED = "Completed"

# How long a commitment took to complete is said only from a start date and a first completion
# both dated at least to the month: a year alone says nothing about months taken.
TIME_TO_COMPLETE_PRECISIONS = ("day", "month")


# --- Published figures -----------------------------------------------------------------------

# Who publishes each kind of publication (`fields.PUBLICATION_KINDS`): whose count it is.
PUBLISHER_OF_KIND = {
    "action_plan": "government", "gov_self_assessment": "government", "ogp_member_page": "ogp",
    "irm_design_report": "irm", "irm_progress_report": "irm", "irm_mid_term_report": "irm",
    "irm_end_of_term_report": "irm", "irm_transitional_results_report": "irm",
    "irm_action_plan_review": "irm", "irm_results_report": "irm",
}
# The published completion counts, by the completion scale's value they count.
PUBLISHED_COMPLETION = {
    "commitments_not_started": "Not Started", "commitments_limited": "Limited",
    "commitments_substantial": "Substantial", "commitments_complete": "Complete",
    "commitments_withdrawn": "Withdrawn",
}
# A published figure as a field of the at-a-glance figure (what `check --published` compares
# it with); `{stage}` is the completion moment of the publication's kind. Figures not here
# cannot be computed from the data (promising, potentially starred, ...): reported per row.
PUBLISHED_GLANCE_FIELDS = {
    "number_of_commitments": "commitments",
    **{code: f"completion_{{stage}}:{value}" for code, value in PUBLISHED_COMPLETION.items()},
    "commitments_relevant_to_ogp_values": "relevant",
    "transformative_commitments": "transformative",
    "starred_commitments": "starred",
}
# The completion moment a publication reports (mid-term reports, or the end of term).
PUBLICATION_STAGE = {"irm_progress_report": "midterm", "irm_mid_term_report": "midterm"}
DEFAULT_PUBLICATION_STAGE = "end_of_term"
