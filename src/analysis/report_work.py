"""Per-report work of the build: everything one report gives that needs no other report.

Each report is read, its figures extracted (or taken from the extraction cache), its tables
audited and its district coverage found. Small corpora are processed in this process; from
:data:`PARALLEL_FROM` reports on, one worker process per CPU (at most 4) shares the work.
Application layer (used by :mod:`analysis.pipeline`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import paths
from .checks.audit import audit_tables
from .checks.findings import Finding
from .facts.catalog import load_catalog
from .facts.extract import Extracted, extract_report
from .facts.figure_periods import assign_periods, report_span
from .facts.scopes import load_scope_rules
from .geo.coverage import build_coverage
from .reading.reports import read_report
from .tables.cache import ExtractCache, code_version

#: Corpora at least this large are processed in parallel, one worker process per CPU.
PARALLEL_FROM = 40


@dataclass
class ReportWork:
    """Everything the build needs from one report that does not depend on other reports."""

    report_id: str
    rows: list[Extracted]
    extracted: bool  # False: rows came from the cache
    stats: dict[str, int]  # lines, tables, footnotes
    table_findings: list[Finding]
    coverage: pd.DataFrame
    coverage_findings: list[Finding]


_WORKER: dict[str, Any] = {}


def _init_worker(full: bool) -> None:
    _WORKER.update(
        catalog=load_catalog(),
        scopes=load_scope_rules(),
        cache=ExtractCache(paths.cache_dir(), code_version(), enabled=not full),
    )


def _process(rec: dict) -> ReportWork:
    """Read, extract (or fetch from the cache), audit tables and find coverage: one report."""
    rid = rec["report_id"]
    rep = read_report(rec["path"])
    cache: ExtractCache = _WORKER["cache"]
    rows = cache.get(rec["sha256"])
    fresh = rows is None or any(r.report_id != rid for r in rows)
    if rows is None or fresh:
        rows = extract_report(rep, rid, _WORKER["catalog"], _WORKER["scopes"])
        cache.put(rec["sha256"], rows)
    assign_periods(rep, rows, report_span(rec["period_start"], rec["period_end"]))
    coverage, coverage_findings = build_coverage(pd.DataFrame([rec]), {rid: rep})
    stats = {"lines": len(rep.lines), "tables": len(rep.tables), "footnotes": len(rep.footnotes)}
    tables = list(audit_tables(rep, rid, rec["province"]))
    return ReportWork(rid, rows, fresh, stats, tables, coverage, coverage_findings)


def process_reports(records: list[dict], *, full: bool, progress: bool) -> dict[str, ReportWork]:
    """:class:`ReportWork` of every manifest record, by report id, in manifest order."""
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
