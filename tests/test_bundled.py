"""The bundled UK dataset: committed output is current, and it yields the figures the issue names."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from ogp_analysis.ingest import read_bundled
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths

BUNDLED = Paths.default().bundled
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_bundled.py"


@pytest.fixture(scope="module")
def tables():
    return build_tables(read_bundled(BUNDLED))[0]


def test_committed_bundle_matches_what_make_bundled_generates(shared):
    spec = importlib.util.spec_from_file_location("make_bundled", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    com, fac = mod.build(shared)
    assert mod._csv(com) == (BUNDLED / "commitments.csv").read_text(encoding="utf-8")
    assert mod._csv(fac) == (BUNDLED / "facts.csv").read_text(encoding="utf-8")
    assert mod._csv(mod.build_plan_reports(shared)) == (BUNDLED / "plan_reports.csv").read_text(encoding="utf-8")


def test_2013_plan_has_21_commitments_each_with_government_completion(tables):
    com = tables["commitments"]
    plan = com[com["action_plan_id"] == "united-kingdom-2013"]
    assert len(plan) == 21
    a = tables["assessments"]
    gov = a[(a["assessor"] == "government") & (a["stage"] == "self_assessment")
            & (a["indicator"] == "completion") & (a["cycle"] == 2013)]
    assert set(gov["commitment_id"]) == set(plan["commitment_id"])
    assert gov["value"].notna().all()
    assert set(gov["era"]) == {"government"} and set(gov["source_type"]) == {"gov_self_assessment"}
    # Whose assessment: never on the IRM convenience columns.
    plan_counts = gov["value"].value_counts()
    assert plan_counts.sum() == 21


def test_uk0075_irm_midterm_substantial_and_end_of_term_complete_from_the_seed_page(tables):
    a = tables["assessments"]
    rows = a[(a["commitment_id"] == "UK0075") & (a["indicator"] == "completion")
             & (a["assessor"] == "irm")].set_index("stage")
    assert rows.loc["midterm", "value"] == "Substantial"
    assert rows.loc["end_of_term", "value"] == "Complete"
    assert rows.loc["end_of_term", "source_url"].startswith(
        "https://www.opengovpartnership.org/members/united-kingdom/commitments/UK0075")
    assert "004_73604a62fa3e16d0.txt" in rows.loc["end_of_term", "source_note"]
    com = tables["commitments"].set_index("commitment_id")
    assert com.loc["UK0075", "irm_completion_latest"] == "Complete"
    assert com.loc["UK0075", "irm_completion_latest_stage"] == "end_of_term"


def test_bundled_facts_are_undated(tables):
    assert tables["sources"]["retrieved_at"].isna().all()
    assert set(tables["sources"]["origin"]) == {"bundled"}


def test_every_known_uk_commitment_is_present(tables):
    ids = set(tables["commitments"]["commitment_id"])
    assert {f"UK{n:04d}" for n in range(1, 98)} <= ids
    assert {"UK0098", "UK0100", "UK0107", "UK0110"} <= ids


def test_page_placeholders_are_typed_missing_not_values(tables):
    a = tables["assessments"]
    pending = a[a["value_printed"] == "Pending IRM Review"]
    assert len(pending) > 0
    assert set(pending["missing_reason"]) == {"pending_irm_review"}
    blank = a[a["value_printed"] == ""]
    assert set(blank["missing_reason"]) == {"blank_on_page"}


def test_statements_without_an_id_are_reported_not_attached(tables):
    dq = tables["data_quality"]
    unmapped = dq[dq["problem"] == "unmapped_fact"]
    assert len(unmapped) >= 1 and unmapped["commitment_id"].isna().all()


def test_listing_and_release_policy_areas_are_separate_vocabularies(tables):
    pa = tables["commitment_policy_areas"]
    assert set(pa["vocabulary"]) <= {"ogp_page", "ogp_listing", "irm_data_release"}
    uk75 = pa[pa["commitment_id"] == "UK0075"]
    assert set(uk75.loc[uk75["vocabulary"] == "ogp_page", "policy_area"]) == {
        "E-Government", "OGP", "Public Participation"}
    assert isinstance(pa, pd.DataFrame)


def test_member_name_comes_from_the_listing_heading_so_lookups_accept_it(tables):
    from ogp_analysis.keys import resolve_member

    members = tables["members"]
    assert list(members["member"]) == ["united-kingdom"]
    assert members["member_name"].iloc[0] == "United Kingdom"
    pairs = zip(members["member"], members["member_name"], strict=True)
    assert resolve_member("UNITED KINGDOM", pairs) == "united-kingdom"
