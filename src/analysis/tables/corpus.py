"""The reports table (``data/processed/reports.csv``): the manifest plus text statistics."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..schemas import TABLES, records, typed

#: Manifest columns the reports table publishes as they are.
_MANIFEST_COLUMNS = TABLES["reports"].columns[:10]


def corpus_table(manifest: pd.DataFrame, stats: Mapping[str, Mapping[str, int]]) -> pd.DataFrame:
    """One row per report of ``manifest``; ``stats[report_id]`` gives its ``lines``,
    ``tables`` and ``footnotes``."""
    rows = [
        {
            **{k: rec[k] for k in _MANIFEST_COLUMNS},
            "post_merger": bool(rec["post_merger"]),
            **{k: stats[rec["report_id"]][k] for k in ("lines", "tables", "footnotes")},
        }
        for rec in records(manifest)
    ]
    return typed("reports", pd.DataFrame(rows, columns=TABLES["reports"].columns))
