"""Where things live. Every path in the project resolves from here.

The project root (the folder holding ``_quarto.yml`` and ``data/``) is, in this order:
``ANALYSIS_ROOT`` when set (tests build into a temporary copy with it); the source tree this
package was imported from (a clone, or an editable install); otherwise — a normal,
non-editable ``pip install`` puts the package in site-packages, far from any data — the
nearest folder at or above the working directory that holds ``_quarto.yml`` and ``data/``.
``ANALYSIS_DATA`` points the table loaders at a folder of published tables instead of
``data/processed`` (an unzipped data release, see ``python -m analysis release``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

ROOT_VAR = "ANALYSIS_ROOT"
DATA_VAR = "ANALYSIS_DATA"
MARKER = "_quarto.yml"
#: The folder beside each chapter that holds the PNGs of its figures, written when the
#: chapter is executed (generated, ignored by git; :mod:`analysis.book.figures`).
FIGURE_DIR = "_figures"


def _is_project(folder: Path) -> bool:
    return (folder / MARKER).is_file() and (folder / "data").is_dir()


def found_project() -> bool:
    """Is :func:`project_root` a project (not the fallback of an install outside any)?"""
    return _is_project(project_root())


def project_root() -> Path:
    """The project root (holds ``_quarto.yml`` and ``data/``); see the module docstring."""
    env = os.environ.get(ROOT_VAR)
    if env:
        return _resolved(env) if os.path.isabs(env) else Path(env).resolve()
    source = _source_root(__file__)
    if _is_project(source):
        return source
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if _is_project(folder):
            return folder
    return source  # nothing found: paths below name the folder that is missing


@cache
def _resolved(folder: str) -> Path:
    """An absolute ``ANALYSIS_ROOT`` resolved once (the build asks for paths thousands of
    times: resolving each time was 4% of a report's CPU)."""
    return Path(folder).resolve()


@cache
def _source_root(module_file: str) -> Path:
    """The folder two levels above this package (the clone, in an editable install)."""
    return Path(module_file).resolve().parents[2]


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def reports_dir() -> Path:
    return raw_dir() / "reports"


def manifest_path() -> Path:
    return reports_dir() / "manifest.csv"


def reference_dir() -> Path:
    return raw_dir() / "reference"


def processed_dir() -> Path:
    """Where the build writes the published tables (``data/processed``)."""
    return project_root() / "data" / "processed"


def published_dir() -> Path:
    """Where the table loaders read: ``ANALYSIS_DATA`` when set (e.g. an unzipped data
    release), else :func:`processed_dir`."""
    env = os.environ.get(DATA_VAR)
    return Path(env).resolve() if env else processed_dir()


def cache_dir() -> Path:
    """Per-report extraction cache (keyed by content hash and code version); safe to delete."""
    return project_root() / "data" / "cache"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def jupyter_cache_dirs() -> tuple[Path, ...]:
    """Where Quarto's Jupyter cache may live: ``_build/jupyter-cache`` (``JUPYTERCACHE``, set by
    ``_environment.local``) or its default beside the chapters. The cache keys on code only, so
    whatever changes the data empties it (the pre-render step, a thaw)."""
    root = project_root()
    return (root / "_build" / "jupyter-cache", root / "notebooks" / ".jupyter_cache")


def shared_dir() -> Path:
    """The workplace's shared folder beside the repository (``../shared``), if any."""
    env = os.environ.get("ANALYSIS_SHARED")
    return Path(env).resolve() if env else project_root().parent / "shared"
