"""Shared fixtures. Tests that need ../shared/ fail (never skip) when it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_analysis.paths import shared_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared/ folder beside the checkout (real IRM and OGP data)."""
    path = shared_dir()
    if not (path / "data").is_dir() or not (path / "seeds").is_dir():
        pytest.fail(f"shared/ not found at {path}: clone the project beside it (or set OGP_ANALYSIS_SHARED)")
    return path


@pytest.fixture(scope="session")
def seed_page(shared) -> Path:
    return shared / "seeds" / "004_73604a62fa3e16d0.txt"


@pytest.fixture(scope="session")
def release_csv(shared) -> Path:
    return shared / "data" / "irm_data_release_open_parliament.csv"
