"""Charts: built without pyplot, titled, labelled, captioned; empty data says so."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from ogp_analysis import analysis as A  # noqa: E402
from ogp_analysis import plots as P  # noqa: E402
from ogp_analysis.analysis.sample import example_tables  # noqa: E402


@pytest.fixture(scope="module")
def tables():
    return example_tables()


CHARTS = [
    pytest.param(P.plot_completion, lambda t: A.completion_distribution(t, "ruritania", 2013), "Completion",
                 id="completion"),
    pytest.param(P.plot_diog_by_value, lambda t: A.diog_by_value(t, "ruritania", 2013), "Did it open",
                 id="diog"),
    pytest.param(P.plot_ambition_completion, lambda t: A.ambition_completion(t, "ruritania", 2013),
                 "Ambition", id="ambition"),
    pytest.param(P.plot_policy_areas, lambda t: A.policy_areas(t, "ruritania"), "Policy areas", id="policy"),
    pytest.param(P.plot_cross_cycle, lambda t: A.cross_cycle(t, "ruritania"), "Shares over cycles", id="cross"),
]


def _texts(fig):
    return [t.get_text() for t in fig.texts]


@pytest.mark.parametrize(("plot", "make", "title"), CHARTS)
def test_chart_is_titled_labelled_and_captioned(tables, tmp_path, plot, make, title):
    before = plt.get_fignums()
    fig = plot(make(tables), snapshot="2025-01-31")
    ax = fig.axes[0]
    # The member's name, never its slug, titles the chart.
    assert ax.get_title().startswith(title) and "Ruritania" in ax.get_title()
    assert "ruritania" not in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    caption = " ".join(_texts(fig))
    assert "commitments" in caption and "sources:" in caption and "captured: 2025-01-31" in caption
    assert "_" not in caption  # reader words only
    assert fig.get_figwidth() <= 8.3  # prints at A4 width
    fig.savefig(tmp_path / "chart.png", dpi=80)
    assert (tmp_path / "chart.png").stat().st_size > 1000
    assert plt.get_fignums() == before  # no pyplot state leaked


@pytest.mark.parametrize(("plot", "make", "title"), CHARTS)
def test_empty_data_draws_no_data(tables, plot, make, title):
    fig = plot(make(tables).iloc[0:0])
    assert any("no data" in t.get_text() for ax in fig.axes for t in ax.texts)


def test_completion_chart_counts_n_from_the_plan(tables):
    fig = P.plot_completion(A.completion_distribution(tables, "ruritania", 2013))
    assert "3 commitments" in " ".join(_texts(fig))
    legend = {t.get_text() for t in fig.axes[0].get_legend().get_texts()}
    assert {t.split(" (")[0] for t in legend} == {"IRM", "Government self-assessment"}
    assert all("with a value)" in t for t in legend)  # each assessor's own denominator


def test_palette_is_okabe_ito():
    assert P.OKABE_ITO[:3] == ("#E69F00", "#56B4E9", "#009E73")


def test_the_members_name_titles_the_chart_when_given(tables):
    P.use_member_name("ruritania", "Kingdom of Ruritania")
    try:
        fig = P.plot_completion(A.completion_distribution(tables, "ruritania", 2013))
        assert "Kingdom of Ruritania" in fig.axes[0].get_title()
    finally:
        P._NAMES.pop("ruritania", None)


def test_cross_cycle_chart_draws_shares_with_both_counts(tables):
    fig = P.plot_cross_cycle(A.cross_cycle(tables, "ruritania"))
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels and all(re.fullmatch(r"\d+/\d+", t) for t in labels)
    # A percentage axis: the ticks stop at 100 (the room above is for the labels).
    assert max(fig.axes[0].get_yticks()) == 100


@pytest.fixture(scope="module")
def uk_tables():
    from ogp_analysis.ingest import read_bundled
    from ogp_analysis.normalise import build_tables
    from ogp_analysis.paths import Paths

    return build_tables(read_bundled(Paths.default().bundled))[0]


def test_cross_cycle_star_markers_are_visible_and_each_star_rule_is_labelled(uk_tables):
    """UK 2013: three star rules of 1 or 2 of 3 and the published star 4 of 11 beside other shares."""
    from ogp_analysis.analysis.registry import SHARE_DENOMINATORS, field_label
    from ogp_analysis.metadata.rules import STAR_RULES

    fig = P.plot_cross_cycle(A.cross_cycle(uk_tables, "united-kingdom"))
    ax = fig.axes[0]
    (lo, hi), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    points = [(round(x, 6), round(y, 6), line.get_label()) for line in ax.lines
              for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True) if y == y]
    # Every point inside the axes and no two points of different shares on the same spot.
    assert all(lo < x < hi and bottom <= y <= top for x, y, _ in points)
    assert len({(x, y) for x, y, _ in points}) == len(points)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for star in (*STAR_RULES, "starred"):
        assert field_label(star) in legend
        assert any(label == field_label(star) for *_, label in points)
    # Each point labelled with its two counts, the stars' drawn above everything else.
    assert len([t for t in ax.texts if re.fullmatch(r"\d+/\d+( published)?", t.get_text())]) == len(points)
    assert all(line.get_zorder() >= 3 for line in ax.lines)
    assert len({line.get_marker() for line in ax.lines}) == len(ax.lines) <= len(SHARE_DENOMINATORS)


def test_did_it_open_government_chart_drops_empty_rows_names_them_and_counts_in_whole_numbers(uk_tables):
    """UK 2013: no commitment has a public-accountability value; 14 have an overall one."""
    frame = A.diog_by_value(uk_tables, "united-kingdom", 2013)
    empty = {v for v, g in frame.groupby("ogp_value") if not g["value"].fillna(0).sum()}
    assert "public_accountability" in empty
    fig = P.plot_diog_by_value(frame)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert "Overall" in rows and not any("Public Accountability" in r for r in rows)
    assert len(rows) == frame["ogp_value"].nunique() - len(empty)
    assert "no value in the data for Public Accountability" in " ".join(_texts(fig)).replace("\n", " ")
    assert all(float(t).is_integer() for t in ax.get_xticks())
    # A few commitments (3 at most per row) still get whole-number ticks.
    small = P.plot_diog_by_value(frame[frame["ogp_value"] != "overall"])
    assert all(float(t).is_integer() for t in small.axes[0].get_xticks())
