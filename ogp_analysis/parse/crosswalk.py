"""The page-label crosswalk (`ogp_analysis/data/page_labels.csv`): printed label -> what it records.

Each row maps a (section, label) of an OGP commitment page to a target:

- `heading`: a block heading; `name` is the section it opens.
- `commitment`: a field of the commitment row (`name`).
- `assessment`: an IRM assessment of indicator `name` (`ogp_value` for per-value rows), at the
  stage the `stage` rule gives (`design_stage`: `design` on legacy plans, `action_plan_review`
  on refresh plans; `latest`, `midterm`, `end_of_term` as written).
- `ogp_values`, `institution` (role in `name`), `policy_areas` (vocabulary in `name`),
  `milestones`, `starred_heading`: the long tables.
- `skip`: a label known to carry report text the tables do not hold (the note says why).

`pattern` is a regular expression matched in full against the label folded to lower case with
whitespace collapsed and a trailing colon removed; `label` is the form pages print, used to
split blocks that run together ("Starred: NoEarly Results: Marginal"). Matching a row is by
(section, label) first, then by label alone, so rows still land when a block heading is missing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ogp_analysis.labels import fold

CSV_NAME = "page_labels.csv"
TARGETS = {"heading", "commitment", "assessment", "ogp_values", "institution", "policy_areas",
           "milestones", "starred_heading", "skip"}
STAGE_RULES = {"", "design_stage", "latest", "midterm", "end_of_term"}
READERS = {"", "text", "int", "date", "scale", "ogp_value_names", "semicolon_list", "comma_list",
           "star_mark", "carried_forward_sentence"}
# Sections whose labels are read in the page's top zone (At-a-Glance .. Implementation).
TOP_SECTIONS = ("at_a_glance", "institutions", "policy_areas", "irm_review", "design",
                "implementation", "description", "heading")


@dataclass(frozen=True)
class LabelRule:
    """One crosswalk row."""

    section: str
    label: str
    pattern: re.Pattern
    target: str
    name: str
    ogp_value: str | None
    stage: str
    source_type: str | None
    reader: str
    note: str


def fold_label(label: str) -> str:
    """The key a label is matched on: lower case, whitespace folded, trailing ':' removed."""
    return fold(label).rstrip(":").strip()


@dataclass(frozen=True)
class Crosswalk:
    """The crosswalk rows with the lookups the parser needs."""

    rules: tuple[LabelRule, ...]
    # Pages repeat the same few labels: memoise lookups (the rules never change once loaded).
    _memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def heading(self, line: str) -> LabelRule | None:
        """The heading rule a whole line matches (None: not a heading)."""
        memo_key = ("heading", line)
        if memo_key in self._memo:
            return self._memo[memo_key]
        key = fold_label(line) if len(line) < 200 else ""  # a heading is never a paragraph
        found = next((r for r in self.rules if r.target == "heading" and key
                      and r.pattern.fullmatch(key)), None)
        if len(self._memo) < 50_000:
            self._memo[memo_key] = found
        return found

    def lookup(self, section: str | None, label: str, *, sections: tuple[str, ...] | None = None
               ) -> LabelRule | None:
        """The rule for a printed label: in its section first, then in any of `sections`.

        Args:
            section: the section the label was printed in (None: unknown).
            label: the label as printed.
            sections: where else to look when the section has no such label (default: all).
        """
        memo_key = ("lookup", section, label, sections)
        if memo_key in self._memo:
            return self._memo[memo_key]
        key = fold_label(label)
        candidates = [r for r in self.rules if r.target != "heading" and r.pattern.fullmatch(key)]
        found = next((r for r in candidates if r.section == section), None) or next(
            (r for r in candidates if sections is None or r.section in sections), None)
        if len(self._memo) < 50_000:
            self._memo[memo_key] = found
        return found

    def printed_labels(self, sections: tuple[str, ...]) -> tuple[str, ...]:
        """Printed labels of these sections, longest first (for splitting run-together text)."""
        labels = {r.label for r in self.rules
                  if r.section in sections and r.target != "heading" and r.label != "<number>"}
        return tuple(sorted(labels, key=len, reverse=True))

    def printed_headings(self, sections: tuple[str, ...]) -> tuple[str, ...]:
        """Printed headings opening these sections, longest first."""
        labels = {r.label for r in self.rules if r.target == "heading" and r.name in sections}
        return tuple(sorted(labels, key=len, reverse=True))

    def value_names(self) -> tuple[LabelRule, ...]:
        """The OGP value names (the per-value did-it-open-government rows)."""
        return tuple(r for r in self.rules
                     if r.section == "did_it_open_government" and r.ogp_value)


def _check(row: dict, line: int) -> None:
    where = f"{CSV_NAME} line {line}"
    if row["target"] not in TARGETS:
        raise ValueError(f"{where}: unknown target {row['target']!r}; expected one of {sorted(TARGETS)}")
    if row["stage"] not in STAGE_RULES:
        raise ValueError(f"{where}: unknown stage rule {row['stage']!r}")
    if row["reader"] not in READERS:
        raise ValueError(f"{where}: unknown reader {row['reader']!r}")


@cache
def load_crosswalk() -> Crosswalk:
    """Read and check the crosswalk CSV shipped in the package (cached)."""
    # Imported here so the metadata registry is only needed when a page is parsed.
    from ogp_analysis.metadata.scales import INDICATORS, OGP_VALUES, SOURCE_TYPES

    text = (resources.files("ogp_analysis") / "data" / CSV_NAME).read_text(encoding="utf-8")
    rules = []
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        _check(row, line)
        if row["target"] in ("assessment", "starred_heading") and row["name"] not in INDICATORS:
            raise ValueError(f"{CSV_NAME} line {line}: unknown indicator {row['name']!r}")
        if row["ogp_value"] and row["ogp_value"] not in OGP_VALUES:
            raise ValueError(f"{CSV_NAME} line {line}: unknown OGP value {row['ogp_value']!r}")
        if row["source_type"] and row["source_type"] not in SOURCE_TYPES:
            raise ValueError(f"{CSV_NAME} line {line}: unknown source_type {row['source_type']!r}")
        rules.append(LabelRule(
            section=row["section"], label=row["label"], pattern=re.compile(row["pattern"]),
            target=row["target"], name=row["name"], ogp_value=row["ogp_value"] or None,
            stage=row["stage"], source_type=row["source_type"] or None,
            reader=row["reader"] or "text", note=row["note"],
        ))
    return Crosswalk(tuple(rules))
