"""Build snapshots and `diff`: exactly the changed commitment's fields, with both captures; nothing for a rebuild."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from http_site import Site, commitment_html, commitment_ids, commitment_path, serve_member

from ogp_analysis.cli import main as cli_main
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.fetch import crawl
from ogp_analysis.snapshots import diff_tables, list_snapshots, load_snapshot, save_snapshot

FAST = dict(rpm=0, retries=1, backoff=0.01, timeout=2.0, progress=False)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OGP_ANALYSIS_HOME", str(tmp_path))
    return tmp_path


def _build(home, capsys) -> None:
    assert cli_main(["build", "--no-bundled", "--raw-dir", str(home / "raw")]) == 0
    capsys.readouterr()


def _diff(capsys, *argv) -> pd.DataFrame:
    assert cli_main(["diff", *argv, "--format", "json"]) == 0
    return pd.DataFrame(json.loads(capsys.readouterr().out))


@pytest.mark.parametrize("changed", [pytest.param(["UK0090"], id="one-page"),
                                     pytest.param(["UK0090", "UK0092"], id="two-pages")])
def test_diff_of_a_recrawl_lists_exactly_the_changed_pages_with_both_captures(home, capsys, changed):
    with Site() as site:
        ids = commitment_ids(3)
        serve_member(site, ids)
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", **FAST)
        _build(home, capsys)
        for cid in changed:
            site.page(commitment_path(cid), commitment_html(cid, version=2))
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", refresh=True, **FAST)
    _build(home, capsys)
    assert len(list_snapshots(home / "data" / "snapshots")) == 2

    changes = _diff(capsys)
    assert sorted(set(changes["commitment_id"])) == changed
    assert set(changes["change"]) == {"changed"}
    for cid in changed:
        by_field = changes[changes["commitment_id"] == cid].set_index("field")
        # The page's Early Results row, and the DIOG column derived from it (a 2019 legacy plan).
        assert sorted(by_field.index) == ["early_results (irm, latest, ogp_page)", "irm_diog_overall"]
        for field in by_field.index:
            assert (by_field.loc[field, "old_value"], by_field.loc[field, "new_value"]) == (
                "Marginal", "Major")
        url = f"{site.url}{commitment_path(cid)}"
        for r in by_field.itertuples():
            assert r.old_source.startswith(url + " (captured ") and r.new_source.startswith(url)
            assert r.old_source != r.new_source  # two captures, each named with its time


def test_rebuild_of_identical_data_lists_no_change(home, capsys):
    with Site() as site:
        serve_member(site, commitment_ids(2))
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", **FAST)
    _build(home, capsys)
    _build(home, capsys)
    snaps = list_snapshots(home / "data" / "snapshots")
    assert len(snaps) == 2
    assert _diff(capsys).empty
    assert cli_main(["diff", snaps[0].name, str(snaps[1])]) == 0
    assert "0 change(s)" in capsys.readouterr().out


def test_capture_time_and_source_id_alone_are_not_changes(home, capsys):
    with Site() as site:
        serve_member(site, commitment_ids(2))
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", **FAST)
    _build(home, capsys)
    old = load_snapshot(list_snapshots(home / "data" / "snapshots")[0])
    new = {k: v.copy() for k, v in old.items()}
    later = pd.Timestamp("2030-01-01", tz="UTC")
    for name in ("commitments", "assessments", "commitment_policy_areas", "sources"):
        new[name]["retrieved_at"] = later
    new["sources"]["source_id"] = "f" * 16
    assert diff_tables(old, new).empty
    a = new["assessments"]
    doubled = (a["commitment_id"] == "UK0090") & (a["indicator"] == "early_results")
    a.loc[doubled, "value_printed"] = "Marginal Marginal"
    [change] = diff_tables(old, new).to_dict("records")
    assert (change["old_value"], change["new_value"]) == ("Marginal", "Marginal (printed 'Marginal Marginal')")
    new["assessments"] = old["assessments"]
    new["commitments"] = new["commitments"][new["commitments"]["commitment_id"] != "UK0091"]
    gone = diff_tables(old, new)
    assert gone[["commitment_id", "change"]].values.tolist() == [["UK0091", "removed"]]


def test_keep_prunes_to_the_newest_snapshots(tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "x.parquet").write_bytes(b"x")
    made = []
    for i in range(4):
        (processed / "manifest.json").write_text(json.dumps({"built_at": f"2026-01-0{i + 1}T00:00:00+00:00",
                                                               "tables": {"x": {}}}))
        made.append(save_snapshot(processed, tmp_path / "snaps", keep=2))
    assert [p.name for p in list_snapshots(tmp_path / "snaps")] == ["20260103T000000Z", "20260104T000000Z"]
    assert (made[-1] / "x.parquet").read_bytes() == b"x"
    again = save_snapshot(processed, tmp_path / "snaps", keep=5)
    assert again.name == "20260104T000000Z-02"
    with pytest.raises(OGPAnalysisError, match="at least 1"):
        save_snapshot(processed, tmp_path / "snaps", keep=0)


def test_a_build_into_another_folder_keeps_its_snapshots_beside_it(home, capsys):
    with Site() as site:
        serve_member(site, commitment_ids(1))
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", **FAST)
    assert cli_main(["build", "--no-bundled", "--raw-dir", str(home / "raw"),
                     "--out", str(home / "scratch")]) == 0
    assert len(list_snapshots(home / "scratch-snapshots")) == 1
    assert list_snapshots(home / "data" / "snapshots") == []


def test_diff_with_too_few_snapshots_or_unknown_name_says_so(home, capsys):
    assert cli_main(["diff"]) == 2
    assert "diff needs two snapshots" in capsys.readouterr().err
    with pytest.raises(NotFoundError):
        from ogp_analysis.snapshots import resolve_snapshot

        resolve_snapshot("19990101T000000Z", home / "data" / "snapshots")
