"""The Jupyter kernel the reports run in: always this interpreter's ipykernel, never a stray kernelspec."""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from queue import Empty

from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

# The name written into the executed notebook's metadata (the standard one, so the notebook
# opens anywhere); the kernel actually started is fixed by CurrentPythonKernelManager.
KERNEL_NAME = "python3"


# How long a client waits for the kernel's IOPub messages of one kernel_info request before it
# asks again (a subscriber that has only just connected may miss them: ZeroMQ's "slow joiner").
IOPUB_JOIN_SECONDS = 0.5


class ReadyKernelClient(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel has answered, without jupyter_client's timed flush.

    jupyter_client's `wait_for_ready` ends by reading IOPub until 0.2 s pass without a
    message, so every client made (nbclient makes one per report, a reused kernel's reset
    another) waited 0.2 s doing nothing. This one asks for kernel_info and waits for the
    reply and then for the kernel's "idle" status of that same request on IOPub: that proves
    IOPub is connected, and every message the kernel sent before it has been read past (what
    the flush was for). If IOPub stays silent (not yet connected), it asks again.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answers on shell and IOPub; RuntimeError if it died or `timeout` passed."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = await self.await_answer("shell", msg_id, min(1.0, _left(deadline)),
                                             lambda m: m["msg_type"] == "kernel_info_reply")
            if reply is not None and await self.await_answer(
                    "iopub", msg_id, min(IOPUB_JOIN_SECONDS, _left(deadline)),
                    lambda m: m["msg_type"] == "status"
                    and m["content"].get("execution_state") == "idle") is not None:
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if _left(deadline) <= 0:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def await_answer(self, channel: str, msg_id: str, timeout: float, wanted) -> dict | None:
        """The first message on `channel` answering `msg_id` for which `wanted` holds (others are read past); None after `timeout`."""
        get = self.shell_channel.get_msg if channel == "shell" else self.iopub_channel.get_msg
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = await get(timeout=_left(deadline))
            except Empty:
                return None
            if msg.get("parent_header", {}).get("msg_id") == msg_id and wanted(msg):
                return msg


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


# Where report kernels keep their connection files and sockets (`kernel_runtime_dir`).
ENV_KERNEL_DIR = "OGP_ANALYSIS_KERNEL_DIR"
KERNEL_FILE_PREFIX = "ogp-kernel-"
_SWEPT: set[str] = set()  # runtime folders this process has swept


def kernel_runtime_dir() -> Path:
    """The toolkit's own runtime folder for report kernels, swept once per process.

    `OGP_ANALYSIS_KERNEL_DIR`, or `ogp-analysis-<uid>/kernels` in the system's temporary
    folder (short, so that the kernels' socket paths stay within the OS's limit); made
    private to this user.

    Raises:
        OGPAnalysisError: the folder belongs to another user.
    """
    from ogp_analysis.errors import OGPAnalysisError

    env = os.environ.get(ENV_KERNEL_DIR)
    folder = Path(env) if env else (Path(tempfile.gettempdir()) / f"ogp-analysis-{os.getuid()}"
                                    / "kernels")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_uid != os.getuid():
        raise OGPAnalysisError(f"the report kernels' folder {folder} belongs to another user: "
                               f"set {ENV_KERNEL_DIR} to a folder of your own")
    if str(folder) not in _SWEPT:
        _SWEPT.add(str(folder))
        sweep_kernel_files(folder)
    return folder


def sweep_kernel_files(folder: Path | str) -> list[Path]:
    """Remove the connection files and sockets of report kernels whose process is gone.

    Each is named `ogp-kernel-<pid>-...` after the process that started the kernel (a kernel
    ends with that process); files of a live process are left.

    Returns:
        The files removed.
    """
    from ogp_analysis.storage import pid_alive

    removed = []
    for path in Path(folder).glob(f"{KERNEL_FILE_PREFIX}*"):
        pid = path.name[len(KERNEL_FILE_PREFIX):].split("-", 1)[0]
        # This process's own kernels are running: only another process's can be gone.
        if not pid.isdigit() or (int(pid) != os.getpid() and not pid_alive(int(pid))):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


class CurrentPythonKernelManager(AsyncKernelManager):
    """A kernel manager that starts ipykernel with `sys.executable`.

    A `python3` kernelspec found first on the Jupyter path (e.g. one a user installed in
    ~/.local/share/jupyter for another Python) would otherwise run the report in an
    interpreter without this package; a fresh venv may have no kernelspec installed at all.
    """

    def __init__(self, **kwargs):
        # The kernel's connection file (and its sockets) go into the toolkit's own runtime
        # folder, named after this process: never the user's Jupyter runtime folder, and what a
        # killed report left is swept by the next one (`sweep_kernel_files`).
        runtime = kernel_runtime_dir()
        name = f"{KERNEL_FILE_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        kwargs.setdefault("connection_file", str(runtime / f"{name}.json"))
        # Local IPC sockets where the OS has them: the kernel then does not warn about
        # (and nothing else on the machine can reach) an unencrypted TCP port.
        # Each kernel gets its own socket prefix, so kernels started at once by parallel
        # batch processes never race for the same socket file.
        if os.name == "posix":
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(runtime / name))
        super().__init__(**kwargs)

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return ReadyKernelClient

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
RESET_TIMEOUT_SECONDS = 60.0


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

    Args:
        reset_early: send the reset as soon as a report's cells have run, so that the kernel
            clears the namespace (and collects its garbage) while this process renders that
            report's PDF; the next report only checks that it succeeded. For a kernel that
            runs another report next (a batch worker's).
        one_report: the kernel of a single report: shut down in a thread as soon as that
            report's cells have run, while this process renders its PDF (the shutdown waits
            ~0.1 s for the process to go); `close` then only waits for that thread.
    """

    def __init__(self, reset_early: bool = False, one_report: bool = False):
        self.km: ReusedKernelManager | None = None
        self.reports = 0
        self.reset_early = reset_early
        self.one_report = one_report
        self._reset_sent: tuple[AsyncKernelClient, str] | None = None  # (its client, its msg_id)
        self._closing: threading.Thread | None = None
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

        sent, self._reset_sent = self._reset_sent, None
        if self.km is not None and self.km.has_kernel:
            try:
                if not run_sync(self.km.is_alive)():
                    raise RuntimeError("the reused report kernel died")
                if self.reports:  # a kernel that has run no report yet has nothing to reset
                    run_sync(self._reset)(sent)
            except Exception:  # noqa: BLE001 - a kernel that died or hangs is replaced
                self.close()
        if self.km is None:
            self._new_manager()  # its kernel is started by the first report's papermill run
        self.reports += 1
        return self.km

    def _new_manager(self) -> None:
        self.km = ReusedKernelManager(kernel_name=KERNEL_NAME)
        self.reports = 0

    def _send_reset(self) -> tuple[AsyncKernelClient, str]:
        """Ask the kernel to reset its namespace; (the client, the request's msg_id), its reply unread."""
        kc = self.km.client()
        kc.start_channels()
        return kc, kc.execute(RESET_CODE, silent=True, store_history=False)

    async def _reset(self, sent: tuple[AsyncKernelClient, str] | None = None) -> None:
        """Reset the namespace (or await the reset `sent` earlier) and check that it succeeded."""
        try:
            kc, msg_id = sent or self._send_reset()
            deadline = time.monotonic() + RESET_TIMEOUT_SECONDS
            # In slices of a second, so that a kernel that died is noticed at once.
            while (reply := await kc.await_answer("shell", msg_id, min(1.0, _left(deadline)),
                                                   lambda m: m["msg_type"] == "execute_reply")) is None:
                if not await self.km.is_alive():
                    raise RuntimeError("the reused report kernel died")
                if _left(deadline) <= 0:
                    raise RuntimeError("the reused report kernel did not answer its reset "
                                       f"in {RESET_TIMEOUT_SECONDS:g} s")
            if reply["content"].get("status") != "ok":
                raise RuntimeError(f"the reused report kernel could not be reset: {reply['content']}")
        finally:
            self.km.close_clients()

    def after_report(self) -> None:
        """Close the report's kernel clients; with `reset_early`, send the next reset; with `one_report`, shut it down."""
        if self.km is None:
            return
        self.km.close_clients()
        if self.one_report:
            km, self.km = self.km, None
            self._closing = threading.Thread(target=_shut_down, args=(km,), name="close-kernel",
                                             daemon=True)
            self._closing.start()
            return
        if self.reset_early and self.km.has_kernel:
            try:
                self._reset_sent = self._send_reset()
            except Exception:  # noqa: BLE001 - not sent: the next report resets it itself
                self.km.close_clients()

    def close(self) -> None:
        """Shut the kernel down now (nothing waits for it), or wait for the shutdown `after_report` began."""
        closing, self._closing = self._closing, None
        if closing is not None:
            closing.join()
        km, self.km = self.km, None
        if km is not None:
            _shut_down(km)


def _shut_down(km: ReusedKernelManager) -> None:
    """Close `km`'s clients and kill its kernel (a kernel already gone is fine)."""
    from jupyter_core.utils import run_sync

    km.close_clients()
    if km.has_kernel:
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - exiting: a kernel already gone is fine
            pass
