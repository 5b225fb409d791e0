"""The facet rules on sentences written for these tests (not copied from any report)."""

from __future__ import annotations

import pytest

from analysis.checks.candidates import unclassified_candidates
from analysis.corpus.language import detect_language
from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog


@pytest.fixture(scope="module")
def run():
    cat, scopes = load_catalog(), ev._no_ranges(ev.load_scope_rules())

    def _run(text: str, lang: str = "vi") -> list[tuple[float, str, str | None]]:
        return [(r.value, r.unit, r.indicator) for r in ev.run_text(text, "t", lang, cat, scopes)]

    return _run


def test_a_notice_reads_by_facets_whatever_the_order(run):
    got = run(
        "Trong quý, Trung tâm tiếp nhận 9.120 hồ sơ, trong đó 6.410 hồ sơ nộp trực tuyến, "
        "chiếm 70,3%; số hồ sơ quá hạn là 14."
    )
    assert got == [
        (9120, "count", "dossiers_received"),
        (6410, "count", "dossiers_received_online"),
        (70.3, "percent", "online_application_rate"),
        (14, "count", "dossiers_overdue"),
    ]
    # the same facts, the rate first and the object after the number
    got = run("Tỷ lệ nộp hồ sơ trực tuyến đạt 70,3% với 6.410 hồ sơ.")
    assert got[0] == (70.3, "percent", "online_application_rate")


def test_an_english_notice(run):
    got = run(
        "Of the 5,230 dossiers resolved, 5,188 were settled on time (99.2%), while 42 were "
        "overdue.",
        "en",
    )
    assert got == [
        (5230, "count", "dossiers_resolved"),
        (5188, "count", "dossiers_resolved_on_time"),
        (99.2, "percent", "on_time_resolution_rate"),
        (42, "count", "dossiers_overdue"),
    ]


def test_index_scores_and_ranks(run):
    got = run("Năm 2024, Chỉ số cải cách hành chính của tỉnh đạt 86,12 điểm, xếp thứ 17/63.")
    assert got == [(86.12, "points", "par_index_score"), (17, "rank", "par_index_rank")]
    got = run("In the 2024 PCI the province scored 68.4 points, up three places.", "en")
    assert got == [(68.4, "points", "pci_score"), (3, "rank", "pci_rank_change")]


def test_a_list_read_respectively_takes_the_parts_in_their_places(run):
    got = run("Các chỉ số DTI, PAR Index và SIPAS của tỉnh lần lượt đạt 0,6521; 89,44% và 85,1%.")
    assert [g[2] for g in got] == ["dti_score", "par_index_score", "sipas_score"]
    got = run("The DTI, PAR Index and SIPAS reached 0.6521, 89.44% and 85.1% respectively.", "en")
    assert [g[2] for g in got] == ["dti_score", "par_index_score", "sipas_score"]
    # named in another order, read in that order
    got = run(
        "Hai nhóm chỉ số số hóa hồ sơ và công khai, minh bạch lần lượt đạt 14,2 và 17,9 điểm."
    )
    assert [g[2] for g in got] == ["index766_digitisation_score", "index766_transparency_score"]
    # the six parts of the Decision 766 index named by none: their published order
    got = run(
        "Sáu nhóm chỉ số thành phần của Bộ chỉ số 766 lần lượt đạt 16,8; 19,4; 9,2; 6,7; 17,5 và 13,9 điểm."
    )
    assert [g[2] for g in got] == [
        "index766_transparency_score",
        "index766_progress_score",
        "index766_online_services_score",
        "index766_online_payment_score",
        "index766_satisfaction_score",
        "index766_digitisation_score",
    ]
    # without "lần lượt" a list is not split by part
    got = run("DTI, PAR Index và SIPAS đạt 0,6521; 89,44% và 85,1%.")
    assert [g[2] for g in got] != ["dti_score", "par_index_score", "sipas_score"]


def test_a_short_line_naming_a_level_scopes_the_lines_below():
    cat, scopes = load_catalog(), ev._no_ranges(ev.load_scope_rules())
    text = "Khối UBND cấp huyện:\n- Tân Yên: 89,1 điểm;\nKết quả của tỉnh:\n- Tổng điểm: 86,2 điểm."
    rows = ev.run_text(text, "t", "vi", cat, scopes, title="Bộ chỉ số phục vụ người dân")
    assert [(r.value, r.scope) for r in rows] == [(89.1, "district"), (86.2, "province")]


def test_targets_are_not_results(run):
    got = run("Năm 2024, tỷ lệ hồ sơ trực tuyến đạt 61,4% (đạt 82% mục tiêu).")
    assert got == [
        (61.4, "percent", "online_application_rate"),
        (82, "percent", "target_achievement_rate"),
    ]
    got = run("Phấn đấu đến năm 2026, tỷ lệ thanh toán trực tuyến đạt 60%.")
    assert got == [(60, "percent", "online_payment_rate_target")]


def test_parts_in_brackets_are_not_second_values(run):
    got = run("Toàn tỉnh có 14 điểm cầu truyền hình (02 điểm cầu tại Sở, 12 điểm cầu tại huyện).")
    assert got[0] == (14, "count", "video_conference_points")
    assert [g[2] for g in got[1:]] == [None, None]


def test_an_unclassified_figure_with_an_object_becomes_a_candidate_finding():
    cat, scopes = load_catalog(), ev._no_ranges(ev.load_scope_rules())
    rows = ev.run_text(
        "Năm nay đã cấp thêm 312 tài khoản định danh cho người dân.", "t", "vi", cat, scopes
    )
    assert rows[0].indicator is None and rows[0].extra.get("candidates")
    found = unclassified_candidates([(rows[0], "")], "An Giang")
    assert found and found[0].check == "unclassified_candidate"
    first = rows[0].extra["candidates"][0]
    assert cat[first].name_en in found[0].message  # named as readers read it, not by its id
    assert first not in found[0].message


def test_language_is_detected():
    assert detect_language("Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 72%, tăng so với cùng kỳ.") == "vi"
    assert detect_language("The province received 1,712 dossiers in the first quarter.") == "en"
