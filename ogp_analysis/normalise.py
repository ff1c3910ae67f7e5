"""Records of every source -> the validated tables of the data model (pure: no I/O).

`build_tables(records)` merges what each source says (pages, listings, the IRM data release,
the bundled facts, reports) into every table of `metadata/tables.py`:

- Long tables (`assessments`, policy areas, OGP values, institutions, milestones, plan names)
  keep one row per source: nothing is merged away. A row repeated with the same key is kept
  once (a `duplicate_row` note).
- `commitments`: one row per commitment. Each attribute is the first non-null value by
  `records.SOURCE_PRECEDENCE` (data release > page status summary > page > listing > reports >
  government), newer captures before older, undated last. Where sources state different values
  (title, cycle, lead institution, status, dates), a `disagreement` row names both.
- The IRM convenience columns come from `assessments` (assessor `irm` only; government values
  stay in `assessments`), first non-missing value by the same precedence:
  completion_midterm / completion_end_of_term: completion at that stage;
  completion_latest: end of term, else mid-term, else the results report, else a page's
  `latest` row (completion_latest_stage says which; an off-scale answer such as Withdrawn
  leaves the column null and is in `assessments`);
  diog_overall: did-it-open-government overall, else a legacy page's 'Early Results' row
  (read on the diog scale);
  is_starred: the release's end-of-term star (current formula), else a page's Starred row or
  the status summary's '✪', else the listing's 'Starred commitment' prefix;
  is_relevant: any OGP value marked relevant by the highest-precedence source that says;
  specificity, is_verifiable, potential_impact, ambition, potential_for_results,
  is_carried_forward: that indicator at any stage.
- Disagreements between sources (same indicator and stage with different values; a page's
  latest completion / star / early results against the release's or summary's; government vs
  IRM completion; the listing's policy area absent from the page's) are `disagreement` rows.
- `action_plans` are keyed on (member, cycle); end_year from the release, else a plan name
  spanning 'YYYY-YY' from the cycle. `sources` lists every source document, with
  `superseded_by` for older captures the build did not read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from ogp_analysis.labels import fold
from ogp_analysis.metadata.scales import SCALES, era_of
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.records import PARTS, SOURCE_PRECEDENCE, Records
from ogp_analysis.schema import validate

# Problems that `build --strict` refuses: something printed that nothing knows how to read.
STRICT_PROBLEMS = ("unknown_label", "unknown_value", "unknown_column")
_COMMITMENT_ATTRS = ("title", "status", "lead_institution", "description", "start_date",
                     "start_date_precision", "end_date", "end_date_precision", "irm_reports",
                     "irm_cluster", "theme")
_MEMBER_ATTRS = ("member_name", "member_code", "region", "national_or_local")
# Attributes whose disagreement between sources is reported (folded text compared).
_COMPARED = ("cycle", "title", "lead_institution", "status", "start_date", "end_date")
_PLAN_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)?\d{2})\b")
_LONG_TABLES = ("commitment_policy_areas", "commitment_ogp_values", "commitment_institutions",
                "commitment_milestones", "action_plan_names",
                "progress_updates")


@dataclass
class BuildSummary:
    """What a build produced: rows per table and problems by kind and severity."""

    rows: dict[str, int] = field(default_factory=dict)
    problems: dict[tuple[str, str], int] = field(default_factory=dict)  # (problem, severity) -> n
    sources: int = 0

    @property
    def strict_failures(self) -> int:
        """Number of unknown labels, values and columns (what `--strict` refuses)."""
        return sum(n for (p, _), n in self.problems.items() if p in STRICT_PROBLEMS)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "sources": self.sources,
            "problems": [{"problem": p, "severity": s, "count": n}
                         for (p, s), n in sorted(self.problems.items())],
        }


def _frame(rows: list[dict], columns: Iterable[str]) -> pd.DataFrame:
    cols = list(dict.fromkeys(columns))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    df = pd.DataFrame.from_records(rows)
    for c in cols:
        if c not in df.columns:
            df[c] = None
    return df


def _rank(df: pd.DataFrame) -> pd.DataFrame:
    """Sort rows by source precedence, newer captures first, undated last (stable)."""
    if df.empty:
        return df.assign(_prec=pd.Series(dtype=int))
    prec = df["source_type"].map(SOURCE_PRECEDENCE).fillna(len(SOURCE_PRECEDENCE)).astype(int)
    ts = pd.to_datetime(df["retrieved_at"], utc=True, errors="coerce", format="ISO8601")
    out = df.assign(_prec=prec, _ts=ts)
    out = out.sort_values(["_prec", "_ts"], ascending=[True, False], na_position="last",
                          kind="stable")
    return out.drop(columns="_ts")


def _dq(problem: str, detail: str, *, severity: str = "warning", commitment_id=None,
        table_name=None, field_=None, value_printed=None, source_type=None, origin=None,
        source_url=None, source_note=None) -> dict:
    return dict(severity=severity, problem=problem, commitment_id=commitment_id,
                table_name=table_name, field=field_, value_printed=value_printed, detail=detail,
                source_type=source_type, origin=origin, source_url=source_url,
                source_note=source_note)


def _where(row) -> str:
    note = f", {row['source_note']}" if row.get("source_note") else ""
    return f"{row['source_type']} {row['source_url']}{note}"


def build_tables(records: Iterable[Records]) -> tuple[dict[str, pd.DataFrame], BuildSummary]:
    """Merge records of every source into every table of the model, validated.

    Args:
        records: Records from any reader (page parser, listing parser, data release, bundled).
            A Records whose `source` carries `superseded_by` (an older capture) contributes
            only its `sources` row.

    Returns:
        (table name -> validated frame, BuildSummary).

    Raises:
        SchemaError: a table fails validation (naming table, column and value).
    """
    parts: dict[str, list[dict]] = {p: [] for p in PARTS}
    sources: dict[str, dict] = {}
    for rec in records:
        src = rec.source
        sid = src["source_id"]
        row = {k: src.get(k) for k in TABLES["sources"].fields}
        if sid not in sources or (row["superseded_by"] and not sources[sid]["superseded_by"]):
            sources[sid] = row
        if src.get("superseded_by"):
            continue
        for p, rows in rec.parts.items():
            parts[p].extend(rows)

    dq: list[dict] = list(parts["data_quality"])
    tables: dict[str, pd.DataFrame] = {}

    commitments, cand = _commitments(parts, dq)
    cycles = commitments.set_index("commitment_id")["cycle"]
    members_of = commitments.set_index("commitment_id")["member"]

    assessments = _assessments(parts["assessments"], cycles, members_of, dq)
    long = {name: _long_table(name, parts[name], dq) for name in _LONG_TABLES}

    _convenience(commitments, assessments, long["commitment_ogp_values"], parts["listing"], dq)
    _policy_area_disagreements(long["commitment_policy_areas"], dq)

    tables["commitments"] = commitments[list(TABLES["commitments"].fields)]
    tables["assessments"] = assessments[list(TABLES["assessments"].fields)]
    for name, df in long.items():
        tables[name] = df[list(TABLES[name].fields)]
    tables["members"] = _members(cand, commitments)
    tables["action_plans"] = _action_plans(cand, commitments, tables["action_plan_names"])
    tables["sources"] = _frame(list(sources.values()), TABLES["sources"].fields)[
        list(TABLES["sources"].fields)]
    tables["data_quality"] = _frame(dq, TABLES["data_quality"].fields)[
        list(TABLES["data_quality"].fields)]

    validated = {name: validate(tables[name], name) for name in TABLES}
    summary = BuildSummary(
        rows={name: int(len(df)) for name, df in validated.items()},
        problems=dict(Counter(zip(validated["data_quality"]["problem"].astype(str),
                                  validated["data_quality"]["severity"].astype(str),
                                  strict=True))),
        sources=len(sources),
    )
    return validated, summary


# --- commitments -------------------------------------------------------------------------------


def _commitments(parts: dict[str, list[dict]], dq: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    prov = ("source_type", "origin", "source_url", "retrieved_at", "source_note")
    listing = [
        {"commitment_id": r["commitment_id"], "member": r.get("member"), "cycle": r.get("cycle"),
         "title": r.get("title"), "member_name": r.get("member_name"), **{k: r.get(k) for k in prov}, "source_type": "ogp_listing"}
        for r in parts["listing"]
    ]
    cols = ("commitment_id", "member", "cycle", "end_year", *_COMMITMENT_ATTRS, *_MEMBER_ATTRS, *prov)
    cand = _rank(_frame(parts["commitments"] + listing, cols))
    if cand.empty:
        return _frame([], TABLES["commitments"].fields), cand
    cand["cycle"] = pd.to_numeric(cand["cycle"], errors="coerce").astype("Int64")
    by = cand.groupby("commitment_id", sort=True)
    out = by[["member", "cycle", *_COMMITMENT_ATTRS]].first()
    top = by[["source_url", "retrieved_at"]].nth(0).set_index(by.nth(0)["commitment_id"])
    out = out.join(top).reset_index()

    for attr in _COMPARED:
        sub = cand.dropna(subset=[attr])
        if sub.empty:
            continue
        sub = sub.assign(_key=sub[attr].astype(str).map(fold))
        n = sub.groupby("commitment_id")["_key"].nunique()
        for cid in n[n > 1].index:
            rows = sub[sub["commitment_id"] == cid].drop_duplicates("_key")
            first = rows.iloc[0]
            for _, other in rows.iloc[1:].iterrows():
                dq.append(_dq(
                    "disagreement",
                    f"{attr}: {first[attr]!r} ({_where(first)}) vs {other[attr]!r} "
                    f"({_where(other)}); the first is kept by source precedence",
                    commitment_id=cid, table_name="commitments", field_=attr,
                    value_printed=str(other[attr]), source_type=other["source_type"],
                    origin=other["origin"], source_url=other["source_url"],
                    source_note=other["source_note"]))

    missing = out["cycle"].isna() | out["member"].isna()
    for _, r in out[missing].iterrows():
        dq.append(_dq("missing_cycle", "no source states the commitment's cycle (or member): it "
                      "cannot be keyed to an action plan and is left out of commitments; its "
                      "rows in the long tables stay", severity="error",
                      commitment_id=r["commitment_id"], table_name="commitments", field_="cycle",
                      source_url=r["source_url"]))
    out = out[~missing].copy()
    out["action_plan_id"] = out["member"] + "-" + out["cycle"].astype(int).astype(str)
    out["era"] = out["cycle"].map(era_of)
    return out.reset_index(drop=True), cand


# --- assessments and long tables ---------------------------------------------------------------


def _assessments(rows: list[dict], cycles: pd.Series, members: pd.Series,
                 dq: list[dict]) -> pd.DataFrame:
    df = _frame(rows, TABLES["assessments"].fields)
    if df.empty:
        return df
    df["cycle"] = df["cycle"].where(df["cycle"].notna(), df["commitment_id"].map(cycles))
    df["member"] = df["member"].where(df["member"].notna(), df["commitment_id"].map(members))
    df["era"] = df["era"].where(df["era"].notna(), df["cycle"].map(era_of))
    lost = df["cycle"].isna() | df["member"].isna()
    for _, r in df[lost].iterrows():
        dq.append(_dq("missing_cycle", f"{r['indicator']} ({r['stage']}) value "
                      f"{r['value_printed']!r} has no cycle from any source: kept here only",
                      severity="error", commitment_id=r["commitment_id"], table_name="assessments",
                      field_=r["indicator"], value_printed=r["value_printed"],
                      source_type=r["source_type"], origin=r["origin"],
                      source_url=r["source_url"], source_note=r["source_note"]))
    df = df[~lost]
    return _dedupe(df, "assessments", dq)


def _dedupe(df: pd.DataFrame, name: str, dq: list[dict]) -> pd.DataFrame:
    key = list(TABLES[name].primary_key)
    if df.empty or not key:
        return df.reset_index(drop=True)
    dup = df.duplicated(key, keep="first")
    for _, r in df[dup].iterrows():
        dq.append(_dq("duplicate_row", f"{name}: a second row with the same key "
                      f"{ {k: r[k] for k in key} } from {_where(r)}; the first is kept",
                      severity="info", commitment_id=r.get("commitment_id"), table_name=name,
                      source_type=r["source_type"], origin=r["origin"],
                      source_url=r["source_url"], source_note=r["source_note"]))
    return df[~dup].reset_index(drop=True)


def _long_table(name: str, rows: list[dict], dq: list[dict]) -> pd.DataFrame:
    df = _frame(rows, TABLES[name].fields)
    if name == "action_plan_names" and not df.empty:
        # Every commitment row of a plan repeats its name: one row per (plan, name, source).
        return df.drop_duplicates(list(TABLES[name].primary_key)).reset_index(drop=True)
    return _dedupe(df, name, dq)


# --- convenience columns -------------------------------------------------------------------------


def _first(df: pd.DataFrame) -> pd.DataFrame:
    """The first row per commitment of a precedence-ranked frame, indexed by commitment_id."""
    return df.drop_duplicates("commitment_id", keep="first").set_index("commitment_id")


def _on_scale(values: pd.Series, scale: str) -> pd.Series:
    return values.where(values.isin(SCALES[scale].values))


def _convenience(com: pd.DataFrame, assessments: pd.DataFrame, ogp_values: pd.DataFrame,
                 listing: list[dict], dq: list[dict]) -> None:
    ids = com["commitment_id"]
    irm = _rank(assessments[(assessments["assessor"] == "irm") & assessments["value"].notna()])

    def pick(indicator: str, stages: tuple[str, ...] | None = None, mask=None) -> pd.DataFrame:
        sel = irm[(irm["indicator"] == indicator) & irm["ogp_value"].isna()]
        if stages:
            sel = sel[sel["stage"].isin(stages)]
        if mask is not None:
            sel = sel[mask(sel)]
        return _first(sel)

    def put(column: str, found: pd.DataFrame, scale: str | None = None) -> None:
        values = ids.map(found["value"]) if not found.empty else pd.Series(None, index=ids.index)
        com[column] = _on_scale(values, scale) if scale else values

    mid = pick("completion", ("midterm",))
    eot = pick("completion", ("end_of_term",))
    put("completion_midterm", mid, "completion")
    put("completion_end_of_term", eot, "completion")
    latest_value = pd.Series(None, index=ids.index, dtype=object)
    latest_stage = pd.Series(None, index=ids.index, dtype=object)
    for stage in ("end_of_term", "midterm", "results", "latest"):
        found = pick("completion", (stage,))
        if found.empty:
            continue
        v = ids.map(found["value"])
        take = latest_stage.isna() & v.notna()
        latest_value[take] = v[take]
        latest_stage[take] = stage
    com["completion_latest"] = _on_scale(latest_value, "completion")
    com["completion_latest_stage"] = latest_stage

    for column, indicator, scale in (("specificity", "specificity", "specificity"),
                                     ("potential_impact", "potential_impact", "potential_impact"),
                                     ("ambition", "ambition", "ambition"),
                                     ("potential_for_results", "potential_for_results",
                                      "potential_for_results")):
        put(column, pick(indicator), scale)
    for column, indicator in (("is_verifiable", "verifiable"),
                              ("is_carried_forward", "carried_forward")):
        found = pick(indicator)
        com[column] = ids.map(found["value"]).map({"Yes": True, "No": False}) \
            if not found.empty else None

    diog = pick("diog")
    page_er = pick("early_results", mask=lambda s: (s["scale"] == "diog") & (s["era"] == "legacy")
                   & s["source_type"].isin(["ogp_page", "ogp_page_status_summary"]))
    v = ids.map(diog["value"]) if not diog.empty else pd.Series(None, index=ids.index)
    if not page_er.empty:
        v = v.where(v.notna(), ids.map(page_er["value"]))
    com["diog_overall"] = _on_scale(v, "diog")

    release_star = pick("starred_current_end_of_term")
    page_star = pick("starred")
    star = ids.map(release_star["value"]) if not release_star.empty else \
        pd.Series(None, index=ids.index, dtype=object)
    if not page_star.empty:
        star = star.where(star.notna(), ids.map(page_star["value"]))
    star = star.map({"Yes": True, "No": False})
    lst = pd.DataFrame(listing)
    if not lst.empty:
        lst_star = lst.drop_duplicates("commitment_id").set_index("commitment_id")["is_starred_listing"]
        star = star.where(star.notna(), ids.map(lst_star))
    com["is_starred"] = star

    rel = ogp_values[ogp_values["is_relevant_to_value"].notna()]
    if not rel.empty:
        rel = _rank(rel)
        best = rel.drop_duplicates("commitment_id")[["commitment_id", "source_url", "source_type"]]
        chosen = rel.merge(best, on=["commitment_id", "source_url", "source_type"])
        any_rel = chosen.assign(_r=chosen["is_relevant_to_value"].astype(bool)).groupby(
            "commitment_id")["_r"].any()
        com["is_relevant"] = ids.map(any_rel)
    else:
        com["is_relevant"] = None

    _assessment_disagreements(irm, assessments, com, page_star, release_star, lst, dq)


def _describe(r) -> str:
    return f"{r['value_printed']!r} ({r['stage']}, {_where(r)})"


def _assessment_disagreements(irm: pd.DataFrame, assessments: pd.DataFrame, com: pd.DataFrame,
                              page_star: pd.DataFrame, release_star: pd.DataFrame,
                              listing: pd.DataFrame, dq: list[dict]) -> None:
    def report(cid, field_, a, b, extra=""):
        dq.append(_dq("disagreement", f"{field_}: {_describe(a)} vs {_describe(b)}{extra}; both "
                      "kept in assessments", commitment_id=cid, table_name="assessments",
                      field_=field_, value_printed=b["value_printed"],
                      source_type=b["source_type"], origin=b["origin"],
                      source_url=b["source_url"], source_note=b["source_note"]))

    # Same indicator, stage and OGP value, different values from different sources.
    if not irm.empty:
        keyed = irm.assign(_ov=irm["ogp_value"].fillna(""))
        n = keyed.groupby(["commitment_id", "indicator", "stage", "_ov"])["value"].nunique()
        for (cid, ind, _stage, _ov), _ in n[n > 1].items():
            rows = keyed[(keyed["commitment_id"] == cid) & (keyed["indicator"] == ind)
                         & (keyed["stage"] == _stage) & (keyed["_ov"] == _ov)]
            rows = rows.drop_duplicates("value")
            for _, other in rows.iloc[1:].iterrows():
                report(cid, ind + (f" ({_ov})" if _ov else ""), rows.iloc[0], other)

    # A page's latest completion vs the stage-specific completion of the release/summary.
    comp = irm[irm["indicator"] == "completion"]
    staged = _first(comp[comp["stage"].isin(["end_of_term", "midterm", "results"])])
    for _, r in comp[comp["stage"] == "latest"].iterrows():
        cid = r["commitment_id"]
        if cid in staged.index and staged.loc[cid, "value"] != r["value"]:
            other = staged.loc[cid].copy()
            other["commitment_id"] = cid
            report(cid, "completion (page latest vs staged)", other, r)

    # A page's Starred row or the listing's star vs the release's end-of-term star.
    for _, r in page_star.reset_index().iterrows():
        cid = r["commitment_id"]
        if cid in release_star.index and release_star.loc[cid, "value"] != r["value"]:
            report(cid, "starred (page vs release)", release_star.loc[cid].rename(None), r)
    if not listing.empty:
        lst = listing.drop_duplicates("commitment_id").set_index("commitment_id")
        for source, label in ((release_star, "release"), (page_star, "page")):
            for cid, r in source.iterrows():
                if cid in lst.index and (r["value"] == "Yes") != bool(lst.loc[cid, "is_starred_listing"]):
                    listed = lst.loc[cid]
                    dq.append(_dq(
                        "disagreement", f"starred: listing {'marks' if listed['is_starred_listing'] else 'does not mark'} "
                        f"it 'Starred commitment' ({listed['source_url']}) while the {label} says "
                        f"{_describe(r)}", commitment_id=cid, table_name="assessments",
                        field_="starred", value_printed=r["value_printed"],
                        source_type=r["source_type"], origin=r["origin"],
                        source_url=r["source_url"], source_note=r["source_note"]))

    # A legacy page's Early Results row (did it open government, overall) vs the release's.
    diog = _first(irm[(irm["indicator"] == "diog") & irm["ogp_value"].isna()])
    er = irm[(irm["indicator"] == "early_results") & (irm["scale"] == "diog")]
    for _, r in er.iterrows():
        cid = r["commitment_id"]
        if cid in diog.index and diog.loc[cid, "value"] != r["value"]:
            report(cid, "did it open government (overall) vs page Early Results",
                   diog.loc[cid].rename(None), r)

    # Government self-assessed completion vs the IRM's latest completion.
    gov = assessments[(assessments["assessor"] == "government")
                      & (assessments["indicator"] == "completion") & assessments["value"].notna()]
    irm_latest = com.set_index("commitment_id")[["completion_latest", "completion_latest_stage"]]
    for _, r in gov.iterrows():
        cid = r["commitment_id"]
        if cid in irm_latest.index and pd.notna(irm_latest.loc[cid, "completion_latest"]) \
                and irm_latest.loc[cid, "completion_latest"] != r["value"]:
            dq.append(_dq(
                "disagreement", f"completion: the government self-assessed {r['value_printed']!r} "
                f"({r['source_url']}) while the IRM's latest ({irm_latest.loc[cid, 'completion_latest_stage']}) "
                f"is {irm_latest.loc[cid, 'completion_latest']!r}; both kept, each with its assessor",
                commitment_id=cid, table_name="assessments", field_="completion",
                value_printed=r["value_printed"], source_type=r["source_type"],
                origin=r["origin"], source_url=r["source_url"], source_note=r["source_note"]))


def _policy_area_disagreements(areas: pd.DataFrame, dq: list[dict]) -> None:
    if areas.empty:
        return
    page = areas[areas["vocabulary"] == "ogp_page"]
    page_sets = page.groupby("commitment_id")["policy_area"].agg(lambda s: {fold(x) for x in s})
    for _, r in areas[areas["vocabulary"] == "ogp_listing"].iterrows():
        cid = r["commitment_id"]
        if cid in page_sets.index and fold(r["policy_area"]) not in page_sets[cid]:
            dq.append(_dq("disagreement", f"policy area: the listing shows {r['policy_area']!r} "
                          f"({r['source_url']}) which the page's areas {sorted(page_sets[cid])} "
                          "lack; both kept", commitment_id=cid,
                          table_name="commitment_policy_areas", field_="policy_area",
                          value_printed=r["policy_area"], source_type=r["source_type"],
                          origin=r["origin"], source_url=r["source_url"],
                          source_note=r["source_note"]))


# --- members and action plans ----------------------------------------------------------------------


def _members(cand: pd.DataFrame, com: pd.DataFrame) -> pd.DataFrame:
    fields = list(TABLES["members"].fields)
    slugs = pd.Index(sorted(set(com["member"].dropna())), name="member")
    if cand.empty:
        return pd.DataFrame({"member": slugs}).reindex(columns=fields)
    attrs = cand.dropna(subset=["member"]).groupby("member")[list(_MEMBER_ATTRS)].first()
    return attrs.reindex(slugs).reset_index()[fields]


def _action_plans(cand: pd.DataFrame, com: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    fields = list(TABLES["action_plans"].fields)
    plans = com.groupby(["member", "cycle"]).size().rename("commitment_count").reset_index()
    plans["action_plan_id"] = plans["member"] + "-" + plans["cycle"].astype(int).astype(str)
    known = set(plans["action_plan_id"])
    extra = []
    for pid in sorted(set(names["action_plan_id"]) - known):
        member, cycle = pid.rsplit("-", 1)
        extra.append({"action_plan_id": pid, "member": member, "cycle": int(cycle),
                      "commitment_count": 0})
    if extra:
        plans = pd.concat([plans, pd.DataFrame(extra)], ignore_index=True)
    end = pd.Series(dtype="Int64")
    if not cand.empty:
        stated = cand.dropna(subset=["end_year", "member", "cycle"])
        if not stated.empty:
            stated = stated.assign(action_plan_id=stated["member"] + "-"
                                   + stated["cycle"].astype(int).astype(str))
            end = stated.groupby("action_plan_id")["end_year"].first()
    plans["end_year"] = plans["action_plan_id"].map(end)
    for _, r in names.iterrows():
        m = _PLAN_SPAN.search(str(r["name"]))
        if not m:
            continue
        pid = r["action_plan_id"]
        start, stop = int(m[1]), m[2]
        here = plans["action_plan_id"] == pid
        if not here.any() or int(plans.loc[here, "cycle"].iloc[0]) != start:
            continue
        year = int(stop) if len(stop) == 4 else (start // 100) * 100 + int(stop)
        plans.loc[here & plans["end_year"].isna(), "end_year"] = year
    plans["era"] = plans["cycle"].map(era_of)
    plans["start_date"] = None
    plans["end_date"] = None
    return plans.sort_values("action_plan_id").reset_index(drop=True)[fields]
