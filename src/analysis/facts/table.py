"""The facts table: every extracted figure with its report, line and exact quote.

``FACT_COLUMNS`` is the data contract of DESIGN.md (``data/processed/facts.csv``); a fact is
keyed by ``(report_id, line, quote)``, which the review layer uses to point at it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..schemas import TABLES, typed
from ..schemas import records as frame_records
from .extract import Extracted

#: The columns of ``facts.csv`` (the schema in :data:`analysis.schemas.TABLES` is the source).
FACT_COLUMNS: tuple[str, ...] = tuple(TABLES["facts"].columns)


def facts_frame(
    rows: Iterable[Extracted], manifest: pd.DataFrame, meta: Mapping[str, dict] | None = None
) -> pd.DataFrame:
    """Extracted figures as a facts table, in manifest then line order, status ``extracted``
    (``meta``: the manifest's records by report id, when the caller has them)."""
    if meta is None:
        meta = {m["report_id"]: m for m in frame_records(manifest)}
    records = []
    for r in rows:
        m = meta[r.report_id]
        records.append(
            {
                "report_id": r.report_id,
                "report_sha256": m["sha256"],
                "province": m["province"],
                "period_label": m["period_label"],
                "period_start": r.period_start or m.get("period_start"),
                "period_end": r.period_end or m.get("period_end"),
                "indicator": r.indicator,
                "value": r.value,
                "unit": r.unit,
                "qualifier": r.qualifier,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "scope": r.scope,
                "line": r.line,
                "quote": r.quote,
                "status": "extracted",
            }
        )
    df = pd.DataFrame.from_records(records, columns=list(FACT_COLUMNS))
    return typed("facts", df)
