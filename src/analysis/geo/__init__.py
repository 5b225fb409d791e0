"""Geography of the book: gazetteer, district names in text, coverage, 2025 crosswalk, boundaries.

Entry points for the build (all return pandas DataFrames; none downloads anything):

- ``build_coverage(manifest=None, reports=None) -> (coverage, problems)``: ``manifest`` is
  :func:`analysis.corpus.manifest.load_manifest` output (loaded when None), ``reports`` an optional
  ``{report_id: Report}`` of reports already read. ``coverage`` has exactly
  :data:`COVERAGE_COLUMNS` (``report_id, province, district_code, district_name, item, status,
  line, quote``; DESIGN.md ``coverage.csv``); ``problems`` has exactly :data:`AUDIT_COLUMNS`
  (``check, severity, report_id, province, line, quote, other_line, other_quote, indicator,
  stated, expected, message``) and can be appended to ``audit.csv`` as it is (``line`` 0 = a
  problem of the whole report, e.g. unreadable or post-reform).
- ``build_crosswalk(provinces=STUDY_PROVINCES) -> DataFrame`` with :data:`CROSSWALK_COLUMNS`
  (``old_province, old_district_code, old_district_name, new_province, new_province_code,
  new_ward_code, new_ward_name, old_ward_count, divided``): one row per (pre-2025 district,
  2025 commune/ward) pair; ``province_crosswalk(provinces) -> DataFrame``
  (:data:`PROVINCE_CROSSWALK_COLUMNS`: ``old_province, new_province, new_province_code,
  merged_from``).
- ``boundary_problems(provinces=STUDY_PROVINCES) -> DataFrame`` (:data:`AUDIT_COLUMNS`):
  boundary vintage gaps, unmatched polygons, unusable files, or "not configured".

Lookups: ``districts(province)`` (:data:`DISTRICT_COLUMNS`), ``district_code(name, province)``,
``find_districts(text, province)``; boundaries: ``boundaries(province)``,
``boundary_report(province)`` (maps are drawn by :mod:`analysis.book.maps`).

``import analysis.geo`` is light (pandas + the package's sqlite gazetteer); GeoPandas and Altair
load only when boundaries are first used (lazy attributes below).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .coverage import (
    AUDIT_COLUMNS,
    COVERAGE_COLUMNS,
    ITEM_RULES,
    PROBLEM_COLUMNS,
    QUANTIFIERS,
    ItemRule,
    build_coverage,
    extract_coverage,
    problem_row,
    problems_frame,
)
from .crosswalk import (
    CROSSWALK_COLUMNS,
    PROVINCE_CROSSWALK_COLUMNS,
    CrosswalkError,
    build_crosswalk,
    new_province_of,
    province_crosswalk,
)
from .gazetteer import (
    DISTRICT_COLUMNS,
    UnknownDistrictError,
    district_code,
    district_total,
    districts,
)
from .names import DistrictMention, NameScan, find_districts, foreign_mentions, scan_text

_LAZY = {
    "GeoDataError": "boundaries",
    "boundaries": "boundaries",
    "boundary_problems": "boundaries",
    "boundary_report": "boundaries",
    "boundary_file": "boundaries",
    "geo_dir": "boundaries",
    "map_polygons": "boundaries",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AUDIT_COLUMNS",
    "COVERAGE_COLUMNS",
    "CROSSWALK_COLUMNS",
    "DISTRICT_COLUMNS",
    "ITEM_RULES",
    "PROBLEM_COLUMNS",
    "PROVINCE_CROSSWALK_COLUMNS",
    "QUANTIFIERS",
    "CrosswalkError",
    "DistrictMention",
    "ItemRule",
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
    "problem_row",
    "problems_frame",
    "province_crosswalk",
    "scan_text",
    *_LAZY,
]
