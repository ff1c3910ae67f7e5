"""A plan's facts, computed once: every section of both reports reads them and says them in the same words.

`plan_facts(tables, member, cycle)` gathers what a report says about a plan as a whole: the
commitments the data holds; the plan's size where a source says more (the data release's
highest commitment number, a publication's or a listing's count: the largest known lower bound,
with its source, never the data's count passed off as the plan's size); its period (the end
year from `action_plans`, else from a report title spanning the plan's years); each assessor's
coverage by kind of answer (from the one-answer table); and the data release it read, by file
name. The words for each fact are methods of `PlanFacts`, so the summary, the plan paragraph,
the tables and the annexes print them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlparse

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.cache import _ref, per_tables
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import ASSESSOR_LABELS

# A report title or plan name spanning years: 'IRM report on the 2011-13 action plan'.
_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*(?:[-–/]|\bto\b)\s*((?:19|20)?\d{2})\b")


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 commitment', '2 commitments' (the number agrees with its noun)."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def capital(text: str) -> str:
    """The text with its first letter in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def of_total(k: int, n: int, noun: str = "commitment") -> str:
    """'3 of the 21 commitments', '1 of 1 commitment' (the noun agrees with the total)."""
    return f"{k} of {plural(n, noun)}" if n == 1 else f"{k} of the {n} {noun}s"


def joined(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    parts = list(parts)
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class SizeBound:
    """A count of the plan's commitments a source gives: at least `number`, said by `source`."""

    number: int
    source: str  # reader words: "the data release gives one of its commitments the number 7", "<title> counts 8"


@dataclass(frozen=True)
class Coverage:
    """One assessor's answers for the plan: commitments per kind of answer (latest completion)."""

    assessor: str
    assessed: bool
    reports: tuple[str, ...]
    kinds: tuple[tuple[str, int], ...]  # (answer kind, commitments), every kind, in rules order

    @property
    def label(self) -> str:
        """'IRM', 'Government', ..."""
        return ASSESSOR_LABELS.get(self.assessor, self.assessor.replace("_", " ").capitalize())

    def count(self, *kinds: str) -> int:
        """Commitments whose answer is one of `kinds`."""
        return sum(n for k, n in self.kinds if k in kinds)

    @property
    def with_value(self) -> int:
        """Commitments with a counted answer (a value, or a stated answer off the scale)."""
        return self.count(*R.COUNTED_KINDS)

    def missing_words(self) -> str:
        """The kinds of the commitments without a counted answer: 'not in the data' or '5 not yet and 3 not in the data'."""
        rest = [(k, n) for k, n in self.kinds if n and k not in R.COUNTED_KINDS]
        if len(rest) == 1:
            return R.KIND_LABELS[rest[0][0]]
        return joined([f"{n} {R.KIND_LABELS[k]}" for k, n in rest])


@dataclass(frozen=True)
class PlanFacts:
    """What a report says about one plan as a whole (see the module docstring)."""

    member: str
    member_name: str
    cycle: int
    era: str | None
    commitment_ids: tuple[str, ...]
    highest_number: int | None  # M: the highest commitment number a data release gives
    bounds: tuple[SizeBound, ...]  # every count of the plan a source gives, largest first
    end_year: int | None
    end_source: str | None  # None: action_plans states it; else the title that spans the years
    releases: tuple[str, ...]  # the data release files read for the plan, by file name
    # weak references to the tables' frames (the facts are remembered; they never keep tables alive)
    frames: tuple = field(default=(), compare=False, repr=False)

    @cached_property
    def coverage(self) -> tuple[Coverage, ...]:
        """Each assessor's (irm, government) answers by kind, computed when first asked (a cross-plan report never asks)."""
        from ogp_analysis.analysis import assessors as AS

        tables = {name: ref() for name, ref in self.frames}
        cov = AS.assessor_coverage(tables, self.member, self.cycle, ("irm", "government"))
        out = []
        for who, rows in cov.groupby("assessor", sort=False):
            kinds = dict(zip(rows["field"], rows["value"].astype(int), strict=True))
            out.append(Coverage(str(who), bool(rows["assessed"].iloc[0]),
                                tuple(x for x in str(rows["reports"].iloc[0]).split("; ") if x),
                                tuple((k, kinds.get(k, 0)) for k in R.ANSWER_KINDS)))
        return tuple(out)

    @property
    def n(self) -> int:
        """Commitments of the plan in the data."""
        return len(self.commitment_ids)

    @property
    def size_bound(self) -> SizeBound | None:
        """The largest known lower bound of the plan's size where it exceeds the data's count, else None."""
        return self.bounds[0] if self.bounds and self.bounds[0].number > self.n else None

    @property
    def is_part(self) -> bool:
        """True when a source says the plan has more commitments than the data holds."""
        return self.size_bound is not None

    def holds_words(self) -> str:
        """'the data holds 21 commitments of this plan' or 'the data holds 1 of the plan's at least 7 commitments'."""
        bound = self.size_bound
        if bound is None:
            return f"the data holds {plural(self.n, 'commitment')} of this plan"
        return f"the data holds {self.n} of the plan's at least {bound.number} commitments"

    def bound_words(self) -> str:
        """Which source says the plan has more: 'the data release gives one of its commitments the number 7' ('' when none)."""
        bound = self.size_bound
        if bound is None:
            return ""
        return bound.source

    @property
    def period(self) -> str:
        """'2013–2015', '2017' (a one-year plan) or 'starting 2011' (no source states the end)."""
        if self.end_year is None:
            return f"starting {self.cycle}"
        return str(self.cycle) if self.end_year == self.cycle else f"{self.cycle}–{self.end_year}"

    def runs_words(self) -> str:
        """'runs 2013 to 2015', 'runs in 2017', 'starts in 2011 (when it ends is not in the data)'."""
        if self.end_year is None:
            return f"starts in {self.cycle} (when it ends is not in the data)"
        if self.end_year == self.cycle:
            return f"runs in {self.cycle}"
        said = f" (the years in “{self.end_source}”)" if self.end_source else ""
        return f"runs {self.cycle} to {self.end_year}{said}"

    def coverage_of(self, assessor: str) -> Coverage:
        """The assessor's coverage (irm or government)."""
        return next(c for c in self.coverage if c.assessor == assessor)

    def release_words(self) -> str:
        """'the IRM data release file irm_data_release_open_parliament.csv' ('' when none was read)."""
        if not self.releases:
            return ""
        files = joined(list(self.releases))
        return f"the IRM data release file{'s' if len(self.releases) > 1 else ''} {files}"


@per_tables
def plan_numbers(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan in `commitments`: commitments in the data and the highest commitment number (M, NA: none)."""
    com = tables["commitments"]
    number = com["commitment_number"] if "commitment_number" in com else pd.Series(pd.NA, index=com.index)
    out = (com.assign(_n=pd.to_numeric(number, errors="coerce"))
           .groupby(["member", "cycle"], observed=True)
           .agg(commitments=("commitment_id", "size"), highest_number=("_n", "max")).reset_index())
    out["highest_number"] = out["highest_number"].astype("Int64")
    out["is_part"] = (out["highest_number"] > out["commitments"]).fillna(False).astype(bool)
    return out


def _releases(tables, ids) -> tuple[str, ...]:
    """The data release files a plan's rows were read from, by file name (never a path)."""
    urls: list[str] = []
    for name in ("commitments", "assessments"):
        t = tables.get(name)
        if t is None or "source_type" not in t:
            continue
        rows = t[t["commitment_id"].isin(ids) & (t["source_type"].astype(str) == "irm_data_release")]
        urls += [str(u) for u in rows["source_url"].dropna().unique()]
    # Only a release this plan's rows came from: a plan the data holds from other sources alone
    # names none (another plan's release is not this plan's source).
    names = [urlparse(u).path.rstrip("/").rsplit("/", 1)[-1] or u for u in urls]
    return tuple(dict.fromkeys(n for n in names if n))


def _end_year(tables, member: str, cycle: int, titles: list[str]) -> tuple[int | None, str | None]:
    """(end year, None) from action_plans; else (end year, the title spanning the plan's years)."""
    plans = tables.get("action_plans")
    if plans is not None:
        ends = plans.loc[(plans["member"] == member) & (plans["cycle"] == cycle), "end_year"].dropna()
        if len(ends):
            return int(ends.iloc[0]), None
    for title in titles:
        m = _SPAN.search(title)
        if m and int(m[1]) == cycle:
            end = int(m[2]) if len(m[2]) == 4 else (int(m[1]) // 100) * 100 + int(m[2])
            if cycle <= end <= cycle + 5:
                return end, title
    return None, None


def _sizes(tables, member: str, cycle: int) -> list[SizeBound]:
    """Every published count of the plan (a publication's or a listing's), with its title."""
    from ogp_analysis.analysis.published import plan_sizes

    sizes = plan_sizes(tables, member, cycle).dropna(subset=["published_number"])
    return [SizeBound(int(r.published_number), f"{r.publication_title} counts {int(r.published_number)}")
            for r in sizes.itertuples(index=False)]


@per_tables
def plan_facts(tables: dict[str, pd.DataFrame], member: str, cycle) -> PlanFacts:
    """The plan's facts (see the module docstring), computed once per loaded tables.

    Args:
        tables: the processed tables.
        member: slug or OGP name.
        cycle: the plan's start year.
    """
    from ogp_analysis.analysis import assessors as AS

    p = F.plan(tables, member, cycle)
    member_name = F.member_name(tables, p.member)
    numbers = plan_numbers(tables)
    mine = numbers[(numbers["member"] == p.member) & (numbers["cycle"] == p.cycle)]
    highest = mine["highest_number"].iloc[0] if len(mine) else pd.NA
    highest = None if pd.isna(highest) else int(highest)
    bounds = _sizes(tables, p.member, p.cycle)
    if highest is not None:
        bounds.append(SizeBound(highest, f"the data release gives one of its commitments the number {highest}"))
    bounds.sort(key=lambda b: -b.number)
    titles = [r for who in ("irm", "government") for r in AS.plan_assessed(tables, p, who).reports]
    pr = tables.get("plan_reports")
    if pr is not None and len(pr):
        titles += [str(t) for t in pr.loc[pr["action_plan_id"] == f"{p.member}-{p.cycle}", "report_title"]]
    end, end_source = _end_year(tables, p.member, p.cycle, titles)
    return PlanFacts(member=p.member, member_name=member_name, cycle=p.cycle, era=p.era,
                     commitment_ids=p.commitment_ids, highest_number=highest, bounds=tuple(bounds),
                     end_year=end, end_source=end_source,
                     releases=_releases(tables, list(p.commitment_ids)),
                     frames=tuple((name, _ref(frame)) for name, frame in tables.items()))
