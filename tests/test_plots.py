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
    assert fig.axes[0].get_ylim()[1] <= 105
