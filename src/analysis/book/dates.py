"""Rows of the indicator table as dated observations, and periods as a reader says them.

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

from .. import formats
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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def readable_period(label: str) -> str:
    """A period label as a reader says it: 2023-Q1 → Q1 2023 (quý I/2023), 2025-01 → Jan 2025,
    2023-01/2024-05 → Jan 2023–May 2024, 2024-H1 → H1 2024, 2022 → 2022
    (:func:`analysis.formats.period`)."""
    return formats.period(label)


def span_text(start: object, end: object) -> str | None:
    """A date span as a reader says it: a whole year, quarter, half or month by its name,
    else 'Jan–May 2024' / 'Jan 2023–May 2024'; None when a date is missing or malformed."""
    try:
        s, e = pd.Timestamp(str(start)), pd.Timestamp(str(end))
    except (ValueError, TypeError):
        return None
    if pd.isna(s) or pd.isna(e) or e < s:
        return None
    if s.day != 1 or (e + pd.Timedelta(days=1)).day != 1:  # a day-level span
        day = (
            formats.day(s)
            if formats.language() == "vi"
            else f"{s.day} {_MONTHS[s.month - 1]} {s.year}"
        )
        if s == e:
            return day
        last = (
            formats.day(e)
            if formats.language() == "vi"
            else f"{e.day} {_MONTHS[e.month - 1]} {e.year}"
        )
        return f"{day} – {last}"
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if months == 12 and s.month == 1:
        return formats.year(s.year)
    if months == 3 and s.month % 3 == 1:
        return formats.quarter(s.year, (s.month - 1) // 3 + 1)
    if months == 6 and s.month in (1, 7):
        return formats.half(s.year, 1 if s.month == 1 else 2)
    if months == 1:
        return formats.month(s.year, s.month)
    if s.year == e.year:
        return formats.months(s.year, s.month, e.month)
    return f"{formats.month(s.year, s.month)}–{formats.month(e.year, e.month)}"


def is_level(r: pd.Series | dict) -> bool:
    """True for a value that is a level on a date — a stock (accounts, certificates, services
    offered) or a rate of one (adults owning a smartphone): its measure's ``level``, or its
    ``kind`` "stock" in a table without that column."""
    level = r.get("level")
    if isinstance(level, bool | np.bool_):
        return bool(level)
    return r.get("kind") == "stock"


def _end(r: pd.Series | dict) -> date | None:
    end = r.get("period_end")
    try:
        return as_date(end) if isinstance(end, str | date) and end else None
    except ValueError:
        return None


def period_text(r: pd.Series | dict) -> str:
    """The period a value describes, as a reader says it: from the value's own
    ``period_start``/``period_end`` (the figure's period once extraction gives it), else its
    period label. A level on a date (:func:`is_level`) is stated as of its period's end —
    10,850 certificates "as of 31 May 2024", not over "Jan 2023–May 2024", the span of the
    report that counts them."""
    if is_level(r):
        end = _end(r) or parse_period(str(r["period_label"])).end
        return formats.as_of(end)
    own = span_text(r.get("period_start"), r.get("period_end"))
    return own or readable_period(str(r["period_label"]))
