"""The Jupyter kernel the reports run in: always this interpreter's ipykernel, never a stray kernelspec."""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import uuid
from pathlib import Path

from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir

# The name written into the executed notebook's metadata (the standard one, so the notebook
# opens anywhere); the kernel actually started is fixed by CurrentPythonKernelManager.
KERNEL_NAME = "python3"


class CurrentPythonKernelManager(AsyncKernelManager):
    """A kernel manager that starts ipykernel with `sys.executable`.

    A `python3` kernelspec found first on the Jupyter path (e.g. one a user installed in
    ~/.local/share/jupyter for another Python) would otherwise run the report in an
    interpreter without this package; a fresh venv may have no kernelspec installed at all.
    """

    def __init__(self, **kwargs):
        # Local IPC sockets where the OS has them: the kernel then does not warn about
        # (and nothing else on the machine can reach) an unencrypted TCP port.
        # Each kernel gets its own socket prefix in the runtime dir, so kernels started at
        # once by parallel batch processes never race for the same socket file.
        if os.name == "posix":
            kwargs.setdefault("transport", "ipc")
            runtime = jupyter_runtime_dir()
            os.makedirs(runtime, exist_ok=True)
            kwargs.setdefault("ip", os.path.join(runtime, f"ogp-kernel-{uuid.uuid4().hex[:12]}"))
        super().__init__(**kwargs)

    @property
    def kernel_spec(self) -> KernelSpec:
        """The kernel spec of the current interpreter (made once)."""
        if self._kernel_spec is None:
            self._kernel_spec = KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())
        return self._kernel_spec


class ReusedKernelManager(CurrentPythonKernelManager):
    """A kernel manager whose clients are remembered, so that they can be closed after each report."""

    def client(self, **kwargs):
        """A client of the kernel (remembered for `close_clients`)."""
        kc = super().client(**kwargs)
        self._clients = [*getattr(self, "_clients", []), kc]
        return kc

    def close_clients(self) -> None:
        """Close the channels of every client made so far (nbclient leaves them open on a kernel it does not own)."""
        for kc in getattr(self, "_clients", []):
            kc.stop_channels()
        self._clients = []


# What a reused kernel runs before each report: the previous report's names are gone (the
# notebook starts from a clean namespace as in a new kernel); imported modules stay loaded.
RESET_CODE = "get_ipython().run_line_magic('reset', '-f')"


# What nbclient starts a kernel with (its `ipython_hist_file` default): no history file, so
# kernels running at once never share one SQLite database.
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)


def notebook_imports(notebook: Path | str) -> str:
    """The import statements at the top level of a notebook's code cells, as one block of code.

    A kernel started early runs them (`WarmKernel.start`) while this process is still
    loading the tables: the notebook's imports then cost nothing when its cells run. Cells
    that are not Python (magics) are skipped; a notebook without imports gives "".
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    found = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        found += [ast.unparse(node) for node in tree.body
                  if isinstance(node, ast.Import | ast.ImportFrom)]
    return "\n".join(dict.fromkeys(found))


def preload(code: str) -> None:
    """Run `code` (a notebook's imports) in a namespace of its own, in a report kernel as it starts.

    The notebook's names stay those of a new kernel. A failing import is left to the
    notebook's own cell, which reports it where the reader looks.
    """
    with contextlib.suppress(Exception):
        exec(compile(code, "<preload>", "exec"), {})  # noqa: S102 - the notebook's own import lines


class WarmKernel:
    """One kernel that runs reports one after another: a batch worker's, or one report's.

    A new kernel for each report imports pandas, matplotlib and the package again (~1.5 s);
    this one imports them once. `start` launches it early with the notebook's imports, so
    they run while this process loads the tables (otherwise it starts on first use). Before
    each report after the first, the namespace is reset (`RESET_CODE`); a kernel that died
    is replaced. It is shut down by `close`, at the latest when the process exits (and, like
    every report kernel, it ends with its parent: ipykernel's parent poller).
    """

    def __init__(self):
        self.km: ReusedKernelManager | None = None
        self.reports = 0
        atexit.register(self.close)

    def start(self, cwd: Path | str, preload: str = "") -> None:
        """Start the kernel now (if it is not running), and have it run `preload` first.

        This returns once the kernel's process is launched; the kernel runs `preload` while it
        starts (IPython's `exec_lines`, through `preload`), before it answers any client, so
        the first report's client simply finds it ready later.

        Args:
            cwd: the kernel's working directory (the notebook's folder, as papermill gives it).
            preload: code to run before the first report (`notebook_imports`).
        """
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel:
            return
        arguments = list(KERNEL_ARGUMENTS)
        if preload:
            arguments.append("--IPKernelApp.exec_lines="
                             f"__import__('ogp_analysis.report.kernel').report.kernel.preload({preload!r})")
        self._new_manager()
        run_sync(self.km.start_kernel)(cwd=str(cwd), extra_arguments=arguments)

    def start_for(self, notebook: Path | str) -> WarmKernel:
        """Start the kernel for `notebook` now: its folder as working directory, its imports preloaded.

        A missing notebook starts nothing (the runner names it). Returns self.
        """
        notebook = Path(notebook)
        if notebook.is_file():
            self.start(notebook.parent, notebook_imports(notebook))
        return self

    def manager(self) -> ReusedKernelManager:
        """The kernel manager for the next report (its kernel reset, or not started yet)."""
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel:
            try:
                if not run_sync(self.km.is_alive)():
                    raise RuntimeError("the reused report kernel died")
                if self.reports:  # a kernel that has run no report yet has nothing to reset
                    run_sync(self._reset)()
            except Exception:  # noqa: BLE001 - a kernel that died or hangs is replaced
                self.close()
        if self.km is None:
            self._new_manager()  # its kernel is started by the first report's papermill run
        self.reports += 1
        return self.km

    def _new_manager(self) -> None:
        self.km = ReusedKernelManager(kernel_name=KERNEL_NAME)
        self.reports = 0

    async def _reset(self) -> None:
        kc = self.km.client()
        try:
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive(RESET_CODE, timeout=60, output_hook=lambda _msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError(f"the reused report kernel could not be reset: {reply['content']}")
        finally:
            self.km.close_clients()

    def after_report(self) -> None:
        """Close the report's kernel clients (the kernel goes on)."""
        if self.km is not None:
            self.km.close_clients()

    def close(self) -> None:
        """Shut the kernel down now (nothing waits for it)."""
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if km is None:
            return
        km.close_clients()
        if km.has_kernel:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - exiting: a kernel already gone is fine
                pass
