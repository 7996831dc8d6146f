# One task runner. `make test` and `make demo` build their own virtualenv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test test-fast lint types unit demo bench plugin-zip docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The whole suite: lint, types, every test (slow ones too) with the coverage floor.
test: lint types unit

# For the edit loop: lint, and the tests not marked slow (those start processes, drive whole
# syncs through faults or build a large council), without coverage or type checking; run
# `make test` before committing.
test-fast: $(STAMP)
	$(BIN)/ruff check cpdsync tests benchmarks
	$(BIN)/pytest -n auto -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check cpdsync tests benchmarks
	$(BIN)/ruff format --check cpdsync tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

# -n auto: one test process per CPU core; each test has its own database (a SQLite file, or a
# PostgreSQL schema of its own) and its own simulator port, so they never share state.
unit: $(STAMP)
	$(BIN)/pytest -n auto --cov --cov-report=term

demo: $(STAMP)
	$(BIN)/cpdsync demo

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Moodle's plugin installer wants one top folder named after the plugin without its type
# prefix (local_cpdsync -> cpdsync); it reads the type from version.php.
plugin-zip:
	rm -rf build/plugin && mkdir -p build/plugin dist
	cp -R moodle/local_cpdsync build/plugin/cpdsync
	rm -f dist/local_cpdsync.zip
	cd build/plugin && $(PYTHON) -m zipfile -c ../../dist/local_cpdsync.zip cpdsync
	@echo "dist/local_cpdsync.zip: install with Site administration > Plugins > Install plugins"

docs: $(STAMP)
	$(BIN)/python -m cpdsync.cli.reference > docs/cli.md
	$(BIN)/python -m cpdsync.render.json_report > docs/readiness.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .coverage
