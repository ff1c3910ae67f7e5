"""Fetch stage: crawl a member's OGP pages politely into the raw store (see `client`, `store`, `crawl`).

`crawl(member, ...)` does the work and returns a `FetchSummary`; `store.latest_captures(root)`
is what later stages read. Importing this package does no I/O.
"""

from __future__ import annotations

from ogp_analysis.fetch.crawl import FetchSummary, crawl
from ogp_analysis.fetch.store import Capture, latest_captures, scan_store

__all__ = ["Capture", "FetchSummary", "crawl", "latest_captures", "scan_store"]
