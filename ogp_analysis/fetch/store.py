"""The raw page store: every fetched page kept as fetched, beside a JSON provenance sidecar.

Layout (under the raw pages folder, `data/raw/pages/` by default)::

    <member>/<COMMITMENT_ID>/<fetched-at>.html     the body, byte for byte as served
    <member>/<COMMITMENT_ID>/<fetched-at>.json     its sidecar
    <member>/listing/page-<NNN>/<fetched-at>.html  listing pages (NNN from 001)

`<fetched-at>` is the UTC time of the capture, filename-safe and fixed-width so that names
sort in time order: `20261123T180102.123456Z`. A page that changed between crawls keeps both
versions side by side; nothing here ever deletes or rewrites a capture.

The sidecar holds `url`, `final_url` (after same-host redirects), `status`, `fetched_at`
(ISO 8601 UTC), `etag`, `last_modified`, `sha256` (of the body), `content_type`,
`content_length`, `kind` (`commitment` | `listing`), `member`, and `commitment_id` (commitment
pages) or `listing_page` (listing pages, from 1), plus `ogp_analysis_version`.

Both files are written atomically (`storage.atomic_write_bytes`), body first and sidecar last,
so a sidecar's presence means a complete capture. A body without its sidecar (the process was
killed between the two writes), an unreadable sidecar, or a body whose sha256 disagrees with
its sidecar is never trusted: `scan_store` reports it and leaves it out.

What a killed fetch leaves is swept by the next fetch or build (`sweep_store`): a body without
its sidecar is removed (and reported, once), and so are the temporary files of writes whose
process is gone. A crawl holds a shared lock on the store folder while it writes (`writing`);
the sweep takes it exclusively and without waiting, so it never removes the body of a capture
a running crawl is about to complete (then it sweeps nothing and the body stays ignored).

Public API (what the build reads):

- `latest_captures(root, member=None) -> list[Capture]`: the newest complete capture of every
  page (commitment and listing), each with its earlier versions in `Capture.older`, newest
  first. Sorted by member, kind (commitments, then listing pages) and key.
- `Capture`: frozen dataclass with `html_path` (the body), `meta` (the sidecar as a dict),
  `kind`, `member`, `key` (the commitment ID, e.g. `UK0075`, or the listing page folder,
  e.g. `page-001`), `fetched_at` (ISO 8601 UTC string from the sidecar) and `older`.
- `scan_store(root, member=None) -> StoreScan`: every version of every page plus the
  problems found (orphan bodies, bad sidecars, checksum mismatches), for callers that report:
  `problems` as lines, `faults` as `StoreFault`s (the build turns each into a `data_quality` row).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ogp_analysis import __version__
from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.keys import check_member_slug, is_commitment_id, normalise_commitment_id
from ogp_analysis.metadata.rules import MEMBER_SLUG_PATTERN
from ogp_analysis.storage import atomic_write_bytes, remove_stale_files

log = logging.getLogger(__name__)

KINDS = ("commitment", "listing")
LISTING_DIR = "listing"
BODY_SUFFIX = ".html"
SIDECAR_SUFFIX = ".json"
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_STAMP = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
_LISTING_KEY = re.compile(r"^page-(\d{3,})$")
_SLUG = re.compile(MEMBER_SLUG_PATTERN)
SIDECAR_FIELDS = ("url", "final_url", "status", "fetched_at", "etag", "last_modified", "sha256",
                  "content_type", "kind", "member")


@dataclass(frozen=True)
class Capture:
    """One complete capture of a page: the body on disk and its sidecar."""

    html_path: Path
    meta: dict
    kind: str
    member: str
    key: str
    fetched_at: str
    older: tuple[Capture, ...] = ()

    @property
    def sidecar_path(self) -> Path:
        """The capture's provenance sidecar (beside the body)."""
        return self.html_path.with_suffix(SIDECAR_SUFFIX)

    @property
    def url(self) -> str:
        """The URL that was requested."""
        return self.meta["url"]

    def read_bytes(self) -> bytes:
        """The body, byte for byte as served."""
        return self.html_path.read_bytes()


@dataclass(frozen=True)
class StoreFault:
    """One file of the store left out: which page it belongs to and why."""

    path: Path  # the body (or the sidecar, when there is no body)
    kind: str
    member: str
    key: str
    reason: str  # one line naming the file
    meta: dict | None = None  # the sidecar, when it could be read

    @property
    def url(self) -> str | None:
        """The page's URL when the sidecar could be read (None: unknown)."""
        return (self.meta or {}).get("final_url") or (self.meta or {}).get("url")


@dataclass
class StoreScan:
    """Everything found under a raw pages folder.

    Attributes:
        versions: (kind, member, key) -> that page's complete captures, newest first.
        problems: one line per file that was left out, naming the file and why.
        faults: the same, as StoreFaults.
    """

    versions: dict[tuple[str, str, str], list[Capture]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    faults: list[StoreFault] = field(default_factory=list)

    def fault(self, path: Path, kind: str, member: str, key: str, reason: str,
              meta: dict | None = None) -> None:
        """Record a file left out, as a line and as a StoreFault."""
        self.faults.append(StoreFault(path, kind, member, key, reason, meta))
        self.problems.append(reason)

    def latest(self, kind: str, member: str, key: str) -> Capture | None:
        """The newest complete capture of one page, or None."""
        found = self.versions.get((kind, member, key))
        return found[0] if found else None


def listing_key(page: int) -> str:
    """The folder name of listing page `page` (1 -> `page-001`)."""
    if page < 1:
        raise ValueError(f"listing pages count from 1, got {page}")
    return f"page-{page:03d}"


def page_dir(root: Path, kind: str, member: str, key: str) -> Path:
    """The folder that holds every capture of one page (validating what becomes a path).

    Args:
        root: the raw pages folder.
        kind: `commitment` or `listing`.
        member: the member slug.
        key: the commitment ID (normalised here) or the listing key (`page-001`).

    Raises:
        OGPAnalysisError: an unknown kind, a bad slug, ID or listing key.
    """
    member = check_member_slug(member)
    if kind == "commitment":
        return Path(root) / member / normalise_commitment_id(key)
    if kind == "listing":
        if not _LISTING_KEY.match(key):
            raise OGPAnalysisError(f"not a listing page key: {key!r} (expected e.g. page-001)")
        return Path(root) / member / LISTING_DIR / key
    raise OGPAnalysisError(f"unknown page kind {kind!r}; kinds: {KINDS}")


def sha256_hex(data: bytes) -> str:
    """The sha256 of `data`, as hex."""
    return hashlib.sha256(data).hexdigest()


def write_capture(root: Path, *, kind: str, member: str, key: str, body: bytes, meta: dict,
                  fetched: datetime | None = None) -> Capture:
    """Store one fetched page: the body first, then its sidecar (both atomic).

    Args:
        root: the raw pages folder.
        kind: `commitment` or `listing`.
        member: the member slug.
        key: the commitment ID or listing key (`page-001`).
        body: the response body, exactly as received.
        meta: sidecar fields from the response (url, final_url, status, etag, last_modified,
            content_type, ...); `fetched_at`, `sha256`, `kind`, `member`, the key field and
            the version are filled in here.
        fetched: when the page was fetched (default: now, UTC).

    Returns:
        The new capture (its `older` is left empty; `scan_store` fills it).
    """
    folder = page_dir(root, kind, member, key)
    when = (fetched or datetime.now(UTC)).astimezone(UTC)
    # Names must be unique even for two captures in the same microsecond: step forward until
    # neither file exists (one writer per page folder, so no race to guard against).
    while True:
        stem = when.strftime(STAMP_FORMAT)
        body_path = folder / f"{stem}{BODY_SUFFIX}"
        if not body_path.exists() and not body_path.with_suffix(SIDECAR_SUFFIX).exists():
            break
        when += timedelta(microseconds=1)
    fetched_at = when.isoformat(timespec="microseconds").replace("+00:00", "Z")
    sidecar = {
        "url": None, "final_url": None, "status": None, "etag": None, "last_modified": None,
        "content_type": None, **meta,
        "fetched_at": fetched_at,
        "sha256": sha256_hex(body),
        "content_length": len(body),
        "kind": kind,
        "member": member,
        "ogp_analysis_version": __version__,
    }
    if kind == "commitment":
        sidecar["commitment_id"] = normalise_commitment_id(key)
    else:
        sidecar["listing_page"] = int(_LISTING_KEY.match(key)[1])
    atomic_write_bytes(body_path, body)
    atomic_write_bytes(body_path.with_suffix(SIDECAR_SUFFIX),
                       (json.dumps(sidecar, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    log.debug("stored %s %s/%s at %s", kind, member, key, body_path)
    return Capture(body_path, sidecar, kind, member, normalise_commitment_id(key)
                   if kind == "commitment" else key, fetched_at)


def _page_folders(root: Path, member: str | None):
    """(kind, member, key, folder) for every page folder under root."""
    root = Path(root)
    if not root.is_dir():
        return
    members = [root / check_member_slug(member)] if member else sorted(root.iterdir())
    for mdir in members:
        if not mdir.is_dir() or not _SLUG.match(mdir.name):
            continue
        for sub in sorted(mdir.iterdir()):
            if not sub.is_dir():
                continue
            if sub.name == LISTING_DIR:
                for page in sorted(sub.iterdir()):
                    if page.is_dir() and _LISTING_KEY.match(page.name):
                        yield "listing", mdir.name, page.name, page
            elif is_commitment_id(sub.name) and sub.name == sub.name.upper():
                yield "commitment", mdir.name, sub.name, sub


def _read_capture(body: Path, kind: str, member: str,
                  key: str) -> tuple[Capture | None, str | None, dict | None]:
    """A capture from a body file, or the reason it cannot be trusted (and the sidecar if read)."""
    sidecar = body.with_suffix(SIDECAR_SUFFIX)
    if not sidecar.exists():
        return None, f"{body}: body without sidecar (capture interrupted); ignored", None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"{sidecar}: unreadable sidecar ({exc}); capture ignored", None
    missing = [f for f in SIDECAR_FIELDS if f not in meta] if isinstance(meta, dict) else ["all"]
    if missing:
        return None, f"{sidecar}: sidecar lacks {missing}; capture ignored", None
    try:
        actual = sha256_hex(body.read_bytes())
    except OSError as exc:
        return None, f"{body}: unreadable body ({exc.strerror or exc}); capture ignored", meta
    if actual != meta["sha256"]:
        return None, (f"{body}: sha256 {actual[:12]}... differs from its sidecar's "
                      f"{str(meta['sha256'])[:12]}...; capture ignored"), meta
    if (meta["kind"], meta["member"]) != (kind, member):
        return None, (f"{sidecar}: says {meta['kind']}/{meta['member']} but sits in "
                      f"{kind}/{member}; capture ignored"), meta
    return Capture(body, meta, kind, member, key, meta["fetched_at"]), None, meta


def scan_store(root: Path | str, member: str | None = None) -> StoreScan:
    """Every complete capture under `root`, grouped by page, with the problems found.

    Args:
        root: the raw pages folder.
        member: only this member's pages (default: all members).

    Returns:
        A StoreScan; each version list is newest first and each capture's `older` holds the
        versions after it in that list.
    """
    scan = StoreScan()
    for kind, mem, key, folder in _page_folders(Path(root), member):
        found: list[Capture] = []
        for body in sorted(folder.glob(f"*{BODY_SUFFIX}")):
            if not _STAMP.match(body.name[: -len(BODY_SUFFIX)]):
                scan.fault(body, kind, mem, key, f"{body}: not a capture file name; ignored")
                continue
            cap, problem, meta = _read_capture(body, kind, mem, key)
            if problem:
                scan.fault(body, kind, mem, key, problem, meta)
            else:
                found.append(cap)
        for sidecar in sorted(folder.glob(f"*{SIDECAR_SUFFIX}")):
            if not sidecar.with_suffix(BODY_SUFFIX).exists():
                try:
                    meta = json.loads(sidecar.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    meta = None
                scan.fault(sidecar, kind, mem, key, f"{sidecar}: sidecar without body; ignored",
                           meta if isinstance(meta, dict) else None)
        if not found:
            continue
        # Fixed-width stamps: name order is time order.
        found.sort(key=lambda c: c.html_path.name, reverse=True)
        chained = [
            Capture(c.html_path, c.meta, c.kind, c.member, c.key, c.fetched_at, tuple(found[i + 1:]))
            for i, c in enumerate(found)
        ]
        scan.versions[(kind, mem, key)] = chained
    for problem in scan.problems:
        log.warning("raw store: %s", problem)
    return scan


@contextlib.contextmanager
def _store_lock(root: Path, mode: int) -> Iterator[bool]:
    """Hold a lock on the store folder (flock; the kernel drops it when the process dies); yields whether it was taken."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def writing(root: Path | str):
    """A crawl's shared lock on the store while it writes captures (`sweep_store` waits for none)."""
    return _store_lock(Path(root), fcntl.LOCK_SH)


def sweep_store(root: Path | str, member: str | None = None) -> list[str]:
    """Remove what killed writes left in the store: bodies without a sidecar, stale temporary files.

    Nothing is removed while a crawl is writing the store (its shared lock is held): a body
    without a sidecar may then be a capture about to be completed.

    Args:
        root: the raw pages folder.
        member: only this member's pages (default: every member).

    Returns:
        One line per file removed, naming it and why (for the user, once).
    """
    root = Path(root)
    if not root.is_dir():
        return []
    removed: list[str] = []
    with _store_lock(root, fcntl.LOCK_EX | fcntl.LOCK_NB) as idle:
        if not idle:
            return removed
        for _kind, _member, _key, folder in _page_folders(root, member):
            removed += [f"{p}: temporary file of an interrupted write; removed"
                        for p in remove_stale_files(folder)]
            for body in sorted(folder.glob(f"*{BODY_SUFFIX}")):
                if _STAMP.match(body.stem) and not body.with_suffix(SIDECAR_SUFFIX).exists():
                    body.unlink(missing_ok=True)
                    removed.append(f"{body}: body without sidecar (capture interrupted); removed")
    for line in removed:
        log.warning("raw store: %s", line)
    return removed


def latest_captures(root: Path | str, member: str | None = None) -> list[Capture]:
    """The newest complete capture of every stored page, earlier versions in `older`.

    Args:
        root: the raw pages folder (e.g. `Paths.default().pages`).
        member: only this member's pages (default: every member found).

    Returns:
        One Capture per page, sorted by member, kind (commitment before listing) and key.
        Incomplete or corrupt captures are left out and logged (see `scan_store`).
    """
    scan = scan_store(root, member)
    return [versions[0] for _, versions in sorted(scan.versions.items(),
                                                  key=lambda kv: (kv[0][1], kv[0][0], kv[0][2]))]
