"""The sources registry: every input the build reads and every kind of document it yields, declared once.

An *input* is where a build reads from (the `origin` of every row): a folder under `data/raw/`
with the readers every build runs on it, the fetched pages, or an IRM data release. Each input
declares the *source types* (kinds of document) it introduces: their reader label, their
description and, where sources can state the same thing, their precedence (lower wins).

Derived from here, and only from here: the source types and origins of the data dictionary
(`scales.SOURCE_TYPES`, `scales.ORIGINS`), the precedence and reader labels (`rules`), the
folders of `paths.Paths`, the folder readers a build runs (`ingest.FOLDER_READERS`) and the
table of inputs in `data/raw/README.md` (`render_inputs_table`). Adding a source is one `Input`
here, its reader, and its test.

This module imports nothing of the package: readers are named as `"module:function"` and
imported when a build runs them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceType:
    """A kind of document.

    Attributes:
        name: the code in the tables' `source_type` column.
        label: what a reader sees ("IRM data release").
        description: one line for the data dictionary.
        precedence: the rank when several sources state the same value (lower wins); None: it
            never competes (its values are kept apart, e.g. a progress update).
    """

    name: str
    label: str
    description: str
    precedence: int | None = None


@dataclass(frozen=True)
class Input:
    """One input of the build (an `origin`).

    Attributes:
        name: the code in the tables' `origin` column.
        description: one line for the data dictionary.
        folder: its folder under `data/raw/` (a `Paths` attribute of the same name); None: none.
        readers: (name, "module:function") of the readers every build runs on it; each takes
            the project's `Paths` and returns a list of `Records`. Empty: read otherwise (the
            page store by `ingest.pages`, a release by `--irm-data`).
        types: the source types this input introduces.
        tables: the tables its rows go to.
        what: what the folder holds, for `data/raw/README.md`.
        made_by: who puts files there, for `data/raw/README.md`.
    """

    name: str
    description: str
    folder: str | None
    readers: tuple[tuple[str, str], ...] = ()
    types: tuple[SourceType, ...] = ()
    tables: tuple[str, ...] = ()
    what: str = ""
    made_by: str = ""


INPUTS: tuple[Input, ...] = (
    Input(
        "irm_data_release", "Read from an IRM data release CSV given to `build --irm-data`.",
        folder="releases",
        types=(SourceType("irm_data_release", "IRM data release", "The IRM data release spreadsheet "
                          "(OGP's bulk export, one row per commitment).", precedence=0),),
        tables=("commitments", "assessments", "commitment_policy_areas", "commitment_ogp_values"),
        what="IRM data releases downloaded by `build --irm-data URL`: `<sha256>.csv` and a "
        "provenance sidecar. Not committed.",
        made_by="`ogp-analysis build --irm-data URL`"),
    Input(
        "pages", "Parsed from raw pages fetched into data/raw/pages/.", folder="pages",
        types=(
            SourceType("ogp_page_status_summary", "IRM status summary on the OGP commitment page",
                       "The IRM status summary printed lower on an OGP commitment page (Midterm, "
                       "End of Term, Did It Open Government?, Carried Forward?).", precedence=1),
            SourceType("ogp_page", "OGP commitment page", "An OGP commitment page: At-a-Glance, "
                       "Institutions, Policy Areas, IRM Review, Design, Implementation rows.",
                       precedence=2),
            SourceType("ogp_listing", "OGP member page (list of commitments)",
                       "An OGP member page listing its commitments.", precedence=3),
        ),
        tables=("commitments", "assessments", "commitment_policy_areas", "commitment_ogp_values",
                "commitment_institutions", "commitment_milestones"),
        what="OGP pages as fetched (HTML + a provenance sidecar: url, status, fetched-at, "
        "sha256). Not committed.",
        made_by="`ogp-analysis fetch`"),
    Input(
        "bundled", "The bundled UK dataset in data/raw/bundled/ (facts recorded from real "
        "captures; undated).", folder="bundled",
        readers=(("bundled", "ogp_analysis.ingest.bundled:read_bundled_input"),
                 ("bundled_plan_reports", "ogp_analysis.ingest.bundled:read_plan_reports_input")),
        types=(
            SourceType("irm_report", "IRM report", "An IRM report (Action Plan Review, Results "
                       "Report, ...), as stated in it.", precedence=4),
            SourceType("gov_self_assessment", "government self-assessment",
                       "A government self-assessment report.", precedence=5),
            SourceType("civil_society_document", "civil society document", "A document by civil "
                       "society (a network's account of a plan, meeting notes it published).",
                       precedence=6),
        ),
        tables=("commitments", "assessments", "plan_reports"),
        what="The bundled UK dataset: facts recorded from real OGP pages, the UK listing, the IRM "
        "data release and reports, and the UK's process data (`process_*.csv`). Committed, so "
        "the main job runs with no network.",
        made_by="`scripts/make_bundled.py`"),
    Input(
        "process_records", "A meeting-records CSV the user keeps under data/raw/process/.",
        folder="process",
        # Reads the bundled process_*.csv too (origin bundled) and the user's folder.
        readers=(("process", "ogp_analysis.ingest.process_records:read_process"),),
        types=(
            SourceType("meeting_record", "meeting record", "A meeting's note, read-out or "
                       "minutes, or a row of a meeting-records CSV citing one."),
            SourceType("action_plan", "action plan", "An action plan, or the page announcing "
                       "its publication."),
        ),
        tables=("meetings", "meeting_plans", "meeting_attendance", "meeting_participants",
                "meeting_commitments", "plan_process"),
        what="Your meeting records: one or more meeting-records CSVs (format below), reviewed by "
        "you. Committed if you wish (not git-ignored); `ogp-analysis build` reads every `*.csv` "
        "here.",
        made_by="you, starting from `ogp-analysis process extract NOTE...`"),
    Input(
        "progress", "A progress file (milestone tracker or progress updates) put in "
        "data/raw/progress/.", folder="progress",
        readers=(("bundled_progress", "ogp_analysis.ingest.progress:read_bundled_progress_input"),
                 ("progress", "ogp_analysis.ingest.progress:read_progress_inputs")),
        types=(
            SourceType("milestone_tracker", "milestone tracker", "A milestone tracker: one row "
                       "per milestone, its status at several dates (the UK government kept one "
                       "for the 2013-15 plan)."),
            SourceType("progress_update_file", "progress update file", "A file of progress "
                       "updates, one row per update (the long form)."),
            SourceType("government_tracker", "government progress tracker", "A government's own "
                       "progress tracker in the format it publishes (the UK's 2014 progress CSV, "
                       "Canada's open-data tracker, New Zealand's milestone reports)."),
            SourceType("progress_update_document", "government progress update", "A "
                       "government's commitment progress update document (the UK's of January "
                       "2015 and December 2016), as text or HTML saved from the web."),
        ),
        tables=("progress_updates",),
        what="Your progress files: milestone trackers, progress-update CSVs and governments' own "
        "trackers and progress-update documents (formats below). Every `*.csv`, `*.txt` and "
        "`*.html` here is read by each `ogp-analysis build`; a file that cannot be read (an "
        "unknown layout included) is one `unreadable_file` row in `data_quality`.",
        made_by="you"),
    Input(
        "published", "A published-figures CSV put in data/raw/published/ (and the bundled "
        "published_figures.csv).", folder="published",
        readers=(("published", "ogp_analysis.ingest.published:read_published_input"),),
        types=(SourceType("ogp_member_page", "OGP member page", "A member's page on the OGP "
                          "website (its plans and their number of commitments)."),),
        tables=("published_figures",),
        what="Your published-figures CSVs: what IRM reports, action plans and self-assessments "
        "print about a plan as a whole, one figure or fact per row (format below). Every `*.csv` "
        "here is read by each `ogp-analysis build`.",
        made_by="you"),
)


def source_types(inputs=None) -> dict[str, SourceType]:
    """Every source type, by code, in the registry's order."""
    return {t.name: t for i in (inputs or INPUTS) for t in i.types}


def inputs_by_name(inputs=None) -> dict[str, Input]:
    """Every input, by its origin code."""
    return {i.name: i for i in (inputs or INPUTS)}


def raw_folders(inputs=None) -> dict[str, str]:
    """Input folder names under `data/raw/` (each a `Paths` attribute of the same name)."""
    return {i.folder: i.folder for i in (inputs or INPUTS) if i.folder}


def folder_readers(inputs=None) -> list[tuple[str, str]]:
    """(name, "module:function") of every folder reader a build runs, in the registry's order."""
    return [r for i in (inputs or INPUTS) for r in i.readers]


def render_inputs_table(inputs=None) -> str:
    """The table of `data/raw/README.md` (folder, what, made by), one row per input with a folder."""
    lines = ["| folder | what | made by |", "|---|---|---|"]
    for i in inputs or INPUTS:
        if i.folder:
            lines.append(f"| `{i.folder}/` | {i.what} | {i.made_by} |")
    return "\n".join(lines) + "\n"


RAW_README_START = "<!-- inputs table: generated from ogp_analysis/metadata/sources.py"
RAW_README_END = "<!-- end of inputs table -->"


def with_inputs_table(readme: str, inputs=None) -> str:
    """`data/raw/README.md`'s text with its inputs table made anew from the registry."""
    start = readme.index(RAW_README_START)
    head_end = readme.index("\n", start) + 1
    end = readme.index(RAW_README_END, head_end)
    return readme[:head_end] + render_inputs_table(inputs) + readme[end:]


if __name__ == "__main__":  # rewrite the table of data/raw/README.md
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2] / "data" / "raw" / "README.md"
    readme.write_text(with_inputs_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
