"""Report wall times as processes, this tree against a baseline tree in the same run, alternately.

For each tree: an empty notebook through the same papermill + WeasyPrint path (the floor), one
UK self-assessment report to PDF, and (with --batch) the UK batch with --jobs 1 and --jobs 2,
as often as the others.
Each tree builds its own tables from the bundled data with its own code first. Runs alternate
between the trees so both see the same machine load; medians are printed with the ratios
(report / floor in each tree, this tree / baseline).

Run: .venv/bin/python scripts/bench_report.py --base ../wt-perfbase [--repeat 3] [--batch]
Without --base only this tree is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import compile_tree

HERE = Path(__file__).resolve().parent.parent
MEMBER, CYCLE = "united-kingdom", 2013


def _env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree), "OGP_ANALYSIS_HOME": str(tree)}


def check_code(tree: Path) -> None:
    """Stop unless a child run like `cli`'s imports the package from `tree`.

    `python -m` puts the working folder first on the path, before PYTHONPATH: a child run
    from another checkout would import that checkout's code.
    """
    proc = subprocess.run([sys.executable, "-c", "import ogp_analysis; print(ogp_analysis.__file__)"],
                          env=_env(tree), cwd=tree, capture_output=True, text=True, check=True)
    if not Path(proc.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: a child imports {proc.stdout.strip()}, not this tree's code")


def cli(tree: Path, *args: str) -> float:
    """Run `ogp-analysis ARGS` with `tree`'s code (from `tree`, see `check_code`); wall seconds."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ogp_analysis.cli", *args], env=_env(tree),
                          cwd=tree, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{tree}: ogp-analysis {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return wall


def empty_notebook(tree: Path, folder: Path) -> Path:
    """The tree's self-assessment notebook with only its parameters cell (the floor)."""
    nb = json.loads((tree / "notebooks" / "self_assessment.ipynb").read_text())
    nb["cells"] = [c for c in nb["cells"] if c["cell_type"] == "code"][:1]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "self_assessment.ipynb").write_text(json.dumps(nb))
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, help="baseline tree (a git worktree of the earlier commit)")
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs per measurement")
    ap.add_argument("--batch", action="store_true", help="also time the UK batch, --jobs 1 and 2")
    a = ap.parse_args(argv)
    trees = {"new": HERE} | ({"base": a.base.resolve()} if a.base else {})
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        for name, tree in trees.items():
            check_code(tree)
            compile_tree(tree)
            cli(tree, "build", "--out", str(tmp / name / "processed"))
            empty_notebook(tree, tmp / name / "floor-notebooks")
        for _ in range(a.repeat):
            for name, tree in trees.items():
                data, out = str(tmp / name / "processed"), str(tmp / name / "reports")
                common = ["--member", MEMBER, "--cycle", str(CYCLE), "--data", data]
                times.setdefault((name, "floor"), []).append(cli(
                    tree, "report", "self-assessment", *common, "--out", out + "-floor",
                    "--notebooks", str(tmp / name / "floor-notebooks")))
                times.setdefault((name, "report"), []).append(cli(
                    tree, "report", "self-assessment", *common, "--out", out))
        for _ in range(a.repeat if a.batch else 0):
            for jobs in (1, 2):
                for name, tree in trees.items():
                    times.setdefault((name, f"batch-{jobs}"), []).append(cli(
                        tree, "report", "batch", "--member", MEMBER, "--jobs", str(jobs),
                        "--data", str(tmp / name / "processed"),
                        "--out", str(tmp / name / f"batch{jobs}")))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"cpus: {os.cpu_count()}; load average at end: {os.getloadavg()[0]:.2f}; "
          f"runs per cell: {a.repeat}")
    print(f"{'measurement':34s} " + " ".join(f"{n:>9s}" for n in trees) +
          ("   new/base" if "base" in trees else ""))
    for what in ("floor", "report", "batch-1", "batch-2"):
        if (("new", what)) not in med:
            continue
        row = " ".join(f"{med[(n, what)]:9.2f}" for n in trees)
        ratio = f"   {med[('new', what)] / med[('base', what)]:.2f}x" if "base" in trees else ""
        print(f"{what + ' (s, median)':34s} {row}{ratio}")
    for n in trees:
        print(f"{n}: report / floor = {med[(n, 'report')] / med[(n, 'floor')]:.2f}x", end="")
        if (n, "batch-2") in med:
            print(f"; batch --jobs 2 / --jobs 1 = {med[(n, 'batch-2')] / med[(n, 'batch-1')]:.2f}x", end="")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
