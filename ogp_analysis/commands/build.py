"""`ogp-analysis build`: bundled data, raw pages and IRM data release files -> the processed tables."""

from __future__ import annotations

import sys
from pathlib import Path

from ogp_analysis.metadata.rules import STRICT_PROBLEMS


def register(sub) -> None:
    """Add the `build` subcommand."""
    p = sub.add_parser(
        "build",
        help="build the processed tables from the bundled data, raw pages and IRM data releases",
        description="Read the bundled UK dataset (unless --no-bundled), the latest capture of "
        "every page in --raw-dir, every progress file in data/raw/progress/ and every --irm-data "
        "file; merge them into the tables of the data model, validate them and write Parquet + "
        "CSV + manifest.json atomically.",
    )
    p.add_argument("--raw-dir", type=Path, default=None,
                   help="raw pages fetched by `ogp-analysis fetch` (default data/raw/pages/)")
    p.add_argument("--irm-data", action="append", default=[], metavar="CSV_OR_URL",
                   help="an IRM data release CSV export, a path or URL (repeatable); a URL is "
                   "downloaded into data/raw/releases/<sha256>.csv with a provenance sidecar")
    p.add_argument("--allow-redirect-host", action="append", default=[], metavar="HOST",
                   help="a host an --irm-data URL may redirect to (repeatable; default: none)")
    p.add_argument("--no-bundled", action="store_true", help="leave out the bundled UK dataset")
    p.add_argument("--allow-empty", action="store_true",
                   help="accept an --irm-data file with a header and no rows (refused by default)")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1, nothing written) on any data-quality problem of the kinds: "
                   + ", ".join(STRICT_PROBLEMS))
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default data/processed/): new, empty, or one an earlier "
                   "build wrote and nobody added to (anything else is refused, nothing touched)")
    p.add_argument("--keep", type=int, default=10, metavar="N",
                   help="snapshots of past builds to keep (default 10) in data/snapshots/, or "
                   "beside --out as <out>-snapshots/")
    p.set_defaults(func=run)


def run(args) -> int:
    """Build, print the summary; exit 1 under --strict when a fatal problem was found."""
    from ogp_analysis.pipeline import build, print_summary

    if args.raw_dir is not None and args.raw_dir.exists() and not args.raw_dir.is_dir():
        from ogp_analysis.errors import OGPAnalysisError

        raise OGPAnalysisError(f"--raw-dir {args.raw_dir} is a file, not a folder: give the "
                               "folder `ogp-analysis fetch --raw-dir` wrote")
    result = build(raw_dir=args.raw_dir, irm_data=args.irm_data, bundled=not args.no_bundled,
                   out=args.out, strict=args.strict, redirect_hosts=args.allow_redirect_host,
                   keep=args.keep, allow_empty=args.allow_empty)
    for note in result.notes:
        print(note)
    print_summary(result)
    if result.written is None:
        bad = result.strict_problems
        print(f"\n--strict: {len(bad)} problem(s) of the kinds {', '.join(STRICT_PROBLEMS)}; "
              "nothing written:", file=sys.stderr)
        # Nullable columns hold pd.NA, which has no truth value: blank them for printing.
        for r in bad.astype(object).where(bad.notna(), None).itertuples():
            print(f"  {r.problem}: {r.commitment_id or '-'} {r.field or ''} "
                  f"{r.value_printed!r}: {r.detail} [{r.source_url}]", file=sys.stderr)
        return 1
    print(f"\nwrote {len(result.tables)} tables to {result.written}")
    if result.snapshot is not None:
        print(f"snapshot kept: {result.snapshot} (`ogp-analysis diff` compares the last two)")
    return 0
