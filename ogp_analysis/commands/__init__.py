"""Subcommands of the ogp-analysis console script, one module each."""

from pathlib import Path

from ogp_analysis.errors import OGPAnalysisError


def read_input(name: str) -> bytes:
    """A file a command was given, or a one-line error naming it.

    Raises:
        OGPAnalysisError: the file cannot be read.
    """
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise OGPAnalysisError(f"cannot read {name}: {exc.strerror or exc}") from exc
