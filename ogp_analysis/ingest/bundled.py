"""The bundled UK dataset (`data/raw/bundled/`, format in `data/raw/README.md`) -> `Records`.

Page facts go through the page parser's label core (`parse.records_from_label_values`), release
facts through `records_from_release_row`, so a recorded fact is read by the same rules as its
source. Report and self-assessment facts become `assessments` of their assessor. Every source
is undated (`retrieved_at` null) and has origin `bundled`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.ingest.release import records_from_release_row, release_source
from ogp_analysis.keys import action_plan_id, normalise_commitment_id
from ogp_analysis.metadata.release import RELEASE_COLUMNS
from ogp_analysis.metadata.rules import era_of
from ogp_analysis.parse import records_from_label_values
from ogp_analysis.parse.listing import add_listing_star
from ogp_analysis.records import Records, make_source, source_id

COMMITMENTS = "commitments.csv"
FACTS = "facts.csv"
PLAN_REPORTS = "plan_reports.csv"
_KIND_SOURCE_TYPE = {"action_plan_review": "irm_report", "results_report": "irm_report",
                     "gov_self_assessment": "gov_self_assessment"}
_REPORT_LABELS = {"Promising": "promising", "Verifiable": "verifiable",
                  "Early Results": "early_results", "Status": "completion"}
_REPORT_STAGE = {"action_plan_review": "action_plan_review", "results_report": "results",
                 "gov_self_assessment": "self_assessment"}


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise NotFoundError(f"bundled dataset file missing: {path} (regenerate it with "
                            "scripts/make_bundled.py)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _source(url: str, source_type: str, note: str) -> dict:
    # Captures of one URL are told apart by their note (template, capture): none is dated.
    return make_source(url, source_type=source_type, origin="bundled", source_note=note,
                       key=f"{url}#{note}")


# Complexity: one dispatch over the bundled file's source kinds; each kind is a small function below.
def read_bundled(folder: Path | str) -> list[Records]:  # noqa: C901
    """Read the bundled dataset.

    Args:
        folder: the folder holding `commitments.csv` and `facts.csv` (`data/raw/bundled/`).

    Returns:
        One Records for the listing, one per page capture, one per release row and one per
        report statement.

    Raises:
        NotFoundError: a file of the dataset is missing.
        OGPAnalysisError: a row that cannot be read (named with its file and line).
    """
    folder = Path(folder)
    com = _read(folder / COMMITMENTS)
    facts = _read(folder / FACTS)
    facts["_line"] = range(2, len(facts) + 2)
    cycles = {r.commitment_id: int(r.cycle) for r in com.itertuples()}
    members = {r.commitment_id: r.member for r in com.itertuples()}
    out: list[Records] = []

    for (url, note), rows in com.groupby(["source_url", "note"], sort=False):
        listed = rows[rows["title_source_kind"] == "listing"]
        paged = rows[rows["title_source_kind"] == "page"]
        if not listed.empty:
            rec = Records(_source(url, "ogp_listing", note))
            for position, r in enumerate(listed.itertuples(), start=1):
                rec.add("listing", commitment_id=r.commitment_id, member=r.member,
                        member_name=r.member_name or None,
                        title=r.title or None, cycle=int(r.cycle),
                        policy_area=r.listing_policy_area or None,
                        is_starred_listing=r.listing_starred == "Yes", position=position)
                if r.listing_starred == "Yes":
                    add_listing_star(rec, r.commitment_id, r.member, int(r.cycle))
                if r.listing_policy_area:
                    rec.add("commitment_policy_areas", commitment_id=r.commitment_id,
                            policy_area=r.listing_policy_area, vocabulary="ogp_listing")
            out.append(rec)
        for r in paged.itertuples():
            rec = Records(_source(url, "ogp_page", note))
            rec.add("commitments", commitment_id=r.commitment_id, member=r.member,
                    cycle=int(r.cycle), title=r.title or None)
            out.append(rec)

    for keys, rows in facts.groupby(["commitment_id", "source_kind", "capture", "source_url"],
                                    sort=False):
        cid, kind, capture, url = keys
        where = f"{folder / FACTS} lines {rows['_line'].min()}-{rows['_line'].max()}"
        if not cid:
            out.append(_unmapped(rows, url, kind, where))
            continue
        try:
            cid = normalise_commitment_id(cid)
        except OGPAnalysisError as exc:
            raise OGPAnalysisError(f"{where}: {exc}") from None
        member = members.get(cid, "united-kingdom")
        cycle = cycles.get(cid) or int(rows["cycle"].iloc[0])
        if kind.startswith("page_"):
            out.append(_page(rows, cid, member, url, kind, capture, cycle))
        elif kind == "irm_data_release":
            out.append(_release(rows, cid, member, cycle, url, where))
        elif kind in _KIND_SOURCE_TYPE:
            out.append(_report(rows, cid, member, cycle, url, kind, where))
        else:
            raise OGPAnalysisError(f"{where}: unknown source_kind {kind!r}")
    return out


def _page(rows: pd.DataFrame, cid: str, member: str, url: str, kind: str, capture: str,
          cycle: int) -> Records:
    template = kind.removeprefix("page_")
    note = f"bundled facts: page template {template}" + (f", {capture} capture" if capture else "")
    seed = rows["note"].str.startswith("seed capture")
    if seed.any():
        note = rows.loc[seed, "note"].iloc[0] + f" (template {template})"
    printed = rows[rows["value_state"] != "absent"]
    triples = [(r.section, r.label, r.value) for r in printed.itertuples()]
    rec = records_from_label_values(triples, url=url, commitment_id=cid, member=member,
                                    retrieved_at=None, origin="bundled", source_note=note,
                                    report_absent=False, cycle=cycle)
    rec.source["source_id"] = source_id(f"{url}#{note}", None)
    for r in rows[rows["value_state"] == "absent"].itertuples():
        rec.quality("absent", f"the {r.label!r} row/block is absent from this capture: {r.note} "
                    f"({url})", severity="info", commitment_id=cid, field=r.label)
        if r.section == "implementation" and r.label == "Completion":
            cycle = rec.parts["commitments"][0].get("cycle") if rec.parts["commitments"] else None
            rec.assess(commitment_id=cid, member=member, cycle=cycle, assessor="irm",
                       stage="latest", indicator="completion", printed=None,
                       era=era_of(cycle))
    return rec


def _release(rows: pd.DataFrame, cid: str, member: str, cycle: int, url: str,
             where: str) -> Records:
    row = {"Commitment Unique Identifier": cid}
    for r in rows.itertuples():
        if r.label not in RELEASE_COLUMNS:
            raise OGPAnalysisError(f"{where}: {r.label!r} is not a release column")
        row[r.label] = r.value
    note = "bundled facts recorded from the IRM data release"
    return records_from_release_row(
        row, source_url=url, row_number=None, origin="bundled", member=member, cycle=cycle,
        source={**release_source(url, origin="bundled", source_note=note),
                "source_id": source_id(f"{url}#{cid}", None)})


def _report(rows: pd.DataFrame, cid: str, member: str, cycle: int, url: str, kind: str,
            where: str) -> Records:
    source_type = _KIND_SOURCE_TYPE[kind]
    rec = Records(_source(url, source_type, f"bundled facts: {kind}"))
    government = kind == "gov_self_assessment"
    for r in rows.itertuples():
        if r.section == "irm_unit":
            rec.quality("irm_unit", f"{r.value} ({url})", severity="info", commitment_id=cid,
                        field="irm_cluster", value_printed=r.value)
            continue
        indicator = _REPORT_LABELS.get(r.label)
        if indicator is None:
            raise OGPAnalysisError(f"{where}: no indicator for report label {r.label!r}")
        stage = _REPORT_STAGE["action_plan_review" if r.section == "action_plan_review" else kind]
        rec.assess(commitment_id=cid, member=member, cycle=cycle,
                   assessor="government" if government else "irm", stage=stage,
                   indicator=indicator, printed=r.value,
                   era="government" if government else era_of(cycle),
                   source_note=f"bundled facts: {kind} ({r.note})" if r.note else None)
    return rec


def read_plan_reports(folder: Path | str, member: str = "united-kingdom") -> list[Records]:
    """The bundled reports known to exist on each plan (`plan_reports.csv`), one Records per source."""
    path = Path(folder) / PLAN_REPORTS
    if not path.is_file():
        return []
    out = []
    rows = _read(path)
    for (url, note), group in rows.groupby(["source_url", "note"], sort=False):
        # A report the IRM published is an irm_report; the story naming one is civil society's.
        source_type = "irm_report" if "opengovpartnership.org" in url else "civil_society_document"
        rec = Records(make_source(url, source_type=source_type, origin="bundled",
                                  source_note=note, key=f"{url}#{note}"))
        for r in group.itertuples(index=False):
            cycle = int(r.cycle)
            rec.add("plan_reports", action_plan_id=action_plan_id(member, cycle), member=member,
                    cycle=cycle, assessor=r.assessor, stage=r.stage, report_title=r.report_title)
        out.append(rec)
    return out


def _unmapped(rows: pd.DataFrame, url: str, kind: str, where: str) -> Records:
    """Statements whose OGP ID the source does not give: reported, never attached by guess."""
    rec = Records(_source(url, _KIND_SOURCE_TYPE.get(kind, "irm_report"), f"bundled facts: {kind}"))
    for r in rows.itertuples():
        rec.quality("unmapped_fact", f"{r.label} = {r.value!r} with no OGP commitment ID "
                    f"({r.note}; {where})", severity="info", field=r.label, value_printed=r.value)
    return rec


def read_bundled_input(paths) -> list:
    """The bundled dataset of a project (`paths.bundled`): the reader the sources registry names."""
    return read_bundled(paths.bundled)


def read_plan_reports_input(paths) -> list:
    """The bundled plan reports of a project (`paths.bundled`): the reader the sources registry names."""
    return read_plan_reports(paths.bundled)
