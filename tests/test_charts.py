"""The book's charts: checked on their Vega-Lite specs, and one rendered to SVG offline.

Synthetic frames in the shape of ``data/processed/indicators.csv``: Quảng Ngãi does not report
the compared indicator, Bắc Giang's figure is agency-only, An Giang has a post-merger value,
and a count indicator sits next to the percentages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pandas as pd
import pytest

from analysis.book import charts, export, style, targets, trends
from analysis.corpus.periods import parse_period
from analysis.text import short_quote
from analysis.vocabulary import STUDY_PROVINCES

LONG_QUOTE = "Tỷ lệ hồ sơ trực tuyến đạt 71,29% <script>alert(1)</script> " + "và " * 200


def fact(
    province: str,
    period: str,
    indicator: str,
    value: float,
    *,
    unit: str = "percent",
    scope: str = "province",
    qualifier: str = "exact",
    theme: str = "online_services",
    name_en: str = "Online application rate",
    name_vi: str = "Tỷ lệ hồ sơ nộp trực tuyến",
) -> dict:
    p = parse_period(period)
    return {
        "province": province,
        "period_label": period,
        "period_start": p.start.isoformat(),
        "period_end": p.end.isoformat(),
        "post_merger": p.post_merger,
        "indicator": indicator,
        "name_en": name_en,
        "name_vi": name_vi,
        "theme": theme,
        "unit": unit,
        "value": value,
        "qualifier": qualifier,
        "scope": scope,
        "status": "extracted",
        "report_id": f"{province.lower().replace(' ', '-')}-{period.replace('/', '-')}",
        "line": 42,
        "quote": LONG_QUOTE,
        "n_facts": 1,
        "conflict": False,
    }


@pytest.fixture(scope="module", autouse=True)
def book_style():
    style.enable()


@pytest.fixture()
def indicators() -> pd.DataFrame:
    ind = "online_application_rate"
    rows = [
        fact("An Giang", q, ind, v)
        for q, v in [("2023-Q1", 50), ("2023-Q2", 55), ("2023-Q3", 61), ("2023-Q4", 64)]
    ]
    rows.append(fact("An Giang", "2025-Q3", ind, 30))
    rows += [
        fact("Trà Vinh", "2022", ind, 40),
        fact("Trà Vinh", "2024", ind, 60.5, qualifier="lower_bound"),
    ]
    rows.append(fact("Bắc Giang", "2023-01/2024-05", ind, 95, scope="agency"))
    cert = {
        "name_en": "Digital signature certificates",
        "name_vi": "Chứng thư số",
        "unit": "count",
        "theme": "online_services",
    }
    rows += [
        fact("Quảng Ngãi", "2023", "digital_certificates", 12500, **cert),
        fact("Trà Vinh", "2023-H2", "digital_certificates", 9800, **cert),
    ]
    rows.append(
        fact("An Giang", "2023", "online_application_rate_target", 90, qualifier="lower_bound")
    )
    rows.append(fact("Trà Vinh", "2024", "online_application_rate_target", 80))
    rows.append(fact("Quảng Ngãi", "2024", "online_application_rate_target", 70))
    return pd.DataFrame(rows)


# --- helpers over Vega-Lite specs ---------------------------------------------------------------


def walk(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def rows_of(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def axis_titles(spec: dict, channel: str) -> set[str]:
    return {
        d[channel]["title"]
        for d in walk(spec)
        if isinstance(d.get(channel), dict) and "field" in d[channel] and d[channel].get("title")
    }


def subtitle(spec: dict) -> list[str]:
    return spec["title"]["subtitle"]


# --- compare_bar ------------------------------------------------------------------------------


def test_compare_bar_spec(indicators):
    spec = charts.compare_bar(indicators, "online_application_rate").to_dict()
    assert spec["title"]["text"] == "Online application rate"
    assert subtitle(spec)[0] == "Tỷ lệ hồ sơ nộp trực tuyến"  # Vietnamese name under the title
    source = subtitle(spec)[1]
    assert source.startswith("Source: ")
    for rid in ("an-giang-2023-Q4", "trà-vinh-2024", "bắc-giang-2023-01-2024-05"):
        assert rid in source
    assert "an-giang-2025-Q3" not in source  # the chosen values only
    assert axis_titles(spec, "x") == {"Online application rate (%)"}
    assert axis_titles(spec, "y") == {"Province"}

    rows = {r["province"]: r for r in rows_of(spec)}
    assert list(rows) == list(STUDY_PROVINCES)  # fixed order, all four, incl. the missing one
    assert rows["Quảng Ngãi"]["reported"] is False
    assert rows["Quảng Ngãi"]["label"] == "not reported" and rows["Quảng Ngãi"]["value"] is None
    # pre-merger preferred, with its period as a reader says it (not the table's "2023-Q4")
    assert rows["An Giang"]["label"] == "64% · Q4 2023"
    assert rows["Trà Vinh"]["label"] == ">60.5% · 2024"  # "hơn": lower bound marked
    assert rows["Bắc Giang"]["label"].endswith("· Jan 2023–May 2024 · agency")
    assert rows["Bắc Giang"]["scope_label"] == "agency only"
    assert any("Not reported: Quảng Ngãi" in s for s in subtitle(spec))
    assert any("agency-level" in s for s in subtitle(spec))

    # the agency mark: lighter fill and dashed outline keyed on scope, with a legend
    enc = [d["encoding"] for d in walk(spec) if "fillOpacity" in d.get("encoding", {})]
    assert enc, "no fillOpacity encoding for scope"
    fo = enc[0]["fillOpacity"]
    assert fo["field"] == "scope_label"
    assert fo["scale"]["type"] == "ordinal"  # a lookup, not an interpolation
    assert dict(zip(fo["scale"]["domain"], fo["scale"]["range"], strict=True)) == {
        "province-wide": 1.0,
        "agency only": 0.35,
        "district only": 0.35,
        "commune only": 0.35,
    }
    assert fo["legend"]["title"] == "Scope of the figure"
    assert fo["legend"]["values"] == ["province-wide", "agency only"]  # only what is shown
    assert enc[0]["strokeDash"]["field"] == "scope_label"
    # province colours are the book's
    colour = enc[0]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"], strict=True)) == style.PROVINCE_COLORS


def test_compare_bar_units_and_catalog_row(indicators):
    row = {"name_en": "Digital certificates", "name_vi": "Chứng thư số", "unit": "count"}
    spec = charts.compare_bar(indicators, "digital_certificates", row).to_dict()
    assert spec["title"]["text"] == "Digital certificates"
    assert subtitle(spec)[0] == "Chứng thư số"
    assert axis_titles(spec, "x") == {"Digital certificates (count)"}
    scale = next(
        d["x"]["scale"]
        for d in walk(spec)
        if isinstance(d.get("x"), dict) and d["x"].get("field") == "value"
    )
    assert "domain" not in scale  # counts are not squeezed into 0–100
    labels = {r["province"]: r["label"] for r in rows_of(spec)}
    assert labels["Quảng Ngãi"] == "12,500 · 2023"
    assert labels["An Giang"] == labels["Bắc Giang"] == "not reported"
    assert not any("agency" in s for s in subtitle(spec))

    pct = charts.compare_bar(indicators, "online_application_rate").to_dict()
    scale = next(
        d["x"]["scale"]
        for d in walk(pct)
        if isinstance(d.get("x"), dict) and d["x"].get("field") == "value"
    )
    assert scale["domain"] == [0, 100]
    over = charts.compare_bar(indicators, "online_application_rate", name="Share", unit="count")
    assert axis_titles(over.to_dict(), "x") == {"Share (count)"}


def test_tooltip_quotes_are_truncated(indicators):
    spec = charts.compare_bar(indicators, "online_application_rate").to_dict()
    quotes = [r["quote"] for r in rows_of(spec) if r["quote"]]
    assert quotes and all(len(q) <= 120 for q in quotes)
    assert all(q.endswith("…") for q in quotes)
    assert all(q.startswith("Tỷ lệ hồ sơ trực tuyến đạt 71,29%") for q in quotes)
    assert short_quote("a\nb   c") == "a b c"


def test_compare_bar_with_no_data_at_all(indicators):
    spec = charts.compare_bar(indicators, "bts_sites", name="BTS sites", unit="count").to_dict()
    rows = rows_of(spec)
    assert [r["province"] for r in rows] == list(STUDY_PROVINCES)
    assert all(r["label"] == "not reported" for r in rows)
    assert "no report" in subtitle(spec)[0]


# --- trend_chart -------------------------------------------------------------------------------


def test_trend_chart_all_series(indicators):
    ind = indicators[indicators["indicator"] == "online_application_rate"]
    spec = charts.trend_chart(ind).to_dict()
    assert spec["title"]["text"].endswith(": trend")
    marks = {d["mark"]["type"] if isinstance(d["mark"], dict) else d["mark"] for d in spec["layer"]}
    assert marks == {"area", "line", "point"}
    assert axis_titles(spec, "x") == {"Period midpoint (date)"}
    assert axis_titles(spec, "y") == {"Online application rate (%)"}
    notes = subtitle(spec)
    assert notes[0] == "Tỷ lệ hồ sơ nộp trực tuyến"
    sources = " ".join(n for n in notes if not n.startswith("Hollow"))
    assert "an-giang-2023-Q1" in sources and "trà-vinh-2022" in sources
    assert any(n.startswith("An Giang, pre-merger:") and "95% CI" in n for n in notes)
    assert any(n.startswith("Trà Vinh, pre-merger:") and "no interval" in n for n in notes)
    assert any(n.startswith("Bắc Giang") and "single figure" in n for n in notes)
    assert any("Hollow points" in n for n in notes)
    # the fitted lines never join the merged An Giang to the old one
    fitted = [r for r in rows_of(spec) if "fit" in r]
    series = {r["series"] for r in fitted}
    assert "An Giang · province · pre-merger" in series
    assert not any("post-merger" in s for s in series)


def test_trend_chart_with_given_fit(indicators):
    tv = indicators[
        (indicators["province"] == "Trà Vinh")
        & (indicators["indicator"] == "online_application_rate")
    ]
    fit = trends.trend(tv)
    spec = charts.trend_chart(tv, fit).to_dict()
    fitted = [r for r in rows_of(spec) if "fit" in r]
    assert len(fitted) == 2 and {r["method"] for r in fitted} == {trends.METHOD_CHANGE}
    single = indicators[indicators["province"] == "Bắc Giang"]
    spec1 = charts.trend_chart(single).to_dict()
    assert [d["mark"]["type"] for d in spec1["layer"]] == ["point"]


# --- target_chart ------------------------------------------------------------------------------


def test_target_chart(indicators):
    table = targets.target_table(indicators)
    assert set(table["status"]) == {"not met", "no data"}
    spec = charts.target_chart(table).to_dict()
    assert spec["title"]["text"].startswith("Targets")
    assert "an-giang-2023" in subtitle(spec)[0] and "quảng-ngãi-2024" in subtitle(spec)[0]
    assert axis_titles(spec, "x") == {"Province"}
    colour = next(
        d["color"]
        for d in walk(spec)
        if isinstance(d.get("color"), dict) and d["color"].get("field") == "status"
    )
    assert (
        dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True))
        == style.TARGET_STATUS_COLORS
    )
    assert style.TARGET_STATUS_COLORS["no data"] == style.STATUS_COLORS["not reported"]
    cells = {r["province"]: r["cell"] for r in rows_of(spec)}
    assert cells["An Giang"] == "64% (2023-Q4)\ngoal ≥ 90% by 2023"
    assert cells["Quảng Ngãi"].startswith("no value")
    x_domain = next(
        d["x"]["scale"]["domain"]
        for d in walk(spec)
        if isinstance(d.get("x"), dict) and d["x"].get("field") == "province"
    )
    assert x_domain == list(STUDY_PROVINCES)


# --- theme_overview ----------------------------------------------------------------------------


def test_theme_overview(indicators):
    spec = charts.theme_overview(indicators, "online_services").to_dict()
    assert len(spec["concat"]) == 2  # two indicators, targets left out
    assert {p["title"]["text"] for p in spec["concat"]} == {
        "Online application rate (Tỷ lệ hồ sơ nộp trực tuyến)",
        "Digital signature certificates (Chứng thư số)",
    }
    assert axis_titles(spec, "x") == {
        "Online application rate (%)",
        "Digital signature certificates (count)",
    }
    assert "quảng-ngãi-2023" in subtitle(spec)[0]
    empty = charts.theme_overview(indicators, "security").to_dict()
    assert empty["title"]["text"].startswith("Security")


# --- static rendering ---------------------------------------------------------------------------


def test_svg_render_keeps_vietnamese_names(indicators):
    chart = charts.compare_bar(indicators, "online_application_rate")
    svg = export.to_svg(chart)
    for text in (
        "An Giang",
        "Trà Vinh",
        "Bắc Giang",
        "Quảng Ngãi",
        "not reported",
        "Tỷ lệ hồ sơ nộp trực tuyến",
        "bắc-giang-2023-01-2024-05",
    ):
        assert text in svg, text
    assert 'fill-opacity="0.35"' in svg  # the agency-only bar is drawn lighter
    assert "<script>" not in svg


@pytest.mark.slow
def test_svg_render_is_fast(indicators):
    chart = charts.compare_bar(indicators, "online_application_rate")
    export.to_svg(chart)  # warm-up: vl-convert starts its engine once per process
    t0 = time.perf_counter()
    export.to_svg(chart)
    ms = (time.perf_counter() - t0) * 1000
    assert ms < 5000, f"SVG render took {ms:.0f} ms"
