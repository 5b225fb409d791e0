"""District coverage maps (Altair): one province, or the four side by side.

Each district is coloured present / absent / planned / not reported (``analysis.book.style``
colours) and labelled with its Vietnamese name (labels are text marks, so static SVG/PDF exports
carry them). With boundaries configured the map is a geoshape; otherwise districts are drawn as
points at the gazetteer centroids and the subtitle says so. Vintage gaps (a district with no
polygon, a former district's polygon dissolved into its successor) are stated in the subtitle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from ..corpus.provinces import canonical_province
from ..geo.gazetteer import districts
from ..vocabulary import COVERAGE_ITEMS, NOT_REPORTED, STUDY_PROVINCES
from .data import GeoDataError, boundary_report, map_polygons
from .style import SUBTITLE_CHARS, source_tooltips, status_scale, titled, wrap

SIMPLIFY_DEGREES = 0.001
#: District labels: 10 px reads 7.5 pt in print (charts are at most the text width); a white
#: halo under dark text keeps them readable on every status colour.
LABEL_SIZE = 10
_TOOLTIP = [
    alt.Tooltip("district_name:N", title="District"),
    alt.Tooltip("status:N", title="Status"),
    *source_tooltips(),
]


def district_status(
    coverage_df: pd.DataFrame,
    province: str,
    item: str,
    report_ids: Iterable[str] | None = None,
    *,
    on: object = None,
) -> pd.DataFrame:
    """Every district of ``province`` in force on date ``on`` (the reports' date; the last
    pre-2025 list when None) with its status for ``item``.

    Districts without a row are ``not reported``. When several rows speak of one district the
    last one in ``coverage_df`` order wins (reports are sorted by period in the manifest).
    """
    prov = canonical_province(province)
    cov = coverage_df[(coverage_df["province"] == prov) & (coverage_df["item"] == item)]
    cov = cov.astype({"district_code": str})  # a CSV reader may have made codes numbers
    if report_ids is not None:
        cov = cov[cov["report_id"].isin(list(report_ids))]
    last = cov.drop_duplicates("district_code", keep="last")
    gaz = districts(prov, on)
    out = gaz.merge(
        last[["district_code", "status", "report_id", "line", "quote"]],
        on="district_code",
        how="left",
    )
    out["status"] = out["status"].fillna(NOT_REPORTED)
    for col in ("report_id", "quote"):
        out[col] = out[col].fillna("")
    out["line"] = out["line"].astype("Int64").astype("string").fillna("")
    dup = out["short_name"].duplicated(keep=False)
    abbrev = {"huyện": "H.", "thị xã": "TX.", "thành phố": "TP.", "quận": "Q."}
    out["label"] = [
        f"{abbrev.get(t, '')} {s}".strip() if d else s
        for s, t, d in zip(out["short_name"], out["unit_type"], dup, strict=True)
    ]
    return out


def _color(legend: bool) -> alt.Color:
    return alt.Color(
        "status:N",
        scale=status_scale(),
        legend=alt.Legend(title="Status", orient="bottom") if legend else None,
    )


def _province_layers(
    status: pd.DataFrame,
    province: str,
    *,
    width: int,
    height: int,
    legend: bool,
    on: object = None,
) -> tuple[alt.LayerChart | alt.FacetChart, list[str]]:
    """The map layers and the notes (fallbacks, vintage gaps) a reader must see."""
    notes: list[str] = []
    try:
        polys = map_polygons(province, on)
    except GeoDataError as exc:
        polys = None
        notes.append(f"Boundary file unusable ({exc}); districts drawn at gazetteer centroids.")
    points = status.copy()
    shapes = None
    if polys is None:
        if not notes:
            notes.append("No boundary file configured: districts drawn at gazetteer centroids.")
        points["has_polygon"] = False
    else:
        shapes, points = _shapes(polys, status, legend)
        notes += _vintage_notes(province, status, polys)
    base = alt.Chart(points)
    dots = (
        base.transform_filter("!datum.has_polygon")
        .mark_circle(size=260, stroke="#333333", strokeWidth=0.6, opacity=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=_color(legend and shapes is None),
            tooltip=_TOOLTIP,
        )
    )
    placed = alt.Chart(place_labels(points, width, height, below=shapes is None))
    where = {"longitude": "label_lon:Q", "latitude": "label_lat:Q", "text": "label:N"}
    halo = placed.mark_text(
        fontSize=LABEL_SIZE, stroke="white", strokeWidth=3, strokeOpacity=0.85, strokeJoin="round"
    ).encode(**where)
    labels = placed.mark_text(fontSize=LABEL_SIZE, color="#111111").encode(**where)
    layers = [dots, halo, labels] if shapes is None else [shapes, dots, halo, labels]
    # Rotating to the province's own meridian keeps Mercator's shape and gives each panel a
    # distinct projection, so Vega-Lite fits each one instead of merging them in a concat.
    lon0 = round(float(status["longitude"].mean()), 4)
    chart = (
        alt.layer(*layers)
        .project(type="mercator", rotate=[-lon0, 0, 0])
        .properties(width=width, height=height)
    )
    return chart, notes


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _inverse_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(points: pd.DataFrame, width: int, height: int, *, below: bool = False):
    """``points`` with ``label_lon``/``label_lat``: each label moved, if it would overlap one
    already placed, to the free spot nearest its district (above, below, left, right).

    Positions are worked out in the map's own pixels (Mercator fitted to ``width`` ×
    ``height``, as Vega-Lite fits it), with a label ``LABEL_SIZE`` high and 0.6 em a letter.
    ``below`` starts under the point (a dot marks the district itself).
    """
    out = points.copy()
    xy = [_mercator(lo, la) for lo, la in zip(out["longitude"], out["latitude"], strict=True)]
    if not xy:
        out["label_lon"], out["label_lat"] = [], []
        return out
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    span = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    scale = 0.8 * min(width / span[0], height / span[1])  # the polygons reach past the points
    boxes: list[tuple[float, ...]] = []
    lons, lats = [], []
    for (x, y), label in zip(xy, out["label"], strict=True):
        px, py = x * scale, -y * scale
        w, h = 0.6 * LABEL_SIZE * len(str(label)) + 2, LABEL_SIZE + 2
        steps: list[tuple[float, float]] = (
            [(0, h), (0, 0), (0, -h)] if below else [(0, 0), (0, -h), (0, h)]
        )
        steps += [(w / 2 + 6, 0), (-w / 2 - 6, 0), (0, 2 * h), (0, -2 * h)]
        best, best_cost = steps[0], math.inf
        for dx, dy in steps:
            box = (px + dx - w / 2, py + dy - h / 2, px + dx + w / 2, py + dy + h / 2)
            cost = sum(_overlap(box, b) for b in boxes)
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0:
                break
        cx, cy = px + best[0], py + best[1]
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        lons.append(math.degrees(cx / scale))
        lats.append(_inverse_lat(-cy / scale))
    out["label_lon"], out["label_lat"] = lons, lats
    return out


def _shapes(polys, status: pd.DataFrame, legend: bool) -> tuple[alt.Chart, pd.DataFrame]:
    """The polygon layer, and the district points moved to a point inside each polygon
    (``has_polygon`` marks the districts a polygon draws)."""
    from shapely.geometry.polygon import orient

    geo = polys.merge(status, on=["district_code", "district_name"], how="inner")
    # d3-geo (Vega) wants clockwise exterior rings; GeoJSON files usually have the opposite.
    # ~100 m tolerance: invisible at page size, a tenth of the vertices in the spec
    geo["geometry"] = [
        _orient(g, orient) for g in geo.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    ]
    label_pts = geo.geometry.representative_point()
    points = status.copy().set_index("district_code")
    points.loc[geo["district_code"], "longitude"] = label_pts.x.to_numpy()
    points.loc[geo["district_code"], "latitude"] = label_pts.y.to_numpy()
    points = points.reset_index()
    points["has_polygon"] = points["district_code"].isin(set(geo["district_code"]))
    geo = geo.drop(columns=["latitude", "longitude"])
    shapes = (
        alt.Chart(geo)
        .mark_geoshape(stroke="white", strokeWidth=0.8)
        .encode(color=_color(legend), tooltip=_TOOLTIP)
    )
    return shapes, points


def _vintage_notes(province: str, status: pd.DataFrame, polys) -> list[str]:
    """What the boundary file lacks or draws differently from the district list, in words."""
    rep = boundary_report(province)
    have = set(polys["district_code"])
    missing = [
        n
        for c, n in zip(status["district_code"], status["district_name"], strict=True)
        if c not in have
    ]
    unmatched = rep.loc[
        rep["issue"].isin(["unmatched_polygon", "ambiguous_polygon"]), "polygon_name"
    ].tolist()
    notes = []
    if missing:
        notes.append(
            "No polygon in the boundary file for "
            + ", ".join(missing)
            + " (drawn as a point at its centroid)."
        )
    if unmatched:
        notes.append(
            "Polygons matching no district of the province, not drawn: "
            + ", ".join(unmatched)
            + "."
        )
    own = set(polys.loc[polys["match_status"] == "matched", "polygon_name"])
    for r in rep.loc[rep["issue"] == "merged_polygon"].itertuples():
        if r.polygon_name not in own:
            notes.append(
                f"Polygon of former district {r.polygon_name} drawn as part of {r.district_name}."
            )
    return notes


def _orient(geom, orient):
    if geom.geom_type == "Polygon":
        return orient(geom, sign=-1.0)
    from shapely.geometry import MultiPolygon

    return MultiPolygon([orient(p, sign=-1.0) for p in geom.geoms])


def _add_notes(chart, notes: list[str]):
    if notes:
        extra = [w for n in notes for w in wrap(n, SUBTITLE_CHARS)]
        chart.title.subtitle = [*list(chart.title.subtitle), *extra]
    return chart


def coverage_map(
    coverage_df: pd.DataFrame,
    province: str,
    item: str,
    report_ids: Iterable[str] | None = None,
    *,
    title: str | None = None,
    width: int = 340,
    height: int = 340,
    on: object = None,
) -> alt.TopLevelMixin:
    """Map of ``province``'s districts by status of ``item`` (present/absent/planned/not
    reported), titled, with the source note naming the reports behind it."""
    prov = canonical_province(province)
    status = district_status(coverage_df, prov, item, report_ids, on=on)
    ids = (
        list(report_ids)
        if report_ids is not None
        else sorted({r for r in status["report_id"] if r})
    )
    layers, notes = _province_layers(status, prov, width=width, height=height, legend=True, on=on)
    label = COVERAGE_ITEMS.get(item, item)
    return _add_notes(titled(layers, title or f"{prov}: {label} by district", ids), notes)


def coverage_small_multiples(
    coverage_df: pd.DataFrame,
    items: str | Mapping[str, str],
    provinces: Iterable[str] = STUDY_PROVINCES,
    report_ids: Iterable[str] | None = None,
    *,
    title: str | None = None,
    width: int = 240,
    height: int = 230,
) -> alt.ConcatChart:
    """The provinces two by two (each with its own projection fit), one item per province:
    the grid is as wide as the text column, so labels stay readable in print.

    ``items`` is one item for all provinces or a mapping province -> item; a province missing
    from the mapping (its reports name no district) is still drawn, every district "not
    reported", and its panel says so.
    """
    panels, all_ids, all_notes = [], set(), []
    for prov in provinces:
        prov = canonical_province(prov)
        item = items if isinstance(items, str) else items.get(prov)
        status = district_status(coverage_df, prov, item or "", report_ids)
        all_ids |= {r for r in status["report_id"] if r}
        chart, notes = _province_layers(status, prov, width=width, height=height, legend=True)
        all_notes += [(prov, n) for n in notes]
        panels.append(
            chart.properties(
                title=alt.TitleParams(
                    f"{prov}",
                    subtitle=[
                        COVERAGE_ITEMS.get(item, item)
                        if item
                        else "no district named in its reports"
                    ],
                    anchor="start",
                    fontSize=12,
                )
            )
        )
    ids = list(report_ids) if report_ids is not None else sorted(all_ids)
    label = items if isinstance(items, str) else "selected items"
    combined = alt.concat(*panels, columns=2, spacing=16).resolve_scale(color="shared")
    combined = titled(
        combined, title or f"District coverage: {COVERAGE_ITEMS.get(label, label)}", ids
    )
    return _add_notes(combined, _shared_notes(all_notes, len(panels)))


def _shared_notes(notes: list[tuple[str, str]], n_panels: int) -> list[str]:
    """Notes per province, a note that every panel has said once."""
    out: list[str] = []
    for prov, note in notes:
        if sum(1 for _, n in notes if n == note) == n_panels:
            if note not in out:
                out.append(note)
        else:
            out.append(f"{prov}: {note}")
    return out


__all__ = ["coverage_map", "coverage_small_multiples", "district_status"]
