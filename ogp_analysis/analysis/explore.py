"""Helpers a researcher reaches for in a notebook: filter commitments, count one row per commitment, shares with their denominators, two plans compared."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.summaries import share_text


def select_commitments(tables: dict[str, pd.DataFrame], member: str | None = None, cycle=None,
                       ogp_value: str | None = None, policy_area: str | None = None,
                       starred: bool | None = None) -> pd.DataFrame:
    """Commitments filtered by member, plan, OGP value, policy area (any vocabulary) or star.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        ogp_value: e.g. `access_to_information`: commitments a source marks relevant to it.
        policy_area: an area as any source prints it (case-insensitive).
        starred: True: the published star is Yes; False: stated No. Unstated stars match neither.
    """
    com = tables["commitments"]
    keep = pd.Series(True, index=com.index)
    if member is not None:
        keep &= com["member"] == F.resolve_member(tables, member)
    if cycle is not None:
        keep &= com["cycle"] == int(cycle)
    if ogp_value is not None:
        v = tables["commitment_ogp_values"]
        ids = v.loc[(v["ogp_value"] == ogp_value) & v["is_relevant_to_value"].fillna(False), "commitment_id"]
        keep &= com["commitment_id"].isin(set(ids))
    if policy_area is not None:
        pa = tables["commitment_policy_areas"]
        ids = pa.loc[pa["policy_area"].str.casefold() == policy_area.casefold(), "commitment_id"]
        keep &= com["commitment_id"].isin(set(ids))
    if starred is not None:
        keep &= com["irm_is_starred"].eq(starred).fillna(False)
    return com[keep.fillna(False).astype(bool)].reset_index(drop=True)


def completion_per_commitment(tables: dict[str, pd.DataFrame], ids, assessor: str = "irm",
                              moment: str = "latest") -> pd.DataFrame:
    """One row per commitment with a counted answer (never one per source or stage): its completion, from the answer table.

    Args:
        tables: the processed tables.
        ids: commitment IDs.
        assessor: whose completion.
        moment: `midterm`, `end_of_term` or `latest`.
    """
    got = F.counted(F.question(F.shared_answers(tables), "completion", moment, assessor))
    got = got[got["commitment_id"].isin(list(ids))]
    return got[["commitment_id", "value", "stage", "source_type", "source_url"]].reset_index(drop=True)


def count_with_denominator(values: pd.Series, of: int | None = None) -> pd.DataFrame:
    """Counts per value with the denominator shown: 'n of those with a value' (and of the whole).

    Args:
        values: one value per commitment (missing values are left out of the denominator).
        of: the size of the whole (e.g. the plan), shown beside it.
    """
    got = values.dropna()
    counts = got.value_counts()
    out = pd.DataFrame({"value": counts.index.astype(str), "count": counts.to_numpy()})
    out["with_a_value"] = len(got)
    out["share"] = [share_text(n, len(got)) for n in out["count"]]
    if of is not None:
        out["of_the_whole"] = of
    return out


def compare_plans(tables: dict[str, pd.DataFrame], member: str, first, second,
                  assessor: str = "irm") -> pd.DataFrame:
    """Two plans side by side: completion at the latest stage, each count over its own denominator.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        first: one plan's start year.
        second: the other's.
        assessor: whose completion.
    """
    parts = []
    for cycle in (first, second):
        p = F.plan(tables, member, cycle)
        counted = count_with_denominator(
            completion_per_commitment(tables, p.commitment_ids, assessor)["value"],
            of=len(p.commitment_ids))
        parts.append(counted.assign(cycle=p.cycle))
    both = pd.concat(parts, ignore_index=True)
    return both.pivot_table(index="value", columns="cycle", values="share", aggfunc="first").fillna(
        "none with this value")
