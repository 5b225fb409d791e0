"""Tests for analysis.reading.numbers: Vietnamese numeric figures, on real report lines and synthetic traps."""

from __future__ import annotations

import math
import re
import time
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus.manifest import load_manifest
from analysis.reading.numbers import Figure, find_figures, parse_number

# --------------------------------------------------------------------------- helpers

_SUP_TAG = re.compile(r"<sup>\s*\d+\s*</sup>")
_SUP_CHARS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def normalise(line: str) -> str:
    """The tiny local stand-in for the project's line normaliser."""
    line = line.replace("**", "").replace("$", "").replace("\\%", "%")
    line = _SUP_TAG.sub("", line).replace("<b>", "").replace("</b>", "")
    return _SUP_CHARS.sub("", line)


@cache
def corpus_lines() -> tuple[tuple[str, int, str], ...]:
    """Every line of every report of the corpus (the manifest's text files), normalised."""
    out = []
    for rec in load_manifest().sort_values("report_id").to_dict("records"):
        path = Path(rec["path"])
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            out.append((rec["report_id"], number, normalise(raw)))
    assert out, "the corpus has no report lines"
    return tuple(out)


def summary(text: str) -> list[tuple]:
    """(text, value, unit, qualifier[, numerator, denominator]) for each figure."""
    out = []
    for f in find_figures(text):
        row: tuple = (f.text, f.value, f.unit, f.qualifier)
        if f.numerator is not None:
            row += (f.numerator, f.denominator)
        out.append(row)
    return out


def assert_well_formed(text: str, figures: list[Figure]) -> None:
    last = 0
    for f in figures:
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start : f.end]
        assert f.start >= last, f"overlap in {text!r}: {figures}"
        last = f.end
        assert f.unit in {"percent", "count", "vnd", "million_vnd", "billion_vnd", "ratio"}
        assert f.qualifier in {"exact", "approx", "lower_bound", "upper_bound"}


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("token", "percent", "expected"),
    [
        ("2.164.505", False, 2164505),
        ("424.495", False, 424495),
        ("71,29", False, 71.29),
        ("71,29", True, 71.29),
        ("82.5", True, 82.5),
        ("96.97", True, 96.97),
        ("82.5", False, 82.5),
        ("3.514", False, 3514),
        ("1.144", False, 1144),
        ("44,778", False, 44.778),
        ("1.234,5", False, 1234.5),
        ("1.234,5", True, 1234.5),
        ("37126", False, 37126),
        ("08", False, 8),
        ("0", False, 0),
        ("0,4", False, 0.4),
        ("2.132.000.000", False, 2132000000),
        ("1.000", True, 1.0),  # in a percent the thousands reading (1000) would exceed 100
        ("0.123", False, 0.123),  # a leading 0 group is never a thousands group
        (" 12 ", False, 12),
    ],
)
def test_parse_number(token: str, percent: bool, expected: float) -> None:
    assert parse_number(token, percent=percent) == pytest.approx(expected, rel=1e-15, abs=0)


@pytest.mark.parametrize(
    "token",
    ["", " ", "abc", "08,09,10", "1.2.3", "1..2", "1,", ",5", "1.", ".5", "12a", "1,234.5", "3.1."],
)
def test_parse_number_rejects_garbage(token: str) -> None:
    with pytest.raises(ValueError):
        parse_number(token)


# --------------------------------------------------------------------------- real lines

# Whole real lines (normalised) and the exact list of figures expected in each.
REAL_LINES = [
    ("+ Thuê bao điện thoại di động: 2.164.505;", [("2.164.505", 2164505, "count", "exact")]),
    (
        "+ Tỷ lệ dân số trưởng thành có điện thoại thông minh: 71,29%;",
        [("71,29%", 71.29, "percent", "exact")],
    ),
    (
        "- Có 37/39 hệ thống đã được phê duyệt Hồ sơ đề xuất cấp độ (HSDXCĐ) thông tin theo qui "
        "định, đạt tỉ lệ: 94,8%; 02 HSDXCĐ đã được thẩm định: Mạng TSLCD Cấp II của Viễn thông "
        "An Giang và Viettel An Giang.",
        [
            ("37/39", 37, "count", "exact", 37, 39),
            ("94,8%", 94.8, "percent", "exact"),
            ("02", 2, "count", "exact"),
        ],
    ),
    (
        "Số lượng CQNN cung cấp dữ liệu mở: 03/09 cơ quan, đạt tỉ lệ 33,3%.",
        [("03/09", 3, "count", "exact", 3, 9), ("33,3%", 33.3, "percent", "exact")],
    ),
    (
        "- Tỷ lệ hệ thống thông tin trong cơ quan nhà nước được xác định và phê duyệt hồ sơ đề "
        "xuất cấp độ là 64/64, đạt 100% và hệ thống mạng",
        [("64/64", 64, "count", "exact", 64, 64), ("100%", 100, "percent", "exact")],
    ),
    (
        "- Số hồ sơ được xử lý hoàn toàn dưới dạng trực tuyến/tổng hồ sơ giải quyết dịch vụ công, "
        "đạt tỷ lệ  232/232 = 100% .",
        [("232/232 = 100%", 100, "percent", "exact", 232, 232)],
    ),
    (
        "Hệ thống tổng kinh phí được cấp là 44,778 tỷ đồng đến thời điểm 30/8/2023 đã giải ngân "
        "44,778 tỷ đồng, đạt 100% kế hoạch vốn được giao năm 2023.",
        [
            ("44,778 tỷ đồng", 44.778, "billion_vnd", "exact"),
            ("44,778 tỷ đồng", 44.778, "billion_vnd", "exact"),
            ("100%", 100, "percent", "exact"),
        ],
    ),
    (
        "Kiểm tra, giám sát đánh giá việc tổ chức thực hiện Chương trình với kinh phí thực hiện là "
        "3.514 triệu đồng (sử dụng vốn đầu tư phát triển).",
        [("3.514 triệu đồng", 3514, "million_vnd", "exact")],
    ),
    (
        "+ Tự chủ: Dự toán giao trong năm: 2.132.000.000 đồng. Dự toán đã sử dụng đến 31/8/2023: "
        "1.304.669.823 đồng.",
        [
            ("2.132.000.000 đồng", 2132000000, "vnd", "exact"),
            ("1.304.669.823 đồng", 1304669823, "vnd", "exact"),
        ],
    ),
    (
        "cụ thể đã ban hành hơn 13 nghìn văn bản trên trục liên thông nội tỉnh",
        [("hơn 13 nghìn", 13000, "count", "lower_bound")],
    ),
    (
        "Trong quý III, hệ thống đã tiếp nhận 94.746 hồ sơ (57.620 trực tiếp, 37126 trực tuyến "
        "(tỷ lệ 31,3%), đã giải quyết 93.654 hồ sơ, các hồ sơ còn lại trong quá trình giải quyết.",
        [
            ("94.746", 94746, "count", "exact"),
            ("57.620", 57620, "count", "exact"),
            ("37126", 37126, "count", "exact"),
            ("31,3%", 31.3, "percent", "exact"),
            ("93.654", 93654, "count", "exact"),
        ],
    ),
    (
        "dịch vụ công mức độ một phần tiếp nhận 75.765 hồ sơ (53.093 trực tiếp, 22.672 trực tuyến "
        "(tỷ lệ 30 %));",
        [
            ("75.765", 75765, "count", "exact"),
            ("53.093", 53093, "count", "exact"),
            ("22.672", 22672, "count", "exact"),
            ("30 %", 30, "percent", "exact"),
        ],
    ),
    (
        "6\tTỷ lệ số hoá hồ sơ, kết quả giải quyết TTHC tại bộ phận một cửa các cấp (Tỷ lệ hồ sơ "
        "cấp kết quả điện tử đạt 100%; Tỷ lệ khai thác sử dụng lại tài liệu đạt trên 50%)\t"
        "Sở TT&TT\t80,45%; 79,80%; 82,72%",
        [
            ("100%", 100, "percent", "exact"),
            ("trên 50%", 50, "percent", "lower_bound"),
            ("80,45%", 80.45, "percent", "exact"),
            ("79,80%", 79.8, "percent", "exact"),
            ("82,72%", 82.72, "percent", "exact"),
        ],
    ),
    (
        "11\tTỷ lệ dân số trưởng thành có điện thoại thông minh đạt trên 80%\tSở TT&TT\t~70%",
        [("trên 80%", 80, "percent", "lower_bound"), ("~70%", 70, "percent", "approx")],
    ),
    (
        "12\tTỷ lệ hộ gia đình có đường Internet cáp quang băng rộng đạt trên 90%.\tSở TT&TT\t82.5%",
        [("trên 90%", 90, "percent", "lower_bound"), ("82.5%", 82.5, "percent", "exact")],
    ),
    (
        "- Tính đến tháng 31/01/2025, tổng số cơ quan nhà nước cấp tỉnh hoàn thiện Chính quyền "
        "điện tử là 16/20 cơ quan, tỷ lệ 80%.",
        [("16/20", 16, "count", "exact", 16, 20), ("80%", 80, "percent", "exact")],
    ),
    (
        "Đã thực hiện đồng bộ, tích hợp 100% dịch vụ công trực tuyến một phần và toàn trình của "
        "tỉnh (1.144 dịch vụ) trên Cổng dịch vụ công quốc gia.",
        [("100%", 100, "percent", "exact"), ("1.144", 1144, "count", "exact")],
    ),
    (
        "Triển khai Kế hoạch 683/KH-UBND về tổ chức Chuỗi sự kiện CDS tỉnh An Giang năm 2022 với sự "
        "tham gia hơn 300 đại biểu, 15 doanh nghiệp, 10 bài tham luận hội thảo",
        [
            ("hơn 300", 300, "count", "lower_bound"),
            ("15", 15, "count", "exact"),
            ("10", 10, "count", "exact"),
        ],
    ),
    (
        "- Chương trình mục tiêu quốc gia xây dựng nông thôn mới: tổng kinh phí cấp 0,4 tỷ đồng, "
        "hiện tại Sở Thông tin và Truyền thông đang triển khai thực hiện.",
        [("0,4 tỷ đồng", 0.4, "billion_vnd", "exact")],
    ),
    (
        "Hiện nay bộ TTHC thuộc phạm vi chức năng quản lý của Sở có tổng số 41 thủ tục, trong đó:",
        [("41", 41, "count", "exact")],
    ),
    (
        "\tTổng số\t232\t229\t4\t\t\t229\t229\t\t3\t3\t\t\t\t",
        [
            ("232", 232, "count", "exact"),
            ("229", 229, "count", "exact"),
            ("4", 4, "count", "exact"),
            ("229", 229, "count", "exact"),
            ("229", 229, "count", "exact"),
            ("3", 3, "count", "exact"),
            ("3", 3, "count", "exact"),
        ],
    ),
    ("1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16", []),
    (
        "2.9. Hệ thống Hội nghị truyền hình trực tuyến phục vụ tốt công tác Hội nghị truyền hình",
        [],
    ),
    (
        "11 (1) Văn phòng UBND tỉnh, (2) Ban Dân tộc, (12) Sở Tư pháp, (16) Sở Khoa học và Công "
        "nghệ.",
        [("11", 11, "count", "exact")],
    ),
    (
        "Tham mưu UBND tỉnh ban hành Kế hoạch số 617/KH-UBND ngày 30/9/2022 chuyển đổi IPv6 cho Hệ "
        "thống mạng, dịch vụ CNTT tỉnh An Giang giai đoạn 2022 – 2025.",
        [],
    ),
]


@pytest.mark.parametrize(("line", "expected"), REAL_LINES)
def test_real_lines(line: str, expected: list[tuple]) -> None:
    figures = find_figures(line)
    assert_well_formed(line, figures)
    assert summary(line) == [
        tuple(float(x) if isinstance(x, int) else x for x in e) for e in expected
    ]


# --------------------------------------------------------------------------- separators

SEPARATORS = [
    ("Số vị trí cột, nhà trạm BTS là 2.189", 2189, "count"),
    ("số trạm thu phát sóng thông tin di động là: 4.918;", 4918, "count"),
    ("cung cấp 3560 thông tin doanh nghiệp", 3560, "count"),
    ("mức 4: 1057 dịch vụ", 1057, "count"),
    ("với 1.234,5 người", 1234.5, "count"),
    ("là 10,034 tỷ đồng", 10.034, "billion_vnd"),
    ("đạt 96.97%", 96.97, "percent"),
    ("đạt 96,97%", 96.97, "percent"),
    ("đạt 1.000%", 1.0, "percent"),
    ("là 9.796. Qua đó", 9796, "count"),
    ("(khối nhà nước: 12.000 tài khoản", 12000, "count"),
    ("Trong đó: 10712 tài khoản công dân", 10712, "count"),
]


@pytest.mark.parametrize(("text", "value", "unit"), SEPARATORS)
def test_separators(text: str, value: float, unit: str) -> None:
    (fig,) = find_figures(text)
    assert (fig.value, fig.unit) == (pytest.approx(value, rel=1e-15), unit)


def test_comma_run_is_a_list_not_a_number() -> None:
    assert find_figures("in riêng theo các mẫu số 08,09,10 Nghị định") == []
    assert find_figures("danh sách 1,2,3") == []


# --------------------------------------------------------------------------- scale words, money

SCALES = [
    ("hơn 13 nghìn văn bản", "hơn 13 nghìn", 13000, "count"),
    ("khoảng 13 ngàn người", "khoảng 13 ngàn", 13000, "count"),
    ("2 triệu người dùng", "2 triệu", 2_000_000, "count"),
    ("1,5 triệu lượt", "1,5 triệu", 1_500_000, "count"),
    ("3 tỷ giao dịch", "3 tỷ", 3_000_000_000, "count"),
    ("0,4 tỉ đồng", "0,4 tỉ đồng", 0.4, "billion_vnd"),
    ("là 3.514 triệu đồng (sử dụng", "3.514 triệu đồng", 3514, "million_vnd"),
    ("là 53.345 triệu đồng.", "53.345 triệu đồng", 53345, "million_vnd"),
    ("cấp 4,509 tỷ đồng (chuyển", "4,509 tỷ đồng", 4.509, "billion_vnd"),
    ("1,2 nghìn tỷ đồng", "1,2 nghìn tỷ đồng", 1200, "billion_vnd"),
    ("500 nghìn đồng", "500 nghìn đồng", 500_000, "vnd"),
    ("thu 450.000.000 đồng.", "450.000.000 đồng", 450_000_000, "vnd"),
    ("phí 50.000 VNĐ", "50.000 VNĐ", 50_000, "vnd"),
    ("đạt 30 %", "30 %", 30, "percent"),
    ("đạt 30% kế hoạch", "30%", 30, "percent"),
    ("cử 01 đồng chí tham gia", "01", 1, "count"),  # đồng chí = comrade, not money
    ("606 dịch vụ, tỷ lệ 29%", "606", 606, "count"),  # tỷ lệ = rate, not a billion
]


@pytest.mark.parametrize(("text", "span", "value", "unit"), SCALES)
def test_scale_words_and_money(text: str, span: str, value: float, unit: str) -> None:
    fig = find_figures(text)[0]
    assert (fig.text, fig.unit) == (span, unit)
    assert fig.value == pytest.approx(value, rel=1e-15)


# --------------------------------------------------------------------------- fractions

FRACTIONS = [
    ("đã có 08/11 huyện, thị, thành phố", "08/11", 8, "count", 8, 11),
    ("Đến nay, 11/11 huyện", "11/11", 11, "count", 11, 11),
    ("là 180/188 cơ quan, đạt tỉ lệ 95,74%", "180/188", 180, "count", 180, 188),
    ("tổng số 16/20¹¹ cơ quan", "16/20", 16, "count", 16, 20),  # stray footnote mark
    ("là 16/20<sup>11</sup> cơ quan", "16/20", 16, "count", 16, 20),
    ("đạt tỷ lệ: 8/37 thủ tục.", "8/37", 8, "count", 8, 37),
    ("công khai 36/38 TTHC", "36/38", 36, "count", 36, 38),
    ("đạt tỷ lệ 53/53 = 100%.", "53/53 = 100%", 100, "percent", 53, 53),
    ("đạt tỉ lệ: 1/1 = 100% .", "1/1 = 100%", 100, "percent", 1, 1),
    ("đạt 1.191/1.200 = 99,25%", "1.191/1.200 = 99,25%", 99.25, "percent", 1191, 1200),
    ("có 1500/2000 hồ sơ", "1500/2000", 1500, "count", 1500, 2000),
    ("là 37 thủ tục/37 dịch vụ công", "37", 37, "count", None, None),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "num", "den"), FRACTIONS)
def test_fractions(
    text: str, span: str, value: float, unit: str, num: float | None, den: float | None
) -> None:
    fig = find_figures(text)[0]
    assert (fig.text, fig.value, fig.unit) == (span, value, unit)
    assert (fig.numerator, fig.denominator) == (num, den)


def test_fraction_then_separate_percent_gives_two_figures() -> None:
    figs = find_figures("Số lượng CQNN cung cấp dữ liệu mở: 03/09 cơ quan, đạt tỉ lệ 33,3%.")
    assert [(f.text, f.unit) for f in figs] == [("03/09", "count"), ("33,3%", "percent")]
    assert figs[1].numerator is None


def test_second_part_of_a_slashed_list_is_counted() -> None:
    figs = find_figures("là 37 thủ tục/37 dịch vụ công trực tuyến")
    assert [f.value for f in figs] == [37, 37]


# --------------------------------------------------------------------------- qualifiers

QUALIFIERS = [
    ("~70%", "~70%", "approx"),
    ("khoảng 18.000 thành viên", "khoảng 18.000", "approx"),
    ("gần 1.000 hồ sơ", "gần 1.000", "approx"),
    ("xấp xỉ 1.000 hồ sơ", "xấp xỉ 1.000", "approx"),
    ("hơn 300 đại biểu", "hơn 300", "lower_bound"),
    ("Hơn 30% báo cáo", "Hơn 30%", "lower_bound"),
    ("trên 90% công chức", "trên 90%", "lower_bound"),
    ("Trên 95% hồ sơ", "Trên 95%", "lower_bound"),
    ("ít nhất 2 lần", "ít nhất 2", "lower_bound"),
    ("tối thiểu 70%", "tối thiểu 70%", "lower_bound"),
    ("> 50%", "> 50%", "lower_bound"),
    ("≥80%", "≥80%", "lower_bound"),
    ("dưới 10%", "dưới 10%", "upper_bound"),
    ("tối đa 3 ngày", "tối đa 3", "upper_bound"),
    ("không quá 5%", "không quá 5%", "upper_bound"),
    ("< 5%", "< 5%", "upper_bound"),
    ("đạt 100%", "100%", "exact"),
    ("trên địa bàn 5 xã", "5", "exact"),  # trên = on: not a bound unless it touches the number
    ("triển khai trên 130 lớp", "trên 130", "lower_bound"),
    ("<b>232</b> hồ sơ", "232", "exact"),  # a surviving tag's '>' is not a qualifier
]


@pytest.mark.parametrize(("text", "span", "qualifier"), QUALIFIERS)
def test_qualifiers(text: str, span: str, qualifier: str) -> None:
    (fig,) = find_figures(text)
    assert (fig.text, fig.qualifier) == (span, qualifier)


# --------------------------------------------------------------------------- not figures

NOT_FIGURES = [
    # dates
    "ngày 22/3/2023",
    "Ngày 15/02/2023, UBND tỉnh",
    "Tháng 8/2021, Sở Thông tin",
    "+ Giai đoạn 1: từ 6/2020 đến tháng 12/2020.",
    "từ tháng 01/2022 đến 05/2022.",
    "Tính đến tháng 31/01/2025,",
    "ngày 04 tháng 01 năm 2023",
    "Từ ngày 01 tháng 01 năm 2023 đến ngày 31 tháng 5 năm 2024",
    "Trà Vinh, ngày tháng 9 năm 2023",
    "năm 2023",
    "giai đoạn 2021 – 2030",
    "giai đoạn 2019-2025, định hướng đến năm 2030",
    "giai đoạn 2022 – 2025³, đã",
    "trong năm 2023, 2024 Sở đã",
    "tầm nhìn 2030",
    "PAPI Bắc Giang 2023 - Nhiều chỉ số",
    "ngày 24/3 và ngày 28/3",
    "Báo cáo số /BC-VP ngày /12/2022",
    "quý 3 năm 2023",
    "Quyết định số 985/QĐ-UBND ngày 08/7/20223",
    # document numbers
    "Quyết định số 618/QĐ-UBND",
    "Quyết định số 03/2023/QĐ-UBND",
    "Nghị định 107/2021/NĐ-CP",
    "Nghị quyết số 01-NQ/TU",
    "NGHỊ QUYẾT SỐ 17-NQ/CP NGÀY 07/3/2019",
    "Kế hoạch 683/KH-UBND",
    "Công văn số 1494/STTTT-TTCNTTTT",
    "Nghị định 111/2022/NĐ-CP",
    "Thông tư số 09/2023/TT-BTTTT",
    "Nghị định số 25/2018/NĐCP",
    "Quyết định số 293/QĐUBND",
    "Kế hoạch số 6478/KHUBND",
    "Kế hoạch số 23/STTTT-TTCNTT&TT",
    "các mẫu số 08,09,10",
    "Chỉ thị 26/CTTTg",
    "Chỉ thị số 26 – Bước chuyển",
    "Nghị định số 107/2020 của Chính phủ",
    "Thông báo số 237/TB-TKT1 ngày 25/6/2020 của Tổ kiểm tra số 1",
    "khoản 1 Điều 8 Nghị định 63/2010/NĐ-CP",
    # versions and standards
    "phiên bản 2.0",
    "(phiên bản 1.0)",
    "iGate 2.0",
    "ISO 9001:2015",
    "TCVN 9001:2015",
    "TCVN ISO 9001 của Sở",
    "chuyển đổi IPv6",
    "phủ sóng 3G/4G",
    "mạng di động 4G/5G",
    "triển khai 5G tại An Giang",
    "Cách mạng công nghiệp 4.0.",
    "vắc xin phòng COVID-19;",
    "lúc 08:30",
    # enumerators
    "3.1. Kế hoạch Chuyển đổi số tỉnh An Giang",
    "3.10. Nâng cao chất lượng",
    "### 5.1 Hoạt động chính quyền số",
    "#### 1. Tồn tại, hạn chế",
    "*7.1. Tồn tại, hạn chế công tác cải cách hành chính:*",
    "1. Quyết định",
    "(1) Văn phòng UBND tỉnh, (2) Ban Dân tộc",
    "(12) Sở Tư pháp",
    "trong công tác CCHC (1. *Cập nhật, bổ sung",
    "giải quyết TTHC, 2. *ký số phục vụ",
    "12\tTỷ lệ hộ gia đình có đường Internet",
    "1\t2\t3\t4\t5\t6",
    # labels
    "Đề án 06",
    "thuộc Dự án 10: Truyền thông",
    "Tiểu dự án 2: Ứng dụng",
    "+ Giai đoạn 1: từ",
    "(giai đoạn 2) với tổng",
    "lần thứ 8 của Ủy ban",
    "kiến thức quốc phòng - an ninh đối tượng 3.",
    "Tổ kiểm tra số 1",
    "khóa XII",
    "tại phụ lục 1 và phụ lục 2 kèm theo",
    "mục 6 của Báo cáo",
    "khoản 3.2, mục III",
    "DVCTT mức độ 3, 4 với Cổng",
    "phê duyệt cấp độ 3 tại",
    "(văn bằng 2)",
    # misc
    "hỗ trợ người dân, doanh nghiệp 24/7 trong quá trình",
    "địa chỉ <https://opendata.angiang.gov.vn/>, thực hiện",
    "Hệ thống thư điện tử công vụ (mail.travinh.gov.vn)",
    "Phần mềm (<http://iso2.travinh.gov.vn>)",
    "liên hệ abc123@travinh.gov.vn",
    "cho CB 1cửa các xã",
    "Thông báo kết luận TKT1",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_year_like_integer_followed_by_count_noun_is_a_count() -> None:
    assert summary("Năm 2023 có 2023 hồ sơ") == [("2023", 2023.0, "count", "exact")]
    assert summary("hơn 2000 người") == [("hơn 2000", 2000.0, "count", "lower_bound")]


def test_figure_inside_sentence_keeps_its_own_span() -> None:
    line = "Ngày 20/6/2022, 100% cơ quan (tỷ lệ 31,3%) theo Quyết định số 618/QĐ-UBND."
    assert summary(line) == [
        ("100%", 100.0, "percent", "exact"),
        ("31,3%", 31.3, "percent", "exact"),
    ]


def test_empty_and_digitless() -> None:
    assert find_figures("") == []
    assert find_figures("Sở Thông tin và Truyền thông") == []


def test_non_nfc_input_maps_back_to_original_offsets() -> None:
    text = unicodedata.normalize("NFD", "đã ban hành hơn 13 nghìn văn bản, 44,778 tỷ đồng")
    figs = find_figures(text)
    assert_well_formed(text, figs)
    assert [(f.value, f.unit, f.qualifier) for f in figs] == [
        (13000.0, "count", "lower_bound"),
        (44.778, "billion_vnd", "exact"),
    ]
    assert unicodedata.normalize("NFC", figs[0].text) == "hơn 13 nghìn"


def test_figure_is_frozen() -> None:
    fig = find_figures("đạt 100%")[0]
    with pytest.raises(AttributeError):
        fig.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------- property-based


def vn_format(whole: int, frac: str) -> str:
    """Vietnamese formatting: thousands dots, decimal comma."""
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{frac}" if frac else text


QUALIFIER_WORDS = {
    "": "exact",
    "~": "approx",
    "khoảng ": "approx",
    "gần ": "approx",
    "xấp xỉ ": "approx",
    "hơn ": "lower_bound",
    "trên ": "lower_bound",
    "ít nhất ": "lower_bound",
    "tối thiểu ": "lower_bound",
    "> ": "lower_bound",
    "dưới ": "upper_bound",
    "tối đa ": "upper_bound",
    "không quá ": "upper_bound",
    "< ": "upper_bound",
}
# unit words -> (unit, power of ten applied to the written number)
UNIT_WORDS = {
    "": ("count", 0),
    " nghìn": ("count", 3),
    " ngàn": ("count", 3),
    " triệu": ("count", 6),
    " tỷ": ("count", 9),
    " đồng": ("vnd", 0),
    " triệu đồng": ("million_vnd", 0),
    " tỷ đồng": ("billion_vnd", 0),
}

fracs = st.text(alphabet="0123456789", min_size=0, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=10**12),
    frac=fracs,
    qualifier=st.sampled_from(sorted(QUALIFIER_WORDS)),
    unit_word=st.sampled_from(sorted(UNIT_WORDS)),
)
def test_round_trip_amounts(whole: int, frac: str, qualifier: str, unit_word: str) -> None:
    number = vn_format(whole, frac)
    figure_text = f"{qualifier}{number}{unit_word}"
    line = f"Tổng cộng {figure_text} được ghi nhận trong báo cáo."
    figs = find_figures(line)
    assert len(figs) == 1, (line, figs)
    (fig,) = figs
    unit, power = UNIT_WORDS[unit_word]
    expected = Decimal(f"{whole}.{frac or '0'}").scaleb(power)
    assert fig.text == figure_text
    assert (fig.unit, fig.qualifier) == (unit, QUALIFIER_WORDS[qualifier])
    assert math.isclose(fig.value, float(expected), rel_tol=1e-12)
    assert parse_number(number) == float(Decimal(f"{whole}.{frac or '0'}"))


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=100),
    frac=st.text(alphabet="0123456789", min_size=0, max_size=2),
    sep=st.sampled_from([",", "."]),
    space=st.sampled_from(["", " "]),
    qualifier=st.sampled_from(sorted(QUALIFIER_WORDS)),
)
def test_round_trip_percent(whole: int, frac: str, sep: str, space: str, qualifier: str) -> None:
    number = f"{whole}{sep}{frac}" if frac else str(whole)
    line = f"Tỷ lệ đạt {qualifier}{number}{space}% so với kế hoạch."
    (fig,) = find_figures(line)
    assert (fig.unit, fig.qualifier) == ("percent", QUALIFIER_WORDS[qualifier])
    assert fig.text == f"{qualifier}{number}{space}%"
    assert math.isclose(fig.value, float(f"{whole}.{frac or '0'}"), rel_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    num=st.integers(min_value=0, max_value=10**7),
    den=st.integers(min_value=1, max_value=10**7),
    pct=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
)
def test_round_trip_fractions(num: int, den: int, pct: int | None) -> None:
    fraction = f"{vn_format(num, '')}/{vn_format(den, '')}"
    if (num, den) == (24, 7):
        return  # 24/7 is "always on", not a figure
    figure_text = fraction if pct is None else f"{fraction} = {pct}%"
    (fig,) = find_figures(f"Số hồ sơ đạt {figure_text} trên hệ thống.")
    assert fig.text == figure_text
    assert (fig.numerator, fig.denominator) == (num, den)
    assert (fig.unit, fig.value) == (("count", num) if pct is None else ("percent", pct))


# fmt: off
FUZZ_PIECES = (
    "1", "08", "2.164.505", "71,29", "1.234,5", "%", " %", "/", "-", " ", "\t", "(", ")", ".",
    ",", "=", "~", "hơn ", "trên ", "khoảng ", "nghìn", " tỷ", " đồng", "năm ", "ngày ", "2023",
    "Quyết định số ", "QĐ-UBND", "¹", "<sup>2</sup>", "G", "phiên bản ",
)
# fmt: on


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(FUZZ_PIECES),
        max_size=25,
    ).map("".join)
)
def test_fuzz_never_crashes_and_spans_are_sane(text: str) -> None:
    assert_well_formed(text, find_figures(text))


# --------------------------------------------------------------------------- whole corpus

# (snippet of a real normalised line, figure text, value, unit, qualifier)
HAND_PICKED = [
    ("Thuê bao điện thoại di động: 2.164.505", "2.164.505", 2164505, "count", "exact"),
    ("Thuê bao băng rộng cố định: 424.495", "424.495", 424495, "count", "exact"),
    ("có điện thoại thông minh: 71,29%", "71,29%", 71.29, "percent", "exact"),
    ("có kết nối băng rộng cố định: 83,17%", "83,17%", 83.17, "percent", "exact"),
    ("trạm thu phát sóng thông tin di động là: 4.918", "4.918", 4918, "count", "exact"),
    ("cấp độ là 64/64, đạt 100%", "64/64", 64, "count", "exact"),
    ("cấp độ là 64/64, đạt 100%", "100%", 100, "percent", "exact"),
    ("là 180/188 cơ quan, đạt tỉ lệ 95,74%", "180/188", 180, "count", "exact"),
    ("là 180/188 cơ quan, đạt tỉ lệ 95,74%", "95,74%", 95.74, "percent", "exact"),
    ("là 16/20 cơ quan, tỷ lệ 80%", "16/20", 16, "count", "exact"),
    ("(1.144 dịch vụ)", "1.144", 1144, "count", "exact"),
    ("với độ chính xác trên 90%", "trên 90%", 90, "percent", "lower_bound"),
    ("đã giải ngân 44,778 tỷ đồng", "44,778 tỷ đồng", 44.778, "billion_vnd", "exact"),
    ("tổng kinh phí là 10,034 tỷ đồng", "10,034 tỷ đồng", 10.034, "billion_vnd", "exact"),
    ("tổng kinh phí cấp 0,4 tỷ đồng", "0,4 tỷ đồng", 0.4, "billion_vnd", "exact"),
    ("là 3.514 triệu đồng", "3.514 triệu đồng", 3514, "million_vnd", "exact"),
    ("năm 2024: 47.678 triệu đồng", "47.678 triệu đồng", 47678, "million_vnd", "exact"),
    ("trong năm: 2.132.000.000 đồng", "2.132.000.000 đồng", 2132000000, "vnd", "exact"),
    ("đến 31/8/2023: 723.597.332 đồng", "723.597.332 đồng", 723597332, "vnd", "exact"),
    ("ban hành hơn 13 nghìn văn bản", "hơn 13 nghìn", 13000, "count", "lower_bound"),
    ("Sở TT&TT\t~70%", "~70%", 70, "percent", "approx"),
    ("Sở TT&TT\t~20%", "~20%", 20, "percent", "approx"),
    ("Sở TT&TT\t82.5%", "82.5%", 82.5, "percent", "exact"),
    ("Sở TT&TT\t96,97%", "96,97%", 96.97, "percent", "exact"),
    ("Sở TT&TT\t0%", "0%", 0, "percent", "exact"),
    ("57.620 trực tiếp, 37126 trực tuyến (tỷ lệ 31,3%)", "37126", 37126, "count", "exact"),
    ("57.620 trực tiếp, 37126 trực tuyến (tỷ lệ 31,3%)", "31,3%", 31.3, "percent", "exact"),
    ("đạt tỷ lệ  232/232 = 100%", "232/232 = 100%", 100, "percent", "exact"),
    ("đạt tỉ lệ:  53/53 = 100%", "53/53 = 100%", 100, "percent", "exact"),
    ("22.672 trực tuyến (tỷ lệ 30 %)", "30 %", 30, "percent", "exact"),
    ("tham gia hơn 300 đại biểu", "hơn 300", 300, "count", "lower_bound"),
    ("tập huấn cho hơn 400 cán bộ", "hơn 400", 400, "count", "lower_bound"),
    ("cho khoảng 18.000 thành viên", "khoảng 18.000", 18000, "count", "approx"),
    ("Sở TT&TT\t80,45%; 79,80%; 82,72%", "80,45%", 80.45, "percent", "exact"),
    ("Sở TT&TT\t80,45%; 79,80%; 82,72%", "79,80%", 79.8, "percent", "exact"),
    ("Sở TT&TT\t80,45%; 79,80%; 82,72%", "82,72%", 82.72, "percent", "exact"),
    ("Trên 95% hồ sơ công việc", "Trên 95%", 95, "percent", "lower_bound"),
    ("đạt được hơn 10% dịch vụ công", "hơn 10%", 10, "percent", "lower_bound"),
    ("đã có 08/11 huyện", "08/11", 8, "count", "exact"),
    ("Có 37/39 hệ thống", "37/39", 37, "count", "exact"),
    ("mở: 03/09 cơ quan, đạt tỉ lệ 33,3%", "33,3%", 33.3, "percent", "exact"),
    ("mức 4: 1057 dịch vụ", "1057", 1057, "count", "exact"),
    ("cung cấp 3560 thông tin doanh nghiệp", "3560", 3560, "count", "exact"),
    ("có tổng số 41 thủ tục", "41", 41, "count", "exact"),
    ("triển khai trên 130 lớp", "trên 130", 130, "count", "lower_bound"),
    ("Tổng số\t232\t229", "232", 232, "count", "exact"),
    ("tổng cộng 6.517 thành viên", "6.517", 6517, "count", "exact"),
    ("Tỷ lệ ký số văn bản điện tử 91,08%", "91,08%", 91.08, "percent", "exact"),
]


@pytest.mark.slow
def test_corpus_is_fast() -> None:
    lines = [line for _, _, line in corpus_lines()]
    assert len(lines) > 1000
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        for line in lines:
            find_figures(line)
        best = min(best, time.perf_counter() - t0)
    assert best < 0.2, f"corpus took {best:.3f}s"


def test_corpus_spans_are_sane_and_skip_documents_and_dates() -> None:
    bad_text = re.compile(r"/(?:QĐ|KH|NĐ)|/(?:19|20)[0-9]{2}(?![0-9])|[0-9]+/[0-9]+/[0-9]+")
    total = 0
    for name, number, line in corpus_lines():
        figs = find_figures(line)
        total += len(figs)
        assert_well_formed(line, figs)
        for f in figs:
            assert not bad_text.search(f.text), (name, number, f)
            assert not re.fullmatch(r"(?:19|20)[0-9]{2}", f.text), (name, number, f)  # bare year
            # the figure never continues a document code or a date
            assert not line[f.end : f.end + 2].startswith(("/Q", "/K", "/N", "-N")), (name, f)
    assert total > 400


@pytest.mark.parametrize(("snippet", "text", "value", "unit", "qualifier"), HAND_PICKED)
def test_corpus_hand_picked(
    snippet: str, text: str, value: float, unit: str, qualifier: str
) -> None:
    hits = [line for _, _, line in corpus_lines() if snippet in line]
    assert hits, f"snippet not in corpus: {snippet!r}"
    line = hits[0]
    lo = line.index(snippet)
    hi = lo + len(snippet)
    figs = [f for f in find_figures(line) if lo <= f.start and f.end <= hi and f.text == text]
    assert figs, (snippet, summary(line[lo:hi]))
    fig = figs[0]
    assert fig.value == pytest.approx(value, rel=1e-12)
    assert (fig.unit, fig.qualifier) == (unit, qualifier)


def test_corpus_real_fractions_carry_both_parts() -> None:
    line = next(ln for _, _, ln in corpus_lines() if "232/232 = 100%" in ln)
    (fig,) = [f for f in find_figures(line) if f.unit == "percent"]
    assert (fig.numerator, fig.denominator, fig.value) == (232, 232, 100)
    line = next(ln for _, _, ln in corpus_lines() if "180/188 cơ quan" in ln)
    fig = next(f for f in find_figures(line) if f.text == "180/188")
    assert (fig.numerator, fig.denominator, fig.value, fig.unit) == (180, 188, 180, "count")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("doanh thu giảm -5% so với cùng kỳ", [(-5.0, "percent")]),  # a glued minus is a sign
        ("rút ngắn từ 30% - 50% thời gian họp", [(30.0, "percent"), (50.0, "percent")]),  # a range
        ("Trong 5 tháng đầu năm 2024, tỷ lệ đạt 77,15%", [(77.15, "percent")]),  # 5 months
        ("giải quyết trong 02 ngày", []),  # a duration
        ("gồm: 1. chữ ký số, 2. ký số văn bản", []),  # inline list items
        ("Số hệ thống là 2. Năm nay tăng thêm", [(2.0, "count")]),  # a sentence end
    ],
)
def test_signs_durations_and_inline_lists(text, expected):
    assert [(f.value, f.unit) for f in find_figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Huyện lên thị xã trước kế hoạch gần 1 năm",  # a duration, however qualified
        "Sau hơn 3 tháng vận hành chính quyền địa phương 2 cấp",  # and the system's name
        "mô hình chính quyền 2 cấp",
    ],
)
def test_durations_and_the_two_tier_name_are_no_figures(text: str) -> None:
    assert find_figures(text) == []


def test_a_time_taken_in_minutes_stays_a_figure() -> None:
    (fig,) = find_figures("chỉ mất khoảng 15 phút")
    assert (fig.value, fig.qualifier) == (15, "approx")


def test_an_amount_out_of_its_whole_keeps_its_currency() -> None:
    (fig,) = find_figures("giải ngân đạt 118,4/140 tỷ đồng")
    assert (fig.value, fig.unit, fig.numerator, fig.denominator) == (
        118.4,
        "billion_vnd",
        118.4,
        140,
    )
    (fig,) = find_figures("đã chi 9.800/12.500 triệu đồng")
    assert (fig.value, fig.unit, fig.denominator) == (9800, "million_vnd", 12500)


def test_a_decimal_in_brackets_is_read() -> None:
    assert [f.value for f in find_figures("năm 2023 (0,5217)")] == [0.5217]
    assert find_figures("(1) Cập nhật") == []


def test_percentage_points_and_video_sites_are_no_scores() -> None:
    from analysis.reading.scores import read_figures

    (fig,) = read_figures("tăng 6,4 điểm phần trăm so với năm 2024")
    assert (fig.value, fig.unit, fig.text) == (6.4, "percent", "6,4 điểm phần trăm")
    (fig,) = read_figures("Hệ thống hội nghị truyền hình trực tuyến kết nối tới 215 điểm")
    assert (fig.value, fig.unit) == (215, "count")
    (fig,) = read_figures("Chỉ số DTI đạt 0,6512 điểm")
    assert fig.unit == "points"
