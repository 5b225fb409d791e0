"""Rebuild ``data/processed`` from ``data/raw``: the one entry point of the data pipeline.

Stages (one direction): manifest → per-report work (read, extract — cached by content hash
and code version —, audit tables, coverage; :mod:`analysis.report_work`) → facts and reviews
→ audit → indicators, catalog, crosswalk → compare with the previous build (changes) →
validate (pandera) → publish (CSV + Parquet + datapackage.json, all or none) → thaw the
chapters whose tables changed. Two builds from the same inputs give byte-identical files.
Application layer: it may import every layer.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .checks.audit import (
    audit_figures,
    flagged_keys,
    review_unmatched_finding,
    scope_rules_finding,
)
from .checks.datapackage import descriptor, validate_package
from .checks.echoes import echo_findings
from .checks.findings import Finding, sort_findings, unsorted_findings_frame
from .corpus.limits import TEXT_VAR, check_size, max_text_bytes
from .corpus.manifest import load_manifest
from .facts.catalog import Catalog, load_catalog
from .facts.extract import Extracted
from .facts.review import Unmatched, apply_reviews, load_reviews, unmatched_message
from .facts.scopes import ScopeRules, load_scope_rules
from .facts.table import facts_frame
from .geo.coverage import coverage_frame
from .geo.crosswalk import build_crosswalk
from .locks import corpus_lock
from .previous import (
    LINEAGE,
    PreviousRelease,
    continues,
    lineage_record,
    load_previous,
    read_record,
)
from .report_work import ReportWork, full_rows, has_result, process_reports, result_version
from .schemas import records, validate, values
from .storage import replaced_dir, write_csv, write_json, write_parquet
from .tables.changes import Snapshot, compare, latest_drop, read_history, with_history
from .tables.corpus import corpus_table
from .tables.freeze import changed_tables, table_digests, thaw
from .tables.indicators import indicators_frame
from .tables.integrity import (
    build_inputs,
    damaged_files,
    has_record,
    recorded_inputs,
    unchanged_summary,
    up_to_date_message,
    write_record,
)
from .tables.measures import load_measures, measures_frame, value_measures_frame
from .tables.national import national_table
from .tables.pieces import KINDS, Piece, PieceCache, runs
from .tables.published import read_table

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    reports: int
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)
    extracted: int = 0  # reports re-extracted (the rest came from the cache)
    changes: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    thawed: list[str] = field(default_factory=list)  # chapters Quarto must re-execute
    unchanged: bool = False  # nothing changed since the last build: nothing was rebuilt

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v}" for k, v in self.tables.items())
        if self.unchanged:
            summary = {"reports": self.reports, "tables": self.tables}
            return up_to_date_message(summary, self.seconds)
        cached = self.reports - self.extracted
        lines = [
            f"built data/processed from {self.reports} reports in {self.seconds:.2f} s "
            f"({self.extracted} extracted, {cached} from cache); rows: {parts}"
        ]
        if self.changes:
            lines.append("changes: " + ", ".join(f"{k} {v}" for k, v in self.changes.items()))
        return "\n".join(lines)


class _Clock:
    """Seconds per stage, for :attr:`BuildResult.timings`."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.start


def build(
    *,
    full: bool = False,
    progress: bool = True,
    check_package: bool = False,
    previous: str | Path | None = None,
) -> BuildResult:
    """Rebuild every processed table (``full``: ignore the extraction cache).

    ``previous`` (a release zip, a site's ``data/`` folder or an unzipped release;
    :mod:`analysis.previous`) is the release this build continues: its changes are what
    changed since that release, numbered as the next drop after the release's drops. It is
    read and checked before anything else: a bad one stops the build, nothing written.

    Tables are always validated with pandera before they are written; ``check_package``
    also re-reads every published file with Frictionless against ``datapackage.json``
    (slower, row by row: the ``make data`` default and part of the test suite). The whole
    build holds the corpus lock (:func:`analysis.locks.corpus_lock`): no ingest can change
    the manifest between the moment it is read and the moment the tables are published.
    """
    prev = load_previous(previous) if previous is not None else None
    with corpus_lock("build"), _system_allocator():
        for _ in range(_ATTEMPTS):
            try:
                return _build(full=full, progress=progress, check_package=check_package, prev=prev)
            except InputsChangedError as exc:
                log.warning("%s; building again", exc)
    raise InputsChangedError(
        f"data/raw changed during each of {_ATTEMPTS} builds; nothing was published. "
        "Finish editing the reference files, then build again"
    )


@contextmanager
def _system_allocator() -> Iterator[None]:
    """Arrow's buffers (the tables' text columns) from the C library's allocator while the
    build runs: Arrow's default pool (mimalloc) keeps the pages of the many short-lived
    columns the build makes and frees, and a build's peak memory grew with them (a cold
    400-report build: 215 MiB with mimalloc, 193 MiB with the system allocator)."""
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


#: Builds tried when data/raw changes while one runs (a hand edit; ingests wait for the lock).
_ATTEMPTS = 3


class InputsChangedError(RuntimeError):
    """The manifest or a reference file changed while the build ran (nothing was published)."""


def _inputs() -> str:
    """What the published tables are a function of: the manifest, the reference files, the
    code and its libraries (report files are named by their checksums in the manifest)."""
    return build_inputs()


def _unchanged(out: Path, check_package: bool, clock: _Clock) -> BuildResult | None:
    """The result of a build that has nothing to do: ``out`` was built from these very inputs,
    every published file is intact and every report file still has its manifest checksum.
    No report is read and no table rebuilt (``None``: build as usual)."""
    summary = unchanged_summary(out)
    if summary is None:
        return None
    if check_package:
        validate_package(out / "datapackage.json")
    clock.lap("unchanged")
    return BuildResult(
        reports=summary["reports"],
        seconds=clock.total(),
        tables=summary["tables"],
        timings=clock.timings,
        unchanged=True,
    )


def _build(
    *, full: bool, progress: bool, check_package: bool, prev: PreviousRelease | None
) -> BuildResult:
    clock = _Clock()
    inputs = _inputs()
    out = paths.processed_dir()
    if prev is not None and continues(out, prev):
        prev = None  # data/processed already continues it: compare with data/processed
    done = None if full or prev is not None else _unchanged(out, check_package, clock)
    if done is not None:
        return done
    manifest = load_manifest()
    _check_sizes(manifest)
    catalog = load_catalog()
    got = _collect(manifest, set(load_reviews()["report_id"]), full=full, progress=progress)
    clock.lap("extract")
    tables = _tables(manifest, got, catalog)
    clock.lap("tables")
    digests_before = table_digests(out)
    if prev is None:
        tables["changes"], changes_new, kept = _changes(out, tables, inputs)
        news = changes_new
        lineage = read_record(out) if kept else {}  # a history that restarted continues none
    else:
        log.info(
            "continuing data release %s (drop %d) from %s", prev.version, prev.drop, prev.source
        )
        tables["changes"], news = _changes_since(prev, tables)
        changes_new = True  # data/processed does not hold the release's history: write it
        lineage = lineage_record(prev)
    clock.lap("changes")
    for name in list(tables):  # one at a time: each checked copy replaces its table at once
        tables[name] = validate(name, tables[name])
    clock.lap("validate")
    summary = {"reports": len(manifest), "tables": {k: len(v) for k, v in tables.items()}}
    _publish(out, tables, manifest, (inputs, summary), changes_new, check_package, lineage)
    clock.lap("publish")
    thawed = thaw(changed_tables(digests_before, table_digests(out)))
    counts = latest_drop(tables["changes"])["change"].value_counts().sort_index().to_dict()
    return BuildResult(
        reports=len(manifest),
        seconds=clock.total(),
        tables={k: len(v) for k, v in tables.items()},
        extracted=got.extracted,
        changes=counts if news else {},
        timings=clock.timings,
        thawed=thawed,
    )


def _check_sizes(manifest: pd.DataFrame) -> None:
    """Stop before reading a report text over the size limit (:mod:`analysis.corpus.limits`)."""
    limit = max_text_bytes()
    for rec in records(manifest):
        path = Path(rec["path"])
        check_size(path, path.stat().st_size, limit, TEXT_VAR, f"text of report {rec['report_id']}")


#: Reports whose per-report results become one piece of each table at a time.
_BATCH = 128


@dataclass
class _Collected:
    """What the build keeps of the per-report work: pieces of the tables, not the per-report
    objects (memory grows with the tables, not with the Python objects that made them)."""

    facts: list[pd.DataFrame] = field(default_factory=list)
    coverage: list[pd.DataFrame] = field(default_factory=list)
    #: the audit before its geography findings, in order; a ``str`` is a reviewed report
    #: whose figures are audited once the reviews are applied
    audit: list[pd.DataFrame | str] = field(default_factory=list)
    coverage_findings: list[pd.DataFrame] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # figures per report
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    reviewed: dict[str, ReportWork] = field(default_factory=dict)
    extracted: int = 0


def _collect(
    manifest: pd.DataFrame, reviewed: set[str], *, full: bool, progress: bool
) -> _Collected:
    """The per-report work as table pieces, a run of reports at a time (:mod:`analysis.tables.
    pieces`): a run's pieces come from the piece cache when none of its reports changed (and
    each still has its result-cache entry), else from each report's work (then stored, unless
    a report of the run is reviewed). Rows, findings and coverage are in manifest order."""
    recs = records(manifest)
    by_id = {r["report_id"]: r for r in recs}
    scopes = load_scope_rules()
    version = result_version()
    cache = PieceCache(paths.cache_dir(), version, _empty_pieces(manifest))
    plan = []  # (run, key, cached piece or None)
    for run in runs(recs):
        key = cache.key(run)
        usable = not full and not any(r["report_id"] in reviewed for r in run)
        hit = cache.get(key, run) if usable and all(has_result(r, version) for r in run) else None
        plan.append((run, key, hit))
    todo = [rec for run, _key, hit in plan if hit is None for rec in run]
    work = iter(process_reports(todo, full=full, progress=progress) if todo else ())
    got = _Collected()
    for run, key, hit in plan:
        if hit is None:
            piece = _work_run(manifest, run, work, by_id, reviewed, scopes, got)
            if not any(r["report_id"] in reviewed for r in run):
                cache.put(key, piece)
        else:
            piece = hit
        for kind in KINDS:
            getattr(got, kind).extend(getattr(piece, kind))
        got.counts.update(piece.counts)
        got.stats.update(piece.stats)
    cache.keep_only({key for _run, key, _hit in plan})
    return got


def _empty_pieces(manifest: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """An empty frame of each table a piece holds parts of (their columns and dtypes)."""
    audit = unsorted_findings_frame([])
    return {
        "facts": facts_frame([], manifest),
        "coverage": coverage_frame([]),
        "audit": audit,
        "coverage_findings": audit,
    }


def _work_run(
    manifest: pd.DataFrame,
    run: list[dict],
    work: Iterator[ReportWork],
    by_id: dict[str, dict],
    reviewed: set[str],
    scopes: ScopeRules,
    got: _Collected,
) -> Piece:
    """The pieces of one run from its reports' work (the next ``len(run)`` items of ``work``),
    :data:`_BATCH` reports to a frame. A reviewed report is audited later, in its place (its
    id, a ``str``, in the audit parts: such a run is not stored)."""
    piece = Piece()
    rows: list[Extracted] = []
    coverage: list[dict] = []
    findings: list[Finding] = []
    places: list[Finding] = []

    def audit_piece() -> None:
        if findings:
            piece.audit.append(unsorted_findings_frame(findings))
            findings.clear()

    def flush() -> None:
        if rows:
            piece.facts.append(facts_frame(rows, manifest, meta=by_id))
        if coverage:
            piece.coverage.append(coverage_frame(coverage))
        audit_piece()
        if places:
            piece.coverage_findings.append(unsorted_findings_frame(places))
        for buf in (rows, coverage, findings, places):
            buf.clear()

    for i, rec in enumerate(run, start=1):
        w = next(work)
        assert w.report_id == rec["report_id"], "per-report work out of step with the runs"
        res = w.result
        piece.counts[w.report_id] = len(res.rows)
        piece.stats[w.report_id] = res.stats
        got.extracted += w.extracted
        rows += res.rows
        coverage += res.coverage
        if w.report_id in reviewed:  # audited on its reviewed facts, in this place
            audit_piece()
            piece.audit.append(w.report_id)
            got.reviewed[w.report_id] = w
        else:
            findings += res.figure_findings
        findings += res.table_findings
        if not scopes.has_rules(w.report_id):
            default = scopes.for_report(rec.get("issuer") or "", rec.get("title") or "").default
            findings.append(scope_rules_finding(w.report_id, rec["province"], default))
        places += res.coverage_findings
        if i % _BATCH == 0:
            flush()
    flush()
    return piece


def _concat(parts: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """The pieces of one table as one frame (``empty`` when there are none)."""
    if not parts:
        return empty
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _tables(manifest: pd.DataFrame, got: _Collected, catalog: Catalog) -> dict[str, pd.DataFrame]:
    """Every published table but ``changes``, from the collected per-report work."""
    reviews = load_reviews()
    facts = _concat(got.facts, facts_frame([], manifest))
    got.facts.clear()
    reviewed = apply_reviews(facts, reviews, catalog)
    facts = reviewed.facts
    lines = _fact_lines(manifest, facts)
    audit = _audit(manifest, got, facts, catalog, lines)
    if reviewed.unmatched:
        found = _unmatched_reviews(manifest, reviewed.unmatched, reviews.attrs.get("source", ""))
        audit = sort_findings(pd.concat([audit, unsorted_findings_frame(found)], ignore_index=True))
    coverage = _concat(got.coverage, coverage_frame([]))
    got.coverage.clear()
    measures = load_measures()
    indicators = indicators_frame(
        facts, manifest, catalog, flagged_keys(audit), lines=lines, measures=measures
    )
    return {
        "reports": corpus_table(manifest, got.stats),
        "facts": facts,
        "indicators": indicators,
        "audit": audit,
        "catalog": catalog.frame(),
        "coverage": coverage,
        "crosswalk": build_crosswalk(),
        "national_indices": national_table(),
        "measures": measures_frame(measures, list(catalog.frame()["id"])),
        "value_measures": value_measures_frame(indicators),
    }


def _unmatched_reviews(
    manifest: pd.DataFrame, unmatched: Iterable[Unmatched], source: str
) -> list[Finding]:
    """An audit warning (and a log line) for each review whose figure is no longer read; a
    review of a report no longer in the manifest is only logged (the audit names reports)."""
    by_id = {r["report_id"]: r for r in records(manifest)}
    out = []
    for miss in unmatched:
        rev = miss.review
        where = f"{source or 'reviews.csv'} row {miss.row} ({rev['report_id']} line {rev['line']})"
        log.warning("%s (not applied)", unmatched_message(where, rev["quote"]))
        rec = by_id.get(rev["report_id"])
        if rec is None:
            continue
        raw = (paths.reports_dir() / rec["file"]).read_text(encoding="utf-8-sig").split("\n")
        n = int(rev["line"])
        held = 1 <= n <= len(raw) and rev["quote"] in raw[n - 1]
        line, quote = (n, rev["quote"]) if held else (0, "")
        out.append(
            review_unmatched_finding(
                miss.row, rev["action"], rec["report_id"], rec["province"], line, quote
            )
        )
    return out


def _fact_lines(manifest: pd.DataFrame, facts: pd.DataFrame) -> dict[str, list[str]]:
    """The raw lines the facts stand on, by report (1-based ``line`` indexes each list; a
    line no fact stands on is kept empty): the echo check and the measures read a figure's
    line. One report file is read at a time; the other lines are not kept."""
    wanted: dict[str, set[int]] = {}
    for rid, n in zip(values(facts["report_id"]), values(facts["line"]), strict=True):
        wanted.setdefault(rid, set()).add(int(n) - 1)
    out = {}
    for r in records(manifest):
        keep = wanted.get(r["report_id"])
        if not keep:
            continue
        raw = (paths.reports_dir() / r["file"]).read_text(encoding="utf-8-sig").split("\n")
        kept = [""] * len(raw)
        for i in keep:
            if 0 <= i < len(raw):
                kept[i] = raw[i]
        out[r["report_id"]] = kept
    return out


def _audit(
    manifest: pd.DataFrame,
    got: _Collected,
    facts: pd.DataFrame,
    catalog: Catalog,
    lines: dict[str, list[str]],
) -> pd.DataFrame:
    """The audit table: each report's figure and table findings (in manifest order), a
    warning for each report without scope rules, then the geography findings. A report
    nobody reviewed brings the audit of its figures from its per-report work; a reviewed one
    is audited here, on its reviewed facts (its figures read again with their full lines)."""
    offsets, at = {}, 0
    for rid in manifest["report_id"]:
        offsets[rid] = at
        at += got.counts[rid]
    by_id = {r["report_id"]: r for r in records(manifest)}
    parts = []
    for piece in got.audit:
        if isinstance(piece, str):  # facts keep the rows' order
            rec, start = by_id[piece], offsets[piece]
            part = facts.iloc[start : start + got.counts[piece]]
            found = audit_figures(full_rows(rec), part, rec["province"], catalog)
            parts.append(unsorted_findings_frame(found))
        else:
            parts.append(piece)
    parts.append(unsorted_findings_frame(echo_findings(facts, lines)))
    parts += got.coverage_findings
    got.audit.clear()  # the pieces live on in the table only
    got.coverage_findings.clear()
    audit = _concat([p for p in parts if len(p)], unsorted_findings_frame([]))
    parts.clear()
    return sort_findings(audit)


_SNAPSHOT = ("reports", "facts", "indicators", "audit")


def _changes(
    out: Path, tables: dict[str, pd.DataFrame], inputs: str
) -> tuple[pd.DataFrame, bool, bool]:
    """What this build changes against the tables in ``out``, whether that is news, and
    whether the earlier drops of ``out`` were kept (False: the history starts again).

    When nothing changed, the previous changes table is kept (so rebuilding the same inputs
    leaves every file byte-identical) and the flag is False. Damaged previous tables are named
    and not compared with (:func:`_previous`).
    """
    new = Snapshot(*(tables[n] for n in _SNAPSHOT))
    previous, damaged = _previous(out)
    if damaged:
        log.warning(
            "data/processed is damaged (%s); it is derived, so it is rebuilt from data/raw",
            "; ".join(f"{n}: {why}" for n, why in damaged.items()),
        )
        same_inputs = recorded_inputs(out) == inputs
        if same_inputs and "changes.csv" not in damaged and (out / "changes.csv").exists():
            return read_table("changes", out), False, True  # the damaged build's drop
        log.warning("changes.csv compares with nothing: the tables it needs were damaged")
    changes = compare(previous, new)
    earlier, migrated = _earlier_drops(out) if previous is not None else (None, False)
    if previous is not None and changes.empty and earlier is not None:
        return earlier, migrated, True  # no news: the same drop (rewritten only if migrated)
    return with_history(earlier, changes), True, earlier is not None


def _changes_since(
    prev: PreviousRelease, tables: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, bool]:
    """Every drop of the previous release's ``changes.csv``, and what this build changes
    against its tables as the next drop (none: the release's drop goes on); and whether
    there was a change."""
    new = Snapshot(*(tables[n] for n in _SNAPSHOT))
    old = Snapshot(*(prev.tables[n] for n in _SNAPSHOT))
    changes = compare(old, new)
    earlier = prev.tables["changes"]
    return (earlier, False) if changes.empty else (with_history(earlier, changes), True)


def _earlier_drops(out: Path) -> tuple[pd.DataFrame | None, bool]:
    """The previous build's changes (all its drops) and whether they had to be migrated."""
    try:
        return read_history(out / "changes.csv")
    except Exception as exc:  # derived data: an unreadable history restarts, never fatal
        log.warning("changes.csv of the previous build does not read (%s); history restarts", exc)
        return None, False


def _previous(out: Path) -> tuple[Snapshot | None, dict[str, str]]:
    """The previous build's snapshot tables (``None`` on a first build or when any is
    damaged) and the damaged files of ``out`` with the reason for each."""
    names = [f"{n}.csv" for n in _SNAPSHOT]
    if not all((out / n).exists() for n in names) and not has_record(out):
        return None, {}
    checked = [*names, "changes.csv", "facts.parquet", "datapackage.json"]
    damaged = damaged_files(out, checked)
    if any(n in damaged for n in names):
        return None, damaged
    frames = []
    for n in _SNAPSHOT:
        try:
            frames.append(read_table(n, out))
        except (
            Exception
        ) as exc:  # a derived table that does not read is damaged, whatever the error
            return None, {**damaged, f"{n}.csv": f"unreadable ({type(exc).__name__}: {exc})"}
    return Snapshot(*frames), damaged


def _publish(
    out: Path,
    tables: dict[str, pd.DataFrame],
    manifest: pd.DataFrame,
    record: tuple[str, dict],
    write_changes: bool,
    check_package: bool,
    lineage: dict,
) -> None:
    """Write every table (CSV), the facts as Parquet, the package descriptor and the build
    record into a fresh folder that then replaces ``out`` in one step: readers see the old
    build or the new one, never a mix, and a failure (or a crash) leaves the old one."""
    with replaced_dir(out, keep=("README.md",)) as new:
        for name, df in tables.items():
            if name != "changes" or write_changes:
                write_csv(new / f"{name}.csv", df)
            else:  # unchanged: the previous bytes
                shutil.copy2(out / "changes.csv", new / "changes.csv")
        write_parquet(new / "facts.parquet", tables["facts"])
        if lineage:  # the releases these tables continue (read by `analysis release`)
            write_json(new / LINEAGE, lineage)
        write_json(new / "datapackage.json", descriptor(manifest))
        if check_package:
            validate_package(new / "datapackage.json")
        inputs, summary = record
        if _inputs() != inputs:
            raise InputsChangedError("the manifest or a reference file changed during the build")
        write_record(new, inputs, summary)
