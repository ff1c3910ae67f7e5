"""The published-figures source: its format read in varied layouts, the bundled UK file, `check --published`."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.cli import main
from ogp_analysis.ingest.published import COLUMNS, read_number, read_published_file
from ogp_analysis.normalise import build_tables

HEADER = ",".join(COLUMNS)


@pytest.mark.parametrize("printed, expected", [
    ("6 of 21", (6, 21)), ("8 (100%)", (8, None)), ("27 (incl. devolved: Wales 9, Scotland 1)", (27, None)),
    ("open contracting and aid transparency (2)", (2, None)), ("Fourth", (None, None)),
    ("1 (17%)", (1, None)), ("12 OF 30 commitments", (12, 30)), ("2.5 million", (None, None)),
    ("", (None, None)),
])
def test_a_printed_value_gives_its_count_and_denominator(printed, expected):
    assert read_number(printed) == expected


def _tables(tmp_path, text: str, name: str = "figures.csv") -> dict[str, pd.DataFrame]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build_tables(read_published_file(path, origin="published", root=tmp_path))[0]


def test_rows_in_any_column_order_are_read_with_their_numbers(tmp_path):
    # Columns in another order, a BOM, a figure with its number typed, one read from the value.
    text = ("\ufeffsource_url,field,value,number,denominator,member,cycle,publication_title,"
            "publication_kind,publication_date\n"
            "https://x.example/eotr,commitments_complete,9 of 14,9,14,kenya,2016,End-of-Term Report,"
            "irm_end_of_term_report,2019\n"
            "https://x.example/eotr,starred_commitments,2 (14%),,,kenya,2016,End-of-Term Report,"
            "irm_end_of_term_report,2019-03\n"
            "https://x.example/plan,number_of_commitments,fourteen,,,kenya,2016,Kenya NAP II,"
            "action_plan,\n"
            "https://x.example/eotr,period,\"2016, first year\",,,kenya,2016,End-of-Term Report,"
            "irm_end_of_term_report,2019\n")
    pub = _tables(tmp_path, text)["published_figures"].set_index("published_field")
    assert pub.loc["commitments_complete", ["published_number", "published_denominator"]].tolist() == [9, 14]
    assert pub.loc["starred_commitments", "published_number"] == 2
    assert pd.isna(pub.loc["number_of_commitments", "published_number"])  # "fourteen": no digits
    assert pub.loc["period", "is_fact"] and pd.isna(pub.loc["period", "published_number"])
    assert set(pub["source_type"]) == {"irm_report", "action_plan"}
    assert set(pub["action_plan_id"]) == {"kenya-2016"}


def test_rows_the_format_refuses_are_named_and_the_rest_read(tmp_path):
    text = (HEADER + "\n"
            "chile,2018,Results Report,irm_results_report,,commitments_complete,3,3,,https://x/a\n"
            "chile,2018,Results Report,irm_final_report,,commitments_complete,3,3,,https://x/a\n"
            "chile,2018,Results Report,irm_results_report,,commitments_finished,3,3,,https://x/a\n"
            "chile,2018,Results Report,irm_results_report,,commitments_limited,2,two,,https://x/a\n"
            "Chile,18,Results Report,irm_results_report,,commitments_limited,2,2,,https://x/a\n")
    t = _tables(tmp_path, text)
    assert len(t["published_figures"]) == 1
    dq = t["data_quality"]
    details = " | ".join(dq["detail"])
    assert len(dq) == 4 and set(dq["problem"]) == {"unknown_value"}
    for word in ("irm_final_report", "commitments_finished", "'two'", "member 'Chile'", "line 6"):
        assert word in details, word


def test_a_file_in_another_format_is_one_unreadable_file_row(tmp_path):
    t = _tables(tmp_path, "cycle,report,field,value,source_url\n2013-15,X,commitments_complete,6,u\n")
    dq = t["data_quality"]
    assert dq["problem"].tolist() == ["unreadable_file"] and "missing column(s) member" in dq["detail"][0]
    assert t["published_figures"].empty


def test_the_bundled_build_holds_the_uks_published_figures(shared, tmp_path):
    out = tmp_path / "processed"
    assert main(["build", "--out", str(out)]) == 0
    pub = pd.read_parquet(out / "published_figures.parquet")
    raw = pd.read_csv(shared / "data" / "uk_irm_published_figures.csv", dtype=str)
    assert set(raw["report"]) <= set(pub["publication_title"])
    eotr = pub[(pub["cycle"] == 2013) & (pub["publication_kind"] == "irm_end_of_term_report")]
    want = raw[(raw["cycle"] == "2013-15") & raw["field"].str.startswith("commitments_")]
    got = dict(zip(eotr["published_field"], eotr["value_printed"], strict=True))
    assert got == dict(zip(want["field"], want["value"], strict=True))


def test_check_reads_the_published_figures_format(tmp_path, capsys):
    out = tmp_path / "processed"
    assert main(["build", "--out", str(out)]) == 0
    path = tmp_path / "typed-in.csv"
    path.write_text(HEADER + "\n"
                    "united-kingdom,2013,End-of-Term Report,irm_end_of_term_report,,commitments_complete,6 of 21,,,u\n"
                    "united-kingdom,2023,Action Plan Review,irm_action_plan_review,,number_of_commitments,4,,,u\n"
                    "united-kingdom,2021,Action Plan Review,irm_action_plan_review,,promising_commitments,1 (17%),,,u\n"
                    "united-kingdom,2021,Action Plan Review,irm_action_plan_review,,report_publication_year,2022,,,u\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--published", str(path), "--data", str(out)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MISMATCH row 2: united-kingdom 2013 irm at-a-glance "
                               "completion_end_of_term:Complete: published 6 != computed")
    assert lines[1].startswith("MATCH row 3: united-kingdom 2023 irm at-a-glance commitments: published 4")
    assert "not a figure the data can compute" in lines[2]
    assert "a fact about the publication" in lines[3]
