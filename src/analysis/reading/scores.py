"""Index scores and ranks in Vietnamese prose, and the one entry point for reading figures.

The Vietnamese number reader (:mod:`analysis.reading.numbers`) sees ``84,12 điểm`` as a count
and ``xếp thứ 17/63`` as a fraction. Here they become what they are: a score in ``points``
(``7,6/12 điểm`` = 7.6 with its maximum 12 as the denominator) and a ``rank`` (``xếp thứ
27/63`` = 27 of 63 ranked, so is ``xếp thứ 27 trên 63`` / ``đứng thứ 27 trong số 63``; ``tăng
5 bậc`` = +5, ``giảm 3 bậc`` = -3, and in words ``tăng hai bậc``, ``xếp thứ nhất``). A score's
maximum stated after it ("9,8 điểm trên tổng số 22 điểm", "trên thang điểm 18", "(tối đa 18
điểm)") is its denominator, not a figure; the number of a part of an index ("nội dung thứ 8",
"trụ cột thứ 2") is no figure either.

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


# "cao hơn 11,2 điểm phần trăm": a difference of points, not "more than"
_COMPARATIVE_BEFORE = re.compile(r"(?:cao|thấp)\s+$", _I)


# "tăng 6,4 điểm phần trăm": a difference of two shares, in percent (not an index score)
_PERCENTAGE_POINTS = re.compile(r"\s*điểm\s+phần\s+trăm(?!\w)", _I)
# "kết nối 215 điểm", "… hội nghị truyền hình tới 1.020 điểm": video-conference sites near
# the figure, whose "điểm" are places, not a score
_VIDEO_NEAR = re.compile(
    r"điểm\s+cầu|hội\s+nghị\s+truyền\s+hình|truyền\s+hình\s+trực\s+tuyến"
    r"|(?:hệ\s+thống|phần\s+mềm|nền\s+tảng)\s+(?:hội\s+nghị|họp)\s+trực\s+tuyến",
    _I,
)


def _points(text: str, f: Figure) -> Figure | None:
    pp = _PERCENTAGE_POINTS.match(text, f.end)
    m = pp or _POINTS_AFTER.match(text, f.end)
    if m is None and not _POINTS_BEFORE.search(text, max(0, f.start - 20), f.start):
        return None
    near = _VIDEO_NEAR.search(text, max(0, f.start - 100), m.end() + 60) if m else None
    if pp is None and near is not None:
        return None  # the places of a video-conference network (a count)
    end = m.end() if m else f.end
    q = f.qualifier
    if (
        q == "lower_bound"
        and f.text.lower().startswith("hơn")
        and _COMPARATIVE_BEFORE.search(text, max(0, f.start - 8), f.start)
    ):
        q = "exact"  # (the figure's text holds its qualifier word)
    unit = "points" if pp is None else "percent"
    return replace(f, end=end, unit=unit, qualifier=q, text=text[f.start : end])


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


# the maximum of the score before: "17,2 điểm (tối đa 18 điểm)", "(điểm tối đa: 20)", "9,8 điểm
# trên tổng số 22 điểm", "13,5 điểm trên thang điểm 22", "8,1 điểm/tối đa 12 điểm"
# ("17,25 điểm/22 điểm": the maximum after a slash)
_MAXIMUM_ASIDE = re.compile(
    r"\s*(?P<open>\(\s*)?(?:(?P<slash>/)\s*)?(?:"
    r"(?P<max>(?:điểm\s+)?tối\s+đa(?:\s+là|\s*:)?)"
    r"|(?P<on>trên)\s+(?:(?P<scale>thang\s+(?:điểm\s+)?|tổng\s+(?:số\s+)?(?:điểm\s+)?(?:tối\s+đa\s+)?))?"
    r")?\s*",
    _I,
)
_MAXIMUM_CLOSE = re.compile(r"\s*(?P<pts>điểm)?\s*(?P<close>\))?", _I)


def _with_maximum(text: str, out: list[Figure], f: Figure) -> bool:
    """``f`` is the maximum of the score before it (then kept as its denominator)."""
    if not out or out[-1].unit != "points" or out[-1].denominator is not None:
        return False
    prev = out[-1]
    m = _MAXIMUM_ASIDE.match(text, prev.end)
    if m is None or m.end() != _digits_start(f) or f.value < prev.value or f.value > 100:
        return False
    if not (m["slash"] or m["max"] or m["on"]):
        return False
    close = _MAXIMUM_CLOSE.match(text, f.end)
    if close is None:  # (it always matches: every part is optional)
        return False
    if m["open"]:
        if not close["close"]:
            return False
        out[-1] = replace(prev, denominator=f.value)  # the aside stays out of the quote
        return True
    # "trên 22 điểm" needs its "điểm"; "tối đa", "thang điểm" say it themselves
    if not (
        m["max"] or m["scale"] or m["slash"] or close["pts"] or f.text.rstrip().endswith("điểm")
    ):
        return False
    end = max(f.end, close.end("pts") if close["pts"] else f.end)
    out[-1] = replace(prev, end=end, denominator=f.value, text=text[prev.start : end])
    return True


def _digits_start(f: Figure) -> int:
    """Where the number of ``f`` starts (after a qualifier word such as "trên", "tối đa")."""
    m = _DIGIT.search(f.text)
    return f.start + (m.start() if m else 0)


_DIGIT = re.compile(r"\d")


# "xếp thứ 15 trên 63 tỉnh", "đứng thứ 28 trong số 63", "thứ 11 trong tổng số 34": the number
# ranked, after a rank
_RANKED_OF = re.compile(r"\s*(?:trên|trong)\s+(?:tổng\s+)?(?:số\s+)?$", _I)


def _with_ranked(text: str, out: list[Figure], f: Figure) -> bool:
    """``f`` is the number ranked of the rank before it (then kept as its denominator)."""
    if not out or out[-1].unit != "rank" or out[-1].denominator is not None:
        return False
    prev = out[-1]
    if f.unit != "count" or f.numerator is not None or not float(f.value).is_integer():
        return False
    if not prev.value < f.value <= 200 or f.qualifier not in ("exact", "lower_bound"):
        return False
    if not _RANKED_OF.fullmatch(text, prev.end, _digits_start(f)):
        return False  # ("trên 63" is read as "more than 63": its "trên" is the link)
    out[-1] = replace(prev, denominator=f.value)
    return True


# "nội dung thứ 8 (quản trị điện tử)", "trụ cột thứ 2": the number of a part, not a rank
_PART_NUMBER = re.compile(
    r"(?:nội\s+dung|trụ\s+cột|tiêu\s+chí|lĩnh\s+vực|nhóm\s+chỉ\s+số|chỉ\s+số\s+thành\s+phần"
    r"|nhóm|chỉ\s+tiêu)(?:\s+thành\s+phần)?\s+(?:thứ|số)\s*$",
    _I,
)

# ranks and moves in words: "xếp thứ nhất", "đứng thứ hai", "tăng hai bậc", "giảm ba hạng"
_WORD_NUMBERS = {
    "một": 1, "nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_WORD_ALT = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_WORD_RANK = re.compile(
    rf"(?<!\w)(?:xếp|đứng|vị\s+trí|vươn\s+lên|lên|xuống)\s+(?:thứ|hạng)\s+(?P<rank>{_WORD_ALT})(?!\w)"
    rf"|(?<!\w)(?:tăng|giảm|tụt|thăng|lùi|mất|vươn\s+lên|cải\s+thiện)(?:\s+(?:thêm|được))?\s+"
    rf"(?P<move>{_WORD_ALT})\s+(?:bậc|hạng)(?!\w)(?!\s+(?:thứ|\d))",
    _I,
)


def _word_figures(text: str) -> list[Figure]:
    """Ranks and rank moves written in words (figures the number reader cannot see)."""
    out = []
    for m in _WORD_RANK.finditer(text):
        key = "rank" if m["rank"] else "move"
        s = m.start(key)
        value = float(_WORD_NUMBERS[m[key].lower()])
        if key == "move" and _DOWN_BEFORE.search(text, max(0, s - 20), s):
            value = -value
        out.append(Figure(s, m.end(), value, "rank", "exact", None, None, text[s : m.end()]))
    return out


def refine_vi(text: str, figures: list[Figure]) -> list[Figure]:
    """Counts that are index scores (``điểm``) or ranks (``xếp thứ``, ``bậc``); a score's
    maximum in brackets ("17,2 điểm (tối đa 18 điểm)") is its denominator, not a figure."""
    words = _word_figures(text) if any(w in text for w in _WORD_HINTS) else []
    if words:
        figures = sorted(
            [*figures, *(w for w in words if not any(_overlap(w, f) for f in figures))],
            key=lambda f: f.start,
        )
    out: list[Figure] = []
    for f in figures:
        if _decimal_of(f):
            # "chỉ tiêu số hóa đạt 20,5/22": a decimal part of a whole is a score, not a count
            f = replace(f, unit="points", numerator=None)
        if f.unit == "count":
            near = text[max(0, f.start - 5) : f.start]
            if ("thứ" in near or "số" in near) and _PART_NUMBER.search(
                text, max(0, f.start - 40), f.start
            ):
                continue
            f = _points(text, f) or _rank(text, f) or f
        if _with_maximum(text, out, f) or _with_ranked(text, out, f):
            continue
        if f.unit == "points" and f.qualifier == "upper_bound" and f.value == f.denominator:
            f = replace(f, qualifier="exact")  # "đạt tối đa 10/10 điểm": full marks
        out.append(f)
    return out


# words without which a line holds no rank in words (a plain test before the regex)
_WORD_HINTS = ("bậc", "hạng", "thứ", "Thứ", "Hạng", "BẬC", "HẠNG", "THỨ")


def _decimal_of(f: Figure) -> bool:
    """``A/B`` with a decimal ``A`` no greater than ``B`` (at most 100)."""
    n, d = f.numerator, f.denominator
    return (
        f.unit == "count"
        and n is not None
        and d is not None
        and not float(n).is_integer()
        and 0 < n <= d <= 100
    )


def _overlap(a: Figure, b: Figure) -> bool:
    return a.start < b.end and b.start < a.end


def read_figures(text: str, language: str = "vi") -> list[Figure]:
    """Every figure of one normalised line, read by the rules of ``language``."""
    if language == "en":
        return find_figures_en(text)
    return refine_vi(text, find_figures(text))
