"""Wall time of the report path: an empty notebook (the floor), one report, and the full UK batch with --jobs 1 and 2.

Run: .venv/bin/python scripts/bench_report.py [--repeat N]
Everything is written under a temporary folder (tables built from the bundled UK data).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from ogp_analysis.cli import main as cli
from ogp_analysis.paths import Paths
from ogp_analysis.report.batch import run_batch
from ogp_analysis.report.params import notebook_parameters
from ogp_analysis.report.runner import run_report

MEMBER = "united-kingdom"
CYCLE = 2013


def empty_notebooks(folder: Path) -> Path:
    """A self-assessment notebook with the real parameters cell and nothing else."""
    real = nbformat.read(Paths.default().notebooks / "self_assessment.ipynb", as_version=4)
    params = next(c for c in real.cells if c.cell_type == "code")
    nb = nbformat.v4.new_notebook()
    nb.cells = [params]
    nb.metadata = real.metadata
    nbformat.write(nb, folder / "self_assessment.ipynb")
    assert list(notebook_parameters(folder / "self_assessment.ipynb")) == list(
        notebook_parameters(Paths.default().notebooks / "self_assessment.ipynb"))
    return folder


def timed(label: str, func, repeat: int) -> tuple[str, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return label, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        data = tmp / "processed"
        if cli(["build", "--out", str(data)]) != 0:
            print("build failed", file=sys.stderr)
            return 1
        floor_nb = empty_notebooks(Path(tempfile.mkdtemp(dir=tmp)))
        results = []

        def one(fmt, notebooks=None, out="one"):
            return lambda: run_report("self-assessment", {"member": MEMBER, "cycle": CYCLE},
                                      data_dir=data, reports_dir=tmp / out, fmt=fmt,
                                      notebooks_dir=notebooks)

        def batch(jobs):
            def run():
                result = run_batch([MEMBER], jobs=jobs, data_dir=data, reports_dir=tmp / f"batch{jobs}",
                                   progress=False)
                if result.failed:
                    raise SystemExit(f"batch failed: {[o.job.label for o in result.failed]}")
            return run

        results.append(timed("empty notebook -> ipynb (floor)", one("ipynb", floor_nb, "floor"), args.repeat))
        results.append(timed("empty notebook -> pdf (floor)", one("pdf", floor_nb, "floor"), args.repeat))
        results.append(timed(f"self-assessment {CYCLE} -> ipynb", one("ipynb"), args.repeat))
        results.append(timed(f"self-assessment {CYCLE} -> pdf", one("pdf"), args.repeat))
        results.append(timed("UK batch, pdf, --jobs 1", batch(1), args.repeat))
        results.append(timed("UK batch, pdf, --jobs 2", batch(2), args.repeat))
    print(f"cpus: {os.cpu_count()}; load average at end: {os.getloadavg()[0]:.2f}")
    for label, times in results:
        shown = ", ".join(f"{t:.1f}" for t in times)
        print(f"{label:38s} median {statistics.median(times):6.1f} s   (runs: {shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
