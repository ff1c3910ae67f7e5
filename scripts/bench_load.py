"""Measure `load_tables` of a synthetic 6,000-commitment build, and one `ogp-analysis figures at-a-glance` call.

All run in fresh child processes on a build of `scripts/make_synthetic.py`'s release (each
code loads the build it wrote). `load_tables` is timed inside the child (the package imported
first), then the at-a-glance figure on the loaded tables; the figures call is timed as the child's `cli.main` (imports, loading, the figure,
printing) and as the whole process (interpreter start included). With `--base <worktree>` the
baseline and this code run alternately, `--repeat` times each; the table shows medians and
the new/base ratio.
Run: `.venv/bin/python scripts/bench_load.py [--n 6000] [--repeat 5] [--base ../wt-perfbase]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import HERE, compare, compile_tree, run_child

BUILD = """
import sys
import ogp_analysis
from ogp_analysis.cli import main
rc = main(sys.argv[1:])
print(f"BENCH rc={rc} code={ogp_analysis.__file__}", file=sys.stderr)
"""
LOAD = """
import sys, time
import ogp_analysis
from ogp_analysis.analysis import figure
from ogp_analysis.storage import load_tables
t = time.perf_counter()
tables = load_tables(sys.argv[1])
wall = time.perf_counter() - t
t = time.perf_counter()
figure("at-a-glance", tables, member=sys.argv[2], cycle=2016, assessor="irm")
fig = time.perf_counter() - t
print(f"BENCH wall={wall:.3f} figure={fig:.3f} code={ogp_analysis.__file__}", file=sys.stderr)
"""
FIGURE = """
import contextlib, io, sys, time
t = time.perf_counter()
import ogp_analysis
from ogp_analysis.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(sys.argv[1:])
wall = time.perf_counter() - t
print(f"BENCH rc={rc} wall={wall:.3f} code={ogp_analysis.__file__}", file=sys.stderr)
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6000, help="synthetic commitments")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (and per code)")
    ap.add_argument("--base", type=Path, help="a checkout of the baseline code to compare with")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        synthetic = tmp / "synthetic_release.csv"
        subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), "--out", str(synthetic),
                        "--n", str(a.n)], check=True, stdout=subprocess.DEVNULL)
        codes = [("base", a.base.resolve()), ("new", None)] if a.base else [("new", None)]
        for _, root in codes:
            compile_tree(root)
        for code, root in codes:
            run_child(f"build ({code})", BUILD, ["build", "--no-bundled", "--raw-dir",
                                                 str(tmp / "none"), "--irm-data", str(synthetic),
                                                 "--out", str(tmp / code)], root)
        member = "synthetic-member-aa"
        rows: dict[tuple[str, str], list[dict]] = {}
        for _ in range(a.repeat):
            for code, root in codes:
                got = run_child(f"load ({code})", LOAD, [str(tmp / code), member], root)
                rows.setdefault(("load_tables", code), []).append(got)
                rows.setdefault(("at-a-glance on loaded tables", code), []).append(
                    {**got, "wall": float(got["figure"]), "process": float("nan")})
                rows.setdefault(("figures at-a-glance", code), []).append(
                    run_child(f"figures ({code})", FIGURE, [
                        "figures", "at-a-glance", "--member", member, "--cycle", "2016",
                        "--data", str(tmp / code)], root))
    compare(rows, ("wall", "process"))
    print("load_tables wall: the call alone, s; at-a-glance on loaded tables: the figure "
          "function alone, s; figures wall: cli.main with the package's "
          "imports, s; process: the child process, interpreter start included, s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
