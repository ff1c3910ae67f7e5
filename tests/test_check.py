"""`ogp-analysis check`: published figures compared with computed ones."""

from __future__ import annotations

import pytest

from ogp_analysis.analysis.sample import example_tables
from ogp_analysis.cli import main
from ogp_analysis.storage import write_tables

HEADER = "member,cycle,assessor,figure,field,value\n"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_tables(example_tables(), tmp_path_factory.mktemp("processed"))


def _check(capsys, tmp_path, data_dir, body: str):
    published = tmp_path / "published.csv"
    published.write_text(HEADER + body)
    code = main(["check", "--published", str(published), "--data", str(data_dir)])
    return code, capsys.readouterr().out


def test_matching_file_exits_0_and_prints_each_match(capsys, tmp_path, data_dir):
    code, out = _check(capsys, tmp_path, data_dir,
                       "Ruritania,2013,irm,at-a-glance,commitments,3\n"
                       "RURITANIA,2013,irm,at-a-glance,COMPLETION_END_OF_TERM:complete,1\n"
                       "ruritania,2013,irm,at-a-glance,starred,1\n"
                       "ruritania,2013,government,at-a-glance,completion_end_of_term:Complete,2\n"
                       "ruritania,2013,government,at-a-glance,starred,NA\n")
    assert code == 0, out
    assert out.count("MATCH row") == 5
    assert "5 rows: 5 match, 0 mismatch, 0 cannot be checked" in out


def test_mismatch_exits_1_and_lists_the_commitments_behind(capsys, tmp_path, data_dir):
    code, out = _check(capsys, tmp_path, data_dir,
                       "ruritania,2013,irm,at-a-glance,high_completion,3\n")
    assert code == 1
    assert "MISMATCH row 2" in out
    assert "published 3 != computed 2" in out and "RU0001 RU0002" in out


def test_a_published_count_with_no_computed_value_cannot_be_checked_not_a_mismatch(capsys, tmp_path, data_dir):
    # Missing is never a finding: the data holding no value is not a disagreement with 0.
    code, out = _check(capsys, tmp_path, data_dir, "ruritania,2013,irm,at-a-glance,carried_forward,0\n")
    assert code == 1
    assert "CANNOT CHECK row 2" in out and "published 0, but the data holds no value" in out
    assert "MISMATCH" not in out


@pytest.mark.parametrize(("row", "reason"), [
    pytest.param("atlantis,2013,irm,at-a-glance,commitments,3", "unknown member 'atlantis'", id="member"),
    pytest.param("ruritania,1999,irm,at-a-glance,commitments,3", "unknown cycle 1999", id="cycle"),
    pytest.param("ruritania,2013,cso,at-a-glance,commitments,3", "assessor 'cso'", id="assessor"),
    pytest.param("ruritania,2013,irm,pie,commitments,3", "figure 'pie'", id="figure"),
    pytest.param("ruritania,2013,irm,at-a-glance,colour,3", "field 'colour' is not a field", id="field"),
    pytest.param("ruritania,2013,irm,at-a-glance,commitments,three", "not a whole count", id="value"),
])
def test_uninterpretable_row_is_reported_not_skipped(capsys, tmp_path, data_dir, row, reason):
    code, out = _check(capsys, tmp_path, data_dir, "ruritania,2013,irm,at-a-glance,commitments,3\n" + row + "\n")
    assert code == 1
    assert "MATCH row 2" in out
    assert "CANNOT CHECK row 3" in out and reason in out


def test_csv_from_figures_feeds_check(capsys, tmp_path, data_dir):
    main(["figures", "at-a-glance", "--member", "ruritania", "--cycle", "2013", "--format", "csv",
          "--data", str(data_dir)])
    out = capsys.readouterr().out
    # Drop commitment_ids: check reads member,cycle,assessor,figure,field,value.
    lines = [",".join(line.split(",")[:6]) for line in out.strip().splitlines()[1:]]
    code, report = _check(capsys, tmp_path, data_dir, "\n".join(lines) + "\n")
    assert code == 0, report


def test_missing_column_is_an_error(capsys, tmp_path, data_dir):
    bad = tmp_path / "bad.csv"
    bad.write_text("member,cycle,value\nruritania,2013,3\n")
    assert main(["check", "--published", str(bad), "--data", str(data_dir)]) == 2
    assert "missing column(s) assessor, figure, field" in capsys.readouterr().err
