"""`ogp-analysis build`: bundled data, raw pages and IRM data release files -> the processed tables."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from ogp_analysis.metadata.rules import STRICT_PROBLEMS


def register(sub) -> None:
    p = sub.add_parser(
        "build",
        help="build the processed tables from the bundled data, raw pages and IRM data releases",
        description="Read the bundled UK dataset (unless --no-bundled), the latest capture of "
        "every page in --raw-dir and every --irm-data file; merge them into the tables of the "
        "data model, validate them and write Parquet + CSV + manifest.json atomically.",
    )
    p.add_argument("--raw-dir", type=Path, default=None,
                   help="raw pages fetched by `ogp-analysis fetch` (default data/raw/pages/)")
    p.add_argument("--irm-data", action="append", default=[], metavar="CSV_OR_URL",
                   help="an IRM data release CSV export, a path or URL (repeatable)")
    p.add_argument("--no-bundled", action="store_true", help="leave out the bundled UK dataset")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1, nothing written) on any data-quality problem of the kinds: "
                   + ", ".join(STRICT_PROBLEMS))
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default data/processed/)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ogp_analysis.ingest import read_bundled, read_release
    from ogp_analysis.normalise import build_tables
    from ogp_analysis.paths import Paths
    from ogp_analysis.storage import check_folder_path, write_tables

    paths = Paths.default()
    raw_dir = args.raw_dir or paths.pages
    out_dir = check_folder_path(args.out or paths.processed, "--out")
    # The year span's upper end: the build's own year (the clock is read here, at the edge).
    build_year = datetime.now(UTC).year
    records = []
    inputs: dict = {"bundled": None, "raw_dir": str(raw_dir), "pages": 0, "irm_data": []}
    if not args.no_bundled:
        records += read_bundled(paths.bundled)
        inputs["bundled"] = str(paths.bundled)
    if raw_dir.is_dir() and any(raw_dir.iterdir()):
        from ogp_analysis.ingest.pages import read_pages

        pages = read_pages(raw_dir, paths.root, build_year=build_year)
        inputs["pages"] = sum(1 for r in pages if not r.source.get("superseded_by"))
        records += pages
    else:
        print(f"raw pages: {raw_dir} is missing or empty: no fetched pages in this build")
    for item in args.irm_data:
        rel = read_release(item, progress=True, build_year=build_year)
        records += rel
        inputs["irm_data"].append({"source": item, "rows": len(rel) - 1,
                                   "sha256": rel[0].source["sha256"]})
    if not records:
        from ogp_analysis.errors import OGPAnalysisError

        raise OGPAnalysisError("nothing to build: --no-bundled, no raw pages and no --irm-data")

    tables, summary = build_tables(records)
    _print_summary(summary)
    dq = tables["data_quality"]
    bad = dq[dq["problem"].isin(STRICT_PROBLEMS)]
    if args.strict and len(bad):
        print(f"\n--strict: {len(bad)} problem(s) of the kinds --strict refuses; nothing written:",
              file=sys.stderr)
        # Nullable columns hold pd.NA, which has no truth value: blank them for printing.
        for r in bad.astype(object).where(bad.notna(), None).itertuples():
            print(f"  {r.problem}: {r.commitment_id or '-'} {r.field or ''} "
                  f"{r.value_printed!r}: {r.detail} [{r.source_url}]", file=sys.stderr)
        return 1
    out = write_tables(tables, out_dir, extra_manifest={"inputs": inputs,
                                                         "summary": summary.as_dict()})
    print(f"\nwrote {len(tables)} tables to {out}")
    return 0


def _print_summary(summary) -> None:
    print("rows per table:")
    for name, n in summary.rows.items():
        print(f"  {name:<26} {n:>8}")
    print(f"sources: {summary.sources}")
    if summary.problems:
        print("problems (data_quality) by kind and severity:")
        for (problem, severity), n in sorted(summary.problems.items(),
                                             key=lambda kv: (-kv[1], kv[0])):
            print(f"  {problem:<26} {severity:<8} {n:>8}")
