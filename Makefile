# trustsim — developer entry points. Every target creates .venv itself when needed.
#
#   make run [ARGS="..."]        the flagship sweep, then the comparison, report.html and report_zh.html
#                                (ARGS: `trustsim sweep` arguments, e.g. ARGS="smoke --serial";
#                                RESULTS=DIR when ARGS has --out or the file sets `output:`)
#   make test [TESTARGS="..."]   run the test suite (all of it, on every core; make test-fast
#                                skips the slow part: -m "not slow")
#   make lint                    ruff check
#   make baseline                store the regression baseline (tests/baseline/) anew
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
EMA_STAMP := $(VENV)/.installed-ema
CHROMIUM  := /usr/bin/chromium
ARGS      ?=
TESTARGS  ?=
FLAGSHIP  := experiments/compare_strategies.yaml
# the folder `make run` compares: results/NAME of the experiment swept (override RESULTS=DIR)
RESULTS   ?= results/$(basename $(notdir $(firstword $(if $(strip $(ARGS)),$(ARGS),$(FLAGSHIP)))))

export PIP_NO_INPUT := 1

.PHONY: help venv install run test test-fast test-deps chromium cjkfont lint baseline dashboard \
        bench clean distclean

help:
	@sed -n '3,15s/^# \{0,1\}//p' Makefile

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

# The flagship: 5 crises x 6 strategies x 20 paired replications on the local Dask cluster
# (resumable: a second `make run` only prints the tables), results in results/compare_strategies/,
# then the paired comparison (compare/ folder: CSV, Parquet, PNG figures) and report.html.
# A second `make run` with nothing left to run reprints the tables and rewrites nothing.
run: install cjkfont
	$(BIN)/trustsim sweep $(if $(strip $(ARGS)),$(ARGS),$(FLAGSHIP))
	$(BIN)/trustsim compare $(RESULTS) --report $(RESULTS)/report.html
	$(BIN)/trustsim report $(RESULTS) --lang zh --quiet

# The compiled kernels are compiled once first (into ~/.cache/trustsim), so that the test
# workers load them instead of each compiling the same kernels at once.
test: install test-deps
	@# Compile once, before the workers start, the kernels the suite uses most: every size
	@# below 20,000 users, and 20,000 or more with 4 and 5 platforms (each its own version);
	@# otherwise each test worker compiles them itself, on the clock of the tests.
	@$(BIN)/python -c "from trustsim.warmup import warm_up; print(f'kernels ready in {warm_up(((2000, 4), (20000, 4), (20000, 5))):.1f} s')"
	$(BIN)/python -m pytest -q -x -n auto --timeout=900 $(TESTARGS)

test-fast: install test-deps
	$(BIN)/python -m pytest -q -x -n auto --timeout=900 -m "not slow" $(TESTARGS)

# Extra dependencies of `make test` beyond the dev extra: the viz extra (Solara, Mesa's
# visualisation, the playwright package) and Debian's chromium for the dashboard's
# browser tests (Playwright drives /usr/bin/chromium; it downloads no browser of its own).
test-deps: $(VIZ_STAMP) $(EMA_STAMP) chromium cjkfont

# The EMA Workbench (notebook 05, scenario discovery with PRIM), executed by the tests.
$(EMA_STAMP): pyproject.toml $(VIZ_STAMP)
	$(BIN)/python -m pip install -e '.[dev,viz,ema]'
	@touch $@

# Debian's chromium, installed once (skipped when it is there; needs root, as CI has).
chromium:
	@if [ -x $(CHROMIUM) ]; then :; else \
	  echo "Installing Debian's chromium (dashboard browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

# A font for the Chinese report's figures (matplotlib finds it offline), installed once from
# Debian (skipped when there; needs root, as CI has; without it the Chinese report's
# figures keep English labels).
CJKFONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
cjkfont:
	@if [ -f $(CJKFONT) ]; then :; elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's fonts-wqy-microhei (Chinese report figures)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei; \
	else echo "note: no CJK font ($(CJKFONT)); install fonts-wqy-microhei for Chinese figure labels"; fi

lint: install
	$(BIN)/ruff check trustsim tests benchmarks scripts notebooks

# The regression baseline every test run compares with (tests/test_baseline.py). Run it only
# when a change is meant to move outputs, and say why in CHANGELOG.md.
baseline: install
	$(BIN)/python scripts/baseline.py --write

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
