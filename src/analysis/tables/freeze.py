"""Thaw Quarto's freeze for the chapters whose data changed.

Quarto (``execute: freeze: auto``) re-executes a chapter only when its *source* changes; a new
data drop changes ``data/processed`` instead. After each build, the chapters that read a table
whose bytes changed get their ``_freeze/`` entry removed, so the next render re-executes exactly
those.

Chapters declare their data: a notebook loads every table it shows in its setup cell (the cell
labelled ``setup``) with one call of the public loaders (``analysis.load_tables("facts",
"reports")`` reads them all from one publish; ``analysis.load_audit()`` reads one table), and
the chapter blocks take those tables as arguments. The map of chapter → tables is read from
those calls (:func:`tables_read`); a test executes every notebook and checks that the tables it
actually loaded are exactly the ones its setup cell declares.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import re
import shutil
from pathlib import Path

from .. import paths
from ..book_config import THEME_TABLES, notebook_paths, read_notebook
from ..schemas import TABLES

log = logging.getLogger(__name__)


def table_digests(folder: Path | None = None) -> dict[str, str]:
    """SHA-256 of every published CSV (``{}`` when nothing is built yet)."""
    folder = folder or paths.processed_dir()
    if not folder.exists():
        return {}
    return {
        p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


def changed_tables(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def setup_cell(notebook: Path) -> str:
    """The source of the notebook's setup cell (``#| label: setup``); ``""`` when it has none."""
    for c in read_notebook(notebook).cells:
        if c.cell_type == "code" and re.search(r"^#\|\s*label:\s*setup\s*$", c.source, re.M):
            return c.source
    return ""


def tables_read(notebook: Path) -> set[str]:
    """The published tables a notebook's setup cell loads (``load_tables("<table>", ...)``,
    ``load_<table>()``, ``load_table("<table>")``, ``catalog()``, and ``load_theme_chapter()``: the
    :data:`~analysis.book_config.THEME_TABLES`)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(setup_cell(notebook))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "load_table" and node.args and isinstance(node.args[0], ast.Constant):
            out.add(str(node.args[0].value))
        elif name == "load_tables":
            out.update(str(a.value) for a in node.args if isinstance(a, ast.Constant))
        elif name.startswith("load_") and name[len("load_") :] in TABLES:
            out.add(name[len("load_") :])
        elif name == "catalog":
            out.add("catalog")
        elif name == "load_theme_chapter":
            out.update(THEME_TABLES)
    return out


def thaw(changed: set[str]) -> list[str]:
    """Remove the freeze of every notebook chapter reading a table in ``changed``."""
    root = paths.project_root()
    freeze = root / "_freeze"
    if not changed or not freeze.exists():
        return []
    thawed = []
    for nb in notebook_paths():
        if tables_read(nb) & changed:
            target = freeze / nb.relative_to(root).with_suffix("")
            if target.exists():
                shutil.rmtree(target)
                thawed.append(nb.name)
    if thawed:
        for cache in paths.jupyter_cache_dirs():  # it would hand back the old outputs
            shutil.rmtree(cache, ignore_errors=True)
        log.info("thawed %d chapter(s) for re-execution: %s", len(thawed), ", ".join(thawed))
    return thawed
