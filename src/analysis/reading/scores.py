"""Index scores and ranks in Vietnamese prose, and the one entry point for reading figures.

The Vietnamese number reader (:mod:`analysis.reading.numbers`) sees ``84,12 điểm`` as a count
and ``xếp thứ 17/63`` as a fraction. Here they become what they are: a score in ``points``
(``7,6/12 điểm`` = 7.6 with its maximum 12 as the denominator) and a ``rank`` (``xếp thứ
27/63`` = 27 of 63 ranked; ``tăng 5 bậc`` = +5, ``giảm 3 bậc`` = -3).

:func:`read_figures` reads one normalised line by the rules of its language (English lines
through :mod:`analysis.reading.english`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .english import find_figures_en
from .numbers import Figure, find_figures

__all__ = ["read_figures", "refine_vi"]

_I = re.IGNORECASE
_POINTS_AFTER = re.compile(r"\s*điểm(?!\s*(?:cầu|số|mạnh|yếu|nổi|đến|tin|du lịch|bán))", _I)
_POINTS_BEFORE = re.compile(r"(?:thang\s+điểm|tổng\s+điểm|điểm\s+số|số\s+điểm)\s*:?\s*$", _I)
_RANK_BEFORE = re.compile(
    r"(?:xếp\s+thứ|đứng\s+thứ|vị\s+trí(?:\s+thứ)?|thứ\s+hạng|vị\s+thứ"
    r"|xếp\s+hạng(?:\s+[^\s\d:]+){0,3}\s*:?|(?<!lần\s)thứ|hạng|top|tốp|nhóm)\s*$",
    _I,
)
_RANK_CHANGE_AFTER = re.compile(r"\s*(?:bậc|hạng)(?!\w)(?!\s+(?:thứ|\d))", _I)
_DOWN_BEFORE = re.compile(
    r"(?:giảm|tụt|xuống|lùi|mất|sụt|thấp\s+hơn)(?:\s+(?:thêm|đi|xuống))?\s*$", _I
)


def _points(text: str, f: Figure) -> Figure | None:
    m = _POINTS_AFTER.match(text, f.end)
    if m is None and not _POINTS_BEFORE.search(text, max(0, f.start - 20), f.start):
        return None
    end = m.end() if m else f.end
    return replace(f, end=end, unit="points", text=text[f.start : end])


def _rank(text: str, f: Figure) -> Figure | None:
    if _RANK_BEFORE.search(text, max(0, f.start - 30), f.start):
        return replace(f, unit="rank", numerator=None)
    m = _RANK_CHANGE_AFTER.match(text, f.end)
    if m is None:
        return None
    down = _DOWN_BEFORE.search(text, max(0, f.start - 20), f.start)
    value = -f.value if down else f.value
    return replace(f, end=m.end(), value=value, unit="rank", numerator=None, denominator=None,
                   text=text[f.start : m.end()])  # fmt: skip


# the maximum of the score before, in brackets: "17,2 điểm (tối đa 18 điểm)", "(điểm tối đa: 20)"
_MAXIMUM_ASIDE = re.compile(r"\s*\(\s*(?:điểm\s+)?tối\s+đa\s*(?:là\s*|:\s*)?", _I)
_MAXIMUM_CLOSE = re.compile(r"\s*(?:điểm)?\s*\)", _I)


def _with_maximum(text: str, out: list[Figure], f: Figure) -> bool:
    """``f`` is the bracketed maximum of the score before it (then kept as its denominator)."""
    if not out or out[-1].unit != "points" or out[-1].denominator is not None:
        return False
    m = _MAXIMUM_ASIDE.match(text, out[-1].end)
    digits = re.compile(r"\d").search(text, m.end()) if m else None
    if m is None or digits is None or digits.start() != m.end() or f.start > m.end():
        return False
    close = _MAXIMUM_CLOSE.match(text, f.end)
    if close is None or f.value < out[-1].value:
        return False
    out[-1] = replace(out[-1], denominator=f.value)
    return True


def refine_vi(text: str, figures: list[Figure]) -> list[Figure]:
    """Counts that are index scores (``điểm``) or ranks (``xếp thứ``, ``bậc``); a score's
    maximum in brackets ("17,2 điểm (tối đa 18 điểm)") is its denominator, not a figure."""
    out: list[Figure] = []
    for f in figures:
        if f.unit == "count":
            f = _points(text, f) or _rank(text, f) or f
        if _with_maximum(text, out, f):
            continue
        out.append(f)
    return out


def read_figures(text: str, language: str = "vi") -> list[Figure]:
    """Every figure of one normalised line, read by the rules of ``language``."""
    if language == "en":
        return find_figures_en(text)
    return refine_vi(text, find_figures(text))
