"""The toolkit replaces only folders it owns, and a kill at the wrong moment leaves nothing behind.

Refusals: `build --out` and `report --out` at a folder the toolkit did not write (or may never
write) end in one line, exit 2, and every file is still there. Kills: a fetch killed between a
page's body and its sidecar, or during a write's fsync, a build killed while it copies its
snapshot: the next run removes what they left, and `build --strict` passes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from http_site import Site, commitment_ids, serve_member, wait_for

from ogp_analysis.cli import main as cli_main
from ogp_analysis.fetch import crawl
from ogp_analysis.owned import REPORTS_MARKER, check_reports_folder, foreign_in_snapshots
from ogp_analysis.report.kernel import KERNEL_FILE_PREFIX, sweep_kernel_files

FAST = dict(rpm=0, retries=1, backoff=0.01, timeout=2.0, progress=False)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A project folder of its own (OGP_ANALYSIS_HOME), with the folders a checkout has."""
    monkeypatch.setenv("OGP_ANALYSIS_HOME", str(tmp_path))
    for folder, name in (("data/raw/bundled", "commitments.csv"), ("notebooks", "explore.ipynb"),
                         ("ogp_analysis", "__init__.py"), ("docs", "data_dictionary.md")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / name).write_text("the user's\n")
    return tmp_path


@pytest.fixture
def raw(home):
    """A raw page store holding three fetched pages."""
    with Site() as site:
        serve_member(site, commitment_ids(3))
        crawl("united-kingdom", base_url=site.url, raw_dir=home / "raw", **FAST)
    return home / "raw"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _refused(capsys, argv: list[str], *words: str) -> str:
    """Run the CLI: exit 2 and one line on stderr holding `words`."""
    assert cli_main(argv) == 2
    err = [x for x in capsys.readouterr().err.splitlines() if x.strip()]
    assert len(err) == 1, err
    for word in words:
        assert word in err[0], err[0]
    return err[0]


def _build(raw: Path, out: Path | None = None, *extra: str) -> list[str]:
    return ["build", "--no-bundled", "--raw-dir", str(raw), *extra,
            *(["--out", str(out)] if out is not None else [])]


def test_build_out_at_the_raw_page_store_is_refused_and_every_page_kept(home, raw, capsys):
    before = _tree(home)
    _refused(capsys, _build(raw, raw), "raw page store", str(raw))
    assert _tree(home) == before
    assert len(list(raw.glob("united-kingdom/UK*/*.html"))) == 3


@pytest.mark.parametrize("where, words", [
    (".", ["project root"]),
    ("data/raw/bundled", ["raw inputs folder"]),
    ("data/raw", ["raw inputs folder"]),
    ("notebooks", ["notebooks/ folder"]),
    ("ogp_analysis/tables", ["ogp_analysis/ folder"]),
    ("docs", ["docs/ folder"]),
    ("data", ["holds the raw inputs folder"]),
])
def test_build_out_at_a_project_folder_is_refused_by_name(home, raw, capsys, where, words):
    before = _tree(home)
    _refused(capsys, _build(raw, home / where), *words)
    assert _tree(home) == before


def test_build_out_at_a_folder_with_a_users_file_is_refused_naming_the_file(home, raw, capsys):
    out = home / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"chapter one")
    before = _tree(home)
    _refused(capsys, _build(raw, out), str(out), "thesis.docx", "did not write")
    assert _tree(home) == before


def test_a_file_added_to_a_build_folder_stops_the_next_build(home, raw, capsys):
    out = home / "scratch"
    assert cli_main(_build(raw, out)) == 0
    (out / "notes.txt").write_text("my notes")
    capsys.readouterr()
    before = _tree(home)
    _refused(capsys, _build(raw, out), "notes.txt")
    assert _tree(home) == before
    (out / "notes.txt").unlink()  # the user takes the file away: the folder is the build's again
    assert cli_main(_build(raw, out)) == 0


def test_a_build_writes_a_new_an_empty_and_its_own_previous_folder(home, raw, capsys):
    for out in (home / "new" / "tables", home / "empty"):
        if out.name == "empty":
            out.mkdir()
            (out / ".gitkeep").touch()
        assert cli_main(_build(raw, out)) == 0
        assert cli_main(_build(raw, out)) == 0  # its own previous output
        manifest = json.loads((out / "manifest.json").read_text())
        assert sorted(p.name for p in out.iterdir()) == manifest["files"]


def test_a_snapshots_folder_with_a_users_file_is_refused_before_the_build(home, raw, capsys):
    snaps = home / "data" / "snapshots"
    snaps.mkdir(parents=True)
    (snaps / "keep-me.csv").write_text("x")
    before = _tree(home)
    _refused(capsys, _build(raw), "snapshots folder", "keep-me.csv")
    assert _tree(home) == before
    assert not (home / "data" / "processed").exists()


def _tables(home: Path, raw: Path, capsys) -> Path:
    out = home / "tables"
    assert cli_main(_build(raw, out)) == 0
    capsys.readouterr()
    return out


def test_report_out_at_a_folder_with_a_users_file_is_refused_and_kept(home, raw, capsys):
    data = _tables(home, raw, capsys)
    out = home / "my-reports"
    out.mkdir()
    (out / "letter.pdf").write_bytes(b"%PDF")
    before = _tree(home)
    for argv in (["report", "self-assessment", "--member", "united-kingdom", "--cycle", "2016"],
                 ["report", "batch"]):
        _refused(capsys, [*argv, "--data", str(data), "--notebooks", str(REPO / "notebooks"),
                          "--out", str(out)], "letter.pdf")
    assert _tree(home) == before


def test_report_out_with_a_file_added_to_a_reports_figures_is_refused(tmp_path):
    member = tmp_path / "reports" / "united-kingdom"
    (member / "cross-cycle-figures").mkdir(parents=True)
    (member / "cross-cycle-figures" / "plans.csv").write_text("x")
    (member / "cross-cycle.pdf").write_bytes(b"%PDF")
    (member / REPORTS_MARKER).write_text(json.dumps({"reports": {"cross-cycle": ["plans.csv"]}}))
    check_reports_folder(tmp_path / "reports")  # the toolkit's own: accepted
    (member / "cross-cycle-figures" / "mine.xlsx").write_bytes(b"x")
    with pytest.raises(Exception, match="mine.xlsx"):
        check_reports_folder(tmp_path / "reports")


def test_report_out_at_the_project_root_is_refused(home, raw, capsys):
    data = _tables(home, raw, capsys)
    before = _tree(home)
    _refused(capsys, ["report", "batch", "--data", str(data), "--notebooks", str(REPO / "notebooks"),
                      "--out", str(home)], "project root")
    assert _tree(home) == before


# --- kills ---------------------------------------------------------------------------------------

# A fetch that blocks at a chosen point: before a sidecar is written, or in a write's fsync.
BLOCKING_FETCH = """
import os, sys, time
from ogp_analysis.fetch import store
point = sys.argv[1]
# The listing and the first commitment page are stored whole; the second page's capture blocks.
if point == "sidecar":
    write = store.atomic_write_bytes
    def blocked(path, data):
        if str(path).endswith(".json") and "UK0091" in str(path):
            time.sleep(600)
        write(path, data)
    store.atomic_write_bytes = blocked
else:
    fsync = os.fsync
    def blocked(fd):
        if "UK0091" in os.readlink(f"/proc/self/fd/{fd}"):
            time.sleep(600)
        fsync(fd)
    os.fsync = blocked
from ogp_analysis.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _kill_once(argv: list[str], ready, what: str) -> None:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_for(ready, timeout=60.0, what=what)
    finally:
        proc.kill()
        proc.wait(timeout=30)


@pytest.mark.parametrize("point", ["sidecar", "fsync"])
def test_a_fetch_killed_mid_capture_leaves_nothing_after_the_next_build(home, capsys, point):
    raw = home / "raw"
    with Site() as site:
        serve_member(site, commitment_ids(2))
        argv = [sys.executable, "-c", BLOCKING_FETCH, point, "fetch", "--member", "united-kingdom",
                "--base-url", site.url, "--raw-dir", str(raw), "--rpm", "0", "--no-progress"]
        page = raw / "united-kingdom" / "UK0091"
        left = (lambda: any(page.glob("*.html"))) if point == "sidecar" else (
            lambda: any(page.glob(".*.tmp")))
        _kill_once(argv, left, f"the fetch to block at its {point}")
    debris = [p for p in page.iterdir() if p.is_file()]
    assert len(debris) == 1, "the kill should have left a body or a temporary file"

    assert cli_main(_build(raw, home / "out", "--strict")) == 0
    printed = capsys.readouterr().out
    assert "removed" in printed and debris[0].name in printed  # said once
    assert not debris[0].exists() and not list(page.iterdir())
    assert (raw / "united-kingdom" / "UK0090").is_dir()  # the complete capture is kept
    assert cli_main(_build(raw, home / "out", "--strict")) == 0
    assert "removed" not in capsys.readouterr().out  # and only once


def test_a_fetch_sweeps_what_a_killed_fetch_left_and_completes_the_capture(home, capsys):
    raw = home / "raw"
    with Site() as site:
        serve_member(site, commitment_ids(2))
        argv = [sys.executable, "-c", BLOCKING_FETCH, "sidecar", "fetch", "--member",
                "united-kingdom", "--base-url", site.url, "--raw-dir", str(raw), "--rpm", "0",
                "--no-progress"]
        _kill_once(argv, lambda: any((raw / "united-kingdom" / "UK0091").glob("*.html")),
                   "the fetch to block at a sidecar")
        crawl("united-kingdom", base_url=site.url, raw_dir=raw, **FAST)
    bodies = sorted(raw.rglob("*.html"))
    assert bodies and all(b.with_suffix(".json").is_file() for b in bodies)
    assert not list(raw.rglob(".*"))
    assert cli_main(_build(raw, home / "out", "--strict")) == 0


BLOCKING_SNAPSHOT = """
import shutil, sys, time
copy = shutil.copy2
def blocked(src, dst, *a, **k):
    copy(src, dst, *a, **k)
    if "snapshots" in str(dst):
        time.sleep(600)
shutil.copy2 = blocked
from ogp_analysis.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_while_copying_its_snapshot_leaves_no_hidden_folder(home, raw, capsys):
    snaps = home / "data" / "snapshots"
    argv = [sys.executable, "-c", BLOCKING_SNAPSHOT, *_build(raw)]
    _kill_once(argv, lambda: snaps.is_dir() and any(p.name.startswith(".") and any(p.iterdir())
                                                    for p in snaps.iterdir()),
               "the snapshot copy to start")
    assert [p for p in snaps.iterdir() if p.name.startswith(".")]
    assert foreign_in_snapshots(snaps) is None  # the temp folder is the toolkit's, not refused

    assert cli_main(_build(raw, None, "--strict")) == 0
    assert not [p.name for p in snaps.iterdir() if p.name.startswith(".")]


def test_kernel_files_of_a_dead_process_are_swept_and_a_live_ones_kept(tmp_path):
    dead = tmp_path / f"{KERNEL_FILE_PREFIX}999999999-abc.json"
    live = tmp_path / f"{KERNEL_FILE_PREFIX}{os.getppid()}-abc.json"
    socket = tmp_path / f"{KERNEL_FILE_PREFIX}999999999-abc-1"
    other = tmp_path / "kernel-123.json"  # not the toolkit's name: never touched
    for f in (dead, live, socket, other):
        f.write_text("{}")
    assert sorted(sweep_kernel_files(tmp_path)) == sorted([dead, socket])
    assert live.exists() and other.exists()


def test_two_builds_in_one_second_keep_both_snapshots(tmp_path, monkeypatch):
    from ogp_analysis import snapshots

    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "manifest.json").write_text(json.dumps(
        {"built_at": "2026-01-01T00:00:00+00:00", "tables": {"x": {}}}))
    (processed / "x.parquet").write_bytes(b"x")
    copy = snapshots.shutil.copy2

    def racing(src, dst, *a, **k):  # another build takes the snapshot's name meanwhile
        monkeypatch.setattr(snapshots.shutil, "copy2", copy)
        (tmp_path / "snaps" / "20260101T000000Z").mkdir()
        (tmp_path / "snaps" / "20260101T000000Z" / "manifest.json").write_text("{}")
        return copy(src, dst, *a, **k)

    monkeypatch.setattr(snapshots.shutil, "copy2", racing)
    made = snapshots.save_snapshot(processed, tmp_path / "snaps", keep=5)
    assert made.name == "20260101T000000Z-02"
    assert not [p for p in (tmp_path / "snaps").iterdir() if p.name.startswith(".")]


def test_tables_built_by_another_version_are_one_line_naming_the_file_and_the_rebuild(tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "processed"
    assert cli_main(["build", "--out", str(out)]) == 0
    meetings = pd.read_parquet(out / "meetings.parquet")
    meetings["a_column_of_another_version"] = 1
    meetings.to_parquet(out / "meetings.parquet")
    capsys.readouterr()
    assert cli_main(["figures", "at-a-glance", "--member", "united-kingdom", "--data", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "meetings.parquet" in err[0] and "rebuild with `ogp-analysis build`" in err[0]
