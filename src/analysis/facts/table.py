"""The facts table: every extracted figure with its report, line and exact quote.

``FACT_COLUMNS`` is the data contract of DESIGN.md (``data/processed/facts.csv``); a fact is
keyed by ``(report_id, line, quote)``, which the review layer uses to point at it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .extract import Extracted

FACT_COLUMNS: tuple[str, ...] = (
    "report_id",
    "report_sha256",
    "province",
    "period_label",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "numerator",
    "denominator",
    "scope",
    "line",
    "quote",
    "status",
)


def facts_frame(rows: Iterable[Extracted], manifest: pd.DataFrame) -> pd.DataFrame:
    """Extracted figures as a facts table, in manifest then line order, status ``extracted``."""
    meta = {m["report_id"]: m for m in manifest.to_dict("records")}
    records = []
    for r in rows:
        m = meta[r.report_id]
        records.append(
            {
                "report_id": r.report_id,
                "report_sha256": m["sha256"],
                "province": m["province"],
                "period_label": m["period_label"],
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
    return typed(df)


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Fix the dtypes of a facts table (as built or as read back from CSV)."""
    out = df.copy()
    for col in ("value", "numerator", "denominator"):
        out[col] = pd.to_numeric(out[col]).astype("float64")
    out["line"] = out["line"].astype("int64")
    for col in set(FACT_COLUMNS) - {"value", "numerator", "denominator", "line"}:
        out[col] = out[col].astype("string")
    return out[list(FACT_COLUMNS)]
