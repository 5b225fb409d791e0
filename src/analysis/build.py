"""Rebuild ``data/processed`` from ``data/raw``: the one entry point of the data pipeline.

Stages (one direction): manifest → read reports → extract figures → classify → review →
audit → publish (CSV + Parquet + datapackage.json). Each published file is written
atomically; two builds from the same inputs give byte-identical files.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import pandas as pd

from . import paths
from .manifest import load_manifest
from .reports import read_report
from .storage import write_csv

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    reports: int
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v} rows" for k, v in self.tables.items())
        return f"built data/processed from {self.reports} reports in {self.seconds:.2f} s ({parts})"


def corpus_table(manifest: pd.DataFrame) -> pd.DataFrame:
    """The corpus as published for the book: the manifest plus simple text statistics."""
    rows = []
    for rec in manifest.to_dict("records"):
        rep = read_report(rec["path"])
        rows.append({
            **{k: rec[k] for k in ("report_id", "province", "period_label", "period_start",
                                   "period_end", "issuer", "title", "doc_type", "file",
                                   "sha256")},
            "post_merger": bool(rec["post_merger"]),
            "lines": len(rep.lines),
            "tables": len(rep.tables),
            "footnotes": len(rep.footnotes),
        })
    return pd.DataFrame(rows)


def build(*, full: bool = False, progress: bool = True) -> BuildResult:
    """Rebuild every processed table."""
    t0 = time.perf_counter()
    manifest = load_manifest()
    out = paths.processed_dir()
    out.mkdir(parents=True, exist_ok=True)
    reports = corpus_table(manifest)
    write_csv(out / "reports.csv", reports)
    return BuildResult(len(manifest), time.perf_counter() - t0, {"reports": len(reports)})
