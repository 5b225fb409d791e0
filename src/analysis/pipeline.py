"""Rebuild ``data/processed`` from ``data/raw``: the one entry point of the data pipeline.

Stages (one direction): manifest → read reports → extract figures (cached per report by
content hash and code version) → review → audit → indicators, coverage, crosswalk → validate
(pandera) → compare with the previous build (changes) → publish (CSV + Parquet +
datapackage.json, each written atomically). Two builds from the same inputs give
byte-identical files.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .checks import audit as audit_mod
from .checks.datapackage import descriptor, validate_package
from .corpus.manifest import load_manifest
from .facts.catalog import load_catalog
from .facts.extract import Extracted, extract_report, load_scope_rules, scope_rules_path
from .facts.review import apply_reviews, load_reviews
from .facts.table import facts_frame
from .reading.reports import read_report
from .schemas import TABLES, validate
from .storage import staged, write_csv, write_json, write_parquet
from .tables.changes import Snapshot, compare
from .tables.freeze import changed_tables, table_digests, thaw
from .tables.indicators import indicators_frame

log = logging.getLogger(__name__)
#: Modules whose source is part of the extraction cache key (a change re-extracts every report).
_CODE_MODULES = (
    "analysis.facts.extract",
    "analysis.reading.numbers",
    "analysis.reading.reports",
    "analysis.facts.catalog",
    "analysis.corpus.provinces",
)


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
        lines = [
            f"built data/processed from {self.reports} reports in {self.seconds:.2f} s "
            f"({self.extracted} extracted, {cached} from cache); rows: {parts}"
        ]
        if self.changes:
            lines.append("changes: " + ", ".join(f"{k} {v}" for k, v in self.changes.items()))
        return "\n".join(lines)


def corpus_table(manifest: pd.DataFrame, work: dict[str, ReportWork]) -> pd.DataFrame:
    """The corpus as published for the book: the manifest plus simple text statistics."""
    rows = []
    for rec in manifest.to_dict("records"):
        w = work[rec["report_id"]]
        rows.append(
            {
                **{k: rec[k] for k in TABLES["reports"].columns[:10]},
                "post_merger": bool(rec["post_merger"]),
                "lines": w.lines,
                "tables": w.tables,
                "footnotes": w.footnotes,
            }
        )
    return pd.DataFrame(rows, columns=TABLES["reports"].columns)


@dataclass
class ReportWork:
    """Everything the build needs from one report that does not depend on other reports."""

    report_id: str
    rows: list[Extracted]
    extracted: bool  # False: rows came from the cache
    lines: int
    tables: int
    footnotes: int
    table_findings: list[audit_mod.Finding]
    coverage: pd.DataFrame
    geo_problems: pd.DataFrame


_WORKER: dict = {}


def _init_worker(full: bool) -> None:
    _WORKER.update(
        catalog=load_catalog(),
        scopes=load_scope_rules(),
        cache=ExtractCache(paths.cache_dir(), code_version(), enabled=not full),
    )


def _process(rec: dict) -> ReportWork:
    """Read, extract (or fetch from the cache), audit tables and find coverage: one report."""
    from .geo import build_coverage

    rid = rec["report_id"]
    rep = read_report(rec["path"])
    cache: ExtractCache = _WORKER["cache"]
    rows = cache.get(rec["sha256"])
    fresh = rows is None or any(r.report_id != rid for r in rows)
    if fresh:
        rows = extract_report(rep, rid, _WORKER["catalog"], _WORKER["scopes"])
        cache.put(rec["sha256"], rows)
    coverage, problems = build_coverage(pd.DataFrame([rec]), {rid: rep})
    return ReportWork(
        rid,
        rows,
        fresh,
        len(rep.lines),
        len(rep.tables),
        len(rep.footnotes),
        list(audit_mod.audit_tables(rep, rid, rec["province"])),
        coverage,
        problems,
    )


#: Corpora at least this large are processed in parallel, one worker process per CPU.
PARALLEL_FROM = 40


def _process_all(records: list[dict], full: bool, progress: bool) -> dict[str, ReportWork]:
    workers = min(os.cpu_count() or 1, 4)
    out: dict[str, ReportWork] = {}
    with _progress(progress, len(records)) as advance:
        if len(records) < PARALLEL_FROM or workers < 2:
            _init_worker(full)
            for rec in records:
                out[rec["report_id"]] = _process(rec)
                advance(rec["report_id"])
        else:
            ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            with ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_init_worker, initargs=(full,)
            ) as pool:
                for w in pool.map(_process, records, chunksize=8):
                    out[w.report_id] = w
                    advance(w.report_id)
    return out


def code_version() -> str:
    """Hash of the extraction code and the reference data it reads (part of the cache key)."""
    h = hashlib.sha256()
    for name in _CODE_MODULES:
        h.update(Path(importlib.import_module(name).__file__).read_bytes())
    from .facts.catalog import catalog_path

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
        write_text(self._path(sha), json.dumps([vars(r) for r in rows], ensure_ascii=False))


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator:
    if not enabled or not sys.stderr.isatty():  # no live bar in logs and CI output
        yield lambda *a, **k: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as prog:
        task = prog.add_task("extracting", total=total)
        yield lambda desc: prog.update(task, advance=1, description=desc)


def _previous(out: Path) -> Snapshot | None:
    names = ("reports", "facts", "indicators", "audit")
    files = [out / f"{n}.csv" for n in names]
    if not all(f.exists() for f in files):
        return None
    frames = [
        pd.read_csv(
            f,
            dtype={"period_label": "string", "quote": "string"},
            keep_default_na=False,
            na_values=[""],
        )
        for f in files
    ]
    return Snapshot(*frames)


def build(*, full: bool = False, progress: bool = True, check_package: bool = False) -> BuildResult:
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
    work = _process_all(manifest.to_dict("records"), full, progress)
    n_extracted = sum(w.extracted for w in work.values())
    timings["extract"] = time.perf_counter() - t0

    all_rows = [r for rid in manifest["report_id"] for r in work[rid].rows]
    facts = facts_frame(all_rows, manifest)
    facts = apply_reviews(facts, load_reviews(), catalog).facts

    t = time.perf_counter()
    findings = []
    offset = 0
    for rec in manifest.to_dict("records"):
        w = work[rec["report_id"]]
        part = facts.iloc[offset : offset + len(w.rows)]
        offset += len(w.rows)
        findings += audit_mod.audit_figures(w.rows, part, rec["province"], catalog)
        findings += w.table_findings
        if not scopes.has_rules(rec["report_id"]):
            findings.append(
                audit_mod.Finding(
                    "scope_rules_missing",
                    "warning",
                    rec["report_id"],
                    rec["province"],
                    0,
                    "",
                    None,
                    "",
                    "",
                    None,
                    None,
                    "scopes.yaml has no line ranges for this report: its figures count as "
                    f"{scopes.default}-wide unless a phrase says otherwise; read the report "
                    "and add its sections (which are one department's own work?)",
                )
            )
    from .geo import build_crosswalk

    audit = audit_mod.audit_frame(findings)
    geo_problems = [w.geo_problems for w in work.values() if len(w.geo_problems)]
    if geo_problems:
        audit = audit_mod.typed(pd.concat([audit, *geo_problems], ignore_index=True))
    coverage = (
        pd.concat([w.coverage for w in work.values()], ignore_index=True)
        if work
        else pd.DataFrame(columns=TABLES["coverage"].columns)
    )
    timings["audit"] = time.perf_counter() - t

    tables = {
        "reports": corpus_table(manifest, work),
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
        changes = pd.read_csv(
            out / "changes.csv",
            dtype={"period_label": "string"},
            keep_default_na=False,
            na_values=[""],
        )
    tables["changes"] = changes

    t = time.perf_counter()
    tables = {name: validate(name, df) for name, df in tables.items()}
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with staged():  # all tables or none: a failure leaves the previous build in place
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
    return BuildResult(
        len(manifest),
        time.perf_counter() - t0,
        {k: len(v) for k, v in tables.items()},
        n_extracted,
        {} if keep_old_changes else counts,
        timings,
        thawed,
    )
