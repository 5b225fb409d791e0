"""Time expressions in report text: "5 tháng đầu năm 2024", "quý I/2023", "tính đến ngày
31/3/2023", "lũy kế đến nay", "Giai đoạn 1: từ 6/2020 đến tháng 12/2020", "in the first 10
months of 2025", "as of June 30, 2024" …

:func:`find_time_expressions` finds them in one line, resolved to a closed date interval
(:class:`Span`; an *instant*, "as of" a date, has ``first == last``). Relative wording ("6
tháng đầu năm", "quý I", "đến nay", "a year earlier") is resolved against a reference span,
the report's period. Dates that belong to a document reference ("Quyết định số 3126/QĐ-UBND
ngày 31/12/2020 …", and the title that follows it) are not time expressions of the text.

Each expression has a *role*: ``frame`` (the period its sentence speaks of), ``compare`` (a
point of comparison, "so với năm 2022", "than a year earlier": only the figure it introduces
takes it), ``horizon`` (a deadline, "đến năm 2025", "by 2030": the year of a goal) or
``since`` (when a state began, "từ ngày 15/10/2024", "since 2021": not a figure's period) or
``published`` (the day or month results were published, "được công bố ngày 8/4/2025",
"Ngày 16/5/2025, Bộ Nội vụ công bố …", "announced in October 2025": not the period they are
of, which the index's edition or the report gives).
Matching runs on an accent-folded copy of the line of the same length, so offsets are the
line's own; every pattern is anchored on a keyword and bounded, so a scan is linear.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from .prefilter import prefilter

ROLES = ("frame", "compare", "horizon", "since", "published")


@dataclass(frozen=True)
class Span:
    """A closed date interval; ``first == last`` is an instant (a stock "as of" a date)."""

    first: date
    last: date

    @property
    def instant(self) -> bool:
        return self.first == self.last

    def shift_years(self, n: int) -> Span:
        return Span(_shift(self.first, n), _shift(self.last, n))

    def previous(self) -> Span:
        """The period of the same length just before: the month, quarter or months before
        a span of whole months within one year, else the same span a year earlier."""
        f, la = self.first, self.last
        whole = f.day == 1 and la == _month_end(la.year, la.month) and f.year == la.year
        n = la.month - f.month + 1
        if not whole or n == 12 or (f.month == 1 and n > 3):
            return self.shift_years(-1)  # a year, "5 tháng đầu năm": the year before
        m = f.month - n
        y = f.year if m >= 1 else f.year - 1
        m = m if m >= 1 else m + 12
        return Span(date(y, m, 1), _month_end(y, m + n - 1))


@dataclass(frozen=True)
class TimeExpression:
    """One time expression of a line: offsets in the line, its span and its role."""

    start: int
    end: int
    span: Span
    role: str = "frame"
    multi_year: bool = False  # a programme's span ("giai đoạn 2021-2025")
    kind: str = ""  # the rule that matched: "atom", "now" ("đến nay", "so far"), "instant" …


def _shift(d: date, years: int) -> date:
    y = d.year + years
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, m1: int, m2: int) -> Span:
    return Span(date(y, m1, 1), _month_end(y, m2))


def _year(y: int) -> Span:
    return Span(date(y, 1, 1), date(y, 12, 31))


class _FoldTable(dict[int, str]):
    """The folding of each character met so far, by code point (a table for
    :meth:`str.translate`, filled on first use)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0] if cp > 127 else ch
        low = base.lower()
        self[cp] = out = "d" if low in "đð" else (low if len(low) == 1 else base)
        return out


_FOLD_TABLE = _FoldTable()


def fold_keep(text: str) -> str:
    """Lower-case, strip diacritics and unify Đ: one output character per input character."""
    return text.translate(_FOLD_TABLE)


# ------------------------------------------------------------------------- vocabulary
_NUMBER_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10, "muoi mot": 11, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
}  # fmt: skip
_MONTHS_EN = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_Y = r"(?:19|20)\d{2}"
_NUM = r"(?:\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_MON_EN = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_SEP = r"\s*[/.\-]\s*"
# One date "atom" (a day, a month, a quarter, the first N months, a year), in folded text.
_DAY = (
    rf"ngay\s+\d{{1,2}}\s+thang\s+\d{{1,2}}\s+nam\s+{_Y}"
    rf"|(?:ngay\s+)?\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}{_Y}"
    rf"|(?:{_MON_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_Y}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON_EN})\.?,?\s+{_Y}"
)
_MONTH = (
    rf"thang\s+\d{{1,2}}(?:\s+nam\s+|{_SEP}){_Y}"
    rf"|(?:{_MON_EN})\.?,?\s+{_Y}"
)
_QUARTER = (
    rf"quy\s+(?:iv|iii|ii|i|[1-4])\b(?:\s*(?:/|-|nam)\s*{_Y})?"
    rf"|q[1-4](?:\s*[/\-]?\s*{_Y})?\b"
    rf"|(?:the\s+)?(?:first|second|third|fourth)\s+quarter(?:\s+of\s+{_Y})?"
)
_FIRST_N = (
    rf"{_NUM}\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+{_Y})?|{_NUM}\s+thang\s+nam\s+{_Y}"
    rf"|{_NUM}\s+quy\s+dau\s+nam(?:\s+{_Y})?|nua\s+(?:dau|cuoi)\s+nam(?:\s+{_Y})?"
    rf"|(?:the\s+)?(?:first|last)\s+{_NUM}\s+months(?:\s+of\s+{_Y})?"
    rf"|(?:the\s+)?(?:first|second)\s+half(?:\s+of\s+{_Y})?|\bh[12](?:\s*[/\-]?\s*{_Y})?\b"
)
# the period just before ("tháng trước", "quý trước", "last month", "the previous quarter")
# and the year before ("năm trước", "năm ngoái", "last year", "the previous year")
_PREV_PERIOD = r"(?:thang|quy)\s+truoc|(?:last|the\s+previous|the\s+preceding)\s+(?:month|quarter)"
_PREV_YEAR = (
    r"nam\s+truoc|nam\s+ngoai|last\s+year|the\s+previous\s+year|the\s+year\s+before"
    r"|(?:the\s+)?(?:previous|last)\s+edition"
)
_ATOM = rf"(?:{_DAY}|{_MONTH}|{_QUARTER}|{_FIRST_N}|(?:ca\s+)?nam\s+{_Y})"
# ("from January to September 2025": an English month alone takes the year of the range's end)
_RANGE_END = rf"(?:{_DAY}|{_MONTH}|\d{{1,2}}{_SEP}{_Y}|thang\s+\d{{1,2}}|{_Y}|(?:{_MON_EN})\b)"
# an English day without its year, at the start of a range ("From 1 July to 30 September 2025")
_DAY_NOYEAR_EN = (
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON_EN})\b(?!\.?,?\s+{_Y})"
    rf"|(?:{_MON_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s+{_Y})"
)
_RANGE_START = (
    rf"(?:{_DAY}|{_MONTH}|{_DAY_NOYEAR_EN}|\d{{1,2}}{_SEP}{_Y}|thang\s+\d{{1,2}}|{_Y}|dau\s+nam(?:\s+{_Y})?"
    rf"|dau\s+thang\s+\d{{1,2}}(?:{_SEP}{_Y})?|(?:{_MON_EN})\b)"
)
_NOW = (
    r"(?:nay|hien\s+nay|hien\s+tai|thoi\s+diem\s+(?:hien\s+tai|nay|bao\s+cao))"
    r"|(?:date|now)"
)
_DASH = r"\s*(?:-|–|—|den|toi|to|until|and)\s*"

# (pattern, handler name, role), tried at each keyword in this order; longest wins.
_RULES: list[tuple[re.Pattern[str], str, str]] = [
    # ranges: "từ 6/2020 đến tháng 12/2020", "từ ngày 01/7/2025 đến ngày 31/12/2025"
    (re.compile(rf"\b(?:tu|from|between)\s+(?:ngay\s+)?(?:{_RANGE_START}){_DASH}"
                rf"(?:ngay\s+|het\s+(?:ngay\s+|thang\s+)?)?(?:{_RANGE_END})"), "range", "frame"),
    # "January–June 2025", "in July-September": an English month range without "from"
    (re.compile(rf"\b(?:{_MON_EN})\s*(?:-|–|—|through)\s*(?:{_MON_EN})\b(?:\s*,?\s*{_Y})?"),
     "range", "frame"),
    # a deadline ("xử lý dứt điểm trước ngày 30/10/2025", "hạn chót 15/11/2025"): when
    # something is due, never the period of a figure
    (re.compile(rf"\b(?:truoc|cham nhat|han chot|han cuoi|before|no later than)\s+"
                rf"(?:ngay\s+)?(?:{_DAY})(?=[^0-9]{{0,3}}$|\s*[.;,)])"), "instant", "since"),
    # "từ ngày 15/8 đến ngày 14/9/2025": the start's year is the end's
    (re.compile(rf"\btu\s+ngay\s+\d{{1,2}}{_SEP}\d{{1,2}}\s*(?:-|–|—|den|toi)\s*(?:het\s+)?(?:ngay\s+)?"
                rf"\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}{_Y}"), "day_month_range", "frame"),
    # "từ ngày 1 – 31/8/2025"
    (re.compile(rf"\btu\s+ngay\s+\d{{1,2}}\s*[-–—]\s*(?:ngay\s+)?\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}{_Y}"),
     "day_range", "frame"),
    # "từ đầu năm đến nay", "từ tháng 1/2024 đến nay", "since 2021"
    (re.compile(rf"\b(?:luy\s+ke\s+)?(?:tu|from)\s+(?:{_RANGE_START})\s*(?:den|toi|to|until)\s+(?:{_NOW})"),
     "since", "frame"),
    # "lũy kế từ đầu năm", "tính từ đầu năm 2025": from the year's start to the report's
    # end (a running total)
    (re.compile(rf"\b(?:luy\s+ke|tinh|cong\s+don)\s+(?:tu\s+)?dau\s+nam(?:\s+{_Y})?"),
     "since", "frame"),
    # "từ ngày 15/10/2024" / "since 2021" with no end: when a state began, not a period
    (re.compile(rf"\b(?:tu|since)\s+(?:ngay\s+)?(?:{_DAY}|{_MONTH}|(?:nam\s+)?{_Y})"),
     "since_open", "since"),
    # programme spans: "giai đoạn 2021–2025", "the 2021-2025 period"
    # ("over 2023–2024", "during 2023-2024", "in 2023 and 2024": the two years together)
    (re.compile(rf"\b(?:giai\s+doan|thoi\s+ky|period|in|during|over|throughout|across)\s+"
                rf"{_Y}\s*[-–—]\s*{_Y}"
                rf"|\b(?:the\s+)?{_Y}\s*[-–—]\s*{_Y}\s+period"
                rf"|\b(?:in|during|over)\s+{_Y}\s+and\s+{_Y}\b"), "years", "frame"),
    # instants: "tính đến ngày 31/3/2023", "đến hết tháng 9/2025", "as of June 30, 2024"
    (re.compile(rf"\b(?:tinh\s+)?den\s+(?:het\s+|cuoi\s+)?(?:ngay\s+)?(?:{_DAY}|{_MONTH})"
                rf"|\b(?:tinh\s+)?den\s+het\s+(?:thang\s+\d{{1,2}}(?!\s*[/.\-]?\s*\d)|{_QUARTER})"
                rf"|\b(?:as\s+(?:of|at)|by\s+the\s+end\s+of|at\s+the\s+end\s+of|by)\s+(?:{_DAY}|{_MONTH})"),
     "instant", "frame"),
    # a day or month without its year: "as of September 30", "by the end of June" (the year of
    # the latest expression before, else the report's)
    (re.compile(rf"\b(?:as\s+(?:of|at)|by\s+the\s+end\s+of|at\s+the\s+end\s+of|by|until|up\s+to)\s+"
                rf"(?:(?:{_MON_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON_EN})\b"
                rf"|(?:end[- ])?(?:{_MON_EN})\b)"
                rf"(?!\.?,?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?{_Y})"),
     "instant_noyear", "frame"),
    # "đến nay", "lũy kế đến nay", "so far", "to date"
    (re.compile(rf"\b(?:luy\s+ke\s+|tinh\s+)?den\s+(?:{_NOW})\b|\bluy\s+ke\s+den\s+nay"
                r"|\b(?:so\s+far|to\s+date|up\s+to\s+now|until\s+now)\b"), "now", "frame"),
    # "hiện nay", "hiện tại", "currently": the report's own period again (not the year
    # an earlier expression of the line named: "… năm 2023; hiện tại toàn tỉnh có 94 HTTT")
    # "in the quarter", "this month": the report's own period again
    (re.compile(r"\bhien\s+(?:nay|tai)\b|\bthoi\s+diem\s+(?:hien\s+tai|bao\s+cao)\b"
                r"|\b(?:currently|at\s+present|presently|at\s+the\s+moment)\b"
                r"|\b(?:(?:in|during|over|for)\s+the|this)\s+(?:quarter|month|reporting\s+period)\b"),
     "current", "frame"),
    # year-end instants: "at the end of 2023", "cuối năm 2023" (without "đến": a stock)
    (re.compile(rf"\b(?:at\s+the\s+end\s+of|(?<!den\s)(?<!thang\s)cuoi\s+nam)\s+{_Y}"),
     "year_end", "frame"),
    # horizons: "đến năm 2025", "đến cuối năm 2024", "by 2030", "by the end of 2025"
    (re.compile(rf"\b(?:den|toi)\s+(?:het\s+|cuoi\s+)?nam\s+{_Y}"
                rf"|\b(?:target|chi\s+tieu|ke\s+hoach|muc\s+tieu)\s+(?:nam\s+|for\s+)?{_Y}"
                rf"|\bby\s+(?:the\s+end\s+of\s+)?{_Y}"), "year_any", "horizon"),
    # comparisons: "so với năm 2022", "so với cùng kỳ năm trước", "compared with 2022"
    (re.compile(rf"\b(?:so\s+voi|compared\s+(?:with|to)|than|(?:cao|thap|nhieu|it)\s+hon)\s+(?:cung\s+ky\s+)?"
                rf"(?:(?:ket\s+qua|diem\s+so|so\s+diem)\s+(?:danh\s+gia\s+)?(?:cua\s+)?"
                rf"|(?:the\s+)?results?\s+(?:of|for)\s+)?"
                rf"(?:(?:in|for|during|at\s+the\s+end\s+of)\s+)?"
                rf"(?:{_ATOM}|{_PREV_YEAR}|{_PREV_PERIOD}|{_Y}|a\s+year\s+(?:earlier|before|ago)|"
                rf"the\s+same\s+period\s+(?:of\s+)?(?:last\s+year|{_Y})|(?:thang\s+)?\d{{1,2}}\b(?![.,]\d)|"
                rf"(?:{_MON_EN})|cung\s+ky\b)"), "compare", "compare"),
    # "up 5.3 percentage points from the same period last year", "over a year earlier": a
    # point of comparison, as "so với cùng kỳ"
    (re.compile(rf"\b(?:from|over|on|against|versus|vs\.?)\s+(?:the\s+same\s+period\s+(?:of\s+)?"
                rf"(?:last\s+year|{_Y})|a\s+year\s+(?:earlier|before|ago)|last\s+year|the\s+previous\s+year"
                rf"|the\s+year\s+before|(?:the\s+)?(?:previous|last)\s+(?:edition|month|quarter))\b"),
     "compare", "compare"),
    # "cùng kỳ năm trước/2023", "the same period last year", "a year earlier"
    (re.compile(rf"\bcung\s+ky\b(?:\s+nam\s+(?:truoc|{_Y}))?|\b(?:in\s+)?the\s+same\s+period\s+"
                rf"(?:of\s+)?(?:last\s+year|{_Y})|\ba\s+year\s+(?:earlier|before|ago)|\b(?:{_PREV_YEAR})\b"),
     "last_year", "frame"),
    (re.compile(rf"\b(?:{_PREV_PERIOD})\b"), "previous", "frame"),
    # simple atoms: "quý I/2023", "tháng 8/2025", "5 tháng đầu năm 2024", "năm 2022", "ngày …"
    (re.compile(rf"\b(?:{_DAY}|{_MONTH}|{_QUARTER}|{_FIRST_N})"), "atom", "frame"),
    (re.compile(rf"\b(?:ca\s+|trong\s+)?nam\s+{_Y}|\bca\s+nam\b|\btrong\s+nam\b(?!\s+\d)"
                rf"|\b(?:in|during|for)\s+(?:the\s+(?:year\s+)?)?{_Y}\b"
                rf"|\b(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:whole|entire|full)\s+(?:of\s+)?"
                rf"(?:the\s+year\s+)?(?:of\s+)?{_Y}\b|\bthroughout\s+{_Y}\b|\bfull[- ]year\s+{_Y}\b"
                rf"|\b(?:dti|papi|pci|sipas|par\s+index|index)\)?\s+(?:nam\s+)?{_Y}\b"
                rf"|\bthe\s+{_Y}\s+(?:dti|papi|pci|sipas|par|index|edition)"
                rf"|\(\s*{_Y}\s*\)|\bthang\s+\d{{1,2}}\b(?!\s*[/\-]\s*\d)"
                rf"|\bin\s+(?:{_MON_EN})\b"), "atom", "frame"),
]  # fmt: skip

# A document reference: its number, date and title are not time expressions of the text.
_DOC_NUMBER = re.compile(r"\b\d{1,5}(?:[/-]\d{4})?[/-][a-z]{1,6}[a-z0-9&.\-/]*")
# A programme's name ("Đề án … giai đoạn 2020 – 2025", "Kế hoạch … năm 2023"): its span names
# the programme, not the period of a figure.
PROGRAMME = re.compile(
    r"\b(?:ke\s+hoach|de\s+an|chuong\s+trinh|chien\s+luoc|nghi\s+quyet|quy\s+hoach|du\s+an"
    r"|plan|programme|program|strategy|project)\b"
)
_DOC_TITLE_END = re.compile(r";|\.\s|\s[-–]\s|:|\(|\)")


def _month_of(y: str, mo: int) -> Span | None:
    return _months(int(y), mo, mo) if 1 <= mo <= 12 else None


def _quarter(q: int, y: int) -> Span:
    return _months(y, 3 * q - 2, 3 * q)


def _q_number(m: re.Match[str]) -> int:
    return _ROMAN.get(m[1] or "") or int(m[1] or m[2] or 0) or _ORDINALS[m[3]]


# One date atom (folded text) -> its span; ``y`` is the year a year-less atom takes.
_AtomRule = tuple[re.Pattern[str], Callable[[re.Match[str], int], "Span | None"]]
_ATOM_RULES: list[_AtomRule] = [
    (re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"),
     lambda m, y: _day(int(m[3]), int(m[2]), int(m[1]))),
    (re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})"),
     lambda m, y: _day(int(m[3]), int(m[2]), int(m[1]))),
    (re.compile(rf"({_MON_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"),
     lambda m, y: _day(int(m[3]), _MONTHS_EN[m[1]], int(m[2]))),
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON_EN})\.?,?\s+(\d{{4}})"),
     lambda m, y: _day(int(m[3]), _MONTHS_EN[m[2]], int(m[1]))),
    (re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON_EN})$"),
     lambda m, y: _day(y, _MONTHS_EN[m[2]], int(m[1]))),
    (re.compile(rf"^({_MON_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?$"),
     lambda m, y: _day(y, _MONTHS_EN[m[1]], int(m[2]))),
    (re.compile(rf"thang\s+(\d{{1,2}})(?:\s+nam\s+|{_SEP})(\d{{4}})"),
     lambda m, y: _month_of(m[2], int(m[1]))),
    (re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$"), lambda m, y: _month_of(m[2], int(m[1]))),
    (re.compile(rf"\b({_MON_EN})\.?,?\s+(\d{{4}})"),
     lambda m, y: _month_of(m[2], _MONTHS_EN[m[1]])),
    (re.compile(r"(?:quy\s+(iv|iii|ii|i|[1-4])|q([1-4])|(first|second|third|fourth)\s+quarter)"
                r"(?:\D*(\d{4}))?"),
     lambda m, y: _quarter(_q_number(m), int(m[4]) if m[4] else y)),
    (re.compile(rf"({_NUM})\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{{4}}))?"),
     lambda m, y: _first_n(m[1], m[2] == "dau", m[3], y)),
    (re.compile(rf"(first|last)\s+({_NUM})\s+months(?:\s+of\s+(\d{{4}}))?"),
     lambda m, y: _first_n(m[2], m[1] == "first", m[3], y)),
    (re.compile(r"(first|second)\s+half(?:\s+of\s+(\d{4}))?"),
     lambda m, y: _first_n("6", m[1] == "first", m[2], y)),
    (re.compile(r"nua\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?"),
     lambda m, y: _first_n("6", m[1] == "dau", m[2], y)),
    (re.compile(r"\bh([12])(?:\D*(\d{4}))?"), lambda m, y: _first_n("6", m[1] == "1", m[2], y)),
    (re.compile(rf"({_NUM})\s+quy\s+dau\s+nam(?:\s+(\d{{4}}))?"),
     lambda m, y: _first_n(str(3 * _count(m[1])), True, m[2], y)),
    (re.compile(r"(\d{1,2})\s+thang\s+nam\s+(\d{4})"), lambda m, y: _first_n(m[1], True, m[2], y)),
    (re.compile(r"thang\s+(\d{1,2})$"), lambda m, y: _month_of(str(y), int(m[1]))),
    (re.compile(rf"\bin\s+({_MON_EN})$"), lambda m, y: _month_of(str(y), _MONTHS_EN[m[1]])),
    (re.compile(rf"^({_MON_EN})$"), lambda m, y: _month_of(str(y), _MONTHS_EN[m[1]])),
    (re.compile(r"(\d{4})"), lambda m, y: _year(int(m[1]))),
    (re.compile(r"\b(?:ca|trong)\s+nam$"), lambda m, y: _year(y)),
    (re.compile(r"dau\s+nam"), lambda m, y: Span(date(y, 1, 1), date(y, 1, 1))),
]  # fmt: skip


def _atom_span(s: str, year: int) -> Span | None:
    """The span of one date atom ``s`` (folded text); a year-less atom takes ``year``."""
    s = s.strip()
    for pattern, build in _ATOM_RULES:
        if m := pattern.search(s):
            return build(m, year)
    return None


def _day(y: int, m: int, d: int) -> Span | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return Span(day, day)


def _count(n: str) -> int:
    return int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 0)


def _first_n(n: str, first: bool, y: str | None, year: int) -> Span | None:
    k = _count(n)
    if not 1 <= k <= 12:
        return None
    yy = int(y) if y else year
    return _months(yy, 1, k) if first else _months(yy, 13 - k, 12)


_ATOM_RE = re.compile(
    rf"{_DAY}|{_MONTH}|{_QUARTER}|{_FIRST_N}|\d{{1,2}}{_SEP}{_Y}|thang\s+\d{{1,2}}|{_DAY_NOYEAR_EN}"
    rf"|dau\s+nam(?:\s+{_Y})?|{_Y}|\b(?:{_MON_EN})\b"
)
_RELATIVE_YEAR = re.compile(
    r"nam\s+(?:truoc|ngoai)|year\s+(?:earlier|before|ago)|(?:last|previous)\s+(?:year|edition)"
    r"|cung\s+ky"
)
_RELATIVE_PREV = re.compile(_PREV_PERIOD)
# the same period of another year ("cùng kỳ", "the same period", "a year earlier")
_SAME_PERIOD = re.compile(r"cung\s+ky|same\s+period|year\s+(?:earlier|before|ago)")
Resolved = tuple[Span | None, bool]


def _r_range(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    if len(atoms) < 2:
        return None, False
    b = _atom_span(atoms[-1], year)
    # "đầu năm", "January" (no year of its own): the year of the range's end
    own_year = re.search(r"\d{4}", atoms[0]) and "dau" not in atoms[0]
    a = _atom_span(atoms[0], b.last.year if b and not own_year else year)
    if a and b and not re.search(r"\d{4}", atoms[-1]):
        b = _atom_span(atoms[-1], a.first.year)
    if a and b and a.first <= b.last:
        return Span(a.first, b.last), all(re.fullmatch(r"\d{4}", x) for x in atoms)
    return None, False


def _r_day_range(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    m = re.search(
        rf"(\d{{1,2}})\s*[-–—]\s*(?:ngay\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})", s
    )
    if m:
        a, b = _day(int(m[4]), int(m[3]), int(m[1])), _day(int(m[4]), int(m[3]), int(m[2]))
        if a and b and a.first <= b.last:
            return Span(a.first, b.last), False
    return None, False


def _r_day_month_range(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    m = re.search(rf"(\d{{1,2}}){_SEP}(\d{{1,2}})\D+(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})", s)
    if m:
        y = int(m[5])
        a, b = _day(y, int(m[2]), int(m[1])), _day(y, int(m[4]), int(m[3]))
        if a and b and a.first <= b.last:
            return Span(a.first, b.last), False
    return None, False


def _r_since(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    a = _atom_span(atoms[0], year) if atoms else None
    return (Span(a.first, ref.last), False) if a and a.first <= ref.last else (None, False)


def _r_years(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    ys = [int(y) for y in re.findall(r"\d{4}", s)]
    ok = len(ys) == 2 and ys[0] <= ys[1]
    return (Span(date(ys[0], 1, 1), date(ys[1], 12, 31)), True) if ok else (None, False)


def _r_instant(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    a = _atom_span(atoms[-1], year) if atoms else None
    if a is None:
        return None, False
    if _TO_END.match(s) and not ref.instant and ref.first < a.last <= ref.last:
        # "đến hết tháng 6/2025, tỷ lệ … đạt 41,2%" in a report of the half-year: all of it up
        # to then (a stock's day is the same end)
        return Span(ref.first, a.last), False
    return Span(a.last, a.last), False


_TO_END = re.compile(r"(?:tinh\s+)?den\s+het\s+(?:thang|quy)\b")


def _r_instant_noyear(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    m = re.search(
        rf"({_MON_EN})\.?(?:\s+(\d{{1,2}}))?|(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON_EN})", s
    )
    if m is None:
        return None, False
    month = _MONTHS_EN[m[1] or m[4]]
    day = m[2] or m[3]
    last = int(day) if day else calendar.monthrange(year, month)[1]
    got = _day(year, month, last)
    return (got, False) if got else (None, False)


def _r_year_end(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    y = int(re.findall(r"\d{4}", s)[-1])
    return Span(date(y, 12, 31), date(y, 12, 31)), False


def _r_last_year(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    ys = re.findall(r"\d{4}", s)
    return (_year(int(ys[0])) if ys else None), False  # relative: resolved by the caller


def _r_compare(s: str, atoms: list[str], ref: Span, year: int) -> Resolved:
    rest = re.sub(
        r"^(?:so\s+voi|compared\s+(?:with|to)|than|(?:cao|thap|nhieu|it)\s+hon)\s+(?:cung\s+ky\s+)?"
        r"(?:(?:in|for|during|at\s+the\s+end\s+of)\s+)?",
        "",
        s,
    ).strip()
    if _RELATIVE_YEAR.search(rest) or _RELATIVE_PREV.search(rest):
        return None, False  # relative: resolved by the caller
    if re.fullmatch(r"\d{1,2}", rest):
        rest = "thang " + rest
    if rest in _MONTHS_EN:
        rest = "in " + rest
    return _atom_span(rest, year), False


_RESOLVERS: dict[str, Callable[[str, list[str], Span, int], Resolved]] = {
    "range": _r_range,
    "day_range": _r_day_range,
    "day_month_range": _r_day_month_range,
    "since": _r_since,
    "since_open": _r_since,
    "years": _r_years,
    "instant": _r_instant,
    "instant_noyear": _r_instant_noyear,
    "now": lambda s, atoms, ref, year: (Span(ref.last, ref.last), False),
    "current": lambda s, atoms, ref, year: (ref, False),
    "year_end": _r_year_end,
    "year_any": lambda s, atoms, ref, year: (_year(int(re.findall(r"\d{4}", s)[-1])), False),
    "last_year": _r_last_year,
    "previous": lambda s, atoms, ref, year: (None, False),  # relative: resolved by the caller
    "compare": _r_compare,
    "atom": lambda s, atoms, ref, year: (_atom_span(s, year), False),
}


def _resolve(kind: str, s: str, ref: Span, year: int) -> Resolved:
    """The span a matched expression ``s`` of ``kind`` stands for, and whether multi-year."""
    return _RESOLVERS[kind](s, [a.group(0) for a in _ATOM_RE.finditer(s)], ref, year)


def _doc_regions(folded: str, pattern: re.Pattern[str] = _DOC_NUMBER) -> list[tuple[int, int]]:
    """Spans of document references (the number, its date and the title after it), or of
    programme names with ``pattern=PROGRAMME``."""
    out = []
    for m in pattern.finditer(folded):
        stop = _DOC_TITLE_END.search(folded, m.end(), m.end() + 160)
        out.append((m.start(), stop.start() if stop else min(len(folded), m.end() + 160)))
    return out


def in_programme_name(text: str, expr: TimeExpression) -> bool:
    """Whether ``expr`` is part of a programme's name in ``text`` ("Kế hoạch CĐS năm 2023")."""
    return any(lo <= expr.start < hi for lo, hi in _doc_regions(fold_keep(text), PROGRAMME))


class _Regions:
    """Offset ranges (possibly overlapping), merged once: membership by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
            if self.ends and lo <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], hi)
            else:
                self.starts.append(lo)
                self.ends.append(hi)

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


class _Taken:
    """Disjoint spans already matched, in order: whether a new one overlaps any, by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, b) - 1  # the last span starting before ``b``
        return k >= 0 and self.ends[k] > a

    def add(self, a: int, b: int) -> None:
        k = bisect_left(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


# "từ 01/7/2025 (thời điểm vận hành mô hình chính quyền 2 cấp) đến 30/9/2025": an aside
# between a range's start and its end says what the start was, it does not cut the range
_RANGE_ASIDE = re.compile(
    rf"\b(?:tu|from)\s+(?:ngay\s+)?(?:{_RANGE_START})\s*(\([^()]{{1,100}}\))\s*(?:den|toi|to|until)\b"
)


def _without_range_asides(folded: str) -> str:
    """``folded`` with such asides blanked (same length: offsets stay)."""
    if "(" not in folded:
        return folded
    return _RANGE_ASIDE.sub(lambda m: m.group(0).replace(m.group(1), " " * len(m.group(1))), folded)


def find_time_expressions(text: str, ref: Span) -> list[TimeExpression]:
    """The time expressions of ``text`` (one line), in order, resolved against ``ref``.

    Year-less wording ("quý I", "6 tháng đầu năm", "trong năm") takes the year of the latest
    expression before it in the line, else the year ``ref`` ends in; "đến nay" is ``ref``'s
    last day; "năm trước" / "a year earlier" is the year before the latest expression's.
    """
    folded = _without_range_asides(fold_keep(text))
    docs = _Regions(_doc_regions(folded))
    programmes = _Regions(_doc_regions(folded, PROGRAMME))
    found: list[tuple[int, int, str, str]] = []
    taken = _Taken()
    for pattern, kind, role in _RULES:
        if not prefilter(pattern).may_match(folded):
            continue  # a literal every match needs is absent: the rule would find nothing
        for m in pattern.finditer(folded):
            a, b = m.span()
            if a in docs or (kind in ("years", "year_any") and a in programmes):
                continue
            if taken.overlaps(a, b):
                continue
            taken.add(a, b)
            found.append((a, b, kind, role))
    found.sort()
    out: list[TimeExpression] = []
    year, current = ref.last.year, ref
    for a, b, kind, role in found:
        s = folded[a:b]
        span, multi = _resolve(kind, s, ref, year)
        if span is None and kind in ("previous", "compare") and _RELATIVE_PREV.search(s):
            span = _previous(s, current)
        elif span is None and kind in ("last_year", "compare") and _RELATIVE_YEAR.search(s):
            last = current.last.year - 1
            whole = current.instant or not _SAME_PERIOD.search(s)  # "last year": all of it
            span = _year(last) if whole else current.shift_years(-1)
        elif (
            span is not None
            and kind in ("last_year", "compare")
            and not current.instant
            and _SAME_PERIOD.search(s)
            and (ys := re.findall(r"\d{4}", s))
        ):
            # "cùng kỳ năm 2024", "the same period of 2024": the current span in that year
            span = current.shift_years(int(ys[-1]) - current.last.year)
        if span is None:
            continue
        if role == "frame" and kind in ("atom", "instant", "instant_noyear"):
            expr = TimeExpression(a, b, span, role, multi, kind)
            if _published(folded, expr):
                out.append(replace(expr, role="published"))
                continue
        out.append(TimeExpression(a, b, span, role, multi, kind))
        if role == "frame" and not multi:
            year, current = span.last.year, span
    return out


# a day or month right after the word for publishing ("công bố ngày 8/4/2025", "announced in
# October 2025") or a day heading a clause whose subject then publishes ("Ngày 16/5/2025, Bộ Nội
# vụ công bố …", "On 10 April 2025, the ministry released …")
_PUBLISHED_BEFORE = re.compile(
    r"(?:\bcong\s+bo|\bcong\s+bo\s+ket\s+qua|\bpublished|\breleased|\bannounced|\bunveiled"
    r"|\bmade\s+public)(?:\s+(?:vao|trong|tai|on|in))?(?:\s+(?:ngay|sang|chieu|toi))?\s*$"
)
_PUBLISHES_AFTER = re.compile(
    r"[^;:.\d]{0,80}?\b(?:cong\s+bo|published|released|announced|unveiled)\b"
)
# the thing published between the word and the day or month: "announced the DTI 2024 in
# June 2025", "công bố Chỉ số PAR INDEX 2024 vào ngày 16/5/2025" (words and an edition year,
# no other figure)
_PUBLISHED_OBJECT = re.compile(
    r"\b(?:cong\s+bo|published|released|announced|unveiled)\s+(?:(?:[a-z&.'-]+|(?:19|20)\d\d)\s+)"
    r"{1,6}(?:in|on|vao|trong|tai)\s+(?:(?:ngay|sang|chieu|toi)\s+)?$"
)
# an index's edition named with its year ("DTI 2024", "the 2024 PCI", "Chỉ số PAR INDEX năm 2024")
_EDITION_YEAR = re.compile(
    r"\b(?:dti|papi|pci|sipas|par\s+index|index)\)?\s+(?:nam\s+)?((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)\s+(?:dti|papi|pci|sipas|par\s+index|edition)\b"
)
_CLAUSE_HEAD = re.compile(
    r"(?:^|[.;:]\s)\W*(?:(?:vao\s+)?(?:sang|chieu|toi)\s+|on\s+|vao\s+)?(?:ngay\s+)?$"
)


def _published(folded: str, e: TimeExpression) -> bool:
    """Whether ``e`` dates the publication of results rather than the period they are of."""
    if e.span.first.month == 1 and e.span.last.month == 12 and e.span.first.day == 1:
        # a whole year is an edition ("công bố trong năm 2024" is its period), unless the
        # line names the edition of another year ("The DTI 2024 results, released in 2025")
        return bool(
            _PUBLISHED_BEFORE.search(folded, max(0, e.start - 40), e.start)
            and any(int(m[1] or m[2]) != e.span.first.year for m in _EDITION_YEAR.finditer(folded))
        )
    if _PUBLISHED_BEFORE.search(folded, max(0, e.start - 40), e.start):
        return True
    if _PUBLISHED_OBJECT.search(folded, max(0, e.start - 60), e.start):
        return True  # "announced the DTI 2024 in June 2025"
    return (
        e.span.instant
        and bool(_CLAUSE_HEAD.search(folded, max(0, e.start - 24), e.start))
        and bool(_PUBLISHES_AFTER.match(folded, e.end))
    )


def _previous(s: str, current: Span) -> Span:
    """The month ("tháng trước", "last month") or quarter before the one ``current`` ends in."""
    y, m = current.last.year, current.last.month
    if re.search(r"thang|month", s):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        return _months(y, m, m)
    q = (m - 1) // 3 + 1
    y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return _quarter(q, y)


def relabel(expr: TimeExpression, role: str) -> TimeExpression:
    """``expr`` with another role."""
    return replace(expr, role=role)
