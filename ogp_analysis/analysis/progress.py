"""Progress over time: one timeline view of progress updates and dated assessments, milestone shares, time to complete.

The timeline is a view, never a stored copy: `progress_updates` rows (dated by their own
`as_of_date`) and the completion rows of `assessments` (IRM stage assessments and government
self-assessments) are put side by side, the latter dated by `rules.TIMELINE_DATE_RULE`: the end
of the period under review where known (an end-of-term assessment reviews the whole plan: the
plan's end), else the report's publication year (the IRM data release's), else undated. Undated
entries are listed beside a chart, never placed on its time axis.

The two scales stay apart: a progress status (Not started < Behind schedule < On track <
Completed) is never turned into an IRM completion level, nor the reverse; each timeline row says
which scale it is on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ogp_analysis.analysis.cache import per_tables
from ogp_analysis.analysis.frames import BASE_COLUMNS, plan, shaped
from ogp_analysis.analysis.registry import SHARE_COLUMNS
from ogp_analysis.metadata.rules import (
    PROGRESS_COMPLETED,
    PUBLICATION_YEAR_STAGES,
    SOURCE_LABELS,
    STAGES_REVIEWING_WHOLE_PLAN,
    TIME_TO_COMPLETE_PRECISIONS,
    TIMELINE_DATE_RULE,
    answer_kind,
)
from ogp_analysis.metadata.scales import (
    ASSESSOR_LABELS,
    MISSING_LABELS,
    SCALES,
    STAGE_LABELS,
)

TIMELINE_COLUMNS = (
    "commitment_id", "member", "cycle", "title", "milestone_ref", "milestone_text", "assessor",
    "entry", "stage", "scale", "value_printed", "value", "value_rank", "value_kind",
    "missing_reason", "date", "date_precision", "date_basis", "source_type", "source_url",
    "source_note",
)
DATE_RULE_TEXT = "; ".join(text for _, text in TIMELINE_DATE_RULE)
_PUBLICATION = re.compile(r"(" + "|".join(re.escape(k) for k in PUBLICATION_YEAR_STAGES)
                          + r"):\s*((?:19|20)\d{2})\b")


def _text(s: pd.Series) -> pd.Series:
    """A column as plain objects (categoricals and pandas NA become str / None)."""
    return s.astype(object).where(s.notna(), None)


def publication_years(irm_reports: str | None) -> dict[str, str]:
    """Stage -> publication year from a commitment's `irm_reports` as printed (release columns)."""
    if not isinstance(irm_reports, str):
        return {}
    return {PUBLICATION_YEAR_STAGES[m[1]]: m[2] for m in _PUBLICATION.finditer(irm_reports)}


def date_assessment(stage: str, plan_end: tuple[str, str] | None,
                    published: dict[str, str]) -> tuple[str | None, str | None, str]:
    """(date, precision, basis) of an assessment by `rules.TIMELINE_DATE_RULE`.

    Args:
        stage: the assessment's stage.
        plan_end: the plan's end (date, precision), or None when no source states it.
        published: stage -> report publication year (`publication_years`).
    """
    if stage in STAGES_REVIEWING_WHOLE_PLAN and plan_end is not None:
        return plan_end[0], plan_end[1], "period_end"
    if stage in published:
        return published[stage], "year", "publication_year"
    return None, None, "undated"


def _plan_ends(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, int], tuple[str, str]]:
    plans = tables.get("action_plans")
    out: dict[tuple[str, int], tuple[str, str]] = {}
    if plans is None:
        return out
    for r in plans.itertuples():
        if pd.notna(r.end_date):
            # An end date without its precision column: its length says it (YYYY, YYYY-MM, ...).
            out[(r.member, int(r.cycle))] = (str(r.end_date),
                                             {4: "year", 7: "month"}.get(len(str(r.end_date)), "day"))
        elif pd.notna(r.end_year):
            out[(r.member, int(r.cycle))] = (str(int(r.end_year)), "year")
    return out


def _timeline_ids(com: pd.DataFrame, member, cycle, commitment_ids) -> list[str] | None:
    """The commitments a filtered timeline can hold (None: no filter), so only their rows are read."""
    ids = None
    if member is not None or cycle is not None:
        keep = pd.Series(True, index=com.index)
        if member is not None:
            keep &= (com["member"] == member).fillna(False).astype(bool)
        if cycle is not None:
            keep &= (com["cycle"] == int(cycle)).fillna(False).astype(bool)
        ids = set(com.loc[keep, "commitment_id"].astype(str))
    if commitment_ids is not None:
        ids = set(commitment_ids) if ids is None else ids & set(commitment_ids)
    return None if ids is None else sorted(ids)


def timeline(tables: dict[str, pd.DataFrame], member: str | None = None, cycle: int | None = None,
             commitment_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The progress timeline: progress updates and dated completion assessments, one view.

    Args:
        tables: the processed tables (`progress_updates`, `assessments`, `commitments`,
            `action_plans`).
        member: keep one member's commitments (slug).
        cycle: keep one plan (start year).
        commitment_ids: keep these commitments.

    Returns:
        One row per entry (TIMELINE_COLUMNS), sorted by commitment, date (undated last),
        assessor. `entry` is `progress_update` or `assessment`; `scale` is `progress` or
        `completion`; `date_basis` is `as_of_date`, `period_end`, `publication_year` or
        `undated`.
    """
    com = tables["commitments"]
    info = com.set_index("commitment_id")[["member", "cycle", "title", "irm_reports"]]
    ids = _timeline_ids(com, member, cycle, commitment_ids)
    parts = []
    pu = tables.get("progress_updates")
    if pu is not None and ids is not None and not pu.empty:
        pu = pu[pu["commitment_id"].isin(ids).to_numpy(dtype=bool)]
    if pu is not None and not pu.empty:
        # A government tracker's completion word (Canada's SP) is on the completion scale: the
        # government's own at that date, an update beside the IRM's assessments, never one of them.
        completion = (pu["progress_status_kind"].astype(str) == "completion").to_numpy()
        p = pd.DataFrame({
            "commitment_id": _text(pu["commitment_id"]),
            "milestone_ref": _text(pu["milestone_ref"]), "milestone_text": _text(pu["milestone_text"]),
            "assessor": _text(pu["assessor"]), "entry": "progress_update", "stage": None,
            "scale": pd.Series(completion, index=pu.index).map({True: "completion",
                                                               False: "progress"}),
            "value_printed": _text(pu["progress_status_printed"]),
            "value": _text(pu["progress_status"].astype(object).where(
                ~completion, pu.get("completion_status"))),
            "value_rank": pu["progress_status_rank"].astype("Int64").where(
                ~completion, pu.get("completion_status_rank")),
            "value_kind": _text(pu["progress_status_kind"]),
            "missing_reason": _text(pu["missing_reason"]), "date": _text(pu["as_of_date"]),
            "date_precision": _text(pu["as_of_date_precision"]),
            "source_type": _text(pu["source_type"]), "source_url": _text(pu["source_url"]),
            "source_note": _text(pu["source_note"]),
        })
        p["date_basis"] = p["date"].map(lambda d: "as_of_date" if d else "undated")
        parts.append(p)
    a = tables["assessments"]
    a = a[(a["indicator"] == "completion").to_numpy(dtype=bool)]
    if ids is not None and not a.empty:
        a = a[a["commitment_id"].isin(ids).to_numpy(dtype=bool)]
    if not a.empty:
        ends = _plan_ends(tables)
        rows = []
        for r in a.itertuples():
            published = publication_years(info["irm_reports"].get(r.commitment_id))
            day, precision, basis = date_assessment(str(r.stage), ends.get((r.member, int(r.cycle))),
                                                    published)
            rows.append({
                "commitment_id": r.commitment_id, "milestone_ref": None, "milestone_text": None,
                "assessor": str(r.assessor), "entry": "assessment", "stage": str(r.stage),
                "scale": "completion" if pd.isna(r.scale) else str(r.scale),
                "value_printed": None if pd.isna(r.value_printed) else r.value_printed,
                "value": None if pd.isna(r.value) else r.value, "value_rank": r.value_rank,
                "value_kind": str(r.value_kind),
                "missing_reason": None if pd.isna(r.missing_reason) else str(r.missing_reason),
                "date": day, "date_precision": precision, "date_basis": basis,
                "source_type": str(r.source_type), "source_url": r.source_url,
                "source_note": None if pd.isna(r.source_note) else r.source_note,
            })
        parts.append(pd.DataFrame(rows))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TIMELINE_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out["member"] = out["commitment_id"].map(info["member"])
    out["cycle"] = out["commitment_id"].map(info["cycle"]).astype("Int64")
    out["title"] = out["commitment_id"].map(info["title"]).astype(object)
    out["value_rank"] = pd.to_numeric(out["value_rank"]).astype("Int64")
    # (member, cycle and commitment_ids were applied above: only those commitments' rows were read)
    # Text columns hold str or None only (concat turns None into NaN, and NaN is truthy).
    text = [c for c in TIMELINE_COLUMNS if c not in ("cycle", "value_rank")]
    out[text] = out[text].astype(object).where(out[text].notna(), None)
    out = out.assign(_undated=out["date"].isna())
    out = out.sort_values(["commitment_id", "_undated", "date", "assessor", "milestone_ref"],
                          na_position="last", kind="stable")
    return out[list(TIMELINE_COLUMNS)].reset_index(drop=True)


def undated(frame: pd.DataFrame) -> pd.DataFrame:
    """The entries of a timeline with no date: listed beside a chart, never on its time axis."""
    return frame[frame["date"].isna()].reset_index(drop=True)


def date_axis(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """Timestamps to draw partial dates at: a day as is, a month at its 15th, a year at 1 July."""
    def one(d, p):
        if d is None or pd.isna(d):
            return pd.NaT
        return pd.Timestamp({"year": f"{d}-07-01", "month": f"{d}-15"}.get(p, d))
    return pd.Series([one(d, p) for d, p in zip(dates, precisions, strict=True)], index=dates.index)


# --- figures -------------------------------------------------------------------------------------


def milestone_completion(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> pd.DataFrame:
    """Per plan and assessor, the share of milestones completed at each date of their updates.

    The denominator is the milestones with a status at that date (a blank cell is not a status,
    an off-scale answer or an unknown label is); the numerator those whose status is
    `rules.PROGRESS_COMPLETED` (Completed, or an alias of it). 'On track', 'Closed' and the IRM's
    completion levels never count: the progress scale stands alone.

    Args:
        tables: the processed tables.
        member: member slug or name.
        cycle: the plan's start year.

    Returns:
        One row per (assessor, date): field = the date, value and `numerator` = the milestones
        completed, `denominator` = those with a status, `share` (0-1; NA when no milestone has a
        status), `completed` and `with_status` (the same two counts, by the chart's names),
        `without_status` (milestones of that assessor's updates with no status at that date),
        commitment_ids of the completed milestones, and the usual basis / sources columns.
        Undated updates are not counted.
    """
    p = plan(tables, member, cycle)
    t = timeline(tables, commitment_ids=p.commitment_ids)
    t = t[(t["entry"] == "progress_update") & t["milestone_ref"].notna() & t["date"].notna()]
    columns = [*BASE_COLUMNS, *SHARE_COLUMNS, "date_precision", "completed", "with_status",
               "without_status"]
    if t.empty:
        return shaped(pd.DataFrame(columns=columns))
    rows = []
    t = t.assign(_ms=t["commitment_id"] + " " + t["milestone_ref"])
    for assessor, by in t.groupby("assessor", sort=True):
        known = by["_ms"].nunique()
        for date, at in by.groupby("date", sort=True):
            statused = at[at["value_kind"] != "missing"]
            done = statused[statused["value"] == PROGRESS_COMPLETED]
            n, k = statused["_ms"].nunique(), done["_ms"].nunique()
            rows.append({
                "member": p.member, "cycle": p.cycle, "assessor": assessor,
                "figure": "milestone-completion", "field": date,
                "value": k, "numerator": k, "denominator": n, "share": k / n if n else None,
                "commitment_ids": sorted(set(done["commitment_id"])), "stage": None,
                "basis": f"milestones whose status is {PROGRESS_COMPLETED!r} out of the milestones "
                "with a status at that date (blank cells left out; Closed, Withdrawn, In progress "
                "and On track are not completed)",
                "sources": "; ".join(sorted(set(at["source_type"]))),
                "date_precision": at["date_precision"].iloc[0], "completed": k,
                "with_status": n, "without_status": known - n,
            })
    return shaped(pd.DataFrame(rows, columns=columns))


def progress_timeline(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> pd.DataFrame:
    """A plan's timeline as a figure frame: one row per entry, field = what and when.

    `label` is the status (as read, else as printed), `value` its rank on its scale (`scale`
    says which; NA off the scale), `kind` its kind of answer (`rules.ANSWER_KINDS`: words from
    prose or a label no scale knows are stated answers off the scale).

    Args:
        tables: the processed tables.
        member: member slug or name.
        cycle: the plan's start year.
    """
    p = plan(tables, member, cycle)
    t = timeline(tables, commitment_ids=p.commitment_ids)
    columns = [*BASE_COLUMNS, *TIMELINE_COLUMNS[3:]]
    if t.empty:
        return shaped(pd.DataFrame(columns=list(dict.fromkeys(columns))))
    what = t["milestone_ref"].map(lambda m: f"milestone {m}" if m else None)
    what = what.fillna(t["stage"].map(lambda s: f"completion ({s})" if s else "progress"))
    when = t["date"].fillna("undated")
    out = t.assign(
        figure="progress-timeline",
        field=t["commitment_id"] + " " + what + " " + when,
        label=t["value"].where(t["value"].notna(), t["value_printed"]),
        kind=[_answer_kind(*r) for r in zip(t["value_kind"], t["value"], t["missing_reason"], t["scale"],
                                            strict=True)],
        commitment_ids=t["commitment_id"].map(lambda c: [c]),
        basis=t["date_basis"].map(lambda b: f"dated by {b.replace('_', ' ')} ({DATE_RULE_TEXT})"),
        sources=t["source_type"],
    )
    out["value"] = out["value_rank"]
    return shaped(out[list(dict.fromkeys(columns))].reset_index(drop=True))


def _answer_kind(value_kind, value, missing_reason, scale) -> str:
    """A timeline entry's kind of answer: a tracker's completion word is a value; prose or an unknown label is off the scale."""
    if value_kind == "completion":
        return "value" if value is not None else "off_scale"
    if value_kind in ("narrative", "unknown"):
        return "off_scale"
    return answer_kind(value_kind, value, missing_reason, scale)


def commitment_timeline(tables: dict[str, pd.DataFrame], commitment_id: str) -> pd.DataFrame:
    """One commitment's timeline (every assessor, both scales), for its status chart and report section.

    Taken from its plan's timeline, made once per plan (a report asks for each commitment's).
    """
    com = tables["commitments"]
    plan = com.loc[com["commitment_id"] == commitment_id, ["member", "cycle"]]
    if plan.empty or plan.isna().any(axis=None):
        return timeline(tables, commitment_ids=[commitment_id])
    line = _plan_timeline(tables, str(plan["member"].iat[0]), int(plan["cycle"].iat[0]))
    return line[line["commitment_id"] == commitment_id].reset_index(drop=True)


@per_tables
def _plan_timeline(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> pd.DataFrame:
    return timeline(tables, member, cycle)


def latest_update(tables: dict[str, pd.DataFrame], commitment_id: str) -> pd.Series | None:
    """The latest dated progress update of a commitment, with its date and source; None when none.

    On one date, an update about the whole commitment comes before a milestone's.
    """
    t = commitment_timeline(tables, commitment_id)
    t = t[(t["entry"] == "progress_update") & t["date"].notna() & (t["value_kind"] != "missing")]
    if t.empty:
        return None
    t = t.assign(_whole=t["milestone_ref"].isna())
    return t.sort_values(["date", "_whole"], kind="stable").iloc[-1].drop("_whole")


def time_to_complete(tables: dict[str, pd.DataFrame], member: str,
                     cycles: Sequence[int] | None = None) -> pd.DataFrame:
    """Per commitment, how long it took to complete, where the dates allow.

    A duration needs a start date and a first completion (progress status Completed, or IRM /
    government completion Complete) both dated to the month or day: a year says nothing about
    months taken. Everything else is kept with the reason it has no duration.

    Returns:
        One row per commitment: commitment_id, cycle, start_date, completed_date, completed_by
        (assessor), days (NA without both dates) and reason.
    """
    com = tables["commitments"]
    com = com[com["member"] == member]
    if cycles is not None:
        com = com[com["cycle"].isin(list(cycles))]
    t = timeline(tables, commitment_ids=list(com["commitment_id"]))
    done = t[(t["value"] == PROGRESS_COMPLETED) & (t["scale"] == "progress")
             | (t["value"] == SCALES["completion"].values[-1]) & (t["scale"] == "completion")]
    fine = done[done["date_precision"].isin(TIME_TO_COMPLETE_PRECISIONS)].sort_values(
        "date", kind="stable")
    first = fine.drop_duplicates("commitment_id").set_index("commitment_id")
    rows = []
    for r in com.itertuples():
        start_ok = pd.notna(r.start_date) and str(r.start_date_precision) in TIME_TO_COMPLETE_PRECISIONS
        end = first.loc[r.commitment_id] if r.commitment_id in first.index else None
        if start_ok and end is not None:
            days = (date_axis(pd.Series([end["date"]]), pd.Series([end["date_precision"]]))[0]
                    - date_axis(pd.Series([r.start_date]),
                                pd.Series([str(r.start_date_precision)]))[0]).days
            reason = None
        else:
            days = pd.NA
            reason = ("no start date to the month" if not start_ok else "") + \
                (" and " if not start_ok and end is None else "") + \
                ("no completion dated to the month" if end is None else "")
        rows.append({"commitment_id": r.commitment_id, "cycle": int(r.cycle),
                     "start_date": None if pd.isna(r.start_date) else r.start_date,
                     "completed_date": None if end is None else end["date"],
                     "completed_by": None if end is None else end["assessor"],
                     "days": days, "reason": reason})
    return pd.DataFrame(rows, columns=["commitment_id", "cycle", "start_date", "completed_date",
                                       "completed_by", "days", "reason"])


def time_to_complete_sentence(frame: pd.DataFrame) -> str:
    """One sentence for the cross-cycle report on how long commitments took (`time_to_complete`)."""
    n = len(frame)
    timed = frame[frame["days"].notna()]
    if timed.empty:
        started = int(frame["start_date"].notna().sum())
        completed = int(frame["completed_date"].notna().sum())
        which = "the one commitment does not have" if n == 1 else f"none of the {n} commitments has"
        return (f"How long commitments took to complete cannot be said from this data: {which} "
                f"both a start date and a completion dated to the month ({started} "
                f"{'has' if started == 1 else 'have'} a start date, {completed} a completion dated "
                "to the month or day).")
    months = timed["days"].astype(float) / 30.44
    k = len(timed)
    of = "Of the one commitment" if n == 1 else f"Of the {n} commitments"
    return (f"{of}, {k} {'has' if k == 1 else 'have'} a start date and a dated "
            f"completion: {'it' if k == 1 else 'they'} took a median of {months.median():.0f} "
            f"months to complete (from {months.min():.0f} to {months.max():.0f}); the other "
            f"{n - k} lack one of the two dates.")


# --- for reports: reader language ---------------------------------------------------------------


def reader_date(date: str | None, precision: str | None) -> str:
    """A partial date as a reader writes it: '26 February 2014', 'June 2015', '2015', 'undated'."""
    if date is None or pd.isna(date) or not str(date):
        return "undated"
    if precision == "year":
        return str(date)[:4]
    ts = pd.Timestamp(str(date) + ("-01" if precision == "month" else ""))
    return ts.strftime("%B %Y") if precision == "month" else f"{ts.day} {ts.strftime('%B %Y')}"


def _status_text(r) -> str:
    if r["value_kind"] == "missing":
        return MISSING_LABELS.get(r["missing_reason"], "no status")
    if r["value_kind"] in ("narrative", "unknown"):
        return f"\u201c{r['value_printed']}\u201d"
    shown = r["value"]
    printed = r["value_printed"]
    if isinstance(printed, str) and printed.strip().lower() != str(shown).lower():
        return f"{shown} (printed \u201c{printed}\u201d)"
    return str(shown)


def timeline_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A timeline (`timeline`, `commitment_timeline`) as a reader's table, oldest first, undated last.

    Columns: Date, Whose, What (milestone or completion stage), Status (as read, the printed text
    where it differs, a note's words in quotes), Scale, Source, Where (the source's note).
    """
    rows = []
    for _, r in frame.iterrows():
        if r["milestone_ref"]:
            what = f"Milestone {r['milestone_ref']}" + (f": {r['milestone_text']}"
                                                         if r["milestone_text"] else "")
        elif r["entry"] == "assessment":
            what = f"Completion ({STAGE_LABELS.get(r['stage'], r['stage'])})"
        else:
            what = "The whole commitment"
        rows.append({
            "Date": reader_date(r["date"], r["date_precision"]),
            "Whose": ASSESSOR_LABELS.get(r["assessor"], r["assessor"]),
            "What": what, "Status": _status_text(r),
            "Scale": "progress scale" if r["scale"] == "progress" else "completion scale",
            "Source": SOURCE_LABELS.get(r["source_type"], r["source_type"]),
            "Where": r["source_note"] or r["source_url"],
            "Dated by": {"as_of_date": "its own date", "period_end": "end of the period reviewed",
                         "publication_year": "report's publication year",
                         "undated": "not dated"}[r["date_basis"]],
        })
    return pd.DataFrame(rows, columns=["Date", "Whose", "What", "Status", "Scale", "Source",
                                       "Where", "Dated by"])


def latest_update_text(tables: dict[str, pd.DataFrame], commitment_id: str) -> str:
    """One sentence for a commitment's report section: its latest dated update, with date and source.

    A whole-commitment update is quoted; milestone updates of that date are summed up, every
    milestone named with its status (so no milestone stands for the others).
    """
    r = latest_update(tables, commitment_id)
    if r is None:
        return "No dated progress update of this commitment is in the data."
    return _latest_update_sentence(tables, commitment_id, r) + _later_entry(tables, commitment_id, r["date"])


def _later(date: str, than: str) -> bool:
    """True when a partial ISO date is surely later than another ('2015' after '2014-02-26'; '2014' is not)."""
    k = min(len(date), len(than))
    return date[:k] > than[:k]


def _later_entry(tables: dict[str, pd.DataFrame], commitment_id: str, date: str) -> str:
    """' A later entry in the data: ...' naming the latest dated entry after a progress update's date ('' if none)."""
    t = commitment_timeline(tables, commitment_id)
    later = t[t["date"].notna() & (t["entry"] != "progress_update")]
    later = later[[_later(str(d), str(date)) for d in later["date"]]]
    if later.empty:
        return ""
    last = timeline_table(later).iloc[-1]
    return (f" A later entry in the data: {last['What'][0].lower()}{last['What'][1:]}, {last['Date']} "
            f"({last['Whose']}, {last['Source']}): {last['Status']}.")


def _latest_update_sentence(tables: dict[str, pd.DataFrame], commitment_id: str, r: pd.Series) -> str:
    who = ASSESSOR_LABELS.get(r["assessor"], r["assessor"])
    source = SOURCE_LABELS.get(r["source_type"], r["source_type"])
    when = reader_date(r["date"], r["date_precision"])
    if not r["milestone_ref"]:
        return f"Latest progress update, {when} ({who}, {source}), on the commitment: {_status_text(r)}."
    t = commitment_timeline(tables, commitment_id)
    same = t[(t["entry"] == "progress_update") & (t["date"] == r["date"])
             & (t["assessor"] == r["assessor"]) & (t["source_url"] == r["source_url"])
             & t["milestone_ref"].notna()]
    done = same[same["value"] == PROGRESS_COMPLETED]
    parts = "; ".join(f"{m} {_status_text(x)}" for m, (_, x) in zip(same["milestone_ref"],
                                                                    same.iterrows(), strict=True))
    return (f"Latest progress update, {when} ({who}, {source}): {len(done)} of {len(same)} milestones "
            f"{PROGRESS_COMPLETED.lower()} ({parts}).")


def progress_section(tables: dict[str, pd.DataFrame], commitment_id: str) -> dict:
    """What a commitment's report section needs about its progress, as plain values (for a template).

    Returns:
        {"has_updates": any progress update, "latest": `latest_update_text`, "rows": the
        `timeline_table` rows as dicts (dated first, undated last), "undated": how many entries
        have no date}.
    """
    line = commitment_timeline(tables, commitment_id)
    return {
        "has_updates": bool((line["entry"] == "progress_update").any()),
        "latest": latest_update_text(tables, commitment_id),
        "rows": timeline_table(line).to_dict("records"),
        "undated": int(line["date"].isna().sum()),
    }
