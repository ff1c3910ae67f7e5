"""The page store reader: every bad page or capture is one data_quality error row, the rest is read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from http_site import MEMBER, commitment_html, commitment_path

from ogp_analysis.fetch.store import write_capture
from ogp_analysis.ingest.pages import read_pages
from ogp_analysis.normalise import build_tables

WHEN = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
BASE = "https://www.opengovpartnership.org"


def _put(raw, cid: str, body: bytes, when=WHEN, content_type="text/html; charset=utf-8"):
    return write_capture(raw, kind="commitment", member=MEMBER, key=cid, body=body, fetched=when,
                         meta={"url": BASE + commitment_path(cid), "status": 200,
                               "content_type": content_type})


@pytest.fixture
def store(tmp_path):
    """A store under a project root: good pages, and one of each fault."""
    raw = tmp_path / "data" / "raw" / "pages"
    _put(raw, "UK0090", commitment_html("UK0090").encode())
    _put(raw, "UK0091", b"<html><body><h1>Page not found</h1></body></html>")  # unparseable
    edited = _put(raw, "UK0092", commitment_html("UK0092").encode())
    edited.html_path.write_bytes(edited.html_path.read_bytes() + b" ")  # sha256 mismatch
    orphan = _put(raw, "UK0093", commitment_html("UK0093").encode())
    orphan.sidecar_path.unlink()  # body without sidecar (killed between the two writes)
    widow = _put(raw, "UK0094", commitment_html("UK0094").encode())
    widow.html_path.unlink()  # sidecar without body
    # A page whose newest capture is corrupt still has its older one read.
    _put(raw, "UK0095", commitment_html("UK0095").encode())
    newer = _put(raw, "UK0095", commitment_html("UK0095", version=2).encode(),
                 when=WHEN + timedelta(days=1))
    newer.html_path.write_bytes(b"tampered")
    return tmp_path, raw


def _errors(records) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for rec in records:
        for q in rec.parts["data_quality"]:
            if q["severity"] == "error":
                out.setdefault(q["commitment_id"], []).append(q)
    return out


def test_each_bad_page_or_capture_is_one_error_row_naming_it(store):
    root, raw = store
    records = read_pages(raw, root, progress=False)
    errors = _errors(records)
    assert {cid: [q["problem"] for q in rows] for cid, rows in errors.items()} == {
        "UK0091": ["unparseable_page"], "UK0092": ["corrupt_capture"],
        "UK0093": ["corrupt_capture"], "UK0094": ["corrupt_capture"],
        "UK0095": ["corrupt_capture"]}
    details = {cid: rows[0]["detail"] for cid, rows in errors.items()}
    assert "not a commitment page" in details["UK0091"]
    assert "sha256" in details["UK0092"] and "body without sidecar" in details["UK0093"]
    assert "sidecar without body" in details["UK0094"]
    for cid, detail in details.items():
        # The capture path, relative to the project root, never absolute.
        assert f"data/raw/pages/{MEMBER}/{cid}/" in detail and str(root) not in detail
    # Where the sidecar could be read, the row cites the page's URL.
    assert errors["UK0092"][0]["source_url"] == BASE + commitment_path("UK0092")


def test_the_good_pages_and_older_captures_are_still_read(store):
    root, raw = store
    tables, _ = build_tables(read_pages(raw, root, progress=False))
    com = tables["commitments"].set_index("commitment_id")
    assert {"UK0090", "UK0095"} <= set(com.index)
    assert "UK0091" not in com.index  # nothing a page that is no page could say
    dq = tables["data_quality"]
    assert (dq["severity"] == "error").sum() == 5


def test_the_http_charset_of_the_sidecar_decodes_the_page(tmp_path):
    raw = tmp_path / "pages"
    html = re.sub(r"<h1>[^(]*\(", "<h1>Señal abierta (", commitment_html("UK0090"))
    _put(raw, "UK0090", html.encode("latin-1"), content_type="text/html; charset=iso-8859-1")
    (rec,) = read_pages(raw, tmp_path, progress=False)
    assert rec.parts["commitments"][0]["title"] == "Señal abierta"
    assert not rec.parts["data_quality"] or all(
        q["problem"] != "replacement_character" for q in rec.parts["data_quality"])
