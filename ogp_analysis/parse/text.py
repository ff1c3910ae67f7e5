"""A page (HTML or its plain-text rendering) reduced to the text lines the label parsers read.

Parsing is by label text, never by CSS class (the site's classes are unknown): HTML is rendered
to lines the way a browser's text view would (a line break around every block element, `<br>`
a break, list items of an `<ol>` numbered), so the same label-based core reads HTML and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:div|p|li|ul|ol|h[1-6]|span|a)[\s>]",
                         re.IGNORECASE)
_NEXT_TEXT = {"next", "›", "»", "next ›", "next »", "next page", "next >", ">"}


@dataclass
class Page:
    """A page as lines of text, plus the parsed HTML tree when there is one."""

    lines: list[str]
    tree: object | None = None  # lxml root element for HTML input

    @property
    def is_html(self) -> bool:
        return self.tree is not None


def looks_like_html(text: str) -> bool:
    """True when the document is HTML rather than a plain-text rendering."""
    return bool(_HTML_SNIFF.search(text[:4000]))


def clean_line(text: str) -> str:
    """Whitespace (including no-break and zero-width spaces) folded to single spaces, stripped."""
    return _WS.sub(" ", text).strip()


def text_to_lines(text: str) -> list[str]:
    """The non-blank lines of a plain-text rendering, whitespace-folded."""
    return [c for c in (clean_line(line) for line in text.splitlines()) if c]


def _render(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None:  # comment or processing instruction: only its tail is page text
        if el.tail:
            out.append(el.tail)
        return
    tag = tag.lower()
    if tag in _HIDDEN or el.get("hidden") is not None:
        if el.tail:
            out.append(el.tail)
        return
    block = tag in _BLOCK
    if block:
        out.append("\n")
    if tag == "br":
        out.append("\n")
    if el.text:
        out.append(el.text)
    if tag == "ol":
        # A browser numbers <ol> items; the plain-text renderings (the seed) carry those numbers,
        # so the HTML gets them too and one reader serves both.
        try:
            number = int(el.get("start", "1"))
        except ValueError:
            number = 1
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() == "li":
                out.append(f"\n{number}. ")
                number += 1
            _render(child, out)
    else:
        for child in el:
            _render(child, out)
    if block:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def html_to_page(html: str | bytes, url: str = "") -> Page:
    """Parse HTML and render it to text lines.

    Raises:
        ParseError: the document cannot be parsed as HTML.
    """
    try:
        if isinstance(html, str):
            # lxml refuses str input that carries an XML encoding declaration.
            html = html.encode("utf-8")
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"{url or 'page'}: not readable as HTML ({exc})") from exc
    body = root.find("body")
    out: list[str] = []
    _render(body if body is not None else root, out)
    lines = [c for c in (clean_line(line) for line in "".join(out).split("\n")) if c]
    return Page(lines, root)


def read_page(document: str | bytes, url: str = "") -> Page:
    """A page from HTML or plain text (sniffed)."""
    if isinstance(document, bytes):
        if looks_like_html(document[:4000].decode("utf-8", "replace")):
            return html_to_page(document, url)
        document = document.decode("utf-8", "replace")
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
