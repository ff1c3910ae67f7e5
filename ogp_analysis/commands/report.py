"""`ogp-analysis report`: not yet implemented."""

from __future__ import annotations

from ogp_analysis.errors import OGPAnalysisError


def register(sub) -> None:
    p = sub.add_parser("report", help="(report: not yet implemented)")
    p.set_defaults(func=run)


def run(args) -> int:
    raise OGPAnalysisError("'report' is not implemented yet")
