"""Boundaries (external input located by configuration) and coverage maps (issue 4)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.book.export import to_svg
from analysis.book.maps import (
    coverage_map,
    coverage_small_multiples,
    district_status,
)
from analysis.book.style import STATUS_COLORS
from analysis.checks.findings import findings_frame
from analysis.corpus.manifest import load_manifest
from analysis.geo import COVERAGE_COLUMNS, build_coverage, districts
from analysis.geo.boundaries import (
    ENV_VAR,
    GeoDataError,
    boundaries,
    boundary_problems,
    boundary_report,
    geo_dir,
    map_polygons,
)
from analysis.schemas import TABLES
from analysis.vocabulary import STUDY_PROVINCES

SHARED_GEO = paths.shared_dir() / "geo"
needs_geo = pytest.mark.skipif(
    not (SHARED_GEO / "districts_an_giang.geojson").is_file(),
    reason=f"district boundary files not found in {SHARED_GEO} (external input, never committed)",
)


@pytest.fixture
def shared_geo(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(SHARED_GEO))
    return SHARED_GEO


@pytest.fixture
def no_geo(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))  # no analysis.toml there


@pytest.fixture(scope="module")
def coverage() -> pd.DataFrame:
    return build_coverage(load_manifest())[0]


def test_config_from_toml(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))
    assert geo_dir() is None
    (tmp_path / "analysis.toml").write_text('geo_dir = "ext/geo"\n', encoding="utf-8")
    assert geo_dir() == tmp_path / "ext" / "geo"
    monkeypatch.setenv(ENV_VAR, "/somewhere")
    assert geo_dir() == Path("/somewhere")


def test_no_location_configured(no_geo):
    assert boundaries("An Giang") is None
    assert list(boundary_report("An Giang").issue) == ["not_configured"]


@needs_geo
@pytest.mark.slow
def test_reconcile_is_fast(shared_geo):
    t = time.process_time()
    for p in STUDY_PROVINCES:
        boundaries(p)
    assert time.process_time() - t < 2.0


@needs_geo
def test_reconcile_all_four(shared_geo):
    frames = {p: boundaries(p) for p in STUDY_PROVINCES}
    for prov, gdf in frames.items():
        assert gdf.crs.to_epsg() == 4326
        assert {"district_code", "district_name", "match_status"} <= set(gdf.columns)
        assert not (gdf.match_status == "unmatched").any(), prov
        assert set(gdf.district_code) <= set(districts(prov).district_code)
    qn = frames["Quảng Ngãi"].set_index("polygon_name")
    assert qn.loc["Tây Trà", "match_status"] == "merged"
    assert qn.loc["Tây Trà", "district_code"] == "525"
    assert qn.loc["Tu Nghia", "district_code"] == "528"
    ag = frames["An Giang"].set_index("polygon_name")
    assert ag.loc["Long Xuyen Township", "district_code"] == "883"
    assert ag.loc["Thoại Son", "district_code"] == "894"
    assert ag.loc["Chau Doc", "district_code"] == "884"
    assert frames["Bắc Giang"].set_index("polygon_name").loc["Son Ðộng", "district_code"] == "220"
    assert len(map_polygons("Quảng Ngãi")) == 13  # Tây Trà dissolved into Trà Bồng


@needs_geo
def test_boundary_report_lists_vintage_gaps(shared_geo):
    tv = boundary_report("Trà Vinh")
    assert tv.loc[tv.issue == "no_polygon", "district_name"].tolist() == ["Thị xã Duyên Hải"]
    qn = boundary_report("Quảng Ngãi")
    assert qn.loc[qn.issue == "merged_polygon", "polygon_name"].tolist() == ["Tây Trà"]
    assert boundary_report("An Giang").empty


def _feature_collection(coords, crs: str | None = None) -> dict:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"NAME_3": "Tri Tôn", "TYPE_3": "Huyện"},
                "geometry": {"type": "Polygon", "coordinates": [coords]},
            }
        ],
    }
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    return fc


def test_wrong_crs_is_reprojected(monkeypatch, tmp_path):
    # Tri Tôn's neighbourhood in UTM zone 48N (EPSG:32648)
    x0, y0 = 498000.0, 1150000.0
    ring = [[x0, y0], [x0 + 5000, y0], [x0 + 5000, y0 + 5000], [x0, y0 + 5000], [x0, y0]]
    path = tmp_path / "districts_an_giang.geojson"
    path.write_text(json.dumps(_feature_collection(ring, "urn:ogc:def:crs:EPSG::32648")))
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    gdf = boundaries("An Giang")
    assert gdf.crs.to_epsg() == 4326
    minx, miny, _, _ = gdf.total_bounds
    assert 104 < minx < 106 and 10 < miny < 11
    assert gdf.district_code.tolist() == ["891"]
    assert "crs_note" in set(boundary_report("An Giang").issue)


def test_projected_coordinates_without_crs_fail_clearly(monkeypatch, tmp_path):
    ring = [[498000, 1150000], [503000, 1150000], [503000, 1155000], [498000, 1150000]]
    path = tmp_path / "districts_an_giang.geojson"
    fc = _feature_collection(ring)
    path.write_text(json.dumps(fc))
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    # GeoJSON without a crs member is read as EPSG:4326; out-of-range coordinates are caught
    with pytest.raises(GeoDataError, match=r"districts_an_giang\.geojson"):
        boundaries("An Giang")


def test_no_geometry_fails_clearly(monkeypatch, tmp_path):
    path = tmp_path / "districts_an_giang.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"NAME_3": "Tri Tôn"}, "geometry": None}
                ],
            }
        )
    )
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(GeoDataError, match=r"districts_an_giang\.geojson.*no geometry"):
        boundaries("An Giang")
    assert boundary_report("An Giang").issue.tolist() == ["read_error"]


def test_unusable_file_falls_back_in_maps(monkeypatch, tmp_path, coverage):
    (tmp_path / "districts_an_giang.geojson").write_text("not json at all")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    chart = coverage_map(coverage, "An Giang", "district_ioc")
    assert any("unusable" in s for s in chart.title.subtitle)


def _check_svg(svg: str, province: str) -> None:
    """Every district of ``province`` is named: its Vietnamese label on the map (a text mark),
    or, where the name has no room, a number on the map and the name in the map's key."""
    labels = district_status(pd.DataFrame(columns=COVERAGE_COLUMNS), province, "x").label
    assert len(labels) == len(districts(province))
    words = " ".join(re.findall(r">([^<>]+)<", svg))
    keys = words[words.find("Numbers on the map: ") :] if "Numbers on the map: " in words else ""
    for label in labels:
        keyed = re.search(rf"\b\d+ {re.escape(label)}[,.]", keys) is not None
        assert f">{label}</text>" in svg or keyed, (province, label)


@needs_geo
@pytest.mark.parametrize("province", STUDY_PROVINCES)
def test_map_with_boundaries_has_every_name(shared_geo, coverage, province):
    item = {
        "An Giang": "district_ioc",
        "Trà Vinh": "video_conference_point",
        "Bắc Giang": "training",
        "Quảng Ngãi": "training",
    }[province]
    chart = coverage_map(coverage, province, item)
    spec = chart.to_dict()
    assert any(layer["mark"]["type"] == "geoshape" for layer in spec["layer"])
    svg = to_svg(chart)
    _check_svg(svg, province)
    assert "not reported" in svg and "present" in svg
    assert "Source:" in svg


def test_map_without_boundaries_uses_centroids(no_geo, coverage):
    chart = coverage_map(coverage, "Trà Vinh", "video_conference_point")
    assert any("centroids" in s for s in chart.title.subtitle)
    spec = chart.to_dict()
    assert not any(layer["mark"]["type"] == "geoshape" for layer in spec["layer"])
    svg = to_svg(chart)
    _check_svg(svg, "Trà Vinh")
    assert "tra-vinh-2023-q3" in svg


@needs_geo
def test_small_multiples(shared_geo, coverage):
    chart = coverage_small_multiples(
        coverage,
        {
            "An Giang": "district_ioc",
            "Trà Vinh": "video_conference_point",
            "Bắc Giang": "training",
            "Quảng Ngãi": "training",
        },
    )
    spec = chart.to_dict()
    assert len(spec["concat"]) == 4
    svg = to_svg(chart)
    for prov in STUDY_PROVINCES:
        assert prov in svg
        _check_svg(svg, prov)


def test_colour_blind_safe_status_colours_and_legend(no_geo, coverage):
    okabe_ito = {"#0072B2", "#56B4E9", "#D55E00", "#D9D9D9"}  # blue, sky blue, vermillion, grey
    assert set(STATUS_COLORS.values()) == okabe_ito
    chart = coverage_map(coverage, "An Giang", "district_ioc")
    svg = to_svg(chart)
    for status in ("present", "planned", "absent", "not reported"):
        assert f">{status}</text>" in svg  # legend entries
    assert ">Status</text>" in svg
    # An Giang IOC: 8 districts present (blue), Châu Đốc, Tri Tôn, Tịnh Biên absent (vermillion)
    assert svg.count('fill="#0072B2"') >= 8 and svg.count('fill="#D55E00"') >= 3
    assert "an-giang-2023-q1" in svg and "centroids" in svg


def test_vietnamese_map_speaks_vietnamese(no_geo, coverage):
    from analysis import formats

    with formats.using("vi"):
        spec = coverage_map(coverage, "An Giang", "district_ioc").to_dict()
        svg = to_svg(coverage_map(coverage, "An Giang", "district_ioc"))
    for word in ("đã triển khai", "dự kiến triển khai", "chưa triển khai", "không báo cáo"):
        assert f">{word}</text>" in svg  # legend entries
    assert ">Tình trạng</text>" in svg
    for english in ("present", "planned", "absent", "not reported", "Status"):
        assert f">{english}</text>" not in svg
    text = json.dumps(spec, ensure_ascii=False)
    assert '"title": "Tình trạng"' in text and '"title": "Huyện"' in text  # tooltips
    assert '"title": "Status"' not in text and '"title": "District"' not in text
    # the colours keep their meaning: blue for deployed districts, vermillion for absent ones
    assert svg.count('fill="#0072B2"') >= 8 and svg.count('fill="#D55E00"') >= 3


def test_status_table_behind_the_map(coverage):
    st = district_status(coverage, "An Giang", "district_ioc").set_index("district_code")
    assert (st.status == "absent").sum() == 3 and (st.status == "present").sum() == 8
    assert st.loc["891", "quote"] == "huyện Tri Tôn" and st.loc["891", "line"] == "195"
    tv = district_status(coverage, "Trà Vinh", "pest_station")
    assert set(tv.status) == {"not reported"} and len(tv) == 9
    assert {"H. Duyên Hải", "TX. Duyên Hải"} <= set(tv.label)  # same name, two units


@needs_geo
def test_boundary_problems_as_audit_rows(shared_geo):
    bp = findings_frame(boundary_problems())
    assert list(bp.columns) == TABLES["audit"].columns
    got = {(r.province, r.check, r.severity, r.quote) for r in bp.itertuples()}
    assert got == {
        ("Trà Vinh", "boundary_no_polygon", "warning", "Thị xã Duyên Hải"),
        ("Bắc Giang", "boundary_merged_polygon", "info", "Yên Dung"),
        ("Bắc Giang", "boundary_no_polygon", "warning", "Thị xã Chũ"),
        ("Quảng Ngãi", "boundary_merged_polygon", "info", "Tây Trà"),
    }


def test_boundary_problems_when_not_configured(no_geo):
    bp = findings_frame(boundary_problems())
    assert list(bp.check) == ["boundary_not_configured"] * 4
    assert bp.message.str.contains("centroids").all()


def _write_features(path: Path, features: list[tuple[str, list]]) -> None:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"NAME_3": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            for name, ring in features
        ],
    }
    path.write_text(json.dumps(fc), encoding="utf-8")


def _square(lon: float, lat: float, d: float = 0.05) -> list:
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]


def test_polygon_of_another_province_is_reported(monkeypatch, tmp_path, coverage):
    _write_features(
        tmp_path / "districts_an_giang.geojson",
        [
            ("Tri Tôn", _square(104.95, 10.35)),
            ("Cầu Kè", _square(106.05, 9.85)),
            ("Núi Sam", _square(105.05, 10.68)),
        ],
    )
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    gdf = boundaries("An Giang").set_index("polygon_name")
    assert gdf.loc["Tri Tôn", "district_code"] == "891"
    assert gdf.loc["Cầu Kè", "match_status"] == "unmatched"
    rep = boundary_report("An Giang")
    unmatched = rep[rep.issue == "unmatched_polygon"].set_index("polygon_name").message
    assert "Trà Vinh" in unmatched["Cầu Kè"]
    assert "no district of An Giang (or elsewhere)" in unmatched["Núi Sam"]
    # the ten districts without a polygon are listed, and still drawn (at their centroids)
    assert len(rep[rep.issue == "no_polygon"]) == 10
    chart = coverage_map(coverage, "An Giang", "district_ioc")
    notes = " ".join(chart.title.subtitle)
    assert "not drawn: Cầu Kè, Núi Sam" in notes and "centroid" in notes
    svg = to_svg(chart)
    _check_svg(svg, "An Giang")
    assert ">Cầu Kè</text>" not in svg


def test_boundary_file_missing_for_one_province(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))  # configured, but the directory is empty
    assert boundaries("Trà Vinh") is None
    (issue,) = boundary_report("Trà Vinh").itertuples()
    assert issue.issue == "no_boundary_file" and "districts_tra_vinh.geojson" in issue.message


def test_small_multiples_keep_a_province_without_statements(no_geo, coverage):
    assert "Quảng Ngãi" not in set(coverage.province)  # its report names no district
    items = {"An Giang": "district_ioc", "Trà Vinh": "one_stop_system", "Bắc Giang": "training"}
    chart = coverage_small_multiples(coverage, items)
    spec = chart.to_dict()
    assert [p["title"]["text"] for p in spec["concat"]] == list(STUDY_PROVINCES)
    qn = spec["concat"][3]["title"]["subtitle"]
    assert qn == ["no district named in its reports"]
    svg = to_svg(chart)
    for prov in STUDY_PROVINCES:
        _check_svg(svg, prov)


def test_map_from_the_published_csv(no_geo, coverage, tmp_path):
    """The book reads coverage.csv back: codes typed as text or numbers both work."""
    path = tmp_path / "coverage.csv"
    coverage.to_csv(path, index=False)
    for dtype in ({"district_code": "string"}, None):
        back = pd.read_csv(path, dtype=dtype)
        st = district_status(back, "An Giang", "district_ioc")
        assert (st.status == "absent").sum() == 3 and (st.status == "present").sum() == 8


@needs_geo
def test_map_uses_the_district_list_of_the_report_date(shared_geo, coverage):
    """Bắc Giang's mid-2024 report is drawn with Huyện Yên Dũng (own polygon, right spelling)
    and without Thị xã Chũ, both changed on 1 November 2024; the current list keeps Chũ."""
    mid_2024 = dt.date(2024, 5, 31)
    status = district_status(coverage, "Bắc Giang", "training", on=mid_2024)
    assert "Huyện Yên Dũng" in set(status.district_name)
    assert "Thị xã Chũ" not in set(status.district_name)
    assert "Yên Dũng" in set(status.label)
    polys = map_polygons("Bắc Giang", mid_2024)
    own = polys.set_index("district_code")
    assert own.loc["221", "district_name"] == "Huyện Yên Dũng"
    assert len(polys) == len(status) == 10
    spec = str(coverage_map(coverage, "Bắc Giang", "training", on=mid_2024).to_dict())
    assert "Chũ" not in spec and "Yên Dũng" in spec and "drawn as part of" not in spec
    now = district_status(coverage, "Bắc Giang", "training")
    assert "Thị xã Chũ" in set(now.district_name) and "221" not in set(now.district_code)


def _label_boxes(spec: dict) -> list:
    return [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"]


@needs_geo
def test_bac_giang_names_fit_or_are_numbered(shared_geo, coverage):
    """The crowded west of Bắc Giang (Tân Yên, Việt Yên, Hiệp Hòa, the city) was unreadable:
    every name now fits inside its own district without touching another, or is a number
    with the name in the key; the map keeps the province's wide shape."""
    from shapely.geometry import box

    from analysis.book.maps import LABEL_SIZE, _pixel_polygons, _shapes, fit_frame, place_labels

    status = district_status(coverage, "Bắc Giang", "training", on=dt.date(2024, 5, 31))
    shapes, points = _shapes(map_polygons("Bắc Giang", dt.date(2024, 5, 31)), status, True)
    frame = fit_frame(points, list(shapes.data.geometry), 560, 440)
    assert frame.width == 560 and frame.height < 330  # wide, not a square with empty bands
    polys = _pixel_polygons(shapes, frame)
    placed, key = place_labels(points, frame, polys)
    boxes = []
    for r in placed.itertuples():
        x, y = frame.px(r.label_lon, r.label_lat)
        w = 0.62 * LABEL_SIZE * len(r.map_label) + 2
        b = box(x - w / 2, y - (LABEL_SIZE + 2) / 2, x + w / 2, y + (LABEL_SIZE + 2) / 2)
        if not r.map_label.isdigit():
            assert polys[str(r.district_code)].buffer(2.5).contains(b), r.map_label
        boxes.append(b)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a.intersection(b).area < 1.0
    named = {n for n, _ in key}
    assert named == set(range(1, len(key) + 1))
    assert set(placed["map_label"]) - {str(n) for n in named} <= set(placed["label"])


def test_crowded_centroids_get_numbers_and_a_key(no_geo):
    """Without boundaries, districts too close for their names get numbers and a key."""
    from analysis.book.maps import fit_frame, key_note, place_labels

    pts = pd.DataFrame(
        {
            "district_code": ["1", "2", "3", "4"],
            "label": ["Thành phố Rất Dài Tên", "Huyện Cũng Dài Tên", "Huyện Ba", "Xa"],
            "longitude": [105.0, 105.001, 105.002, 106.0],
            "latitude": [10.0, 10.0, 10.001, 11.0],
        }
    )
    frame = fit_frame(pts, None, 300, 300)
    placed, key = place_labels(pts, frame)
    assert len(key) >= 1 and "Xa" in set(placed["map_label"])
    assert key_note(key).startswith("Numbers on the map: 1 ")


@needs_geo
def test_book_maps_are_low_enough_for_two_a_page(shared_geo, coverage):
    """A map narrower than the column has its legend beside it and is at most
    districts.MAP_HEIGHT high, so two maps and their captions share an A4 page."""
    from analysis.book.districts import MAP_HEIGHT

    tall = coverage_map(coverage, "An Giang", "district_ioc", height=MAP_HEIGHT).to_dict()
    assert tall["height"] <= MAP_HEIGHT
    assert tall["layer"][0]["encoding"]["color"]["legend"]["orient"] == "right"
    wide = coverage_map(coverage, "Bắc Giang", "training", height=MAP_HEIGHT).to_dict()
    assert wide["layer"][0]["encoding"]["color"]["legend"]["orient"] == "bottom"  # no room


def _vi_notes(coverage: pd.DataFrame) -> str:
    from analysis import formats

    with formats.using("vi"):
        return " ".join(coverage_map(coverage, "An Giang", "district_ioc").title.subtitle)


def test_vietnamese_map_notes_are_vietnamese(monkeypatch, tmp_path, coverage):
    """The notes under a map (no boundary file, an unusable one, polygons it lacks or cannot
    place) speak the edition's language: no English sentence in the Vietnamese book."""
    english = ("Boundary file", "boundary file", "centroid", "drawn", "Polygon")
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))  # no boundary file configured
    notes = _vi_notes(coverage)
    assert "Chưa có tệp ranh giới huyện" in notes
    assert not any(w in notes for w in english), notes
    (tmp_path / "districts_an_giang.geojson").write_text("not json at all")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))  # a file that cannot be read
    notes = _vi_notes(coverage)
    assert "Không dùng được tệp ranh giới" in notes
    assert not any(w in notes for w in english), notes
    _write_features(  # a file lacking ten districts and holding two foreign polygons
        tmp_path / "districts_an_giang.geojson",
        [
            ("Tri Tôn", _square(104.95, 10.35)),
            ("Cầu Kè", _square(106.05, 9.85)),
            ("Núi Sam", _square(105.05, 10.68)),
        ],
    )
    notes = _vi_notes(coverage)
    assert "không vẽ: Cầu Kè, Núi Sam" in notes and "Tệp ranh giới không có vùng của" in notes
    assert not any(w in notes for w in english), notes
