"""Where ogp-analysis reads and writes: one place, overridable by OGP_ANALYSIS_HOME and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "OGP_ANALYSIS_HOME"
# Where the shared read-only material sits when the project is checked out beside it.
ENV_SHARED = "OGP_ANALYSIS_SHARED"


def project_root() -> Path:
    """The folder that holds `data/`, `reports/` and `notebooks/`.

    `OGP_ANALYSIS_HOME` wins; otherwise the repository this package is installed from
    (editable install), falling back to the current directory.
    """
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").exists():
        return here
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Paths:
    """The project's folders. Build one with `Paths.from_root()` or `Paths.default()`."""

    root: Path
    raw: Path
    bundled: Path
    pages: Path
    releases: Path
    processed: Path
    reports: Path
    notebooks: Path
    # --- Progress updates (issue 13) ---
    progress: Path  # user progress files: milestone trackers, progress-update CSVs
    snapshots: Path  # dated copies of each build's manifest and tables (git-ignored)

    @classmethod
    def from_root(cls, root: Path | str) -> Paths:
        """The project's folders under one root."""
        root = Path(root)
        return cls(
            root=root,
            raw=root / "data" / "raw",
            bundled=root / "data" / "raw" / "bundled",
            pages=root / "data" / "raw" / "pages",
            releases=root / "data" / "raw" / "releases",
            processed=root / "data" / "processed",
            reports=root / "reports",
            notebooks=root / "notebooks",
            progress=root / "data" / "raw" / "progress",
            snapshots=root / "data" / "snapshots",
        )

    @classmethod
    def default(cls) -> Paths:
        """The project's folders under `project_root()`."""
        return cls.from_root(project_root())


def shared_dir() -> Path:
    """The read-only `shared/` folder beside the checkout (tests and CI read real data there)."""
    env = os.environ.get(ENV_SHARED)
    if env:
        return Path(env).expanduser().resolve()
    return project_root().parent / "shared"
