"""A real HTTP server on 127.0.0.1 for the fetcher tests: recorded-style OGP pages plus scripted faults.

`Site` runs a ThreadingHTTPServer on an ephemeral port in a thread. Routes are keyed by the
request path (query included). A route is either a `Page` (served with ETag/Last-Modified and
answering conditional requests with 304) or a list of `Reply`s played in order (the last one
repeats), which is how faults are scripted: 500 then 200, 429 with Retry-After, a slow reply,
a truncated body, a redirect. Every request is recorded (`hits`) with its time, status and the
body bytes sent, so tests assert on what the crawler really did on the wire.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MEMBER = "united-kingdom"


@dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before anything is sent
    truncate_to: int | None = None  # send the full Content-Length but only this many bytes


@dataclass
class Page:
    """A page served as a real site would: validators, 304 on a matching conditional request."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    validators: bool = True
    last_modified: str = field(default_factory=lambda: email.utils.formatdate(usegmt=True))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str
    at: float
    status: int
    body_bytes: int
    headers: dict


class Site:
    """The test server. Use as a context manager; `url` is `http://127.0.0.1:<port>`."""

    def __init__(self):
        self.routes: dict[str, Page | list[Reply]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                site._serve(self)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # What the tests set up.
    def page(self, path: str, body: str | bytes, **kw) -> Page:
        page = Page(body.encode() if isinstance(body, str) else body, **kw)
        self.routes[path] = page
        return page

    def script(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    # What the tests read.
    def hits_to(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    @property
    def bodies_sent(self) -> int:
        """Responses that carried a body (robots.txt included)."""
        return sum(1 for h in self.hits if h.body_bytes)

    @property
    def bytes_sent(self) -> int:
        return sum(h.body_bytes for h in self.hits)

    def _reply_for(self, handler) -> Reply:
        route = self.routes.get(handler.path)
        if route is None:
            return Reply(404, b"<html><body><h1>Page not found</h1></body></html>")
        if isinstance(route, list):
            with self._lock:
                return route.pop(0) if len(route) > 1 else route[0]
        headers = {"Content-Type": route.content_type}
        if route.validators:
            headers |= {"ETag": route.etag, "Last-Modified": route.last_modified}
            inm = handler.headers.get("If-None-Match")
            ims = handler.headers.get("If-Modified-Since")
            if (inm and inm == route.etag) or (not inm and ims and ims == route.last_modified):
                return Reply(304, b"", headers)
        return Reply(200, route.body, headers)

    def _serve(self, handler) -> None:
        reply = self._reply_for(handler)
        hit = Hit(handler.path, time.monotonic(), reply.status, 0, dict(handler.headers))
        with self._lock:
            self.hits.append(hit)
        if reply.delay:
            time.sleep(reply.delay)
        sent = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
        try:
            handler.send_response(reply.status)
            for key, value in reply.headers.items():
                handler.send_header(key, value)
            if reply.status != 304:
                handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            if sent:
                handler.wfile.write(sent)
            handler.wfile.flush()
            hit.body_bytes = len(sent)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing left to send
        if reply.truncate_to is not None:
            handler.close_connection = True


# Pages shaped like the real ones (see shared/seeds/004_*.txt, "United Kingdom's Commitments").
TITLES = ["Grants Data", "Public Participation", "Open Policy Making", "Open Contracting Data",
          "Natural Resource Transparency", "Innovation in Democracy Programme",
          "Sustainable Open Government", "Local Transparency"]
AREAS = ["E-Government", "Public Participation", "Capacity Building", "Open Contracting"]


def commitment_ids(n: int, start: int = 90) -> list[str]:
    return [f"UK{start + i:04d}" for i in range(n)]


def listing_path(page: int) -> str:
    return f"/members/{MEMBER}/" if page == 1 else f"/members/{MEMBER}/page/{page}/"


def commitment_path(cid: str) -> str:
    return f"/members/{MEMBER}/commitments/{cid}/"


def listing_html(entries: list[str], *, start: int, next_href: str | None) -> str:
    items = "\n".join(
        f'<li class="commitment-item"><a href="/members/{MEMBER}/commitments/{cid}/">'
        f"{TITLES[(start + i) % len(TITLES)]}</a>"
        f'<div class="meta">{cid}, 2019, {AREAS[(start + i) % len(AREAS)]}</div></li>'
        for i, cid in enumerate(entries)
    )
    nav = f'<nav class="pagination"><a class="next" href="{next_href}">Next</a></nav>' if next_href else ""
    return (
        "<!DOCTYPE html><html><head><title>United Kingdom | Open Government Partnership</title>"
        "</head><body><header><nav><a href=\"/\">Home</a></nav></header><main>"
        "<h1>United Kingdom</h1><p>Member since 2011</p>"
        "<h2>United Kingdom's Commitments</h2>"
        f'<ol start="{start + 1}">{items}</ol>{nav}</main></body></html>'
    )


def commitment_html(cid: str, *, version: int = 1) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{cid} | Open Government Partnership</title></head>"
        f"<body><main><h1>{TITLES[int(cid[2:]) % len(TITLES)]} ({cid})</h1>"
        "<h2>At-a-Glance</h2><dl><dt>Action Plan:</dt><dd>United Kingdom Action Plan 2019-2021</dd>"
        "<dt>Action Plan Cycle:</dt><dd>2019</dd><dt>Status:</dt><dd>Inactive</dd></dl>"
        "<h2>IRM Review</h2><dl><dt>IRM Report:</dt>"
        f"<dd>United Kingdom Results Report 2019-2021</dd><dt>Early Results:</dt>"
        f"<dd>{'Marginal' if version == 1 else 'Major'}</dd></dl>"
        "<h2>Description</h2><p>Publish the data openly.</p></main></body></html>"
    )


def serve_member(site: Site, ids: list[str], *, per_page: int | None = None) -> None:
    """The member's listing over ceil(len/per_page) pages ("Next" links) and every commitment page."""
    per_page = per_page or max(1, (len(ids) + 1) // 2)
    chunks = [ids[i:i + per_page] for i in range(0, len(ids), per_page)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        nxt = listing_path(n + 1) if n < len(chunks) else None
        site.page(listing_path(n), listing_html(chunk, start=(n - 1) * per_page, next_href=nxt))
    for cid in ids:
        site.page(commitment_path(cid), commitment_html(cid))


def refresh_through_faults(raw_dir) -> tuple:
    """Crawl two pages, then refresh while the first answers 500, 429 and a changed 200.

    Returns:
        (the refresh's FetchSummary, the first page's URL, the second page's URL).
    """
    from ogp_analysis.fetch import crawl

    with Site() as site:
        fast = dict(member=MEMBER, raw_dir=raw_dir, rpm=0, retries=2, backoff=0.01, timeout=2.0,
                    progress=False, ids=commitment_ids(2), base_url=site.url)
        serve_member(site, commitment_ids(2))
        crawl(**fast)
        first, second = (commitment_path(c) for c in commitment_ids(2))
        site.script(first, Reply(500, b"oops"), Reply(429, b"slow"),
                    Reply(200, commitment_html(commitment_ids(1)[0]).encode() + b"<!-- changed -->"))
        return crawl(**fast, refresh=True), site.url + first, site.url + second


def wait_for(predicate, timeout: float = 90.0, what: str = "") -> None:
    """Wait until `predicate()` holds (polling every 50 ms); AssertionError naming `what` after `timeout`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
