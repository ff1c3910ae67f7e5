"""Text a spreadsheet would run as a formula, neutralised where spreadsheets open the file.

A cell whose text begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is a formula to Excel, LibreOffice and Google
Sheets: a commitment titled `=HYPERLINK("http://x.invalid","y")` would become a live link, and
worse formulas can run commands (CSV injection). OWASP's recommendation
(https://owasp.org/www-community/attacks/CSV_Injection) is to prefix such a cell with a single
quote, which spreadsheets show as text; `neutralise_cell` does that, and nothing else.

Where it applies: the files a person opens in a spreadsheet -- a report's figure CSVs, the CSV
of `figures` and `diff`, and any workbook the toolkit writes (`neutralise_frame` on the frame
before it is written). The processed tables (`data/processed/*.parquet|csv`) keep the exact text
as the source printed it: they are data, read by code (`docs/data_dictionary.md` says so).

Numbers are left alone, whether stored as numbers or as text that is only a number (`-3`,
`+1.5`): a spreadsheet reads those as the number, never as a formula.
"""

from __future__ import annotations

import re

import pandas as pd

# The first characters OWASP lists as starting a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def neutralise_cell(value):
    """`value` with a single quote before it when it is text a spreadsheet would run; else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and text column names) are neutralised (`neutralise_cell`).

    Only columns that can hold text are looked at (object and string dtypes); numbers, booleans,
    dates and categoricals of non-text keep their values and dtypes.
    """
    out = frame.copy(deep=False)
    for name in out.columns:
        col = out[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            if col.cat.categories.dtype == object or pd.api.types.is_string_dtype(col.cat.categories):
                out[name] = col.cat.rename_categories(
                    [neutralise_cell(c) for c in col.cat.categories])
        elif col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[name] = col.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out
