"""`ogp-analysis figures` through the CLI on a small table folder."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ogp_analysis.analysis.sample import example_tables
from ogp_analysis.cli import main
from ogp_analysis.storage import write_tables


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_tables(example_tables(), tmp_path_factory.mktemp("processed"))


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_at_a_glance_csv_has_exact_columns_and_ids(capsys, data_dir):
    code, out, _ = _run(capsys, "figures", "at-a-glance", "--member", "ruritania", "--cycle", "2013",
                        "--format", "csv", "--data", str(data_dir))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["member", "cycle", "assessor", "figure", "field", "value", "kind", "label",
                             "commitment_ids", "numerator", "denominator", "share"]
    by_field = {r["field"]: r for r in rows}
    assert by_field["commitments"]["value"] == "3"
    assert by_field["high_completion"]["value"] == "2"
    assert by_field["high_completion"]["commitment_ids"] == "RU0001 RU0002"
    assert by_field["carried_forward"]["value"] == "NA"


def test_at_a_glance_government_counts_its_own_completion(capsys, data_dir):
    code, out, _ = _run(capsys, "figures", "at-a-glance", "--member", "Ruritania", "--cycle", "2013",
                        "--assessor", "government", "--format", "csv", "--data", str(data_dir))
    by_field = {r["field"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0
    assert by_field["completion_end_of_term:Complete"]["value"] == "2"
    assert by_field["completion_end_of_term:Withdrawn"]["commitment_ids"] == "RU0003"
    assert by_field["starred"]["value"] == "NA"


def test_at_a_glance_table_names_the_basis(capsys, data_dir):
    code, out, _ = _run(capsys, "figures", "at-a-glance", "--member", "ruritania", "--cycle", "2013",
                        "--data", str(data_dir))
    assert code == 0
    assert "high_completion" in out and "RU0001 RU0002" in out
    assert "Basis:" in out and "Substantial or Complete" in out


def test_at_a_glance_json_keeps_id_lists(capsys, data_dir):
    code, out, _ = _run(capsys, "figures", "at-a-glance", "--member", "ruritania", "--cycle", "2013",
                        "--format", "json", "--data", str(data_dir))
    rows = json.loads(out)
    starred = next(r for r in rows if r["field"] == "starred")
    assert code == 0 and starred["value"] == 1 and starred["commitment_ids"] == ["RU0001"]


@pytest.mark.parametrize("name", ["completion", "diog-by-value", "ambition-completion", "policy-areas",
                                  "cross-cycle", "cross-member", "coverage", "derived-check"])
def test_every_figure_prints_as_csv(capsys, data_dir, name):
    argv = ["figures", name, "--member", "ruritania", "--format", "csv", "--data", str(data_dir)]
    if name in ("completion", "diog-by-value", "ambition-completion"):
        argv += ["--cycle", "2013"]
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert out.startswith("member,cycle,assessor,figure,field,value,kind,label,commitment_ids,"
                          "numerator,denominator,share\n")


@pytest.mark.parametrize(("argv", "message"), [
    pytest.param(["--member", "atlantis", "--cycle", "2013"], "members in the data: ruritania (Ruritania)",
                 id="unknown-member"),
    pytest.param(["--member", "ruritania", "--cycle", "1999"], "cycles in the data: 2013, 2016",
                 id="unknown-cycle"),
    pytest.param(["--member", "ruritania"], "needs cycle (cycles of ruritania: 2013, 2016)", id="no-cycle"),
])
def test_unknown_member_or_cycle_exits_2_listing_valid_ones(capsys, data_dir, argv, message):
    code, _, err = _run(capsys, "figures", "at-a-glance", *argv, "--data", str(data_dir))
    assert code == 2
    assert message in err


def test_unknown_figure_exits_2_listing_figures(capsys, data_dir):
    code, _, err = _run(capsys, "figures", "pie-chart", "--member", "ruritania", "--data", str(data_dir))
    assert code == 2
    assert "figures: at-a-glance, completion, diog-by-value" in err


def test_figures_help_gives_each_registered_figure_its_line(capsys):
    from ogp_analysis.analysis.registry import FIGURES, SUMMARIES

    assert set(SUMMARIES) == set(FIGURES)
    with pytest.raises(SystemExit) as done:
        main(["figures", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    lines = out[out.index("\nfigures:\n"):].splitlines()[2:]
    assert [ln.split()[0] for ln in lines] == list(FIGURES)
    assert all(ln.split(None, 1)[1] == SUMMARIES[ln.split()[0]] for ln in lines)


def test_figure_defaults_are_the_same_from_python_and_the_cli(capsys, data_dir):
    from ogp_analysis.analysis import figure
    from ogp_analysis.storage import load_tables

    tables = load_tables(data_dir)
    for name, argv in [("cross-member", []), ("at-a-glance", ["--member", "ruritania", "--cycle", "2013"])]:
        code, out, err = _run(capsys, "figures", name, *argv, "--format", "json", "--data", str(data_dir))
        assert code == 0, err
        params = dict(zip(argv[::2], argv[1::2], strict=True))
        frame = figure(name, tables, **{k.strip("-"): v for k, v in params.items()})
        cli = json.loads(out)
        python = json.loads(frame.to_json(orient="records", default_handler=str))
        assert [(r["field"], r["value"]) for r in cli] == [(r["field"], r["value"]) for r in python]
        assert {r["assessor"] for r in cli} == {"irm"}
    assert {r["indicator"] for r in json.loads(_run(capsys, "figures", "cross-member", "--format", "json",
                                                     "--data", str(data_dir))[1])} == {"completion"}


def test_table_header_says_what_the_table_holds(capsys, data_dir):
    import pandas as pd

    from ogp_analysis.commands.figures import header

    code, out, _ = _run(capsys, "figures", "cross-member", "--data", str(data_dir))
    assert code == 0
    assert out.splitlines()[0] == "Members side by side (cross-member): completion; ruritania, 2 plans; assessor irm"
    code, out, _ = _run(capsys, "figures", "completion", "--member", "ruritania", "--cycle", "2013",
                        "--data", str(data_dir))
    assert out.splitlines()[0] == "Completion by assessor (completion): ruritania 2013; assessors irm, government"
    many = pd.DataFrame({"member": ["albania", "albania", "armenia"], "cycle": [2012, 2014, 2012],
                         "assessor": "irm", "indicator": "diog"})
    assert header("cross-member", many) == (
        "Members side by side (cross-member): diog; 2 members, 3 plans; assessor irm")


def test_a_closed_pipe_ends_quietly(data_dir):
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("ogp-analysis")
    proc = subprocess.Popen([str(exe), "figures", "cross-member", "--data", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written (`| head -0`)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141) and err == "", err
