"""`ogp-analysis process extract FILE...`: read meeting notes or read-outs and print meeting-records CSV rows for review."""

from __future__ import annotations

import sys
from pathlib import Path

from ogp_analysis.commands import check_text, read_input
from ogp_analysis.errors import OGPAnalysisError


def register(sub) -> None:
    """Add the `process` subcommand (and its `extract` action)."""
    p = sub.add_parser(
        "process",
        help="the co-creation process: extract meeting records from notes for review",
        description="Work with the co-creation process data (meeting records).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = actions.add_parser(
        "extract",
        help="read meeting notes / read-outs (text or HTML) and print meeting-records CSV rows",
        description="Read meeting notes or read-outs (text or HTML) and print one meeting-records "
        "CSV row per file (the format of data/raw/README.md) for a person to review; what to "
        "check is printed on stderr and kept in the row's `note`. Save the reviewed rows under "
        "data/raw/process/ and run `ogp-analysis build`.",
    )
    e.add_argument("files", nargs="+", metavar="FILE", help="meeting note(s) or read-out(s)")
    e.add_argument("--member", default=None,
                   help="the member the meetings belong to (default: the member the record "
                   "names, among the OGP members the toolkit knows and those of your build; "
                   "when the record does not say, you are asked for --member)")
    e.add_argument("--url", help="where the note is published (its source_url and record_url); "
                   "default: the file's file:// URI as source_url, record_url blank")
    e.add_argument("--data", default=None, help="processed tables folder, for the member's "
                   "commitments (default data/processed/; the bundled commitments when not built)")
    e.set_defaults(func=run)


def _commitments(data):
    """The member commitments to match topics against: the built tables, else the bundled list."""
    import pandas as pd

    from ogp_analysis.errors import NotFoundError
    from ogp_analysis.paths import Paths
    from ogp_analysis.storage import load_tables

    try:
        return load_tables(data)["commitments"][["commitment_id", "member", "cycle", "title"]]
    except NotFoundError:
        if data:
            raise
        bundled = Paths.default().bundled / "commitments.csv"
        print(f"note: no built tables; matching commitments against {bundled}", file=sys.stderr)
        return pd.read_csv(bundled, dtype=str, keep_default_na=False)


def run(args) -> int:
    """Extract every file and print the rows as CSV on stdout."""
    from ogp_analysis.keys import check_member_slug
    from ogp_analysis.meeting_records import rows_to_csv
    from ogp_analysis.parse.meeting_notes import extract_meeting

    if args.url and len(args.files) > 1:
        raise OGPAnalysisError("--url names one note: give one FILE with it")
    member = check_member_slug(args.member) if args.member else None
    # Every file is read (and refused when it is not text) before anything is printed.
    bodies = [check_text(read_input(name), name) for name in args.files]
    commitments = _commitments(args.data)
    rows = []
    for name, body in zip(args.files, bodies, strict=True):
        path = Path(name)
        got = extract_meeting(body, member=member, commitments=commitments,
                              source_url=args.url or path.resolve().as_uri())
        if args.url:
            got.row["record_url"] = args.url
        for problem in got.problems:
            print(f"{name}: check: {problem}", file=sys.stderr)
        rows.append(got.row)
    sys.stdout.write(rows_to_csv(rows))
    return 0
