"""Rules that read unseen wording: period resets ("hiện tại", "từ X lên Y"), scores and ranks
named by their words, a share in brackets, level cues in the evaluation, the matched rule.

Sentences are written for these tests in the wording of portal notices, index bulletins and
English portal editions (figures invented); the seed check reads the real Bắc Giang report.
"""

from __future__ import annotations

from datetime import date

import pytest

from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.figure_periods import assign_periods, report_span
from analysis.reading.reports import read_report
from analysis.reading.time_expressions import Span

CATALOG = load_catalog()
SCOPES = ev._no_ranges(ev.load_scope_rules())


def rows(text: str, language: str = "vi", period: str | None = None):
    return ev.run_text(text, "t", language, CATALOG, SCOPES, period)


def one(text: str, value: float, language: str = "vi", period: str | None = None):
    hits = [r for r in rows(text, language, period) if r.value == value]
    assert len(hits) == 1, [(r.value, r.indicator) for r in rows(text, language, period)]
    return hits[0]


def test_currently_resets_to_the_report_period():
    r = one(
        "Năm 2023 ban hành kế hoạch; hiện tại toàn tỉnh có 87 HTTT được phê duyệt",
        87,
        period="2023-01/2024-05",
    )
    assert (r.period_start, r.period_end) == ("2023-01-01", "2024-05-31")
    r = one(
        "In 2022 the plan was issued; currently 1,204 services are online", 1204, "en", "2024-Q2"
    )
    assert (r.period_start, r.period_end) == ("2024-04-01", "2024-06-30")


def test_bac_giang_line_95_is_of_the_report_period():
    from analysis import paths

    report = read_report(paths.reports_dir() / "bac-giang_2024-05_stttt.txt")
    got = extract_report(report, "bac-giang-2024-05", CATALOG)
    assign_periods(report, got, report_span("2023-01-01", "2024-05-31"))
    (r,) = [r for r in got if r.line == 95 and r.value == 94]
    assert (r.period_start, r.period_end) == ("2023-01-01", "2024-05-31")


@pytest.mark.parametrize(
    ("text", "language", "period", "old", "new", "old_span"),
    [
        ("tỷ lệ hồ sơ trực tuyến tăng từ 41,3% lên 70,2%", "vi", "2024-Q2", 41.3, 70.2,
         ("2024-01-01", "2024-03-31")),
        ("điểm số hóa hồ sơ tăng từ 11,5/22 lên 16,9/22 điểm", "vi", "2025-07", 11.5, 16.9,
         ("2025-06-01", "2025-06-30")),
        ("the online share rose from 38.4% to 61.7%", "en", "2023", 38.4, 61.7,
         ("2022-01-01", "2022-12-31")),
    ],
)  # fmt: skip
def test_from_x_to_y_puts_x_in_the_previous_period(text, language, period, old, new, old_span):
    a, b = one(text, old, language, period), one(text, new, language, period)
    assert (a.period_start, a.period_end) == old_span
    assert (b.period_start, b.period_end) != old_span


def test_from_to_keeps_periods_the_line_states():
    a = one("tỷ lệ tăng từ 45,5% năm 2022 lên 78,5% năm 2023", 45.5, period="2024")
    assert (a.period_start, a.period_end) == ("2022-01-01", "2022-12-31")


def test_previous_span():
    assert Span(date(2024, 4, 1), date(2024, 6, 30)).previous() == Span(
        date(2024, 1, 1), date(2024, 3, 31)
    )
    assert Span(date(2024, 1, 1), date(2024, 1, 31)).previous() == Span(
        date(2023, 12, 1), date(2023, 12, 31)
    )
    assert Span(date(2024, 1, 1), date(2024, 5, 31)).previous() == Span(
        date(2023, 1, 1), date(2023, 5, 31)
    )


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "indicator"),
    [
        ("điểm thanh toán trực tuyến của tỉnh là 6,85", "vi", 6.85, "points",
         "index766_online_payment_score"),
        ("nhóm chỉ tiêu số hóa hồ sơ: 18,3 điểm", "vi", 18.3, "points",
         "index766_digitisation_score"),
        ("PAPI ranking: 21/63", "en", 21, "rank", "papi_rank"),
        ("xếp hạng chính quyền số: 19/63", "vi", 19, "rank", "dti_digital_government_rank"),
        ("chỉ số PCI giảm 3 bậc so với năm trước", "vi", -3, "rank", "pci_rank_change"),
        ("đạt 0,5871 điểm, xếp thứ 24/63", "vi", 24, "rank", "dti_rank"),
    ],
)  # fmt: skip
def test_scores_and_ranks_named_by_their_words(text, language, value, unit, indicator):
    r = one(text, value, language)
    assert (r.unit, r.indicator) == (unit, indicator)


@pytest.mark.parametrize(
    "text", ["thời điểm này tỉnh có 12,5 nghìn tài khoản", "địa điểm tiếp nhận 3,5 km"]
)
def test_point_inside_other_words_is_no_score(text):
    assert all(r.unit != "points" for r in rows(text))


def test_share_in_brackets_takes_the_words_after_it():
    a = one("51,208 applications (98.7%) were settled on time", 98.7, "en")
    assert a.indicator == "on_time_resolution_rate"
    b = one("51,208 applications (98.7%) were settled on time", 51208, "en")
    assert b.indicator == "dossiers_resolved_on_time"


def test_online_services_offered_are_not_all_services():
    assert one("cấp xã cung cấp 174 dịch vụ công trực tuyến", 174).indicator == (
        "online_services_total"
    )


def test_evaluation_keeps_level_cues():
    r = one("cấp xã tiếp nhận 4.312 hồ sơ trực tuyến", 4312)
    assert r.scope == "commune"
    assert SCOPES.district_cues and SCOPES.commune_cues


def test_each_figure_stores_the_rule_that_matched():
    from analysis.facts.review_page import _rule_text
    from analysis.reading.reports import parse_report_text

    text = "Cấp huyện tiếp nhận 6.105 hồ sơ, trong đó trực tuyến 5.230\n"
    report = parse_report_text(text.encode(), "<t>")
    (r,) = [
        x for x in extract_report(report, "t", CATALOG, SCOPES, explain=True) if x.value == 5230
    ]
    assert r.extra["rule"] == "facets"
    assert set(r.extra["matched"].split()) >= {"dossier", "online"}
    shown = _rule_text(r, r.indicator)
    assert "dossiers_received_online" in shown and "online" in shown
    (plain,) = [x for x in extract_report(report, "t", CATALOG, SCOPES) if x.value == 5230]
    assert "matched" not in plain.extra  # the build's rows (and cache) stay as small
    g = one("phấn đấu tỷ lệ hồ sơ được số hóa đạt 80%", 80)
    assert "seed rule" in _rule_text(g, g.indicator) or "facets" in _rule_text(g, g.indicator)


def test_rank_takes_the_index_named_later_in_its_line():
    r = one("Ha Nam slipped five places to 41st in the 2023 PCI", -5, "en")
    assert (r.unit, r.indicator) == ("rank", "pci_rank_change")


@pytest.mark.parametrize(
    ("text", "result", "target", "ind"),
    [
        ("tỷ lệ hồ sơ trực tuyến đạt 44,2% (kế hoạch: 60%)", 44.2, 60, "online_application_rate"),
        ("tỷ lệ số hóa hồ sơ đạt 37,5% (chỉ tiêu kế hoạch là 70%)", 37.5, 70,
         "dossier_digitization_rate"),
        ("tỷ lệ hồ sơ trực tuyến đạt 52,3%, mục tiêu năm 2025 là 80%", 52.3, 80,
         "online_application_rate"),
    ],
)  # fmt: skip
def test_a_stated_target_beside_a_result_is_no_share_of_target(text, result, target, ind):
    assert one(text, result).indicator == ind
    assert one(text, target).indicator == ind + "_target"


def test_share_of_target_reached_still_read():
    assert one("tỷ lệ hồ sơ trực tuyến đạt 49,1% (đạt 82% mục tiêu)", 82).indicator == (
        "target_achievement_rate"
    )
