"""One home for every rule: no copy outside metadata/rules.py, and a changed rule reaches every consumer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

import ogp_analysis
from ogp_analysis.analysis import at_a_glance
from ogp_analysis.analysis.registry import render_markdown
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.tables import TABLES, Table
from ogp_analysis.normalise import build_tables
from ogp_analysis.records import Records, make_source

PACKAGE = Path(ogp_analysis.__file__).parent
RULES_FILE = PACKAGE / "metadata" / "rules.py"
STAGE_NAMES = {"midterm", "end_of_term", "results", "self_assessment", "design",
               "action_plan_review", "latest"}
ID_PIECE = "[0-9]{4}"


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != RULES_FILE:
            yield path, ast.parse(path.read_text(), filename=str(path))


def test_no_stage_preference_tuple_outside_the_rules_module():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and len(node.elts) >= 2 and all(
                    isinstance(e, ast.Constant) and e.value in STAGE_NAMES for e in node.elts):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, f"stage-preference tuples outside rules.py: {found}"


def test_no_id_or_member_url_pattern_or_precedence_text_outside_the_rules_module():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if ID_PIECE in text and re.search(r"[A-Za-z]\]\{2,6\}", text):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} ID pattern")
            if "/members/([a-z0-9-]+)" in text:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} member-URL pattern")
            if "data release > page" in text or "release > page status summary" in text:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} precedence text")
    assert not found, f"rules written outside rules.py: {found}"


def test_precedence_text_is_generated_from_the_precedence():
    order = sorted(R.SOURCE_PRECEDENCE, key=R.SOURCE_PRECEDENCE.get)
    assert R.precedence_text() == " > ".join(R.SOURCE_LABELS[s] for s in order)
    assert R.precedence_text() in render_markdown()


def test_era_rule_takes_missing_and_unreadable_years():
    assert R.era_of(2019) == "legacy" and R.era_of(2020) == "refresh"
    for bad in (None, float("nan"), pd.NA, "20l4", ""):
        assert R.era_of(bad) is None


def test_committed_figures_doc_is_generated_from_the_registry():
    doc = (PACKAGE.parent / "docs" / "figures.md").read_text(encoding="utf-8")
    assert doc == render_markdown(), "docs/figures.md is stale: python -m ogp_analysis.analysis.registry"


# --- a changed rule reaches the commitments table, the figures and a report ----------------------

def _tiny_records() -> list[Records]:
    """One legacy commitment with a mid-term Limited and a results-report Complete (no end of term)."""
    rec = Records(make_source("https://example.org/x", source_type="irm_data_release",
                              origin="irm_data_release"))
    rec.add("commitments", commitment_id="XX0001", member="exampleland", cycle=2016, title="T")
    for stage, printed in (("midterm", "Limited"), ("results", "Complete")):
        rec.assess(commitment_id="XX0001", member="exampleland", cycle=2016, assessor="irm",
                   stage=stage, indicator="completion", printed=printed, era="legacy")
    return [rec]


def test_changing_the_latest_completion_rule_moves_table_figure_and_report(monkeypatch):
    from ogp_analysis.report import present

    tables, _ = build_tables(_tiny_records())
    assert tables["commitments"].loc[0, "irm_completion_latest"] == "Complete"
    glance = at_a_glance(tables, "exampleland", 2016).set_index("field")["value"]
    assert glance["completion_latest:Complete"] == 1 and glance["completion_latest:Limited"] == 0

    changed = {**R.COMPLETION_STAGES, "irm": {**R.COMPLETION_STAGES["irm"],
                                              "latest": ("end_of_term", "midterm", "results", "latest")}}
    monkeypatch.setattr(R, "COMPLETION_STAGES", changed)
    tables, _ = build_tables(_tiny_records())
    assert tables["commitments"].loc[0, "irm_completion_latest"] == "Limited"
    glance_frame = at_a_glance(tables, "exampleland", 2016)
    glance = glance_frame.set_index("field")["value"]
    assert glance["completion_latest:Limited"] == 1 and glance["completion_latest:Complete"] == 0
    shown, _ = present.side_by_side(glance_frame)
    row = shown[shown["figure"] == "Completion at the latest stage assessed: Limited"]
    assert int(row["irm"].iloc[0]) == 1


# --- a new source plugs in without touching the normaliser ---------------------------------------

def test_a_registered_table_and_reader_build_with_no_normaliser_change(monkeypatch):
    from ogp_analysis import records as records_module
    from ogp_analysis.metadata import fields as F

    table = Table("throwaway_notes", "A table registered by a test.",
                  ("commitment_id", "detail", "source_url", "source_type", "origin"),
                  ("commitment_id", "detail"))
    monkeypatch.setitem(TABLES, "throwaway_notes", table)
    monkeypatch.setattr(records_module, "PARTS", (*records_module.PARTS, "throwaway_notes"))
    assert "detail" in F.FIELDS
    rec = _tiny_records()[0]
    rec.add("throwaway_notes", commitment_id="XX0001", detail="first")
    rec.add("throwaway_notes", commitment_id="XX0001", detail="first")  # a repeat: reported once
    rec.extend("throwaway_notes", pd.DataFrame({"commitment_id": ["XX0001"], "detail": ["second"],
                                                "source_url": ["https://example.org/y"],
                                                "source_type": ["irm_data_release"],
                                                "origin": ["irm_data_release"]}))
    tables, summary = build_tables([rec])
    got = tables["throwaway_notes"]
    assert sorted(got["detail"]) == ["first", "second"]
    assert summary.rows["throwaway_notes"] == 2
    dq = tables["data_quality"]
    assert ((dq["problem"] == "duplicate_row") & (dq["table_name"] == "throwaway_notes")).sum() == 1


def test_a_data_quality_row_is_valid_by_construction():
    from ogp_analysis.records import quality_row

    row = quality_row("unparseable_page", "could not read", severity="error", commitment_id="XX0001")
    assert set(row) == set(TABLES["data_quality"].fields)
    with pytest.raises(KeyError, match="no column"):
        quality_row("x", "y", not_a_column=1)


def test_a_build_with_no_commitment_still_builds_every_table():
    rec = Records(make_source("https://example.org/r", source_type="irm_report", origin="bundled"))
    rec.add("plan_reports", action_plan_id="exampleland-2014", member="exampleland", cycle=2014,
            assessor="irm", stage="design", report_title="A report")
    tables, summary = build_tables([rec])
    assert summary.rows["commitments"] == 0 and summary.rows["plan_reports"] == 1
    assert set(tables) == set(TABLES)
