"""Generated from the registries: pandas dtypes, pandera schemas, validation with errors that name table, column and value."""

from __future__ import annotations

from functools import cache

import pandas as pd

from ogp_analysis.errors import SchemaError
from ogp_analysis.metadata.fields import FIELDS, Field
from ogp_analysis.metadata.rules import counted_labels
from ogp_analysis.metadata.scales import SCALES
from ogp_analysis.metadata.tables import TABLES, Table


def table(name: str) -> Table:
    """The registry entry of a table; an unknown name lists the valid ones."""
    try:
        return TABLES[name]
    except KeyError:
        raise SchemaError(f"unknown table {name!r}; tables: {', '.join(TABLES)}") from None


@cache
def scale_dtype(scale: str) -> pd.CategoricalDtype:
    """The ordered categorical dtype of an IRM scale (on-scale values only, lowest first)."""
    return pd.CategoricalDtype(list(SCALES[scale].values), ordered=True)


@cache
def answer_dtype(scale: str) -> pd.CategoricalDtype:
    """The categorical of a scale's answers a share counts (`rules.counted_labels`).

    Unordered: an off-scale answer has no rank (the answer table carries the rank).
    """
    return pd.CategoricalDtype(list(counted_labels(scale)), ordered=False)


def allowed_values(f: Field) -> tuple[str, ...] | None:
    """The values a code or scale field allows (None for other types)."""
    if f.type == "code":
        return f.codes
    if f.type == "scale" and f.answers:
        return counted_labels(f.scale)
    if f.type == "scale":
        return SCALES[f.scale].values
    return None


@cache
def dtype(f: Field):
    """The pandas dtype a field is stored in (made once per field)."""
    if f.type == "code":
        return pd.CategoricalDtype(list(f.codes or ()), ordered=False)
    if f.type == "scale" and f.answers:
        return answer_dtype(f.scale)
    if f.type == "scale":
        return scale_dtype(f.scale) if f.scale else None
    return {
        # Python storage: its comparisons give pandas' masked booleans, which combine with
        # integer and boolean comparisons in either order (pyarrow-backed strings give
        # bool[pyarrow], and `(a.cycle == 2016) & (a.value == "Yes")` then raises).
        "string": pd.StringDtype("python"),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
        "datetime": pd.DatetimeTZDtype("ns", "UTC"),
    }[f.type]


def _nullable(t: Table, f: Field) -> bool:
    return f.nullable or f.name in t.nullable


def _matches(pattern: str):
    """The `str_matches` check, run by pyarrow's regex engine over the column at once.

    pandera's own check calls Python's `re` once per value (a third of a large build's
    validation); the registry's patterns are anchored and in the syntax both engines share.
    """
    import pandera.pandas as pa
    import pyarrow
    import pyarrow.compute as pc

    def check(col: pd.Series) -> pd.Series:
        ok = pc.match_substring_regex(pyarrow.array(col, type=pyarrow.string(), from_pandas=True),
                                      pattern)
        return pd.Series(ok.to_numpy(zero_copy_only=False), index=col.index, dtype=bool)

    return pa.Check(check, name="str_matches", error=f"str_matches('{pattern}')")


@cache
def pandera_schema(name: str):
    """The pandera schema of a table, generated from the registries.

    pandera is imported here, not with the module: loading tables and running the analysis
    need only the dtypes (pandera's import costs ~0.7 s of every report and CLI call).
    """
    import pandera.pandas as pa

    t = table(name)
    columns = {}
    for fname in t.fields:
        f = FIELDS[fname]
        checks = []
        # A code or scale field needs no `isin` check: its dtype is the categorical of the
        # allowed values, and pandera refuses a column whose categories (or order) differ.
        if f.pattern:
            checks.append(_matches(f.pattern))
        columns[fname] = pa.Column(dtype(f), checks=checks, nullable=_nullable(t, f), coerce=False)
    unique = list(t.primary_key) or None
    return pa.DataFrameSchema(columns, strict=True, unique=unique, ordered=True, name=name)


def empty(name: str) -> pd.DataFrame:
    """An empty, typed frame of a table."""
    t = table(name)
    return pd.DataFrame({f: pd.Series(dtype=dtype(FIELDS[f])) for f in t.fields})


def matches_schema(df: pd.DataFrame, name: str) -> bool:
    """Whether a frame has exactly its table's columns, in order, each in its declared dtype.

    A cheap check of the schema, not of the values: a categorical with the declared categories
    cannot hold a value outside them, so a frame `validate` returned (or its Parquet copy, read
    back) passes; anything else needs `coerce` / `validate`.
    """
    t = table(name)
    return list(df.columns) == list(t.fields) and isinstance(df.index, pd.RangeIndex) and all(
        df[f].dtype == dtype(FIELDS[f]) for f in t.fields)


def _raise_unknown(name: str, col: str, values) -> None:
    shown = ", ".join(repr(v) for v in list(values)[:5])
    more = f" (+{len(values) - 5} more)" if len(values) > 5 else ""
    raise SchemaError(f"table {name!r}, column {col!r}: unknown value(s) {shown}{more}")


def _categorical(col: pd.Series, target: pd.CategoricalDtype) -> pd.Series | None:
    """A text column as the categorical `target`, hashed by Arrow (None: not all text).

    Arrow's dictionary encoding finds the distinct texts in C++; only those are looked up
    in the categories (an unknown one is refused by the caller's check, never made NaN).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col.dtype, pd.CategoricalDtype):
        return None
    try:
        arr = pa.array(col.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None  # a non-text value (a number, a boolean): the caller's path names it
    enc = arr.dictionary_encode()
    where = {c: i for i, c in enumerate(target.categories)}
    texts = enc.dictionary.to_pylist()
    if any(t not in where for t in texts):
        return None  # the caller's check names the value
    lookup = np.array([where[t] for t in texts] or [-1], dtype=np.int64)
    codes = lookup[pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False)]
    codes[enc.indices.is_null().to_numpy(zero_copy_only=False)] = -1
    return pd.Series(pd.Categorical.from_codes(codes, dtype=target),
                     index=col.index, name=col.name)


def _coded(col: pd.Series, target, allowed, name: str, fname: str) -> pd.Series:
    """A code or scale column as its categorical; a value outside `allowed` is refused."""
    if col.dtype == target:
        return col  # a categorical of the declared categories holds no other value
    coded = _categorical(col, target)
    if coded is not None:
        return coded
    if isinstance(col.dtype, pd.CategoricalDtype):
        # Only the categories in use are checked: one Python pass over a handful of values.
        present = col.cat.remove_unused_categories().cat.categories
    else:
        present = pd.unique(col.dropna().to_numpy(dtype=object))
    bad = sorted({str(v) for v in present} - set(allowed))
    if bad:
        _raise_unknown(name, fname, bad)
    # Every value is one of the categories (checked above): a direct cast loses nothing.
    return col.astype(target)


def coerce(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Cast a frame to its table's dtypes, in the registry's column order.

    Missing columns are added empty; extra columns are refused. A value outside a code list
    or scale is refused (never silently turned into NaN by the categorical cast).

    Raises:
        SchemaError: naming the table, column and value.
    """
    t = table(name)
    extra = [c for c in df.columns if c not in t.fields]
    if extra:
        raise SchemaError(f"table {name!r}: columns not in the registry: {extra}")
    out = {}
    n = len(df)
    for fname in t.fields:
        f = FIELDS[fname]
        if fname not in df.columns:
            out[fname] = pd.Series([pd.NA] * n, index=df.index, dtype=dtype(f))
            continue
        col = df[fname]
        allowed = allowed_values(f)
        if allowed is not None:
            out[fname] = _coded(col, dtype(f), allowed, name, fname)
        elif f.type == "datetime":
            out[fname] = pd.to_datetime(col, utc=True, errors="raise", format="ISO8601").astype(dtype(f))
        elif f.type == "integer":
            try:
                out[fname] = pd.to_numeric(col, errors="raise").astype(dtype(f))
            except (ValueError, TypeError) as exc:
                raise SchemaError(f"table {name!r}, column {fname!r}: not an integer: {exc}") from exc
        elif f.type == "boolean":
            out[fname] = col.astype(dtype(f))
        else:
            # Any missing marker (None, NaN, NA) becomes NA; a non-text value its text.
            out[fname] = col.astype(dtype(f))
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def validate(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Coerce and validate a table against its generated pandera schema.

    Raises:
        SchemaError: listing each failure with table, column and value.
    """
    return check(coerce(df, name), name)


# pandera's names of its `unique=` check, for one key column and for several.
_UNIQUENESS_CHECKS = ("field_uniqueness", "multiple_fields_uniqueness")


def check(typed: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate a frame `coerce` made against its generated pandera schema (no casting).

    Raises:
        SchemaError: listing each failure with table, column and value.
    """
    from pandera.errors import SchemaErrors

    if typed.empty and matches_schema(typed, name):
        return typed  # no rows: nothing pandera could refuse once the columns and dtypes match
    try:
        return pandera_schema(name).validate(typed, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        key = table(name).primary_key
        repeats = fc["check"].astype(str).isin(_UNIQUENESS_CHECKS)
        if repeats.any():
            # One line per row whose key another row has (pandera lists each key column apart).
            got = fc[repeats & fc["column"].isin(key)]
            for index, rows in list(got.groupby("index", sort=True))[:10]:
                values = dict(zip(rows["column"], rows["failure_case"], strict=False))
                lines.append(f"row {index} has the primary key of another row: "
                             + ", ".join(f"{k}={values.get(k)!r}" for k in key))
            fc = fc[~repeats]
        for row in fc.head(10).itertuples():
            lines.append(f"column {row.column!r}: {row.check} failed for value {row.failure_case!r}")
        more = f"\n  ... {len(fc) - 10} more" if len(fc) > 10 else ""
        raise SchemaError(f"table {name!r} failed validation:\n  " + "\n  ".join(lines) + more) from None
