"""Statistics for the book: trends over time, change per year and the pace needed to hit a target.

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

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..corpus.periods import MERGER_DATE, parse_period

TARGET_SUFFIX = "_target"  # the catalog's suffix for goals (kept in sync with catalog.py)

METHOD_OLS = "trend OLS"
METHOD_CHANGE = "change per year"
METHOD_SINGLE = "single value"
METHOD_NONE = "not fitted"

PRE_MERGER = "pre-merger"
POST_MERGER = "post-merger"

MET, NOT_MET, NO_DATA = "met", "not met", "no data"
TARGET_STATUSES: tuple[str, ...] = (MET, NOT_MET, NO_DATA)

_ALPHA = 0.05
_EPS = 1e-9
_STATUS_RANK = {"overridden": 0, "reviewed": 1, "extracted": 2}


# ---------------------------------------------------------------------------------------------
# dates


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def decimal_year(value: object) -> float:
    """``2023-07-02`` → 2023.5: the year plus the elapsed fraction of it."""
    d = _as_date(value)
    days = 366 if calendar.isleap(d.year) else 365
    return d.year + (d.timetuple().tm_yday - 1) / days


def from_decimal_year(x: float) -> date:
    """Inverse of :func:`decimal_year` (to the day)."""
    year = math.floor(x)
    days = 366 if calendar.isleap(year) else 365
    return date.fromordinal(date(year, 1, 1).toordinal() + round((x - year) * days))


def _bounds(row: Mapping[str, object]) -> tuple[date, date]:
    start, end = row.get("period_start"), row.get("period_end")
    if isinstance(start, str | date) and start and isinstance(end, str | date) and end:
        return _as_date(start), _as_date(end)
    p = parse_period(str(row["period_label"]))
    return p.start, p.end


_DATED = ("date", "x", "era")


def with_dates(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` plus ``date`` (period midpoint, ISO), ``x`` (decimal year) and ``era``.

    Dates come from ``period_start``/``period_end`` when present, else from ``period_label``.
    ``era`` is "pre-merger" or "post-merger" (``post_merger`` column, else the period's end
    compared with 1 July 2025).
    """
    out = df.copy()
    if out.empty:
        for col in _DATED:
            out[col] = pd.Series(dtype="object" if col != "x" else "float")
        return out
    nat = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    start = pd.to_datetime(out["period_start"], errors="coerce") if "period_start" in out else nat
    end = pd.to_datetime(out["period_end"], errors="coerce") if "period_end" in out else nat
    gap = start.isna() | end.isna()
    if gap.any():
        parsed = [parse_period(str(label)) for label in out.loc[gap, "period_label"]]
        start = start.copy()
        end = end.copy()
        start[gap] = [pd.Timestamp(p.start) for p in parsed]
        end[gap] = [pd.Timestamp(p.end) for p in parsed]
    mid = start + pd.to_timedelta((end - start).dt.days // 2, unit="D")
    out["date"] = mid.dt.strftime("%Y-%m-%d")
    out["x"] = (mid.dt.year + (mid.dt.day_of_year - 1) / (365 + mid.dt.is_leap_year)).astype(float)
    if "post_merger" in out.columns:
        post = out["post_merger"].astype(str).str.lower().isin(["true", "1"])
    else:
        post = end >= pd.Timestamp(MERGER_DATE)
    out["era"] = np.where(post, POST_MERGER, PRE_MERGER)
    return out


def is_target_id(indicator: object) -> bool:
    return isinstance(indicator, str) and indicator.endswith(TARGET_SUFFIX)


def base_indicator(indicator: str) -> str:
    """``online_payment_rate_target`` → ``online_payment_rate``."""
    return indicator[: -len(TARGET_SUFFIX)] if is_target_id(indicator) else indicator


def _usable(df: pd.DataFrame) -> pd.DataFrame:
    """Drop rejected rows and rows without a value."""
    out = df[df["value"].notna()]
    if "status" in out.columns:
        out = out[out["status"] != "rejected"]
    return out


# ---------------------------------------------------------------------------------------------
# trends


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


Rec = dict[str, object]


def _present(v: object) -> bool:
    return not _missing(v) and v != ""


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
        rec = dict(min(g, key=lambda r: _STATUS_RANK.get(str(r.get("status")), 9)))
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


def _fit_frame(x: np.ndarray, y: np.ndarray) -> tuple[object, dict[str, np.ndarray]]:
    """OLS of y on centred x; a fitted line with 95 % mean-confidence band on a grid."""
    x0 = float(x.mean())
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
    data = with_dates(_usable(df.drop(columns=list(_DATED), errors="ignore")))
    return _trend(data.to_dict("records"), era)


def _trend(recs: list[Rec], era: str | None) -> TrendResult:
    """:func:`trend` on records that already carry ``date``/``x``/``era``."""
    if era is not None:
        recs = [r for r in recs if r["era"] == era]
        if not recs:
            return _refuse(recs, f"no {era} values", era)
    if not recs:
        return _refuse(recs, "no usable values (all missing or rejected)")
    for col, what in (
        ("province", "provinces"),
        ("indicator", "indicators"),
        ("unit", "units"),
        ("scope", "scopes"),
    ):
        kinds = {str(r.get(col)) for r in recs}
        if len(kinds) > 1:
            return _refuse(
                recs, f"the series mixes {what} ({', '.join(sorted(kinds))}); fit one at a time"
            )
    if len({r["era"] for r in recs}) > 1:
        return _refuse(
            recs,
            "the series mixes values from before and after the 2025 merger of "
            "provinces (different territories); fit each era separately",
        )
    if is_target_id(recs[0].get("indicator")):
        return _refuse(recs, "targets are goals, not observations: no trend is fitted to them")

    era_ = str(recs[0]["era"])
    pts, notes = _collapse(recs)
    n = len(pts)
    common = {
        "province": _single(recs, "province"),
        "indicator": _single(recs, "indicator"),
        "unit": _single(recs, "unit"),
        "scope": _single(recs, "scope"),
        "era": era_,
        "n_points": n,
        "point_records": tuple(pts),
        "report_ids": _report_ids(recs),
    }
    x = np.array([float(p["x"]) for p in pts])
    y = np.array([float(p["value"]) for p in pts])
    if era_ == POST_MERGER:
        notes.append("values describe the merged province (from 1 July 2025)")
    tail = ("; " + "; ".join(notes)) if notes else ""

    if n == 1:
        when = pts[0].get("period_label") or pts[0]["date"]
        note = f"one dated value: no trend can be estimated from a single figure ({when})"
        return TrendResult(
            method=METHOD_SINGLE, slope=None, ci_low=None, ci_high=None, note=note + tail, **common
        )
    if n == 2:
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
    recs = _observations(df).to_dict("records")
    return [_trend(g, g[0]["era"]) for g in _group(recs, _SERIES_KEYS).values()]


def _observations(df: pd.DataFrame) -> pd.DataFrame:
    data = _usable(df)
    if "indicator" in data.columns:
        data = data[~data["indicator"].map(is_target_id)]
    return with_dates(data.drop(columns=list(_DATED), errors="ignore"))


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
    names = _names(indicators_df)
    for r in trends(indicators_df):
        pts = r.point_records
        labels = [p.get("period_label") or p.get("date") for p in pts]
        rows.append(
            {
                "province": r.province,
                "indicator": r.indicator,
                "name_en": names.get(r.indicator, ("", ""))[0],
                "name_vi": names.get(r.indicator, ("", ""))[1],
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


def per_year_unit(unit: str | None) -> str:
    """The unit of a change per year: percentage points for rates, else the unit itself."""
    return {
        "percent": "percentage points",
        "count": "",
        "vnd": "VND",
        "million_vnd": "million VND",
        "billion_vnd": "billion VND",
    }.get(unit or "", unit or "")


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


def _names(df: pd.DataFrame) -> dict[str, tuple[str, str]]:
    if not {"indicator", "name_en", "name_vi"} <= set(df.columns):
        return {}
    first = df.drop_duplicates("indicator")
    return {
        i: (str(e), str(v))
        for i, e, v in zip(first["indicator"], first["name_en"], first["name_vi"], strict=True)
    }


# ---------------------------------------------------------------------------------------------
# latest values (shared by the comparison charts and the target table)


def latest_values(
    indicators_df: pd.DataFrame,
    indicator: str | None = None,
    *,
    scope: str | None = None,
    era: str | None = None,
) -> pd.DataFrame:
    """One row per province × indicator: the figure a cross-province comparison should show.

    Preference, in order: a province-wide figure over an agency/district/commune one; a
    pre-merger figure over a post-merger one (the four provinces as they were); the latest
    period (``period_end``); a reviewed/overridden row over an extracted one. ``scope`` or
    ``era`` restrict the choice instead. Adds ``date``, ``x``, ``era`` and ``n_candidates``
    (how many rows competed).
    """
    data = _usable(indicators_df)
    if indicator is not None:
        data = data[data["indicator"] == indicator]
    data = with_dates(data)
    if scope is not None and "scope" in data.columns:
        data = data[data["scope"] == scope]
    if era is not None:
        data = data[data["era"] == era]
    if data.empty:
        return data.assign(n_candidates=pd.Series(dtype="int"))
    sc = data["scope"] if "scope" in data.columns else pd.Series("province", index=data.index)
    st = data["status"] if "status" in data.columns else pd.Series("", index=data.index)
    ranked = data.assign(
        _scope=(sc != "province").astype(int),
        _era=(data["era"] != PRE_MERGER).astype(int),
        _end=-data["x"],
        _status=st.map(_STATUS_RANK).fillna(9),
    ).sort_values(["_scope", "_era", "_end", "_status"], kind="stable")
    counts = data.groupby(["province", "indicator"]).size().rename("n_candidates")
    best = ranked.groupby(["province", "indicator"], sort=True).head(1)
    best = best.drop(columns=["_scope", "_era", "_end", "_status"])
    return best.join(counts, on=["province", "indicator"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# targets


@dataclass(frozen=True)
class Pace:
    """Annual change needed to go from the latest value to a target by a deadline."""

    gap: float
    years_left: float
    annual_change_needed: float | None
    already_met: bool
    note: str


def _direction_ok(direction: str) -> str:
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', not {direction!r}")
    return direction


def pace_to_target(
    latest_value: float,
    latest_date: object,
    target_value: float,
    deadline: object,
    *,
    direction: str = "increase",
) -> Pace:
    """The constant change per year that takes ``latest_value`` (at ``latest_date``) to
    ``target_value`` by ``deadline``: (target − latest) / years left.

    ``direction`` "increase" means higher is better (rates, counts); "decrease" the opposite.
    A target already met needs no change (``annual_change_needed`` 0). When the deadline is
    not after the latest value, no pace exists (``None``; the note says the deadline passed).
    Linear pace only: it ignores ceilings such as 100 % and any acceleration.
    """
    direction = _direction_ok(direction)
    gap = float(target_value) - float(latest_value)
    years = decimal_year(deadline) - decimal_year(latest_date)
    met = gap <= _EPS if direction == "increase" else gap >= -_EPS
    if met:
        return Pace(gap, years, 0.0, True, "target already met by the latest value")
    if years <= 0:
        return Pace(
            gap,
            years,
            None,
            False,
            "the deadline is not after the latest value: no pace can be computed",
        )
    need = gap / years
    return Pace(
        gap,
        years,
        need,
        False,
        f"needs {need:+.3g} per year over {years:.2f} years (straight line from the "
        "latest value to the target)",
    )


def target_status(
    latest_value: float | None,
    target_value: float | None,
    *,
    target_qualifier: str = "exact",
    value_qualifier: str = "exact",
    direction: str = "increase",
    value_unit: str | None = None,
    target_unit: str | None = None,
) -> str:
    """ "met", "not met" or "no data" for one value against one target.

    The comparison is ≥ the target for ``direction`` "increase" (so "trên 90%", a lower-bound
    target, is met by 90 and above) and ≤ for "decrease"; an ``upper_bound`` target ("dưới
    5%") always means ≤. A value that is itself a bound counts only when the bound decides:
    "hơn 92%" meets ≥ 90% and "dưới 80%" misses it, but "hơn 85%" or "dưới 95%" cannot be
    judged against ≥ 90% and give "no data".
    A missing value or target is "no data". Units must match (``ValueError`` otherwise).
    """
    direction = _direction_ok(direction)
    if value_unit and target_unit and value_unit != target_unit:
        raise ValueError(
            f"value in {value_unit!r} cannot be compared with a target in {target_unit!r}"
        )
    if _missing(latest_value) or _missing(target_value):
        return NO_DATA
    v, t = float(latest_value), float(target_value)
    at_most = target_qualifier == "upper_bound" or (
        direction == "decrease" and target_qualifier != "lower_bound"
    )
    if at_most:  # mirror the problem: "≤ t" on v is "≥ −t" on −v, bounds swap sides
        v, t = -v, -t
        value_qualifier = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}.get(
            value_qualifier, value_qualifier
        )
    # now the question is: true value ≥ t ?
    if value_qualifier == "lower_bound":  # true value > v
        return MET if v >= t - _EPS else NO_DATA
    if value_qualifier == "upper_bound":  # true value < v
        return NOT_MET if v <= t + _EPS else NO_DATA
    return MET if v >= t - _EPS else NOT_MET


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


TARGET_COLUMNS = [
    "province",
    "indicator",
    "target_indicator",
    "name_en",
    "name_vi",
    "unit",
    "era",
    "target_value",
    "target_qualifier",
    "target_period",
    "target_scope",
    "deadline",
    "latest_value",
    "latest_qualifier",
    "latest_period",
    "latest_date",
    "latest_scope",
    "status",
    "gap",
    "annual_change_needed",
    "observed_change_per_year",
    "observed_method",
    "on_track",
    "report_ids",
    "note",
]


def target_table(
    indicators_df: pd.DataFrame,
    *,
    deadlines: Mapping[tuple[str, str], object] | None = None,
    directions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Each stated target (``*_target`` rows) against the latest value of its indicator.

    One row per province × target indicator (the target from the latest report). The latest
    value is taken from the same era (pre-/post-merger) and, where possible, the same scope as
    the target. The deadline is ``deadlines[(province, target_indicator)]`` or a ``deadline``
    column when given, else 31 December of the year the target's period ends (an assumption:
    most targets are annual plan goals). Columns: see ``TARGET_COLUMNS``; ``status`` is
    "met"/"not met"/"no data" (:func:`target_status`), ``annual_change_needed`` comes from
    :func:`pace_to_target`, ``observed_change_per_year`` from :func:`trend` on the values, and
    ``on_track`` says whether the observed change is at least the pace needed (None when
    either is unknown). ``directions`` maps indicator → "decrease" for lower-is-better ones.
    """
    deadlines = deadlines or {}
    directions = directions or {}
    data = _usable(indicators_df)
    if data.empty or "indicator" not in data.columns:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    recs = with_dates(data.drop(columns=list(_DATED), errors="ignore")).to_dict("records")
    goals: dict[tuple, Rec] = {}
    obs: dict[tuple, list[Rec]] = {}
    for r in recs:
        if is_target_id(r["indicator"]):
            key = (r["province"], r["indicator"])
            if key not in goals or r["x"] >= goals[key]["x"]:  # the latest statement
                goals[key] = r
        else:
            obs.setdefault((r["province"], r["indicator"]), []).append(r)
    names = _names(indicators_df)
    rows = [
        _target_row(
            g,
            obs.get((g["province"], base_indicator(g["indicator"])), []),
            names,
            deadlines.get(key),
            directions,
        )
        for key, g in sorted(goals.items())
    ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _latest_key(r: Rec) -> tuple:
    """Sort key: province-wide, pre-merger, latest period, reviewed first."""
    return (
        str(r.get("scope") or "province") != "province",
        r["era"] != PRE_MERGER,
        -float(r["x"]),
        _STATUS_RANK.get(str(r.get("status")), 9),
    )


def _target_row(
    g: Rec,
    values: list[Rec],
    names: Mapping[str, tuple[str, str]],
    deadline_override: object,
    directions: Mapping[str, str],
) -> Rec:
    prov, tid = g["province"], str(g["indicator"])
    base = base_indicator(tid)
    direction = directions.get(base, "increase")
    deadline = _deadline(g, deadline_override)
    t_scope = str(g.get("scope") or "province")
    notes: list[str] = []
    cand = [r for r in values if r["era"] == g["era"]]
    same_scope = [r for r in cand if str(r.get("scope") or "province") == t_scope]
    if same_scope:
        cand = same_scope
    elif cand:
        kinds = "/".join(sorted({str(r.get("scope")) for r in cand}))
        notes.append(f"target is {t_scope}-level but the values are {kinds}-level")
    name = names.get(base, names.get(tid, ("", "")))
    rec: Rec = {
        "province": prov,
        "indicator": base,
        "target_indicator": tid,
        "name_en": name[0],
        "name_vi": name[1],
        "unit": g.get("unit"),
        "era": g["era"],
        "target_value": float(g["value"]),
        "target_qualifier": g.get("qualifier") or "exact",
        "target_period": g.get("period_label"),
        "target_scope": t_scope,
        "deadline": deadline.isoformat(),
        "latest_value": None,
        "latest_qualifier": None,
        "latest_period": None,
        "latest_date": None,
        "latest_scope": None,
        "status": NO_DATA,
        "gap": None,
        "annual_change_needed": None,
        "observed_change_per_year": None,
        "observed_method": None,
        "on_track": None,
    }
    ids = {str(g.get("report_id", ""))}
    if not cand:
        notes.append("no reported value for this indicator")
    else:
        lv = min(cand, key=_latest_key)
        ids.add(str(lv.get("report_id", "")))
        rec.update(
            latest_value=float(lv["value"]),
            latest_qualifier=lv.get("qualifier") or "exact",
            latest_period=lv.get("period_label"),
            latest_date=lv["date"],
            latest_scope=str(lv.get("scope") or "province"),
        )
        if lv.get("unit") != g.get("unit"):
            notes.append(
                f"value unit {lv.get('unit')!r} differs from target unit "
                f"{g.get('unit')!r}: not compared"
            )
        else:
            rec["status"] = target_status(
                rec["latest_value"],
                rec["target_value"],
                target_qualifier=rec["target_qualifier"],
                value_qualifier=rec["latest_qualifier"],
                direction=direction,
            )
            pace = pace_to_target(
                rec["latest_value"], lv["date"], rec["target_value"], deadline, direction=direction
            )
            rec["gap"] = pace.gap
            rec["annual_change_needed"] = pace.annual_change_needed
            if pace.annual_change_needed is None:
                notes.append(pace.note)
            tr = _trend(
                [r for r in cand if str(r.get("scope") or "province") == rec["latest_scope"]], None
            )
            rec["observed_method"] = tr.method
            rec["observed_change_per_year"] = tr.slope
            if tr.slope is not None and pace.annual_change_needed is not None:
                need = pace.annual_change_needed
                rec["on_track"] = bool(
                    tr.slope >= need if direction == "increase" else tr.slope <= need
                )
    if rec["latest_qualifier"] in ("lower_bound", "upper_bound"):
        notes.append("the latest value is a bound ('hơn'/'trên'/'dưới')")
    rec["report_ids"] = ", ".join(sorted(i for i in ids if i and i != "nan"))
    rec["note"] = "; ".join(notes)
    return rec


def _deadline(goal: Mapping[str, object], override: object) -> date:
    if override is not None:
        return _as_date(override)
    dl = goal.get("deadline")
    if isinstance(dl, str | date) and dl:
        return _as_date(dl)
    _, end = _bounds(goal)
    return date(end.year, 12, 31)
