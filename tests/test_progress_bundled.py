"""The bundled progress updates: regenerated from the 26 Feb 2014 note, dated on the meeting, read as narrative."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from ogp_analysis.ingest.progress import read_bundled_progress
from ogp_analysis.paths import Paths
from ogp_analysis.schema import validate

BUNDLED = Paths.default().bundled
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_bundled.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_bundled", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_committed_progress_updates_match_what_make_bundled_generates(shared):
    mod = _script()
    com = pd.read_csv(BUNDLED / "commitments.csv", dtype=str, keep_default_na=False)
    upd = mod.progress_updates(shared, com)
    assert mod._csv(upd) == (BUNDLED / "progress_updates.csv").read_text(encoding="utf-8")


def test_note_updates_are_dated_on_the_meeting_joint_and_kept_as_printed():
    (rec,) = read_bundled_progress(BUNDLED, root=Paths.default().root)
    rows = validate(pd.DataFrame(rec.parts["progress_updates"]), "progress_updates")
    assert sorted(set(rows["commitment_id"])) == ["UK0047", "UK0048", "UK0050", "UK0053", "UK0057"]
    assert set(rows["as_of_date"]) == {"2014-02-26"}  # the meeting, not the 5 March posting
    assert set(rows["assessor"]) == {"joint"} and set(rows["origin"]) == {"bundled"}
    assert set(rows["source_type"]) == {"civil_society_document"}
    assert set(rows["progress_status_kind"]) == {"narrative"}
    assert rows["progress_status"].isna().all()  # no declared alias reads these words
    ac = rows[rows["commitment_id"] == "UK0047"].iloc[0]
    assert ac["progress_status_printed"] == "The anti-corruption commitment is progressing well"
    assert "Tim Hughes" in ac["source_note"] and "26 Feb 2014" in ac["source_note"]
    assert (rows["commitment_id"] == "UK0050").sum() == 2  # CoST: international and domestic
    assert rec.parts["data_quality"] == []
