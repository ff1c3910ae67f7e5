"""`ogp-analysis figures`: print any analysis figure as a table, CSV (feeds `check`) or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from ogp_analysis.analysis.registry import figure_names

FIGURE_NAMES = figure_names()


def register(sub) -> None:
    """Add the `figures` subcommand."""
    p = sub.add_parser(
        "figures",
        help="print a figure (at-a-glance, completion, ...) from the processed tables",
        description="Print a figure computed from the processed tables. Every count comes with "
        "the commitment IDs behind it. Figures: " + ", ".join(FIGURE_NAMES) + ".",
    )
    p.add_argument("name", metavar="NAME", help="figure: " + ", ".join(FIGURE_NAMES))
    p.add_argument("--member", help="member slug or OGP name (cross-member: optional filter)")
    p.add_argument("--cycle", type=int, help="action plan start year")
    p.add_argument("--assessor", default=None,
                   help="whose assessment: irm (default), government, civil_society or joint")
    p.add_argument("--indicator", help="cross-member: the indicator to compare (default completion)")
    p.add_argument("--vocabulary", help="policy-areas: ogp_page, ogp_listing or irm_data_release")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--data", default=None, help="processed tables folder (default data/processed/)")
    p.set_defaults(func=run)


def join_ids(ids) -> str:
    """Commitment IDs as one space-separated cell."""
    return " ".join(ids) if isinstance(ids, list | tuple) else ("" if ids is None else str(ids))


def format_value(v) -> str:
    """A value for the terminal: NA for any missing value."""
    import pandas as pd

    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return "NA"
    return str(v)


def compute(args) -> tuple:
    """Load the tables and compute the figure the arguments name."""
    from ogp_analysis import load_tables
    from ogp_analysis.analysis import FIGURES, figure
    from ogp_analysis.errors import NotFoundError

    if args.name not in FIGURES:
        raise NotFoundError(f"unknown figure {args.name!r}; figures: {', '.join(FIGURES)}")
    tables = load_tables(args.data)
    params = {"member": args.member, "cycle": args.cycle}
    if args.name == "cross-member":
        params["indicator"] = args.indicator or "completion"
    elif args.indicator:
        params["indicator"] = args.indicator
    if args.assessor is not None or args.name in ("at-a-glance", "ambition-completion", "cross-cycle",
                                                  "cross-member"):
        params["assessor"] = args.assessor or "irm"
    if args.vocabulary:
        params["vocabulary"] = args.vocabulary
    return figure(args.name, tables, **params), tables


def run(args: argparse.Namespace) -> int:
    """Print the figure as a table, CSV or JSON."""
    from ogp_analysis.analysis import CSV_COLUMNS
    from ogp_analysis.spreadsheet import neutralise_frame

    frame, _ = compute(args)
    out = sys.stdout
    if args.format == "csv":
        csv = frame.reindex(columns=list(CSV_COLUMNS)).copy()
        csv["commitment_ids"] = csv["commitment_ids"].map(join_ids)
        csv["value"] = csv["value"].map(format_value)
        neutralise_frame(csv).to_csv(out, index=False, lineterminator="\n")
    elif args.format == "json":
        out.write(frame.to_json(orient="records", indent=1, default_handler=str) + "\n")
    else:
        if frame.empty:
            out.write(f"{args.name}: no rows\n")
            return 0
        shown = frame.copy()
        shown["value"] = shown["value"].map(format_value)
        shown["commitment_ids"] = shown["commitment_ids"].map(join_ids)
        cols = [c for c in ("member", "cycle", "assessor", "field", "value", "commitment_ids")
                if c in shown and shown[c].astype(str).nunique() > (1 if c in ("member", "assessor") else 0)]
        # A share shows its counts beside it (milestone-completion: completed of with_status).
        cols[cols.index("value") + 1:cols.index("value") + 1] = [
            c for c in ("completed", "with_status") if c in shown]
        head = shown.iloc[0]
        out.write(f"{args.name}: {head['member']}"
                  + (f" {head['cycle']}" if args.cycle else "")
                  + (f", assessor {head['assessor']}" if head.get("assessor") else "") + "\n")
        out.write(shown[cols].to_string(index=False, max_colwidth=70) + "\n")
        out.write("\nBasis:\n")
        for basis in dict.fromkeys(shown["basis"].dropna()):
            out.write(f"  - {basis}\n")
        out.write(json.dumps({"rows": int(len(shown))})
                  + "  (long ID lists are cut at 70 characters here; --format csv or json gives all)\n")
    return 0
