"""The book's one reader of anything outside ``data/processed``: the district boundaries.

Everything a chapter shows comes from the published tables (``analysis.load_*``), except the
district polygons the maps draw. Those are an external input located by configuration
(``ANALYSIS_GEO_DIR``, or ``geo_dir`` in ``analysis.toml``) and reconciled to GSO codes by
:mod:`analysis.geo.boundaries`; this module is the book's only doorway to them
(``tests/test_architecture.py`` keeps it so). Without boundaries the maps use the gazetteer's
district centroids and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..geo.boundaries import GeoDataError, boundary_report, geo_dir, map_polygons

__all__ = ["BoundarySource", "GeoDataError", "boundary_report", "boundary_source", "map_polygons"]


@dataclass(frozen=True)
class BoundarySource:
    """Where the polygons come from: the configured folder and the origin its ``SOURCE.md``
    states (empty when it states none)."""

    folder: Path
    origin: str


def boundary_source() -> BoundarySource | None:
    """The configured boundary folder and its stated origin; ``None`` when none is configured."""
    folder = geo_dir()
    if folder is None:
        return None
    origin = ""
    source = folder / "SOURCE.md"
    if source.is_file():  # the boundary folder documents where its polygons come from
        text = source.read_text(encoding="utf-8")
        m = re.search(r"^Origin:\s*(.+?)(?:\n\s*\n|\Z)", text, re.MULTILINE | re.DOTALL)
        origin = " ".join(m.group(1).split()) if m else ""
    return BoundarySource(folder, origin)
