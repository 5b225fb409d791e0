"""Reporting periods: parse labels such as ``2023-Q1``, ``2025-01``, ``2022`` or ranges.

Grammar (ISO-8601 flavoured): ``YYYY`` · ``YYYY-Qn`` · ``YYYY-Hn`` · ``YYYY-MM`` · and a range of
any two of these joined by ``/`` (``2023-01/2024-05``). A period is the closed date interval
from the first day of its start to the last day of its end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PART = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>0[1-9]|1[0-2])))?$")

#: The 2025 reorganisation of provinces took effect on this date.
MERGER_DATE = date(2025, 7, 1)


class PeriodError(ValueError):
    """A period label that does not follow the grammar."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def midpoint(self) -> date:
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)

    @property
    def post_merger(self) -> bool:
        """True when the period ends on or after the 2025 reorganisation of provinces."""
        return self.end >= MERGER_DATE


def _bounds(part: str) -> tuple[date, date]:
    m = _PART.match(part)
    if not m:
        raise PeriodError(
            f"period {part!r} does not parse; use YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM "
            "or a range START/END (e.g. 2023-01/2024-05)"
        )
    y = int(m["y"])
    if not 1990 <= y <= 2100:
        raise PeriodError(f"period {part!r}: year {y} is out of range")
    if m["q"]:
        first = 3 * (int(m["q"][1]) - 1) + 1
        last = first + 2
    elif m["h"]:
        first = 1 if m["h"] == "H1" else 7
        last = first + 5
    elif m["m"]:
        first = last = int(m["m"])
    else:
        first, last = 1, 12
    return date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])


def parse_period(label: str) -> Period:
    """Parse a period label into its date bounds. Raises :class:`PeriodError`."""
    label = (label or "").strip()
    parts = label.split("/")
    if len(parts) > 2 or not label:
        raise PeriodError(f"period {label!r} does not parse")
    start, end = _bounds(parts[0])
    if len(parts) == 2:
        _, end = _bounds(parts[1])
        if end < start:
            raise PeriodError(f"period {label!r} ends before it starts")
    return Period(label, start, end)


def span_label(start: date, end: date) -> str:
    """The label of the grammar that names the months from ``start`` to ``end``.

    Whole years give ``YYYY`` (or ``YYYY/YYYY``), a quarter ``YYYY-Qn``, a half ``YYYY-Hn``,
    a month ``YYYY-MM``, other runs of months ``YYYY-MM/YYYY-MM``; a span that starts or ends
    inside a month (a day, a stock as of a date) is named by the months it touches.
    """
    if end < start:
        raise PeriodError(f"span {start}..{end} ends before it starts")
    y1, m1, y2, m2 = start.year, start.month, end.year, end.month
    if y1 == y2:
        if (m1, m2) == (1, 12):
            return f"{y1}"
        if m1 == m2:
            return f"{y1}-{m1:02d}"
        if m2 == m1 + 2 and m1 % 3 == 1:
            return f"{y1}-Q{m1 // 3 + 1}"
        if (m1, m2) in ((1, 6), (7, 12)):
            return f"{y1}-H{1 if m1 == 1 else 2}"
    elif (m1, m2) == (1, 12):
        return f"{y1}/{y2}"
    return f"{y1}-{m1:02d}/{y2}-{m2:02d}"
