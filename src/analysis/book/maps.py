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
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from ..corpus.provinces import canonical_province
from ..geo.gazetteer import districts
from ..vocabulary import COVERAGE_ITEMS, NOT_REPORTED, STUDY_PROVINCES
from .data import GeoDataError, boundary_report, map_polygons
from .style import MAX_WIDTH, STATUS_COLORS, SUBTITLE_CHARS, source_tooltips, titled, wrap

SIMPLIFY_DEGREES = 0.001
#: District labels: 10 px reads 7.5 pt in print (charts are at most the text width); a white
#: halo under dark text keeps them readable on every status colour.
LABEL_SIZE = 10
#: Room a legend beside the map takes (its title and the longest status word, both editions).
LEGEND_BESIDE = 150


def status_words() -> dict[str, str]:
    """How each status reads on a map (legend and tooltip) in the current edition."""
    from .words import labels

    words = labels("districts.map_statuses")
    return {s: words.get(s, s) for s in STATUS_COLORS}


def _tooltip() -> list[alt.Tooltip]:
    from .words import t

    return [
        alt.Tooltip("district_name:N", title=t("districts.columns.district")),
        alt.Tooltip("status_word:N", title=t("districts.columns.status")),
        *source_tooltips("report"),
    ]


def _named_reports(status: pd.DataFrame, names: Mapping[str, str] | None) -> pd.DataFrame:
    """``status`` with ``report``: each row's report as a reader names it (from ``names``, or
    its short citation, :func:`analysis.book.citations.cite`), empty for a district no report
    names."""
    from .citations import cite

    names = names or {}
    return status.assign(report=[names.get(r) or cite(r) for r in status["report_id"]])


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


def _color(legend: bool, orient: Literal["bottom", "right"] = "bottom") -> alt.Color:
    from .words import t

    words = status_words()
    return alt.Color(
        "status_word:N",
        scale=alt.Scale(
            domain=[words[s] for s in STATUS_COLORS], range=list(STATUS_COLORS.values())
        ),
        legend=alt.Legend(title=t("districts.columns.status"), orient=orient) if legend else None,
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
    from .words import t

    notes: list[str] = []
    words = status_words()
    status = status.assign(status_word=[words.get(str(x), str(x)) for x in status["status"]])
    try:
        polys = map_polygons(province, on)
    except GeoDataError as exc:
        polys = None
        notes.append(t("districts.map_notes.unusable", error=exc))
    points = status.copy()
    shapes = None
    if polys is None:
        if not notes:
            notes.append(t("districts.map_notes.no_boundaries"))
        points["has_polygon"] = False
    else:
        shapes, points = _shapes(polys, status, legend)
        notes += _vintage_notes(province, status, polys)
    frame = fit_frame(points, None if shapes is None else _geometries(shapes), width, height)
    # A map narrower than the column keeps its legend beside it, not under it: one map is
    # then low enough that two share a PDF page (An Giang: 495 → about 370 px high).
    orient: Literal["bottom", "right"] = (
        "right" if frame.width + LEGEND_BESIDE <= MAX_WIDTH else "bottom"
    )
    if shapes is not None:
        shapes = shapes.encode(color=_color(legend, orient))
    placed_df, key = place_labels(
        points, frame, None if shapes is None else _pixel_polygons(shapes, frame)
    )
    base = alt.Chart(points)
    dots = (
        base.transform_filter("!datum.has_polygon")
        .mark_circle(size=260, stroke="#333333", strokeWidth=0.6, opacity=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=_color(legend and shapes is None, orient),
            tooltip=_tooltip(),
        )
    )
    placed = alt.Chart(placed_df)
    where = {"longitude": "label_lon:Q", "latitude": "label_lat:Q", "text": "map_label:N"}
    halo = placed.mark_text(
        fontSize=LABEL_SIZE, stroke="white", strokeWidth=3, strokeOpacity=0.85, strokeJoin="round"
    ).encode(**where)
    labels = placed.mark_text(fontSize=LABEL_SIZE, color="#111111").encode(**where)
    layers = [dots, halo, labels] if shapes is None else [shapes, dots, halo, labels]
    # The projection is fitted here (scale and translate given), not by Vega-Lite, so the
    # label boxes worked out in pixels are where the labels land. Rotating to the province's
    # own meridian gives each panel of a concat its own projection.
    chart = (
        alt.layer(*layers)
        .project(
            type="mercator",
            rotate=[-frame.lon0, 0, 0],
            scale=frame.scale,
            translate=[frame.tx, frame.ty],
        )
        .properties(width=frame.width, height=frame.height)
    )
    if key:
        notes.append(key_note(key))
    return chart, notes


@dataclass(frozen=True)
class Frame:
    """A Mercator projection fitted to a province: pixels = ``scale`` × radians + offset."""

    lon0: float
    scale: float
    tx: float
    ty: float
    width: int
    height: int

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _mercator(lon - self.lon0, lat)
        return self.scale * x + self.tx, self.ty - self.scale * y

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return (
            math.degrees((x - self.tx) / self.scale) + self.lon0,
            _inverse_lat((self.ty - y) / self.scale),
        )


#: Room kept free around the drawing (labels of the edge districts, the halo).
PAD = 12


def fit_frame(points: pd.DataFrame, geoms, max_width: int, max_height: int) -> Frame:
    """The projection and size that fit the province in ``max_width`` × ``max_height`` at its
    own aspect ratio (a wide province gets a low map, not a square with empty bands)."""
    lon0 = round(float(points["longitude"].mean()), 4) if len(points) else 0.0
    coords = list(zip(points["longitude"], points["latitude"], strict=True))
    for g in geoms or []:
        for poly in getattr(g, "geoms", [g]):
            coords += list(poly.exterior.coords)
    xy = [_mercator(lo - lon0, la) for lo, la in coords] or [(0.0, 0.0)]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    dx, dy = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    inner_w, inner_h = max_width - 2 * PAD, max_height - 2 * PAD
    scale = min(inner_w / dx, inner_h / dy)
    width = round(dx * scale + 2 * PAD)
    height = round(dy * scale + 2 * PAD)
    return Frame(
        lon0=lon0,
        scale=scale,
        tx=PAD - scale * min(xs),
        ty=PAD + scale * max(ys),
        width=width,
        height=height,
    )


def _geometries(shapes: alt.Chart) -> list:
    return list(shapes.data.geometry)


def _pixel_polygons(shapes: alt.Chart, frame: Frame) -> dict[str, Any]:
    """district_code -> its polygon in the map's pixels."""
    import numpy as np
    import shapely

    def to_px(a):
        x = np.radians(a[:, 0] - frame.lon0)
        y = np.log(np.tan(math.pi / 4 + np.radians(a[:, 1]) / 2))
        return np.column_stack([frame.scale * x + frame.tx, frame.ty - frame.scale * y])

    geo = shapes.data
    return {
        str(code): shapely.transform(g, to_px)
        for code, g in zip(geo["district_code"], geo.geometry, strict=True)
    }


def key_note(key: list[tuple[int, str]]) -> str:
    """The numbered districts in words, under the title: '1 Hiệp Hòa, 2 Việt Yên'."""
    from .words import t

    lead = t("districts.map_key")
    return f"{lead}: " + ", ".join(f"{n} {name}" for n, name in key) + "."


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _inverse_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _box(cx: float, cy: float, text: str) -> tuple[float, float, float, float]:
    w, h = 0.62 * LABEL_SIZE * len(text) + 2, LABEL_SIZE + 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def place_labels(
    points: pd.DataFrame, frame: Frame, polygons: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """``points`` with ``map_label``, ``label_lon`` and ``label_lat``, and the map's key.

    A district's name is written where it fits: inside its own polygon (a polygon map) or
    beside its dot (a centroid map), overlapping no other label and inside the frame.
    Where the name does not fit, the district gets a number at its point and the key
    (``[(1, "Hiệp Hòa"), …]``, numbered west to east) says which district it is. Label boxes
    are worked out in the map's own pixels (:class:`Frame`), a letter 0.62 em wide.
    """
    from shapely.geometry import box as shapely_box

    out = points.copy()
    xy = [frame.px(lo, la) for lo, la in zip(out["longitude"], out["latitude"], strict=True)]
    codes = [str(c) for c in out["district_code"]]
    names = [str(v) for v in out["label"]]
    polygons = polygons or {}
    placed: list[tuple[float, ...]] = []
    spot: dict[int, tuple[float, float, str]] = {}

    def free(b: tuple[float, ...]) -> bool:
        inside = b[0] >= 0 and b[1] >= 0 and b[2] <= frame.width and b[3] <= frame.height
        return inside and all(_overlap(b, o) == 0 for o in placed)

    h = float(LABEL_SIZE + 2)
    steps: list[tuple[float, float]]
    # bigger districts first: they have the room; the small ones fall back to numbers
    order = sorted(
        range(len(xy)),
        key=lambda i: -(polygons[codes[i]].area if codes[i] in polygons else 0.0),
    )
    for i in order:
        (px, py), name, poly = xy[i], names[i], polygons.get(codes[i])
        if poly is not None:
            room = poly.buffer(2)
            steps = [(0, 0), (0, -h / 2), (0, h / 2), (0, -h), (0, h)]
        else:
            room = None
            w = 0.62 * LABEL_SIZE * len(name) + 2
            steps = [(0, h), (0, -h), (w / 2 + 8, 0), (-w / 2 - 8, 0)]
        for dx, dy in steps:
            b = _box(px + dx, py + dy, name)
            if free(b) and (room is None or room.contains(shapely_box(*b))):
                placed.append(b)
                spot[i] = (px + dx, py + dy, name)
                break
    rest = sorted((i for i in range(len(xy)) if i not in spot), key=lambda i: xy[i])
    key: list[tuple[int, str]] = []
    for n, i in enumerate(rest, start=1):
        px, py = xy[i]
        if polygons.get(codes[i]) is None:
            px += 10  # beside the dot, not on it
        text = str(n)
        best, cost = (px, py), math.inf
        for dx, dy in [(0, 0), (0, -h), (0, h), (8, 0), (-8, 0)]:
            b = _box(px + dx, py + dy, text)
            c = sum(_overlap(b, o) for o in placed)
            if c < cost:
                best, cost = (px + dx, py + dy), c
            if c == 0:
                break
        placed.append(_box(*best, text))
        spot[i] = (best[0], best[1], text)
        key.append((n, names[i]))
    lonlat = [frame.lonlat(spot[i][0], spot[i][1]) for i in range(len(xy))]
    out["map_label"] = [spot[i][2] for i in range(len(xy))]
    out["label_lon"] = [p[0] for p in lonlat]
    out["label_lat"] = [p[1] for p in lonlat]
    return out, key


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
        .encode(color=_color(legend), tooltip=_tooltip())
    )
    return shapes, points


def _vintage_notes(province: str, status: pd.DataFrame, polys) -> list[str]:
    """What the boundary file lacks or draws differently from the district list, in words."""
    from .words import t

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
        notes.append(t("districts.map_notes.no_polygon", districts=", ".join(missing)))
    if unmatched:
        notes.append(t("districts.map_notes.unmatched", polygons=", ".join(unmatched)))
    own = set(polys.loc[polys["match_status"] == "matched", "polygon_name"])
    for r in rep.loc[rep["issue"] == "merged_polygon"].itertuples():
        if r.polygon_name not in own:
            notes.append(
                t("districts.map_notes.merged", former=r.polygon_name, district=r.district_name)
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
    width: int = 560,
    height: int = 380,
    on: object = None,
    report_names: Mapping[str, str] | None = None,
) -> alt.TopLevelMixin:
    """Map of ``province``'s districts by status of ``item`` (present/absent/planned/not
    reported), titled, with the source note naming the reports behind it. ``width`` and
    ``height`` bound the map; it keeps the province's own aspect ratio inside them (380 px
    high: two tall maps share a PDF page). ``report_names`` (report id → issuer and period,
    :func:`analysis.book.districts.report_names`) names the reports in the tooltips."""
    prov = canonical_province(province)
    status = district_status(coverage_df, prov, item, report_ids, on=on)
    status = _named_reports(status, report_names)
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
    report_names: Mapping[str, str] | None = None,
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
        status = _named_reports(status, report_names)
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
