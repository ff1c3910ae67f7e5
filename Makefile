# ogp-analysis: every target creates (or reuses) .venv and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test notebook lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

# WeasyPrint uses the system's Pango; libharfbuzz-subset0 lets it subset fonts quickly (without
# it every PDF takes ~2 s more and warns). Installed when missing and apt-get is usable; never fatal.
SYSTEM_PACKAGES := libharfbuzz-subset0

# The project's Jupyter kernel, registered inside .venv (--sys-prefix, never user-wide): JupyterLab
# started from .venv lists it as "Python (ogp-analysis)", and it runs .venv's Python.
KERNEL := ogp-analysis

$(STAMP): pyproject.toml Makefile
	@if command -v dpkg >/dev/null && ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1)) || \
	    echo "note: could not install $(SYSTEM_PACKAGES); PDFs still render, more slowly"; \
	  else echo "note: $(SYSTEM_PACKAGES) is missing (apt-get install $(SYSTEM_PACKAGES)); PDFs still render, more slowly"; fi; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebook]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ogp-analysis)" >/dev/null
	touch $(STAMP)

# Bytecode of the package, brought up to date before each target. Python writes it itself on
# first import, unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines): then every
# process (a build, each report and its kernel) compiled the package's modules again, ~0.15 s each.
BYTECODE = $(BIN)/python -m compileall -q ogp_analysis >/dev/null

setup: $(STAMP) ## Create .venv and install the project with its dev and notebook tools
	@$(BYTECODE)

run: $(STAMP) ## The main job: build the tables from the bundled UK data and write every UK report (PDF)
	@$(BYTECODE)
	$(BIN)/ogp-analysis build
	$(BIN)/ogp-analysis report batch --member united-kingdom --jobs 2

test: $(STAMP) ## Run the test suite
	@$(BYTECODE)
	$(BIN)/python -m pytest

notebook: $(STAMP) ## Start JupyterLab on notebooks/ (kernel "Python (ogp-analysis)")
	@$(BYTECODE)
	$(BIN)/jupyter lab --notebook-dir=notebooks

lint: $(STAMP) ## Lint with ruff
	$(BIN)/ruff check ogp_analysis tests scripts

bench: $(STAMP) ## Run the benchmark scripts (figures for the issue notes)
	@$(BYTECODE)
	$(BIN)/python scripts/bench_parse.py
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_load.py
	$(BIN)/python scripts/bench_refresh.py
	$(BIN)/python scripts/bench_report.py

clean: ## Remove the virtual environment and generated outputs
	rm -rf $(VENV) data/processed/* reports/*
