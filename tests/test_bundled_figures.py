"""Figures on the bundled UK data agree with the shared source files they came from."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from ogp_analysis.cli import main

LABELS = {"Completed": "Complete"}  # the government's wording, read onto the IRM labels


@pytest.fixture(scope="module")
def bundled_data(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "processed"
    assert main(["build", "--out", str(out), "--raw-dir", str(out.parent / "no-pages")]) == 0
    return out


def test_2013_government_at_a_glance_matches_the_self_assessment_annex(bundled_data, shared, capsys):
    annex = list(csv.DictReader(open(shared / "data" / "uk_gov_self_assessment_2013_15.csv")))
    expected = Counter(LABELS.get(r["self_assessed_status"], r["self_assessed_status"]) for r in annex)
    capsys.readouterr()
    assert main(["figures", "at-a-glance", "--member", "United Kingdom", "--cycle", "2013",
                 "--assessor", "government", "--format", "csv", "--data", str(bundled_data)]) == 0
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["commitments"]["value"] == str(len(annex)) == "21"
    for label, n in expected.items():
        row = rows[f"completion_end_of_term:{label}"]
        assert int(row["value"]) == n, label
        ids = row["commitment_ids"].split()
        assert sorted(ids) == sorted(r["commitment_id"] for r in annex
                                     if LABELS.get(r["self_assessed_status"], r["self_assessed_status"]) == label)
    # the government does not assess did-it-open-government: NA, not zero
    assert rows["diog:Major"]["value"] == "NA"
