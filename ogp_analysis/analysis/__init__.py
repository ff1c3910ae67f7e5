"""The analysis layer: figures computed from the processed tables, each traceable to the commitments behind it."""

from __future__ import annotations

import inspect
from importlib import import_module
from typing import TYPE_CHECKING

from ogp_analysis.errors import NotFoundError, OGPAnalysisError

if TYPE_CHECKING:
    import pandas as pd

# The names this package exports and the module each lives in. They are imported on first
# use (PEP 562), so reading the figure registry -- which every CLI start does for `--help` --
# does not load pandas and every analysis module.
_EXPORTS = {
    "compare_derived": "derived", "recompute_row": "derived", "summarise_agreement": "derived",
    "CSV_COLUMNS": "frames", "answers": "frames", "plan_answers": "frames",
    "ambition_completion": "glance", "at_a_glance": "glance", "completion_distribution": "glance",
    "cross_cycle": "glance", "cross_member": "glance", "diog_by_value": "glance",
    "policy_areas": "glance",
    "commitment_table": "plan", "coverage": "plan", "derived_agreement": "plan",
    "derived_check": "plan", "derived_inputs": "plan", "plan_data_quality": "plan",
    "plan_overview": "plan",
    "field_label": "registry",
    "computed_completion": "published", "plan_sizes": "published",
    "published_completion": "published",
    "check_labels": "questions", "count_shares": "questions", "indicator_values": "questions",
    "select_commitments": "questions", "shares": "questions", "side_by_side": "questions",
}

__all__ = sorted([*_EXPORTS, "FIGURES", "REGISTRY", "figure"])


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"ogp_analysis.analysis.{_EXPORTS[name]}"), name)
    if name == "REGISTRY":
        from ogp_analysis.analysis.registry import FIGURES as registry

        return registry
    if name == "FIGURES":
        # CLI figure name -> function (from the figure registry).
        from ogp_analysis.analysis.registry import FIGURES as registry

        return {n: fig.function for n, fig in registry.items()}
    raise AttributeError(f"module 'ogp_analysis.analysis' has no attribute {name!r}")


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
    figures = __getattr__("FIGURES")
    if name not in figures:
        raise NotFoundError(f"unknown figure {name!r}; figures: {', '.join(figures)}")
    func = figures[name]
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
