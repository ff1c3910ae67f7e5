"""The member listing ("United Kingdom's Commitments"): title line, then "UK0090, 2019, E-Government".

Read by text, not by class: each entry is an "ID, cycle, policy area" line (the area may be
blank: "UK0025, 2011,") under its title line, which may carry the list number ("21. ...") and
the "Starred commitment " prefix. The same reader serves HTML (rendered to lines; `<ol>` items
numbered as a browser shows them) and the plain-text rendering.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ogp_analysis.errors import OGPAnalysisError, ParseError
from ogp_analysis.keys import check_member_slug, normalise_commitment_id, slugify
from ogp_analysis.labels import read_value
from ogp_analysis.metadata.rules import COMMITMENT_ID_TEXT, MEMBER_IN_URL, era_of, year_problem
from ogp_analysis.parse.commitment import commitment_from_url, page_links
from ogp_analysis.parse.crosswalk import load_crosswalk
from ogp_analysis.parse.text import Page, add_page_notes, find_next_url, read_page
from ogp_analysis.records import Records, make_source

ID_LINE = re.compile(rf"^({COMMITMENT_ID_TEXT})\s*,\s*((?:19|20)[0-9]{{2}})\s*(?:,\s*(.*))?$")
_NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+(.*)$")
_NUMBER_ONLY = re.compile(r"^(\d{1,4})[.)]$")
_STARRED_PREFIX = re.compile(r"^starred commitment\s+", re.IGNORECASE)
_LISTING_HEADING = re.compile(r"^(.+?)['’]s commitments$", re.IGNORECASE)


def member_from_url(url: str | None) -> str | None:
    """The member slug of an OGP URL (`.../members/<slug>/...`), or None."""
    if not url:
        return None
    m = MEMBER_IN_URL.search(urlparse(url).path)
    if not m:
        return None
    try:
        return check_member_slug(m[1].lower())
    except OGPAnalysisError:
        return None


def listing_start(lines: list[str]) -> int | None:
    """Index of the listing heading line ("<Member>'s Commitments"), or None."""
    cw = load_crosswalk()
    for i, line in enumerate(lines):
        rule = cw.heading(line)
        if rule is not None and rule.name == "listing":
            return i
    return None


def has_listing(lines: list[str]) -> bool:
    """True when the lines hold at least one listing entry ("ID, cycle, area")."""
    return any(ID_LINE.match(line) for line in lines)


def parse_listing(html_or_text: str | bytes | Page, url: str, *, retrieved_at: str | None = None,
                  origin: str = "pages", sha256: str | None = None,
                  raw_path: str | None = None, content_type: str | None = None,
                  build_year: int | None = None) -> Records:
    """Parse a member listing page.

    Args:
        html_or_text: the page's HTML or its plain-text rendering.
        url: the page's URL (the member slug is read from it; relative links resolve against it).
        retrieved_at: when it was fetched (ISO 8601, UTC); None: undated.
        origin: which build input it comes from (`pages`, `bundled`).
        sha256: sha256 of the raw body.
        raw_path: path of the raw file.
        content_type: the HTTP Content-Type it was served with (its charset decodes the bytes).
        build_year: the build's year (cycles after it + 2 are refused; None: not checked).

    Returns:
        Records whose `listing` part holds one row per entry (`commitment_id, member, title,
        cycle, policy_area, is_starred_listing, position`), `commitment_policy_areas` the
        listing's area (vocabulary `ogp_listing`), and `source["next_url"]` the absolute URL
        of the next listing page (None: last page).

    Raises:
        ParseError: no listing entry and no listing heading on the page, or no member.
    """
    page = (html_or_text if isinstance(html_or_text, Page)
            else read_page(html_or_text, url, content_type=content_type))
    rec = Records(make_source(url, source_type="ogp_listing", origin=origin,
                              retrieved_at=retrieved_at, sha256=sha256, raw_path=raw_path))
    add_listing(rec, page, url, build_year=build_year)
    add_page_notes(rec, page)
    return rec


def _members_linked(page: Page) -> dict[str, int]:
    """Member slug -> how many listing items link to `/members/<slug>/commitments/<ID>/`."""
    found: dict[str, int] = {}
    if page.tree is None:
        return found
    for el in page.tree.iter("a"):
        slug, cid = commitment_from_url(el.get("href"))
        if slug and cid:
            found[slug] = found.get(slug, 0) + 1
    return found


def listing_member(page: Page, url: str, heading_name: str | None) -> str:
    """The member of a listing: its URL, canonical link, og:url, heading, then the items' links.

    Raises:
        ParseError: none of them names a member, or the items link to several members.
    """
    for candidate in [url] + [link for _, link in page_links(page)]:
        if (slug := member_from_url(candidate)) is not None:
            return slug
    if heading_name:
        return slugify(heading_name)
    linked = _members_linked(page)
    if len(linked) == 1:
        return next(iter(linked))
    if linked:
        raise ParseError(f"{url}: the listing's items link to several members "
                         f"({', '.join(f'{k}: {n}' for k, n in sorted(linked.items()))}); give the "
                         "listing's URL (/members/<slug>/)")
    raise ParseError(f"{url}: no member: no /members/<slug>/ in the URL, canonical link or og:url, "
                     "no \"<Member>'s Commitments\" heading, and no item links to "
                     "/members/<slug>/commitments/<ID>/")


STARRED_PREFIX_TEXT = "Starred commitment"


def add_listing_star(rec: Records, commitment_id: str, member: str, cycle: int | None) -> dict:
    """Record a listing's "Starred commitment" prefix as the IRM's published star (stage latest).

    Only the prefix is a statement: an entry without it says nothing about a star (plans before
    2014 had none), so no "No" is recorded for it.
    """
    reading = read_value("Yes", "yes_no")
    return rec.assess(
        commitment_id=commitment_id, member=member, cycle=cycle, assessor="irm", stage="latest",
        indicator="starred", printed=STARRED_PREFIX_TEXT, era=era_of(cycle),
        reading=type(reading)(STARRED_PREFIX_TEXT, reading.value, reading.value_rank,
                              reading.value_kind, None, reading.scale),
        source_type="ogp_listing",
    )


def add_listing(rec: Records, page: Page, url: str, *, build_year: int | None = None) -> list[dict]:
    """Add a page's listing entries to `rec` (shared by `parse_listing` and `parse_document`)."""
    lines = page.lines
    start = listing_start(lines)
    if start is None and not has_listing(lines):
        raise ParseError(f"{url}: not a listing page (no \"<Member>'s Commitments\" heading and no "
                         "'ID, cycle, policy area' line such as 'UK0090, 2019, E-Government')")
    heading = _LISTING_HEADING.match(lines[start]) if start is not None else None
    member_name = heading[1].strip() if heading else None  # "<Member>'s Commitments"
    member = listing_member(page, url, member_name)
    rec.source["next_url"] = find_next_url(page, url)
    rows: list[dict] = []
    seen: dict[str, int] = {}
    body = lines[(start + 1 if start is not None else 0):]
    for i, line in enumerate(body):
        m = ID_LINE.match(line)
        if not m:
            continue
        try:
            cid = normalise_commitment_id(m[1])
        except OGPAnalysisError:
            rec.quality("unknown_value", f"listing line {line!r} has no valid commitment ID ({url})",
                        table_name="listing", field="commitment_id", value_printed=line)
            continue
        title, number = _title_before(body, i)
        starred = bool(title and _STARRED_PREFIX.match(title))
        if starred:
            title = _STARRED_PREFIX.sub("", title)
        if title is None:
            rec.quality("missing_title", f"listing entry {cid} has no title line above it ({url})",
                        commitment_id=cid, table_name="listing", field="title", value_printed=line)
        cycle: int | None = int(m[2])
        if (why := year_problem(cycle, build_year)) is not None:
            rec.quality("implausible_year", f"listing entry {cid} cycle {m[2]}: {why}; not used "
                        f"({url})", commitment_id=cid, table_name="listing", field="cycle",
                        value_printed=line)
            cycle = None
        area = (m[3] or "").strip() or None  # a blank listing area is legitimate
        position = number if number is not None else len(rows) + 1
        if cid in seen:
            rec.quality("duplicate_entry", f"listing shows {cid} at positions {seen[cid]} and "
                        f"{position}; both kept ({url})", commitment_id=cid, table_name="listing",
                        field="commitment_id", value_printed=line)
        seen[cid] = position
        rows.append(rec.add("listing", commitment_id=cid, member=member, member_name=member_name,
                            title=title,
                            cycle=cycle, policy_area=area, is_starred_listing=starred,
                            position=position, source_type="ogp_listing"))
        if starred:
            add_listing_star(rec, cid, member, cycle)
        if area:
            rec.add("commitment_policy_areas", commitment_id=cid, policy_area=area,
                    vocabulary="ogp_listing", source_type="ogp_listing")
    if not rows:
        rec.quality("empty_listing", f"the listing shows no commitments ({url})", severity="info",
                    table_name="listing")
    return rows


def _title_before(lines: list[str], i: int) -> tuple[str | None, int | None]:
    """The title line above an ID line, with its list number split off."""
    if i == 0 or ID_LINE.match(lines[i - 1]):
        return None, None
    title = lines[i - 1]
    m = _NUMBERED.match(title)
    if m:
        return m[2].strip() or None, int(m[1])
    # HTML whose <li> holds a block (a heading) puts the list number on a line of its own.
    if i >= 2 and (n := _NUMBER_ONLY.match(lines[i - 2])):
        return title, int(n[1])
    return title, None
