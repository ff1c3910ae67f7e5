"""The meeting-note extractor: notes and read-outs (text or HTML) -> meeting-records rows, for a person to review.

The meeting-records format itself (its columns, words and entries) has its home in
`ogp_analysis.meeting_records`, which the build's reader (`ogp_analysis.ingest.process_records`) uses too.

Pure functions: the caller passes the document, the member's commitments (titles and cycles),
the organisation gazetteer and the declared commitment aliases. What the extractor reads:

- the meeting date from the title or the first sentences ("Meeting Note: ... | 26 Feb 2014",
  "Wednesday 24th January 2024", "On 26 February 2014"), never from a posting line ("News 5th
  March 2014"), which is `record_published_date`;
- counts stated in prose, in their several forms ("a total of 44 attendees, of which 25 were
  government representatives and 19 from civil society", "10 apologies received, 8 from
  government ... and 2 from civil society", "2 governmental and 1 civil society",
  "(government: 25; civil society: 17)"); a count is never derived from a list;
- attendee lists "Name (Organisation)" / "Name (Chair; Organisation)", one entry per person,
  the organisation's sector from the gazetteer (an unknown organisation is reported, never
  guessed); people's names are used only to tell chairs apart and are never output;
- co-chairs named in prose ("co-chaired by A, CDDO ... and B, Chair of the UK OGN");
- the plans and phases from the title, headings and the statement of the meeting's aim
  ("NAP5 implementation", "co-creation of the Sixth National Action Plan");
- the commitments discussed ("the open contracting commitment", a declared alias such as
  CoST), matched to the titles of the plans the meeting concerns: an exact title wins and other
  titles containing the phrase are reported as candidates; several candidates and no exact
  title is ambiguous: reported with its candidates, never picked.

Everything uncertain is a problem string (printed by the CLI, and kept in the row's `note`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd

from ogp_analysis.dates import PartialDate, parse_partial_date
from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.meeting_records import (
    COLUMNS,
    KIND_WORDS,
    PHASE_WORDS,
    SECTOR_WORDS,
    meeting_id,
    organisation_entry,
)
from ogp_analysis.metadata import rules as R
from ogp_analysis.parse.text import read_page

ORGANISATIONS_CSV = "organisations.csv"
ALIASES_CSV = "commitment_aliases.csv"
MEMBERS_CSV = "members.csv"
GOVERNMENT_MINISTER = "Government minister"  # the gazetteer's entry for a minister named by title

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)}
_WORD_NUM = (rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(_NUMBER_WORDS)[1:10])}))?|"
             rf"{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})")
_NUM = rf"(\d{{1,4}}|{_WORD_NUM})"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})"
    rf"|({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}))\b",
    re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d\b")
_POSTING = re.compile(r"^(?:news|blog|posted(?: on)?|published(?: on)?|updated(?: on)?|"
                      r"(?:posted |written )?by\b.{1,60}?\bon\b)\b[:\s]*", re.IGNORECASE)
_POSTING_LABEL = re.compile(r"(?:meeting\s+)?(?:notes?|news|blog|updates?|latest|articles?|posts?|"
                            r"events?|minutes)\s*[:|–—-]?", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|author:?)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")
_DATE_LABEL = re.compile(r"(?:date(?: of (?:the )?meeting)?|meeting date|when)\s*:?", re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|met|took place|convened|meeting)\s+(?:online\s+|virtually\s+|"
                   r"in person\s+)?on\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will be|is to be|are to be|next meeting|is scheduled|are scheduled)\b",
                     re.IGNORECASE)
_ON_DATE = re.compile(r"^On\s+", re.IGNORECASE)
_MET = re.compile(r"\b(?:met|meeting|held|gathered|convened|took place|came together)\b",
                  re.IGNORECASE)
# Site furniture above a page's heading: "Skip to main content", a breadcrumb "Home » ... » Title".
_NAVIGATION = re.compile(r"^(?:skip to (?:main )?content|menu|search)$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s+[»›>]\s+")
_DANGLING = re.compile(r"\s+(?:of|on|from|dated|held on|for)$", re.IGNORECASE)
_NOTE_TAG = re.compile(r"\b(?:meeting\s+)?(?:notes?|read-?out|minutes)\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"‘'])")
_PAREN = re.compile(r"\s*\([^()]*\)")
# A person in a list: "Simon Burall (Chair; Involve)".
_LISTED = re.compile(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s*\(([^()]+)\)")
_LIST_WORDS = (r"((?:(?:forum|panel|group|committee|council|steering group)\s+)?members\s+present|"
               r"(?:members\s+)?in attendance|attendees|attendance|present|attending|those present|"
               r"participants|apologies(?: received)?(?: from)?|apologies for absence)")
_LIST_PREFIX = re.compile(rf"^{_LIST_WORDS}\s*[:\-–]\s*(?=\S)", re.IGNORECASE)
_LIST_HEADING = re.compile(rf"{_LIST_WORDS}\s*:?", re.IGNORECASE)
# A heading that states the sector of the people listed under it.
_SECTOR_HEADING = re.compile(r"(government|civil society)(?:\s+(?:members|representatives|"
                             r"participants|side|attendees|officials))?\s*:?", re.IGNORECASE)
_CHAIRS_PREFIX = re.compile(r"^(?:co-?chairs|chairs)\s*[:\-–]", re.IGNORECASE)
_ROLE_PREFIX = re.compile(r"^(?:co-?chairs?|chair(?:person)?|chaired by)\s*[:\-–]\s*", re.IGNORECASE)
_PERSON = re.compile(r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sir|Dame|Lord|Baroness|Cllr)\.?\s+)?"
                     r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|di|du|le|la|al)){1,3}"
                     r"(?:\s+(?:MP|MSP|MS|OBE|MBE|CBE))?")
# Words that make a capitalised phrase an organisation, not a person.
_ORG_WORDS = re.compile(
    r"\b(?:Office|Department|Ministry|Network|Society|Trust|Foundation|Campaign|Fund|Council|"
    r"Association|Institute|Institution|Government|Service|Unit|Agency|Authority|Commission|Group|"
    r"Partnership|International|Ltd|Limited|Centre|Center|Alliance|Forum|Committee|Coalition|"
    r"Charity|University|College|Bank|Board|Team|Secretariat|Club|Project|Initiative|Press|"
    r"Media|Data|Open|Transparency|Civil|Democracy|Commons|Lords|Parliament|Assembly|"
    r"Executive|Administration|Bureau|Directorate|Programme|Union|Federation|Corporation|"
    r"Company|Consortium|Lab|Labs|Watch|Action|Institut|Minister)\b")
_CHAIR_VERB = re.compile(r"\b(?:co-)?chaired\b", re.IGNORECASE)
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Minister)\.?\s+)?"
_PROSE_PERSON = re.compile(
    rf"(?:^|(?<=\bby )|(?<=\band )|(?<=\balongside )|(?<=\bwith )){_TITLE}"
    r"([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})(?=\s*(?:[,.;]|$|\s+(?:co-)?chaired|\s+and\b))")
_CHAIR_ROLE = {"chair", "co-chair", "co chair", "chairperson", "chairs"}
_SECTOR_IN_TEXT = (r"(government(?:al)?|civil[ -]society|CSOs?|non-?governmental(?: organisations?)?|"
                   r"others?)")
_COUNT_NOUN = (r"(?:attendees|apologies|participants|people|persons|individuals|representatives|"
               r"members|officials|colleagues|organisations)")
_ATTEND = re.compile(r"\battend(?:ees|ed|ance|ing)\b|\bparticipants\b|\bpresent\b|\bin the room\b|"
                     r"\btook part\b|\bjoined\b", re.IGNORECASE)
_CLAUSE = re.compile(r";|,\s+and\b|\band\b|,|\(|\bwith\b|\bwhile\b|\bbut\b|\.\s", re.IGNORECASE)
_TOTAL_AFTER = re.compile(rf"\s*(?:further\s+|other\s+|in\s+total\s+)?(?:{_COUNT_NOUN}|attended|"
                          r"were present|took part|joined|sent apologies|apologies)\b", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"(?:total of|attended by|attendance of|(?:attendees|attendance|"
                           r"participants|present|apologies|apologies received|in attendance)"
                           r"\s*[:\-–]|received from|apologies from|sent by|sent from)\s*$",
                           re.IGNORECASE)
# "18 government", "18 from government", "18 of them from civil society", "18 government
# officials"; and "government: 18", "government (18)".
# "eight government departments" counts departments, not people; "10 from civil society
# organisations" counts people.
_BODIES = r"(?!\s+(?:departments?|ministries|agencies|bodies|organisations|institutions|teams)\b)"
_SECTOR_AFTER = re.compile(
    rf"\b{_NUM}\s+(?:(?:(?:were|are|was|from|of|of them|of whom|came from|represented|representing|"
    rf"{_COUNT_NOUN})\s+)+(?:the\s+)?{_SECTOR_IN_TEXT}\b|(?:the\s+)?{_SECTOR_IN_TEXT}\b{_BODIES})",
    re.IGNORECASE)
_SECTOR_BEFORE = re.compile(rf"\b{_SECTOR_IN_TEXT}(?:\s+{_COUNT_NOUN})?\s*(?:[:=]|\()\s*{_NUM}\b",
                            re.IGNORECASE)

# Plans named in text. "the/their ... National Action Plan" unqualified is the plan in force at
# the meeting's date, read only when the document names no plan by number.
_PLAN_WORDS = (r"(?:(?:(?:UK\s+)?Open Government\s+|OGP\s+)?(?:National\s+)?Action Plan|NAP)s?"
               r"(?:\s+for\s+Open\s+Government)?\b")
_PLAN_NUMBERED = re.compile(r"\bNAP\s?(\d{1,2})\b|\bNational Action Plan\s+(\d{1,2})\b")
_ORDINAL_WORD = rf"(?:{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"
_PLAN_ORDINAL = re.compile(
    rf"\b({_ORDINAL_WORD})\s+(?:(?:UK|Open Government|OGP|national)\s+)*(?:National\s+)?"
    r"(?:Action Plan|NAP|plan)\b", re.IGNORECASE)
# "the 2016-18 Open Government Action Plan", "the 2016-18 plan", "the 2021-23 NAP".
_PLAN_SPAN = re.compile(rf"\b(20\d\d)\s*[-–/]\s*(?:20)?\d\d\s+(?:UK\s+)?(?:{_PLAN_WORDS}|plan\b)")
# "the UK Open Government Action Plan 2018-20".
_PLAN_SPAN_AFTER = re.compile(rf"\b{_PLAN_WORDS}\s+(20\d\d)\s*[-–/]\s*(?:20)?\d\d\b")
_PLAN_NEXT = re.compile(rf"\b(?:the|their|its|our)\s+(?:UK(?:'s|’s)?\s+)?(?:next|new)\s+(?:UK\s+)?"
                        rf"{_PLAN_WORDS}", re.IGNORECASE)
_PLAN_CURRENT = re.compile(rf"\b(?:the|their|its|our)\s+(?:UK(?:'s|’s)?\s+)?(?:current\s+)?"
                           rf"{_PLAN_WORDS}", re.IGNORECASE)
# Phase words. The forum's monitoring of progress is part of implementation; the independent
# review (the IRM process) is the monitoring phase.
_PHASE_TERMS = [
    ("co_creation", r"co-?creat\w*|co-?design\w*|co-?production|developed in partnership|"
                    r"development of|developing"),
    ("self_assessment", r"self[- ]assess\w*"),
    ("monitoring", r"\bIRM process\b|\bindependent reporting mechanism process\b"),
    ("implementation", r"implement\w*|monitoring|progress updates?"),
]
_PHASE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PHASE_TERMS),
                    re.IGNORECASE)
# A term binds to the plan right after it ("implementation (phase) of the NAP") or right before
# it ("NAP5 self-assessment"); terms joined by "and"/"," share a plan.
_BIND_AFTER = re.compile(r"^\s*(?:phase|process|stage|report)?\s*(?:of|for|on)\s+(?:the\s+)?",
                         re.IGNORECASE)
_BIND_BEFORE = 16
_JOIN = re.compile(r"^\s*(?:,|and|&|, and)\s*$", re.IGNORECASE)
_AIM = re.compile(r"\b(?:aim|purpose|agenda|focus)\b|\bto (?:discuss|review|launch|begin|start|plan)\b"
                  r"|\b(?:discussed|reviewed|examined|considered|launched|planned|covered)\b"
                  r"|\bto talk (?:about|through)\b"
                  r"|\bmet to\b|\bmeeting to\b", re.IGNORECASE)
_HEADING_MAX = 100

# "the open contracting commitment" (not "the ... commitment leads", not "commitments").
_TOPIC = re.compile(r"\bthe\s+((?:[\w’'-]+\s+){1,4}?)commitment\b(?!s|\s+leads?\b)",
                    re.IGNORECASE)
_TOPIC_STOP = {"new", "same", "first", "second", "this", "that", "following", "above",
               "proposed", "current", "each", "relevant", "specific", "overall", "whole",
               "government's", "government’s", "uk's", "uk’s", "minister's", "nap", "uk"}
# Words that make the phrase a clause, not a commitment's name ("the lead CSOs on each").
_TOPIC_BREAK = {"on", "each", "with", "of", "for", "to", "in", "at", "by", "from", "every"}


@dataclass(frozen=True)
class Organisation:
    """An entry of the gazetteer."""

    name: str
    sector: str
    names: tuple[str, ...] = ()  # the name and its aliases, as the gazetteer prints them


@dataclass
class Extraction:
    """One meeting-records row (COLUMNS order) and what the reviewer should look at."""

    row: dict
    problems: list[str] = field(default_factory=list)


# --- package data ---------------------------------------------------------------------------------


@cache
def load_organisations() -> dict[str, Organisation]:
    """The gazetteer (`ogp_analysis/data/organisations.csv`): folded name or alias -> Organisation."""
    text = resources.files("ogp_analysis.data").joinpath(ORGANISATIONS_CSV).read_text("utf-8")
    return organisations_from_csv(text)


def organisations_from_csv(text: str) -> dict[str, Organisation]:
    """Read a gazetteer CSV (`organisation, aliases, sector, note`; aliases `|`-separated).

    Raises:
        OGPAnalysisError: a sector that is not a declared code, or a name given twice.
    """
    from ogp_analysis.metadata.scales import SECTORS

    out: dict[str, Organisation] = {}
    for line, r in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if r["sector"] not in SECTORS:
            raise OGPAnalysisError(f"{ORGANISATIONS_CSV} line {line}: sector {r['sector']!r} is "
                                   f"not one of {', '.join(SECTORS)}")
        names = (r["organisation"].strip(),
                 *(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()))
        org = Organisation(names[0], r["sector"], names)
        for name in names:
            key = _fold(name)
            if key in out and out[key] != org:
                raise OGPAnalysisError(f"{ORGANISATIONS_CSV} line {line}: {name!r} already names "
                                       f"{out[key].name!r}")
            out[key] = org
    return out


def find_organisation(name: str, gazetteer: dict[str, Organisation] | None = None) -> Organisation | None:
    """The gazetteer entry a name or alias stands for (case, hyphens and spacing ignored), or None."""
    return (load_organisations() if gazetteer is None else gazetteer).get(_fold(name))


@cache
def load_commitment_aliases() -> pd.DataFrame:
    """Declared short names of commitments (`ogp_analysis/data/commitment_aliases.csv`)."""
    path = resources.files("ogp_analysis.data").joinpath(ALIASES_CSV)
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@cache
def load_members() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The OGP members the toolkit knows: (slug, names a record may use).

    From `ogp_analysis/data/members.csv`, made by scripts/make_members.py from the shared release.
    """
    text = resources.files("ogp_analysis.data").joinpath(MEMBERS_CSV).read_text("utf-8")
    return tuple((r["member"], tuple(n for n in r["names"].split("|") if n))
                 for r in csv.DictReader(io.StringIO(text)))


def _mentions(text: str, name: str) -> int:
    flags = 0 if name.isupper() else re.IGNORECASE
    return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags))


def member_of_record(lines: list[str], title: str | None,
                     members: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The member a record names; None when the record does not say.

    The only member named, else the only one its title names, else one named more than twice
    as often as any other.

    Args:
        lines: the record's lines.
        title: its title.
        members: (slug, names) of the members known.
    """
    text = "\n".join(lines)
    counts = {slug: sum(_mentions(text, n) for n in names) for slug, names in members}
    named = sorted(((n, slug) for slug, n in counts.items() if n), reverse=True)
    if not named:
        return None
    if len(named) == 1:
        return named[0][1]
    in_title = [slug for slug, names in members if title and any(_mentions(title, n) for n in names)]
    if len(in_title) == 1:
        return in_title[0]
    return named[0][1] if named[0][0] > 2 * named[1][0] else None


def _known_members(commitments: pd.DataFrame) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The package's members and the members of the user's own build (named from their slug)."""
    known = dict(load_members())
    for slug in sorted(set(commitments.get("member", pd.Series(dtype=str)).dropna().astype(str))):
        known.setdefault(slug, (slug.replace("-", " "),))
    return tuple(known.items())


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[-–‐_]", " ", text)).strip().lower()


# --- dates ------------------------------------------------------------------------------------------


def _date_in(text: str) -> tuple[PartialDate, re.Match] | None:
    """The first date in text and its match.

    "10 Nov 2016", "March 9, 2023", or numeric day first (27/04/2021; a numeric date that could
    be read either way is marked ambiguous).
    """
    m = _DATE.search(text)
    numeric = _NUMERIC_DATE.search(text)
    if numeric and (not m or numeric.start() < m.start()):
        try:
            return parse_partial_date(numeric[0].replace(".", "/"), numeric_order="dmy"), numeric
        except ValueError:
            return None
    if not m:
        return None
    day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    try:
        return parse_partial_date(f"{int(day)} {month.lower().rstrip('.')[:3]} {year}"), m
    except ValueError:
        return None


def _bare_date(line: str) -> bool:
    """A line that is only a date ("28 November 2016", "Date: Wednesday 24th January 2024")."""
    found = _date_in(line)
    if not found:
        return False
    rest = (line[:found[1].start()] + line[found[1].end():]).strip(" |–—-:,.")
    return not rest or bool(_DATE_LABEL.fullmatch(rest))


def _posting_line(line: str, following: list[str]) -> bool:
    """Whether a line above the title is a blog's posting line.

    "News 5th March 2014", "Posted on ...", "by X on <date>", a date alone, or a short label and
    a date ("Meeting notes 28 November 2016") with a heading after it.
    """
    if _POSTING.match(line) and _date_in(line):
        return True
    found = _date_in(line)
    if not found:
        return False
    before, after = line[:found[1].start()].strip(), line[found[1].end():].strip(" .")
    if _DATE_LABEL.fullmatch(before.strip(" :")):
        return False  # "Date: 27 April 2021" is the meeting's date line
    if not before and not after:
        # A date alone above a heading ("18/10/2019" over "Forum meeting notes, 11 October
        # 2019"): the heading may carry the meeting's own date, never only a date.
        return any(_heading(f.rstrip(",")) and not _bare_date(f) for f in following[:2])
    return not after and bool(_POSTING_LABEL.fullmatch(before)) and any(
        _heading(f) for f in following[:2])


def _heading(line: str) -> bool:
    return len(line) <= _HEADING_MAX and not re.search(r"[.?!:,;]$", line)


def _title_of(line: str, found: re.Match | None) -> str | None:
    """The heading without its date and "meeting note(s)" tag."""
    text = line if found is None else line[:found.start()] + " " + line[found.end():]
    text = _NOTE_TAG.sub(" ", re.sub(r"\(\s*\)", " ", text))
    text = re.sub(r"\s+", " ", text).strip(" |–—-:,")
    # The word that led into the date goes with it ("Read-out: forum of 2 March 2022").
    text = _DANGLING.sub("", text) if found is not None and found.end() >= len(line.rstrip()) else text
    return _NOTE_TAG.sub("", text).strip(" |–—-:,") or None


def _title_line(lines: list[str]) -> tuple[int, PartialDate | None]:
    """(index of the title line or -1, the posting date).

    The first line that is not a posting line or a byline is the title; a posting line just
    under the title is also read.
    """
    published, title_index = None, -1
    crumbs = [i for i, line in enumerate(lines[:6]) if len(_BREADCRUMB.split(line)) >= 2]
    start = crumbs[0] + 1 if crumbs else 0  # the heading follows the breadcrumb
    for i, line in enumerate(lines[:10]):
        if i < start or _NAVIGATION.match(line):
            continue
        if _posting_line(line, lines[i + 1:]) or _BYLINE.match(line):
            found = _date_in(line)
            published = published or (found[0] if found and not _BYLINE.match(line) else None)
            continue
        title_index = i
        break
    for line in lines[title_index + 1:title_index + 4] if title_index >= 0 else []:
        if published is None and _POSTING.match(line) and (got := _date_in(line)):
            published = got[0]
    return title_index, published


def _meeting_date(lines: list[str], title_index: int) -> PartialDate | None:
    """The meeting's date below the title, else None.

    A date line right under it; a date after "held on", "met on", "took place on" in the first
    sentences; else the first date of those sentences.
    """
    under = [ln for ln in lines[title_index + 1:title_index + 3]
             if not _BYLINE.match(ln) and not _POSTING.match(ln)]
    for line in under:
        if _bare_date(line):
            return _date_in(line)[0]
    body = [ln for ln in lines[title_index + 1:title_index + 15]
            if not _POSTING.match(ln) and not _BYLINE.match(ln)]
    sentences = _sentences(body)
    for sentence in sentences:
        if _FUTURE.search(sentence):
            continue  # "The next meeting will be held on 19 September"
        m = _HELD.search(sentence)
        if m and (got := _date_in(sentence[m.end():m.end() + 40])):
            return got[0]
        on = _ON_DATE.match(sentence)
        if on and _MET.search(sentence) and (got := _date_in(sentence[:on.end() + 40])):
            return got[0]  # "On Tuesday 13 September 2016, the group met ..."
    for sentence in sentences[:6]:
        if not _FUTURE.search(sentence) and (got := _date_in(sentence)):
            return got[0]
    return None


def _dates(lines: list[str]) -> tuple[PartialDate | None, PartialDate | None, str | None, int]:
    """(meeting date, posting date, title, index of the title line) from the document's top.

    The meeting's date is, in this order: a date in the title line; a date line right under the
    title; a date after "held on", "met on", "took place on"; the first date of the first
    sentences. A posting line's date is the record's publication date only.
    """
    title_index, published = _title_line(lines)
    if title_index < 0:
        return None, published, None, -1
    found = _date_in(lines[title_index])
    title = _title_of(lines[title_index], found[1] if found else None)
    date = found[0] if found else _meeting_date(lines, title_index)
    return date, published, title, title_index


# --- text helpers ------------------------------------------------------------------------------------


def _sentences(lines: list[str]) -> list[str]:
    return [s for line in lines for s in _SENTENCE.split(line) if s]


def _number(token: str) -> int:
    if token.isdigit():
        return int(token)
    words = re.split(r"[- ]", token.lower())
    return sum(_TENS.get(w, _NUMBER_WORDS.get(w, 0)) for w in words)


def _sector_word(text: str) -> str:
    t = text.lower()
    return ("government" if t.startswith("government") else "other" if t.startswith("other")
            else "civil_society")


def _organisation(text: str, gazetteer: dict[str, Organisation]) -> Organisation | None:
    return gazetteer.get(_fold(text))


def _organisation_in(text: str, gazetteer: dict[str, Organisation],
                     sector: str | None = None, nearest: bool = False) -> Organisation | None:
    """The gazetteer entry named in a stretch of prose, longest name first.

    An acronym (no lower-case letter) is matched as printed, a name case-insensitively.

    Args:
        text: the prose.
        gazetteer: folded name -> Organisation.
        sector: only organisations of this sector.
        nearest: the entry named first in the text (the longest name at that place), not the
            longest name anywhere.
    """
    folded = re.sub(r"[-–‐_]", " ", text).lower()  # same length as text: positions agree
    names = sorted({(n, org) for org in gazetteer.values() for n in org.names
                    if sector is None or org.sector == sector},
                   key=lambda p: len(p[0]), reverse=True)
    found = []
    for name, org in names:
        if name == name.upper():
            m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        else:
            words = r"\s+".join(re.escape(w) for w in _fold(name).split())
            m = re.search(rf"\b{words}\b", folded)
        if m and not nearest:
            return org
        if m:
            found.append((m.start(), -len(name), org))
    return min(found, key=lambda f: f[:2])[2] if found else None


# --- counts ---------------------------------------------------------------------------------------


def _count_segments(sentence: str) -> list[tuple[str, str]]:
    """(role, words) parts of a sentence: the apologies clause apart from the attendance clause.

    "32 attended (18 government, 14 civil society) and three sent apologies (two government,
    one civil society)": the apologies part starts at the clause boundary before "apolog".
    """
    a = re.search(r"\bapolog", sentence, re.IGNORECASE)
    attend = _ATTEND.search(sentence)
    if a is None:
        return [("attendees", sentence)] if attend else []
    if attend is None:
        return [("apologies", sentence)]
    first, second = ("attendees", "apologies") if attend.start() < a.start() else (
        "apologies", "attendees")
    lo, hi = sorted((attend, a), key=lambda m: m.start())
    cuts = [m.start() for m in _CLAUSE.finditer(sentence, lo.end(), hi.start())]
    cut = cuts[-1] if cuts else hi.start()
    return [(first, sentence[:cut]), (second, sentence[cut:])]


def _numbers(text: str) -> list[re.Match]:
    """Numbers in text that are not years, days of a date or times."""
    dates = [m.span() for m in _DATE.finditer(text)]
    return [m for m in re.finditer(rf"\b{_NUM}\b", text, re.IGNORECASE)
            if not any(a <= m.start() < b for a, b in dates)
            and not (m[1].isdigit() and len(m[1]) == 4)
            and not re.match(r"[:.]\d|\s*(?:am|pm|%)\b", text[m.end():m.end() + 4])]


def _counts(sentences: list[str], problems: list[str]) -> dict[str, int]:
    """Counts stated in prose -> {column: n}; a second, different statement is reported.

    Numbers in digits or words ("thirty-two"), in either order with their sector ("18
    government", "18 from government", "government: 18", "government (18)"); a total is a
    number with a count noun ("32 people", "32 attended") or after "total of", "attended by",
    "Attendees:". A total is never made by adding the sectors.
    """
    out: dict[str, int] = {}

    def put(column: str, n: int, sentence: str) -> None:
        if column in out and out[column] != n:
            problems.append(f"{column}: the record states both {out[column]} and {n} "
                            f"(kept {out[column]}; check: {sentence[:80]!r})")
            return
        out[column] = n

    for s in sentences:
        for role, part in _count_segments(s):
            taken = []
            for pattern, num, sectors in ((_SECTOR_AFTER, 1, (2, 3)), (_SECTOR_BEFORE, 2, (1,))):
                for m in pattern.finditer(part):
                    if any(a <= m.start(num) < b for a, b in taken):
                        continue
                    sector = next(m[g] for g in sectors if m[g])
                    put(f"{role}_{_sector_word(sector)}", _number(m[num]), s)
                    taken.append(m.span(num))
            for m in _numbers(part):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                after, before = part[m.end():m.end() + 40], part[max(0, m.start() - 40):m.start()]
                if _TOTAL_AFTER.match(after) or _TOTAL_BEFORE.search(before):
                    put(f"{role}_total", _number(m[1]), s)
                    break
    return out


# --- people ---------------------------------------------------------------------------------------


@dataclass
class _Person:
    name: str
    organisation: str | None
    sector: str | None
    role: str


_ROLE_WORDS = re.compile(r"(?:\s+(?:member|members|co-?ordinator|coordinator|chair|co-chair|lead|"
                         r"staff|representative|officer))+$", re.IGNORECASE)


def _org_candidates(printed: str) -> list[str]:
    """Ways an organisation cell may name a gazetteer entry, most literal first."""
    out = [printed]
    bare = re.sub(r"\s*\(([^()]*)\)\s*$", "", printed)  # "Crown Commercial Service (CCS)"
    if bare != printed:
        out += [bare, re.search(r"\(([^()]*)\)\s*$", printed)[1]]
    for part in reversed([p.strip() for p in bare.split(",") if p.strip()]):
        for piece in [q.strip() for q in part.split("/") if q.strip()]:
            out += [piece, _ROLE_WORDS.sub("", piece)]  # "UK OGN Steering Committee member"
    return out


def _resolve_org(printed: str, gazetteer) -> Organisation | None:
    """The gazetteer entry an organisation cell names, else None.

    The whole cell; without a bracketed abbreviation, or the abbreviation; one of its comma or
    slash parts (a job title before it: "Head of Open Government, Cabinet Office";
    "Involve/UK OGN Coordinator"), with a trailing role word ("member") left out.
    """
    for candidate in _org_candidates(printed):
        if org := _organisation(candidate, gazetteer):
            return org
    return None  # a name merely containing a known one ("... New Zealand") is not guessed


def _person_like(text: str) -> bool:
    return bool(_PERSON.fullmatch(text)) and not _ORG_WORDS.search(text)


def _entry(text: str, gazetteer) -> tuple[str | None, str | None, str] | None:
    """One entry of a list -> (person's name, organisation as printed, role); None: not an entry.

    Layouts: "Name (Organisation)", "Name (Chair; Organisation)", "Name, Organisation",
    "Name, Job title, Organisation", "Name – Organisation", "Co-chair: Name, Organisation",
    "Name" (no organisation stated), "Organisation" (a name the gazetteer knows, no person).
    """
    text = text.strip(" .;•·*-–\t")
    role = "attendee"
    if m := _ROLE_PREFIX.match(text):
        role, text = "chair", text[m.end():].strip()
    if not text or len(text) > 160:
        return None
    paren = re.fullmatch(r"(.+?)\s*\(([^()]+)\)(?:\s*[,–-]\s*(chair|co-chair))?", text, re.IGNORECASE)
    if paren and _person_like(paren[1].strip()):
        parts = [p.strip() for p in paren[2].split(";") if p.strip()]
        if any(p.lower() in _CHAIR_ROLE for p in parts) or paren[3]:
            role = "chair"
        orgs = [p for p in parts if p.lower() not in _CHAIR_ROLE]
        return paren[1].strip(), (orgs[-1] if orgs else None), role
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+[–—-]\s+", text) if p.strip()]
    if pieces and pieces[-1].lower() in _CHAIR_ROLE | {"chair)", "(chair)", "(co-chair)"}:
        role, pieces = "chair", pieces[:-1]
    if not pieces:
        return None
    if _person_like(pieces[0]):
        org = ", ".join(pieces[1:]) or None
        if org and _organisation(pieces[0], gazetteer) is not None:
            return None
        return pieces[0], org, role
    if len(pieces) == 1 and (_organisation(pieces[0], gazetteer) or _ORG_WORDS.search(pieces[0])) \
            and len(pieces[0].split()) <= 8:
        return None, pieces[0], role
    return None


def _all_listed(body: str) -> list[str] | None:
    """A line's "Name (Organisation)" entries when the line is nothing but those, else None."""
    found = [m[0] for m in _LISTED.finditer(body)]
    return found if len(found) >= 2 and not re.sub(r"[\s,;]|\band\b", "", _LISTED.sub("", body)) \
        else None


def _line_entries(line: str, gazetteer) -> list[tuple]:
    """The list entries one line holds, with their roles.

    "Attendees: A (X), B (Y)", "Apologies: A, X; B, Y", "Co-chair: A, X", or a line that is
    nothing but "Name (Organisation)" entries.
    """
    if prefix := _LIST_PREFIX.match(line):
        role = "apology" if prefix[1].lower().startswith("apolog") else "attendee"
        body = line[prefix.end():]
        parts = _all_listed(body) or re.split(r"\s*;\s*", body)
        entries = [_entry(p, gazetteer) for p in parts if p.strip()]
        return [(e, role) for e in entries] if entries and all(entries) else []
    if _ROLE_PREFIX.match(line) and (e := _entry(line, gazetteer)):
        return [(e, "attendee")]
    listed = _all_listed(line) or []
    return [(e, "attendee") for e in (_entry(p, gazetteer) for p in listed) if e]


class _Roster:
    """The people of a record's lists, one per person (by name; unnamed entries each count)."""

    def __init__(self, gazetteer, problems: list[str]) -> None:
        self.gazetteer, self.problems = gazetteer, problems
        self.named: dict[str, _Person] = {}
        self.unnamed: list[_Person] = []
        self.sector: str | None = None  # the sector the record's heading gives the list

    def add(self, entry, role_default: str, group: Organisation | None = None) -> None:
        """Add one list entry (name, organisation as printed, role).

        `group` is the organisation the list is under, for an entry whose own organisation is a
        job title.
        """
        name, printed, role = entry
        role = "chair" if role == "chair" else role_default
        org = _resolve_org(printed, self.gazetteer) if printed else None
        if org is None and group is not None:
            org = group
        elif printed and org is None:
            stated = (f" (listed under the record's {SECTOR_WORDS[self.sector]} heading)"
                      if self.sector else "")
            self.problems.append(f"unknown organisation {printed!r}{stated}: add it to the "
                                 f"gazetteer ({ORGANISATIONS_CSV}) with its sector")
        # A person under a "Civil society members" heading is of the sector the record states.
        sector = org.sector if org else self.sector
        person = _Person(name or "", org.name if org else printed, sector, role)
        old = self.named.get(name) if name else None
        if not name:
            self.unnamed.append(person)
        elif old is None:
            self.named[name] = person
        else:
            old.role = "chair" if role == "chair" else old.role
            if old.sector is None and person.sector:
                old.organisation, old.sector = person.organisation, person.sector

    def people(self) -> list[_Person]:
        """Everyone listed: named people first, in order, then unnamed entries."""
        return [*self.named.values(), *self.unnamed]


def _list_heading(line: str, following) -> tuple[str, str | None] | None:
    """(role, sector stated or None) of the list a heading line starts, else None.

    "Attendees", "Apologies from:"; or "Civil society members:" above an entry (the record
    states the sector of the people under it).
    """
    if heading := _LIST_HEADING.fullmatch(line):
        return ("apology" if heading[1].lower().startswith("apolog") else "attendee"), None
    if (by_sector := _SECTOR_HEADING.fullmatch(line)) and following:
        return "attendee", _sector_word(by_sector[1])
    return None


def _kind_in_list(entry, following, organisation) -> str:
    """What a line inside a list is: `entry`, `group` or `heading`.

    A `group` is an organisation's name above its people; a `heading` starts a new list (a name
    of no known organisation above people).
    """
    if entry[0] or not (following and following[0]):
        return "entry"
    return "group" if organisation else "heading"


def _block_length(entries: list, i: int) -> int:
    """How many lines from i form a list of people with no heading (0: none).

    Two or more consecutive "Name, Organisation" lines, or three or more of which at least half
    give an organisation ("Gavin Freeguard" on its own among them).
    """
    k = 0
    while i + k < len(entries) and entries[i + k] and entries[i + k][0]:
        k += 1
    with_org = sum(1 for e in entries[i:i + k] if e[1])
    return k if (k >= 2 and with_org == k) or (k >= 3 and 2 * with_org >= k) else 0


def _listed(lines: list[str], gazetteer, problems: list[str]) -> list[_Person]:
    """People a record lists, in their common layouts.

    Inline after "Attendees:" / "Present:" / "Apologies:" (entries split by ";" or,
    "Name (Organisation)" entries, by ","); one per line under a heading ("Attendees", "In
    attendance", "Apologies from:"), or with no heading (a run of "Name, Organisation" lines);
    people under an organisation's name ("Cabinet Office", then "Name, Job title") belong to it;
    "Chair:" / "Co-chair:" lines. One entry per person; a name given twice (a co-chair also in
    the list) counts once, as chair.
    """
    roster = _Roster(gazetteer, problems)
    add = roster.add
    entries = [_entry(line, gazetteer) for line in lines]

    def group_at(j: int) -> Organisation | None:
        """The organisation a line names on its own (a group heading), else None."""
        e = entries[j] if 0 <= j < len(entries) else None
        return _organisation(e[1], gazetteer) if e and not e[0] and e[1] else None

    section: str | None = None
    group: Organisation | None = None
    i = 0
    while i < len(lines):
        line, e = lines[i], entries[i]
        if heading := _list_heading(line, entries[i + 1] if i + 1 < len(entries) else None):
            (section, roster.sector), group = heading, None
        elif _LIST_PREFIX.match(line) or _ROLE_PREFIX.match(line):
            for entry, role in _line_entries(line, gazetteer):
                add(entry, role)
            # "Co-chairs: A (X)" then "B (Y)" on the next line: the list of chairs goes on.
            section = "chair" if _CHAIRS_PREFIX.match(line) else (
                None if _LIST_PREFIX.match(line) else section)
        elif section and e:
            kind = _kind_in_list(e, entries[i + 1] if i + 1 < len(entries) else None, group_at(i))
            if kind == "group":
                group = group_at(i)  # "Cabinet Office" above its people
            elif kind == "heading":
                section = group = roster.sector = None  # a heading ("Network co-ordinators")
            else:
                add(e, section, group)
        elif n := _block_length(entries, i):
            group, roster.sector = group_at(i - 1), None
            for entry in entries[i:i + n]:
                add(entry, "attendee", group)
            i += n
            section = group = None
            continue
        else:
            section = group = roster.sector = None
            for entry, role in _line_entries(line, gazetteer):
                add(entry, role)
        i += 1
    return roster.people()


def _short_name(org: Organisation) -> str:
    """A name of the organisation with no "and" in it (which would read as a second person)."""
    plain = [n for n in org.names if not re.search(r"\band\b", n)]
    return min(plain, key=len) if plain else org.name.replace(" and ", " & ")


def _prose_chairs(sentences: list[str], gazetteer, known: dict[str, _Person],
                  problems: list[str]) -> list[_Person]:
    """Chairs named in sentences that say who (co-)chaired; one per person."""
    found: list[_Person] = []
    for s in sentences:
        if not _CHAIR_VERB.search(s):
            continue
        # "Kay Keel (Involve)": a bracketed organisation the gazetteer knows stays; other
        # brackets go (their names would read as people).
        plain = _PAREN.sub(lambda b: f", {_short_name(org)}" if (org := _resolve_org(
            b[0].strip(" ()"), gazetteer)) else "", s)
        matches = list(_PROSE_PERSON.finditer(plain))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(plain)
            # "A and B, Minister": what follows "and" right after a name is B's, not A's.
            window = "" if re.match(r"\s+and\b", plain[m.end():end]) else plain[m.end():end]
            org = _organisation_in(window, gazetteer, nearest=True)
            if org is None and m[0].startswith("Minister "):
                org = _organisation(GOVERNMENT_MINISTER, gazetteer)  # "Minister Julia Lopez"
            name = m[1]
            if name in known:
                if org and known[name].sector is None:
                    known[name].organisation, known[name].sector = org.name, org.sector
                continue
            person = _Person(name, org.name if org else None, org.sector if org else None,
                             "chair")
            known[name] = person
            found.append(person)
    for p in found:
        if p.sector is None:
            problems.append("a chair named in the text has no organisation the gazetteer knows: "
                            "not counted")
    return found


# --- plans and phases --------------------------------------------------------------------------------


def _current_index(cycles: list[int], year: int | None) -> int | None:
    if year is None:
        return None
    started = [i for i, c in enumerate(cycles) if c <= year]
    return started[-1] if started else None


def _plan_refs(text: str, cycles: list[int], current: int | None, numbered_doc: bool,
               problems: list[str]) -> list[tuple[int, int, int]]:
    """(start, end, cycle) of each plan the text names."""
    refs: list[tuple[int, int, int | None]] = []
    for m in _PLAN_NUMBERED.finditer(text):
        n = int(m[1] or m[2])
        refs.append((m.start(), m.end(), cycles[n - 1] if 0 < n <= len(cycles) else None))
    for m in _PLAN_ORDINAL.finditer(text):
        word = m[1].lower()
        n = _ORDINALS[word] if word in _ORDINALS else int(re.sub(r"\D", "", word))
        refs.append((m.start(), m.end(), cycles[n - 1] if n <= len(cycles) else None))
    spans = sorted([*_PLAN_SPAN.finditer(text), *_PLAN_SPAN_AFTER.finditer(text)],
                   key=lambda m: m.start())
    for m in spans:
        year = int(m[1])
        if year not in cycles:
            problems.append(f"{m[0]!r} names a plan starting {year}, not among the member's "
                            f"plans ({', '.join(map(str, cycles))})")
        refs.append((m.start(), m.end(), year if year in cycles else None))
    taken = [(a, b) for a, b, _ in refs]
    nxt = current + 1 if current is not None and current + 1 < len(cycles) else None
    for pattern, index in ((_PLAN_NEXT, nxt), (_PLAN_CURRENT, current)):
        if pattern is _PLAN_CURRENT and numbered_doc:
            continue  # "the NAP" among numbered plans could be any of them
        for m in pattern.finditer(text):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            taken.append(m.span())
            refs.append((m.start(), m.end(), cycles[index] if index is not None else None))
    named = sorted((a, b, c) for a, b, c in refs if c is not None)
    for m in re.finditer(r"\b(?:the|this) plan\b", text, re.IGNORECASE):
        before = [r for r in named if r[1] <= m.start()]
        if before and not any(a <= m.start() < b for a, b, _ in refs):
            refs.append((m.start(), m.end(), before[-1][2]))  # the plan just named
    return sorted((a, b, c) for a, b, c in refs if c is not None)


def _bind(text: str, refs: list[tuple[int, int, int]]) -> set[tuple[int, str]]:
    """(cycle, phase) pairs: each phase word bound to the plan it is written against."""
    terms = [(m.start(), m.end(), m.lastgroup) for m in _PHASE.finditer(text)]
    bound: dict[int, int] = {}
    for i, (start, end, _) in enumerate(terms):
        after = _BIND_AFTER.match(text[end:])
        if after:
            nxt = [r for r in refs if end < r[0] <= end + after.end()]
            if nxt:
                bound[i] = nxt[0][2]
                continue
        before = [r for r in refs if 0 <= start - r[1] <= _BIND_BEFORE
                  and not re.search(r"[.;:]", text[r[1]:start])]
        if before:
            bound[i] = before[-1][2]
    changed = True
    while changed:  # "monitoring and implementation of NAP5": joined terms share the plan
        changed = False
        for i in range(len(terms)):
            if i in bound:
                continue
            for j in (i - 1, i + 1):
                if j in bound and 0 <= j < len(terms):
                    a, b = sorted((i, j))
                    if _JOIN.match(text[terms[a][1]:terms[b][0]]):
                        bound[i] = bound[j]
                        changed = True
                        break
    return {(bound[i], terms[i][2]) for i in bound}


def _plans(lines: list[str], title_index: int, cycles: list[int], year: int | None,
           problems: list[str]) -> list[tuple[int, str]]:
    """The (cycle, phase) pairs of the title, the headings and the sentences stating the aim."""
    whole = "\n".join(lines)
    numbered = bool(_PLAN_NUMBERED.search(whole) or _PLAN_ORDINAL.search(whole))
    current = _current_index(cycles, year)
    chosen = [line for i, line in enumerate(lines)
              if i == title_index or (len(line) <= _HEADING_MAX and not re.search(r"[.?!:,;]$", line))]
    chosen += [s for s in _sentences(lines) if _AIM.search(s)]
    pairs: set[tuple[int, str]] = set()
    seen: set[str] = set()
    named: set[int] = set()
    for text in chosen:
        if text in seen:
            continue
        seen.add(text)
        refs = _plan_refs(text, cycles, current, numbered, problems)
        named |= {c for _, _, c in refs}
        pairs |= _bind(text, refs)
    for c in sorted(named - {c for c, _ in pairs}):
        if year is None:
            problems.append(f"the record names the {c} plan but no phase: fill `plans` by hand")
            continue
        phase = R.phase_by_date(year, c)
        pairs.add((c, phase))
        problems.append(f"the record names the {c} plan with no phase: read as "
                        f"{PHASE_WORDS[phase]} from the meeting's date ({year}); check")
    order = list(PHASE_WORDS)
    return sorted(pairs, key=lambda p: (p[0], order.index(p[1])))


# --- commitments -------------------------------------------------------------------------------------


def match_topic(topic: str, titles: pd.DataFrame) -> tuple[str | None, list[str]]:
    """A topic as printed -> (the commitment ID it names, the other candidate IDs).

    An exact title wins (other titles containing the phrase are returned as candidates); one
    title containing the phrase is a match; several and no exact title is ambiguous: (None,
    candidates), never picked.

    Args:
        topic: the phrase ("open contracting").
        titles: the commitments of the plans concerned (`commitment_id`, `title`).
    """
    key = _fold(topic)
    exact, partial = [], []
    for r in titles.itertuples():
        title = _fold(str(r.title))
        if title == key:
            exact.append(r.commitment_id)
        elif re.search(rf"\b{re.escape(key)}\b", title):
            partial.append(r.commitment_id)
    if len(exact) == 1:
        return exact[0], partial
    if not exact and len(partial) == 1:
        return partial[0], []
    return None, exact + partial


def _commitments(text: str, titles: pd.DataFrame, aliases: pd.DataFrame,
                 problems: list[str]) -> list[str]:
    """`ID [topic as printed]` or `[topic as printed]` per commitment discussed, in order."""
    found: list[tuple[int, str, str | None]] = []
    for m in _TOPIC.finditer(text):
        topic = m[1].strip()
        words = [w.lower() for w in topic.split()]
        if all(w in _TOPIC_STOP for w in words) or _TOPIC_BREAK & set(words):
            continue
        cid, others = match_topic(topic, titles)
        if cid is None and others:
            problems.append(f"commitment {topic!r} is ambiguous: candidates {', '.join(others)} "
                            "(not picked)")
        elif cid is None:
            problems.append(f"commitment {topic!r} matches no title of the plans concerned")
        elif others:
            problems.append(f"commitment {topic!r} read as {cid} (its exact title); other "
                            f"candidates: {', '.join(others)}")
        found.append((m.start(), topic, cid))
    ids = set(titles["commitment_id"])
    for r in aliases.itertuples():
        if r.commitment_id not in ids:
            continue
        m = re.search(rf"(?<![\w-]){re.escape(r.alias)}(?![\w-])", text)
        if m:
            found.append((m.start(), r.alias, r.commitment_id))
    out, seen = [], set()
    for _, topic, cid in sorted(found, key=lambda f: f[0]):
        key = cid or _fold(topic)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"{cid} [{topic}]" if cid else f"[{topic}]")
    return out


# --- the row -------------------------------------------------------------------------------------------


def _kind(title: str, opening: str, gazetteer) -> str:
    head = f"{title}\n{opening}"
    if re.search(r"multi-?stakeholder forum|\bMSF\b", head, re.IGNORECASE) or re.search(
            r"\bforum\b", title, re.IGNORECASE):
        return "forum"
    if re.search(r"working group|implementation meeting", title, re.IGNORECASE):
        return "working_group"
    if re.search(r"public consultation", title, re.IGNORECASE):
        return "public_consultation"
    if re.search(r"consultation event|outreach event", title, re.IGNORECASE):
        return "consultation_event"
    # A civil society network meeting government (a named department, or "officials").
    network = re.search(r"civil society network|open government network|\bOGN\b", head,
                        re.IGNORECASE)
    government = (_organisation_in(head, gazetteer, "government") is not None
                  or re.search(r"\bgovernment (?:officials|commitment leads|departments)\b", head,
                               re.IGNORECASE))
    if network and government:
        return "bilateral"
    return "other"


def extract_meeting(document: str | bytes, *, commitments: pd.DataFrame, member: str | None = None,
                    source_url: str | None = None, gazetteer: dict[str, Organisation] | None = None,
                    aliases: pd.DataFrame | None = None) -> Extraction:
    """Read one meeting note or read-out into a meeting-records row.

    Args:
        document: the note as text or HTML.
        commitments: the member's commitments (`commitment_id`, `member`, `cycle`, `title`);
            their cycles say which plan "NAP5" is.
        member: the member slug the meeting belongs to; None: the member the record names,
            among the OGP members the toolkit knows and the members of `commitments`.
        source_url: where the note was read from (the CSV's `source_url`).
        gazetteer: folded name -> Organisation (default: the package's gazetteer).
        aliases: declared commitment short names (default: the package's list).

    Returns:
        The row (COLUMNS) and the problems a reviewer should look at (also in `note`).

    Raises:
        OGPAnalysisError: no member given and the record does not say which member it is.
    """
    gazetteer = load_organisations() if gazetteer is None else gazetteer
    aliases = load_commitment_aliases() if aliases is None else aliases
    lines = read_page(document, source_url or "").lines
    problems: list[str] = []
    date, published, title, title_index = _dates(lines)
    if member is None:
        member = member_of_record(lines, title, _known_members(commitments))
        if member is None:
            raise OGPAnalysisError(f"{source_url or 'the record'}: cannot tell which OGP member "
                                   "the meeting belongs to: give --member")
    aliases = aliases[aliases["member"] == member]
    mine = commitments[commitments["member"] == member]
    cycles = sorted({int(c) for c in mine["cycle"].dropna()})
    if date is None:
        problems.append("no meeting date found in the title or the first sentences")
    elif date.ambiguous:
        problems.append(f"the meeting's date could be read day first or month first: read as "
                        f"{date.value} (day first); check")
    sentences = _sentences(lines)
    opening = " ".join(_sentences(lines[title_index + 1:title_index + 6])[:3])
    kind = _kind(title or (lines[0] if lines else ""), opening, gazetteer)
    year = int(date.value[:4]) if date else None
    plans = _plans(lines, title_index, cycles, year, problems)
    if not plans:
        problems.append("no plan or phase found: fill `plans` by hand")
    counts = _counts(sentences, problems)

    people = _listed(lines, gazetteer, problems)
    known = {p.name: p for p in people if p.name}
    people += _prose_chairs(sentences, gazetteer, known, problems)
    chairs = [p for p in people if p.role == "chair" and p.sector]
    for sector in ("government", "civil_society"):
        n = sum(p.sector == sector for p in chairs)
        if n:
            counts[f"chairs_{sector}"] = n
    organisations = [organisation_entry(p.organisation, p.sector, p.role) for p in people]

    concerned = mine[mine["cycle"].astype(int).isin({c for c, _ in plans})]
    if plans:
        topics = _commitments("\n".join(lines), concerned, aliases, problems)
    else:
        topics = []

    problems = list(dict.fromkeys(problems))  # one line per problem, however often it is met
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        meeting_id=meeting_id(member, date.value if date else None, kind), member=member,
        date=date.value if date else "", date_precision=date.precision if date else "",
        kind=KIND_WORDS[kind], title=title or "",
        plans=";".join(f"{c}:{PHASE_WORDS[p]}" for c, p in plans),
        organisations=";".join(organisations), commitments=";".join(topics),
        record_published_date=published.value if published else "",
        source_url=source_url or "", note="; ".join(problems),
        **{k: str(v) for k, v in counts.items()},
    )
    return Extraction(row, problems)
