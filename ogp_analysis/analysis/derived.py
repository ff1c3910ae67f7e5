"""OGP's derived indicators recomputed from the underlying ones and compared with the published values.

The rules are the IRM data release's own, as its rows show (see `docs/figures.md`):

- `High Completion`: the latest stage assessed (end of term, else mid-term) is Substantial or
  Complete. A commitment with no completion on the scale (not reviewed, no data) codes as No in
  the release (it prints 0), but that No is not a finding: nothing is recomputed, and the row is
  not compared (never an agreement).
- `Max Completion`: that latest value coded Not Started 0, Limited 1, Substantial 2, Complete 3
  (despite its name it is the latest, not the highest).
- `Change In Completion`: mid-term -> end of term, Increase / No Change / Decrease.
- `Starred (2015 Only)`: the older four-criteria rule (medium/high specificity; relevant to
  access to information, civic participation or public accountability; moderate or
  transformative potential impact; substantial or complete at mid-term).
- `Starred (Current Formula) Progress Report` / `... End of Term`: transformative impact
  required, completion at mid-term / end of term.
"""

from __future__ import annotations

import pandas as pd

from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.release import RELEASE_COLUMNS as RELEASE_CROSSWALK
from ogp_analysis.metadata.scales import OGP_VALUES, SCALES, STAGE_LABELS

# The derived indicators checked, in the order they are reported.
DERIVED = (
    "high_completion",
    "max_completion",
    "change_in_completion",
    "starred_2015_only",
    "starred_current_progress",
    "starred_current_end_of_term",
)
# The data release's column name of each, for messages and docs (from the release crosswalk).
RELEASE_COLUMNS = {col.name: name for name, col in RELEASE_CROSSWALK.items()
                   if col.target == "assessment" and col.name in DERIVED}
_LATEST_WORDS = ", else ".join(STAGE_LABELS[s] for s in R.DERIVED_LATEST_STAGES)
_VALUES_WORDS = ", ".join(OGP_VALUES[v].lower() for v in R.STAR_VALUES)
_SCALE = SCALES["completion"].values
RULES = {
    "high_completion": f"latest completion on the scale ({_LATEST_WORDS}) is "
    f"{' or '.join(R.HIGH_COMPLETION)}; none on the scale: not recomputed (the release prints 0)",
    "max_completion": f"latest completion on the scale ({_LATEST_WORDS}) coded "
    f"{_SCALE[0]} 0 .. {_SCALE[-1]} {len(_SCALE) - 1}; none: missing",
    "change_in_completion": "rank of end-of-term completion vs mid-term completion; either "
    "missing or off the scale: missing",
    "starred_2015_only": f"specificity {'/'.join(R.STAR_SPECIFICITY)}; relevant to {_VALUES_WORDS}; "
    f"impact {'/'.join(R.STAR_IMPACT_2015)}; mid-term completion {'/'.join(R.HIGH_COMPLETION)}",
    "starred_current_progress": f"as the 2014 rule but impact {'/'.join(R.STAR_IMPACT_CURRENT)}; "
    "mid-term completion",
    "starred_current_end_of_term": f"as the 2014 rule but impact {'/'.join(R.STAR_IMPACT_CURRENT)}; "
    "end-of-term completion",
}

# Underlying inputs of the rules (the columns of the "wide" frame besides the published ones).
INPUTS = (
    "specificity",
    "potential_impact",
    "completion_midterm",
    "completion_end_of_term",
    "access_to_information",
    "civic_participation",
    "public_accountability",
)

def _rank(value) -> int | None:
    """A completion value's rank on the scale (lowest 0), read from `scales.SCALES` at each call."""
    scale = SCALES["completion"].values
    return scale.index(value) if isinstance(value, str) and value in scale else None


def _latest(row) -> str | None:
    # OGP's derived columns read end of term, else mid-term (the release's own rule).
    for stage in (f"completion_{s}" for s in R.DERIVED_LATEST_STAGES):
        if _rank(row.get(stage)) is not None:
            return row.get(stage)
    return None


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _star(row, impacts, completion_col: str) -> str | None:
    """One star rule; missing when specificity, impact or the stage's completion is missing.

    The release leaves a star undecided (ND) whenever one of those three is missing, even
    when another criterion already fails, so the recomputation does the same.
    """
    spec, impact, completion = row.get("specificity"), row.get("potential_impact"), row.get(completion_col)
    if not (isinstance(spec, str) and isinstance(impact, str) and isinstance(completion, str)):
        return None
    values = [row.get(v) for v in R.STAR_VALUES]
    relevant = any(v == "Yes" for v in values)
    if not relevant and not all(v == "No" for v in values):
        return None  # relevance partly missing and nothing relevant: cannot decide
    ok = spec in R.STAR_SPECIFICITY and impact in impacts and completion in R.HIGH_COMPLETION and relevant
    return _yes(ok)


def recompute_row(row: dict) -> dict[str, str | None]:
    """Recompute every derived indicator of one commitment from its underlying values.

    Args:
        row: canonical values by INPUTS name (None or absent: missing).

    Returns:
        derived indicator -> recomputed canonical value (None: cannot be computed).
    """
    latest = _latest(row)
    mid, end = _rank(row.get("completion_midterm")), _rank(row.get("completion_end_of_term"))
    change = None
    if mid is not None and end is not None:
        change = "Increase" if end > mid else "Decrease" if end < mid else "No Change"
    return {
        "high_completion": None if latest is None else _yes(latest in R.HIGH_COMPLETION),
        "max_completion": None if latest is None else str(_rank(latest)),
        "change_in_completion": change,
        "starred_2015_only": _star(row, R.STAR_IMPACT_2015, "completion_midterm"),
        "starred_current_progress": _star(row, R.STAR_IMPACT_CURRENT, "completion_midterm"),
        "starred_current_end_of_term": _star(row, R.STAR_IMPACT_CURRENT, "completion_end_of_term"),
    }


# The statuses with a value on both sides: the only ones compared (the agreement rate's denominator).
_COMPARED = ("agree", "disagree")


def _status(published, recomputed) -> str:
    pub = isinstance(published, str)
    rec = isinstance(recomputed, str)
    if pub and rec:
        return "agree" if published == recomputed else "disagree"
    if not pub and not rec:
        return "both_missing"
    return "published_missing" if not pub else "recomputed_missing"


def compare_derived(wide: pd.DataFrame) -> pd.DataFrame:
    """Compare published derived indicators with the recomputed ones, one row per (commitment, indicator).

    Args:
        wide: one row per commitment with `commitment_id`, `member`, `cycle`, the INPUTS
            columns and, per derived indicator, a column of its published canonical value
            (None: missing) and optionally `<indicator>_missing_reason`.

    Returns:
        Columns commitment_id, member, cycle, indicator, published, published_missing_reason,
        recomputed, status (agree, disagree, both_missing, published_missing,
        recomputed_missing), agree (boolean; NA unless both sides have a value), rule, and the inputs.
    """
    rows = []
    for rec in wide.to_dict("records"):
        clean = {k: (v if isinstance(v, str) else None) for k, v in rec.items() if k in INPUTS}
        recomputed = recompute_row(clean)
        for ind in DERIVED:
            if ind not in rec:
                continue
            published = rec[ind] if isinstance(rec[ind], str) else None
            status = _status(published, recomputed[ind])
            rows.append({
                "commitment_id": rec["commitment_id"],
                "member": rec.get("member"),
                "cycle": rec.get("cycle"),
                "indicator": ind,
                "published": published,
                "published_missing_reason": rec.get(f"{ind}_missing_reason"),
                "recomputed": recomputed[ind],
                "status": status,
                # Compared only with a value on both sides: a value on one side is neither an
                # agreement nor a disagreement.
                "agree": status == "agree" if status in _COMPARED else pd.NA,
                "rule": RULES[ind],
                **clean,
            })
    cols = ["commitment_id", "member", "cycle", "indicator", "published",
            "published_missing_reason", "recomputed", "status", "agree", "rule", *INPUTS]
    out = pd.DataFrame(rows, columns=cols)
    out["agree"] = out["agree"].astype("boolean")
    return out


def summarise_agreement(compared: pd.DataFrame) -> pd.DataFrame:
    """Agreement counts and rate per derived indicator.

    The rate is agree / (agree + disagree): the rows with a value on both sides. A value on one
    side only is neither an agreement nor a disagreement: a published value that is missing
    (`published_missing`) and one the inputs cannot recompute (`recomputed_missing`: e.g. a
    High Completion of 0 where completion is not reviewed) are counted apart.

    Args:
        compared: the output of `compare_derived` (or `derived_check`).
    """
    statuses = ["agree", "disagree", "published_missing", "recomputed_missing", "both_missing"]
    rows = []
    for ind in DERIVED:
        sub = compared[compared["indicator"] == ind]
        if sub.empty:
            continue
        counts = {s: int((sub["status"] == s).sum()) for s in statuses}
        decided = sum(counts[c] for c in _COMPARED)
        rows.append({
            "indicator": ind,
            "release_column": RELEASE_COLUMNS[ind],
            "rows": int(len(sub)),
            **counts,
            "agreement_rate": counts["agree"] / decided if decided else float("nan"),
            "disagreeing_ids": sorted(sub.loc[sub["status"] == "disagree",
                                              "commitment_id"]),
        })
    return pd.DataFrame(rows, columns=["indicator", "release_column", "rows", *statuses,
                                       "agreement_rate", "disagreeing_ids"])
