"""Figure recording: each figure a report shows is also written as CSV beside it, atomically (spreadsheet-safe)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ogp_analysis.analysis.frames import text_cells
from ogp_analysis.spreadsheet import neutralise_frame
from ogp_analysis.storage import atomic_write_text

_FIGURE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Tables that cite a source per row and carry the commitment they are about.


class FigureRecorder:
    """Writes each figure's data to `<figures_dir>/<name>.csv` (atomically) and keeps an index.

    With an empty `figures_dir` (a notebook opened by hand) nothing is written.
    """

    def __init__(self, figures_dir: str | Path | None):
        self.folder = Path(figures_dir) if figures_dir else None
        self.recorded: dict[str, int] = {}

    def record(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Record one figure's data and return it unchanged.

        Args:
            name: the figure's file name, lower-case words joined by '-' (`at-a-glance`).
            frame: the figure's data.
        """
        if not _FIGURE_NAME.match(name):
            raise ValueError(f"figure name {name!r}: use lower-case words joined by '-'")
        if name in self.recorded:
            raise ValueError(f"figure {name!r} recorded twice")
        self.recorded[name] = len(frame)
        if self.folder is not None:
            # Opened in spreadsheets: a text cell that would run as a formula is neutralised; a
            # list of IDs is one space-separated cell, as `ogp-analysis figures --format csv` writes it.
            atomic_write_text(self.folder / f"{name}.csv",
                              neutralise_frame(text_cells(frame)).to_csv(index=False))
        return frame

    def index(self) -> pd.DataFrame:
        """One row per recorded figure: its name, rows and CSV file name."""
        return pd.DataFrame(
            {"figure": list(self.recorded), "rows": list(self.recorded.values()),
             "file": [f"{n}.csv" for n in self.recorded]}
        )
