"""The label-based core: (section, printed label, printed value) triples -> `Records`.

Both the page parser (page -> text lines -> triples) and the bundled dataset (facts recorded from
real pages) go through `records_from_label_values`, so a page and a recorded fact about it are
read by the same rules. What a label records is data (`ogp_analysis/data/page_labels.csv`, see
`crosswalk`); canonical values and missing reasons come only from `labels` and
`metadata.scales`. Mapping decisions (from the issue, documented in the crosswalk's notes):

- Era: cycle <= 2019 is `legacy`, >= 2020 `refresh`. Design rows (Verifiable, Relevance,
  Potential Impact, Ambition) are stage `design` (legacy) / `action_plan_review` (refresh);
  At-a-Glance-style summary rows (Starred, Early Results, Completion) are stage `latest`; the
  status summary's Midterm / End of Term rows `midterm` / `end_of_term`; per-value
  did-it-open-government, carried forward and the summary heading's '✪' are `end_of_term`.
  The assessor is always the IRM.
- "Early Results" and "Ambition" are recorded under their own indicators, as printed: never
  merged into diog / potential_impact.
- Relevance to OGP values: one `commitment_ogp_values` row per named value; a bare Yes/No is
  ogp_value `unspecified`; a placeholder is `unspecified` with relevance unknown (null).
- A label the crosswalk does not know is a `data_quality` row (`unknown_label`, with the URL).
- Page-internal disagreements (blank Completion vs the summary's value, the Starred row vs the
  summary's '✪') are `disagreement` rows with both values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import UnknownValueError
from ogp_analysis.keys import action_plan_id, normalise_commitment_id
from ogp_analysis.labels import fold, missing_reason, read_value
from ogp_analysis.metadata.rules import (
    design_stage,
    era_of,
    page_status,
    policy_area_verdict,
    year_problem,
)
from ogp_analysis.parse.crosswalk import LabelRule, load_crosswalk
from ogp_analysis.records import Records, make_source

Triple = tuple[str, str, str | None]

# Blocks every commitment page template has; a missing one is worth a data_quality note.
EXPECTED_BLOCKS = ("irm_review", "design", "implementation")
# Rows each expected block holds, per template (v1 older, v2 newer; None: both).
_EXPECTED_ROWS = {
    "irm_review": {None: ("irm_reports", "early_results"), "v1": ("starred",)},
    "design": {None: ("verifiable", "ogp_values"), "v1": ("potential_impact",), "v2": ("ambition",)},
    "implementation": {None: ("completion",)},
}
_STAR = "✪"
_NOT_RELEVANT = "not relevant"
_NOT_CARRIED = re.compile(r"\b(?:was|were|is|has|have)\s+not\s+(?:been\s+)?carried\s+(?:forward|over)\b"
                          r"|\bnot\s+carried\s+(?:forward|over)\b", re.IGNORECASE)
_CARRIED = re.compile(r"\b(?:was|were|is|has\s+been|have\s+been)\s+carried\s+(?:forward|over)\b",
                      re.IGNORECASE)
_PLAN_YEARS = re.compile(r"\b((?:19|20)\d{2})\s*[-–]\s*(?:(?:19|20)?\d{2})\b")


def stage_of(rule: LabelRule, era: str | None) -> str:
    """The assessment stage a crosswalk row's stage rule gives on a plan of this era."""
    if rule.stage == "design_stage":
        return design_stage(era)
    return rule.stage


def undouble_glued(value: str) -> str:
    """'MajorMajor' (a value printed twice with no space between) -> 'Major Major'.

    `labels.read_value` reads a space-separated doubled value once and flags it; HTML whose two
    copies sit in adjacent inline elements loses the space, so it is put back here.
    """
    n = len(value)
    half = value[: n // 2]
    # Short values only: a description is never a scale value, and halves could match by chance.
    # Every scale value is a word: a half with no letter is a number ("2020" is a year, not
    # "20" twice), so it is never split.
    if 4 <= n <= 120 and n % 2 == 0 and half == value[n // 2:] and any(c.isalpha() for c in half):
        return f"{half.strip()} {half.strip()}"
    return value


def _split_list(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def _template(rules: Iterable[LabelRule], printed: dict[str, str]) -> str | None:
    names = {r.name for r in rules if r.target == "assessment"}
    relevance = printed.get("ogp_values")
    named = relevance is not None and fold(relevance) not in ("yes", "no") \
        and missing_reason(relevance) is None
    if "starred" in names or "potential_impact" in names or named:
        return "v1"
    if "ambition" in names or (relevance is not None and fold(relevance) in ("yes", "no")):
        return "v2"
    return None


class _Reader:
    """Turns resolved triples into rows of one Records (one commitment, one source)."""

    def __init__(self, rec: Records, *, url: str, commitment_id: str, member: str,
                 build_year: int | None = None):
        self.rec, self.url, self.cid, self.member = rec, url, commitment_id, member
        self.build_year = build_year
        self.cycle: int | None = None
        self.era: str | None = None
        self.commitment: dict = {}
        self.assessed: dict[tuple, dict] = {}

    def quality(self, problem: str, detail: str, **kw) -> None:
        self.rec.quality(problem, f"{detail} ({self.url})", commitment_id=self.cid, **kw)

    # --- targets -----------------------------------------------------------------------------

    def commitment_field(self, rule: LabelRule, label: str, value: str) -> None:
        name = rule.name
        if rule.reader == "int":
            return  # the cycle, read before everything else
        if rule.reader == "date":
            try:
                pd = parse_partial_date(value)
            except ValueError:
                self.quality("unknown_value", f"{label!r} value {value!r} is not a date",
                             table_name="commitments", field=name, value_printed=value)
                return
            if pd is not None:
                self.commitment[name] = pd.value
                self.commitment[f"{name}_precision"] = pd.precision
            return
        if name == "status" and value and page_status(value) is None:
            # Only Active / Inactive (or blank) is a status; "2014" or "Marginal" slid up from
            # another row: reported, and no status is recorded from this page.
            self.quality("unknown_value", f"{label!r} value {value!r} is not a page status "
                         "(Active, Inactive or blank); not recorded", table_name="commitments",
                         field=name, value_printed=value)
            return
        self.commitment[name] = (page_status(value) if name == "status" else value) or None
        if name == "action_plan_name" and value:
            if fold(value) == "not attached":
                self.quality("placeholder_value", f"Action Plan printed {value!r}: a placeholder, "
                             "kept as printed on the commitment, not recorded as a plan name",
                             table_name="action_plan_names", field="name", value_printed=value)
            elif self.cycle is not None:
                self.rec.add("action_plan_names", action_plan_id=action_plan_id(self.member, self.cycle),
                             name=value, name_type="page_title")

    def institution(self, rule: LabelRule, value: str) -> None:
        if rule.name == "lead":
            self.commitment["lead_institution"] = value or None
        if not value:
            self.quality("blank_value", f"{rule.label} printed with no value", severity="info",
                         table_name="commitment_institutions", field=rule.name, value_printed=value)
            return
        for name in _split_list(value, ";"):
            self.rec.add("commitment_institutions", commitment_id=self.cid, institution=name,
                         role=rule.name, **_typed(rule))

    def policy_areas(self, rule: LabelRule, value: str) -> None:
        others = (self.commitment.get("title"), self.commitment.get("member_name"),
                  self.member.replace("-", " "))
        for area in _split_list(value, ","):
            verdict = policy_area_verdict(area, not_areas=others)
            if verdict == "not_an_area":
                self.quality("not_a_policy_area", f"Policy Areas item {area!r} is no policy area "
                             "(a name, title, markup or sentence from another block); not recorded",
                             table_name="commitment_policy_areas", field="policy_area",
                             value_printed=area)
                continue
            if verdict == "unknown":
                self.quality("unknown_policy_area", f"policy area {area!r} is not in the OGP "
                             "vocabulary (ogp_analysis/data/policy_areas.csv); recorded as printed",
                             table_name="commitment_policy_areas", field="policy_area",
                             value_printed=area)
            self.rec.add("commitment_policy_areas", commitment_id=self.cid, policy_area=area,
                         vocabulary=rule.name, **_typed(rule))

    def assessment(self, rule: LabelRule, label: str, value: str) -> dict | None:
        reading = None
        if rule.reader == "carried_forward_sentence":
            reading = _carried_forward_reading(value)
        elif rule.reader == "star_mark":
            if not value.lstrip().startswith(_STAR):
                return None
            reading = dataclasses.replace(read_value("Yes", "yes_no"), value_printed=_STAR)
        row = self.rec.assess(
            commitment_id=self.cid, member=self.member, cycle=self.cycle, assessor="irm",
            stage=stage_of(rule, self.era), indicator=rule.name, printed=value, era=self.era,
            ogp_value=rule.ogp_value, reading=reading, source_type=rule.source_type or None,
        )
        self.assessed[(rule.name, rule.stage, rule.ogp_value)] = row
        if reading is None and value.strip().isdigit() and not str(row.get("value")).isdigit() \
                and row.get("value_kind") == "scale":
            # A page prints the label ("No"); a bare digit is the release's code, read by its
            # alias: said, since a page never prints it (issue 29: "Verifiable: 0").
            self.quality("numeric_code", f"{label} printed {value.strip()!r}, a numeric code "
                         f"where the page prints a word; read as {row.get('value')!r}",
                         table_name="assessments", field=rule.name, value_printed=value)
        return row

    def ogp_values(self, rule: LabelRule, value: str) -> None:
        for ogp_value, relevant in self._read_ogp_values(value):
            self.rec.add("commitment_ogp_values", commitment_id=self.cid, ogp_value=ogp_value,
                         is_relevant_to_value=relevant, value_printed=value, **_typed(rule))

    def _read_ogp_values(self, value: str) -> list[tuple[str, bool | None]]:
        if missing_reason(value) is not None:
            return [("unspecified", None)]
        if fold(value) == _NOT_RELEVANT:
            return [("unspecified", False)]  # the older template's way of printing No
        try:
            reading = read_value(value, "yes_no")
            if reading.doubled:
                self.quality("doubled_value", f"Relevant to OGP Values printed {value!r}, read once",
                             severity="info", table_name="commitment_ogp_values",
                             field="is_relevant_to_value", value_printed=value)
            return [("unspecified", reading.value == "Yes")]
        except UnknownValueError:
            pass
        names = load_crosswalk().value_names()
        key = fold(value)
        found: list[tuple[int, str]] = []
        rest = key
        for rule in names:
            for m in re.finditer(rf"\b(?:{rule.pattern.pattern})\b", key):
                found.append((m.start(), rule.ogp_value))
                rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
        leftover = re.sub(r"[\s,;/&]+|\band\b", "", rest)
        if found and not leftover:
            ordered = [v for _, v in sorted(found)]
            return [(v, True) for v in dict.fromkeys(ordered)]
        self.quality("unknown_value", f"Relevant to OGP Values {value!r} names no known OGP value "
                     f"(left unread: {leftover!r})", table_name="commitment_ogp_values",
                     field="ogp_value", value_printed=value)
        return [("unspecified", None)]

    def milestone(self, rule: LabelRule, label: str, value: str) -> None:
        self.rec.add("commitment_milestones", commitment_id=self.cid,
                     milestone_number=int(label), milestone_text=value, **_typed(rule))


def _typed(rule: LabelRule) -> dict:
    """The row's source_type when the crosswalk gives one (else the source's)."""
    return {"source_type": rule.source_type} if rule.source_type else {}


def _carried_forward_reading(value: str):
    """Yes/No from the summary's sentence, the sentence kept as printed; None: read as a value."""
    if missing_reason(value) is not None:
        return None
    try:
        return read_value(value, "yes_no")
    except UnknownValueError:
        pass
    if _NOT_CARRIED.search(value):
        answer = "No"
    elif _CARRIED.search(value):
        answer = "Yes"
    else:
        return None  # Records.assess keeps it as printed and reports it
    return dataclasses.replace(read_value(answer, "yes_no"), value_printed=value)


# Complexity: one dispatch over the page-label crosswalk's targets, each handled by a _Reader
# method; what remains here is the order of the steps.
def records_from_label_values(  # noqa: C901
    triples: list[Triple], *, url: str, commitment_id: str, member: str,
    retrieved_at: str | None = None, origin: str = "pages", source_note: str | None = None,
    title: str | None = None, sha256: str | None = None, raw_path: str | None = None,
    member_name: str | None = None, blocks_seen: Iterable[str] | None = None,
    report_absent: bool = True, cycle: int | None = None, build_year: int | None = None,
) -> Records:
    """Read (section, printed label, printed value) triples of one commitment page.

    Args:
        triples: (section, label as printed, value as printed); a value of None or "" means the
            label was shown with no value. Sections: at_a_glance, institutions, policy_areas,
            irm_review, design, implementation, description, heading, status_summary,
            did_it_open_government, carried_forward, milestones (label: the printed number),
            dates. A label is looked up in its section, then in any section.
        url: the page's URL (on every row, and in every data_quality detail).
        commitment_id: the commitment's OGP ID (upper-cased and checked).
        member: the member slug.
        retrieved_at: when the page was fetched (ISO 8601, UTC); None: undated.
        origin: `pages` (fetched) or `bundled` (recorded facts).
        source_note: where in the source (kept on every row).
        title: the commitment title, when known outside the triples.
        sha256: sha256 of the raw page.
        raw_path: path of the raw page file.
        member_name: the member's display name, as printed.
        blocks_seen: sections whose heading the page printed (None: infer from the triples).
        report_absent: report blocks/rows the template should have but the triples lack.
        cycle: the plan's start year when known outside the triples (e.g. a dataset's listing);
            used when no 'Action Plan Cycle' row is among them; a different printed cycle wins
            and is reported as a disagreement.
        build_year: the build's year: a cycle after it + 2 (or before 2011) is refused
            (`metadata.rules.year_problem`); None checks the lower bound only.

    Returns:
        Records with the commitment row, assessments, long-table rows and data_quality.
    """
    cw = load_crosswalk()
    cid = normalise_commitment_id(commitment_id)
    rec = Records(make_source(url, source_type="ogp_page", origin=origin, retrieved_at=retrieved_at,
                              sha256=sha256, raw_path=raw_path, source_note=source_note))
    reader = _Reader(rec, url=url, commitment_id=cid, member=member, build_year=build_year)

    resolved: list[tuple[LabelRule, str, str, str]] = []
    for section, label, value in triples:
        printed = undouble_glued((value or "").strip())
        rule = cw.lookup(section, label)
        if rule is None:
            reader.quality("unknown_label", f"label {label!r} in section {section!r} is not in the "
                           "page-label crosswalk; kept here, not read", field=label,
                           value_printed=value)
            continue
        if rule.target != "skip":
            resolved.append((rule, section, label, printed))

    printed_by_name = {(r.name if r.target != "ogp_values" else "ogp_values"): v
                       for r, _, _, v in resolved}
    template = _template((r for r, *_ in resolved), printed_by_name)
    rec.source["template"] = template

    reader.cycle = _read_cycle(reader, resolved, known=cycle)
    reader.era = era_of(reader.cycle)
    reader.commitment.update(commitment_id=cid, member=member, cycle=reader.cycle, title=title)
    if member_name:
        reader.commitment["member_name"] = member_name

    seen: dict[tuple, str] = {}
    star_heading: str | None = None
    for rule, _section, label, value in resolved:
        key = (rule.target, rule.name, rule.ogp_value, rule.stage,
               label if rule.target == "milestones" else None)
        if key in seen:
            same = fold(seen[key]) == fold(value)
            reader.quality("duplicate_label" if same else "disagreement",
                           f"{label!r} printed twice: {seen[key]!r} and {value!r}; the first is kept",
                           severity="info" if same else "warning", field=label, value_printed=value)
            continue
        seen[key] = value
        if rule.target == "commitment":
            reader.commitment_field(rule, label, value)
        elif rule.target == "institution":
            reader.institution(rule, value)
        elif rule.target == "policy_areas":
            reader.policy_areas(rule, value)
        elif rule.target == "assessment":
            reader.assessment(rule, label, value)
        elif rule.target == "starred_heading":
            star_heading = value
            reader.assessment(rule, label, value)
        elif rule.target == "ogp_values":
            reader.ogp_values(rule, value)
        elif rule.target == "milestones":
            reader.milestone(rule, label, value)

    _report_disagreements(reader, star_heading)
    if report_absent:
        present = set(blocks_seen) if blocks_seen is not None else set()
        present |= {r.section for r, *_ in resolved}
        _report_absent(reader, present, {_row_name(r) for r, *_ in resolved}, template)
    rec.add("commitments", **{k: v for k, v in reader.commitment.items()})
    return rec


def _row_name(rule: LabelRule) -> str:
    return "ogp_values" if rule.target == "ogp_values" else rule.name


def _read_cycle(reader: _Reader, resolved, known: int | None = None) -> int | None:
    for rule, _, label, value in resolved:
        if rule.target == "commitment" and rule.name == "cycle":
            try:
                printed = int(value.strip())
            except ValueError:
                reader.quality("unknown_value", f"{label!r} value {value!r} is not a year",
                               table_name="commitments", field="cycle", value_printed=value)
                continue
            if (why := year_problem(printed, reader.build_year)) is not None:
                reader.quality("implausible_year", f"{label!r} value {value!r}: {why}; not used",
                               table_name="commitments", field="cycle", value_printed=value)
                continue
            if known is not None and printed != known:
                reader.quality("disagreement", f"{label!r} prints {printed}; the caller knew "
                               f"cycle {known}; the printed value is kept", table_name="commitments",
                               field="cycle", value_printed=value)
            return printed
    if known is not None:
        return known
    for rule, _, _, value in resolved:
        if rule.target == "commitment" and rule.name == "action_plan_name":
            m = _PLAN_YEARS.search(value)
            if m and year_problem(int(m[1]), reader.build_year) is None:
                reader.quality("derived_cycle", f"no Action Plan Cycle row; cycle {m[1]} read from "
                               f"the plan name {value!r} (the cycle is the plan's start year)",
                               severity="info", table_name="commitments", field="cycle",
                               value_printed=value)
                return int(m[1])
    reader.quality("missing_cycle", "no Action Plan Cycle on the page: cycle, era and design "
                   "stage unknown", table_name="commitments", field="cycle")
    return None


def _report_disagreements(reader: _Reader, star_heading: str | None) -> None:
    a = reader.assessed
    top = a.get(("completion", "latest", None))
    summary = a.get(("completion", "end_of_term", None)) or a.get(("completion", "midterm", None))
    if top is not None and summary is not None and top["value"] != summary["value"]:
        reader.quality(
            "disagreement",
            f"Implementation 'Completion' printed {top['value_printed']!r} while the status "
            f"summary's {summary['stage']} says {summary['value_printed']!r}",
            table_name="assessments", field="completion", value_printed=top["value_printed"])
    starred = a.get(("starred", "latest", None))
    if starred is not None and star_heading is not None and starred["value"] in ("Yes", "No"):
        marked = star_heading.lstrip().startswith(_STAR)
        if marked != (starred["value"] == "Yes"):
            reader.quality(
                "disagreement",
                f"IRM Review 'Starred' printed {starred['value_printed']!r} while the status "
                f"summary heading {star_heading!r} {'carries' if marked else 'lacks'} the '{_STAR}'",
                table_name="assessments", field="starred", value_printed=starred["value_printed"])


def _report_absent(reader: _Reader, present: set[str], rows: set[str], template: str | None) -> None:
    for block in EXPECTED_BLOCKS:
        if block not in present:
            reader.quality("missing_block", f"the {block} block is absent from the page: its rows "
                           "have no assessment here", severity="info", field=block)
            continue
        expected = _EXPECTED_ROWS[block]
        names = expected.get(None, ()) + (expected.get(template, ()) if template else ())
        for name in names:
            if name not in rows:
                reader.quality("absent_row", f"the {block} block has no {name} row "
                               f"(template {template or 'unknown'})", severity="info", field=name)
