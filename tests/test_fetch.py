"""Fetcher tests against a real HTTP server on 127.0.0.1 (tests/http_site.py); no internet."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from http_site import (
    MEMBER,
    Reply,
    Site,
    commitment_html,
    commitment_ids,
    commitment_path,
    listing_path,
    serve_member,
)

from ogp_analysis.cli import main as cli_main
from ogp_analysis.fetch import crawl, latest_captures, scan_store
from ogp_analysis.fetch.client import user_agent

REPO = Path(__file__).resolve().parent.parent
FAST = dict(rpm=0, retries=2, backoff=0.01, timeout=2.0, progress=False)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def run_crawl(site: Site, raw: Path, **kw):
    return crawl(MEMBER, base_url=site.url, raw_dir=raw, **{**FAST, **kw})


def stored_keys(raw: Path) -> dict[tuple[str, str], int]:
    """(kind, key) -> number of stored versions."""
    return {(k[0], k[2]): len(v) for k, v in scan_store(raw, MEMBER).versions.items()}


def page_hits(site: Site) -> list:
    return [h for h in site.hits if h.path != "/robots.txt"]


def test_crawl_follows_listing_pages_and_stores_every_commitment_with_sidecar(site, tmp_path):
    ids = commitment_ids(5)
    serve_member(site, ids, per_page=3)

    summary = run_crawl(site, tmp_path)

    assert summary.ok, summary.failed
    assert summary.commitment_ids == ids
    assert stored_keys(tmp_path) == {**{("commitment", c): 1 for c in ids},
                                     ("listing", "page-001"): 1, ("listing", "page-002"): 1}
    cap = next(c for c in latest_captures(tmp_path, MEMBER) if c.key == "UK0092")
    body = cap.html_path.read_bytes()
    assert body == commitment_html("UK0092").encode()
    meta = json.loads(cap.sidecar_path.read_text())
    assert meta["url"] == meta["final_url"] == f"{site.url}{commitment_path('UK0092')}"
    assert meta["status"] == 200 and meta["kind"] == "commitment" and meta["commitment_id"] == "UK0092"
    assert meta["etag"] and meta["last_modified"] and meta["content_type"].startswith("text/html")
    assert meta["fetched_at"].endswith("Z") and cap.html_path.parent == tmp_path / MEMBER / "UK0092"
    listing2 = next(c for c in latest_captures(tmp_path) if c.key == "page-002")
    assert listing2.meta["listing_page"] == 2 and listing2.meta["url"].endswith(listing_path(2))
    # Every request identifies the project.
    assert {h.headers["User-Agent"] for h in site.hits} == {user_agent()}


def test_server_error_is_retried_then_succeeds(site, tmp_path):
    serve_member(site, commitment_ids(2))
    site.script(commitment_path("UK0090"), Reply(500, b"oops"), Reply(503, b"busy"),
                Reply(200, commitment_html("UK0090").encode()))

    summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"])

    assert summary.ok, summary.failed
    assert [h.status for h in site.hits_to(commitment_path("UK0090"))] == [500, 503, 200]
    assert ("commitment", "UK0090") in stored_keys(tmp_path)


def test_429_retry_after_is_honoured(site, tmp_path):
    serve_member(site, commitment_ids(1))
    site.script(commitment_path("UK0090"), Reply(429, b"slow down", {"Retry-After": "1"}),
                Reply(200, commitment_html("UK0090").encode()))

    summary = run_crawl(site, tmp_path, ids=["UK0090"])

    assert summary.ok, summary.failed
    first, second = site.hits_to(commitment_path("UK0090"))
    assert (first.status, second.status) == (429, 200)
    # backoff=0.01 would retry at once; only Retry-After explains a 1 s gap.
    assert second.at - first.at >= 0.95


def test_persistent_server_error_fails_with_status_and_retry_count(site, tmp_path):
    serve_member(site, commitment_ids(2))
    site.script(commitment_path("UK0091"), Reply(502, b"bad gateway"))

    summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"], retries=2)

    assert summary.failed == [(f"{site.url}{commitment_path('UK0091')}", "HTTP 502 after 2 retries")]
    assert len(site.hits_to(commitment_path("UK0091"))) == 3
    assert ("commitment", "UK0090") in stored_keys(tmp_path)
    assert ("commitment", "UK0091") not in stored_keys(tmp_path)


def test_slow_response_times_out_and_is_named_while_others_succeed(site, tmp_path):
    serve_member(site, commitment_ids(2))
    site.script(commitment_path("UK0090"), Reply(200, b"<html>late</html>", delay=1.0))

    started = time.monotonic()
    summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"], timeout=0.3, retries=1)

    assert time.monotonic() - started < 2.0  # two 0.3 s attempts, not two 1 s waits
    [(url, reason)] = summary.failed
    assert url.endswith(commitment_path("UK0090")) and "timed out" in reason
    assert len(site.hits_to(commitment_path("UK0090"))) == 2
    assert set(stored_keys(tmp_path)) == {("commitment", "UK0091")}


def test_truncated_body_is_a_failure_and_is_not_stored(site, tmp_path):
    serve_member(site, commitment_ids(2))
    body = commitment_html("UK0090").encode()
    site.script(commitment_path("UK0090"), Reply(200, body, {"Content-Type": "text/html"},
                                                 truncate_to=len(body) // 2))

    summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"], retries=0)

    [(url, reason)] = summary.failed
    assert url.endswith(commitment_path("UK0090")) and "truncated body" in reason
    assert not (tmp_path / MEMBER / "UK0090").exists()
    assert set(stored_keys(tmp_path)) == {("commitment", "UK0091")}


def test_redirect_off_host_is_refused_and_names_the_target(site, tmp_path):
    serve_member(site, commitment_ids(2))
    with Site() as other:  # another port on 127.0.0.1 is another host
        other.page("/evil/", "<html>elsewhere</html>")
        site.script(commitment_path("UK0090"), Reply(302, b"", {"Location": f"{other.url}/evil/"}))

        summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"])

        assert other.hits == []
    [(url, reason)] = summary.failed
    assert url.endswith(commitment_path("UK0090"))
    assert "off-host" in reason and f"{other.url}/evil/" in reason
    assert set(stored_keys(tmp_path)) == {("commitment", "UK0091")}


def test_same_host_redirect_is_followed_and_final_url_recorded(site, tmp_path):
    serve_member(site, commitment_ids(1))
    site.script(commitment_path("UK0090"), Reply(301, b"", {"Location": "/moved/UK0090/"}))
    site.page("/moved/UK0090/", commitment_html("UK0090"))

    summary = run_crawl(site, tmp_path, ids=["uk0090"])

    assert summary.ok, summary.failed
    [cap] = latest_captures(tmp_path)
    assert cap.meta["url"] == f"{site.url}{commitment_path('UK0090')}"
    assert cap.meta["final_url"] == f"{site.url}/moved/UK0090/"


def test_404_for_one_commitment_while_the_rest_succeed(site, tmp_path):
    ids = commitment_ids(4)
    serve_member(site, ids)
    del site.routes[commitment_path("UK0092")]

    summary = run_crawl(site, tmp_path)

    assert summary.failed == [(f"{site.url}{commitment_path('UK0092')}", "HTTP 404")]
    assert len(site.hits_to(commitment_path("UK0092"))) == 1  # a 404 is not retried
    assert {k for kind, k in stored_keys(tmp_path) if kind == "commitment"} == set(ids) - {"UK0092"}


def test_robots_disallowed_path_is_never_requested(site, tmp_path):
    serve_member(site, commitment_ids(3))
    site.page("/robots.txt", f"User-agent: *\nDisallow: {commitment_path('UK0091')}\n",
              content_type="text/plain")

    summary = run_crawl(site, tmp_path)

    assert summary.disallowed == [f"{site.url}{commitment_path('UK0091')}"]
    assert not summary.ok and summary.failed == []
    assert site.hits_to(commitment_path("UK0091")) == []
    assert len(site.hits_to("/robots.txt")) == 1
    assert ("commitment", "UK0092") in stored_keys(tmp_path)


def test_unreadable_robots_txt_stops_the_crawl(site, tmp_path):
    serve_member(site, commitment_ids(2))
    site.script("/robots.txt", Reply(500, b"down"))

    summary = run_crawl(site, tmp_path, retries=1)

    [(url, reason)] = summary.failed
    assert url == f"{site.url}/robots.txt" and "robots.txt" in reason and "500" in reason
    assert page_hits(site) == []


def test_changed_page_keeps_both_versions_and_latest_is_the_new_one(site, tmp_path):
    serve_member(site, commitment_ids(2))
    run_crawl(site, tmp_path, ids=["UK0090", "UK0091"])
    site.page(commitment_path("UK0090"), commitment_html("UK0090", version=2))

    summary = run_crawl(site, tmp_path, ids=["UK0090", "UK0091"], refresh=True)

    assert summary.changed == [f"{site.url}{commitment_path('UK0090')}"]
    assert summary.unchanged == [f"{site.url}{commitment_path('UK0091')}"]
    caps = {c.key: c for c in latest_captures(tmp_path, MEMBER)}
    new = caps["UK0090"]
    assert b"Major" in new.read_bytes()
    [old] = new.older
    assert b"Marginal" in old.read_bytes() and old.fetched_at < new.fetched_at
    assert caps["UK0091"].older == ()
    # The refresh sent the stored validators.
    recheck = site.hits_to(commitment_path("UK0090"))[-1]
    assert recheck.headers["If-None-Match"] == old.meta["etag"]


def test_refresh_of_unchanged_site_moves_no_page_body(site, tmp_path):
    ids = commitment_ids(6)
    serve_member(site, ids)
    run_crawl(site, tmp_path)
    files_before = sorted(tmp_path.rglob("*"))
    site.hits.clear()

    summary = run_crawl(site, tmp_path, refresh=True)

    pages = page_hits(site)
    assert len(pages) == len(ids) + 2  # every commitment and both listing pages, re-checked
    assert [h.status for h in pages] == [304] * len(pages)
    assert sum(h.body_bytes for h in pages) == 0
    assert summary.bytes_received == 0 and len(summary.unchanged) == len(pages)
    assert sorted(tmp_path.rglob("*")) == files_before


def test_refresh_without_validators_same_body_is_unchanged_and_not_stored_again(site, tmp_path):
    site.page(commitment_path("UK0090"), commitment_html("UK0090"), validators=False)
    run_crawl(site, tmp_path, ids=["UK0090"])

    summary = run_crawl(site, tmp_path, ids=["UK0090"], refresh=True)

    assert summary.unchanged == [f"{site.url}{commitment_path('UK0090')}"]
    assert "If-None-Match" not in site.hits_to(commitment_path("UK0090"))[-1].headers
    assert stored_keys(tmp_path) == {("commitment", "UK0090"): 1}


def test_resume_skips_fetched_pages(site, tmp_path):
    ids = commitment_ids(5)
    serve_member(site, ids)
    run_crawl(site, tmp_path, ids=ids[:2])
    site.hits.clear()

    summary = run_crawl(site, tmp_path)

    requested = {h.path for h in page_hits(site)}
    assert requested == {listing_path(1), listing_path(2)} | {commitment_path(c) for c in ids[2:]}
    assert summary.skipped == [f"{site.url}{commitment_path(c)}" for c in ids[:2]]
    # A second rerun needs no page at all (the stored listing gives the IDs).
    site.hits.clear()
    again = run_crawl(site, tmp_path)
    assert page_hits(site) == [] and again.ok and len(again.skipped) == len(ids) + 2


def test_orphan_body_without_sidecar_is_ignored_reported_and_refetched(site, tmp_path):
    serve_member(site, commitment_ids(2))
    run_crawl(site, tmp_path, ids=["UK0090"])
    [cap] = latest_captures(tmp_path)
    cap.sidecar_path.unlink()  # as if killed between the body and the sidecar write

    summary = run_crawl(site, tmp_path, ids=["UK0090"])

    assert summary.fetched == [f"{site.url}{commitment_path('UK0090')}"]
    assert any(str(cap.html_path) in p and "without sidecar" in p for p in summary.store_problems)
    [fresh] = latest_captures(tmp_path)
    assert fresh.html_path != cap.html_path and fresh.older == ()


def test_body_that_disagrees_with_its_sidecar_is_not_trusted(tmp_path, site):
    serve_member(site, commitment_ids(1))
    run_crawl(site, tmp_path, ids=["UK0090"])
    [cap] = latest_captures(tmp_path)
    cap.html_path.write_bytes(b"<html>tampered</html>")

    scan = scan_store(tmp_path)

    assert scan.versions == {}
    assert any("sha256" in p and str(cap.html_path) in p for p in scan.problems)


def test_listing_next_link_off_host_is_not_followed(site, tmp_path):
    serve_member(site, commitment_ids(2), per_page=2)
    site.page(listing_path(1), site.routes[listing_path(1)].body.replace(
        b"</ol>", b'</ol><a href="http://127.0.0.2:9/members/united-kingdom/page/2/">Next</a>'))

    summary = run_crawl(site, tmp_path)

    [(url, reason)] = summary.failed
    assert url.startswith("http://127.0.0.2:9/") and "not followed" in reason
    assert summary.commitment_ids == commitment_ids(2)  # page 1's entries still fetched


def test_throttle_spaces_requests(site, tmp_path):
    serve_member(site, commitment_ids(3))

    run_crawl(site, tmp_path, ids=commitment_ids(3), rpm=200)  # one request per 0.3 s

    times = [h.at for h in site.hits]
    assert len(times) == 4  # robots.txt + 3 pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.28, gaps


@pytest.mark.parametrize("argv, message", [
    pytest.param(["--ids", "UK0075,../etc"], "not a commitment ID", id="bad-id"),
    pytest.param(["--member", "../united-kingdom"], "not a member slug", id="bad-member"),
    pytest.param(["--base-url", "ftp://example.org"], "absolute http(s) URL", id="bad-base-url"),
])
def test_bad_input_is_rejected_before_any_request(site, tmp_path, capsys, argv, message):
    args = {"--member": MEMBER, "--base-url": site.url, "--raw-dir": str(tmp_path)}
    extra = dict(zip(argv[::2], argv[1::2], strict=True))
    flat = [x for kv in {**args, **extra}.items() for x in kv]

    assert cli_main(["fetch", *flat, "--no-progress"]) == 2

    assert message in capsys.readouterr().err
    assert site.hits == []


def test_cli_exits_non_zero_and_names_every_failure(site, tmp_path, capsys):
    ids = commitment_ids(3)
    serve_member(site, ids)
    del site.routes[commitment_path("UK0091")]

    code = cli_main(["fetch", "--member", MEMBER, "--base-url", site.url, "--raw-dir",
                     str(tmp_path), "--rpm", "0", "--retries", "0", "--no-progress"])

    out = capsys.readouterr().out
    assert code == 1
    assert f"{site.url}{commitment_path('UK0091')}: HTTP 404" in out
    assert "fetched (new):            4" in out  # two listing pages and two commitments


def test_killed_crawl_resumes_without_refetching(site, tmp_path):
    ids = commitment_ids(20)
    serve_member(site, ids, per_page=10)
    cmd = [sys.executable, "-m", "ogp_analysis.cli", "fetch", "--member", MEMBER,
           "--base-url", site.url, "--raw-dir", str(tmp_path), "--no-progress", "--retries", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    proc = subprocess.Popen([*cmd, "--rpm", "600"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while sum(h.path.startswith(f"/members/{MEMBER}/commitments/") for h in site.hits) < 4:
        assert time.monotonic() < deadline, "the crawl did not start"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored_first = {key for kind, key in stored_keys(tmp_path) if kind == "commitment"}
    # Requests are sequential: the 4th was sent only after the 3rd page was stored.
    assert 3 <= len(stored_first) < len(ids)  # killed mid-crawl
    site.hits.clear()

    done = subprocess.run([*cmd, "--rpm", "0"], env=env, capture_output=True, text=True,
                          timeout=60)

    assert done.returncode == 0, done.stdout + done.stderr
    refetched = {h.path for h in page_hits(site)} & {commitment_path(c) for c in stored_first}
    assert refetched == set()
    final = stored_keys(tmp_path)
    assert {k for kind, k in final if kind == "commitment"} == set(ids)
    assert set(final.values()) == {1}  # one version each: nothing stored twice
    # Nothing corrupted: the only thing a kill may leave is a body whose sidecar was never
    # written, which is reported and ignored (and its page fetched again).
    assert all("without sidecar" in p for p in scan_store(tmp_path).problems)


def test_robots_crawl_delay_slows_a_faster_rpm(site, tmp_path):
    serve_member(site, commitment_ids(2))
    # urllib.robotparser reads whole seconds only.
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")

    run_crawl(site, tmp_path, ids=commitment_ids(2), rpm=0)  # unthrottled otherwise

    first, second = page_hits(site)
    assert second.at - first.at >= 0.95
