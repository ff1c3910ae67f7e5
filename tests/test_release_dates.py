"""Release dates read per plan: day or month first from the plan's own unambiguous dates, never guessed."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from ogp_analysis.ingest.release import numeric_order, read_release
from ogp_analysis.normalise import build_tables

HEADER = ["Commitment Unique Identifier", "Country/Locality", "Year Of Submission", "Commitment Title", "Start Date", "End Date"]


def _build(tmp_path, rows) -> dict[str, pd.DataFrame]:
    path = tmp_path / "release.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return build_tables(read_release(path, progress=False))[0]


@pytest.mark.parametrize("texts, order", [
    (["13/5/2015", "01/5/2015"], "dmy"), (["5/13/2015", "01/5/2015"], "mdy"),
    (["01/5/2015", "3/4/2016"], None), (["13/5/2015", "5/13/2015"], None),
    (["2015-05-01", "May 2016", ""], None), (["31.12.2016", "1.2.2016"], "dmy"),
])
def test_a_plans_order_comes_from_its_unambiguous_dates(texts, order):
    assert numeric_order(texts) == order


def test_an_ambiguous_end_date_follows_its_plans_other_dates_or_stays_ambiguous(tmp_path):
    t = _build(tmp_path, [
        # Ruritania 2014: another end date reads only day first, so 01/5/2015 is 1 May 2015.
        ["RU0001", "Ruritania", "2014", "Open budgets", "", "30/6/2016"],
        ["RU0002", "Ruritania", "2014", "Open contracts", "", "01/5/2015"],
        # Freedonia 2014: another reads only month first, so 01/5/2015 is 5 January 2015.
        ["FR0001", "Freedonia", "2014", "Open courts", "", "6/30/2016"],
        ["FR0002", "Freedonia", "2014", "Open land", "", "01/5/2015"],
        # Sylvania 2016: nothing decides: the year only, and both readings named.
        ["SY0001", "Sylvania", "2016", "Open data", "", "01/5/2017"],
        ["SY0002", "Sylvania", "2016", "Open aid", "", "2017-06-30"],
    ])
    com = t["commitments"].set_index("commitment_id")
    assert com.loc["RU0002", ["end_date", "end_date_precision"]].tolist() == ["2015-05-01", "day"]
    assert com.loc["FR0002", ["end_date", "end_date_precision"]].tolist() == ["2015-01-05", "day"]
    assert com.loc["SY0001", ["end_date", "end_date_precision"]].tolist() == ["2017", "year"]
    assert com.loc["SY0002", "end_date"] == "2017-06-30"
    dq = t["data_quality"]
    ambiguous = dq[(dq["commitment_id"] == "SY0001") & (dq["problem"] == "ambiguous_date")]
    assert len(ambiguous) == 1 and "2017-01-05 or 2017-05-01" in ambiguous["detail"].iloc[0]
    assert "read day first" in " ".join(dq.loc[dq["commitment_id"] == "RU0002", "detail"])


def test_ukraine_2014s_end_date_reads_day_first_as_its_plan_does(release_csv):
    com = build_tables(read_release(release_csv, progress=False))[0]["commitments"].set_index("commitment_id")
    raw = pd.read_csv(release_csv, dtype=str, keep_default_na=False).set_index("Commitment Unique Identifier")
    assert raw.loc["UA0034", "End Date"] == "01/5/2015"
    assert com.loc["UA0034", "end_date"] == "2015-05-01"
