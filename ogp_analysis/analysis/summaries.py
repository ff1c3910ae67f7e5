"""Per-plan and per-member summaries the reports show: data sources, shares across plans, carried-forward threads, derived-check disagreements."""

from __future__ import annotations

import pandas as pd

_CITING_TABLES = ("commitments", "assessments", "commitment_policy_areas",
                  "commitment_ogp_values", "commitment_institutions", "commitment_milestones")


def _member_urls(tables: dict[str, pd.DataFrame], member: str, cycle: int | None) -> pd.DataFrame:
    """Every (table, source_url, commitment_id) the member's (or plan's) rows cite."""
    com = tables["commitments"]
    com = com[com["member"] == member]
    if cycle is not None:
        com = com[com["cycle"] == cycle]
    ids = set(com["commitment_id"])
    parts = []
    for name in _CITING_TABLES:
        t = tables[name]
        rows = t[t["commitment_id"].isin(ids)]
        parts.append(pd.DataFrame({"table": name, "source_url": rows["source_url"].astype(str),
                                   "commitment_id": rows["commitment_id"].astype(str)}))
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def data_sources(tables: dict[str, pd.DataFrame], member: str, cycle: int | None = None) -> pd.DataFrame:
    """The sources behind a member's (or one plan's) rows, by kind of source.

    Capture dates come from the `sources` table; a source with no capture date is said
    "undated" (the bundled facts carry none), never left blank.

    Args:
        tables: the processed tables.
        member: member slug.
        cycle: one plan's start year (None: every plan of the member).

    Returns:
        One row per (source_type, origin): documents, commitments they cover, rows citing
        them, the earliest and latest capture, and how many are undated.
    """
    cited = _member_urls(tables, member, cycle)
    src = tables["sources"][["source_url", "source_type", "origin", "retrieved_at"]]
    merged = cited.merge(src, on="source_url", how="left")
    # A URL cited by a row but absent from `sources` is a gap in the build: show it as such.
    merged["source_type"] = merged["source_type"].astype(object).fillna("(not in sources table)")
    merged["origin"] = merged["origin"].astype(object).fillna("–")
    out = []
    for (stype, origin), g in merged.groupby(["source_type", "origin"], sort=True):
        docs = g.drop_duplicates("source_url")
        dated = docs["retrieved_at"].dropna()
        undated = int(docs["retrieved_at"].isna().sum())
        if len(dated):
            first, last = dated.min().date().isoformat(), dated.max().date().isoformat()
            span = first if first == last else f"{first} to {last}"
        else:
            span = "undated"
        out.append({
            "source type": stype,
            "origin": origin,
            "documents": int(docs["source_url"].nunique()),
            "commitments": int(g["commitment_id"].nunique()),
            "snapshot dates": span,
            "undated documents": undated,
        })
    return pd.DataFrame(out, columns=["source type", "origin", "documents", "commitments",
                                      "snapshot dates", "undated documents"])
_CHECK_INPUTS = {"specificity": "specificity", "potential_impact": "impact",
                 "completion_midterm": "mid-term", "completion_end_of_term": "end of term"}


def check_disagreements(check: pd.DataFrame) -> pd.DataFrame:
    """The rows of a derived-indicator check where published and recomputed values differ.

    A value on one side only counts as a disagreement too (it is listed with its status). The
    rule's inputs are joined into one readable column; the figure CSV keeps them apart.

    Args:
        check: `ogp_analysis.analysis.derived_check(...)` output.
    """
    bad = check[~check["status"].isin(["agree", "both_missing"])]

    def inputs(row) -> str:
        return "; ".join(f"{label} {row[col]}" for col, label in _CHECK_INPUTS.items()
                         if col in row and isinstance(row[col], str))

    out = bad[["commitment_id", "indicator", "published", "recomputed", "status"]].copy()
    out["inputs"] = [inputs(r) for _, r in bad.iterrows()]
    if "source_url" in bad:
        out["source_url"] = bad["source_url"]
    return out.reset_index(drop=True)


# Below this many commitments a share is shown as its two counts only: a percentage of 1 or 3
# commitments reads as a finding it is not.
SHARE_MIN_FOR_PERCENT = 5


def share_kinds(answers: dict, field: str) -> list[str]:
    """The kinds of a plan's answers to the question a cross-cycle share counts (`registry.SHARE_QUESTIONS`)."""
    from ogp_analysis.analysis import frames as F
    from ogp_analysis.analysis.registry import SHARE_QUESTIONS

    indicator, moment = SHARE_QUESTIONS[field]
    return sorted(set(F.question(answers, indicator, moment).kinds))


def share_text(count, denominator, kinds: list[str] | None = None) -> str:
    """'12 of 21 (57%)'; '1 of 3' for small denominators; without a denominator, what the answers are.

    Args:
        count: the numerator.
        denominator: the commitments with a value or a stated answer off the scale.
        kinds: the kinds of the plan's answers (`share_kinds`): when nothing is counted and they
            are all of one kind, its label is shown ('not applicable', 'no data'); else 'no value
            in the data'.
    """
    from ogp_analysis.metadata import rules as R

    if count is None or pd.isna(count) or denominator is None or pd.isna(denominator) or not denominator:
        if kinds is not None and len(kinds) == 1 and kinds[0] not in R.COUNTED_KINDS:
            return R.KIND_LABELS[kinds[0]]
        return "no value in the data"
    if int(denominator) < SHARE_MIN_FOR_PERCENT:
        return f"{int(count)} of {int(denominator)}"
    return f"{int(count)} of {int(denominator)} ({100 * int(count) / int(denominator):.0f}%)"


def cross_cycle_shares(side: pd.DataFrame) -> pd.DataFrame:
    """Per plan: its commitments, and each share of `cross_cycle` over the commitments with a value.

    The denominator of each share is declared in the figure registry (`SHARE_DENOMINATORS`):
    the commitments with a value for what it counts, never the whole plan. Both counts are shown.

    Args:
        side: `ogp_analysis.analysis.cross_cycle(...)` output.

    Returns:
        cycle, commitments, and one text column per share ("3 of 3 (100%)").
    """
    from ogp_analysis.analysis.registry import SHARE_DENOMINATORS, field_label

    rows = []
    for cycle, g in side.groupby("cycle", sort=True):
        values = g.set_index("field")["value"]
        row = {"cycle": int(cycle), "commitments": values.get("commitments")}
        for field, denominator in SHARE_DENOMINATORS.items():
            row[field_label(field)] = share_text(values.get(field), values.get(denominator))
        rows.append(row)
    out = pd.DataFrame(rows)
    if not out.empty:
        out["commitments"] = out["commitments"].astype("Int64")
    return out


def carried_forward(tables: dict[str, pd.DataFrame], side: pd.DataFrame) -> pd.DataFrame:
    """The commitments `cross_cycle` counts as carried forward, with title and page.

    Args:
        tables: the processed tables.
        side: `ogp_analysis.analysis.cross_cycle(...)` output.
    """
    rows = side[side["field"] == "carried_forward"]
    ids = [cid for ids_ in rows["commitment_ids"] for cid in (ids_ if isinstance(ids_, (list, tuple)) else [])]
    com = tables["commitments"]
    out = com[com["commitment_id"].isin(ids)][["cycle", "commitment_id", "title", "source_url"]]
    return out.sort_values(["cycle", "commitment_id"]).reset_index(drop=True)


# The plan-level shares compared across members: share -> (indicator, moment, the answers it
# counts), each over the plan's commitments with a value or a stated answer off the scale.
def _standing_shares() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    from ogp_analysis.metadata import rules as R

    return {"high_completion": ("completion", "latest", R.HIGH_COMPLETION),
            "diog_strong": ("diog", "any", R.STRONG_RESULTS),
            "starred": ("starred", "any", ("Yes",)),
            **{rule: (rule, "any", ("Yes",)) for rule in R.STAR_RULES}}


STANDING_MIN_MEMBERS = 5


def plan_shares(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan of every member: the IRM shares of `_standing_shares` with both counts, from the answer table.

    The denominator is the plan's commitments with a counted answer (`rules.COUNTED_KINDS`): a
    star no source states is left out of both counts, never counted as not starred.

    Returns:
        member, cycle, share (name), count, denominator, value (count / denominator; NA when
        the denominator is 0).
    """
    from ogp_analysis.analysis import frames as F
    from ogp_analysis.metadata import rules as R

    answers = F.shared_answers(tables)
    answers = answers[answers["assessor"] == "irm"]
    plans = answers[["member", "cycle"]].drop_duplicates().sort_values(["member", "cycle"])
    out = []
    for share, (indicator, moment, good) in _standing_shares().items():
        q = F.question(answers, indicator, moment)
        counted = q["kind"].isin(R.COUNTED_KINDS)
        hit = counted & q["value"].isin(list(good))
        g = pd.DataFrame({"member": q["member"], "cycle": q["cycle"], "count": hit,
                          "denominator": counted}).groupby(["member", "cycle"]).sum()
        part = plans.merge(g.reset_index(), on=["member", "cycle"], how="left")
        part["share"] = share
        out.append(part)
    res = pd.concat(out, ignore_index=True)
    res["member"] = res["member"].astype(str)
    res["cycle"] = res["cycle"].astype(int)
    res["count"] = res["count"].astype(int)
    res["denominator"] = res["denominator"].astype(int)
    res["value"] = (res["count"] / res["denominator"].where(res["denominator"] > 0)).astype("Float64")
    return res[["member", "cycle", "share", "count", "denominator", "value"]]


def member_standing(tables: dict[str, pd.DataFrame], member: str) -> pd.DataFrame:
    """Where a member's plans stand among every member's plans in the data: median and quartiles.

    Only computed when the data holds at least `STANDING_MIN_MEMBERS` members; each share is
    compared over the plans with a denominator (a plan with no value is left out, not 0 %).

    Args:
        tables: the processed tables.
        member: the member slug.

    Returns:
        One row per share: the member's plans' values ("3 of 3"), the number of members and
        plans compared, and the quartiles; empty when there are too few members.
    """
    shares = plan_shares(tables)
    members = shares["member"].nunique()
    if members < STANDING_MIN_MEMBERS:
        return pd.DataFrame()
    rows = []
    for share, g in shares.dropna(subset=["value"]).groupby("share", sort=False):
        q = g["value"].astype(float).quantile([0.25, 0.5, 0.75])
        mine = g[g["member"] == member].sort_values("cycle")
        rows.append({
            "share": share, "members": int(g["member"].nunique()), "plans": int(len(g)),
            "lower_quartile": float(q[0.25]), "median": float(q[0.5]), "upper_quartile": float(q[0.75]),
            "member_plans": "; ".join(f"{r.cycle}: {int(r.count)} of {int(r.denominator)}"
                                      for r in mine.itertuples()) or "no value in the data",
        })
    return pd.DataFrame(rows)
