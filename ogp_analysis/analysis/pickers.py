"""The pickers: one value per commitment from many assessment rows, by the rules of `metadata.rules`.

Every figure and the `irm_*` convenience columns of `commitments` call these functions, so a
count in a report and a column of the tables can never follow two different rules.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ogp_analysis.metadata import rules as R

ANSWERED = ("scale", "off_scale")
_TEXT_COLUMNS = ("assessor", "stage", "indicator", "ogp_value", "value_kind", "missing_reason",
                 "scale", "era", "source_type")
_USED = ("commitment_id", "member", "cycle", "assessor", "stage", "indicator", "ogp_value", "value",
         "value_kind", "missing_reason", "scale", "era", "source_type", "source_url", "retrieved_at")


def assessment_rows(assessments: pd.DataFrame, ids: Sequence[str] | None = None,
                    assessor: str | None = None) -> pd.DataFrame:
    """Assessment rows of some commitments (optionally one assessor), categoricals as text.

    Args:
        assessments: the `assessments` table.
        ids: commitment IDs (default: all).
        assessor: keep one assessor's rows (default: all).
    """
    a = assessments
    if ids is not None:
        a = a[a["commitment_id"].isin(list(ids))]
    if assessor is not None:
        a = a[a["assessor"] == assessor]
    # Only the columns the figures use: every later filter copies fewer blocks.
    out = a[list(_USED)].copy()
    for col in _TEXT_COLUMNS:
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _source_ranks(types) -> np.ndarray:
    """`rules.source_rank` of each row's source type (looked up once per distinct type)."""
    values = np.asarray(types, dtype=object)
    ranks = {t: R.source_rank(None if pd.isna(t) else t) for t in set(values)}
    return np.array([ranks[t] for t in values], dtype=np.int64)


def pick(rows: pd.DataFrame, indicator: str | Sequence[str], stages: Sequence[str],
         ogp_value: str | None = None, scale: str | None = None) -> pd.DataFrame:
    """One assessment per commitment: the best row among several sources and stages.

    The order is `rules.PICK_ORDER`: a row with an answer (on the scale or off it) beats a
    missing one (a source's `ND` gives way to another source's value); then the earlier
    indicator and stage in the preference lists; then source precedence; then the latest capture.
    Ties keep the rows' order.

    Args:
        rows: assessment rows (`assessment_rows`).
        indicator: the indicator name(s) to take, in preference order.
        stages: the stages to take, in preference order.
        ogp_value: None for the overall rows, or one OGP value.
        scale: keep only rows read on this scale (e.g. an 'Early Results' row read as DIOG).

    Returns:
        One row per commitment_id (index reset), with the assessment columns.
    """
    # The rows are selected with pandas' hashed `isin`, then ordered on the selected rows'
    # arrays: a report picks ~100 times from a few hundred rows, where each pandas step
    # costs more than the rows it reads, and a build picks from ~100,000.
    inds = [indicator] if isinstance(indicator, str) else list(indicator)
    stages = list(stages)
    keep = rows["indicator"].isin(inds).to_numpy(dtype=bool) & rows["stage"].isin(stages).to_numpy(dtype=bool)
    value = rows["ogp_value"]
    keep &= (value.isna() if ogp_value is None else value == ogp_value).to_numpy(dtype=bool)
    if scale is not None:
        keep &= (rows["scale"] == scale).to_numpy(dtype=bool)
    at = np.flatnonzero(keep)
    if not len(at):
        return rows.iloc[:0].reset_index(drop=True)

    def selected(name: str) -> np.ndarray:
        return rows[name].iloc[at].to_numpy(dtype=object)

    ind_rank = {n: i for i, n in enumerate(inds)}
    stage_rank = {s: i for i, s in enumerate(stages)}
    capture = pd.DatetimeIndex(pd.to_datetime(rows["retrieved_at"].iloc[at], utc=True)).asi8
    # The latest capture first; no capture date last (NaT is the smallest int64).
    capture = np.where(capture == np.iinfo(np.int64).min, np.iinfo(np.int64).max, -capture)
    keys = {
        "answered": (~np.isin(selected("value_kind"), ANSWERED)).astype(np.int64),
        "indicator": np.array([ind_rank[x] for x in selected("indicator")], dtype=np.int64),
        "stage": np.array([stage_rank[x] for x in selected("stage")], dtype=np.int64),
        "source": _source_ranks(selected("source_type")),
        "capture": capture,
    }
    # np.lexsort sorts by its last key first, and is stable.
    order = np.lexsort([keys[k] for k in reversed(R.PICK_ORDER)])
    first = ~pd.Index(rows["commitment_id"].iloc[at[order]].to_numpy(dtype=object)).duplicated()
    return rows.iloc[at[order][first]].reset_index(drop=True)


def answered(picked: pd.DataFrame) -> pd.DataFrame:
    """The picked rows that carry an answer (on the scale or off it)."""
    return picked[picked["value_kind"].isin(ANSWERED)]


def pick_completion(rows: pd.DataFrame, assessor: str, moment: str) -> pd.DataFrame:
    """The completion of each commitment at `midterm`, `end_of_term` or `latest` (`rules.COMPLETION_STAGES`)."""
    return pick(rows, "completion", R.completion_stages(assessor, moment))


def pick_diog(rows: pd.DataFrame, ogp_value: str | None = None) -> pd.DataFrame:
    """Did it open government, overall or for one OGP value (`rules.DIOG_INDICATORS`).

    Where a commitment has no DIOG row, an older page's 'Early Results' row read on the DIOG
    scale carries the overall value: taken after every DIOG row.
    """
    cand = rows[(rows["indicator"] == "diog")
                | ((rows["indicator"] == "early_results") & (rows["scale"] == "diog"))]
    return pick(cand, list(R.DIOG_INDICATORS), R.DIOG_STAGES, ogp_value=ogp_value)


def pick_star(rows: pd.DataFrame) -> pd.DataFrame:
    """The published end-of-term star (`rules.STAR_INDICATORS`): release formula, else page or listing."""
    return pick(rows, list(R.STAR_INDICATORS), R.ANY_STAGE)


def pick_any(rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """An indicator at the latest stage that has it (`rules.ANY_STAGE`)."""
    if indicator == "diog":
        return pick_diog(rows)
    return pick(rows, indicator, R.ANY_STAGE)


def relevance(ogp_values: pd.DataFrame, ids) -> pd.DataFrame:
    """Relevance to any OGP value per commitment, from the highest-precedence source that states it.

    A page's bare 'Yes' (ogp_value `unspecified`) counts as relevant.

    Args:
        ogp_values: the `commitment_ogp_values` table.
        ids: commitment IDs.

    Returns:
        commitment_id, is_relevant (bool), source_type, source_url.
    """
    v = ogp_values[ogp_values["commitment_id"].isin(list(ids))
                   & ogp_values["is_relevant_to_value"].notna()].copy()
    if v.empty:
        return pd.DataFrame(columns=["commitment_id", "is_relevant", "source_type", "source_url"])
    v["source_type"] = v["source_type"].astype(str)
    v["_src"] = _source_ranks(v["source_type"])
    v = v.sort_values(["_src", "retrieved_at"], ascending=[True, False], na_position="last")
    best = v.drop_duplicates("commitment_id")[["commitment_id", "source_url"]]
    chosen = v.merge(best, on=["commitment_id", "source_url"])
    chosen["_relevant"] = chosen["is_relevant_to_value"].astype(bool)
    return chosen.groupby("commitment_id", as_index=False).agg(
        is_relevant=("_relevant", "any"),
        source_type=("source_type", "first"),
        source_url=("source_url", "first"),
    )


# The IRM convenience columns of `commitments`: column -> (indicator, how it is picked).
# `value` columns keep on-scale values (an off-scale answer such as Withdrawn stays in
# `assessments`); `flag` columns read Yes/No as a boolean.
CONVENIENCE_COLUMNS = {
    "irm_completion_midterm": ("completion", "midterm", "value"),
    "irm_completion_end_of_term": ("completion", "end_of_term", "value"),
    "irm_completion_latest": ("completion", "latest", "value"),
    "irm_specificity": ("specificity", "any", "value"),
    "irm_is_verifiable": ("verifiable", "any", "flag"),
    "irm_potential_impact": ("potential_impact", "any", "value"),
    "irm_ambition": ("ambition", "any", "value"),
    "irm_potential_for_results": ("potential_for_results", "any", "value"),
    "irm_diog_overall": ("diog", "any", "value"),
    "irm_is_starred": ("starred", "star", "flag"),
    "irm_is_carried_forward": ("carried_forward", "any", "flag"),
}


def _picked(rows: pd.DataFrame, indicator: str, how: str) -> pd.DataFrame:
    if indicator == "completion":
        return pick_completion(rows, "irm", how)
    if how == "star":
        return pick_star(rows)
    return pick_any(rows, indicator)


def convenience_columns(assessments: pd.DataFrame, ogp_values: pd.DataFrame,
                        ids: Sequence[str]) -> pd.DataFrame:
    """The IRM convenience columns of `commitments`, by the same pickers the figures use.

    Args:
        assessments: the `assessments` table.
        ogp_values: the `commitment_ogp_values` table.
        ids: the commitment IDs of `commitments`, in its row order.

    Returns:
        A frame indexed like `ids` with every column of `CONVENIENCE_COLUMNS`, plus
        `irm_completion_latest_stage` and `irm_is_relevant`. NA where no source states a value.
    """
    ids = list(ids)
    # Every column is an overall value: only the overall rows of the indicators picked are read.
    used = {ind for ind, _, _ in CONVENIENCE_COLUMNS.values()} | {*R.DIOG_INDICATORS,
                                                                 *R.STAR_INDICATORS}
    a = assessments[assessments["ogp_value"].isna()
                    & assessments["indicator"].isin(sorted(used)).to_numpy(dtype=bool)]
    rows = assessment_rows(a, None, "irm")
    out = pd.DataFrame(index=pd.Index(ids, name="commitment_id"))
    for column, (indicator, how, kind) in CONVENIENCE_COLUMNS.items():
        got = answered(_picked(rows, indicator, how)).set_index("commitment_id")
        values = got["value"].reindex(out.index)
        if kind == "flag":
            out[column] = values.map({"Yes": True, "No": False}).astype("boolean")
        else:
            on_scale = got["value_kind"].reindex(out.index) == "scale"
            out[column] = values.where(on_scale)
        if column == "irm_completion_latest":
            out["irm_completion_latest_stage"] = got["stage"].reindex(out.index).where(on_scale)
    rel = relevance(ogp_values, ids).set_index("commitment_id")
    out["irm_is_relevant"] = rel["is_relevant"].reindex(out.index).astype("boolean")
    return out.reset_index(drop=True)
