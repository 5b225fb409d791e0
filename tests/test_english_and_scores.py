"""English numbers by English rules; Vietnamese and English index scores and ranks."""

from __future__ import annotations

import pytest

from analysis.reading.scores import read_figures


def _read(text: str, lang: str) -> list[tuple[float, str, str, float | None]]:
    return [(f.value, f.unit, f.qualifier, f.denominator) for f in read_figures(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the province handles 1,712 procedures", [(1712, "count", "exact", None)]),
        ("a rate of 91.04 per cent", [(91.04, "percent", "exact", None)]),
        ("more than 1,300 dossiers", [(1300, "count", "lower_bound", None)]),
        ("nearly 800,000 people", [(800000, "count", "approx", None)]),
        ("worth VND 44.8 billion", [(44.8, "billion_vnd", "exact", None)]),
        ("1.2 million subscribers", [(1200000, "count", "exact", None)]),
        ("1,102/1,152 services", [(1102, "count", "exact", 1152)]),
        ("ranked 12th out of 63", [(12, "rank", "exact", 63)]),
        ("scoring 44.05 points out of a possible 80", [(44.05, "points", "exact", 80)]),
        ("scored 3.51 out of 10", [(3.51, "points", "exact", 10)]),
        ("up four places", [(4, "rank", "exact", None)]),
        ("slipped one place", [(-1, "rank", "exact", None)]),
        ("fifth in the country", [(5, "rank", "exact", None)]),
        ("scored 14.2 out of a maximum of 22 points", [(14.2, "points", "exact", 22)]),
        # the number of a part of an index is no figure
        ("in dimension 8, e-governance, it scored 1.38", [(1.38, "count", "exact", None)]),
        # "number" as a verb after a plural subject or an adverb; a label after a noun
        ("teams now number 1,532", [(1532, "count", "exact", None)]),
        ("the centres number 14 in all", [(14, "count", "exact", None)]),
        ("under Decision number 12", []),
        # a difference of two shares in percentage points is in percent, not an index score
        ("up 5.3 percentage points", [(5.3, "percent", "exact", None)]),
        ("3.4 pp higher", [(3.4, "percent", "exact", None)]),
        ("rose 0.04 points", [(0.04, "points", "exact", None)]),
    ],
)
def test_english_figures(text, expected):
    assert _read(text, "en") == expected


def test_english_dates_documents_and_durations_are_not_figures():
    text = "On March 28, 2025, under Decision 766 and Plan 12, in the first 10 months, 24/7, 4G"
    assert _read(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đạt 87,46/100 điểm", [(87.46, "points", "exact", 100)]),
        ("DTI đạt 0,6123 điểm", [(0.6123, "points", "exact", None)]),
        ("xếp thứ 27/63 tỉnh, thành phố", [(27, "rank", "exact", 63)]),
        ("đứng thứ 22 cả nước", [(22, "rank", "exact", None)]),
        ("tăng 5 bậc", [(5, "rank", "exact", None)]),
        (
            "giảm 3 bậc, xuống vị trí 38/63",
            [(-3, "rank", "exact", None), (38, "rank", "exact", 63)],
        ),
        # the maximum after a score is its denominator, not a figure of its own
        ("đạt 9,8 điểm trên tổng số 22 điểm", [(9.8, "points", "exact", 22)]),
        ("đạt 17,2 điểm trên thang điểm 18", [(17.2, "points", "exact", 18)]),
        ("đạt 17,2 điểm (tối đa 18 điểm)", [(17.2, "points", "exact", 18)]),
        # "trên 10 tiêu chí" names no maximum
        (
            "đạt 8,5 điểm trên 10 tiêu chí",
            [(8.5, "points", "exact", None), (10, "count", "lower_bound", None)],
        ),
        # the number ranked after a rank is its denominator
        ("xếp thứ 15 trên 63 tỉnh, thành phố", [(15, "rank", "exact", 63)]),
        ("đứng thứ 28 trong tổng số 63 tỉnh", [(28, "rank", "exact", 63)]),
        # ranks and moves in words
        (
            "tăng hai bậc và đứng thứ nhất khu vực",
            [(2, "rank", "exact", None), (1, "rank", "exact", None)],
        ),
        ("giảm ba bậc", [(-3, "rank", "exact", None)]),
        # "nội dung thứ 8" numbers a part of the index
        ("nội dung thứ 8 (quản trị điện tử) đạt 1,25 điểm", [(1.25, "points", "exact", None)]),
    ],
)
def test_vietnamese_scores_and_ranks(text, expected):
    assert _read(text, "vi") == expected


def test_vietnamese_rules_are_unchanged_for_ordinary_figures():
    assert _read("tiếp nhận 2.164.505 hồ sơ, đạt 71,29%", "vi") == [
        (2164505, "count", "exact", None),
        (71.29, "percent", "exact", None),
    ]
