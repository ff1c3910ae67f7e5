"""Reading and writing the processed tables: Parquet + CSV + manifest.json, the folder replaced atomically.

A build writes into a temporary sibling `.<out>.new-<pid>-<random>` and swaps it in whole. A
build killed on the way (kill -9 runs no clean-up) leaves that folder behind; the next build
removes every such folder (and `.<out>.old-<pid>-...`) whose process is gone, so no debris
outlives one run. The `.gitignore` ignores them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ogp_analysis import __version__
from ogp_analysis.errors import NotFoundError, OGPAnalysisError, SchemaError
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.owned import MANIFEST, check_tables_folder
from ogp_analysis.paths import Paths
from ogp_analysis.schema import check, coerce, matches_schema


def make_readable(path: Path) -> None:
    """Give a file or folder the permissions a plain write would (temp files are created 0600/0700)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if Path(path).is_dir() else 0o666) & ~umask)


def check_folder_path(path: Path | str, what: str) -> Path:
    """Refuse a folder to write in when it, or a folder above it, is a file or is read-only.

    Args:
        path: the folder (created later if missing).
        what: how the user gave it (`--out`, `--raw-dir`), for the message.

    Raises:
        OGPAnalysisError: one line naming the path and what to do.
    """
    path = Path(path)
    for here in (path, *path.parents):
        if not here.exists():
            continue
        if not here.is_dir():
            where = "is a file" if here == path else f"is under {here}, which is a file"
            raise OGPAnalysisError(f"{what} {path} {where}, not a folder: give a folder path "
                                   "(it is created if missing)")
        if not os.access(here, os.W_OK | os.X_OK):
            raise OGPAnalysisError(f"{what} {path}: cannot write in {here} (permission denied): "
                                   "give a folder you can write to")
        break
    return path


TEMP_SUFFIX = ".tmp"


def temp_prefix(name: str) -> str:
    """The prefix of a temporary file written in place of `name`: `.<name>.<pid>-` (see `remove_stale_files`)."""
    return f".{name}.{os.getpid()}-"


def remove_stale_files(folder: Path | str, names: set[str] | None = None) -> list[Path]:
    """Remove the temporary files `atomic_write_bytes` calls in `folder` left when killed.

    A temporary file is `.<name>.<pid>-<random>.tmp`; it is debris when its process is gone
    (one without a pid in its name was written before pids were: debris too).

    Args:
        folder: the folder to sweep (not its subfolders).
        names: only the temporaries of these final names (None: of any name).

    Returns:
        The files removed.
    """
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        parts = path.name[1:-len(TEMP_SUFFIX)].rsplit(".", 1)
        if len(parts) != 2 or (names is not None and parts[0] not in names) or not path.is_file():
            continue
        if "-" in parts[1] and not owner_gone(parts[1].split("-", 1)[0]):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{temp_prefix(path.name)}", suffix=TEMP_SUFFIX,
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        make_readable(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write text as UTF-8, atomically (see `atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot_range(tables: dict[str, pd.DataFrame]) -> dict:
    """The capture dates behind the tables: earliest and latest retrieved_at, undated sources."""
    src = tables.get("sources")
    if src is None or src.empty:
        return {"earliest": None, "latest": None, "dated_sources": 0, "undated_sources": 0}
    dated = src["retrieved_at"].dropna()
    return {
        "earliest": dated.min().isoformat() if len(dated) else None,
        "latest": dated.max().isoformat() if len(dated) else None,
        "dated_sources": int(len(dated)),
        "undated_sources": int(src["retrieved_at"].isna().sum()),
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str | None = None,
                 extra_manifest: dict | None = None, *, validated: bool = False) -> Path:
    """Validate every table and replace `out_dir` as a whole.

    Everything is written to a temporary sibling folder first; only when every table has been
    validated and written is the old folder swapped out. A failure leaves the previous
    outputs untouched.

    Args:
        tables: table name -> frame, one entry per table of the registry.
        out_dir: destination (default `data/processed/`).
        extra_manifest: more keys for manifest.json (inputs, summary).
        validated: the tables are `build_tables`' output, validated there: a table whose
            columns and dtypes match its schema is written as it is (validation runs once per
            build); one that does not is validated here all the same. False: every table is
            validated here, while the files are written (a failure writes nothing).

    Returns:
        The output folder.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir) if out_dir else Paths.default().processed
    check_tables_folder(out)  # refused before anything is written: a folder of the user's
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise SchemaError(f"cannot write: tables missing: {missing}")
    # Cast what is not cast yet (naming a bad value before anything is written); pandera's
    # checks then run while the files are written, and the folder is swapped in only after.
    typed = {name: tables[name] if matches_schema(tables[name], name) else coerce(tables[name], name)
             for name in TABLES}
    unchecked = [name for name in TABLES if not (validated and matches_schema(tables[name], name))]
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        def write(name: str) -> dict:
            df = typed[name]
            # One Arrow conversion serves both copies (what `df.to_parquet(index=False)` does).
            arrow = pa.Table.from_pandas(df, preserve_index=False)
            pq.write_table(arrow, tmp / f"{name}.parquet")
            with (tmp / f"{name}.csv").open("wb") as fh:
                write_csv(df, fh, arrow)
            del arrow
            return {
                "rows": int(len(df)),
                "parquet_sha256": _sha256(tmp / f"{name}.parquet"),
                "csv_sha256": _sha256(tmp / f"{name}.csv"),
            }

        # Arrow's Parquet writer, its compute functions and hashing release the GIL: one
        # thread writes the files (the largest table first) while this one runs the checks.
        # (Two writer threads were no faster on two cores and held ~40 MiB more at the peak.)
        order = sorted(typed, key=lambda n: -len(typed[n]))
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            written = {name: pool.submit(write, name) for name in order}
            for name in unchecked:
                check(typed[name], name)
            files = {name: written[name].result() for name in typed}
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # an interrupt waits for no queued table
        written_files = sorted([MANIFEST, ".gitkeep", *(f"{n}.{ext}" for n in typed
                                                         for ext in ("parquet", "csv"))])
        manifest = {
            "ogp_analysis_version": __version__,
            # The folder's ownership marker (`owned.check_tables_folder`): every file written here.
            "files": written_files,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "snapshot": snapshot_range(typed),
            "tables": files,
            **(extra_manifest or {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        (tmp / ".gitkeep").touch()
        make_readable(tmp)
        swap_dirs(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


CSV_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# How booleans read in the CSV copies (the format as a whole: `dictionary.CSV_FORMAT`).
CSV_TRUE, CSV_FALSE = "True", "False"


def csv_bytes(df: pd.DataFrame, arrow=None) -> bytes:
    """A table as CSV bytes (`write_csv` into memory)."""
    import io

    buf = io.BytesIO()
    write_csv(df, buf, arrow)
    return buf.getvalue()


def write_csv(df: pd.DataFrame, fh, arrow=None) -> None:
    """Write a table's CSV copy with Arrow's CSV writer (C++, in batches of rows, the GIL released).

    Every value that is not a number is in double quotes (a quote inside doubled), so a comma,
    a quote or a line break stays inside its field: texts, codes, booleans (`True`/`False`)
    and timestamps (`YYYY-MM-DDTHH:MM:SSZ`, UTC). Numbers are bare; a missing value is an
    empty field; lines end in a line feed. The data dictionary says the same to the reader
    (tests/test_schema.py reads a copy back). Until issue 14 the copies were pandas' `to_csv`
    (quotes only where needed): the values read back are the same.

    Args:
        df: the table.
        fh: a binary file object.
        arrow: the same table as a `pyarrow.Table` if the caller has it (saves a conversion).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    arrow = arrow if arrow is not None else pa.Table.from_pandas(df, preserve_index=False)
    columns = []
    for col in arrow.columns:
        if pa.types.is_timestamp(col.type):
            # The tables' timestamps are UTC: the "Z" is their zone.
            col = pc.strftime(col.cast(pa.timestamp("s", tz="UTC"), safe=False), format=CSV_DATE_FORMAT)
        elif pa.types.is_boolean(col.type):
            col = pc.if_else(col, CSV_TRUE, CSV_FALSE)
        elif pa.types.is_dictionary(col.type):
            col = col.cast(pa.string())
        columns.append(col)
    pacsv.write_csv(pa.table(columns, names=arrow.column_names), fh,
                    pacsv.WriteOptions(quoting_style="needed"))


def owner_gone(pid: str) -> bool:
    """Whether the process named in a temporary file's name (its pid, as text) is gone.

    Text that is not a pid names no process: gone. This process counts as gone (its own
    temporaries of an earlier, interrupted call are debris too, and it writes one at a time).
    """
    return not pid.isdigit() or int(pid) == os.getpid() or not pid_alive(int(pid))


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def remove_stale_temp(out: Path) -> list[Path]:
    """Remove the temp folders interrupted writes of `out` left (their process is gone).

    Args:
        out: the folder a build writes (`data/processed/`).

    Returns:
        The folders removed.
    """
    out = Path(out)
    removed = []
    for kind in ("new", "old"):
        for path in out.parent.glob(f".{out.name}.{kind}-*"):
            pid = path.name[len(f".{out.name}.{kind}-"):].split("-", 1)[0]
            # A name without a live pid is debris (older builds wrote no pid into the name).
            if not owner_gone(pid):
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def swap_dirs(new: Path, out: Path) -> None:
    """Put `new` in place of `out` with two renames (the old folder is removed after)."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}-{datetime.now().timestamp():.0f}"
        os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(path: Path | str | None = None) -> dict:
    """The manifest of a processed-tables folder.

    Raises:
        NotFoundError: the folder holds no manifest (never built).
    """
    folder = Path(path) if path else Paths.default().processed
    f = folder / MANIFEST
    if not f.exists():
        raise NotFoundError(
            f"no processed tables in {folder} (no {MANIFEST}); run `ogp-analysis build` first"
        )
    return json.loads(f.read_text())


def load_tables(path: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Load every processed table as a typed frame (ordered categoricals restored).

    A file whose columns and dtypes are the table's schema (what `write_tables` wrote) is used
    as read; any other is cast by `schema.coerce` (which names a bad column or value).

    Args:
        path: the folder `ogp-analysis build` wrote (default `data/processed/`).
    """
    folder = Path(path) if path else Paths.default().processed
    read_manifest(folder)
    # The last folder loaded is kept: a batch worker's kernel loads the same tables for every
    # report. A file that changed (a rebuild, a table replaced by hand) is seen by its stat
    # and the folder read again. Each caller gets its own shallow copies (copy-on-write: a
    # change to one is not seen by the others).
    key = (str(folder.resolve()), *(_stat(folder / n) for n in (MANIFEST, *(f"{t}.parquet" for t in TABLES))))
    if _LOADED and _LOADED[0] == key:
        return {name: df.copy(deep=False) for name, df in _LOADED[1].items()}
    out = {}
    for name in TABLES:
        f = folder / f"{name}.parquet"
        if not f.exists():
            raise NotFoundError(f"{f} is missing; rebuild with `ogp-analysis build`")
        df = read_parquet(f)
        try:
            out[name] = df if matches_schema(df, name) else coerce(df, name)
        except SchemaError as exc:  # tables an older (or newer) version of the toolkit built
            raise SchemaError(f"{f}: {exc}: built by another version of ogp-analysis; rebuild "
                              "with `ogp-analysis build`") from None
    _LOADED[:] = [key, out]
    return {name: df.copy(deep=False) for name, df in out.items()}


_LOADED: list = []  # [key, tables] of the last folder `load_tables` read


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def read_parquet(path: Path) -> pd.DataFrame:
    """A Parquet table as pandas, text in the schema's Python-backed strings (`schema.dtype`).

    pyarrow's own mapping gives pyarrow-backed strings, which `coerce` would convert value
    by value; mapping the Arrow string type on the way in costs a fraction of that.
    A file that is not a readable Parquet table (truncated, overwritten, not Parquet) is one
    line naming it and the fix (OGPAnalysisError).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = pd.StringDtype("python")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OGPAnalysisError(f"{path} is not a readable Parquet table ({reason[:120]}): "
                               "rebuild with `ogp-analysis build`") from None
    return table.to_pandas(types_mapper={pa.string(): text, pa.large_string(): text}.get)
