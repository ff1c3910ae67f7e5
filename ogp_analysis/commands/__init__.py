"""Subcommands of the ogp-analysis console script, one module each."""

import codecs
from datetime import datetime
from pathlib import Path

from ogp_analysis.errors import OGPAnalysisError

# The largest file a command reads (a saved page or a meeting note is a few MB at most): a
# bound, so `parse /dev/zero` or a disk image is refused in a moment instead of filling memory.
MAX_INPUT_BYTES = 64 << 20


def read_input(name: str, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A file a command was given (at most `limit` bytes), or a one-line error naming it.

    Raises:
        OGPAnalysisError: the file cannot be read, or is larger than `limit`.
    """
    try:
        with Path(name).open("rb") as fh:
            body = fh.read(limit + 1)
    except OSError as exc:
        raise OGPAnalysisError(f"cannot read {name}: {exc.strerror or exc}") from exc
    if len(body) > limit:
        raise OGPAnalysisError(f"{name} is larger than {limit >> 20} MB: not a saved page or "
                               "note; give the page or note itself")
    return body


def check_text(body: bytes, name: str) -> bytes:
    """`body` when it is text (a page, a note); a one-line error for an empty or binary file."""
    if not body.strip():
        raise OGPAnalysisError(f"{name} is empty: nothing to read")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body
    if b"\x00" in body[:8192]:
        raise OGPAnalysisError(f"{name} is a binary file (it holds NUL bytes), not text: give the "
                               "note as text or HTML")
    return body


def check_timestamp(text: str, flag: str) -> str:
    """An ISO 8601 date or date-time given on the command line, or a one-line error naming the flag."""
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise OGPAnalysisError(f"{flag} {text!r} is not an ISO 8601 date or time (e.g. "
                               "2024-05-01 or 2024-05-01T09:30:00Z)") from None
    return text
