"""Fetched pages (`data/raw/pages/`) -> `Records`: the latest capture of each page parsed, older ones cited."""

from __future__ import annotations

import sys
from pathlib import Path

from ogp_analysis.records import Records, make_source


def _rel(path, root: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def read_pages(raw_dir: Path, root: Path, *, progress: bool = True) -> list[Records]:
    """Records of the latest capture of every page in raw_dir, older captures as sources only.

    Args:
        raw_dir: the raw page store.
        root: the project root (raw paths are recorded relative to it).
        progress: a tqdm bar on stderr.
    """
    from tqdm import tqdm

    from ogp_analysis.fetch.store import latest_captures
    from ogp_analysis.parse import parse_listing
    from ogp_analysis.parse.commitment import parse_commitment

    root = Path(root).resolve()
    captures = latest_captures(raw_dir)
    out = []
    for cap in tqdm(captures, desc="parsing pages", unit="page", file=sys.stderr,
                    disable=not (captures and progress)):
        meta = cap.meta
        url = meta.get("final_url") or meta["url"]
        html = Path(cap.html_path).read_bytes()
        kw = dict(retrieved_at=meta.get("fetched_at"), origin="pages", sha256=meta.get("sha256"),
                  raw_path=_rel(cap.html_path, root))
        rec = parse_listing(html, url, **kw) if cap.kind == "listing" else parse_commitment(html, url, **kw)
        out.append(rec)
        for old in cap.older:
            m = old.meta
            out.append(Records(make_source(
                m.get("final_url") or m["url"], source_type=rec.source["source_type"],
                origin="pages", retrieved_at=m.get("fetched_at"), sha256=m.get("sha256"),
                raw_path=_rel(old.html_path, root), superseded_by=rec.source["source_id"])))
    return out
