"""Layer 6, geography: gazetteer, district names in text, coverage, 2025 crosswalk, boundaries.

Entry points for the build (pandas DataFrames; nothing downloads anything):

- ``build_coverage(manifest=None, reports=None) -> (coverage, findings)``: coverage rows with
  :data:`COVERAGE_COLUMNS` (``coverage.csv``) and the geography findings
  (:class:`analysis.checks.findings.Finding`) the build adds to the audit.
- ``build_crosswalk(provinces=STUDY_PROVINCES)`` (:data:`CROSSWALK_COLUMNS`): one row per
  (pre-2025 district, 2025 commune/ward) pair; ``province_crosswalk(provinces)``.

Lookups: ``districts(province)`` (:data:`DISTRICT_COLUMNS`), ``district_total(province)``,
``district_code(name, province)``, ``find_districts(text, province)``,
``foreign_mentions(text, province)``, ``scan_text(text, province)``,
``new_province_of(old_province)``. Boundaries (external input, located by configuration):
``geo_dir()``, ``boundaries(province)``, ``map_polygons(province)``,
``boundary_report(province)``, ``boundary_problems(provinces)``; the book reads them only
through :mod:`analysis.book.data` and draws them with :mod:`analysis.book.maps`.

``import analysis.geo`` is light (pandas + the package's sqlite gazetteer); GeoPandas loads only
when boundaries are first used (lazy attributes below).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .coverage import COVERAGE_COLUMNS, build_coverage, extract_coverage
from .crosswalk import (
    CROSSWALK_COLUMNS,
    PROVINCE_CROSSWALK_COLUMNS,
    CrosswalkError,
    build_crosswalk,
    new_province_of,
    province_crosswalk,
)
from .gazetteer import DISTRICT_COLUMNS, district_total, districts
from .names import (
    DistrictMention,
    NameScan,
    UnknownDistrictError,
    district_code,
    find_districts,
    foreign_mentions,
    scan_text,
)

_LAZY = {
    "GeoDataError": "boundaries",
    "boundaries": "boundaries",
    "boundary_problems": "boundaries",
    "boundary_report": "boundaries",
    "geo_dir": "boundaries",
    "map_polygons": "boundaries",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COVERAGE_COLUMNS",
    "CROSSWALK_COLUMNS",
    "DISTRICT_COLUMNS",
    "PROVINCE_CROSSWALK_COLUMNS",
    "CrosswalkError",
    "DistrictMention",
    "NameScan",
    "UnknownDistrictError",
    "build_coverage",
    "build_crosswalk",
    "district_code",
    "district_total",
    "districts",
    "extract_coverage",
    "find_districts",
    "foreign_mentions",
    "new_province_of",
    "province_crosswalk",
    "scan_text",
    *_LAZY,
]
