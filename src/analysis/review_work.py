"""The review command's work: a report's review page, and recording analysts' decisions.

Application layer (reads the manifest, the report, the published facts and audit).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pandas as pd

from . import paths
from .corpus.manifest import load_manifest
from .facts.catalog import load_catalog
from .facts.extract import extract_report
from .facts.review import ReviewError, record_reviews
from .facts.review_page import page_figures, render_page
from .facts.scopes import load_scope_rules
from .locks import corpus_lock
from .reading.reports import read_report
from .schemas import records
from .storage import write_text
from .tables.published import read_table


def _record(report_id: str) -> dict:
    manifest = load_manifest()
    rec = manifest[manifest["report_id"] == report_id]
    if rec.empty:
        known = ", ".join(manifest["report_id"])
        raise ReviewError(f"no report {report_id!r} in the manifest (known: {known})")
    return rec.iloc[0].to_dict()


def write_review_page(report_id: str, out: str | None = None) -> Path:
    """Write the review page of ``report_id`` (from the last build's facts); its path.

    Holds the corpus lock (:func:`analysis.locks.corpus_lock`): the manifest, the report and
    the facts and audit it shows all come from one state of the corpus."""
    with corpus_lock("review"):
        return _write_review_page(report_id, out)


def _write_review_page(report_id: str, out: str | None) -> Path:
    rec = _record(report_id)
    report = read_report(rec["path"])
    scopes = load_scope_rules().for_report(
        rec.get("issuer") or "", rec.get("title") or "", str(rec.get("province") or "")
    )
    language = str(rec.get("language") or "vi")
    rows = extract_report(
        report,
        report_id,
        load_catalog(),
        scopes,
        language,
        explain=True,
        title=str(rec.get("title") or ""),
    )
    processed = paths.processed_dir()
    facts = read_table("facts", processed)
    audit = read_table("audit", processed)
    mine = records(facts[facts["report_id"] == report_id])
    cand = audit[(audit["report_id"] == report_id) & (audit["check"] == "unclassified_candidate")]
    candidates = {(int(r["line"]), str(r["quote"])) for r in records(cand)}
    figures = page_figures(report, rows, mine, candidates)
    path = Path(out) if out else paths.project_root() / "_build" / "review" / f"{report_id}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, render_page(report_id, rec, report, figures))
    return path


def record_decisions(args: argparse.Namespace) -> int:
    """Append the decisions of ``--import CSV`` or of one ``--action`` to reviews.csv, holding
    the corpus lock (two reviews at once each keep their decisions; a build never reads a
    half-made reviews.csv)."""
    with corpus_lock("review"):
        return _record_decisions(args)


def _record_decisions(args: argparse.Namespace) -> int:
    _record(args.report_id)
    if args.import_csv:
        new = pd.read_csv(args.import_csv, dtype="string", keep_default_na=False)
        new = new[new["report_id"] == args.report_id] if "report_id" in new else new
    else:
        if args.line is None or not args.quote:
            raise ReviewError("a decision needs --line and --quote (and --action, --reason)")
        new = pd.DataFrame(
            [
                {
                    "report_id": args.report_id,
                    "line": str(args.line),
                    "quote": args.quote,
                    "action": args.action,
                    **{f: getattr(args, f) for f in ("indicator", "value", "unit")},
                    **{f: getattr(args, f) for f in ("scope", "qualifier", "reason")},
                    "reviewer": args.reviewer,
                    "reviewed_on": date.today().isoformat(),
                }
            ]
        )
    facts = read_table("facts", paths.processed_dir())
    return record_reviews(new, _unreviewed(facts), load_catalog())


def _unreviewed(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts as extracted (the reviews are applied again on top of them)."""
    return facts.assign(status="extracted")
