"""`ogp-analysis fetch`: crawl a member's listing and commitment pages into the raw store."""

from __future__ import annotations

import sys

from ogp_analysis.errors import OGPAnalysisError

# Failures listed in full up to this many; beyond it the count and the first ones.
_MAX_LISTED = 50


def register(sub) -> None:
    """Add the `fetch` subcommand."""
    p = sub.add_parser(
        "fetch",
        help="fetch a member's listing and commitment pages (polite, resumable, with provenance)",
        description="Fetch the member's listing page(s), then every commitment page, into "
                    "data/raw/pages/<member>/. A rerun fetches only what is missing; --refresh "
                    "re-checks stored pages with conditional requests. Exit 1 when any page "
                    "failed or robots.txt disallowed it.",
    )
    p.add_argument("--member", required=True, help="member slug, e.g. united-kingdom")
    p.add_argument("--ids", help="comma-separated commitment IDs (skips the listing), e.g. UK0075,UK0090")
    p.add_argument("--base-url", default=None,
                   help="site to fetch from (default https://www.opengovpartnership.org); "
                        "the only host ever requested")
    p.add_argument("--raw-dir", default=None, help="raw pages folder (default data/raw/pages/)")
    p.add_argument("--rpm", type=float, default=None,
                   help="requests per minute (default 60; robots.txt Crawl-delay can lower it)")
    p.add_argument("--refresh", action="store_true",
                   help="re-check stored pages (If-None-Match / If-Modified-Since)")
    p.add_argument("--timeout", type=float, default=None, help="seconds per request (default 30)")
    p.add_argument("--retries", type=int, default=None,
                   help="retries on connection errors, timeouts, 429 and 5xx (default 3)")
    p.add_argument("--contact", default=None,
                   help="URL or e-mail for the User-Agent (default $OGP_ANALYSIS_CONTACT)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _ids(text: str | None) -> list[str] | None:
    from ogp_analysis.keys import normalise_commitment_id

    if text is None:
        return None
    parts = [t for t in (s.strip() for s in text.split(",")) if t]
    if not parts:
        raise OGPAnalysisError("--ids is empty; give e.g. --ids UK0075,UK0090")
    return [normalise_commitment_id(t) for t in parts]


def _print_summary(summary, out=None) -> None:
    out = out or sys.stdout
    def listed(title: str, rows: list[str]) -> None:
        if not rows:
            return
        print(f"{title}:", file=out)
        for row in rows[:_MAX_LISTED]:
            print(f"  {row}", file=out)
        if len(rows) > _MAX_LISTED:
            print(f"  ... and {len(rows) - _MAX_LISTED} more", file=out)

    print(f"fetch {summary.member}: {len(summary.commitment_ids)} commitments wanted", file=out)
    print(f"  fetched (new):            {len(summary.fetched)}", file=out)
    print(f"  fetched (changed, new version kept beside the old): {len(summary.changed)}", file=out)
    print(f"  unchanged (re-checked):   {len(summary.unchanged)}", file=out)
    print(f"  skipped (already stored): {len(summary.skipped)}", file=out)
    print(f"  failed:                   {len(summary.failed)}", file=out)
    print(f"  retried (429/5xx, timeouts): {len(summary.retried)}", file=out)
    print(f"  robots.txt disallowed:    {len(summary.disallowed)}", file=out)
    print(f"  requests sent: {summary.requests} (robots.txt included, retries not); "
          f"body bytes received: {summary.bytes_received}", file=out)
    listed("failed", [f"{url}: {reason}" for url, reason in summary.failed])
    listed("retried", [f"{url}: {what}" for url, what in summary.retried])
    listed("changed on the site (the new version kept beside the old)", summary.changed)
    listed("disallowed by robots.txt", summary.disallowed)
    listed("raw store problems (ignored, refetched if needed)", summary.store_problems)


def run(args) -> int:
    """Crawl, print the summary; exit 1 when any page failed or robots.txt disallowed it."""
    from tqdm.contrib.logging import logging_redirect_tqdm

    from ogp_analysis.fetch import crawl
    from ogp_analysis.keys import check_member_slug
    from ogp_analysis.storage import check_folder_path

    member = check_member_slug(args.member)
    if args.raw_dir is not None:
        check_folder_path(args.raw_dir, "--raw-dir")
    # Warnings logged during the crawl go through tqdm so they do not break the progress bar.
    with logging_redirect_tqdm():
        summary = crawl(
            member, ids=_ids(args.ids), base_url=args.base_url, raw_dir=args.raw_dir,
            rpm=args.rpm, refresh=args.refresh, timeout=args.timeout, retries=args.retries,
            contact=args.contact, progress=not args.no_progress,
        )
    _print_summary(summary)
    return 0 if summary.ok else 1
