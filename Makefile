# ogp-analysis: every target creates (or reuses) .venv and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the project with its dev tools

run: $(STAMP) ## The main job: build the tables from the bundled UK data and write every UK report
	$(BIN)/ogp-analysis run

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## Lint with ruff
	$(BIN)/ruff check ogp_analysis tests scripts

bench: $(STAMP) ## Run the benchmark scripts (figures for the issue notes)
	$(BIN)/python scripts/bench_parse.py
	$(BIN)/python scripts/bench_build.py

clean: ## Remove the virtual environment and generated outputs
	rm -rf $(VENV) data/processed/* reports/*
