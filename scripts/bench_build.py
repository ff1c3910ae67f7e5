"""Measure `ogp-analysis build` wall time and peak memory: bundled data, and a synthetic 6,000-commitment release.

Each scenario runs in a fresh child process (`ogp_analysis.cli.main`), so peak memory is that
process's maximum resident set size (`resource.getrusage(RUSAGE_SELF).ru_maxrss` in the child),
and wall time includes the package's imports and writing (not the interpreter's start).
With `--base <worktree>` (a checkout of the code to compare with, e.g. `git worktree add
/tmp/base perf-base`) the baseline and this code run alternately, `--repeat` times each, in
the same sitting; the table shows medians and the new/base ratio.
Run: `.venv/bin/python scripts/bench_build.py [--n 6000] [--repeat 3] [--base ../wt-perfbase]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = """
import resource, sys, time
t = time.perf_counter()
import ogp_analysis
from ogp_analysis.cli import main
rc = main(sys.argv[1:])
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(f"BENCH rc={rc} wall={wall:.3f} peak_kib={peak} code={ogp_analysis.__file__}", file=sys.stderr)
"""


def compile_tree(root: Path | None) -> None:
    """Bring the bytecode of a tree's package up to date, as `make` does (see the Makefile).

    Where PYTHONDONTWRITEBYTECODE is set, a tree without it compiles its modules in every
    child; both trees are compiled, so neither pays that and the ratio compares the code.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str((root or HERE.parent) / "ogp_analysis")],
                   check=True, stdout=subprocess.DEVNULL)


def child_env(root: Path | None) -> dict:
    """The environment that makes a child import the package from `root` (None: this checkout)."""
    env = dict(os.environ)
    if root is not None:
        env["PYTHONPATH"] = str(root)
        env["OGP_ANALYSIS_HOME"] = str(root)
    return env


def run_child(label: str, code: str, args: list[str], root: Path | None) -> dict:
    """Run `code` in a fresh interpreter; parse its BENCH line (and check which code it ran)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=child_env(root), cwd=root or HERE.parent)
    outer = time.perf_counter() - t
    line = [x for x in proc.stderr.splitlines() if x.startswith("BENCH ")]
    if proc.returncode or not line:
        raise SystemExit(f"{label}: failed:\n{proc.stderr[-2000:]}")
    fields = dict(kv.split("=", 1) for kv in line[-1].split()[1:])
    want = (root or HERE.parent).resolve()
    if not Path(fields["code"]).resolve().is_relative_to(want):
        raise SystemExit(f"{label}: ran {fields['code']}, not the code in {want}")
    return {**fields, "wall": float(fields.get("wall", "nan")), "process": outer,
            "peak_mib": int(fields.get("peak_kib", 0)) / 1024}


def compare(rows: dict[tuple[str, str], list[dict]], metrics: tuple[str, ...]) -> None:
    """Print medians per scenario and code, and new/base ratios when both ran."""
    scenarios = list(dict.fromkeys(s for s, _ in rows))
    head = f"{'scenario':<40} {'code':<5} {'n':>2} " + " ".join(f"{m:>10}" for m in metrics)
    print(head)
    for s in scenarios:
        med = {}
        for code in ("base", "new"):
            got = rows.get((s, code))
            if not got:
                continue
            med[code] = {m: statistics.median(r[m] for r in got) for m in metrics}
            print(f"{s:<40} {code:<5} {len(got):>2} "
                  + " ".join(f"{med[code][m]:>10.3f}" for m in metrics))
        if len(med) == 2:
            print(f"{s:<40} {'ratio':<5} {'':>2} " + " ".join(
                f"{med['new'][m] / med['base'][m]:>10.2f}" for m in metrics))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6000, help="synthetic commitments")
    ap.add_argument("--repeat", type=int, default=1, help="runs per scenario (and per code)")
    ap.add_argument("--base", type=Path, help="a checkout of the baseline code to compare with")
    ap.add_argument("--only-synthetic", action="store_true", help="skip the bundled scenario")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        synthetic = tmp / "synthetic_release.csv"
        subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), "--out", str(synthetic),
                        "--n", str(a.n)], check=True, stdout=subprocess.DEVNULL)
        empty = tmp / "no-pages"
        scenarios = [
            (f"synthetic release, {a.n} commitments",
             ["build", "--no-bundled", "--raw-dir", str(empty), "--irm-data", str(synthetic)]),
        ]
        if not a.only_synthetic:
            scenarios.insert(0, ("bundled UK data", ["build", "--raw-dir", str(empty)]))
        codes = [("base", a.base.resolve()), ("new", None)] if a.base else [("new", None)]
        for _, root in codes:
            compile_tree(root)
        rows: dict[tuple[str, str], list[dict]] = {}
        for i in range(a.repeat):
            for label, args in scenarios:
                for code, root in codes:  # alternately, so both see the same machine load
                    out = ["--out", str(tmp / f"out-{code}-{i}")]
                    rows.setdefault((label, code), []).append(
                        run_child(f"{label} ({code})", CHILD, [*args, *out], root))
    compare(rows, ("wall", "process", "peak_mib"))
    print("wall: build in the child (package imports, reading, merging, validating, writing), "
          "s; process: the child as a whole, s; peak_mib: its maximum resident set size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
