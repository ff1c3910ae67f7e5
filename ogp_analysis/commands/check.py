"""`ogp-analysis check`: compare published figures (a CSV a researcher types in) with the computed ones."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

COLUMNS = ("member", "cycle", "assessor", "figure", "field", "value")


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="compare published figures with the computed ones",
        description="Compare a CSV of published figures (columns member,cycle,assessor,figure,field,"
        "value) with the figures computed from the processed tables. Prints each match and each "
        "mismatch with the commitments behind the computed number; exits 1 on any mismatch or "
        "any row it cannot interpret.",
    )
    p.add_argument("--published", required=True, help="CSV: member,cycle,assessor,figure,field,value")
    p.add_argument("--data", default=None, help="processed tables folder (default data/processed/)")
    p.set_defaults(func=run)


def read_published(path: Path) -> list[dict]:
    """The published rows, with their line numbers.

    Raises:
        NotFoundError: no such file.
        OGPAnalysisError: the header lacks a required column.
    """
    from ogp_analysis.errors import NotFoundError, OGPAnalysisError

    if not path.is_file():
        raise NotFoundError(f"published figures file not found: {path}")
    body = path.read_bytes()
    if b"\x00" in body[:4000]:
        raise OGPAnalysisError(f"{path}: a binary file, not a CSV: give a UTF-8 CSV with the "
                               f"columns {','.join(COLUMNS)}")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OGPAnalysisError(f"{path}: not a UTF-8 text CSV (byte {exc.start}): save it as "
                               f"CSV UTF-8 with the columns {','.join(COLUMNS)}") from None
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise OGPAnalysisError(f"{path}: missing column(s) {', '.join(missing)}; "
                                   f"expected {','.join(COLUMNS)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            rows.append({"line": line, **{k.strip().lower(): (v or "").strip()
                                          for k, v in raw.items() if k is not None}})
    return rows


def parse_value(text: str) -> int | None:
    """A published whole count, or None for `NA`.

    Raises:
        ValueError: neither.
    """
    if text.upper() == "NA":
        return None
    if not text.isdigit():
        raise ValueError(f"value {text!r} is not a whole count or NA")
    return int(text)


class Checker:
    """Computes each (figure, member, cycle, assessor) once and looks published rows up in it."""

    def __init__(self, tables):
        self.tables = tables
        self.cache: dict = {}

    def computed(self, figure: str, member: str, cycle: int, assessor: str):
        import inspect

        from ogp_analysis.analysis import FIGURES
        from ogp_analysis.analysis import figure as compute

        key = (figure, member, cycle, assessor)
        if key not in self.cache:
            params = {"member": member, "cycle": cycle}
            if "assessor" in inspect.signature(FIGURES[figure]).parameters:
                params["assessor"] = assessor
            frame = compute(figure, self.tables, **params)
            if "assessor" in frame and (frame["assessor"] == assessor).any():
                frame = frame[frame["assessor"] == assessor]
            self.cache[key] = frame[frame["cycle"] == cycle]
        return self.cache[key]

    def check(self, row: dict) -> tuple[str, str]:
        """('match' | 'mismatch' | 'error', message) for one published row."""
        import pandas as pd

        from ogp_analysis.analysis import FIGURES
        from ogp_analysis.analysis.frames import resolve_cycle, resolve_member
        from ogp_analysis.errors import OGPAnalysisError
        from ogp_analysis.metadata.scales import ASSESSORS

        try:
            member = resolve_member(self.tables, row["member"])
            try:
                cycle = int(row["cycle"])
            except ValueError:
                raise OGPAnalysisError(f"cycle {row['cycle']!r} is not a start year") from None
            resolve_cycle(self.tables, member, cycle)
            assessor = row["assessor"].lower()
            if assessor not in ASSESSORS:
                raise OGPAnalysisError(f"assessor {row['assessor']!r} is not one of {', '.join(ASSESSORS)}")
            figure = row["figure"].lower()
            if figure not in FIGURES:
                raise OGPAnalysisError(f"figure {row['figure']!r} is not one of {', '.join(FIGURES)}")
            published = parse_value(row["value"])
            frame = self.computed(figure, member, cycle, assessor)
            hits = frame[frame["field"].str.casefold() == row["field"].casefold()]
            if hits.empty:
                fields = ", ".join(dict.fromkeys(frame["field"]))
                raise OGPAnalysisError(f"field {row['field']!r} is not a field of {figure}; fields: {fields}")
            if len(hits) > 1:
                raise OGPAnalysisError(f"field {row['field']!r} names {len(hits)} computed rows of {figure}")
        except (OGPAnalysisError, ValueError) as exc:
            return "error", str(exc)
        hit = hits.iloc[0]
        computed = None if pd.isna(hit["value"]) else int(hit["value"])
        ids = " ".join(hit["commitment_ids"]) or "(none)"
        what = f"{member} {cycle} {assessor} {figure} {hit['field']}"
        shown = "NA" if computed is None else str(computed)
        pub = "NA" if published is None else str(published)
        if computed == published:
            return "match", f"{what}: published {pub} = computed {shown} (commitments: {ids})"
        return "mismatch", (f"{what}: published {pub} != computed {shown} "
                            f"(commitments behind the computed number: {ids}; basis: {hit['basis']})")


def run(args: argparse.Namespace) -> int:
    from ogp_analysis import load_tables

    rows = read_published(Path(args.published))
    checker = Checker(load_tables(args.data))
    counts = {"match": 0, "mismatch": 0, "error": 0}
    labels = {"match": "MATCH", "mismatch": "MISMATCH", "error": "CANNOT CHECK"}
    for row in rows:
        status, message = checker.check(row)
        counts[status] += 1
        sys.stdout.write(f"{labels[status]} row {row['line']}: {message}\n")
    sys.stdout.write(f"{len(rows)} rows: {counts['match']} match, {counts['mismatch']} mismatch, "
                     f"{counts['error']} cannot be checked\n")
    if not rows:
        sys.stdout.write("no published rows to check\n")
        return 1
    return 0 if counts["mismatch"] == 0 and counts["error"] == 0 else 1
