"""`ogp-analysis report`: self-assessment and cross-cycle reports (papermill + PDF), one at a time or in batch."""

from __future__ import annotations

import sys

from ogp_analysis.report.kinds import ASSESSORS, FORMATS


def register(sub) -> None:
    """Add the `report` subcommand and its report kinds."""
    p = sub.add_parser("report", help="write the report notebooks and PDFs (reports/<member>/)")
    rsub = p.add_subparsers(dest="report_command", metavar="REPORT", required=True)

    def common(q, fmt=True):
        q.add_argument("--data", metavar="DIR", help="processed tables (default data/processed/)")
        q.add_argument("--out", metavar="REPORTS_DIR", help="reports folder (default reports/)")
        q.add_argument("--notebooks", metavar="DIR", help="report notebooks (default notebooks/)")
        if fmt:
            q.add_argument("--format", choices=FORMATS, default="pdf",
                           help="pdf (default), html, or ipynb only; the executed .ipynb is always kept")

    sa = rsub.add_parser("self-assessment", help="one action plan, the way a self-assessment reads")
    sa.add_argument("--member", required=True, help="member slug or name (united-kingdom)")
    sa.add_argument("--cycle", required=True, type=int, help="the plan's start year (2013)")
    sa.add_argument("--assessor", choices=ASSESSORS, default="both",
                    help="whose assessment to show (default both: IRM and government side by side)")
    common(sa)
    sa.set_defaults(func=run_single, kind="self-assessment")

    cc = rsub.add_parser("cross-cycle", help="every plan of a member side by side")
    cc.add_argument("--member", required=True, help="member slug or name")
    cc.add_argument("--cycles", help="comma-separated start years (default: every plan)")
    common(cc)
    cc.set_defaults(func=run_single, kind="cross-cycle")

    b = rsub.add_parser("batch", help="every plan of each member plus its cross-cycle report")
    b.add_argument("--member", action="append", dest="members", metavar="SLUG",
                   help="a member (repeatable; default: every member in the data)")
    b.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="reports run at once: this process and N-1 worker processes (default 1)")
    b.add_argument("--assessor", choices=ASSESSORS, default="both",
                   help="assessor of the self-assessment reports (default both)")
    common(b)
    b.set_defaults(func=run_batch)


def run_single(args) -> int:
    """Write one report (self-assessment or cross-cycle)."""
    from ogp_analysis.report.kernel import WarmKernel
    from ogp_analysis.report.kinds import KINDS

    # The report's kernel starts first and imports what the notebook imports while this
    # process imports papermill and loads the tables (~1 s of a report on two cores).
    kernel = WarmKernel(one_report=True).start_for(KINDS[args.kind].notebook_path(args.notebooks))
    try:
        from ogp_analysis.report.params import parse_cycles
        from ogp_analysis.report.runner import run_report

        params = {"member": args.member}
        if args.kind == "self-assessment":
            params.update(cycle=args.cycle, assessor=args.assessor)
        elif args.cycles:
            params["cycles"] = parse_cycles(args.cycles)
        result = run_report(args.kind, params, data_dir=args.data, reports_dir=args.out,
                            fmt=args.format, notebooks_dir=args.notebooks, kernel=kernel)
    finally:
        kernel.close()
    for path in result.files:
        print(path)
    print(f"{result.kind} {result.member}: {len(result.files)} outputs in {result.seconds:.1f} s",
          file=sys.stderr)
    return 0


def run_batch(args) -> int:
    """Write every report of the members asked for; exit 1 if any failed."""
    from ogp_analysis.report.batch import run_batch as batch

    result = batch(args.members, jobs=args.jobs, data_dir=args.data, reports_dir=args.out,
                   fmt=args.format, notebooks_dir=args.notebooks, assessor=args.assessor)
    ok = len(result.outcomes) - len(result.failed)
    for o in result.outcomes:
        status = "ok    " if o.ok else "FAILED"
        print(f"{status} {o.job.label} ({o.seconds:.1f} s)")
    for o in result.failed:
        print(f"\n--- {o.job.label} failed:\n{o.error}", file=sys.stderr)
    print(f"{ok} of {len(result.outcomes)} reports written in {result.seconds:.1f} s"
          + (f"; {len(result.failed)} failed" if result.failed else ""), file=sys.stderr)
    return 1 if result.failed else 0
