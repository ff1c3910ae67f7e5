"""ogp-analysis: OGP action plans and IRM assessments as tidy, validated tables."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build", "load_tables", "__version__"]


def load_tables(path=None):
    """Load the processed tables as typed DataFrames (ordered categoricals restored).

    Args:
        path: folder written by `ogp-analysis build` (default: `data/processed/`).

    Returns:
        dict mapping table name to DataFrame.
    """
    from ogp_analysis.storage import load_tables as _load

    return _load(path)


def build(**kwargs):
    """Build the processed tables (see `ogp_analysis.pipeline.build` for the arguments).

    Returns:
        BuildResult: the tables, the summary, the inputs read and where they were written.
    """
    from ogp_analysis.pipeline import build as _build

    return _build(**kwargs)
