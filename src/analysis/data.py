"""Read the published tables of ``data/processed`` (the only data the book reads)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths


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


def load_reports() -> pd.DataFrame:
    """The corpus: one row per report (manifest columns plus lines, tables, footnotes)."""
    return pd.read_csv(processed_file("reports.csv"), dtype={"period_label": "string"},
                       keep_default_na=False)
