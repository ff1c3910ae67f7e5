"""`ogp-analysis export`: the processed tables as one Excel workbook (a data-dictionary sheet first)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub) -> None:
    """Add the `export` subcommand."""
    p = sub.add_parser(
        "export",
        help="write the processed tables into one Excel workbook",
        description="Write every processed table into one workbook: a first sheet with the data "
        "dictionary and the data snapshot, then one sheet per table. Text stays text (never a "
        "formula); a missing value is an empty cell and the codes NA, ND and NR stay text. An "
        "existing FILE is replaced only if this command wrote it.",
    )
    p.add_argument("--format", choices=("xlsx",), default="xlsx", help="xlsx (default)")
    p.add_argument("--out", required=True, metavar="FILE", help="the workbook to write (.xlsx)")
    p.add_argument("--data", default=None, help="processed tables folder (default data/processed/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the workbook and say what it holds."""
    from ogp_analysis import load_tables
    from ogp_analysis.export import READ_BACK, check_target, write_workbook

    out = Path(args.out)
    check_target(out)  # before the tables are loaded: a refused FILE costs nothing
    done = write_workbook(load_tables(args.data), out, args.data)
    print(f"wrote {done['tables']} tables ({done['rows']:,} rows) to {out}, data snapshot "
          f"{done['snapshot']} (built {done['built_at']})")
    if done["replaced_characters"]:
        print(f"note: {done['replaced_characters']} values held control characters an .xlsx cannot "
              "hold; they are shown as \ufffd (the CSV and Parquet copies keep them)")
    print(f"read it back with: {READ_BACK.replace('FILE', repr(str(out)))}")
    return 0
