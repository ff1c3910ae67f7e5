"""Generate the OGP members the toolkit knows (ogp_analysis/data/members.csv) from the shared release.

One row per member of the IRM data release (`Country/Locality`, `National Or Local`): its slug
(as the release reader makes it), its name as the release prints it, national or local, and the
names a record may call it by: the member's own name (for a local member, the locality before
the comma: "Scotland" of "Scotland, United Kingdom") and the short forms declared in `SHORT`
below. The meeting-note extractor matches a record against these names when no `--member` is
given.

Run: `.venv/bin/python scripts/make_members.py [--shared DIR] [--out FILE]`.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from ogp_analysis.keys import slugify
from ogp_analysis.paths import Paths, shared_dir
from ogp_analysis.storage import atomic_write_text

RELEASE = "data/irm_data_release_open_parliament.csv"
# Short forms records use for a member, declared here (the release prints only the full name).
SHORT = {
    "United Kingdom": ("UK",),
    "United States": ("USA",),
    "Republic of Korea": ("South Korea", "Korea"),
    "Netherlands": ("the Netherlands",),
    "Cote d'Ivoire": ("Côte d'Ivoire",),
    "Kyrgyz Republic": ("Kyrgyzstan",),
    "Slovak Republic": ("Slovakia",),
    "Czech Republic": ("Czechia",),
    "New Zealand": ("Aotearoa New Zealand",),
}


def collect(shared: Path) -> list[dict]:
    """The release's members: slug, member_name, level, names (`|`-separated)."""
    with (shared / RELEASE).open(encoding="utf-8", newline="") as fh:
        seen = {r["Country/Locality"].strip(): r["National Or Local"].strip().lower()
                for r in csv.DictReader(fh) if r["Country/Locality"].strip()}
    rows = []
    for name, level in sorted(seen.items()):
        names = [name.split(",")[0].strip() if "," in name else name, *SHORT.get(name, ())]
        rows.append({"member": slugify(name), "member_name": name, "level": level,
                     "names": "|".join(dict.fromkeys(names))})
    return rows


def main(argv: list[str] | None = None) -> int:
    paths = Paths.default()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--out", type=Path, default=paths.root / "ogp_analysis" / "data" / "members.csv")
    args = ap.parse_args(argv)
    rows = collect(args.shared)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["member", "member_name", "level", "names"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(args.out, buf.getvalue())
    print(f"wrote {len(rows)} members to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
