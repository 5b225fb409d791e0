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
(only the audit reads it, and the audit of an unreviewed report is in the entry). The cache is
safe to delete; ``python -m analysis build --full`` ignores it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ..checks.findings import Finding, FindingError
from ..facts.extract import Extracted
from ..storage import write_unsynced
from .cache import CacheEntryError, check_row

log = logging.getLogger(__name__)

#: Format of an entry; a change re-works every report (old entries no longer validate).
RESULT_FORMAT = 2
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
assert set(_FINDING_TYPES) == {f.name for f in fields(Finding)}, "result schema out of step"
_FINDING_KEYS = frozenset(_FINDING_TYPES)
_FINDING_EXACT = {k: frozenset(types) for k, types in _FINDING_TYPES.items()}  # no bool
_STATS = ("lines", "tables", "footnotes")


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


def _encode_body(res: ReportResult) -> str:
    body = {
        "rows": [vars(r) for r in res.rows],
        "figure_findings": [asdict(f) for f in res.figure_findings],
        "table_findings": [asdict(f) for f in res.table_findings],
        "coverage": res.coverage,
        "coverage_findings": [asdict(f) for f in res.coverage_findings],
        "stats": res.stats,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _findings(body: dict, name: str) -> list[Finding]:
    items = body.get(name)
    if not isinstance(items, list):
        raise CacheEntryError(f"{name} is not a list")
    out = []
    for i, d in enumerate(items):
        if not isinstance(d, dict) or d.keys() != _FINDING_KEYS:
            raise CacheEntryError(f"{name} {i} does not have the fields of a finding")
        for k, exact in _FINDING_EXACT.items():
            if type(d[k]) not in exact and (  # the exact JSON types pass at once
                not isinstance(d[k], _FINDING_TYPES[k]) or isinstance(d[k], bool)
            ):
                raise CacheEntryError(f"{name} {i}: {k} is {type(d[k]).__name__}")
        try:
            out.append(Finding(**d))
        except FindingError as exc:
            raise CacheEntryError(f"{name} {i}: {exc}") from exc
    return out


def _coverage(body: dict, columns: list[str]) -> list[dict]:
    rows = body.get("coverage")
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and list(r) == columns for r in rows
    ):
        raise CacheEntryError("coverage rows do not have the coverage columns")
    for r in rows:
        if not isinstance(r["line"], int) or not all(
            isinstance(v, str) or (v is None and k == "stated_on")
            for k, v in r.items()
            if k != "line"
        ):
            raise CacheEntryError("a coverage row has a field of the wrong type")
    return rows


def _decode_body(blob: str, columns: list[str]) -> ReportResult:
    body = json.loads(blob)
    if not isinstance(body, dict):
        raise CacheEntryError("the body is not a mapping")
    rows = body.get("rows")
    if not isinstance(rows, list):
        raise CacheEntryError("rows is not a list")
    for i, row in enumerate(rows):
        check_row(i, row)
    stats = body.get("stats")
    if not isinstance(stats, dict) or sorted(stats) != sorted(_STATS):
        raise CacheEntryError("stats do not have lines, tables and footnotes")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in stats.values()):
        raise CacheEntryError("stats are not counts")
    return ReportResult(
        rows=[Extracted(**d) for d in rows],
        figure_findings=_findings(body, "figure_findings"),
        table_findings=_findings(body, "table_findings"),
        coverage=_coverage(body, columns),
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
        return self.root / f"{sha[:32]}-{who[:12]}-{self.version}.json"

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
            entry = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != RESULT_FORMAT:
                raise CacheEntryError("not an entry of the current format")
            if {k: entry.get(k) for k in ("report_sha256", "identity", "version")} != self._key(
                sha, identity
            ):
                raise CacheEntryError("written for another report or version")
            blob = entry.get("body")
            if not isinstance(blob, str) or _digest(blob) != entry.get("body_sha256"):
                raise CacheEntryError("the body does not match its checksum")
            return _decode_body(blob, self.columns)
        except (OSError, ValueError, TypeError, KeyError) as exc:  # CacheEntryError included
            log.warning("result cache entry %s is invalid (%s): working the report again", p, exc)
            return None

    def put(self, sha: str, identity: tuple, result: ReportResult) -> None:
        """Store ``result`` (atomically, not synced: a torn entry fails its checksum)."""
        blob = _encode_body(result)
        entry = {"format": RESULT_FORMAT, **self._key(sha, identity), "body_sha256": _digest(blob)}
        write_unsynced(self._path(sha, identity), json.dumps({**entry, "body": blob}))


def _digest(blob: str) -> str:
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
