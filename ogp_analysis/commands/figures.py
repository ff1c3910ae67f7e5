"""`ogp-analysis figures`: print any analysis figure as a table, CSV (feeds `check`) or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from ogp_analysis.analysis.registry import figure_names

FIGURE_NAMES = figure_names()


def figure_list() -> str:
    """Every figure with what it holds, one line each (from the figure registry)."""
    from ogp_analysis.analysis.registry import FIGURES, SUMMARIES

    # A figure without its line yet shows its title (a test asks every figure for its line).
    width = max(map(len, FIGURE_NAMES)) + 2
    return "figures:\n" + "\n".join(f"  {n:<{width}}{SUMMARIES.get(n, FIGURES[n].title)}"
                                      for n in FIGURE_NAMES)


def register(sub) -> None:
    """Add the `figures` subcommand."""
    p = sub.add_parser(
        "figures",
        help="print a figure (at-a-glance, completion, ...) from the processed tables",
        description="Print a figure computed from the processed tables. Every count comes with "
        "the commitment IDs behind it.",
        epilog=figure_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", metavar="NAME", help="the figure (listed below)")
    p.add_argument("--member", help="member slug or OGP name (cross-member: optional filter)")
    p.add_argument("--cycle", type=int, help="action plan start year")
    p.add_argument("--assessor", default=None,
                   help="whose assessment: irm (default), government, civil_society or joint")
    p.add_argument("--indicator", help="cross-member: the indicator to compare (default completion)")
    p.add_argument("--vocabulary", help="policy-areas: ogp_page, ogp_listing or irm_data_release")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--data", default=None, help="processed tables folder (default data/processed/)")
    p.set_defaults(func=run)


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
    # A parameter not given is left to the figure function's own default (as from Python).
    params = {"member": args.member, "cycle": args.cycle, "assessor": args.assessor,
              "indicator": args.indicator, "vocabulary": args.vocabulary}
    return figure(args.name, tables, **params), tables


def _distinct(frame, column: str) -> list[str]:
    values = frame[column].dropna().astype(str) if column in frame else []
    return [v for v in dict.fromkeys(values) if v]


def header(name: str, frame) -> str:
    """What the table holds: the figure's title, then the members, plans, assessors and indicator it covers.

    'Members side by side (cross-member): completion; 75 members, 214 plans; assessor irm'.
    """
    from ogp_analysis.analysis.registry import FIGURES

    members, indicators = _distinct(frame, "member"), _distinct(frame, "indicator")
    parts = [" ".join(indicators)] if len(indicators) == 1 else []
    scope = members[0] if len(members) == 1 else f"{len(members)} members" if members else ""
    if "cycle" in frame:
        plans = frame.drop_duplicates([c for c in ("member", "cycle") if c in frame])["cycle"].dropna()
        scope += (f" {plans.iloc[0]}" if len(members) == 1 and len(plans) == 1
                  else f", {len(plans)} plans" if len(plans) > 1 else "")
    assessors = _distinct(frame, "assessor")
    who = (f"assessor{'s' if len(assessors) > 1 else ''} {', '.join(assessors)}" if assessors else "")
    parts += [p.strip(", ") for p in (scope, who) if p]
    return f"{FIGURES[name].title} ({name}): " + "; ".join(parts)


def csv_text(frame) -> str:
    """A figure frame as `--format csv` writes it: `CSV_COLUMNS`, the IDs space-separated, NA as `NA`.

    The format `check --published` reads (its first six columns).
    """
    from ogp_analysis.analysis import CSV_COLUMNS
    from ogp_analysis.analysis.frames import text_cells
    from ogp_analysis.spreadsheet import neutralise_frame

    csv = text_cells(frame.reindex(columns=list(CSV_COLUMNS)))
    csv["value"] = csv["value"].map(format_value)
    return neutralise_frame(csv).to_csv(index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    """Print the figure as a table, CSV or JSON."""
    from ogp_analysis.analysis.frames import text_cells

    frame, _ = compute(args)
    out = sys.stdout
    if args.format == "csv":
        out.write(csv_text(frame))
    elif args.format == "json":
        out.write(frame.to_json(orient="records", indent=1, default_handler=str) + "\n")
    else:
        if frame.empty:
            out.write(f"{args.name}: no rows\n")
            return 0
        shown = text_cells(frame)
        shown["value"] = shown["value"].map(format_value)
        cols = [c for c in ("member", "cycle", "assessor", "moment", "field", "value", "label", "kind",
                            "commitment_ids")
                if c in shown and shown[c].notna().any()
                and shown[c].astype(str).nunique() > (1 if c in ("member", "assessor") else 0)]
        # A share shows its counts beside it (numerator of denominator).
        cols[cols.index("value") + 1:cols.index("value") + 1] = [
            c for c in ("numerator", "denominator", "share") if c in shown and shown[c].notna().any()]
        out.write(header(args.name, frame) + "\n")
        out.write(shown[cols].to_string(index=False, max_colwidth=70) + "\n")
        out.write("\nBasis:\n")
        for basis in dict.fromkeys(shown["basis"].dropna()):
            out.write(f"  - {basis}\n")
        out.write(json.dumps({"rows": int(len(shown))})
                  + "  (long ID lists are cut at 70 characters here; --format csv or json gives all)\n")
    return 0
