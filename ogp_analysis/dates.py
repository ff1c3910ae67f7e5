"""Dates as printed, kept at their precision: 'May 2016' is 2016-05 (month), never a made-up day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class PartialDate:
    """A date at the precision the source gave: `value` is YYYY, YYYY-MM or YYYY-MM-DD."""

    value: str
    precision: str  # day | month | year
    ambiguous: bool = False  # day and month could be swapped (both <= 12)
    note: str | None = None


def _check(y: int, m: int | None = None, d: int | None = None) -> None:
    date(y, m or 1, d or 1)  # raises ValueError on an impossible date


# Complexity: one branch per printed date form (ISO, day-first, month names, quarters, serials), kept together so the forms are read in one documented order.
def parse_partial_date(text: str | None, numeric_order: str = "mdy") -> PartialDate | None:  # noqa: C901
    """Read a printed date.

    Accepted: 'May 2016', 'May 1, 2016', '1 May 2016', '2016', '2016-05', '2016-05-01',
    and numeric 'M/D/YYYY' (the IRM data release's order, `numeric_order="mdy"`) or
    'D/M/YYYY' (`"dmy"`). A numeric date whose day and month are both 12 or less is
    read in the given order and marked `ambiguous`, so the caller can report it.

    Returns:
        None for a blank or 'NA'/'ND'/'NR' placeholder.

    Raises:
        ValueError: text that is not a date.
    """
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text).strip().rstrip(".")
    if t.upper() in {"", "NA", "ND", "NR", "N/A"}:
        return None
    low = t.lower().replace(",", "")
    if m := re.fullmatch(r"(\d{4})", low):
        _check(int(m[1]))
        return PartialDate(m[1], "year")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", low):
        _check(int(m[1]), int(m[2]))
        return PartialDate(f"{m[1]}-{int(m[2]):02d}", "month")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?", low):
        _check(int(m[1]), int(m[2]), int(m[3]))
        return PartialDate(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", "day")
    if m := re.fullmatch(r"([a-z]+) (\d{4})", low):
        if m[1] in _MONTHS:
            return PartialDate(f"{m[2]}-{_MONTHS[m[1]]:02d}", "month")
    if m := re.fullmatch(r"([a-z]+) (\d{1,2}) (\d{4})", low):
        if m[1] in _MONTHS:
            y, mo, d = int(m[3]), _MONTHS[m[1]], int(m[2])
            _check(y, mo, d)
            return PartialDate(f"{y}-{mo:02d}-{d:02d}", "day")
    if m := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", low):
        if m[2] in _MONTHS:
            y, mo, d = int(m[3]), _MONTHS[m[2]], int(m[1])
            _check(y, mo, d)
            return PartialDate(f"{y}-{mo:02d}-{d:02d}", "day")
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", low):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:
            y += 2000
        mo, d = (a, b) if numeric_order == "mdy" else (b, a)
        if mo > 12 and d <= 12:  # the other order is the only possible reading
            mo, d = d, mo
            note = f"read as {'D/M' if numeric_order == 'mdy' else 'M/D'}/Y: month > 12 otherwise"
        else:
            note = None
        _check(y, mo, d)
        ambiguous = a <= 12 and b <= 12 and a != b
        return PartialDate(f"{y}-{mo:02d}-{d:02d}", "day", ambiguous, note)
    raise ValueError(f"not a date: {text!r}")
