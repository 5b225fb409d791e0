"""Each figure's own period: time expressions, the figure they govern, and the indicators key.

The sentences are written for these tests in the wording of provincial reports and portal
notices (figures invented); the seed checks read the real reports.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.corpus.periods import parse_period, span_label
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.figure_periods import assign_periods, report_span
from analysis.reading.reports import parse_report_text, read_report
from analysis.reading.time_expressions import Span, find_time_expressions

Q1_2024 = Span(date(2024, 1, 1), date(2024, 3, 31))


def _spans(text: str, ref: Span = Q1_2024) -> list[tuple[str, str, str, str]]:
    return [
        (text[e.start : e.end], e.span.first.isoformat(), e.span.last.isoformat(), e.role)
        for e in find_time_expressions(text, ref)
    ]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("5 tháng đầu năm 2024, tỷ lệ", "2024-01-01", "2024-05-31"),
        ("Năm 2022, Sở đã", "2022-01-01", "2022-12-31"),
        ("trong quý I/2023 đã", "2023-01-01", "2023-03-31"),
        ("Quý III năm 2025, toàn tỉnh", "2025-07-01", "2025-09-30"),
        ("trong tháng 8/2025, Trung tâm", "2025-08-01", "2025-08-31"),
        ("từ ngày 1 – 31/8/2025, tiếp nhận", "2025-08-01", "2025-08-31"),
        ("Từ ngày 01/7/2025 đến ngày 31/12/2025, toàn tỉnh", "2025-07-01", "2025-12-31"),
        ("Giai đoạn 1: từ 6/2020 đến tháng 12/2020. Thí điểm", "2020-06-01", "2020-12-31"),
        ("Lũy kế từ đầu năm đến hết tháng 9/2024, toàn tỉnh", "2024-01-01", "2024-09-30"),
        ("6 tháng đầu năm, tỷ lệ", "2024-01-01", "2024-06-30"),  # the report's year
        ("lũy kế đến nay đạt", "2024-03-31", "2024-03-31"),  # the report's last day
        ("Đến nay, toàn tỉnh có", "2024-03-31", "2024-03-31"),
        ("Tính đến ngày 30/6/2024, đã có", "2024-06-30", "2024-06-30"),
        ("Đến hết tháng 9/2025, các xã", "2025-09-30", "2025-09-30"),
        ("In the first 10 months of 2025, the province", "2025-01-01", "2025-10-31"),
        ("As of June 30, 2024, the province had", "2024-06-30", "2024-06-30"),
        ("in the first quarter, the centre", "2024-01-01", "2024-03-31"),
        ("at the end of 2023", "2023-12-31", "2023-12-31"),
        ("Chỉ số DTI 2023 của tỉnh", "2023-01-01", "2023-12-31"),
        ("(Từ ngày 01 tháng 01 năm 2023 đến ngày 31 tháng 5 năm 2024)", "2023-01-01", "2024-05-31"),
        ("Trong 9 tháng năm 2024, tỉnh", "2024-01-01", "2024-09-30"),
        ("Trong 3 quý đầu năm 2024, tỉnh", "2024-01-01", "2024-09-30"),
        ("Nửa đầu năm 2024, tỉnh", "2024-01-01", "2024-06-30"),
        ("In H1 2024, the province", "2024-01-01", "2024-06-30"),
        # the period before the report's: the month, the quarter, the year
        ("Tháng trước, tỉnh đạt", "2024-02-01", "2024-02-29"),  # before the report's last
        ("Quý trước, tỉnh đạt", "2023-10-01", "2023-12-31"),
        ("In the previous quarter, the province", "2023-10-01", "2023-12-31"),
        # "last year" / "năm ngoái" is the whole year before; "cùng kỳ" the same span a year back
        ("Last year the province", "2023-01-01", "2023-12-31"),
        ("Năm ngoái, tỉnh xếp thứ", "2023-01-01", "2023-12-31"),
        ("Cùng kỳ năm trước, tỉnh đạt", "2023-01-01", "2023-03-31"),
        ("In the same period last year, the province", "2023-01-01", "2023-03-31"),
        ("In the same period of 2022, the province", "2022-01-01", "2022-03-31"),
        ("Cùng kỳ năm 2022, tỉnh đạt", "2022-01-01", "2022-03-31"),
    ],
)
def test_time_expressions(text: str, first: str, last: str) -> None:
    spans = _spans(text)
    assert len(spans) == 1, spans
    assert spans[0][1:3] == (first, last)


def test_document_references_are_not_periods() -> None:
    text = (
        "Thực hiện Quyết định số 1291/QĐ-UBND ngày 19/12/2022 của Chủ tịch UBND tỉnh về cải "
        "cách hành chính năm 2023; Báo cáo số 565-BC/TU ngày 17/05/2024 tổng kết Nghị quyết "
        "số 36-NQ/TW ngày 01/7/2014"
    )
    assert _spans(text) == []


def test_roles() -> None:
    roles = {s[0]: s[3] for s in _spans("Mục tiêu đến năm 2025 đạt 80%, tăng so với năm 2022")}
    assert roles == {"đến năm 2025": "horizon", "so với năm 2022": "compare"}
    assert _spans("phủ sóng từ ngày 15/10/2023")[0][3] == "since"
    # a month's last-months wording is not a year-end instant
    assert not any(s[1] == s[2] for s in _spans("phương hướng những tháng cuối năm 2023"))


def _periods(text: str, period: str = "2024-Q1") -> list[tuple[float, str, str]]:
    rep = parse_report_text(text.encode("utf-8"))
    rows = extract_report(rep, "t", load_catalog())
    p = parse_period(period)
    assign_periods(rep, rows, Span(p.start, p.end))
    return [(r.value, r.period_start or "", r.period_end or "") for r in rows]


def test_figure_takes_the_expression_that_governs_it() -> None:
    got = _periods(
        "Năm 2023, tỷ lệ hồ sơ trực tuyến đạt 61,2%, tăng so với năm 2022 (48,5%); "
        "quý I/2024 đạt 70,4%."
    )
    assert got == [
        (61.2, "2023-01-01", "2023-12-31"),
        (48.5, "2022-01-01", "2022-12-31"),
        (70.4, "2024-01-01", "2024-03-31"),
    ]


def test_attached_expression_wins_and_later_comparison_is_ignored() -> None:
    got = _periods("Tỷ lệ hồ sơ trực tuyến tăng từ 21,4% (năm 2021) lên 66,7% (năm 2023).", "2023")
    assert [g[1][:4] for g in got] == ["2021", "2023"]
    got = _periods("Năm 2023, tỉnh xếp thứ 18/63, tăng 5 bậc so với năm 2022.", "2023")
    assert {g[1] for g in got} == {"2023-01-01"}


def test_a_comparison_heading_its_sentence_or_a_change_dates_no_figure() -> None:
    # "So với tháng 4/2024, tỉnh tăng 2 bậc": the move is of the report's month
    got = _periods("So với tháng 4/2024, tỉnh tăng 2 bậc và đạt 85,1 điểm.", "2024-05")
    assert {g[1] for g in got} == {"2024-05-01"}
    # "(tháng 4/2024: 78,96)" labels the figure after it, not the one before
    got = _periods("Tổng điểm: 80,18/100 (tháng 4/2024: 78,96)", "2024-05")
    assert [g[1] for g in got] == ["2024-05-01", "2024-04-01"]
    # "cao hơn năm 2022 …" compares; the rank after is of the index's own year
    got = _periods(
        "PAR Index 2023 đạt 85,46%, cao hơn năm 2022 là 2,46 điểm, xếp thứ 40/63", "2023"
    )
    assert got[-1][1] == "2023-01-01"


def test_heading_sets_the_period_of_its_lines() -> None:
    text = (
        "1. Kết quả thực hiện (tính đến ngày 15/3/2024)\n"
        "- Số hóa hồ sơ: 82,5%.\n"
        "2. Chỉ tiêu năm 2025\n"
        "- Số hóa hồ sơ: phấn đấu đạt 95%.\n"
        "3. Đánh giá chung\n"
        "- Có 12 cơ quan chưa hoàn thành.\n"
    )
    got = _periods(text)
    assert got == [
        (82.5, "2024-03-15", "2024-03-15"),
        (95.0, "2025-01-01", "2025-12-31"),
        (12.0, "2024-01-01", "2024-03-31"),  # a new heading ends the carried period
    ]


def test_a_programme_name_is_not_a_period() -> None:
    got = _periods("Triển khai Đề án số hóa hồ sơ giai đoạn 2021 – 2025, bảo đảm tỷ lệ 100%.")
    assert got == [(100.0, "2024-01-01", "2024-03-31")]


def test_a_period_carries_over_the_paragraph() -> None:
    """B5: a period stated earlier in a paragraph governs figures whose sentence states none,
    until a new period, a blank line or a heading."""
    text = (
        "Trong quý III/2024, Trung tâm tiếp tục đẩy mạnh tiếp nhận hồ sơ qua mạng.\n"
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 81,3%; thanh toán trực tuyến đạt 42,6%.\n"
        "\n"
        "Tỷ lệ hồ sơ cấp kết quả điện tử đạt 77,1%.\n"
    )
    got = _periods(text, "2024")
    assert got == [
        (81.3, "2024-07-01", "2024-09-30"),
        (42.6, "2024-07-01", "2024-09-30"),
        (77.1, "2024-01-01", "2024-12-31"),  # a blank line ends the paragraph
    ]
    # a period after a figure dates that figure alone, not the next line
    text = (
        "Năm 2024, chỉ số DTI của tỉnh đạt 0,6612 điểm, tăng từ 0,5820 điểm năm 2023.\n"
        "Tỉnh xếp thứ 21/63."
    )
    assert [g[1] for g in _periods(text, "2024")] == ["2024-01-01", "2023-01-01", "2024-01-01"]


def test_to_date_after_a_period_that_runs_up_to_now() -> None:
    """ "Trong 5 tháng đầu năm 2024, … Đến nay có N học viên": N counts from January 2024."""
    text = (
        "Trong 5 tháng đầu năm 2024, Sở mở các khóa bồi dưỡng trên nền tảng học trực tuyến. "
        "Đến nay có 2.410 học viên tham gia 12 khóa học."
    )
    assert {g[1:] for g in _periods(text, "2024-05")} == {("2024-01-01", "2024-05-31")}
    # after a period already over, "đến nay" is a stock on the report's last day
    text = "Năm 2023 Sở mở 8 khóa học. Đến nay có 2.410 học viên."
    assert _periods(text, "2024-05")[-1][1:] == ("2024-05-31", "2024-05-31")
    # "lũy kế đến nay" is a total since the start, not the count of the months before it
    text = (
        "Trong 5 tháng đầu năm 2024, hệ thống vận hành ổn định. Lũy kế đến nay có 2.410 tài khoản."
    )
    assert _periods(text, "2024-05")[-1][1:] == ("2024-05-31", "2024-05-31")


def test_a_footnote_takes_the_period_of_its_mark() -> None:
    text = (
        "Trong quý I/2024, Sở mở 3 lớp bồi dưỡng kỹ năng số<sup>4</sup>; ban hành văn bản "
        "hướng dẫn về an toàn thông tin<sup>5</sup>.\n"
        "\n"
        "<sup>4</sup> Gồm 02 lớp trực tuyến và 01 lớp trực tiếp.\n"
        "\n"
        "<sup>5</sup> Có 12 văn bản.\n"
    )
    got = _periods(text, "2024")
    assert got[:3] == [
        (3.0, "2024-01-01", "2024-03-31"),
        (2.0, "2024-01-01", "2024-03-31"),  # the classes of the first quarter
        (1.0, "2024-01-01", "2024-03-31"),
    ]
    # a period of an earlier clause (before ";") does not date the mark's footnote
    assert got[3] == (12.0, "2024-01-01", "2024-12-31")


def test_a_deadline_governs_its_own_sentence_only() -> None:
    text = (
        "Trong 6 tháng đầu năm 2024, Sở ban hành Kế hoạch chuyển đổi số đến năm 2025. "
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 71,5%."
    )
    assert _periods(text, "2024-H1") == [(71.5, "2024-01-01", "2024-06-30")]


def test_comparison_periods() -> None:
    """B4: "cùng kỳ" is the same span a year earlier; a period in parentheses after a figure
    dates that figure alone; a comparison's year does not flow back to the figure before it."""
    got = _periods(
        "So với cùng kỳ năm 2024 (52,3%), tỷ lệ hồ sơ nộp trực tuyến quý I/2025 tăng lên 68,1%.",
        "2025-Q1",
    )
    assert got == [(52.3, "2024-01-01", "2024-03-31"), (68.1, "2025-01-01", "2025-03-31")]
    got = _periods("So với cùng kỳ, tỷ lệ hồ sơ trực tuyến tăng từ 31,2% lên 44,7%.", "2025-Q1")
    assert got == [(31.2, "2024-01-01", "2024-03-31"), (44.7, "2025-01-01", "2025-03-31")]
    # without "cùng kỳ", "từ A lên B" keeps A the period just before
    got = _periods("Tỷ lệ hồ sơ trực tuyến tăng từ 31,2% lên 44,7%.", "2025-Q1")
    assert got[0] == (31.2, "2024-10-01", "2024-12-31")
    got = _periods("Tỷ lệ hồ sơ trực tuyến tăng từ 28,4% (quý I/2024) lên 47,9%.", "2025-Q1")
    assert got == [(28.4, "2024-01-01", "2024-03-31"), (47.9, "2025-01-01", "2025-03-31")]
    got = _periods("Tỷ lệ hồ sơ trực tuyến đạt 66,2%, so với 51,4% năm 2024.", "2025-Q1")
    assert got == [(66.2, "2025-01-01", "2025-03-31"), (51.4, "2024-01-01", "2024-12-31")]
    # a list before one period keeps it: "A và B vào cuối năm 2025"
    got = _periods("Tỷ lệ hồ sơ trực tuyến đạt 66,2% và 51,4% trong quý IV/2024.", "2025-Q1")
    assert [g[1] for g in got] == ["2024-10-01", "2024-10-01"]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2024-01-01", "2024-12-31", "2024"),
        ("2024-04-01", "2024-06-30", "2024-Q2"),
        ("2024-07-01", "2024-12-31", "2024-H2"),
        ("2024-08-01", "2024-08-31", "2024-08"),
        ("2024-01-01", "2024-05-31", "2024-01/2024-05"),
        ("2021-01-01", "2025-12-31", "2021/2025"),
        ("2023-03-24", "2023-03-28", "2023-03"),
    ],
)
def test_span_labels(start: str, end: str, label: str) -> None:
    assert span_label(date.fromisoformat(start), date.fromisoformat(end)) == label
    if start.endswith("-01"):
        assert parse_period(label).start.isoformat() == start


@pytest.fixture(scope="module")
def seed_periods(manifest) -> dict[str, dict[tuple[int, float], tuple[str, str]]]:
    out = {}
    cat = load_catalog()
    for rec in manifest.to_dict("records"):
        rep = read_report(rec["path"])
        rows = extract_report(rep, rec["report_id"], cat)
        assign_periods(rep, rows, report_span(rec["period_start"], rec["period_end"]))
        out[rec["report_id"]] = {(r.line, r.value): (r.period_start, r.period_end) for r in rows}
    return out


def test_seed_figures_of_earlier_periods(seed_periods) -> None:
    ag = seed_periods["an-giang-2023-q1"]
    assert ag[(99, 954)] == ("2020-06-01", "2020-12-31")  # pilot, phase 1
    assert ag[(169, 54)] == ("2022-01-01", "2022-12-31")  # trainees of 2022
    assert ag[(151, 2079)] == ("2023-03-31", "2023-03-31")  # "Đến nay": a stock
    assert ag[(155, 72.9)] == ("2023-01-01", "2023-03-31")  # no expression: the report's
    bg = seed_periods["bac-giang-2024-05"]
    assert bg[(77, 77.15)] == ("2024-01-01", "2024-05-31")  # "5 tháng đầu năm 2024"
    # "Trong 5 tháng đầu năm 2024, … Đến nay có 34 đơn vị, với 1.893 học viên tham gia 10 khóa
    # học": the MOOC learners of those five months
    assert bg[(93, 1893)] == bg[(93, 10)] == ("2024-01-01", "2024-05-31")
    assert bg[(93, 18000)] == ("2023-01-01", "2023-12-31")  # "năm 2023 cho khoảng 18.000"
    tv = seed_periods["tra-vinh-2023-q3"]
    assert tv[(111, 1304669823)] == ("2023-08-31", "2023-08-31")  # "đến 31/8/2023"


def test_indicators_key_on_the_figures_period() -> None:
    indicators = pd.read_csv("data/processed/indicators.csv", dtype=str)
    ag = indicators[indicators["report_id"] == "an-giang-2023-q1"]
    pilot = ag[ag["indicator"] == "endpoint_protection_licences"]
    assert "2023-Q1" not in set(pilot["period_label"])
    assert set(pilot["period_label"]) <= {"2020-06/2020-12", "2022-01/2022-05"}
    trainees = ag[(ag["indicator"] == "digital_training_participants")]
    q1 = trainees[trainees["period_label"] == "2023-Q1"]
    assert set(q1["value"].astype(float)) <= {400.0}  # never 54 (2022) or 300 (2022)
    bg = indicators[
        (indicators["report_id"] == "bac-giang-2024-05")
        & (indicators["indicator"] == "online_application_rate")
    ]
    learners = indicators[
        (indicators["report_id"] == "bac-giang-2024-05")
        & (indicators["indicator"] == "digital_training_participants")
        & (indicators["value"].astype(float) == 1893)
    ]
    assert set(learners["period_label"]) == {"2024-01/2024-05"}
    row = bg[bg["value"].astype(float) == 77.15].iloc[0]
    assert (row["period_label"], row["period_start"], row["period_end"]) == (
        "2024-01/2024-05",
        "2024-01-01",
        "2024-05-31",
    )


def test_an_aside_inside_a_range_does_not_cut_it() -> None:
    # (classes-8 M17) the start's aside says what it was; the range is still a range
    text = "Lũy kế từ 01/7/2025 (ngày các xã mới vận hành, mô hình 2 cấp) đến 31/10/2025, cấp xã"
    got = _spans(text, Span(date(2025, 10, 1), date(2025, 10, 31)))
    assert [(g[1], g[2]) for g in got] == [("2025-07-01", "2025-10-31")]
    # an aside after a figure in "từ A (quý I) lên B" is still the figure's own period
    assert ("quý I/2024", "2024-01-01", "2024-03-31", "frame") in _spans(
        "tăng từ 28,4% (quý I/2024) đến 47,9%"
    )


def test_a_goal_when_the_project_ends_is_due_at_the_programmes_end() -> None:
    got = _periods(
        "Đề án số hóa giai đoạn 2021 – 2026 bảo đảm tỷ lệ 90% hồ sơ được số hóa khi dự án"
        " kết thúc.",
        "2024",
    )
    assert got == [(90.0, "2026-01-01", "2026-12-31")]
    # the span in the heading above it
    got = _periods(
        "**2. Dự án số hóa hồ sơ giai đoạn 2022-2027**\n\n"
        "Mục tiêu: 85% hồ sơ được số hóa khi dự án hoàn thành và kết thúc.\n",
        "2024",
    )
    assert got == [(85.0, "2027-01-01", "2027-12-31")]
    # no span stated: the report's period
    got = _periods("Phấn đấu 95% hồ sơ được số hóa khi dự án kết thúc.", "2024")
    assert got == [(95.0, "2024-01-01", "2024-12-31")]


def test_an_earlier_period_labelling_the_figure_after_it_does_not_date_the_one_before() -> None:
    got = _periods("Tỷ lệ giải quyết đúng hạn đạt 97,2% (quý I/2025 đạt 95,8%).", "2025-Q2")
    assert got == [(97.2, "2025-04-01", "2025-06-30"), (95.8, "2025-01-01", "2025-03-31")]
