"""Figures on the co-creation process: meetings per phase, attendance, published records, IRM process judgements, the standards.

Pure functions of the processed tables. Every row names the meetings (`meeting_ids`), the
commitments they discussed (`commitment_ids`) and the source URLs (`source_urls`) behind it.
Counts of people derived from participant lists are computed here (`listed_counts`), never
stored; a share carries its numerator and denominator. What the data holds is not all that
happened: the meeting figures count "meetings in the data".
"""

from __future__ import annotations

import pandas as pd

from ogp_analysis import schema
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.cache import per_tables
from ogp_analysis.analysis.registry import SHARE_COLUMNS
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import (
    MEETING_KIND_LABELS,
    PHASE_LABELS,
    PLAN_PHASES,
    PROCESS_INDICATOR_LABELS,
    SECTOR_LABELS,
    SECTORS,
)

PROCESS_COLUMNS = ("meeting_ids", "source_urls")
_PHASE_ORDER = tuple(PLAN_PHASES)
_STATUS = R.STANDARD_STATUSES


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    got = tables.get(name)
    return schema.empty(name) if got is None else got


def _str(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)


def _urls(*frames: pd.DataFrame) -> list[str]:
    """Sorted source URLs (and published record URLs) of some rows; nulls dropped."""
    out: set[str] = set()
    for df in frames:
        for col in ("source_url", "record_url"):
            if col in df:
                out |= {str(u) for u in df[col].dropna()}
    return sorted(out)


def _row(member: str, cycle, figure: str, field: str, value, *, meeting_ids=(), urls=(),
         commitment_ids=(), basis: str = "", assessor=None, **extra) -> dict:
    return {"member": member, "cycle": cycle, "assessor": assessor, "figure": figure,
            "field": field, "value": value, "commitment_ids": sorted(set(commitment_ids)),
            "stage": None, "basis": basis, "sources": "; ".join(sorted({s for s in urls})),
            "meeting_ids": sorted(set(meeting_ids)), "source_urls": sorted(set(urls)), **extra}


def _frame(rows: list[dict], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    cols = [*F.BASE_COLUMNS, *PROCESS_COLUMNS, *extra]
    return F.shaped(pd.DataFrame(rows).reindex(columns=cols) if rows else pd.DataFrame(columns=cols))


def plan_meetings(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """The member's meetings with the plans they concern (`cycles`: sorted start years).

    Args:
        tables: the processed tables.
        member: the member slug.
        cycle: only meetings concerning this plan (default: all the member's meetings).
    """
    meetings = _table(tables, "meetings")
    meetings = meetings[meetings["member"] == member].copy()
    plans = _table(tables, "meeting_plans")
    cycles: dict[str, set] = {}
    for mid, c in zip(plans["meeting_id"].astype(str), plans["cycle"], strict=True):
        cycles.setdefault(mid, set()).add(int(c))
    meetings["cycles"] = [sorted(cycles.get(str(m), ())) for m in meetings["meeting_id"]]
    if cycle is not None:
        keep = pd.Series([int(cycle) in c for c in meetings["cycles"]], index=meetings.index,
                         dtype=bool)
        meetings = meetings.loc[keep]
    return meetings.reset_index(drop=True)


def _discussed(tables, meeting_ids) -> list[str]:
    mc = _table(tables, "meeting_commitments")
    return sorted(mc.loc[mc["meeting_id"].isin(list(meeting_ids)), "commitment_id"].dropna().astype(str))


def _cycles(tables, member: str, cycle) -> list[int]:
    if cycle is not None:
        return [int(cycle)]
    found = set(_table(tables, "meeting_plans").loc[lambda d: d["member"] == member, "cycle"])
    found |= set(_table(tables, "plan_process").loc[lambda d: d["member"] == member, "cycle"])
    return sorted(int(c) for c in found)


# --- meetings per phase -----------------------------------------------------------------------------


def meetings_per_phase(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """Meetings in the data per plan and per phase of that plan (`meetings`, `phase:<phase>`).

    A meeting about two plans counts once for each: `shared_with_other_plans` says how many of
    a plan's meetings also served another plan (and which), so plans' counts are never added.
    Zero means no meeting in the data, not that none was held.
    """
    plans = _table(tables, "meeting_plans")
    plans = plans[plans["member"] == member]
    meetings = plan_meetings(tables, member)
    served = dict(zip(meetings["meeting_id"], meetings["cycles"], strict=True))
    rows = []
    for year in _cycles(tables, member, cycle):
        here = plans[plans["cycle"] == year]
        ids = sorted(set(here["meeting_id"]))
        met = meetings[meetings["meeting_id"].isin(ids)]
        shared = [m for m in ids if len(served.get(m, ())) > 1]
        others = sorted({c for m in shared for c in served[m] if c != year})
        basis = "meetings in the data that deal with the plan (not every meeting held)"
        if shared:
            basis += (f"; {len(shared)} of them also served the "
                      f"{' and '.join(map(str, others))} plan (counted for each plan served)")
        rows.append(_row(member, year, "process-meetings", "meetings", len(ids), meeting_ids=ids,
                         urls=_urls(met), commitment_ids=_discussed(tables, ids), basis=basis))
        sm = meetings[meetings["meeting_id"].isin(shared)]
        rows.append(_row(member, year, "process-meetings", "shared_with_other_plans", len(shared),
                         meeting_ids=shared, urls=_urls(sm),
                         commitment_ids=_discussed(tables, shared),
                         basis="meetings of the plan that also served another plan" + (
                             f" ({', '.join(map(str, others))})" if others else "")))
        for phase in _PHASE_ORDER:
            pids = sorted(set(here.loc[here["phase"].astype(str) == phase, "meeting_id"]))
            pm = meetings[meetings["meeting_id"].isin(pids)]
            rows.append(_row(member, year, "process-meetings", f"phase:{phase}", len(pids),
                             meeting_ids=pids, urls=_urls(pm),
                             commitment_ids=_discussed(tables, pids), basis=basis))
    return _frame(rows)


# --- attendance -------------------------------------------------------------------------------------


@per_tables  # asked for once per meeting of a plan
def listed_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """People a record lists, counted per meeting, sector and role (derived here, never stored).

    Returns:
        meeting_id, sector (`unknown` for an organisation not in the gazetteer),
        participant_role, listed.
    """
    p = _table(tables, "meeting_participants")
    if p.empty:
        return pd.DataFrame(columns=["meeting_id", "sector", "participant_role", "listed"])
    p = p.assign(sector=_str(p["sector"]).fillna("unknown"),
                 participant_role=p["participant_role"].astype(str))
    return (p.groupby(["meeting_id", "sector", "participant_role"]).size().rename("listed")
            .reset_index())


def _stated(tables, mid: str, column: str = "attendees") -> dict:
    """A meeting's stated counts of one kind (`attendees`, `apologies`, `chairs`) per sector.

    With the stated total (`total`, from `meetings`) where there is one.
    """
    att = _table(tables, "meeting_attendance")
    got = att[(att["meeting_id"] == mid) & att[column].notna()]
    out = {str(s): int(n) for s, n in zip(got["sector"], got[column], strict=True)}
    meetings = _table(tables, "meetings")
    total_column = f"{column}_total"
    if total_column in meetings:
        total = meetings.loc[meetings["meeting_id"] == mid, total_column].dropna()
        if not total.empty:
            out["total"] = int(total.iloc[0])
    return out


def meeting_attendance_counts(tables: dict[str, pd.DataFrame], meeting_id: str) -> tuple[dict, str] | None:
    """One meeting's attendance by sector (`government`, `civil_society`, `other`, `total`) and its basis.

    The counts the record states, if it states any; else the people it lists (attendees and
    chairs), counted here. None: the data holds neither.
    """
    stated = _stated(tables, meeting_id)
    if stated:
        return stated, "as the record states"
    listed = listed_counts(tables)
    here = listed[(listed["meeting_id"] == meeting_id)
                  & listed["participant_role"].isin(["attendee", "chair"])]
    if here.empty:
        return None
    counts = {str(s): int(n) for s, n in here.groupby("sector")["listed"].sum().items()}
    counts["total"] = int(here["listed"].sum())
    return counts, f"counted from the record's list of {counts['total']} people"


def attendance(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """Attendance by sector per meeting, over time, and the civil society share of it.

    Fields `attendees:<sector>`, `attendees:total` and `civil_society_share` (with `numerator`
    and `denominator`): the stated counts where the record states them, else the people it
    lists (`count_basis` says which). Meetings with neither are left out.
    """
    meetings = plan_meetings(tables, member, cycle)
    rows = []
    for m in meetings.sort_values(["meeting_date", "meeting_id"], na_position="last").itertuples():
        got = meeting_attendance_counts(tables, m.meeting_id)
        if got is None:
            continue
        counts, basis = got
        mine = meetings[meetings["meeting_id"] == m.meeting_id]
        common = dict(meeting_ids=[m.meeting_id], urls=_urls(mine),
                      commitment_ids=_discussed(tables, [m.meeting_id]),
                      meeting_date=m.meeting_date, count_basis=basis,
                      plans="; ".join(str(c) for c in m.cycles))
        year = int(cycle) if cycle is not None else None
        for sector in (*SECTORS, "unknown", "total"):
            if sector in counts:
                rows.append(_row(member, year, "process-attendance", f"attendees:{sector}",
                                 counts[sector], basis=f"attendees {basis}", **common))
        cs = counts.get("civil_society")
        denominator = counts.get("total")
        if denominator is None:
            denominator = sum(v for k, v in counts.items() if k != "total") or None
        if cs is not None and denominator:
            rows.append(_row(member, year, "process-attendance", "civil_society_share",
                             cs, numerator=cs, denominator=denominator, share=cs / denominator,
                             basis=f"civil society {cs} of {denominator} attendees ({basis})",
                             **common))
    return _frame(rows, ("meeting_date", "count_basis", "plans", *SHARE_COLUMNS))


# --- published records --------------------------------------------------------------------------------


def has_published_record(meetings: pd.DataFrame) -> pd.Series:
    """True per meeting whose record the data shows published (`rules.PUBLISHED_RECORD_EVIDENCE`).

    The one test every count, table and standards row of published records reads: the record's
    URL or its posting date is in the data.
    """
    cols = [c for c in R.PUBLISHED_RECORD_EVIDENCE if c in meetings]
    if not cols:
        return pd.Series(False, index=meetings.index, dtype=bool)
    return meetings[cols].notna().any(axis=1).astype(bool)


def _record_words(record_url, posted) -> str:
    """A meeting's published record for a reader: its URL, else when it was posted, else none."""
    if pd.notna(record_url):
        return str(record_url)
    if pd.notna(posted):
        return f"published {R.date_words(str(posted))} (the data holds no link to it)"
    return "no published record in the data"


def published_records(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """Per plan: meetings in the data, those with a published record, and the share.

    The share is of the meetings in the data, not of all the meetings held.
    """
    rows = []
    label = "share of the meetings in the data with a published record (not of all meetings held)"
    for year in _cycles(tables, member, cycle):
        meetings = plan_meetings(tables, member, year)
        ids = list(meetings["meeting_id"])
        with_record = meetings[has_published_record(meetings)]
        common = dict(commitment_ids=_discussed(tables, ids))
        rows.append(_row(member, year, "process-records", "meetings_in_data", len(ids),
                         meeting_ids=ids, urls=_urls(meetings), basis="meetings in the data",
                         **common))
        rows.append(_row(member, year, "process-records", "with_published_record",
                         len(with_record), meeting_ids=list(with_record["meeting_id"]),
                         urls=_urls(with_record),
                         basis="meetings whose record's URL or posting date is in the data",
                         **common))
        if ids:
            rows.append(_row(member, year, "process-records", "share_with_published_record",
                             len(with_record), numerator=len(with_record), denominator=len(ids),
                             share=len(with_record) / len(ids), meeting_ids=ids, urls=_urls(meetings),
                             basis=f"{len(with_record)} of {len(ids)}: {label}", **common))
    return _frame(rows, SHARE_COLUMNS)


# --- IRM process judgements ----------------------------------------------------------------------------


def process_judgements(tables: dict[str, pd.DataFrame], member: str, cycle=None) -> pd.DataFrame:
    """The plan-level process facts and IRM judgements per plan, each with its report and source.

    `label` is the canonical value (on its scale) where there is one, else the value as printed;
    `value` its rank on the scale (NA without one); `kind` a value, a printed answer not read
    (off the scale) or not in the data.
    """
    pp = _table(tables, "plan_process")
    pp = pp[pp["member"] == member]
    if cycle is not None:
        pp = pp[pp["cycle"] == int(cycle)]
    rows = []
    for r in pp.sort_values(["cycle", "process_indicator"]).itertuples():
        value = r.value if pd.notna(r.value) else r.value_printed
        urls = [r.source_url] if pd.notna(r.source_url) else []
        rows.append(_row(member, int(r.cycle), "process-judgements", str(r.process_indicator),
                         r.value_rank, label=None if pd.isna(value) else str(value), urls=urls,
                         kind="value" if pd.notna(r.value) else "off_scale" if pd.notna(value) else "not_in_data",
                         assessor=None if pd.isna(r.assessor) else str(r.assessor),
                         basis=f"{r.report_title}" if pd.notna(r.report_title) else "",
                         value_printed=r.value_printed, report_title=r.report_title))
    return _frame(rows, ("value_printed", "report_title"))


def process_row(tables: dict[str, pd.DataFrame], member: str) -> pd.DataFrame:
    """One row per plan for the cross-cycle report: forum, IAP2 level, acted contrary/according, meetings.

    Returns:
        cycle, multistakeholder_forum, level_of_public_influence, acted_contrary_to_process,
        acted_according_to_process, meetings_in_data, meetings_shared (of those, the meetings
        that also served another plan: a column sum counts them more than once),
        source_urls (NA: not in the data).
    """
    j = process_judgements(tables, member)
    wanted = ("multistakeholder_forum", "level_of_public_influence",
              "acted_contrary_to_process", "acted_according_to_process")
    rows = []
    for year in _cycles(tables, member, None):
        here = j[j["cycle"] == year].set_index("field")
        row = {"cycle": year}
        urls: set[str] = set()
        for w in wanted:
            row[w] = here.loc[w, "label"] if w in here.index else pd.NA
            if w in here.index:
                urls |= set(here.loc[w, "source_urls"])
        counts = meetings_per_phase(tables, member, year).set_index("field")
        row["meetings_in_data"] = int(counts.loc["meetings", "value"])
        row["meetings_shared"] = int(counts.loc["shared_with_other_plans", "value"])
        row["source_urls"] = sorted(urls | set(counts.loc["meetings", "source_urls"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=["cycle", *wanted, "meetings_in_data", "meetings_shared",
                                       "source_urls"])


# --- the standards ----------------------------------------------------------------------------------


def _interval(value) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The earliest and latest day a partial date can mean."""
    if value is None or pd.isna(value):
        return None
    text = str(value)
    start = pd.Timestamp(text if len(text) == 10 else text + ("-01" if len(text) == 7 else "-01-01"))
    if len(text) == 10:
        return start, start
    end = start + (pd.offsets.MonthEnd(0) if len(text) == 7 else pd.offsets.YearEnd(0))
    return start, end


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def plan_window(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> tuple | None:
    """The plan's period: its start and end dates, else its start and end years; None when the end is unknown."""
    plans = _table(tables, "action_plans")
    here = plans[(plans["member"] == member) & (plans["cycle"] == int(cycle))]
    if here.empty:
        return None
    p = here.iloc[0]
    start = _interval(p["start_date"])
    end = _interval(p["end_date"])
    lo = start[0] if start else pd.Timestamp(f"{int(cycle)}-01-01")
    if end:
        hi = end[1]
    elif pd.notna(p["end_year"]):
        hi = pd.Timestamp(f"{int(p['end_year'])}-12-31")
    else:
        return None
    return lo, hi


def _gap(a: tuple, b: tuple, limit: int) -> str:
    """`within`, `over` or `unclear`: can b follow a by more than `limit` months?"""
    latest_b_allowed_by_earliest_a = a[0] + pd.DateOffset(months=limit)
    latest_b_allowed_by_latest_a = a[1] + pd.DateOffset(months=limit)
    if b[1] <= latest_b_allowed_by_earliest_a:
        return "within"
    if b[0] > latest_b_allowed_by_latest_a:
        return "over"
    return "unclear"


def forum_cadence(meetings: pd.DataFrame) -> tuple[int | None, str]:
    """The longest gap between consecutive dated forum meetings of a plan, and what it shows.

    Returns:
        (months, text): months None with fewer than two dated meetings ("no evidence"); at month
        or year precision the gap is from the earliest day each date can mean.
    """
    dated = meetings.dropna(subset=["meeting_date"])
    points = sorted(((_interval(d), str(d)) for d in dated["meeting_date"]), key=lambda p: p[0][0])
    if len(points) < 2:
        held = "no dated forum meeting" if not points else "one dated forum meeting"
        return None, (f"{held} of the plan in the data: no evidence of the forum's cadence (it "
                      "takes two meetings)")
    gaps = [(_months(a[0][0], b[0][0]), a[1], b[1]) for a, b in zip(points, points[1:], strict=False)]
    months, a, b = max(gaps, key=lambda g: g[0])
    return months, (f"longest gap between consecutive forum meetings in the data: {months} "
                    f"months ({a} to {b}; {len(points)} meetings)")


def _stretches(points: list, window: tuple, end_label: str) -> list[tuple]:
    """The stretches between forum meetings (and the plan's start and end) reaching into the plan.

    The plan's start (end) bounds a stretch only where no meeting lies at or before (after) it.
    """
    start, end = window
    edges = list(points)
    if points[0][0][0] > start:
        edges.insert(0, ((start, start), f"plan start {start.date()}"))
    if points[-1][0][1] < end:
        edges.append(((end, end), f"{end_label} {end.date()}"))
    return [(x, y) for x, y in zip(edges, edges[1:], strict=False)
            if y[0][1] > start and x[0][0] < end]


def six_month_rule(meetings: pd.DataFrame, window: tuple | None, applies: bool,
                   end_label: str = "plan end") -> tuple[str, str]:
    """(status, what the data shows) of the six-month rule for one plan's forum meetings.

    The window is the plan's period. A stretch longer than six months with no forum meeting in
    the data (between two records, or from the plan's start to the first, or from the last to
    the plan's end) is "no evidence in the data", never "not met": meetings the data does not
    hold may have filled it (the UK's forum met on 22 June 2023, a meeting the shared data
    lacks). "Met" needs every stretch within six months. Dates at month or year
    precision are compared at that precision: a gap that could be either side of six months
    is "cannot tell". Never "met" without a source for every meeting. The stretches read are
    those reaching into the plan's period: a forum meeting just before its start (co-creation)
    or after its end (a self-assessment) bounds one, and the plan's start or end is a bound only
    where no meeting of the plan lies beyond it.

    Args:
        meetings: the plan's forum meetings (meeting_id, meeting_date, source_url): the same
            meetings as the plan's timeline.
        window: (start, end) of the plan, or None when unknown.
        applies: whether the standards apply to the plan (`plan_standards`); if not, what the
            data shows is said and the status is "not in force".
        end_label: what the window's end is ("plan end", or "as of" for a running plan).
    """
    limit = R.FORUM_MAX_GAP_MONTHS
    _, cadence = forum_cadence(meetings)
    if not applies:
        return _STATUS["not_in_force"], cadence  # information only: the standards do not apply
    dated = meetings.dropna(subset=["meeting_date"])
    if len(dated) < 2:
        return _STATUS["no_evidence"], cadence
    points = sorted(((_interval(d), str(d)) for d in dated["meeting_date"]),
                    key=lambda p: p[0][0])
    shown = ", ".join(p[1] for p in points)
    if window is None:
        return _STATUS["cannot_tell"], f"{cadence}; forum meetings {shown}; the plan's end is " \
            "not in the data"
    start, end = window
    outside = [label for (lo, hi), label in points if hi < start or lo > end]
    pairs = _stretches(points, window, end_label)
    unclear, silent = [], []
    for i, ((a, la), (b, lb)) in enumerate(pairs):
        verdict = _gap(a, b, limit)
        span = f"{la} to {lb} ({_months(a[0], b[0])} months)"
        # Any long stretch rests on the records the data lacks (a meeting between two records,
        # before the first or after the last may exist): it can never show "not met".
        edge = i in (0, len(pairs) - 1)
        if verdict == "over" or (verdict != "within" and edge):
            silent.append(span)
        elif verdict != "within":
            unclear.append(span)
    if outside:
        beyond = ", ".join(outside)
        shown += f" ({beyond} outside the plan's period {start.date()} to {end.date()})"
    if silent:
        return _STATUS["no_evidence"], f"{cadence}; forum meetings {shown}; no forum meeting in the data " \
            f"for more than {limit} months of the plan: " + "; ".join(silent)
    if unclear:
        return _STATUS["cannot_tell"], f"{cadence}; forum meetings {shown}; at the dates' precision this " \
            "gap could be either side of six months: " + "; ".join(unclear)
    if dated["source_url"].isna().any():
        return _STATUS["cannot_tell"], f"{cadence}; forum meetings {shown} meet the rule, but a meeting " \
            "record has no source"
    return _STATUS["met"], f"{cadence}; forum meetings {shown}: no gap over {limit} months"


def _n(count: int, noun: str) -> str:
    """'1 meeting', '3 meetings'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _irm(tables, member: str, cycle: int, indicator: str) -> pd.Series | None:
    pp = _table(tables, "plan_process")
    got = pp[(pp["member"] == member) & (pp["cycle"] == cycle)
             & (pp["process_indicator"].astype(str) == indicator) & pp["value"].notna()]
    return None if got.empty else got.iloc[0]


def _sectors_present(tables, mid: str) -> set[str]:
    got = meeting_attendance_counts(tables, mid)
    present = {k for k, v in (got[0] if got else {}).items() if k in SECTORS and v}
    chairs = _stated(tables, mid, "chairs")
    return present | {s for s, n in chairs.items() if s in SECTORS and n}


def plan_standards(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> tuple[bool, str]:
    """Whether the 2022 standards apply to the plan, and why in reader words (`rules.standards_apply`).

    Reads the IRM's process judgements of the plan, its publication date and its start.
    """
    pp = _table(tables, "plan_process")
    judged = pp.loc[(pp["member"] == member) & (pp["cycle"] == int(cycle)) & pp["value"].notna()
                    & (pp["assessor"].astype(str) == "irm"), "process_indicator"].astype(str)
    plans = _table(tables, "action_plans")
    here = plans[(plans["member"] == member) & (plans["cycle"] == int(cycle))]
    published = start = None
    if len(here):
        published = None if pd.isna(here["published"].iloc[0]) else str(here["published"].iloc[0])
        start = None if pd.isna(here["start_date"].iloc[0]) else str(here["start_date"].iloc[0])
    return R.standards_apply(list(judged), published, start or int(cycle))


def plan_forum_meetings(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> pd.DataFrame:
    """The plan's forum meetings (`rules.FORUM_KINDS`): the timeline's, read by every forum row."""
    meetings = plan_meetings(tables, member, cycle)
    return meetings[meetings["meeting_kind"].astype(str).isin(R.FORUM_KINDS)]


def _forum_row(tables, forum: pd.DataFrame, irm, others: int) -> tuple[str, str, list, list, str | None]:
    """(status, what the data shows, meeting IDs, URLs, assessor) of the forum requirement.

    Every count is of the plan's forum meetings in the data (the timeline's): how many, how many
    of their records show government and civil society present, and how many of those have a
    source. The IRM's finding, where the data has one, decides.
    """
    ids = list(forum["meeting_id"])
    n = len(forum)
    held = f"{_n(n, 'forum meeting')} of the plan in the data"
    both = [m for m in ids if {"government", "civil_society"} <= _sectors_present(tables, m)]
    sourced = forum[forum["meeting_id"].isin(both) & forum["source_url"].notna()]
    if irm is not None:
        return (_STATUS["met"] if irm["value"] == "Yes" else _STATUS["not_met"],
                f"the IRM ({irm['report_title']}): a multi-stakeholder forum: {irm['value'].lower()}"
                + (f"; {held}" if n else ""), ids, [irm["source_url"], *_urls(forum)], "irm")
    if not n:
        also = f" ({_n(others, 'other meeting')} of government and civil society recorded)" \
            if others else ""
        return (_STATUS["no_evidence"], f"no meeting of a standing multi-stakeholder forum in the "
                f"data{also}", [], [], None)
    if not both:
        return (_STATUS["cannot_tell"], f"{held}; {'its record does' if n == 1 else 'none of their records'}"
                f"{' not' if n == 1 else ''} show government and civil society present", ids,
                _urls(forum), None)
    present = ("its record shows" if n == 1 else "both show" if len(both) == n == 2 else
               f"all {n} show" if len(both) == n else f"{len(both)} of them show") + \
        " government and civil society present"
    if sourced.empty:
        return (_STATUS["cannot_tell"], f"{held}; {present}, but no record of them has a source",
                ids, _urls(forum), None)
    with_source = "" if len(sourced) == len(both) else (
        f"; {len(sourced)} of those {len(both)} {'has' if len(sourced) == 1 else 'have'} a source")
    return _STATUS["met"], f"{held}; {present}{with_source}", ids, _urls(sourced), None


def standards(tables: dict[str, pd.DataFrame], member: str, cycle=None,
              as_of: str | None = None) -> pd.DataFrame:
    """The Participation and Co-Creation Standards per plan: requirement, what the data shows, status.

    Whether they apply to a plan is one rule (`plan_standards`, `rules.standards_apply`). Status:
    met / not met / cannot tell / no evidence in the data; for a plan they do not apply to, "not
    in force" (what the data shows is said as information) and, on a row the IRM judged, "the
    IRM's judgement" (shown in the IRM's words, with its report and source, never "not in
    force"). Absence of records is never "not met"; "met" always has a source. The IRM's own
    finding, where the data has one, decides the forum and process rows. Every row reads the
    plan's meetings as its timeline lists them.

    Args:
        tables: the processed tables.
        member: the member slug.
        cycle: one plan (default: every plan with process data).
        as_of: a date (YYYY-MM-DD) before the end of a running plan: the six-month window ends
            there instead (default: the plan's end).
    """
    rows = []
    for year in _cycles(tables, member, cycle) or ([int(cycle)] if cycle is not None else []):
        applies, why = plan_standards(tables, member, year)
        meetings = plan_meetings(tables, member, year)
        forum = plan_forum_meetings(tables, member, year)

        def add(key: str, status: str, shows: str, ids=(), urls=(), assessor=None,
                year=year, applies=applies, why=why) -> None:
            if not applies:  # information only; the IRM's own judgement stays the IRM's
                status = _STATUS["irm_judgement" if assessor == "irm" else "not_in_force"]
            rows.append(_row(member, year, "process-standards", key, None, label=status, meeting_ids=ids,
                             urls=urls, commitment_ids=_discussed(tables, ids),
                             basis=f"{R.STANDARD_REQUIREMENTS[key]} (the standards "
                             f"{'apply' if applies else 'do not apply'}: {why})", assessor=assessor,
                             requirement=R.STANDARD_REQUIREMENTS[key], shows=shows))

        # A forum of government and civil society.
        add("forum_exists", *_forum_row(tables, forum, _irm(tables, member, year,
                                                            "multistakeholder_forum"),
                                        len(meetings) - len(forum)))

        # Meets every six months.
        window, end_label = plan_window(tables, member, year), "plan end"
        if window is not None and as_of is not None and pd.Timestamp(as_of) < window[1]:
            window, end_label = (window[0], pd.Timestamp(as_of)), "as of"
        status, shows = six_month_rule(forum, window, applies, end_label)
        add("forum_every_six_months", status, shows, list(forum["meeting_id"]), _urls(forum))

        # Public rules: nothing in the data says.
        add("forum_rules_public", _STATUS["no_evidence"], "the data holds nothing on the "
            "forum's rules")

        # Published records: only what the data has; a missing record is not evidence of none.
        published = has_published_record(meetings)
        with_record = meetings[published]
        ids = list(meetings["meeting_id"])
        sourced = with_record[with_record["record_url"].notna() | with_record["source_url"].notna()]
        if with_record.empty:
            add("records_published", _STATUS["no_evidence"],
                f"{_n(len(meetings), 'meeting')} of the plan in the data, none with a known "
                "published record", ids)
        elif len(with_record) == len(meetings) and len(sourced) == len(with_record):
            add("records_published", _STATUS["met"], f"every meeting of the plan in the data "
                f"({len(meetings)}) has a published record", ids, _urls(with_record))
        else:
            unsourced = len(with_record) - len(sourced)
            add("records_published", _STATUS["cannot_tell"], f"{len(with_record)} of "
                f"{_n(len(meetings), 'meeting')} of the plan in the data "
                f"{'has' if len(with_record) == 1 else 'have'} a published record" + (
                    f" ({unsourced} known only from its posting date, with no source)"
                    if unsourced else ""), ids, _urls(with_record))

        # The IRM's process judgement, in whichever wording the report uses (never inverted).
        according = _irm(tables, member, year, "acted_according_to_process")
        contrary = _irm(tables, member, year, "acted_contrary_to_process")
        if according is not None:
            add("according_to_process", _STATUS["met" if according["value"] == "Yes" else "not_met"],
                f"the IRM ({according['report_title']}): acted according to OGP process: "
                f"{according['value']}", urls=[according["source_url"]], assessor="irm")
        elif contrary is not None:
            add("according_to_process", _STATUS["not_met" if contrary["value"] == "Yes" else "met"],
                f"the IRM ({contrary['report_title']}): acted contrary to OGP process: "
                f"{contrary['value']}", urls=[contrary["source_url"]], assessor="irm")
        else:
            add("according_to_process", _STATUS["no_evidence"], "no IRM process judgement in "
                "the data")
    return _status_answers(_frame(rows, ("requirement", "shows")))


def _status_answers(out: pd.DataFrame) -> pd.DataFrame:
    """Each standards row's status (`label`) as its number and kind (`rules.STANDARD_STATUS_ANSWERS`)."""
    key = {text: k for k, text in _STATUS.items()}
    got = [R.STANDARD_STATUS_ANSWERS.get(key.get(status), (None, "off_scale")) for status in out["label"]]
    return F.shaped(out.assign(value=[v for v, _ in got], kind=[k for _, k in got]))


# --- frames for the reports (reader language) ----------------------------------------------------


def _attendance_text(tables, mid: str, published: bool = False) -> str:
    got = meeting_attendance_counts(tables, mid)
    if got is None:
        # A published record read with no count and no list in it, else nothing in the data.
        return "the record states no head count" if published else "not in the data"
    counts, basis = got
    parts = [f"{counts[s]} {SECTOR_LABELS[s].lower()}" for s in (*SECTORS, "unknown") if s in counts]
    total = counts.get("total")
    text = f"{total} ({', '.join(parts)})" if total is not None else ", ".join(parts)
    return text if basis == "as the record states" else f"{text}, counted from the list"


def _phases_words(phases) -> str:
    """'implementation and self-assessment' in the plan's phase order."""
    words = [PHASE_LABELS[p] for p in _PHASE_ORDER if p in set(map(str, phases))]
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + (words[-1] if words else "")


def meeting_timeline(tables: dict[str, pd.DataFrame], member: str, cycle: int,
                     phases=None) -> pd.DataFrame:
    """The plan's meetings in date order, in reader language, for a report's timeline and table.

    Args:
        tables: the processed tables.
        member: the member slug.
        cycle: the plan's start year.
        phases: only meetings dealing with these phases of the plan (default: all).

    Returns:
        Date, Meeting, Title, Phases, Also served (the other plans a meeting served, with their
        phases), Attendance, Record (its URL, else when it was posted, else none: one row per
        meeting; undated last) and meeting_id, meeting_date, published_record
        (`has_published_record`), phase_codes (this plan's phases), source_urls for tracing.
    """
    meetings = plan_meetings(tables, member, cycle)
    meetings = meetings.assign(published_record=has_published_record(meetings))
    mp = _table(tables, "meeting_plans")
    mp = mp[mp["member"] == member]
    rows = []
    for m in meetings.sort_values(["meeting_date", "meeting_id"], na_position="last").itertuples():
        served = mp[mp["meeting_id"] == m.meeting_id]
        mine = [str(p) for p in served.loc[served["cycle"] == int(cycle), "phase"]]
        also = [c for c in m.cycles if c != int(cycle)]
        if phases is not None and not set(mine) & set(phases):
            continue  # before the attendance is counted: a report asks per phase
        date = m.meeting_date if pd.notna(m.meeting_date) else (
            f"dates not stated ({m.duration_printed})" if pd.notna(m.duration_printed)
            else "date not stated")
        kind = MEETING_KIND_LABELS.get(str(m.meeting_kind), "kind not known")
        others = [f"the {c} plan's {_phases_words(served.loc[served['cycle'] == c, 'phase'])}"
                  for c in also]
        rows.append({"Date": date, "Meeting": kind,
                     "Title": m.meeting_title if pd.notna(m.meeting_title) else "",
                     "Phases": _phases_words(mine) + (
                         f" (also the {' and '.join(map(str, also))} plan)" if also else ""),
                     "Also served": " and ".join(others),
                     "Attendance": _attendance_text(tables, m.meeting_id, m.published_record),
                     "Record": _record_words(m.record_url, m.record_published_date),
                     "meeting_id": m.meeting_id, "meeting_date": m.meeting_date,
                     "published_record": bool(m.published_record), "phase_codes": mine,
                     "source_urls": _urls(meetings[meetings["meeting_id"] == m.meeting_id])})
    cols = ["Date", "Meeting", "Title", "Phases", "Also served", "Attendance", "Record",
            "meeting_id", "meeting_date", "published_record", "phase_codes", "source_urls"]
    return pd.DataFrame(rows, columns=cols)


def source_labels(tables: dict[str, pd.DataFrame], member: str) -> dict[str, str]:
    """Reader labels of the member's process sources: 'record of the meeting of 30 November 2017', a report's title.

    A URL that is the source of several meetings (a story of the co-creation) gets no label
    here: the report shows its address.
    """
    out: dict[str, str] = {}
    m = _table(tables, "meetings")
    m = m[m["member"] == member]
    for url, date, title in zip(m["record_url"], m["meeting_date"], m["meeting_title"], strict=True):
        if pd.notna(url):
            out[str(url)] = "record of the meeting of " + (
                R.date_words(str(date)) if pd.notna(date) else str(title))
    sources = m.loc[m["record_url"].isna() & m["source_url"].notna(), "source_url"].astype(str)
    for url, n in sources.value_counts().items():
        if n == 1 and url not in out:
            date = m.loc[m["source_url"] == url, "meeting_date"].iloc[0]
            out[url] = "source of the meeting of " + (R.date_words(str(date)) if pd.notna(date)
                                                      else "an undated meeting")
    pp = _table(tables, "plan_process")
    pp = pp[(pp["member"] == member) & pp["source_url"].notna() & pp["report_title"].notna()]
    for url, title in zip(pp["source_url"].astype(str), pp["report_title"].astype(str), strict=True):
        out.setdefault(url, title)
    return out


def shared_meetings(tables: dict[str, pd.DataFrame], member: str, cycle: int,
                    timeline: pd.DataFrame | None = None) -> str:
    """A sentence naming the plan's meetings that also served another plan, and how they count ("" if none).

    A meeting belongs to each plan and phase its record names (the rule in `metadata/rules.py`):
    a record naming two plans is genuinely shared, counted for each plan and never added across
    plans (the counts of `meetings_per_phase`). `timeline`: the plan's `meeting_timeline`
    when the caller has it.
    """
    timeline = meeting_timeline(tables, member, cycle) if timeline is None else timeline
    shared = timeline[timeline["Also served"].astype(bool)]
    if shared.empty:
        return ""
    said = [f"{R.date_words(d) if pd.notna(d) else t} (this plan's {_phases_words(mine)}; {also})"
            for d, t, mine, also in zip(shared["meeting_date"], shared["Title"],
                                        shared["phase_codes"], shared["Also served"], strict=True)]
    one = len(shared) == 1
    n = len(timeline)
    held = ("The one meeting of this plan in the data" if n == 1 else
            f"{'Both' if n == 2 else f'All {n}'} meetings of this plan in the data" if len(shared) == n
            else f"Of the {n} meetings of this plan in the data, {len(shared)}")
    return (f"{held} also served another plan: {'; '.join(said)}. "
            f"{'Its record names' if one else 'Their records name'} both plans, so "
            f"{'it is' if one else 'they are'} counted for each plan, never added across plans.")


def process_section(tables: dict[str, pd.DataFrame], member: str, cycle: int) -> dict[str, pd.DataFrame]:
    """What the self-assessment report's process section needs, for one plan.

    Returns:
        `co_creation` and `implementation` (meeting timelines: co-creation; then implementation,
        monitoring and self-assessment), `attendance` (the attendance figure: by sector per
        meeting, civil society share with both counts), `records` (published-record counts and
        share), `judgements` (the IRM's findings, reader labels, each source URL), `standards`
        (requirement, what the data shows, status, each source URL), `standards_apply`
        ((applies, why): `plan_standards`) and `shared` (the sentence naming the plan's meetings
        that also served another plan, or "").
    """
    j = process_judgements(tables, member, cycle)
    judgements = pd.DataFrame({
        "Finding": j["field"].map(lambda f: PROCESS_INDICATOR_LABELS.get(f, f)),
        # The report's own words ("July 2016 – June 2017"), else the value on its scale.
        "Value": j["value_printed"].astype(object).where(j["value_printed"].notna(), j["label"]),
        "Report": j["report_title"], "Source": j["source_urls"]})
    s = standards(tables, member, cycle)
    labels = source_labels(tables, member)
    timeline = meeting_timeline(tables, member, cycle)

    def of(phases) -> pd.DataFrame:
        keep = timeline["phase_codes"].map(lambda mine: bool(set(mine) & set(phases)))
        return timeline[keep.astype(bool)].reset_index(drop=True)

    return {
        "standards_apply": plan_standards(tables, member, cycle),
        "shared": shared_meetings(tables, member, cycle, timeline),
        "co_creation": of(["co_creation"]),
        "implementation": of(["implementation", "monitoring", "self_assessment"]),
        "attendance": attendance(tables, member, cycle),
        "records": published_records(tables, member, cycle),
        "judgements": judgements,
        "standards": pd.DataFrame({"Requirement": s["requirement"], "What the data shows": s["shows"],
                                   "Status": s["label"],
                                   "Source": s["source_urls"].map(
                                       lambda urls: [(labels[u], u) if u in labels else u
                                                     for u in urls]),
                                   "meeting_ids": s["meeting_ids"]}),
    }


def cross_cycle_process(tables: dict[str, pd.DataFrame], member: str) -> pd.DataFrame:
    """The cross-cycle report's process row per plan, in reader language (NA: not in the data)."""
    r = process_row(tables, member)
    label = PROCESS_INDICATOR_LABELS
    out = pd.DataFrame({
        "Plan": r["cycle"],
        label["multistakeholder_forum"]: r["multistakeholder_forum"],
        label["level_of_public_influence"]: r["level_of_public_influence"],
        label["acted_contrary_to_process"]: r["acted_contrary_to_process"],
        label["acted_according_to_process"]: r["acted_according_to_process"],
        "Meetings in the data": r["meetings_in_data"],
        "Of which also served another plan": r["meetings_shared"],
        "Sources": r["source_urls"].map("; ".join),
    })
    return out.fillna({c: "not in the data" for c in out.columns[1:5]})
