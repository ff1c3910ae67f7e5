"""Measure `ogp-analysis build` wall time and peak memory: bundled data, and a synthetic 6,000-commitment release.

Each scenario runs in a fresh child process (`ogp_analysis.cli.main`), so peak memory is that
process's maximum resident set size (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured
per child by running one child at a time), and wall time includes imports and writing.
Run: `.venv/bin/python scripts/bench_build.py [--n 6000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import resource, sys, time
from ogp_analysis.cli import main
t = time.perf_counter()
rc = main(sys.argv[1:])
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(f"BENCH rc={rc} wall={wall:.2f} peak_kib={peak}", file=sys.stderr)
"""


def run(label: str, args: list[str]) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True)
    outer = time.perf_counter() - t
    line = [x for x in proc.stderr.splitlines() if x.startswith("BENCH ")]
    if proc.returncode or not line:
        raise SystemExit(f"{label}: build failed:\n{proc.stderr[-2000:]}")
    fields = dict(kv.split("=") for kv in line[-1].split()[1:])
    return {"scenario": label, "build_s": float(fields["wall"]), "process_s": round(outer, 2),
            "peak_mib": round(int(fields["peak_kib"]) / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6000, help="synthetic commitments")
    ap.add_argument("--repeat", type=int, default=1, help="runs per scenario")
    a = ap.parse_args(argv)
    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        synthetic = tmp / "synthetic_release.csv"
        subprocess.run([sys.executable, str(here / "make_synthetic.py"), "--out", str(synthetic),
                        "--n", str(a.n)], check=True, stdout=subprocess.DEVNULL)
        empty = tmp / "no-pages"
        scenarios = [
            ("bundled UK data", ["build", "--raw-dir", str(empty), "--out", str(tmp / "o1")]),
            (f"synthetic release, {a.n} commitments",
             ["build", "--no-bundled", "--raw-dir", str(empty), "--irm-data", str(synthetic),
              "--out", str(tmp / "o2")]),
        ]
        rows = [run(label, args) for label, args in scenarios for _ in range(a.repeat)]
    print(f"{'scenario':<40} {'build s':>8} {'process s':>10} {'peak MiB':>9}")
    for r in rows:
        print(f"{r['scenario']:<40} {r['build_s']:>8.2f} {r['process_s']:>10.2f} {r['peak_mib']:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
