"""Crawl one member: its listing pages (following "next" on the configured host), then each commitment.

URLs are built from the base URL and validated keys (`keys.check_member_slug`,
`keys.normalise_commitment_id`), never taken as-is from links; the only link followed is the
listing's "next", and only when it stays on the configured host under the member's path.

A rerun resumes: a page with a complete capture in the raw store is not requested again
(stored listing pages are re-read from disk to find the IDs). With `refresh=True` every stored
page is re-checked with If-None-Match / If-Modified-Since from its sidecar: a 304, or a 200
whose body has the same sha256, is "unchanged" (nothing written); a 200 with a new body is
stored as a new version beside the old one.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from tqdm import tqdm

from ogp_analysis.errors import FetchError, OGPAnalysisError, check_number
from ogp_analysis.fetch import store
from ogp_analysis.fetch.client import (
    DEFAULT_BACKOFF,
    DEFAULT_BASE_URL,
    DEFAULT_RETRIES,
    DEFAULT_RPM,
    DEFAULT_TIMEOUT,
    MAX_RETRIES,
    MAX_RPM,
    MAX_TIMEOUT,
    RETRY_STATUSES,
    ClientConfig,
    Robots,
    describe_error,
    host_of,
    make_session,
    normalise_base_url,
    robots_url,
)
from ogp_analysis.keys import check_member_slug, normalise_commitment_id
from ogp_analysis.paths import Paths

log = logging.getLogger(__name__)

# A loop guard: the UK listing needs a handful of pages, no member needs hundreds.
MAX_LISTING_PAGES = 200


@dataclass
class FetchSummary:
    """What a crawl did, page by page (URLs), for the summary and the exit code."""

    member: str
    fetched: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (URL, what the retries met and how the page ended): a recovered 500 or 429 is named too.
    retried: list[tuple[str, str]] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    store_problems: list[str] = field(default_factory=list)
    commitment_ids: list[str] = field(default_factory=list)
    requests: int = 0
    bytes_received: int = 0

    @property
    def ok(self) -> bool:
        """True when every page wanted is in the store (nothing failed or was disallowed)."""
        return not self.failed and not self.disallowed


def commitment_url(base_url: str, member: str, commitment_id: str) -> str:
    """`{base}/members/{member}/commitments/{ID}/`, from validated parts."""
    return (f"{normalise_base_url(base_url)}/members/{check_member_slug(member)}/commitments/"
            f"{normalise_commitment_id(commitment_id)}/")


def listing_url(base_url: str, member: str) -> str:
    """`{base}/members/{member}/`, the first listing page."""
    return f"{normalise_base_url(base_url)}/members/{check_member_slug(member)}/"


class Crawler:
    """One crawl: a session, robots.txt, the raw store and the running summary."""

    def __init__(self, member: str, config: ClientConfig, raw_dir: Path, *, refresh: bool = False):
        self.member = check_member_slug(member)
        self.config = replace(config, base_url=normalise_base_url(config.base_url))
        self.raw_dir = Path(raw_dir)
        self.refresh = refresh
        self.summary = FetchSummary(self.member)
        swept = store.sweep_store(self.raw_dir, self.member) if (self.raw_dir / self.member
                                                                  ).is_dir() else []
        self.scan = store.scan_store(self.raw_dir, self.member) if (self.raw_dir / self.member
                                                                     ).is_dir() else store.StoreScan()
        self.summary.store_problems = [*swept, *self.scan.problems]
        self.session = make_session(self.config)
        self._robots: Robots | None = None

    def robots(self) -> Robots:
        """robots.txt, read on first use (a crawl that needs no request never asks)."""
        if self._robots is None:
            self.summary.requests += 1
            self._robots = Robots(self.session, self.config)
            delay = self._robots.crawl_delay()
            # The site's wish wins over --rpm, even over --rpm 0 (no throttle).
            if delay and (not self.config.rpm or delay > 60.0 / self.config.rpm):
                log.info("robots.txt asks for %s s between requests: slowing down", delay)
                self.session.requests_per_minute = 60.0 / delay
        return self._robots

    def page(self, kind: str, key: str, url: str) -> store.Capture | None:
        """The page's capture: stored (resume), re-checked (refresh) or fetched; None on failure."""
        stored = self.scan.latest(kind, self.member, key)
        if stored is not None and stored.meta.get("url") == url and not self.refresh:
            self.summary.skipped.append(url)
            return stored
        if stored is not None and stored.meta.get("url") != url:
            stored = None  # the site moved the page (e.g. listing pages renumbered): a new capture
        if not self.robots().allowed(url):
            log.warning("robots.txt disallows %s", url)
            self.summary.disallowed.append(url)
            return None
        headers = {}
        if stored is not None:
            if stored.meta.get("etag"):
                headers["If-None-Match"] = stored.meta["etag"]
            if stored.meta.get("last_modified"):
                headers["If-Modified-Since"] = stored.meta["last_modified"]
        try:
            self.summary.requests += 1
            resp = self.session.get(url, headers=headers, timeout=self.config.timeout)
        except (requests.RequestException, FetchError) as exc:
            return self._fail(url, describe_error(exc, self.config))
        self._note_retries(url, resp)
        if resp.status_code == 304 and stored is not None:
            self.summary.unchanged.append(url)
            return stored
        if resp.status_code != 200:
            return self._fail(url, f"HTTP {resp.status_code}" + (
                f" after {self.config.retries} retries" if resp.status_code in RETRY_STATUSES
                else ""))
        body = resp.content
        self.summary.bytes_received += len(body)
        if stored is not None and store.sha256_hex(body) == stored.meta.get("sha256"):
            self.summary.unchanged.append(url)
            return stored
        meta = {
            "url": url, "final_url": resp.url, "status": resp.status_code,
            "etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified"),
            "content_type": resp.headers.get("Content-Type"),
        }
        capture = store.write_capture(self.raw_dir, kind=kind, member=self.member, key=key,
                                      body=body, meta=meta)
        (self.summary.changed if stored is not None else self.summary.fetched).append(url)
        return capture

    def _note_retries(self, url: str, resp: requests.Response) -> None:
        """Name the retries urllib3 made for this response (its Retry history), if any."""
        history = getattr(getattr(resp.raw, "retries", None), "history", ()) or ()
        if history:
            met = [f"HTTP {h.status}" if h.status else type(h.error).__name__ for h in history]
            self.summary.retried.append(
                (url, f"{len(met)} retr{'y' if len(met) == 1 else 'ies'} after {', '.join(met)}; "
                 f"then HTTP {resp.status_code}"))

    def _fail(self, url: str, reason: str) -> None:
        log.warning("failed: %s: %s", url, reason)
        self.summary.failed.append((url, reason))
        return None

    def listing_ids(self) -> list[str]:
        """Every commitment ID on the member's listing, page after page ("next" links)."""
        from ogp_analysis.parse import parse_listing

        url: str | None = listing_url(self.config.base_url, self.member)
        member_path = urlsplit(url).path
        allowed_host = host_of(self.config.base_url)
        seen: set[str] = set()
        ids: list[str] = []
        page = 1
        while url:
            if page > MAX_LISTING_PAGES:
                self._fail(url, f"listing has more than {MAX_LISTING_PAGES} pages; stopped")
                break
            seen.add(url)
            capture = self.page("listing", store.listing_key(page), url)
            if capture is None:
                break
            try:
                records = parse_listing(capture.read_bytes(), capture.meta.get("final_url") or url,
                                        retrieved_at=capture.fetched_at, sha256=capture.meta["sha256"],
                                        raw_path=str(capture.html_path),
                                        content_type=capture.meta.get("content_type"))
            except OGPAnalysisError as exc:
                self._fail(url, f"listing page not readable: {exc}")
                break
            for row in records.parts["listing"]:
                if row["commitment_id"] not in ids:
                    ids.append(row["commitment_id"])
            nxt = records.source.get("next_url")
            if not nxt:
                break
            nxt = urljoin(url, nxt)
            if host_of(nxt) != allowed_host or not urlsplit(nxt).path.startswith(member_path):
                self._fail(nxt, f"listing 'next' link leaves {self.config.base_url}{member_path}; "
                                "not followed")
                break
            if nxt in seen:
                log.warning("listing 'next' link loops back to %s; stopping", nxt)
                break
            url, page = nxt, page + 1
        log.info("listing of %s: %d pages, %d commitments", self.member, page, len(ids))
        return ids

    def run(self, ids: list[str] | None = None, *, progress: bool = True) -> FetchSummary:
        """Fetch the listing (unless `ids` is given), then every commitment page.

        Args:
            ids: commitment IDs to fetch; None: read them from the member's listing.
            progress: show a tqdm bar on stderr.
        """
        try:
            # The store's shared lock while captures are written: a build's or another
            # crawl's sweep never takes a capture this crawl is completing for debris.
            with store.writing(self.raw_dir):
                wanted = ([normalise_commitment_id(i) for i in ids] if ids is not None
                          else self.listing_ids())
                self.summary.commitment_ids = wanted
                for cid in tqdm(wanted, desc=f"fetch {self.member}", unit="page",
                                file=sys.stderr, disable=not progress):
                    self.page("commitment", cid,
                              commitment_url(self.config.base_url, self.member, cid))
        except FetchError as exc:  # robots.txt unreadable: nothing may be fetched
            self._fail(robots_url(self.config.base_url), str(exc))
        finally:
            self.session.close()
        return self.summary


def crawl(member: str, *, ids: list[str] | None = None, base_url: str | None = None,
          raw_dir: Path | str | None = None, rpm: float | None = None, refresh: bool = False,
          timeout: float | None = None, retries: int | None = None, backoff: float | None = None,
          contact: str | None = None, progress: bool = True) -> FetchSummary:
    """Fetch a member's listing and commitment pages into the raw store.

    Args:
        member: the member slug (`united-kingdom`).
        ids: only these commitment IDs (the listing is not fetched).
        base_url: the site (default https://www.opengovpartnership.org); the only host fetched.
        raw_dir: the raw pages folder (default `Paths.default().pages`).
        rpm: requests per minute (default 60).
        refresh: re-check stored pages with conditional requests.
        timeout: seconds per request (connect and each read).
        retries: retries on connection errors, timeouts and 429/5xx.
        backoff: urllib3 back-off factor between retries.
        contact: URL or e-mail for the User-Agent.
        progress: show a progress bar on stderr.

    Returns:
        The FetchSummary (its `ok` is False when any page failed or was disallowed).
    """
    config = ClientConfig(
        base_url=base_url or DEFAULT_BASE_URL,
        rpm=DEFAULT_RPM if rpm is None else rpm,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        retries=DEFAULT_RETRIES if retries is None else retries,
        backoff=DEFAULT_BACKOFF if backoff is None else backoff,
        contact=contact,
    )
    check_number(config.rpm, "--rpm", minimum=0, maximum=MAX_RPM, unit=" requests a minute")
    check_number(config.timeout, "--timeout", minimum=0, above=True, maximum=MAX_TIMEOUT,
                 unit=" seconds")
    check_number(config.retries, "--retries", minimum=0, maximum=MAX_RETRIES)
    check_number(config.backoff, "backoff", minimum=0, maximum=MAX_TIMEOUT)
    crawler = Crawler(member, config, Path(raw_dir) if raw_dir else Paths.default().pages,
                      refresh=refresh)
    return crawler.run(ids, progress=progress)
