"""A batch worker's reused report kernel: one kernel for many notebooks, each starting from a clean namespace."""

from __future__ import annotations

import os

import nbformat
import pytest

from ogp_analysis.report.kernel import WarmKernel, notebook_imports
from ogp_analysis.report.runner import ReportError, execute_notebook


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x: int = 0", metadata={"tags": ["parameters"]}),
                *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)
    return path


def _text(nb, index):
    return "".join(o.get("text", "") for o in nb.cells[index].outputs)


@pytest.fixture(params=[pytest.param(False, id="reset-before-each-report"),
                        pytest.param(True, id="reset-sent-after-each-report")])
def kernel(request):
    warm = WarmKernel(reset_early=request.param)
    yield warm
    warm.close()


def test_reports_share_a_kernel_but_not_its_names(tmp_path, kernel):
    first = _notebook(tmp_path / "first.ipynb",
                      "import os, sys\nleftover = x\nprint(os.getpid())")
    second = _notebook(tmp_path / "second.ipynb",
                       "import os, sys\nprint(os.getpid())\nprint('leftover' in dir())\n"
                       "print('pandas' in sys.modules)")
    # a name defined by the first report is gone; what it imported is still imported
    warmup = _notebook(tmp_path / "warmup.ipynb", "import pandas")
    execute_notebook(warmup, tmp_path / "out0.ipynb", {"x": 1}, kernel=kernel)
    a = execute_notebook(first, tmp_path / "out1.ipynb", {"x": 7}, kernel=kernel)
    b = execute_notebook(second, tmp_path / "out2.ipynb", {"x": 8}, kernel=kernel)
    pid = int(_text(a, 2).strip())
    assert _text(b, 2).split() == [str(pid), "False", "True"]
    assert kernel.reports == 3
    kernel.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # shut down, not left behind


def test_a_kernel_that_died_is_replaced(tmp_path, kernel):
    nb = _notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    one = int(_text(execute_notebook(nb, tmp_path / "a.ipynb", {"x": 1}, kernel=kernel), 2))
    os.kill(one, 9)
    two = int(_text(execute_notebook(nb, tmp_path / "b.ipynb", {"x": 2}, kernel=kernel), 2))
    assert two != one


def test_notebook_imports_are_its_top_level_import_lines(tmp_path):
    nb = _notebook(tmp_path / "imports.ipynb",
                   "import colorsys\nfrom os import path as p, sep\nx = 1\nif x:\n    import json",
                   "%matplotlib inline", "import colorsys")
    # each import statement once, in order; nested ones and magics are not read
    assert notebook_imports(nb) == "import colorsys\nfrom os import path as p, sep"
    assert notebook_imports(_notebook(tmp_path / "none.ipynb", "y = 2")) == ""


def test_a_kernel_started_early_has_imported_what_the_notebook_imports(tmp_path, kernel):
    nb = _notebook(tmp_path / "early.ipynb",
                   "import sys\nprint('colorsys' in sys.modules, 'colorsys' in dir())",
                   "import colorsys")
    kernel.start(tmp_path, notebook_imports(nb))
    out = execute_notebook(nb, tmp_path / "early_out.ipynb", {"x": 1}, kernel=kernel)
    # imported before the first cell ran, yet not a name in the notebook's namespace
    assert _text(out, 2).split() == ["True", "False"]
    assert [c.execution_count for c in out.cells] == [1, 2, 3, 4]


def test_a_failing_preload_import_is_reported_by_the_notebook_cell(tmp_path, kernel):
    nb = _notebook(tmp_path / "bad.ipynb", "print('before')", "import no_such_module_here")
    kernel.start(tmp_path, notebook_imports(nb))
    with pytest.raises(ReportError, match="ModuleNotFoundError"):
        execute_notebook(nb, tmp_path / "bad_out.ipynb", {"x": 1}, kernel=kernel)


def _iopub_until_idle(kc, msg_id):
    """The IOPub messages answering `msg_id`, up to its idle status."""
    from jupyter_core.utils import run_sync

    async def read():
        got = []
        while True:
            msg = await kc.iopub_channel.get_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                got.append(("other", msg["msg_type"]))
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return got
            got.append((msg["msg_type"], msg["content"].get("text")))
    return run_sync(read)()


def test_a_client_is_ready_when_the_kernel_answers_with_earlier_output_read_past(tmp_path, kernel):
    from jupyter_core.utils import run_sync

    kernel.start(tmp_path)
    km = kernel.manager()
    first = km.client()
    first.start_channels()
    run_sync(first.wait_for_ready)(timeout=60)
    first.execute("print('earlier')")
    second = km.client()
    second.start_channels()
    run_sync(second.wait_for_ready)(timeout=60)
    mine = second.execute("print('mine')")
    # Everything the kernel sent before the client was ready is behind it: the first messages
    # it reads are its own request's.
    got = _iopub_until_idle(second, mine)
    assert ("stream", "mine\n") in got and not [g for g in got if g[0] == "other"]
    km.close_clients()


def test_a_client_of_a_kernel_that_died_says_so_at_once(tmp_path, kernel):
    import time

    from jupyter_core.utils import run_sync

    nb = _notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    pid = int(_text(execute_notebook(nb, tmp_path / "a.ipynb", {"x": 1}, kernel=kernel), 2))
    os.kill(pid, 9)
    kc = kernel.km.client()
    kc.start_channels()
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="Kernel died"):
        run_sync(kc.wait_for_ready)(timeout=60)
    assert time.monotonic() - start < 10  # noticed, not waited out
    kernel.km.close_clients()


def test_a_one_report_kernel_is_shut_down_as_its_cells_end(tmp_path):
    # While the report's PDF renders, its kernel goes away: nothing waits for it at the end.
    kernel = WarmKernel(one_report=True)
    nb = _notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    try:
        pid = int(_text(execute_notebook(nb, tmp_path / "a.ipynb", {"x": 1}, kernel=kernel), 2))
        assert kernel.km is None  # handed to the shutdown thread when the cells ended
        kernel._closing.join(timeout=30)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        kernel.close()
    kernel.close()  # closing again is harmless
