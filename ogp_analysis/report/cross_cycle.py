"""The cross-cycle report of one member, reader-first: what changed plan to plan, shares with their denominators, standing among members, policy areas, stars, threads."""

from __future__ import annotations

import pandas as pd

from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis import facts as FACTS
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import published as PUB
from ogp_analysis.analysis import summaries as S
from ogp_analysis.analysis.glance import cross_cycle
from ogp_analysis.analysis.registry import SHARE_DENOMINATORS, field_label
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import INDICATOR_LABELS
from ogp_analysis.report.html import RichHTML, html_table, render
from ogp_analysis.report.implementation import data_snapshot, member_name, plan_period

# The note under the plans table naming the stars each rule of the IRM data release states
# (`rules.STAR_RULES`).
STARS_BY_RULE = "Stars by rule (IRM data release)"


def title_html(tables, member: str, cycles, data) -> RichHTML:
    """Title block: the member, its plans, the data snapshot."""
    snap = data_snapshot(data)
    return RichHTML(render(
        "report_title.html.j2", title="Action plans compared",
        subtitle=(f"{member_name(tables, member)}: {len(cycles)} action plans, {cycles[0]} to {cycles[-1]}"
                  if len(cycles) > 1 else f"{member_name(tables, member)}: action plan "
                  f"{plan_period(tables, member, cycles[0])}"),
        coverage="The IRM's assessments of every plan side by side; each plan's own report "
        "sets the government's self-assessment beside them.", snapshot=snap))


def _in_words(tables, member: str, cycle: int) -> str:
    """'21', or '1 of at least 7' where a source says the plan has more than the data holds."""
    f = FACTS.plan_facts(tables, member, cycle)
    return f"{f.n} of at least {f.size_bound.number}" if f.is_part else str(f.n)


def _commitments_cell(tables, member: str, cycle: int) -> str:
    """'21', or '1 of ≥ 7' where a source says the plan has at least 7 (the summary above says it in words)."""
    f = FACTS.plan_facts(tables, member, cycle)
    return f"{f.n} of ≥ {f.size_bound.number}" if f.is_part else str(f.n)


def plans_table(tables, member: str, cycles, side: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per plan: size, whether the IRM assessed it, and each share with both counts.

    The stars of each rule the IRM data release states (`rules.STAR_RULES`) are in the note under
    the table (`attrs["note"]`), plan by plan, each over its own denominator: a column of them
    was too narrow to read.
    """
    side = side if side is not None else cross_cycle(tables, member, cycles)
    rows, by_plan = [], []
    for cycle in cycles:
        p = F.plan(tables, member, cycle)
        a = AS.plan_assessed(tables, p, "irm")
        values = side[side["cycle"] == cycle].set_index("field")["value"]
        row = {"Plan": plan_period(tables, member, cycle), "Commitments": _commitments_cell(tables, member, cycle),
               "IRM assessed": "yes" if a.assessed else "not in the data",
               "With an IRM completion value": f"{int(values.get('coverage:completion_latest', 0))} of "
                                               f"{len(p.commitment_ids)}"}
        answers = F.plan_answers(tables, p.member, p.cycle)
        by_rule = []
        for field, denominator in SHARE_DENOMINATORS.items():
            said = S.share_text(values.get(field), values.get(denominator), S.share_kinds(answers, field))
            if field in R.STAR_RULES:
                if " of " in said:
                    by_rule.append(f"{INDICATOR_LABELS[field]}: {said}")
                continue
            published = published_share(tables, member, cycle, field, values.get(denominator))
            if published is not None:  # the data's values cover part of what the IRM counted
                said = (f"{S.share_text(published.count, published.denominator)} computed from the IRM's "
                        f"published counts ({published.sum_text}); data: {said}")
            row[field_label(field)] = said
        if by_rule:
            by_plan.append(f"{row['Plan']}: " + "; ".join(by_rule))
        rows.append(row)
    out = pd.DataFrame(rows)
    if by_plan:  # else no plan of the member has a star rule stated
        out.attrs["note"] = f"{STARS_BY_RULE}, each over the commitments whose star it states: " \
            + ". ".join(by_plan) + "."
    return out


def published_share(tables, member: str, cycle: int, field: str, with_value):
    """The IRM's published count for a share, where the per-commitment values cover fewer commitments (None: no such count)."""
    if field != "high_completion":
        return None
    published = PUB.published_high_completion(tables, member, cycle)
    if published is None or (with_value is not None and not pd.isna(with_value)
                             and int(with_value) >= published.denominator):
        return None
    return published


def published_points(tables, member: str, cycles, side: pd.DataFrame) -> dict:
    """The IRM's published high-completion count by cycle, for the chart (plans the data covers in part)."""
    out = {}
    for cycle in cycles:
        values = side[side["cycle"] == cycle].set_index("field")["value"]
        got = published_share(tables, member, cycle, "high_completion",
                              values.get(SHARE_DENOMINATORS["high_completion"]))
        if got is not None:
            out[cycle] = got
    return out


def change_sentences(tables, member: str, cycles, side: pd.DataFrame | None = None) -> list[str]:
    """What changed from plan to plan, each sentence computed from the figures."""
    side = side if side is not None else cross_cycle(tables, member, cycles)
    out = []
    for cycle in cycles:
        values = side[side["cycle"] == cycle].set_index("field")["value"]
        with_value = values.get("coverage:completion_latest")
        high = values.get("high_completion")
        if with_value and not pd.isna(high):
            said = (f"the one commitment with an IRM completion value was "
                    f"{'' if int(high) else 'not '}substantial or complete" if int(with_value) == 1 else
                    f"{int(high)} of the {int(with_value)} commitments with an IRM completion value "
                    f"were substantial or complete")
        else:
            said = "no IRM completion value is in the data"
        published = published_share(tables, member, cycle, "high_completion", with_value)
        if published is not None:  # the table's cell and the chart give the IRM's count: said here too
            said += (f" (the IRM's published counts give {S.share_text(published.count, published.denominator)}"
                     f" substantial or complete, {published.sum_text}, in “{published.title}”)")
        f = FACTS.plan_facts(tables, member, cycle)
        period = f.period
        out.append(f"{'Plan ' + period if period.startswith('starting') else period}: {f.holds_words()}; "
                   f"{said}.")
    if len(cycles) > 1:
        out.append("Commitments per plan in the data, from the first to the last: "
                   + ", ".join(f"{_in_words(tables, member, c)} ({c})" for c in cycles) + ".")
    return out


def summary_html(tables, member: str, cycles, side: pd.DataFrame | None = None) -> RichHTML:
    """Section 1: what changed plan to plan, in sentences."""
    return RichHTML(render("list.html.j2", items=change_sentences(tables, member, cycles, side)))


def _release_date(tables) -> str | None:
    src = tables["sources"]
    dated = src.loc[src["source_type"] == "irm_data_release", "retrieved_at"].dropna()
    return dated.max().date().isoformat() if len(dated) else None


def standing_html(tables, member: str) -> RichHTML:
    """Where the member stands among the members in the data (median and quartiles), or why not."""
    standing = S.member_standing(tables, member)
    if standing.empty:
        n = tables["commitments"]["member"].nunique()
        return RichHTML(render("paragraphs.html.j2", css_class="note", paragraphs=[
            f"The data holds {n} member{'s' if n != 1 else ''}; a comparison needs at least "
            f"{S.STANDING_MIN_MEMBERS}, so none is made."]))
    shown = pd.DataFrame({
        "Share": standing["share"].map(field_label),
        "This member's plans": standing["member_plans"],
        "Lower quartile": standing["lower_quartile"].map("{:.0%}".format),
        "Median": standing["median"].map("{:.0%}".format),
        "Upper quartile": standing["upper_quartile"].map("{:.0%}".format),
        "Plans compared": standing["plans"],
    })
    members = int(standing["members"].max())
    release_date = _release_date(tables)
    when = f", captured {release_date}" if release_date else ", undated"
    return html_table(shown, caption=f"Among the {members} members in this data (IRM data release{when})")


def policy_area_table(tables, member: str, cycles) -> pd.DataFrame:
    """Commitments per policy area and plan, each source's vocabulary named in reader words."""
    from ogp_analysis.analysis.glance import policy_areas
    from ogp_analysis.report.present import policy_area_table as wide

    table = wide(policy_areas(tables, member, cycles))
    if table.empty:
        return table
    table["vocabulary"] = table["vocabulary"].map(lambda v: R.SOURCE_LABELS.get(v, "other source"))
    return table.rename(columns={"vocabulary": "Listed by", "policy area": "Policy area",
                                 "all plans": "All plans"})


def stars_table(tables, member: str, cycles) -> pd.DataFrame:
    """Every starred commitment of the member's plans, with why it earned the star.

    Each plan's stars are reconciled (`assessors.star_sentence`) in the note under the table.
    """
    parts = [AS.starred_commitments(tables, member, c) for c in cycles]
    stars = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else pd.DataFrame()
    if stars.empty:
        return stars
    table = pd.DataFrame({"Plan": stars["cycle"].astype(int), "Commitment": stars["field"],
                          "Title": stars["title"], "Starred under": stars["stars"],
                          "Criteria the data shows met": stars["criteria"]})
    # Under the table, each plan's stars reconciled: every rule over its own denominator.
    said = [f"{c}: {s}" for c in cycles if (s := AS.star_sentence(tables, member, c, define=False, lead=False))]
    table.attrs["note"] = (f"{AS.STARS_LEAD}. " + " ".join(said)
                           + f" The published star is {AS.published_star_words()}.")
    return table


def threads_table(tables, member: str, cycles, side: pd.DataFrame | None = None) -> pd.DataFrame:
    """Commitments carried forward to the next plan, with their plan and page.

    Args:
        tables: the processed tables.
        member: member slug.
        cycles: the plans' start years.
        side: `cross_cycle(...)` when the caller has it (else computed).
    """
    side = side if side is not None else cross_cycle(tables, member, cycles)
    threads = S.carried_forward(tables, side)
    # The commitment's own page, built from the ID where the row cites a non-page source.
    threads["source_url"] = [u if isinstance(u, str) and "/commitments/" in u else
                             R.commitment_page_url(member, c)
                             for u, c in zip(threads["source_url"], threads["commitment_id"], strict=True)]
    return threads.rename(columns={"cycle": "Plan", "commitment_id": "Commitment", "title": "Title",
                                   "source_url": "Page"})


def coverage_table(tables, member: str, cycles) -> pd.DataFrame:
    """Annex: per indicator and plan (IRM), the commitments with a value 'n of N', and the others by kind.

    A cell reads '3 of 21; 18 not in the data': the counted answers (a value or a stated answer
    off the scale) of the plan's commitments in the data, then each other kind of answer with
    its reader label (`rules.KIND_LABELS`), so a cell adds up to the plan. An indicator no plan
    has a counted answer for is left out.
    """
    from ogp_analysis.analysis.plan import coverage

    cov = coverage(tables, member)
    cov = cov[(cov["assessor"] == "irm") & cov["cycle"].isin(cycles)]
    rows = {}
    for (name, cycle), g in cov.groupby(["indicator", "cycle"], sort=False):
        n = dict(zip(g["kind"], g["value"].astype(int), strict=True))
        counted = sum(n.get(k, 0) for k in R.COUNTED_KINDS)
        cell = f"{counted} of {int(g['commitments'].iloc[0])}"
        if n.get("off_scale"):
            cell += f" ({n['off_scale']} {R.KIND_LABELS['off_scale']})"
        cell = "; ".join([cell, *(f"{n[k]} {R.KIND_LABELS[k]}" for k in R.MISSING_ANSWER_KINDS if n.get(k))])
        row = rows.setdefault(name, {"Indicator": INDICATOR_LABELS.get(name, name), "_counted": 0})
        row[str(cycle)] = cell
        row["_counted"] += counted
    table = pd.DataFrame([r for r in rows.values() if r["_counted"]])
    if table.empty:
        return table
    return table.reindex(columns=["Indicator", *[str(c) for c in cycles]]).fillna("none")
