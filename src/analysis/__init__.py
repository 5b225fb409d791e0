"""Provincial e-government in Vietnam: figures from official reports, with their sources.

Public API (the book and data scientists use these; all read ``data/processed``)::

    import analysis
    facts = analysis.load_facts()            # every figure, with report, line and quote
    ind = analysis.load_indicators()         # best value per province, period, indicator, measure
    analysis.catalog()                       # indicator ids, names (EN/VI), units, themes
    analysis.load_audit(), analysis.load_coverage(), analysis.load_crosswalk()
    facts, reports = analysis.load_tables("facts", "reports")  # both from one publish

Pass ``engine="polars"`` to any loader for a polars DataFrame. Rebuild the tables with
``python -m analysis build``. ``import analysis`` is light: the loaders (and pandas) load on
first use, so the command line starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .tables.published import (
        MissingDataError,
        UnknownNameError,
        catalog,
        load_audit,
        load_changes,
        load_coverage,
        load_crosswalk,
        load_facts,
        load_indicators,
        load_measures,
        load_national_indices,
        load_reports,
        load_table,
        load_tables,
        load_value_measures,
    )

__all__ = [
    "MissingDataError",
    "UnknownNameError",
    "catalog",
    "load_audit",
    "load_changes",
    "load_coverage",
    "load_crosswalk",
    "load_facts",
    "load_indicators",
    "load_measures",
    "load_national_indices",
    "load_reports",
    "load_table",
    "load_tables",
    "load_value_measures",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from .tables import published

        return getattr(published, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
