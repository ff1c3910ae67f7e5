"""Shared helpers of the analysis layer: member/cycle lookup, picking one assessment per commitment, tidy result frames."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ogp_analysis import keys
from ogp_analysis.analysis.cache import per_tables, per_tables_shared
from ogp_analysis.analysis.registry import FRAME_COLUMNS, SHARE_COLUMNS
from ogp_analysis.answers import (
    ANSWERED,
    Answers,
    answer_table,
    answered,
    assessment_rows,
    by_question,
    counted,
    pick,
    question,
)
from ogp_analysis.errors import NotFoundError
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import ASSESSORS

# Columns every figure frame starts with (`registry.FRAME_COLUMNS`, declared there with their types);
# the CSV of `ogp-analysis figures` emits CSV_COLUMNS (`check --published` reads its first six).
BASE_COLUMNS = tuple(FRAME_COLUMNS)
CSV_COLUMNS = (*BASE_COLUMNS[:BASE_COLUMNS.index("commitment_ids") + 1], *SHARE_COLUMNS)

__all__ = ["ANSWERED", "Answers", "BASE_COLUMNS", "CSV_COLUMNS", "NotFoundError", "Plan", "answered", "answers",
           "answers_by_plan", "check_assessor", "counted", "frame", "ids_text", "scale_rank", "shaped", "text_cells", "plan_answers", "question", "shared_answers", "ids_of", "member_cycles", "member_pairs", "pick", "plan", "plan_assessments",
           "plan_era", "resolve_cycle", "resolve_cycles", "resolve_member", "sources_of",
           "stages_of"]


@dataclass(frozen=True)
class Plan:
    """One action plan: its member, cycle, era and the commitments it holds."""

    member: str
    cycle: int
    era: str | None
    commitment_ids: tuple[str, ...]


def check_assessor(assessor: str) -> str:
    """Refuse an assessor the model does not know (lists the valid ones)."""
    if assessor not in ASSESSORS:
        raise NotFoundError(f"unknown assessor {assessor!r}; assessors: {', '.join(ASSESSORS)}")
    return assessor


def member_pairs(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str | None]]:
    """(slug, name) of every member in the members table or with a commitment."""
    pairs: dict[str, str | None] = {}
    members = tables.get("members")
    if members is not None:
        for slug, name in zip(members["member"], members["member_name"], strict=True):
            pairs[str(slug)] = None if pd.isna(name) else str(name)
    for slug in tables["commitments"]["member"].dropna().unique():
        pairs.setdefault(str(slug), None)
    return sorted(pairs.items())


def member_name(tables: dict[str, pd.DataFrame], member: str) -> str:
    """The member's display name, or its name made from the slug ('United Kingdom')."""
    members = tables["members"]
    names = members.loc[members["member"] == member, "member_name"].dropna()
    return str(names.iloc[0]) if len(names) else member.replace("-", " ").title()


def resolve_member(tables: dict[str, pd.DataFrame], member: str) -> str:
    """A member's slug from its slug or OGP name, case-insensitively.

    Raises:
        NotFoundError: unknown member; the message lists the valid ones.
    """
    return keys.resolve_member(member, member_pairs(tables))


def member_cycles(tables: dict[str, pd.DataFrame], member: str) -> list[int]:
    """Every cycle (plan start year) of a member in action_plans or commitments."""
    cycles = set(tables["commitments"].loc[tables["commitments"]["member"] == member, "cycle"].dropna())
    plans = tables.get("action_plans")
    if plans is not None:
        cycles |= set(plans.loc[plans["member"] == member, "cycle"].dropna())
    return sorted(int(c) for c in cycles)


def resolve_cycle(tables: dict[str, pd.DataFrame], member: str, cycle) -> int:
    """Check a cycle exists for a member.

    Raises:
        NotFoundError: unknown cycle; the message lists the member's cycles.
    """
    valid = member_cycles(tables, member)
    try:
        year = int(cycle)
    except (TypeError, ValueError):
        year = None
    if year is None or year not in valid:
        shown = ", ".join(str(c) for c in valid) or "(none)"
        raise NotFoundError(f"unknown cycle {cycle!r} for {member}; cycles in the data: {shown}")
    return year


def resolve_cycles(tables, member: str, cycles: Iterable | None) -> list[int]:
    """The given cycles checked, or every cycle of the member."""
    if cycles is None:
        return member_cycles(tables, member)
    return [resolve_cycle(tables, member, c) for c in cycles]


@per_tables
def plan(tables: dict[str, pd.DataFrame], member: str, cycle) -> Plan:
    """Resolve member and cycle and gather the plan's commitments and era."""
    slug = resolve_member(tables, member)
    year = resolve_cycle(tables, slug, cycle)
    com = tables["commitments"]
    ids = tuple(sorted(com.loc[(com["member"] == slug) & (com["cycle"] == year), "commitment_id"].astype(str)))
    return Plan(slug, year, plan_era(tables, slug, year, ids), ids)


def plan_era(tables, member: str, cycle: int, ids: Sequence[str]) -> str | None:
    """The plan's IRM era: action_plans, else its commitments' or IRM assessments' era."""
    plans = tables.get("action_plans")
    if plans is not None:
        hit = plans.loc[(plans["member"] == member) & (plans["cycle"] == cycle), "era"].dropna()
        hit = [e for e in hit.astype(str) if e != "government"]
        if hit:
            return hit[0]
    com = tables["commitments"]
    eras = com.loc[com["commitment_id"].isin(ids), "era"].dropna().astype(str)
    eras = eras[eras != "government"]
    if eras.empty:
        a = tables["assessments"]
        eras = a.loc[a["commitment_id"].isin(ids) & (a["assessor"] == "irm"), "era"].dropna().astype(str)
        eras = eras[eras != "government"]
    return eras.value_counts().index[0] if not eras.empty else None


@per_tables  # every section of a report reads its plan's rows
def plan_assessments(tables, ids: Sequence[str], assessor: str | None = None) -> pd.DataFrame:
    """Assessment rows of some commitments (optionally one assessor), categoricals as text."""
    return assessment_rows(tables["assessments"], ids, assessor)


@per_tables_shared  # computed once per loaded tables: every figure, share and section counts from it
def shared_answers(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The answer table itself, shared by every caller: read it, never change it (else `answers`)."""
    return answer_table(tables["assessments"], tables["commitments"], tables["commitment_ogp_values"])


def answers(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The answer table of the loaded tables (`ogp_analysis.answers.answer_table`), a copy.

    One typed answer per commitment, assessor, indicator and moment: the same table the `irm_*`
    columns were read from, computed once per loaded tables.
    """
    return shared_answers(tables).copy()


@per_tables_shared  # read-only: every figure of a report reads it; a copy per call costs more
def answers_by_plan(tables: dict[str, pd.DataFrame]) -> dict:
    """The answer table split per plan: (member, cycle) -> its questions (`answers.by_question`)."""
    return by_question(shared_answers(tables))


def plan_answers(tables: dict[str, pd.DataFrame], member: str, cycle) -> dict:
    """The answers of one plan, per question (`question(...)` reads them as `Answers`).

    Sliced from the whole answer table when it is already computed; else the answer table of the
    plan's commitments alone (a report about one plan need not answer every plan's questions).
    Each commitment's answers depend on its own rows only, so both give the same answers.
    """
    p = plan(tables, member, cycle)
    whole = answers_by_plan.peek(tables)
    # A caller going through many plans (a check, a cross-plan section) is served from the
    # whole table: answering every plan at once costs about as much as a few plans one by one.
    asked = _PLANS_ASKED.setdefault(id(tables["assessments"]), set())
    asked.add((p.member, p.cycle))
    if whole is None and (shared_answers.peek(tables) is not None or len(asked) > WHOLE_TABLE_AFTER):
        whole = answers_by_plan(tables)
    if whole is not None:
        return whole.get((p.member, p.cycle), {})
    return _one_plan_answers(tables, p.member, p.cycle)


# After this many different plans asked of the same tables, the whole answer table is computed once.
WHOLE_TABLE_AFTER = 8
_PLANS_ASKED: dict[int, set] = {}


@functools.partial(per_tables, shared=True)
def _one_plan_answers(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> dict:
    p = plan(tables, member, cycle)
    ids = list(p.commitment_ids)
    com = tables["commitments"]
    a, v = tables["assessments"], tables["commitment_ogp_values"]
    table = answer_table(a[a["commitment_id"].isin(ids)], com[com["commitment_id"].isin(ids)],
                         v[v["commitment_id"].isin(ids)])
    return by_question(table).get((p.member, p.cycle), {})


def ids_of(series: Iterable) -> list[str]:
    """Sorted, de-duplicated commitment IDs."""
    return sorted({str(x) for x in series})


def sources_of(picked) -> str:
    """The source types behind some picked rows (or `Answers`), by precedence ('irm_data_release; ogp_page')."""
    if isinstance(picked, Answers):
        return picked.sources_text()
    if picked.empty or "source_type" not in picked:
        return ""
    types = {str(t) for t in picked["source_type"].dropna()}
    return "; ".join(sorted(types, key=R.source_rank))


def stages_of(picked) -> str:
    """The stages behind some picked rows (or `Answers`) ('end_of_term; midterm')."""
    if isinstance(picked, Answers):
        return picked.stages_text()
    if picked.empty:
        return ""
    return "; ".join(sorted({str(s) for s in picked["stage"].dropna()}))


def frame(rows: list[dict], extra: Sequence[str] = ()) -> pd.DataFrame:
    """A figure frame from its rows: the columns of every figure first, typed (`shaped`)."""
    cols = list(FRAME_COLUMNS) + [c for c in extra if c not in FRAME_COLUMNS]
    for r in rows:
        cols += [c for c in r if c not in cols]
    return shaped(pd.DataFrame(rows, columns=cols))


_DTYPES = {"text": "str", "whole number": "Int64", "fraction": "Float64"}


def shaped(out: pd.DataFrame) -> pd.DataFrame:
    """A figure frame in the one shape (`registry.FRAME_COLUMNS`, `SHARE_COLUMNS`), a new frame.

    The declared columns first, in order, each of its type: text as strings, whole numbers as
    nullable integers, a share as a nullable float, `commitment_ids` a sorted list per row. Every
    other column follows as it is. Empty frames have the same columns and types.

    Raises:
        TypeError: a `value`, count or share that is not a number (a figure wrote text there).
    """
    declared = {**FRAME_COLUMNS, **{c: SHARE_COLUMNS[c] for c in SHARE_COLUMNS if c in out}}
    n = len(out)
    columns: dict[str, object] = {}
    for column, (kind, _) in declared.items():
        got = out[column].tolist() if column in out else [None] * n
        if kind == "list of text":
            columns[column] = pd.Series([sorted({str(x) for x in v}) if isinstance(v, list | tuple | set)
                                         else [] for v in got], index=out.index, dtype=object)
        else:
            columns[column] = _typed([None if _missing(v) else v for v in got], _DTYPES[kind], column)
    columns.update({c: out[c] for c in out.columns if c not in declared})
    shaped_ = pd.DataFrame(columns, index=out.index)
    shaped_.attrs = dict(out.attrs)
    return shaped_


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _typed(values: list, dtype: str, column: str):
    """A column's values (None where missing) as an array of the declared type, built once."""
    if dtype == "str":
        return pd.array([None if v is None else str(v) for v in values], dtype="str")
    text = [v for v in values if v is not None and not isinstance(v, int | float)
            and not hasattr(v, "__index__")]
    if text:
        raise TypeError(f"figure column {column!r} holds text ({text[0]!r}): it holds numbers only")
    numbers = [None if v is None else float(v) if dtype == "Float64" else v for v in values]
    if dtype == "Int64":
        fraction = next((v for v in numbers if v is not None and float(v) % 1 != 0), None)
        if fraction is not None:
            raise TypeError(f"figure column {column!r} holds a fraction ({fraction}): "
                            "it holds whole numbers (a share goes in `share`)")
        numbers = [None if v is None else int(v) for v in numbers]
    return pd.array(numbers, dtype=dtype)


def scale_rank(scale: str, label) -> int | None:
    """A label's rank on a scale (`metadata.scales.SCALES`, lowest 0), None off the scale or missing."""
    from ogp_analysis.metadata.scales import SCALES

    values = SCALES[scale].values
    return values.index(label) if label in values else None


def ids_text(ids) -> str:
    """Commitment IDs (or any list cell of a figure) as one CSV cell: space-separated, the one writer."""
    if isinstance(ids, list | tuple | set):
        return " ".join(str(i) for i in ids)
    return "" if ids is None or (isinstance(ids, float) and ids != ids) or ids is pd.NA else str(ids)


def text_cells(out: pd.DataFrame) -> pd.DataFrame:
    """A frame for CSV: every list cell (`commitment_ids`, `meeting_ids`, ...) written by `ids_text`."""
    lists = [c for c in out.columns if any(isinstance(v, list | tuple | set) for v in out[c])]
    return out.assign(**{c: out[c].map(ids_text) for c in lists}) if lists else out
