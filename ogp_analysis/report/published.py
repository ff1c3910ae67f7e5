"""Published figures in the implementation report: each publication's counts beside the data's.

The sentences say whose count each is and where it is published, put a publication's counts
beside those computed from the other assessor's per-commitment values, and name every
difference; a plan's size lists every published count with its source beside the data's.
"""

from __future__ import annotations

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import published as PUB
from ogp_analysis.analysis.facts import capital, plan_facts
from ogp_analysis.metadata.scales import ASSESSOR_LABELS
from ogp_analysis.report.html import RichHTML, html_table, render

# Reading order of completion counts: the furthest first.
READING_ORDER = ("Complete", "Substantial", "Limited", "Not Started", "Withdrawn")
OWNER = {"irm": "the IRM's", "government": "the government's", "ogp": "OGP's"}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def counts_phrase(counts: dict[str, int], denominator: int | None = None) -> str:
    """'6 of 21 complete, 11 substantial, 3 limited and 1 withdrawn' (the first count over its denominator)."""
    parts = []
    for value in (*READING_ORDER, *(k for k in counts if k not in READING_ORDER)):
        if value in counts:
            n = counts[value]
            over = f" of {denominator}" if denominator is not None and not parts else ""
            parts.append(f"{n}{over} {value.lower()}")
    return _join(parts) if parts else "no completion count"


def publication_name(pc: PUB.PublishedCounts) -> str:
    """'the IRM's End-of-Term Report 2013-2015 (public comment version)'."""
    title = pc.title[4:] if pc.publisher == "irm" and pc.title.startswith("IRM ") else pc.title
    return f"{OWNER.get(pc.publisher, '')} {title}".strip()


def summary_items(tables, member: str, cycle: int, assessors) -> list[str]:
    """Sentences: each publication's completion counts, and how they compare with the data's counts."""
    items = []
    for pc in PUB.published_completion(tables, member, cycle):
        if pc.publisher not in assessors:
            continue
        name = publication_name(pc)
        items.append(f"{name[0].upper()}{name[1:]} counts {counts_phrase(pc.counts, pc.denominator)}.")
        for other in assessors:
            computed, with_value = PUB.computed_completion(tables, member, cycle, other)
            if not with_value:
                continue
            some = f"{with_value} commitment{'s' if with_value != 1 else ''}"
            in_data = f"{some} with a value in the data"
            if other == pc.publisher:
                if PUB.differences(pc.counts, computed):
                    items.append(f"{OWNER[other][0].upper()}{OWNER[other][1:]} per-commitment values "
                                 f"in the data cover {some} ({counts_phrase(computed)}): part of "
                                 "what the publication counts.")
                continue
            whose = "the government's self-assessment" if other == "government" else \
                f"{OWNER.get(other, ASSESSOR_LABELS.get(other, other))} values"
            diff = sorted(PUB.differences(pc.counts, computed),
                          key=lambda d: READING_ORDER.index(d[0]) if d[0] in READING_ORDER else 99)
            if diff:
                shown = "; ".join(f"{v.lower()} {a} against {b}" for v, a, b in diff)
                # Named again, never "They": the sentence before may be about the data's values.
                items.append(f"The counts of {name} differ from {whose} ({in_data}: "
                             f"{counts_phrase(computed)}): {shown}.")
            else:
                items.append(f"The counts of {name} are those of {whose} ({in_data}).")
    return items


def plan_sizes_html(tables, member: str, cycle: int) -> RichHTML | None:
    """How many commitments each publication says the plan has, beside the data's count (None: none published)."""
    sizes = PUB.plan_sizes(tables, member, cycle)
    if sizes.empty:
        return None
    held = len(F.plan(tables, member, cycle).commitment_ids)
    counts = sorted({int(n) for n in sizes["published_number"].dropna()})
    differs = [n for n in counts if n != held]
    said = _join([str(n) for n in counts])
    more, fewer = [n for n in differs if n > held], [n for n in differs if n < held]
    why = []
    if more:
        why.append(f"the data holds fewer commitments than the publication{'s' if len(more) > 1 else ''} "
                   f"that count {_join([str(n) for n in more])}: it holds part of the plan")
    if fewer:
        why.append(f"a count of {_join([str(n) for n in fewer])} is of a part of the plan, or "
                   "counts it another way")
    lead = (f"{capital(plan_facts(tables, member, cycle).holds_words())}; "
            f"publications count {said} (below)"
            + (": " + "; ".join(why) + "." if why else ", the same number."))
    table = sizes.rename(columns={"publication_title": "Publication", "value_printed": "Count as printed",
                                  "source_url": "Source"})[["Publication", "Count as printed", "Source"]]
    return RichHTML(render("paragraphs.html.j2", paragraphs=[lead])
                    + str(html_table(table, caption="The plan's size as published", links=["Source"])))
