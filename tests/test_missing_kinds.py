"""Missing is never a finding: not assessed, assessed but not in the data, and not applicable, kept apart."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis.derived import compare_derived, summarise_agreement
from ogp_analysis.analysis.plan import plan_data_quality
from ogp_analysis.ingest import read_release
from ogp_analysis.normalise import build_tables
from ogp_analysis.records import Records, make_source

URL = "https://example.org/release.csv"


def _plan(cycle: int, values: dict[str, str | None], reports: tuple[str, ...] = (),
          government: dict[str, str] | None = None):
    """Tables of one plan of 'exampleland': IRM end-of-term completion per commitment (None: no row)."""
    rec = Records(make_source(URL, source_type="irm_data_release", origin="irm_data_release"))
    era = "legacy" if cycle <= 2019 else "refresh"
    for cid, value in values.items():
        rec.add("commitments", commitment_id=cid, member="exampleland", cycle=cycle, title=f"T {cid}")
        if value is not None:
            rec.assess(commitment_id=cid, member="exampleland", cycle=cycle, assessor="irm",
                       stage="end_of_term", indicator="completion", printed=value, era=era)
    for title in reports:
        rec.add("plan_reports", action_plan_id=f"exampleland-{cycle}", member="exampleland",
                cycle=cycle, assessor="irm", stage="end_of_term", report_title=title)
    out = [rec]
    if government:
        gov = Records(make_source("https://example.org/self", source_type="gov_self_assessment",
                                  origin="bundled"))
        for cid, value in government.items():
            gov.assess(commitment_id=cid, member="exampleland", cycle=cycle, assessor="government",
                       stage="self_assessment", indicator="completion", printed=value, era="government")
        out.append(gov)
    return build_tables(out)[0]


def _states(tables, cycle, moment="latest", assessor="irm") -> dict[str, str]:
    s = AS.completion_by_commitment(tables, "exampleland", cycle, (assessor,))
    s = s[s["moment"] == moment]
    return dict(zip(s["field"], s["kind"], strict=True))


@pytest.mark.parametrize(("values", "reports", "expected"), [
    # No report in the data is no evidence that none exists: not in the data, never "not assessed".
    pytest.param({"EX0001": None, "EX0002": None}, (), {"EX0001": "not_in_data", "EX0002": "not_in_data"},
                 id="no-report-no-value-is-not-in-the-data"),
    pytest.param({"EX0001": None, "EX0002": None}, ("IRM End-of-Term Report",),
                 {"EX0001": "not_in_data", "EX0002": "not_in_data"}, id="a-named-report-makes-it-not-in-data"),
    pytest.param({"EX0001": "Complete", "EX0002": None}, (), {"EX0001": "value", "EX0002": "not_in_data"},
                 id="another-commitments-value-makes-it-not-in-data"),
    pytest.param({"EX0001": "NR", "EX0002": "Limited"}, (), {"EX0001": "not_reviewed", "EX0002": "value"},
                 id="not-reviewed-is-its-own-kind"),
    pytest.param({"EX0001": "Pending IRM Review", "EX0002": None}, (),
                 {"EX0001": "not_yet", "EX0002": "not_in_data"}, id="pending-review-is-not-yet"),
    pytest.param({"EX0001": "ND", "EX0002": "Withdrawn"}, (), {"EX0001": "no_data", "EX0002": "value"},
                 id="no-data-is-its-own-kind-and-withdrawn-is-a-value"),
    pytest.param({"EX0001": "Unclear", "EX0002": "NA"}, (),
                 {"EX0001": "off_scale", "EX0002": "not_applicable"}, id="unclear-is-off-scale-na-not-applicable"),
])
def test_missing_kind_per_commitment(values, reports, expected):
    assert _states(_plan(2016, values, reports), 2016) == expected


def test_a_pending_review_is_shown_as_not_yet():
    s = AS.completion_by_commitment(_plan(2016, {"EX0001": "Pending IRM Review"}), "exampleland", 2016, ("irm",))
    latest = s[s["moment"] == "latest"]
    assert set(latest["label"]) == {"not yet"} and latest["value"].isna().all()


def test_a_refresh_plan_has_no_midterm_it_is_not_applicable():
    tables = _plan(2021, {"EX0001": "Complete"})
    assert _states(tables, 2021, "midterm") == {"EX0001": "not_applicable"}
    assert _states(tables, 2021, "end_of_term") == {"EX0001": "value"}


def test_a_share_is_over_the_commitments_with_a_value():
    from ogp_analysis.analysis.summaries import share_text

    assert share_text(3, 3) == "3 of 3"  # too few for a percentage
    assert share_text(12, 21) == "12 of 21 (57%)"
    assert share_text(None, 21) == "no value in the data"
    assert share_text(0, 0) == "no value in the data"


def test_one_side_missing_is_not_a_difference_between_assessors():
    tables = _plan(2013, {"EX0001": "Complete", "EX0002": None, "EX0003": "Limited"},
                   government={"EX0001": "Completed", "EX0002": "Substantial", "EX0003": "Substantial"})
    diff = AS.assessor_differences(tables, "exampleland", 2013)
    assert list(diff["field"]) == ["EX0003"]  # EX0002 has no IRM value: not a difference
    sentences = " ".join(AS.summary_sentences(tables, "exampleland", 2013))
    assert "differ on 1 of 2 commitments (EX0003)" in sentences
    assert "Of the 2 commitments with a value from the IRM, it found 1 complete and 1 limited." in sentences


def test_a_published_value_that_is_missing_is_not_a_disagreement():
    wide = pd.DataFrame([{"commitment_id": "EX0001", "member": "exampleland", "cycle": 2013,
                          "completion_end_of_term": "Complete", "completion_midterm": "Limited",
                          "high_completion": None, "max_completion": "3"}])
    cmp = compare_derived(wide).set_index("indicator")
    assert cmp.loc["high_completion", "status"] == "published_missing"
    assert pd.isna(cmp.loc["high_completion", "agree"])
    summary = summarise_agreement(cmp.reset_index()).set_index("indicator")
    assert summary.loc["max_completion", "agreement_rate"] == 1.0
    assert summary.loc["high_completion", "disagree"] == 0
    assert pd.isna(summary.loc["high_completion", "agreement_rate"])


RELEASE_HEADER = ("Commitment Unique Identifier,Country/Locality,URL,Year Of Submission,"
                  "Commitment Title,Completion (End Of Term),Specificity\n")


def test_each_plan_of_a_two_plan_release_shows_only_its_own_data_quality(tmp_path):
    csv = tmp_path / "release.csv"
    csv.write_text(RELEASE_HEADER
                   + "AA0001,Aland,https://www.opengovpartnership.org/members/aland/commitments/AA0001/,"
                     "2014,One,Complete,Very High\n"
                   + "BB0001,Bland,https://www.opengovpartnership.org/members/bland/commitments/BB0001/,"
                     "2016,Two,Gone,High\n", encoding="utf-8")
    tables = build_tables(read_release(csv))[0]
    a = plan_data_quality(tables, "aland", 2014)
    b = plan_data_quality(tables, "bland", 2016)
    assert set(a["commitment_id"].dropna()) == {"AA0001"} and "Very High" in set(a["value_printed"])
    assert set(b["commitment_id"].dropna()) == {"BB0001"} and "Gone" in set(b["value_printed"])
    assert not (set(a["detail"]) & set(b["detail"]))  # no finding shown in both reports


def test_data_quality_rows_name_their_plan(tmp_path):
    csv = tmp_path / "release.csv"
    csv.write_text(RELEASE_HEADER + "AA0001,Aland,https://www.opengovpartnership.org/members/aland/"
                   "commitments/AA0001/,2014,One,Complete,Very High\n", encoding="utf-8")
    dq = build_tables(read_release(csv))[0]["data_quality"]
    about = dq[dq["commitment_id"] == "AA0001"]
    assert len(about) and (about["action_plan_id"] == "aland-2014").all()
