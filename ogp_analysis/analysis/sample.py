"""Small typed table sets built by hand from a few rows: for tests, examples and notebooks' doctests."""

from __future__ import annotations

import pandas as pd

from ogp_analysis import keys
from ogp_analysis.labels import read_indicator
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.schema import empty, validate

DEFAULT_URL = {
    "irm_data_release": "https://example.org/irm-data-release.csv",
    "ogp_page": "https://www.opengovpartnership.org/members/{member}/commitments/{cid}/",
    "ogp_page_status_summary": "https://www.opengovpartnership.org/members/{member}/commitments/{cid}/",
    "ogp_listing": "https://www.opengovpartnership.org/members/{member}/",
    "gov_self_assessment": "https://example.org/self-assessment",
    "irm_report": "https://example.org/irm-report",
}
ORIGIN = {"irm_data_release": "irm_data_release"}


def _url(source_type: str, member: str, cid: str) -> str:
    return DEFAULT_URL[source_type].format(member=member, cid=cid.lower())


def commitment(cid: str, member: str, cycle: int, **extra) -> dict:
    """A commitments row (source URL and type filled in)."""
    row = {"commitment_id": cid, "member": member, "cycle": cycle,
           "action_plan_id": keys.action_plan_id(member, cycle),
           "source_url": _url("ogp_page", member, cid)}
    row.update(extra)
    return row


def assessment(cid: str, member: str, cycle: int, indicator: str, printed: str | None, *,
               stage: str = "latest", assessor: str = "irm", ogp_value: str | None = None,
               source_type: str = "irm_data_release", era: str | None = "legacy",
               source_url: str | None = None, retrieved_at=None) -> dict:
    """An assessments row, the printed value read on the indicator's scale (as the readers do)."""
    reading = read_indicator(indicator, printed)
    return {
        "commitment_id": cid, "member": member, "cycle": cycle, "assessor": assessor,
        "stage": stage, "indicator": indicator, "ogp_value": ogp_value, "era": era,
        **reading.as_record(),
        "source_type": source_type, "origin": ORIGIN.get(source_type, "pages"),
        "source_url": source_url or _url(source_type, member, cid),
        "retrieved_at": retrieved_at, "source_note": None,
    }


def ogp_value(cid: str, member: str, value: str, relevant: bool, *,
              source_type: str = "irm_data_release", source_url: str | None = None) -> dict:
    """A commitment_ogp_values row."""
    return {"commitment_id": cid, "ogp_value": value, "is_relevant_to_value": relevant,
            "value_printed": "1" if relevant else "0", "source_type": source_type,
            "origin": ORIGIN.get(source_type, "pages"),
            "source_url": source_url or _url(source_type, member, cid)}


def tables_from_rows(**rows: list[dict]) -> dict[str, pd.DataFrame]:
    """A full, validated table dict: the given rows per table, every other table empty.

    `members` and `action_plans` are filled from the commitments when not given.

    Args:
        **rows: table name -> list of row dicts (registry field names).
    """
    unknown = [n for n in rows if n not in TABLES]
    if unknown:
        raise KeyError(f"unknown tables {unknown}; tables: {list(TABLES)}")
    com = rows.get("commitments", [])
    if "members" not in rows:
        rows["members"] = [{"member": m} for m in sorted({c["member"] for c in com})]
    if "action_plans" not in rows:
        plans = sorted({(c["member"], c["cycle"]) for c in com})
        rows["action_plans"] = [{"action_plan_id": keys.action_plan_id(m, y), "member": m, "cycle": y}
                                for m, y in plans]
    out = {}
    for name in TABLES:
        given = rows.get(name)
        out[name] = validate(pd.DataFrame(given), name) if given else empty(name)
    return out


def example_tables() -> dict[str, pd.DataFrame]:
    """A two-plan example (used by the CLI, check and chart tests), answers easy to work by hand.

    Ruritania 2013 (legacy): RU0001 mid Limited -> end Complete, transformative, relevant,
    DIOG Major, starred; RU0002 mid Substantial, end Substantial, moderate, DIOG Marginal;
    RU0003 end Not Started. The government self-assessed RU0001 and RU0002 'Completed', RU0003
    'Withdrawn'. Ruritania 2016: RU0004, no assessment.
    """
    m = "ruritania"
    gov = {"assessor": "government", "stage": "self_assessment", "era": "government",
           "source_type": "gov_self_assessment"}
    ass = []
    for cid, mid, end, impact, diog, star, gov_status in [
        ("RU0001", "Limited", "Complete", "Transformative", "Major", "1", "Completed"),
        ("RU0002", "Substantial", "Substantial", "Moderate", "Marginal", "0", "Completed"),
        ("RU0003", "ND", "Not Started", "Minor", "Did Not Change", "0", "Withdrawn"),
    ]:
        ass += [
            assessment(cid, m, 2013, "completion", mid, stage="midterm"),
            assessment(cid, m, 2013, "completion", end, stage="end_of_term"),
            assessment(cid, m, 2013, "potential_impact", impact, stage="design"),
            assessment(cid, m, 2013, "diog", diog, stage="end_of_term"),
            assessment(cid, m, 2013, "starred_current_end_of_term", star, stage="end_of_term"),
            assessment(cid, m, 2013, "completion", gov_status, **gov),
        ]
    vals = [ogp_value(c, m, "access_to_information", r) for c, r in
            [("RU0001", True), ("RU0002", True), ("RU0003", False)]]
    areas = [{"commitment_id": c, "policy_area": a, "vocabulary": "ogp_page", "source_type": "ogp_page",
              "origin": "pages", "source_url": _url("ogp_page", m, c)}
             for c, a in [("RU0001", "Open Data"), ("RU0002", "Open Data"), ("RU0003", "Legislation"),
                          ("RU0004", "Open Data")]]
    return tables_from_rows(
        commitments=[commitment(f"RU000{i}", m, 2013 if i < 4 else 2016, title=f"Commitment {i}")
                     for i in range(1, 5)],
        members=[{"member": m, "member_name": "Ruritania"}],
        action_plans=[{"action_plan_id": f"{m}-2013", "member": m, "cycle": 2013, "era": "legacy"},
                      {"action_plan_id": f"{m}-2016", "member": m, "cycle": 2016, "era": "legacy"}],
        assessments=ass, commitment_ogp_values=vals, commitment_policy_areas=areas,
    )
