"""`ogp-analysis parse`: not yet implemented."""

from __future__ import annotations

from ogp_analysis.errors import OGPAnalysisError


def register(sub) -> None:
    p = sub.add_parser("parse", help="(parse: not yet implemented)")
    p.set_defaults(func=run)


def run(args) -> int:
    raise OGPAnalysisError("'parse' is not implemented yet")
