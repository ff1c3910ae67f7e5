"""Parameterised reports: papermill runs of the notebooks, PDF rendering, batch runs and notebook helpers.

Submodules: `runner` (one report), `batch` (many), `pdf` (HTML/PDF rendering), `params`
(checks before running), `kinds` (report kinds and output paths), `assemble` (what the
notebooks call). Nothing heavy is imported here, so a notebook importing `assemble` does not
load papermill.
"""
