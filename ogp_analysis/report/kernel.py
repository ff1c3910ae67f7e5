"""The Jupyter kernel the reports run in: always this interpreter's ipykernel, never a stray kernelspec."""

from __future__ import annotations

import os
import uuid

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
