"""HTML for the reports: tables (Jinja2 templates, autoescaped) that fit A4, text, charts with alternative text."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from urllib.parse import urlparse

import numpy as np
import pandas as pd


@cache
def _environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("ogp_analysis", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    """Render one of the package's Jinja2 templates (autoescape on: data never becomes markup)."""
    return _environment().get_template(template).render(**context)

class RichHTML:
    """An HTML fragment Jupyter displays as HTML (and nbconvert carries into the PDF)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


_FILE_KINDS = {"csv": "data file", "xlsx": "spreadsheet", "xls": "spreadsheet", "pdf": "PDF document",
               "json": "data file"}


def _cell(value, link: bool) -> dict:
    """A cell as template data: its text and, for a URL column, the link (host › last part).

    A list in a URL column is one link each (`links`), never one link over them all: each item
    a URL (labelled host › last part) or a (reader label, URL) pair.
    """
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return {"text": "–"}
    if isinstance(value, (list, tuple)):
        if link:
            items = list(dict.fromkeys(tuple(v) if isinstance(v, (list, tuple)) else str(v)
                                       for v in value))
            links = [{"text": v[0], "href": v[1]} if isinstance(v, tuple) else _cell(v, True)
                     for v in items]
            return {"text": "", "links": links} if links else {"text": "–"}
        value = ", ".join(map(str, value))
    text = str(value)
    if link and text.startswith(("http://", "https://")):
        parsed = urlparse(text)
        host = parsed.netloc.removeprefix("www.")
        tail = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if "." in tail and tail.rsplit(".", 1)[1].lower() in _FILE_KINDS:
            tail = _FILE_KINDS[tail.rsplit(".", 1)[1].lower()]  # a file's name means nothing to a reader
        if len(tail) > 28:
            tail = tail[:27] + "…"
        return {"text": f"{host} › {tail}" if tail else host, "href": text}
    return {"text": text}


# Column widths, in characters of the table font: an A4 text width holds about 98 at 8 pt. Each column
# first gets its longest word (header or value, capped), so short values such as IDs and scale
# labels stay whole; what is left goes to the columns with longer text, in proportion.
_LINE_CHARS = 98
_CELL_PADDING_CHARS = 1.5
_LONGEST_WORD_CAP = 18
_TEXT_CAP = 60
_LINK_CHARS = 16
_BOLD = 1.2  # bold DejaVu Sans against the regular face, with room for its capitals


def _column_class(col: pd.Series, is_link: bool) -> str:
    """The CSS class of a column: num (right-aligned), link, or none."""
    if is_link:
        return "link"
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return "num"
    return ""


def header_chars(name: str) -> float:
    """Width of a header's longest word in body characters (headers are bold: wider)."""
    return _BOLD * max((len(w) for w in str(name).replace("_", " ").split()), default=1)


_SHORT_WORD = 7  # IDs (UK0075), years and scale labels up to this length never break


def _short_words(col: pd.Series) -> float:
    """The longest value word of a column when every word is short (an ID, a year), else 0."""
    longest = max((len(w) for v in col.dropna().tolist() for w in str(v).split()), default=0)
    # Digits and capitals are wider than the average character the widths are counted in.
    return 1.15 * longest if longest <= _SHORT_WORD else 0.0


def _column_needs(name: str, col: pd.Series, is_link: bool) -> tuple[float, float]:
    """(minimum, wanted) width of a column in characters.

    Plain Python over the column's values: a report's tables have a few hundred rows, where
    pandas' string methods cost more per call than the rows they read.
    """
    header = header_chars(name)
    values = col.dropna().tolist()
    if is_link:
        # The link text's host is one long word ("opengovpartnership.org"): room for it whole.
        items = [u for v in values for u in (v if isinstance(v, list) else [v])]
        hosts = [len(str(u[0])) if isinstance(u, tuple) else len(urlparse(str(u)).netloc.removeprefix("www."))
                 for u in items]
        longest = float(min(max(hosts), _LONGEST_WORD_CAP + 6)) if hosts else 8.0
        return float(max(header, longest)), float(max(header, longest, _LINK_CHARS))
    text = [", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v) for v in values]
    if not text:
        return float(header), float(header)
    longest_word = max(max((len(w) for w in t.split()), default=0) for t in text)
    minimum = float(max(header, _short_words(col), min(longest_word, _LONGEST_WORD_CAP), 2))
    wanted = max(minimum, min(float(np.quantile([len(t) for t in text], 0.9)), _TEXT_CAP))
    return minimum, wanted


def _widths(df: pd.DataFrame, links: set) -> list[float]:
    """Column widths in % of the table: each column's longest word first, the rest by content."""
    needs = [_column_needs(c, df[c], c in links) for c in df.columns]
    budget = max(_LINE_CHARS - _CELL_PADDING_CHARS * len(needs), 1.0)
    mins = [m for m, _ in needs]
    extra = [w - m for m, w in needs]
    spare = budget - sum(mins)
    if spare <= 0:
        # Too narrow for every column's longest word: headers keep their longest word whole
        # (a header never breaks mid-word); the values' long words share what is left.
        hard = [max(header_chars(c), _short_words(df[c])) for c in df.columns]
        soft = [max(m - h, 0.0) for m, h in zip(mins, hard, strict=True)]
        left = max(budget - sum(hard), 0.0)
        widths = [h + s * min(1.0, left / sum(soft)) if sum(soft) else h
                  for h, s in zip(hard, soft, strict=True)]
    elif sum(extra) == 0:
        widths = mins
    else:
        widths = [m + e * min(1.0, spare / sum(extra)) for m, e in zip(mins, extra, strict=True)]
    # Each cell's padding is part of its column: added after sharing out the text width.
    widths = [w + _CELL_PADDING_CHARS for w in widths]
    total = sum(widths) or 1.0
    return [100 * w / total for w in widths]


def html_table(frame: pd.DataFrame, *, caption: str | None = None, links: Iterable[str] = (),
               max_rows: int | None = None, index: bool = False) -> RichHTML:
    """A compact, escaped HTML table that wraps to the page width.

    The table has a fixed layout with column widths in proportion to their content, so it can
    never be wider than the page; long words break inside their cell.

    Args:
        frame: the rows to show.
        caption: a title above the table.
        links: columns holding URLs, shown as short links (host/…/last part).
        max_rows: show at most this many rows, saying how many were left out.
        index: also show the frame's index as the first column.

    A note the frame carries in `frame.attrs["note"]` (what a table leaves out) is shown under it.
    """
    df = frame.reset_index() if index else frame
    links = set(links)
    shown = df if max_rows is None else df.head(max_rows)
    classes = {c: _column_class(df[c], c in links) for c in df.columns}
    # Column names are shown with spaces for underscores, so headers wrap between words.
    headers = [{"text": str(c).replace("_", " "), "css": classes[c]} for c in df.columns]
    rows = [[{**_cell(value, col in links), "css": classes[col]}
             for col, value in zip(df.columns, rec, strict=True)]
            for rec in shown.itertuples(index=False, name=None)]
    more = len(df) - max_rows if max_rows is not None and len(df) > max_rows else 0
    html = render("table.html.j2", caption=caption, widths=_widths(df, links), headers=headers,
                  rows=rows, more=more)
    note = frame.attrs.get("note")
    return RichHTML(html + str(html_text(note, css_class="note")) if note else html)


def chart(figure, alt: str):
    """Show a matplotlib figure as a PNG with alternative text, and close it.

    Args:
        figure: a matplotlib Figure (e.g. from `ogp_analysis.plots`).
        alt: what the chart shows, for readers who cannot see it (kept in the PDF).
    """
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    figure.savefig(buf, format="png")
    if getattr(figure.canvas, "manager", None) is not None:
        # A pyplot figure (the package's charts are not: pyplot costs ~0.3 s to import):
        # closed, else the inline backend shows it a second time.
        import matplotlib.pyplot as plt

        plt.close(figure)
    return Image(data=buf.getvalue(), format="png", metadata={"alt": alt})


def table_or_note(frame: pd.DataFrame, note: str, **kwargs) -> RichHTML:
    """`html_table(frame, **kwargs)`, or the note when the frame has no rows.

    Args:
        frame: the rows to show.
        note: what to say instead of an empty table (e.g. why there is nothing).
        **kwargs: passed to `html_table`.
    """
    if frame.empty:
        return html_text(note, css_class="note")
    return html_table(frame, **kwargs)


def html_text(text: str, tag: str = "p", css_class: str | None = None) -> RichHTML:
    """An escaped paragraph (or heading, with `tag`) built from data, e.g. a plan's name."""
    return RichHTML(render("text.html.j2", text=text, tag=tag, css_class=css_class).strip())
