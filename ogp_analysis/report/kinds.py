"""The report kinds: which notebook each one runs and where its outputs go, built from its parameters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.keys import check_member_slug

FORMATS = ("pdf", "html", "ipynb")
ASSESSORS = ("irm", "government", "both")


def check_notebook(path: Path) -> None:
    """A report notebook that is there and is JSON, or a one-line error naming it."""
    try:
        json.loads(path.read_bytes())
    except FileNotFoundError:
        raise NotFoundError(f"report notebook {path} not found (--notebooks names the folder "
                            "that holds it)") from None
    except (ValueError, OSError) as exc:
        why = f"{exc.msg}, line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise OGPAnalysisError(f"report notebook {path} is not a notebook (not valid JSON: {why}); "
                               "restore it, e.g. with `git checkout` of the notebooks folder") from None


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    Attributes:
        name: the CLI name (`self-assessment`).
        notebook: the notebook's file name in the notebooks folder.
        per_cycle: True when the report is about one action plan (its file name has the cycle).
    """

    name: str
    notebook: str
    per_cycle: bool

    def stem(self, parameters: dict) -> str:
        """The output file name without extension (`self-assessment-2013`, `cross-cycle`)."""
        if self.per_cycle:
            return f"{self.name}-{int(parameters['cycle'])}"
        return self.name

    def notebook_path(self, notebooks_dir: Path | str | None = None) -> Path:
        """The report's notebook in `notebooks_dir` (default the project's `notebooks/`), checked."""
        from ogp_analysis.paths import Paths

        path = Path(notebooks_dir or Paths.default().notebooks) / self.notebook
        check_notebook(path)
        return path

    def outputs(self, reports_dir: Path | str, parameters: dict) -> ReportPaths:
        """Where this report writes, under `<reports_dir>/<member>/`.

        Args:
            reports_dir: the reports folder (`reports/`).
            parameters: the report's parameters (member, and cycle for a per-cycle report).
        """
        folder = Path(reports_dir) / check_member_slug(parameters["member"])
        stem = self.stem(parameters)
        return ReportPaths(folder=folder, stem=stem)


@dataclass(frozen=True)
class ReportPaths:
    """The files of one report: `<stem>.ipynb`, `.pdf`/`.html`, and `<stem>-figures/`."""

    folder: Path
    stem: str

    @property
    def ipynb(self) -> Path:
        """The executed notebook's path."""
        return self.folder / f"{self.stem}.ipynb"

    @property
    def figures(self) -> Path:
        """The folder of the report's figure CSVs."""
        return self.folder / f"{self.stem}-figures"

    def rendered(self, fmt: str) -> Path:
        """The rendered report's path in a format (`pdf`, `html`)."""
        return self.folder / f"{self.stem}.{fmt}"

    @property
    def failed(self) -> Path:
        """The partly executed notebook kept when a run fails (to see which cell broke)."""
        return self.folder / f"{self.stem}.failed.ipynb"


KINDS: dict[str, ReportKind] = {
    k.name: k
    for k in (
        ReportKind("self-assessment", "self_assessment.ipynb", per_cycle=True),
        ReportKind("cross-cycle", "cross_cycle.ipynb", per_cycle=False),
    )
}
