"""The IRM "At a Glance" table of one action plan, and the figures built on the same counts."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.pickers import pick_any, pick_completion, pick_diog, pick_star, relevance
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import SCALES

COMPLETION_LABELS = SCALES["completion"].labels
DIOG_LABELS = SCALES["diog"].labels
# At-a-glance fields the refresh era has no indicator for (stars ended, no mid-term report,
# potential impact replated by potential for results): NA, not 0. Did it open government is
# counted where the release still prints it for a 2020+ plan (NA when no commitment has it).
REFRESH_NA = ("completion_midterm", "transformative", "all_three", "starred")
# Fields a government self-assessment does not give.
GOVERNMENT_NA = ("relevant", "transformative", "all_three", "starred", "diog", "diog_strong",
                 "carried_forward")

_WHO = {"irm": "IRM", "government": "Government self-assessment"}


def _basis(assessor: str, what: str) -> str:
    src = R.precedence_text() if assessor == "irm" else "government self-assessment"
    return f"{_WHO[assessor]}: {what}; {src}"


def _stage_text(stages) -> str:
    return "|".join(stages)


def _count(picked: pd.DataFrame, values) -> tuple[int, list[str]]:
    values = set(values)
    ids = [c for c, v, k in zip(picked["commitment_id"], picked["value"], picked["value_kind"], strict=True)
           if k in F.ANSWERED and v in values] if len(picked) else []
    return len(ids), F.ids_of(ids)


def at_a_glance(tables: dict[str, pd.DataFrame], member: str, cycle, assessor: str = "irm") -> pd.DataFrame:
    """The IRM "At a Glance" table of one action plan, as tidy rows.

    A field is NA (not 0) when the data cannot give it: the era has no such indicator (refresh:
    no mid-term, star, potential impact or DIOG), the assessor does not assess it (government:
    only completion), or no commitment of the plan has a value for it (see its coverage line).

    Args:
        tables: the processed tables (`ogp_analysis.load_tables`).
        member: slug or OGP name, case-insensitive.
        cycle: the plan's start year.
        assessor: `irm` or `government`.

    Returns:
        Rows member, cycle, assessor, figure (`at-a-glance`), field, value, commitment_ids,
        stage, basis, sources, label.
    """
    F.check_assessor(assessor)
    p = F.plan(tables, member, cycle)
    rows = F.plan_assessments(tables, p.commitment_ids, assessor)
    out: list[dict] = []
    refresh = p.era == "refresh"

    def na_field(group: str) -> bool:
        return (refresh and assessor == "irm" and group in REFRESH_NA) or (
            assessor == "government" and group in GOVERNMENT_NA)

    def add(field, value, ids, stage, basis, picked=None, label=None, group=None):
        if group is not None and na_field(group):
            value, ids = None, []
        out.append({
            "member": p.member, "cycle": p.cycle, "assessor": assessor, "figure": "at-a-glance",
            "field": field, "value": value, "commitment_ids": ids, "stage": stage, "basis": basis,
            "sources": F.sources_of(picked) if picked is not None else "", "label": label,
        })

    def counts(prefix, picked, labels, stage, basis, group):
        covered = len(F.answered(picked))
        for label in labels:
            n, ids = _count(picked, [label])
            add(f"{prefix}:{label}", n if covered else None, ids, stage, basis, picked, label, group)

    add("commitments", len(p.commitment_ids), list(p.commitment_ids), "", "commitments table")

    comp = {w: pick_completion(rows, assessor, w) for w in R.COMPLETION_MOMENTS}
    stage_text = {w: _stage_text(R.completion_stages(assessor, w)) for w in comp}
    counts("completion_midterm", comp["midterm"], COMPLETION_LABELS, stage_text["midterm"],
           _basis(assessor, "mid-term completion"), "completion_midterm")
    counts("completion_end_of_term", comp["end_of_term"], COMPLETION_LABELS,
           stage_text["end_of_term"], _basis(assessor, "end-of-term completion (refresh: results "
                                             "report; government: self-assessment)"),
           "completion_end_of_term")
    counts("completion_latest", comp["latest"], COMPLETION_LABELS, stage_text["latest"],
           _basis(assessor, "completion at the latest stage assessed (end of term, else mid-term, "
                            "else a page's undated completion row)"), "completion_latest")

    latest = comp["latest"]
    n_high, high_ids = _count(latest, R.HIGH_COMPLETION)
    has_latest = not F.answered(latest).empty
    add("high_completion", n_high if has_latest else None, high_ids, stage_text["latest"],
        _basis(assessor, "OGP's rule: latest stage assessed (end of term, else mid-term) is "
                         "Substantial or Complete"), latest, group="high_completion")

    rel = relevance(tables["commitment_ogp_values"], p.commitment_ids)
    rel_ids = F.ids_of(rel.loc[rel["is_relevant"], "commitment_id"])
    add("relevant", len(rel_ids) if not rel.empty else None, rel_ids, "design",
        _basis(assessor, "relevant to at least one OGP value (a page's bare 'Yes' included)"),
        rel, group="relevant")

    impact = pick_any(rows, "potential_impact")
    n_tr, tr_ids = _count(impact, ["Transformative"])
    add("transformative", n_tr if not F.answered(impact).empty else None, tr_ids, "design",
        _basis(assessor, "potential impact Transformative (legacy)"), impact, group="transformative")

    three_known = has_latest and not rel.empty and not F.answered(impact).empty
    three = sorted(set(rel_ids) & set(tr_ids) & set(high_ids))
    add("all_three", len(three) if three_known else None, three, stage_text["latest"],
        _basis(assessor, "relevant + transformative + substantial/complete at the latest stage"),
        pd.concat([impact, latest]), group="all_three")

    star = pick_star(rows)
    n_star, star_ids = _count(star, ["Yes"])
    add("starred", n_star if not F.answered(star).empty else None, star_ids, "end_of_term|latest",
        _basis(assessor, "the published end-of-term star (release current formula > page "
                         "Starred row > listing)"), star, group="starred")

    diog = pick_diog(rows)
    counts("diog", diog, DIOG_LABELS, _stage_text(R.DIOG_STAGES),
           _basis(assessor, "did it open government, overall (an older page's Early Results "
                            "row where no DIOG row)"), "diog")
    n_strong, strong_ids = _count(diog, R.STRONG_RESULTS)
    add("diog_strong", n_strong if not F.answered(diog).empty else None, strong_ids,
        _stage_text(R.DIOG_STAGES), _basis(assessor, "OGP's strong results: DIOG Major or Outstanding"),
        diog, group="diog_strong")

    cf = pick_any(rows, "carried_forward")
    n_cf, cf_ids = _count(cf, ["Yes"])
    add("carried_forward", n_cf if not F.answered(cf).empty else None, cf_ids, "end_of_term",
        _basis(assessor, "carried forward to the next plan"), cf, group="carried_forward")

    # Coverage: how many commitments had a value (an answer, on the scale or off it).
    cover = {
        "completion_midterm": comp["midterm"], "completion_end_of_term": comp["end_of_term"],
        "completion_latest": latest, "potential_impact": impact, "diog": diog, "starred": star,
        "carried_forward": cf,
    }
    for name in ("specificity", "verifiable", "ambition", "potential_for_results", "promising",
                 "early_results"):
        cover[name] = pick_any(rows, name)
    for name, picked in cover.items():
        got = F.answered(picked)
        add(f"coverage:{name}", len(got), F.ids_of(got["commitment_id"]), F.stages_of(got),
            _basis(assessor, f"commitments with a value for {name}"), picked)
    add("coverage:ogp_values", len(rel), F.ids_of(rel["commitment_id"]), "design",
        _basis(assessor, "commitments whose relevance to OGP values is stated"), rel)
    return F.frame(out)


def completion_distribution(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Completion counts per label at the latest stage assessed, IRM and government side by side.

    The government appears when the plan has any government completion row.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    out = []
    for assessor in ("irm", "government"):
        rows = F.plan_assessments(tables, p.commitment_ids, assessor)
        comp = rows[rows["indicator"] == "completion"]
        if assessor == "government" and comp.empty:
            continue
        picked = pick_completion(rows, assessor, "latest")
        got = F.answered(picked)
        stage = _stage_text(R.completion_stages(assessor, "latest"))
        basis = _basis(assessor, "completion at the latest stage assessed")
        for label in COMPLETION_LABELS:
            n, ids = _count(picked, [label])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "completion", "field": f"completion:{label}",
                        "value": n, "commitment_ids": ids, "stage": stage, "basis": basis,
                        "sources": F.sources_of(got), "label": label})
        missing = sorted(set(p.commitment_ids) - set(got["commitment_id"]))
        out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                    "figure": "completion", "field": "not_assessed", "value": len(missing),
                    "commitment_ids": missing, "stage": stage, "basis": basis,
                    "sources": F.sources_of(picked), "label": "Not assessed"})
    return F.frame(out)


def diog_by_value(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Did it open government, counts per label, overall and per OGP value (IRM, legacy).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    rows = F.plan_assessments(tables, p.commitment_ids, "irm")
    out = []
    for value in (None, "access_to_information", "civic_participation", "public_accountability",
                  "technology_innovation"):
        picked = pick_diog(rows, value)
        if value == "technology_innovation" and picked.empty:
            continue  # the release prints no DIOG for technology; the other values always show
        covered = len(F.answered(picked))
        name = value or "overall"
        for label in DIOG_LABELS:
            n, ids = _count(picked, [label])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": "irm",
                        "figure": "diog-by-value", "field": f"{name}:{label}",
                        "value": n if covered else None,
                        "commitment_ids": ids, "stage": _stage_text(R.DIOG_STAGES),
                        "basis": _basis("irm", f"did it open government ({name})"),
                        "sources": F.sources_of(picked), "ogp_value": name, "label": label})
    return F.frame(out)


# Ambition axis by era: legacy potential impact, a page's Ambition row, refresh potential for results.
AMBITION_AXES = {
    "legacy": ("potential_impact", "ambition", "potential_for_results"),
    "refresh": ("potential_for_results", "ambition", "potential_impact"),
    None: ("potential_impact", "potential_for_results", "ambition"),
}


def ambition_completion(tables: dict[str, pd.DataFrame], member: str, cycle,
                        assessor: str = "irm") -> pd.DataFrame:
    """Ambition x completion matrix of one plan: counts per (ambition label, completion label).

    The ambition axis is the era's (legacy potential impact; refresh potential for results),
    else a page's 'Ambition' row: the first with any value, named in `ambition_indicator` and
    `basis`. Completion is the assessor's latest stage. A commitment without a value on an axis
    is counted under '(none)' so the matrix adds up to the plan's commitments.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
        assessor: whose completion (ambition is always the IRM's).
    """
    F.check_assessor(assessor)
    p = F.plan(tables, member, cycle)
    irm_rows = F.plan_assessments(tables, p.commitment_ids, "irm")
    axis, amb = AMBITION_AXES[p.era if p.era in AMBITION_AXES else None][0], None
    for name in AMBITION_AXES[p.era if p.era in AMBITION_AXES else None]:
        picked = pick_any(irm_rows, name)
        if not F.answered(picked).empty:
            axis, amb = name, picked
            break
    if amb is None:
        amb = pick_any(irm_rows, axis)
    comp = pick_completion(F.plan_assessments(tables, p.commitment_ids, assessor), assessor, "latest")
    a = dict(zip(F.answered(amb)["commitment_id"], F.answered(amb)["value"], strict=True))
    c = dict(zip(F.answered(comp)["commitment_id"], F.answered(comp)["value"], strict=True))
    scale = SCALES[{"potential_impact": "potential_impact", "ambition": "ambition",
                    "potential_for_results": "potential_for_results"}[axis]]
    out = []
    basis = (f"ambition: IRM {axis}; completion: {_basis(assessor, 'latest stage assessed')}")
    for row_label in (*reversed(scale.labels), "(none)"):
        for col_label in (*COMPLETION_LABELS, "(none)"):
            ids = [i for i in p.commitment_ids
                   if a.get(i, "(none)") == row_label and c.get(i, "(none)") == col_label]
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "ambition-completion", "field": f"{axis}:{row_label}|completion:{col_label}",
                        "value": len(ids), "commitment_ids": ids,
                        "stage": _stage_text(R.completion_stages(assessor, "latest")), "basis": basis,
                        "sources": F.sources_of(pd.concat([amb, comp])),
                        "row": row_label, "col": col_label, "ambition_indicator": axis})
    return F.frame(out)


def policy_areas(tables: dict[str, pd.DataFrame], member: str, cycles=None,
                 vocabulary: str | None = None) -> pd.DataFrame:
    """Commitments per policy area and cycle, in each source's own vocabulary (never cross-walked).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycles: start years (default: every cycle of the member).
        vocabulary: one of `ogp_page`, `ogp_listing`, `irm_data_release` (default: all, each
            row naming its vocabulary).
    """
    slug = F.resolve_member(tables, member)
    years = F.resolve_cycles(tables, slug, cycles)
    pa_ = tables["commitment_policy_areas"].copy()
    vocabularies = sorted(str(v) for v in pa_["vocabulary"].cat.categories) \
        if hasattr(pa_["vocabulary"], "cat") else sorted(set(pa_["vocabulary"].astype(str)))
    if vocabulary is not None and vocabulary not in vocabularies:
        raise F.NotFoundError(f"unknown vocabulary {vocabulary!r}; vocabularies: {', '.join(vocabularies)}")
    com = tables["commitments"]
    out = []
    for year in years:
        ids = set(com.loc[(com["member"] == slug) & (com["cycle"] == year), "commitment_id"])
        sub = pa_[pa_["commitment_id"].isin(ids)].copy()
        sub["vocabulary"] = sub["vocabulary"].astype(str)
        if vocabulary is not None:
            sub = sub[sub["vocabulary"] == vocabulary]
        for (vocab, area), g in sub.groupby(["vocabulary", "policy_area"]):
            cids = F.ids_of(g["commitment_id"])
            out.append({"member": slug, "cycle": year, "assessor": "", "figure": "policy-areas",
                        "field": f"{vocab}:{area}", "value": len(cids), "commitment_ids": cids,
                        "stage": "", "basis": f"policy areas as {vocab} lists them",
                        "sources": "; ".join(sorted(set(g["source_type"].astype(str)))),
                        "vocabulary": vocab, "label": area, "commitments": len(ids)})
    return F.frame(out, extra=("vocabulary", "label", "commitments"))




def cross_cycle(tables: dict[str, pd.DataFrame], member: str, cycles=None,
                assessor: str = "irm") -> pd.DataFrame:
    """A member's plans side by side: the At a Glance counts per cycle.

    Commitments, completion, high completion, stars, strong results, carried forward and the
    coverage each share needs (`registry.CROSS_CYCLE_FIELDS`).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycles: start years (default: every cycle of the member).
        assessor: `irm` or `government`.
    """
    from ogp_analysis.analysis.registry import CROSS_CYCLE_FIELDS

    slug = F.resolve_member(tables, member)
    parts = []
    for year in F.resolve_cycles(tables, slug, cycles):
        g = at_a_glance(tables, slug, year, assessor)
        keep = g["field"].isin(CROSS_CYCLE_FIELDS) | g["field"].str.startswith("completion_latest:")
        parts.append(g[keep])
    if not parts:
        return F.frame([])
    out = pd.concat(parts, ignore_index=True)
    out["figure"] = "cross-cycle"
    return out


def cross_member(tables: dict[str, pd.DataFrame], indicator: str = "completion", cycles=None, members=None,
                 assessor: str = "irm") -> pd.DataFrame:
    """One indicator across members' plans: counts per label, commitments assessed, plan size.

    The value of each commitment is its latest stage assessed (end of term, results, mid-term,
    design, page) by source precedence.

    Args:
        tables: the processed tables.
        indicator: an indicator name (`completion`, the default; `potential_impact`, `diog`, ...).
        cycles: start years to keep (default: all).
        members: slugs or names (default: all).
        assessor: `irm` or `government`.
    """
    from ogp_analysis.metadata.scales import INDICATORS

    F.check_assessor(assessor)
    if indicator not in INDICATORS:
        raise F.NotFoundError(f"unknown indicator {indicator!r}; indicators: {', '.join(INDICATORS)}")
    com = tables["commitments"]
    slugs = ([F.resolve_member(tables, m) for m in members] if members is not None
             else sorted(set(com["member"].astype(str))))
    labels = SCALES[INDICATORS[indicator].scale_names[0]].labels
    out = []
    for slug in slugs:
        years = F.member_cycles(tables, slug)
        if cycles is not None:
            years = [y for y in years if y in {int(c) for c in cycles}]
        for year in years:
            ids = sorted(com.loc[(com["member"] == slug) & (com["cycle"] == year), "commitment_id"])
            rows = F.plan_assessments(tables, ids, assessor)
            picked = pick_any(rows, indicator)
            got = F.answered(picked)
            base = {"member": slug, "cycle": year, "assessor": assessor, "figure": "cross-member",
                    "stage": F.stages_of(got), "sources": F.sources_of(got),
                    "basis": _basis(assessor, f"{indicator} at the latest stage assessed"),
                    "indicator": indicator, "commitments": len(ids)}
            for label in labels:
                n, cids = _count(picked, [label])
                out.append({**base, "field": f"{indicator}:{label}", "value": n if len(got) else None,
                            "commitment_ids": cids, "label": label,
                            "share": n / len(got) if len(got) else float("nan")})
            out.append({**base, "field": "assessed", "value": len(got),
                        "commitment_ids": F.ids_of(got["commitment_id"]), "label": "assessed",
                        "share": len(got) / len(ids) if ids else float("nan")})
    return F.frame(out, extra=("indicator", "label", "share", "commitments"))
