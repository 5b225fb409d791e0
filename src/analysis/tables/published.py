"""Read the published tables of ``data/processed`` (the only data the book reads).

Every loader returns a pandas DataFrame by default, or a polars DataFrame with
``engine="polars"``; columns and types follow :data:`analysis.schemas.TABLES` (see
``data/processed/datapackage.json`` for the field descriptions).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal, TypeVar

import pandas as pd

from .. import paths
from ..schemas import TABLES, TableSpec, csv_dtypes, typed
from ..storage import RESTORE_PATTERN, any_cell_starts, restore_cell
from ..text import fold

Engine = Literal["pandas", "polars"]
T = TypeVar("T")


class MissingDataError(FileNotFoundError):
    """A processed table is missing: the data have not been built yet."""


def processed_file(name: str) -> Path:
    path = paths.published_dir() / name
    pointed = os.environ.get(paths.DATA_VAR) or os.environ.get(paths.ROOT_VAR)
    if not path.exists() and not pointed and not paths.found_project():
        raise MissingDataError(
            f"no tables to read: {paths.DATA_VAR} is not set, and neither the working "
            f"directory ({Path.cwd()}) nor a folder above it is a clone of the project (a "
            f"folder with {paths.MARKER} and data/). Set {paths.DATA_VAR} to the folder of an "
            "unzipped data release (egov-data-<version>/), or run inside a clone"
        )
    if not path.exists():
        raise MissingDataError(
            f"{path} does not exist; build the data first with `python -m analysis build` "
            f"(or `make data`) in a clone, or set {paths.DATA_VAR} to the folder of an "
            "unzipped data release"
        )
    return path


class RepublishedError(RuntimeError):
    """The tables were published again while a :func:`snapshot` was reading them."""


#: Inside :func:`snapshot`: a holder for the folder being read and the identity (device,
#: inode) of the publish it held when the first table was read. A build publishes by swapping a
#: whole new folder in (:func:`analysis.storage.replaced_dir`), so the inode names one publish.
_PINNED: ContextVar[list[tuple[Path, tuple[int, int]]] | None] = ContextVar("pinned", default=None)


def _identity(folder: Path) -> tuple[int, int]:
    st = os.stat(folder)
    return st.st_dev, st.st_ino


@contextmanager
def snapshot() -> Iterator[None]:
    """Read every table loaded inside the block from one publish, or raise
    :class:`RepublishedError` (a build swapped new tables in meanwhile). Without it each table
    is still whole, but two loads may come from two publishes."""
    token = _PINNED.set([])
    try:
        yield
    finally:
        _PINNED.reset(token)


def read_consistently(read: Callable[[], T], attempts: int = 3) -> T:
    """``read()`` inside a :func:`snapshot`, run again (up to ``attempts`` times) when the tables
    were republished while it read them: what it returns comes from one publish."""
    for attempt in range(1, attempts + 1):
        try:
            with snapshot():
                return read()
        except RepublishedError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _check_publish(folder: Path, before: tuple[int, int]) -> None:
    """After a table was read from ``folder``, whose publish was ``before`` when the read
    began: raise :class:`RepublishedError` if a build swapped new tables in meanwhile, or if
    an enclosing :func:`snapshot` pinned another publish (the first read pins it)."""
    pinned = _PINNED.get()
    if pinned is None:  # outside a snapshot: each table is whole, nothing more to keep
        return
    if before != _identity(folder):
        raise RepublishedError(f"{folder} was published again while a table was read from it")
    if not pinned:
        pinned.append((folder, before))
    elif pinned[0] != (folder, before):
        raise RepublishedError(
            f"the tables in {folder} were published again by a build while they were being "
            "read; read them again (restart the kernel, or wrap the reads in read_consistently)"
        )


#: Set to a file path to record, one per line, every table this process loads (the test that
#: checks each chapter's declared data reads it; see :mod:`analysis.tables.freeze`).
READ_LOG_VAR = "ANALYSIS_READ_LOG"


def read_table(name: str, folder: Path) -> pd.DataFrame:
    """Table ``name`` from ``folder`` (a ``data/processed``) with the dtypes of its schema.

    Text cells neutralised against formula injection are given back as written
    (:func:`analysis.storage.restore_cell`). A column the schema gained since the file was
    written reads as missing values (the build compares with the previous tables before it
    replaces them).
    """
    df = pd.read_csv(
        folder / f"{name}.csv", dtype=csv_dtypes(name), keep_default_na=False, na_values=[""]
    )
    for f in TABLES[name].fields:
        if f.type == "string" and f.name in df.columns and any_cell_starts(df[f.name], ("'",)):
            df[f.name] = df[f.name].map(restore_cell, na_action="ignore")
    for column in TABLES[name].columns:
        if column not in df.columns:
            df[column] = pd.NA
    return typed(name, df)


class UnknownNameError(LookupError):
    """A table, province or other name the published data do not hold; the message lists
    what exists."""


Provinces = str | Sequence[str] | None


def _spec(name: str) -> TableSpec:
    if name not in TABLES:
        raise UnknownNameError(
            f"unknown table {name!r}; the published tables are: {', '.join(TABLES)}"
        )
    return TABLES[name]


def _province_filter(name: str, df: Any, province: Provinces) -> Any:
    """Rows of ``province`` (one name or several; diacritics and case do not matter:
    "Tra Vinh" is Trà Vinh)."""
    if province is None:
        return df
    wanted = [province] if isinstance(province, str) else list(province)
    if "province" not in df.columns:
        raise UnknownNameError(f"table {name!r} has no province column")
    held = sorted({str(p) for p in df["province"].to_list() if isinstance(p, str) and p})
    by_key = {fold(p): p for p in held}
    unknown = [w for w in wanted if fold(w) not in by_key]
    if unknown:
        raise UnknownNameError(
            f"no province {', '.join(map(repr, unknown))} in {name}; it holds: {', '.join(held)}"
        )
    keep = [by_key[fold(w)] for w in wanted]
    if hasattr(df, "filter") and not isinstance(df, pd.DataFrame):  # polars
        import polars as pl

        return df.filter(pl.col("province").is_in(keep))
    return df[df["province"].isin(keep)].reset_index(drop=True)


def load_table(name: str, engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """Table ``name`` of ``data/processed`` with the dtypes of its schema
    (:func:`analysis.schemas.typed`; polars types with ``engine="polars"``), optionally only
    the rows of ``province`` (written with or without diacritics)."""
    spec = _spec(name)
    return _province_filter(name, _load(name, spec, engine), province)


def _load(name: str, spec: TableSpec, engine: Engine) -> Any:
    path = processed_file(f"{name}.csv")
    before = _identity(path.parent)
    df = _read(name, spec, engine, path)
    _check_publish(path.parent, before)
    return df


def _read(name: str, spec: TableSpec, engine: Engine, path: Path) -> Any:
    log = os.environ.get(READ_LOG_VAR)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
    if engine == "polars":
        import polars as pl

        # Dates are ISO text (``2023-05-31``) in both engines, as :func:`analysis.schemas.typed`
        # gives pandas: one table reads the same whichever engine loads it (parse them with
        # ``pl.col(...).str.to_date()`` or ``pd.to_datetime`` when a date type is wanted).
        pl_types = {
            "string": pl.String,
            "integer": pl.Int64,
            "number": pl.Float64,
            "boolean": pl.Boolean,
            "date": pl.String,
        }
        df = pl.read_csv(path, schema={f.name: pl_types[f.type] for f in spec.fields})
        text = [f.name for f in spec.fields if f.type == "string"]
        return df.with_columns(pl.col(text).str.replace(RESTORE_PATTERN, "$1"))
    return read_table(name, path.parent)


def load_reports(engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """The corpus: one row per report (manifest columns plus lines, tables, footnotes)."""
    return load_table("reports", engine, province=province)


def load_facts(engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """Every extracted figure with report, line, exact quote, indicator, scope and status.

    Rejected rows are included (``status == "rejected"``); filter them out for analysis.
    """
    return load_table("facts", engine, province=province)


def load_indicators(engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """One best value per province × period × indicator × measure, linked to its fact rows
    (``measure`` is the indicator id for its own measure, else ``<id>:<variant>``)."""
    return load_table("indicators", engine, province=province)


def load_audit(engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """Consistency findings (contradictions, totals that do not add up), with both quotes."""
    return load_table("audit", engine, province=province)


def load_coverage(engine: Engine = "pandas", *, province: Provinces = None) -> Any:
    """District coverage statements (district × item × present/absent/planned)."""
    return load_table("coverage", engine, province=province)


def load_crosswalk(engine: Engine = "pandas") -> Any:
    """Pre-2025 districts and the post-July-2025 communes that replaced them."""
    return load_table("crosswalk", engine)


def load_changes(
    engine: Engine = "pandas",
    drops: Literal["latest", "all"] = "latest",
    *,
    province: Provinces = None,
) -> Any:
    """What the last data drop changed (new figures, values, periods, findings); with
    ``drops="all"`` every drop this table has kept, numbered in its ``drop`` column."""
    table = load_table("changes", engine, province=province)
    if drops == "all" or len(table) == 0:
        return table
    if drops != "latest":
        raise ValueError(f"drops must be 'latest' or 'all', not {drops!r}")
    last = table["drop"].max()
    if engine == "polars":
        import polars as pl

        return table.filter(pl.col("drop") == last)
    return table[table["drop"] == last].reset_index(drop=True)


def load_tables(*names: str, engine: Engine = "pandas") -> tuple[Any, ...]:
    """Tables ``names``, in that order, all from one publish even when a build publishes new
    tables meanwhile (:func:`read_consistently`). A chapter's setup cell reads its data with
    this one call::

        facts, reports = analysis.load_tables("facts", "reports")

    Each table reads as its own loader gives it (``"changes"`` is the latest drop, as
    :func:`load_changes`)."""
    for name in names:
        _spec(name)  # an unknown name is an error listing the tables, before anything is read

    def one(name: str) -> Any:
        return load_changes(engine) if name == "changes" else load_table(name, engine)

    return read_consistently(lambda: tuple(one(name) for name in names))


def load_national_indices(engine: Engine = "pandas") -> Any:
    """Published national index results (DTI, PAR Index, SIPAS, PAPI, Index 766) for the
    four provinces and their merger partners, each with its source URL and publisher."""
    return load_table("national_indices", engine)


def load_measures(engine: Engine = "pandas") -> Any:
    """What each indicator counts, over what population, and its other measures."""
    return load_table("measures", engine)


def load_value_measures(engine: Engine = "pandas") -> Any:
    """The measure of every indicator value: the key of indicators.csv (province, period,
    indicator, measure)."""
    return load_table("value_measures", engine)


def catalog(engine: Engine = "pandas") -> Any:
    """The indicator catalog as published (``catalog.csv``: ids, English and Vietnamese names,
    unit, theme, definition, core)."""
    return load_table("catalog", engine)
