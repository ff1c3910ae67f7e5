"""Every rule of the toolkit, declared once: how values are chosen, matched, dated and combined.

The data model (what a value can be) lives in `scales.py`, `fields.py` and `tables.py`; this
module says how values are chosen and combined.
"""

from __future__ import annotations

from collections.abc import Sequence

# --- Progress updates (issue 13) ------------------------------------------------------------

# A milestone tracker's date headers and a progress file's dates are written day first
# (30/4/2014, 30/06/2015): the UK government's own form.
PROGRESS_DATE_ORDER = "dmy"

# Progress words from these sources are prose ('progressing well'): kept as printed with kind
# `narrative`, never guessed onto the scale and not reported as unknown status labels.
NARRATIVE_SOURCE_TYPES = ("meeting_note",)

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
