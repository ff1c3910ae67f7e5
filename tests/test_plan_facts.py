"""A plan's facts in the report's words: its period, its IDs, its size never overstated."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ogp_analysis.cli import main
from ogp_analysis.report.implementation import id_span, plan_html, plan_period
from ogp_analysis.storage import load_tables


@pytest.mark.parametrize("ids, words", [
    (["UK0042", "UK0043", "UK0044"], "UK0042 to UK0044"),
    (["SCO0001", "SCO0005"], "SCO0001 and SCO0005"),
    (["UK0098", "UK0100", "UK0102", "UK0104", "UK0105"], "UK0098, UK0100, UK0102, UK0104 and UK0105"),
    ([f"CA{i:04d}" for i in (1, 2, 3, 5, 6, 7, 9)], "numbered from CA0001 to CA0009, with gaps"),
    (["UA0034"], "UA0034"),
])
def test_an_id_range_is_printed_only_where_the_ids_run_on(ids, words):
    assert id_span(ids) == words


def test_a_one_year_plan_reads_as_one_year_and_an_unknown_end_is_said():
    tables = {"action_plans": pd.DataFrame({"member": ["scotland", "scotland", "kenya"],
                                            "cycle": [2017, 2019, 2012],
                                            "end_year": pd.array([2017, 2021, None], dtype="Int64")})}
    assert plan_period(tables, "scotland", 2017) == "2017"
    assert plan_period(tables, "scotland", 2019) == "2019–2021"
    assert plan_period(tables, "kenya", 2012) == "starting 2012"


@pytest.fixture(scope="module")
def uk(tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "processed"
    assert main(["build", "--out", str(out)]) == 0
    return load_tables(out)


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html)))


def test_a_plan_a_publication_counts_larger_is_never_given_the_datas_size(uk):
    text = _text(plan_html(uk, "united-kingdom", 2021))
    n = int(((uk["commitments"]["member"] == "united-kingdom") & (uk["commitments"]["cycle"] == 2021)).sum())
    assert f"the data holds {n} of its commitments" in text
    assert f"holds {n} commitments (" not in text
    whole = _text(plan_html(uk, "united-kingdom", 2013))  # the published count is the data's
    assert "and holds 21 commitments (UK0042 to UK0062)" in whole
