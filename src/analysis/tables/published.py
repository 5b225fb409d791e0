"""Read the published tables of ``data/processed`` (the only data the book reads).

Every loader returns a pandas DataFrame by default, or a polars DataFrame with
``engine="polars"``; columns and types follow :data:`analysis.schemas.TABLES` (see
``data/processed/datapackage.json`` for the field descriptions).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .. import paths
from ..schemas import TABLES

Engine = Literal["pandas", "polars"]


class MissingDataError(FileNotFoundError):
    """A processed table is missing: the data have not been built yet."""


def processed_file(name: str) -> Path:
    path = paths.processed_dir() / name
    if not path.exists():
        raise MissingDataError(
            f"{path} does not exist; build the data first with `python -m analysis build` "
            "(or `make data`)"
        )
    return path


_PANDAS = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "date": "string",
}


def load_table(name: str, engine: Engine = "pandas") -> Any:
    """Table ``name`` of ``data/processed`` with the dtypes of its schema."""
    spec = TABLES[name]
    path = processed_file(f"{name}.csv")
    if engine == "polars":
        import polars as pl

        pl_types = {
            "string": pl.String,
            "integer": pl.Int64,
            "number": pl.Float64,
            "boolean": pl.Boolean,
            "date": pl.Date,
        }
        return pl.read_csv(path, schema={f.name: pl_types[f.type] for f in spec.fields})
    df = pd.read_csv(
        path,
        dtype={f.name: _PANDAS[f.type] for f in spec.fields},
        keep_default_na=False,
        na_values=[""],
    )
    for f in spec.fields:  # empty text is "" (not missing) in required text fields
        if f.type == "string" and f.required:
            df[f.name] = df[f.name].fillna("")
    return df


def load_reports(engine: Engine = "pandas") -> Any:
    """The corpus: one row per report (manifest columns plus lines, tables, footnotes)."""
    return load_table("reports", engine)


def load_facts(engine: Engine = "pandas") -> Any:
    """Every extracted figure with report, line, exact quote, indicator, scope and status.

    Rejected rows are included (``status == "rejected"``); filter them out for analysis.
    """
    return load_table("facts", engine)


def load_indicators(engine: Engine = "pandas") -> Any:
    """One best value per province × period × indicator, linked to its fact rows."""
    return load_table("indicators", engine)


def load_audit(engine: Engine = "pandas") -> Any:
    """Consistency findings (contradictions, totals that do not add up), with both quotes."""
    return load_table("audit", engine)


def load_coverage(engine: Engine = "pandas") -> Any:
    """District coverage statements (district × item × present/absent/planned)."""
    return load_table("coverage", engine)


def load_crosswalk(engine: Engine = "pandas") -> Any:
    """Pre-2025 districts and the post-July-2025 communes that replaced them."""
    return load_table("crosswalk", engine)


def load_changes(engine: Engine = "pandas") -> Any:
    """What the last data drop changed (new figures, values, periods, findings)."""
    return load_table("changes", engine)


def catalog() -> pd.DataFrame:
    """The indicator catalog (ids, English and Vietnamese names, unit, theme, definition)."""
    from ..facts.catalog import load_catalog

    return load_catalog().frame()
