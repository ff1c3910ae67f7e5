"""Text that a spreadsheet would take for a formula: the OWASP rule (CSV/formula injection), in one place."""

from __future__ import annotations

# A cell whose text begins with one of these is read by Excel, LibreOffice or Google Sheets as a
# formula (or a DDE call) when typed or imported: OWASP's list, tab and carriage return included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula (it begins with =, +, -, @, tab or CR)."""
    return text.startswith(FORMULA_STARTS)
