"""Checking a report's parameters before anything runs: names the notebook declares, members and cycles in the data."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import papermill

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.keys import resolve_member
from ogp_analysis.report.kinds import ASSESSORS


def notebook_parameters(notebook: Path | str) -> dict[str, dict]:
    """The parameters a notebook declares in its `parameters` cell.

    Args:
        notebook: path of the notebook.

    Returns:
        name -> {"type": inferred type name, "default": default as written, "help": comment}.
    """
    path = Path(notebook)
    if not path.is_file():
        raise NotFoundError(f"notebook not found: {path}")
    found = papermill.inspect_notebook(str(path))
    if not found:
        raise OGPAnalysisError(f"{path}: no code cell tagged 'parameters'")
    return {
        name: {"type": p["inferred_type_name"], "default": p["default"], "help": p["help"]}
        for name, p in found.items()
    }


def check_parameter_names(notebook: Path | str, parameters: dict) -> None:
    """Refuse parameters the notebook does not declare (papermill itself only warns).

    Raises:
        OGPAnalysisError: naming the unknown parameters and listing the valid ones.
    """
    declared = notebook_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        valid = ", ".join(f"{n}: {d['type']}" for n, d in declared.items())
        raise OGPAnalysisError(
            f"unknown parameter(s) {', '.join(unknown)} for {Path(notebook).name}; "
            f"it takes: {valid}"
        )


def plans_in_data(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The (member, cycle) pairs the processed tables hold an action plan for, sorted."""
    plans = tables["action_plans"][["member", "cycle"]].drop_duplicates()
    return plans.sort_values(["member", "cycle"]).reset_index(drop=True)


def resolve_report_member(tables: dict[str, pd.DataFrame], member: str) -> str:
    """The slug of a member that has at least one action plan in the data.

    Args:
        tables: the processed tables.
        member: slug or display name.

    Raises:
        NotFoundError: listing the members with plans.
    """
    with_plans = set(plans_in_data(tables)["member"])
    names = tables["members"].set_index("member")["member_name"].to_dict()
    pairs: Iterable[tuple[str, str | None]] = [
        (m, _text_or_none(names.get(m))) for m in sorted(with_plans)
    ]
    return resolve_member(member, pairs)


def check_cycles(tables: dict[str, pd.DataFrame], member: str, cycles: Iterable[int]) -> list[int]:
    """Check that each cycle is one of the member's action plans.

    Args:
        tables: the processed tables.
        member: a member slug (already resolved).
        cycles: start years asked for.

    Returns:
        The cycles as ints, in the order given.

    Raises:
        NotFoundError: naming the unknown cycle(s) and listing the member's plans.
    """
    plans = plans_in_data(tables)
    valid = [int(c) for c in plans.loc[plans["member"] == member, "cycle"]]
    asked = [int(c) for c in cycles]
    unknown = [c for c in asked if c not in valid]
    if unknown:
        raise NotFoundError(
            f"no action plan of {member} for cycle(s) {', '.join(map(str, unknown))}; "
            f"its plans start in: {', '.join(map(str, valid)) or '(none)'}"
        )
    return asked


def check_assessor(assessor: str) -> str:
    """Refuse an assessor other than irm, government or both."""
    if assessor not in ASSESSORS:
        raise OGPAnalysisError(f"unknown assessor {assessor!r}; choose one of: {', '.join(ASSESSORS)}")
    return assessor


def parse_cycles(text: str) -> list[int]:
    """`"2011,2013"` -> [2011, 2013]; a non-year is refused by name."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit() or len(part) != 4:
            raise OGPAnalysisError(f"not a cycle (a plan's start year): {part!r} in --cycles {text!r}")
        out.append(int(part))
    return out


def _text_or_none(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
