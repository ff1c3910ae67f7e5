"""Folders the toolkit may replace, and the one rule that keeps it from touching anything else.

A build replaces its tables folder as a whole, a report replaces its figures folder and its
files, and a build prunes old snapshots. Each of these folders carries a marker the toolkit
wrote: the tables folder its `manifest.json` (which lists every file the build wrote), each
snapshot its copy of that manifest, each member folder of the reports its
`.ogp-analysis-reports.json` (the reports written there and their figure files). The toolkit
replaces or prunes a folder only when it is new, empty (a `.gitkeep` aside), or marked as its
own and holding nothing but what the marker lists. Anything else is refused before any work,
with one line naming the folder and the first file the toolkit did not write (`ForeignFolderError`,
exit 2), and nothing is touched.

Some folders are refused by name whatever they hold: the project root, the raw inputs
(`data/raw/` and the raw page store of the run), and the project's source folders (the package,
notebooks, tests, docs, scripts), and any folder that holds one of them.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.paths import Paths

# Files git keeps in otherwise empty folders: a folder holding only these is empty.
PLACEHOLDERS = frozenset({".gitkeep"})
MANIFEST = "manifest.json"
REPORTS_MARKER = ".ogp-analysis-reports.json"
# The project's source folders, refused as an output folder by name.
SOURCE_FOLDERS = ("ogp_analysis", "notebooks", "tests", "docs", "scripts")
# A snapshot folder's name (`snapshots._name`, `-NN` for two builds in one second), and the
# temporary folder a snapshot is copied into first (`.<name>.<pid>-<random>`).
SNAPSHOT_NAME = re.compile(r"^\d{8}T\d{6}Z(-\d{2,})?$")
SNAPSHOT_TEMP = re.compile(r"^\.\d{8}T\d{6}Z(-\d{2,})?\.")


class ForeignFolderError(OGPAnalysisError):
    """An output folder holds something the toolkit did not write (or is a protected folder)."""


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name not in PLACEHOLDERS)


def _refuse(what: str, folder: Path, foreign: Path) -> ForeignFolderError:
    shown = foreign.relative_to(folder) if foreign.is_relative_to(folder) else foreign
    return ForeignFolderError(
        f"{what} {folder} holds {shown}, which ogp-analysis did not write; nothing was touched: "
        "give a new or empty folder, or one ogp-analysis wrote")


def check_not_protected(folder: Path | str, what: str, *, paths: Paths | None = None,
                        raw_dirs: Iterable[Path | str | None] = ()) -> Path:
    """Refuse the project root, raw inputs and source folders (or a folder holding one) by name.

    Args:
        folder: the output folder asked for.
        what: how the user gave it (`--out`), for the message.
        paths: the project's folders (default `Paths.default()`).
        raw_dirs: raw page stores of this run (`--raw-dir`), refused like `data/raw/`.

    Raises:
        ForeignFolderError: one line naming the folder and what it is.
    """
    paths = paths or Paths.default()
    target = Path(folder).resolve()
    root = Path(paths.root).resolve()
    named = [(Path(paths.raw), "the raw inputs folder"),
             *((Path(d), "the raw page store") for d in raw_dirs if d is not None),
             *((root / name, f"the project's {name}/ folder") for name in SOURCE_FOLDERS)]
    if target == root:
        raise ForeignFolderError(f"{what} {folder} is the project root: give a folder of its own "
                                 "(default data/processed/)")
    for protected, label in named:
        protected = protected.resolve()
        if target == protected or target.is_relative_to(protected):
            raise ForeignFolderError(f"{what} {folder} is inside {label} ({protected}), which "
                                     "ogp-analysis never writes: give a folder of its own")
        if protected.is_relative_to(target):
            raise ForeignFolderError(f"{what} {folder} holds {label} ({protected}): give a "
                                     "folder of its own")
    if root.is_relative_to(target):
        raise ForeignFolderError(f"{what} {folder} holds the project root ({root}): give a "
                                 "folder of its own")
    return Path(folder)


def manifest_files(manifest: dict) -> set[str]:
    """The files a build wrote into its tables folder, from its manifest.

    Manifests list them under `files`; older ones only list their tables (each a Parquet file
    and a CSV copy).
    """
    if isinstance(manifest.get("files"), list):
        return {str(f) for f in manifest["files"]} | {MANIFEST}
    tables = manifest.get("tables") or {}
    return {MANIFEST, *PLACEHOLDERS, *(f"{t}.parquet" for t in tables), *(f"{t}.csv" for t in tables)}


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _first_unlisted(folder: Path, listed: set[str]) -> Path | None:
    """The first entry of a flat folder that is not a file named in `listed`."""
    for entry in _entries(folder):
        if entry.name not in listed or not entry.is_file() or entry.is_symlink():
            return entry
    return None


def foreign_in_tables_folder(folder: Path | str) -> Path | None:
    """The first file of a tables folder its manifest does not list (None: the folder is the toolkit's)."""
    folder = Path(folder)
    if not folder.is_dir() or not _entries(folder):
        return None
    manifest = _read_json(folder / MANIFEST)
    if manifest is None or "tables" not in manifest:
        return _entries(folder)[0]
    return _first_unlisted(folder, manifest_files(manifest))


def check_tables_folder(folder: Path | str, what: str = "--out") -> Path:
    """Refuse a tables folder that is not new, empty or a build's own (see the module docstring).

    Raises:
        ForeignFolderError: a file the build did not write, or a folder path that is a file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ForeignFolderError(f"{what} {folder} is a file, not a folder: give a folder path "
                                 "(it is created if missing)")
    foreign = foreign_in_tables_folder(folder)
    if foreign is not None:
        raise _refuse(what, folder, foreign)
    return folder


def foreign_in_snapshots(folder: Path | str) -> Path | None:
    """The first entry of a snapshots folder that is not a snapshot (or a snapshot's temp folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    for entry in _entries(folder):
        if entry.is_dir() and not entry.is_symlink() and SNAPSHOT_TEMP.match(entry.name):
            continue  # a copy under way, or one a killed build left (swept by save_snapshot)
        if not (entry.is_dir() and not entry.is_symlink() and SNAPSHOT_NAME.match(entry.name)):
            return entry
        foreign = foreign_in_tables_folder(entry)
        if foreign is not None:
            return foreign
        if not (entry / MANIFEST).is_file():
            return entry
    return None


def check_snapshots_folder(folder: Path | str, what: str = "--snapshots") -> Path:
    """Refuse a snapshots folder holding anything but snapshots the toolkit wrote.

    Raises:
        ForeignFolderError: names the folder and the first foreign entry.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ForeignFolderError(f"{what} {folder} is a file, not a folder")
    foreign = foreign_in_snapshots(folder)
    if foreign is not None:
        raise _refuse(what, folder, foreign)
    return folder


# --- reports ------------------------------------------------------------------------------------


def _report_names(stem: str, figures: Iterable[str]) -> set[str]:
    """The entries of a member folder that belong to the report `stem` (its figures as `dir/file`)."""
    return {f"{stem}.ipynb", f"{stem}.pdf", f"{stem}.html", f"{stem}.failed.ipynb",
            f"{stem}-figures", *(f"{stem}-figures/{f}" for f in figures)}


def _is_report_debris(name: str, stems: Iterable[str]) -> bool:
    """A temporary file or folder of an interrupted run of one of `stems` (`runner.remove_report_debris`)."""
    return any(name.startswith(p) for s in stems for p in (f".{s}.", f"..{s}.", f".{s}-figures."))


# Report stems of member folders written before the marker existed (`kinds.ReportKind.stem`).
LEGACY_STEM = re.compile(r"^(?P<stem>self-assessment-\d{4}|cross-cycle)(?:\.|-figures$)")


def read_reports_marker(member_folder: Path | str) -> dict[str, list[str]] | None:
    """The reports the toolkit wrote in a member folder: stem -> figure file names (None: no marker)."""
    data = _read_json(Path(member_folder) / REPORTS_MARKER)
    if data is None or not isinstance(data.get("reports"), dict):
        return None
    return {str(k): [str(f) for f in (v or [])] for k, v in data["reports"].items()}


def foreign_in_member_folder(folder: Path) -> Path | None:
    """The first entry of a member's reports folder that no report the toolkit wrote there owns."""
    reports = read_reports_marker(folder)
    if reports is None:  # written before the marker: report outputs are known by their names
        reports = {}
        for entry in _entries(folder):
            m = LEGACY_STEM.match(entry.name)
            if m:
                figures = entry.iterdir() if entry.is_dir() else ()
                reports.setdefault(m["stem"], [])
                reports[m["stem"]] += [f.name for f in figures]
    owned = {REPORTS_MARKER}.union(*(_report_names(s, f) for s, f in reports.items()))
    for entry in _entries(folder):
        if entry.name in owned and entry.is_dir() == entry.name.endswith("-figures"):
            if entry.is_dir():
                for inner in _entries(entry):
                    if f"{entry.name}/{inner.name}" not in owned or not inner.is_file():
                        return inner
            continue
        if not _is_report_debris(entry.name, [*reports, REPORTS_MARKER]):
            return entry  # (the marker's own temporary file, while another report writes it, is not)
    return None


def check_reports_folder(folder: Path | str, what: str = "--out",
                         members: Iterable[str] | None = None) -> Path:
    """Refuse a reports folder holding anything but member folders of reports the toolkit wrote.

    Args:
        folder: the reports folder (`reports/`).
        what: how the user gave it, for the message.
        members: check only these member folders in depth (None: every one); the folder's
            own entries are always checked.

    Raises:
        ForeignFolderError: names the folder and the first foreign entry.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ForeignFolderError(f"{what} {folder} is a file, not a folder")
    if not folder.is_dir():
        return folder
    deep = None if members is None else set(members)
    for entry in _entries(folder):
        if not entry.is_dir() or entry.is_symlink():
            raise _refuse(what, folder, entry)
        if deep is not None and entry.name not in deep:
            continue
        foreign = foreign_in_member_folder(entry)
        if foreign is not None:
            raise _refuse(what, folder, foreign)
    return folder


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder (released by the kernel if the process dies)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def record_report(member_folder: Path | str, stem: str, figures: Iterable[str] = (), *,
                  replace: bool = False) -> None:
    """Note in the member folder's marker that the toolkit writes the report `stem` there.

    Called before a report writes anything (with no figures), and with the figure files before
    its figures folder is swapped in (`replace=False`: the marker lists the old and the new
    ones, so a run killed in between leaves nothing unlisted), then once more with
    `replace=True` to drop the old ones.
    """
    from ogp_analysis.storage import atomic_write_text, remove_stale_files

    folder = Path(member_folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        remove_stale_files(folder, {REPORTS_MARKER})
        reports = read_reports_marker(folder) or {}
        old = [] if replace else reports.get(stem, [])
        reports[stem] = sorted(set(old) | set(figures))
        atomic_write_text(folder / REPORTS_MARKER, json.dumps(
            {"written_by": "ogp-analysis", "reports": dict(sorted(reports.items()))}, indent=1) + "\n")
