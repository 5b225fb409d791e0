"""The extraction cache (``data/cache/extract``): each report's extracted rows, reused by the
next build while neither the report nor the extraction code and rules change.

An entry is keyed by the report's SHA-256 and :func:`code_version` (a hash of the modules that
read and classify figures and of the catalog and scope rules they apply). The cache is safe to
delete; ``python -m analysis build --full`` ignores it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
from pathlib import Path

from ..facts.catalog import catalog_path
from ..facts.extract import Extracted
from ..facts.scopes import scope_rules_path
from ..storage import write_text

log = logging.getLogger(__name__)

#: Modules whose source is part of the cache key (a change re-extracts every report).
CODE_MODULES = (
    "analysis.text",
    "analysis.vocabulary",
    "analysis.corpus.provinces",
    "analysis.reading.numbers",
    "analysis.reading.reports",
    "analysis.facts.catalog",
    "analysis.facts.scopes",
    "analysis.facts.extract",
)


def code_version() -> str:
    """Hash of the extraction code and the reference data it reads (part of the cache key)."""
    h = hashlib.sha256()
    for name in CODE_MODULES:
        h.update(Path(str(importlib.import_module(name).__file__)).read_bytes())
    for p in (catalog_path(), scope_rules_path()):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class ExtractCache:
    """Extracted rows per report, keyed by the report's sha256 and :func:`code_version`."""

    def __init__(self, root: Path, version: str, enabled: bool = True):
        self.root, self.version, self.enabled = root / "extract", version, enabled

    def _path(self, sha: str) -> Path:
        return self.root / f"{sha[:32]}-{self.version}.json"

    def get(self, sha: str) -> list[Extracted] | None:
        """The cached rows of the report with checksum ``sha``, or ``None``."""
        p = self._path(sha)
        if not self.enabled or not p.exists():
            return None
        try:
            return [Extracted(**d) for d in json.loads(p.read_text(encoding="utf-8"))]
        except (ValueError, TypeError):
            log.warning("ignoring unreadable cache entry %s", p.name)
            return None

    def put(self, sha: str, rows: list[Extracted]) -> None:
        """Store the rows of the report with checksum ``sha`` (atomically)."""
        self.root.mkdir(parents=True, exist_ok=True)
        write_text(self._path(sha), json.dumps([vars(r) for r in rows], ensure_ascii=False))
