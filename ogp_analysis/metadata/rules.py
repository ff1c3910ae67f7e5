"""One home for the rules values are checked by at the door (OGP year span, page Status vocabulary, policy areas).

Rules here are data and small pure functions; readers (page parser, listing, data release) call
them and turn a failed check into a `data_quality` row. Nothing here reads the clock: the
upper end of the year span comes from the caller (the build passes its `built_at` year).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

# --- years --------------------------------------------------------------------------------------
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


# --- page Status --------------------------------------------------------------------------------
# What a commitment page's At-a-Glance 'Status' row may print (blank: not stated). Anything
# else ("2014", "Marginal") is a value of another row that slid up, never a status.
PAGE_STATUSES = ("Active", "Inactive")


def page_status(printed: str | None) -> str | None:
    """The page status as the vocabulary spells it, or None when `printed` is not one."""
    key = (printed or "").strip().casefold()
    return next((s for s in PAGE_STATUSES if s.casefold() == key), None)


# --- policy areas -------------------------------------------------------------------------------
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


# --- what --strict refuses ----------------------------------------------------------------------
# Kinds of data_quality row that make `build --strict` exit 1 and write nothing: a value, label
# or column the crosswalks do not know, and every page or row that could not be read whole.
STRICT_PROBLEMS = (
    "unknown_label", "unknown_value", "unknown_column",
    # pages and captures (ogp_analysis.ingest.pages, parse.text)
    "unparseable_page", "corrupt_capture", "truncated_page", "replacement_character",
    "decoded_with_fallback",
    # values checked at the door
    "not_a_policy_area", "unknown_policy_area", "implausible_year",
    # release rows (ogp_analysis.ingest.release)
    "short_row", "long_row", "unreadable_row",
)
