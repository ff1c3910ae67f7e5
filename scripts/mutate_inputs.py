"""Try mutated pages, malformed release files and wrong command lines; tally how each one ends.

Outcomes: `clean` (read as a browser/reader would, or refused/reported as it should be with no
value lost), `named error` (a one-line error or a data_quality row that names the problem),
`traceback` (any other exception), `silently wrong` (a value differs from what the input says
and nothing reports it). Not part of the test suite: it measures, the tests assert.

Run against any checkout (the tally before and after a change):
`PYTHONPATH=<checkout> .venv/bin/python scripts/mutate_inputs.py [--shared DIR] [--show]`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import inspect
import io
import random
import re
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import ogp_analysis
from ogp_analysis.errors import OGPAnalysisError

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"
URL = "https://www.opengovpartnership.org/members/united-kingdom/commitments/{cid}/"
FILE_URL = "file:///tmp/saved-page.html"
ACCENTED = "Transparência e Participação Cidadã"
REPORTED = {"warning", "error"}


def _call(fn, *args, **kw):
    """fn(*args, **kw) with only the keyword arguments this checkout's fn accepts."""
    params = inspect.signature(fn).parameters
    return fn(*args, **{k: v for k, v in kw.items() if k in params})


# --- pages ---------------------------------------------------------------------------------------

def summary(rec) -> dict:
    """What a parsed commitment page says, in comparable form."""
    (com,) = rec.parts["commitments"] or [{}]
    return {
        "commitment_id": com.get("commitment_id"), "member": com.get("member"),
        "cycle": com.get("cycle"), "title": com.get("title"), "status": com.get("status"),
        "assessments": sorted((a["indicator"], a["stage"], str(a.get("value"))) for a in
                              rec.parts["assessments"]),
        "policy_areas": sorted(r["policy_area"] for r in rec.parts["commitment_policy_areas"]),
    }


def notes(rec) -> Counter:
    return Counter((q["problem"], q["severity"]) for q in rec.parts["data_quality"])


def _with_title(html: str, title: str) -> str:
    return re.sub(r"<h1>(.*?) \(", f"<h1>{title} (", html, count=1)


def _replace_row(html: str, label: str, value: str) -> str:
    """The page with the value of row `label` replaced, whichever markup the template uses."""
    pattern = rf"({label}:\s*(?:</(?:strong|b|dt|span)>\s*)?(?:<(?:dd|span)[^>]*>)?\s*)[^<]*"
    return re.sub(pattern, lambda m: m[1] + value, html, count=1)


def page_mutations(html: str):
    """(name, body bytes, url, content_type, expected changes to the summary or None: refuse)."""
    utf8 = html.encode()
    accented = _with_title(html, ACCENTED)
    meta = accented.replace("<head>", '<head><meta charset="iso-8859-1">', 1)
    yield "utf-16 with BOM", html.encode("utf-16"), None, "text/html", {}
    yield "utf-16 declared in HTTP only", html.encode("utf-16-le"), None, "text/html; charset=utf-16le", {}
    yield "utf-8 BOM", b"\xef\xbb\xbf" + utf8, None, None, {}
    yield "latin-1, <meta charset>", meta.encode("latin-1", "replace"), None, None, {"title": ACCENTED}
    yield "latin-1, HTTP charset", accented.encode("latin-1", "replace"), None, "text/html; charset=ISO-8859-1", {"title": ACCENTED}
    yield "latin-1, undeclared", accented.encode("latin-1", "replace"), None, "text/html", {"title": ACCENTED}
    yield "windows-1252 curly quotes", _with_title(html, "“Open” Data – 2").encode("cp1252"), None, \
        "text/html; charset=windows-1252", {"title": "“Open” Data – 2"}
    deep = html.replace("<main>", "<main>" + "<div>" * 10_001, 1).replace("</main>", "</div>" * 10_001 + "</main>", 1)
    yield "10,001 nested divs", deep.encode(), None, None, {}
    yield "NUL byte after <body>", html.replace("<body>", "<body>\x00", 1).encode(), None, None, {}
    yield "NUL byte mid-page", html.replace("<h3>IRM Review", "\x00<h3>IRM Review", 1).encode(), None, None, {}
    menu = re.sub(r"<p>United Kingdom</p>", "<p>Home About Members Resources</p>", html, count=1)
    yield "menu line above heading, no URL", menu.encode(), FILE_URL, None, None
    titled = menu.replace("<title>OGP</title>", "<title>X | Commitment from United Kingdom | OGP</title>")
    yield "member only in <title>, no URL", titled.encode(), FILE_URL, None, {}
    canon = menu.replace("<head>", '<head><link rel="canonical" href="{url}">', 1)
    yield "member only in canonical link", canon.encode(), FILE_URL, None, {}
    yield "member line, no URL", utf8, FILE_URL, None, {}
    yield "Status: 2014", _replace_row(html, "Status", "2014").encode(), None, None, {"status": None}
    yield "Status: Marginal", _replace_row(html, "Status", "Marginal").encode(), None, None, {"status": None}
    areas = re.sub(r"(<h3>Policy Areas</h3><p>)([^<]*)", r"\1\2, United Kingdom, &lt;", html, count=1)
    yield "member name and < in policy areas", areas.encode(), None, None, {}
    yield "Verifiable: 0", _replace_row(html, "Verifiable", "0").encode(), None, None, {}
    yield "cycle 2020", _replace_row(html, "Action Plan Cycle", "2020").encode(), None, None, {"cycle": 2020}
    yield "cycle 1999", _replace_row(html, "Action Plan Cycle", "1999").encode(), None, None, {"cycle": None}
    yield "cycle 3020", _replace_row(html, "Action Plan Cycle", "3020").encode(), None, None, {"cycle": None}
    body = html.split("<main>", 1)[1].split("</main>", 1)[0]
    yield "whole page printed twice", html.replace("</main>", body + "</main>", 1).encode(), None, None, {}
    yield "truncated at 60%", utf8[: int(len(utf8) * 0.6)], None, None, "subset"
    yield "binary noise", bytes(random.Random(len(html)).randrange(256) for _ in range(3000)), None, None, None
    yield "empty file", b"", None, None, None


def _differences(got: dict, want: dict) -> list[str]:
    return [k for k in want if got.get(k) != want[k]]


def try_page(parse_document, html: str, cid: str, mutation) -> tuple[str, str] | None:
    """How one mutated page ends; None when the mutation does not apply to this page."""
    name, body, url, ctype, change = mutation
    if body == html.encode() and url is None:
        return None
    url = (url or URL.format(cid=cid)).replace("{url}", URL.format(cid=cid))
    real = URL.format(cid=cid)
    base = _call(parse_document, html.encode(), real, build_year=2026)
    want = summary(base)
    want_notes = notes(base)
    if isinstance(change, dict):
        want.update(change)
        if "title" in change:
            want["title"] = change["title"]
    try:
        rec = _call(parse_document, body.replace(b"{url}", real.encode()), url,
                    content_type=ctype, build_year=2026)
    except OGPAnalysisError as exc:
        return ("named error" if "\n" not in str(exc) else "traceback"), str(exc)[:100]
    except Exception as exc:  # noqa: BLE001 - what the tally counts
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    got = summary(rec)
    new = notes(rec) - want_notes
    reported = any(sev in REPORTED for (_, sev) in new)
    if change is None:
        return ("silently wrong", f"accepted: member {got['member']!r}") if not reported else \
            ("named error", str(sorted(new)))
    if change == "subset":
        wrong = [k for k in ("commitment_id", "member", "cycle", "title") if got[k] not in (None, want[k])]
        extra = set(got["policy_areas"]) - set(want["policy_areas"])
        if wrong or extra:
            return ("named error" if reported else "silently wrong"), f"differs: {wrong} {extra}"
        return "clean", "read what is there"
    if "policy_areas" not in change and name.startswith("member name"):
        extra = set(got["policy_areas"]) - set(want["policy_areas"])
        if extra:
            return "silently wrong", f"policy areas gained {sorted(extra)}"
        return ("named error" if reported else "clean"), str(sorted(new))
    keys = want
    if "cycle" in change:
        # A cycle moves the plan's era, and with it the design stage: compare what it names.
        keys = {k: want[k] for k in ("commitment_id", "member", "title", "cycle")}
    diff = _differences(got, keys)
    if name == "whole page printed twice":
        diff = [d for d in diff if d != "assessments"]  # the same rows twice, reported as such
    if not diff:
        return ("named error" if reported and change else "clean"), str(sorted(new))[:100]
    return ("named error" if reported else "silently wrong"), f"differs in {diff}: " + \
        ", ".join(f"{k}={got.get(k)!r}" for k in diff)[:100]


# --- release files -------------------------------------------------------------------------------

def release_mutations(header: list[str], rows: list[list[str]]):
    """(name, file name, bytes, check(records, tables) -> outcome or None when refusing is right)."""
    def text(h, rs, delimiter=","):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows([h, *rs])
        return buf.getvalue()

    good = text(header, rows)
    year = header.index("Year Of Submission")
    title = header.index("Commitment Title")
    accented = [list(r) for r in rows]
    accented[0][title] = ACCENTED

    def with_year(value):
        rs = [list(r) for r in rows]
        rs[1][year] = value
        return text(header, rs)

    def renamed(old, new):
        return text([new if c == old else c for c in header], rows)

    def title_is(recs, tables):
        got = tables["commitments"].set_index("commitment_id")["title"].get(rows[0][0].upper())
        return "clean" if got == ACCENTED else f"silently wrong: title {got!r}"

    def all_rows(recs, tables):
        return "clean" if len(tables["commitments"]) == len(rows) else \
            f"silently wrong: {len(tables['commitments'])} commitments"

    def noted(*problems):
        def check(recs, tables):
            dq = tables["data_quality"]
            if dq["problem"].isin(problems).any():
                return "named error"
            return f"silently wrong: no {problems} row"
        return check

    def counted_once(recs, tables):
        a = tables["assessments"].groupby("commitment_id").size()
        dq = tables["data_quality"]
        base = len([r for r in rows[0] if r.strip()])
        doubled = a.get(rows[0][0].upper(), 0) > base  # more rows than cells: doubled
        if dq["problem"].str.contains("duplicate").any() and not doubled:
            return "named error"
        return "silently wrong: duplicate row not reported" if not doubled else \
            "silently wrong: assessments doubled"

    yield "utf-8", "ok.csv", good.encode(), all_rows
    yield "latin-1", "latin1.csv", text(header, accented).encode("latin-1", "replace"), title_is
    yield "windows-1252", "cp1252.csv", text(header, accented).encode("cp1252", "replace"), title_is
    yield "utf-16 with BOM", "utf16.csv", text(header, accented).encode("utf-16"), title_is
    yield "utf-16-le without BOM", "utf16le.csv", text(header, accented).encode("utf-16-le"), title_is
    yield "utf-8 with BOM", "bom.csv", b"\xef\xbb\xbf" + text(header, accented).encode(), title_is
    yield "semicolons", "semi.csv", text(header, rows, ";").encode(), all_rows
    yield "tabs", "tabs.csv", text(header, rows, "\t").encode(), all_rows
    yield "header only", "header.csv", text(header, []).encode(), None
    yield "empty file", "empty.csv", b"", None
    yield "all-empty rows", "blank.csv", (text(header, []) + "," * (len(header) - 1) + "\n").encode() * 1, None
    yield "no Year Of Submission", "noyear.csv", text(
        [c for i, c in enumerate(header) if i != year],
        [[c for i, c in enumerate(r) if i != year] for r in rows]).encode(), None
    yield "Year of submission (case)", "case.csv", renamed("Year Of Submission", "Year of submission").encode(), None
    yield "Submission Year", "renamed.csv", renamed("Year Of Submission", "Submission Year").encode(), None
    yield "no ID column", "noid.csv", text(header[1:], [r[1:] for r in rows]).encode(), None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    yield ".xlsx workbook", "release.xlsx", buf.getvalue(), None
    yield "binary noise", "noise.csv", bytes(random.Random(7).randrange(256) for _ in range(4000)), None
    yield "exact duplicate row", "dup.csv", text(header, [rows[0], *rows]).encode(), counted_once
    yield "short row", "short.csv", text(header, [rows[0], rows[1][:-10], rows[2]]).encode(), \
        noted("short_row")
    yield "long row", "long.csv", text(header, [rows[0] + ["x", "y"], *rows[1:]]).encode(), \
        noted("long_row", "unknown_column")
    yield "year 20l4", "20l4.csv", with_year("20l4").encode(), noted("unknown_value")
    yield "year blank", "blankyear.csv", with_year("").encode(), noted("blank_value", "missing_cycle")
    yield "year 1999", "1999.csv", with_year("1999").encode(), noted("implausible_year")
    yield "year 3020", "3020.csv", with_year("3020").encode(), noted("implausible_year")
    bad_id = [list(r) for r in rows]
    bad_id[1][0] = "not-an-id"
    yield "row with a bad ID", "badid.csv", text(header, bad_id).encode(), noted("unreadable_row")
    yield "unknown column", "extra.csv", text([*header, "Mystery"], [[*r, "1"] for r in rows]).encode(), \
        noted("unknown_column")
    nl = [list(r) for r in rows]
    nl[0][title] = "Line one\nline two"
    yield "newline inside a quoted cell", "newline.csv", text(header, nl).encode(), all_rows


def try_release(read_release, build_tables, folder: Path, mutation) -> tuple[str, str]:
    name, fname, body, check = mutation
    path = folder / fname
    path.write_bytes(body)
    try:
        recs = _call(read_release, path, build_year=2026)
        tables, _ = build_tables(recs)
    except OGPAnalysisError as exc:
        one = "\n" not in str(exc) and fname in str(exc)
        return ("named error" if one else "traceback"), str(exc)[:100]
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    if check is None:
        return "silently wrong", f"accepted: {len(tables['commitments'])} commitments"
    verdict = check(recs, tables)
    return (verdict.split(":")[0], verdict) if ":" in verdict else (verdict, "")


# --- command lines -------------------------------------------------------------------------------

def command_lines(folder: Path):
    a_file = folder / "a-file.txt"
    a_file.write_text("x\n")
    binary = folder / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    return [
        ("check --published binary", ["check", "--published", str(binary)]),
        ("build --out under a file", ["build", "--no-bundled", "--irm-data", str(folder / "ok.csv"),
                                      "--out", str(a_file / "out")]),
        ("fetch --raw-dir a file", ["fetch", "--member", "united-kingdom", "--raw-dir", str(a_file),
                                    "--base-url", "http://127.0.0.1:9", "--no-progress",
                                    "--retries", "0", "--timeout", "1"]),
        ("parse a binary file", ["parse", str(binary)]),
        ("parse a missing file", ["parse", str(folder / "nowhere.html")]),
        ("build --strict, unknown column", ["build", "--no-bundled", "--strict", "--irm-data",
                                            str(folder / "extra.csv"), "--out", str(folder / "o")]),
        ("build --irm-data workbook", ["build", "--no-bundled", "--irm-data",
                                       str(folder / "release.xlsx"), "--out", str(folder / "o")]),
    ]


def try_command(argv, word: str | None = None) -> tuple[str, str]:
    from ogp_analysis.cli import main

    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    lines = [x for x in err.getvalue().splitlines() if x.strip() and "%|" not in x]
    if code == 2 and len(lines) == 1:
        if word is not None and word not in lines[0]:
            return "silently wrong", f"error does not name {word!r}: {lines[0][:100]}"
        return "named error", lines[0][:100]
    if code == 1 and argv[1:3] == ["--no-bundled", "--strict"] and "Mystery" in err.getvalue():
        return "named error", "listed"
    return "silently wrong", f"exit {code}: {lines[:2]}"


# --- the release's columns as a set, line endings and the member rule (issue 29) ------------------

def column_set_mutations(header: list[str], rows: list[list[str]], other: list[str]):
    """(name, file name, bytes, check) like `release_mutations`: columns, line ends, members."""
    def text(h, rs, end="\n"):
        buf = io.StringIO()
        csv.writer(buf, lineterminator=end).writerows([h, *rs])
        return buf.getvalue()

    cid = rows[0][0].upper()
    col = {c: i for i, c in enumerate(header)}

    def without(name):
        i = col[name]
        return text([c for j, c in enumerate(header) if j != i],
                    [[c for j, c in enumerate(r) if j != i] for r in rows])

    def cell(row, name, value):
        rs = [list(r) for r in rows]
        rs[row][col[name]] = value
        return rs

    def same_tables(recs, tables):
        base = len([r for r in rows[0] if r.strip()])
        got = len(tables["commitments"]), tables["assessments"]["commitment_id"].eq(cid).sum() <= base
        return "clean" if got == (len(rows), True) else f"silently wrong: {got}"

    def dq_names(token, *, severities=("warning", "error")):
        def check(recs, tables):
            dq = tables["data_quality"]
            said = dq["detail"].fillna("").astype(str) + " " + dq["value_printed"].fillna("").astype(str)
            hit = dq[dq["severity"].isin(severities)
                     & said.str.lower().str.contains(token.lower(), regex=False)]
            return "named error" if len(hit) else f"silently wrong: no data_quality row naming {token!r}"
        return check

    def member_kept(recs, tables):
        got = tables["commitments"].set_index("commitment_id")["member"].get(cid)
        if got != "united-kingdom":
            return f"silently wrong: filed under {got!r}"
        return dq_names("kenya")(recs, tables)

    def name_clean(recs, tables):
        names = tables["members"]["member_name"].dropna().astype(str)
        if names.str.contains("\x00").any():
            return "silently wrong: a NUL kept in the member name"
        return dq_names("member_name", severities=("info", "warning", "error"))(recs, tables) \
            .replace("silently wrong", "silently wrong: NUL dropped unreported")

    dup = [*header, "Completion (End Of Term)"]
    yield "duplicated Completion (End Of Term) header", "dupcol.csv", \
        text(dup, [[*r, "Not Started"] for r in rows]).encode(), None
    yield "no Country/Locality column", "nocountry.csv", without("Country/Locality").encode(), None
    for name in ("Completion (End Of Term)", "Potential Impact", "Open Parliaments"):
        yield f"no {name} column", "nocol.csv", without(name).encode(), dq_names(repr(name))
    mac = [[c.replace("\r\n", "\r").replace("\n", "\r") for c in r] for r in rows]
    yield "CR-only line endings", "cr.csv", text(header, mac, "\r").encode(), same_tables
    yield "CRLF line endings", "crlf.csv", text(header, rows, "\r\n").encode(), same_tables
    yield "CRLF with BOM", "crlfbom.csv", b"\xef\xbb\xbf" + text(header, rows, "\r\n").encode(), \
        same_tables
    yield "URL names another member", "url.csv", text(header, cell(0, "URL", rows[0][col["URL"]].replace(
        "united-kingdom", "kenya"))).encode(), member_kept
    yield "ID prefix of another member", "prefix.csv", text(header, [
        *cell(0, "Commitment Unique Identifier", other[0][:-4] + "9051")[:3], other]).encode(), \
        dq_names(other[col["Country/Locality"]])
    yield "Action Plan End Year of 20 digits", "end20.csv", text(
        header, cell(1, "Action Plan End Year", "9" * 20)).encode(), dq_names("Action Plan End Year")
    yield "end year before start year", "endbefore.csv", text(
        header, cell(1, "Action Plan End Year", "2011")).encode(), dq_names("Action Plan End Year")
    yield "Year Of Submission 20_14", "underscore.csv", text(
        header, cell(1, "Year Of Submission", "20_14")).encode(), dq_names("20_14")
    yield "NUL inside the member name", "nul.csv", text(header, [
        [c.replace("United Kingdom", "United\x00 Kingdom") if j == col["Country/Locality"] else c
         for j, c in enumerate(r)] for r in rows]).encode(), name_clean


# --- meeting records and progress files (issue 29: bounds, duplicates, empty files) ------------------

MEETING = {"meeting_id": "united-kingdom-2014-02-26-forum", "member": "united-kingdom",
           "date": "2014-02-26", "kind": "forum", "plans": "2013:implementation",
           "attendees_total": "12", "attendees_government": "5", "commitments": "{cid}"}
UPDATE = {"commitment_id": "{cid}", "as_of_date": "2014-03-01", "assessor": "government",
          "progress_status_printed": "Substantial", "source_type": "gov_self_assessment"}


def _csv_text(rows: list[dict], columns=None) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns or list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def process_mutations(cid: str, other_cid: str):
    """(name, {folder: {file: text}}, check(tables) -> verdict) for the user's process files."""
    meet = {k: v.replace("{cid}", cid) for k, v in MEETING.items()}
    upd = {k: v.replace("{cid}", cid) for k, v in UPDATE.items()}

    def dq_names(token, severities=("warning", "error")):
        def check(tables):
            dq = tables["data_quality"]
            hit = dq[dq["severity"].isin(severities) & (
                dq["detail"].astype(str).str.contains(token, regex=False)
                | dq["value_printed"].astype(str).str.contains(token, regex=False))]
            return "named error" if len(hit) else f"silently wrong: no warning naming {token!r}"
        return check

    def once(tables):
        n = (tables["progress_updates"]["commitment_id"] == cid).sum()
        return "clean" if n == 1 else f"silently wrong: {n} progress rows for one"

    yield "0-byte meeting records", {"process": {"empty.csv": ""}}, dq_names("empty.csv")
    yield "0-byte progress file", {"progress": {"empty.csv": ""}}, dq_names("empty.csv")
    yield "attendance count of 20 digits", {"process": {"m.csv": _csv_text(
        [meet | {"attendees_total": "9" * 20}])}}, dq_names("9" * 20)
    yield "meeting names an unknown commitment", {"process": {"m.csv": _csv_text(
        [meet | {"commitments": "UK9999"}])}}, dq_names("UK9999")
    yield "meeting names another member's commitment", {"process": {"m.csv": _csv_text(
        [meet | {"commitments": other_cid}])}}, dq_names(other_cid)
    yield "meeting of a member no source knows", {"process": {"m.csv": _csv_text(
        [meet | {"member": "narnia", "meeting_id": "narnia-2014-02-26-forum"}])}}, dq_names("narnia")
    short = _csv_text([meet]).splitlines()
    yield "short meeting row (counts dropped)", {"process": {"m.csv": short[0] + "\n" + ",".join(
        short[1].split(",")[:5]) + "\n"}}, dq_names("short", ("warning", "error"))
    yield "duplicate meeting_id, other attendance", {"process": {"m.csv": _csv_text(
        [meet, meet | {"attendees_total": "30"}])}}, dq_names(meet["meeting_id"], ("warning",))
    yield "progress row for an unknown commitment", {"progress": {"p.csv": _csv_text(
        [upd | {"commitment_id": "UK9999"}])}}, dq_names("UK9999")
    yield "exact duplicate progress row", {"progress": {"p.csv": _csv_text([upd, upd])}}, once
    yield "meeting dated 1901", {"process": {"m.csv": _csv_text(
        [meet | {"date": "1901-02-26"}])}}, dq_names("1901-02-26")
    yield "meeting for a 1999 plan", {"process": {"m.csv": _csv_text(
        [meet | {"plans": "1999:implementation"}])}}, dq_names("1999:implementation")
    yield "progress update dated 1999", {"progress": {"p.csv": _csv_text(
        [upd | {"as_of_date": "1999-03-01"}])}}, dq_names("1999-03-01")
    fact = {"member": "united-kingdom", "cycle": "2013", "indicator": "published",
            "value": "2013-10-31", "report_title": "IRM report", "source_type": "irm_report",
            "source_url": "https://example.org/irm", "note": ""}
    yield "plan fact with a 20-digit cycle", {"process": {"f.csv": _csv_text(
        [fact | {"cycle": "9" * 20}])}}, dq_names("9" * 20)
    yield "plan fact for a 1999 plan", {"process": {"f.csv": _csv_text(
        [fact | {"cycle": "1999"}])}}, dq_names("1999")


def try_process(folder: Path, release_path: Path, mutation) -> tuple[str, str]:
    import pandas as pd

    from ogp_analysis.ingest.bundled import COMMITMENTS
    from ogp_analysis.ingest.process_records import read_process_folder
    from ogp_analysis.ingest.progress import plan_lookups, read_progress_folder
    from ogp_analysis.ingest.release import read_release
    from ogp_analysis.normalise import build_tables

    name, files, check = mutation
    base = folder / re.sub(r"\W+", "-", name)
    for sub, content in files.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        for fname, body in content.items():
            (base / sub / fname).write_text(body, encoding="utf-8")
    com = pd.read_csv(ROOT / "data" / "raw" / "bundled" / COMMITMENTS, dtype={"cycle": int},
                      keep_default_na=False)
    try:
        recs = [*read_release(release_path), *read_process_folder(base / "process", root=base),
                *read_progress_folder(base / "progress", plans=plan_lookups(com), root=base)]
        tables, _ = build_tables(recs)
    except OGPAnalysisError as exc:
        return ("named error" if "\n" not in str(exc) else "traceback"), str(exc)[:100]
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    verdict = check(tables)
    return (verdict.split(":")[0], verdict) if ":" in verdict else (verdict, "")


# --- hostile command lines (issue 29): numbers, dates, damaged tables and notebooks -------------------

def hostile_command_lines(folder: Path, page: Path):
    """(name, argv, a word the one-line error must hold) for bad flags and damaged inputs."""
    from ogp_analysis.cli import main as cli

    good, bad = folder / "tables", folder / "corrupt"
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        cli(["build", "--no-bundled", "--irm-data", str(folder / "ok.csv"), "--out", str(good)])
    bad.mkdir()
    for f in good.iterdir():
        if f.is_file():
            (bad / f.name).write_bytes(f.read_bytes())
    (bad / "commitments.parquet").write_bytes(b"PAR1" + b"\x00garbage" * 20)
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        (notebooks / nb.name).write_text('{"cells": [', encoding="utf-8")
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    fetch = ["fetch", "--member", "united-kingdom", "--base-url", "http://127.0.0.1:9",
             "--raw-dir", str(folder / "pages"), "--no-progress", "--retries", "0"]
    report = ["report", "self-assessment", "--member", "united-kingdom", "--cycle", "2013",
              "--format", "ipynb", "--out", str(folder / "reports")]
    return [
        ("fetch --timeout nan", [*fetch, "--timeout", "nan"], "--timeout"),
        ("fetch --timeout inf", [*fetch, "--timeout", "inf"], "--timeout"),
        ("fetch --timeout -1", [*fetch, "--timeout", "-1"], "--timeout"),
        ("fetch --rpm nan", [*fetch, "--timeout", "1", "--rpm", "nan"], "--rpm"),
        ("fetch --rpm -5", [*fetch, "--timeout", "1", "--rpm", "-5"], "--rpm"),
        ("fetch --retries -1", [*fetch[:-2], "--timeout", "1", "--retries", "-1"], "--retries"),
        ("parse --retrieved-at yesterday", ["parse", str(page), "--retrieved-at", "yesterday"],
         "--retrieved-at"),
        ("process extract a binary file", ["process", "extract", str(folder / "binary.bin")],
         "binary.bin"),
        ("process extract an empty file", ["process", "extract", str(empty)], "empty.txt"),
        ("figures, corrupt Parquet", ["figures", "at-a-glance", "--member", "united-kingdom",
                                      "--cycle", "2013", "--data", str(bad)], "ogp-analysis build"),
        ("report, corrupt Parquet", [*report, "--data", str(bad)], "ogp-analysis build"),
        ("diff, corrupt Parquet", ["diff", str(good), str(bad)], "ogp-analysis build"),
        ("report --notebooks, broken JSON", [*report, "--data", str(good), "--notebooks",
                                             str(notebooks)], "JSON"),
        ("parse --indent -4", ["parse", str(page), "--indent", "-4"], "--indent"),
        ("report batch --jobs 0", ["report", "batch", "--jobs", "0", "--data", str(good)], "--jobs"),
        ("build --keep 0", ["build", "--no-bundled", "--irm-data", str(folder / "ok.csv"), "--keep",
                            "0", "--out", str(folder / "keep")], "--keep"),
    ]


def try_crawl_summary() -> tuple[str, str]:
    """A refresh whose page met a 500 and a 429 before a changed 200: the summary names both."""
    sys.path.insert(0, str(ROOT / "tests"))
    from http_site import refresh_through_faults

    from ogp_analysis.commands.fetch import _print_summary

    with tempfile.TemporaryDirectory() as raw:
        summary, url, _ = refresh_through_faults(raw)
    out = io.StringIO()
    _print_summary(summary, out)
    said = out.getvalue()
    named = [w for w in ("HTTP 500", "HTTP 429") if w in said] + \
        ([url] if said.count(url) >= 2 else [])
    if len(named) == 3:
        return "named error", "retries and the changed page named"
    return "silently wrong", f"summary names only {named}"


def try_hostile(argv, word: str) -> tuple[str, str]:
    return try_command(argv, word)


def try_parse_member_url(page: Path) -> tuple[str, str]:
    """`parse --url` naming another member than the page's own member line."""
    import json

    from ogp_analysis.cli import main as cli

    out = io.StringIO()
    url = f"https://www.opengovpartnership.org/members/kenya/commitments/{page.name[:6]}/"
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(out):
            code = cli(["parse", str(page), "--url", url])
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    if code != 0:
        return "named error", f"exit {code}"
    got = json.loads(out.getvalue())
    got = got[0] if isinstance(got, list) else got
    parts = got.get("parts", got)
    dq = [q for q in parts.get("data_quality", []) if "kenya" in str(q.get("detail"))
          and q.get("severity") in REPORTED]
    member = (parts.get("commitments") or [{}])[0].get("member")
    if dq:
        return "named error", f"member {member!r}: {dq[0]['detail'][:80]}"
    return "silently wrong", f"member {member!r}, no note"


def try_bounded_parse() -> tuple[str, str]:
    """`parse /dev/zero` in a child with a 2 GB address-space limit and a 60 s clock."""
    import os
    import subprocess

    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from ogp_analysis.cli import main; sys.exit(main(['parse', '/dev/zero']))")
    checkout = str(Path(ogp_analysis.__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": checkout}
    try:
        # Run from the checkout: `python -c` puts the working folder first on sys.path.
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60, env=env, cwd=checkout)
    except subprocess.TimeoutExpired:
        return "traceback", "still reading after 60 s"
    lines = [x for x in done.stderr.splitlines() if x.strip()]
    if done.returncode == 2 and len(lines) == 1:
        return "named error", lines[0][:100]
    return "traceback", f"exit {done.returncode}: {lines[-1:]}"[:100]


def try_figure_csv(folder: Path, header: list[str], rows: list[list[str]]) -> tuple[str, str]:
    """A report's figure CSVs for a commitment titled `=HYPERLINK(...)`: no cell starts with =."""
    from ogp_analysis.cli import main as cli

    title = '=HYPERLINK("http://x.invalid","y")'
    rs = [list(r) for r in rows]
    rs[0][header.index("Commitment Title")] = title
    path = folder / "formula.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rs])
    out = folder / "formula-tables"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        cli(["build", "--no-bundled", "--irm-data", str(path), "--out", str(out)])
        code = cli(["report", "self-assessment", "--member", "united-kingdom", "--cycle",
                    rs[0][header.index("Year Of Submission")], "--assessor", "irm", "--format",
                    "ipynb", "--data", str(out), "--out", str(folder / "formula-reports")])
    if code != 0:
        return "traceback", f"report exit {code}: {err.getvalue()[-100:]}"
    cells = [c for f in (folder / "formula-reports").rglob("*.csv") for r in csv.reader(f.open())
             for c in r]
    if not any("HYPERLINK" in c for c in cells):
        return "clean", "title not in any figure CSV"
    bad = [c for c in cells if c[:1] in "=+-@" and "HYPERLINK" in c]
    return ("silently wrong", f"cell {bad[0][:40]!r}") if bad else ("clean", "neutralised")


def main(argv: list[str] | None = None) -> int:
    import logging

    from ogp_analysis.ingest.release import read_release
    from ogp_analysis.normalise import build_tables
    from ogp_analysis.parse import parse_document
    from ogp_analysis.paths import shared_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--show", action="store_true", help="print every case, not only the tally")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    print(f"checkout: {Path(ogp_analysis.__file__).parent.parent}", file=sys.stderr)

    tally: dict[str, Counter] = {"pages": Counter(), "release files": Counter(),
                                 "command lines": Counter()}
    shown = []
    for page in sorted(PAGES.glob("*.html"))[:10]:
        html = page.read_text(encoding="utf-8")
        cid = page.name.split("_")[0]
        for m in page_mutations(html):
            tried = try_page(parse_document, html, cid, m)
            if tried is None:
                continue
            outcome, why = tried
            tally["pages"][outcome] += 1
            shown.append(("page", f"{page.name}: {m[0]}", outcome, why))

    with (args.shared / "data" / "irm_data_release_open_parliament.csv").open(encoding="utf-8",
                                                                            newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        every = list(reader)
    rows = [r for r in every if r[0].upper() in ("UK0051", "UK0059", "UK0062")]
    other = next(r for r in every if r[0].upper().startswith("CL"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for m in release_mutations(header, rows):
            outcome, why = try_release(read_release, build_tables, folder, m)
            tally["release files"][outcome] += 1
            shown.append(("release", m[0], outcome, why))
        for name, cmd in command_lines(folder):
            outcome, why = try_command(cmd)
            tally["command lines"][outcome] += 1
            shown.append(("cli", name, outcome, why))
        tally |= {"release columns": Counter(), "process files": Counter(),
                  "hostile command lines": Counter(), "figure CSVs": Counter()}
        for m in column_set_mutations(header, rows, other):
            outcome, why = try_release(read_release, build_tables, folder, m)
            tally["release columns"][outcome] += 1
            shown.append(("columns", m[0], outcome, why))
        for m in process_mutations(rows[0][0].upper(), other[0].upper()):
            outcome, why = try_process(folder, folder / "ok.csv", m)
            tally["process files"][outcome] += 1
            shown.append(("process", m[0], outcome, why))
        page = sorted(PAGES.glob("UK*.html"))[0]
        hostile = [(name, lambda a=argv, w=word: try_hostile(a, w))
                   for name, argv, word in hostile_command_lines(folder, page)]
        hostile += [("parse --url naming another member", lambda: try_parse_member_url(page)),
                    ("parse /dev/zero", try_bounded_parse)]
        for name, run in hostile:
            outcome, why = run()
            tally["hostile command lines"][outcome] += 1
            shown.append(("cli", name, outcome, why))
        tally["crawl summary"] = Counter()
        outcome, why = try_crawl_summary()
        tally["crawl summary"][outcome] += 1
        shown.append(("fetch", "refresh: 500, 429, then a changed page", outcome, why))
        outcome, why = try_figure_csv(folder, header, rows)
        tally["figure CSVs"][outcome] += 1
        shown.append(("figures", "title =HYPERLINK(...)", outcome, why))
        # Wrong output folders and kills at chosen moments (scripts/mutate_outputs.py).
        from mutate_outputs import run_all as output_cases

        for group, name, outcome, why in output_cases(folder / "ok.csv"):
            tally.setdefault(group, Counter())[outcome] += 1
            shown.append((group, name, outcome, why))

    if args.show:
        for kind, name, outcome, why in shown:
            print(f"{kind:8} {outcome:15} {name}: {why}")
    from mutate_outputs import print_tally

    print_tally(tally, "input")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
