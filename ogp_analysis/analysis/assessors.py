"""Whose assessment covers which commitment, and what the assessors say: coverage, per-commitment status, differences, stars, summary sentences.

Missing is never a finding: a commitment without a value is *not assessed* (no report of that
assessor on the plan is known, or the source says not reviewed), *assessed, value not in the
data* (the plan was assessed: a report is named or other commitments have values), or *not
applicable* (the era or assessor has no such indicator). The rules are `rules.MISSING_KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.cache import per_tables
from ogp_analysis.analysis.pickers import (
    answered,
    pick_any,
    pick_completion,
    pick_diog,
    pick_star,
    relevance,
)
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import ASSESSOR_LABELS, SCALES, STAGE_LABELS

_COMPLETION_ORDER = ("Complete", "Substantial", "Limited", "Not Started", "Withdrawn", "Unclear",
                     "No Evidence Available")


@dataclass(frozen=True)
class Assessed:
    """Whether an assessor assessed a plan, and on what evidence."""

    assessor: str
    assessed: bool
    reports: tuple[str, ...]  # report titles the data names
    with_value: tuple[str, ...]  # commitments with an answer from this assessor (any indicator)


def plan_assessed(tables: dict[str, pd.DataFrame], p: F.Plan, assessor: str) -> Assessed:
    """Did `assessor` assess the plan? A named report or any commitment with a value says yes.

    Args:
        tables: the processed tables.
        p: the plan (`frames.plan`).
        assessor: `irm`, `government`, ...
    """
    reports: list[str] = []
    pr = tables.get("plan_reports")
    if pr is not None and len(pr):
        mine = pr[(pr["action_plan_id"] == f"{p.member}-{p.cycle}") & (pr["assessor"] == assessor)]
        reports += [str(t) for t in mine["report_title"]]
    if assessor == "irm":
        com = tables["commitments"]
        named = com.loc[com["commitment_id"].isin(p.commitment_ids), "irm_reports"].dropna()
        for text in named.astype(str):
            reports += report_titles(text)
    rows = F.plan_assessments(tables, p.commitment_ids, assessor)
    with_value = tuple(F.ids_of(answered(rows)["commitment_id"]))
    reports = _distinct_reports(reports)
    return Assessed(assessor, bool(reports or with_value), tuple(reports), with_value)


def _report_title(entry: str) -> str | None:
    """A report title from one `irm_reports` entry; None for a placeholder or a bare year.

    The release joins its columns as 'Column: value' ('Latest IRM Report: United Kingdom Results
    Report 2021-2023', 'Report Publication Year (Progress Report): 2022').
    """
    from ogp_analysis.labels import missing_reason

    text = entry.strip()
    if ":" in text:
        text = text.split(":", 1)[1].strip()
    if not text or text.isdigit() or missing_reason(text) is not None:
        return None
    return text


def _distinct_reports(titles: list[str]) -> list[str]:
    """One title per report, the first spelling kept.

    'IRM Design Report 2019-2021' and 'United Kingdom Design Report 2019-2021' are one report.
    """
    import re

    seen, out = set(), []
    for t in titles:
        key = re.sub(r"^(irm|the|united kingdom|[a-z ]+?)\s+(?=(design|mid-term|progress|end-of-term|"
                     r"transitional|results|action plan review|report))", "", t.strip().lower())
        key = key.removeprefix("irm ").strip()
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def report_titles(text) -> list[str]:
    """The report titles in a commitment's `irm_reports` (placeholders and bare years left out)."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return []
    titles = [t for t in map(_report_title, str(text).replace(";", ",").split(",")) if t]
    return list(dict.fromkeys(titles))


def missing_kind(picked_row, assessed: Assessed, era: str | None, stage_moment: str | None = None) -> str:
    """The kind of "no value" of one commitment (`rules.MISSING_KINDS`).

    Args:
        picked_row: the picked assessment row (a Series or a dict) or None when no source has a row.
        assessed: the plan's `plan_assessed` for this assessor.
        era: the plan's era.
        stage_moment: `midterm`, `end_of_term` or `latest` (a refresh plan has no mid-term).
    """
    if stage_moment in R.NOT_APPLICABLE_STAGES.get(era or "", ()):
        return "not_applicable"
    if picked_row is not None and picked_row.get("missing_reason") in R.NOT_ASSESSED_REASONS:
        return "not_assessed"
    return "not_in_data"


def missing_words(picked_row, kind: str) -> str:
    """The words a missing value is shown with: 'pending IRM review', 'not reviewed', 'not in the data', 'n/a'."""
    if kind == "not_assessed" and picked_row is not None:
        return R.NOT_ASSESSED_SHORT.get(picked_row.get("missing_reason"), R.MISSING_SHORT[kind])
    return R.MISSING_SHORT[kind]


def _status(rows: pd.DataFrame, assessor: str, moment: str, p: F.Plan, assessed: Assessed) -> dict:
    """commitment_id -> (state, value or missing kind, stage) for one assessor and moment."""
    # One dict per picked row (a Series per commitment cost more than the rest of the loop).
    picked = pick_completion(rows, assessor, moment).set_index("commitment_id").to_dict("index")
    out = {}
    for cid in p.commitment_ids:
        row = picked.get(cid)
        if row is not None and row["value_kind"] in ("scale", "off_scale"):
            out[cid] = ("value", str(row["value"]), str(row["stage"]), str(row["source_url"]))
        else:
            kind = missing_kind(row, assessed, p.era, moment)
            out[cid] = (kind, missing_words(row, kind), "",
                        str(row["source_url"]) if row is not None else "")
    return out


@per_tables  # several sections of a report ask for it
def completion_by_commitment(tables: dict[str, pd.DataFrame], member: str, cycle,
                             assessors=("irm", "government")) -> pd.DataFrame:
    """Each commitment's completion per assessor and moment (remembered per plan; see `_completion_by_commitment`)."""
    return _completion_by_commitment(tables, member, cycle, assessors)


def _completion_by_commitment(tables: dict[str, pd.DataFrame], member: str, cycle,
                              assessors=("irm", "government")) -> pd.DataFrame:
    """Each commitment's completion per assessor and moment, with the kind of any missing value.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessors: whose completion (each assessor with no report and no value on the plan is
            still listed, as not assessed).

    Returns:
        One row per (commitment, assessor, moment): field = commitment_id, value = the
        completion or the missing word, `state` (`value`, `not_assessed`, `not_in_data`,
        `not_applicable`), `moment`, `title`, `stage`, `source_url`.
    """
    p = F.plan(tables, member, cycle)
    titles = tables["commitments"].set_index("commitment_id")["title"]
    out = []
    for assessor in assessors:
        F.check_assessor(assessor)
        assessed = plan_assessed(tables, p, assessor)
        rows = F.plan_assessments(tables, p.commitment_ids, assessor)
        moments = R.REPORTED_MOMENTS.get(assessor, ("end_of_term",))
        for moment in (*moments, "latest"):
            for cid, (state, value, stage, url) in _status(rows, assessor, moment, p, assessed).items():
                out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                            "figure": "completion-by-commitment", "field": cid, "value": value,
                            "commitment_ids": [cid], "stage": stage,
                            "basis": f"{ASSESSOR_LABELS.get(assessor, assessor)} completion, {moment}",
                            "sources": "", "state": state, "moment": moment,
                            "title": titles.get(cid), "source_url": url})
    return F.frame(out, extra=("state", "moment", "title", "source_url"))


def assessor_coverage(tables: dict[str, pd.DataFrame], member: str, cycle,
                      assessors=("irm", "government")) -> pd.DataFrame:
    """Per assessor: assessed or not, on what evidence, and how many commitments have a completion value.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessors: the assessors to describe.

    Returns:
        Rows per (assessor, field) with field `with_value`, `not_in_data`, `not_assessed`,
        `not_applicable` (counts of commitments, latest completion), plus `assessed`,
        `reports` and `commitments` (the plan's size: every share's whole).
    """
    p = F.plan(tables, member, cycle)
    status = completion_by_commitment(tables, member, cycle, assessors)
    latest = status[status["moment"] == "latest"]
    out = []
    for assessor in assessors:
        a = plan_assessed(tables, p, assessor)
        mine = latest[latest["assessor"] == assessor]
        for state in ("value", *R.MISSING_KINDS):
            ids = F.ids_of(mine.loc[mine["state"] == state, "field"])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "assessor-coverage",
                        "field": "with_value" if state == "value" else state, "value": len(ids),
                        "commitment_ids": ids, "stage": "latest",
                        "basis": "completion at the latest stage; " + R.MISSING_KINDS.get(state, "a value"),
                        "sources": "", "assessed": a.assessed, "reports": "; ".join(a.reports),
                        "commitments": len(p.commitment_ids)})
    return F.frame(out, extra=("assessed", "reports", "commitments"))


def assessor_differences(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Commitments where the government's and the IRM's latest completion both exist and differ.

    A value on one side only is not a difference (the other is missing, not in disagreement).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.

    Returns:
        One row per differing commitment: field = commitment_id, value 1, columns `irm`,
        `irm_stage`, `government`, `title`; an empty frame when nothing differs.
    """
    status = completion_by_commitment(tables, member, cycle)
    latest = status[(status["moment"] == "latest") & (status["state"] == "value")]
    irm = latest[latest["assessor"] == "irm"].set_index("field")
    gov = latest[latest["assessor"] == "government"].set_index("field")
    both = sorted(set(irm.index) & set(gov.index))
    out = []
    for cid in both:
        if irm.loc[cid, "value"] == gov.loc[cid, "value"]:
            continue
        out.append({"member": irm.loc[cid, "member"], "cycle": irm.loc[cid, "cycle"],
                    "assessor": "irm|government", "figure": "assessor-differences", "field": cid,
                    "value": 1, "commitment_ids": [cid], "stage": irm.loc[cid, "stage"],
                    "basis": "latest completion of each assessor, both present and different",
                    "sources": "", "title": irm.loc[cid, "title"], "irm": irm.loc[cid, "value"],
                    "irm_stage": STAGE_LABELS.get(irm.loc[cid, "stage"], irm.loc[cid, "stage"]),
                    "government": gov.loc[cid, "value"], "both_with_value": len(both)})
    return F.frame(out, extra=("title", "irm", "irm_stage", "government", "both_with_value"))


def _criteria_values(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame, tuple]]:
    """The values a star's criteria are read from, picked once for the plan's rows."""
    return [(name, answered(picked).set_index("commitment_id"), good)
            for name, picked, good in (
                ("specificity", pick_any(rows, "specificity"), R.STAR_SPECIFICITY),
                ("potential impact", pick_any(rows, "potential_impact"), R.STAR_IMPACT_2015),
                ("completion", pick_completion(rows, "irm", "latest"), R.HIGH_COMPLETION))]


def _criteria(cid: str, values: list[tuple[str, pd.DataFrame, tuple]], rel: pd.DataFrame) -> str:
    """Why a starred commitment earned its star, from the values in the data (`_criteria_values`)."""
    got = []
    for name, hit, good in values:
        if cid in hit.index and hit.at[cid, "value"] in good:
            got.append(f"{name} {str(hit.at[cid, 'value']).lower()}")
    r = rel[rel["commitment_id"] == cid]
    if not r.empty and bool(r["is_relevant"].iloc[0]):
        got.append("relevant to an OGP value")
    return "; ".join(got) if got else "criteria not in the data"


@per_tables
def starred_commitments(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """The plan's starred commitments, with title, the star's source and why (the criteria the data shows).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    rows = F.plan_assessments(tables, p.commitment_ids, "irm")
    star = answered(pick_star(rows))
    star = star[star["value"] == "Yes"]
    titles = tables["commitments"].set_index("commitment_id")["title"]
    rel = relevance(tables["commitment_ogp_values"], p.commitment_ids)
    values = _criteria_values(rows) if len(star) else []
    out = []
    for r in star.itertuples():
        out.append({"member": p.member, "cycle": p.cycle, "assessor": "irm",
                    "figure": "starred-commitments", "field": r.commitment_id, "value": 1,
                    "commitment_ids": [r.commitment_id], "stage": r.stage,
                    "basis": "the published star (" + ", ".join(R.STAR_INDICATORS) + ")",
                    "sources": r.source_type, "title": titles.get(r.commitment_id),
                    "star_source": R.SOURCE_LABELS.get(r.source_type, r.source_type),
                    "criteria": _criteria(r.commitment_id, values, rel), "source_url": r.source_url})
    return F.frame(out, extra=("title", "star_source", "criteria", "source_url"))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _counts_phrase(values: pd.Series) -> list[str]:
    counts = values.value_counts()
    return [f"{int(counts[label])} {label.lower()}" for label in _COMPLETION_ORDER if label in counts]


def _completion_sentence(who: str, assessor: str, values: pd.Series, n: int) -> str:
    """One assessor's completion counts as a sentence ('The government reports 12 of the 21 ...')."""
    verb = "reports" if assessor == "government" else "found"
    phrase = _counts_phrase(values)
    tail = "" if len(phrase) == 1 else (" and " + phrase[1] if len(phrase) == 2 else ", " + _join(phrase[1:]))
    if len(values) < n:
        # Say first what the counts are out of: only the commitments with a value.
        who_short = "the government" if assessor == "government" else f"the {ASSESSOR_LABELS.get(assessor, assessor)}"
        if len(values) == 1:
            return (f"The one commitment with a value from {who_short} is "
                    f"{phrase[0].split(' ', 1)[1]}.")
        first, rest = phrase[0].split(" ", 1)
        return (f"Of the {len(values)} commitments with a value from {who_short}, it {verb} "
                f"{first} {rest}{tail}.")
    first, rest = phrase[0].split(" ", 1)
    return f"{who} {verb} {first} of the {n} commitments {rest}{tail}."


def _agreement(tables, member: str, cycle, assessors, latest: pd.DataFrame) -> list[str]:
    """Whether the government and the IRM agree, on the commitments both give a value for (0 or 1 sentence).

    Agreement on a few commitments is not agreement on the plan: where their published
    counts for the whole plan differ, the sentence says both.
    """
    from ogp_analysis.analysis.published import whole_plan_counts_differ

    diff = assessor_differences(tables, member, cycle)
    irm_ids = set(latest[(latest["assessor"] == "irm") & (latest["state"] == "value")]["field"])
    gov_ids = set(latest[(latest["assessor"] == "government") & (latest["state"] == "value")]["field"])
    both = len(irm_ids & gov_ids)
    if not both:
        return []
    if not diff.empty:
        return [f"Where both give a value, the government and the IRM differ on {len(diff)} of "
                f"{both} commitments ({', '.join(diff['field'])})."]
    if whole_plan_counts_differ(tables, member, cycle, assessors):
        return [f"Where both give a per-commitment value in the data ({both} commitments), the "
                "government and the IRM agree on them; their counts for the whole plan differ "
                "(below)."]
    return [f"Where both give a value ({both} commitments), the government and the IRM agree."]


def summary_sentences(tables: dict[str, pd.DataFrame], member: str, cycle,
                      assessors=("irm", "government")) -> list[str]:
    """The report's opening sentences, each computed from the figures (never typed).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessors: whose results to state.
    """
    p = F.plan(tables, member, cycle)
    n = len(p.commitment_ids)
    status = completion_by_commitment(tables, member, cycle, assessors)
    latest = status[status["moment"] == "latest"]
    out = [f"The data holds {n} commitment{'s' if n != 1 else ''} of this plan."]
    for assessor in assessors:
        a = plan_assessed(tables, p, assessor)
        mine = latest[(latest["assessor"] == assessor) & (latest["state"] == "value")]
        who = "The government" if assessor == "government" else f"The {ASSESSOR_LABELS.get(assessor, assessor)}"
        if mine.empty:
            if assessor == "government" and not a.assessed:
                continue  # no self-assessment of this plan in the data: said once, in the subtitle
            if a.assessed:
                named = f" ({_join(list(a.reports))})" if a.reports else ""
                other = (f" It holds other {ASSESSOR_LABELS.get(assessor, assessor)} assessments "
                         f"(design or results) of {len(a.with_value)} of the {n} commitments."
                         if a.with_value else "")
                out.append(f"{who} assessed this plan{named}; the data holds no per-commitment "
                           f"{ASSESSOR_LABELS.get(assessor, assessor)} completion values for it."
                           + other)
            else:
                out.append(f"The data names no {ASSESSOR_LABELS.get(assessor, assessor)} report on this "
                           "plan and holds no value from it.")
            continue
        out.append(_completion_sentence(who, assessor, mine["value"], n))
        if len(mine) < n:
            out.append(f"{who}'s values in the data cover {len(mine)} of the {n} commitments; for the "
                       f"other {n - len(mine)} the value is {'not in the data' if a.assessed else 'not assessed'}.")
    if {"irm", "government"} <= set(assessors):
        out += _agreement(tables, member, cycle, assessors, latest)
    if "irm" in assessors:
        stars = starred_commitments(tables, member, cycle)
        if len(stars):
            out.append(f"{len(stars)} commitment{'s are' if len(stars) != 1 else ' is'} starred "
                       f"({', '.join(stars['field'])}).")
        rows = F.plan_assessments(tables, p.commitment_ids, "irm")
        diog = answered(pick_diog(rows))
        diog = diog[diog["value"].isin(SCALES["diog"].values)]
        if len(diog):
            strong = int(diog["value"].isin(R.STRONG_RESULTS).sum())
            out.append(f"The IRM judged {strong} of the {len(diog)} commitments with a did-it-open-"
                       "government value to have opened government in a major or outstanding way.")
    return out
