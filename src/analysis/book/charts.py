"""The book's charts (Altair), built on :mod:`analysis.book.style` so every chart looks alike.

Every chart has a title, axis titles with units and a subtitle naming the reports behind it
(:func:`analysis.book.style.source_note`). Cross-province charts are fair by construction: provinces
keep their colour and their place (fixed order, not ranked), every bar carries its period, a
figure that is not province-wide is drawn lighter with a dashed outline and labelled with its
scope, and a province that did not report gets a row saying so instead of silently vanishing.

Report quotes are untrusted text; they reach tooltips only truncated (Altair output is a JSON
spec, not HTML, so nothing is escaped here; Vega's tooltip handler escapes on display).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from .. import formats
from ..schemas import records
from ..text import fold, short_quote
from ..vocabulary import (
    NOT_REPORTED,
    POST_MERGER,
    QUALIFIER_MARKS,
    SCOPE_LABELS,
    STUDY_PROVINCES,
    fmt_number,
    is_target,
    unit_label,
)
from . import trends
from .citations import cite
from .dates import period_text
from .latest import latest_values
from .style import (
    SCOPE_SHAPES,
    province_scale,
    source_tooltips,
    target_status_scale,
    title_lines,
    titled,
    wrap,
)

#: The words of the charts, per edition (the English ones are the defaults of the library).
_WORDS = {
    "en": {
        "province": "Province",
        "value": "Value",
        "scope": "Scope",
        "not_reported": NOT_REPORTED,
        "scope_title": "Scope of the figure",
        "post_merger": "post-merger",
        "periods_differ": "Periods differ between provinces: each bar is labelled with its period.",
        "lighter": "Lighter, dashed bars: {}-level figures (e.g. one department's own dossiers), "
        "not the whole province;",
        "no_rank": "do not rank them against province-wide figures.",
        "merged": "'post-merger': the figure describes the merged province (from 1 July 2025).",
        "missing": "Not reported: {}.",
        "report": "Report",
    },
    "vi": {
        "province": "Tỉnh",
        "value": "Giá trị",
        "scope": "Phạm vi",
        "not_reported": "không báo cáo",
        "scope_title": "Phạm vi số liệu",
        "post_merger": "sau sáp nhập",
        "periods_differ": "Kỳ số liệu của các tỉnh khác nhau: mỗi thanh ghi kỳ của số liệu đó.",
        "lighter": "Thanh nhạt, viền đứt: số liệu cấp {} (ví dụ hồ sơ riêng của một sở), "
        "không phải toàn tỉnh;",
        "no_rank": "không xếp hạng cùng số liệu toàn tỉnh.",
        "merged": "'sau sáp nhập': số liệu của tỉnh mới sau sáp nhập (từ 1/7/2025).",
        "missing": "Không báo cáo: {}.",
        "report": "Báo cáo",
    },
}
#: How a scope reads in the Vietnamese edition.
_SCOPES_VI = {
    "province": "toàn tỉnh",
    "agency": "riêng cơ quan",
    "district": "riêng cấp huyện",
    "commune": "riêng cấp xã",
}


def _w(key: str) -> str:
    return _WORDS[formats.language()][key]


def _scope_label(scope: str) -> str:
    labels = _SCOPES_VI if formats.language() == "vi" else SCOPE_LABELS
    return labels.get(scope, scope)


_ROW_HEIGHT = 34
#: Width of one province column of the target grid, and characters per line of its labels:
#: four columns and the labels fit the text column.
_TARGET_CELL, _TARGET_LABEL_CHARS = 112, 24


def value_text(value: float | None, unit: str | None, qualifier: str | None = None) -> str:
    """``71.3%``, ``>90%``, ``~2,164,505``: the value with its qualifier mark."""
    return QUALIFIER_MARKS.get(qualifier or "", "") + fmt_number(value, unit or "count")


def check_indicator(indicators_df: pd.DataFrame, indicator: str, *, known: bool = False) -> None:
    """Raise :class:`analysis.tables.published.UnknownNameError` for an indicator id that is
    neither in ``indicators_df`` nor in the published catalog (a typo would otherwise draw an
    empty "not reported" chart), naming the nearest ids and listing those the data hold."""
    import difflib

    from ..tables.published import MissingDataError, UnknownNameError, catalog

    have = set(indicators_df["indicator"].dropna()) if "indicator" in indicators_df else set()
    if known or indicator in have:
        return
    try:
        ids = set(catalog()["id"])
    except MissingDataError:
        ids = set()
    if indicator in ids:
        return
    near = difflib.get_close_matches(indicator, sorted(ids | have), n=3)
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    raise UnknownNameError(
        f"unknown indicator {indicator!r}{hint}; the data hold: {', '.join(sorted(have)) or 'none'}"
        + (f"; the catalog has {len(ids)} ids (analysis.catalog())" if ids else "")
    )


def _meta(
    indicators_df: pd.DataFrame,
    indicator: str,
    catalog_row: Mapping[str, object] | pd.Series | None,
    name: str | None,
    unit: str | None,
) -> tuple[str, str, str]:
    """(English name, Vietnamese name, unit) from the arguments, the catalog row or the data;
    an id neither the data nor the published catalog knows is a clear error listing the ids."""
    check_indicator(indicators_df, indicator, known=catalog_row is not None or name is not None)
    row: dict[str, object] = {}
    rows = indicators_df[indicators_df["indicator"] == indicator] if len(indicators_df) else None
    if rows is not None and len(rows):
        row.update(rows.iloc[0].to_dict())
    if catalog_row is not None:
        row.update({k: v for k, v in dict(catalog_row).items() if v is not None})
    name_en = name or str(row.get("name_en") or indicator.replace("_", " "))
    name_vi = str(row.get("name_vi") or "")
    unit_ = unit or str(row.get("unit") or "count")
    return name_en, name_vi, unit_


def _title(name_en: str, name_vi: str) -> str:
    return f"{name_en} ({name_vi})" if name_vi else name_en


def _province_order(provinces: Sequence[str], data_provinces: Iterable[str]) -> list[str]:
    """The provinces a chart shows, in order. The default (the study provinces) also shows
    any other province in the data after them; a list given by the caller is exactly what
    is shown, its names matched without regard to diacritics ("Tra Vinh" is Trà Vinh)."""
    data = sorted({p for p in data_provinces if p})
    if provinces is STUDY_PROVINCES:
        return [*provinces, *(p for p in data if p not in provinces)]
    known = {fold(p): p for p in (*STUDY_PROVINCES, *data)}
    return [known.get(fold(p), p) for p in provinces]


def compare_frame(
    indicators_df: pd.DataFrame,
    indicator: str,
    unit: str,
    provinces: Sequence[str] = STUDY_PROVINCES,
) -> pd.DataFrame:
    """The data of :func:`compare_bar`: one row per province, the chosen value or none.

    The value is :func:`analysis.book.latest.latest_values`'s choice (province-wide before agency,
    pre-merger before post-merger, then the latest period). Columns: ``province``, ``value``,
    ``reported``, ``period_label``, ``scope``, ``scope_label``, ``era``, ``label`` (value ·
    period · scope mark), ``text_x``, ``report_id``, ``line``, ``quote`` (truncated),
    ``name_en``.
    """
    latest = latest_values(indicators_df, indicator)
    order = _province_order(provinces, latest["province"] if len(latest) else [])
    by_prov = {r["province"]: r for r in records(latest)}
    rows = []
    for prov in order:
        r = by_prov.get(prov)
        if r is None:
            rows.append(
                {
                    "province": prov,
                    "value": None,
                    "reported": False,
                    "period_label": "",
                    "scope": "",
                    "scope_label": _w("not_reported"),
                    "era": "",
                    "label": _w("not_reported"),
                    "text_x": 0.0,
                    "report_id": "",
                    "report": "",
                    "line": None,
                    "quote": "",
                }
            )
            continue
        scope = str(r.get("scope") or "province")
        parts = [value_text(r["value"], unit, r.get("qualifier")), period_text(r)]
        if scope != "province":
            parts.append(scope if formats.language() == "en" else _scope_label(scope))
        if r.get("era") == POST_MERGER:
            parts.append(_w("post_merger"))
        rows.append(
            {
                "province": prov,
                "value": float(r["value"]),
                "reported": True,
                "period_label": str(r.get("period_label", "")),
                "scope": scope,
                "scope_label": _scope_label(scope),
                "era": r.get("era"),
                "label": " · ".join(p for p in parts if p),
                "text_x": float(r["value"]),
                "report_id": str(r.get("report_id", "")),
                "report": cite(str(r.get("report_id") or "")),
                "line": int(r["line"]) if pd.notna(r.get("line")) else None,
                "quote": short_quote(r.get("quote")),
            }
        )
    return pd.DataFrame(rows)


def _percent_axis(unit: str, values: pd.Series) -> bool:
    return unit == "percent" and bool((values.dropna() <= 100).all())


def _x_scale(unit: str, values: pd.Series) -> alt.Scale:
    if _percent_axis(unit, values):
        return alt.Scale(domain=[0, 100], nice=False)
    return alt.Scale(zero=True, nice=True)


def _x_axis(unit: str, values: pd.Series) -> alt.Axis:
    if _percent_axis(unit, values):
        return alt.Axis(values=[0, 20, 40, 60, 80, 100])
    return alt.Axis(tickCount=5, labelOverlap=True)


def _bar_layers(
    frame: pd.DataFrame, x_title: str, unit: str, *, width: int = 330, **props: object
) -> alt.LayerChart | alt.FacetChart:
    """One bar per reported province (scope drawn by opacity and dash), its label, and a
    "not reported" text for the others."""
    order = list(frame["province"])
    base = alt.Chart(frame).encode(
        y=alt.Y("province:N", title=_w("province"), sort=order, scale=alt.Scale(domain=order)),
    )
    tooltip = [
        alt.Tooltip("province:N", title=_w("province")),
        alt.Tooltip("label:N", title=_w("value")),
        alt.Tooltip("scope_label:N", title=_w("scope")),
        *source_tooltips(),
    ]
    fill_opacity, stroke_dash = _scope_encodings(frame[frame["reported"]])
    bars = (
        base.transform_filter("datum.reported")
        .mark_bar(strokeWidth=1.5, height=18)
        .encode(
            x=alt.X(
                "value:Q",
                title=x_title,
                scale=_x_scale(unit, frame["value"]),
                axis=_x_axis(unit, frame["value"]),
            ),
            color=alt.Color("province:N", scale=province_scale(order), legend=None),
            stroke=alt.Stroke("province:N", scale=province_scale(order), legend=None),
            fillOpacity=fill_opacity,
            strokeDash=stroke_dash,
            tooltip=tooltip,
        )
    )
    labels = (
        base.transform_filter("datum.reported")
        .mark_text(align="left", dx=4, fontSize=10, color="#333333")
        .encode(x=alt.X("text_x:Q"), text=alt.Text("label:N"), tooltip=tooltip)
    )
    missing = (
        base.transform_filter("!datum.reported")
        .mark_text(align="left", dx=2, fontSize=10, fontStyle="italic", color="#777777")
        .encode(x=alt.X("text_x:Q"), text=alt.Text("label:N"))
    )
    return alt.layer(
        bars, labels, missing, width=width, height=_ROW_HEIGHT * max(len(order), 1), **props
    )


def _scope_encodings(reported: pd.DataFrame) -> tuple[alt.FillOpacity, alt.StrokeDash]:
    """Province-wide bars solid, narrower scopes lighter and dashed; a legend only when the
    chart mixes scopes."""
    labels = _SCOPES_VI if formats.language() == "vi" else SCOPE_LABELS
    wide = labels["province"]
    present = [s for s in labels.values() if s in set(reported["scope_label"])]
    present += sorted(set(reported["scope_label"]) - set(present))
    domain = list(labels.values()) + [s for s in present if s not in labels.values()]
    legend = (
        alt.Legend(
            title=_w("scope_title"),
            orient="bottom",
            symbolType="square",
            values=present,
            symbolFillColor="#555555",
            symbolStrokeColor="#333333",
            symbolStrokeWidth=1.5,
            symbolSize=180,
        )
        if any(s != wide for s in present)
        else None
    )
    opacity = [1.0 if s == wide else 0.35 for s in domain]
    dash = [[1, 0] if s == wide else [4, 2] for s in domain]
    return (
        alt.FillOpacity(
            "scope_label:N",
            legend=legend,
            scale=alt.Scale(type="ordinal", domain=domain, range=opacity),
        ),
        alt.StrokeDash("scope_label:N", scale=alt.Scale(domain=domain, range=dash), legend=legend),
    )


def _frame_notes(frame: pd.DataFrame) -> list[str]:
    notes = []
    reported = frame[frame["reported"]]
    if reported["period_label"].nunique() > 1:
        notes.append(_w("periods_differ"))
    other = sorted({s for s in reported["scope"] if s != "province"})
    if other:
        if formats.language() == "vi":
            other = [_SCOPES_VI.get(s, s).removeprefix("riêng ") for s in other]
        notes.append(_w("lighter").format("/".join(other)))
        notes.append(_w("no_rank"))
    if (reported["era"] == POST_MERGER).any():
        notes.append(_w("merged"))
    missing = list(frame.loc[~frame["reported"], "province"])
    if missing:
        notes.append(_w("missing").format(", ".join(missing)))
    return notes


def compare_bar(
    indicators_df: pd.DataFrame,
    indicator: str,
    catalog_row: Mapping[str, object] | pd.Series | None = None,
    *,
    name: str | None = None,
    unit: str | None = None,
    provinces: Sequence[str] = STUDY_PROVINCES,
    title: str | None = None,
) -> alt.TopLevelMixin:
    """One bar per province for ``indicator``, on one shared scale.

    Each bar is labelled with its value, period and (when not province-wide) its scope;
    non-province figures are lighter with a dashed outline and a legend; provinces with no
    figure get a "not reported" row. Names and unit come from ``catalog_row`` (a catalog
    row with ``name_en``, ``name_vi``, ``unit``), ``name``/``unit``, or the data.
    """
    name_en, name_vi, unit_ = _meta(indicators_df, indicator, catalog_row, name, unit)
    frame = compare_frame(indicators_df, indicator, unit_, provinces)
    if formats.language() == "vi" and name_vi:  # the Vietnamese edition: its own names
        chart = _bar_layers(frame, f"{name_vi} ({unit_label(unit_)})", unit_)
        return titled(
            chart, title or name_vi, frame.loc[frame["reported"], "report_id"], _frame_notes(frame)
        )
    chart = _bar_layers(frame, f"{name_en} ({unit_label(unit_)})", unit_)
    return titled(
        chart,
        title or name_en,
        frame.loc[frame["reported"], "report_id"],
        _frame_notes(frame),
        lead=[name_vi] if name_vi and not title else [],
    )


def theme_overview(
    indicators_df: pd.DataFrame,
    theme: str,
    *,
    provinces: Sequence[str] = STUDY_PROVINCES,
    title: str | None = None,
    columns: int = 1,
    max_panels: int = 12,
) -> alt.TopLevelMixin:
    """Small multiples: one :func:`compare_bar`-style panel per indicator of ``theme``.

    Panels have their own scale (units differ) and follow the catalog order of the data;
    targets are left out. With no figure in the theme, a one-line chart says so.
    """
    data = indicators_df[
        (indicators_df["theme"] == theme) & ~indicators_df["indicator"].map(is_target)
    ]
    heading = title or f"{theme.replace('_', ' ').capitalize()}: latest figure per province"
    if data.empty:
        empty = (
            alt.Chart(pd.DataFrame({"text": [f"No figures reported for '{theme}'."]}))
            .mark_text(align="left")
            .encode(text="text:N")
            .properties(width=420, height=30)
        )
        return titled(empty, heading, [])
    panels, ids, notes = [], set(), []
    for ind in list(dict.fromkeys(data["indicator"]))[:max_panels]:
        name_en, name_vi, unit_ = _meta(data, ind, None, None, None)
        frame = compare_frame(data, ind, unit_, provinces)
        ids |= set(frame.loc[frame["reported"], "report_id"])
        notes += [
            n
            for n in _frame_notes(frame)
            if n not in notes and not n.startswith(("Periods", "Not reported"))
        ]
        panel = _bar_layers(
            frame,
            f"{name_en} ({unit_label(unit_)})",
            unit_,
            width=330,
            title=alt.TitleParams(title_lines(_title(name_en, name_vi), 70), fontSize=11),
        )
        panels.append(panel)
    notes.insert(0, "Each bar is labelled with its period; 'not reported' marks a missing figure.")
    chart = alt.concat(*panels, columns=columns).resolve_scale(
        x="independent", fillOpacity="independent", strokeDash="independent"
    )
    return titled(chart, heading, ids, notes)


# ---------------------------------------------------------------------------------------------


def _trend_frames(results: Sequence[trends.TrendResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    pts, fits = [], []
    for r in results:
        key = " · ".join(str(k) for k in (r.province, r.scope, r.era) if k)
        if len(r.points):
            p = r.points.copy()
            p["series"] = key
            p["method"] = r.method
            p["scope"] = p.get("scope", "province")
            p["value_label"] = [
                value_text(v, r.unit, q)
                for v, q in zip(p["value"], p.get("qualifier", [None] * len(p)), strict=True)
            ]
            p["quote"] = [short_quote(q) for q in p.get("quote", [""] * len(p))]
            p["report"] = [cite(str(i or "")) for i in p.get("report_id", [""] * len(p))]
            pts.append(p)
        if r.fit is not None and len(r.fit):
            f = r.fit.copy()
            f["series"], f["province"], f["method"] = key, r.province, r.method
            fits.append(f)
    keep = [
        "series",
        "province",
        "era",
        "date",
        "value",
        "value_label",
        "period_label",
        "scope",
        "method",
        "report_id",
        "report",
        "line",
        "quote",
    ]
    points = pd.concat(pts, ignore_index=True) if pts else pd.DataFrame(columns=keep)
    points = points[[c for c in keep if c in points.columns]]
    fit = (
        pd.concat(fits, ignore_index=True)
        if fits
        else pd.DataFrame(columns=["series", "province", "date", "fit", "lower", "upper", "method"])
    )
    return points, fit


def trend_chart(
    series: pd.DataFrame,
    fit: trends.TrendResult | None = None,
    *,
    title: str | None = None,
    name: str | None = None,
    unit: str | None = None,
) -> alt.TopLevelMixin:
    """Values over time with the fitted line and its 95 % confidence band.

    ``fit`` is :func:`analysis.book.trends.trend` of ``series``; without it, every province × scope
    × era series in ``series`` is fitted separately (never across the 2025 merger). A solid
    line is an OLS fit (band = 95 % CI of the mean); a dashed line joins two values (no band);
    a single value is a point alone. The subtitle states each series' method and slope.
    """
    results = [fit] if fit is not None else trends.trends(series)
    indicator = next((r.indicator for r in results if r.indicator), None) or ""
    name_en, name_vi, unit_ = _meta(series, indicator, None, name, unit)
    points, fitted = _trend_frames(results)
    order = _province_order(STUDY_PROVINCES, points["province"]) if len(points) else []
    order = [p for p in order if p in set(points["province"])] or list(STUDY_PROVINCES)
    colour = alt.Color(
        "province:N",
        scale=province_scale(order),
        legend=alt.Legend(
            title="Province", symbolType="circle", symbolOpacity=1, orient="bottom", columns=4
        ),
    )
    y_title = f"{name_en} ({unit_label(unit_)})"
    x = alt.X(
        "date:T", title="Period midpoint (date)", axis=alt.Axis(format="%b %Y", labelOverlap=True)
    )
    band, line = _fit_layers(fitted, x, y_title, colour)
    dots = _trend_points(points, x, y_title, colour)
    layers = [band, line, dots] if len(fitted) else [dots]
    chart = alt.layer(*layers).properties(width=460, height=260)
    notes = [trends.describe(r) for r in results]
    if len(points) and (points["era"] == POST_MERGER).any():
        notes.append(
            "Hollow points: merged province after 1 July 2025, never joined to the "
            "line of the pre-merger province."
        )
    ids = {i for r in results for i in r.report_ids}
    return titled(
        chart,
        title or f"{name_en}: trend",
        ids,
        notes,
        lead=[name_vi] if name_vi and not title else [],
    )


def target_chart(
    targets_df: pd.DataFrame,
    *,
    provinces: Sequence[str] = STUDY_PROVINCES,
    title: str = "Targets stated in the reports against the latest value",
) -> alt.TopLevelMixin:
    """A grid of province × target: "met" / "not met" / "no data" in the status colours.

    ``targets_df`` is :func:`analysis.book.targets.target_table`. Each cell reads "latest value
    (period)" over "target ≥ value by deadline"; an empty cell means the province stated no
    such target.
    """
    df = _target_cells(targets_df)
    order = _province_order(provinces, df["province"] if len(df) else [])
    base = alt.Chart(df).encode(
        x=alt.X(
            "province:N",
            title="Province",
            sort=order,
            scale=alt.Scale(domain=order),
            axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=10),
        ),
        y=alt.Y(
            "indicator_label:N",
            title=None,
            # labels are pre-wrapped ("|" between lines): read whole, never cut with "…"
            axis=alt.Axis(labelExpr="split(datum.value, '|')", labelLimit=0, labelFontSize=10),
        ),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("status:N", title="Status", scale=target_status_scale()),
        tooltip=[
            alt.Tooltip("province:N", title="Province"),
            alt.Tooltip("indicator_name:N", title="Indicator"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("note:N", title="Note"),
            alt.Tooltip("reports:N", title="Reports"),
        ],
    )
    text = base.mark_text(fontSize=10, lineBreak="\n").encode(
        text="cell:N",
        color=alt.condition("datum.status == 'no data'", alt.value("#333333"), alt.value("white")),
    )
    n_rows = max(df["indicator_label"].nunique(), 1) if len(df) else 1
    chart = alt.layer(rect, text).properties(width=_TARGET_CELL * len(order), height=46 * n_rows)
    ids = {i.strip() for s in df["report_ids"].dropna() for i in str(s).split(",") if i.strip()}
    notes = [
        "Met: the latest value reaches the target (≥, or ≤ for upper-bound goals); "
        "no data: no comparable value; empty cell: no target stated."
    ]
    return titled(chart, title, ids, notes)


def _fit_layers(
    fitted: pd.DataFrame, x: alt.X, y_title: str, colour: alt.Color
) -> tuple[alt.Chart, alt.Chart]:
    """The 95 % band (OLS only) and the fitted line (solid: OLS; dashed: two values)."""
    band = (
        alt.Chart(fitted)
        .transform_filter("isValid(datum.lower)")
        .mark_area(opacity=0.18)
        .encode(
            x=x, y=alt.Y("lower:Q", title=y_title), y2="upper:Q", color=colour, detail="series:N"
        )
    )
    dash = alt.Scale(domain=[trends.METHOD_OLS, trends.METHOD_CHANGE], range=[[1, 0], [5, 3]])
    line = (
        alt.Chart(fitted)
        .mark_line(strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("fit:Q", title=y_title),
            color=colour,
            detail="series:N",
            strokeDash=alt.StrokeDash("method:N", title="Method", scale=dash),
        )
    )
    return band, line


def _trend_points(points: pd.DataFrame, x: alt.X, y_title: str, colour: alt.Color) -> alt.Chart:
    """The values: shape by scope, hollow after the 2025 merger, with provenance tooltips."""
    scopes = sorted(set(points["scope"])) if len(points) else ["province"]
    shapes = alt.Scale(domain=scopes, range=[SCOPE_SHAPES.get(s, "diamond") for s in scopes])
    return (
        alt.Chart(points)
        .mark_point(filled=True, size=70, strokeWidth=1.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            color=colour,
            stroke=colour,
            fillOpacity=alt.condition(f"datum.era == '{POST_MERGER}'", alt.value(0), alt.value(1)),
            shape=alt.Shape("scope:N", title="Scope", scale=shapes),
            tooltip=[
                alt.Tooltip("province:N", title="Province"),
                alt.Tooltip("value_label:N", title="Value"),
                alt.Tooltip("period_label:N", title="Period"),
                alt.Tooltip("report:N", title=_w("report")),
                alt.Tooltip("quote:N", title="Quote"),
            ],
        )
    )


def _target_cells(targets_df: pd.DataFrame) -> pd.DataFrame:
    """The target table with each cell's label, text and shortened note."""
    if not len(targets_df):
        return pd.DataFrame(
            columns=[
                "province",
                "indicator_name",
                "indicator_label",
                "status",
                "cell",
                "note",
                "report_ids",
                "reports",
            ]
        )
    df = targets_df.copy()
    df["indicator_name"] = [
        n or i.replace("_", " ") for n, i in zip(df["name_en"], df["indicator"], strict=True)
    ]
    df["indicator_label"] = ["|".join(wrap(n, _TARGET_LABEL_CHARS)) for n in df["indicator_name"]]
    df["cell"] = [_target_cell(r) for r in records(df)]
    df["note"] = df["note"].fillna("").map(short_quote)
    df["reports"] = [  # as a reader names them; report_ids stays for the data download
        "; ".join(cite(i.strip()) for i in str(s).split(",") if i.strip())
        if isinstance(s, str)
        else ""
        for s in df["report_ids"]
    ]
    return df


def _target_cell(r: Mapping[str, Any]) -> str:
    unit = str(r.get("unit") or "count")
    at_most = r.get("target_qualifier") == "upper_bound"
    target = f"{'≤' if at_most else '≥'} {fmt_number(r['target_value'], unit)}"
    deadline = str(r.get("deadline") or "")[:4]
    if deadline:
        target += f" by {deadline}"
    if pd.isna(r.get("latest_value")):
        return f"no value\ngoal {target}"
    latest = value_text(r["latest_value"], unit, r.get("latest_qualifier"))
    return (
        f"{latest} ({r.get('latest_period')})\ngoal {target}"
        if len(str(r.get("latest_period"))) <= 7
        else f"{latest}\n({r.get('latest_period')})\ngoal {target}"
    )


__all__ = [
    "compare_bar",
    "compare_frame",
    "target_chart",
    "theme_overview",
    "trend_chart",
    "value_text",
]
