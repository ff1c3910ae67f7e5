"""Wrong input at the command line: one line naming the file/column/path and the fix, exit 2, never a traceback."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from ogp_analysis.cli import main as cli_main

IDS = ("UK0051", "UK0059", "UK0062")
TITLE = "Transparência orçamentária"  # not ASCII: an encoding mistake shows in it


@pytest.fixture(scope="module")
def release(release_csv) -> tuple[list[str], list[list[str]]]:
    """Header and three UK rows of the real release, the first row's title made non-ASCII."""
    with release_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [r for r in reader if r[0].upper() in IDS]
    rows[0][header.index("Commitment Title")] = TITLE
    return header, rows


def _csv(header, rows, delimiter=",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


def _run(argv, capsys) -> tuple[int, str, str]:
    code = cli_main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _build(path, out, *extra) -> list[str]:
    return ["build", "--no-bundled", "--irm-data", str(path), "--out", str(out), *extra]


def _bad_inputs(tmp, header, rows):
    """(argv, words the message must hold) per bad input, written under tmp."""
    out = tmp / "out"
    a_file = tmp / "a-file.txt"
    a_file.write_text("not a folder\n")
    binary = tmp / "figures.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    year = header.index("Year Of Submission")

    def release(name: str, text: str | bytes) -> str:
        path = tmp / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return str(path)

    no_year = [[c for i, c in enumerate(r) if i != year] for r in [header, *rows]]
    renamed = [("Year of submission" if c == "Year Of Submission" else c) for c in header]
    xlsx = tmp / "release.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return {
        "check-published-binary": (["check", "--published", str(binary)],
                                   [str(binary), "binary"]),
        "build-out-under-a-file": (_build(release("ok.csv", _csv(header, rows)), a_file / "out"),
                                   [str(a_file), "not a folder"]),
        "fetch-raw-dir-is-a-file": (["fetch", "--member", "united-kingdom", "--raw-dir", str(a_file),
                                     "--base-url", "http://127.0.0.1:9", "--no-progress"],
                                    [str(a_file), "not a folder"]),
        "release-without-year-column": (_build(release("noyear.csv", _csv(no_year[0], no_year[1:])), out),
                                        ["noyear.csv", "'Year Of Submission'"]),
        "release-with-renamed-year-column": (_build(release("renamed.csv", _csv(renamed, rows)), out),
                                             ["renamed.csv", "'Year of submission'", "rename it"]),
        "release-without-id-column": (_build(release("noid.csv", _csv(header[1:], [r[1:] for r in rows])),
                                             out), ["noid.csv", "'Commitment Unique Identifier'"]),
        "release-is-xlsx": (_build(str(xlsx), out), ["release.xlsx", "Excel", "CSV"]),
        "release-is-binary": (_build(release("noise.csv", bytes(range(256)) * 8), out),
                              ["noise.csv", "binary"]),
        "release-header-only": (_build(release("header.csv", _csv(header, [])), out),
                                ["header.csv", "no data rows", "--allow-empty"]),
        "release-missing": (_build(str(tmp / "nowhere.csv"), out), ["nowhere.csv", "not found"]),
        "release-is-a-folder": (_build(str(tmp), out), [str(tmp), "is a folder"]),
        "build-raw-dir-is-a-file": (["build", "--raw-dir", str(a_file), "--out", str(out)],
                                    [str(a_file), "not a folder"]),
        "check-published-missing-column": (
            ["check", "--published", release("published.csv", "member,cycle,value\n")],
            ["published.csv", "missing column"]),
    }


CASES = ["check-published-binary", "build-out-under-a-file", "fetch-raw-dir-is-a-file",
         "release-without-year-column", "release-with-renamed-year-column",
         "release-without-id-column", "release-is-xlsx", "release-is-binary",
         "release-header-only", "release-missing", "release-is-a-folder",
         "build-raw-dir-is-a-file", "check-published-missing-column"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c) for c in CASES])
def test_bad_input_is_one_line_and_exit_2(case, release, tmp_path, capsys):
    argv, words = _bad_inputs(tmp_path, *release)[case]
    code, _, err = _run(argv, capsys)
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert not (tmp_path / "out").exists()


def test_the_console_script_prints_no_traceback(tmp_path):
    binary = tmp_path / "figures.bin"
    binary.write_bytes(b"\x00\xff" * 100)
    res = subprocess.run([sys.executable, "-m", "ogp_analysis.cli", "check", "--published",
                          str(binary)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def _tables(out) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in ("commitments", "assessments",
                                                                 "data_quality")}


@pytest.mark.parametrize(("encoding", "delimiter", "note"), [
    pytest.param("latin-1", ",", "decoded_with_fallback", id="latin-1"),
    pytest.param("cp1252", ",", "decoded_with_fallback", id="windows-1252"),
    pytest.param("utf-16", ",", None, id="utf-16-with-bom"),
    pytest.param("utf-16-le", ",", None, id="utf-16-without-bom"),
    pytest.param("utf-8-sig", ",", None, id="utf-8-bom"),
    pytest.param("utf-8", ";", "delimiter", id="semicolon"),
    pytest.param("utf-8", "\t", "delimiter", id="tab"),
])
def test_other_encodings_and_delimiters_are_read_correctly(encoding, delimiter, note, release,
                                                           tmp_path, capsys):
    header, rows = release
    path = tmp_path / "release.csv"
    path.write_bytes(_csv(header, rows, delimiter).encode(encoding, errors="replace"))
    code, _, err = _run(_build(path, tmp_path / "out"), capsys)
    assert code == 0, err
    t = _tables(tmp_path / "out")
    com = t["commitments"].set_index("commitment_id")
    assert sorted(com.index) == sorted(IDS)
    assert com.loc[IDS[0], "title"] == TITLE
    problems = set(t["data_quality"]["problem"])
    assert "unknown_column" not in problems
    assert (note in problems) if note else not ({"decoded_with_fallback", "delimiter"} & problems)


def test_strict_with_unknown_columns_lists_them(release, tmp_path, capsys):
    header, rows = release
    path = tmp_path / "release.csv"
    path.write_text(_csv([*header, "Mystery Column"], [[*r, "x"] for r in rows]), encoding="utf-8")
    code, _, err = _run(_build(path, tmp_path / "out", "--strict"), capsys)
    assert code == 1
    assert "Traceback" not in err
    assert "unknown_column" in err and "'Mystery Column'" in err
    assert not (tmp_path / "out").exists()


def test_duplicate_rows_are_counted_once_and_short_rows_name_their_missing_cells(release, tmp_path,
                                                                                capsys):
    header, rows = release
    path = tmp_path / "release.csv"
    short = rows[2][: len(header) - 5]
    path.write_text(_csv(header, [rows[0], rows[1], rows[0], short]), encoding="utf-8")
    assert _run(_build(path, tmp_path / "dup"), capsys)[0] == 0
    path.write_text(_csv(header, [rows[0], rows[1], rows[2]]), encoding="utf-8")
    assert _run(_build(path, tmp_path / "once"), capsys)[0] == 0
    dup, once = _tables(tmp_path / "dup"), _tables(tmp_path / "once")
    count = dup["assessments"].groupby("commitment_id").size()
    assert count[IDS[0]] == once["assessments"].groupby("commitment_id").size()[IDS[0]]
    dq = dup["data_quality"].set_index("problem")
    assert dq.loc["duplicate_release_row", "commitment_id"] == IDS[0]
    assert "row 3" in dq.loc["duplicate_release_row", "detail"]
    detail = dq.loc["short_row", "detail"]
    assert "row 4" in detail and "5 column(s) missing" in detail and header[-5] in detail


@pytest.mark.parametrize("year", [pytest.param("20l4", id="unreadable"), pytest.param("", id="blank"),
                                  pytest.param("1999", id="before-ogp"), pytest.param("3020", id="typo")])
def test_a_bad_year_is_a_data_quality_row_not_a_crash(year, release, tmp_path, capsys):
    header, rows = release
    rows = [list(r) for r in rows]
    rows[1][header.index("Year Of Submission")] = year
    path = tmp_path / "release.csv"
    path.write_text(_csv(header, rows), encoding="utf-8")
    # A commitment left without a cycle must not crash the era rule (it did: "boolean value
    # of NA is ambiguous").
    code, _, err = _run(_build(path, tmp_path / "out"), capsys)
    assert code == 0, err
    dq = _tables(tmp_path / "out")["data_quality"]
    hit = dq[(dq["commitment_id"] == IDS[1]) & (dq["field"] == "Year Of Submission")]
    assert len(hit) == 1 and hit["problem"].iloc[0] in ("unknown_value", "blank_value",
                                                        "implausible_year")


def test_allow_empty_lets_a_header_only_release_through(tmp_path):
    from ogp_analysis.cli import main

    header = tmp_path / "header.csv"
    header.write_text("Commitment Unique Identifier,Country/Locality,URL,Year Of Submission\n")
    out = tmp_path / "out"
    assert main(["build", "--no-bundled", "--raw-dir", str(tmp_path / "none"), "--irm-data", str(header),
                 "--allow-empty", "--out", str(out)]) == 0
    assert (out / "manifest.json").is_file()
