"""Per-plan tables and checks: indicator coverage, the commitment table, plan overview, data quality, derived-indicator check."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import derived as D
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import glance as G
from ogp_analysis.analysis.cache import per_tables
from ogp_analysis.analysis.pickers import pick_completion, pick_diog, pick_star
from ogp_analysis.analysis.registry import COVERAGE_QUESTIONS
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import INDICATOR_LABELS


@per_tables
def coverage(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """For every question of the answer table: how many commitments have each kind of answer.

    Counted from the one-answer table (`frames.plan_answers`): per plan, assessor and question
    of `registry.COVERAGE_QUESTIONS`, one row per kind of answer (`rules.ANSWER_KINDS`: a value,
    a stated answer off the scale, not yet, no data, not reviewed, not in the data, not
    applicable), so each question's kinds add up to the commitments of the plan in the data.
    The value and off-scale rows together are the `coverage:<question>` count of the at-a-glance
    figure. The IRM always; the government for the questions it is asked
    (`rules.ASSESSOR_INDICATORS`) when any commitment of the plan has a government answer.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: one start year (default: every cycle of the member).

    Returns:
        Rows with the base columns (field `<question>:<kind>`, value a count), plus `indicator`
        (the question), `kind`, `label` (the kind's reader label) and `commitments` (the plan's
        commitments in the data, what the kinds add up to).
    """
    slug = F.resolve_member(tables, member)
    years = F.resolve_cycles(tables, slug, None if cycle is None else [cycle])
    out = []
    for year in years:
        p = F.plan(tables, slug, year)
        answers = F.plan_answers(tables, p.member, p.cycle)
        for assessor in R.ANSWER_ASSESSORS:
            asked = R.ASSESSOR_INDICATORS.get(assessor)
            names = [n for n, (ind, _) in COVERAGE_QUESTIONS.items() if asked is None or ind in asked]
            got = {n: F.question(answers, *COVERAGE_QUESTIONS[n], assessor) for n in names}
            if assessor != "irm" and all(set(a.kinds) <= {"not_in_data", "not_applicable"} for a in got.values()):
                continue  # no answer of this assessor for any commitment of the plan
            for name, picked in got.items():
                out += _coverage_rows(p, assessor, name, picked)
    return F.frame(out, extra=("indicator", "kind", "label", "commitments"))


def _coverage_rows(p, assessor: str, name: str, picked: F.Answers) -> list[dict]:
    """The coverage rows of one plan, assessor and question: one per kind (see `coverage`)."""
    basis = f"{G.WHO[assessor]} {INDICATOR_LABELS.get(name, name).lower()}; {R.precedence_text()}"
    rows = G.kind_counts(picked, p, assessor, "coverage", f"{name}:", F.stages_of(F.counted(picked)), basis)
    for r in rows:
        r.update(indicator=name, kind=r["field"].split(":")[-1], commitments=len(p.commitment_ids))
    return rows


def commitment_table(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """One row per commitment: ID, title, lead institution, completion by each assessor, DIOG, star, source link.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    com = tables["commitments"].set_index("commitment_id")
    irm = F.plan_assessments(tables, p.commitment_ids, "irm")
    gov = F.plan_assessments(tables, p.commitment_ids, "government")

    def lookup(picked):
        got = F.answered(picked)
        return {r.commitment_id: (r.value, r.stage) for r in got.itertuples()}

    irm_c = lookup(pick_completion(irm, "irm", "latest"))
    gov_c = lookup(pick_completion(gov, "government", "latest"))
    diog = lookup(pick_diog(irm))
    star = lookup(pick_star(irm))
    rows = []
    for cid in p.commitment_ids:
        c = com.loc[cid]
        rows.append({
            "commitment_id": cid,
            "title": c["title"],
            "lead_institution": c["lead_institution"],
            "completion_irm": irm_c.get(cid, (None, None))[0],
            "completion_irm_stage": irm_c.get(cid, (None, None))[1],
            "completion_government": gov_c.get(cid, (None, None))[0],
            "diog_overall": diog.get(cid, (None, None))[0],
            "starred": star.get(cid, (None, None))[0],
            "source_url": c["source_url"],
        })
    return pd.DataFrame(rows, columns=["commitment_id", "title", "lead_institution", "completion_irm",
                                       "completion_irm_stage", "completion_government", "diog_overall",
                                       "starred", "source_url"])


def _plan_source_urls(tables, ids) -> set[str]:
    urls = set(tables["commitments"].loc[tables["commitments"]["commitment_id"].isin(ids), "source_url"])
    for name in ("assessments", "commitment_policy_areas", "commitment_ogp_values",
                 "commitment_institutions"):
        t = tables[name]
        urls |= set(t.loc[t["commitment_id"].isin(ids), "source_url"])
    return {str(u) for u in urls if isinstance(u, str)}


def plan_overview(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """What a plan is and where its data comes from: names, period, era, size, sources with dates.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.

    Returns:
        Rows member, cycle, item (name, period, era, commitments, source), value, detail.
        Sources without a capture date say "undated".
    """
    p = F.plan(tables, member, cycle)
    rows = []

    def add(item, value, detail=""):
        rows.append({"member": p.member, "cycle": p.cycle, "item": item, "value": value, "detail": detail})

    pid = f"{p.member}-{p.cycle}"
    names = tables["action_plan_names"]
    for r in names[names["action_plan_id"] == pid].drop_duplicates(["name", "name_type"]).itertuples():
        add("name", r.name, str(r.name_type))
    plans = tables["action_plans"]
    ap = plans[plans["action_plan_id"] == pid]
    if not ap.empty:
        r = ap.iloc[0]
        start = r["start_date"] if pd.notna(r["start_date"]) else str(p.cycle)
        end = r["end_date"] if pd.notna(r["end_date"]) else (str(r["end_year"]) if pd.notna(r["end_year"]) else "?")
        add("period", f"{start} to {end}")
    else:
        add("period", f"{p.cycle} to ?", "no action_plans row")
    add("era", p.era or "unknown")
    add("commitments", str(len(p.commitment_ids)), ", ".join(p.commitment_ids))
    urls = _plan_source_urls(tables, p.commitment_ids)
    src = tables["sources"]
    src = src[src["source_url"].isin(urls)]
    listed = set()
    for r in src.sort_values(["source_type", "source_url"]).itertuples():
        when = r.retrieved_at.strftime("%Y-%m-%d") if pd.notna(r.retrieved_at) else "undated"
        add("source", f"{r.source_type} {r.source_url}", when)
        listed.add(r.source_url)
    for url in sorted(urls - listed):
        add("source", url, "undated (not in the sources table)")
    return pd.DataFrame(rows, columns=["member", "cycle", "item", "value", "detail"])


def plan_data_quality(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """The data_quality rows about a plan (its commitments, or the plan itself), errors first.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    dq = tables["data_quality"]
    # By the plan, never by a shared source URL: a release file or a listing page is the source
    # of every plan's rows, and its findings about other plans are not this plan's.
    sel = dq[dq["commitment_id"].isin(p.commitment_ids)
             | (dq["action_plan_id"] == f"{p.member}-{p.cycle}")].copy()
    rank = {"error": 0, "warning": 1, "info": 2}
    sel["_rank"] = sel["severity"].astype(str).map(rank)
    return sel.sort_values(["_rank", "problem", "commitment_id"]).drop(columns="_rank").reset_index(drop=True)


# --- derived indicators -----------------------------------------------------------------------

# The rule inputs, read from the release's own row: design indicators at the design stage,
# completion at exactly the stage the derived column is about.
_INPUT_PICKS = {
    "specificity": ("specificity", R.DESIGN_STAGES),
    "potential_impact": ("potential_impact", R.DESIGN_STAGES),
    "completion_midterm": ("completion", ("midterm",)),
    "completion_end_of_term": ("completion", ("end_of_term",)),
}


@per_tables
def derived_inputs(tables: dict[str, pd.DataFrame], ids=None) -> pd.DataFrame:
    """One row per (commitment, source publishing OGP's derived values): the underlying and published values.

    The inputs come from the SAME source as the published derived value (the data release), so
    the check tests the release's rule on the release's own data.

    Args:
        tables: the processed tables.
        ids: commitment IDs (default: all).

    Returns:
        The "wide" frame `derived.compare_derived` takes, plus source_url.
    """
    a = tables["assessments"]
    if ids is not None:
        a = a[a["commitment_id"].isin(list(ids))]
    a = F.plan_assessments({"assessments": a}, list(a["commitment_id"].unique()), "irm")
    pub = a[a["indicator"].isin(D.DERIVED)]
    keys = pub[["commitment_id", "member", "cycle", "source_url"]].drop_duplicates(["commitment_id", "source_url"])
    rows = a.merge(keys[["commitment_id", "source_url"]], on=["commitment_id", "source_url"])
    wide = keys.set_index(["commitment_id", "source_url"]).copy()

    def put(col, picked_rows, value_col="value"):
        s = picked_rows.set_index(["commitment_id", "source_url"])[value_col]
        wide[col] = s.reindex(wide.index)

    for col, (ind, stages) in _INPUT_PICKS.items():
        sub = rows[rows["indicator"] == ind]
        put(col, _pick_per_source(sub, ind, stages))
    for ind in D.DERIVED:
        sub = _pick_per_source(rows[rows["indicator"] == ind], ind, R.DERIVED_STAGES)
        put(ind, sub)
        put(f"{ind}_missing_reason", sub, "missing_reason")
    vals = tables["commitment_ogp_values"]
    vals = vals[vals["commitment_id"].isin(keys["commitment_id"])]
    for value in R.STAR_VALUES:
        v = vals[vals["ogp_value"].astype(str) == value]
        v = v.assign(value=v["is_relevant_to_value"].map({True: "Yes", False: "No"}))
        put(value, v.drop_duplicates(["commitment_id", "source_url"]))
    wide = wide.reset_index()
    return wide.astype(object).where(wide.notna(), None)


def _pick_per_source(rows: pd.DataFrame, indicator: str, stages) -> pd.DataFrame:
    """`frames.pick` within each source URL (one row per commitment and source)."""
    if rows.empty:
        return rows
    parts = [F.pick(g, indicator, stages) for _, g in rows.groupby("source_url")]
    return pd.concat(parts, ignore_index=True)


@per_tables
def derived_check(tables: dict[str, pd.DataFrame], member: str | None = None, cycle=None) -> pd.DataFrame:
    """OGP's derived indicators recomputed from the underlying ones, compared with the published values.

    One row per (commitment, derived indicator) with published, recomputed, status and agree;
    `value` is 1 when they agree, 0 when not, NA when both are missing.

    Args:
        tables: the processed tables.
        member: slug or OGP name (default: every member).
        cycle: one start year (needs member).
    """
    com = tables["commitments"]
    ids = None
    if member is not None:
        slug = F.resolve_member(tables, member)
        sel = com["member"] == slug
        if cycle is not None:
            sel &= com["cycle"] == F.resolve_cycle(tables, slug, cycle)
        ids = list(com.loc[sel, "commitment_id"])
    wide = derived_inputs(tables, ids)
    cmp = D.compare_derived(wide)
    urls = dict(zip(wide["commitment_id"], wide["source_url"], strict=True)) if not wide.empty else {}
    cmp.insert(0, "figure", "derived-check")
    cmp.insert(0, "assessor", "irm")
    cmp["field"] = cmp["indicator"]
    cmp["value"] = cmp["agree"].astype("Int64")
    cmp["commitment_ids"] = [[c] for c in cmp["commitment_id"]]
    cmp["stage"] = "latest"
    cmp["basis"] = [f"IRM data release column {D.RELEASE_COLUMNS[i]!r} vs our rule: {D.RULES[i]}"
                    for i in cmp["indicator"]]
    cmp["sources"] = "irm_data_release"
    cmp["source_url"] = cmp["commitment_id"].map(urls)
    return F.shaped(cmp)


def derived_agreement(tables: dict[str, pd.DataFrame], member: str | None = None, cycle=None) -> pd.DataFrame:
    """Agreement counts and rate per derived indicator (see `derived.summarise_agreement`).

    Args:
        tables: the processed tables.
        member: slug or OGP name (default: every member).
        cycle: one start year.
    """
    return D.summarise_agreement(derived_check(tables, member, cycle))
