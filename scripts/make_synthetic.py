"""Generate a synthetic, release-shaped IRM data release CSV (default 6,000 commitments) for benchmarks.

Deterministic (`--seed`): every column the release crosswalk knows, values drawn from the IRM
scales and the ND/NR/NA codes, numeric dates in the release's M/D/YYYY order, ~80 policy-area
flags. The data is made up and says so in every title; it is for timing, never for figures.
Run: `.venv/bin/python scripts/make_synthetic.py --out /tmp/synthetic_release.csv [--n 6000]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from ogp_analysis.metadata.release import NOT_IMPORTED_COLUMNS, POLICY_AREA_COLUMNS, RELEASE_COLUMNS
from ogp_analysis.metadata.scales import SCALES

CODES = ["ND", "NR", "NA"]


def make(n: int, seed: int) -> pd.DataFrame:
    """A frame of `n` synthetic release rows."""
    rng = np.random.default_rng(seed)
    n_members = max(1, n // 60)
    member = rng.integers(0, n_members, n)
    cycle = rng.choice(np.arange(2011, 2025), n)
    serial = np.zeros(n, dtype=int)
    counts: dict[int, int] = {}
    for i, m in enumerate(member):
        counts[m] = counts.get(m, 0) + 1
        serial[i] = counts[m]

    def pick(values, p_code=0.3):
        vals = list(values)
        out = rng.choice(vals, n).astype(object)
        mask = rng.random(n) < p_code
        out[mask] = rng.choice(CODES, int(mask.sum()))
        return out

    def letters(i: int) -> str:
        return chr(65 + i // 26 % 26) + chr(65 + i % 26)

    cols: dict[str, object] = {}
    prefix = np.array([f"S{letters(m)}" for m in member])
    cols["Commitment Unique Identifier"] = [f"{p}{s:04d}" for p, s in zip(prefix, serial, strict=True)]
    cols["Country/Locality"] = [f"Synthetic Member {letters(m)}" for m in member]
    cols["URL"] = [f"https://opengovpartnership.org/members/synthetic-member-{letters(m).lower()}/"
                   f"commitments/{c.lower()}" for m, c in zip(member, cols["Commitment Unique Identifier"], strict=True)]
    cols["Code"] = [f"S{letters(m)}" for m in member]
    cols["Region"] = rng.choice(["Europe", "Americas", "Africa and the Middle East", "Asia and the Pacific"], n)
    cols["National Or Local"] = rng.choice(["National", "Legacy Local"], n, p=[0.95, 0.05])
    cols["Year Of Submission"] = cycle.astype(str)
    cols["Action Plan End Year"] = (cycle + 2).astype(str)
    cols["Action Plan ID"] = [f"AP_S{letters(m)}{c % 100:02d}" for m, c in zip(member, cycle, strict=True)]
    cols["Action Plan Number"] = ((cycle - 2011) // 2 + 1).astype(str)
    cols["Theme"] = pick(["Transparency", "Open Parliament", "Accountability"])
    cols["Commitment Title"] = [f"Synthetic commitment {i}" for i in range(n)]
    cols["Full Text"] = ["Synthetic text for benchmarking only."] * n
    month, day = rng.integers(1, 13, n), rng.integers(1, 29, n)
    cols["Start Date"] = [f"{m}/{d}/{c}" for m, d, c in zip(month, day, cycle, strict=True)]
    cols["End Date"] = [f"{m}/{d}/{c + 2}" for m, d, c in zip(month, day, cycle, strict=True)]
    cols["Lead Institution"] = pick(["Ministry of Justice", "Parliament", "Cabinet Office"], 0.05)
    cols["Supporting Institution(s)"] = pick(["CSOs", "Ministry of Finance"], 0.3)
    for col, spec in RELEASE_COLUMNS.items():
        if col in cols:
            continue
        if spec.target == "policy_area":
            cols[col] = pick(["0", "0", "0", "1"], 0.02)
        elif spec.target == "ogp_value":
            cols[col] = pick(["0", "1"])
        elif spec.target == "assessment":
            from ogp_analysis.metadata.scales import INDICATORS

            scale = SCALES[INDICATORS[spec.name].scale_names[0]]
            values = ["0", "1"] if scale.name == "yes_no" else scale.labels
            cols[col] = pick(values)
        else:  # irm_reports / irm_cluster
            cols[col] = pick(["0", "1", "2016", "2018"])
    for col in NOT_IMPORTED_COLUMNS:
        cols[col] = pick(["0", "1"], 0.1)
    order = list(RELEASE_COLUMNS) + list(NOT_IMPORTED_COLUMNS)
    assert set(order) >= set(POLICY_AREA_COLUMNS)
    return pd.DataFrame(cols)[order]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="CSV to write")
    ap.add_argument("--n", type=int, default=6000, help="number of commitments")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed")
    args = ap.parse_args(argv)
    df = make(args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(args.out, index=False)
    print(f"wrote {len(df)} synthetic commitments, {df['Code'].nunique()} members to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
