"""Shared helpers of the analysis layer: member/cycle lookup, picking one assessment per commitment, tidy result frames."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ogp_analysis import keys
from ogp_analysis.analysis.cache import per_tables, per_tables_shared
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

# Columns every figure frame starts with (the CSV of `ogp-analysis figures` emits the first 7).
CSV_COLUMNS = ("member", "cycle", "assessor", "figure", "field", "value", "commitment_ids")
BASE_COLUMNS = (*CSV_COLUMNS, "stage", "basis", "sources")

__all__ = ["ANSWERED", "Answers", "BASE_COLUMNS", "CSV_COLUMNS", "NotFoundError", "Plan", "answered", "answers",
           "answers_by_plan", "check_assessor", "counted", "frame", "plan_answers", "question", "shared_answers", "ids_of", "member_cycles", "member_pairs", "pick", "plan", "plan_assessments",
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
    """A figure frame with the base columns first; `value` as a nullable integer when it is a count."""
    cols = list(BASE_COLUMNS) + [c for c in extra if c not in BASE_COLUMNS]
    for r in rows:
        for c in r:
            if c not in cols:
                cols.append(c)
    raw = [r.get("value") for r in rows]
    counts = all(_is_count_or_na(v) for v in raw)
    out = pd.DataFrame(rows, columns=cols)
    if not out.empty:
        out["cycle"] = pd.array(out["cycle"], dtype="Int64")
        if counts:
            out["value"] = pd.array([pd.NA if _is_na(v) else int(v) for v in raw], dtype="Int64")
    return out


def _is_na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _is_count_or_na(v) -> bool:
    return _is_na(v) or (isinstance(v, int | bool) or hasattr(v, "__index__"))
