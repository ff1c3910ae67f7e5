"""Helpers the report notebooks call: compact HTML tables, figure CSVs, parameters, data sources, method notes."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ogp_analysis.storage import atomic_write_text

_FIGURE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Tables that cite a source per row and carry the commitment they are about.
_CITING_TABLES = ("commitments", "assessments", "commitment_policy_areas",
                  "commitment_ogp_values", "commitment_institutions", "commitment_milestones")


class RichHTML:
    """An HTML fragment Jupyter displays as HTML (and nbconvert carries into the PDF)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def setup_notebook(dpi: int = 150) -> None:
    """Figure and table settings shared by every report notebook.

    Args:
        dpi: resolution of the PNG charts (the PDF scales them to the page width).
    """
    import matplotlib as mpl

    mpl.rcParams.update({
        "figure.dpi": dpi,
        "figure.figsize": (7.0, 3.2),
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.titlesize": 9,
        "savefig.bbox": "tight",
    })
    pd.set_option("display.max_colwidth", 80)


def _cell(value, link: bool) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "–"
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    text = str(value)
    if link and text.startswith(("http://", "https://")):
        parsed = urlparse(text)
        host = parsed.netloc.removeprefix("www.")
        tail = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if len(tail) > 28:
            tail = tail[:27] + "…"
        label = f"{host} › {tail}" if tail else host
        return f'<a href="{html.escape(text, quote=True)}">{html.escape(label)}</a>'
    return html.escape(text)


# Column widths, in characters of the table font: an A4 text width holds about 105. Each column
# first gets its longest word (header or value, capped), so short values such as IDs and scale
# labels stay whole; what is left goes to the columns with longer text, in proportion.
_LINE_CHARS = 105
_CELL_PADDING_CHARS = 1.5
_LONGEST_WORD_CAP = 18
_TEXT_CAP = 60
_LINK_CHARS = 16


def _column_class(col: pd.Series, is_link: bool) -> str:
    """The CSS class of a column: num (right-aligned), link, or none."""
    if is_link:
        return "link"
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return "num"
    return ""


def _column_needs(name: str, col: pd.Series, is_link: bool) -> tuple[float, float]:
    """(minimum, wanted) width of a column in characters."""
    header = max((len(w) for w in str(name).replace("_", " ").split()), default=1)
    if is_link:
        return float(max(header, 8)), float(max(header, _LINK_CHARS))
    text = col.dropna().map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))
    if text.empty:
        return float(header), float(header)
    longest_word = text.str.split().map(lambda ws: max((len(w) for w in ws), default=0)).max()
    minimum = float(max(header, min(longest_word, _LONGEST_WORD_CAP), 2))
    wanted = max(minimum, min(float(text.str.len().quantile(0.9)), _TEXT_CAP))
    return minimum, wanted


def _colgroup(df: pd.DataFrame, links: set) -> str:
    needs = [_column_needs(c, df[c], c in links) for c in df.columns]
    budget = max(_LINE_CHARS - _CELL_PADDING_CHARS * len(needs), 1.0)
    mins = [m for m, _ in needs]
    extra = [w - m for m, w in needs]
    spare = budget - sum(mins)
    if spare <= 0 or sum(extra) == 0:
        widths = mins  # scaled to 100 % below: everything shrinks alike
    else:
        widths = [m + e * min(1.0, spare / sum(extra)) for m, e in zip(mins, extra, strict=True)]
    total = sum(widths) or 1.0
    cols = "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup>"


def _class_attr(name: str) -> str:
    return f' class="{name}"' if name else ""


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
    """
    df = frame.reset_index() if index else frame
    links = set(links)
    shown = df if max_rows is None else df.head(max_rows)
    classes = {c: _column_class(df[c], c in links) for c in df.columns}
    # Column names are shown with spaces for underscores, so headers wrap between words.
    head = "".join(
        f'<th{_class_attr(classes[c])}>{html.escape(str(c).replace("_", " "))}</th>' for c in df.columns
    )
    rows = []
    for rec in shown.itertuples(index=False, name=None):
        cells = [f"<td{_class_attr(classes[col])}>{_cell(value, col in links)}</td>"
                 for col, value in zip(df.columns, rec, strict=True)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    more = ""
    if max_rows is not None and len(df) > max_rows:
        more = f'<p class="note">{len(df) - max_rows} more rows are in the figure data (CSV).</p>'
    if not rows:
        rows = [f'<tr><td colspan="{max(len(df.columns), 1)}">(no rows)</td></tr>']
    return RichHTML(
        f'<table class="report-table">{cap}{_colgroup(df, links)}<thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>{more}'
    )


def chart(figure, alt: str):
    """Show a matplotlib figure as a PNG with alternative text, and close it.

    Args:
        figure: a matplotlib Figure (e.g. from `ogp_analysis.plots`).
        alt: what the chart shows, for readers who cannot see it (kept in the PDF).
    """
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image

    buf = io.BytesIO()
    figure.savefig(buf, format="png")
    plt.close(figure)  # else the inline backend shows it a second time
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
    cls = f' class="{css_class}"' if css_class else ""
    return RichHTML(f"<{tag}{cls}>{html.escape(text)}</{tag}>")


class FigureRecorder:
    """Writes each figure's data to `<figures_dir>/<name>.csv` (atomically) and keeps an index.

    With an empty `figures_dir` (a notebook opened by hand) nothing is written.
    """

    def __init__(self, figures_dir: str | Path | None):
        self.folder = Path(figures_dir) if figures_dir else None
        self.recorded: dict[str, int] = {}

    def record(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Record one figure's data and return it unchanged.

        Args:
            name: the figure's file name, lower-case words joined by '-' (`at-a-glance`).
            frame: the figure's data.
        """
        if not _FIGURE_NAME.match(name):
            raise ValueError(f"figure name {name!r}: use lower-case words joined by '-'")
        if name in self.recorded:
            raise ValueError(f"figure {name!r} recorded twice")
        self.recorded[name] = len(frame)
        if self.folder is not None:
            atomic_write_text(self.folder / f"{name}.csv", frame.to_csv(index=False))
        return frame

    def index(self) -> pd.DataFrame:
        """One row per recorded figure: its name, rows and CSV file name."""
        return pd.DataFrame(
            {"figure": list(self.recorded), "rows": list(self.recorded.values()),
             "file": [f"{n}.csv" for n in self.recorded]}
        )


def parameters_frame(**parameters) -> pd.DataFrame:
    """The report's parameters as a two-column frame (what this copy was run with)."""
    return pd.DataFrame({"parameter": list(parameters),
                         "value": ["(default)" if v in (None, "") else str(v) for v in parameters.values()]})


def _member_urls(tables: dict[str, pd.DataFrame], member: str, cycle: int | None) -> pd.DataFrame:
    """Every (table, source_url, commitment_id) the member's (or plan's) rows cite."""
    com = tables["commitments"]
    com = com[com["member"] == member]
    if cycle is not None:
        com = com[com["cycle"] == cycle]
    ids = set(com["commitment_id"])
    parts = []
    for name in _CITING_TABLES:
        t = tables[name]
        rows = t[t["commitment_id"].isin(ids)]
        parts.append(pd.DataFrame({"table": name, "source_url": rows["source_url"].astype(str),
                                   "commitment_id": rows["commitment_id"].astype(str)}))
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def data_sources(tables: dict[str, pd.DataFrame], member: str, cycle: int | None = None) -> pd.DataFrame:
    """The sources behind a member's (or one plan's) rows, by kind of source.

    Capture dates come from the `sources` table; a source with no capture date is said
    "undated" (the bundled facts carry none), never left blank.

    Args:
        tables: the processed tables.
        member: member slug.
        cycle: one plan's start year (None: every plan of the member).

    Returns:
        One row per (source_type, origin): documents, commitments they cover, rows citing
        them, the earliest and latest capture, and how many are undated.
    """
    cited = _member_urls(tables, member, cycle)
    src = tables["sources"][["source_url", "source_type", "origin", "retrieved_at"]]
    merged = cited.merge(src, on="source_url", how="left")
    # A URL cited by a row but absent from `sources` is a gap in the build: show it as such.
    merged["source_type"] = merged["source_type"].astype(object).fillna("(not in sources table)")
    merged["origin"] = merged["origin"].astype(object).fillna("–")
    out = []
    for (stype, origin), g in merged.groupby(["source_type", "origin"], sort=True):
        docs = g.drop_duplicates("source_url")
        dated = docs["retrieved_at"].dropna()
        undated = int(docs["retrieved_at"].isna().sum())
        if len(dated):
            first, last = dated.min().date().isoformat(), dated.max().date().isoformat()
            span = first if first == last else f"{first} to {last}"
        else:
            span = "undated"
        out.append({
            "source type": stype,
            "origin": origin,
            "documents": int(docs["source_url"].nunique()),
            "commitments": int(g["commitment_id"].nunique()),
            "snapshot dates": span,
            "undated documents": undated,
        })
    return pd.DataFrame(out, columns=["source type", "origin", "documents", "commitments",
                                      "snapshot dates", "undated documents"])


def method_notes(*frames: pd.DataFrame) -> pd.DataFrame:
    """How each figure was computed: the distinct (figure, basis) pairs of analysis frames.

    The per-indicator coverage rows (`coverage:<indicator>`) all share one rule and are left
    out; the coverage section states it once.

    Args:
        frames: frames returned by `ogp_analysis.analysis` (columns `figure` and `basis`).
    """
    parts = [f.loc[~f["field"].astype(str).str.startswith("coverage:"), ["figure", "basis"]]
             for f in frames if len(f) and {"figure", "basis", "field"} <= set(f.columns)]
    if not parts:
        return pd.DataFrame(columns=["figure", "basis"])
    notes = pd.concat(parts, ignore_index=True).astype(str).drop_duplicates()
    return notes.sort_values(["figure", "basis"]).reset_index(drop=True)


# --- presenting analysis frames -----------------------------------------------------------------

# Readable names of the analysis layer's field prefixes (the part before ':').
FIELD_NAMES = {
    "commitments": "Commitments in the plan",
    "completion_midterm": "Completion at mid-term",
    "completion_end_of_term": "Completion at end of term",
    "completion_latest": "Completion, latest stage assessed",
    "completion": "Completion",
    "high_completion": "High completion (Substantial or Complete)",
    "relevant": "Relevant to an OGP value",
    "transformative": "Transformative potential impact",
    "all_three": "Relevant + transformative + substantial/complete",
    "starred": "Starred (published)",
    "diog": "Did it open government (overall)",
    "diog_strong": "Strong results (Major or Outstanding)",
    "carried_forward": "Carried forward to the next plan",
    "coverage": "Commitments with a value for",
    "not_assessed": "Not assessed",
}


def assessors_for(assessor: str) -> list[str]:
    """The assessors a report shows: `both` -> ["irm", "government"]."""
    return ["irm", "government"] if assessor == "both" else [assessor]


def field_name(field: str) -> str:
    """A readable name for an analysis `field` (`completion_latest:Complete` -> 'Completion, latest
    stage assessed: Complete')."""
    head, _, rest = str(field).partition(":")
    name = FIELD_NAMES.get(head, head.replace("_", " ").capitalize())
    return f"{name}: {rest.replace('_', ' ')}" if rest else name


def side_by_side(frame: pd.DataFrame, columns: str = "assessor", rows: str = "field",
                 keep_empty: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Pivot an analysis frame's `value` into one column per assessor (or cycle, ...).

    Rows keep the analysis layer's order. A row with no value in any column (not assessed in
    the data) is dropped from the table and returned by name, so the report can say so.

    Args:
        frame: an analysis frame (columns `field`, `value` and `columns`).
        columns: the column whose values become table columns (`assessor`, `cycle`).
        rows: the column whose values become table rows.
        keep_empty: keep all-empty rows in the table instead.

    Returns:
        (table, names of the dropped all-empty rows).
    """
    if frame.empty:
        return pd.DataFrame(columns=[rows]), []
    order = list(dict.fromkeys(frame[rows]))
    wide = frame.pivot_table(index=rows, columns=columns, values="value", aggfunc="first",
                             dropna=False, observed=True, sort=False)
    wide = wide.reindex(order)
    wide.columns = [str(c) for c in wide.columns]
    empty_rows = wide.index[wide.isna().all(axis=1)].tolist()
    if not keep_empty:
        wide = wide.drop(index=empty_rows)
    wide = wide.astype("Int64") if all(pd.api.types.is_numeric_dtype(wide[c]) for c in wide) else wide
    table = wide.reset_index()
    table[rows] = table[rows].map(field_name) if rows == "field" else table[rows]
    return table.rename(columns={rows: "figure"}), [field_name(f) for f in empty_rows]


def not_assessed_note(names: list[str]) -> RichHTML:
    """A note naming the rows left out because the data holds no value for them."""
    if not names:
        return RichHTML("")
    groups = list(dict.fromkeys(n.split(":")[0] for n in names))
    return html_text("Not in the data (no value for any commitment), so not shown: "
                     + "; ".join(groups) + ".", css_class="note")


def _split_empty_indicators(wide: pd.DataFrame, value_columns: list[str]) -> tuple[pd.DataFrame, dict]:
    """Drop (assessor, indicator) rows with no value in any column; return them by assessor."""
    empty = (wide[value_columns] == 0).all(axis=1)
    dropped: dict[str, list[str]] = {}
    for assessor, indicator in wide.loc[empty, ["assessor", "indicator"]].itertuples(index=False):
        dropped.setdefault(str(assessor), []).append(str(indicator))
    return wide[~empty].reset_index(drop=True), dropped


def coverage_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The analysis coverage frame as one row per (assessor, indicator) and one column per reason.

    Indicators no commitment has a value for (read or unreadable) are left out of the table
    and returned by assessor, for `coverage_note`.

    Args:
        frame: `ogp_analysis.analysis.coverage(...)` output (columns assessor, indicator,
            reason, value); several cycles are summed per indicator.

    Returns:
        (table, {assessor: [indicators without any value]}).
    """
    if frame.empty:
        return pd.DataFrame(columns=["assessor", "indicator"]), {}
    wide = frame.pivot_table(index=["assessor", "indicator"], columns="reason", values="value",
                             aggfunc="sum", fill_value=0, observed=True, sort=False)
    first = [c for c in ("with_value", "unknown", "no_row") if c in wide.columns]
    wide = wide[first + [c for c in wide.columns if c not in first]].astype(int).reset_index()
    table, dropped = _split_empty_indicators(wide, [c for c in ("with_value", "unknown") if c in wide])
    table.columns = [str(c).replace("_", " ") for c in table.columns]
    return table, dropped


def coverage_note(dropped: dict) -> RichHTML:
    """A note naming, per assessor, the indicators no commitment has a value for."""
    if not dropped:
        return RichHTML("")
    parts = [f"{who}: {', '.join(names)}" for who, names in dropped.items()]
    return html_text("No value for any commitment in the data, so not shown: " + "; ".join(parts) + ".",
                     css_class="note")


def plan_title(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> str:
    """'United Kingdom: action plan 2013–2015' from the members and action_plans tables."""
    members = tables["members"]
    names = members.loc[members["member"] == member, "member_name"].dropna()
    who = str(names.iloc[0]) if len(names) else member
    plans = tables["action_plans"]
    ends = plans.loc[(plans["member"] == member) & (plans["cycle"] == cycle), "end_year"].dropna()
    period = f"{cycle}–{int(ends.iloc[0])}" if len(ends) else f"{cycle} (end year not stated)"
    return f"{who}: action plan {period}"


def member_title(tables: dict[str, pd.DataFrame], member: str) -> str:
    """The member's display name ('United Kingdom'), or its slug when the data has no name."""
    members = tables["members"]
    names = members.loc[members["member"] == member, "member_name"].dropna()
    return str(names.iloc[0]) if len(names) else member


def for_assessors(func, tables: dict[str, pd.DataFrame], member: str, cycle: int,
                  assessors: Iterable[str]) -> pd.DataFrame:
    """One analysis function run for each assessor, the frames stacked.

    Args:
        func: an analysis function taking (tables, member, cycle, assessor).
        tables: the processed tables.
        member: member slug.
        cycle: the plan's start year.
        assessors: e.g. ["irm", "government"].
    """
    frames = [func(tables, member, cycle, who) for who in assessors]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def figure_rows(frame: pd.DataFrame, exclude_prefix: str | None = None) -> pd.DataFrame:
    """An analysis frame without the rows whose field starts with `exclude_prefix` (e.g. 'coverage:')."""
    if exclude_prefix is None or frame.empty:
        return frame
    return frame[~frame["field"].astype(str).str.startswith(exclude_prefix)]


# The rule inputs shown with a disagreement, with short names.
_CHECK_INPUTS = {"specificity": "specificity", "potential_impact": "impact",
                 "completion_midterm": "mid-term", "completion_end_of_term": "end of term"}


def check_disagreements(check: pd.DataFrame) -> pd.DataFrame:
    """The rows of a derived-indicator check where published and recomputed values differ.

    A value on one side only counts as a disagreement too (it is listed with its status). The
    rule's inputs are joined into one readable column; the figure CSV keeps them apart.

    Args:
        check: `ogp_analysis.analysis.derived_check(...)` output.
    """
    bad = check[~check["status"].isin(["agree", "both_missing"])]

    def inputs(row) -> str:
        return "; ".join(f"{label} {row[col]}" for col, label in _CHECK_INPUTS.items()
                         if col in row and isinstance(row[col], str))

    out = bad[["commitment_id", "indicator", "published", "recomputed", "status"]].copy()
    out["inputs"] = [inputs(r) for _, r in bad.iterrows()]
    if "source_url" in bad:
        out["source_url"] = bad["source_url"]
    return out.reset_index(drop=True)


# cross_cycle fields shown as shares of the plan's commitments, with their column names.
SHARE_FIELDS = {
    "high_completion": "high completion",
    "starred": "starred",
    "diog_strong": "strong results",
    "carried_forward": "carried forward",
    "coverage:completion_latest": "with an IRM completion value",
}


def cross_cycle_shares(side: pd.DataFrame) -> pd.DataFrame:
    """Per plan: its commitments, and each count of `cross_cycle` as a % of them.

    A count the data does not hold stays empty (not 0 %).

    Args:
        side: `ogp_analysis.analysis.cross_cycle(...)` output.
    """
    rows = []
    for cycle, g in side.groupby("cycle", sort=True):
        values = g.set_index("field")["value"]
        n = values.get("commitments")
        row = {"cycle": int(cycle), "commitments": n}
        for field, label in SHARE_FIELDS.items():
            v = values.get(field)
            ok = v is not None and not pd.isna(v) and n is not None and not pd.isna(n) and n > 0
            row[f"% {label}"] = round(100 * float(v) / float(n), 1) if ok else pd.NA
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["commitments"] = out["commitments"].astype("Int64")
    return out.astype({c: "Float64" for c in out.columns if c.startswith("%")})


def policy_area_table(areas: pd.DataFrame) -> pd.DataFrame:
    """Commitments per (vocabulary, policy area) with one column per plan (0 where none).

    Args:
        areas: `ogp_analysis.analysis.policy_areas(...)` output.
    """
    if areas.empty:
        return pd.DataFrame(columns=["vocabulary", "policy area"])
    wide = areas.pivot_table(index=["vocabulary", "label"], columns="cycle", values="value",
                             aggfunc="sum", fill_value=0, observed=True).astype(int)
    wide.columns = [str(c) for c in wide.columns]
    wide["all plans"] = wide.sum(axis=1)
    wide = wide.reset_index().rename(columns={"label": "policy area"})
    return wide.sort_values(["vocabulary", "all plans", "policy area"],
                            ascending=[True, False, True]).reset_index(drop=True)


def carried_forward(tables: dict[str, pd.DataFrame], side: pd.DataFrame) -> pd.DataFrame:
    """The commitments `cross_cycle` counts as carried forward, with title and page.

    Args:
        tables: the processed tables.
        side: `ogp_analysis.analysis.cross_cycle(...)` output.
    """
    rows = side[side["field"] == "carried_forward"]
    ids = [cid for ids_ in rows["commitment_ids"] for cid in (ids_ if isinstance(ids_, (list, tuple)) else [])]
    com = tables["commitments"]
    out = com[com["commitment_id"].isin(ids)][["cycle", "commitment_id", "title", "source_url"]]
    return out.sort_values(["cycle", "commitment_id"]).reset_index(drop=True)


def coverage_by_cycle(cov: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Commitments with a value per (assessor, indicator), one column per plan.

    Indicators with no value in any plan are left out and returned by assessor (see
    `coverage_note`).

    Args:
        cov: `ogp_analysis.analysis.coverage(...)` output over several cycles.

    Returns:
        (table, {assessor: [indicators without any value]}).
    """
    got = cov[cov["reason"] == "with_value"]
    if got.empty:
        return pd.DataFrame(columns=["assessor", "indicator"]), {}
    wide = got.pivot_table(index=["assessor", "indicator"], columns="cycle", values="value",
                           aggfunc="sum", fill_value=0, observed=True, sort=False).astype(int)
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    return _split_empty_indicators(wide, [c for c in wide.columns if c not in ("assessor", "indicator")])


def snapshot_text(tables: dict[str, pd.DataFrame]) -> str | None:
    """The capture dates behind the tables for a chart caption; None when every source is undated.

    Args:
        tables: the processed tables.
    """
    from ogp_analysis.storage import snapshot_range

    snap = snapshot_range(tables)
    if snap["earliest"] is None:
        return None
    first, last = snap["earliest"][:10], snap["latest"][:10]
    text = first if first == last else f"{first} to {last}"
    if snap["undated_sources"]:
        text += f" ({snap['undated_sources']} sources undated)"
    return text
