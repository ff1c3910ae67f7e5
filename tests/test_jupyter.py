"""Jupyter in one command: the notebook extra is installed and the project's kernel is registered inside .venv."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from tests.conftest import REPO

VENV = (REPO / ".venv").resolve()


def kernel_name() -> str:
    """The kernel name the Makefile registers (its one home)."""
    return re.search(r"^KERNEL := (\S+)$", (REPO / "Makefile").read_text(), re.M)[1]


def test_the_makefile_registers_the_kernel_inside_the_venv_and_installs_the_notebook_extra():
    makefile = (REPO / "Makefile").read_text()
    assert "--sys-prefix --name $(KERNEL)" in makefile and "--user" not in makefile
    assert re.search(r"pip install .*-e '\.\[[^]]*\bnotebook\b", makefile)
    # make test and make run go through the same install stamp
    assert re.search(r"^test: \$\(STAMP\)", makefile, re.M)
    assert re.search(r"^run: \$\(STAMP\)", makefile, re.M)
    assert re.search(r"^notebook: \$\(STAMP\).*\n(?:\t.*\n)*?\t\$\(BIN\)/jupyter lab --notebook-dir=notebooks",
                     makefile, re.M)


def test_the_installed_jupyter_lists_the_project_kernel_in_the_venv():
    jupyter = Path(sys.executable).with_name("jupyter")
    done = subprocess.run([str(jupyter), "kernelspec", "list", "--json"],
                          capture_output=True, text=True, timeout=60, check=True)
    specs = json.loads(done.stdout)["kernelspecs"]
    assert kernel_name() in specs, sorted(specs)
    assert Path(specs[kernel_name()]["resource_dir"]).resolve().is_relative_to(VENV)
    # JupyterLab (`jupyter lab` runs the jupyter-lab script) and the Excel writer sit in the same
    # environment (`jupyter lab --version` would cost ~5 s of server imports)
    assert jupyter.with_name("jupyter-lab").is_file()
    assert int(version("jupyterlab").split(".")[0]) >= 4 and version("openpyxl")


def test_the_registered_kernel_started_by_name_runs_the_project_venv():
    name = kernel_name()
    spec = KernelSpecManager().get_kernel_spec(name)
    assert Path(spec.resource_dir).resolve().is_relative_to(VENV)
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
    try:
        printed = []
        reply = kc.execute_interactive(
            "import sys, ogp_analysis; print(sys.prefix); print(ogp_analysis.__file__)",
            timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    prefix, package = "".join(printed).split()
    assert Path(prefix).resolve() == VENV
    assert Path(package).resolve().is_relative_to(REPO)


def test_the_explore_notebook_opens_in_the_project_kernel():
    nb = nbformat.read(REPO / "notebooks" / "explore.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == kernel_name()
