"""The per-report result cache (``data/cache/results``): everything a build takes from one
report — its figures, the audit of its figures and tables, its district coverage, its line
counts — reused while neither the report nor anything that reads it changes.

An entry is keyed by the report's SHA-256, the manifest fields the result reads (id,
province, post-merger flag, period: coverage, findings and figure periods use them) and a
version the build computes from the code and the reference data
(:func:`analysis.report_work.result_version`).
Entries are checked as the extraction cache's are (:mod:`analysis.tables.cache`): format,
key, a checksum of the body, the type of every field; one that fails is ignored with a
warning and the report is worked again. Figures are kept without their line's full text
(only the audit reads it, and the audit of an unreviewed report is in the entry). An entry is
gzip-compressed text (``zcat`` shows it): a JSON header line (format, key, the body's
checksum), then the body, JSON with each figure, finding and coverage row as a list of its
fields in a stated order (the field names are in the body once). Findings repeat their quotes
and wording: a 200 kB hostile report's entry took 16.8 MB as plain JSON, 0.8 MB compressed.
The body is not a string inside the header (format 3 was: every entry was JSON-decoded twice,
its escaped body once more) and its rows are not objects: reading the entries of 1,000
reports took 0.7 CPU-s, now about a third of that. The cache is safe to delete; ``python -m
analysis build --full`` ignores it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..checks.findings import Finding, FindingError
from ..facts.extract import Extracted
from ..storage import write_unsynced
from .cache import ROW_TYPES as _ROW_TYPES
from .cache import CacheEntryError

log = logging.getLogger(__name__)

#: Format of an entry; a change re-works every report (old entries no longer validate).
RESULT_FORMAT = 4
_FINDING_TYPES: dict[str, tuple[type, ...]] = {
    "check": (str,),
    "severity": (str,),
    "message": (str,),
    "report_id": (str,),
    "province": (str,),
    "line": (int,),
    "quote": (str,),
    "other_line": (int, type(None)),
    "other_quote": (str,),
    "indicator": (str,),
    "stated": (int, float, type(None)),
    "expected": (int, float, type(None)),
    "message_vi": (str,),
}
#: The fields of a figure and of a finding, in the order an entry lists them.
ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Extracted))
FINDING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Finding))
assert set(_FINDING_TYPES) == set(FINDING_FIELDS), "result schema out of step"
assert set(_ROW_TYPES) == set(ROW_FIELDS), "result schema out of step"
#: The types JSON gives each field (no bool where the field is a number).
_ROW_EXACT = {k: frozenset(_ROW_TYPES[k]) for k in ROW_FIELDS}
_FINDING_EXACT = {k: frozenset(_FINDING_TYPES[k]) for k in FINDING_FIELDS}
_STATS = ("lines", "tables", "footnotes")
_FINDING_LISTS = ("figure_findings", "table_findings", "coverage_findings")


@dataclass
class ReportResult:
    """What the build keeps of one report (no full lines: ``rows`` carry no ``text``)."""

    rows: list[Extracted]
    figure_findings: list[Finding]  # the audit of its figures as extracted (before review)
    table_findings: list[Finding]
    coverage: list[dict]  # coverage rows, in table order
    coverage_findings: list[Finding]
    stats: dict[str, int]  # lines, tables, footnotes


def light_rows(rows: list[Extracted]) -> list[Extracted]:
    """``rows`` without their line's full text (what the parent process keeps)."""
    return [replace(r, text="") for r in rows]


def _fields(columns: list[str]) -> dict[str, list[str]]:
    return {"rows": list(ROW_FIELDS), "findings": list(FINDING_FIELDS), "coverage": columns}


def _encode_body(res: ReportResult, columns: list[str]) -> bytes:
    def listed(findings: list[Finding]) -> list[list]:
        return [[getattr(f, k) for k in FINDING_FIELDS] for f in findings]

    body = {
        "fields": _fields(columns),
        "rows": [[getattr(r, k) for k in ROW_FIELDS] for r in res.rows],
        **{name: listed(getattr(res, name)) for name in _FINDING_LISTS},
        "coverage": [[r[c] for c in columns] for r in res.coverage],
        "stats": res.stats,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _checked(items: object, names: tuple[str, ...] | list[str], exact: dict, what: str) -> list:
    """``items``, a list of rows (lists of the fields ``names``), each field of a type of
    ``exact`` (checked a field at a time, over every row); :class:`CacheEntryError` if not."""
    n = len(names)
    if not isinstance(items, list) or not all(type(r) is list and len(r) == n for r in items):
        raise CacheEntryError(f"{what} are not rows of {n} fields")
    if items:
        for name, column in zip(names, zip(*items, strict=True), strict=True):
            if not set(map(type, column)) <= exact[name]:
                i = next(i for i, v in enumerate(column) if type(v) not in exact[name])
                raise CacheEntryError(f"{what} {i}: {name} is {type(column[i]).__name__}")
    return items


def _findings(body: dict, name: str) -> list[Finding]:
    items = _checked(body.get(name), FINDING_FIELDS, _FINDING_EXACT, name)
    try:
        return [Finding(*d) for d in items]
    except FindingError as exc:
        raise CacheEntryError(f"{name}: {exc}") from exc


def _coverage_exact(columns: list[str]) -> dict[str, frozenset]:
    """The types of each coverage field (``line`` a number, ``stated_on`` may be blank)."""
    text, blank = frozenset({str}), frozenset({str, type(None)})
    return {
        c: frozenset({int}) if c == "line" else blank if c == "stated_on" else text for c in columns
    }


def _decode_body(blob: bytes, columns: list[str]) -> ReportResult:
    body = json.loads(blob)
    if not isinstance(body, dict):
        raise CacheEntryError("the body is not a mapping")
    if body.get("fields") != _fields(columns):
        raise CacheEntryError("written with other fields")
    rows = _checked(body.get("rows"), ROW_FIELDS, _ROW_EXACT, "rows")
    coverage = _checked(body.get("coverage"), columns, _coverage_exact(columns), "coverage")
    stats = body.get("stats")
    if not isinstance(stats, dict) or sorted(stats) != sorted(_STATS):
        raise CacheEntryError("stats do not have lines, tables and footnotes")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in stats.values()):
        raise CacheEntryError("stats are not counts")
    return ReportResult(
        rows=[Extracted(*d) for d in rows],
        figure_findings=_findings(body, "figure_findings"),
        table_findings=_findings(body, "table_findings"),
        coverage=[dict(zip(columns, r, strict=True)) for r in coverage],
        coverage_findings=_findings(body, "coverage_findings"),
        stats=stats,
    )


class ResultCache:
    """Per-report results, keyed by report checksum, identity and a version of what reads it.

    ``columns``: the coverage table's columns (every cached coverage row must have them).
    """

    def __init__(self, root: Path, version: str, columns: list[str], enabled: bool = True):
        self.root, self.version, self.enabled = root / "results", version, enabled
        self.columns = list(columns)

    def _key(self, sha: str, identity: tuple) -> dict:
        return {"report_sha256": sha, "identity": list(identity), "version": self.version}

    def _path(self, sha: str, identity: tuple) -> Path:
        who = hashlib.sha256(json.dumps(list(identity), ensure_ascii=False).encode()).hexdigest()
        return self.root / f"{sha[:32]}-{who[:12]}-{self.version}.json.gz"

    def has(self, sha: str, identity: tuple) -> bool:
        """Is there an entry for this report (not checked: :meth:`get` checks it)?"""
        return self.enabled and self._path(sha, identity).exists()

    def get(self, sha: str, identity: tuple) -> ReportResult | None:
        """The cached result of the report with checksum ``sha`` and ``identity`` (id,
        province, post-merger, period), or ``None`` (absent, or an entry that fails its checks)."""
        p = self._path(sha, identity)
        if not self.enabled or not p.exists():
            return None
        try:
            head, newline, blob = gzip.decompress(p.read_bytes()).partition(b"\n")
            entry = json.loads(head)
            if not newline or not isinstance(entry, dict) or entry.get("format") != RESULT_FORMAT:
                raise CacheEntryError("not an entry of the current format")
            if {k: entry.get(k) for k in ("report_sha256", "identity", "version")} != self._key(
                sha, identity
            ):
                raise CacheEntryError("written for another report or version")
            if _digest(blob) != entry.get("body_sha256"):
                raise CacheEntryError("the body does not match its checksum")
            return _decode_body(blob, self.columns)
        # CacheEntryError is a ValueError; a torn file fails gzip (OSError, EOFError, zlib.error)
        except (OSError, EOFError, zlib.error, ValueError, TypeError, KeyError) as exc:
            log.warning("result cache entry %s is invalid (%s): working the report again", p, exc)
            return None

    def put(self, sha: str, identity: tuple, result: ReportResult) -> None:
        """Store ``result`` (atomically, not synced: a torn entry fails its checksum)."""
        blob = _encode_body(result, self.columns)
        entry = {"format": RESULT_FORMAT, **self._key(sha, identity), "body_sha256": _digest(blob)}
        head = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        write_unsynced(self._path(sha, identity), gzip.compress(head + b"\n" + blob, 1, mtime=0))


def _digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()
