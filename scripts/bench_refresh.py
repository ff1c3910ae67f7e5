"""Benchmark: what a `--refresh` re-crawl of an unchanged site costs on the wire (requests, bodies moved).

Starts the test site of `tests/http_site.py` on 127.0.0.1 with N commitment pages (listing
over several "Next"-linked pages), crawls it into a temporary raw store, then crawls again with
`refresh=True`, and prints what the server saw during the second crawl: requests, responses
with a body, body bytes. No internet.

    .venv/bin/python scripts/bench_refresh.py [--pages 100] [--per-page 25]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from http_site import MEMBER, Site, commitment_ids, serve_member  # noqa: E402

from ogp_analysis.fetch import crawl  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100, help="commitment pages on the site")
    ap.add_argument("--per-page", type=int, default=25, help="listing entries per listing page")
    args = ap.parse_args(argv)

    with Site() as site, tempfile.TemporaryDirectory() as raw:
        serve_member(site, commitment_ids(args.pages), per_page=args.per_page)
        opts = dict(base_url=site.url, raw_dir=raw, rpm=0, progress=False)

        t0 = time.perf_counter()
        first = crawl(MEMBER, **opts)
        t1 = time.perf_counter()
        hits_first = list(site.hits)
        site.hits.clear()
        second = crawl(MEMBER, refresh=True, **opts)
        t2 = time.perf_counter()
        hits = list(site.hits)

        if not (first.ok and second.ok):
            print("crawl failed:", first.failed + second.failed, file=sys.stderr)
            return 1
        pages = [h for h in hits if h.path != "/robots.txt"]
        robots = [h for h in hits if h.path == "/robots.txt"]
        n_listing = sum(1 for h in hits_first if h.path.startswith(f"/members/{MEMBER}/")
                        and "/commitments/" not in h.path)
        print(f"site: {args.pages} commitment pages, {n_listing} listing pages")
        print(f"first crawl:  {len(hits_first)} requests, "
              f"{sum(1 for h in hits_first if h.body_bytes)} bodies, "
              f"{sum(h.body_bytes for h in hits_first)} body bytes, {t1 - t0:.2f} s")
        print(f"refresh crawl: {len(hits)} requests ({len(pages)} pages + {len(robots)} robots.txt), "
              f"statuses {sorted({h.status for h in pages})}")
        print(f"  page bodies moved: {sum(1 for h in pages if h.body_bytes)} "
              f"({sum(h.body_bytes for h in pages)} bytes); robots.txt bodies: "
              f"{sum(1 for h in robots if h.body_bytes)} ({sum(h.body_bytes for h in robots)} bytes)")
        print(f"  client: unchanged {len(second.unchanged)}, changed {len(second.changed)}, "
              f"fetched {len(second.fetched)}, body bytes received {second.bytes_received}, "
              f"{t2 - t1:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
