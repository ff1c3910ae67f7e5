"""Running one report: check its parameters, execute its notebook with papermill, write ipynb, figures and PDF as a unit.

The rule that makes a report's files one unit: the report's final file (its PDF or HTML; with
`--format ipynb`, its `.ipynb`) is deleted before anything runs and written last, after the
notebook and the figures folder are in place. So a report folder whose final file is missing
holds an incomplete run: rerun it. Temporary files of a run killed on the way (`.<stem>.*`,
`.<stem>-figures.*` in the member's folder) are removed when that report next runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.owned import check_not_protected, check_reports_folder, record_report
from ogp_analysis.paths import Paths
from ogp_analysis.report.kernel import (
    KERNEL_NAME,
    CurrentPythonKernelManager,
    WarmKernel,
)
from ogp_analysis.report.kinds import FORMATS, KINDS, ReportKind
from ogp_analysis.report.params import (
    check_assessor,
    check_cycles,
    check_parameter_names,
    resolve_report_member,
)
from ogp_analysis.report.pdf import preload as preload_pdf
from ogp_analysis.report.pdf import write_rendered
from ogp_analysis.storage import load_tables, make_readable, swap_dirs

log = logging.getLogger(__name__)

# Parameters the runner fills in itself: every report notebook declares them.
DATA_PARAMETER = "data"
FIGURES_PARAMETER = "figures_dir"


class ReportError(OGPAnalysisError):
    """A report notebook failed while running (names the report, the cell and the error)."""


@dataclass
class ReportResult:
    """What one report run wrote."""

    kind: str
    member: str
    stem: str
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def report_kind(name: str) -> ReportKind:
    """The report kind called `name`; an unknown one lists the valid ones."""
    try:
        return KINDS[name]
    except KeyError:
        raise NotFoundError(f"unknown report {name!r}; reports: {', '.join(KINDS)}") from None


def execute_notebook(notebook: Path | str, output: Path | str, parameters: dict,
                     cwd: Path | str | None = None,
                     failed: Path | str | None = None,
                     kernel: WarmKernel | None = None) -> nbformat.NotebookNode:
    """Execute a notebook with papermill in this interpreter's kernel, writing `output` atomically.

    Unknown parameters are refused before anything runs. On failure the partly executed
    notebook is kept beside `output` as `<name>.failed.ipynb` and a ReportError names the
    failing cell.

    Args:
        notebook: the source notebook.
        output: where the executed notebook goes.
        parameters: values injected after the notebook's `parameters` cell.
        cwd: working directory of the kernel (default: the notebook's folder).
        failed: where a failed run's notebook goes (default `<output stem>.failed.ipynb`).
        kernel: a kernel to reuse (a batch worker's); None: a new kernel for this notebook.

    Returns:
        The executed notebook.
    """
    notebook, output = Path(notebook), Path(output)
    failed = Path(failed) if failed else output.with_name(f"{output.stem}.failed.ipynb")
    check_parameter_names(notebook, parameters)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".ipynb", dir=output.parent)
    os.close(fd)
    reuse = {"km": kernel.manager()} if kernel is not None else {}
    try:
        nb = papermill.execute_notebook(
            str(notebook),
            tmp,
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            kernel_manager_class=CurrentPythonKernelManager,
            **reuse,
            progress_bar=False,
            cwd=str(cwd or notebook.parent),
            # The runner writes the executed notebook once, at the end (atomically); papermill's
            # save after every cell (and its timed autosave) only cost time here (~70 writes).
            request_save_on_cell_execute=False,
            autosave_cell_every=0,
            # The outputs are complete when the last cell has run: stop the kernel without
            # waiting for a graceful shutdown (~0.5 s a report).
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as exc:
        os.replace(tmp, failed)
        raise ReportError(
            f"{notebook.name} failed in cell {exc.exec_count} ({exc.ename}: {exc.evalue}); "
            f"the partly executed notebook is {failed}"
        ) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        if kernel is not None:
            kernel.after_report()
    make_readable(Path(tmp))
    os.replace(tmp, output)
    with contextlib.suppress(FileNotFoundError):
        failed.unlink()
    return nb


def check_reports_out(reports_dir: Path | str, paths: Paths | None = None,
                      members=None) -> Path:
    """Refuse a reports folder the toolkit may not write in (`owned`): protected, or holding a user's file.

    Args:
        reports_dir: the reports folder (`--out`).
        paths: the project's folders (default `Paths.default()`).
        members: member folders to check in depth (None: every one).
    """
    check_not_protected(reports_dir, "--out", paths=paths or Paths.default())
    return check_reports_folder(reports_dir, "--out", members=members)


def remove_report_debris(folder: Path, stem: str) -> list[Path]:
    """Remove what an interrupted run of the report `stem` left in its folder.

    Args:
        folder: the member's reports folder.
        stem: the report's file stem.

    Returns:
        The paths removed.
    """
    # `..<stem>.*`: execute_notebook's own temp file beside the staged `.<stem>.run-*.ipynb`.
    found = [p for pattern in (f".{stem}.*", f"..{stem}.*", f".{stem}-figures.*")
             for p in Path(folder).glob(pattern)]
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found


def prepare_parameters(kind: ReportKind, parameters: dict, tables: dict) -> dict:
    """Check a report's own parameters against the data and normalise them.

    Args:
        kind: the report kind.
        parameters: member (slug or name); cycle for a per-cycle report; assessor; cycles.
        tables: the processed tables (members, action plans).

    Returns:
        The parameters with the member as its slug and cycles as ints.
    """
    if "member" not in parameters:
        raise OGPAnalysisError(f"report {kind.name} needs a member")
    params = dict(parameters)
    params["member"] = resolve_report_member(tables, params["member"])
    if kind.per_cycle:
        if params.get("cycle") is None:
            raise OGPAnalysisError(f"report {kind.name} needs a cycle (the plan's start year)")
        params["cycle"] = check_cycles(tables, params["member"], [params["cycle"]])[0]
    if params.get("cycles") is not None:
        params["cycles"] = check_cycles(tables, params["member"], params["cycles"])
    if "assessor" in params:
        check_assessor(params["assessor"])
    return params


def run_report(kind_name: str, parameters: dict, *, data_dir: Path | str | None = None,
               reports_dir: Path | str | None = None, fmt: str = "pdf",
               notebooks_dir: Path | str | None = None, tables: dict | None = None,
               kernel: WarmKernel | None = None) -> ReportResult:
    """Run one report end to end: check, execute, record figures, render.

    Writes `<reports_dir>/<member>/<stem>.ipynb`, `<stem>-figures/*.csv` and, for fmt pdf or
    html, `<stem>.<fmt>`. Each file is replaced atomically; the figures folder as a whole.

    Args:
        kind_name: "self-assessment" or "cross-cycle".
        parameters: the report's parameters (member, cycle, assessor, cycles).
        data_dir: the processed tables (default `data/processed/`).
        reports_dir: the reports folder (default `reports/`).
        fmt: "pdf", "html" or "ipynb".
        notebooks_dir: where the report notebooks are (default `notebooks/`).
        tables: the processed tables, if already loaded (saves a reload in batch runs).
        kernel: a kernel to run the notebook in (a batch worker's, reused between reports, or
            one the caller started early with `WarmKernel.start_for`); None: a new kernel,
            started here and shut down at the end.
    """
    start = time.perf_counter()
    kind = report_kind(kind_name)
    if fmt not in FORMATS:
        raise OGPAnalysisError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    paths_ = Paths.default()
    data = Path(data_dir or paths_.processed).resolve()
    notebook = kind.notebook_path(notebooks_dir)
    reports_root = Path(reports_dir or paths_.reports).resolve()
    check_reports_out(reports_root, paths_, members=())  # before any work; its member folder below
    with contextlib.ExitStack() as own:
        if kernel is None:
            kernel = WarmKernel(one_report=True)  # this report's own
            own.callback(kernel.close)
        # The kernel starts (unless it runs already) and imports what the notebook imports
        # while this process loads the tables.
        kernel.start_for(notebook)
        if tables is None:
            tables = load_tables(data)
        params = prepare_parameters(kind, parameters, tables)
        check_parameter_names(notebook, {**params, DATA_PARAMETER: "", FIGURES_PARAMETER: ""})
        check_reports_out(reports_root, paths_, members=[params["member"]])
        out = kind.outputs(reports_root, params)
        record_report(out.folder, out.stem)  # the marker names it before anything is written
        remove_report_debris(out.folder, out.stem)
        # The unit rule (module docstring): every rendering of the report goes first, so that an
        # interrupted run leaves no PDF beside a newer notebook; the final file is written last.
        for rendered in FORMATS:
            if rendered != "ipynb":
                out.rendered(rendered).unlink(missing_ok=True)
        if fmt == "ipynb":
            out.ipynb.unlink(missing_ok=True)
        if fmt == "pdf":
            preload_pdf()  # WeasyPrint loads while the kernel runs the notebook
        figures_tmp = Path(tempfile.mkdtemp(prefix=f".{out.stem}-figures.new-", dir=out.folder))
        staged = out.folder / f".{out.stem}.run-{os.getpid()}.ipynb"
        try:
            nb = execute_notebook(
                notebook,
                staged,
                {**params, DATA_PARAMETER: str(data), FIGURES_PARAMETER: str(figures_tmp)},
                failed=out.failed,
                kernel=kernel,
            )
            make_readable(figures_tmp)
            figure_files = sorted(p.name for p in figures_tmp.iterdir())
            # Listed before the swap (old and new), so a kill in between leaves nothing unlisted.
            record_report(out.folder, out.stem, figure_files)
            swap_dirs(figures_tmp, out.figures)
            record_report(out.folder, out.stem, figure_files, replace=True)
            os.replace(staged, out.ipynb)
        except BaseException:
            shutil.rmtree(figures_tmp, ignore_errors=True)
            staged.unlink(missing_ok=True)
            raise
        files = [out.ipynb, out.figures]
        if fmt != "ipynb":
            title = f"{kind.name} {params['member']} {params.get('cycle', '')}".strip()
            files.append(write_rendered(nb, out.rendered(fmt), fmt, title))
            make_readable(files[-1])
        return ReportResult(kind.name, params["member"], out.stem, files, time.perf_counter() - start)
