"""The irm_* columns of `commitments` and the figures agree on every plan; `check` agrees with counts made from the release's raw columns."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from ogp_analysis.analysis import at_a_glance
from ogp_analysis.analysis.check import Checker, read_published
from ogp_analysis.ingest import read_bundled, read_release
from ogp_analysis.metadata.rules import HIGH_COMPLETION, STRONG_RESULTS, counted_labels
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths


@pytest.fixture(scope="module")
def bundled_tables():
    return build_tables(read_bundled(Paths.default().bundled))[0]


@pytest.fixture(scope="module")
def release_tables(release_csv):
    return build_tables(read_release(release_csv))[0]


@pytest.fixture(scope="module")
def release_checker(release_tables):
    """One checker for the module: each plan's At a Glance is computed once and shared."""
    return Checker(release_tables)


def _column_counts(com: pd.DataFrame) -> dict[str, int | None]:
    """At-a-glance counts made from the irm_* columns of one plan's commitments."""
    out: dict[str, int | None] = {}
    latest = com["irm_completion_latest"].astype(object)
    for label in SCALES["completion"].values:
        out[f"completion_latest:{label}"] = int((latest == label).sum())
    out["high_completion"] = int(latest.isin(HIGH_COMPLETION).sum())
    diog = com["irm_diog_overall"].astype(object)
    for label in SCALES["diog"].values:
        out[f"diog:{label}"] = int((diog == label).sum())
    out["diog_strong"] = int(diog.isin(STRONG_RESULTS).sum())
    for field, column in (("starred", "irm_is_starred"), ("relevant", "irm_is_relevant"),
                          ("carried_forward", "irm_is_carried_forward")):
        out[field] = int(com[column].fillna(False).astype(bool).sum())
    return out


def _assert_plans_agree(tables, checker=None) -> int:
    com = tables["commitments"]
    checked = 0
    for (member, cycle), plan in com.groupby(["member", "cycle"], observed=True):
        frame = (checker.computed("at-a-glance", member, int(cycle), "irm") if checker
                 else at_a_glance(tables, member, int(cycle)))
        glance = frame.set_index("field")["value"]
        for field, n in _column_counts(plan).items():
            figure = glance[field]
            if pd.isna(figure):
                # NA in the figure: the era has no such indicator or no commitment has a value.
                assert n == 0, (member, cycle, field, n)
            else:
                assert int(figure) == n, (member, cycle, field, int(figure), n)
            checked += 1
    return checked


def test_irm_columns_and_figures_agree_on_every_bundled_plan(bundled_tables):
    assert _assert_plans_agree(bundled_tables) > 50


def test_irm_columns_and_figures_agree_on_every_release_plan(release_tables, release_checker):
    assert _assert_plans_agree(release_tables, release_checker) > 1000


def test_2011_star_is_not_stated(bundled_tables):
    com = bundled_tables["commitments"]
    plan = com[com["cycle"] == 2011]
    assert len(plan) == 41
    assert plan["irm_is_starred"].isna().all()
    glance = at_a_glance(bundled_tables, "united-kingdom", 2011).set_index("field")["value"]
    assert pd.isna(glance["starred"])


def _raw_counts(path, tables) -> list[dict]:
    """Per plan, counts straight from the release's raw columns (NA where no commitment has an answer)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    members = tables["commitments"].set_index("commitment_id")["member"]
    raw["member"] = raw["Commitment Unique Identifier"].str.upper().map(members)
    rows = []
    specs = [("Completion (End Of Term)", "completion_end_of_term", counted_labels("completion")),
             ("Completion (Progress Report)", "completion_midterm", counted_labels("completion")),
             ("Did It Open Government (Overall)", "diog", counted_labels("diog"))]
    for (member, cycle), g in raw.groupby(["member", "Year Of Submission"]):
        for column, field, labels in specs:
            answers = g[column].str.strip()
            answers = answers[answers.isin(labels)]
            for label in labels:
                value = str(int((answers == label).sum())) if len(answers) else "NA"
                rows.append({"member": member, "cycle": cycle, "assessor": "irm",
                             "figure": "at-a-glance", "field": f"{field}:{label}", "value": value})
    return rows


def test_check_agrees_with_counts_from_the_release_columns(release_tables, release_checker,
                                                          release_csv, tmp_path):
    published = tmp_path / "published.csv"
    rows = _raw_counts(release_csv, release_tables)
    with published.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    results = [(row, *release_checker.check(row)) for row in read_published(published)]
    # Refresh-era plans have no mid-term report: the figure is NA there by era, while the raw
    # column may be blank for the whole plan (also NA); every other row must match exactly.
    bad = [(r["line"], msg) for r, status, msg in results if status != "match"]
    assert len(results) == len(rows) > 1000
    assert not bad, bad[:5]
