# Thin wrappers around the project's own commands. Quick start (see README):
#   make book   # venv + install, build data, execute notebooks, render with Quarto if present
#   make test   # venv + install, build data, ruff, mypy, pytest (notebooks executed headless)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The environment make runs in. Inside an active conda environment (other than base) make
# uses it as it is (create it from environment.yml; only the project itself is installed,
# with --no-deps); otherwise make builds .venv and installs the exact versions of uv.lock
# with uv (itself from PyPI, pinned here). Override with ENVIRONMENT=venv or ENVIRONMENT=conda.
# `make install LOCK=0` installs the newest versions pyproject.toml allows instead (to try
# an upgrade; then `make lock` rewrites uv.lock).
ACTIVE_CONDA := $(if $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV)))
ENVIRONMENT ?= $(if $(ACTIVE_CONDA),conda,venv)
LOCK ?= 1
UV_VERSION := 0.13.9
ifeq ($(ENVIRONMENT),conda)
VENV   := $(CONDA_PREFIX)
BIN    := $(CONDA_PREFIX)/bin
STAMP  := .conda-installed-stamp
else
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
endif
# District boundaries are an external input located by configuration (never committed).
# Point at the workplace copy when it exists; override with ANALYSIS_GEO_DIR=/path.
ANALYSIS_GEO_DIR ?= $(if $(wildcard ../shared/geo/*.geojson),$(abspath ../shared/geo))
export ANALYSIS_GEO_DIR

.PHONY: install lock data notebooks book render test lint check bench quarto golden clean help

help:
	@echo "make book | test | data | notebooks | render | lint | bench | quarto | golden | lock | clean"

ifeq ($(ENVIRONMENT),conda)
$(STAMP): pyproject.toml environment.yml
	@test -x "$(BIN)/python" || { echo "no python in the conda environment $(CONDA_PREFIX)" >&2; exit 1; }
	@echo "using the active conda environment $(CONDA_DEFAULT_ENV) ($(CONDA_PREFIX))"
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -c 'from analysis.extras import check_environment; check_environment("$(CONDA_DEFAULT_ENV)")'
	@touch $(STAMP)
else
$(STAMP): pyproject.toml uv.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11+ not found" >&2; exit 1; }
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required ($(PYTHON))" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
ifeq ($(LOCK),0)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
else
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	@# --compile-bytecode (about 10 s, once): a kernel started with PYTHONDONTWRITEBYTECODE=1
	@# cannot write .pyc files and compiled pandas and Altair from source every time; `make book`
	@# took 122 s instead of 82 s (its 34 chapters 73 s instead of 35 s).
	$(BIN)/uv sync --quiet --locked --all-extras --inexact --compile-bytecode --python $(BIN)/python
endif
	@touch $(STAMP)
endif

# Also points Quarto at this venv (_environment.local) so `quarto render`/`quarto preview` work.
install: $(STAMP)
	@$(BIN)/python -c 'from analysis.book.quarto import prepare; prepare()'

# PREVIOUS=PATH: continue the data release published last (a zip or a site's data/ folder).
data: install
	$(BIN)/python -m analysis build --check-package $(if $(PREVIOUS),--previous "$(PREVIOUS)")

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

# Timing checks are marked `slow` (they depend on the machine): `make check` runs them, one
# at a time. The rest run on every CPU (pytest-xdist); PYTEST_WORKERS=0 runs them in-process.
# pytest writes bytecode even where PYTHONDONTWRITEBYTECODE is set: its workers, the CLI
# subprocesses and the chapters' process each compiled the library and the tests from source
# (into __pycache__/, ignored by git; the whole run: 328 -> 298 CPU-s on the seed project).
PYTEST_WORKERS ?= auto
test: data
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -m "not slow" -n $(PYTEST_WORKERS)

check: test
	$(BIN)/python -m pytest -m slow
	$(BIN)/python benchmarks/bench_build.py

bench: data
	$(BIN)/python benchmarks/bench_build.py

# Refresh tests/golden/processed.sha256 after a change that is *meant* to alter the tables.
golden: install
	$(BIN)/python tests/golden/refresh.py

# Rewrite uv.lock after a change to the dependencies in pyproject.toml (needs the index).
# (Not through `install`: that insists on the old lock, which the change just made stale.)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv lock

quarto: install
	$(BIN)/python -m analysis quarto install

clean:
	rm -rf _book _freeze _build data/cache .pytest_cache .conda-installed-stamp
	find data/processed -type f ! -name README.md -delete
	find notebooks -type d -name _figures -prune -exec rm -rf {} +
