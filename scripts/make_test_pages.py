"""Write the parser's test pages (tests/pages/) from ../shared/data/uk_commitment_facts.csv.

Each (commitment, template) the facts record as `page[v1].<row>` (older template) or
`page[v2].<row>` (newer) becomes one small HTML page that prints exactly those rows, in the
template's block order, with the quirks real captures show: a value printed twice where the
facts say "rendered 'Major Major'", a label with no value for "(blank)", missing rows and
blocks where the facts say so, the '✪' status-summary heading. The markup rotates over three
renderings so every quirk of layout is covered: label and value on separate lines (<dl>),
label and value on one line (<p>), and blocks run together (inline <span>s, no whitespace).
Some pages open with a survey banner. UK0088 v1 is also written as a plain-text rendering.

Run: .venv/bin/python scripts/make_test_pages.py [--facts PATH] [--out tests/pages]
The generated pages are committed; rerunning rewrites them identically.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
from collections import defaultdict
from pathlib import Path

from ogp_analysis.paths import shared_dir
from ogp_analysis.storage import atomic_write_text

BASE = "https://www.opengovpartnership.org/members/united-kingdom/commitments"
FIELD = re.compile(r"^page\[(v1|v2)\]\.(.+)$")
# Page rows per block, in page order, per template: (fact field, printed label).
BLOCKS = {
    "v1": [
        ("At-a-Glance", [("action_plan", "Action Plan"), ("action_plan_cycle", "Action Plan Cycle"),
                         ("status", "Status")]),
        ("Institutions", [("lead_institution", "Lead Institution")]),
        ("IRM Review", [("irm_report", "IRM Report"), ("starred", "Starred"),
                        ("early_results", "Early Results")]),
        ("Design i", [("verifiable", "Verifiable"), ("relevant_to_ogp_values", "Relevant to OGP Values"),
                      ("potential_impact", "Potential Impact")]),
        ("Implementation i", [("completion", "Completion")]),
    ],
    "v2": [
        ("At-a-Glance", [("action_plan", "Action Plan"), ("action_plan_cycle", "Action Plan Cycle"),
                         ("status", "Status")]),
        ("Institutions", [("lead_institution", "Lead Institution")]),
        ("IRM Review", [("irm_report", "IRM Report"), ("early_results", "Early Results")]),
        ("Design i", [("verifiable", "Verifiable"), ("relevant_to_ogp_values", "Relevant to OGP Values"),
                      ("ambition", "Ambition (see definition)")]),
        ("Implementation i", [("completion", "Completion")]),
    ],
}
STYLES = ("dl", "p", "runon")


def fact_value(raw: str) -> tuple[str | None, str | None]:
    """(value to print, how the page rendered it) from a fact's annotated value.

    "(blank)" -> "" (label shown, no value); "X (rendered 'X X')" -> ("X", "X X"); values
    recorded for two snapshots keep the later one.
    """
    v = raw.split(" (later snapshot)")[0].split(" (later)")[0]
    rendered = re.search(r"\(rendered '([^']*)'", v)
    v = re.sub(r"\s*\((?:rendered|row absent|text:)[^)]*\)(?: in one capture)?\)?", "", v).strip()
    if v == "(blank)":
        v = ""
    return v, (rendered[1] if rendered else None)


def load_pages(facts: Path) -> dict[tuple[str, str], dict]:
    """(commitment_id, template) -> {'title', 'cycle', 'rows': {field: raw value}}."""
    pages: dict[tuple[str, str], dict] = defaultdict(lambda: {"rows": {}})
    with facts.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            m = FIELD.match(row["field"])
            if not m or row["commitment_id"] == "UK0075":  # UK0075: the seed text itself
                continue
            page = pages[(row["commitment_id"], m[1])]
            page["title"], page["cycle"] = row["title"], row["cycle"][:4]
            page["rows"][m[2]] = row["value"]
    return dict(pages)


def _row_html(style: str, label: str, value: str, rendered: str | None) -> str:
    if rendered and style == "runon" and rendered.split() == value.split() * 2:
        # Two copies in adjacent inline elements: the text runs together ("MajorMajor").
        shown = f"<span>{html.escape(value)}</span><span>{html.escape(value)}</span>"
    else:
        shown = html.escape(rendered or value)
    lab = html.escape(label)
    if style == "dl":
        return f"<dl><dt>{lab}:</dt><dd>{shown}</dd></dl>"
    if style == "p":
        return f"<p><strong>{lab}:</strong> {shown}</p>"
    return f"<span>{lab}: {shown}</span>"


def render(cid: str, template: str, page: dict, style: str, banner: bool) -> str:
    """One commitment page as HTML."""
    rows = page["rows"]
    facts = dict(rows)
    facts.setdefault("action_plan_cycle", page["cycle"])
    block_absent = "absent" in rows.get("irm_review_block", "")
    completion_absent = "absent" in rows.get("completion_row", "")
    headings_missing = "headings missing" in rows.get("completion_row", "")
    parts = ["<!doctype html><html><head><title>OGP</title><style>.x{}</style></head><body>"]
    if banner:
        parts.append('<div class="survey">Help us improve: take our 2-minute survey! <a href="#">Start</a></div>')
    parts.append('<nav><a href="/">Skip Navigation</a></nav><main>')
    parts.append(f"<p>United Kingdom</p><h1>{html.escape(page['title'])} ({cid})</h1>")
    if not headings_missing:
        parts.append("<h2>Overview</h2>")
    for heading, block_rows in BLOCKS[template]:
        if block_absent and heading in ("IRM Review", "Design i", "Implementation i"):
            continue
        if heading == "IRM Review":  # Policy Areas come before the IRM Review block
            parts.append("<h3>Policy Areas</h3><p>Open Data</p>")
        printed = []
        for field, label in block_rows:
            if field == "completion" and completion_absent:
                continue
            if field == "status" and headings_missing:
                continue
            if field not in facts:
                continue
            value, rendered = fact_value(facts[field])
            if field == "relevant_to_ogp_values" and template == "v1" and "," in value and style == "runon":
                value = value.replace(", ", " ")  # values by name, run together as on UK0075
            printed.append(_row_html(style, label, value, rendered))
        if not printed and heading not in ("Implementation i",):
            continue
        skip_heading = headings_missing and heading in ("At-a-Glance", "Institutions")
        head = "" if skip_heading else (f"<span>{heading}</span>" if style == "runon" else f"<h3>{heading}</h3>")
        body = "".join(printed)
        parts.append(f"<div>{head}{body}</div>" if style == "runon" else f"<section>{head}{body}</section>")
    parts.append("<h3>Description</h3><p>Commitment description as printed on the page.</p>")
    heading = rows.get("eot_status_summary_heading")
    if heading:
        parts.append(f"<h2>IRM End of Term Status Summary</h2><h3>{html.escape(heading)}</h3>"
                     "<p>Commitment Text: as printed.</p>")
    parts.append("</main></body></html>\n")
    return "".join(parts)


def render_text(cid: str, page: dict) -> str:
    """A plain-text rendering (as the seed is), one row per line with blank lines between."""
    lines = ["Skip Navigation", "United Kingdom", f"{page['title']} ({cid})", "Overview"]
    facts = dict(page["rows"])
    facts.setdefault("action_plan_cycle", page["cycle"])
    for heading, block_rows in BLOCKS["v1"]:
        lines.append(heading)
        for field, label in block_rows:
            if field in facts:
                value, rendered = fact_value(facts[field])
                lines.append(f"{label}: {rendered or value}")
        if heading == "Institutions":
            lines += ["Policy Areas", "Open Data"]
    lines += ["Description", "Commitment description as printed on the page."]
    return "\n\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=Path, default=shared_dir() / "data" / "uk_commitment_facts.csv")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests" / "pages")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pages = load_pages(args.facts)
    for n, ((cid, template), page) in enumerate(sorted(pages.items())):
        style = STYLES[n % len(STYLES)]
        text = render(cid, template, page, style, banner=n % 4 == 0)
        atomic_write_text(args.out / f"{cid}_{template}.html", text)
    atomic_write_text(args.out / "UK0088_v1.txt", render_text("UK0088", pages[("UK0088", "v1")]))
    print(f"wrote {len(pages) + 1} pages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
