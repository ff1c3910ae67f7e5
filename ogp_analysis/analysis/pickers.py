"""The pickers, as the analysis layer has always imported them (they live in `ogp_analysis.answers`)."""

from ogp_analysis.answers import (
    ANSWERED,
    answered,
    assessment_rows,
    pick,
    pick_any,
    pick_completion,
    pick_diog,
    pick_star,
    relevance,
)

__all__ = ["ANSWERED", "answered", "assessment_rows", "pick", "pick_any", "pick_completion",
           "pick_diog", "pick_star", "relevance"]
