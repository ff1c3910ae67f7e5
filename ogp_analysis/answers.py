"""One answer per commitment, indicator, assessor and moment: the pickers and the answer table.

The pickers choose one assessment row per commitment from many sources and stages by the rules
of `metadata.rules`; `answer_table` asks every question of every commitment once and types each
answer by kind (`rules.ANSWER_KINDS`). The `irm_*` convenience columns of `commitments` (built by
the normaliser) and every figure, share, summary and report section of the analysis layer
(through `analysis.frames.answers`) count from this table, so a column, a figure and a
sentence can never follow two different rules. It sits beside `labels` and `schema` (below the
stages): the normaliser and the analysis both import it, and it imports neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.tables import ANSWER_TABLE_COLUMNS

ANSWERED = ("scale", "off_scale")
_TEXT_COLUMNS = ("assessor", "stage", "indicator", "ogp_value", "value_kind", "missing_reason",
                 "scale", "era", "source_type")
_USED = ("commitment_id", "member", "cycle", "assessor", "stage", "indicator", "ogp_value", "value",
         "value_rank", "value_kind", "missing_reason", "scale", "era", "source_type", "source_url", "retrieved_at")


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




# --- The answer table ------------------------------------------------------------------------------

ANSWER_COLUMNS = ANSWER_TABLE_COLUMNS


@dataclass(frozen=True)
class Question:
    """One question asked of every commitment: an assessor's indicator at a moment."""

    assessor: str
    indicator: str
    moment: str = "any"
    ogp_value: str | None = None

    def pick(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The picked row per commitment among `rows` (the assessor's), by the rules."""
        if self.indicator == "completion":
            return pick_completion(rows, self.assessor, self.moment)
        if self.indicator == "diog":
            return pick_diog(rows, self.ogp_value)
        if self.indicator == "starred":
            return pick_star(rows)
        return pick(rows, self.indicator, R.ANY_STAGE)


def questions() -> tuple[Question, ...]:
    """Every question the answer table answers (`rules.ANSWER_ASSESSORS`, `rules.ASSESSOR_INDICATORS`)."""
    out = []
    for assessor in R.ANSWER_ASSESSORS:
        out += [Question(assessor, "completion", m) for m in R.COMPLETION_MOMENTS]
        if "diog" in R.ASSESSOR_INDICATORS.get(assessor, ("diog",)):
            out += [Question(assessor, ind) for ind in R.ANY_STAGE_INDICATORS]
            out += [Question(assessor, "diog", ogp_value=v) for v in (None, *R.DIOG_OGP_VALUES)]
            out += [Question(assessor, "starred"), Question(assessor, "relevant")]
    return tuple(out)


def _relevance_rows(ogp_values: pd.DataFrame, ids) -> pd.DataFrame:
    """`relevance` as picked rows: value Yes/No, kind `value`."""
    rel = relevance(ogp_values, ids)
    return pd.DataFrame({"commitment_id": rel["commitment_id"],
                         "value": ["Yes" if r else "No" for r in rel["is_relevant"]],
                         "value_rank": pd.NA, "kind": "value", "stage": "design",
                         "source_type": rel["source_type"], "source_url": rel["source_url"]})


def _plan_eras(commitments: pd.DataFrame) -> list:
    """Each commitment's era: its `era` column (not a government era), else its cycle's."""
    eras = commitments["era"].astype(object) if "era" in commitments else [None] * len(commitments)
    return [e if isinstance(e, str) and e != "government" else R.era_of(c)
            for e, c in zip(eras, commitments["cycle"], strict=True)]


def answer_table(assessments: pd.DataFrame, commitments: pd.DataFrame,
                 ogp_values: pd.DataFrame) -> pd.DataFrame:
    """One answer per commitment and question (`questions`), typed by kind: the counts' one source.

    Every commitment of `commitments` gets a row for every question, so each question's kinds
    add up to the commitments. A question whose chosen row carries no answer takes its kind from
    the row's missing code; no row at all is `not_in_data`; a question the plan's era has no
    indicator for (`rules.ERA_NOT_APPLICABLE`), or the assessor is not asked, is `not_applicable`
    unless a source gives an answer.

    Args:
        assessments: the `assessments` table.
        commitments: `commitments` (commitment_id, member, cycle and, where known, era).
        ogp_values: the `commitment_ogp_values` table.

    Returns:
        The columns of `ANSWER_COLUMNS`, one row per (commitment, question).
    """
    qs = questions()
    ids = commitments["commitment_id"].astype(str).tolist()
    members = commitments["member"].astype(object).tolist()
    cycles = [None if pd.isna(c) else int(c) for c in commitments["cycle"]]
    eras = _plan_eras(commitments)
    wanted = {q.indicator for q in qs} | set(R.DIOG_INDICATORS) | set(R.STAR_INDICATORS)
    a = assessments[assessments["commitment_id"].isin(ids).to_numpy(dtype=bool)
                    & assessments["indicator"].isin(sorted(wanted)).to_numpy(dtype=bool)]
    rows = {who: assessment_rows(a, None, who) for who in R.ANSWER_ASSESSORS}
    # (question number, commitment) -> (value, rank, kind, stage, source_type, source_url)
    found: dict[tuple[int, str], tuple] = {}
    for i, q in enumerate(qs):
        if q.indicator == "relevant":
            got = _relevance_rows(ogp_values, ids)
            kinds = got["kind"].tolist()
        else:
            got = q.pick(rows[q.assessor])
            kinds = [R.answer_kind(*r) for r in zip(got["value_kind"], got["value"],
                                                    got["missing_reason"], got["scale"], strict=True)]
        cols = [got[c].tolist() for c in ("commitment_id", "value", "value_rank", "stage",
                                            "source_type", "source_url")]
        for cid, value, rank, stage, stype, url, kind in zip(*cols, kinds, strict=True):
            found[(i, str(cid))] = (value, rank, kind, stage, stype, url)
    # Every commitment gets every question, in question order.
    none = (None, None, "not_in_data", None, None, None)
    plan_of = sorted(zip(ids, members, cycles, eras, strict=True))
    records = []
    for i, q in enumerate(qs):
        asked = q.indicator in R.ASSESSOR_INDICATORS.get(q.assessor, (q.indicator,))
        for cid, member, cycle, era in plan_of:
            value, rank, kind, stage, stype, url = found.get((i, cid), none)
            if kind not in R.COUNTED_KINDS and (not asked or R.era_has_no(era, q.indicator, q.moment)):
                kind = "not_applicable"
            records.append((cid, member, cycle, era, q.assessor, q.indicator, q.moment, q.ogp_value,
                            _none(value), None if _none(rank) is None else int(rank), kind,
                            _none(stage), _none(stype), _none(url)))
    out = pd.DataFrame.from_records(records, columns=list(ANSWER_COLUMNS))
    # Plain Python objects: a figure filters a plan's few rows many times, and taking rows from
    # object arrays costs a fraction of taking them from Arrow-backed strings.
    for col in ANSWER_COLUMNS:
        if col in ("cycle", "rank"):
            out[col] = pd.array(out[col], dtype="Int64")
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _none(v):
    """None for any missing value (NaN, NA, None), else the value."""
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


@dataclass(frozen=True)
class Answers:
    """One question's answers for some commitments (a plan's), as plain tuples.

    What the figures count, many times per report, without a pandas step per count.
    """

    ids: tuple = ()
    values: tuple = ()
    kinds: tuple = ()
    stages: tuple = ()
    source_types: tuple = ()
    source_urls: tuple = ()

    def __len__(self) -> int:
        return len(self.ids)

    def _keep(self, keep) -> Answers:
        cols = (self.ids, self.values, self.kinds, self.stages, self.source_types, self.source_urls)
        return Answers(*(tuple(c[i] for i in keep) for c in cols))

    def counted(self) -> Answers:
        """The answers a share is taken over (`rules.COUNTED_KINDS`)."""
        return self._keep([i for i, k in enumerate(self.kinds) if k in R.COUNTED_KINDS])

    def of_kind(self, kind: str) -> Answers:
        """The answers of one kind."""
        return self._keep([i for i, k in enumerate(self.kinds) if k == kind])

    def with_values(self, values) -> list[str]:
        """The sorted IDs whose counted answer is one of `values`."""
        wanted = set(values)
        return sorted(c for c, v, k in zip(self.ids, self.values, self.kinds, strict=True)
                      if k in R.COUNTED_KINDS and v in wanted)

    def value_of(self) -> dict:
        """commitment_id -> its counted answer."""
        return {c: v for c, v, k in zip(self.ids, self.values, self.kinds, strict=True)
                if k in R.COUNTED_KINDS}

    def record(self, cid: str) -> dict | None:
        """One commitment's answer: kind, value, stage, source_type, source_url (None: not asked)."""
        try:
            i = self.ids.index(cid)
        except ValueError:
            return None
        return {"kind": self.kinds[i], "value": self.values[i], "stage": self.stages[i],
                "source_type": self.source_types[i], "source_url": self.source_urls[i]}

    def sources_text(self) -> str:
        """The source types behind the answers, by precedence ('irm_data_release; ogp_page')."""
        return "; ".join(sorted({str(t) for t in self.source_types if t is not None}, key=R.source_rank))

    def stages_text(self) -> str:
        """The stages behind the answers ('end_of_term; midterm')."""
        return "; ".join(sorted({str(s) for s in self.stages if s is not None}))

    def __add__(self, other: Answers) -> Answers:
        return Answers(*(a + b for a, b in zip(
            (self.ids, self.values, self.kinds, self.stages, self.source_types, self.source_urls),
            (other.ids, other.values, other.kinds, other.stages, other.source_types, other.source_urls),
            strict=True)))


def by_question(answers: pd.DataFrame) -> dict:
    """The answer table's rows split per question and plan: (member, cycle) -> {question key -> `Answers`}.

    A question key is (assessor, indicator, moment, ogp_value); a question nobody asks reads as
    no answers.
    """
    cols = [answers[c].tolist() for c in ("member", "cycle", "assessor", "indicator", "moment",
                                          "ogp_value", "commitment_id", "value", "kind", "stage",
                                          "source_type", "source_url")]
    lists: dict = {}
    for m, c, who, ind, mom, ov, *row in zip(*cols, strict=True):
        per = lists.setdefault((m, int(c)), {}).setdefault((who, ind, mom, ov), [[] for _ in row])
        for col, v in zip(per, row, strict=True):
            col.append(v)
    return {plan: {k: Answers(*(tuple(col) for col in v)) for k, v in qs.items()}
            for plan, qs in lists.items()}


def counted(answers):
    """The answers a share is taken over: a value or a stated answer off the scale (`rules.COUNTED_KINDS`).

    Args:
        answers: rows of the answer table, or `Answers`.
    """
    if isinstance(answers, Answers):
        return answers.counted()
    return answers[answers["kind"].isin(R.COUNTED_KINDS)]


def question(answers, indicator: str, moment: str = "any", assessor: str = "irm",
             ogp_value: str | None = None):
    """The answers to one question (one per commitment): rows of the table, or `Answers` from a plan's index.

    Args:
        answers: the answer table (or part of it), or `by_question(...)` of it.
        indicator: the indicator asked.
        moment: `midterm`, `end_of_term`, `latest` (completion) or `any`.
        assessor: whose answer.
        ogp_value: an OGP value (did it open government per value); None: overall.
    """
    if isinstance(answers, dict):
        return answers.get((assessor, indicator, moment, ogp_value), Answers())
    a = answers
    hit = (a["indicator"] == indicator) & (a["moment"] == moment) & (a["assessor"] == assessor)
    hit &= a["ogp_value"].isna() if ogp_value is None else a["ogp_value"] == ogp_value
    return a[hit.to_numpy(dtype=bool)]


# The IRM convenience columns of `commitments`: column -> (indicator, moment, how it is read).
# `answer` columns hold the answer where it is a value or a stated answer off the scale (Withdrawn,
# Unclear) and NA for every other kind (see `rules.ANSWER_KINDS`); `flag` columns read Yes/No as a
# nullable boolean, NA (never False) where no source states it.
CONVENIENCE_COLUMNS = {
    "irm_completion_midterm": ("completion", "midterm", "answer"),
    "irm_completion_end_of_term": ("completion", "end_of_term", "answer"),
    "irm_completion_latest": ("completion", "latest", "answer"),
    "irm_specificity": ("specificity", "any", "answer"),
    "irm_is_verifiable": ("verifiable", "any", "flag"),
    "irm_potential_impact": ("potential_impact", "any", "answer"),
    "irm_ambition": ("ambition", "any", "answer"),
    "irm_potential_for_results": ("potential_for_results", "any", "answer"),
    "irm_diog_overall": ("diog", "any", "answer"),
    "irm_is_starred": ("starred", "any", "flag"),
    "irm_is_carried_forward": ("carried_forward", "any", "flag"),
    "irm_is_relevant": ("relevant", "any", "flag"),
}


def convenience_columns(answers: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The IRM convenience columns of `commitments`, read from the answer table.

    Args:
        answers: `answer_table(...)`.
        ids: the commitment IDs of `commitments`, in its row order.

    Returns:
        A frame indexed like `ids` with every column of `CONVENIENCE_COLUMNS`, plus
        `irm_completion_latest_stage`. NA where the answer is not a value or a stated answer.
    """
    index = pd.Index(list(ids), name="commitment_id")
    out = pd.DataFrame(index=index)
    for column, (indicator, moment, how) in CONVENIENCE_COLUMNS.items():
        got = counted(question(answers, indicator, moment)).set_index("commitment_id")
        values = got["value"].reindex(index)
        if how == "flag":
            out[column] = values.map({"Yes": True, "No": False}).astype("boolean")
        else:
            out[column] = values
        if column == "irm_completion_latest":
            out["irm_completion_latest_stage"] = got["stage"].reindex(index)
    return out.reset_index(drop=True)
