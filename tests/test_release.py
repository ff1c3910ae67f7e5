"""The IRM data release ingest: every real row lands with no value lost; codes stay typed; unknowns are reported."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.ingest.release import (
    commitment_number,
    plan_date_orders,
    read_release,
    records_from_release_row,
)
from ogp_analysis.labels import missing_reason
from ogp_analysis.metadata.release import NOT_IMPORTED_COLUMNS, RELEASE_COLUMNS
from ogp_analysis.normalise import build_tables

_PLACEHOLDERS = {"no_data", "not_reviewed", "not_applicable"}


@pytest.fixture(scope="module")
def release_tables(release_csv):
    tables, summary = build_tables(read_release(release_csv))
    return tables, summary


@pytest.fixture(scope="module")
def release_rows(release_csv) -> pd.DataFrame:
    return pd.read_csv(release_csv, dtype=str, keep_default_na=False)


def test_every_release_column_is_mapped_or_listed(release_rows):
    unlisted = [c for c in release_rows.columns
                if c not in RELEASE_COLUMNS and c not in NOT_IMPORTED_COLUMNS]
    assert unlisted == []


def test_every_row_and_member_of_the_release_lands(release_tables, release_rows):
    tables, _ = release_tables
    assert len(tables["commitments"]) == len(release_rows) == 558
    assert tables["commitments"]["member"].nunique() == release_rows["Country/Locality"].nunique() == 75


def _placeholder(cell: str) -> bool:
    return missing_reason(cell) in _PLACEHOLDERS


def test_every_mapped_cell_survives_as_a_value_or_typed_missing(release_tables, release_rows):
    """Count the non-empty cells of the mapped columns in and find each one out."""
    t, _ = release_tables
    notes = lambda df, col: set(zip(df["source_note"], df[col].astype(object), strict=True))  # noqa: E731
    assessed = notes(t["assessments"], "value_printed")
    ogp = notes(t["commitment_ogp_values"], "value_printed")
    areas = set(t["commitment_policy_areas"]["source_note"])
    inst = notes(t["commitment_institutions"], "institution")
    dq = notes(t["data_quality"], "value_printed")
    names = set(zip(t["action_plan_names"]["action_plan_id"], t["action_plan_names"]["name"], strict=True))
    com = t["commitments"].set_index("commitment_id")
    members = t["members"].set_index("member")
    plans = t["action_plans"].set_index("action_plan_id")

    cells_in = found = zeros = 0
    lost = []
    for n, row in enumerate(release_rows.to_dict("records"), start=1):
        cid = row["Commitment Unique Identifier"].upper()
        c = com.loc[cid]
        for col, cell in row.items():
            spec = RELEASE_COLUMNS.get(col)
            cell = cell.strip()  # surrounding whitespace is not part of the value
            if spec is None or cell == "":
                continue
            note = f"row {n}: {col}"
            if spec.target == "policy_area" and cell == "0":
                zeros += 1  # a 0 states "not in this area": nothing is recorded, by design
                assert note not in areas
                continue
            cells_in += 1
            if spec.target == "assessment":
                ok = (note, cell) in assessed
            elif spec.target == "ogp_value":
                ok = (note, cell) in ogp
            elif spec.target == "policy_area":
                ok = note in areas if cell == "1" else (note, cell) in dq
            elif _placeholder(cell) and spec.target not in ("irm_reports", "irm_cluster", "key"):
                ok = (note, cell) in dq
            elif spec.target == "key":
                ok = cid in com.index
            elif spec.target == "cycle":
                ok = int(c["cycle"]) == int(cell)
            elif spec.target == "end_year":
                ok = int(plans.loc[c["action_plan_id"], "end_year"]) == int(cell)
            elif spec.target == "member":
                ok = members.loc[c["member"], spec.name] == cell
            elif spec.name == "commitment_number":
                # its leading integer, or a finding naming the cell
                ok = (c[spec.name] == commitment_number(cell)) if commitment_number(cell) is not None \
                    else (note, cell) in dq
            elif spec.target == "commitment":
                ok = c[spec.name] == cell
            elif spec.target == "institution":
                ok = (note, cell) in inst
            elif spec.target == "plan_name":
                ok = (c["action_plan_id"], cell) in names
            elif spec.target in ("irm_reports", "irm_cluster"):
                ok = f"{col}: {cell}" in c[spec.target]
            elif spec.target == "date":
                try:
                    parsed = parse_partial_date(cell)
                    if parsed.ambiguous:  # read in its plan's order, or kept at its year: said
                        other = parse_partial_date(cell, numeric_order="dmy").value
                        ok = c[spec.name] in (parsed.value, other, parsed.value[:4]) and (note, cell) in dq
                    else:
                        ok = c[spec.name] == parsed.value
                except ValueError:
                    ok = (note, cell) in dq  # re-read (quarter, day number) or unreadable: reported
            else:  # pragma: no cover
                raise AssertionError(f"untested target {spec.target}")
            if ok:
                found += 1
            else:
                lost.append((n, col, cell))
    assert lost == []
    assert found == cells_in
    assert cells_in > 30_000 and zeros > 0  # the real file: every row, ~170 columns


def test_missing_codes_stay_distinct(release_tables):
    a = release_tables[0]["assessments"]
    reasons = a.loc[a["value_kind"] == "missing"].groupby("value_printed", observed=True)["missing_reason"].unique()
    assert set(reasons["ND"]) == {"no_data"}
    assert set(reasons["NR"]) == {"not_reviewed"}
    assert set(reasons["NA"]) == {"not_applicable"}


def test_uk0062_is_starred_in_the_release(release_tables):
    com = release_tables[0]["commitments"].set_index("commitment_id")
    assert bool(com.loc["UK0062", "irm_is_starred"]) is True
    a = release_tables[0]["assessments"]
    star = a[(a["commitment_id"] == "UK0062") & (a["indicator"] == "starred_current_end_of_term")]
    assert list(star["value"]) == ["Yes"] and list(star["stage"]) == ["end_of_term"]


def test_derived_columns_are_kept_as_published_with_stage_latest(release_tables):
    a = release_tables[0]["assessments"]
    derived = a[a["indicator"].isin(["high_completion", "max_completion", "high_ambition",
                                     "irm_based_score", "change_in_completion", "starred_2015_only"])]
    assert len(derived) == 6 * 558
    assert set(derived["stage"]) == {"latest"}


def test_refresh_plans_use_action_plan_review_stage(release_tables):
    a = release_tables[0]["assessments"]
    pfr = a[(a["indicator"] == "potential_for_results")]
    assert set(pfr.loc[pfr["cycle"] >= 2020, "stage"]) == {"action_plan_review"}
    assert set(pfr.loc[pfr["cycle"] <= 2019, "stage"]) == {"design"}


@pytest.mark.parametrize(
    ("row", "expect"),
    [
        pytest.param({"Completion (End Of Term)": "Mostly Done"}, "unknown_value", id="unknown-scale-value"),
        pytest.param({"Mystery Column": "x"}, "unknown_column", id="unexpected-new-column"),
        pytest.param({"Open Data": "maybe"}, "unknown_value", id="bad-policy-area-flag"),
        pytest.param({"Start Date": "9/1/2018"}, "ambiguous_date", id="ambiguous-day-month"),
    ],
)
def test_unknowns_are_reported_with_source_row_column_and_value(row, expect):
    base = {"Commitment Unique Identifier": "uk0062", "Year Of Submission": "2013",
            "URL": "https://opengovpartnership.org/members/united-kingdom/commitments/uk0062"}
    rec = records_from_release_row({**base, **row}, source_url="release.csv", row_number=7)
    (col, value), = row.items()
    hits = [q for q in rec.parts["data_quality"] if q["problem"] == expect]
    assert hits, rec.parts["data_quality"]
    q = hits[0]
    # The column is named in source_note (field holds the indicator for scale values).
    assert q["source_url"] == "release.csv" and q["value_printed"] == value
    assert q["source_note"] == f"row 7: {col}" and q["commitment_id"] == "UK0062"


def test_partial_row_records_only_its_columns():
    rec = records_from_release_row(
        {"Commitment Unique Identifier": "UK0062", "Carried Forward": "NR"},
        source_url="facts", row_number=None, member="united-kingdom", cycle=2013)
    (a,) = rec.parts["assessments"]
    assert (a["indicator"], a["stage"], a["missing_reason"], a["value_printed"]) == (
        "carried_forward", "end_of_term", "not_reviewed", "NR")
    assert rec.parts["commitment_policy_areas"] == [] and rec.parts["data_quality"] == []


def test_member_filter_keeps_one_member(release_csv):
    recs = read_release(release_csv, member="United Kingdom")
    ids = set(pd.concat(recs[0].frames["commitments"])["commitment_id"])
    assert {"UK0051", "UK0059", "UK0062", "UK0098"} <= ids
    assert all(i.startswith("UK") for i in ids)


def test_column_wise_reading_makes_the_rows_of_the_row_wise_reader(release_csv, tmp_path):
    """`read_release` reads every column column-wise: the same rows `records_from_release_row`
    makes cell by cell, on a release with odd cells in every column (unknown, doubled and
    padded values, placeholders, blanks, dates that are no dates, years that are no years), a
    refresh-era and a legacy-era row, and rows left out."""
    import csv
    import random

    rows = list(csv.reader(release_csv.open(encoding="utf-8-sig")))
    head, body = rows[0], rows[1:80]
    odd = {"assessment": ["Major Major", "Banana", " Complete ", "ND", "N/A", "Yes Starred", "  "],
           "ogp_value": ["2", "ND", " 1 ", "", "NA"], "policy_area": ["x", "ND", " 1", "0 ", "", "2"],
           "date": ["Ongoing", "Quarter 1 2015", "44439", "13/02/2016", "2/3/2016", "ND", " "],
           "cycle": ["20l4", "", "1999", "2016 "], "end_year": ["ND", "twenty", " 2018"],
           "institution": ["ND", " Cabinet Office ", ""], "commitment": ["NR", "  "],
           "plan_name": ["ND", "UK 2016-18"], "irm_reports": ["ND", "2019"],
           "irm_cluster": ["", "x"], "member": ["N/A", ""]}
    rnd = random.Random(3)
    for r in body:
        for i, c in enumerate(head):
            spec = RELEASE_COLUMNS.get(c.strip())
            if spec is not None and spec.name == "commitment_number":
                continue  # its odd cells are set below (the draws of the others unchanged)
            if spec is not None and spec.target in odd and rnd.random() < 0.1:
                r[i] = rnd.choice(odd[spec.target])
    number = [c.strip() for c in head].index("Commitment Number")
    for r, odd_number in zip(body, ["B.1.A", "ND", "3.2.3", " 4 ", "4.0999999999999996", ""], strict=False):
        r[number] = odd_number
    body += [["", *body[7][1:]], body[5][:40]]  # an unreadable row, a short row
    path = tmp_path / "odd.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([head, *body])

    recs = read_release(path)
    by_row = []
    rows = []
    for cells in body:
        row = dict(zip([c.strip() for c in head], cells, strict=False))
        row.update(dict.fromkeys([c.strip() for c in head[len(cells):]]))
        rows.append(row)
    dates = [c for c, spec in RELEASE_COLUMNS.items() if spec.target == "date"]
    for n, (row, orders) in enumerate(zip(rows, plan_date_orders(rows, dates), strict=True), start=1):
        try:
            by_row.append(records_from_release_row(row, source_url=str(path), row_number=n,
                                                   source=recs[0].source,
                                                   report_unknown_columns=False,
                                                   date_orders=orders))
        except Exception:  # noqa: BLE001 - the unreadable row: read_release reports it
            continue

    def part(records, name, columns=None):
        rows = [r for rec in records for r in rec.parts.get(name, [])]
        frames = [pd.DataFrame(rows, dtype=object)] + [f for rec in records for f in rec.frames.get(name, [])]
        df = pd.concat(frames, ignore_index=True).astype(object)
        # A column no row states is absent from one reader's rows and all-missing in the other's.
        df = df.reindex(columns=sorted(columns or df.columns))
        df = df.where(df.notna(), None).astype(str)
        return df.sort_values(list(df.columns)).reset_index(drop=True)

    for name in ("assessments", "commitment_ogp_values", "commitment_policy_areas", "commitments",
                 "commitment_institutions", "action_plan_names"):
        columns = set(part(recs, name).columns) | set(part(by_row, name).columns)
        got, want = part(recs, name, columns), part(by_row, name, columns)
        assert len(got) > (70 if name == "commitments" else 50)
        pd.testing.assert_frame_equal(got, want)
    got = part(recs, "data_quality")
    got = got[~got["problem"].isin(["unreadable_row", "short_row"])].reset_index(drop=True)
    want = part(by_row, "data_quality")
    assert {"unknown_value", "doubled_value", "missing_value", "unreadable_date", "reread_date",
            "ambiguous_date", "date_order", "implausible_year", "blank_value"} <= set(want["problem"])
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("printed, number", [("3.2", 3), ("4.0999999999999996", 4), ("12", 12),
                                             (" 7 ", 7), ("3.2.3", 3), ("B.1.A", None), ("SC17", None)])
def test_a_commitment_number_is_read_as_its_leading_integer(printed, number):
    assert commitment_number(printed) == number


def test_the_release_commitment_number_is_kept_on_every_row_that_starts_with_one(release_tables):
    t, _ = release_tables
    com = t["commitments"]
    assert str(com["commitment_number"].dtype) == "Int64"
    assert com["commitment_number"].notna().sum() > 500
    canada = com[(com["member"] == "canada") & (com["cycle"] == 2014)]
    assert canada["commitment_number"].tolist() == [7]  # CA0036 is commitment 7 of its plan
