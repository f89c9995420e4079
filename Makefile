# Two commands: `make run` starts the app, `make test` runs every check. Both set up .venv first.
# `make run` installs only what the app needs; `make test` adds the test tools; `make package`
# adds PyInstaller and builds the frozen app (dist/lgcoder, and on Linux the .tar.gz download).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUM := $(shell cat pyproject.toml setup.py lgcoder/importers/_pdfscan.c | cksum | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(SUM)
TEST_STAMP := $(VENV)/.installed-test-$(SUM)
PACKAGE_STAMP := $(VENV)/.installed-package-$(SUM)

.PHONY: run test lint bench setup package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(TEST_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-test-*
	touch $@

$(PACKAGE_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	rm -f $(VENV)/.installed-package-*
	touch $@

setup: $(TEST_STAMP)

# Checks the system libraries Qt needs before starting (lgcoder/preflight.py).
run: $(RUN_STAMP)
	$(BIN)/lgcoder $(ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check lgcoder tests benchmarks
	$(BIN)/ruff format --check lgcoder tests benchmarks
	$(BIN)/mypy lgcoder/core
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks --readme README.md $(ARGS)

package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
