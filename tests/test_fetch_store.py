"""The raw page store on its own: names, versions, sidecars, what is trusted."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.fetch.store import latest_captures, listing_key, scan_store, write_capture

MEMBER = "united-kingdom"
WHEN = datetime(2026, 11, 23, 18, 1, 2, tzinfo=UTC)


def put(root, key, body, kind="commitment", when=WHEN):
    return write_capture(root, kind=kind, member=MEMBER, key=key, body=body,
                         meta={"url": f"https://example.org/{key}/", "final_url": None,
                               "status": 200}, fetched=when)


def test_two_captures_in_the_same_instant_get_distinct_names_and_both_are_kept(tmp_path):
    first = put(tmp_path, "UK0075", b"<html>one</html>")
    second = put(tmp_path, "UK0075", b"<html>two</html>")

    assert first.html_path.name == "20261123T180102.000000Z.html"
    assert second.html_path.name == "20261123T180102.000001Z.html"
    [latest] = latest_captures(tmp_path)
    assert latest.read_bytes() == b"<html>two</html>"
    assert [c.read_bytes() for c in latest.older] == [b"<html>one</html>"]


def test_sidecar_records_provenance_and_the_key(tmp_path):
    cap = put(tmp_path, "uk0075", b"<html>x</html>")

    meta = json.loads(cap.sidecar_path.read_text())

    assert cap.html_path.parent == tmp_path / MEMBER / "UK0075"
    assert meta["commitment_id"] == "UK0075" and meta["fetched_at"] == "2026-11-23T18:01:02.000000Z"
    assert meta["sha256"] == hashlib.sha256(b"<html>x</html>").hexdigest()
    assert meta["content_length"] == len(b"<html>x</html>")


def test_latest_captures_sorts_commitments_before_listing_pages(tmp_path):
    put(tmp_path, listing_key(2), b"l2", kind="listing")
    put(tmp_path, "UK0090", b"c90")
    put(tmp_path, listing_key(1), b"l1", kind="listing")
    put(tmp_path, "UK0075", b"c75")

    keys = [(c.kind, c.key) for c in latest_captures(tmp_path, MEMBER)]

    assert keys == [("commitment", "UK0075"), ("commitment", "UK0090"),
                    ("listing", "page-001"), ("listing", "page-002")]


@pytest.mark.parametrize("damage, problem", [
    pytest.param(lambda c: c.sidecar_path.unlink(), "without sidecar", id="orphan-body"),
    pytest.param(lambda c: c.sidecar_path.write_text("{not json"), "unreadable sidecar",
                 id="broken-sidecar"),
    pytest.param(lambda c: c.html_path.write_bytes(b"changed"), "sha256", id="body-changed"),
    pytest.param(lambda c: c.html_path.unlink(), "sidecar without body", id="orphan-sidecar"),
])
def test_damaged_capture_is_reported_and_left_out(tmp_path, damage, problem):
    good = put(tmp_path, "UK0075", b"<html>old</html>")
    bad = put(tmp_path, "UK0075", b"<html>new</html>")
    damage(bad)

    scan = scan_store(tmp_path)

    [latest] = latest_captures(tmp_path)
    assert latest.html_path == good.html_path and latest.older == ()
    assert len(scan.problems) == 1 and problem in scan.problems[0]


@pytest.mark.parametrize("kind, key", [
    pytest.param("commitment", "../../etc", id="id-traversal"),
    pytest.param("listing", "page-1/../x", id="listing-traversal"),
    pytest.param("other", "UK0075", id="unknown-kind"),
])
def test_keys_are_validated_before_they_become_paths(tmp_path, kind, key):
    with pytest.raises(OGPAnalysisError):
        put(tmp_path, key, b"x", kind=kind)
    assert list(tmp_path.iterdir()) == []
