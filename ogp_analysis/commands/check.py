"""`ogp-analysis check`: compare published figures (a CSV a researcher types in) with the computed ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> None:
    """Add the `check` subcommand."""
    p = sub.add_parser(
        "check",
        help="compare published figures with the computed ones",
        description="Compare a CSV of published figures (columns member,cycle,assessor,figure,field,"
        "value) with the figures computed from the processed tables. Prints each match and each "
        "mismatch with the commitments behind the computed number; exits 1 on any mismatch or "
        "any row it cannot interpret.",
    )
    p.add_argument("--published", required=True, help="CSV: member,cycle,assessor,figure,field,value")
    p.add_argument("--data", default=None, help="processed tables folder (default data/processed/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every match and mismatch; exit 1 on any mismatch or uncheckable row."""
    from ogp_analysis import load_tables
    from ogp_analysis.analysis.check import check_rows, read_published

    rows = read_published(Path(args.published))
    counts = {"match": 0, "mismatch": 0, "error": 0}
    labels = {"match": "MATCH", "mismatch": "MISMATCH", "error": "CANNOT CHECK"}
    for row, status, message in check_rows(load_tables(args.data), rows):
        counts[status] += 1
        sys.stdout.write(f"{labels[status]} row {row['line']}: {message}\n")
    sys.stdout.write(f"{len(rows)} rows: {counts['match']} match, {counts['mismatch']} mismatch, "
                     f"{counts['error']} cannot be checked\n")
    if not rows:
        sys.stdout.write("no published rows to check\n")
        return 1
    return 0 if counts["mismatch"] == 0 and counts["error"] == 0 else 1
