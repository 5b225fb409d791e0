"""Thaw Quarto's freeze for the chapters whose data changed.

Quarto (``execute: freeze: auto``) re-executes a chapter only when its *source* changes; a new
data drop changes ``data/processed`` instead. After each build, the chapters that read a table
whose bytes changed get their ``_freeze/`` entry removed, so the next render re-executes exactly
those. Which tables a chapter reads is found from the loaders its cells call.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from pathlib import Path

from .. import paths

log = logging.getLogger(__name__)

#: Loader calls (regex over a notebook's code) → the table they read.
READS: dict[str, str] = {
    r"load_facts|facts_appendix": "facts",
    r"load_indicators|theme_table|key_findings|series_table|coverage_sentence": "indicators",
    r"load_audit|audit_table|audit_counts": "audit",
    r"load_coverage": "coverage",
    r"load_crosswalk": "crosswalk",
    r"load_changes|changes_summary|changes_table": "changes",
    r"load_reports|corpus_facts": "reports",
    r"catalog\(\)": "catalog",
}


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


def tables_read(notebook: Path) -> set[str]:
    """The processed tables a notebook's code cells read."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    return {table for pattern, table in READS.items() if re.search(pattern, code)}


def thaw(changed: set[str]) -> list[str]:
    """Remove the freeze of every notebook chapter reading a table in ``changed``."""
    root = paths.project_root()
    freeze = root / "_freeze"
    if not changed or not freeze.exists():
        return []
    thawed = []
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        if tables_read(nb) & changed:
            target = freeze / "notebooks" / nb.stem
            if target.exists():
                shutil.rmtree(target)
                thawed.append(nb.name)
    if thawed:
        log.info("thawed %d chapter(s) for re-execution: %s", len(thawed), ", ".join(thawed))
    return thawed
