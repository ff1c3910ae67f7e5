"""`ogp-analysis build`: bundled data, raw pages and IRM data release files -> the processed tables."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
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
                   help="an IRM data release CSV export, a path or URL (repeatable)")
    p.add_argument("--no-bundled", action="store_true", help="leave out the bundled UK dataset")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1, nothing written) on any unknown label, value or column")
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default data/processed/)")
    p.add_argument("--keep", type=int, default=10, metavar="N",
                   help="snapshots of past builds to keep in data/snapshots/ (default 10)")
    p.set_defaults(func=run)


def _pages(raw_dir: Path) -> list:
    """Records of the latest capture of every page in raw_dir, older captures as sources only."""
    from tqdm import tqdm

    from ogp_analysis.fetch.store import latest_captures
    from ogp_analysis.parse import parse_listing
    from ogp_analysis.parse.commitment import parse_commitment
    from ogp_analysis.paths import project_root
    from ogp_analysis.records import Records, source_id

    root = project_root()

    def rel(path) -> str:
        path = Path(path).resolve()
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    captures = latest_captures(raw_dir)
    out = []
    for cap in tqdm(captures, desc="parsing pages", unit="page", file=sys.stderr,
                    disable=not captures):
        meta = cap.meta
        url = meta.get("final_url") or meta["url"]
        raw_path = rel(cap.html_path)
        html = Path(cap.html_path).read_bytes()
        kw = dict(retrieved_at=meta.get("fetched_at"), origin="pages", sha256=meta.get("sha256"),
                  raw_path=raw_path)
        if cap.kind == "listing":
            rec = parse_listing(html, url, **kw)
        else:
            rec = parse_commitment(html, url, **kw)
        out.append(rec)
        for old in cap.older:
            m = old.meta
            out.append(Records({
                "source_id": source_id(m.get("final_url") or m["url"], m.get("fetched_at"),
                                       m.get("sha256")),
                "source_type": rec.source["source_type"], "origin": "pages",
                "source_url": m.get("final_url") or m["url"], "retrieved_at": m.get("fetched_at"),
                "sha256": m.get("sha256"), "raw_path": rel(old.html_path),
                "superseded_by": rec.source["source_id"]}))
    return out


def run(args) -> int:
    from ogp_analysis.ingest import read_bundled, read_release
    from ogp_analysis.ingest.progress import read_bundled_progress, read_progress_inputs
    from ogp_analysis.normalise import STRICT_PROBLEMS, build_tables
    from ogp_analysis.paths import Paths
    from ogp_analysis.storage import write_tables

    paths = Paths.default()
    if args.keep < 1:
        from ogp_analysis.errors import OGPAnalysisError

        raise OGPAnalysisError(f"--keep must be at least 1 (got {args.keep})")
    raw_dir = args.raw_dir or paths.pages
    records = []
    inputs: dict = {"bundled": None, "raw_dir": str(raw_dir), "pages": 0, "irm_data": []}
    if not args.no_bundled:
        records += read_bundled(paths.bundled)
        records += read_bundled_progress(paths.bundled, root=paths.root)
        inputs["bundled"] = str(paths.bundled)
    progress = read_progress_inputs(paths)
    inputs["progress_files"] = [r.source["source_url"] for r in progress]
    records += progress
    if raw_dir.is_dir() and any(raw_dir.iterdir()):
        pages = _pages(raw_dir)
        inputs["pages"] = sum(1 for r in pages if not r.source.get("superseded_by"))
        records += pages
    else:
        print(f"raw pages: {raw_dir} is missing or empty: no fetched pages in this build")
    for item in args.irm_data:
        rel = read_release(item, progress=True)
        records += rel
        inputs["irm_data"].append({"source": item, "rows": len(rel) - 1,
                                   "sha256": rel[0].source["sha256"]})
    if not records:
        from ogp_analysis.errors import OGPAnalysisError

        raise OGPAnalysisError("nothing to build: --no-bundled, no raw pages and no --irm-data")

    tables, summary = build_tables(records)
    _print_summary(summary)
    if args.strict and summary.strict_failures:
        dq = tables["data_quality"]
        bad = dq[dq["problem"].isin(STRICT_PROBLEMS)]
        print(f"\n--strict: {len(bad)} unknown label(s)/value(s)/column(s); nothing written:",
              file=sys.stderr)
        for r in bad.itertuples():
            print(f"  {r.problem}: {r.commitment_id or '-'} {r.field or ''} "
                  f"{r.value_printed!r}: {r.detail} [{r.source_url}]", file=sys.stderr)
        return 1
    out = write_tables(tables, args.out, extra_manifest={"inputs": inputs,
                                                         "summary": summary.as_dict()})
    print(f"\nwrote {len(tables)} tables to {out}")
    from ogp_analysis.snapshots import save_snapshot

    snap = save_snapshot(out, paths.snapshots, keep=args.keep)
    print(f"snapshot kept: {snap.name} (ogp-analysis diff compares the last two)")
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
