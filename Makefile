# coopsec: the two commands of the README, plus bench and lint.
# Everything is installed into .venv from the package registries; nothing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup browser run demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/coopsec check > /dev/null  # validate the bundled data and warm the model cache
	touch $(STAMP)

setup: $(STAMP)

## make run: set up, initialise var/ (SQLite) and serve the dashboard and API on http://127.0.0.1:8000
run: setup
	$(BIN)/coopsec serve --host 127.0.0.1 --port 8000

## make demo: like make run, after loading the crisis replays (Paris 2015, Türkiye 2023, a fictional CBRN attack)
demo: setup
	$(BIN)/coopsec demo
	$(BIN)/coopsec serve --host 127.0.0.1 --port 8000

## Debian's Chromium for the browser tests (installed through apt when missing)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## make test: set up, lint, type-check and run every test (SQLite and a throwaway PostgreSQL, real browser)
test: setup browser lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	scripts/with-postgres $(BIN)/pytest

## make bench: cold and warm query times, batches from a cold process (not part of the tests)
bench: setup
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_obligations.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python -m bench.bench_api
	$(BIN)/python -m bench.bench_page
	$(BIN)/python -m bench.bench_power  # exact Banzhaf/Shapley-Shubik for 27 members vs all 2^27 coalitions (issue 14)
	$(BIN)/python -m bench.bench_exchange  # 1,000,000 shared records: list and search p50/p95 (SQLite)
	scripts/with-postgres $(BIN)/python -m bench.bench_exchange --db postgresql  # the same on PostgreSQL
	$(BIN)/python -m bench.bench_linkage  # coopsec vs anonlink (own venv .venv-linkage-bench), FEBRL4 and 100k x 100k
	$(BIN)/python -m bench.bench_strategy  # simulated years/s on one core; speed-up on a 2-worker Dask LocalCluster (issue 15)

clean:
	rm -rf $(VENV) .venv-linkage-bench .mypy_cache .ruff_cache .pytest_cache .hypothesis var
