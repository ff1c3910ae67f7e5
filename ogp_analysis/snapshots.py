"""Dated snapshots of each build (manifest + tables) and what changed between two of them, per commitment.

`save_snapshot` copies a build's `manifest.json` and `<table>.parquet` files into
`<snapshots>/<built-at>/` (the folder `paths.Paths.snapshots`, git-ignored) and keeps the
newest N. `diff_tables` is pure: two sets of tables in, one row per change out, naming the
commitment, the field, both values and both sources (URL and capture time). Provenance alone
(capture time, source id, which URL ranks first) is never a change: two captures that print
the same values do not differ.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.owned import SNAPSHOT_TEMP, check_snapshots_folder
from ogp_analysis.schema import coerce, empty
from ogp_analysis.storage import MANIFEST, make_readable, owner_gone, read_parquet

DEFAULT_KEEP = 10
DIFF_COLUMNS = ("commitment_id", "change", "table", "field", "old_value", "new_value",
                "old_source", "new_source")


# --- snapshots (I/O) ---------------------------------------------------------------------------


def _name(built_at: str) -> str:
    """A snapshot folder name from a manifest's built_at: `20260301T101500Z`."""
    ts = pd.Timestamp(built_at)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.strftime("%Y%m%dT%H%M%SZ")


def list_snapshots(snapshots: Path | str) -> list[Path]:
    """Every snapshot folder (one holding a manifest), oldest first."""
    folder = Path(snapshots)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / MANIFEST).is_file()
                  and not p.name.startswith("."))


def snapshot_folder(out: Path | str | None, paths) -> Path:
    """Where the snapshots of a tables folder live.

    `paths.snapshots` for the project's own `data/processed/`, else beside the folder
    (`<out>-snapshots`), so a build into a scratch folder never mixes with the project's history.

    Args:
        out: the folder the build wrote (None: the default).
        paths: the project's `Paths`.
    """
    if out is None or Path(out).resolve() == Path(paths.processed).resolve():
        return Path(paths.snapshots)
    out = Path(out)
    return out.parent / f"{out.name}-snapshots"


def check_keep(keep: int) -> int:
    """Refuse a snapshot count below 1 (checked before a build starts)."""
    if keep < 1:
        raise OGPAnalysisError(f"--keep must be at least 1 (got {keep})")
    return keep


def save_snapshot(processed: Path | str, snapshots: Path | str, keep: int = DEFAULT_KEEP) -> Path:
    """Keep a dated copy of a build's manifest and tables, then drop all but the newest `keep`.

    Args:
        processed: the folder the build wrote (`data/processed/`).
        snapshots: the snapshots folder (`Paths.snapshots`).
        keep: how many snapshots to keep (at least 1).

    Returns:
        The new snapshot's folder.

    Raises:
        OGPAnalysisError: keep < 1, or the processed folder has no manifest.
    """
    check_keep(keep)
    processed, snapshots = Path(processed), Path(snapshots)
    check_snapshots_folder(snapshots)  # prunes only snapshots: refuses a folder of the user's
    remove_stale_snapshot_temp(snapshots)
    manifest = processed / MANIFEST
    if not manifest.is_file():
        raise OGPAnalysisError(f"no build to snapshot: {manifest} is missing")
    name = _name(json.loads(manifest.read_text())["built_at"])
    snapshots.mkdir(parents=True, exist_ok=True)
    dest, n = snapshots / name, 1
    while dest.exists():  # two builds in one second
        n += 1
        dest = snapshots / f"{name}-{n:02d}"
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.{os.getpid()}-", dir=snapshots))
    try:
        for f in [manifest, *sorted(processed.glob("*.parquet"))]:
            shutil.copy2(f, tmp / f.name)
        make_readable(tmp)
        while True:
            try:
                tmp.rename(dest)
                break
            except OSError:
                if not dest.exists():
                    raise
                n += 1  # a concurrent build took the name first
                dest = snapshots / f"{name}-{n:02d}"
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in list_snapshots(snapshots)[:-keep]:
        # Renamed out of the way first (atomic), so that a concurrent build's check of the
        # folder never sees a snapshot half removed (a temporary folder is the toolkit's).
        gone = old.with_name(f".{old.name}.{os.getpid()}-pruned")
        try:
            old.rename(gone)
        except OSError:
            continue  # another build prunes it
        shutil.rmtree(gone, ignore_errors=True)
    return dest


def remove_stale_snapshot_temp(snapshots: Path | str) -> list[Path]:
    """Remove the temporary folders of snapshot copies whose build was killed (`.<name>.<pid>-<random>`).

    A folder whose process is alive is a copy under way (a concurrent build) and is left;
    one without a pid in its name was left by a build of before pids were written: debris.

    Returns:
        The folders removed.
    """
    removed = []
    folder = Path(snapshots)
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if not (path.is_dir() and SNAPSHOT_TEMP.match(path.name)):
            continue
        if not owner_gone(path.name.split(".", 2)[2].split("-", 1)[0]):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def resolve_snapshot(ref: str | Path, snapshots: Path | str) -> Path:
    """A snapshot's folder from its name (in the snapshots folder) or a path to a tables folder.

    Raises:
        NotFoundError: no such snapshot; lists the snapshots there are.
    """
    path = Path(ref)
    for candidate in (path, Path(snapshots) / str(ref)):
        if (candidate / MANIFEST).is_file():
            return candidate
    names = ", ".join(p.name for p in list_snapshots(snapshots)) or "none"
    raise NotFoundError(f"no snapshot {str(ref)!r} (snapshots in {snapshots}: {names})")


def default_pair(snapshots: Path | str) -> tuple[Path, Path]:
    """The last two snapshots (older, newer).

    Raises:
        NotFoundError: fewer than two snapshots.
    """
    found = list_snapshots(snapshots)
    if len(found) < 2:
        raise NotFoundError(f"diff needs two snapshots; {snapshots} has {len(found)} (each "
                            "`ogp-analysis build` keeps one)")
    return found[-2], found[-1]


def load_snapshot(folder: Path | str) -> dict[str, pd.DataFrame]:
    """A snapshot's tables, typed to today's registry.

    A snapshot of an older build may lack a table (it is empty here) or columns (they are
    null), or hold columns the registry has since dropped or renamed (they are left out, so a
    renamed column shows as a change from nothing).
    """
    folder = Path(folder)
    out = {}
    for name in TABLES:
        f = folder / f"{name}.parquet"
        if not f.is_file():
            out[name] = empty(name)
            continue
        df = read_parquet(f)
        out[name] = coerce(df[[c for c in df.columns if c in TABLES[name].fields]], name)
    return out


# --- diff (pure) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """What is compared in one table: rows keyed on `key`, `values` compared as text.

    `as_set`: the values of all rows with one key are compared as a set (policy areas).
    """

    table: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    label: tuple[str, ...]  # key columns that name the field (besides commitment_id)
    as_set: bool = False


_PROVENANCE = ("source_url", "retrieved_at")
COMPARED = (
    Compared("commitments", ("commitment_id",),
             tuple(f for f in TABLES["commitments"].fields
                   if f not in ("commitment_id", *_PROVENANCE)), ()),
    Compared("assessments",
             ("commitment_id", "assessor", "stage", "indicator", "ogp_value", "source_type",
              "source_url"),
             ("value_printed", "value", "value_kind", "missing_reason"),
             ("indicator", "ogp_value", "assessor", "stage", "source_type")),
    Compared("commitment_policy_areas", ("commitment_id", "vocabulary"), ("policy_area",),
             ("vocabulary",), as_set=True),
    Compared("commitment_ogp_values", ("commitment_id", "ogp_value", "source_type", "source_url"),
             ("is_relevant_to_value", "value_printed"), ("ogp_value", "source_type")),
    Compared("progress_updates",
             ("commitment_id", "milestone_ref", "as_of_date", "assessor", "source_type",
              "source_url"),
             ("progress_status_printed", "progress_status"),
             ("milestone_ref", "as_of_date", "assessor", "source_type")),
)


def _cell(v) -> str | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return str(v)


def _source(url, at) -> str | None:
    url, at = _cell(url), _cell(at)
    if url is None:
        return None
    return f"{url} (captured {at})" if at else f"{url} (undated)"


def _show(vals: dict) -> str:
    """One row's compared values as text: the canonical value, the printed text where it differs."""
    for canonical, printed in (("value", "value_printed"),
                               ("progress_status", "progress_status_printed")):
        if canonical in vals:
            v, p = vals[canonical], vals.get(printed)
            if v:
                return v + (f" (printed {p!r})" if p and p.strip().lower() != v.lower() else "")
            if p:
                return repr(p)
            return "missing" + (f" ({vals['missing_reason']})" if vals.get("missing_reason") else "")
    return " / ".join(x or "" for x in vals.values()).rstrip(" /")


def _keyed(df: pd.DataFrame, c: Compared) -> dict[tuple, tuple[str | None, str | None]]:
    """Key -> (values as one text, sources as one text)."""
    if df.empty:
        return {}
    # Plain text or None in every cell: Series.map would turn an all-None column into NaN.
    d = pd.DataFrame({col: pd.Series([_cell(v) for v in df[col]] if col in df else [None] * len(df),
                                     index=df.index, dtype=object)
                      for col in dict.fromkeys((*c.key, *c.values, *_PROVENANCE))})
    out = {}
    for key, rows in d.groupby(list(c.key), dropna=False, sort=False):
        key = tuple(None if (isinstance(k, float) and k != k) else k for k in
                    (key if isinstance(key, tuple) else (key,)))
        sources = "; ".join(sorted({s for s in map(_source, rows["source_url"], rows["retrieved_at"])
                                    if s}))
        if c.as_set:
            value = "; ".join(sorted({v for v in rows[c.values[0]] if v}))
        else:
            value = "; ".join(sorted({_show(dict(zip(c.values, vals, strict=True)))
                                      for vals in rows[list(c.values)].itertuples(index=False)}))
        out[key] = (value or None, sources or None)
    return out


def _field(c: Compared, key: tuple, value_name: str | None = None) -> str:
    named = dict(zip(c.key, key, strict=True))
    parts = [named[k] for k in c.label if named.get(k)]
    if c.table == "commitments":
        return value_name or ""
    return " ".join([parts[0], f"({', '.join(parts[1:])})"] if len(parts) > 1 else parts)


def diff_tables(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """What changed per commitment between two builds' tables.

    Args:
        old: the older build's tables.
        new: the newer build's tables.

    Returns:
        One row per change (DIFF_COLUMNS): `added` / `removed` commitments (one row each, their
        other rows left out), and `changed` fields with both values and both sources. Empty
        when only provenance differs.
    """
    oc = set(old["commitments"]["commitment_id"].astype(str))
    nc = set(new["commitments"]["commitment_id"].astype(str))
    rows = []
    com_src = {}
    for side, tables in (("old", old), ("new", new)):
        c = tables["commitments"]
        com_src[side] = {str(i): _source(u, a) for i, u, a in
                         zip(c["commitment_id"], c["source_url"], c["retrieved_at"], strict=True)}
    for cid in sorted(nc - oc):
        rows.append({"commitment_id": cid, "change": "added", "table": "commitments",
                     "field": None, "old_value": None, "new_value": None, "old_source": None,
                     "new_source": com_src["new"][cid]})
    for cid in sorted(oc - nc):
        rows.append({"commitment_id": cid, "change": "removed", "table": "commitments",
                     "field": None, "old_value": None, "new_value": None,
                     "old_source": com_src["old"][cid], "new_source": None})
    skip = oc ^ nc
    for c in COMPARED:
        if c.table == "commitments":
            for name in c.values:
                single = Compared(c.table, c.key, (name,), ())
                rows += _changes(single, old, new, skip, name)
        else:
            rows += _changes(c, old, new, skip)
    out = pd.DataFrame(rows, columns=list(DIFF_COLUMNS))
    return out.sort_values(["commitment_id", "table", "field"], kind="stable",
                           na_position="first").reset_index(drop=True)


def _changes(c: Compared, old: dict, new: dict, skip: set[str], value_name: str | None = None) -> list[dict]:
    a, b = _keyed(old[c.table], c), _keyed(new[c.table], c)
    rows = []
    for key in sorted(set(a) | set(b), key=lambda k: tuple("" if x is None else str(x) for x in k)):
        if key[0] in skip:
            continue
        (va, sa), (vb, sb) = a.get(key, (None, None)), b.get(key, (None, None))
        if va == vb:
            continue
        rows.append({"commitment_id": key[0], "change": "changed", "table": c.table,
                     "field": _field(c, key, value_name), "old_value": va, "new_value": vb,
                     "old_source": sa, "new_source": sb})
    return rows


def diff_snapshots(old: Path | str, new: Path | str) -> pd.DataFrame:
    """`diff_tables` of two snapshot (or processed tables) folders."""
    return diff_tables(load_snapshot(old), load_snapshot(new))


def diff_refs(refs: Sequence[str], snapshots: Path | str) -> tuple[Path, Path, pd.DataFrame]:
    """Resolve zero, one or two snapshot references (default: the last two) and diff them.

    With one reference, it is compared with the newest snapshot.
    """
    if len(refs) > 2:
        raise OGPAnalysisError(f"diff takes at most two snapshots (got {len(refs)})")
    if not refs:
        a, b = default_pair(snapshots)
    elif len(refs) == 1:
        found = list_snapshots(snapshots)
        if not found:
            raise NotFoundError(f"no snapshots in {snapshots} to compare {refs[0]!r} with")
        a, b = resolve_snapshot(refs[0], snapshots), found[-1]
    else:
        a, b = (resolve_snapshot(r, snapshots) for r in refs)
    return a, b, diff_snapshots(a, b)
