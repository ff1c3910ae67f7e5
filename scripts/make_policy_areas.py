"""Generate the OGP policy-area vocabulary (ogp_analysis/data/policy_areas.csv) from what OGP prints.

Sources, each area kept as OGP spells it, with every source that prints it:

- `seed_listing`: the areas of the UK listing in `shared/seeds/004_73604a62fa3e16d0.txt` (read
  by the package's own listing parser);
- `bundled_facts`: the page 'Policy Areas' rows and listing areas of the bundled UK dataset
  (`data/raw/bundled/facts.csv`, `commitments.csv`);
- `irm_data_release`: the release's policy-area columns (`metadata.release.POLICY_AREA_COLUMNS`).

Run: `.venv/bin/python scripts/make_policy_areas.py [--shared DIR] [--out FILE]`.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from ogp_analysis.metadata.release import POLICY_AREA_COLUMNS
from ogp_analysis.parse import parse_listing
from ogp_analysis.parse.text import read_page
from ogp_analysis.paths import Paths, shared_dir
from ogp_analysis.storage import atomic_write_text

SEED = "seeds/004_73604a62fa3e16d0.txt"
LISTING_URL = "https://www.opengovpartnership.org/members/united-kingdom/"


def collect(shared: Path, bundled: Path) -> dict[str, set[str]]:
    """Area as printed -> the sources printing it (first spelling wins, case-insensitive)."""
    found: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}

    def add(area: str | None, source: str) -> None:
        area = (area or "").strip()
        if not area:
            return
        name = spelled.setdefault(area.casefold(), area)
        found.setdefault(name, set()).add(source)

    seed = read_page((shared / SEED).read_text(encoding="utf-8"))
    for row in parse_listing(seed, LISTING_URL).parts["listing"]:
        add(row["policy_area"], "seed_listing")
    with (bundled / "facts.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["section"] == "policy_areas":
                for area in row["value"].split(","):
                    add(area, "bundled_facts")
    with (bundled / "commitments.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            add(row.get("listing_policy_area"), "bundled_facts")
    for column in POLICY_AREA_COLUMNS:
        add(column, "irm_data_release")
    return found


def main(argv: list[str] | None = None) -> int:
    paths = Paths.default()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--out", type=Path,
                    default=paths.root / "ogp_analysis" / "data" / "policy_areas.csv")
    args = ap.parse_args(argv)
    found = collect(args.shared, paths.bundled)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["policy_area", "sources"])
    for area in sorted(found, key=str.casefold):
        w.writerow([area, ";".join(sorted(found[area]))])
    atomic_write_text(args.out, buf.getvalue())
    print(f"wrote {len(found)} policy areas to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
