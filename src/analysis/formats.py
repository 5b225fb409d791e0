"""Numbers, percents, dates and periods as each edition of the book writes them.

The one place where the book's languages differ in form (ground floor: imports nothing of the
project). English writes ``72.9%``, ``1,234`` and ``31 May 2023``; Vietnamese writes
``72,9%``, ``1.234`` and ``31/5/2023`` (the decimal comma and the dot between thousands of
Vietnamese administrative writing, days before months). Every formatter takes ``lang``; left
out, it is the book's current language, set once per chapter (:func:`use`, called by
``analysis.book.style.enable(lang=...)``), English unless a chapter says otherwise. The
published tables never depend on it: the build runs in English.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

#: The editions of the book, the first the default.
LANGUAGES = ("en", "vi")

_current = ["en"]

#: (decimal mark, thousands separator) per language.
_MARKS = {"en": (".", ","), "vi": (",", ".")}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Roman numerals of the quarters, as Vietnamese documents write them (quý I/2023).
_ROMAN = ("I", "II", "III", "IV")
#: Units of the tables as each language names them after a number.
UNIT_WORDS = {
    "en": {"billion_vnd": "billion VND", "million_vnd": "million VND", "vnd": "VND"},
    "vi": {"billion_vnd": "tỷ đồng", "million_vnd": "triệu đồng", "vnd": "đồng"},
}


def check_language(lang: str) -> str:
    """``lang`` when the book has an edition in it; else a clear error listing the editions."""
    if lang not in LANGUAGES:
        raise ValueError(
            f"no edition in language {lang!r}; the editions are {', '.join(LANGUAGES)}"
        )
    return lang


def use(lang: str) -> None:
    """Make ``lang`` the language every formatter uses when not told otherwise."""
    _current[0] = check_language(lang)


def language(lang: str | None = None) -> str:
    """``lang`` if given (checked), else the current language."""
    return check_language(lang) if lang else _current[0]


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Format in ``lang`` inside the ``with`` block, then restore the language before it."""
    before = _current[0]
    use(lang)
    try:
        yield
    finally:
        _current[0] = before


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float, decimals: int | None = None, lang: str | None = None) -> str:
    """``1234.5`` → ``1,234.5`` (en) or ``1.234,5`` (vi). ``decimals`` fixes the decimals;
    left out, a whole number has none and any other keeps up to two (trailing zeros
    dropped)."""
    dec, sep = _MARKS[language(lang)]
    v = float(value)
    if decimals is None:
        text = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", dec).replace("\0", sep)


def percent(value: float, decimals: int | None = None, lang: str | None = None) -> str:
    """``72.9`` → ``72.9%`` (en) or ``72,9%`` (vi); decimals as in :func:`number`."""
    return number(value, decimals, lang) + "%"


def as_date(value: object) -> date:
    """A ``date`` from a date, datetime, pandas Timestamp or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day(value: object, lang: str | None = None) -> str:
    """A calendar day: ``31 May 2023`` (en) or ``31/5/2023`` (vi)."""
    d = as_date(value)
    if language(lang) == "vi":
        return f"{d.day}/{d.month}/{d.year}"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def as_of(value: object, lang: str | None = None) -> str:
    """The date a level is stated at: ``as of 30 Sep 2023`` (en) or ``đến 30/9/2023`` (vi)."""
    if language(lang) == "vi":
        return f"đến {day(value, lang)}"
    d = as_date(value)
    return f"as of {d.day} {_MONTHS_EN[d.month - 1][:3]} {d.year}"


def month(year: int, m: int, lang: str | None = None, *, short: bool = True) -> str:
    """A month: ``May 2023`` / ``Jan 2023`` (en) or ``tháng 5/2023`` (vi)."""
    if language(lang) == "vi":
        return f"tháng {m}/{year}"
    name = _MONTHS_EN[m - 1]
    return f"{name[:3] if short else name} {year}"


def months(year: int, first: int, last: int, lang: str | None = None) -> str:
    """Months of one year: ``Jan–May 2024`` (en) or ``tháng 1–5/2024`` (vi)."""
    if language(lang) == "vi":
        return f"tháng {first}–{last}/{year}"
    return f"{_MONTHS_EN[first - 1][:3]}–{_MONTHS_EN[last - 1][:3]} {year}"


def quarter(year: int, q: int, lang: str | None = None) -> str:
    """A quarter: ``Q1 2023`` (en) or ``quý I/2023`` (vi)."""
    return f"quý {_ROMAN[q - 1]}/{year}" if language(lang) == "vi" else f"Q{q} {year}"


def half(year: int, h: int, lang: str | None = None) -> str:
    """A half year: ``H1 2023`` (en) or ``6 tháng đầu năm 2023`` (vi)."""
    if language(lang) == "vi":
        return f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}"
    return f"H{h} {year}"


def year(y: int, lang: str | None = None) -> str:
    """A year: ``2023`` (en) or ``năm 2023`` (vi)."""
    return f"năm {y}" if language(lang) == "vi" else str(y)


def period(label: str, lang: str | None = None) -> str:
    """A period label of the tables as a reader says it: ``2023-Q1`` → ``Q1 2023`` /
    ``quý I/2023``, ``2025-01`` → ``Jan 2025`` / ``tháng 1/2025``, ``2024-H1``, ``2022``,
    and ``A/B`` spans (months of one year read ``Jan–May 2024`` / ``tháng 1–5/2024``);
    anything else as given."""
    label = str(label)
    if "/" in label:
        a, b = label.split("/", 1)
        ya, _, ma = a.partition("-")
        yb, _, mb = b.partition("-")
        if ya == yb and ma.isdigit() and mb.isdigit() and 1 <= int(ma) < int(mb) <= 12:
            return months(int(ya), int(ma), int(mb), lang)  # Jan–May 2024, not Jan 2024–May 2024
        return f"{period(a, lang)}–{period(b, lang)}"
    parts = label.split("-")
    if len(parts) == 2 and parts[0].isdigit() and parts[1][:1] in "QH" and parts[1][1:].isdigit():
        y, k = int(parts[0]), int(parts[1][1:])
        return quarter(y, k, lang) if parts[1][0] == "Q" else half(y, k, lang)
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return month(int(parts[0]), int(parts[1]), lang)
    if label.isdigit():
        return year(int(label), lang)
    return label


def value(
    v: float | None, unit: str = "count", *, digits: int | None = None, lang: str | None = None
) -> str:
    """A value with its unit as prose reads it: ``71.3%``, ``2,164,505``, ``44.78 bn VND``
    (en); ``71,3%``, ``2.164.505``, ``44,78 tỷ đồng`` (vi). Percents keep one decimal
    (``71%`` when it is zero), money two (billions) or none (millions)."""
    lang = language(lang)
    if _missing(v):
        return "n/a" if lang == "en" else "không có"
    x = float(v)  # type: ignore[arg-type]
    if unit == "percent":
        d = 1 if digits is None else digits
        text = percent(x, d, lang)
        return text.replace(_MARKS[lang][0] + "0%", "%") if d == 1 else text
    if unit in ("billion_vnd", "million_vnd", "vnd"):
        d = digits if digits is not None else (2 if unit == "billion_vnd" else 0)
        word = UNIT_WORDS[lang][unit]
        if lang == "en" and unit != "vnd":
            word = {"billion_vnd": "bn VND", "million_vnd": "m VND"}[unit]
        return f"{number(x, d, lang)} {word}"
    if x.is_integer():
        return number(x, 0, lang)
    return number(x, 2 if digits is None else digits, lang)


def stated(v: float, unit: str, lang: str | None = None) -> str:
    """A value with the decimals the report gave: ``77.15%`` (not 77.2%), ``44.778 billion
    VND`` (en); ``77,15%``, ``44,778 tỷ đồng`` (vi). Sums in million VND read in billions
    (``53.345 triệu đồng`` → ``53.345 billion VND``), so the provinces' money shares a unit."""
    lang = language(lang)
    if unit == "percent":
        return percent(v, None, lang)
    if unit == "billion_vnd":
        text = number(v, 3, lang).rstrip("0").rstrip(_MARKS[lang][0])
        return f"{text} {UNIT_WORDS[lang][unit]}"
    if unit == "million_vnd":  # money reads in billions, as the book's other sums do
        return stated(v / 1000, "billion_vnd", lang)
    return value(v, unit, lang=lang)


#: Vega's number locale per language (``config.locale``): axis ticks and tooltips read alike.
VEGA_LOCALES = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]},
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
}
