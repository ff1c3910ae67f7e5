"""Readers of the non-page sources (the IRM data release, the bundled UK dataset, ...), each to `Records`.

`FOLDER_READERS` are the readers `ogp_analysis.build` runs on every build (unless
`--no-bundled`): name -> callable(paths) -> list[Records]. A new kind of source registers one
entry here; the normaliser builds its tables from the table registry without further code.
"""

from ogp_analysis.ingest.bundled import read_bundled, read_plan_reports
from ogp_analysis.ingest.process_records import read_process
from ogp_analysis.ingest.progress import read_bundled_progress, read_progress_inputs
from ogp_analysis.ingest.release import read_release, records_from_release_row


def _bundled(paths):
    return read_bundled(paths.bundled)


def _plan_reports(paths):
    return read_plan_reports(paths.bundled)


def _bundled_progress(paths):
    return read_bundled_progress(paths.bundled, root=paths.root)


FOLDER_READERS = {
    "bundled": _bundled,
    "bundled_plan_reports": _plan_reports,
    # Meeting records and plan process facts: bundled process_*.csv and data/raw/process/.
    "process": read_process,
    # --- Progress updates (issue 13) ---
    "bundled_progress": _bundled_progress,
    "progress": read_progress_inputs,
}

__all__ = ["FOLDER_READERS", "read_bundled", "read_release", "records_from_release_row"]
