"""The questions researchers ask, each one call: one indicator per commitment, shares by any grouping, side by side.

```python
from ogp_analysis import analysis

analysis.indicator_values(tables, "potential_impact")           # one row per commitment, with its kind
analysis.shares(tables, "starred", by="region", labels="Yes")   # starred share by region
analysis.shares(tables, "completion", by="cycle", moment="end_of_term")   # per label, per plan year
analysis.shares(tables, "diog", by="member", labels=["Major", "Outstanding"])
analysis.side_by_side(tables, members=["Albania", "Armenia"])   # completion per label, member by member
```

Every value is picked by the pickers the figures use (`analysis.pickers`, rules in
`metadata.rules`), so a share here and a figure give one answer. A share is over the
commitments with an answer (on the scale or off it): its `denominator` is in the frame, and a
group with no answer has share NA, never 0.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import INDICATORS, SCALES

# Groupings `shares` reads from another table (a commitment may be in several groups).
MULTI_GROUPS = {"policy_area": ("commitment_policy_areas", "policy_area"),
                "ogp_value": ("commitment_ogp_values", "ogp_value")}
VALUES_COLUMNS = ("commitment_id", "member", "member_name", "region", "cycle", "action_plan_id", "era",
                  "indicator", "ogp_value", "assessor", "moment", "value", "value_rank", "kind",
                  "stage", "source_type", "source_url")


def indicator_labels(indicator: str) -> tuple[str, ...]:
    """Every answer an indicator's values can take: its scales' values, then their off-scale answers."""
    check_indicator(indicator)
    return tuple(dict.fromkeys(label for name in INDICATORS[indicator].scale_names
                               for label in SCALES[name].labels))


def check_indicator(indicator: str) -> str:
    """Refuse an indicator the model does not know, naming the close one.

    Raises:
        NotFoundError: unknown indicator (the close name and every name are in the message).
    """
    if indicator not in INDICATORS:
        raise NotFoundError(f"unknown indicator {indicator!r}{_did_you_mean(indicator, INDICATORS)}; "
                            f"indicators: {', '.join(INDICATORS)}")
    return indicator


def check_labels(indicator: str, labels: str | Sequence[str]) -> tuple[str, ...]:
    """The labels of a filter, refused when one is not an answer of the indicator (naming the close one).

    `check_labels("completion", "Completed")` raises "'Completed' is not a label of completion;
    did you mean 'Complete'?": a comparison with a label not on the scale would silently match
    nothing.

    Raises:
        NotFoundError: a label the indicator's scales do not have.
    """
    known = indicator_labels(indicator)
    wanted = (labels,) if isinstance(labels, str) else tuple(labels)
    for label in wanted:
        if label not in known:
            raise NotFoundError(f"{label!r} is not a label of {indicator}{_did_you_mean(label, known)}; "
                                f"labels: {', '.join(known)}")
    return wanted


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

    Example:
        >>> analysis.select_commitments(tables, member="United Kingdom", ogp_value="access_to_information")
    """
    com = tables["commitments"]
    keep = pd.Series(True, index=com.index)
    if member is not None:
        keep &= com["member"] == F.resolve_member(tables, member)
    if cycle is not None:
        keep &= com["cycle"] == int(cycle)
    for column, wanted in (("ogp_value", ogp_value), ("policy_area", policy_area)):
        if wanted is not None:
            table, field = MULTI_GROUPS[column]
            links = tables[table]
            hit = links[field].astype(str).str.casefold() == wanted.casefold()
            if "is_relevant_to_value" in links:
                hit &= links["is_relevant_to_value"].fillna(False).astype(bool)
            keep &= com["commitment_id"].isin(set(links.loc[hit.to_numpy(dtype=bool), "commitment_id"]))
    if starred is not None:
        keep &= com["irm_is_starred"].eq(starred).fillna(False)
    return com[keep.fillna(False).astype(bool)].reset_index(drop=True)


def _did_you_mean(text: str, known) -> str:
    """"; did you mean 'Complete'?" for the closest known text (aliases of the scales too), or ""."""
    folded = {k.casefold(): k for k in known}
    for scale in SCALES.values():  # a printed alias ('Completed') names its canonical label
        folded.update({a: c for a, c in scale.aliases.items() if c in known and not a.isdigit()})
    close = folded.get(str(text).strip().casefold()) or next(iter(difflib.get_close_matches(
        str(text), list(known), n=1, cutoff=0.6)), None)
    return f"; did you mean {close!r}?" if close else ""


def _scope(tables: dict[str, pd.DataFrame], members, cycles) -> pd.DataFrame:
    """The commitments of the members and plan years asked for, with the member's region and name."""
    com = tables["commitments"]
    keep = pd.Series(True, index=com.index)
    if members is not None:
        slugs = {F.resolve_member(tables, m) for m in ([members] if isinstance(members, str) else members)}
        keep &= com["member"].isin(slugs)
    if cycles is not None:
        keep &= com["cycle"].isin([int(c) for c in ([cycles] if isinstance(cycles, int | str) else cycles)])
    out = com.loc[keep.to_numpy(dtype=bool), ["commitment_id", "member", "region", "cycle", "action_plan_id",
                                              "era"]]
    out = out.astype({"member": str, "era": object})
    who = tables["members"][["member", "member_name"]].astype({"member": str})
    return out.merge(who, on="member", how="left").reset_index(drop=True)


def _answers(tables: dict[str, pd.DataFrame], scope: pd.DataFrame, indicator: str, assessor: str,
             moment: str, ogp_value: str | None) -> pd.DataFrame:
    """One answer per commitment of `scope` (its rows, in order): value, kind, value_rank, stage, source.

    The one place this module reads the answers: the answer table every figure counts from
    (`ogp_analysis.answers`), its kinds those of `rules.ANSWER_KINDS`.
    """
    from ogp_analysis.answers import question

    asked = moment if indicator == "completion" else "any"
    got = question(F.shared_answers(tables), indicator, asked, assessor, ogp_value)
    got = got[["commitment_id", "value", "rank", "kind", "stage", "source_type", "source_url"]]
    out = scope[["commitment_id"]].merge(got.rename(columns={"rank": "value_rank"}),
                                         on="commitment_id", how="left")
    out["kind"] = out["kind"].where(out["kind"].notna(), "not_in_data")
    return out


def indicator_values(tables: dict[str, pd.DataFrame], indicator: str = "completion", assessor: str = "irm",
                     moment: str = "latest", members=None, cycles=None,
                     ogp_value: str | None = None) -> pd.DataFrame:
    """One indicator, one row per commitment (every commitment of the scope, with or without a value).

    Args:
        tables: the processed tables.
        indicator: any indicator of `metadata.scales.INDICATORS` (`completion`, `potential_impact`,
            `diog`, `starred` (the published star), `specificity`, ...).
        assessor: `irm`, `government`, `civil_society` or `joint`.
        moment: completion at `midterm`, `end_of_term` or `latest` (other indicators: `latest`).
        members: a member or members (slug or name; default every member).
        cycles: a plan start year or years (default every plan).
        ogp_value: for `diog`: one OGP value's answer instead of the overall one.

    Returns:
        `VALUES_COLUMNS`: the commitment, its member (name, region), plan, the value picked and its
        `value_rank` on the scale, and its `kind`: `value`, `off_scale`, or the kind of missing
        value (`not_yet`, `no_data`, `not_reviewed`, `not_in_data`, `not_applicable`: `rules.ANSWER_KINDS`).

    Example:
        >>> impact = analysis.indicator_values(tables, "potential_impact", members="United Kingdom")
        >>> impact[impact["kind"] == "value"].groupby("cycle")["value"].value_counts()
    """
    check_indicator(indicator)
    F.check_assessor(assessor)
    if moment not in R.COMPLETION_MOMENTS:
        raise NotFoundError(f"unknown moment {moment!r}; moments: {', '.join(R.COMPLETION_MOMENTS)}")
    if assessor not in R.COMPLETION_STAGES and indicator == "completion":
        raise OGPAnalysisError(f"completion by {assessor} is in the progress updates "
                               "(analysis.progress), not in assessments")
    if indicator != "completion" and moment != "latest":
        raise OGPAnalysisError(f"{indicator} is read at the latest stage that has it; moment "
                               f"{moment!r} is for completion")
    scope = _scope(tables, members, cycles).astype({"commitment_id": str})
    out = scope.merge(_answers(tables, scope, indicator, assessor, moment, ogp_value), on="commitment_id",
                      how="left")
    out["indicator"], out["ogp_value"], out["assessor"], out["moment"] = indicator, ogp_value, assessor, moment
    return out[list(VALUES_COLUMNS)]


def _grouped(tables, values: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """`values` with the grouping columns, one row per (commitment, group) for a multi-group."""
    for column in by:
        if column in MULTI_GROUPS and column not in values:
            table, field = MULTI_GROUPS[column]
            links = tables[table]
            if "is_relevant_to_value" in links:
                links = links[links["is_relevant_to_value"].fillna(False).astype(bool)]
            links = links[["commitment_id", field]].astype(str).drop_duplicates()
            values = values.merge(links, on="commitment_id", how="inner")
        elif column not in values:
            raise NotFoundError(f"cannot group by {column!r}; groupings: "
                                f"{', '.join([c for c in VALUES_COLUMNS if c != 'commitment_id'] + list(MULTI_GROUPS))}")
    return values


def count_shares(values: pd.DataFrame, by: str | Sequence[str] | None = None, labels=None,
                 tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Counts and shares of a frame from `indicator_values`, by any grouping (see `shares`)."""
    indicator = str(values["indicator"].iloc[0]) if len(values) else "completion"
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    values = _grouped(tables, values, by) if by else values
    wanted = None if labels is None else check_labels(indicator, labels)
    answered = values["kind"].isin(R.COUNTED_KINDS)
    groups = values.groupby(by, dropna=False, sort=True) if by else [((), values)]
    rows = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        got = group[group["kind"].isin(R.COUNTED_KINDS)]
        base = dict(zip(by, key, strict=True)) | {
            "denominator": len(got), "commitments": len(group),
            "without_value": int((~answered.loc[group.index]).sum())}
        for label in ([" or ".join(wanted)] if wanted else indicator_labels(indicator)):
            hit = got[got["value"].isin(wanted if wanted else [label])]
            rows.append(base | {"label": label, "numerator": len(hit),
                                "commitment_ids": sorted(hit["commitment_id"])})
    out = pd.DataFrame(rows, columns=[*by, "label", "numerator", "denominator", "share",
                                      "commitments", "without_value", "commitment_ids"])
    out["share"] = (out["numerator"] / out["denominator"].where(out["denominator"] > 0)).astype("Float64")
    if wanted is None:  # labels no commitment of the scope has anywhere are left out
        used = set(out.loc[out["numerator"] > 0, "label"])
        out = out[out["label"].isin(used)]
    return out.reset_index(drop=True)


def shares(tables: dict[str, pd.DataFrame], indicator: str = "completion",
           by: str | Sequence[str] | None = None, labels: str | Sequence[str] | None = None,
           **scope) -> pd.DataFrame:
    """Counts and shares with their numerator and denominator, by any grouping.

    Args:
        tables: the processed tables.
        indicator: the indicator (see `indicator_values`).
        by: a column or columns to group by: `member`, `member_name`, `region`, `cycle`,
            `action_plan_id`, `era`, and `policy_area` or `ogp_value` (a commitment counts in
            each of its areas; OGP values it is relevant to). Default: one group.
        labels: a label or labels counted together (`["Major", "Outstanding"]`); default one row
            per label. A label not on the indicator's scales raises, naming the close one.
        **scope: `assessor`, `moment`, `members`, `cycles`, `ogp_value` of `indicator_values`.

    Returns:
        One row per group (and label): `numerator` (commitments with the label), `denominator`
        (commitments of the group with an answer), `share` (NA when the denominator is 0),
        `commitments` (all of the group) and `without_value`, with the `commitment_ids` counted.

    Example:
        >>> analysis.shares(tables, "starred", by="region", labels="Yes")
        >>> analysis.shares(tables, "completion", by="cycle", moment="end_of_term")
    """
    return count_shares(indicator_values(tables, indicator, **scope), by, labels, tables)


def side_by_side(tables: dict[str, pd.DataFrame], members=None, plans=None, indicator: str = "completion",
                 labels: str | Sequence[str] | None = None, **scope) -> pd.DataFrame:
    """Members (or plans) side by side: per label, each one's numerator, denominator and share.

    Args:
        tables: the processed tables.
        members: members (slugs or names), each all of its plans together.
        plans: or (member, cycle) pairs, each plan on its own.
        indicator: the indicator (see `indicator_values`).
        labels: labels counted together (default one row per label).
        **scope: `assessor`, `moment` or `ogp_value` of `indicator_values`.

    Returns:
        One row per label; columns (member or 'member cycle', numerator / denominator / share).

    Example:
        >>> analysis.side_by_side(tables, members=["Albania", "Armenia"])
        >>> analysis.side_by_side(tables, plans=[("united-kingdom", 2013), ("united-kingdom", 2016)])
    """
    if (members is None) == (plans is None):
        raise OGPAnalysisError("side_by_side needs members or plans (one of the two)")
    parts = []
    if members is not None:
        for m in [members] if isinstance(members, str) else members:
            part = shares(tables, indicator, labels=labels, members=m, **scope)
            parts.append(part.assign(who=F.resolve_member(tables, m)))
    else:
        for m, cycle in plans:
            p = F.plan(tables, m, cycle)
            part = shares(tables, indicator, labels=labels, members=p.member, cycles=p.cycle, **scope)
            parts.append(part.assign(who=f"{p.member} {p.cycle}"))
    both = pd.concat(parts, ignore_index=True)
    order = list(dict.fromkeys(both["who"]))
    wide = both.pivot_table(index="label", columns="who", values=["numerator", "denominator", "share"],
                            aggfunc="first", sort=False)
    wide = wide.swaplevel(axis=1).reindex(columns=pd.MultiIndex.from_product(
        [order, ["numerator", "denominator", "share"]]))
    labels_order = [lb for lb in (indicator_labels(indicator) if labels is None else [" or ".join(
        check_labels(indicator, labels))]) if lb in wide.index]
    wide = wide.reindex(labels_order)
    for who in order:  # a member without a label anywhere has 0 of its denominator
        denominator = both.loc[both["who"] == who, "denominator"].iloc[0]
        wide[(who, "numerator")] = wide[(who, "numerator")].fillna(0).astype(int)
        wide[(who, "denominator")] = denominator
        wide[(who, "share")] = (wide[(who, "numerator")] / denominator if denominator else pd.NA)
    wide.columns.names = ["member" if members is not None else "plan", None]
    return wide
