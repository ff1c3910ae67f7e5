"""Executed notebook -> print HTML (nbconvert, code hidden) -> A4 PDF (WeasyPrint), written atomically."""

from __future__ import annotations

import contextlib
import html
from importlib.resources import files
from pathlib import Path
from string import Template

import nbformat
from nbconvert import HTMLExporter

from ogp_analysis.storage import atomic_write_bytes, atomic_write_text

_TEMPLATES = files("ogp_analysis") / "templates"


def notebook_html(nb: nbformat.NotebookNode, title: str = "ogp-analysis report") -> str:
    """A standalone print HTML page of an executed notebook: outputs and markdown only.

    Args:
        nb: the executed notebook.
        title: the page's <title>.
    """
    # The "basic" template carries no stylesheet of its own (the lab one brings ~300 kB of
    # screen CSS that WeasyPrint would parse for every report); ours is print-only.
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    page = Template((_TEMPLATES / "report.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=html.escape(title),
        css=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
        body=body,
    )


@contextlib.contextmanager
def _library_lookup_without_compiler():
    """While WeasyPrint loads Pango & co., look library names up in the linker cache only.

    WeasyPrint tries each library under several names (Windows, macOS and Linux spellings);
    cffi hands every miss to `ctypes.util.find_library`, which on Linux runs gcc and ld to
    search (about 0.04 s a miss, ~0.2-0.4 s per process). The linker cache (`ldconfig -p`,
    read once) answers the same question; nothing installed is patched, and the real lookup
    is back in place as soon as the import is done.
    """
    import ctypes.util
    import sys

    real = ctypes.util.find_library
    if not sys.platform.startswith("linux"):
        yield
        return
    known = _linker_cache()

    def from_cache(name: str):
        for prefix in (f"lib{name}.so", f"{name}.so"):
            hit = known.get(prefix)
            if hit:
                return hit
        return None

    ctypes.util.find_library = from_cache
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _linker_cache() -> dict[str, str]:
    """{'libgobject-2.0.so': 'libgobject-2.0.so.0', ...} from `ldconfig -p` (empty if it cannot run)."""
    import subprocess

    out: dict[str, str] = {}
    for exe in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            text = subprocess.run([exe, "-p"], capture_output=True, text=True, timeout=5,
                                  check=False).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in text.splitlines()[1:]:
            soname = line.strip().split(" ", 1)[0]
            if ".so" in soname:
                out.setdefault(soname[: soname.index(".so") + 3], soname)
        if out:
            break
    return out


def html_to_pdf(page: str) -> bytes:
    """Render a print HTML page to PDF bytes with WeasyPrint.

    Args:
        page: a complete HTML document (images inline as data URIs).
    """
    # imported here: loading Pango costs ~0.5 s, not needed for ipynb/html
    with _library_lookup_without_compiler():
        import weasyprint

    return weasyprint.HTML(string=page).write_pdf()


def write_rendered(nb: nbformat.NotebookNode, path: Path | str, fmt: str, title: str) -> Path:
    """Write a notebook as `html` or `pdf`, atomically.

    Args:
        nb: the executed notebook.
        path: the output file.
        fmt: "html" or "pdf".
        title: the document title.
    """
    page = notebook_html(nb, title)
    path = Path(path)
    if fmt == "html":
        atomic_write_text(path, page)
    elif fmt == "pdf":
        atomic_write_bytes(path, html_to_pdf(page))
    else:
        raise ValueError(f"cannot render format {fmt!r} (html or pdf)")
    return path
