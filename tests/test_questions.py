"""The questions researchers ask, each one documented call, checked against plain pandas on the raw release columns."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis import analysis
from ogp_analysis.analysis.sample import example_tables
from ogp_analysis.errors import NotFoundError

# The release's codes for "no value": no data, not reviewed, not applicable.
CODES = ("ND", "NR", "NA")
STAR = "Starred (Current Formula) End of Term"
EOT = "Completion (End Of Term)"
MIDTERM = "Completion (Progress Report)"
DIOG = "Did It Open Government (Overall)"


@pytest.fixture(scope="module")
def tables(release_tables):
    return release_tables  # the session's one in-memory release build (conftest)


@pytest.fixture(scope="module")
def raw(release_csv):
    """The release as plain pandas reads it (the README's arguments: the codes stay text)."""
    return pd.read_csv(release_csv, dtype=str, keep_default_na=False, na_values=[""])


def _pairs(frame: pd.DataFrame, by: list[str]) -> dict:
    """{group: (numerator, denominator)} of a `shares` frame, groups with a numerator only."""
    got = frame[frame["numerator"] > 0]
    return {tuple(k) if len(by) > 1 else k[0]: (n, d) for k, n, d in zip(
        got[by].itertuples(index=False), got["numerator"], got["denominator"], strict=True)}


def test_starred_share_by_region_is_over_commitments_with_a_stated_star(tables, raw):
    got = analysis.shares(tables, "starred", by="region", labels="Yes")
    stated = raw[raw[STAR].isin(["0", "1"])]
    expected = {region: ((g[STAR] == "1").sum(), len(g)) for region, g in stated.groupby("Region")}
    assert {r: (n, d) for r, n, d in zip(got["region"], got["numerator"], got["denominator"], strict=True)} == expected
    assert (got["share"] == got["numerator"] / got["denominator"]).all()
    # the denominator is the stated stars, not every commitment of the region
    assert got["denominator"].sum() == len(stated) < got["commitments"].sum() == len(raw)


def test_end_of_term_completion_by_cycle_gives_shares_with_denominators(tables, raw):
    got = analysis.shares(tables, "completion", by="cycle", moment="end_of_term")
    answered = raw[~raw[EOT].isin(CODES)].assign(cycle=lambda d: d["Year Of Submission"].astype(int))
    sizes = answered.groupby("cycle").size()
    expected = {(c, label): (len(g), sizes[c]) for (c, label), g in answered.groupby(["cycle", EOT])}
    assert _pairs(got, ["cycle", "label"]) == expected
    # a plan year with no end-of-term answer has share NA, never 0
    empty = got[got["denominator"] == 0]
    assert len(empty) and empty["share"].isna().all()
    assert set(empty["cycle"]) == set(raw["Year Of Submission"].astype(int)) - set(sizes.index)


def test_members_with_the_most_strong_results_with_their_denominators(tables, raw):
    got = analysis.shares(tables, "diog", by="member_name", labels=["Major", "Outstanding"])
    top = got.sort_values(["numerator", "member_name"], ascending=[False, True]).head(5)
    # The denominator: commitments with a value or a stated answer off the scale (issue 24's
    # kinds): "No early results to report yet" is not yet, "Not Applicable" not applicable.
    answered = raw[~raw[DIOG].isin(CODES) & ~raw[DIOG].isin(["No early results to report yet",
                                                             "Not Applicable"])]
    counts = {m: ((g[DIOG].isin(["Major", "Outstanding"])).sum(), len(g))
              for m, g in answered.groupby("Country/Locality")}
    expected = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:5]
    assert [(m, (n, d)) for m, n, d in zip(top["member_name"], top["numerator"], top["denominator"],
                                           strict=True)] == expected


def test_two_members_side_by_side(tables, raw):
    members = ["Ukraine", "Croatia"]
    wide = analysis.side_by_side(tables, members=members)
    latest = raw[EOT].where(~raw[EOT].isin(CODES), raw[MIDTERM])
    for name in members:
        mine = latest[(raw["Country/Locality"] == name) & ~latest.isin(CODES)]
        slug = name.lower()
        got = wide[slug]
        assert (got["denominator"] == len(mine)).all()
        assert {lb: n for lb, n in got["numerator"].items() if n} == mine.value_counts().to_dict()
        assert got["share"].sum() == pytest.approx(1.0)


def test_one_indicator_per_commitment_as_a_tidy_frame(tables, raw):
    got = analysis.indicator_values(tables, "potential_impact")
    assert got["commitment_id"].is_unique and len(got) == len(raw)
    by_id = raw.set_index("Commitment Unique Identifier")["Potential Impact"]
    values = got[got["kind"] == "value"].set_index("commitment_id")["value"]
    assert values.to_dict() == by_id[~by_id.isin(CODES)].to_dict()
    # The answer table's kinds (rules.ANSWER_KINDS): NR is "not reviewed", ND "no data"
    kinds = got.set_index("commitment_id")["kind"]
    # (a refreshed-method plan has no potential impact at all: not applicable, whatever it prints)
    legacy = got.set_index("commitment_id")["era"] == "legacy"
    assert set(kinds[by_id[by_id == "NR"].index][legacy]) == {"not_reviewed"}
    assert set(kinds[by_id[by_id == "ND"].index][legacy]) == {"no_data"}
    assert set(kinds[~legacy]) <= {"not_applicable", "value", "off_scale"}
    assert list(got.loc[got["value"] == "Transformative", "value_rank"].unique()) == [3]
    assert set(got["region"]) == set(raw["Region"])


def test_a_label_not_on_the_scale_raises_naming_the_close_label():
    tables = example_tables()
    with pytest.raises(NotFoundError, match=r"'Completed' is not a label of completion; did you mean 'Complete'\?"):
        analysis.shares(tables, "completion", labels="Completed")
    with pytest.raises(NotFoundError, match=r"did you mean 'Major'\?"):
        analysis.side_by_side(tables, members=["ruritania"], indicator="diog", labels=["major", "Outstanding"])
    with pytest.raises(NotFoundError, match=r"unknown indicator 'potential impact'; did you mean 'potential_impact'\?"):
        analysis.indicator_values(tables, "potential impact")
    with pytest.raises(NotFoundError, match="cannot group by 'country'"):
        analysis.shares(tables, by="country")


def test_commitments_carry_their_members_region(tables, raw):
    com = tables["commitments"].set_index("commitment_id")["region"].astype(str)
    assert com.to_dict() == raw.set_index("Commitment Unique Identifier")["Region"].to_dict()
    members = tables["members"].set_index("member")["region"]
    assert (tables["commitments"]["member"].map(members) == tables["commitments"]["region"]).all()


def test_commitments_relevant_to_an_ogp_value_are_those_the_release_marks_1(tables, raw):
    got = analysis.select_commitments(tables, member="Ukraine", ogp_value="access_to_information")
    mine = raw[(raw["Country/Locality"] == "Ukraine") & (raw["OGP Value Access To Information"] == "1")]
    assert sorted(got["commitment_id"]) == sorted(mine["Commitment Unique Identifier"]) and len(mine) == 12
    plan = analysis.select_commitments(tables, member="ukraine", cycle=2014, ogp_value="Access_To_Information")
    assert set(plan["commitment_id"]) < set(got["commitment_id"]) and set(plan["cycle"]) == {2014}
