"""The IRM data release's columns: how each maps into the model, and those deliberately not imported."""

from __future__ import annotations

# column -> why it is not imported (listed in the data dictionary)
NOT_IMPORTED_COLUMNS: dict[str, str] = {}
