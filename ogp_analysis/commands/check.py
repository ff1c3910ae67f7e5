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


def check_text_csv(path: Path) -> None:
    """Refuse a --published file that is not UTF-8 text before it is read as CSV.

    Raises:
        OGPAnalysisError: one line naming the file and what to give instead.
    """
    from ogp_analysis.analysis.check import COLUMNS
    from ogp_analysis.errors import OGPAnalysisError

    if not path.is_file():
        return  # read_published names a missing file
    body = path.read_bytes()
    if b"\x00" in body[:4000]:
        raise OGPAnalysisError(f"{path}: a binary file, not a CSV: give a UTF-8 CSV with the "
                               f"columns {','.join(COLUMNS)}")
    try:
        body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OGPAnalysisError(f"{path}: not a UTF-8 text CSV (byte {exc.start}): save it as "
                               f"CSV UTF-8 with the columns {','.join(COLUMNS)}") from None


def run(args: argparse.Namespace) -> int:
    """Print every match and mismatch; exit 1 on any mismatch or uncheckable row."""
    from ogp_analysis import load_tables
    from ogp_analysis.analysis.check import check_rows, read_published

    check_text_csv(Path(args.published))
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
