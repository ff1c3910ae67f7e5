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


@pytest.fixture(scope="session")
def bundled_tables():
    """The bundled UK data built as `ogp-analysis build` builds it from the package's own files.

    The commitment pages' facts, the plan reports, the meeting records and plan process facts,
    and the bundled progress updates (never the user's data/raw folders).
    """
    from ogp_analysis.ingest import FOLDER_READERS, read_bundled
    from ogp_analysis.normalise import build_tables
    from ogp_analysis.paths import Paths

    paths = Paths.default()
    records = read_bundled(paths.bundled)
    for name in ("bundled_plan_reports", "process", "bundled_progress"):
        records += FOLDER_READERS[name](paths)
    return build_tables(records)[0]


@pytest.fixture(scope="session")
def release_tables(release_csv):
    """The shared IRM data release built into the processed tables."""
    from ogp_analysis.ingest import read_release
    from ogp_analysis.normalise import build_tables

    return build_tables(read_release(release_csv))[0]


@pytest.fixture(scope="session")
def release_build(release_csv, tmp_path_factory) -> Path:
    """The shared release built alone (`build --no-bundled --irm-data ...`), once per session: its folder."""
    from ogp_analysis.cli import main

    out = tmp_path_factory.mktemp("release-build") / "processed"
    assert main(["build", "--no-bundled", "--irm-data", str(release_csv), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def release_built_tables(release_build) -> dict:
    """The tables of `release_build`, loaded once per session (read them, never change them)."""
    from ogp_analysis.storage import load_tables

    return load_tables(release_build)


@pytest.fixture(scope="session")
def uk_build(tmp_path_factory) -> Path:
    """The bundled UK data built (`build`), once per session: its folder."""
    from ogp_analysis.cli import main

    out = tmp_path_factory.mktemp("uk-build") / "processed"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def uk_tables(uk_build) -> dict:
    """The tables of `uk_build`, loaded once per session (read them, never change them)."""
    from ogp_analysis.storage import load_tables

    return load_tables(uk_build)
