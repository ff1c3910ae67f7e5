"""Printed text to canonical values: one declarative reading for every scale, shared by all sources.

A printed value becomes a `Reading`: the text as printed, its canonical label, rank on the scale,
kind (scale, off_scale, missing, unknown) and typed missing reason. Matching is case- and
whitespace-insensitive; a value printed twice ("Major Major", "Yes Starred") is read once and
flagged. Text no scale knows is never guessed: `read_value` raises `UnknownValueError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ogp_analysis.errors import UnknownValueError
from ogp_analysis.metadata.scales import INDICATORS, MISSING_TOKENS, SCALES

_WS = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, whitespace-folded, stripped text (the key every lookup uses)."""
    return _WS.sub(" ", (text or "")).strip().lower()


@dataclass(frozen=True)
class Reading:
    """A printed value read on a scale: canonical value, rank, kind and missing reason."""

    value_printed: str | None
    value: str | None
    value_rank: int | None
    value_kind: str  # scale | off_scale | missing | unknown
    missing_reason: str | None
    scale: str | None
    doubled: bool = False

    def as_record(self) -> dict:
        """The assessment-row fields of this reading."""
        return {
            "value_printed": self.value_printed,
            "value": self.value,
            "value_rank": self.value_rank,
            "value_kind": self.value_kind,
            "missing_reason": self.missing_reason,
            "scale": self.scale,
        }


@cache
def _lookup(scale: str) -> dict[str, tuple[str, int | None]]:
    s = SCALES[scale]
    table: dict[str, tuple[str, int | None]] = {}
    for rank, v in enumerate(s.values):
        table[fold(v)] = (v, rank)
    for v in s.off_scale:
        table[fold(v)] = (v, None)
    for alias, canonical in s.aliases.items():
        rank = s.values.index(canonical) if canonical in s.values else None
        table[fold(alias)] = (canonical, rank)
    return table


def _undouble(key: str) -> tuple[str, bool]:
    words = key.split(" ")
    n = len(words)
    if n % 2 == 0 and n > 0 and words[: n // 2] == words[n // 2 :]:
        return " ".join(words[: n // 2]), True
    return key, False


def missing_reason(printed: str | None) -> str | None:
    """The typed missing reason a placeholder stands for (None: not a placeholder)."""
    if printed is None:
        return "absent"
    return MISSING_TOKENS.get(fold(printed))


def read_value(printed: str | None, scales: str | tuple[str, ...], context: str = "") -> Reading:
    """Read a printed value on one scale, or the first of several that knows it.

    Args:
        printed: the text as the source printed it; None when the row is absent.
        scales: a scale name or names, tried in order.
        context: where the value came from, for the error message.

    Raises:
        UnknownValueError: no scale knows the text.
    """
    names = (scales,) if isinstance(scales, str) else tuple(scales)
    reason = missing_reason(printed)
    if reason is not None:
        return Reading(printed, None, None, "missing", reason, names[0])
    key = fold(printed)
    for candidate, doubled in ((key, False), _undouble(key)):
        for name in names:
            hit = _lookup(name).get(candidate)
            if hit:
                value, rank = hit
                kind = "scale" if rank is not None else "off_scale"
                flagged = doubled or (candidate != fold(value) and candidate == "yes starred")
                return Reading(printed, value, rank, kind, None, name, flagged)
    raise UnknownValueError("/".join(names), printed, context)


def read_indicator(indicator: str, printed: str | None, context: str = "") -> Reading:
    """Read a printed value of an indicator on the scales the registry declares for it."""
    return read_value(printed, INDICATORS[indicator].scale_names, context)


def unknown_reading(printed: str, scale: str | None) -> Reading:
    """The reading kept for text no scale knows: as printed, no canonical value."""
    return Reading(printed, None, None, "unknown", None, scale)
