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
from dataclasses import fields
from pathlib import Path

from ..facts.catalog import catalog_path
from ..facts.extract import Extracted
from ..facts.lexicon import lexicon_path
from ..facts.scopes import scope_rules_path
from ..storage import write_unsynced

log = logging.getLogger(__name__)

#: Modules whose source is part of the cache key (a change re-extracts every report).
CODE_MODULES = (
    "analysis.text",
    "analysis.vocabulary",
    "analysis.corpus.provinces",
    "analysis.reading.numbers",
    "analysis.reading.reports",
    "analysis.reading.english",
    "analysis.reading.scores",
    "analysis.facts.lexicon",
    "analysis.facts.figure_facets",
    "analysis.facts.catalog",
    "analysis.facts.scopes",
    "analysis.facts.extract",
)


def code_version() -> str:
    """Hash of the extraction code and the reference data it reads (part of the cache key)."""
    h = hashlib.sha256()
    for name in CODE_MODULES:
        h.update(Path(str(importlib.import_module(name).__file__)).read_bytes())
    for p in (catalog_path(), scope_rules_path(), lexicon_path()):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


#: Format of an entry; a change re-extracts every report (old entries no longer validate).
ENTRY_FORMAT = 3
_TYPES: dict[str, tuple[type, ...]] = {  # each field of Extracted and the JSON types it may hold
    "report_id": (str,),
    "line": (int,),
    "quote": (str,),
    "value": (int, float),
    "unit": (str,),
    "qualifier": (str,),
    "numerator": (int, float, type(None)),
    "denominator": (int, float, type(None)),
    "indicator": (str, type(None)),
    "scope": (str,),
    "start": (int,),
    "end": (int,),
    "clause_start": (int,),
    "text": (str,),
    "in_table": (bool,),
    "extra": (dict,),
    "period_start": (str, type(None)),  # set after the cache (analysis.facts.figure_periods)
    "period_end": (str, type(None)),
}
assert set(_TYPES) == {f.name for f in fields(Extracted)}, "cache schema out of step"
#: The same for other caches of figures (:mod:`analysis.tables.results`).
ROW_TYPES = _TYPES


class CacheEntryError(ValueError):
    """A cache entry that does not pass its checks (it is ignored and the report re-extracted)."""


def _rows_digest(rows: object) -> str:
    blob = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def encode_entry(sha: str, version: str, rows: list[Extracted]) -> str:
    """The JSON text of a cache entry: the rows plus what :func:`decode_entry` checks.

    Each row's line text is stored once per line (``lines``), not once per figure: an entry
    stays proportional to the report, however many figures share a long line.
    """
    lines: dict[str, str] = {}
    plain = []
    for r in rows:
        d = vars(r).copy()
        lines.setdefault(str(r.line), d.pop("text"))
        plain.append(d)
    entry = {
        "format": ENTRY_FORMAT,
        "report_sha256": sha,
        "code_version": version,
        "rows_sha256": _rows_digest([lines, plain]),
        "lines": lines,
        "rows": plain,
    }
    return json.dumps(entry, ensure_ascii=False)


def decode_entry(text: str, sha: str, version: str) -> list[Extracted]:
    """The rows of an entry written by :func:`encode_entry` for report ``sha`` and code
    ``version``; :class:`CacheEntryError` naming the problem if anything does not match."""
    try:
        entry = json.loads(text)
    except ValueError as exc:
        raise CacheEntryError(f"not JSON ({exc})") from exc
    if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT:
        raise CacheEntryError("not an entry of the current format")
    if entry.get("report_sha256") != sha or entry.get("code_version") != version:
        raise CacheEntryError("written for another report or code version")
    rows, lines = entry.get("rows"), entry.get("lines")
    if not isinstance(rows, list) or not isinstance(lines, dict):
        raise CacheEntryError("no rows or lines")
    if entry.get("rows_sha256") != _rows_digest([lines, rows]):
        raise CacheEntryError("rows do not match their checksum")
    out = []
    for i, row in enumerate(rows):
        line_text = lines.get(str(row.get("line")) if isinstance(row, dict) else None)
        row = {**row, "text": line_text} if isinstance(row, dict) else row
        check_row(i, row)
        out.append(Extracted(**row))
    return out


_KEYS = frozenset(_TYPES)
#: The exact types JSON gives for each field (a set lookup per field, the check of every row
#: of every cached report; anything else goes through the full rule of :func:`_check_value`).
_EXACT = {name: frozenset(types) for name, types in _TYPES.items()}


def check_row(i: int, row: object) -> None:
    if not isinstance(row, dict) or row.keys() != _KEYS:
        raise CacheEntryError(f"row {i} does not have the fields of a figure")
    for name, exact in _EXACT.items():
        if type(row[name]) not in exact:
            _check_value(i, name, row[name])


def _check_value(i: int, name: str, value: object) -> None:
    types = _TYPES[name]
    # bool is an int in Python: only the flag may be one
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        raise CacheEntryError(f"row {i}: {name} is {type(value).__name__}")


class ExtractCache:
    """Extracted rows per report, keyed by the report's sha256 and :func:`code_version`.

    Every entry is checked when read (:func:`decode_entry`: format, report checksum, code
    version, a checksum of its rows, the type of every field): one that was damaged or edited
    is ignored with a warning, and the report is extracted again (and the entry rewritten).
    """

    def __init__(self, root: Path, version: str, enabled: bool = True):
        self.root, self.version, self.enabled = root / "extract", version, enabled

    def _path(self, sha: str, context: str = "") -> Path:
        tail = f"-{hashlib.sha256(context.encode()).hexdigest()[:12]}" if context else ""
        return self.root / f"{sha[:32]}-{self.version}{tail}.json"

    def get(self, sha: str, context: str = "") -> list[Extracted] | None:
        """The cached rows of the report with checksum ``sha`` extracted with ``context``
        (what else the extraction read: its title, issuer, language), or ``None`` (absent, or
        an entry that fails its checks)."""
        p = self._path(sha, context)
        if not self.enabled or not p.exists():
            return None
        try:
            return decode_entry(p.read_text(encoding="utf-8"), sha, self.version)
        except (OSError, UnicodeDecodeError, CacheEntryError) as exc:
            log.warning("cache entry %s is invalid (%s): extracting the report again", p, exc)
            return None

    def put(self, sha: str, rows: list[Extracted], context: str = "") -> None:
        """Store the rows of the report with checksum ``sha`` extracted with ``context``
        (atomically; not synced to disk: the entry carries its own checksums, so a torn one is
        re-extracted, never used)."""
        write_unsynced(self._path(sha, context), encode_entry(sha, self.version, rows))
