"""Analysis figures on small hand-built tables, answers worked by hand."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from ogp_analysis import analysis as A
from ogp_analysis.analysis import sample as S
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.metadata import rules as R

M = "testland"


def _a(cid, cycle, indicator, printed, **kw):
    return S.assessment(cid, M, cycle, indicator, printed, **kw)


@pytest.fixture(scope="module")
def tables():
    """Legacy plan 2014 (TL0001-TL0004), refresh plan 2021 (TL0005-TL0006), empty plan 2017.

    TL0001: mid Limited -> end Complete, Transformative, ATI relevant, DIOG Major, starred.
    TL0002: mid Substantial, end ND (release) but a page status summary says Limited; Moderate;
            a page's bare 'Yes' relevance; an older page's Early Results 'Marginal'.
    TL0003: mid Withdrawn; no other data.  TL0004: nothing at all.
    Government self-assessment of 2014: TL0001 'Completed', TL0002 'Substantial'.
    """
    com = ([S.commitment(f"TL000{i}", M, 2014) for i in range(1, 5)]
           + [S.commitment("TL0005", M, 2021), S.commitment("TL0006", M, 2021)])
    gov = {"assessor": "government", "stage": "self_assessment", "era": "government",
           "source_type": "gov_self_assessment"}
    ass = [
        _a("TL0001", 2014, "completion", "Limited", stage="midterm"),
        _a("TL0001", 2014, "completion", "Complete", stage="end_of_term"),
        _a("TL0002", 2014, "completion", "Substantial", stage="midterm"),
        _a("TL0002", 2014, "completion", "ND", stage="end_of_term"),
        _a("TL0002", 2014, "completion", "Limited", stage="end_of_term", source_type="ogp_page_status_summary"),
        _a("TL0003", 2014, "completion", "Withdrawn", stage="midterm"),
        _a("TL0001", 2014, "potential_impact", "Transformative", stage="design"),
        _a("TL0002", 2014, "potential_impact", "Moderate", stage="design"),
        _a("TL0001", 2014, "specificity", "High", stage="design"),
        _a("TL0002", 2014, "specificity", "Medium", stage="design"),
        _a("TL0001", 2014, "diog", "Major", stage="end_of_term"),
        _a("TL0002", 2014, "early_results", "Marginal Marginal", source_type="ogp_page"),
        _a("TL0001", 2014, "starred_current_end_of_term", "1", stage="end_of_term"),
        _a("TL0002", 2014, "starred_current_end_of_term", "0", stage="end_of_term"),
        _a("TL0001", 2014, "carried_forward", "0", stage="end_of_term"),
        _a("TL0002", 2014, "carried_forward", "1", stage="end_of_term"),
        _a("TL0001", 2014, "completion", "Completed", **gov),
        _a("TL0002", 2014, "completion", "Substantial", **gov),
        _a("TL0005", 2021, "completion", "Substantial", stage="end_of_term", era="refresh"),
        _a("TL0006", 2021, "completion", "ND", stage="end_of_term", era="refresh"),
        _a("TL0005", 2021, "potential_for_results", "Substantial", stage="action_plan_review", era="refresh"),
        _a("TL0006", 2021, "potential_for_results", "Modest", stage="action_plan_review", era="refresh"),
    ]
    vals = [S.ogp_value("TL0001", M, "access_to_information", True),
            S.ogp_value("TL0001", M, "civic_participation", False),
            S.ogp_value("TL0002", M, "unspecified", True, source_type="ogp_page")]
    areas = [{"commitment_id": c, "policy_area": a, "vocabulary": "ogp_page", "source_type": "ogp_page",
              "origin": "pages", "source_url": f"u{c}"}
             for c, a in [("TL0001", "Open Data"), ("TL0002", "Open Data"), ("TL0002", "Legislation"),
                          ("TL0005", "Open Data")]]
    plans = [{"action_plan_id": f"{M}-{y}", "member": M, "cycle": y, "era": e}
             for y, e in [(2014, "legacy"), (2017, "legacy"), (2021, "refresh")]]
    return S.tables_from_rows(commitments=com, assessments=ass, commitment_ogp_values=vals,
                              commitment_policy_areas=areas, action_plans=plans,
                              members=[{"member": M, "member_name": "Testland"}])


def _field(frame, field, assessor=None):
    sub = frame[frame["field"] == field]
    if assessor:
        sub = sub[sub["assessor"] == assessor]
    assert len(sub) == 1, f"{field}: {len(sub)} rows"
    row = sub.iloc[0]
    return (None if pd.isna(row["value"]) else int(row["value"])), list(row["commitment_ids"])


@pytest.mark.parametrize(("field", "value", "ids"), [
    pytest.param("commitments", 4, ["TL0001", "TL0002", "TL0003", "TL0004"], id="commitments"),
    pytest.param("completion_midterm:Limited", 1, ["TL0001"], id="midterm-limited"),
    pytest.param("completion_midterm:Withdrawn", 1, ["TL0003"], id="midterm-withdrawn-off-scale"),
    pytest.param("completion_end_of_term:Complete", 1, ["TL0001"], id="end-complete"),
    pytest.param("completion_end_of_term:Limited", 1, ["TL0002"], id="release-ND-gives-way-to-page"),
    pytest.param("high_completion", 1, ["TL0001"], id="high-completion-latest-stage"),
    pytest.param("relevant", 2, ["TL0001", "TL0002"], id="relevant-bare-yes-counts"),
    pytest.param("transformative", 1, ["TL0001"], id="transformative"),
    pytest.param("all_three", 1, ["TL0001"], id="all-three"),
    pytest.param("starred", 1, ["TL0001"], id="starred"),
    pytest.param("diog:Major", 1, ["TL0001"], id="diog-major"),
    pytest.param("diog:Marginal", 1, ["TL0002"], id="diog-from-early-results-row"),
    pytest.param("diog_strong", 1, ["TL0001"], id="diog-strong"),
    pytest.param("carried_forward", 1, ["TL0002"], id="carried-forward"),
    pytest.param("coverage:completion_midterm", 3, ["TL0001", "TL0002", "TL0003"], id="coverage-midterm"),
    pytest.param("coverage:potential_for_results", 0, [], id="coverage-zero-is-a-count"),
])
def test_at_a_glance_legacy_irm(tables, field, value, ids):
    assert _field(A.at_a_glance(tables, "Testland", 2014), field) == (value, ids)


def test_at_a_glance_every_counted_completion_and_diog_label_present(tables):
    fields = set(A.at_a_glance(tables, M, 2014)["field"])
    for label in ("Not Started", "Limited", "Substantial", "Complete", "Withdrawn", "Unclear",
                  "No Evidence Available"):
        assert f"completion_midterm:{label}" in fields and f"completion_end_of_term:{label}" in fields
    assert {"diog:Worsens", "diog:Outstanding"} <= fields
    # Did it open government's 'Not Applicable' is not applicable and 'No early results to report
    # yet' is not yet: kinds of answer, never a bar beside the values.
    assert not {"diog:Not Applicable", "diog:No early results to report yet"} & fields


@pytest.mark.parametrize(("field", "value", "ids"), [
    pytest.param("completion_end_of_term:Complete", 1, ["TL0001"], id="completed-is-complete"),
    pytest.param("completion_end_of_term:Substantial", 1, ["TL0002"], id="self-assessment-is-end-of-term"),
    pytest.param("completion_midterm:Limited", None, [], id="no-government-midterm"),
    pytest.param("high_completion", 2, ["TL0001", "TL0002"], id="government-high-completion"),
    pytest.param("starred", None, [], id="government-gives-no-star"),
    pytest.param("relevant", None, [], id="government-gives-no-relevance"),
    pytest.param("diog:Major", None, [], id="government-gives-no-diog"),
])
def test_at_a_glance_government(tables, field, value, ids):
    assert _field(A.at_a_glance(tables, M, 2014, assessor="government"), field) == (value, ids)


@pytest.mark.parametrize(("field", "value"), [
    pytest.param("commitments", 2, id="commitments"),
    pytest.param("completion_end_of_term:Substantial", 1, id="results-completion"),
    pytest.param("completion_midterm:Limited", None, id="no-midterm-in-refresh"),
    pytest.param("starred", None, id="no-stars-after-refresh"),
    pytest.param("transformative", None, id="no-potential-impact-in-refresh"),
    pytest.param("diog:Major", None, id="no-diog-in-refresh"),
    pytest.param("coverage:completion_end_of_term", 1, id="nd-is-not-coverage"),
])
def test_at_a_glance_refresh_era(tables, field, value):
    assert _field(A.at_a_glance(tables, M, 2021), field)[0] == value


def test_empty_plan_counts_zero_commitments_and_na_elsewhere(tables):
    g = A.at_a_glance(tables, M, 2017)
    assert _field(g, "commitments") == (0, [])
    assert g.loc[g["field"] != "commitments"].query("not field.str.startswith('coverage')")["value"].isna().all()


def test_all_missing_indicator_is_na_not_zero(tables):
    # TL0006's only completion is ND; alone in a plan it gives NA counts and coverage 0.
    t = {k: v.copy() for k, v in tables.items()}
    t["commitments"] = t["commitments"][t["commitments"]["commitment_id"] != "TL0005"]
    g = A.at_a_glance(t, M, 2021)
    assert _field(g, "completion_end_of_term:Substantial") == (None, [])
    assert _field(g, "high_completion") == (None, [])
    assert _field(g, "coverage:completion_end_of_term") == (0, [])


def test_figure_frames_have_the_common_columns(tables):
    for name in A.FIGURES:
        params = {"indicator": "completion"} if name == "cross-member" else {"member": M}
        needs = inspect.signature(A.FIGURES[name]).parameters.get("cycle")
        if needs is not None and needs.default is inspect.Parameter.empty:
            params["cycle"] = 2014
        f = A.figure(name, tables, **params)
        assert set(A.frames.BASE_COLUMNS) <= set(f.columns), name


def test_completion_distribution_puts_assessors_side_by_side(tables):
    f = A.completion_distribution(tables, M, 2014)
    assert _field(f, "completion:Complete", "irm") == (1, ["TL0001"])
    assert _field(f, "completion:Substantial", "irm") == (0, [])  # TL0002's latest is Limited
    assert _field(f, "completion:Substantial", "government") == (1, ["TL0002"])
    assert _field(f, "kind:not_in_data", "irm") == (1, ["TL0004"])
    assert _field(f, "kind:not_in_data", "government") == (2, ["TL0003", "TL0004"])


def test_completion_distribution_without_government_rows_is_irm_only(tables):
    assert set(A.completion_distribution(tables, M, 2021)["assessor"]) == {"irm"}


def test_diog_by_value(tables):
    f = A.diog_by_value(tables, M, 2014)
    assert _field(f, "overall:Major") == (1, ["TL0001"])
    assert _field(f, "access_to_information:Major") == (None, [])  # no per-value rows


def test_ambition_completion_legacy_uses_potential_impact(tables):
    f = A.ambition_completion(tables, M, 2014)
    assert set(f["ambition_indicator"]) == {"potential_impact"}
    assert _field(f, "potential_impact:Transformative|completion:Complete") == (1, ["TL0001"])
    assert _field(f, "potential_impact:Moderate|completion:Limited") == (1, ["TL0002"])
    assert _field(f, "potential_impact:(none)|completion:(none)") == (1, ["TL0004"])
    assert int(f["value"].sum()) == 4


def test_ambition_completion_refresh_uses_potential_for_results(tables):
    f = A.ambition_completion(tables, M, 2021)
    assert set(f["ambition_indicator"]) == {"potential_for_results"}
    assert _field(f, "potential_for_results:Substantial|completion:Substantial") == (1, ["TL0005"])
    assert _field(f, "potential_for_results:Modest|completion:(none)") == (1, ["TL0006"])


def test_policy_areas_per_cycle_and_vocabulary(tables):
    f = A.policy_areas(tables, M)
    assert _field(f[f["cycle"] == 2014], "ogp_page:Open Data") == (2, ["TL0001", "TL0002"])
    assert _field(f[f["cycle"] == 2021], "ogp_page:Open Data") == (1, ["TL0005"])
    assert A.policy_areas(tables, M, vocabulary="irm_data_release").empty
    with pytest.raises(NotFoundError, match="vocabularies"):
        A.policy_areas(tables, M, vocabulary="nope")


def test_cross_cycle_lines_up_plans(tables):
    f = A.cross_cycle(tables, M)
    commitments = f[f["field"] == "commitments"].set_index("cycle")["value"]
    assert commitments.to_dict() == {2014: 4, 2017: 0, 2021: 2}
    starred = f[f["field"] == "starred"].set_index("cycle")["value"]
    assert starred[2014] == 1 and pd.isna(starred[2021])


def test_cross_member_counts_latest_completion(tables):
    f = A.cross_member(tables, "completion", cycles=[2014])
    assert _field(f, "completion:Complete") == (1, ["TL0001"])
    assert _field(f, "assessed") == (3, ["TL0001", "TL0002", "TL0003"])
    with pytest.raises(NotFoundError, match="indicators"):
        A.cross_member(tables, "nonsense")


def test_coverage_counts_each_kind_of_answer_from_the_answer_table(tables):
    f = A.coverage(tables, M, 2021)
    assert _field(f, "completion_latest:value") == (1, ["TL0005"])
    assert _field(f, "completion_latest:no_data") == (1, ["TL0006"])
    assert _field(f, "diog:not_in_data") == (2, ["TL0005", "TL0006"])
    # A refresh-era plan has no star and no mid-term report: not applicable, never missing.
    assert _field(f, "starred:not_applicable") == (2, ["TL0005", "TL0006"])
    assert _field(f, "completion_midterm:not_applicable") == (2, ["TL0005", "TL0006"])
    # No government answer for any commitment of 2021: the government is not shown.
    assert set(f["assessor"]) == {"irm"}
    # Every question's kinds add up to the plan's commitments in the data.
    assert (f.groupby(["assessor", "indicator"])["value"].sum() == 2).all()
    assert set(f["kind"]) == set(R.ANSWER_KINDS)
    # The counted kinds are the at-a-glance coverage of the same question.
    glance = A.at_a_glance(tables, M, 2014).set_index("field")["value"]
    f14 = A.coverage(tables, M, 2014)
    for name in ("completion_midterm", "completion_latest", "diog", "starred", "ogp_values"):
        counted = f14[(f14["assessor"] == "irm") & (f14["indicator"] == name)
                      & f14["kind"].isin(R.COUNTED_KINDS)]["value"].sum()
        assert counted == glance[f"coverage:{name}"], name
    assert _field(f14, "completion_latest:value", "government") == (2, ["TL0001", "TL0002"])


def test_commitment_table_shows_both_assessors(tables):
    t = A.commitment_table(tables, M, 2014).set_index("commitment_id")
    assert t.loc["TL0001", "completion_irm"] == "Complete"
    assert t.loc["TL0001", "completion_government"] == "Complete"
    assert t.loc["TL0002", "completion_irm"] == "Limited"
    assert t.loc["TL0001", "starred"] == "Yes"


def test_plan_overview_reports_undated_sources(tables):
    o = A.plan_overview(tables, M, 2014)
    assert o.loc[o["item"] == "commitments", "value"].item() == "4"
    assert (o.loc[o["item"] == "source", "detail"].str.startswith("undated")).all()


def test_plan_data_quality_filters_to_the_plan(tables):
    t = {k: v.copy() for k, v in tables.items()}
    from ogp_analysis.schema import validate

    t["data_quality"] = validate(pd.DataFrame([
        {"severity": "warning", "problem": "unknown_value", "commitment_id": "TL0001", "detail": "x",
         "source_type": "ogp_page", "origin": "pages"},
        {"severity": "error", "problem": "unknown_value", "commitment_id": "TL0005", "detail": "y",
         "source_type": "ogp_page", "origin": "pages"},
    ]), "data_quality")
    assert list(A.plan_data_quality(t, M, 2014)["commitment_id"]) == ["TL0001"]


@pytest.mark.parametrize(("call", "match"), [
    pytest.param(lambda t: A.at_a_glance(t, "atlantis", 2014), "members in the data: testland", id="member"),
    pytest.param(lambda t: A.at_a_glance(t, M, 1999), "cycles in the data: 2014, 2017, 2021", id="cycle"),
    pytest.param(lambda t: A.figure("pie", t, member=M), "figures: at-a-glance", id="figure"),
    pytest.param(lambda t: A.at_a_glance(t, M, 2014, assessor="cso"), "assessors: irm", id="assessor"),
])
def test_unknown_names_list_the_valid_ones(tables, call, match):
    with pytest.raises(NotFoundError, match=match):
        call(tables)


def test_figure_needs_cycle_and_says_which(tables):
    with pytest.raises(OGPAnalysisError, match="needs cycle .*2014, 2017, 2021"):
        A.figure("at-a-glance", tables, member=M)
