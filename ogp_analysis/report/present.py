"""Presentation: analysis frames reshaped for a reader (labels from the figure registry, pivots, titles, notes)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ogp_analysis.analysis.registry import field_label
from ogp_analysis.metadata.rules import ANSWER_KINDS, COUNTED_KINDS, KIND_LABELS
from ogp_analysis.metadata.scales import ASSESSOR_LABELS, INDICATOR_LABELS
from ogp_analysis.report.html import RichHTML, html_text


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


def parameters_frame(**parameters) -> pd.DataFrame:
    """The report's parameters as a two-column frame (what this copy was run with)."""
    return pd.DataFrame({"parameter": list(parameters),
                         "value": ["(default)" if v in (None, "") else str(v) for v in parameters.values()]})


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


def assessors_for(assessor: str) -> list[str]:
    """The assessors a report shows: `both` -> ["irm", "government"]."""
    return ["irm", "government"] if assessor == "both" else [assessor]


def field_name(field: str) -> str:
    """The reader label of an analysis `field`, from the figure registry."""
    return field_label(field)


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


# Kinds that say nothing about a commitment's answer: a question whose every answer is one of
# these is left out of a coverage table and named in its note.
_SILENT_KINDS = ("not_in_data", "not_applicable")


def _coverage_kinds(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The coverage frame's counts per `by` and kind, one column per kind (`rules.ANSWER_KINDS` order)."""
    wide = frame.pivot_table(index=by, columns="kind", values="value", aggfunc="sum", fill_value=0,
                             observed=True, sort=False)
    return wide.reindex(columns=list(ANSWER_KINDS), fill_value=0).astype(int).reset_index()


def _reader_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Assessor and indicator (a coverage question) in reader words."""
    out = frame.copy()
    if "assessor" in out:
        out["assessor"] = out["assessor"].map(lambda a: ASSESSOR_LABELS.get(a, a))
    out["indicator"] = out["indicator"].map(lambda i: INDICATOR_LABELS.get(i, i))
    return out


def _split_silent(wide: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """`_coverage_kinds` rows without the silent questions, and those by assessor, in reader words.

    A silent question's every answer is not in the data or not applicable.
    """
    silent = (wide[[k for k in ANSWER_KINDS if k not in _SILENT_KINDS]] == 0).all(axis=1)
    dropped: dict[str, list[str]] = {}
    for who, what in _reader_names(wide[silent])[["assessor", "indicator"]].itertuples(index=False):
        dropped.setdefault(str(who), []).append(str(what))
    return wide[~silent].reset_index(drop=True), dropped


def coverage_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The coverage frame as one row per (assessor, indicator) and one column per kind of answer.

    Columns carry the kinds' reader labels (`rules.KIND_LABELS`), in `rules.ANSWER_KINDS`
    order; a kind no row has is left out; `commitments` is the row's total (the kinds add up to
    the commitments in the data). A question no source states anything about (every answer not
    in the data or not applicable) is left out and returned by assessor, for `coverage_note`.

    Args:
        frame: `ogp_analysis.analysis.coverage(...)` output (columns assessor, indicator, kind,
            value); several cycles are summed per indicator.

    Returns:
        (table, {assessor: [indicators left out]}), in reader words.
    """
    if frame.empty:
        return pd.DataFrame(columns=["assessor", "indicator"]), {}
    kept, dropped = _split_silent(_coverage_kinds(frame, ["assessor", "indicator"]))
    table = _reader_names(kept)
    kinds = [k for k in ANSWER_KINDS if table[k].any()]
    table["commitments"] = table[list(ANSWER_KINDS)].sum(axis=1)
    table = table[["assessor", "indicator", *kinds, "commitments"]].rename(columns=KIND_LABELS)
    table.columns.name = None
    return table, dropped


def coverage_note(dropped: dict) -> RichHTML:
    """A note naming, per assessor, the indicators no source states anything about (`coverage_matrix`)."""
    text = coverage_note_text(dropped)
    return html_text(text, css_class="note") if text else RichHTML("")


def coverage_note_text(dropped: dict) -> str:
    """`coverage_note` as plain text ('' when nothing was left out)."""
    if not dropped:
        return ""
    parts = [f"{who}: {', '.join(names)}" for who, names in dropped.items()]
    return ("Not shown, as no source in the data states an answer for any commitment (each is "
            "not in the data or not applicable): " + "; ".join(parts) + ".")


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


def coverage_by_cycle(cov: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Commitments with a counted answer (a value or a stated answer off the scale) per (assessor, indicator), one column per plan.

    Questions no source states anything about in any plan are left out and returned by
    assessor (see `coverage_note`).

    Args:
        cov: `ogp_analysis.analysis.coverage(...)` output over several cycles.

    Returns:
        (table, {assessor: [indicators left out]}), in reader words.
    """
    if cov.empty:
        return pd.DataFrame(columns=["assessor", "indicator"]), {}
    kept, dropped = _split_silent(_coverage_kinds(cov, ["assessor", "indicator"]))
    keep = set(zip(kept["assessor"], kept["indicator"], strict=True))
    got = cov[cov["kind"].isin(COUNTED_KINDS)]
    got = got[[(a, i) in keep for a, i in zip(got["assessor"], got["indicator"], strict=True)]]
    wide = got.pivot_table(index=["assessor", "indicator"], columns="cycle", values="value",
                           aggfunc="sum", fill_value=0, observed=True, sort=False).astype(int)
    wide.columns = [str(c) for c in wide.columns]
    wide.columns.name = None
    return _reader_names(wide.reset_index()), dropped


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


# A chart earns its place when it compares: at least this many commitments over two bars or more.
CHART_MIN_COUNT = 3


def worth_a_chart(frame: pd.DataFrame) -> bool:
    """True when a count frame has enough to compare (>= CHART_MIN_COUNT in two or more bars).

    A single bar, or a chart of zeros, says less than the table beside it: the report shows a
    sentence instead.
    """
    if frame is None or frame.empty:
        return False
    values = pd.to_numeric(frame["value"], errors="coerce").fillna(0)
    return values.sum() >= CHART_MIN_COUNT and int((values > 0).sum()) >= 2
