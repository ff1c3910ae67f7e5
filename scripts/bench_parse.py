"""Parse speed: HTML commitment pages per second, one process, over a few hundred pages.

The pages are the committed test pages (tests/pages/*.html, both templates, every layout
quirk), each varied per round (a different commitment ID in URL and heading, padded with a
description of realistic length and site chrome), so no result is cached between rounds.

Run: .venv/bin/python scripts/bench_parse.py [--pages 400]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from tqdm import tqdm

from ogp_analysis.parse import parse_document

PAGES = Path(__file__).resolve().parent.parent / "tests" / "pages"
BASE = "https://www.opengovpartnership.org/members/united-kingdom/commitments"
# Real pages carry navigation, footer and a long description; the test pages are bare.
CHROME = "<nav>" + "".join(f'<a href="/p{i}/">Menu item {i}</a>' for i in range(120)) + "</nav>"
DESCRIPTION = "<p>" + " ".join(["The commitment will publish data openly and consult civil society."] * 60) + "</p>"


def build_pages(n: int) -> list[tuple[str, str]]:
    """n (url, html) pairs from the test pages, each with its own commitment ID."""
    sources = sorted(PAGES.glob("*.html"))
    if not sources:
        raise SystemExit(f"no pages in {PAGES}: run scripts/make_test_pages.py")
    out = []
    for i in range(n):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        cid = f"UK{1000 + i:04d}"
        text = re.sub(r"\(UK\d{4}\)", f"({cid})", text)
        text = text.replace("<body>", f"<body>{CHROME}", 1).replace(
            "<p>Commitment description as printed on the page.</p>", DESCRIPTION, 1)
        out.append((f"{BASE}/{cid}/", text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=400, help="how many pages to parse")
    args = ap.parse_args(argv)
    pages = build_pages(args.pages)
    size = sum(len(h) for _, h in pages) / len(pages)
    parse_document(pages[0][1], pages[0][0])  # warm-up: imports and the crosswalk load are not parse time
    start = time.perf_counter()
    rows = 0
    for url, html in tqdm(pages, desc="parsing", unit="page"):
        rec = parse_document(html, url)
        rows += sum(len(v) for v in rec.parts.values())
    seconds = time.perf_counter() - start
    print(f"{len(pages)} HTML pages (mean {size / 1024:.1f} KiB), {rows} rows, "
          f"{seconds:.2f} s total, {len(pages) / seconds:.0f} pages/second (one process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
