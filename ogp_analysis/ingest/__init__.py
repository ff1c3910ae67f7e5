"""Readers of the non-page sources: the IRM data release CSV and the bundled UK dataset, both to `Records`."""

from ogp_analysis.ingest.bundled import read_bundled
from ogp_analysis.ingest.release import read_release, records_from_release_row

__all__ = ["read_bundled", "read_release", "records_from_release_row"]
