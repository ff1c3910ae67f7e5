"""Generate the bundled UK dataset (data/raw/bundled/) from the read-only shared material.

Reads `shared/seeds/004_73604a62fa3e16d0.txt` (the UK0075 page text and the UK listing, parsed by
the package's own parsers), `shared/data/uk_commitment_facts.csv`,
`shared/data/uk_gov_self_assessment_2013_15.csv` and the 26 Feb 2014 meeting note
(`shared/seeds/001_5ec30c11cb96fd79.txt`: its progress statements), and writes facts only (IDs,
titles, labels and short printed values, each with its source URL) in the format
`data/raw/README.md` documents.
Annotated values become what the page printed (a doubled rendering, a blank, two captures) or a
typed absence; report prose is reduced to what it asserts. Nothing is dated: the facts carry no
capture date.

The process files (issue 12): `process_meetings.csv` is the meeting-records CSV of the two meeting
notes and the forum read-out (`shared/seeds/001-003`, read by the package's own extractor, then
the reviewer's corrections declared in `REVIEWED`) and of the meetings the civil society
coordinators' story of the 2013-15 plan dates (`STORY_MEETINGS`: dates, kinds, phases, no prose),
and the UK's meetings of 2016-2023 of `shared/data/uk_forum_meetings.csv` (issue 28: counts as
the record states them, listed people as one organisation entry each, no names);
`process_irm.csv` holds the plan process facts of `shared/data/uk_irm_process_facts.csv` with
the reports' quoted words left out. Run: `.venv/bin/python scripts/make_bundled.py [--shared DIR] [--out DIR]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

import pandas as pd

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.ingest.process_records import (
    BUNDLED_MEETINGS,
    BUNDLED_PLAN_FACTS,
    PLAN_FACT_COLUMNS,
)
from ogp_analysis.meeting_records import COLUMNS as EXTRACT_COLUMNS
from ogp_analysis.meeting_records import KIND_WORDS, SECTOR_WORDS, meeting_id, organisation_entry
from ogp_analysis.parse import parse_listing
from ogp_analysis.parse.commitment import page_to_triples
from ogp_analysis.parse.meeting_notes import extract_meeting, find_organisation
from ogp_analysis.parse.text import read_page
from ogp_analysis.paths import Paths, shared_dir
from ogp_analysis.storage import atomic_write_text

SEED = "004_73604a62fa3e16d0.txt"
SEED_URL = "https://www.opengovpartnership.org/members/united-kingdom/commitments/UK0075/"
# The listing that follows the page in the seed text is the member page's list of commitments
# (IRM.md: member pages list commitments as "Title" then "UK0090, 2019, E-Government").
LISTING_URL = "https://www.opengovpartnership.org/members/united-kingdom/"
MEMBER = "united-kingdom"
COMMITMENT_COLUMNS = ["commitment_id", "member", "member_name", "cycle", "title", "title_source_kind",
                      "listing_policy_area", "listing_starred", "source_url", "note"]
FACT_COLUMNS = ["commitment_id", "cycle", "source_kind", "capture", "section", "label", "value",
                "value_state", "source_url", "note"]

# facts-file row name -> (section, label as the page prints it)
PAGE_ROWS = {
    "status": ("at_a_glance", "Status"),
    "action_plan": ("at_a_glance", "Action Plan"),
    "action_plan_cycle": ("at_a_glance", "Action Plan Cycle"),
    "lead_institution": ("institutions", "Lead Institution"),
    "irm_report": ("irm_review", "IRM Report"),
    "starred": ("irm_review", "Starred"),
    "early_results": ("irm_review", "Early Results"),
    "verifiable": ("design", "Verifiable"),
    "relevant_to_ogp_values": ("design", "Relevant to OGP Values"),
    "potential_impact": ("design", "Potential Impact"),
    "ambition": ("design", "Ambition"),
    "completion": ("implementation", "Completion"),
    "completion_row": ("implementation", "Completion"),
    "irm_review_block": ("irm_review", "IRM Review"),
    "eot_status_summary_heading": ("status_summary", "Heading"),
    "status_summary_midterm": ("status_summary", "Midterm"),
    "status_summary_end_of_term": ("status_summary", "End of Term"),
    "diog_access_to_information": ("did_it_open_government", "Access to Information"),
    "diog_civic_participation": ("did_it_open_government", "Civic Participation"),
    "carried_forward": ("carried_forward", "Carried Forward?"),
}
# Sections of a parsed page whose values are prose, not facts: never copied.
PROSE_SECTIONS = {"description", "milestones"}
_FIELD = re.compile(r"^page\[(v[12])(-early)?\]\.(.+)$")
_RENDERED = re.compile(r"^(.*?) \(rendered '(.+?)'( in one capture)?\)$")
_TWO = re.compile(r"^(.*?) \((later|later snapshot)\); (.*?) \((earlier|earlier snapshot)\)$")
_BLANK_NOTE = re.compile(r"^\(blank\) \((.+)\)$")
_ABSENT = re.compile(r"^absent in this (?:capture|snapshot) \((.+)\)$")
_CUT = re.compile(r"^(.*?) \((excerpt cut off.*)\)$")
_TEXT = re.compile(r"^(Yes|No) \(text: '(.+)'\)$")


def _printed(value: str) -> list[tuple[str, str, str, str]]:
    """An annotated value -> [(capture, value as printed, value_state, note)]."""
    if value == "(blank)":
        return [("", "", "blank", "")]
    if m := _TWO.match(value):
        return [c for part, cap in ((m[1], "later"), (m[3], "earlier")) for c in
                [(cap, *_printed(part)[0][1:])]]
    if m := _BLANK_NOTE.match(value):
        return [("", "", "blank", m[1])]
    if m := _ABSENT.match(value):
        return [("", "", "absent", m[1])]
    if m := _RENDERED.match(value):
        return [("", m[2], "printed", "rendering seen in one capture" if m[3] else "")]
    if m := _CUT.match(value):
        return [("", m[1], "printed", m[2])]
    if m := _TEXT.match(value):
        return [("", m[2], "printed", "")]
    return [("", value, "printed", "")]


def _seed_facts(seed_text: str) -> list[dict]:
    """UK0075's facts, read from the seed page by the page parser's own triple reader."""
    page = read_page(seed_text, SEED_URL)
    found = page_to_triples(page.lines)
    out = []
    for section, label, value in found.triples:
        if section in PROSE_SECTIONS:
            continue
        value = (value or "").strip()
        if section == "carried_forward":
            # Only the sentence that states the answer; the rest is report prose.
            value = re.split(r"(?<=\.)\s", value, maxsplit=1)[0]
        if len(value) > 300:
            continue  # prose, not a fact (a fact is an ID, a label or a short value)
        out.append({"commitment_id": "UK0075", "cycle": "2016", "source_kind": "page_v1",
                    "capture": "", "section": section, "label": label, "value": value,
                    "value_state": "printed" if value else "blank", "source_url": SEED_URL,
                    "note": f"seed capture shared/seeds/{SEED}, read by page_to_triples"})
    return out


def _report_facts(r) -> list[dict]:
    """What a report statement asserts (never its prose)."""
    kind, name = r.field.split(".", 1)
    cid, url = r.commitment_id, r.source_url
    base = {"commitment_id": cid, "cycle": r.cycle[:4], "source_kind": kind, "capture": "",
            "source_url": url, "value_state": "printed"}
    if kind == "action_plan_review" and name == "promising":
        return [{**base, "section": kind, "label": "Promising", "value": "Yes",
                 "note": "the Action Plan Review names it a promising commitment"}]
    if kind == "action_plan_review" and name == "note" and "while verifiable" in r.value:
        return [{**base, "section": kind, "label": "Verifiable", "value": "Yes",
                 "note": "the Action Plan Review calls the commitments it does not find "
                 "promising verifiable"}]
    if kind == "results_report" and name == "early_results_summary":
        rows = []
        for level in ("significant", "moderate"):
            if f"'{level} early results" in r.value:
                rows.append({**base, "section": kind, "label": "Early Results",
                             "value": level.capitalize(),
                             "note": f"the Results Report states {level} early results"
                             + ("" if cid else f" for {r.title.split(' (')[0]}: OGP ID not stated")})
        if "not evaluated as promising" in r.value:
            rows.append({**base, "section": "action_plan_review", "label": "Promising",
                         "value": "No", "note": "the Results Report says the Action Plan Review "
                         f"did not find {r.title.split(' (')[0]} promising: OGP ID not stated"})
        return rows
    if kind == "results_report" and name == "note":
        m = re.search(r"Commitment (\d+) into two commitments \(total (\d+)\)", r.value)
        if m:
            return [{**base, "section": "irm_unit", "label": "Units",
                     "value": f"Commitment {m[1]} reviewed as 2 units; {m[2]} units in all",
                     "note": "the IRM's unit is not the plan's commitment"}]
    if kind == "gov_self_assessment" and name == "final_status":
        m = re.search(r"'(substantially met|fully met|partially met|not met)\b", r.value)
        if m:
            return [{**base, "section": "self_assessment", "label": "Status", "value": m[1],
                     "note": "the government's final status update (not the IRM)"}]
    raise SystemExit(f"make_bundled: no rule for report fact {r.field!r} of {cid or r.title!r}")


def build(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(commitments, facts) of the bundled dataset, from the shared material."""
    seed_text = (shared / "seeds" / SEED).read_text(encoding="utf-8")
    facts_in = pd.read_csv(shared / "data" / "uk_commitment_facts.csv", dtype=str,
                           keep_default_na=False)
    gov = pd.read_csv(shared / "data" / "uk_gov_self_assessment_2013_15.csv", dtype=str,
                      keep_default_na=False)

    facts: list[dict] = _seed_facts(seed_text)
    seed_rows = {(f["section"], f["label"]): f["value"] for f in facts}
    for r in facts_in.itertuples(index=False):
        if m := _FIELD.match(r.field):
            template, early, name = m[1], m[2], m[3]
            if r.commitment_id == "UK0075" and SEED in r.source_url:
                section, label = PAGE_ROWS[name]
                got = seed_rows.get((section, label))
                want = _printed(r.value)[0][1]
                if got is not None and got != want:
                    print(f"note: UK0075 {label}: seed parse {got!r}, facts file {want!r}",
                          file=sys.stderr)
                continue  # the seed page itself was read above
            section, label = PAGE_ROWS[name]
            for capture, value, state, note in _printed(r.value):
                facts.append({"commitment_id": r.commitment_id, "cycle": r.cycle[:4],
                              "source_kind": f"page_{template}",
                              "capture": "earlier" if early else capture, "section": section,
                              "label": label, "value": value, "value_state": state,
                              "source_url": r.source_url, "note": note})
        elif r.field.startswith("irm_data."):
            facts.append({"commitment_id": r.commitment_id, "cycle": r.cycle[:4],
                          "source_kind": "irm_data_release", "capture": "",
                          "section": "irm_data_release", "label": r.field.split(".", 1)[1],
                          "value": r.value, "value_state": "printed",
                          "source_url": r.source_url, "note": ""})
        elif r.field == "listing.starred":
            continue  # the listing itself is parsed from the seed below
        else:
            facts.extend(_report_facts(r))
    for r in gov.itertuples(index=False):
        facts.append({"commitment_id": r.commitment_id, "cycle": "2013",
                      "source_kind": "gov_self_assessment", "capture": "",
                      "section": "self_assessment", "label": "Status",
                      "value": r.self_assessed_status, "value_state": "printed",
                      "source_url": r.source_url,
                      "note": f"Annex A commitment {r.commitment_number} (self_assessed_status)"})

    listing = parse_listing(seed_text, LISTING_URL, origin="bundled").parts["listing"]
    commitments = [{"commitment_id": e["commitment_id"], "member": e["member"],
                    "member_name": e["member_name"] or "",
                    "cycle": e["cycle"], "title": e["title"], "title_source_kind": "listing",
                    "listing_policy_area": e["policy_area"] or "",
                    "listing_starred": "Yes" if e["is_starred_listing"] else "No",
                    "source_url": LISTING_URL,
                    "note": f"member listing, as appended to the seed capture shared/seeds/{SEED}"}
                   for e in listing]
    listed = {c["commitment_id"] for c in commitments}
    page_titles = facts_in[facts_in["field"].str.startswith("page[")]
    for cid, rows in page_titles.groupby("commitment_id"):
        if cid in listed:
            continue
        r = rows.iloc[0]
        commitments.append({"commitment_id": cid, "member": MEMBER, "member_name": "",
                            "cycle": r["cycle"][:4],
                            "title": r["title"], "title_source_kind": "page",
                            "listing_policy_area": "", "listing_starred": "",
                            "source_url": r["source_url"],
                            "note": "not in the seed listing; title as the commitment page prints it"})
    com = pd.DataFrame(commitments, columns=COMMITMENT_COLUMNS).sort_values("commitment_id")
    fac = pd.DataFrame(facts, columns=FACT_COLUMNS)
    return com, fac


PLAN_REPORT_COLUMNS = ["cycle", "assessor", "stage", "report_title", "source_url", "note"]
# A report's stage from its title (IRM report names, as uk_irm_process_facts.csv prints them).
_REPORT_STAGES = (("mid-term", "midterm"), ("progress report", "midterm"),
                  ("end-of-term", "end_of_term"), ("design report", "design"),
                  ("action plan review", "action_plan_review"), ("results report", "results"))
STORY = "000_57263824884c17aa.txt"
# The civil society coordinators' story states that the IRM reported on the 2011-13 plan; its
# exact page was not recorded with the seed, so the site it comes from is cited.
STORY_URL = "https://www.opengovernment.org.uk/"


def build_plan_reports(shared: Path) -> pd.DataFrame:
    """The reports known to exist on each UK plan: the IRM reports the process facts cite, and the
    IRM report on the 2011-13 plan that the coordinators' story names."""
    facts = pd.read_csv(shared / "data" / "uk_irm_process_facts.csv", dtype=str, keep_default_na=False)
    rows = []
    for r in facts.drop_duplicates(["cycle", "report"]).itertuples(index=False):
        if not r.report.startswith("IRM "):
            continue
        stage = next((st for key, st in _REPORT_STAGES if key in r.report.lower()), "latest")
        rows.append({"cycle": r.cycle[:4], "assessor": "irm", "stage": stage,
                     "report_title": r.report, "source_url": r.source_url,
                     "note": "IRM report cited for the plan's process judgements"})
    story = (shared / "seeds" / STORY).read_text(encoding="utf-8")
    said = "Independent Reporting Mechanism's report on the UK's 2011 to 2013 NAP"
    if said not in story:
        raise SystemExit(f"make_bundled: the story no longer says {said!r}")
    rows.append({"cycle": "2011", "assessor": "irm", "stage": "latest",
                 "report_title": "IRM report on the 2011-13 action plan",
                 "source_url": STORY_URL,
                 "note": "Story of the UK National Action Plan 2013-15, by the UK civil society "
                 f"coordinators: 'the {said}'"})
    return pd.DataFrame(rows, columns=PLAN_REPORT_COLUMNS).sort_values(["cycle", "report_title"])


# --- Progress updates (issue 13): the 26 Feb 2014 meeting note -------------------------------

NOTE_SEED = "001_5ec30c11cb96fd79.txt"
PROGRESS_COLUMNS = ["commitment_id", "milestone_ref", "milestone_text", "as_of_date", "assessor",
                    "progress_status_printed", "source_type", "source_url", "source_note"]
# (commitment ID, a word its title must carry, the note's words as printed, where in the note).
# The note names commitments by subject; each ID is checked against its title below.
NOTE_UPDATES = [
    ("UK0047", "anti-corruption", "The anti-corruption commitment is progressing well",
     "discussion point 1"),
    ("UK0050", "construction", "Progress was being made on CoST internationally, though a lack "
     "of budget was still an issue", "discussion point 2 (CoST, international)"),
    ("UK0050", "construction", "At a domestic level, not so much progress had been made due to "
     "other work", "discussion point 3 (CoST, domestic)"),
    ("UK0057", "open policy making", "Conversations had taken place with the Cabinet Office on "
     "the open policy making commitment, but these have not to date been properly joined up",
     "discussion point 4"),
    ("UK0048", "beneficial ownership", "The beneficial ownership commitment was also highlighted "
     "as an area where more coordination was needed", "discussion point 5"),
    ("UK0053", "open contracting", "A good start has been made on the open contracting "
     "commitment", "discussion point 6"),
]


def progress_updates(shared: Path, commitments: pd.DataFrame) -> pd.DataFrame:
    """The bundled progress updates: the 26 Feb 2014 note's statements, dated on the meeting day.

    Every phrase must be in the note as printed and every ID's title must carry the note's
    subject, or the script stops: the facts are checked against their source, never typed in.
    """
    text = (shared / "seeds" / NOTE_SEED).read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text)
    head = re.search(r"^Meeting Note: (.+?) \| (\d{1,2} \w+ \d{4})$", text, re.MULTILINE)
    author = re.search(r"^by (.+)$", text, re.MULTILINE)
    posted = re.search(r"^News (.+)$", text, re.MULTILINE)
    if not (head and author and posted):
        raise SystemExit(f"make_bundled: {NOTE_SEED}: title, date, author or posting line not found")
    met = parse_partial_date(head[2])
    titles = commitments.set_index("commitment_id")["title"]
    rows = []
    for cid, subject, words, where in NOTE_UPDATES:
        if words not in flat:
            raise SystemExit(f"make_bundled: {NOTE_SEED} does not print {words!r}")
        if subject not in titles[cid].lower():
            raise SystemExit(f"make_bundled: {cid} is {titles[cid]!r}, not the {subject} commitment")
        rows.append({
            "commitment_id": cid, "milestone_ref": "", "milestone_text": "",
            "as_of_date": met.value, "assessor": "joint", "progress_status_printed": words,
            # The network's note; its exact page was not recorded with the seed, so the site it
            # was posted on is cited (as for the story) and the seed named in the note.
            "source_type": "civil_society_document", "source_url": STORY_URL,
            "source_note": f"Meeting note '{head[1]}', {head[2]}, by {author[1]} (posted "
            f"{posted[1]}; shared/seeds/{NOTE_SEED}): 'Progress to date', {where}; reported at "
            "the joint meeting of the civil society network and Cabinet Office officials (the "
            "note does not say which side reported it)",
        })
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def _csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue()


# --- Process data (issue 12) -------------------------------------------------------------------

# seed -> (its meeting's record URL where a source gives it, who published the text): the notes
# are the civil society network's posts; the read-out was provided by the government.
PROCESS_SEEDS = {
    "003_c39e66a0c28d231b.txt": ("", "meeting_record"),
    "002_46658898510e28b4.txt": ("http://www.opengovernment.org.uk/25-oct-2012/",
                                 "civil_society_document"),
    "001_5ec30c11cb96fd79.txt": ("", "civil_society_document"),
}
# What a person reviewing the extractor's rows changed, and why.
REVIEWED = {
    "united-kingdom-2012-10-25-bilateral": {
        "plans": ("2011:self-assessment;2013:co-creation",
                  "plans from the note's milestones: the 2011 plan's self-assessment (end January "
                  "2013) and the development of the next plan"),
    },
}
# The meetings and the consultation the story of the 2013-15 plan dates (Annex A), as facts.
_STORY_NOTE = f"the civil society coordinators' story of the 2013-15 plan (shared/seeds/{STORY})"
STORY_MEETINGS = [
    {"meeting_id": "united-kingdom-2012-09-bilateral", "date": "2012-09", "kind": "bilateral",
     "title": "Initial meetings of the civil society network and the Cabinet Office "
     "Transparency Team on the network's role in the second plan",
     "organisations": "", "note": "stage i (formation of the network); how many meetings is "
     "not stated"},
    {"meeting_id": "united-kingdom-2012-10-11-other", "date": "2012-10-11", "kind": "other",
     "title": "Civil society network workshop on a shared vision for the OGP",
     "organisations": "", "note": "stage i; organised and facilitated by Involve with an "
     "independent facilitator; civil society only"},
    {"meeting_id": "united-kingdom-2012-11-15-bilateral", "date": "2012-11-15",
     "kind": "bilateral", "title": "First working lunch of the civil society network and "
     "government officials (Open Data Institute): four focus areas agreed",
     "organisations": "", "note": "stage ii (early meetings with the government); open to any "
     "civil society organisation, chair alternating between government and civil society"},
    {"meeting_id": "united-kingdom-2013-02-bilateral", "date": "2013-02", "kind": "bilateral",
     "title": "Meeting on the narrative of the draft plan", "organisations": "",
     "record_url": "http://www.opengovernment.org.uk/narrative/",
     "note": "stage iii (draft plan); 'mid-February 2013'"},
    {"meeting_id": "united-kingdom-2013-06-bilateral", "date": "2013-06", "kind": "bilateral",
     "title": "Civil society network members with the Minister for Civil Society and the new "
     "Cabinet Office Transparency Team leads", "organisations": "",
     "note": "stage iii; 'mid June 2013'"},
    {"meeting_id": "united-kingdom-2013-public-consultation", "date": "",
     "kind": "public consultation", "title": "Public consultation on the draft plan",
     "organisations": "", "duration": "12 week",
     "note": "stage iv (finalising the plan); the story gives its length but no dates (the draft "
     "was published at the end of June 2013)"},
    {"meeting_id": "united-kingdom-2013-10-01-bilateral", "date": "2013-10-01",
     "kind": "bilateral", "title": "Large group meeting on progress across the commitments and "
     "the plan's narrative", "organisations": "", "note": "stage iv"},
]
PROCESS_COLUMNS = (*EXTRACT_COLUMNS, "duration", "source_type")
IRM_FACT_INDICATORS = {"acted_according_to_ogp_process": "acted_according_to_process"}
# A report's own words after the fact ("No ('The United Kingdom did not act ...')", "31 January
# 2022; 'sets out six commitments'") are prose: left out.
_QUOTED = re.compile(r"\s*(?:\(\s*['‘\"].*\)|;\s*['‘\"].*)$")


def build_process_meetings(shared: Path, commitments: pd.DataFrame) -> pd.DataFrame:
    """The bundled meeting-records rows: the seed notes (extracted, reviewed) and the story's meetings."""
    rows = []
    for name, (record_url, source_type) in PROCESS_SEEDS.items():
        text = (shared / "seeds" / name).read_text(encoding="utf-8")
        got = extract_meeting(text, member=MEMBER, commitments=commitments)
        row = {**got.row, "record_url": record_url, "source_url": record_url,
               "source_type": source_type, "duration": ""}
        notes = [f"extracted from shared/seeds/{name} by ogp_analysis.parse.meeting_notes"]
        if got.problems:
            notes.append("extractor: " + "; ".join(got.problems))
        for column, (value, why) in REVIEWED.get(row["meeting_id"], {}).items():
            row[column] = value
            notes.append(f"reviewed: {why}")
        row["note"] = "; ".join(notes)
        rows.append(row)
    for m in STORY_MEETINGS:
        date = m["date"]
        precision = {10: "day", 7: "month", 4: "year"}.get(len(date), "")
        rows.append({**dict.fromkeys(PROCESS_COLUMNS, ""), **m, "member": MEMBER,
                     "date_precision": precision, "plans": "2013:co-creation",
                     "source_type": "civil_society_document", "source_url": STORY_URL,
                     "note": f"{_STORY_NOTE}: {m['note']}"})
    rows += build_forum_meetings(shared)
    return pd.DataFrame(rows, columns=list(PROCESS_COLUMNS))


# A listed person in uk_forum_meetings.csv: "Involve (civil society) x3", "DCMS (government;
# co-chair)", "no organisation stated x2".
_LISTED_ORG = re.compile(r"^(?P<org>.+?)(?:\s*\((?P<sector>[^();]+?)(?:;\s*(?P<role>[^()]+))?\))?"
                         r"(?:\s+x(?P<n>\d+))?$")
FORUM_COUNTS = ("attendees_total", "attendees_government", "attendees_civil_society",
                "attendees_other", "apologies_total", "apologies_government",
                "apologies_civil_society", "chairs_government", "chairs_civil_society")
BASIS_NOTE = {"stated": "the record states the counts",
              "named list": "the record lists people by name (counted by organisation, no total "
                            "stated)",
              "stated without counts": "the record states no head count"}


def _listed_entries(printed: str) -> list[str]:
    """uk_forum_meetings.csv's `listed_organisations` -> one `Organisation (sector; role)` each."""
    out = []
    for part in re.split(r";\s*(?![^()]*\))", printed):
        part = part.strip()
        if not part:
            continue
        m = _LISTED_ORG.match(part)
        org, printed = m["org"].strip(), (m["sector"] or "").strip()
        role = "chair" if "chair" in (m["role"] or "") else "attendee"
        sector = {w: c for c, w in SECTOR_WORDS.items()}.get(printed)
        if org == "no organisation stated":
            org = sector = None
        elif entry := find_organisation(org):  # the gazetteer's name; its sector must agree
            if entry.sector != sector:
                raise SystemExit(f"uk_forum_meetings.csv: {org} is {printed}, the gazetteer says "
                                 f"{SECTOR_WORDS[entry.sector]}")
            org = entry.name
        out += [organisation_entry(org, sector, role)] * int(m["n"] or 1)
    return out


def build_forum_meetings(shared: Path) -> list[dict]:
    """The UK's meetings of 2016-2023 (uk_forum_meetings.csv) as meeting-records rows."""
    df = pd.read_csv(shared / "data" / "uk_forum_meetings.csv", dtype=str, keep_default_na=False)
    rows = []
    for r in df.to_dict("records"):
        kind = {w: c for c, w in KIND_WORDS.items()}[r["kind"]]
        rows.append({**dict.fromkeys(PROCESS_COLUMNS, ""),
                     "meeting_id": meeting_id(MEMBER, r["date"], kind), "member": MEMBER,
                     "date": r["date"], "date_precision": "day", "kind": r["kind"],
                     "title": r["title"], "plans": r["plans"],
                     **{c: r[c] for c in FORUM_COUNTS},
                     "organisations": ";".join(_listed_entries(r["listed_organisations"])),
                     "record_url": r["record_url"], "record_published_date": r["record_posted"],
                     "source_url": r["record_url"], "source_type": "meeting_record",
                     "note": f"shared/data/uk_forum_meetings.csv: {BASIS_NOTE[r['count_basis']]}; "
                             f"{r['note']}"})
    return rows


def build_process_irm(shared: Path) -> pd.DataFrame:
    """The bundled plan process facts, from the shared UK IRM process facts (quotes left out)."""
    facts = pd.read_csv(shared / "data" / "uk_irm_process_facts.csv", dtype=str,
                        keep_default_na=False)
    rows = []
    for r in facts.itertuples(index=False):
        value = _QUOTED.sub("", r.value).strip()
        rows.append({"member": MEMBER, "cycle": r.cycle[:4],
                     "indicator": IRM_FACT_INDICATORS.get(r.field, r.field), "value": value,
                     "report_title": r.report,
                     "source_type": "irm_report" if r.report.startswith("IRM") else "action_plan",
                     "source_url": r.source_url,
                     "note": "the report's quoted words left out" if value != r.value else ""})
    return pd.DataFrame(rows, columns=list(PLAN_FACT_COLUMNS))


# A publication's kind from its title, as uk_irm_published_figures.csv names them (first match).
PUBLICATION_TITLES = (
    ("National Action Plan", "action_plan"), ("IRM Progress Report", "irm_progress_report"),
    ("IRM Mid-Term Report", "irm_mid_term_report"), ("IRM Design Report", "irm_design_report"),
    ("IRM End-of-Term Report", "irm_end_of_term_report"),
    ("IRM Transitional Results Report", "irm_transitional_results_report"),
    ("IRM Action Plan Review", "irm_action_plan_review"), ("IRM Results Report", "irm_results_report"),
    ("OGP member page", "ogp_member_page"),
)
# The raw file's field names that are another name of a figure of the format.
PUBLISHED_FIELD_NAMES = {"at_a_glance_number_of_commitments": "number_of_commitments"}


def build_published_figures(shared: Path) -> pd.DataFrame:
    """`published_figures.csv` (the published-figures format, `ingest/published.py`) from the shared file."""
    from ogp_analysis.ingest.published import COLUMNS, read_number
    from ogp_analysis.metadata.fields import PUBLICATION_FACTS

    raw = pd.read_csv(shared / "data" / "uk_irm_published_figures.csv", dtype=str,
                      keep_default_na=False)
    years = {r.report: r.value for r in raw.itertuples() if r.field == "report_publication_year"}
    rows = []
    for r in raw.itertuples():
        kind = next((k for words, k in PUBLICATION_TITLES if r.report.startswith(words)), None)
        if kind is None:
            raise SystemExit(f"uk_irm_published_figures.csv: no publication kind for {r.report!r}")
        field = PUBLISHED_FIELD_NAMES.get(r.field, r.field)
        number, denominator = (None, None) if field in PUBLICATION_FACTS else read_number(r.value)
        rows.append({"member": "united-kingdom", "cycle": r.cycle[:4], "publication_title": r.report,
                     "publication_kind": kind, "publication_date": years.get(r.report, ""),
                     "field": field, "value": r.value,
                     "number": "" if number is None else str(number),
                     "denominator": "" if denominator is None else str(denominator),
                     "source_url": r.source_url})
    rows += plan_counts_in_process_facts(shared)
    return pd.DataFrame(rows, columns=list(COLUMNS))


_SETS_OUT = re.compile(r"'sets out (\w+) commitments'", re.IGNORECASE)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def plan_counts_in_process_facts(shared: Path) -> list[dict]:
    """A plan's own count of its commitments, where a process fact quotes it ('sets out six commitments')."""
    facts = pd.read_csv(shared / "data" / "uk_irm_process_facts.csv", dtype=str, keep_default_na=False)
    rows = []
    for r in facts.itertuples():
        m = _SETS_OUT.search(r.value)
        if not m or not r.report.startswith("National Action Plan"):
            continue
        word = m[1].lower()
        number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        rows.append({"member": "united-kingdom", "cycle": r.cycle[:4], "publication_title": r.report,
                     "publication_kind": "action_plan", "publication_date": "",
                     "field": "number_of_commitments", "value": m[0].strip("'"),
                     "number": "" if number is None else str(number), "denominator": "",
                     "source_url": r.source_url})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir(), help="the shared/ folder")
    ap.add_argument("--out", type=Path, default=Paths.default().bundled, help="output folder")
    args = ap.parse_args(argv)
    com, fac = build(args.shared)
    atomic_write_text(args.out / "commitments.csv", _csv(com))
    atomic_write_text(args.out / "facts.csv", _csv(fac))
    atomic_write_text(args.out / "plan_reports.csv", _csv(build_plan_reports(args.shared)))
    meetings, irm = build_process_meetings(args.shared, com), build_process_irm(args.shared)
    atomic_write_text(args.out / BUNDLED_MEETINGS, _csv(meetings))
    atomic_write_text(args.out / BUNDLED_PLAN_FACTS, _csv(irm))
    atomic_write_text(args.out / "published_figures.csv",
                      _csv(build_published_figures(args.shared)))
    upd = progress_updates(args.shared, com)
    atomic_write_text(args.out / "progress_updates.csv", _csv(upd))
    print(f"wrote {len(com)} commitments, {len(fac)} facts and {len(upd)} progress updates to "
          f"{args.out}")
    print(f"wrote {len(meetings)} meetings and {len(irm)} plan process facts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
