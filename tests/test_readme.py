"""The README's commands run as written, in the current environment (CI runs `make test` itself)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

MARKER = "these exact commands are run by `tests/test_readme.py`"


def readme_session() -> list[str]:
    text = (REPO / "README.md").read_text()
    after = text[text.index(MARKER):]
    block = re.search(r"```bash\n(.*?)```", after, re.S)
    return [line for line in block[1].splitlines() if line.strip()]


def test_readme_names_the_commands_of_the_makefile_and_ci():
    text = (REPO / "README.md").read_text()
    assert "make run" in text and "make test" in text
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in ci
    makefile = (REPO / "Makefile").read_text()
    # `make test` runs pytest (after bringing the bytecode up to date)
    assert re.search(r"^test: .*\n(?:\t.*\n)*?\t\$\(BIN\)/python -m pytest", makefile, re.M)


@pytest.mark.slow
def test_readme_session_runs_as_written(tmp_path, shared):
    home = tmp_path / "home"
    shutil.copytree(REPO / "data" / "raw" / "bundled", home / "data" / "raw" / "bundled")
    shutil.copytree(REPO / "notebooks", home / "notebooks")
    exe = Path(sys.executable).with_name("ogp-analysis")
    env = dict(os.environ, OGP_ANALYSIS_HOME=str(home), OGP_ANALYSIS_SHARED=str(shared))
    lines = readme_session()
    assert lines and all(line.startswith("ogp-analysis ") for line in lines)
    outputs = []
    for line in lines:
        argv = [str(exe), *shlex.split(line)[1:]]
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        outputs.append(done.stdout)
    assert (home / "data" / "processed" / "manifest.json").exists()
    assert (home / "reports" / "united-kingdom" / "self-assessment-2013.pdf").stat().st_size > 10_000
    # the government's at-a-glance for 2013 names all 21 commitments of the plan
    assert re.search(r"\bcommitments\s+21\b", outputs[1]), outputs[1][:500]
    # the CSV header is the one the README promises (and `check --published` reads)
    promised = re.search(r"`figures \.\.\. --format csv` prints `([^`]+)`", (REPO / "README.md").read_text())[1]
    assert outputs[2].splitlines()[0] == promised


NOTEBOOK_MARKER = "## Working in a notebook"


def readme_notebook_calls() -> str:
    text = (REPO / "README.md").read_text()
    after = text[text.index(NOTEBOOK_MARKER):]
    return re.search(r"```python\n(.*?)```", after, re.S)[1]


def test_readme_first_notebook_calls_run_against_a_build(tmp_path, monkeypatch):
    from ogp_analysis.cli import main

    home = tmp_path / "home"
    assert main(["build", "--out", str(home / "data" / "processed")]) == 0
    monkeypatch.setenv("OGP_ANALYSIS_HOME", str(home))  # load_tables() reads home/data/processed
    code = readme_notebook_calls()
    calls = [ln for ln in code.splitlines() if re.search(r"# \d\. ", ln)]
    assert len(calls) == 5
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    # call 3: per plan year, the labels' numerators add up to the denominator (NA share at 0)
    per_cycle = eval(calls[2].split("#")[0], namespace).groupby("cycle")
    assert (per_cycle["numerator"].sum() == per_cycle["denominator"].first()).all()
    # call 4: both plans, each with its own denominator
    wide = eval(calls[3].split("#")[0], namespace)
    assert list(wide.columns.levels[0]) == ["united-kingdom 2013", "united-kingdom 2016"]
    com = namespace["tables"]["commitments"]
    plan = com[(com["member"] == "united-kingdom") & (com["cycle"] == 2013)]
    assert wide[("united-kingdom 2013", "denominator")].iloc[0] == plan["irm_completion_latest"].notna().sum()
    assert not eval(calls[4].split("#")[0], namespace).empty
