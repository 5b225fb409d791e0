"""Numeric figures in Vietnamese government prose.

Vietnamese conventions: ``.`` groups thousands (``2.164.505``), ``,`` is the decimal mark
(``71,29%``, ``44,778 tỷ đồng`` = 44.778 billion VND), but tables also use dotted decimals in
percentages (``82.5%``). Scale words (``nghìn``/``ngàn``, ``triệu``, ``tỷ``) multiply counts, while
money stays in the unit it is written in (``3.514 triệu đồng`` = 3514 million VND).

Much of what looks like a number is not a figure: dates (``22/3/2023``, ``tháng 8/2021``,
``năm 2023``), document numbers (``618/QĐ-UBND``, ``Chỉ thị số 26``), versions and standards
(``phiên bản 2.0``, ``ISO 9001:2015``, ``4G/5G``), section and list enumerators (``3.1.``,
``(12)``), project labels (``Đề án 06``, ``giai đoạn 2``), ``24/7``, URLs and codes (``TKT1``).

The input is one *normalised* line (markdown emphasis, ``$``, ``<sup>n</sup>`` and superscript
footnote digits already removed); stray footnote marks that survive are treated as boundaries, so
``16/20¹¹`` is the fraction 16/20.

Public API: :class:`Figure`, :func:`parse_number`, :func:`find_figures`.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass

from ..text import nfc_with_offsets

__all__ = ["Figure", "find_figures", "parse_number"]


@dataclass(frozen=True)
class Figure:
    """One numeric figure found in a line; ``text == line[start:end]``.

    ``value`` is expressed in ``unit``: 71.29 for ``71,29%``, 44.778 for ``44,778 tỷ đồng``
    (``billion_vnd``), 13000 for ``13 nghìn`` (``count``). Bare fractions ``N/M`` are counts with
    ``value == numerator``; ``N/M = P%`` is one percent figure carrying both parts. The unit
    ``"ratio"`` is reserved (listed in :data:`analysis.vocabulary.UNITS`) and not produced by
    :func:`find_figures`.
    """

    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    numerator: float | None = None
    denominator: float | None = None
    text: str = ""


# --------------------------------------------------------------------------- parse_number

_INT_RE = re.compile(r"[0-9]+")
_THOUSANDS_RE = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_DEC_RE = re.compile(r"(?P<int>[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+),(?P<frac>[0-9]+)")


def _canonical(token: str, percent: bool) -> str:
    """Plain decimal string (``"1234.5"``) for one Vietnamese numeric token."""
    t = token.strip()
    if _INT_RE.fullmatch(t):
        return str(int(t))
    if "," in t:
        m = _COMMA_DEC_RE.fullmatch(t)
        if m is None:
            raise ValueError(f"not a number: {token!r}")
        return f"{int(m['int'].replace('.', ''))}.{m['frac']}"
    if t.count(".") == 1:
        whole, frac = t.split(".")
        if not _INT_RE.fullmatch(whole) or not _INT_RE.fullmatch(frac):
            raise ValueError(f"not a number: {token!r}")
        if len(frac) == 3 and _THOUSANDS_RE.fullmatch(t) and not percent:
            return str(int(whole + frac))
        return f"{int(whole)}.{frac}"
    if _THOUSANDS_RE.fullmatch(t):
        return str(int(t.replace(".", "")))
    raise ValueError(f"not a number: {token!r}")


def parse_number(token: str, *, percent: bool = False) -> float:
    """One numeric token -> float, Vietnamese conventions.

    ``'2.164.505'`` -> 2164505; ``'71,29'`` -> 71.29; ``'3.514'`` -> 3514; ``'44,778'`` -> 44.778;
    ``'1.234,5'`` -> 1234.5; ``'37126'`` -> 37126; ``'08'`` -> 8. A single dot followed by exactly
    three digits groups thousands, except with ``percent=True`` (``'82.5'``, ``'96.970'`` are
    decimals there). Raises ``ValueError`` on anything else (``'08,09,10'``, ``'1.2.3'``, ``''``).
    """
    return float(_canonical(token, percent))


def _scaled(canonical: str, exponent: int) -> float:
    """``canonical * 10**exponent`` without binary rounding noise (decimal-point shift)."""
    whole, _, frac = canonical.partition(".")
    frac = frac.ljust(exponent, "0")
    return float(f"{whole}{frac[:exponent]}.{frac[exponent:] or '0'}")


# --------------------------------------------------------------------------- patterns

_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_TOKEN_RE = re.compile(rf"{_NUM}(?:[/:]{_NUM})*")

_I = re.IGNORECASE

# Regions in which nothing is a figure.
_MASK_RE = re.compile(
    r"<?(?:https?|ftp)://[^\s>]*>?"  # URLs, with or without <...>
    r"|\bwww\.[^\s>]*"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses (from a token start:
    # trying every position of a long token would be quadratic)
    r"|(?<![\w.])(?:[\w-]+\.)+(?:vn|com|net|org|gov|edu|info|int|io|asia|biz)\b(?:/[^\s>]*)?"
    r"|<sup>[^<]*</sup>|</?[A-Za-z][^<>]*>"  # surviving footnote marks and tags
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹]+",
    _I,
)

# Unit words after a number (``\\%`` in case LaTeX escaping survived normalisation).
_DONG = (
    r"(?:đồng|VNĐ|VND)(?!\w)"  # not đồng chí, đồng bộ, đồng thời, ...
    r"(?!\s+(?:chí|bộ|thời|bào|nghiệp|hành|ý|đều|loạt|tâm|cấp|phục|nhất|thuận|minh|sáng|hồ|tình)\b)"
)
_UNIT_RE = re.compile(
    r"\s*(?P<pct>\\?%|phần\s+trăm\b)"
    r"|\s+(?P<scale>(?:nghìn|ngàn)(?:\s+(?:tỷ|tỉ)(?!\s*lệ\b))?|triệu|(?:tỷ|tỉ)(?!\s*lệ\b))(?!\w)"
    rf"(?:\s+(?P<cur>{_DONG}))?"
    rf"|\s+(?P<dong>{_DONG})",
    _I,
)
_SCALE_EXP = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9}

_EQ_PCT_RE = re.compile(rf"\s*=\s*(?P<num>{_NUM})\s*\\?%")

# Qualifier immediately before the number (only whitespace in between).
_QUAL_RE = re.compile(
    r"(?:(?P<approx>[~∼≈]|(?<!\w)(?:khoảng|gần|xấp\s+xỉ))"
    r"|(?P<lower>(?<![A-Za-z\"'/-])>=?|[≥⩾]|(?<!\w)(?:hơn|trên|ít\s+nhất|tối\s+thiểu))"
    r"|(?P<upper><=?(?![A-Za-z/])|[≤⩽]|(?<!\w)(?:dưới|tối\s+đa|không\s+quá)))\s*$",
    _I,
)

# Labels: the number names a thing (``Đề án 06``), not a quantity.
_LABEL_RE = re.compile(
    r"(?<!\w)(?:đề\s+án|dự\s+án|giai\s+đoạn|lần\s+thứ|đối\s+tượng|phiên\s+bản|khoản|điều|(?<!danh\s)mục"
    r"|chương|phụ\s+lục|mẫu|mức\s+độ|mức|cấp\s+độ|văn\s+bằng|khóa|khoá|iso|tcvn"
    r"|quyết\s+định|nghị\s+định|nghị\s+quyết|thông\s+tư|chỉ\s+thị|công\s+văn|tờ\s+trình|luật)"
    rf"\s+(?:{_NUM}\s*(?:,|và|hoặc|-|–)\s*)*$",
    _I,
)
# Captions and list labels: ``Bảng 1.``, ``Biểu 3 -``, ``Hình 2:``, ``Chỉ tiêu 7:``, ``Tiêu chí 5:``
# (a short number right after the word and before a stop or the end of the line).
_CAPTION_RE = re.compile(
    r"(?<!\w)(?:bảng|biểu|biểu\s+đồ|hình|sơ\s+đồ|chỉ\s+tiêu|tiêu\s+chí|nhiệm\s+vụ|nội\s+dung"
    r"|phần|nhóm|chỉ\s+số\s+thành\s+phần)\s+$",
    _I,
)
# ("Nhiệm vụ 12 về số hóa hồ sơ", "chỉ số thành phần 4, tỉnh đạt": an item named by its number)
# ("Chỉ tiêu 7 (tỷ lệ hồ sơ trực tuyến) đạt 58,4%": the item's name in brackets)
_CAPTION_AFTER_RE = re.compile(r"\s*(?:[.:()\-–,]|về\s|$)", _I)
# ``số <n>`` naming a document: ``Quyết định số 618``, ``Tổ kiểm tra số 1``, ``Chỉ thị số 26``.
_DOC_NO_RE = re.compile(
    r"(?<!\w)(?:quyết\s+định|nghị\s+định|nghị\s+quyết|thông\s+tư|chỉ\s+thị|kế\s+hoạch|công\s+văn"
    r"|văn\s+bản|báo\s+cáo|thông\s+báo|tờ\s+trình|hướng\s+dẫn|chương\s+trình|mẫu|kiểm\s+tra"
    r"|kết\s+luận|luật|biểu|phụ\s+lục|giấy\s+phép|hợp\s+đồng|quy\s+định|đề\s+án|dự\s+án"
    r"|sáng\s+kiến|gói\s+thầu|tiêu\s+chuẩn|quy\s+chuẩn|lệnh|tài\s+khoản|chỉ\s+tiêu|tiêu\s+chí"
    r"|nhiệm\s+vụ)"
    r"(?:\s+[^\s,;:.()]+){0,2}?\s+số\s*$",
    _I,
)
# Names that hold a number: ``Bộ chỉ số 766`` (the index of Decision 766), ``Tổng đài 1022``,
# ``đường dây nóng 1900…`` (a telephone line), not quantities.
_NAMED_NO_RE = re.compile(
    r"(?<!\w)(?:(?:bộ\s+)?chỉ\s+số|tổng\s+đài|đường\s+dây\s+nóng|hotline|số\s+điện\s+thoại)\s+$",
    _I,
)
# Date parts: ``ngày 04 tháng 01 năm 2023``, ``quý 3``.
_DATE_WORD_RE = re.compile(r"(?<!\w)(?P<w>ngày|tháng|năm|quý)\s+$", _I)
_DATE_LIMIT = {"ngày": 31, "tháng": 12, "quý": 4}
# Section / list enumerators at the start of a line: ``3.1.``, ``1.``, ``5.1 X``, ``1\t``, ``2)``.
_LINE_ENUM_RE = re.compile(
    r"^[ #*>+•●·\-–]*?(?P<n>[0-9]{1,2}(?:\.[0-9]{1,2})*\.(?=[\s*]|$)"
    r"|[0-9]{1,2}(?:\.[0-9]{1,2})+(?=[\s*]|$)|[0-9]{1,3}(?=\t)|[0-9]{1,2}\)(?=\s))",
    re.MULTILINE,
)
# Count nouns that turn a bare year-like integer (``2000 hồ sơ``) back into a count.
_COUNT_NOUN_RE = re.compile(
    r"\s+(?:hồ\s+sơ|người|tài\s+khoản|dịch\s+vụ|thủ\s+tục|tthc|thành\s+viên|cán\s+bộ|công\s+chức"
    r"|viên\s+chức|văn\s+bản|cơ\s+quan|đơn\s+vị|doanh\s+nghiệp|hộ|máy|chứng\s+thư|camera|lượt"
    r"|điểm|trạm|thuê\s+bao|tin|bài|sản\s+phẩm|hợp\s+tác\s+xã|xã|hệ\s+thống|cuộc|lớp|học\s+viên"
    r"|đại\s+biểu|phản\s+ánh|kiến\s+nghị|giao\s+dịch|trang|cổng|danh\s+mục|chỉ\s+tiêu|biên\s+chế"
    r"|tổ|thiết\s+bị|bản|học\s+sinh|giáo\s+viên|hộp\s+thư|phiếu|usb|sim|lao\s+động|trường"
    r"|trực\s+tuyến|trực\s+tiếp|cá\s+nhân|tổ\s+chức|gói|chữ\s+ký)(?!\w)",
    _I,
)
_INLINE_ENUM_RE = re.compile(r"\.\s*\*|\.\s+(?P<next>[^\W\d_])")
# A span of time after the number ("5 tháng đầu năm", "02 ngày"): not a quantity measured.
_DURATION_RE = re.compile(r"\s+(?:tháng|năm|ngày|tuần|quý|giờ|phút)(?!\w)", _I)
# "Sau hơn 3 tháng vận hành", "gần 2 năm triển khai": a long duration, however qualified (a
# time taken in days, hours or minutes, "khoảng 15 phút", is a figure a reader cites)
_LONG_DURATION_RE = re.compile(r"\s+(?:tháng|năm|tuần|quý)(?!\w)", _I)
# "chính quyền địa phương 2 cấp", "mô hình chính quyền 2 cấp": the name of the system of local
# government, not a count
_TIERS_RE = re.compile(r"(?<!\w)chính\s+quyền(?:\s+địa\s+phương)?\s+$", _I)
_TIER_AFTER_RE = re.compile(r"\s+cấp(?!\w)", _I)
# "từ 7 xuống 4 ngày làm việc", "từ 5 - 7 ngày": the first end of a range of durations
_DURATION_RANGE_RE = re.compile(
    r"\s*(?:xuống(?:\s+còn)?|còn|lên|đến|tới|-|–)\s*\d{1,3}(?:[.,]\d+)?(?=\s+(?:tháng|năm|ngày"
    r"|tuần|quý|giờ|phút)(?!\w))",
    _I,
)
# "xã Mường Lống 2", "phường Hà Huy Tập 1": a number closing a place's name
_PLACE_NAME_RE = re.compile(
    r"(?<!\w)(?:xã|phường|thị\s+trấn|ấp|thôn|bản|khu\s+phố|tổ\s+dân\s+phố|đặc\s+khu)"
    r"(?:\s+[A-ZĐÀ-Ỹ][^\s\d,;:.()]*){1,3}\s+$"
)
# "Bình quân 1 hồ sơ được xử lý trong 3,1 ngày": per one, not a count
_PER_ONE_RE = re.compile(r"(?<!\w)(?:bình\s+quân|trung\s+bình|mỗi)\s+$", _I)
_TAB_SPLIT_RE = re.compile(r"\t+")
_LINE_RE = re.compile(r"[^\n]+")

_LOOKBACK = 80


# --------------------------------------------------------------------------- helpers


# What every match of _MASK_RE holds: a line without any of these has nothing to mask (one
# quick scan instead of trying the e-mail and domain patterns at every word).
# Telephone numbers: an area code or mobile prefix (0xx, 0xxx, in brackets or not) and 6-8
# more digits in groups ("0274 3 822 822", "(0292) 3820 820", "0912.345.678"), and a 1900 /
# 1800 line after a telephone word ("tổng đài 1900 1234", "call 1800 5678"): never figures.
PHONE_RE = re.compile(r"[(0]0?\d{2,3}\)?(?:[\s.\-]?\d){6,8}(?!\d)")
_FREE_LINE_RE = re.compile(r"1[89]00(?:[\s.\-]?\d){4,6}(?!\d)")
_PHONE_WORD_RE = re.compile(
    r"(?:tổng\s+đài|đường\s+dây\s+nóng|hotline(?:\s+on)?|điện\s+thoại|gọi(?:\s+số)?|call|phone|tel\.?|ĐT"
    r"|switchboard|number|call\s+cent(?:re|er))"
    r"\s*:?\s*$",
    _I,
)
_AREA_RE = re.compile(r"\(0\d{2,3}\)|0\d{2,3}")


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where the telephone numbers of ``text`` are (see :data:`PHONE_RE`)."""
    out = []
    for m in PHONE_RE.finditer(text):
        s = m.start()
        if (s and (text[s - 1].isalnum() or text[s - 1] in ".,")) or not _AREA_RE.match(text, s):
            continue
        out.append(m.span())
    if "00" in text:
        for m in _FREE_LINE_RE.finditer(text):
            s = m.start()
            if _PHONE_WORD_RE.search(text, max(0, s - 24), s):
                out.append(m.span())
    return out


_MASK_HINT_RE = re.compile(
    r"://|www\.|@|\.(?:vn|com|net|org|gov|edu|info|int|io|asia|biz)\b|<|[⁰¹²³⁴⁵⁶⁷⁸⁹]", _I
)


def _masked(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _MASK_RE.finditer(text)] if _MASK_HINT_RE.search(text) else []
    spans += phone_spans(text)
    for m in _LINE_RE.finditer(text):  # column-numbering rows: 1 2 3 ... n
        cells = [c for c in _TAB_SPLIT_RE.split(m.group().strip()) if c]
        if (
            len(cells) >= 3
            and all(c.isascii() and c.isdigit() for c in cells)
            and [int(c) for c in cells] == list(range(1, len(cells) + 1))
        ):
            spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []  # disjoint, so that _in_spans can bisect
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1  # the last span starting at or before
    return i >= 0 and pos < spans[i][1]


def _glued(text: str, start: int, end: int) -> bool:
    """The token is part of a code or a bigger token (``IPv6``, ``3G``, ``COVID-19``, ``/12``)."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before.isalnum() or before == "_":
        return True  # IPv6, TKT1
    if before == "/" and not before2.isalpha():
        return True  # ``ngày /12/2022``: the tail of something
    if before in ".-" and before2.isalpha():
        return True  # COVID-19, v.2
    if after.isalpha() or after == "_":
        return True  # 3G, 1cửa
    return after in "/-" and after2.isalpha()  # 618/QĐ, 01-NQ/TU


def _year_like(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def _qualifier(text: str, start: int, floor: int) -> tuple[str, int]:
    m = _QUAL_RE.search(text, max(floor, start - 20), start)
    if m is None:
        return "exact", start
    kind = "approx" if m["approx"] else "lower_bound" if m["lower"] else "upper_bound"
    return kind, m.start()


def _before(text: str, start: int) -> str:
    return text[max(0, start - _LOOKBACK) : start]


def _range_name_or_per_one(text: str, end: int, raw: str, before: str) -> bool:
    """The number is the other end of a range of durations ("rút ngắn từ 7 xuống 4 ngày"),
    closes a place's name ("xã Mường Lống 2") or means "per one" ("bình quân 1 hồ sơ")."""
    if len(raw) <= 3 and _DURATION_RANGE_RE.match(text, end):
        return True
    if raw == "1" and _PER_ONE_RE.search(before):
        return True
    return (
        len(raw) <= 2
        and raw.isdigit()
        and _PLACE_NAME_RE.search(before) is not None
        and not _COUNT_NOUN_RE.match(text, end)
    )


def _context_skip(text: str, start: int, end: int, raw: str, line_enums: set[int]) -> bool:
    """Context says the (unit-less, unqualified) number is a label, date part or enumerator."""
    if start in line_enums:
        return True
    before = _before(text, start)
    after = text[end : end + 3]
    if before.endswith("(") and (after.startswith(")") or after.startswith(". ")) and raw.isdigit():
        return True  # (1), (12), (1. Cập nhật; not a decimal level "năm 2023 (0,5217)"
    enum = _INLINE_ENUM_RE.match(text, end) if len(raw) <= 2 else None
    if enum and (enum["next"] is None or enum["next"].islower()):
        return True  # ``..., 2. *ký số ...`` or ``2. ký số``: an inline list item
    if _DURATION_RE.match(text, end):
        return True  # ``trong 5 tháng đầu năm``: a duration
    if _TIER_AFTER_RE.match(text, end) and _TIERS_RE.search(before):
        return True  # "chính quyền địa phương 2 cấp"
    if _range_name_or_per_one(text, end, raw, before):
        return True
    if _LABEL_RE.search(before) or _DOC_NO_RE.search(before):
        return True
    if len(raw) <= 2 and _CAPTION_RE.search(before) and _CAPTION_AFTER_RE.match(text, end):
        return True  # "Bảng 1.", "Chỉ tiêu 7:": a caption or list label
    if len(raw) >= 3 and raw.isdigit() and _NAMED_NO_RE.search(before):
        return True  # "Bộ chỉ số 766", "Tổng đài 1022"
    m = _DATE_WORD_RE.search(before)
    if m:
        word = m["w"].lower()
        if word == "năm":
            if _year_like(raw):
                return True
        elif "," not in raw and "." not in raw and int(raw) <= _DATE_LIMIT[word]:
            return True
    return _year_like(raw) and not _COUNT_NOUN_RE.match(text, end)


# --------------------------------------------------------------------------- find_figures


def find_figures(text: str) -> list[Figure]:
    """Every numeric figure in one normalised line, in order, non-overlapping.

    Each :class:`Figure` span covers the qualifier word (``hơn``, ``khoảng``, ``~``...), the
    number and its unit words (``%``, ``nghìn``, ``triệu đồng``, ``tỷ đồng``, ``đồng``), and for
    ``N/M = P%`` the whole equation. Dates, document and version numbers, enumerators, labels,
    URLs and codes are skipped (see the module docstring).
    """
    if not text:
        return []
    if unicodedata.is_normalized("NFC", text):
        work, starts, ends = text, None, None
    else:
        work, starts, ends = nfc_with_offsets(text)

    masked = _masked(work)
    line_enums = {m.start("n") for m in _LINE_ENUM_RE.finditer(work)}
    figures: list[Figure] = []
    last_end = 0

    for tok in _TOKEN_RE.finditer(work):
        s, e = tok.span()
        if s < last_end or _in_spans(s, masked) or _glued(work, s, e):
            continue
        raw = tok.group()
        if ":" in raw:
            continue  # ISO 9001:2015, 08:30
        parts = raw.split("/")
        if len(parts) > 2:
            continue  # 22/3/2023, 03/2023 (document), ...
        qualifier, q_start = _qualifier(work, s, last_end)
        if len(parts) == 2:
            fig = _fraction(work, s, e, parts, qualifier, q_start)
        else:
            fig = _single(work, s, e, raw, qualifier, q_start, line_enums)
        if fig is None:
            continue
        figures.append(fig)
        last_end = fig.end

    if starts is not None and ends is not None:
        figures = [
            Figure(
                start=starts[f.start],
                end=ends[f.end - 1],
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                numerator=f.numerator,
                denominator=f.denominator,
                text=text[starts[f.start] : ends[f.end - 1]],
            )
            for f in figures
        ]
    return figures


def _single(
    text: str,
    s: int,
    e: int,
    raw: str,
    qualifier: str,
    q_start: int,
    line_enums: set[int],
) -> Figure | None:
    if raw.count(",") > 1:
        return None  # mẫu số 08,09,10: a list
    unit_m = _UNIT_RE.match(text, e)
    percent = bool(unit_m and unit_m["pct"])
    try:
        canon = _canonical(raw, percent)
    except ValueError:
        return None  # 3.1.2, 1.2,3, ...
    if qualifier == "exact" and s and text[s - 1] in "-−" and (s == 1 or text[s - 2] in " \t(:"):
        canon, q_start = "-" + canon, s - 1  # a minus glued to the number: "giảm -5%"
    if unit_m is None:
        if "." in raw and "," not in raw and not _THOUSANDS_RE.fullmatch(raw):
            return None  # phiên bản 2.0, khoản 3.2, công nghiệp 4.0
        if qualifier in ("approx", "lower_bound") and _LONG_DURATION_RE.match(text, e):
            return None  # "hơn 3 tháng"
        if qualifier == "exact" and _context_skip(text, s, e, raw, line_enums):
            return None
        return _make(text, q_start, e, float(canon), "count", qualifier)
    end = unit_m.end()
    if percent:
        return _make(text, q_start, end, float(canon), "percent", qualifier)
    if unit_m["dong"]:
        return _make(text, q_start, end, float(canon), "vnd", qualifier)
    scale = unit_m["scale"].lower().split()
    exponent = sum(_SCALE_EXP[w] for w in scale)
    if unit_m["cur"]:
        if exponent == 6:
            return _make(text, q_start, end, float(canon), "million_vnd", qualifier)
        if exponent >= 9:
            return _make(text, q_start, end, _scaled(canon, exponent - 9), "billion_vnd", qualifier)
        return _make(text, q_start, end, _scaled(canon, exponent), "vnd", qualifier)
    return _make(text, q_start, end, _scaled(canon, exponent), "count", qualifier)


def _fraction(
    text: str, s: int, e: int, parts: list[str], qualifier: str, q_start: int
) -> Figure | None:
    num_raw, den_raw = parts
    if num_raw == "24" and den_raw == "7":
        return None  # 24/7
    plain = num_raw.isdigit() and den_raw.isdigit()
    before = _before(text, s)
    if (
        plain
        and _year_like(den_raw)
        and (int(num_raw) <= 12 or _DOC_NO_RE.search(before) or _LABEL_RE.search(before))
    ):
        return None  # tháng 8/2021, 05/2022, Nghị định số 107/2020
    date_word = _DATE_WORD_RE.search(before)
    if (
        plain
        and date_word
        and date_word["w"].lower() in ("ngày", "tháng")
        and int(num_raw) <= 31
        and int(den_raw) <= 12
    ):
        return None  # ngày 24/3
    if qualifier == "exact" and (_DOC_NO_RE.search(before) or _LABEL_RE.search(before)):
        return None
    try:
        num = parse_number(num_raw)
        den = parse_number(den_raw)
    except ValueError:
        return None
    eq = _EQ_PCT_RE.match(text, e)
    if eq:
        try:
            pct = parse_number(eq["num"], percent=True)
        except ValueError:
            pct = None
        if pct is not None:
            return _make(text, q_start, eq.end(), pct, "percent", qualifier, num, den)
    money = _UNIT_RE.match(text, e)
    if money is not None and (money["cur"] or money["dong"]) and num <= den:
        # "giải ngân 118,4/140 tỷ đồng": the amount of the whole after it, in its currency
        exp = 0 if money["dong"] else sum(_SCALE_EXP[w] for w in money["scale"].lower().split())
        unit = "million_vnd" if exp == 6 else "billion_vnd" if exp >= 9 else "vnd"
        scale = exp - 9 if exp >= 9 else 0 if exp == 6 else exp
        a, b = (_scaled(repr(x), scale) for x in (num, den))
        return _make(text, q_start, money.end(), a, unit, qualifier, a, b)
    return _make(text, q_start, e, num, "count", qualifier, num, den)


def _make(
    text: str,
    start: int,
    end: int,
    value: float,
    unit: str,
    qualifier: str,
    numerator: float | None = None,
    denominator: float | None = None,
) -> Figure:
    return Figure(
        start=start,
        end=end,
        value=value,
        unit=unit,
        qualifier=qualifier,
        numerator=numerator,
        denominator=denominator,
        text=text[start:end],
    )
