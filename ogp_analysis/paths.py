"""Where ogp-analysis reads and writes: one place, overridable by OGP_ANALYSIS_HOME and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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
    """The project's folders. Build one with `Paths.from_root()` or `Paths.default()`.

    Besides the fields, every input of the sources registry with a folder has an attribute of
    that name (`paths.bundled`, `paths.pages`, `paths.progress`, ...): `data/raw/<folder>/`.
    """

    root: Path
    raw: Path
    processed: Path
    reports: Path
    notebooks: Path
    snapshots: Path  # dated copies of each build's manifest and tables (git-ignored)
    inputs: dict = field(default_factory=dict, compare=False)  # input folder name -> its path

    def __getattr__(self, name: str) -> Path:
        # Called only for names that are not fields: the input folders of the registry.
        inputs = self.__dict__.get("inputs") or {}
        if name in inputs:
            return inputs[name]
        raise AttributeError(f"Paths has no folder {name!r}")

    @classmethod
    def from_root(cls, root: Path | str) -> Paths:
        """The project's folders under one root."""
        from ogp_analysis.metadata.sources import raw_folders

        root = Path(root)
        raw = root / "data" / "raw"
        return cls(
            root=root,
            raw=raw,
            processed=root / "data" / "processed",
            reports=root / "reports",
            notebooks=root / "notebooks",
            snapshots=root / "data" / "snapshots",
            inputs={name: raw / folder for name, folder in raw_folders().items()},
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
