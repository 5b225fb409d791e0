"""Trends for the book: change per year of one series, with the method named in words.

Every function works on the published indicator table (``data/processed/indicators.csv``: one
row per province × period × indicator) and returns plain values or DataFrames plus a sentence
saying which method was used, so the book can print the method next to the number.

Method, and its limits (these sentences are the book's "method" text):

- **Time axis.** A figure's date is the midpoint of its reporting period, in decimal years.
  A quarter, a year and a cumulative 17-month range are all treated as a point at their
  midpoint; cumulative figures ("since 2023") are therefore smoothed, not instantaneous.
- **Three or more dated values** (distinct midpoints): ordinary least squares (statsmodels
  OLS) of value on time; the slope is the change per year, with a 95 % confidence interval
  from the t distribution with n − 2 degrees of freedom. With three points that interval is
  very wide (one residual degree of freedom); it assumes independent, equally noisy values
  and a straight line, which a handful of official reports cannot check.
- **Two values**: the change per year between them (difference over the years between the
  two midpoints). No interval: two points cannot measure their own uncertainty.
- **One value**: no model. A single figure has no trend.
- **One series never crosses the 2025 merger.** Values for the merged provinces (periods
  ending on or after 1 July 2025) describe a different territory; pre- and post-merger values
  are split into separate series, and :func:`trend` refuses a series that mixes them.
- **One scope per series.** An agency's own figures are never joined with province-wide ones.
- Several values for one period (two reports, or a report contradicting itself) are collapsed
  to their median and the note says so. Bounds ("hơn 85%") are used as if exact, noted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..extras import require
from ..schemas import records
from ..vocabulary import POST_MERGER, PRE_MERGER, STATUS_RANK, is_target, per_year_unit
from .dates import DATED, from_decimal_year, is_missing, usable, with_dates

METHOD_OLS = "trend OLS"
METHOD_CHANGE = "change per year"
METHOD_SINGLE = "single value"
METHOD_NONE = "not fitted"

_ALPHA = 0.05


@dataclass(frozen=True)
class TrendResult:
    """The outcome of :func:`trend` for one series.

    ``slope`` is the change per year (OLS slope, or the two-point change); ``ci_low`` and
    ``ci_high`` are its 95 % interval (OLS only). ``points`` holds the values used (one per
    period midpoint) and ``fit`` the fitted line with its 95 % confidence band (columns
    ``x``, ``date``, ``fit``, ``lower``, ``upper``; ``lower``/``upper`` are NaN for two points).
    """

    province: str | None
    indicator: str | None
    unit: str | None
    scope: str | None
    era: str | None
    method: str
    n_points: int
    slope: float | None
    ci_low: float | None
    ci_high: float | None
    note: str
    p_value: float | None = None
    r_squared: float | None = None
    report_ids: tuple[str, ...] = ()
    point_records: tuple[dict, ...] = field(default=(), repr=False)
    fit_columns: dict[str, np.ndarray] | None = field(default=None, repr=False)

    @property
    def fitted(self) -> bool:
        return self.method in (METHOD_OLS, METHOD_CHANGE)

    @property
    def points(self) -> pd.DataFrame:
        """The values used, one row per period midpoint (``x``, ``date``, ``value``, …)."""
        return pd.DataFrame(list(self.point_records))

    @property
    def fit(self) -> pd.DataFrame | None:
        """Fitted line and 95 % band: ``x``, ``date``, ``fit``, ``lower``, ``upper``."""
        if self.fit_columns is None:
            return None
        return pd.DataFrame(self.fit_columns)


Rec = dict[str, Any]  # one row of an indicator table (values as pandas gives them)


def _present(v: object) -> bool:
    return not is_missing(v) and v != ""


def _single(recs: list[Rec], col: str) -> str | None:
    vals = {str(r[col]) for r in recs if _present(r.get(col))}
    return vals.pop() if len(vals) == 1 else None


def _report_ids(recs: list[Rec]) -> tuple[str, ...]:
    return tuple(sorted({str(r["report_id"]) for r in recs if _present(r.get("report_id"))}))


def _refuse(recs: list[Rec], reason: str, era: str | None = None) -> TrendResult:
    return TrendResult(
        province=_single(recs, "province"),
        indicator=_single(recs, "indicator"),
        unit=_single(recs, "unit"),
        scope=_single(recs, "scope"),
        era=era,
        method=METHOD_NONE,
        n_points=0,
        slope=None,
        ci_low=None,
        ci_high=None,
        note=reason,
        point_records=tuple(recs),
        report_ids=_report_ids(recs),
    )


def _collapse(recs: list[Rec]) -> tuple[list[Rec], list[str]]:
    """One point per period midpoint (median of distinct values); notes on what was done."""
    by_date: dict[str, list[Rec]] = {}
    for r in sorted(recs, key=lambda r: float(r["x"])):
        by_date.setdefault(str(r["date"]), []).append(r)
    rows: list[Rec] = []
    n_multi = 0
    for g in by_date.values():
        distinct = sorted({float(r["value"]) for r in g})
        n_multi += len(distinct) > 1
        best = min(g, key=lambda r: STATUS_RANK.get(str(r.get("status")), 9))
        rec = dict(best)
        rec.update(
            value=float(np.median(distinct)),
            n_values=len(distinct),
            report_ids=", ".join(_report_ids(g)),
        )
        rows.append(rec)
    notes: list[str] = []
    if n_multi:
        notes.append(f"{n_multi} period(s) had more than one value; their median is used")
    n_bound = sum(r.get("qualifier") in ("lower_bound", "upper_bound") for r in rows)
    if n_bound:
        notes.append(f"{n_bound} value(s) are bounds (e.g. 'hơn', 'trên') used as if exact")
    if any(str(r.get("conflict")).lower() in ("true", "1") for r in rows):
        notes.append("the report gave other values for some of these figures (see the audit)")
    return rows, notes


def _fit_frame(x: np.ndarray, y: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
    """OLS of y on centred x; a fitted line with 95 % mean-confidence band on a grid."""
    x0 = float(x.mean())
    require("statsmodels", purpose="fitting trends")
    import statsmodels.api as sm  # loaded on first fit: keeps chart-only notebooks light

    model = sm.OLS(y, sm.add_constant(x - x0, has_constant="add")).fit()
    grid = np.linspace(x.min(), x.max(), 25)
    pred = model.get_prediction(sm.add_constant(grid - x0, has_constant="add"))
    band = np.asarray(pred.conf_int(alpha=_ALPHA))
    fit = {
        "x": grid,
        "date": np.array([from_decimal_year(g).isoformat() for g in grid]),
        "fit": np.asarray(pred.predicted_mean),
        "lower": band[:, 0],
        "upper": band[:, 1],
    }
    return model, fit


def trend(df: pd.DataFrame, *, era: str | None = None) -> TrendResult:
    """Trend of one province × indicator series (rows of the indicator table).

    Three or more distinct period midpoints: OLS of value on decimal year, slope = change per
    year with a 95 % CI and a fitted line with its 95 % confidence band. Two: change per year
    between them, no interval. One: no model (``method`` "single value"). The result's
    ``note`` says which, in words.

    Refuses (``method`` "not fitted", reason in ``note``) a frame that mixes provinces,
    indicators, units or scopes, or pre- and post-merger values, unless ``era``
    ("pre-merger"/"post-merger") selects one side of the 2025 merger. Target rows
    (``*_target``) are goals, not observations, and are refused too.
    """
    if era is not None and era not in (PRE_MERGER, POST_MERGER):
        raise ValueError(f"era must be {PRE_MERGER!r} or {POST_MERGER!r}, not {era!r}")
    if df.empty:
        return _refuse([], "no values: nothing to fit", era)
    data = with_dates(usable(df.drop(columns=list(DATED), errors="ignore")))
    return trend_records(records(data), era)


def trend_records(recs: list[Rec], era: str | None) -> TrendResult:
    """:func:`trend` on records that already carry ``date``/``x``/``era``."""
    if era is not None:
        recs = [r for r in recs if r["era"] == era]
        if not recs:
            return _refuse(recs, f"no {era} values", era)
    reason = _unfit_reason(recs)
    if reason:
        return _refuse(recs, reason)
    era_ = str(recs[0]["era"])
    pts, notes = _collapse(recs)
    common = {
        "province": _single(recs, "province"),
        "indicator": _single(recs, "indicator"),
        "unit": _single(recs, "unit"),
        "scope": _single(recs, "scope"),
        "era": era_,
        "n_points": len(pts),
        "point_records": tuple(pts),
        "report_ids": _report_ids(recs),
    }
    if era_ == POST_MERGER:
        notes.append("values describe the merged province (from 1 July 2025)")
    tail = ("; " + "; ".join(notes)) if notes else ""
    fit = {1: _one_value, 2: _two_values}.get(len(pts), _ols)
    return fit(pts, tail, common)


def _unfit_reason(recs: list[Rec]) -> str | None:
    """Why ``recs`` cannot be one series (``None`` when they can)."""
    if not recs:
        return "no usable values (all missing or rejected)"
    for col, what in (
        ("province", "provinces"),
        ("indicator", "indicators"),
        ("unit", "units"),
        ("scope", "scopes"),
    ):
        kinds = {str(r.get(col)) for r in recs}
        if len(kinds) > 1:
            return f"the series mixes {what} ({', '.join(sorted(kinds))}); fit one at a time"
    if len({r["era"] for r in recs}) > 1:
        return (
            "the series mixes values from before and after the 2025 merger of "
            "provinces (different territories); fit each era separately"
        )
    if is_target(recs[0].get("indicator")):
        return "targets are goals, not observations: no trend is fitted to them"
    return None


def _one_value(pts: list[Rec], tail: str, common: dict) -> TrendResult:
    when = pts[0].get("period_label") or pts[0]["date"]
    note = f"one dated value: no trend can be estimated from a single figure ({when})"
    return TrendResult(
        method=METHOD_SINGLE, slope=None, ci_low=None, ci_high=None, note=note + tail, **common
    )


def _two_values(pts: list[Rec], tail: str, common: dict) -> TrendResult:
    x = np.array([float(p["x"]) for p in pts])
    y = np.array([float(p["value"]) for p in pts])
    years = float(x[1] - x[0])
    slope = float((y[1] - y[0]) / years)
    fit = {
        "x": x,
        "date": np.array([p["date"] for p in pts]),
        "fit": y,
        "lower": np.full(2, np.nan),
        "upper": np.full(2, np.nan),
    }
    note = (
        f"two dated values, {years:.2f} years apart (period midpoints): change per year "
        "= difference / years; no confidence interval (two points cannot measure "
        "their own uncertainty)"
    )
    return TrendResult(
        method=METHOD_CHANGE,
        slope=slope,
        ci_low=None,
        ci_high=None,
        note=note + tail,
        fit_columns=fit,
        **common,
    )


def _ols(pts: list[Rec], tail: str, common: dict) -> TrendResult:
    n = len(pts)
    x = np.array([float(p["x"]) for p in pts])
    y = np.array([float(p["value"]) for p in pts])
    model, fit = _fit_frame(x, y)
    lo, hi = (float(v) for v in np.asarray(model.conf_int(alpha=_ALPHA))[1])
    slope = float(model.params[1])
    p_value = float(model.pvalues[1]) if np.isfinite(model.pvalues[1]) else None
    r2 = float(model.rsquared) if np.isfinite(model.rsquared) else None
    note = (
        f"ordinary least squares on {n} dated values (x = period midpoint in years); "
        f"slope with 95% confidence interval (t, {n - 2} residual degree(s) of freedom); "
        "assumes a straight line and independent, equally noisy values"
    )
    if n < 5:
        note += "; with so few points the interval is wide and the line only indicative"
    return TrendResult(
        method=METHOD_OLS,
        slope=slope,
        ci_low=lo,
        ci_high=hi,
        note=note + tail,
        p_value=p_value,
        r_squared=r2,
        fit_columns=fit,
        **common,
    )


_SERIES_KEYS = ("province", "indicator", "scope", "era")


def _group(recs: list[Rec], keys: tuple[str, ...]) -> dict[tuple, list[Rec]]:
    out: dict[tuple, list[Rec]] = {}
    for r in recs:
        out.setdefault(tuple(str(r.get(k, "")) for k in keys), []).append(r)
    return dict(sorted(out.items()))


def trends(df: pd.DataFrame) -> list[TrendResult]:
    """:func:`trend` for every province × indicator × scope × era series in ``df`` (no targets)."""
    recs = records(_observations(df))
    return [trend_records(g, g[0]["era"]) for g in _group(recs, _SERIES_KEYS).values()]


def _observations(df: pd.DataFrame) -> pd.DataFrame:
    data = usable(df)
    if "indicator" in data.columns:
        data = data[~data["indicator"].map(is_target)]
    return with_dates(data.drop(columns=list(DATED), errors="ignore"))


SUMMARY_COLUMNS = [
    "province",
    "indicator",
    "name_en",
    "name_vi",
    "unit",
    "scope",
    "era",
    "n_points",
    "first_period",
    "last_period",
    "latest_value",
    "method",
    "change_per_year",
    "ci_low",
    "ci_high",
    "method_note",
    "report_ids",
]


def series_summary(indicators_df: pd.DataFrame) -> pd.DataFrame:
    """One row per province × indicator × scope × era: how many dated values, which method.

    Columns: ``province``, ``indicator``, ``name_en``, ``name_vi``, ``unit``, ``scope``,
    ``era`` (pre-/post-merger, never joined), ``n_points`` (distinct period midpoints),
    ``first_period``, ``last_period``, ``latest_value``, ``method`` ("trend OLS", "change per
    year", "single value"), ``change_per_year`` (OLS slope or two-point change, per year, in
    the indicator's unit), ``ci_low``/``ci_high`` (95 %, OLS only), ``method_note`` (a sentence
    for the book) and ``report_ids``. Targets (``*_target``) are left out: see
    :func:`target_table`.
    """
    rows = []
    names = indicator_names(indicators_df)
    for r in trends(indicators_df):
        pts = r.point_records
        labels = [p.get("period_label") or p.get("date") for p in pts]
        rows.append(
            {
                "province": r.province,
                "indicator": r.indicator,
                "name_en": names.get(r.indicator or "", ("", ""))[0],
                "name_vi": names.get(r.indicator or "", ("", ""))[1],
                "unit": r.unit,
                "scope": r.scope,
                "era": r.era,
                "n_points": r.n_points,
                "first_period": labels[0] if pts else None,
                "last_period": labels[-1] if pts else None,
                "latest_value": float(pts[-1]["value"]) if pts else None,
                "method": r.method,
                "change_per_year": r.slope,
                "ci_low": r.ci_low,
                "ci_high": r.ci_high,
                "method_note": r.note,
                "report_ids": ", ".join(r.report_ids),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def describe(result: TrendResult, *, digits: int = 2) -> str:
    """A sentence for the book: "+5.10 percentage points per year (95% CI +3.20 to +7.00; OLS
    on 4 values)", "+3.00 per year (change between two values, no interval)", or why not."""
    who = ", ".join(str(p) for p in (result.province, result.era) if p)
    if result.slope is None:
        return f"{who}: {result.note}"
    u = per_year_unit(result.unit)
    per = f"{u} per year" if u else "per year"
    text = f"{who}: {result.slope:+,.{digits}f} {per}"
    if result.method == METHOD_OLS:
        return (
            f"{text} (95% CI {result.ci_low:+,.{digits}f} to {result.ci_high:+,.{digits}f}; "
            f"OLS on {result.n_points} values)"
        )
    return f"{text} (change between two values, no interval)"


def indicator_names(df: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Indicator id → (English name, Vietnamese name), from the table's own columns."""
    if not {"indicator", "name_en", "name_vi"} <= set(df.columns):
        return {}
    first = df.drop_duplicates("indicator")
    return {
        i: (str(e), str(v))
        for i, e, v in zip(first["indicator"], first["name_en"], first["name_vi"], strict=True)
    }
