"""`ogp-analysis build`: end to end through the CLI, atomic output, --strict."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ogp_analysis import storage
from ogp_analysis.cli import main
from ogp_analysis.errors import SchemaError
from ogp_analysis.pipeline import build
from ogp_analysis.storage import load_tables


def _release_with(tmp_path, release_csv, **cells):
    df = pd.read_csv(release_csv, dtype=str, keep_default_na=False, nrows=3)
    for col, value in cells.items():
        df.loc[0, col] = value
    path = tmp_path / "release.csv"
    df.to_csv(path, index=False)
    return path


def test_build_with_release_marks_uk0062_starred(tmp_path, release_csv):
    out = tmp_path / "processed"
    rc = main(["build", "--raw-dir", str(tmp_path / "no-pages"), "--irm-data", str(release_csv),
               "--out", str(out)])
    assert rc == 0
    t = load_tables(out)
    com = t["commitments"].set_index("commitment_id")
    assert bool(com.loc["UK0062", "irm_is_starred"]) is True
    assert com.loc["UK0075", "irm_completion_end_of_term"] == "Complete"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"]["irm_data"][0]["rows"] == 558
    assert manifest["summary"]["rows"]["commitments"] == len(t["commitments"])


def test_missing_raw_dir_is_said_not_fatal(tmp_path, capsys):
    rc = main(["build", "--raw-dir", str(tmp_path / "absent"), "--out", str(tmp_path / "o")])
    assert rc == 0
    assert "missing or empty" in capsys.readouterr().out


def test_strict_fails_on_unknown_value_and_writes_nothing(tmp_path, release_csv, capsys):
    bad = _release_with(tmp_path, release_csv, **{"Completion (End Of Term)": "Mostly Done"})
    out = tmp_path / "processed"
    rc = main(["build", "--no-bundled", "--raw-dir", str(tmp_path / "none"),
               "--irm-data", str(bad), "--strict", "--out", str(out)])
    assert rc == 1
    assert not out.exists()
    assert "Mostly Done" in capsys.readouterr().err


def test_without_strict_unknown_value_is_kept_and_reported(tmp_path, release_csv):
    bad = _release_with(tmp_path, release_csv, **{"Completion (End Of Term)": "Mostly Done"})
    out = tmp_path / "processed"
    assert main(["build", "--no-bundled", "--raw-dir", str(tmp_path / "none"),
                 "--irm-data", str(bad), "--out", str(out)]) == 0
    t = load_tables(out)
    a = t["assessments"]
    row = a[a["value_printed"] == "Mostly Done"]
    assert list(row["value_kind"]) == ["unknown"]
    dq = t["data_quality"]
    assert (dq["value_printed"] == "Mostly Done").any()


def test_failed_build_leaves_previous_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    assert main(["build", "--raw-dir", str(tmp_path / "none"), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    written = []

    def boom(df, fh, arrow=None):
        # The disk fills up after a few tables: some files of the new build are already written.
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(len(df))
        return real(df, fh, arrow)

    real = storage.write_csv
    monkeypatch.setattr(storage, "write_csv", boom)
    assert main(["build", "--raw-dir", str(tmp_path / "none"), "--out", str(out)]) == 2
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before and len(written) == 3


def test_a_table_that_fails_validation_is_not_written(tmp_path, monkeypatch):
    """Tables that do not match their schema are validated by write_tables (validated=True)."""
    out = tmp_path / "processed"
    tables = build(raw_dir=tmp_path / "none", write=False, progress=False).tables
    bad = {**tables, "commitments": tables["commitments"].assign(cycle="not a year")}
    with pytest.raises(SchemaError, match="commitments"):
        storage.write_tables(bad, out, validated=True)
    assert not out.exists()

    def boom(df, name):
        raise SchemaError(f"table {name!r}: injected failure")

    monkeypatch.setattr(storage, "check", boom)  # validated tables are not validated again
    assert storage.write_tables(tables, out, validated=True) == out
    with pytest.raises(SchemaError, match="injected"):  # the others are
        storage.write_tables(tables, tmp_path / "again")
    assert not (tmp_path / "again").exists()


@pytest.mark.parametrize("flag", [pytest.param("--no-bundled", id="nothing-to-build")])
def test_nothing_to_build_is_a_clear_error(tmp_path, flag, capsys):
    rc = main(["build", flag, "--raw-dir", str(tmp_path / "none"), "--out", str(tmp_path / "o")])
    assert rc == 2
    assert "nothing to build" in capsys.readouterr().err


def test_raw_pages_latest_capture_is_read_and_older_cited(tmp_path, seed_page):
    from datetime import UTC, datetime

    from ogp_analysis.fetch.store import write_capture

    raw = tmp_path / "pages"
    url = "https://www.opengovpartnership.org/members/united-kingdom/commitments/UK0075/"
    body = seed_page.read_bytes()
    for day in (1, 2):
        write_capture(raw, kind="commitment", member="united-kingdom", key="UK0075",
                      body=body.replace(b"Status: Inactive", b"Status: Active") if day == 1 else body,
                      meta={"url": url, "final_url": url, "status": 200},
                      fetched=datetime(2024, 1, day, tzinfo=UTC))
    out = tmp_path / "processed"
    assert main(["build", "--no-bundled", "--raw-dir", str(raw), "--out", str(out)]) == 0
    t = load_tables(out)
    src = t["sources"]
    assert len(src) == 2
    newest = src[src["superseded_by"].isna()]
    older = src[src["superseded_by"].notna()]
    assert list(older["superseded_by"]) == list(newest["source_id"])
    assert newest["retrieved_at"].iloc[0].day == 2
    com = t["commitments"].set_index("commitment_id")
    assert com.loc["UK0075", "status"] == "Inactive"  # the latest capture's value
    assert com.loc["UK0075", "irm_completion_end_of_term"] == "Complete"
