# Thin wrappers around the project's own commands. Quick start (see README):
#   make book   # venv + install, build data, execute notebooks, render with Quarto if present
#   make test   # venv + install, build data, ruff, mypy, pytest (notebooks executed headless)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# District boundaries are an external input located by configuration (never committed).
# Point at the workplace copy when it exists; override with ANALYSIS_GEO_DIR=/path.
ANALYSIS_GEO_DIR ?= $(if $(wildcard ../shared/geo/*.geojson),$(abspath ../shared/geo))
export ANALYSIS_GEO_DIR

.PHONY: install data notebooks book render test lint check bench quarto golden clean help

help:
	@echo "make book | test | data | notebooks | render | lint | bench | quarto | golden | clean"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ not found" >&2; exit 1; }
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required ($(PYTHON))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Also points Quarto at this venv (_environment.local) so `quarto render`/`quarto preview` work.
install: $(STAMP)
	@$(BIN)/python -c 'from analysis.book.quarto import prepare; prepare()'

data: install
	$(BIN)/python -m analysis build --check-package

notebooks: data
	$(BIN)/python -m analysis notebooks

# Exit code 3 from `analysis book` means "everything done except rendering: no Quarto";
# make treats that as success after the guidance is printed. Scripts that must know whether
# the book was rendered call `.venv/bin/python -m analysis book` directly.
book: install
	@$(BIN)/python -m analysis book; rc=$$?; [ $$rc -eq 3 ] && exit 0 || exit $$rc

render: install
	$(BIN)/python -m analysis render

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Timing checks are marked `slow` (they depend on the machine): `make check` runs them.
test: data
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not slow"

check: test
	$(BIN)/python -m pytest -m slow
	$(BIN)/python benchmarks/bench_build.py

bench: data
	$(BIN)/python benchmarks/bench_build.py

# Refresh tests/golden/processed.sha256 after a change that is *meant* to alter the tables.
golden: install
	$(BIN)/python tests/golden/refresh.py

quarto: install
	$(BIN)/python -m analysis quarto install

clean:
	rm -rf _book _freeze _build data/cache .pytest_cache
	find data/processed -type f ! -name README.md -delete
