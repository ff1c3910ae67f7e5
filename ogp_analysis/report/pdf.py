"""Executed notebook -> print HTML (outputs and markdown, code hidden) -> A4 PDF (WeasyPrint), written atomically."""

from __future__ import annotations

import contextlib
import html
import re
import threading
from importlib.resources import files
from pathlib import Path
from string import Template

import nbformat

from ogp_analysis.storage import atomic_write_bytes, atomic_write_text

_TEMPLATES = files("ogp_analysis") / "templates"


def notebook_html(nb: nbformat.NotebookNode, title: str = "ogp-analysis report") -> str:
    """A standalone print HTML page of an executed notebook: outputs and markdown only.

    Markdown cells are rendered by mistune (the renderer nbconvert itself uses); each code
    cell contributes its outputs only: HTML as it is, a PNG chart as an image with its
    alternative text, plain text and stray streams as preformatted text. A flat page
    (one `div` per cell) rather than nbconvert's nested wrappers: nbconvert costs ~1 s to
    import and ~0.7 s to export a report, and WeasyPrint styles every element it adds.

    Args:
        nb: the executed notebook.
        title: the page's <title>.
    """
    import mistune

    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(f'<div class="text_cell">{mistune.html(cell.source)}</div>')
        elif cell.cell_type == "code":
            shown = "".join(_output_html(o) for o in cell.get("outputs", []))
            if shown:
                parts.append(f'<div class="code_cell">{shown}</div>')
    page = Template((_TEMPLATES / "report.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=html.escape(title),
        css=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
        body="\n".join(parts),
    )


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _output_html(output) -> str:
    """One code-cell output as print HTML (see `notebook_html`)."""
    kind = output.get("output_type")
    if kind == "stream":
        return f'<pre class="output_stream">{html.escape(output.get("text", ""))}</pre>'
    if kind == "error":
        trace = _ANSI.sub("", "\n".join(output.get("traceback", [])))
        return f'<pre class="output_error">{html.escape(trace)}</pre>'
    data = output.get("data", {})
    if "text/html" in data:
        return f'<div class="output_html">{_text(data["text/html"])}</div>'
    if "image/png" in data:
        alt = output.get("metadata", {}).get("image/png", {}).get("alt") \
            or output.get("metadata", {}).get("alt", "")
        png = _text(data["image/png"]).replace("\n", "")
        return (f'<div class="output_png"><img alt="{html.escape(alt, quote=True)}" '
                f'src="data:image/png;base64,{png}"/></div>')
    if "text/plain" in data:
        return f'<pre class="output_text">{html.escape(_text(data["text/plain"]))}</pre>'
    return ""


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


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
    return _weasyprint().HTML(string=page).write_pdf()


_IMPORT_LOCK = threading.Lock()


def _weasyprint():
    """WeasyPrint, imported on first use (loading Pango costs ~1 s, not needed for ipynb/html)."""
    with _IMPORT_LOCK, _library_lookup_without_compiler():
        import weasyprint

    return weasyprint


def preload() -> threading.Thread:
    """Import WeasyPrint in a background thread (while a report's kernel runs its notebook).

    The report process only waits for the kernel meanwhile; `html_to_pdf` then finds the
    module loaded. The import takes the same lock, so the two never race.
    """
    thread = threading.Thread(target=_weasyprint, name="load-weasyprint", daemon=True)
    thread.start()
    return thread


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
