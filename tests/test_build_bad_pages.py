"""Acceptance: a crawl with bad pages among good ones builds; each bad page is a data_quality row naming it."""

from __future__ import annotations

import pandas as pd
import pytest
from http_site import MEMBER, Site, commitment_html, commitment_path, serve_member

from ogp_analysis.cli import main as cli_main
from ogp_analysis.fetch import scan_store

GOOD = ["UK0090", "UK0091", "UK0092"]
UTF16, LATIN1, NO_CYCLE, CORRUPTED, NOT_A_PAGE = "UK0093", "UK0094", "UK0095", "UK0091", "UK0096"


def _page(cid: str, title: str, *, cycle: bool = True, charset_meta: str = "") -> str:
    html = commitment_html(cid).replace(f"<h1>{_title_of(cid)} ({cid})", f"<h1>{title} ({cid})")
    if charset_meta:
        html = html.replace("<head>", f'<head><meta charset="{charset_meta}">')
    if not cycle:
        html = (html.replace("<dt>Action Plan:</dt><dd>United Kingdom Action Plan 2019-2021</dd>", "")
                .replace("<dt>Action Plan Cycle:</dt><dd>2019</dd>", ""))
    return html


def _title_of(cid: str) -> str:
    from http_site import TITLES

    return TITLES[int(cid[2:]) % len(TITLES)]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A project folder whose raw store holds the crawl, one capture corrupted afterwards."""
    home = tmp_path_factory.mktemp("home")
    raw = home / "data" / "raw" / "pages"
    with Site() as site:
        serve_member(site, GOOD + [UTF16, LATIN1])
        site.page(commitment_path(UTF16), _page(UTF16, "Transparência fiscal").encode("utf-16"),
                  content_type="text/html")
        site.page(commitment_path(LATIN1), _page(LATIN1, "Señal abierta",
                                                 charset_meta="iso-8859-1").encode("latin-1"),
                  content_type="text/html; charset=iso-8859-1")
        # Not on the listing: nothing but its own page could give it a cycle.
        site.page(commitment_path(NO_CYCLE), _page(NO_CYCLE, "No cycle here", cycle=False))
        # A 200 that is no commitment page (a CMS error page): unparseable.
        site.page(commitment_path(NOT_A_PAGE), "<html><body><h1>Something went wrong</h1>"
                  "<p>Please try again later.</p></body></html>")
        common = ["--member", MEMBER, "--base-url", site.url, "--raw-dir", str(raw), "--rpm", "0",
                  "--no-progress"]
        assert cli_main(["fetch", *common]) == 0
        assert cli_main(["fetch", *common, "--ids", f"{NO_CYCLE},{NOT_A_PAGE}"]) == 0
    (cap,) = scan_store(raw).versions[("commitment", MEMBER, CORRUPTED)]
    cap.html_path.write_bytes(cap.html_path.read_bytes() + b"<!-- edited after the crawl -->")
    return home, raw


def _build(home, raw, monkeypatch, *extra) -> tuple[int, object]:
    monkeypatch.setenv("OGP_ANALYSIS_HOME", str(home))
    out = home / ("out" + "".join(extra).replace("-", "_"))
    return cli_main(["build", "--no-bundled", "--raw-dir", str(raw), "--out", str(out), *extra]), out


def test_bad_pages_are_data_quality_rows_and_the_build_goes_on(crawled, monkeypatch):
    home, raw = crawled
    code, out = _build(home, raw, monkeypatch)
    assert code == 0
    com = pd.read_parquet(out / "commitments.parquet").set_index("commitment_id")
    dq = pd.read_parquet(out / "data_quality.parquet")
    # Every good page is read whole, whatever its encoding.
    for cid in ["UK0090", "UK0092", UTF16, LATIN1]:
        assert com.loc[cid, "cycle"] == 2019
    assert com.loc[UTF16, "title"] == "Transparência fiscal"
    assert com.loc[LATIN1, "title"] == "Señal abierta"
    assert not dq["detail"].str.contains("\ufffd", regex=False).any()
    # The corrupted capture: one error row naming the commitment and the capture path.
    bad = dq[dq["problem"] == "corrupt_capture"]
    assert list(bad["commitment_id"]) == [CORRUPTED]
    assert bad["severity"].tolist() == ["error"]
    assert f"data/raw/pages/{MEMBER}/{CORRUPTED}/" in bad["detail"].iloc[0]
    assert "sha256" in bad["detail"].iloc[0]
    assert bad["source_url"].iloc[0].endswith(commitment_path(CORRUPTED))
    # Its listing entry still puts it in the tables: nothing is lost.
    assert CORRUPTED in com.index
    # The page that is no commitment page: one error row naming it and its capture.
    (unread,) = dq[dq["problem"] == "unparseable_page"].itertuples()
    assert unread.commitment_id == NOT_A_PAGE and unread.severity == "error"
    assert f"data/raw/pages/{MEMBER}/{NOT_A_PAGE}/" in unread.detail
    assert "not a commitment page" in unread.detail
    # The page with no cycle and no plan name: a missing_cycle row naming it.
    missing = dq[(dq["problem"] == "missing_cycle") & (dq["commitment_id"] == NO_CYCLE)]
    assert len(missing) >= 1


def test_strict_build_with_bad_pages_exits_1_and_writes_nothing(crawled, monkeypatch, capsys):
    home, raw = crawled
    code, out = _build(home, raw, monkeypatch, "--strict")
    assert code == 1
    assert not out.exists()
    assert "corrupt_capture" in capsys.readouterr().err
