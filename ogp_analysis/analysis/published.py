"""Published figures beside the computed ones: what publications print about a plan as a whole.

One computation per question, used by the reports and the CLI alike:
`published_completion` (each publication's completion counts), `computed_completion` (the same
counts from the per-commitment values, from the `completion` figure) and `plan_sizes` (every
count of the plan's commitments a publication prints, beside the data's).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ogp_analysis.analysis import frames as F
from ogp_analysis.metadata import rules as R


@dataclass(frozen=True)
class PublishedCounts:
    """One publication's completion counts for a plan.

    Attributes:
        title: the publication's title (versions kept).
        publisher: `irm`, `government` or `ogp` (`rules.PUBLISHER_OF_KIND`).
        counts: completion value -> count, in the scale's order, as printed.
        denominator: the plan size it counts against, where it prints one ("6 of 21").
        url: where it is published.
    """

    title: str
    publisher: str
    counts: dict[str, int]
    denominator: int | None
    url: str
    printed: dict[str, str] = field(default_factory=dict)


def plan_rows(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """The plan's published figures (facts about publications left out), in the file's order."""
    p = F.plan(tables, member, cycle)
    pub = tables.get("published_figures")
    if pub is None or pub.empty:
        return pd.DataFrame(columns=[] if pub is None else pub.columns)
    rows = pub[(pub["member"] == p.member) & (pub["cycle"] == p.cycle) & ~pub["is_fact"]]
    return rows.reset_index(drop=True)


def published_completion(tables: dict[str, pd.DataFrame], member: str, cycle) -> list[PublishedCounts]:
    """Each publication's completion counts for the plan (publications that print none left out)."""
    rows = plan_rows(tables, member, cycle)
    rows = rows[rows["published_field"].isin(R.PUBLISHED_COMPLETION) & rows["published_number"].notna()] \
        if len(rows) else rows
    order = list(R.PUBLISHED_COMPLETION.values())
    out = []
    for title, group in rows.groupby("publication_title", sort=False):
        counts = {R.PUBLISHED_COMPLETION[r.published_field]: int(r.published_number)
                  for r in group.itertuples()}
        denominators = group["published_denominator"].dropna()
        out.append(PublishedCounts(
            title=str(title), publisher=R.PUBLISHER_OF_KIND.get(str(group["publication_kind"].iloc[0]), "irm"),
            counts={k: counts[k] for k in order if k in counts},
            denominator=int(denominators.iloc[0]) if len(denominators) else None,
            url=str(group["source_url"].iloc[0]),
            printed={R.PUBLISHED_COMPLETION[r.published_field]: str(r.value_printed)
                     for r in group.itertuples()}))
    return out


def computed_completion(tables: dict[str, pd.DataFrame], member: str, cycle,
                        assessor: str) -> tuple[dict[str, int], int]:
    """(completion value -> count, commitments with a value) from an assessor's per-commitment values.

    The counts of the `completion` figure (the one computation the report's tables use).
    """
    from ogp_analysis.analysis import completion_distribution

    frame = completion_distribution(tables, member, cycle)
    frame = frame[(frame["assessor"] == assessor) & frame["field"].str.startswith("completion:")]
    counts = {str(r.label): int(r.value) for r in frame.itertuples() if int(r.value) > 0}
    return counts, sum(counts.values())


def differences(a: dict[str, int], b: dict[str, int]) -> list[tuple[str, int, int]]:
    """(value, count in a, count in b) for every completion value whose counts differ (0 where absent)."""
    order = [*R.PUBLISHED_COMPLETION.values(), *(k for k in {**a, **b} if k not in R.PUBLISHED_COMPLETION.values())]
    return [(k, a.get(k, 0), b.get(k, 0)) for k in order
            if (k in a or k in b) and a.get(k, 0) != b.get(k, 0)]


def plan_sizes(tables: dict[str, pd.DataFrame], member: str, cycle) -> pd.DataFrame:
    """Every published count of the plan's commitments: publication, count as printed, count read, URL."""
    rows = plan_rows(tables, member, cycle)
    if rows.empty:
        return pd.DataFrame(columns=["publication_title", "value_printed", "published_number",
                                     "source_url"])
    rows = rows[rows["published_field"] == "number_of_commitments"]
    return rows[["publication_title", "value_printed", "published_number", "source_url"]] \
        .reset_index(drop=True)


def whole_plan_counts_differ(tables: dict[str, pd.DataFrame], member: str, cycle,
                             assessors=("irm", "government")) -> bool:
    """Whether an assessor's published counts for the plan differ from another's computed counts."""
    for pc in published_completion(tables, member, cycle):
        for other in assessors:
            if other == pc.publisher:
                continue
            computed, with_value = computed_completion(tables, member, cycle, other)
            if with_value and differences(pc.counts, computed):
                return True
    return False


@dataclass(frozen=True)
class PublishedShare:
    """A share added up from a publication's counts ("6 + 11 of 21")."""

    count: int
    denominator: int
    parts: tuple[int, ...]
    title: str

    @property
    def sum_text(self) -> str:
        """'6 + 11 of 21'."""
        return f"{' + '.join(str(p) for p in self.parts)} of {self.denominator}"


def published_high_completion(tables: dict[str, pd.DataFrame], member: str, cycle) -> PublishedShare | None:
    """The IRM's substantial-or-complete count for the plan, added up from its latest published counts.

    The IRM publication whose counts come latest in the plan's life (an end-of-term or results
    report before a mid-term one); its printed denominator, or the sum of its counts. None when
    the IRM published no completion count for the plan.
    """
    found = [pc for pc in published_completion(tables, member, cycle) if pc.publisher == "irm"]
    if not found:
        return None
    kinds = plan_rows(tables, member, cycle).drop_duplicates("publication_title") \
        .set_index("publication_title")["publication_kind"].astype(str)
    pc = max(found, key=lambda c: R.PUBLICATION_STAGE.get(kinds.get(c.title), R.DEFAULT_PUBLICATION_STAGE)
             == R.DEFAULT_PUBLICATION_STAGE)
    parts = tuple(pc.counts[v] for v in reversed(R.HIGH_COMPLETION) if v in pc.counts)
    denominator = pc.denominator or sum(pc.counts.values())
    return PublishedShare(sum(parts), denominator, parts, pc.title) if denominator else None
