"""No debris: builds and reports killed with kill -9 at fixed points leave nothing the next run does not clear.

Each kill happens in a subprocess at a fixed point (a build blocked after its first table is
written into the temp folder; a report or batch blocked inside a notebook cell after the first
report is written), so the tests are deterministic. The report notebooks here are tiny stand-ins
with the real parameters, so a run costs a kernel start, not a real report.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from http_site import wait_for

from ogp_analysis.cli import main as cli_main
from ogp_analysis.owned import REPORTS_MARKER, foreign_in_member_folder, read_reports_marker
from ogp_analysis.storage import load_tables, remove_stale_temp

REPO = Path(__file__).resolve().parent.parent
IDS = ("UK0051", "UK0059", "UK0062")  # one plan (2013): a batch of two reports
GONE_WITHIN = 5.0  # seconds after the kill


def _alive_with(token: str) -> list[int]:
    """Pids of live processes whose environment carries the test's token (workers, kernels)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            env = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if f"OGP_TEST_TOKEN={token}".encode() in env and state != "Z":
            found.append(int(proc.name))
    return found


def _env(token: str, **extra) -> dict:
    return {**os.environ, "OGP_TEST_TOKEN": token, "PYTHONUNBUFFERED": "1", **extra}


# --- build ---------------------------------------------------------------------------------------

# A build that blocks right after its first table lands in the temp folder: the fixed kill point.
BLOCKING_BUILD = """
import sys, time
import pandas as pd
write = pd.DataFrame.to_parquet
def blocked(self, path, *a, **k):
    write(self, path, *a, **k)
    time.sleep(600)
pd.DataFrame.to_parquet = blocked
from ogp_analysis.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_build_killed_mid_write_leaves_no_temp_folder_after_the_rerun(tmp_path):
    out = tmp_path / "processed"
    token = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-c", BLOCKING_BUILD, "build", "--out", str(out)],
                            env=_env(token), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: any(p.glob("*.parquet") for p in tmp_path.glob(".processed.new-*")),
                  what="the first table in the build's temp folder")
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert list(tmp_path.glob(".processed.new-*")), "the kill should have left the temp folder"
    assert not out.exists()

    assert cli_main(["build", "--out", str(out)]) == 0
    assert not list(tmp_path.glob(".processed.*")), list(tmp_path.iterdir())
    tables = load_tables(out)
    assert len(tables["commitments"]) > 0


def test_a_temp_folder_of_a_running_build_is_left_alone(tmp_path):
    out = tmp_path / "processed"
    live = tmp_path / f".processed.new-{os.getppid()}-abc"  # our parent: alive
    dead = tmp_path / ".processed.new-999999999-abc"
    legacy = tmp_path / ".processed.new-k2j4h"
    for folder in (live, dead, legacy):
        folder.mkdir()
    assert sorted(remove_stale_temp(out)) == sorted([dead, legacy])
    assert live.is_dir()


@pytest.mark.parametrize("path", ["data/.processed.new-123-abc", "data/.processed.old-1-2",
                                  "reports/united-kingdom/.cross-cycle-figures.new-xyz"])
def test_temp_folders_are_git_ignored(path):
    res = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO)
    assert res.returncode == 0, f"{path} is not git-ignored"


# --- reports -------------------------------------------------------------------------------------

PARAMETERS = {
    "self_assessment.ipynb": 'member: str = "united-kingdom"  # OGP member slug\n'
                             "cycle: int = 2013  # the plan's start year\n"
                             'assessor: str = "both"  # irm, government or both\n',
    "cross_cycle.ipynb": 'member: str = "united-kingdom"  # OGP member slug\n'
                         "cycles: list = None  # plan start years; None: every plan\n",
}
BODY = """
import os, time
from pathlib import Path
kind = {kind!r}
Path(figures_dir, "figure.csv").write_text("figure,value\\nat-a-glance,1\\n")
Path(figures_dir, "started").write_text(str(os.getpid()))
time.sleep(float(os.environ.get("OGP_TEST_SLEEP_" + kind, "0")))
print("done", member)
"""


@pytest.fixture(scope="module")
def report_setup(tmp_path_factory, release_csv):
    """Tiny stand-in notebooks, and processed tables holding one UK plan."""
    root = tmp_path_factory.mktemp("reports")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name, params in PARAMETERS.items():
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}})
        cell = nbformat.v4.new_code_cell(params + 'data: str = ""  # processed tables\n'
                                         'figures_dir: str = ""  # figure CSVs\n')
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell, nbformat.v4.new_code_cell(BODY.format(kind=name.split(".")[0]))]
        nbformat.write(nb, notebooks / name)
    with release_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        rows = [next(reader)] + [r for r in reader if r[0].upper() in IDS]
    small = root / "release.csv"
    with small.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    data = root / "data"
    assert cli_main(["build", "--no-bundled", "--irm-data", str(small), "--out", str(data)]) == 0
    return notebooks, data


def _report_run(report_setup, tmp_path, *what) -> tuple[Path, list[str]]:
    """(the member's reports folder, the `ogp-analysis report ...` command line)."""
    notebooks, data = report_setup
    reports = tmp_path / "reports"
    return reports / "united-kingdom", [
        sys.executable, "-m", "ogp_analysis.cli", "report", *what, "--member", "united-kingdom",
        "--format", "html", "--notebooks", str(notebooks), "--data", str(data),
        "--out", str(reports)]


def _assert_complete(folder: Path, stems) -> None:
    """Every report's notebook, figures and HTML are there and readable; no temp file is."""
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")
                and p.name != REPORTS_MARKER]
    assert set(stems) <= set(read_reports_marker(folder))
    assert foreign_in_member_folder(folder) is None
    for stem in stems:
        nb = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
        assert "done" in json.dumps(nb.cells[-1].outputs)
        assert (folder / f"{stem}-figures" / "figure.csv").read_text().startswith("figure,value")
        assert "<html" in (folder / f"{stem}.html").read_text(encoding="utf-8").lower()


def _kill_when(argv: list[str], env: dict, ready, what: str, check=None) -> float:
    """Start argv, kill -9 it once `ready()` holds (after `check()`), return when it died."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(ready, what=what)
        if check is not None:
            check()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    return time.monotonic()


def _no_html_yet(folder: Path, stem: str):
    def check() -> None:
        # The rule: the final file goes first, so a run in progress has no HTML yet.
        assert not (folder / f"{stem}.html").exists()
    return check


def test_a_killed_report_is_marked_incomplete_and_the_rerun_replaces_it_whole(report_setup, tmp_path):
    folder, argv = _report_run(report_setup, tmp_path, "self-assessment", "--cycle", "2013")
    subprocess.run(argv, check=True, capture_output=True, timeout=180)
    old_nb = (folder / "self-assessment-2013.ipynb").read_bytes()

    token = uuid.uuid4().hex
    kernels = tmp_path / "kernels"  # the report kernels' runtime folder
    _kill_when(argv, _env(token, OGP_TEST_SLEEP_self_assessment="600",
                          OGP_ANALYSIS_KERNEL_DIR=str(kernels)),
               lambda: any(folder.glob(".self-assessment-2013-figures.new-*/started")),
               "the report's notebook to start", _no_html_yet(folder, "self-assessment-2013"))
    wait_for(lambda: not _alive_with(token), timeout=GONE_WITHIN, what="the kernel to exit")
    # Killed: the old notebook is untouched, the missing HTML says "incomplete".
    assert (folder / "self-assessment-2013.ipynb").read_bytes() == old_nb
    assert not (folder / "self-assessment-2013.html").exists()
    assert list(folder.glob(".self-assessment-2013*")), "the kill should have left temp files"
    assert list(kernels.iterdir()), "the kill should have left the kernel's connection file"

    subprocess.run(argv, check=True, capture_output=True, timeout=180,
                   env=_env(token, OGP_ANALYSIS_KERNEL_DIR=str(kernels)))
    _assert_complete(folder, ["self-assessment-2013"])
    assert not list(kernels.iterdir()), "connection files were left in the kernels' folder"


def test_batch_workers_and_kernels_exit_within_5s_of_a_kill_9(report_setup, tmp_path):
    folder, argv = _report_run(report_setup, tmp_path, "batch", "--jobs", "2")
    token = uuid.uuid4().hex
    # The cross-cycle report blocks in its notebook: the kill comes after the first report.
    def running() -> None:
        assert len(_alive_with(token)) >= 3  # the batch, its workers, a kernel
        _no_html_yet(folder, "cross-cycle")()

    kernels = tmp_path / "kernels"  # the report kernels' runtime folder
    killed = _kill_when(argv, _env(token, OGP_TEST_SLEEP_cross_cycle="600",
                                   OGP_ANALYSIS_KERNEL_DIR=str(kernels)),
                        lambda: (folder / "self-assessment-2013.html").exists()
                        and any(folder.glob(".cross-cycle-figures.new-*/started")),
                        "the first report written and the second one running", running)
    wait_for(lambda: not _alive_with(token), timeout=GONE_WITHIN,
              what=f"every batch process to exit (alive: {_alive_with(token)})")
    assert time.monotonic() - killed < GONE_WITHIN
    time.sleep(1.0)  # nothing may go on writing after the batch died
    assert not (folder / "cross-cycle.html").exists()
    assert list(kernels.iterdir()), "the kill should have left connection files"

    subprocess.run(argv, check=True, capture_output=True, timeout=300,
                   env=_env(token, OGP_ANALYSIS_KERNEL_DIR=str(kernels)))
    _assert_complete(folder, ["self-assessment-2013", "cross-cycle"])
    assert not list(kernels.iterdir()), "connection files were left in the kernels' folder"


def test_a_finished_batch_shuts_its_workers_kernels_down_itself(report_setup, tmp_path):
    # A worker ends through os._exit (no atexit handler runs): its kernel must still be shut
    # down by its owner, not left to find out it is alone ("Parent appears to have exited").
    folder, argv = _report_run(report_setup, tmp_path, "batch", "--jobs", "2")
    token = uuid.uuid4().hex
    done = subprocess.run(argv, env=_env(token), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "appears to have exited" not in done.stderr, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    wait_for(lambda: not _alive_with(token), timeout=GONE_WITHIN,
              what=f"the batch's workers and kernels to exit (alive: {_alive_with(token)})")
    _assert_complete(folder, ["self-assessment-2013", "cross-cycle"])
