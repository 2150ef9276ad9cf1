# trustsim — developer entry points. Every target creates .venv itself when needed.
#
#   make run [ARGS="..."]        run a simulation (default world when ARGS is empty)
#   make test [TESTARGS="..."]   run the test suite
#   make lint                    ruff check
#   make dashboard               install the viz extra and start the dashboard
#   make bench                   performance suite (not part of `make test`)
#   make clean / distclean       remove caches and build output / also .venv
#
# Python >= 3.12 is found by scripts/find-python; override with `make PYTHON=/path/to/python3.12`
# (only used when .venv is created: run `make distclean` first to switch interpreters).

SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
VIZ_STAMP := $(VENV)/.installed-viz
ARGS      ?=
TESTARGS  ?=

export PIP_NO_INPUT := 1

.PHONY: help venv install run test test-deps lint dashboard bench clean distclean

help:
	@sed -n '3,11s/^# \{0,1\}//p' Makefile

# --- environment ------------------------------------------------------------------

venv: $(BIN)/python

$(BIN)/python:
	@py="$$(PYTHON='$(PYTHON)' sh scripts/find-python)" || exit 1; \
	echo "Creating $(VENV) with $$py ($$("$$py" -V 2>&1))"; \
	"$$py" -m venv $(VENV)

install: $(STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	@touch $@

$(VIZ_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -e '.[dev,viz]'
	@touch $@

# --- everyday targets --------------------------------------------------------------

run: install
	$(BIN)/trustsim run $(ARGS)

test: install test-deps
	$(BIN)/python -m pytest -q -x --timeout=900 $(TESTARGS)

# >>> test-deps: extra dependencies that `make test` needs beyond the dev extra. <<<
# Currently nothing. Later issues add here the viz extra (depend on $(VIZ_STAMP)) and
# Debian's chromium for the browser tests (apt-get install -y chromium), guarded so that
# repeated runs do not reinstall.
test-deps: install
	@:

lint: install
	$(BIN)/ruff check trustsim tests

dashboard: $(VIZ_STAMP)
	$(BIN)/trustsim dashboard $(ARGS)

bench: install
	$(BIN)/python benchmarks/run.py $(ARGS)

# --- cleaning (never touches results/ or out/) -------------------------------------

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .hypothesis benchmarks/out
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
