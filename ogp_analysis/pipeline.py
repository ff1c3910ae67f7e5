"""The build, end to end: every input read by its reader, merged into the tables, validated and written.

`ogp_analysis.build(...)` is this module's `build`; `ogp-analysis build` only parses its
arguments and prints the summary.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.metadata import rules as R
from ogp_analysis.paths import Paths
from ogp_analysis.snapshots import DEFAULT_KEEP


@dataclass
class BuildResult:
    """What a build did: the tables, its summary, the inputs it read and where it wrote."""

    tables: dict[str, pd.DataFrame]
    summary: object
    inputs: dict
    written: Path | None = None
    notes: list[str] = field(default_factory=list)
    snapshot: Path | None = None

    @property
    def strict_problems(self) -> pd.DataFrame:
        """The data_quality rows `--strict` refuses (`rules.STRICT_PROBLEMS`)."""
        dq = self.tables["data_quality"]
        return dq[dq["problem"].isin(R.STRICT_PROBLEMS)]


def _release_inputs(items, paths: Paths, redirect_hosts) -> list[tuple[str, Path, dict | None]]:
    """(as given, local file, download provenance) of each --irm-data item; URLs downloaded."""
    from ogp_analysis.keys import is_url

    out = []
    for item in items:
        if is_url(str(item)):
            # the fetch stage (and its HTTP client) is loaded only for a release to download
            from ogp_analysis.fetch.release import download_release

            path, meta = download_release(str(item), paths.releases, redirect_hosts=redirect_hosts)
            meta = {**meta, "raw_path": _relative(path, paths.root)}
            out.append((str(item), path, meta))
        else:
            out.append((str(item), Path(item), None))
    return out


def _relative(path: Path, root: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(root.resolve())) if path.is_relative_to(root.resolve()) else str(path)


def read_inputs(paths: Paths, *, raw_dir: Path | None = None, irm_data=(), bundled: bool = True,
                build_year: int | None = None, allow_empty: bool = False,
                redirect_hosts=(), progress: bool = True) -> tuple[list, dict, list[str]]:
    """Read every input of a build into Records.

    Args:
        paths: the project's folders.
        raw_dir: fetched pages (default `paths.pages`).
        irm_data: IRM data release files or URLs.
        bundled: read the bundled UK dataset and the other registered folder readers.
        build_year: the build's year: years after it + 2 are reported, not used (None: only
            years before 2011 are).
        redirect_hosts: hosts a release download may be redirected to.
        progress: tqdm bars on stderr.
        allow_empty: accept a release with a header and no rows.

    Returns:
        (records, inputs for the manifest, notes for the user).
    """
    from ogp_analysis.ingest import FOLDER_READERS, read_release
    from ogp_analysis.ingest.release import release_rows_read

    raw_dir = Path(raw_dir or paths.pages)
    records: list = []
    notes: list[str] = []
    inputs: dict = {"bundled": None, "raw_dir": _relative(raw_dir, paths.root), "pages": 0,
                    "irm_data": [], "folders": {}}
    if bundled:
        for name, reader in FOLDER_READERS.items():
            got = reader(paths)
            inputs["folders"][name] = len(got)
            records += got
        inputs["bundled"] = _relative(paths.bundled, paths.root)
    if raw_dir.is_dir() and any(raw_dir.iterdir()):
        from ogp_analysis.fetch.store import sweep_store
        from ogp_analysis.ingest.pages import read_pages  # and the fetch stage's store

        # What a killed fetch left (a body without its sidecar, temporary files) is removed
        # and said once here, never a data_quality row of every later build.
        notes += [f"raw pages: {line}" for line in sweep_store(raw_dir)]
        pages = read_pages(raw_dir, paths.root, progress=progress, build_year=build_year)
        inputs["pages"] = sum(1 for r in pages if not r.source.get("superseded_by"))
        records += pages
    else:
        notes.append(f"raw pages: {raw_dir} is missing or empty: no fetched pages in this build")
    for given, path, meta in _release_inputs(irm_data, paths, redirect_hosts):
        rel = read_release(path, progress=progress, provenance=meta, build_year=build_year,
                           allow_empty=allow_empty)
        records += rel
        inputs["irm_data"].append({"source": given, "rows": release_rows_read(rel),
                                   "sha256": rel[0].source["sha256"],
                                   "raw_path": rel[0].source.get("raw_path")})
    return records, inputs, notes


def check_output_folders(out: Path | str | None, paths: Paths, *,
                         raw_dir: Path | str | None = None) -> None:
    """Refuse a tables folder (and its snapshots folder) the build may not replace (`owned`).

    Args:
        out: the tables folder asked for (None: `data/processed/`).
        paths: the project's folders.
        raw_dir: the raw page store of the build (refused as an output, like `data/raw/`).

    Raises:
        ForeignFolderError: one line naming the folder and the first file the toolkit did not write.
    """
    from ogp_analysis.owned import check_not_protected, check_snapshots_folder, check_tables_folder
    from ogp_analysis.snapshots import snapshot_folder
    from ogp_analysis.storage import check_folder_path

    target = Path(out) if out is not None else Path(paths.processed)
    check_folder_path(target, "--out")
    check_not_protected(target, "--out", paths=paths, raw_dirs=[raw_dir])
    check_tables_folder(target, "--out")
    snapshots = snapshot_folder(out, paths)
    check_not_protected(snapshots, "the snapshots folder", paths=paths, raw_dirs=[raw_dir])
    check_snapshots_folder(snapshots, "the snapshots folder")


def build(*, raw_dir: Path | str | None = None, irm_data=(), bundled: bool = True,
          out: Path | str | None = None, strict: bool = False, write: bool = True,
          redirect_hosts=(), progress: bool = True, paths: Paths | None = None,
          keep: int = DEFAULT_KEEP, allow_empty: bool = False) -> BuildResult:
    """Build the processed tables from the bundled data, fetched pages and IRM data releases.

    Args:
        raw_dir: fetched pages (default `data/raw/pages/`).
        irm_data: IRM data release CSV files or http(s) URLs (downloaded into
            `data/raw/releases/<sha256>.csv` with a provenance sidecar, then read from there).
        bundled: read the bundled UK dataset (and the other folder readers).
        out: output folder (default `data/processed/`).
        strict: write nothing when any `rules.STRICT_PROBLEMS` row is found.
        write: write the tables (False: only build and return them).
        redirect_hosts: hosts a release download may be redirected to.
        progress: tqdm bars on stderr.
        paths: the project's folders (default `Paths.default()`).
        keep: dated snapshots of past builds to keep (`snapshots.save_snapshot`, at least 1).
        allow_empty: accept an IRM data release with a header and no rows (refused by default:
            it would replace the tables with empty ones).

    Returns:
        BuildResult (`written` is None when nothing was written).

    Raises:
        OGPAnalysisError: nothing to build; an input that cannot be read at all.
        SchemaError: a table fails validation.
    """
    from ogp_analysis.normalise import build_tables
    from ogp_analysis.schema import check
    from ogp_analysis.snapshots import check_keep, save_snapshot, snapshot_folder
    from ogp_analysis.storage import write_tables

    check_keep(keep)
    paths = paths or Paths.default()
    if write:  # before the build's work: a folder the toolkit may not replace is refused now
        check_output_folders(out, paths, raw_dir=raw_dir)
    # The build's time, read once: it is the manifest's built_at and its year is the upper end
    # of the year span (rules.year_problem), so nothing else in a build depends on the clock.
    built_at = datetime.now(UTC)
    records, inputs, notes = read_inputs(paths, raw_dir=Path(raw_dir) if raw_dir else None,
                                         build_year=built_at.year, allow_empty=allow_empty,
                                         irm_data=irm_data, bundled=bundled,
                                         redirect_hosts=redirect_hosts, progress=progress)
    if not records:
        raise OGPAnalysisError("nothing to build: --no-bundled, no raw pages and no --irm-data")
    # Cast here; validated once, while write_tables writes them (or below, when nothing is written).
    tables, summary = build_tables(records, check=False)
    del records  # the rows are in the tables now: free them before writing (peak memory)
    result = BuildResult(tables, summary, inputs, notes=notes)
    if not write or (strict and summary.strict_failures):
        result.tables = {name: check(df, name) for name, df in tables.items()}
        return result
    result.written = write_tables(tables, out, extra_manifest={
        "built_at": built_at.isoformat(timespec="seconds"), "inputs": inputs,
        "summary": summary.as_dict()})
    result.snapshot = save_snapshot(result.written, snapshot_folder(out, paths), keep=keep)
    return result


def print_summary(result: BuildResult, stream=None) -> None:
    """Rows per table and problems by kind and severity, for the terminal."""
    stream = stream or sys.stdout
    summary = result.summary
    stream.write("rows per table:\n")
    for name, n in summary.rows.items():
        stream.write(f"  {name:<26} {n:>8}\n")
    stream.write(f"sources: {summary.sources}\n")
    if summary.problems:
        stream.write("problems (data_quality) by kind and severity:\n")
        for (problem, severity), n in sorted(summary.problems.items(), key=lambda kv: (-kv[1], kv[0])):
            stream.write(f"  {problem:<26} {severity:<8} {n:>8}\n")
