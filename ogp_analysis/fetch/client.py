"""The HTTP session: scrapelib throttle + urllib3 retries + robots.txt + a same-host redirect guard.

Which library does what, and why:

- **scrapelib** (`Scraper`): the requests-per-minute throttle and the identifying User-Agent on
  a `requests.Session`. It is the fetching layer of Open States, kept up by its author for a
  decade. Its own retry loop is switched off (`retry_attempts=0`): it retries every status
  >= 400 except 404 (403 and 410 included) with a fixed doubling wait and ignores
  Retry-After (read in scrapelib 2.4.1's `RetrySession.request`).
- **urllib3 `Retry`** mounted on a `requests` `HTTPAdapter`: retries with exponential back-off
  on connection errors, read timeouts and 429/500/502/503/504 only, GET/HEAD only, honouring
  `Retry-After` (capped at `RETRY_AFTER_MAX`); after the last retry the final response is
  returned (`raise_on_status=False`) so the failure is reported with its status.
- **requests** itself: same-host redirects (the final URL is recorded); a `response` hook
  refuses a redirect whose target is on another host *before* it is followed.
- **urllib.robotparser** (stdlib): robots.txt, fetched through this same session (throttled,
  same User-Agent). A 404 allows everything, 401/403 forbid everything (the robotparser
  convention); any other failure stops the crawl, since what is allowed is then unknown.
- urllib3 2.x enforces Content-Length on read (`enforce_content_length`, on by default), so a
  truncated body raises (`ChunkedEncodingError` from requests) instead of being returned short,
  and is reported as a failure, never stored.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import scrapelib
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ogp_analysis import __version__
from ogp_analysis.errors import FetchError, OGPAnalysisError

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://www.opengovpartnership.org"
DEFAULT_RPM = 60
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 2.0
# The most a command line may ask for (`check_number`): a politer crawl than 10 requests a
# second, a wait under ten minutes per request, a few dozen retries.
MAX_RPM = 600
MAX_TIMEOUT = 600.0
MAX_RETRIES = 20
RETRY_STATUSES = (429, 500, 502, 503, 504)
# A polite crawler waits as asked, but not for hours: past this the page fails and a rerun resumes.
RETRY_AFTER_MAX = 300
ROBOTS_AGENT = "ogp-analysis"
# Who to contact about the crawler; put a project URL or e-mail here (or pass --contact).
ENV_CONTACT = "OGP_ANALYSIS_CONTACT"


def user_agent(contact: str | None = None) -> str:
    """The identifying User-Agent: `ogp-analysis/<version> (+<contact>; research use)`.

    Args:
        contact: a URL or e-mail for site operators (default: `$OGP_ANALYSIS_CONTACT`).
    """
    contact = contact or os.environ.get(ENV_CONTACT)
    return f"{ROBOTS_AGENT}/{__version__} (+{contact}; research use)" if contact else \
        f"{ROBOTS_AGENT}/{__version__} (research use)"


def normalise_base_url(base_url: str) -> str:
    """Check a base URL (`http(s)://host[:port]`, optional path) and drop its trailing slash.

    Raises:
        OGPAnalysisError: not an absolute http(s) URL, or it has a query or fragment.
    """
    parts = urlsplit((base_url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OGPAnalysisError(f"--base-url must be an absolute http(s) URL, got {base_url!r}")
    if parts.query or parts.fragment:
        raise OGPAnalysisError(f"--base-url must not carry a query or fragment: {base_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def host_of(url: str) -> tuple[str, int | None]:
    """(hostname, port) of a URL, the port filled in from the scheme: what 'same host' compares."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.hostname or "").lower(), port


def robots_url(base_url: str) -> str:
    """The robots.txt of the base URL's host (always at the root, whatever the base path)."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class OffHostRedirect(FetchError):
    """A redirect pointed at another host; it was not followed."""

    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        super().__init__(f"redirect off-host to {target} refused (from {source})")


@dataclass(frozen=True)
class ClientConfig:
    """How to talk to the site.

    Attributes:
        base_url: the only host fetched (scheme, host, port).
        rpm: requests per minute (0: no throttle; only for tests).
        timeout: seconds for connect and for each read.
        retries: retries after the first attempt (connection errors, timeouts, 429/5xx).
        backoff: urllib3 back-off factor (waits 0, 2b, 4b, ... seconds between retries).
        contact: URL or e-mail put in the User-Agent.
    """

    base_url: str = DEFAULT_BASE_URL
    rpm: float = DEFAULT_RPM
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    contact: str | None = None


def _refuse_off_host(allowed: set[tuple[str, int | None]]):
    def hook(resp: requests.Response, *args, **kwargs) -> requests.Response:
        if resp.is_redirect:
            target = urljoin(resp.url, resp.headers["Location"])
            if host_of(target) not in allowed:
                resp.close()
                raise OffHostRedirect(resp.url, target)
        return resp

    return hook


def make_session(config: ClientConfig, redirect_hosts=()) -> scrapelib.Scraper:
    """A scrapelib Scraper with the throttle, urllib3 retries, User-Agent and redirect guard.

    Args:
        config: the client settings.
        redirect_hosts: further URLs (or hosts) whose host a redirect may go to; by default
            only the base URL's host.
    """
    session = scrapelib.Scraper(raise_errors=False, requests_per_minute=0, retry_attempts=0)
    # scrapelib's setter only takes whole numbers in its signature but divides 60 by the value;
    # a float keeps sub-second spacing exact in tests.
    session.requests_per_minute = config.rpm
    session.timeout = config.timeout
    session.user_agent = user_agent(config.contact)
    retry = Retry(
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        other=0,
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=config.backoff,
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    allowed = {host_of(config.base_url)}
    for extra in redirect_hosts:
        allowed.add(host_of(extra if "://" in extra else f"https://{extra}"))
        allowed.add(host_of(extra if "://" in extra else f"http://{extra}"))
    session.hooks["response"].append(_refuse_off_host(allowed))
    return session


def describe_error(exc: BaseException, config: ClientConfig) -> str:
    """A short reason for the summary, naming the fault (timeout, truncation, refusal...)."""
    if isinstance(exc, FetchError):
        return str(exc)
    text = f"{type(exc).__name__}: {exc}"
    chain = [exc, getattr(exc, "__context__", None)]
    reasons = [getattr(a, "reason", None) for a in exc.args if a is not None]
    everything = " ".join(repr(x) for x in chain + reasons if x is not None) + text
    if isinstance(exc, requests.Timeout) or "ReadTimeout" in everything or "timed out" in everything:
        return f"timed out (no response within {config.timeout:g} s, {config.retries} retries)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in everything:
        return f"truncated body ({exc})"
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return f"too many redirects ({exc})"
    if isinstance(exc, requests.ConnectionError):
        return f"connection failed after {config.retries} retries ({exc})"
    return text


class Robots:
    """robots.txt of the configured host, read once through the crawling session."""

    def __init__(self, session: requests.Session, config: ClientConfig):
        self.url = robots_url(config.base_url)
        self.parser = RobotFileParser(self.url)
        try:
            resp = session.get(self.url, timeout=config.timeout)
        except (requests.RequestException, FetchError) as exc:
            raise FetchError(f"{self.url}: cannot read robots.txt: {describe_error(exc, config)}"
                             ) from exc
        if resp.status_code == 200:
            self.parser.parse(resp.text.splitlines())
        elif resp.status_code in (401, 403):
            self.parser.disallow_all = True
        elif 400 <= resp.status_code < 500:
            self.parser.allow_all = True
        else:
            raise FetchError(f"{self.url}: cannot read robots.txt: HTTP {resp.status_code}")
        log.info("robots.txt %s: HTTP %s", self.url, resp.status_code)

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets this crawler fetch `url`."""
        return self.parser.can_fetch(ROBOTS_AGENT, url)

    def crawl_delay(self) -> float | None:
        """The Crawl-delay robots.txt asks of this crawler, in seconds (None: none)."""
        delay = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay is not None else None
