"""`ogp-analysis diff`: what changed per commitment between two build snapshots."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> None:
    """Add the `diff` subcommand."""
    p = sub.add_parser(
        "diff",
        help="list what changed per commitment between two build snapshots (default: the last two)",
        description="Compare two snapshots that `ogp-analysis build` kept (names in the snapshots "
        "folder, or paths to tables folders; default the last two): new and removed "
        "commitments, and every changed status, completion, star, did-it-open-government, policy "
        "area, assessment value and progress update, with both values and both sources. Changes "
        "of provenance only (capture time, source id) are not listed.",
    )
    p.add_argument("snapshots_", nargs="*", metavar="SNAPSHOT",
                   help="OLD and NEW (a snapshot name or a folder); one: compared with the newest")
    p.add_argument("--snapshots", type=Path, default=None,
                   help="the snapshots folder (default data/snapshots/)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compare two snapshots and print what changed per commitment."""
    from ogp_analysis.paths import Paths
    from ogp_analysis.snapshots import diff_refs

    folder = args.snapshots or Paths.default().snapshots
    old, new, changes = diff_refs(args.snapshots_, folder)
    out = sys.stdout
    if args.format == "csv":
        from ogp_analysis.spreadsheet import neutralise_frame

        neutralise_frame(changes).to_csv(out, index=False, lineterminator="\n")
    elif args.format == "json":
        out.write(changes.to_json(orient="records", indent=1) + "\n")
    else:
        out.write(f"diff {old.name} -> {new.name}: {len(changes)} change(s) in "
                  f"{changes['commitment_id'].nunique()} commitment(s)\n")
        for cid, rows in changes.groupby("commitment_id", sort=False):
            out.write(f"\n{cid}\n")
            for r in rows.itertuples():
                if r.change != "changed":
                    out.write(f"  {r.change} (source: {r.new_source or r.old_source})\n")
                    continue
                out.write(f"  {r.table}.{r.field}: {r.old_value!r} -> {r.new_value!r}\n"
                          f"      old source: {r.old_source}\n      new source: {r.new_source}\n")
    return 0
