# Quick start: `make run` serves the course; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test check lint chromium clean bench-build bench-import bench bench-quick bench-wrk bench-instructions

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y python3-venv; \
	  else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'"; exit 1; fi; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $@

run: $(VENV)/.installed
	@$(BIN)/teaching check || echo "Some course files have problems (listed above); the rest is served."
	$(BIN)/teaching init-db
	@echo "Serving the course at http://127.0.0.1:8000 (Ctrl-C stops it)."
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; exit 1; fi; }

test: $(VENV)/.installed-test chromium
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/teaching check --strict

# Time `teaching build` on 10,000 synthetic records: from scratch, unchanged, one record changed.
bench-build: $(VENV)/.installed
	$(BIN)/python scripts/bench_build.py 10000

# `teaching import` of a 1,000-question Moodle XML file (target: under 2 s).
bench-import: $(VENV)/.installed
	$(BIN)/python scripts/bench_import.py 1000

# Ruff on everything; mypy on what [tool.mypy] in pyproject.toml names.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check teaching tests bench
	$(BIN)/mypy

# The load benchmark (docs/performance.md). PostgreSQL is included when
# BENCH_POSTGRES_URL names a database it may empty; BENCH_ARGS passes more options.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: $(VENV)/.installed-bench
	$(BIN)/python -m bench --quick $(BENCH_ARGS)

# The wrk probe alone (hello world, question page, save; docs/performance.md): a few minutes.
# WRK_ARGS passes options, e.g. WRK_ARGS="--turns 5" or "--a NAME=VALUE --b NAME=VALUE".
bench-wrk: $(VENV)/.installed-bench
	$(BIN)/python -m bench.wrk $(WRK_ARGS)

# Instructions a question page costs in one process (valgrind, a Debian package): steady
# enough to show a change of one per cent, where the wrk probe's ratios move by ten.
bench-instructions: $(VENV)/.installed-bench
	rm -f /tmp/teaching-page-instructions.*
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file=/tmp/teaching-page-instructions.%p \
		$(BIN)/python -m bench.instructions 200 2>/dev/null
	@grep -h '^summary:\|^totals:' /tmp/teaching-page-instructions.* | \
		awk '{ total += $$2 } END { printf "%.0f instructions a question page\n", total / 200 }'

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
