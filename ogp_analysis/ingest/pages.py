"""The raw page store -> `Records`: the latest capture of every page parsed, one bad page never stopping the build.

Each stored page is a unit of failure. A page the parsers refuse (not a commitment page, no
member, markup libxml2 cannot read) and a capture the store does not trust (a body without its
sidecar, a sidecar without its body, a body whose sha256 disagrees with its sidecar) each
become one `Records` holding a single `data_quality` row (severity `error`; problem
`unparseable_page` or `corrupt_capture`), naming the commitment when the store path gives it,
the page's URL, the capture path relative to the project root and the parser's message. Every
other page is read as usual; older captures of a page are listed as sources only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.fetch.store import Capture, StoreFault, scan_store
from ogp_analysis.parse import parse_commitment, parse_listing
from ogp_analysis.records import Records, make_source

# The data_quality kinds this reader raises.
UNPARSEABLE_PAGE = "unparseable_page"
CORRUPT_CAPTURE = "corrupt_capture"
_SOURCE_TYPES = {"commitment": "ogp_page", "listing": "ogp_listing"}


def _relative(path: Path | str, root: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _failed(kind: str, problem: str, detail: str, *, url: str | None, raw_path: str,
            commitment_id: str | None, meta: dict | None) -> Records:
    """A Records holding only the data_quality row of a page that could not be read."""
    meta = meta or {}
    rec = Records(make_source(
        url or raw_path, source_type=_SOURCE_TYPES[kind], origin="pages",
        retrieved_at=meta.get("fetched_at"), sha256=meta.get("sha256"), raw_path=raw_path))
    rec.quality(problem, detail, severity="error", commitment_id=commitment_id,
                table_name="commitments" if kind == "commitment" else "listing")
    return rec


def read_capture(cap: Capture, root: Path, build_year: int | None = None) -> Records:
    """Parse one capture; a page the parsers refuse is a Records with one error row.

    Args:
        cap: a complete capture from the store.
        root: the project root (paths in the rows are relative to it).
        build_year: the build's year (years after it + 2 are refused; None: not checked).
    """
    meta = cap.meta
    url = meta.get("final_url") or meta["url"]
    raw_path = _relative(cap.html_path, root)
    cid = cap.key if cap.kind == "commitment" else None
    kw = dict(retrieved_at=meta.get("fetched_at"), origin="pages", sha256=meta.get("sha256"),
              raw_path=raw_path, content_type=meta.get("content_type"), build_year=build_year)
    try:
        html = cap.read_bytes()
        parse = parse_listing if cap.kind == "listing" else parse_commitment
        return parse(html, url, **kw)
    except OSError as exc:
        return _failed(cap.kind, CORRUPT_CAPTURE, f"capture {raw_path} cannot be read: "
                       f"{exc.strerror or exc}; page left out", url=url, raw_path=raw_path,
                       commitment_id=cid, meta=meta)
    except (OGPAnalysisError, ValueError, RecursionError) as exc:
        # ValueError / RecursionError: what lxml and the stdlib raise on markup they cannot
        # take; the page is reported, never allowed to stop the build.
        return _failed(cap.kind, UNPARSEABLE_PAGE, f"capture {raw_path} could not be parsed as "
                       f"a {cap.kind} page: {exc}; page left out", url=url, raw_path=raw_path,
                       commitment_id=cid, meta=meta)


def fault_records(fault: StoreFault, root: Path) -> Records:
    """The data_quality row of a capture the store does not trust."""
    raw_path = _relative(fault.path, root)
    reason = fault.reason.replace(str(fault.path), raw_path)
    return _failed(fault.kind, CORRUPT_CAPTURE, f"corrupt capture {reason}",
                   url=fault.url, raw_path=raw_path,
                   commitment_id=fault.key if fault.kind == "commitment" else None,
                   meta=fault.meta)


def read_pages(raw_dir: Path | str, root: Path | str, *, build_year: int | None = None,
               progress: bool = True) -> list[Records]:
    """Records of the latest capture of every page in raw_dir; older captures as sources only.

    Args:
        raw_dir: the raw pages folder (`ogp-analysis fetch --raw-dir`).
        root: the project root (capture paths in the rows are relative to it).
        build_year: the build's year (years after it + 2 are refused; None: not checked).
        progress: show a tqdm bar on stderr.

    Returns:
        One Records per page (a bad page or corrupt capture: one holding its data_quality
        row), then one per older capture (`superseded_by` set).
    """
    from tqdm import tqdm

    root = Path(root).resolve()
    scan = scan_store(raw_dir)
    captures = [versions[0] for _, versions in sorted(
        scan.versions.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2]))]
    out: list[Records] = [fault_records(f, root) for f in scan.faults]
    for cap in tqdm(captures, desc="parsing pages", unit="page", file=sys.stderr,
                    disable=not (progress and captures)):
        rec = read_capture(cap, root, build_year)
        out.append(rec)
        for old in cap.older:
            m = old.meta
            out.append(Records(make_source(
                m.get("final_url") or m["url"], source_type=rec.source["source_type"],
                origin="pages", retrieved_at=m.get("fetched_at"), sha256=m.get("sha256"),
                raw_path=_relative(old.html_path, root), superseded_by=rec.source["source_id"])))
    return out
