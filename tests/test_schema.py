"""The data model declared once: scale order, refusal of unknown values, typed missing reasons."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from ogp_analysis import dictionary, schema, storage
from ogp_analysis.errors import SchemaError, UnknownValueError
from ogp_analysis.labels import read_indicator, read_value
from ogp_analysis.metadata.fields import FIELDS
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.metadata.tables import TABLES
from tests.conftest import REPO


@pytest.mark.parametrize(
    "scale, lower, higher",
    [
        pytest.param("completion", "Limited", "Substantial", id="completion-limited<substantial"),
        pytest.param("completion", "Substantial", "Complete", id="completion-substantial<complete"),
        pytest.param("completion", "Not Started", "Limited", id="completion-not-started<limited"),
        pytest.param("potential_impact", "Moderate", "Transformative", id="impact"),
        pytest.param("potential_impact", "None", "Minor", id="impact-none<minor"),
        pytest.param("specificity", "Low", "Medium", id="specificity"),
        pytest.param("diog", "Worsens", "Did Not Change", id="diog-worsens<dnc"),
        pytest.param("diog", "Marginal", "Major", id="diog-marginal<major"),
        pytest.param("diog", "Major", "Outstanding", id="diog-major<outstanding"),
        pytest.param("potential_for_results", "Modest", "Substantial", id="pfr"),
        pytest.param("early_results", "Moderate", "Significant", id="early-results"),
        pytest.param("ambition", "Low", "High", id="ambition"),
    ],
)
def test_scale_order(scale, lower, higher):
    dt = schema.scale_dtype(scale)
    s = pd.Series([higher, lower], dtype=dt)
    assert s.min() == lower and s.max() == higher
    assert list(s > lower) == [True, False]  # the categorical comparison uses the scale order


def test_off_scale_answers_are_not_ordered():
    assert "Withdrawn" not in schema.scale_dtype("completion").categories
    assert "Not Applicable" not in schema.scale_dtype("diog").categories
    r = read_value("Withdrawn", "completion")
    assert (r.value, r.value_kind, r.value_rank) == ("Withdrawn", "off_scale", None)


def _assessment(**over):
    row = {
        "commitment_id": "UK0075", "member": "united-kingdom", "cycle": 2016,
        "assessor": "irm", "stage": "end_of_term", "indicator": "completion",
        "ogp_value": None, "value_printed": "Complete", "value": "Complete", "value_rank": 3,
        "value_kind": "scale", "missing_reason": None, "scale": "completion", "era": "legacy",
        "source_type": "ogp_page_status_summary", "origin": "pages",
        "source_url": "https://example.org/UK0075/", "retrieved_at": None, "source_note": None,
    }
    row.update(over)
    return row


def test_a_primary_key_that_repeats_is_refused_naming_the_table_the_key_and_the_rows():
    """Two rows with the same key are refused (a key part missing in both counts as equal);
    rows that differ in one key column pass, and so does a table without a key."""
    # the same key, its ogp_value and source_note missing in both rows
    same = pd.DataFrame([_assessment(value="Complete"), _assessment(value="Limited")])
    with pytest.raises(SchemaError) as err:
        schema.validate(same, "assessments")
    # one line per repeated row, with its key
    assert str(err.value).splitlines() == ["table 'assessments' failed validation:"] + [
        f"  row {i} has the primary key of another row: commitment_id='UK0075', assessor='irm', "
        "stage='end_of_term', indicator='completion', ogp_value=None, "
        "source_type='ogp_page_status_summary', source_url='https://example.org/UK0075/', "
        "source_note=None" for i in (0, 1)]
    # a table keyed by one column says the same
    commitments = schema.coerce(pd.DataFrame({"commitment_id": ["UK0001", "UK0002", "UK0001"],
                                              "member": ["united-kingdom"] * 3, "cycle": [2011] * 3}),
                                "commitments")
    with pytest.raises(SchemaError, match=r"row 2 has the primary key of another row: "
                                          r"commitment_id='UK0001'"):
        schema.check(commitments, "commitments")
    other = pd.DataFrame([_assessment(), _assessment(source_note="a second reading")])
    assert len(schema.validate(other, "assessments")) == 2
    other = pd.DataFrame([_assessment(), _assessment(stage="midterm")])
    assert len(schema.validate(other, "assessments")) == 2


@pytest.mark.parametrize(
    "column, value",
    [
        pytest.param("stage", "final", id="unknown-stage"),
        pytest.param("missing_reason", "lost", id="unknown-missing-reason"),
        pytest.param("assessor", "journalist", id="unknown-assessor"),
    ],
)
def test_unknown_code_is_refused_naming_table_column_value(column, value):
    df = pd.DataFrame([_assessment(**{column: value})])
    with pytest.raises(SchemaError) as exc:
        schema.validate(df, "assessments")
    msg = str(exc.value)
    assert "assessments" in msg and column in msg and value in msg


def test_unknown_scale_value_is_refused_in_a_scale_column():
    df = pd.DataFrame([{"commitment_id": "UK0075", "member": "united-kingdom", "cycle": 2016,
                        "action_plan_id": "united-kingdom-2016", "irm_completion_latest": "Mostly done",
                        "source_url": "u"}])
    with pytest.raises(SchemaError, match=r"'commitments'.*'irm_completion_latest'.*'Mostly done'"):
        schema.validate(df, "commitments")


def test_unknown_printed_label_raises_with_scale_and_value():
    with pytest.raises(UnknownValueError, match=r"'Mostly done'.*'completion'"):
        read_indicator("completion", "Mostly done", context="UK0075")


def test_bad_commitment_id_pattern_is_refused():
    df = pd.DataFrame([_assessment(commitment_id="../etc")])
    with pytest.raises(SchemaError, match="commitment_id"):
        schema.validate(df, "assessments")


def test_duplicate_primary_key_is_refused():
    df = pd.DataFrame([_assessment(), _assessment()])
    with pytest.raises(SchemaError):
        schema.validate(df, "assessments")


@pytest.mark.parametrize(
    "printed, reason",
    [
        pytest.param("ND", "no_data", id="ND"),
        pytest.param("NR", "not_reviewed", id="NR"),
        pytest.param("NA", "not_applicable", id="NA"),
        pytest.param("Pending IRM Review", "pending_irm_review", id="pending"),
        pytest.param("No IRM Data", "no_irm_data", id="no-irm-data"),
        pytest.param("", "blank_on_page", id="blank"),
        pytest.param(None, "absent", id="absent"),
    ],
)
def test_placeholders_are_typed_missing_reasons(printed, reason):
    r = read_indicator("completion", printed)
    assert (r.value, r.value_kind, r.missing_reason) == (None, "missing", reason)


def test_none_is_a_real_value_not_missing():
    r = read_indicator("potential_impact", "None")
    assert (r.value, r.value_rank, r.value_kind) == ("None", 0, "scale")


@pytest.mark.parametrize(
    "printed, indicator, expected",
    [
        pytest.param("Major Major", "early_results", "Major", id="doubled"),
        pytest.param("Did Not Change Did Not Change", "diog", "Did Not Change", id="doubled-3-words"),
        pytest.param("Yes Starred", "starred", "Yes", id="yes-starred"),
        pytest.param("  complete ", "completion", "Complete", id="case-and-space"),
        pytest.param("Completed", "completion", "Complete", id="government-completed"),
        pytest.param("No notable results", "early_results", "No notable results", id="refresh-early"),
    ],
)
def test_printed_variants_read_canonically(printed, indicator, expected):
    r = read_indicator(indicator, printed)
    assert r.value == expected
    assert r.value_printed == printed


def test_typed_missing_reasons_survive_parquet_round_trip(tmp_path):
    rows = [
        _assessment(stage="midterm", value_printed="ND", value=None, value_rank=None,
                    value_kind="missing", missing_reason="no_data", source_type="irm_data_release",
                    origin="irm_data_release"),
        _assessment(stage="end_of_term", value_printed="NR", value=None, value_rank=None,
                    value_kind="missing", missing_reason="not_reviewed",
                    source_type="irm_data_release", origin="irm_data_release"),
        _assessment(indicator="specificity", stage="design", value_printed="None", value="None",
                    value_rank=0, scale="specificity"),
        _assessment(indicator="diog", value_printed="NA", value=None, value_rank=None,
                    value_kind="missing", missing_reason="not_applicable", scale="diog",
                    ogp_value="civic_participation"),
    ]
    tables = {name: schema.empty(name) for name in TABLES}
    tables["assessments"] = pd.DataFrame(rows)
    storage.write_tables(tables, tmp_path / "processed")
    back = storage.load_tables(tmp_path / "processed")["assessments"]
    assert list(back["missing_reason"].astype(object).where(back["missing_reason"].notna(), None)) == [
        "no_data", "not_reviewed", None, "not_applicable"]
    assert back.loc[2, "value"] == "None"  # the real value "None" is not NaN
    assert isinstance(back["stage"].dtype, pd.CategoricalDtype)
    # and through the CSV a researcher would read
    csv = pd.read_csv(tmp_path / "processed" / "assessments.csv", keep_default_na=False)
    assert list(csv["missing_reason"]) == ["no_data", "not_reviewed", "", "not_applicable"]
    assert csv.loc[2, "value"] == "None"


def test_failed_write_leaves_previous_outputs_untouched(tmp_path):
    out = tmp_path / "processed"
    tables = {name: schema.empty(name) for name in TABLES}
    tables["assessments"] = pd.DataFrame([_assessment()])
    storage.write_tables(tables, out)
    before = (out / "assessments.parquet").read_bytes()
    bad = dict(tables, assessments=pd.DataFrame([_assessment(stage="final")]))
    with pytest.raises(SchemaError):
        storage.write_tables(bad, out)
    assert (out / "assessments.parquet").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]  # no temp folders left


def test_every_field_used_by_some_table():
    used = {f for t in TABLES.values() for f in t.fields}
    assert sorted(set(FIELDS) - used) == []


def test_every_scale_field_names_a_declared_scale():
    for f in FIELDS.values():
        if f.type == "scale":
            assert f.scale in SCALES


def test_committed_data_dictionary_is_up_to_date():
    committed = (REPO / "docs" / "data_dictionary.md").read_text()
    assert committed == dictionary.render(), (
        "docs/data_dictionary.md is stale: python -m ogp_analysis.dictionary > docs/data_dictionary.md"
    )


def test_load_tables_trusts_its_own_parquet_and_casts_any_other(tmp_path):
    out = tmp_path / "processed"
    tables = {name: schema.empty(name) for name in TABLES}
    tables["assessments"] = pd.DataFrame([_assessment(), _assessment(stage="midterm")])
    storage.write_tables(tables, out)
    back = storage.load_tables(out)
    assert schema.matches_schema(back["assessments"], "assessments")
    assert back["assessments"]["commitment_id"].dtype == pd.StringDtype("python")
    # A file written by another tool (text everywhere) is cast, value by value, to the schema.
    plain = back["assessments"].astype(object).astype(str).replace("<NA>", None)
    assert not schema.matches_schema(plain, "assessments")
    plain.to_parquet(out / "assessments.parquet", index=False)
    again = storage.load_tables(out)["assessments"]
    assert schema.matches_schema(again, "assessments")
    assert list(again["value_rank"]) == list(back["assessments"]["value_rank"])
    # ... and a value outside a code list is refused by name, not trusted.
    plain.assign(stage="final").to_parquet(out / "assessments.parquet", index=False)
    with pytest.raises(SchemaError, match="'stage'.*'final'"):
        storage.load_tables(out)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _as_written(value) -> str:
    """What a CSV copy holds for a value of a typed table (the data dictionary's format)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return storage.CSV_TRUE if value else storage.CSV_FALSE
    if isinstance(value, pd.Timestamp):
        return value.strftime(storage.CSV_DATE_FORMAT)
    return str(value)


def test_csv_copies_read_back_to_the_tables_values_in_the_documented_format(tmp_path):
    """Awkward texts (commas, quotes, line breaks, padding, "None") come back as they were;
    texts are quoted, numbers bare, a missing value empty; booleans and timestamps as the data
    dictionary states (`dictionary.CSV_FORMAT`)."""
    awkward = ["plain", "a, comma", 'a "quote"', "a\nline feed", "a\r\ncarriage return",
               "  padded  ", "", None, "Ünïcödé – dash", '"', ",", "None", "NA"]
    n = len(awkward)
    rows = pd.DataFrame({
        "commitment_id": [f"UK{i:04d}" for i in range(n)],
        "ogp_value": ["access_to_information"] * n,
        "is_relevant_to_value": [True, False, None] * 4 + [True],
        "value_printed": awkward,
        "source_type": ["ogp_page", None] * 6 + ["irm_data_release"],
        "origin": ["pages"] * n,
        "source_url": awkward[::-1],
        "retrieved_at": ["2024-05-01T10:20:30.923456+00:00", None] * 6 + ["2011-01-01T00:00:00Z"],
        "source_note": [f"row {i}: OGP Value, \"x\"" for i in range(n)],
    })
    table = schema.coerce(rows, "commitment_ogp_values")  # typed; missing where the schema forbids it
    data = storage.csv_bytes(table)
    got = _csv_rows(data)
    assert got[0] == list(table.columns)
    want = [[_as_written(v) for v in rec] for rec in table.astype(object).itertuples(index=False)]
    assert got[1:] == want
    assert got[1][6] == "NA" and got[6][6] == "" and got[1][7] == "2024-05-01T10:20:30Z"
    # every field that is not a number is quoted; a missing one is empty, without quotes
    lines = data.decode("utf-8").split("\n")
    assert lines[1].startswith('"UK0000","access_to_information","True","plain","ogp_page","pages",')
    # an empty text is "", a missing value nothing (value_printed of UK0006 and UK0007)
    text = data.decode("utf-8")
    assert '\n"UK0006","access_to_information","True","","ogp_page",' in text
    assert '\n"UK0007","access_to_information","False",,,"pages",' in text
    # pandas reads the same values (keep_default_na=False, as the data dictionary advises)
    back = pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype=str)
    assert back.values.tolist() == want
    assert _csv_rows(storage.csv_bytes(table.iloc[:0])) == [list(table.columns)]
    # the copy `write_tables` writes is this one
    tables = {name: schema.empty(name) for name in TABLES}
    tables["commitment_ogp_values"] = schema.validate(
        rows.assign(source_type="ogp_page", source_url=awkward[0]), "commitment_ogp_values")
    storage.write_tables(tables, tmp_path / "processed")
    assert (tmp_path / "processed" / "commitment_ogp_values.csv").read_bytes() == storage.csv_bytes(
        tables["commitment_ogp_values"])
    # integers bare, a missing one empty
    ints = schema.validate(pd.DataFrame([_assessment(), _assessment(stage="midterm",
                                                                    value_rank=None)]),
                           "assessments")
    rank = list(ints.columns).index("value_rank")
    got = _csv_rows(storage.csv_bytes(ints))
    assert [r[rank] for r in got[1:]] == [_as_written(v) for v in ints["value_rank"].astype(object)]
    assert f",{got[1][rank]}," in storage.csv_bytes(ints).decode("utf-8").split("\n")[1]


def test_tables_loaded_again_are_shared_but_not_changed_by_another_caller(tmp_path):
    """`load_tables` keeps the last folder read; each caller's frames are its own, and a new
    write of the folder is read again."""
    out = tmp_path / "processed"
    tables = {name: schema.empty(name) for name in TABLES}
    tables["assessments"] = pd.DataFrame([_assessment()])
    storage.write_tables(tables, out)
    first = storage.load_tables(out)
    first["assessments"].loc[0, "value_printed"] = "changed by a caller"
    again = storage.load_tables(out)
    assert again["assessments"].loc[0, "value_printed"] != "changed by a caller"
    tables["assessments"] = pd.DataFrame([_assessment(), _assessment(stage="midterm")])
    storage.write_tables(tables, out)
    assert len(storage.load_tables(out)["assessments"]) == 2
