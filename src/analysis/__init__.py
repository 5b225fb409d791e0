"""Provincial e-government in Vietnam: figures from official reports, with their sources.

Public API (the book and data scientists use these; all read ``data/processed``)::

    import analysis
    facts = analysis.load_facts()            # every figure, with report, line and quote
    ind = analysis.load_indicators()         # best value per province × period × indicator
    analysis.catalog()                       # indicator ids, names (EN/VI), units, themes
    analysis.load_audit(), analysis.load_coverage(), analysis.load_crosswalk()

Pass ``engine="polars"`` to any loader for a polars DataFrame. Rebuild the tables with
``python -m analysis build``.
"""

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
    load_reports,
    load_table,
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
    "load_reports",
    "load_table",
]
