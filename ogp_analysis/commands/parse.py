"""`ogp-analysis parse FILE...`: print what a saved page says, as one JSON document per file."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from ogp_analysis.commands import check_timestamp, read_input
from ogp_analysis.errors import OGPAnalysisError, check_number


def register(sub) -> None:
    """Add the `parse` subcommand."""
    p = sub.add_parser(
        "parse",
        help="parse saved OGP pages (HTML or text) and print one JSON document per file",
        description="Parse saved OGP commitment/listing pages (HTML or their text rendering). "
        "Prints one JSON document per file, one per line: source, commitments, assessments, "
        "commitment_policy_areas, commitment_ogp_values, commitment_institutions, "
        "commitment_milestones, action_plan_names, listing, data_quality.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="saved page(s)")
    p.add_argument("--kind", choices=("auto", "listing", "commitment"), default="auto",
                   help="what the page is (auto: every part found; default)")
    p.add_argument("--url", help="the page's URL (member and ID are read from it); default: the "
                   "file's file:// URI, member and ID from the page heading")
    p.add_argument("--retrieved-at", help="when the page was fetched (ISO 8601, UTC)")
    p.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")
    p.set_defaults(func=run)


def run(args) -> int:
    """Parse each file and print one JSON document per file."""
    from ogp_analysis.parse import parse_document

    # The OGP year span ends at this year + 2 (rules.year_problem): the clock read at the edge.
    build_year = datetime.now(UTC).year
    if args.url and len(args.files) > 1:
        raise OGPAnalysisError("--url names one page: give one FILE with it")
    if args.retrieved_at is not None:
        check_timestamp(args.retrieved_at, "--retrieved-at")
    check_number(args.indent, "--indent", minimum=0, maximum=16, unit=" spaces")
    for name in args.files:
        path = Path(name)
        body = read_input(name)
        url = args.url or path.resolve().as_uri()
        rec = parse_document(body, url, args.kind, retrieved_at=args.retrieved_at,
                             sha256=hashlib.sha256(body).hexdigest(), raw_path=str(path),
                             build_year=build_year)
        print(json.dumps(rec.to_dict(), ensure_ascii=False, indent=args.indent), file=sys.stdout)
    return 0
