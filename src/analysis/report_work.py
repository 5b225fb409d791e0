"""Per-report work of the build: everything one report gives that needs no other report.

Each report is read, its figures extracted (or taken from the extraction cache), its tables
audited and its district coverage found. Small corpora are processed in this process; from
:data:`PARALLEL_FROM` reports on, one worker process per CPU (at most 4) shares the work.
Application layer (used by :mod:`analysis.pipeline`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from . import paths
from .checks.audit import audit_extracted, audit_tables
from .facts.catalog import load_catalog
from .facts.extract import Extracted, extract_report
from .facts.figure_periods import assign_periods, report_span
from .facts.scopes import load_scope_rules
from .geo.coverage import COVERAGE_COLUMNS, report_coverage
from .geo.coverage_rules import coverage_rules_path
from .geo.district_changes import changes_path
from .reading.reports import Report, read_report
from .tables.cache import ExtractCache, code_version
from .tables.integrity import source_version
from .tables.results import ReportResult, ResultCache, light_rows

#: Corpora at least this large are processed in parallel, one worker process per CPU.
PARALLEL_FROM = 40


@dataclass
class ReportWork:
    """Everything the build needs from one report that does not depend on other reports."""

    report_id: str
    result: ReportResult  # figures (without their lines' text), findings, coverage, counts
    extracted: bool  # False: the figures came from a cache

    @property
    def rows(self) -> list[Extracted]:
        return self.result.rows


def result_version(extraction: str | None = None) -> str:
    """Version of everything that turns a report into its :class:`ReportResult`: every
    source file of the package, its libraries, the catalog, scope and coverage rules, and the
    dated district changes."""
    h = hashlib.sha256((extraction or code_version()).encode() + source_version().encode())
    h.update(coverage_rules_path().read_bytes())
    if changes_path().is_file():
        h.update(changes_path().read_bytes())
    return h.hexdigest()[:16]


_WORKER: dict[str, Any] = {}


def _init_worker(full: bool, version: str) -> None:
    root = paths.cache_dir()
    _WORKER.update(
        catalog=load_catalog(),
        scopes=load_scope_rules(),
        cache=ExtractCache(root, code_version(), enabled=not full),
        results=ResultCache(root, version, COVERAGE_COLUMNS, enabled=not full),
    )


def has_result(rec: dict, version: str) -> bool:
    """Does the result cache hold an entry (not checked) for ``rec`` at ``version``?"""
    cache = ResultCache(paths.cache_dir(), version, COVERAGE_COLUMNS)
    return cache.has(rec["sha256"], _identity(rec))


def _identity(rec: dict) -> tuple:
    """What a report's result depends on besides its text: the manifest fields it reads."""
    return (
        rec["report_id"],
        rec["province"],
        bool(rec.get("post_merger")),
        str(rec["period_start"]),
        str(rec["period_end"]),
        str(rec.get("issuer") or ""),  # the default scope of its figures
        str(rec.get("title") or ""),
    )


def _process(rec: dict) -> ReportWork:
    """One report's result: from the result cache, else read, extract (or take the figures
    from the extraction cache), audit its figures and tables, find its coverage."""
    results: ResultCache = _WORKER["results"]
    cached = results.get(rec["sha256"], _identity(rec))
    if cached is not None:
        return ReportWork(rec["report_id"], cached, False)
    rows, rep, fresh = figures_of(rec)
    coverage, coverage_findings = report_coverage(rec, rep)
    stats = {"lines": len(rep.lines), "tables": len(rep.tables), "footnotes": len(rep.footnotes)}
    result = ReportResult(
        rows=light_rows(rows),
        figure_findings=audit_extracted(rows, rec["province"], _WORKER["catalog"]),
        table_findings=list(audit_tables(rep, rec["report_id"], rec["province"])),
        coverage=coverage,
        coverage_findings=coverage_findings,
        stats=stats,
    )
    results.put(rec["sha256"], _identity(rec), result)
    return ReportWork(rec["report_id"], result, fresh)


def figures_of(rec: dict) -> tuple[list[Extracted], Report, bool]:
    """The report of ``rec`` read, its figures with their full lines (from the extraction
    cache, else extracted: then True), in a process set up by :func:`_init_worker`."""
    rid = rec["report_id"]
    rep = read_report(rec["path"])
    cache: ExtractCache = _WORKER["cache"]
    issuer, title = str(rec.get("issuer") or ""), str(rec.get("title") or "")
    language = str(rec.get("language") or "vi")
    province = str(rec.get("province") or "")
    # what extraction reads besides the text
    context = "\x1f".join((issuer, title, language, province))
    rows = cache.get(rec["sha256"], context)
    fresh = rows is None or any(r.report_id != rid for r in rows)
    if rows is None or fresh:
        scopes = _WORKER["scopes"].for_report(issuer, title, province)
        rows = extract_report(rep, rid, _WORKER["catalog"], scopes, language=language, title=title)
        cache.put(rec["sha256"], rows, context)
    assign_periods(rep, rows, report_span(rec["period_start"], rec["period_end"]))
    return rows, rep, fresh


def full_rows(rec: dict) -> list[Extracted]:
    """The figures of one report with their lines' text, from the extraction cache (which the
    per-report work of this build has just filled) or extracted again: for the audit of a
    reviewed report, in the build's own process."""
    _init_worker(False, "")
    return figures_of(rec)[0]


def process_reports(records: list[dict], *, full: bool, progress: bool) -> Iterator[ReportWork]:
    """:class:`ReportWork` of every manifest record, one at a time, in manifest order (the
    caller keeps what it needs of each: the build keeps table pieces, not the objects).

    Reports with an entry in the result cache are read from it in this process; the others
    are worked here too when fewer than :data:`PARALLEL_FROM`, else by one worker process per
    CPU (at most 4): one new report among a thousand cached starts no pool.
    """
    workers = min(os.cpu_count() or 1, 4)
    version = result_version()
    _init_worker(full, version)
    results: ResultCache = _WORKER["results"]
    todo = [rec for rec in records if not results.has(rec["sha256"], _identity(rec))]
    with _progress(progress, len(records)) as advance:
        if len(todo) < PARALLEL_FROM or workers < 2:
            for rec in records:
                w = _process(rec)
                advance(rec["report_id"])
                yield w
            return
        ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(full, version)
        ) as pool:
            worked = pool.map(_process, todo, chunksize=8)
            pending = {id(rec) for rec in todo}
            for rec in records:
                w = next(worked) if id(rec) in pending else _process(rec)
                advance(rec["report_id"])
                yield w


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal (``advance(description)``); silent otherwise."""
    if not enabled or not sys.stderr.isatty():  # no live bar in logs and CI output
        yield lambda desc: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as prog:
        task = prog.add_task("extracting", total=total)
        yield lambda desc: prog.update(task, advance=1, description=desc)
