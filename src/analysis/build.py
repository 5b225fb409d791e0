"""Rebuild ``data/processed`` from ``data/raw``: the one entry point of the data pipeline.

Stages (one direction): manifest → read reports → extract figures (cached per report by
content hash and code version) → review → audit → indicators, coverage, crosswalk → validate
(pandera) → compare with the previous build (changes) → publish (CSV + Parquet +
datapackage.json, each written atomically). Two builds from the same inputs give
byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from . import audit as audit_mod
from . import paths
from .changes import Snapshot, compare
from .datapackage import descriptor, validate_package
from .extract import Extracted, extract_report, load_scope_rules, scope_rules_path
from .facts import facts_frame
from .freeze import changed_tables, table_digests, thaw
from .indicator_catalog import load_catalog
from .indicators import indicators_frame
from .manifest import load_manifest
from .reports import Report, read_report
from .review import apply_reviews, load_reviews
from .schemas import TABLES, validate
from .storage import write_csv, write_json, write_parquet

log = logging.getLogger(__name__)
_CODE_FILES = ("extract.py", "numbers.py", "reports.py", "indicator_catalog.py")


@dataclass
class BuildResult:
    reports: int
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)
    extracted: int = 0  # reports re-extracted (the rest came from the cache)
    changes: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    thawed: list[str] = field(default_factory=list)  # chapters Quarto must re-execute

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v}" for k, v in self.tables.items())
        cached = self.reports - self.extracted
        lines = [f"built data/processed from {self.reports} reports in {self.seconds:.2f} s "
                 f"({self.extracted} extracted, {cached} from cache); rows: {parts}"]
        if self.changes:
            lines.append("changes: " + ", ".join(f"{k} {v}" for k, v in self.changes.items()))
        return "\n".join(lines)


def corpus_table(manifest: pd.DataFrame, reports: dict[str, Report]) -> pd.DataFrame:
    """The corpus as published for the book: the manifest plus simple text statistics."""
    rows = []
    for rec in manifest.to_dict("records"):
        rep = reports[rec["report_id"]]
        rows.append({
            **{k: rec[k] for k in TABLES["reports"].columns[:10]},
            "post_merger": bool(rec["post_merger"]),
            "lines": len(rep.lines), "tables": len(rep.tables), "footnotes": len(rep.footnotes),
        })
    return pd.DataFrame(rows, columns=TABLES["reports"].columns)


def code_version() -> str:
    """Hash of the extraction code and the reference data it reads (part of the cache key)."""
    h = hashlib.sha256()
    src = Path(__file__).parent
    for name in _CODE_FILES:
        h.update((src / name).read_bytes())
    from .indicator_catalog import catalog_path

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
        p = self._path(sha)
        if not self.enabled or not p.exists():
            return None
        try:
            return [Extracted(**d) for d in json.loads(p.read_text(encoding="utf-8"))]
        except (ValueError, TypeError):
            log.warning("ignoring unreadable cache entry %s", p.name)
            return None

    def put(self, sha: str, rows: list[Extracted]) -> None:
        from .storage import write_text

        self.root.mkdir(parents=True, exist_ok=True)
        write_text(self._path(sha), json.dumps([asdict(r) for r in rows], ensure_ascii=False))


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator:
    if not enabled:
        yield lambda *a, **k: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  transient=True) as prog:
        task = prog.add_task("extracting", total=total)
        yield lambda desc: prog.update(task, advance=1, description=desc)


def _previous(out: Path) -> Snapshot | None:
    names = ("reports", "facts", "indicators", "audit")
    files = [out / f"{n}.csv" for n in names]
    if not all(f.exists() for f in files):
        return None
    frames = [pd.read_csv(f, dtype={"period_label": "string", "quote": "string"},
                          keep_default_na=False, na_values=[""]) for f in files]
    return Snapshot(*frames)


def build(*, full: bool = False, progress: bool = True,
          check_package: bool = False) -> BuildResult:
    """Rebuild every processed table (``full``: ignore the extraction cache).

    Tables are always validated with pandera before they are written; ``check_package``
    also re-reads every published file with Frictionless against ``datapackage.json``
    (slower, row by row: the ``make data`` default and part of the test suite).
    """
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    manifest = load_manifest()
    catalog = load_catalog()
    scopes = load_scope_rules()
    cache = ExtractCache(paths.cache_dir(), code_version(), enabled=not full)
    reports: dict[str, Report] = {}
    extracted: dict[str, list[Extracted]] = {}
    n_extracted = 0
    with _progress(progress, len(manifest)) as advance:
        for rec in manifest.to_dict("records"):
            rid = rec["report_id"]
            reports[rid] = read_report(rec["path"])
            rows = cache.get(rec["sha256"])
            if rows is None or any(r.report_id != rid for r in rows):
                rows = extract_report(reports[rid], rid, catalog, scopes)
                cache.put(rec["sha256"], rows)
                n_extracted += 1
            extracted[rid] = rows
            advance(rid)
    timings["extract"] = time.perf_counter() - t0

    all_rows = [r for rid in manifest["report_id"] for r in extracted[rid]]
    facts = facts_frame(all_rows, manifest)
    facts = apply_reviews(facts, load_reviews(), catalog).facts

    t = time.perf_counter()
    findings = []
    offset = 0
    for rec in manifest.to_dict("records"):
        rows = extracted[rec["report_id"]]
        part = facts.iloc[offset:offset + len(rows)]
        offset += len(rows)
        findings += audit_mod.audit_report(rows, part, reports[rec["report_id"]],
                                           rec["province"], catalog)
    from .geo import build_coverage, build_crosswalk

    coverage, geo_problems = build_coverage(manifest, reports)
    audit = audit_mod.audit_frame(findings)
    if len(geo_problems):
        audit = audit_mod.typed(pd.concat([audit, geo_problems], ignore_index=True))
    timings["audit+geo"] = time.perf_counter() - t

    tables = {
        "reports": corpus_table(manifest, reports),
        "facts": facts,
        "indicators": indicators_frame(facts, manifest, catalog, audit_mod.flagged_keys(audit)),
        "audit": audit,
        "catalog": catalog.frame(),
        "coverage": coverage,
        "crosswalk": build_crosswalk(),
    }
    out = paths.processed_dir()
    previous = _previous(out)
    digests_before = table_digests(out)
    changes = compare(previous, Snapshot(tables["reports"], facts, tables["indicators"], audit))
    keep_old_changes = previous is not None and changes.empty and (out / "changes.csv").exists()
    if keep_old_changes:
        changes = pd.read_csv(out / "changes.csv", dtype={"period_label": "string"},
                              keep_default_na=False, na_values=[""])
    tables["changes"] = changes

    t = time.perf_counter()
    tables = {name: validate(name, df) for name, df in tables.items()}
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        if name == "changes" and keep_old_changes:
            continue
        write_csv(out / f"{name}.csv", df)
    write_parquet(out / "facts.parquet", tables["facts"])
    write_json(out / "datapackage.json", descriptor(manifest))
    if check_package:
        validate_package(out / "datapackage.json")
    timings["publish"] = time.perf_counter() - t
    thawed = thaw(changed_tables(digests_before, table_digests(out)))
    counts = tables["changes"]["change"].value_counts().sort_index().to_dict()
    return BuildResult(len(manifest), time.perf_counter() - t0,
                       {k: len(v) for k, v in tables.items()}, n_extracted,
                       {} if keep_old_changes else counts, timings, thawed)
