"""Downloading an IRM data release the user names by URL: through the project's polite client, kept under data/raw/releases/."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests

from ogp_analysis.errors import FetchError, OGPAnalysisError
from ogp_analysis.fetch.client import ClientConfig, describe_error, make_session
from ogp_analysis.storage import atomic_write_bytes, atomic_write_text


def download_release(url: str, releases_dir: Path, *, redirect_hosts=(),
                     config: ClientConfig | None = None) -> tuple[Path, dict]:
    """Download a release CSV into `<releases_dir>/<sha256>.csv` with a provenance sidecar.

    The URL's own host is allowed; a redirect goes only to a host in `redirect_hosts`.
    robots.txt is not applied: the user names this one file (a crawl applies it).

    Args:
        url: the release's http(s) URL.
        releases_dir: `data/raw/releases/`.
        redirect_hosts: hosts a redirect may lead to (e.g. a storage host the site uses).
        config: client settings (timeout, retries, contact); its base URL is replaced.

    Returns:
        (path of the stored body, sidecar dict: url, final_url, status, fetched_at, sha256,
        content_type, raw_path).

    Raises:
        FetchError: the download failed (named with the URL and the reason).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OGPAnalysisError(f"--irm-data {url!r}: not an http(s) URL or a file")
    config = replace(config or ClientConfig(), base_url=f"{parts.scheme}://{parts.netloc}", rpm=0)
    session = make_session(config, redirect_hosts=redirect_hosts)
    try:
        resp = session.get(url, timeout=config.timeout)
    except (requests.RequestException, FetchError) as exc:
        raise FetchError(f"could not download the IRM data release {url}: "
                         f"{describe_error(exc, config)}") from exc
    if resp.status_code != 200:
        raise FetchError(f"could not download the IRM data release {url}: HTTP {resp.status_code}")
    body = resp.content
    sha = hashlib.sha256(body).hexdigest()
    path = Path(releases_dir) / f"{sha}.csv"
    meta = {
        "url": url, "final_url": resp.url, "status": resp.status_code,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"), "sha256": sha,
        "content_type": resp.headers.get("Content-Type"),
    }
    if not path.is_file():
        atomic_write_bytes(path, body)
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        atomic_write_text(sidecar, json.dumps(meta, indent=1) + "\n")
    else:
        meta = json.loads(sidecar.read_text())  # the first download of these bytes is the capture
    return path, meta
