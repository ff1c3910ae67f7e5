"""The report notebooks: committed clean, executed against the bundled data, rendered to a PDF whose text shows the plan's figures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from ogp_analysis.cli import main
from ogp_analysis.report import html
from ogp_analysis.report.params import notebook_parameters
from ogp_analysis.report.pdf import html_to_pdf
from ogp_analysis.report.runner import execute_notebook, run_report
from ogp_analysis.storage import load_tables

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MEMBER = "united-kingdom"
CYCLE = 2013  # the plan with both the IRM's and the government's completion


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The tables `ogp-analysis build` writes from the bundled UK data."""
    out = tmp_path_factory.mktemp("built") / "processed"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def tables(built) -> dict:
    return load_tables(built)


@pytest.fixture(scope="module")
def reports(built, tmp_path_factory) -> Path:
    """The cross-cycle report (ipynb), run once for the module (the PDFs: test_reader_reports)."""
    out = tmp_path_factory.mktemp("reports")
    run_report("cross-cycle", {"member": MEMBER}, data_dir=built, reports_dir=out, fmt="ipynb")
    return out / MEMBER


@pytest.mark.parametrize("name", ["self_assessment", "cross_cycle", "explore"])
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert code[0].metadata.get("tags") == ["parameters"]


@pytest.mark.parametrize("name", ["self_assessment", "cross_cycle", "explore"])
def test_every_line_of_the_parameters_cell_is_a_typed_commented_parameter(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    found = notebook_parameters(NOTEBOOKS / f"{name}.ipynb")
    # papermill skips (with a warning) a line it cannot parse: each line must come through
    assert len(found) == len(lines)
    assert all(p["type"] != "None" and p["help"] for p in found.values())


def test_cross_cycle_report_covers_every_plan(reports, tables):
    side = pd.read_csv(reports / "cross-cycle-figures" / "cross-cycle.csv")
    plans = tables["action_plans"]
    assert sorted(side["cycle"].unique()) == sorted(plans.loc[plans["member"] == MEMBER, "cycle"])
    nb = nbformat.read(reports / "cross-cycle.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_explore_notebook_runs_against_the_built_tables(built, tmp_path):
    nb = execute_notebook(NOTEBOOKS / "explore.ipynb", tmp_path / "explore.ipynb",
                          {"member": MEMBER, "data": str(built)})
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert len(images) == 1


def test_pdf_renders_text_from_the_data_in_every_script():
    # Latin, Greek and Cyrillic letters and the symbols seen in titles (the DejaVu fonts cover
    # them; CJK would need another font package)
    title = "Data & Transparency: 100% open — “quoted” ‘single’ ✓ ≤ é ł Ω Кирилица"
    frame = pd.DataFrame({"commitment_id": ["UK0042"], "title": [title]})
    page = (f"<html><head><meta charset='utf-8'></head><body>"
            f"{html.html_table(frame)}</body></html>")
    text = _words(PdfReader(io.BytesIO(html_to_pdf(page))).pages[0].extract_text())
    assert title in text
