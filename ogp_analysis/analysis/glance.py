"""The IRM "At a Glance" table of one action plan, and the figures built on the same counts."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.registry import COVERAGE_QUESTIONS, SHARE_COLUMNS
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import COMPLETION_ASSESSOR_LABELS, INDICATOR_LABELS, STAGE_LABELS

# The answers each count is taken over are `rules.counted_labels(scale)` (a value or a stated
# answer off the scale), read at each call so a changed scale is followed: the bars of the
# completion and did-it-open-government charts. 'No early results to report yet' is not yet.
# The basis of a figure names whose assessment it is.
WHO = COMPLETION_ASSESSOR_LABELS


def _basis(assessor: str, what: str) -> str:
    src = R.precedence_text() if assessor == "irm" else "government self-assessment"
    return f"{WHO[assessor]}: {what}; {src}"


def _stage_text(stages) -> str:
    return "|".join(stages)


def stage_words(stages) -> str:
    """A stage preference in words, from the rules: 'end of term, else results report, else ...'."""
    return ", else ".join(STAGE_LABELS.get(s, s) for s in stages)


def _count(picked: F.Answers, values) -> tuple[int, list[str]]:
    """The counted answers among `values` (a value or a stated answer off the scale)."""
    ids = picked.with_values(values)
    return len(ids), ids


def at_a_glance(tables: dict[str, pd.DataFrame], member: str, cycle, assessor: str = "irm") -> pd.DataFrame:
    """The IRM "At a Glance" table of one action plan, as tidy rows, counted from the answer table.

    A field is NA (not 0) when no commitment of the plan has a counted answer for it (a value
    or a stated answer off the scale): the era has no such indicator (`rules.ERA_NOT_APPLICABLE`),
    the assessor is not asked it (`rules.ASSESSOR_INDICATORS`), or no source gives one (see its
    coverage line). The stars of each rule the data release states are counted apart.

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
    answers = F.plan_answers(tables, p.member, p.cycle)
    out: list[dict] = []

    def ask(indicator, moment="any"):
        return F.question(answers, indicator, moment, assessor)

    def add(field, value, ids, stage, basis, picked=None, label=None):
        out.append({
            "member": p.member, "cycle": p.cycle, "assessor": assessor, "figure": "at-a-glance",
            "field": field, "value": value, "commitment_ids": ids, "stage": stage, "basis": basis,
            "sources": F.sources_of(F.counted(picked)) if picked is not None else "", "label": label,
        })

    def counts(prefix, picked, labels, stage, basis):
        covered = len(F.counted(picked))
        for label in labels:
            n, ids = _count(picked, [label])
            add(f"{prefix}:{label}", n if covered else None, ids, stage, basis, picked, label)

    def yes(field, picked, values, stage, what):
        n, ids = _count(picked, values)
        add(field, n if len(F.counted(picked)) else None, ids, stage, _basis(assessor, what), picked)
        return ids

    add("commitments", len(p.commitment_ids), list(p.commitment_ids), "", "commitments table")

    comp = {w: ask("completion", w) for w in R.COMPLETION_MOMENTS}
    stage_text = {w: _stage_text(R.completion_stages(assessor, w)) for w in comp}
    for w in R.COMPLETION_MOMENTS:
        counts(f"completion_{w}", comp[w], R.counted_labels("completion"), stage_text[w],
               _basis(assessor, f"completion, {w.replace('_', ' ')}: "
                      + stage_words(R.completion_stages(assessor, w))))

    latest = comp["latest"]
    high_ids = yes("high_completion", latest, R.HIGH_COMPLETION, stage_text["latest"],
                   "OGP's rule: the latest stage assessed (" + stage_words(R.completion_stages(
                       assessor, "latest")) + ") is " + " or ".join(R.HIGH_COMPLETION))
    rel = ask("relevant")
    rel_ids = yes("relevant", rel, ["Yes"], "design",
                  "relevant to at least one OGP value (a page's bare 'Yes' included)")
    impact = ask("potential_impact")
    tr_ids = yes("transformative", impact, R.STAR_IMPACT_CURRENT, "design",
                 "potential impact " + " or ".join(R.STAR_IMPACT_CURRENT))
    three_known = all(len(F.counted(x)) for x in (latest, rel, impact))
    three = sorted(set(rel_ids) & set(tr_ids) & set(high_ids))
    add("all_three", len(three) if three_known else None, three, stage_text["latest"],
        _basis(assessor, "relevant + transformative + high completion at the latest stage"),
        impact + latest)
    star = ask("starred")
    yes("starred", star, ["Yes"], _stage_text(R.ANY_STAGE),
        "the published star (" + ", ".join(R.STAR_INDICATORS) + ", the first a source states)")
    for rule in R.STAR_RULES:
        yes(rule, ask(rule), ["Yes"], _stage_text(R.ANY_STAGE), INDICATOR_LABELS[rule])

    diog = ask("diog")
    diog_what = "did it open government, overall (" + stage_words(R.DIOG_STAGES) + ")"
    counts("diog", diog, R.counted_labels("diog"), _stage_text(R.DIOG_STAGES), _basis(assessor, diog_what))
    yes("diog_strong", diog, R.STRONG_RESULTS, _stage_text(R.DIOG_STAGES),
        "OGP's strong results: did it open government " + " or ".join(R.STRONG_RESULTS))
    cf = ask("carried_forward")
    yes("carried_forward", cf, ["Yes"], _stage_text(R.ANY_STAGE), "carried forward to the next plan")

    # Coverage: how many commitments have a counted answer (a value or a stated answer off it).
    for name, (indicator, moment) in COVERAGE_QUESTIONS.items():
        picked = ask(indicator, moment)
        got = F.counted(picked)
        add(f"coverage:{name}", len(got), F.ids_of(got.ids), F.stages_of(got),
            _basis(assessor, f"commitments with a value for {name}"), picked)
    return F.frame(out)


def kind_counts(answers: F.Answers, p: F.Plan, assessor: str, figure: str, prefix: str,
                stage: str, basis: str) -> list[dict]:
    """One row per kind of answer (`rules.ANSWER_KINDS`) of one question's answers: they add up to the plan."""
    out = []
    for kind in R.ANSWER_KINDS:
        mine = answers.of_kind(kind)
        ids = F.ids_of(mine.ids)
        out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor, "figure": figure,
                    "field": f"{prefix}{kind}", "value": len(ids), "commitment_ids": ids,
                    "stage": stage, "basis": basis + "; " + R.ANSWER_KINDS[kind],
                    "sources": F.sources_of(mine), "kind": kind,
                    "label": R.KIND_LABELS[kind]})
    return out


def completion_distribution(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Completion counts per label at the latest stage assessed, IRM and government side by side.

    The government appears when the plan has any government completion row. After the labels,
    one `kind:<kind>` row per kind of answer (`rules.ANSWER_KINDS`), adding up to the plan.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    answers = F.plan_answers(tables, p.member, p.cycle)
    out = []
    for assessor in ("irm", "government"):
        picked = F.question(answers, "completion", "latest", assessor)
        if assessor == "government" and set(picked.kinds) <= {"not_in_data"}:
            continue  # no government completion row for any commitment of the plan
        got = F.counted(picked)
        stage = _stage_text(R.completion_stages(assessor, "latest"))
        basis = _basis(assessor, "completion at the latest stage assessed")
        for label in R.counted_labels("completion"):
            n, ids = _count(picked, [label])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "completion", "field": f"completion:{label}",
                        "value": n, "commitment_ids": ids, "stage": stage, "basis": basis,
                        "sources": F.sources_of(got), "label": label})
        out += kind_counts(picked, p, assessor, "completion", "kind:", stage, basis)
    return F.frame(out)


def diog_by_value(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Did it open government, counts per label, overall and per OGP value (IRM, legacy).

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    p = F.plan(tables, member, cycle)
    answers = F.plan_answers(tables, p.member, p.cycle)
    out = []
    for value in (None, *R.DIOG_OGP_VALUES):
        picked = F.question(answers, "diog", ogp_value=value)
        covered = len(F.counted(picked))
        if value == R.DIOG_OGP_VALUES[-1] and not covered:
            continue  # the release prints no DIOG for technology; the other values always show
        name = value or "overall"
        for label in R.counted_labels("diog"):
            n, ids = _count(picked, [label])
            out.append({"member": p.member, "cycle": p.cycle, "assessor": "irm",
                        "figure": "diog-by-value", "field": f"{name}:{label}",
                        "value": n if covered else None,
                        "commitment_ids": ids, "stage": _stage_text(R.DIOG_STAGES),
                        "basis": _basis("irm", f"did it open government ({name})"),
                        "sources": F.sources_of(F.counted(picked)), "ogp_value": name, "label": label})
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
    answers = F.plan_answers(tables, p.member, p.cycle)
    axes = AMBITION_AXES[p.era if p.era in AMBITION_AXES else None]
    axis = next((name for name in axes if len(F.counted(F.question(answers, name)))), axes[0])
    amb = F.counted(F.question(answers, axis))
    comp = F.counted(F.question(answers, "completion", "latest", assessor))
    a, c = amb.value_of(), comp.value_of()
    labels = R.counted_labels(axis)
    out = []
    basis = (f"ambition: IRM {axis}; completion: {_basis(assessor, 'latest stage assessed')}")
    for row_label in (*reversed(labels), "(none)"):
        for col_label in (*R.counted_labels("completion"), "(none)"):
            ids = [i for i in p.commitment_ids
                   if a.get(i, "(none)") == row_label and c.get(i, "(none)") == col_label]
            out.append({"member": p.member, "cycle": p.cycle, "assessor": assessor,
                        "figure": "ambition-completion", "field": f"{axis}:{row_label}|completion:{col_label}",
                        "value": len(ids), "commitment_ids": ids,
                        "stage": _stage_text(R.completion_stages(assessor, "latest")), "basis": basis,
                        "sources": F.sources_of(amb + comp),
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
    from ogp_analysis.answers import questions
    from ogp_analysis.metadata.scales import INDICATORS

    F.check_assessor(assessor)
    asked = sorted({q.indicator for q in questions() if q.indicator in INDICATORS})
    if indicator not in asked:
        raise F.NotFoundError(f"unknown indicator {indicator!r}; indicators: {', '.join(asked)}")
    com = tables["commitments"]
    slugs = ([F.resolve_member(tables, m) for m in members] if members is not None
             else sorted(set(com["member"].astype(str))))
    labels = R.counted_labels(INDICATORS[indicator].scale_names[0])
    out = []
    by_plan = F.answers_by_plan(tables)
    sizes = com.groupby(["member", "cycle"], observed=True).size()
    for slug in slugs:
        years = F.member_cycles(tables, slug)
        if cycles is not None:
            years = [y for y in years if y in {int(c) for c in cycles}]
        for year in years:
            size = int(sizes.get((slug, year), 0))
            picked = F.question(by_plan.get((slug, year), {}), indicator,
                                "latest" if indicator == "completion" else "any", assessor)
            got = F.counted(picked)
            base = {"member": slug, "cycle": year, "assessor": assessor, "figure": "cross-member",
                    "stage": F.stages_of(got), "sources": F.sources_of(got),
                    "basis": _basis(assessor, f"{indicator} at the latest stage assessed"),
                    "indicator": indicator, "commitments": size}
            for label in labels:
                n, cids = _count(picked, [label])
                out.append({**base, "field": f"{indicator}:{label}", "commitment_ids": cids,
                            "label": label, **_share(n if len(got) else None, len(got))})
            out.append({**base, "field": "assessed", "commitment_ids": F.ids_of(got.ids),
                        "label": "assessed", **_share(len(got), size)})
    return F.frame(out, extra=("indicator", *SHARE_COLUMNS, "commitments"))


def _share(count: int | None, denominator: int) -> dict:
    """A share row's numbers: `value` and `numerator` the count, its `denominator`, the `share` (NA over 0)."""
    return {"value": count, "numerator": count, "denominator": denominator,
            "share": count / denominator if denominator and count is not None else None}
