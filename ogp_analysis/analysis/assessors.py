"""Whose assessment covers which commitment, and what the assessors say: coverage, per-commitment status, differences, stars, summary sentences.

Missing is never a finding: every answer is typed by kind in the answer table
(`rules.ANSWER_KINDS`: a value, a stated answer off the scale, not yet, no data, not reviewed, not
in the data, not applicable), and every count here is made from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.cache import per_tables
from ogp_analysis.analysis.pickers import (
    answered,
)
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import ASSESSOR_LABELS, INDICATOR_LABELS, SCALES, STAGE_LABELS


def completion_order() -> tuple[str, ...]:
    """Completion answers in the order a sentence or table lists them.

    The highest value first, then the counted answers off the scale (`rules.counted_labels`).
    """
    values = SCALES["completion"].values
    return (*reversed(values), *(x for x in R.counted_labels("completion") if x not in values))


@dataclass(frozen=True)
class Assessed:
    """Whether an assessor assessed a plan, and on what evidence."""

    assessor: str
    assessed: bool
    reports: tuple[str, ...]  # report titles the data names
    with_value: tuple[str, ...]  # commitments with an answer from this assessor (any indicator)


@per_tables  # the title, the summary and the coverage figure each ask it of the same plan
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


def kind_words(kind: str, value=None) -> str:
    """What a reader sees for an answer: the value itself when it is counted, else its kind's label."""
    return str(value) if kind in R.COUNTED_KINDS else R.KIND_LABELS[kind]


@per_tables  # several sections of a report ask for it
def completion_by_commitment(tables: dict[str, pd.DataFrame], member: str, cycle,
                             assessors=("irm", "government")) -> pd.DataFrame:
    """Each commitment's completion per assessor and moment (remembered per plan; see `_completion_by_commitment`)."""
    return _completion_by_commitment(tables, member, cycle, assessors)


def _completion_by_commitment(tables: dict[str, pd.DataFrame], member: str, cycle,
                              assessors=("irm", "government")) -> pd.DataFrame:
    """Each commitment's completion per assessor and moment, with its kind (the answer table's).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessors: whose completion (each assessor with no report and no value on the plan is
            still listed, as not assessed).

    Returns:
        One row per (commitment, assessor, moment): field = commitment_id, `label` = the
        completion or its kind's label, `value` = the completion's rank on the scale (Not Started
        0 to Complete 3; NA off the scale or without an answer), `kind` (`rules.ANSWER_KINDS`),
        `moment`, `title`, `stage`, `source_url`.
    """
    p = F.plan(tables, member, cycle)
    titles = tables["commitments"].set_index("commitment_id")["title"]
    answers = F.plan_answers(tables, p.member, p.cycle)
    out = []
    for assessor in assessors:
        F.check_assessor(assessor)
        moments = R.REPORTED_MOMENTS.get(assessor, ("end_of_term",))
        for moment in (*moments, "latest"):
            got = F.question(answers, "completion", moment, assessor)
            for cid in p.commitment_ids:
                # An assessor the table does not ask (civil society) has no answer: not in the data.
                r = got.record(cid) or {"kind": "not_in_data", "value": None, "stage": None,
                                        "source_url": None}
                kind, value, stage, url = r["kind"], r["value"], r["stage"], r["source_url"]
                counted = kind in R.COUNTED_KINDS
                out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                            "figure": "completion-by-commitment", "field": cid,
                            "value": F.scale_rank("completion", value) if counted else None,
                            "kind": kind, "label": kind_words(kind, value), "commitment_ids": [cid],
                            "stage": str(stage) if counted else "",
                            "basis": f"{ASSESSOR_LABELS.get(assessor, assessor)} completion, {moment}",
                            "sources": "", "moment": moment,
                            "title": titles.get(cid), "source_url": "" if url is None else str(url)})
    return F.frame(out, extra=("moment", "title", "source_url"))


def assessor_coverage(tables: dict[str, pd.DataFrame], member: str, cycle,
                      assessors=("irm", "government")) -> pd.DataFrame:
    """Per assessor: assessed or not, on what evidence, and how many commitments have a completion value.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessors: the assessors to describe.

    Returns:
        Rows per (assessor, field): one field per kind of answer (`rules.ANSWER_KINDS`; counts
        of commitments, latest completion, adding up to the plan), plus `assessed`, `reports`
        and `commitments` (the plan's size).
    """
    p = F.plan(tables, member, cycle)
    status = completion_by_commitment(tables, member, cycle, assessors)
    latest = status[status["moment"] == "latest"]
    out = []
    for assessor in assessors:
        a = plan_assessed(tables, p, assessor)
        mine = latest[latest["assessor"] == assessor]
        for kind, meaning in R.ANSWER_KINDS.items():
            ids = F.ids_of(mine.loc[mine["kind"] == kind, "field"])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "assessor-coverage", "field": kind, "value": len(ids),
                        "kind": kind, "label": R.KIND_LABELS[kind],
                        "commitment_ids": ids, "stage": "latest",
                        "basis": "completion at the latest stage; " + meaning,
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
    latest = status[(status["moment"] == "latest") & status["kind"].isin(R.COUNTED_KINDS)]
    irm = latest[latest["assessor"] == "irm"].set_index("field")
    gov = latest[latest["assessor"] == "government"].set_index("field")
    both = sorted(set(irm.index) & set(gov.index))
    out = []
    for cid in both:
        if irm.loc[cid, "label"] == gov.loc[cid, "label"]:
            continue
        out.append({"member": irm.loc[cid, "member"], "cycle": irm.loc[cid, "cycle"],
                    "assessor": "irm|government", "figure": "assessor-differences", "field": cid,
                    "value": 1, "commitment_ids": [cid], "stage": irm.loc[cid, "stage"],
                    "basis": "latest completion of each assessor, both present and different",
                    "sources": "", "title": irm.loc[cid, "title"], "irm": irm.loc[cid, "label"],
                    "irm_stage": STAGE_LABELS.get(irm.loc[cid, "stage"], irm.loc[cid, "stage"]),
                    "government": gov.loc[cid, "label"], "both_with_value": len(both)})
    return F.frame(out, extra=("title", "irm", "irm_stage", "government", "both_with_value"))


def _criteria_values(answers: dict) -> list[tuple[str, dict, tuple]]:
    """The values a star's criteria are read from: the plan's answers (`frames.plan_answers`), once."""
    return [(name, F.question(answers, ind, moment).value_of(), good)
            for name, ind, moment, good in (
                ("specificity", "specificity", "any", R.STAR_SPECIFICITY),
                ("potential impact", "potential_impact", "any", R.STAR_IMPACT_2015),
                ("completion", "completion", "latest", R.HIGH_COMPLETION),
                ("relevant to an OGP value:", "relevant", "any", ("Yes",)))]


def _criteria(cid: str, values: list[tuple[str, dict, tuple]]) -> str:
    """Why a starred commitment earned its star, from the values in the data (`_criteria_values`)."""
    got = []
    for name, hit, good in values:
        if hit.get(cid) in good:
            got.append(f"{name} {str(hit[cid]).lower()}")
    return "; ".join(got).replace(": yes", "") if got else "criteria not in the data"


def stars_stated(answers: dict, cid: str) -> list[tuple[str, str]]:
    """The stars the data states for one commitment, each labelled: [('Starred (2014 rule)', 'Yes'), ...].

    Each star rule the IRM data release states (`rules.STAR_RULES`), then the published star
    where a page or listing states it and no rule does. Empty: no source states a star.
    """
    out = []
    for ind in (*R.STAR_RULES, "starred"):
        got = F.question(answers, ind).value_of()
        if cid in got and (ind != "starred" or not out):
            out.append((INDICATOR_LABELS[ind], str(got[cid])))
    return out


def star_words(answers: dict, cid: str) -> str:
    """A commitment's stars in words ('Starred (2014 rule): Yes; ...'), else the published star's kind."""
    stated = stars_stated(answers, cid)
    if stated:
        return "; ".join(f"{label}: {value}" for label, value in stated)
    r = F.question(answers, "starred").record(cid)
    return f"{INDICATOR_LABELS['starred']}: " + R.KIND_LABELS[r["kind"] if r else "not_in_data"]


# The stars a report states, in order: each rule the IRM data release states, then the published star.
STAR_QUESTIONS = (*R.STAR_RULES, "starred")


def published_star_words() -> str:
    """What the published star is, in words generated from `rules.STAR_INDICATORS`.

    'Starred at end of term (current rule) where the IRM data release states it, else the star
    an OGP commitment page or the member's list of commitments shows'.
    """
    return ", else ".join(f"{INDICATOR_LABELS[i]} where the IRM data release states it" if i in R.STAR_RULES
                          else "the star an OGP commitment page or the member's list of commitments shows"
                          for i in R.STAR_INDICATORS)


def star_counts(tables: dict[str, pd.DataFrame], member: str, cycle) -> list[dict]:
    """Each star of `STAR_QUESTIONS`: the commitments starred under it over those whose star a source states.

    Read from the plan's at-a-glance counts (the one-answer table): `starred` is the field of the
    star, `stated` its `coverage:` field (a value or a stated answer off the scale); a star no
    source states for any commitment has `stated` 0.

    Returns:
        [{indicator, label, starred, ids, stated}, ...] in `STAR_QUESTIONS` order.
    """
    from ogp_analysis.analysis.glance import at_a_glance

    glance = at_a_glance(tables, member, cycle).set_index("field")
    out = []
    for ind in STAR_QUESTIONS:
        stated = glance.loc[f"coverage:{ind}", "value"]
        yes = glance.loc[ind]
        out.append({"indicator": ind, "label": INDICATOR_LABELS[ind],
                    "starred": 0 if pd.isna(yes["value"]) else int(yes["value"]),
                    "ids": list(yes["commitment_ids"]), "stated": int(stated)})
    return out


# What a star sentence counts over, said once before the counts.
STARS_LEAD = "Stars, each under its own rule and over the commitments whose star a source states under it"


def star_sentence(tables: dict[str, pd.DataFrame], member: str, cycle, define: bool = True,
                  lead: bool = True) -> str | None:
    """The plan's stars reconciled in one sentence, each under its rule and over its own denominator.

    'Stars, each under its own rule and over the commitments whose star a source states under
    it: Starred (2014 rule): 2 of 3; ...; Published star: 4 of 11. 5 commitments carry a star
    under at least one of them. The published star is ...' None when no source states any star.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        define: end with what the published star is (`published_star_words`).
        lead: start with `STARS_LEAD` (a list of plans says it once).
    """
    counts = [c for c in star_counts(tables, member, cycle) if c["stated"]]
    if not counts:
        return None
    parts = [f"{c['label']}: {c['starred']} of {c['stated']}" for c in counts]
    union = sorted({cid for c in counts for cid in c["ids"]})
    n = len(union)
    tail = (f" {n} commitment{'s carry' if n != 1 else ' carries'} a star under at least one of them."
            if n else " No commitment carries a star under any of them.")
    if define and any(c["indicator"] == "starred" for c in counts):
        tail += f" The published star is {published_star_words()}."
    return (f"{STARS_LEAD}: " if lead else "") + "; ".join(parts) + "." + tail


@per_tables
def starred_commitments(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """The plan's starred commitments (any star a source states), with title, which stars, their source and why.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    answers = F.plan_answers(tables, p.member, p.cycle)
    every = STAR_QUESTIONS
    stars = [F.question(answers, ind) for ind in every]
    starred = sorted({c for a in stars for c in a.with_values(["Yes"])})
    titles = tables["commitments"].set_index("commitment_id")["title"]
    values = _criteria_values(answers) if starred else []
    out = []
    for cid in starred:
        got = [r for r in (a.record(cid) for a in stars) if r and r["kind"] in R.COUNTED_KINDS
               and r["value"] == "Yes"]
        out.append({"member": p.member, "cycle": p.cycle, "assessor": "irm",
                    "figure": "starred-commitments", "field": cid, "value": 1,
                    "commitment_ids": [cid], "stage": "; ".join(sorted({str(r["stage"]) for r in got})),
                    "basis": "every star a source states (" + ", ".join(every) + ")",
                    "sources": "; ".join(sorted({str(r["source_type"]) for r in got}, key=R.source_rank)),
                    "title": titles.get(cid),
                    # Every star it carries, the published one included (`STAR_QUESTIONS`).
                    "stars": "; ".join(INDICATOR_LABELS[q] for q, a in zip(every, stars, strict=True)
                                       if cid in a.with_values(["Yes"])),
                    "star_source": "; ".join(dict.fromkeys(R.SOURCE_LABELS.get(r["source_type"], r["source_type"])
                                                           for r in got)),
                    "criteria": _criteria(cid, values), "source_url": str(got[0]["source_url"])})
    return F.frame(out, extra=("title", "stars", "star_source", "criteria", "source_url"))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _counts_phrase(values: pd.Series) -> list[str]:
    counts = values.value_counts()
    return [f"{int(counts[label])} {label.lower()}" for label in completion_order() if label in counts]


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
    from ogp_analysis.analysis.facts import of_total

    return f"{who} {verb} {of_total(int(first), n)} {rest}{tail}."


def _agreement(tables, member: str, cycle, assessors, latest: pd.DataFrame) -> list[str]:
    """Whether the government and the IRM agree, on the commitments both give a value for (0 or 1 sentence).

    Agreement on a few commitments is not agreement on the plan: where their published
    counts for the whole plan differ, the sentence says both.
    """
    from ogp_analysis.analysis.published import whole_plan_counts_differ

    diff = assessor_differences(tables, member, cycle)
    counted = latest[latest["kind"].isin(R.COUNTED_KINDS)]
    irm_ids = set(counted.loc[counted["assessor"] == "irm", "field"])
    gov_ids = set(counted.loc[counted["assessor"] == "government", "field"])
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
    from ogp_analysis.analysis.facts import capital, of_total, plan_facts, plural

    facts = plan_facts(tables, member, cycle)
    bound = f" ({facts.bound_words()})" if facts.is_part else ""
    out = [f"{capital(facts.holds_words())}{bound}."]
    for assessor in assessors:
        a = plan_assessed(tables, p, assessor)
        mine = latest[(latest["assessor"] == assessor) & latest["kind"].isin(R.COUNTED_KINDS)]
        who = "The government" if assessor == "government" else f"The {ASSESSOR_LABELS.get(assessor, assessor)}"
        if mine.empty:
            if assessor == "government" and not a.assessed:
                continue  # no self-assessment of this plan in the data: said once, in the subtitle
            if a.assessed:
                named = f" ({_join(list(a.reports))})" if a.reports else ""
                other = (f" It holds other {ASSESSOR_LABELS.get(assessor, assessor)} assessments "
                         f"(design or results) of {of_total(len(a.with_value), n)}."
                         if a.with_value else "")
                out.append(f"{who} assessed this plan{named}; the data holds no per-commitment "
                           f"{ASSESSOR_LABELS.get(assessor, assessor)} completion values for it "
                           f"(their completion: {facts.coverage_of(assessor).missing_words()})." + other)
            else:
                out.append(f"The data names no {ASSESSOR_LABELS.get(assessor, assessor)} report on this "
                           "plan and holds no value from it.")
            continue
        out.append(_completion_sentence(who, assessor, mine["label"], n))
        if len(mine) < n:
            out.append(f"{who}'s values in the data cover {of_total(len(mine), n)}; for the "
                       f"other {n - len(mine)} the value is {facts.coverage_of(assessor).missing_words()}.")
    if {"irm", "government"} <= set(assessors):
        out += _agreement(tables, member, cycle, assessors, latest)
    if "irm" in assessors:
        for c in star_counts(tables, member, cycle):
            if c["stated"]:
                ids = f" ({', '.join(c['ids'])})" if c["ids"] else ""
                out.append(f"{c['label']}: {c['starred']} of the {plural(c['stated'], 'commitment')} whose star "
                           f"a source states{ids}.")
        diog = F.counted(F.question(F.plan_answers(tables, p.member, p.cycle), "diog"))
        if len(diog):
            strong = len(diog.with_values(R.STRONG_RESULTS))
            out.append(f"The IRM judged {of_total(strong, len(diog))} with a did-it-open-"
                       "government value to have opened government in a major or outstanding way.")
    return out
