"""Parameterised reports: papermill runs of the notebooks, PDF rendering, batch runs and notebook helpers.

Submodules: `runner` (one report), `batch` (many), `pdf` (HTML/PDF rendering), `params`
(checks before running), `kinds` (report kinds and output paths), and what the notebooks
call: `html` (Jinja2 tables and text), `present` (frames reshaped for a reader, labels from the
figure registry), `record` (figure CSVs). Nothing heavy is imported here, so a notebook
importing them does not load papermill.
"""
