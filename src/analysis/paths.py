"""Where things live. Every path in the project resolves from here, never from the CWD.

The project root is found from this file (src layout, editable install) and may be
overridden with ``ANALYSIS_ROOT`` (used by tests that build into a temporary copy).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root (holds ``_quarto.yml``)."""
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def reports_dir() -> Path:
    return raw_dir() / "reports"


def manifest_path() -> Path:
    return reports_dir() / "manifest.csv"


def reference_dir() -> Path:
    return raw_dir() / "reference"


def processed_dir() -> Path:
    return project_root() / "data" / "processed"


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
