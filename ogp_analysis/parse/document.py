"""A document that may hold a commitment page, a listing, or both (the seed text holds both).

`parse_document(kind="auto")` returns every part it finds in one `Records`, and reports where
the parts disagree about the same commitment (listing policy area vs the page's areas, listing
cycle, title and star vs the page's).
"""

from __future__ import annotations

from ogp_analysis.errors import ParseError
from ogp_analysis.labels import fold
from ogp_analysis.parse.commitment import (
    PageTriples,
    commitment_from_url,
    page_links,
    page_to_triples,
    parse_commitment,
    records_from_page,
)
from ogp_analysis.parse.listing import add_listing, has_listing, listing_start, parse_listing
from ogp_analysis.parse.text import Page, read_page
from ogp_analysis.records import Records

KINDS = ("auto", "listing", "commitment")


def detect_kinds(page: Page, url: str, found: PageTriples | None = None) -> list[str]:
    """Which parts the page holds: 'commitment', 'listing', both, or none."""
    kinds = []
    start = listing_start(page.lines)
    found = found or page_to_triples(page.lines)
    linked = any(commitment_from_url(link)[1] for _, link in page_links(page))
    if found.started and (found.heading_id or commitment_from_url(url)[1] or linked):
        kinds.append("commitment")
    body = page.lines[start:] if start is not None else page.lines
    if start is not None or has_listing(body):
        kinds.append("listing")
    return kinds


def parse_document(text: str | bytes, url: str, kind: str = "auto", *,
                   retrieved_at: str | None = None, origin: str = "pages",
                   sha256: str | None = None, raw_path: str | None = None,
                   content_type: str | None = None, build_year: int | None = None) -> Records:
    """Parse a page of the given kind, or (`auto`) every part it holds.

    Args:
        text: the page's HTML or plain-text rendering.
        url: the page's URL.
        kind: `auto`, `listing` or `commitment`.
        retrieved_at: when it was fetched (ISO 8601, UTC); None: undated.
        origin: which build input it comes from.
        sha256: sha256 of the raw body.
        raw_path: path of the raw file.
        content_type: the HTTP Content-Type it was served with (its charset decodes the bytes).
        build_year: the build's year (years after it + 2 are refused; None: not checked).

    Raises:
        ParseError: the page is neither a listing nor a commitment page (or not the kind asked).
    """
    if kind not in KINDS:
        raise ParseError(f"unknown kind {kind!r}; expected one of {KINDS}")
    page = read_page(text, url, content_type=content_type)
    meta = dict(retrieved_at=retrieved_at, origin=origin, sha256=sha256, raw_path=raw_path,
                build_year=build_year)
    if kind == "listing":
        return parse_listing(page, url, **meta)
    if kind == "commitment":
        return parse_commitment(page, url, **meta)
    found = page_to_triples(page.lines)
    kinds = detect_kinds(page, url, found)
    if not kinds:
        raise ParseError(f"{url}: neither a commitment page (no 'Title (UK0075)' heading or "
                         "commitment URL with At-a-Glance/IRM Review labels) nor a listing (no "
                         "'UK0090, 2019, E-Government' lines)")
    if kinds == ["listing"]:
        return parse_listing(page, url, **meta)
    rec = records_from_page(found, url, page=page, **meta)
    if "listing" in kinds:
        rec.source["next_url"] = None
        add_listing(rec, page, url, build_year=build_year)
        _compare_with_listing(rec, url)
    return rec


def _compare_with_listing(rec: Records, url: str) -> None:
    """Report where the page and the listing in the same document disagree about the commitment."""
    (page,) = rec.parts["commitments"]
    cid = page["commitment_id"]
    entries = [r for r in rec.parts["listing"] if r["commitment_id"] == cid]
    if not entries:
        return
    entry = entries[0]

    def report(field: str, detail: str, printed, severity: str = "warning") -> None:
        rec.quality("disagreement", f"{detail} ({url})", severity=severity, commitment_id=cid,
                    table_name="listing", field=field, value_printed=printed)

    if page.get("cycle") is not None and entry["cycle"] != page["cycle"]:
        report("cycle", f"listing cycle {entry['cycle']} vs page Action Plan Cycle {page['cycle']}",
               str(entry["cycle"]))
    areas = [r["policy_area"] for r in rec.parts["commitment_policy_areas"]
             if r["commitment_id"] == cid and r["vocabulary"] == "ogp_page"]
    listed = entry["policy_area"]
    if listed is not None and areas and [fold(a) for a in areas] != [fold(listed)]:
        among = fold(listed) in {fold(a) for a in areas}
        report("policy_area", f"listing policy area {listed!r} vs page Policy Areas {areas!r}"
               + (" (the listing shows one of them)" if among else " (not among them)"), listed,
               severity="info" if among else "warning")
    if page.get("title") and entry["title"] and fold(page["title"]) != fold(entry["title"]):
        report("title", f"listing title {entry['title']!r} vs page title {page['title']!r}",
               entry["title"], severity="info")
    starred = [a for a in rec.parts["assessments"] if a["indicator"] == "starred"
               and a["stage"] == "latest" and a["value"] in ("Yes", "No")]
    if starred and (starred[0]["value"] == "Yes") != entry["is_starred_listing"]:
        report("is_starred_listing", f"listing {'marks' if entry['is_starred_listing'] else 'does not mark'} "
               f"it starred; page Starred row {starred[0]['value_printed']!r}",
               starred[0]["value_printed"])
