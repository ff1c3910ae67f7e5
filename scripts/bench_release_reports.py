"""Self-assessment reports of the shared IRM data release: a seeded, stratified sample, --jobs 1 against --jobs 2.

Builds the tables from the release alone, picks `--sample` plans stratified by plan size
(seeded), then times each report of the sample one by one, each as its own
`ogp-analysis report self-assessment` process (the slowest is printed), and the sample as a
batch with --jobs 1 and --jobs 2 (the ratio is printed). With --whole, the release's every
plan is then run once as a batch with --jobs 2 (its wall time and slowest report printed).
Run: .venv/bin/python scripts/bench_release_reports.py [--sample 30] [--seed 7] [--whole]
     [--repeat 2] [--one-repeat 2] [--batch-only] [--release CSV]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import compile_tree

from ogp_analysis.cli import main as cli
from ogp_analysis.paths import shared_dir
from ogp_analysis.report.batch import Job, run_jobs
from ogp_analysis.storage import load_tables


def stratified(plans: list[tuple[str, int, int]], n: int, seed: int) -> list[tuple[str, int, int]]:
    """`n` plans spread over the size quartiles, drawn with a fixed seed."""
    rng = random.Random(seed)
    ordered = sorted(plans, key=lambda p: (p[2], p[0], p[1]))
    strata = [ordered[i * len(ordered) // 4:(i + 1) * len(ordered) // 4] for i in range(4)]
    picked = []
    for i, stratum in enumerate(strata):
        k = n // 4 + (1 if i < n % 4 else 0)
        picked += rng.sample(stratum, min(k, len(stratum)))
    return sorted(picked)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--release", type=Path,
                    default=shared_dir() / "data" / "irm_data_release_open_parliament.csv")
    ap.add_argument("--whole", action="store_true", help="then the whole release, --jobs 2")
    ap.add_argument("--repeat", type=int, default=1,
                    help="sample batches per --jobs value, run alternately (the medians' ratio)")
    ap.add_argument("--one-repeat", type=int, default=1,
                    help="runs of each report as its own process (the sample in turn)")
    ap.add_argument("--batch-only", action="store_true",
                    help="skip the one-report-per-process timings")
    a = ap.parse_args(argv)
    compile_tree(None)
    with tempfile.TemporaryDirectory(prefix="bench-release-") as tmp:
        tmp = Path(tmp)
        data = tmp / "processed"
        if cli(["build", "--no-bundled", "--raw-dir", str(tmp / "none"), "--irm-data", str(a.release),
                "--out", str(data)]) != 0:
            return 1
        com = load_tables(data)["commitments"]
        sizes = com.groupby(["member", "cycle"]).size()
        plans = [(str(m), int(c), int(n)) for (m, c), n in sizes.items()]
        sample = stratified(plans, a.sample, a.seed)
        jobs = [Job("self-assessment", {"member": m, "cycle": c}) for m, c, _ in sample]
        one: dict[tuple, list[float]] = {}
        for _ in range(0 if a.batch_only else a.one_repeat):
            for m, c, n in sample:  # the sample once through, then again: a spike hits one run
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "ogp_analysis.cli", "report", "self-assessment",
                                "--member", m, "--cycle", str(c), "--data", str(data),
                                "--out", str(tmp / "one")], check=True, capture_output=True)
                one.setdefault((m, c, n), []).append(time.perf_counter() - start)
        runs: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(a.repeat):
            for j in (1, 2):
                start = time.perf_counter()
                result = run_jobs(jobs, jobs=j, data_dir=data, reports_dir=tmp / f"jobs{j}",
                                  progress=False)
                runs[j].append(time.perf_counter() - start)
                if result.failed:
                    print(f"failed: {[o.job.label for o in result.failed]}", file=sys.stderr)
                    return 1
        walls = {j: statistics.median(v) for j, v in runs.items()}
        if a.whole:
            every = [Job("self-assessment", {"member": m, "cycle": c}) for m, c, _ in plans]
            start = time.perf_counter()
            whole = run_jobs(every, jobs=2, data_dir=data, reports_dir=tmp / "whole", progress=True)
            whole_wall = time.perf_counter() - start
            if whole.failed:
                print(f"failed: {[o.job.label for o in whole.failed]}", file=sys.stderr)
                return 1
    print(f"cpus: {os.cpu_count()}; load average at end: {os.getloadavg()[0]:.2f}")
    print(f"sample: {len(sample)} of {len(plans)} plans (seed {a.seed}, stratified by plan size)")
    if one:
        runs_all = [t for ts in one.values() for t in ts]
        best = {k: min(ts) for k, ts in one.items()}
        worst = sorted(best, key=best.get, reverse=True)[:3]
        print(f"one report at a time ({a.one_repeat} run(s) each): every run: median "
              f"{statistics.median(runs_all):.1f} s, slowest {max(runs_all):.1f} s, "
              f"{sum(t >= 8 for t in runs_all)} of {len(runs_all)} runs at 8 s or more; each report's "
              f"fastest run: slowest " + ", ".join(f"{best[k]:.1f} s ({k[0]} {k[1]}, {k[2]} commitments)"
                                                     for k in worst))
    print(f"sample batch ({a.repeat} run(s) each, alternately; medians): --jobs 1 {walls[1]:.1f} s, "
          f"--jobs 2 {walls[2]:.1f} s, ratio {walls[2] / walls[1]:.2f}x")
    print(f"whole release at the --jobs 2 rate: about {walls[2] / len(sample) * len(plans) / 60:.1f} min "
          f"for {len(plans)} plans")
    if a.whole:
        worst = max(whole.outcomes, key=lambda o: o.seconds)
        print(f"whole release, --jobs 2: {whole_wall / 60:.1f} min for {len(plans)} reports; slowest "
              f"report {worst.seconds:.1f} s ({worst.job.label}); median "
              f"{statistics.median(o.seconds for o in whole.outcomes):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
