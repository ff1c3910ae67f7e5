"""Shared helpers of the analysis layer: member/cycle lookup, picking one assessment per commitment, tidy result frames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ogp_analysis import keys
from ogp_analysis.errors import NotFoundError
from ogp_analysis.metadata.scales import ASSESSORS
from ogp_analysis.records import SOURCE_PRECEDENCE

# Columns every figure frame starts with (the CSV of `ogp-analysis figures` emits the first 7).
CSV_COLUMNS = ("member", "cycle", "assessor", "figure", "field", "value", "commitment_ids")
BASE_COLUMNS = (*CSV_COLUMNS, "stage", "basis", "sources")

ANSWERED = ("scale", "off_scale")
PRECEDENCE_TEXT = "data release > page status summary > page > listing"


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


_USED = ("commitment_id", "member", "cycle", "assessor", "stage", "indicator", "ogp_value", "value", "value_kind",
         "missing_reason", "scale", "era", "source_type", "source_url", "retrieved_at")


def plan_assessments(tables, ids: Sequence[str], assessor: str | None = None) -> pd.DataFrame:
    """Assessment rows of some commitments (optionally one assessor), categoricals as text."""
    a = tables["assessments"]
    a = a[a["commitment_id"].isin(ids)]
    if assessor is not None:
        a = a[a["assessor"] == assessor]
    # Only the columns the figures use: every later filter copies fewer blocks.
    out = a[list(_USED)].copy()
    for col in ("assessor", "stage", "indicator", "ogp_value", "value_kind", "missing_reason",
                "scale", "era", "source_type"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def pick(rows: pd.DataFrame, indicator: str | Sequence[str], stages: Sequence[str],
         ogp_value: str | None = None, scale: str | None = None) -> pd.DataFrame:
    """One assessment per commitment: the best row among several sources and stages.

    Order: a row with an answer (on the scale or off it) beats a missing one (a source's
    `ND` gives way to another source's value); then the earlier stage in `stages`; then the
    source precedence (data release > page status summary > page > listing > reports); then
    the latest capture.

    Args:
        rows: assessment rows (`plan_assessments`).
        indicator: the indicator name(s) to take, in preference order.
        stages: the stages to take, in preference order.
        ogp_value: None for the overall rows, or one OGP value.
        scale: keep only rows read on this scale (e.g. an 'Early Results' row read as DIOG).

    Returns:
        One row per commitment_id (index reset), with the assessment columns.
    """
    inds = [indicator] if isinstance(indicator, str) else list(indicator)
    sel = rows[rows["indicator"].isin(inds) & rows["stage"].isin(list(stages))]
    sel = sel[sel["ogp_value"].isna()] if ogp_value is None else sel[sel["ogp_value"] == ogp_value]
    if scale is not None:
        sel = sel[sel["scale"] == scale]
    if sel.empty:
        return sel.reset_index(drop=True)
    order = pd.DataFrame({
        "_answered": (~sel["value_kind"].isin(ANSWERED)).astype(int),
        "_ind": sel["indicator"].map({n: i for i, n in enumerate(inds)}),
        "_stage": sel["stage"].map({s: i for i, s in enumerate(stages)}),
        "_src": sel["source_type"].map(SOURCE_PRECEDENCE).fillna(99),
        "_when": sel["retrieved_at"],
    }, index=sel.index)
    order = order.sort_values(["_answered", "_ind", "_stage", "_src", "_when"],
                              ascending=[True, True, True, True, False], na_position="last")
    chosen = sel.loc[order.index].drop_duplicates("commitment_id", keep="first")
    return chosen.reset_index(drop=True)


def answered(picked: pd.DataFrame) -> pd.DataFrame:
    """The picked rows that carry an answer (on the scale or off it)."""
    return picked[picked["value_kind"].isin(ANSWERED)]


def ids_of(series: Iterable) -> list[str]:
    """Sorted, de-duplicated commitment IDs."""
    return sorted({str(x) for x in series})


def sources_of(picked: pd.DataFrame) -> str:
    """The source types behind some picked rows, by precedence ('irm_data_release; ogp_page')."""
    if picked.empty or "source_type" not in picked:
        return ""
    types = {str(t) for t in picked["source_type"].dropna()}
    return "; ".join(sorted(types, key=lambda t: SOURCE_PRECEDENCE.get(t, 99)))


def stages_of(picked: pd.DataFrame) -> str:
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
