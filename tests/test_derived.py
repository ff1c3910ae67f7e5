"""OGP's derived indicators recomputed and compared: hand-worked rules, and every row of the real data release."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.analysis import derived_agreement, derived_check
from ogp_analysis.analysis.derived import recompute_row

BASE = {"specificity": "High", "potential_impact": "Transformative", "completion_midterm": "Limited",
        "completion_end_of_term": "Complete", "access_to_information": "Yes",
        "civic_participation": "No", "public_accountability": "No"}


@pytest.mark.parametrize(("change", "indicator", "expected"), [
    pytest.param({}, "high_completion", "Yes", id="high-completion-end-of-term"),
    pytest.param({"completion_end_of_term": None}, "high_completion", "No", id="falls-back-to-midterm"),
    pytest.param({"completion_end_of_term": "Unclear"}, "max_completion", "1", id="off-scale-end-uses-midterm"),
    pytest.param({"completion_end_of_term": None, "completion_midterm": None}, "high_completion", None,
                 id="nothing-assessed-is-not-recomputed"),
    pytest.param({"completion_end_of_term": None, "completion_midterm": None}, "max_completion", None,
                 id="nothing-assessed-max-missing"),
    pytest.param({"completion_end_of_term": "Not Started", "completion_midterm": "Substantial"},
                 "max_completion", "0", id="max-is-latest-not-highest"),
    pytest.param({}, "change_in_completion", "Increase", id="change-increase"),
    pytest.param({"completion_end_of_term": "Limited"}, "change_in_completion", "No Change", id="change-same"),
    pytest.param({"completion_end_of_term": None}, "change_in_completion", None, id="change-needs-both"),
    pytest.param({"completion_midterm": "Substantial", "potential_impact": "Moderate"},
                 "starred_2015_only", "Yes", id="2015-rule-takes-moderate"),
    pytest.param({"completion_midterm": "Substantial", "potential_impact": "Moderate"},
                 "starred_current_progress", "No", id="current-rule-needs-transformative"),
    pytest.param({}, "starred_current_end_of_term", "Yes", id="end-of-term-star"),
    pytest.param({"access_to_information": "No"}, "starred_current_end_of_term", "No",
                 id="technology-alone-is-not-enough"),
    pytest.param({"specificity": "Low"}, "starred_current_end_of_term", "No", id="low-specificity"),
    pytest.param({"specificity": None}, "starred_current_end_of_term", None, id="missing-specificity-undecided"),
])
def test_recompute_rules(change, indicator, expected):
    assert recompute_row({**BASE, **change})[indicator] == expected



# Measured on all 558 rows of irm_data_release_open_parliament.csv (docs/figures.md explains
# every disagreement): agree, disagree, published_missing, recomputed_missing, both_missing.
# The 155 High Completion 0s printed where no completion is on the scale (NR, ND: the same
# commitments as Max Completion's 155 both missing) are not recomputed, never agreements.
MEASURED = {
    "high_completion": (403, 0, 0, 155, 0),
    "max_completion": (403, 0, 0, 0, 155),
    "change_in_completion": (142, 2, 1, 0, 413),
    "starred_2015_only": (206, 0, 0, 7, 345),
    "starred_current_progress": (206, 0, 0, 7, 345),
    "starred_current_end_of_term": (148, 0, 1, 22, 387),
}


def test_release_agreement_is_as_measured(release_tables):
    summary = derived_agreement(release_tables).set_index("indicator")
    got = {ind: tuple(int(summary.loc[ind, c]) for c in
                      ("agree", "disagree", "published_missing", "recomputed_missing", "both_missing"))
           for ind in summary.index}
    assert got == MEASURED
    assert summary.loc["high_completion", "agreement_rate"] == 1.0


def test_north_macedonia_2021_high_completion_where_completion_is_not_reviewed_is_never_an_agreement(
        release_tables):
    """The release prints High Completion 0 for all 13 commitments, whose completion is NR."""
    from ogp_analysis.report.implementation import derived_check_html

    check = derived_check(release_tables, member="north-macedonia", cycle=2021)
    high = check[check["indicator"] == "high_completion"]
    assert len(high) == 13
    assert (high["published_missing_reason"].isna() & (high["published"] == "No")).all()
    assert (high["status"] == "recomputed_missing").all() and high["agree"].isna().all()
    assert high["value"].isna().all()
    summary = derived_agreement(release_tables, "north-macedonia", 2021).set_index("indicator")
    assert summary.loc["high_completion", "agree"] == 0
    assert pd.isna(summary.loc["high_completion", "agreement_rate"])
    html = str(derived_check_html(release_tables, "north-macedonia", 2021))
    assert "13 of 13" not in html
    assert "<td>High Completion</td><td class=\"num\">0</td>" in html
    # Where both sides have a value, agreement is counted as before (Ukraine 2014).
    ua = derived_agreement(release_tables, "ukraine", 2014).set_index("indicator")
    assert ua.loc["high_completion", "agree"] > 0


def test_release_change_in_completion_disagreements_are_the_documented_ones(release_tables):
    check = derived_check(release_tables)
    bad = check[(check["indicator"] == "change_in_completion") & (check["status"] != "agree")
                & (check["status"] != "both_missing")]
    rows = {(None if pd.isna(r.published) else r.published, r.recomputed, r.completion_midterm,
             r.completion_end_of_term) for r in bad.itertuples()}
    assert rows == {("Increase", "No Change", "Substantial", "Substantial"),
                    ("No Change", "Increase", "Substantial", "Complete"),
                    (None, "No Change", "Complete", "Complete")}


def test_derived_check_drills_down_to_one_commitment(release_tables):
    check = derived_check(release_tables, member="ukraine", cycle=2014)
    assert (check["member"] == "ukraine").all()
    assert check["commitment_ids"].map(len).eq(1).all()
    assert set(check["indicator"]) == set(MEASURED)
    assert pd.api.types.is_integer_dtype(check["value"])
