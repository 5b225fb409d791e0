"""District polygons: an external input located by configuration, reconciled to GSO codes.

Location: the directory in ``ANALYSIS_GEO_DIR``, else the ``geo_dir`` key of an optional
``analysis.toml`` at the project root (relative paths resolve from the root). The directory holds
``districts_<slug>.geojson`` (slug: ``an_giang``, ``tra_vinh``...). Files are read with GeoPandas
(pyogrio), reprojected to EPSG:4326 when needed, and each polygon is matched to a gazetteer code by
folded name (GADM-style ``NAME_3``/``VARNAME_3``/``TYPE_3``/``ENGTYPE_3``, or ``NAME_2`` level-2
files). Vintage gaps are reported by :func:`boundary_report`, never hidden: a polygon of a former
district (Tây Trà) gets ``match_status = "merged"`` and is dissolved into its successor by
:func:`map_polygons`; a current district without a polygon (Thị xã Duyên Hải) is listed.
:func:`boundary_problems` turns the same findings into audit findings (``line`` 0: a file, not a
report line).

API: ``geo_dir() -> Path | None``, ``boundaries(province) -> GeoDataFrame | None``,
``map_polygons(province)``, ``boundary_report(province) -> DataFrame`` (:data:`REPORT_COLUMNS`),
``boundary_problems(provinces) -> list[Finding]``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import paths
from ..checks.findings import Finding
from ..corpus.provinces import canonical_province
from ..extras import require
from ..text import fold
from ..vocabulary import STUDY_PROVINCES
from .gazetteer import _province_frame, districts, national_districts

if TYPE_CHECKING:  # keep ``import analysis.geo`` light: geopandas is imported on use
    import geopandas as gpd

ENV_VAR = "ANALYSIS_GEO_DIR"
CONFIG_FILE = "analysis.toml"
REPORT_COLUMNS = ["province", "issue", "district_code", "district_name", "polygon_name", "message"]
_TYPE_WORDS = re.compile(
    r"\b(?:township|city|town|district|municipality|huyen|thi xa|thanh pho|quan|tp|tx)\b"
)
_ENG_TYPES = {
    "district": "huyện",
    "township": "thị xã",
    "town": "thị xã",
    "city": "thành phố",
    "urban district": "quận",
}


class GeoDataError(ValueError):
    """A boundary file that cannot be used; the message names the file."""


def slug(province: str) -> str:
    """File-name slug of a province: ``Trà Vinh`` -> ``tra_vinh``."""
    return fold(canonical_province(province)).replace(" ", "_")


def geo_dir() -> Path | None:
    """The configured boundary directory, or None when no location is configured."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    cfg = paths.project_root() / CONFIG_FILE
    if not cfg.is_file():
        return None
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise GeoDataError(f"{cfg}: not valid TOML ({exc})") from exc
    value = data.get("geo_dir") or data.get("geo", {}).get("geo_dir")
    if not value:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else paths.project_root() / p


def boundary_file(province: str) -> Path | None:
    """Where the polygons of ``province`` would be (None when nothing is configured)."""
    d = geo_dir()
    return None if d is None else d / f"districts_{slug(province)}.geojson"


def _key(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        return ""
    return _TYPE_WORDS.sub(" ", fold(name)).replace(" ", "").replace("-", "")


def _read(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    require("geopandas", "pyogrio", purpose="reading district boundaries")
    import geopandas as gpd
    import pyogrio

    notes: list[str] = []
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        OSError,
        ValueError,
    ) as exc:
        raise GeoDataError(f"{path}: cannot read boundary file ({exc})") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry is None or len(gdf) == 0:
        raise GeoDataError(f"{path}: no geometry (no features with polygons)")
    geom = gdf.geometry
    if geom.isna().all() or geom.is_empty.all():
        raise GeoDataError(f"{path}: no geometry (every feature has an empty geometry)")
    if not set(geom.dropna().geom_type) <= {"Polygon", "MultiPolygon"}:
        kinds = ", ".join(sorted(set(geom.dropna().geom_type)))
        raise GeoDataError(f"{path}: expected Polygon/MultiPolygon districts, found {kinds}")
    minx, miny, maxx, maxy = gdf.total_bounds
    lonlat = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    if gdf.crs is None:
        if not lonlat:
            raise GeoDataError(
                f"{path}: no CRS and the coordinates are not longitude/latitude "
                f"(bounds {minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}); set the CRS in the file"
            )
        gdf = gdf.set_crs(4326)
        notes.append("no CRS in the file; coordinates look like lon/lat, EPSG:4326 assumed")
    elif gdf.crs.to_epsg() != 4326:
        src = gdf.crs.to_string()
        try:
            gdf = gdf.to_crs(4326)
        except Exception as exc:  # pyproj errors vary by version
            raise GeoDataError(f"{path}: cannot reproject from {src} ({exc})") from exc
        notes.append(f"reprojected from {src} to EPSG:4326")
    elif not lonlat:
        raise GeoDataError(f"{path}: CRS says EPSG:4326 but coordinates are not lon/lat")
    return gdf, notes


def _columns(gdf: pd.DataFrame) -> tuple[str, str | None, str | None, str | None]:
    for lvl in ("3", "2"):
        if f"NAME_{lvl}" in gdf.columns:
            var, kind, eng = (
                c if c in gdf.columns else None
                for c in (f"VARNAME_{lvl}", f"TYPE_{lvl}", f"ENGTYPE_{lvl}")
            )
            return f"NAME_{lvl}", var, kind, eng
    for c in ("shapeName", "name", "NAME", "ten_huyen"):
        if c in gdf.columns:
            return c, None, None, None
    raise GeoDataError("no district-name column (NAME_3, NAME_2, shapeName or name)")


def _reconcile(gdf: gpd.GeoDataFrame, province: str) -> gpd.GeoDataFrame:
    prov = canonical_province(province)
    gaz = _province_frame(prov)
    nat = national_districts()
    aliases = {
        a: r.district_code for r in nat[nat["province"] == prov].itertuples() for a in r.alias_keys
    }
    by_key: dict[str, list[tuple[str, str]]] = {}
    for r in gaz.itertuples(index=False):
        by_key.setdefault(_key(r.short_name), []).append((r.district_code, r.unit_type))
    names = dict(zip(gaz["district_code"], gaz["district_name"], strict=True))
    name_col, var_col, type_col, eng_col = _columns(gdf)
    codes: list[str | None] = []
    statuses: list[str] = []
    notes: list[str] = []
    for row in gdf.itertuples(index=False):
        rec = row._asdict()
        keys = [k for k in (_key(rec.get(name_col)), _key(rec.get(var_col))) if k]
        cands = next((by_key[k] for k in keys if k in by_key), [])
        if len(cands) > 1:
            want = fold(str(rec.get(type_col) or ""))
            eng = _ENG_TYPES.get(fold(str(rec.get(eng_col) or "")), "")
            typed = [c for c in cands if fold(c[1]) in (want, fold(eng))]
            cands = typed or cands
        if len(cands) == 1:
            codes.append(cands[0][0])
            statuses.append("matched")
            notes.append("")
        elif any(k in aliases for k in keys):
            code = next(aliases[k] for k in keys if k in aliases)
            codes.append(code)
            statuses.append("merged")
            notes.append(f"former district, now part of {names[code]} ({code})")
        else:
            codes.append(None)
            statuses.append("ambiguous" if cands else "unmatched")
            notes.append(
                "several gazetteer districts share this name"
                if cands
                else _unmatched_note(keys, prov)
            )
    out = gdf[[name_col, "geometry"]].rename(columns={name_col: "polygon_name"}).copy()
    out.insert(0, "district_code", codes)
    out.insert(1, "district_name", [names.get(c) if c else None for c in codes])
    out.insert(2, "match_status", statuses)
    out.insert(3, "note", notes)
    out.insert(4, "province", prov)
    return out


@lru_cache(maxsize=1)
def _national_keys() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in national_districts().itertuples(index=False):
        out.setdefault(_key(r.short_name), []).append(f"{r.district_name}, {r.province}")
    return out


def _unmatched_note(keys: list[str], province: str) -> str:
    elsewhere = next((_national_keys()[k] for k in keys if k in _national_keys()), [])
    if elsewhere:
        return (
            f"not a district of {province}; the name belongs to "
            + "; ".join(elsewhere[:4])
            + (" ..." if len(elsewhere) > 4 else "")
        )
    return f"no district of {province} (or elsewhere) has this name in the gazetteer"


@lru_cache(maxsize=16)
def _load(path_str: str, mtime_ns: int, province: str) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:
    gdf, notes = _read(Path(path_str))
    try:
        return _reconcile(gdf, province), tuple(notes)
    except GeoDataError as exc:
        raise GeoDataError(f"{path_str}: {exc}") from exc


def _loaded(province: str) -> tuple[gpd.GeoDataFrame | None, tuple[str, ...], Path | None]:
    prov = canonical_province(province)
    path = boundary_file(prov)
    if path is None or not path.is_file():
        return None, (), path
    gdf, notes = _load(str(path.resolve()), path.stat().st_mtime_ns, prov)
    return gdf, notes, path


def boundaries(province: str) -> gpd.GeoDataFrame | None:
    """District polygons of ``province`` in EPSG:4326, one row per polygon of the file.

    Columns: ``district_code``, ``district_name``, ``match_status`` (matched / merged /
    unmatched / ambiguous), ``note``, ``province``, ``polygon_name``, ``geometry``. Returns None
    when no location is configured or the file is absent; raises :class:`GeoDataError` (naming
    the file) when the file has no geometry or an unusable CRS.
    """
    gdf, _, _ = _loaded(province)
    return None if gdf is None else gdf.copy()


def map_polygons(province: str, on: object = None) -> gpd.GeoDataFrame | None:
    """One polygon per district: merged former districts dissolved into their successor, or,
    when they were still districts on date ``on``, drawn as themselves; unmatched polygons
    dropped here (they are listed by :func:`boundary_report`)."""
    gdf = boundaries(province)
    if gdf is None:
        return None
    keep = gdf[gdf["match_status"].isin(["matched", "merged"])].copy()
    if on is not None:
        dated = districts(province, on)
        restored = dated[
            ~dated["district_code"].isin(
                set(_province_frame(canonical_province(province))["district_code"])
            )
        ]
        by_key = {_key(r.short_name): r for r in restored.itertuples(index=False)}
        for i, row in keep[keep["match_status"] == "merged"].iterrows():
            r = by_key.get(_key(row["polygon_name"]))
            if r is not None:
                keep.loc[i, ["district_code", "district_name", "match_status"]] = [
                    r.district_code,
                    r.district_name,
                    "matched",
                ]
        keep = keep[keep["district_code"].isin(set(dated["district_code"]))]
    out = keep.dissolve(by="district_code", as_index=False, aggfunc="first")
    return out[["district_code", "district_name", "match_status", "polygon_name", "geometry"]]


def boundary_report(province: str) -> pd.DataFrame:
    """Everything about ``province``'s boundaries a reader should know (one row per issue).

    ``issue``: not_configured, no_boundary_file, read_error, crs_note, unmatched_polygon,
    ambiguous_polygon, merged_polygon, no_polygon (a gazetteer district the file lacks).
    """
    prov = canonical_province(province)
    rows: list[dict] = []

    def add(issue: str, message: str, code: str = "", name: str = "", poly: str = "") -> None:
        values = (prov, issue, code, name, poly, message)
        rows.append(dict(zip(REPORT_COLUMNS, values, strict=True)))

    try:
        gdf, notes, path = _loaded(prov)
    except GeoDataError as exc:
        add("read_error", str(exc))
        return pd.DataFrame(rows, columns=REPORT_COLUMNS)
    if path is None:
        add(
            "not_configured",
            f"no boundary location configured ({ENV_VAR} or geo_dir in "
            f"{CONFIG_FILE}); maps use gazetteer centroids",
        )
    elif gdf is None:
        add("no_boundary_file", f"{path} not found; maps use gazetteer centroids")
    if gdf is None or path is None:  # (no path: nothing configured, so no polygons either)
        return pd.DataFrame(rows, columns=REPORT_COLUMNS)
    for n in notes:
        add("crs_note", f"{path.name}: {n}")
    for r in gdf.itertuples(index=False):
        if r.match_status == "matched":
            continue
        add(
            f"{r.match_status}_polygon",
            f"{path.name}: polygon {r.polygon_name!r}: {r.note}",
            r.district_code or "",
            r.district_name or "",
            r.polygon_name,
        )
    gaz = _province_frame(prov)
    have = set(gdf.loc[gdf["match_status"].isin(["matched", "merged"]), "district_code"])
    for r in gaz.itertuples(index=False):
        if r.district_code not in have:
            add(
                "no_polygon",
                f"{path.name} has no polygon for {r.district_name} (boundary "
                "vintage older than the gazetteer); drawn at its centroid",
                r.district_code,
                r.district_name,
            )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


#: Audit severity of each :func:`boundary_report` issue.
ISSUE_SEVERITY = {
    "not_configured": "info",
    "no_boundary_file": "warning",
    "read_error": "error",
    "crs_note": "info",
    "unmatched_polygon": "warning",
    "ambiguous_polygon": "warning",
    "merged_polygon": "info",
    "no_polygon": "warning",
}


def boundary_problems(provinces: Iterable[str] = STUDY_PROVINCES) -> list[Finding]:
    """:func:`boundary_report` of each province as audit findings (``check`` =
    ``boundary_<issue>``, ``line`` 0: a file, not a report line). Never raises for a bad file.

    Not part of the build (boundaries are configured per machine; the published audit does
    not depend on them): the maps state the same findings under each map.
    """
    return [
        Finding(
            check=f"boundary_{r.issue}",
            severity=ISSUE_SEVERITY[r.issue],
            message=r.message,
            province=r.province,
            quote=r.polygon_name or r.district_name,
        )
        for prov in provinces
        for r in boundary_report(prov).itertuples(index=False)
    ]
