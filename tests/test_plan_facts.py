"""A plan's facts in the report's words: its period, its IDs, its size never overstated."""

from __future__ import annotations

import html as html_module
import re

import pytest

from ogp_analysis.analysis.facts import PlanFacts
from ogp_analysis.report.implementation import id_span, plan_html


@pytest.mark.parametrize("ids, words", [
    (["UK0042", "UK0043", "UK0044"], "UK0042 to UK0044"),
    (["SCO0001", "SCO0005"], "SCO0001 and SCO0005"),
    (["UK0098", "UK0100", "UK0102", "UK0104", "UK0105"], "UK0098, UK0100, UK0102, UK0104 and UK0105"),
    ([f"CA{i:04d}" for i in (1, 2, 3, 5, 6, 7, 9)], "numbered from CA0001 to CA0009, with gaps"),
    (["UA0034"], "UA0034"),
])
def test_an_id_range_is_printed_only_where_the_ids_run_on(ids, words):
    assert id_span(ids) == words


def _facts(cycle: int, end_year: int | None, end_source: str | None = None) -> PlanFacts:
    return PlanFacts(member="m", member_name="M", cycle=cycle, era=None, commitment_ids=("M0001",),
                     highest_number=None, bounds=(), end_year=end_year, end_source=end_source,
                     releases=())


def test_a_one_year_plan_reads_as_one_year_and_an_unknown_end_is_said():
    assert _facts(2017, 2017).period == "2017" and _facts(2017, 2017).runs_words() == "runs in 2017"
    assert _facts(2019, 2021).period == "2019–2021"
    assert _facts(2012, None).period == "starting 2012"
    assert _facts(2012, None).runs_words() == "starts in 2012 (when it ends is not in the data)"


@pytest.fixture(scope="module")
def uk(uk_tables):
    return uk_tables


def _text(html) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", str(html))))


def test_a_plan_a_publication_counts_larger_is_never_given_the_datas_size(uk):
    text = _text(plan_html(uk, "united-kingdom", 2021))
    n = int(((uk["commitments"]["member"] == "united-kingdom") & (uk["commitments"]["cycle"] == 2021)).sum())
    assert f"the data holds {n} of the plan's at least 8 commitments (IRM Results Report 2021-2023 counts 8)" in text
    assert f"holds {n} commitments (" not in text
    whole = _text(plan_html(uk, "united-kingdom", 2013))  # the published count is the data's
    assert "and holds 21 commitments (UK0042 to UK0062)" in whole
