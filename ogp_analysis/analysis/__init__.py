"""The analysis layer: figures computed from the processed tables, each traceable to the commitments behind it."""

from __future__ import annotations

import inspect

import pandas as pd

from ogp_analysis.analysis.derived import compare_derived, recompute_row, summarise_agreement
from ogp_analysis.analysis.frames import CSV_COLUMNS
from ogp_analysis.analysis.glance import (
    ambition_completion,
    at_a_glance,
    completion_distribution,
    cross_cycle,
    cross_member,
    diog_by_value,
    policy_areas,
)
from ogp_analysis.analysis.plan import (
    commitment_table,
    coverage,
    derived_agreement,
    derived_check,
    derived_inputs,
    plan_data_quality,
    plan_overview,
)
from ogp_analysis.analysis.registry import FIGURES as REGISTRY
from ogp_analysis.analysis.registry import field_label
from ogp_analysis.errors import NotFoundError, OGPAnalysisError

# CLI figure name -> function (from the figure registry).
FIGURES = {name: fig.function for name, fig in REGISTRY.items()}

__all__ = [
    "CSV_COLUMNS", "FIGURES", "ambition_completion", "at_a_glance", "commitment_table",
    "compare_derived", "completion_distribution", "coverage", "cross_cycle", "cross_member",
    "REGISTRY", "derived_agreement", "derived_check", "derived_inputs", "diog_by_value",
    "field_label", "figure",
    "plan_data_quality", "plan_overview", "policy_areas", "recompute_row", "summarise_agreement",
]


def figure(name: str, tables: dict[str, pd.DataFrame], **params) -> pd.DataFrame:
    """Compute a figure by its CLI name.

    Parameters a figure does not take are ignored when None and refused otherwise; `cycle`
    becomes `cycles=[cycle]` and `member` becomes `members=[member]` for the figures that take
    lists.

    Args:
        name: one of FIGURES (`at-a-glance`, `completion`, ...).
        tables: the processed tables.
        **params: member, cycle, assessor, indicator, vocabulary.

    Raises:
        NotFoundError: unknown figure (lists the valid ones), member or cycle.
        OGPAnalysisError: a parameter the figure needs is missing, or one it cannot use is given.
    """
    if name not in FIGURES:
        raise NotFoundError(f"unknown figure {name!r}; figures: {', '.join(FIGURES)}")
    func = FIGURES[name]
    sig = inspect.signature(func)
    given = {k: v for k, v in params.items() if v is not None}
    if "cycles" in sig.parameters and "cycle" in given:
        given["cycles"] = [given.pop("cycle")]
    if "members" in sig.parameters and "member" in given:
        given["members"] = [given.pop("member")]
    unused = [k for k in given if k not in sig.parameters]
    if unused:
        raise OGPAnalysisError(f"figure {name!r} does not take {', '.join(unused)}")
    needed = [p.name for p in sig.parameters.values()
              if p.default is inspect.Parameter.empty and p.name != "tables" and p.name not in given]
    if needed:
        hint = ""
        if "cycle" in needed and "member" in given:
            from ogp_analysis.analysis.frames import member_cycles, resolve_member

            slug = resolve_member(tables, given["member"])
            hint = f" (cycles of {slug}: {', '.join(str(c) for c in member_cycles(tables, slug))})"
        raise OGPAnalysisError(f"figure {name!r} needs {', '.join(needed)}{hint}")
    return func(tables, **given)
