"""The implementation report of one action plan, section by section, reader-first.

Each function returns the HTML of one section (Jinja2 templates, autoescaped), computed from
the analysis layer; the notebook `notebooks/self_assessment.ipynb` calls them in the order of
the OGP's end-of-term self-assessment template and an IRM report: summary, the plan, the
process, results, one section per commitment, annexes. Every sentence with a number is
generated from the figures; missing values are named by kind (`rules.MISSING_KINDS`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd

from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis import facts as FACTS
from ogp_analysis.analysis import frames as F
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import (
    ASSESSOR_LABELS,
    FINDING_FIELD_LABELS,
    INDICATOR_LABELS,
    PROBLEM_LABELS,
    SEVERITY_LABELS,
    STAGE_LABELS,
)
from ogp_analysis.report import published as PR
from ogp_analysis.report.html import RichHTML, html_table, render

# Sections of the government's end-of-term self-assessment template the data cannot fill.
NOT_COVERED = ("context and vision", "lessons learned", "the survey", "next steps per commitment")


def assessor_label(assessor: str) -> str:
    """'IRM', 'Government', 'Civil society', ..."""
    return ASSESSOR_LABELS.get(assessor, assessor.replace("_", " ").capitalize())


def data_snapshot(data: str | Path | None) -> dict:
    """The data snapshot a report was made from: the manifest's hash (12 hex digits) and build time.

    Args:
        data: the processed tables folder (None: the default).
    """
    from ogp_analysis.paths import Paths
    from ogp_analysis.storage import MANIFEST

    folder = Path(data) if data else Paths.default().processed
    path = folder / MANIFEST
    if not path.is_file():
        return {"snapshot": "unknown", "built_at": "unknown"}
    body = path.read_bytes()
    built = json.loads(body).get("built_at", "unknown")
    return {"snapshot": hashlib.sha256(body).hexdigest()[:12], "built_at": str(built)[:10]}


def plan_period(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> str:
    """'2013–2015', '2017' (one year), or 'starting 2011' when no source states the end year (the plan's facts)."""
    return FACTS.plan_facts(tables, member, cycle).period


def id_span(ids: list[str]) -> str:
    """The commitment IDs in words: 'UK0042 to UK0062' when they run on, else listed or 'from ... to ..., with gaps'."""
    if len(ids) == 1:
        return ids[0]
    serials = [int(re.search(r"(\d+)$", i)[1]) for i in ids]
    prefixes = {re.sub(r"\d+$", "", i) for i in ids}
    if len(prefixes) == 1 and serials == list(range(serials[0], serials[0] + len(ids))):
        return f"{ids[0]} to {ids[-1]}"
    if len(ids) <= 6:
        return AS._join(list(ids))
    return f"numbered from {ids[0]} to {ids[-1]}, with gaps"


member_name = F.member_name  # the reports' name for it (cross_cycle, sections)


def coverage_line(tables, member: str, cycle: int, assessors) -> str:
    """Each assessor's coverage, the plan's size where the data holds part of it, the release read (the plan's facts)."""
    f = FACTS.plan_facts(tables, member, cycle)
    parts = []
    for assessor in assessors:
        c = f.coverage_of(assessor)
        who = "government self-assessment" if assessor == "government" else c.label
        if c.with_value:
            parts.append(f"{who}: a completion value for {FACTS.of_total(c.with_value, f.n)}")
        elif c.assessed:
            parts.append(f"{who}: assessed, no per-commitment completion value in the data")
        else:
            parts.append(f"{who}: no values in the data")
    said = [FACTS.capital("; ".join(parts)) + "."]
    if f.is_part:
        said.append(f"{FACTS.capital(f.holds_words())} ({f.bound_words()}).")
    if f.releases:
        said.append(f"Read from {f.release_words()}.")
    return " ".join(said)


def title_html(tables, member: str, cycle: int, assessors, data) -> RichHTML:
    """The title block: report name, member and period, each assessor's coverage, data snapshot."""
    snap = data_snapshot(data)
    return RichHTML(render(
        "report_title.html.j2", title="Implementation report",
        subtitle=f"{member_name(tables, member)}: action plan {plan_period(tables, member, cycle)}",
        coverage=coverage_line(tables, member, cycle, assessors), snapshot=snap))


def summary_html(tables, member: str, cycle: int, assessors) -> RichHTML:
    """Section 1: the summary, sentences computed from the figures."""
    items = AS.summary_sentences(tables, member, cycle, assessors)
    return RichHTML(render("list.html.j2", items=items + PR.summary_items(tables, member, cycle, assessors)))


_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
_PARTNER = re.compile(r",?\s+in partnership with\b.*$", re.IGNORECASE | re.DOTALL)


def lead_groups(names: pd.Series) -> list[tuple[str, int]]:
    """(name, commitments) per lead institution, its spellings folded together, most first.

    One institution printed several ways is one: case, spacing and commas, '&' for 'and', a bracketed
    acronym ('Department for Communities and Local Government (DCLG)'), the acronym alone
    ('DCMS'), a partner named after 'in partnership with' (the lead is the first named).

    Args:
        names: one lead name per commitment (index: the commitment ID).
    """
    from ogp_analysis.labels import fold

    base = {n: _PARTNER.sub("", str(n)).strip() for n in dict.fromkeys(names.astype(str))}
    acronyms = {a: _ACRONYM.sub("", b).strip() for b in base.values() for a in _ACRONYM.findall(b)}
    key_of, shown = {}, {}
    for name, b in base.items():
        full = acronyms.get(b.strip(), _ACRONYM.sub("", b).strip())
        key = fold(full.replace("&", "and").replace(",", " "))
        key_of[name] = key
        shown.setdefault(key, full)
    led: dict[str, set] = {}
    for cid, name in zip(names.index, names.astype(str), strict=True):
        led.setdefault(key_of[name], set()).add(cid)
    # most commitments first; ties in the order the data names them
    return sorted(((shown[k], len(ids)) for k, ids in led.items()), key=lambda kv: -kv[1])


def _leads(tables, ids) -> str:
    """The plan's lead institutions with the commitments each leads, over how many commitments name one."""
    inst = tables["commitment_institutions"]
    leads = inst[inst["commitment_id"].isin(ids) & (inst["role"] == "lead")]
    if leads.empty:
        com = tables["commitments"]
        rows = com[com["commitment_id"].isin(ids)].dropna(subset=["lead_institution"])
        names = pd.Series(rows["lead_institution"].to_numpy(), index=rows["commitment_id"].to_numpy())
    else:
        rows = leads.drop_duplicates(["commitment_id", "institution"])
        names = pd.Series(rows["institution"].to_numpy(), index=rows["commitment_id"].to_numpy())
    if names.empty:
        return "The data names no lead institution for its commitments."
    top = lead_groups(names)
    shown = [f"{name} ({n})" for name, n in top[:4]]
    more = f", and {len(top) - 4} more" if len(top) > 4 else ""
    over = FACTS.of_total(names.index.nunique(), len(ids))
    return f"Lead institutions named for {over} (commitments each leads): " + ", ".join(shown) + more + "."


def sources_sentence(tables, member: str, cycle: int) -> str:
    """Where the plan's data comes from, in one sentence with capture dates ('undated' where none)."""
    from ogp_analysis.analysis.summaries import data_sources

    src = data_sources(tables, member, cycle)
    if src.empty:
        return "No source is cited for this plan's commitments."
    parts = []
    for r in src.itertuples(index=False):
        label = R.SOURCE_LABELS.get(r[0], "other sources")
        docs = r[2]
        when = "undated" if r[4] == "undated" else f"captured {r[4]}"
        parts.append(f"{label} ({docs} document{'s' if docs != 1 else ''}, {when})")
    return "The values come from " + AS._join(parts) + "."


def plan_html(tables, member: str, cycle: int) -> RichHTML:
    """Section 2: the plan: period, size, lead institutions, sources."""
    f = FACTS.plan_facts(tables, member, cycle)
    names = tables["action_plan_names"]
    titles = names.loc[(names["action_plan_id"] == f"{f.member}-{f.cycle}")
                       & (names["name_type"].astype(str).isin(["page_title", "report_title"])), "name"]
    named = f" It is published as {AS._join(sorted(set(titles.astype(str))))}." if len(titles) else ""
    ids = id_span(list(f.commitment_ids))
    # Never the data's count as the plan's size where a source says the plan has more.
    holds = (f"; {f.holds_words()} ({f.bound_words()}): {ids}" if f.is_part
             else f" and holds {FACTS.plural(f.n, 'commitment')} ({ids})")
    release = f" Read from {f.release_words()}." if f.releases else ""
    text = (f"The plan {f.runs_words()}{holds}."
            f"{named} {_leads(tables, f.commitment_ids)} {sources_sentence(tables, member, cycle)}{release}")
    sizes = PR.plan_sizes_html(tables, member, cycle)  # every published count, with its source
    return RichHTML(render("paragraphs.html.j2", paragraphs=[text]) + (str(sizes) if sizes else ""))


def process_parts(tables, member: str, cycle: int) -> dict[str, pd.DataFrame]:
    """The process section's frames (`analysis.process.process_section`)."""
    from ogp_analysis.analysis.process import process_section

    return process_section(tables, member, cycle)


def _timeline_table(frame: pd.DataFrame) -> pd.DataFrame:
    cols = ["Date", "Meeting", "Title", "Attendance", "Record"]
    if frame.get("Also served", pd.Series(dtype=str)).astype(bool).any():
        cols.insert(3, "Also served")  # a meeting that served another plan too says which
    return frame[cols].rename(columns={"Record": "Published record"})


def _standards_paragraph(applies: bool, why: str) -> str:
    """Whether the standards apply to the plan and why, from the one rule (`rules.standards_apply`, `rules.standards_rule_text`)."""
    text = R.standards_rule_text()
    rule = text[0].upper() + text[1:]
    if applies:
        return f"{rule}. They apply to this plan: {why}."
    return (f"{rule}. They do not apply to this plan: {why}. No requirement is scored: what the "
            "data shows is information only, and where the IRM judged the plan's process its "
            "judgement is shown as the IRM's, in its words.")


def process_html(tables, member: str, cycle: int, parts: dict | None = None) -> RichHTML:
    """Section 3: co-creation, then consultation during implementation, the IRM's findings, the standards.

    Args:
        tables: the processed tables.
        member: member slug.
        cycle: the plan's start year.
        parts: `process_parts(...)` when the caller already has it.
    """
    parts = parts or process_parts(tables, member, cycle)
    co, impl, j, std = parts["co_creation"], parts["implementation"], parts["judgements"], parts["standards"]
    if co.empty and impl.empty and j.empty:
        return RichHTML(render("paragraphs.html.j2", paragraphs=[
            "The data holds no record of how this plan was co-created or of consultation during "
            "its implementation (forum meetings, who took part, published records), and no IRM "
            "judgement of its process."]))
    html = []
    html.append(render("heading.html.j2", text="Co-creation"))
    html.append(str(html_table(_timeline_table(co), caption="Meetings and consultations of the "
                               "co-creation in the data", links=["Published record"]))
                if len(co) else render("paragraphs.html.j2", css_class="note", paragraphs=[
                    "The data holds no record of this plan's co-creation meetings."]))
    html.append(render("heading.html.j2", text="Consultation during implementation"))
    html.append(str(html_table(_timeline_table(impl), caption="Meetings during implementation, "
                               "monitoring and self-assessment in the data", links=["Published record"]))
                if len(impl) else render("paragraphs.html.j2", css_class="note", paragraphs=[
                    "The data holds no record of meetings during this plan's implementation."]))
    rec = parts["records"].set_index("field")["value"]
    said = []
    if rec.get("meetings_in_data"):
        n, k = int(rec["meetings_in_data"]), int(rec.get("with_published_record", 0))
        said.append((f"The one meeting of this plan in the data {'has' if k else 'has no'} a published record"
                     if n == 1 else f"Of the {n} meetings of this plan in the data, {k} "
                     f"{'has' if k == 1 else 'have'} a published record")
                    + " (this is about the meetings in the data, not all meetings held).")
    if parts.get("shared"):
        said.append(parts["shared"])
    if said:
        html.append(render("paragraphs.html.j2", paragraphs=said))
    if len(j):
        html.append(render("heading.html.j2", text="What the reports say about the process"))
        html.append(str(html_table(j, links=["Source"])))
    html.append(render("heading.html.j2", text="The Participation and Co-Creation Standards"))
    html.append(render("paragraphs.html.j2", paragraphs=[
        _standards_paragraph(*parts["standards_apply"])]))
    html.append(str(html_table(std.drop(columns=["meeting_ids"]), links=["Source"])))
    return RichHTML("".join(html))


def completion_table(tables, member: str, cycle: int, assessors) -> pd.DataFrame:
    """Completion at the latest stage per label, one column per assessor: 'n of N with a value'."""
    status = AS.completion_by_commitment(tables, member, cycle, assessors)
    latest = status[status["moment"] == "latest"]
    rows = []
    for label in AS.completion_order():
        row = {"Completion (latest stage)": label}
        for assessor in assessors:
            mine = latest[latest["assessor"] == assessor]
            got = mine[mine["kind"].isin(R.COUNTED_KINDS)]
            row[assessor_label(assessor)] = int((got["label"] == label).sum()) if len(got) else None
        rows.append(row)
    out = pd.DataFrame(rows)
    cols = [assessor_label(a) for a in assessors]
    keep = out[cols].fillna(0).sum(axis=1) > 0
    out = out[keep].reset_index(drop=True)
    totals = {"Completion (latest stage)": "Commitments with a value"}
    for assessor, col in zip(assessors, cols, strict=True):
        mine = latest[latest["assessor"] == assessor]
        totals[col] = f"{int(mine['kind'].isin(R.COUNTED_KINDS).sum())} of {len(mine)}"
    out = pd.concat([out.astype(object), pd.DataFrame([totals])], ignore_index=True).astype(object)
    # An assessor with no counted answer: its commitments' kinds (the summary's words), never a
    # blanket "not in the data" where the answer is, say, not yet.
    facts = FACTS.plan_facts(tables, member, cycle)
    for assessor, col in zip(assessors, cols, strict=True):
        out[col] = out[col].where(out[col].notna(), facts.coverage_of(assessor).missing_words())
    return out


# The IRM's other per-commitment assessments a reader looks for beside completion, in order.
_OTHER_IRM_INDICATORS = ("specificity", "verifiable", "potential_impact", "potential_for_results",
                         "ambition", "promising", "early_results", "carried_forward")


def other_assessments_table(tables, member: str, cycle: int) -> pd.DataFrame:
    """The IRM's design and results assessments: per indicator, its values with both counts.

    Only indicators with a value for some commitment are listed (the answer table's counted
    answers: the latest stage that has it).
    """
    from ogp_analysis.metadata.scales import INDICATORS, SCALES

    p = F.plan(tables, member, cycle)
    answers = F.plan_answers(tables, p.member, p.cycle)
    out = []
    for ind in _OTHER_IRM_INDICATORS:
        order = SCALES[INDICATORS[ind].scale_names[0]].labels
        got = list(F.question(answers, ind).value_of().values())
        if ind == "early_results":
            # Before 2020 a page's "Early Results" row carries did it open government, shown
            # with it: only the refresh-era early results are another assessment.
            got = [v for v in got if v in order]
        if not got:
            continue
        counts = pd.Series(got).value_counts()
        labels = [lbl for lbl in (*reversed(order), *counts.index) if lbl in counts]
        shown = "; ".join(f"{lbl} {int(counts[lbl])}" for lbl in dict.fromkeys(labels))
        out.append({"Assessment": INDICATOR_LABELS.get(ind, ind), "Values": shown,
                    "Commitments with a value": f"{len(got)} of {len(p.commitment_ids)}"})
    return pd.DataFrame(out, columns=["Assessment", "Values", "Commitments with a value"])


def differences_html(tables, member: str, cycle: int) -> RichHTML:
    """The commitments where the government and the IRM give different completions, named."""
    diff = AS.assessor_differences(tables, member, cycle)
    if diff.empty:
        return RichHTML("")
    shown = diff[["field", "title", "irm", "irm_stage", "government"]].rename(columns={
        "field": "Commitment", "title": "Title", "irm": "IRM", "irm_stage": "IRM stage",
        "government": "Government"})
    return html_table(shown, caption="Where the government and the IRM differ")


def starred_html(tables, member: str, cycle: int) -> RichHTML:
    """The stars reconciled in one sentence (each rule over its own denominator), then the starred commitments."""
    stars = AS.starred_commitments(tables, member, cycle)
    said = AS.star_sentence(tables, member, cycle)
    if said is None:
        return RichHTML(render("paragraphs.html.j2", paragraphs=[
            "The data states no star for any commitment of this plan."
            if cycle <= R.LAST_LEGACY_CYCLE else
            "Stars ended with the 2020 refresh of the IRM's method: not applicable to this plan."]))
    html = render("paragraphs.html.j2", paragraphs=[said])
    if stars.empty:
        return RichHTML(html)
    shown = stars[["field", "title", "stars", "criteria", "star_source"]].rename(columns={
        "field": "Commitment", "title": "Title", "stars": "Starred under",
        "criteria": "Criteria the data shows met", "star_source": "Star stated by"})
    return RichHTML(html + str(html_table(shown, caption="Every commitment starred under any rule")))


def has_commitment_values(tables, member: str, cycle: int, assessors) -> bool:
    """True when any assessor gives any commitment of the plan a completion value."""
    status = AS.completion_by_commitment(tables, member, cycle, assessors)
    return bool(status["kind"].isin(R.COUNTED_KINDS).any())


def commitments_html(tables, member: str, cycle: int, assessors) -> RichHTML:
    """Section 5: a section per commitment; a plan with no per-commitment value gets one list."""
    if has_commitment_values(tables, member, cycle, assessors):
        return commitment_sections_html(tables, member, cycle, assessors)
    p = F.plan(tables, member, cycle)
    com = tables["commitments"].set_index("commitment_id").loc[list(p.commitment_ids)]
    # Every commitment's kind, counted: the plan's facts, the words the summary says.
    facts = FACTS.plan_facts(tables, member, cycle)
    said = "; ".join(f"{assessor_label(who)}: {facts.coverage_of(who).missing_words()}" for who in assessors)
    listing = pd.DataFrame({"Commitment": com.index, "Title": com["title"].to_numpy(),
                            "Lead institution": com["lead_institution"].to_numpy()})
    intro = RichHTML(render("paragraphs.html.j2", paragraphs=[
        f"No assessor's per-commitment completion is in the data for this plan ({said}), so the "
        "commitments are listed without a section each."]))
    return RichHTML(str(intro) + str(html_table(listing, caption="The plan's commitments")))


def annex_completion_html(tables, member: str, cycle: int, assessors) -> RichHTML:
    """Annex A: the side-by-side completion table, or why there is none."""
    if not has_commitment_values(tables, member, cycle, assessors):
        return RichHTML(render("paragraphs.html.j2", css_class="note", paragraphs=[
            "No completion value for any commitment of this plan is in the data."]))
    return html_table(annex_completion_table(tables, member, cycle, assessors))


def commitment_sections_html(tables, member: str, cycle: int, assessors) -> RichHTML:
    """Section 5: one short section per commitment: status by assessor and stage, DIOG, star, dates, evidence."""
    p = F.plan(tables, member, cycle)
    com = tables["commitments"].set_index("commitment_id")
    ms = tables["commitment_milestones"]
    answers = F.plan_answers(tables, p.member, p.cycle)
    status_of = AS.completion_by_commitment(tables, member, cycle, assessors)
    status_of = {(r.assessor, r.moment, r.field): r.label for r in status_of.itertuples()}
    diog = F.question(answers, "diog").value_of()
    ids = list(p.commitment_ids)
    rows_of = com.loc[ids].to_dict("index")
    mine_ms = ms[ms["commitment_id"].isin(ids)].drop_duplicates(["commitment_id", "milestone_number"])
    milestones = {cid: [str(t) for t in g["milestone_text"].dropna()][:8]
                  for cid, g in mine_ms.groupby("commitment_id", sort=False, observed=True)}
    updates = tables.get("progress_updates")
    with_updates = set() if updates is None else set(updates["commitment_id"].dropna())
    sections = []
    for cid in ids:
        c = rows_of[cid]
        status = []
        for assessor in assessors:
            for m in R.REPORTED_MOMENTS.get(assessor, ("end_of_term",)):
                label = {"midterm": "mid-term", "end_of_term": "end of term"}[m]
                if assessor == "government":
                    label = "self-assessment"
                status.append({"who": assessor_label(assessor), "when": label,
                               "value": status_of[(assessor, m, cid)]})
        reports = AS.report_titles(c["irm_reports"])
        page = rules_page = R.commitment_page_url(p.member, cid)
        if isinstance(c["source_url"], str) and "/commitments/" in c["source_url"]:
            page = c["source_url"]
        sections.append({
            "id": cid, "title": c["title"] or "(no title in the data)",
            "lead": c["lead_institution"] if pd.notna(c["lead_institution"]) else None,
            "status": status,
            "diog": str(diog[cid]) if cid in diog else None,
            "star": AS.star_words(answers, cid),
            "starred": any(v == "Yes" for _, v in AS.stars_stated(answers, cid)),
            "dates": _dates(c), "milestones": milestones.get(cid, []),
            "page": page, "page_built": page == rules_page and page != c["source_url"],
            "reports": list(dict.fromkeys(reports)),
            **_progress(tables, cid, with_updates),
        })
    # A section for each commitment the data says something about; the others in one list.
    told = [s for s in sections if _has_evidence(s)]
    quiet = [s for s in sections if not _has_evidence(s)]
    html = render("commitments.html.j2", sections=told, missing=R.KIND_LABELS)
    if quiet:
        listing = pd.DataFrame({"Commitment": [s["id"] for s in quiet],
                                "Title": [s["title"] for s in quiet],
                                "Lead institution": [s["lead"] for s in quiet]})
        html += render("paragraphs.html.j2", paragraphs=[
            f"For {'the other ' if told else 'the '}{FACTS.plural(len(quiet), 'commitment')} the data holds "
            "no completion value, did-it-open-government value, star or progress update:"])
        html += str(html_table(listing))
    return RichHTML(html)


def _has_evidence(section: dict) -> bool:
    """True when the data holds any value about the commitment beyond its title and lead."""
    values = [s["value"] for s in section["status"]]
    return (any(v not in R.KIND_LABELS.values() for v in values)
            or bool(section["diog"]) or section["starred"] or bool(section["progress_latest"])
            or bool(section["milestones"]))


# The progress record columns a reader sees (the figure data keeps the rest).
_PROGRESS_COLUMNS = ("Date", "Whose", "What", "Status", "Source", "Dated by")


def _progress(tables, cid: str, with_updates: set) -> dict:
    """A commitment's running record of progress for its section: latest update and the dated entries.

    `with_updates`: the commitments that have any progress update (the others need no timeline).
    """
    from ogp_analysis.analysis.progress import progress_section

    if cid not in with_updates:
        return {"progress_latest": None, "progress_rows": []}  # most commitments: no timeline to build
    got = progress_section(tables, cid)
    if not got["has_updates"]:
        return {"progress_latest": None, "progress_rows": []}
    rows = [{k: r.get(k) for k in _PROGRESS_COLUMNS} for r in got["rows"] if r.get("Date") != "undated"]
    return {"progress_latest": got["latest"], "progress_rows": rows, "progress_undated": got["undated"]}


def _dates(c) -> str | None:
    start = c["start_date"] if pd.notna(c["start_date"]) else None
    end = c["end_date"] if pd.notna(c["end_date"]) else None
    if not (start or end):
        return None
    return f"{start or 'not stated'} to {end or 'not stated'}"


def annex_completion_table(tables, member: str, cycle: int, assessors) -> pd.DataFrame:
    """Annex: completion side by side, one row per commitment, each missing value by kind."""
    status = AS.completion_by_commitment(tables, member, cycle, assessors)
    status = status[status["moment"].isin(R.REPORTED_MOMENTS["irm"])]
    status = status.assign(column=[f"{assessor_label(a)} {STAGE_LABELS[m] if a == 'irm' else 'self-assessment'}"
                                   for a, m in zip(status["assessor"], status["moment"], strict=True)])
    wide = status.pivot_table(index="field", columns="column", values="label", aggfunc="first",
                              sort=False)
    titles = tables["commitments"].set_index("commitment_id")["title"]
    wide.insert(0, "Title", titles.reindex(wide.index).to_numpy())
    return wide.reset_index().rename(columns={"field": "Commitment"})


def annex_coverage_table(tables, member: str, cycle: int, assessors) -> pd.DataFrame:
    """Annex: per assessor and indicator, the commitments with each kind of answer, adding up to the plan.

    One column per kind of answer (`rules.KIND_LABELS`) that any row has, and the commitments in
    the data they add up to. The indicators no source states anything about are left out and
    named in the frame's `attrs["note"]` (shown under the table).
    """
    from ogp_analysis.analysis.plan import coverage
    from ogp_analysis.report.present import coverage_matrix, coverage_note_text

    cov = coverage(tables, member, cycle)
    table, dropped = coverage_matrix(cov[cov["assessor"].isin(assessors)])
    table = table.rename(columns=lambda c: c[:1].upper() + c[1:])
    table = table.rename(columns={"Commitments": "Commitments in the data"})
    if dropped:
        table.attrs["note"] = coverage_note_text(dropped)
    return table


def annex_data_quality(tables, member: str, cycle: int) -> pd.DataFrame:
    """Annex: the plan's data-quality findings in reader words (the full detail is in the CSV)."""
    from ogp_analysis.analysis.plan import plan_data_quality

    dq = plan_data_quality(tables, member, cycle)
    if dq.empty:
        return pd.DataFrame(columns=["Severity", "Commitment", "Finding", "About", "Printed", "Source"])
    out = pd.DataFrame({
        "Severity": dq["severity"].astype(str).map(SEVERITY_LABELS),
        "Commitment": dq["commitment_id"].astype(object).where(dq["commitment_id"].notna(), "plan"),
        "Finding": dq["problem"].astype(str).map(lambda p: PROBLEM_LABELS.get(p, "other finding")),
        "About": dq["field"].astype(object).map(_field_words),
        "Printed": dq["value_printed"].astype(object),
        "Source": dq["source_url"].astype(object).map(_source_words),
    })
    # Rows that differ only in a column the reader does not see are one row to the reader.
    return out.drop_duplicates().reset_index(drop=True)


def _source_words(url) -> str | None:
    """A source as a reader sees it: a web address as it is (shown as a link), a file by its name, never a path."""
    if url is None or (isinstance(url, float) and url != url) or url is pd.NA:
        return None
    text = str(url)
    return text if text.startswith(("http://", "https://")) else Path(text).name


def _field_words(field) -> str | None:
    if field is None or (isinstance(field, float) and field != field):
        return None
    text = str(field)
    if text in INDICATOR_LABELS:
        return INDICATOR_LABELS[text]
    if text in FINDING_FIELD_LABELS:
        return FINDING_FIELD_LABELS[text]
    return None if "_" in text else text


def derived_check_html(tables, member: str, cycle: int) -> RichHTML:
    """Annex: OGP's derived indicators (both star rules, high completion, ...) recomputed and compared.

    A published value that is missing is not a disagreement: it is counted apart.
    """
    from ogp_analysis.analysis.derived import RELEASE_COLUMNS, summarise_agreement
    from ogp_analysis.analysis.plan import derived_check
    from ogp_analysis.analysis.summaries import check_disagreements

    check = derived_check(tables, member, cycle)
    if check.empty:
        return RichHTML(render("paragraphs.html.j2", css_class="note", paragraphs=[
            "The IRM data release publishes no derived indicator (a star, high completion, ...) "
            "for this plan's commitments in the data, so there is nothing to recompute."]))
    summary = summarise_agreement(check)
    # Agreement is over the rows with a value on both sides: a value on one side only (a 0
    # printed where completion is not reviewed, a star the inputs cannot decide) is apart.
    shown = pd.DataFrame({
        "Published column": summary["release_column"],
        "Agree": summary["agree"], "Disagree": summary["disagree"],
        "Inputs without a value (not compared)": summary["recomputed_missing"],
        "Not published (not compared)": summary["published_missing"],
        "Agreement": [f"{a} of {a + d} with a value on both sides" if (a + d) else "nothing to compare"
                      for a, d in zip(summary["agree"], summary["disagree"], strict=True)],
    })
    html = str(html_table(shown, caption="Published against recomputed, per derived indicator"))
    bad = check_disagreements(check)
    bad = bad[bad["status"] == "disagree"]
    if len(bad):
        bad = pd.DataFrame({"Commitment": bad["commitment_id"],
                            "Published column": bad["indicator"].map(RELEASE_COLUMNS),
                            "Published": bad["published"], "Recomputed": bad["recomputed"],
                            "From": bad["inputs"]})
        html += str(html_table(bad, caption="Every disagreement, with the values it was computed from"))
    return RichHTML(html)


def method_html() -> RichHTML:
    """Annex: how every number was computed, said once, generated from the rules module."""
    stages = "; ".join(
        f"{assessor_label(who)} {moment.replace('_', ' ')}: "
        + ", then ".join(STAGE_LABELS[s] for s in stages)
        for who, moments in R.COMPLETION_STAGES.items() for moment, stages in moments.items()
        if moment != "midterm")
    paragraphs = [
        "Each commitment is counted once per assessor. " + R.PICK_RULE_TEXT[0].upper()
        + R.PICK_RULE_TEXT[1:] + ".",
        "Completion is read at these stages, preferred first: " + stages + ".",
        "High completion is " + " or ".join(R.HIGH_COMPLETION) + " at the latest stage assessed; "
        "strong results are a did-it-open-government value of " + " or ".join(R.STRONG_RESULTS)
        + "; each star a source states is shown under its own rule ("
        + ", ".join(INDICATOR_LABELS[s] for s in R.STAR_RULES) + "), and the published star is "
        "the first of: " + ", ".join(INDICATOR_LABELS.get(s, s) for s in R.STAR_INDICATORS) + ".",
        "Each commitment's answer is one of these kinds; a share is taken over the commitments "
        "with a value or a stated answer off the scale, and never counts an answer off the scale "
        "as meeting it: " + R.kinds_text() + ".",
        "Each table's data, with the commitment IDs behind every count, is written as CSV beside "
        "this report. Not covered by the data: " + AS._join(list(NOT_COVERED)) + ".",
    ]
    return RichHTML(render("paragraphs.html.j2", paragraphs=paragraphs))
