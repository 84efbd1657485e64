# coopsec: the two commands of the README, plus bench and lint.
# Everything is installed into .venv from the package registries; nothing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/coopsec check > /dev/null  # validate the bundled data and warm the model cache
	touch $(STAMP)

setup: $(STAMP)

## make run: set up and show the cooperative security system as of today
run: setup
	$(BIN)/coopsec rings

## make test: set up, lint, type-check and run every test
test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest

## make bench: cold and warm query times (not part of the tests)
bench: setup
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_obligations.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis var
