"""Records of every source -> the validated tables of the data model (pure: no I/O).

`build_tables(records)` merges what each source says (pages, listings, the IRM data release,
the bundled facts, reports) into every table of `metadata/tables.py`:

- Long tables (`assessments`, policy areas, OGP values, institutions, milestones, plan names)
  keep one row per source: nothing is merged away. A row repeated with the same key is kept
  once: a `duplicate_row` note (info) when it repeats the values, a warning naming what
  differs when it says something else (the first is kept).
- A meeting or progress update naming a commitment the build does not hold, or another
  member's, and a meeting of a member no source knows are kept as stated and reported
  (`unknown_commitment`, `other_member_commitment`, `unknown_member`; `--strict` refuses them).
- `commitments`: one row per commitment. Each attribute is the first non-null value by
  `rules.SOURCE_PRECEDENCE`, newer captures before older, undated last. Where sources state different values
  (title, cycle, lead institution, status, dates), a `disagreement` row names both.
- The IRM convenience columns (`irm_*`) are read from `answers.answer_table` by `answers.convenience_columns`,
  the same pickers the figures use, by the rules of `metadata/rules.py` (stage preference,
  source precedence, the star rule); NA where no source states a value.
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

import numpy as np
import pandas as pd

from ogp_analysis.answers import answer_table, convenience_columns
from ogp_analysis.ingest.process_records import plan_attributes
from ogp_analysis.keys import action_plan_id
from ogp_analysis.labels import fold
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.rules import era_of
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.records import DERIVED_TABLES, PROVENANCE_FIELDS, Records, quality_row
from ogp_analysis.schema import coerce
from ogp_analysis.schema import validate as _validate

# Tables the normaliser builds by its own rules; every other registered table is built
# generically from the rows readers give (`_generic_table`).
_SPECIAL = ("commitments", "assessments", "data_quality", *DERIVED_TABLES)
_COMMITMENT_ATTRS = ("title", "status", "lead_institution", "description", "start_date",
                     "start_date_precision", "end_date", "end_date_precision", "irm_reports",
                     "irm_cluster", "theme", "commitment_number")
_MEMBER_ATTRS = ("member_name", "member_code", "region", "national_or_local")
# Attributes whose disagreement between sources is reported (folded text compared).
_COMPARED = ("cycle", "title", "lead_institution", "status", "start_date", "end_date")
_PLAN_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)?\d{2})\b")


@dataclass
class BuildSummary:
    """What a build produced: rows per table and problems by kind and severity."""

    rows: dict[str, int] = field(default_factory=dict)
    problems: dict[tuple[str, str], int] = field(default_factory=dict)  # (problem, severity) -> n
    sources: int = 0

    @property
    def strict_failures(self) -> int:
        """Number of unknown labels, values and columns (what `--strict` refuses)."""
        return sum(n for (p, _), n in self.problems.items() if p in R.STRICT_PROBLEMS)

    def as_dict(self) -> dict:
        """The summary as plain data (for manifest.json)."""
        return {
            "rows": self.rows,
            "sources": self.sources,
            "problems": [{"problem": p, "severity": s, "count": n}
                         for (p, s), n in sorted(self.problems.items())],
        }


def _frame(rows: list[dict], columns: Iterable[str], frames: Iterable[pd.DataFrame] = ()) -> pd.DataFrame:
    """Rows (dicts) and whole frames of one part as one frame with at least `columns`."""
    cols = list(dict.fromkeys(columns))
    pieces = [pd.DataFrame.from_records(rows)] if rows else []
    pieces += [f if isinstance(f, pd.DataFrame) else pd.DataFrame.from_records(f)
               for f in frames if len(f)]
    if not pieces:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    df = pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)
    for c in cols:
        if c not in df.columns:
            df[c] = None
    return df


def map_distinct(values: pd.Series, fn) -> pd.Series:
    """`values.map(fn)`, calling `fn` once per distinct value (missing included) instead of per row."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return pd.Series(np.array([fn(v) for v in distinct] or [None], dtype=object)[codes]
                     if len(values) else [], index=values.index, dtype=object)


def _rank(df: pd.DataFrame) -> pd.DataFrame:
    """Sort rows by source precedence, newer captures first, undated last (stable)."""
    if df.empty:
        return df.assign(_prec=pd.Series(dtype=int))
    prec = map_distinct(df["source_type"], R.source_rank).astype(int)
    ts = pd.to_datetime(df["retrieved_at"], utc=True, errors="coerce", format="ISO8601")
    out = df.assign(_prec=prec, _ts=ts)
    out = out.sort_values(["_prec", "_ts"], ascending=[True, False], na_position="last",
                          kind="stable")
    return out.drop(columns="_ts")


def _dq(problem: str, detail: str, *, severity: str = "warning", field_=None, **row) -> dict:
    return quality_row(problem, detail, severity=severity, field=field_, **row)


def _where(row) -> str:
    note = f", {row['source_note']}" if row.get("source_note") else ""
    return f"{row.get('source_type')} {row.get('source_url')}{note}"


def _gather(records: Iterable[Records]) -> tuple[dict[str, list], dict[str, list], dict[str, dict]]:
    """Rows and frames per part, and one `sources` row per source document."""
    rows: dict[str, list[dict]] = {}
    frames: dict[str, list] = {}
    sources: dict[str, dict] = {}
    for rec in records:
        src = rec.source
        sid = src["source_id"]
        row = {k: src.get(k) for k in TABLES["sources"].fields}
        if sid not in sources or (row["superseded_by"] and not sources[sid]["superseded_by"]):
            sources[sid] = row
        if src.get("superseded_by"):
            continue
        for part, part_rows in rec.parts.items():
            rows.setdefault(part, []).extend(part_rows)
        for part, part_frames in rec.frames.items():
            frames.setdefault(part, []).extend(part_frames)
    return rows, frames, sources


def build_tables(records: Iterable[Records], *,
                 check: bool = True) -> tuple[dict[str, pd.DataFrame], BuildSummary]:
    """Merge records of every source into every table of the model, validated.

    Tables with rules of their own (`commitments`, `assessments`, `members`, `action_plans`,
    `sources`, `data_quality`) are built here; every other registered table is built
    generically from the rows its readers give.

    Args:
        records: Records from any reader (page parser, listing parser, data release, bundled).
            A Records whose `source` carries `superseded_by` (an older capture) contributes
            only its `sources` row.
        check: validate each table against its pandera schema (False: only cast to the
            schema's dtypes, `schema.coerce`; `storage.write_tables` then validates them while
            it writes, so a build validates once).

    Returns:
        (table name -> validated frame, BuildSummary).

    Raises:
        SchemaError: a table fails validation (naming table, column and value).
    """
    rows, frames, sources = _gather(records)
    validate = _validate if check else coerce

    def part(name: str, columns) -> pd.DataFrame:
        return _frame(rows.get(name, []), columns, frames.get(name, ()))

    dq: list[dict] = []
    dq_given = part("data_quality", TABLES["data_quality"].fields)
    listing = part("listing", (*LISTING_COLUMNS, *PROVENANCE_FIELDS))
    commitments, cand = _commitments(part("commitments", _CANDIDATE_COLUMNS), listing, dq)
    cycles = commitments.set_index("commitment_id")["cycle"]
    members_of = commitments.set_index("commitment_id")["member"]

    validated: dict[str, pd.DataFrame] = {}
    assessments = _assessments(part("assessments", TABLES["assessments"].fields), cycles,
                               members_of, dq)
    validated["assessments"] = validate(assessments[list(TABLES["assessments"].fields)], "assessments")
    for name, t in TABLES.items():
        if name not in _SPECIAL:
            validated[name] = validate(_generic_table(name, part(name, t.fields), dq), name)

    answers = answer_table(validated["assessments"], commitments, validated["commitment_ogp_values"])
    conv = convenience_columns(answers, commitments["commitment_id"])
    base = commitments.drop(columns=[c for c in conv.columns if c in commitments.columns])
    commitments = pd.concat([base.reset_index(drop=True), conv], axis=1)
    _assessment_disagreements(assessments, commitments, listing, dq)
    _policy_area_disagreements(validated["commitment_policy_areas"], dq)

    members = _members(cand, commitments)
    commitments["region"] = commitments["member"].map(members.set_index("member")["region"])
    validated["commitments"] = validate(commitments[list(TABLES["commitments"].fields)], "commitments")
    validated["members"] = validate(members, "members")
    plans = _action_plans(cand, commitments, validated["action_plan_names"])
    # The plan's published date and coordinator are plan process facts.
    stated = plan_attributes(validated["plan_process"]).set_index("action_plan_id")
    for col in ("published", "coordinator"):
        plans[col] = plans["action_plan_id"].map(stated[col]) if col in stated else None
    validated["action_plans"] = validate(plans, "action_plans")
    validated["sources"] = validate(
        _frame(list(sources.values()), TABLES["sources"].fields)[list(TABLES["sources"].fields)], "sources")
    _references(validated, dq)
    dq_all = pd.concat([dq_given, _frame(dq, TABLES["data_quality"].fields)], ignore_index=True)
    validated["data_quality"] = validate(_plan_of_problems(dq_all, commitments), "data_quality")
    validated = {name: validated[name] for name in TABLES}
    summary = BuildSummary(
        rows={name: int(len(df)) for name, df in validated.items()},
        problems=dict(Counter(zip(validated["data_quality"]["problem"].astype(str),
                                  validated["data_quality"]["severity"].astype(str),
                                  strict=True))),
        sources=len(sources),
    )
    return validated, summary


def _references(t: dict[str, pd.DataFrame], dq: list[dict]) -> None:
    """Rows that name a commitment or member the build does not hold, or another member's commitment.

    Meeting records and progress files are typed by hand: `UK9999`, a commitment of another
    member or a member slug no source knows is kept as stated and reported (a warning;
    `build --strict` refuses it), never matched to something else.
    """
    member_of = t["commitments"].set_index("commitment_id")["member"].astype(object).to_dict()
    known_members = set(t["members"]["member"].astype(str)) | set(map(str, member_of.values()))
    meetings = t["meetings"].set_index("meeting_id")
    meeting_member = meetings["member"].astype(object).to_dict()

    def note(problem, detail, r, field_, value, cid=None):
        dq.append(_dq(problem, detail, commitment_id=cid, table_name=r["_table"], field_=field_,
                      value_printed=value, source_type=r.get("source_type"),
                      origin=r.get("origin"), source_url=r.get("source_url"),
                      source_note=r.get("source_note")))

    for name, who in (("meeting_commitments", "meeting"), ("progress_updates", "update")):
        for r in t[name].assign(_table=name).to_dict("records"):
            cid = r["commitment_id"]
            if cid is None or pd.isna(cid):
                continue
            label = f"meeting {r['meeting_id']}" if who == "meeting" else f"a progress update ({_where(r)})"
            if cid not in member_of:
                note("unknown_commitment", f"{label} names commitment {cid}, which no source of the "
                     "build holds: kept as stated (check the ID)", r, "commitment_id", cid, cid)
            elif who == "meeting" and meeting_member.get(r["meeting_id"]) not in (None, member_of[cid]):
                note("other_member_commitment", f"{label} of member "
                     f"{meeting_member[r['meeting_id']]!r} names commitment {cid} of member "
                     f"{member_of[cid]!r}: kept as stated (check the ID)", r, "commitment_id",
                     cid, cid)
    if known_members:
        for r in t["meetings"].assign(_table="meetings").to_dict("records"):
            if r["member"] not in known_members:
                note("unknown_member", f"meeting {r['meeting_id']} is of member {r['member']!r}, "
                     f"which no source of the build knows (members: "
                     f"{', '.join(sorted(known_members)[:5])}{', ...' if len(known_members) > 5 else ''})",
                     r, "member", r["member"])


def _plan_of_problems(dq: pd.DataFrame, com: pd.DataFrame) -> pd.DataFrame:
    """Every data_quality row about a commitment names its plan (`action_plan_id`)."""
    dq = dq[list(TABLES["data_quality"].fields)].copy()
    plan_of = com.set_index("commitment_id")["action_plan_id"]
    dq["action_plan_id"] = dq["action_plan_id"].where(dq["action_plan_id"].notna(),
                                                      dq["commitment_id"].map(plan_of))
    return dq


# --- commitments -------------------------------------------------------------------------------


_CANDIDATE_COLUMNS = ("commitment_id", "member", "cycle", "end_year", *_COMMITMENT_ATTRS,
                      *_MEMBER_ATTRS, *PROVENANCE_FIELDS)
LISTING_COLUMNS = ("commitment_id", "member", "member_name", "title", "cycle", "policy_area",
                   "is_starred_listing", "position")


def _commitments(stated: pd.DataFrame, listing: pd.DataFrame,
                 dq: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per commitment from what each source states (and the listing), with disagreements."""
    from_listing = listing[["commitment_id", "member", "cycle", "title", "member_name",
                            *PROVENANCE_FIELDS]].assign(source_type="ogp_listing")
    frames = [f for f in (stated, from_listing) if not f.empty]
    if not frames:
        return _frame([], TABLES["commitments"].fields), stated
    cand = _rank(_frame([], _CANDIDATE_COLUMNS, frames)[list(_CANDIDATE_COLUMNS)])
    cand["cycle"] = pd.to_numeric(cand["cycle"], errors="coerce").astype("Int64")
    by = cand.groupby("commitment_id", sort=True)
    out = by[["member", "cycle", *_COMMITMENT_ATTRS]].first()
    first = by.nth(0)
    top = first[["source_url", "retrieved_at", "source_type", "origin"]].set_index(first["commitment_id"])
    out = out.join(top).reset_index()

    for attr in _COMPARED:
        sub = cand.dropna(subset=[attr])
        if sub.empty:
            continue
        sub = sub.assign(_key=map_distinct(sub[attr].astype(str), fold))
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
                      source_url=r["source_url"], source_type=r["source_type"],
                      origin=r["origin"]))
    out = out[~missing].copy()
    out["action_plan_id"] = [action_plan_id(m, c) for m, c in zip(out["member"], out["cycle"], strict=True)]
    out["era"] = map_distinct(out["cycle"], era_of)
    return out.reset_index(drop=True), cand


# --- assessments and long tables ---------------------------------------------------------------


def _assessments(df: pd.DataFrame, cycles: pd.Series, members: pd.Series,
                 dq: list[dict]) -> pd.DataFrame:
    if df.empty:
        return df
    df["cycle"] = df["cycle"].where(df["cycle"].notna(), df["commitment_id"].map(cycles))
    df["member"] = df["member"].where(df["member"].notna(), df["commitment_id"].map(members))
    df["era"] = df["era"].where(df["era"].notna(), map_distinct(df["cycle"], era_of))
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
    if not dup.any():
        return df.reset_index(drop=True)
    # A repeat with the same values is counted once (info); one that says something else is a
    # warning naming what differs: which of the two is right is not known.
    values = [c for c in df.columns if c not in key and c not in PROVENANCE_FIELDS]
    first = {tuple(r[k] for k in key): r for _, r in df[~dup].iterrows()}
    for _, r in df[dup].iterrows():
        kept = first[tuple(r[k] for k in key)]
        differ = [c for c in values if not (pd.isna(r[c]) and pd.isna(kept[c])) and
                  (pd.isna(r[c]) or pd.isna(kept[c]) or r[c] != kept[c])]
        said = "; ".join(f"{c} {r[c]!r} where the first says {kept[c]!r}" for c in differ)
        dq.append(_dq("duplicate_row", f"{name}: a second row with the same key "
                      f"{ {k: r[k] for k in key} } from {_where(r)}"
                      + (f" says {said}; the first ({_where(kept)}) is kept" if differ else
                         " repeats the first with the same values; counted once"),
                      severity="warning" if differ else "info",
                      commitment_id=r.get("commitment_id"), table_name=name,
                      field_=differ[0] if differ else None,
                      source_type=r.get("source_type"), origin=r.get("origin"),
                      source_url=r.get("source_url"), source_note=r.get("source_note")))
    return df[~dup].reset_index(drop=True)


def _generic_table(name: str, df: pd.DataFrame, dq: list[dict]) -> pd.DataFrame:
    """A table readers fill: its columns, one row per primary key (repeats reported or merged)."""
    t = TABLES[name]
    df = df[list(t.fields)]
    if t.repeats == "merge" and not df.empty:
        # e.g. every commitment row of a release repeats its plan's name: one row is meant.
        return df.drop_duplicates(list(t.primary_key)).reset_index(drop=True)
    return _dedupe(df, name, dq)


def _first(df: pd.DataFrame) -> pd.DataFrame:
    """The first row per commitment of a precedence-ranked frame, indexed by commitment_id."""
    return df.drop_duplicates("commitment_id", keep="first").set_index("commitment_id")


def _describe(r) -> str:
    return f"{r['value_printed']!r} ({r['stage']}, {_where(r)})"


# Complexity: one loop per kind of disagreement (same stage, page vs summary, star, DIOG, government vs IRM), each reported with both values.
def _assessment_disagreements(assessments: pd.DataFrame, com: pd.DataFrame,  # noqa: C901
                              listing: pd.DataFrame, dq: list[dict]) -> None:
    """Report where sources (or assessors) state different values for the same thing; all are kept."""
    irm = _rank(assessments[(assessments["assessor"] == "irm") & assessments["value"].notna()])
    overall = irm[irm["ogp_value"].isna()]
    release_star = _first(overall[overall["indicator"] == "starred_current_end_of_term"])
    page_star = _first(overall[overall["indicator"] == "starred"])
    listing = listing[listing["is_starred_listing"].notna()] if not listing.empty else listing

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
    irm_latest = com.set_index("commitment_id")[["irm_completion_latest", "irm_completion_latest_stage"]]
    # Only a value on the scale is compared: an off-scale answer (Unclear) disagrees with nothing.
    on_scale = set(SCALES["completion"].values)
    for _, r in gov.iterrows():
        cid = r["commitment_id"]
        if cid in irm_latest.index and irm_latest.loc[cid, "irm_completion_latest"] in on_scale \
                and irm_latest.loc[cid, "irm_completion_latest"] != r["value"]:
            dq.append(_dq(
                "disagreement", f"completion: the government self-assessed {r['value_printed']!r} "
                f"({r['source_url']}) while the IRM's latest ({irm_latest.loc[cid, 'irm_completion_latest_stage']}) "
                f"is {irm_latest.loc[cid, 'irm_completion_latest']!r}; both kept, each with its assessor",
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
    plans["action_plan_id"] = [action_plan_id(m, c) for m, c in zip(plans["member"], plans["cycle"], strict=True)]
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
    # A plan name spanning 'YYYY-YY' whose first year is the plan's cycle gives its end year
    # (the first such name, in table order, for a plan the release gave none).
    span = names["name"].astype(str).str.extract(_PLAN_SPAN)
    span = span.assign(action_plan_id=names["action_plan_id"].astype(object)).dropna(subset=[0])
    if not span.empty:
        cycle_of = plans.set_index("action_plan_id")["cycle"]
        start = span[0].astype(int)
        same = span["action_plan_id"].map(cycle_of).astype("Int64") == start
        span = span[same.fillna(False).astype(bool)]
        stop = span[1]
        year = [int(b) if len(b) == 4 else (int(a) // 100) * 100 + int(b)
                for a, b in zip(span[0], stop, strict=True)]
        by_name = pd.Series(year, index=span["action_plan_id"].to_numpy(), dtype="Int64")
        by_name = by_name[~by_name.index.duplicated()]
        plans["end_year"] = plans["end_year"].astype("Int64").fillna(
            plans["action_plan_id"].map(by_name).astype("Int64"))
    plans["era"] = map_distinct(plans["cycle"], era_of)
    plans["start_date"] = None
    plans["end_date"] = None
    return plans.sort_values("action_plan_id").reset_index(drop=True).reindex(columns=fields)
