"""A commitment page (either template, HTML or text) -> text lines -> label triples -> Records.

The page is read in three zones, by text only:

- top: the heading "Title (UK0075)", then At-a-Glance, Institutions, Policy Areas, IRM Review,
  Design, Implementation rows as "Label: value" (value on the next line when the label line has
  none), and the Description. Blocks that run together ("Starred: NoEarly Results: Marginal",
  "Design iVerifiable: Yes") are split before known labels and headings. Anything before the
  first known heading or label (a survey banner, navigation) is ignored.
- status summary ("IRM End of Term Status Summary"): its heading line (a starred one starts
  with '✪'), milestones, start and end dates, Midterm / End of Term, Did It Open Government?
  per value, Carried Forward? (read from the sentence under it).
- listing ("<Member>'s Commitments"): not read here (see `listing`).

The triples go to `core.records_from_label_values`, the same core the bundled dataset uses.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ogp_analysis.errors import OGPAnalysisError, ParseError
from ogp_analysis.keys import check_member_slug, normalise_commitment_id, slugify
from ogp_analysis.labels import fold
from ogp_analysis.metadata.rules import COMMITMENT_ID_TEXT, COMMITMENT_IN_URL
from ogp_analysis.parse.core import Triple, records_from_label_values
from ogp_analysis.parse.crosswalk import TOP_SECTIONS, Crosswalk, load_crosswalk
from ogp_analysis.parse.text import Page, add_page_notes, clean_line, read_page
from ogp_analysis.records import Records

TITLE_LINE = re.compile(rf"^(.*\S)\s*\(({COMMITMENT_ID_TEXT})\)$")
_COMMITMENT_URL = COMMITMENT_IN_URL
_LABEL_LINE = re.compile(r"^([^:]{1,80}?)\s*:\s*(.*)$", re.DOTALL)
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s*(.+)$")
_STAR = "✪"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_TOP_LOOKUP = TOP_SECTIONS + ("dates",)
_SUMMARY_LOOKUP = ("status_summary", "dates", "milestones", "did_it_open_government",
                   "carried_forward")
# Lines that sit above the page heading but are not the member's name.
_NOT_MEMBER = {"skip navigation", "skip to main content", "menu", "search", "overview"}
# Words of a site's menu: a line made of two or more of them ("Home About Members Resources")
# is navigation, never a member's name (no member is called "Home" or "Resources").
_MENU_WORDS = frozenset("""
home about members member resources news events contact search menu login log in sign up
donate blog join us our work people careers press media library data stories partnership
""".split())
# The page <title>: "Open Data (UK0075) | Commitment from United Kingdom | Open Government Partnership".
_TITLE_MEMBER = re.compile(r"\bCommitments?\s+from\s+([^|]+?)\s*(?:\||$)", re.IGNORECASE)


def is_menu_line(line: str) -> bool:
    """True when a line is a site menu (two or more menu words, nothing else)."""
    words = re.findall(r"[A-Za-z]+", line.casefold())
    return len(words) >= 2 and sum(w in _MENU_WORDS for w in words) >= max(2, len(words) - 1)


def page_links(page: Page) -> list[tuple[str, str]]:
    """(how, URL) of what the page says it is: `<link rel="canonical">`, then `og:url`."""
    if page.tree is None:
        return []
    found = []
    for el in page.tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            found.append(("canonical link", el.get("href").strip()))
    for el in page.tree.iter("meta"):
        if (el.get("property") or el.get("name") or "").lower() == "og:url" and el.get("content"):
            found.append(("og:url", el.get("content").strip()))
    return found


def member_name_from_title(page: Page) -> str | None:
    """The member's display name in the page `<title>` ("... | Commitment from Bulgaria | ...")."""
    if page.tree is None:
        return None
    el = page.tree.find(".//title")
    if el is None:
        return None
    m = _TITLE_MEMBER.search(clean_line(el.text_content()))
    return m[1].strip() if m else None


def _looks_like_label(label: str) -> bool:
    """A short, capitalised phrase with no sentence punctuation: a printed row label."""
    words = label.split()
    return (0 < len(words) <= 6 and label[0].isupper() and not re.search(r"[.,;!?\"“”]", label))


class _Splitter:
    """Splits top-zone lines where blocks run together without whitespace."""

    def __init__(self, cw: Crosswalk):
        labels = cw.printed_labels(_TOP_LOOKUP)
        self.heading_words = cw.printed_headings(
            ("top", "at_a_glance", "institutions", "policy_areas", "irm_review", "design",
             "implementation", "description"))
        self.label_re = re.compile(
            "(?:" + "|".join(re.escape(x) for x in labels) + r")\s*:", re.IGNORECASE)
        self.cw = cw

    def split(self, line: str) -> list[str]:
        """Pieces of one line: a fused heading split off the front/back, then labels apart."""
        head = self._heading_prefix(line)
        if head is not None:
            rest = line[len(head):].strip()
            if self.cw.heading(head).name == "description":
                return [head, rest] if rest else [head]  # the description is prose: never split
            return [head, *self.split(rest)] if rest else [head]
        cuts = [0]
        for m in self.label_re.finditer(line):
            s = m.start()
            if s == 0:
                continue
            prev, first = line[s - 1], line[s]
            if prev.isspace() or prev in ".,;)" or (first.isupper() and not prev.isupper()):
                cuts.append(s)
        pieces = [line[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(line)], strict=True)]
        out: list[str] = []
        for piece in pieces:
            out.extend(self._heading_suffix(piece))
        return [p for p in out if p]

    def _heading_prefix(self, line: str) -> str | None:
        low = line.lower()
        for h in self.heading_words:
            if low == h.lower():
                return None  # a whole-line heading is no fusion
            if low.startswith(h.lower()) and len(line) > len(h):
                nxt = line[len(h)]
                if nxt.isupper() or nxt == _STAR:
                    return line[: len(h)]
        return None

    def _heading_suffix(self, piece: str) -> list[str]:
        low = piece.lower()
        for h in self.heading_words:
            n = len(h)
            if len(piece) > n and low.endswith(h.lower()):
                prev = piece[-n - 1]
                if prev.islower() or prev.isdigit() or prev in ")":
                    return [piece[:-n].strip(), piece[-n:]]
        return [piece]


def commitment_from_url(url: str | None) -> tuple[str | None, str | None]:
    """(member slug, commitment ID) of a commitment page URL; (None, None) if it is not one."""
    if not url:
        return None, None
    m = _COMMITMENT_URL.search(urlparse(url).path)
    if not m:
        return None, None
    try:
        return check_member_slug(m[1].lower()), normalise_commitment_id(m[2])
    except OGPAnalysisError:
        return None, None



class PageTriples:
    """What a commitment page's text says: triples plus the heading facts around them."""

    def __init__(self) -> None:
        self.triples: list[Triple] = []
        self.title: str | None = None
        self.heading_id: str | None = None
        self.member_name: str | None = None
        self.blocks_seen: set[str] = set()
        self.started = False  # a known heading or label has been seen (banners come before)

    def add(self, section: str, label: str, value: str | None) -> None:
        """Add one (section, label, value) triple."""
        self.triples.append((section, label, value))


def page_to_triples(lines: list[str]) -> PageTriples:
    """Read a commitment page's text lines into label triples (the listing part is left out).

    Args:
        lines: the page's non-blank text lines (see `text.read_page`).
    """
    cw = load_crosswalk()
    out = PageTriples()
    i = _read_top(lines, cw, out)
    if i < len(lines):
        _read_summaries(lines, i, cw, out)
    return out


def _top_pieces(lines: list[str], cw: Crosswalk) -> tuple[list[str], int]:
    """Top-zone pieces (run-together blocks split), and the index where the top zone ends."""
    splitter = _Splitter(cw)
    pieces: list[str] = []
    in_description = False
    for i, line in enumerate(lines):
        h = cw.heading(line)
        if h is not None and h.name in ("status_summary", "listing"):
            return pieces, i
        if in_description:
            pieces.append(line)
            continue
        split = splitter.split(line)
        pieces.extend(split)
        if any((hh := cw.heading(p)) is not None and hh.name == "description" for p in split):
            in_description = True
    return pieces, len(lines)


# Complexity: a state machine over the top zone's lines (section, label, value-on-next-line,
# description); its states are easier to follow in one place than across functions.
def _read_top(lines: list[str], cw: Crosswalk, out: PageTriples) -> int:  # noqa: C901
    pieces, end = _top_pieces(lines, cw)
    section: str | None = None
    areas: list[str] = []
    description: list[str] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        k += 1
        if section == "description":
            description.append(piece)
            continue
        h = cw.heading(piece)
        if h is not None:
            section = h.name if h.name != "top" else section
            if h.name != "top":
                out.blocks_seen.add(h.name)
                out.started = True
            continue
        if out.title is None and (m := TITLE_LINE.match(piece)):
            out.title, out.heading_id = m[1].strip(), m[2].upper()
            prev = pieces[k - 2] if k >= 2 else None
            if (prev and fold(prev) not in _NOT_MEMBER and ":" not in prev and len(prev) <= 60
                    and not is_menu_line(prev)):
                out.member_name = prev
            continue
        label, value = _split_label(piece)
        rule = cw.lookup(section, label, sections=_TOP_LOOKUP) if label is not None else None
        if rule is None and label is None:
            rule = cw.lookup(section, piece, sections=_TOP_LOOKUP)  # a label with no colon
            if rule is not None and rule.target not in ("skip", "policy_areas"):
                label, value = piece, ""
            else:
                rule = None
        if rule is not None and rule.target != "skip":
            out.started = True
            if not value and k < len(pieces) and _is_value_line(pieces[k], cw, section):
                value = pieces[k]  # label and value on separate lines
                k += 1
            out.add(rule.section, label, value)
            continue
        if label is not None and out.started and _looks_like_label(label):
            out.add(section or "unknown", label, value)  # reported as unknown_label by the core
            continue
        if section == "policy_areas" and label is None:
            areas.append(piece)
    if areas:
        out.add("policy_areas", "Policy Areas", ", ".join(areas))
    if description:
        out.add("description", "Description", "\n".join(description))
    return end


def _split_label(piece: str) -> tuple[str | None, str]:
    m = _LABEL_LINE.match(piece)
    if not m:
        return None, piece
    return m[1].strip(), m[2].strip()


def _is_value_line(piece: str, cw: Crosswalk, section: str | None) -> bool:
    """True when a line can be the value of the label above it (not a heading or another label)."""
    if cw.heading(piece) is not None or TITLE_LINE.match(piece):
        return False
    label, _ = _split_label(piece)
    if label is not None and cw.lookup(section, label, sections=_TOP_LOOKUP) is not None:
        return False
    return cw.lookup(section, piece, sections=_TOP_LOOKUP) is None


# Complexity: the status summary's state machine (heading, milestones, per-value rows, the
# carried-forward sentence), one mode per block of the summary.
def _read_summaries(lines: list[str], i: int, cw: Crosswalk, out: PageTriples) -> None:  # noqa: C901
    """Read the IRM status summary (or summaries) from line i, up to the listing."""
    mode: str | None = None
    expect_heading = False
    n = len(lines)
    while i < n:
        line = lines[i]
        i += 1
        h = cw.heading(line)
        if h is not None and h.name == "listing":
            return
        if h is not None and h.name == "status_summary":
            out.blocks_seen.add("status_summary")
            expect_heading, mode = True, None
            continue
        if expect_heading:
            expect_heading = False
            out.add("status_summary", "Heading", line)
            continue
        key = fold(line)
        if key.startswith("did it open government"):
            mode = "diog"
            line = line[len("did it open government"):].lstrip("?: ").strip()
            if not line:
                continue
        if key.startswith("carried forward"):
            rest = line[len("carried forward"):].lstrip("?: ").strip()
            if not rest and i < n:
                rest, i = lines[i], i + 1
            # The sentence that answers; what follows it is the report's commentary.
            out.add("carried_forward", "Carried Forward?", _SENTENCE_END.split(rest, maxsplit=1)[0])
            mode = None
            continue
        if re.match(r"^milestones\s*:?\s*$", key):
            mode = "milestones"
            continue
        if mode == "milestones":
            m = _NUMBERED.match(line)
            if m:
                out.add("milestones", m[1], m[2].strip())
                continue
            mode = None
        label, value = _split_label(line)
        if label is None or not _looks_like_label(label):
            if mode == "diog":
                mode = None  # the paragraph under the per-value rows
            continue
        section = "did_it_open_government" if mode == "diog" else "status_summary"
        rule = cw.lookup(section, label, sections=_SUMMARY_LOOKUP)
        if rule is not None and rule.target == "skip":
            continue
        if rule is None:
            if value:
                out.add(section, label, value)  # reported as unknown_label by the core
            continue
        if not value and rule.target == "assessment" and i < n and _split_label(lines[i])[0] is None \
                and cw.heading(lines[i]) is None:
            value, i = lines[i], i + 1
        out.add(rule.section, label, value)


def parse_commitment(html_or_text: str | bytes | Page, url: str, *, retrieved_at: str | None = None,
                     origin: str = "pages", sha256: str | None = None,
                     raw_path: str | None = None, content_type: str | None = None,
                     build_year: int | None = None) -> Records:
    """Parse a commitment page (either template; HTML or its plain-text rendering).

    Args:
        html_or_text: the page (a listing after it, as in the seed text, is ignored here).
        url: the page's URL; the member and ID are read, in order, from it, from the page's
            `<link rel="canonical">` and `og:url`, from the heading "Title (UK0075)" with the
            member name above it, and from the `<title>` ("... | Commitment from X | ...").
        retrieved_at: when it was fetched (ISO 8601, UTC); None: undated.
        origin: which build input it comes from (`pages`, `bundled`).
        sha256: sha256 of the raw body.
        raw_path: path of the raw file.
        content_type: the HTTP Content-Type it was served with (its charset decodes the bytes).
        build_year: the build's year (years after it + 2 are refused; None: not checked).

    Raises:
        ParseError: not a commitment page (no commitment ID, or no known label), or no member.
    """
    page = (html_or_text if isinstance(html_or_text, Page)
            else read_page(html_or_text, url, content_type=content_type))
    return records_from_page(page_to_triples(page.lines), url, page=page, retrieved_at=retrieved_at,
                             origin=origin, sha256=sha256, raw_path=raw_path,
                             build_year=build_year)


def _same_member(name: str, slug: str) -> bool:
    """A printed member name and a slug name the same member (spelling and punctuation aside)."""
    def fold(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", slugify(text))
    return fold(name) == fold(slug)


def _member_of_page(found: PageTriples, url: str, page: Page | None) -> tuple[str, str | None, str | None,
                                                                                list[str]]:
    """(member slug, ID from a URL, how the member was found, what the page says against it).

    The member is read in the documented order (URL, canonical link / og:url, member line,
    <title>); what the page's own words say against it is listed for a warning.
    """
    member, cid = commitment_from_url(url)
    how = "URL" if member else None
    against: list[str] = []
    for where, link in page_links(page) if page is not None else []:
        m, c = commitment_from_url(link)
        if member is None and m is not None:
            member, how = m, where
        elif m is not None and m != member:
            against.append(f"its {where} names {m!r}")
        cid = cid or c
    title_name = member_name_from_title(page) if page is not None else None
    if member is not None:
        if found.member_name and not _same_member(found.member_name, member):
            against.insert(0, f"its member line above the heading says {found.member_name!r}")
        if title_name and not _same_member(title_name, member):
            against.append(f"its <title> says {title_name!r}")
        if found.member_name and slugify(found.member_name) != member:
            found.member_name = None  # the line above the heading is not this member's name
        if not found.member_name and title_name and slugify(title_name) == member:
            found.member_name = title_name
        return member, cid, how, against
    if found.member_name:
        return slugify(found.member_name), cid, "the member line above the heading", against
    if title_name:
        found.member_name = title_name
        return slugify(title_name), cid, "the page <title>", against
    raise ParseError(f"{url}: no member: no /members/<slug>/ in the URL, the canonical link or "
                     "og:url, no member name above the page heading and none in the <title> "
                     "('... | Commitment from <Member> | ...'); give the page's URL (--url)")


def records_from_page(found: PageTriples, url: str, *, page: Page | None = None, **meta) -> Records:
    """Records of a commitment page already read into triples (see `parse_commitment`)."""
    url_cid = commitment_from_url(url)[1]
    if not found.started or not (url_cid or found.heading_id
                                 or any(commitment_from_url(u)[1] for _, u in
                                        (page_links(page) if page is not None else []))):
        raise ParseError(
            f"{url}: not a commitment page (expected a heading 'Title (UK0075)' or a "
            "/members/<slug>/commitments/<ID>/ URL, and At-a-Glance/IRM Review/Design labels)")
    member, cid, how, against = _member_of_page(found, url, page)
    rec = records_from_label_values(
        found.triples, url=url, commitment_id=cid or found.heading_id, member=member,
        title=found.title, member_name=found.member_name, blocks_seen=found.blocks_seen, **meta,
    )
    if page is not None:
        add_page_notes(rec, page, cid or found.heading_id)
    if against:
        # One member rule (as a release row's): the page's own words against its URL are named.
        rec.quality("member_disagreement", f"the {how} {url} makes the page member {member!r}, "
                    f"but {' and '.join(against)}: filed under {member!r}; check the URL given "
                    "(--url)", commitment_id=cid or found.heading_id, table_name="commitments",
                    field="member", value_printed=member)
    if cid and found.heading_id and cid != found.heading_id:
        rec.quality("disagreement", f"URL names {cid} but the page heading names "
                    f"{found.heading_id} ({url}); the URL's ID is used", commitment_id=cid,
                    table_name="commitments", field="commitment_id", value_printed=found.heading_id)
    return rec
