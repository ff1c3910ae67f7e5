"""A page (HTML or its plain-text rendering) reduced to the text lines the label parsers read.

Parsing is by label text, never by CSS class (the site's classes are unknown): HTML is rendered
to lines the way a browser's text view would (a line break around every block element, `<br>`
a break, list items of an `<ol>` numbered), so the same label-based core reads HTML and text.

Bytes are decoded the way a browser does (WHATWG "encoding sniffing", simplified): a byte order
mark, then the charset of the HTTP `Content-Type` (from the capture's sidecar), then a
`<meta charset>` / `<meta http-equiv="Content-Type">` in the first bytes, then UTF-8; a body
that is not valid UTF-8 falls back to windows-1252 (what browsers assume) and says so. Every
such decision that may lose text (the fallback, U+FFFD in the result, NUL bytes, libxml2
giving up part of the tree) is a `PageNote` the parsers turn into a `data_quality` row.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ogp_analysis.errors import ParseError

# Elements after which a browser starts a new line.
_BLOCK = frozenset("""
address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table
tbody td tfoot th thead tr ul option label legend button
""".split())
# Elements whose text a reader never sees.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "select"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
                   "source", "track", "wbr"})
_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:div|p|li|ul|ol|h[1-6]|span|a)[\s>]",
                         re.IGNORECASE)
_NEXT_TEXT = {"next", "›", "»", "next ›", "next »", "next page", "next >", ">"}


# Byte order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# How far into the body a browser looks for a <meta> charset (the spec says 1024 bytes; pages
# with long <head> scripts put it later, so a little more is read).
_META_SCAN = 4096
# Browsers treat these labels as windows-1252 (WHATWG Encoding Standard).
_AS_1252 = {"iso-8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso8859-1",
            "cp819", "ibm819", "windows-1252", "cp1252"}
# libxml2 messages that mean part of the document was not read.
_LOST_CONTENT = ("excessive depth", "huge input", "memory error", "char 0x0", "premature end")


@dataclass(frozen=True)
class PageNote:
    """Something about reading a page that a `data_quality` row should say."""

    problem: str  # decoded_with_fallback | replacement_character | nul_bytes | truncated_page
    detail: str
    severity: str = "warning"


@dataclass
class Page:
    """A page as lines of text, plus the parsed HTML tree when there is one."""

    lines: list[str]
    tree: object | None = None  # lxml root element for HTML input
    encoding: str | None = None  # how the bytes were decoded (None: given as text)
    notes: list[PageNote] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        """True when the page was HTML (it has a tree)."""
        return self.tree is not None


def add_page_notes(rec, page: Page, commitment_id: str | None = None) -> None:
    """Turn a page's reading notes into `data_quality` rows of its Records."""
    for note in page.notes:
        rec.quality(note.problem, f"{note.detail} ({rec.source.get('source_url')})",
                    severity=note.severity, commitment_id=commitment_id)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header value, or None."""
    m = _CHARSET_PARAM.search(content_type or "")
    return m[1] if m else None


def _codec(label: str | None) -> str | None:
    """Python's codec for an encoding label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return name


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str, list[PageNote]]:
    """Decode a page's bytes as a browser would.

    Args:
        body: the page as served.
        content_type: the HTTP Content-Type header the page was served with (from the sidecar).

    Returns:
        (text, how it was decoded, notes on anything that may have lost text).
    """
    notes: list[PageNote] = []
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text, how = body[len(bom):].decode(codec, "replace"), f"{codec} (byte order mark)"
            break
    else:
        declared = [(charset_of(content_type), "HTTP Content-Type")]
        m = _META_CHARSET.search(body[:_META_SCAN])
        declared.append((m[1].decode("ascii", "replace") if m else None, "<meta> charset"))
        for label, where in declared:
            codec = _codec(label)
            if label and codec is None:
                notes.append(PageNote("unknown_charset", f"{where} declares charset {label!r}, "
                                      "which no codec knows; ignored"))
            if codec is None:
                continue
            if where == "<meta> charset" and codec.startswith(("utf-16", "utf-32")):
                # A <meta> that could be read as ASCII cannot be true: browsers use UTF-8.
                codec = "utf-8"
            text, how = body.decode(codec, "replace"), f"{codec} ({where} {label!r})"
            break
        else:
            try:
                text, how = body.decode("utf-8"), "utf-8 (no charset declared)"
            except UnicodeDecodeError as exc:
                text, how = body.decode("cp1252", "replace"), "windows-1252 (fallback)"
                notes.append(PageNote(
                    "decoded_with_fallback", f"no charset declared and not valid UTF-8 "
                    f"({exc.reason} at byte {exc.start}); decoded as windows-1252, as a browser "
                    "would: check accented names"))
    bad = text.count("\ufffd")
    if bad:
        notes.append(PageNote("replacement_character", f"{bad} character(s) could not be decoded "
                              f"as {how} and read as U+FFFD: names there are damaged"))
    return text, how, notes


def looks_like_html(text: str) -> bool:
    """True when the document is HTML rather than a plain-text rendering."""
    return bool(_HTML_SNIFF.search(text[:4000]))


def clean_line(text: str) -> str:
    """Whitespace (including no-break and zero-width spaces) folded to single spaces, stripped."""
    return _WS.sub(" ", text).strip()


def text_to_lines(text: str) -> list[str]:
    """The non-blank lines of a plain-text rendering, whitespace-folded."""
    return [c for c in (clean_line(line) for line in text.splitlines()) if c]


def _ol_start(el) -> int:
    try:
        return int(el.get("start", "1"))
    except ValueError:
        return 1


def _render(root, out: list[str]) -> None:
    """Append the text a browser shows for `root` to `out` (iterative: pages nest deeply)."""
    stack: list = [root]
    while stack:
        el = stack.pop()
        if isinstance(el, str):
            out.append(el)
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        # A comment or processing instruction, or an element a reader never sees: only its
        # tail is page text.
        if tag is None or tag in _HIDDEN or el.get("hidden") is not None:
            if el.tail:
                out.append(el.tail)
            continue
        block = tag in _BLOCK
        if block or tag == "br":
            out.append("\n")
        if el.text:
            out.append(el.text)
        todo: list = []
        # A browser numbers <ol> items; the plain-text renderings (the seed) carry those
        # numbers, so the HTML gets them too and one reader serves both.
        number = _ol_start(el) if tag == "ol" else None
        for child in el:
            if number is not None and isinstance(child.tag, str) and child.tag.lower() == "li":
                todo.append(f"\n{number}. ")
                number += 1
            todo.append(child)
        if block:
            todo.append("\n")
        if el.tail:
            todo.append(el.tail)
        stack.extend(reversed(todo))


class _Tokens(HTMLParser):
    """The same rendering from a tokenizer with no depth limit (pages libxml2 cannot nest)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0
        self.ol: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN or any(k == "hidden" for k, _ in attrs):
            self.hidden += tag not in _VOID
            return
        if self.hidden:
            return
        if tag in _BLOCK or tag == "br":
            self.out.append("\n")
        if tag == "ol":
            self.ol.append(_ol_start(dict(attrs)))
        elif tag == "li" and self.ol:
            self.out.append(f"{self.ol[-1]}. ")
            self.ol[-1] += 1

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag == "ol" and self.ol:
            self.ol.pop()
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)


def _lines(text: str) -> list[str]:
    return [c for c in (clean_line(line) for line in text.split("\n")) if c]


def html_to_page(html: str | bytes, url: str = "", *, content_type: str | None = None) -> Page:
    """Parse HTML and render it to text lines.

    Args:
        html: the page, as text or as served (bytes are decoded by `decode_body`).
        url: the page's URL (for messages).
        content_type: the HTTP Content-Type it was served with.

    Raises:
        ParseError: the document cannot be parsed as HTML.
    """
    if isinstance(html, bytes):
        html, how, notes = decode_body(html, content_type)
    else:
        how, notes = None, []
    if "\x00" in html:
        # libxml2 stops reading at a NUL byte; a browser shows the rest of the page.
        notes.append(PageNote("nul_bytes", f"{html.count(chr(0))} NUL byte(s) in the page, "
                              "removed so the rest of the page is read", severity="info"))
        html = html.replace("\x00", "")
    # huge_tree lifts libxml2's depth and size limits (a page nesting >256/10,000 tags would
    # otherwise lose everything below); recover keeps what can be read of broken markup.
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, recover=True)
    try:
        # One path for every page: decoded text re-encoded as UTF-8 (lxml refuses str input
        # that carries an XML encoding declaration).
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"{url or 'page'}: not readable as HTML ({exc})") from exc
    lost = [e.message.strip() for e in parser.error_log
            if any(k in e.message.lower() for k in _LOST_CONTENT)]
    if lost and "depth" in lost[0].lower():
        # libxml2 drops everything below its depth limit (2048 even with huge_tree): the
        # tokenizer has none, so the text is read from it; the tree keeps the <head> links.
        tokens = _Tokens()
        tokens.feed(html)
        tokens.close()
        notes.append(PageNote("deep_nesting", f"the page nests tags deeper than the HTML "
                              f"parser reads ({lost[0]}); its text was read by a tokenizer "
                              "instead, nothing dropped", severity="info"))
        return Page(_lines("".join(tokens.out)), root, how, notes)
    if lost:
        notes.append(PageNote("truncated_page", f"the HTML parser may have lost part of the page: "
                              f"{lost[0]}"))
    body = root.find("body")
    out: list[str] = []
    _render(body if body is not None else root, out)
    return Page(_lines("".join(out)), root, how, notes)


def read_page(document: str | bytes, url: str = "", *, content_type: str | None = None) -> Page:
    """A page from HTML or plain text (sniffed), bytes decoded as a browser would.

    Args:
        document: the page's HTML or its plain-text rendering.
        url: the page's URL (for messages).
        content_type: the HTTP Content-Type header it was served with (sidecar), if known.
    """
    if isinstance(document, bytes):
        text, how, notes = decode_body(document, content_type)
        if looks_like_html(text):
            page = html_to_page(text, url)
            page.encoding, page.notes = how, notes + page.notes
            return page
        return Page(text_to_lines(text), None, how, notes)
    if looks_like_html(document):
        return html_to_page(document, url)
    return Page(text_to_lines(document))


def find_next_url(page: Page, url: str) -> str | None:
    """The absolute URL of the listing's next page (`rel="next"` or a 'Next'/'›'/'»' anchor)."""
    if page.tree is None:
        return None
    for el in page.tree.iter("a", "link"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith("javascript:"):
            continue
        rel = (el.get("rel") or "").lower().split()
        text = clean_line(el.text_content()).lower() if el.tag == "a" else ""
        label = clean_line(el.get("aria-label") or "").lower()
        if "next" in rel or text in _NEXT_TEXT or label in {"next", "next page"}:
            return urljoin(url, href)
    return None
