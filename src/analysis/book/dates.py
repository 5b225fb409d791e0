"""Rows of the indicator table as dated observations: the time axis of trends and targets.

A figure's date is the midpoint of its reporting period, in decimal years; its era is
pre-merger or post-merger (periods ending on or after 1 July 2025 describe the merged
provinces). See :mod:`analysis.book.trends` for the method these dates feed.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..corpus.periods import MERGER_DATE, parse_period
from ..vocabulary import POST_MERGER, PRE_MERGER

#: Columns :func:`with_dates` adds.
DATED = ("date", "x", "era")


def as_date(value: object) -> date:
    """A ``date`` from a date, datetime, Timestamp or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def decimal_year(value: object) -> float:
    """``2023-07-02`` → 2023.5: the year plus the elapsed fraction of it."""
    d = as_date(value)
    days = 366 if calendar.isleap(d.year) else 365
    return d.year + (d.timetuple().tm_yday - 1) / days


def from_decimal_year(x: float) -> date:
    """Inverse of :func:`decimal_year` (to the day)."""
    year = math.floor(x)
    days = 366 if calendar.isleap(year) else 365
    return date.fromordinal(date(year, 1, 1).toordinal() + round((x - year) * days))


def period_bounds(row: Mapping[str, object]) -> tuple[date, date]:
    """First and last day of a row's period (its ``period_start``/``period_end``, else its
    ``period_label``)."""
    start, end = row.get("period_start"), row.get("period_end")
    if isinstance(start, str | date) and start and isinstance(end, str | date) and end:
        return as_date(start), as_date(end)
    p = parse_period(str(row["period_label"]))
    return p.start, p.end


def with_dates(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` plus ``date`` (period midpoint, ISO), ``x`` (decimal year) and ``era``.

    Dates come from ``period_start``/``period_end`` when present, else from ``period_label``.
    ``era`` is "pre-merger" or "post-merger" (``post_merger`` column, else the period's end
    compared with 1 July 2025).
    """
    out = df.copy()
    if out.empty:
        for col in DATED:
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


def usable(df: pd.DataFrame) -> pd.DataFrame:
    """Drop rejected rows and rows without a value."""
    out = df[df["value"].notna()]
    if "status" in out.columns:
        out = out[out["status"] != "rejected"]
    return out


def is_missing(v: object) -> bool:
    """None, NaN or ``pd.NA``."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA
