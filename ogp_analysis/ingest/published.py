"""Published figures: what IRM reports, action plans, self-assessments and member pages print about a plan as a whole.

The format (one figure or fact per row; `data/raw/README.md` documents it for users):

    member,cycle,publication_title,publication_kind,publication_date,field,value,number,denominator,source_url

- `member`: the member slug; `cycle`: the plan's start year.
- `publication_title`: as the publication is known, versions kept ("... (public comment
  version)"); `publication_kind`: one of `fields.PUBLICATION_KINDS`; `publication_date`: YYYY,
  YYYY-MM or YYYY-MM-DD, or blank.
- `field`: a figure of `fields.PUBLISHED_FIGURES` (a count about the plan) or a fact of
  `fields.PUBLICATION_FACTS` (a date, a scope note).
- `value`: exactly as printed ("6 of 21", "8 (100%)", "27 (incl. devolved: Wales 9, ...)").
- `number`, `denominator`: the count and denominator read from the value (blank when the text
  holds none; read here from the value when a figure's `number` is blank).
- `source_url`: where it is published.

Every build reads the bundled `published_figures.csv` (origin `bundled`, made by
`scripts/make_bundled.py`) and every `*.csv` in `data/raw/published/` (origin `published`). A
row the format refuses is a `data_quality` row naming the file, line and value; a file that
cannot be read at all is one `unreadable_file` row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ogp_analysis.keys import action_plan_id
from ogp_analysis.metadata.fields import (
    PARTIAL_DATE_PATTERN,
    PUBLICATION_FACTS,
    PUBLICATION_KINDS,
    PUBLISHED_FIGURES,
)
from ogp_analysis.metadata.rules import MEMBER_SLUG_PATTERN
from ogp_analysis.records import Records, make_source

COLUMNS = ("member", "cycle", "publication_title", "publication_kind", "publication_date",
           "field", "value", "number", "denominator", "source_url")
BUNDLED_FILE = "published_figures.csv"
TABLE = "published_figures"
# Whose document a publication is: the source type of its rows.
KIND_SOURCE_TYPES = {"action_plan": "action_plan", "gov_self_assessment": "gov_self_assessment",
                     "ogp_member_page": "ogp_member_page"}
_OF = re.compile(r"^\s*(\d{1,6})\s+of\s+(\d{1,6})\b", re.IGNORECASE)
_LEADING = re.compile(r"^\s*(\d{1,6})(?!\d)(?![.,]\d)")
_TRAILING = re.compile(r"\((\d{1,6})\)\s*$")


def read_number(value: str) -> tuple[int | None, int | None]:
    """(count, denominator) printed in a published value; (None, None) when it states none.

    "6 of 21" -> (6, 21); "8 (100%)" -> (8, None); "27 (incl. devolved: Wales 9, ...)" -> (27,
    None); "open contracting and aid transparency (2)" -> (2, None); "Fourth" -> (None, None).
    """
    text = str(value or "")
    if m := _OF.match(text):
        return int(m[1]), int(m[2])
    if m := _LEADING.match(text):
        return int(m[1]), None
    if m := _TRAILING.search(text):
        return int(m[1]), None
    return None, None


def _whole(text: str, what: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise ValueError(f"{what} {text!r} is not a whole count")
    return int(text)


def _row_problem(r: dict) -> str | None:
    """Why a row cannot be read (one sentence), or None."""
    if not re.match(MEMBER_SLUG_PATTERN, r["member"]):
        return f"member {r['member']!r} is not a member slug (e.g. united-kingdom)"
    if not (r["cycle"].isdigit() and len(r["cycle"]) == 4):
        return f"cycle {r['cycle']!r} is not a plan's start year"
    if r["publication_kind"] not in PUBLICATION_KINDS:
        return (f"publication_kind {r['publication_kind']!r} is not one of "
                f"{', '.join(PUBLICATION_KINDS)}")
    if r["field"] not in PUBLISHED_FIGURES and r["field"] not in PUBLICATION_FACTS:
        return f"field {r['field']!r} is not a published figure or fact of the format"
    if r["publication_date"] and not re.match(PARTIAL_DATE_PATTERN, r["publication_date"]):
        return f"publication_date {r['publication_date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    if not r["publication_title"]:
        return "publication_title is blank"
    return None


def read_published_file(path: Path | str, *, origin: str, root: Path | None = None) -> list[Records]:
    """One published-figures CSV: a Records per source URL, problems as data_quality rows."""
    path = Path(path)
    shown = _shown(path, root)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        return [_unreadable(shown, origin, f"{shown}: not a readable CSV ({exc})")]
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [_unreadable(shown, origin, f"{shown}: missing column(s) {', '.join(missing)}; "
                            f"the published-figures format has {','.join(COLUMNS)}")]
    by_url: dict[str, Records] = {}
    file_rec = Records(make_source(shown, source_type="irm_report", origin=origin, raw_path=shown))
    for line, raw in enumerate(frame[list(COLUMNS)].to_dict("records"), start=2):
        r = {k: str(v).strip() for k, v in raw.items()}
        problem = _row_problem(r)
        try:
            number, denominator = _whole(r["number"], "number"), _whole(r["denominator"], "denominator")
        except ValueError as exc:
            problem = problem or str(exc)
        if problem:
            file_rec.quality("unknown_value", f"{shown} line {line}: {problem}; row not read",
                             table_name=TABLE, field=r["field"] or None, value_printed=r["value"])
            continue
        is_fact = r["field"] in PUBLICATION_FACTS
        if not is_fact and number is None and denominator is None:
            number, denominator = read_number(r["value"])
        url = r["source_url"] or shown
        rec = by_url.get(url)
        if rec is None:
            stype = KIND_SOURCE_TYPES.get(r["publication_kind"], "irm_report")
            rec = by_url[url] = Records(make_source(url, source_type=stype, origin=origin,
                                                    raw_path=shown))
        cycle = int(r["cycle"])
        rec.add(TABLE, action_plan_id=action_plan_id(r["member"], cycle), member=r["member"],
                cycle=cycle, publication_title=r["publication_title"],
                publication_kind=r["publication_kind"],
                publication_date=r["publication_date"] or None, published_field=r["field"],
                is_fact=is_fact, value_printed=r["value"], published_number=number,
                published_denominator=denominator)
    return [*by_url.values(), *([file_rec] if file_rec.parts.get("data_quality") else [])]


def _shown(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(Path(root).resolve()):
        return str(resolved.relative_to(Path(root).resolve()))
    return str(path)


def _unreadable(shown: str, origin: str, detail: str) -> Records:
    rec = Records(make_source(shown, source_type="irm_report", origin=origin, raw_path=shown))
    rec.quality("unreadable_file", f"{detail}: nothing read from this file", severity="error",
                table_name=TABLE)
    return rec


def read_published_input(paths) -> list[Records]:
    """The bundled published figures and every `*.csv` in `data/raw/published/` (the registry's reader)."""
    out = []
    bundled = Path(paths.bundled) / BUNDLED_FILE
    if bundled.is_file():
        out += read_published_file(bundled, origin="bundled", root=paths.root)
    folder = Path(paths.published)
    if folder.is_dir():
        for path in sorted(folder.glob("*.csv")):
            out += read_published_file(path, origin="published", root=paths.root)
    return out
