"""Executed notebook -> print HTML (nbconvert, code hidden) -> A4 PDF (WeasyPrint), written atomically."""

from __future__ import annotations

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


def html_to_pdf(page: str) -> bytes:
    """Render a print HTML page to PDF bytes with WeasyPrint.

    Args:
        page: a complete HTML document (images inline as data URIs).
    """
    import weasyprint  # imported here: loading Pango costs ~0.5 s, not needed for ipynb/html

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
