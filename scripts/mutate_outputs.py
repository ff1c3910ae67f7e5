"""Wrong output folders and kills at the wrong moment: does the toolkit lose a file, or leave debris?

A group of `scripts/mutate_inputs.py` (which prints its tally beside the other groups), also run
alone: `PYTHONPATH=<checkout> .venv/bin/python scripts/mutate_outputs.py [--show]`.

Outcomes, as in mutate_inputs: `named error` (refused with one line, exit 2, every file still
there), `clean` (a killed run's debris removed by the next run, which passes `build --strict`),
`traceback`, `silently wrong` (a file of the user's lost or changed, a folder written that should
have been refused, or debris left after the rerun).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the recorded-site server the tests use


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(argv: list[str]) -> tuple[int, list[str]]:
    from ogp_analysis.cli import main

    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, [x for x in err.getvalue().splitlines() if x.strip() and "%|" not in x]


def _home(base: Path, name: str) -> Path:
    """A project folder with the folders a checkout has, each holding a file of the user's."""
    home = base / name
    for folder, fname in (("data/raw/bundled", "commitments.csv"), ("notebooks", "explore.ipynb"),
                          ("ogp_analysis", "__init__.py"), ("docs", "notes.md"),
                          ("raw/united-kingdom/UK0001", "20260101T000000.000000Z.html")):
        (home / folder).mkdir(parents=True, exist_ok=True)
        (home / folder / fname).write_text("the user's\n")
    return home


def _refusal(home: Path, argv: list[str]) -> tuple[str, str]:
    """Run a command that must be refused: one line, exit 2, nothing under `home` changed."""
    before = _tree(home)
    try:
        code, err = _cli(argv)
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"[:100]
    after = _tree(home)
    lost = sorted(set(before) - set(after)) + sorted(k for k in before if k in after
                                                     and before[k] != after[k])
    if lost:
        return "silently wrong", f"exit {code}; lost or changed: {lost[:3]}"
    if code == 2 and len(err) == 1:
        return "named error", err[0][:100]
    return "silently wrong", f"exit {code}, not refused: {err[:1]}"


def refusal_cases(base: Path, release: Path):
    """(name, callable) for each wrong output folder."""
    def build(home, out, *extra):
        return ["build", "--no-bundled", "--irm-data", str(release), *extra, "--out", str(out)]

    def case(name, make_argv, prepare=None):
        def run():
            home = _home(base, name.replace(" ", "-").replace("/", "_"))
            os.environ["OGP_ANALYSIS_HOME"] = str(home)
            if prepare is not None:
                prepare(home)
            return _refusal(home, make_argv(home))
        return name, run

    def users_file(home):
        (home / "mine").mkdir()
        (home / "mine" / "thesis.docx").write_bytes(b"chapter one")

    def built_then_added(home):
        _cli(build(home, home / "scratch"))
        (home / "scratch" / "notes.txt").write_text("my notes")

    def snapshots_with_a_file(home):
        (home / "data" / "snapshots").mkdir(parents=True)
        (home / "data" / "snapshots" / "keep-me.csv").write_text("x")

    def reports_with_a_file(home):
        _cli(build(home, home / "tables"))
        (home / "my-reports").mkdir()
        (home / "my-reports" / "letter.pdf").write_bytes(b"%PDF")

    return [
        case("build --out at the raw page store",
             lambda h: ["build", "--no-bundled", "--raw-dir", str(h / "raw"), "--irm-data",
                        str(release), "--out", str(h / "raw")]),
        case("build --out at the project root", lambda h: build(h, h)),
        case("build --out at data/raw/bundled", lambda h: build(h, h / "data" / "raw" / "bundled")),
        case("build --out at notebooks/", lambda h: build(h, h / "notebooks")),
        case("build --out at a folder with a user's file", lambda h: build(h, h / "mine"), users_file),
        case("build --out at a build folder a user added to", lambda h: build(h, h / "scratch"),
             built_then_added),
        case("build with a user's file in the snapshots folder",
             lambda h: build(h, h / "data" / "processed"), snapshots_with_a_file),
        case("report --out at a folder with a user's file",
             lambda h: ["report", "self-assessment", "--member", "united-kingdom", "--cycle",
                        "2013", "--format", "html", "--data", str(h / "tables"), "--notebooks",
                        str(ROOT / "notebooks"), "--out", str(h / "my-reports")],
             reports_with_a_file),
    ]


# --- kills ---------------------------------------------------------------------------------------

BLOCKING = {
    "sidecar": """
from ogp_analysis.fetch import store
write = store.atomic_write_bytes
def blocked(path, data):
    if str(path).endswith(".json") and "UK0091" in str(path):
        time.sleep(600)
    write(path, data)
store.atomic_write_bytes = blocked
""",
    "fsync": """
fsync = os.fsync
def blocked(fd):
    if "UK0091" in os.readlink(f"/proc/self/fd/{fd}"):
        time.sleep(600)
    fsync(fd)
os.fsync = blocked
""",
    "snapshot": """
import shutil
copy = shutil.copy2
def blocked(src, dst, *a, **k):
    copy(src, dst, *a, **k)
    if "snapshots" in str(dst):
        time.sleep(600)
shutil.copy2 = blocked
""",
    "report": "",  # the report's own notebook blocks (OGP_TEST_SLEEP)
}


def _killed(point: str, argv: list[str], ready, env: dict) -> None:
    code = f"import os, sys, time\n{BLOCKING[point]}\nfrom ogp_analysis.cli import main\n" \
           "sys.exit(main(sys.argv[1:]))\n"
    # From a folder of its own: `-c` puts the working folder first on sys.path, ahead of the
    # PYTHONPATH that names the checkout measured.
    proc = subprocess.Popen([sys.executable, "-c", code, *argv], env=env, cwd=env["OGP_ANALYSIS_HOME"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 120
        while not ready() and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait(timeout=30)


def kill_cases(base: Path, release: Path):
    """(name, callable) for each kill at a chosen moment, then the rerun."""
    from http_site import Site, commitment_ids, serve_member

    def fetch_kill(point):
        def run():
            home = base / f"kill-{point}"
            home.mkdir(parents=True)
            raw = home / "raw"
            env = {**os.environ, "OGP_ANALYSIS_HOME": str(home)}
            os.environ["OGP_ANALYSIS_HOME"] = str(home)
            page = raw / "united-kingdom" / "UK0091"
            with Site() as site:
                serve_member(site, commitment_ids(2))
                _killed(point, ["fetch", "--member", "united-kingdom", "--base-url", site.url,
                                "--raw-dir", str(raw), "--rpm", "0", "--no-progress"],
                        lambda: page.is_dir() and any(page.iterdir()), env)
            if not (page.is_dir() and any(page.iterdir())):
                return "traceback", "the kill point was not reached"
            code, err = _cli(["build", "--no-bundled", "--strict", "--raw-dir", str(raw),
                              "--out", str(home / "out")])
            left = [p.name for p in page.iterdir()]
            if code == 0 and not left:
                return "clean", "removed by the next build; --strict passes"
            return "silently wrong", f"build --strict exit {code}; left: {left}"
        return f"fetch killed at the {point}", run

    def snapshot_kill():
        home = base / "kill-snapshot"
        home.mkdir(parents=True)
        env = {**os.environ, "OGP_ANALYSIS_HOME": str(home)}
        os.environ["OGP_ANALYSIS_HOME"] = str(home)
        snaps = home / "data" / "snapshots"
        argv = ["build", "--no-bundled", "--irm-data", str(release)]
        _killed("snapshot", argv, lambda: snaps.is_dir() and any(
            p.name.startswith(".") and any(p.iterdir()) for p in snaps.iterdir()), env)
        code, err = _cli([*argv, "--strict"])
        hidden = [p.name for p in snaps.iterdir() if p.name.startswith(".")]
        if code == 0 and not hidden:
            return "clean", "the next build removed the temporary snapshot folder"
        return "silently wrong", f"build exit {code}; left: {hidden}"

    def report_kill():
        home = base / "kill-report"
        home.mkdir(parents=True)
        os.environ["OGP_ANALYSIS_HOME"] = str(home)
        _cli(["build", "--no-bundled", "--irm-data", str(release), "--out", str(home / "t")])
        runtime, kernels = home / "jupyter-runtime", home / "kernels"
        env = {**os.environ, "OGP_ANALYSIS_HOME": str(home), "JUPYTER_RUNTIME_DIR": str(runtime),
               "OGP_ANALYSIS_KERNEL_DIR": str(kernels)}
        notebooks = home / "notebooks"
        notebooks.mkdir()
        import nbformat

        for name in ("self_assessment.ipynb", "cross_cycle.ipynb"):
            nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            nb.cells.insert(1, nbformat.v4.new_code_cell(
                "import os, time\nif os.environ.get('BLOCK'): time.sleep(600)"))
            nbformat.write(nb, notebooks / name)
        argv = ["report", "self-assessment", "--member", "united-kingdom", "--cycle", "2013",
                "--format", "html", "--data", str(home / "t"), "--notebooks", str(notebooks),
                "--out", str(home / "reports")]
        folder = home / "reports" / "united-kingdom"
        _killed("report", argv, lambda: folder.is_dir() and any(
            folder.glob(".self-assessment-2013-figures.new-*")), {**env, "BLOCK": "1"})
        time.sleep(2)  # the kernel sees its parent gone and exits
        subprocess.run([sys.executable, "-m", "ogp_analysis.cli", *argv], env=env, cwd=home,
                       capture_output=True, timeout=300)
        left = [p.name for d in (runtime, kernels) if d.is_dir() for p in d.iterdir()]
        if not left:
            return "clean", "no connection file left after the rerun"
        return "silently wrong", f"{len(left)} connection files left: {left[:2]}"

    return [fetch_kill("sidecar"), fetch_kill("fsync"),
            ("build killed while copying its snapshot", snapshot_kill),
            ("report killed mid-run", report_kill)]


def run_all(release: Path) -> list[tuple[str, str, str, str]]:
    """Every case: (group, name, outcome, why)."""
    shown = []
    home_before = os.environ.get("OGP_ANALYSIS_HOME")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        try:
            for group, cases in (("output folders", refusal_cases(base, release)),
                                 ("kills", kill_cases(base, release))):
                for name, run in cases:
                    try:
                        outcome, why = run()
                    except Exception as exc:  # noqa: BLE001
                        outcome, why = "traceback", f"{type(exc).__name__}: {exc}"[:100]
                    shown.append((group, name, outcome, why))
        finally:
            if home_before is None:
                os.environ.pop("OGP_ANALYSIS_HOME", None)
            else:
                os.environ["OGP_ANALYSIS_HOME"] = home_before
    return shown


def small_release(shared: Path, folder: Path) -> Path:
    """The shared release's rows of three UK 2013 commitments, as a CSV in `folder`."""
    import csv

    with (shared / "data" / "irm_data_release_open_parliament.csv").open(encoding="utf-8",
                                                                       newline="") as fh:
        reader = csv.reader(fh)
        rows = [next(reader)] + [r for r in reader if r[0].upper() in ("UK0051", "UK0059", "UK0062")]
    path = folder / "uk-2013.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def main() -> int:
    import argparse
    import logging

    from ogp_analysis.paths import shared_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        shown = run_all(small_release(args.shared, Path(tmp)))
    from collections import Counter

    tally: dict[str, Counter] = {}
    for group, name, outcome, why in shown:
        tally.setdefault(group, Counter())[outcome] += 1
        if args.show:
            print(f"{group:15} {outcome:15} {name}: {why}")
    print_tally(tally, "group")
    return 0


OUTCOMES = ("clean", "named error", "traceback", "silently wrong")


def print_tally(tally: dict, heading: str) -> None:
    """The tally as a Markdown table: one row per group, one column per outcome (`OUTCOMES`)."""
    print(f"| {heading} | tried | " + " | ".join(OUTCOMES) + " |")
    print("|---|---|" + "---|" * len(OUTCOMES))
    for group, counts in tally.items():
        print(f"| {group} | {sum(counts.values())} | " + " | ".join(str(counts[o]) for o in OUTCOMES) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
