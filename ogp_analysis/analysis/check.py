"""Published figures against computed ones: the comparison behind `ogp-analysis check`."""

from __future__ import annotations

import csv
from pathlib import Path

COLUMNS = ("member", "cycle", "assessor", "figure", "field", "value")


def read_published(path: Path) -> list[dict]:
    """The published rows, with their line numbers.

    Raises:
        NotFoundError: no such file.
        OGPAnalysisError: the header lacks a required column.
    """
    from ogp_analysis.errors import NotFoundError, OGPAnalysisError

    if not path.is_file():
        raise NotFoundError(f"published figures file not found: {path}")
    from ogp_analysis.ingest.published import COLUMNS as PUBLISHED_COLUMNS

    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        published = all(c in header for c in PUBLISHED_COLUMNS)
        missing = [c for c in COLUMNS if c not in header]
        if missing and not published:
            raise OGPAnalysisError(f"{path}: missing column(s) {', '.join(missing)}; expected "
                                   f"{','.join(COLUMNS)} (the `figures --format csv` format) or "
                                   f"{','.join(PUBLISHED_COLUMNS)} (the published-figures format)")
        rows = []
        for line, raw in enumerate(reader, start=2):
            row = {"line": line, **{k.strip().lower(): (v or "").strip()
                                    for k, v in raw.items() if k is not None}}
            rows.append(from_published(row) if published and missing else row)
    return rows


def from_published(row: dict) -> dict:
    """A row of the published-figures format as a row to check (an at-a-glance field, its count).

    A fact about a publication, or a figure the data cannot compute, keeps a `cannot` reason:
    `Checker.check` reports it for that row.
    """
    from ogp_analysis.ingest.published import read_number
    from ogp_analysis.metadata import rules as R
    from ogp_analysis.metadata.fields import PUBLICATION_FACTS

    code, kind = row.get("field", ""), row.get("publication_kind", "")
    glance = R.PUBLISHED_GLANCE_FIELDS.get(code)
    number = row.get("number") or (str(read_number(row.get("value", ""))[0] or "") if glance else "")
    out = {"line": row["line"], "member": row.get("member", ""), "cycle": row.get("cycle", ""),
           "assessor": R.PUBLISHER_OF_KIND.get(kind, "irm").replace("ogp", "irm"),
           "figure": "at-a-glance", "field": code, "value": number or "NA",
           "publication": row.get("publication_title", "")}
    if code in PUBLICATION_FACTS:
        out["cannot"] = (f"{code!r} ({row.get('publication_title', '')}: {row.get('value', '')!r}) "
                         "is a fact about the publication, not a figure")
    elif glance is None:
        out["cannot"] = (f"{code!r} ({row.get('publication_title', '')}: {row.get('value', '')!r}) "
                         "is not a figure the data can compute")
    elif not number:
        out["cannot"] = f"{row.get('value', '')!r} states no count"
    else:
        out["field"] = glance.format(stage=R.PUBLICATION_STAGE.get(kind, R.DEFAULT_PUBLICATION_STAGE))
    return out


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
        """The computed frame of one figure for one plan and assessor (computed once)."""
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

        from ogp_analysis.analysis.frames import ids_text, resolve_cycle, resolve_member
        from ogp_analysis.analysis.registry import FIGURES as REGISTRY
        from ogp_analysis.errors import OGPAnalysisError
        from ogp_analysis.metadata.scales import ASSESSORS

        try:
            if row.get("cannot"):
                raise OGPAnalysisError(row["cannot"])
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
            checkable = [n for n, f in REGISTRY.items() if f.checkable]
            if figure not in checkable:
                raise OGPAnalysisError(f"figure {row['figure']!r} is not one of {', '.join(checkable)}")
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
        ids = ids_text(hit["commitment_ids"]) or "(none)"
        what = f"{member} {cycle} {assessor} {figure} {hit['field']}"
        shown = "NA" if computed is None else str(computed)
        pub = "NA" if published is None else str(published)
        if computed is None and published is not None:
            # Missing is never a finding: no computed value is not a disagreement.
            return "error", (f"{what}: published {published}, but the data holds no value to "
                             f"compute it from (basis: {hit['basis']})")
        if computed == published:
            return "match", f"{what}: published {pub} = computed {shown} (commitments: {ids})"
        return "mismatch", (f"{what}: published {pub} != computed {shown} "
                            f"(commitments behind the computed number: {ids}; basis: {hit['basis']})")


def check_rows(tables, rows: list[dict]) -> list[tuple[dict, str, str]]:
    """Check every published row: (row, 'match' | 'mismatch' | 'error', message).

    Args:
        tables: the processed tables.
        rows: published rows (`read_published`).
    """
    checker = Checker(tables)
    return [(row, *checker.check(row)) for row in rows]
