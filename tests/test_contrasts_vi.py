"""Contrasted figures and plan-against-result pairs in Vietnamese notices and plans: each
figure of a comparison keeps its own period and the earlier one is the same measure (not the
current value, not unread); a target stated after "so với chỉ tiêu" is the target; a share
of the plan known by the values beside it is the share of the target reached; by how much
a level differs is no level; the level parts of the province's procedure set are parts.

Sentences are written for these tests in the wording of such documents (figures invented).
"""

from __future__ import annotations

from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog

CATALOG = load_catalog()
SCOPES = ev._no_ranges(ev.load_scope_rules())


def rows(text: str, period: str) -> dict[float, tuple[str | None, str | None]]:
    got = ev.run_text(text, "t", "vi", CATALOG, SCOPES, period, "")
    return {r.value: (r.indicator, r.period_start) for r in got}


def test_an_earlier_level_after_the_figure_is_the_same_measure_of_its_period():
    got = rows("Tỷ lệ số hóa hồ sơ đạt 81,6% (cùng kỳ năm 2024: 59,3%).", "2025-Q2")
    assert got == {
        81.6: ("dossier_digitization_rate", "2025-04-01"),
        59.3: ("dossier_digitization_rate", "2024-04-01"),
    }
    got = rows("Toàn tỉnh tiếp nhận 120.400 hồ sơ (cùng kỳ năm trước 98.310 hồ sơ).", "2025-Q3")
    assert got == {
        120400: ("dossiers_received", "2025-07-01"),
        98310: ("dossiers_received", "2024-07-01"),
    }


def test_a_year_after_a_comma_dates_the_figure_after_it():
    got = rows("Năm 2022, tỷ lệ hồ sơ trực tuyến là 33,1%, năm 2023 đạt 47,8%.", "2023")
    assert got == {
        33.1: ("online_application_rate", "2022-01-01"),
        47.8: ("online_application_rate", "2023-01-01"),
    }


def test_from_to_takes_the_period_of_the_comparison_its_sentence_opens_with():
    got = rows(
        "So với 9 tháng đầu năm 2024, số hồ sơ quá hạn giảm từ 1.204 xuống 655 hồ sơ.", "2025-Q3"
    )
    assert got[1204] == ("dossiers_overdue", "2024-01-01")


def test_targets_shares_of_targets_and_differences():
    got = rows("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,6% so với chỉ tiêu 97%.", "2024")
    assert got[98.6][0] == "on_time_resolution_rate"
    assert got[97][0] == "on_time_resolution_rate_target"
    got = rows("Tỷ lệ thanh toán trực tuyến đạt 36%, đạt 80% so với chỉ tiêu năm là 45%.", "2024")
    assert [got[v][0] for v in (36, 80, 45)] == [
        "online_payment_rate",
        "target_achievement_rate",
        "online_payment_rate_target",
    ]
    got = rows(
        "Tỷ lệ số hóa hồ sơ: kế hoạch 70%, kết quả 74,2%, vượt 4,2% so với kế hoạch.", "2024"
    )
    assert got[4.2][0] is None and got[74.2][0] == "dossier_digitization_rate"
    assert rows("Tỷ lệ hồ sơ trực tuyến đã vượt 75%.", "2024")[75][0] == "online_application_rate"


def test_level_parts_of_the_procedure_set_are_parts_but_dossiers_keep_their_level():
    got = rows("Bộ TTHC của tỉnh có 1.960 thủ tục, trong đó cấp tỉnh 1.530, cấp xã 430.", "2025-Q4")
    assert [got[v][0] for v in (1960, 1530, 430)] == ["public_services_total", None, None]
    got = rows(
        "Toàn tỉnh tiếp nhận 52.100 hồ sơ, trong đó cấp xã tiếp nhận 31.400 hồ sơ.", "2025-Q4"
    )
    assert got[31400][0] == "dossiers_received"


def scoped(text: str, period: str, issuer: str = "") -> dict[float, tuple[str | None, str]]:
    got = ev.run_text(text, "t", "vi", CATALOG, SCOPES.for_report(issuer, ""), period, "")
    return {r.value: (r.indicator, r.scope) for r in got}


def test_abbreviations_synonyms_and_nouns_after_the_number():
    got = scoped("Đã giải quyết 7.310 HS, trong đó đúng hạn 7.204 HS.", "2025-Q3")
    assert got == {
        7310: ("dossiers_resolved", "province"),
        7204: ("dossiers_resolved_on_time", "province"),
    }
    got = scoped("Tiếp nhận qua môi trường mạng 9.020 hồ sơ, chiếm 58,1%.", "2025-Q3")
    assert got[9020][0] == "dossiers_received_online" and got[58.1][0] == "online_application_rate"
    assert scoped("Tỉnh đã công bố 132 bộ dữ liệu mở.", "2025")[132][0] == "open_data_catalogs"
    got = scoped("Đến nay 100% xã, phường có Internet cáp quang.", "2025")
    assert got[100][0] == "commune_fibre_coverage_rate"
    got = scoped("Tỉnh cung cấp 1.402 DVCTT trên Cổng Dịch vụ công quốc gia.", "2025")
    assert got[1402][0] == "services_integrated_national_portal"


def test_levels_named_by_their_block_and_communes_as_the_subject():
    got = scoped(
        "Tỷ lệ hồ sơ đúng hạn của khối sở đạt 99,1%, khối xã, phường đạt 93,8%.", "2025-Q3"
    )
    assert got[93.8] == ("on_time_resolution_rate", "commune")
    got = scoped("Từ đầu tháng 7 đến nay, 64 xã, phường đã tiếp nhận 70.250 hồ sơ.", "2025-Q3")
    assert got[70250] == ("dossiers_received", "commune")
    got = scoped(
        "Trung tâm Phục vụ hành chính công tỉnh và 64 xã, phường đã tiếp nhận 91.200 hồ sơ.",
        "2025-Q3",
    )
    assert got[91200] == ("dossiers_received", "province")


def test_spans_deadlines_and_running_totals():
    got = rows("Từ ngày 10/7 đến ngày 9/8/2025, tiếp nhận 3.804 hồ sơ.", "2025-Q3")
    assert got[3804] == ("dossiers_received", "2025-07-10")
    got = rows("Từ đầu tháng 8 đến nay, tiếp nhận 3.804 hồ sơ.", "2025-Q3")
    assert got[3804] == ("dossiers_received", "2025-08-01")
    assert rows("Lũy kế từ đầu năm, tiếp nhận 3.804 hồ sơ.", "2025-Q3")[3804][1] == "2025-01-01"
    got = rows("Đề nghị xử lý dứt điểm 61 hồ sơ quá hạn trước ngày 15/10/2025.", "2025-Q3")
    assert got[61] == ("dossiers_overdue", "2025-07-01")
    got = rows("Đến hết tháng 6, tỷ lệ hồ sơ trực tuyến đạt 70,4%.", "2025-H1")
    assert got[70.4] == ("online_application_rate", "2025-01-01")
    got = rows("Đến tháng 9/2025, tỷ lệ hồ sơ trực tuyến đã tăng lên 77,3%.", "2025-Q3")
    assert got[77.3] == ("online_application_rate", "2025-09-01")
    got = rows("Năm 2023 tỷ lệ hồ sơ trực tuyến đạt 30,2%, đến năm 2024 tăng lên 44,9%.", "2024")
    assert got == {
        30.2: ("online_application_rate", "2023-01-01"),
        44.9: ("online_application_rate", "2024-01-01"),
    }


def test_tables_goals_on_the_line_before_increments_and_ranges():
    table = (
        "| Đơn vị | Hồ sơ tiếp nhận | Trong đó trực tuyến | Tỷ lệ |\n| --- | --- | --- | --- |\n"
        "| Cấp xã | 40.200 | 30.150 | 75,0% |\n"
    )
    got = scoped(table, "2025-Q3")
    assert [got[v][0] for v in (40200, 30150, 75.0)] == [
        "dossiers_received",
        "dossiers_received_online",
        "online_application_rate",
    ]
    got = scoped("Chỉ tiêu: 60% hồ sơ thanh toán trực tuyến.\nKết quả: đạt 52,4%.", "2025")
    assert got[60][0] == "online_payment_rate_target" and got[52.4][0] == "online_payment_rate"
    got = scoped("Năm 2025 thành lập thêm 21 Tổ công nghệ số, nâng tổng số lên 906 tổ.", "2025")
    assert got[21][0] is None and got[906][0] == "community_digital_teams"
    got = scoped("Bình quân mỗi ngày tiếp nhận từ 410 đến 480 hồ sơ.", "2025")
    assert got[410][0] is None and got[480][0] is None
    got = scoped("Tỷ lệ hồ sơ quá hạn của cấp xã ở mức 2,9%.", "2025")
    assert got[2.9] == ("overdue_rate", "commune")
