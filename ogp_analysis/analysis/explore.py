"""A helper a researcher reaches for in a notebook: filter commitments (counting and comparing: `analysis.questions`)."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import frames as F


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
