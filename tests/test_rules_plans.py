"""Rules for plan assessments and portal notices: targets stated beside results ("vượt chỉ
tiêu 90%", "(kế hoạch: 40%)", "phấn đấu đến cuối năm đạt 60%"), lines headed by a goal
("Chỉ tiêu năm 2025: …"), lists of goals, a figure whose own words overrule a rule fitting
only its clause head, and the subject of a sentence scoping its later clauses ("Sở X tiếp
nhận …; 94 hồ sơ …").

Sentences are written for these tests in the wording of such documents (figures invented);
the seed check builds nothing: each real seed line is read as a report of its own.
"""

from __future__ import annotations

from analysis import paths
from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.reading.reports import read_report

CATALOG = load_catalog()
SCOPES = ev._no_ranges(ev.load_scope_rules())


def by_value(text: str, language: str = "vi", issuer: str = "") -> dict[float, object]:
    scopes = SCOPES.for_report(issuer, "")
    got = ev.run_text(text, "t", language, CATALOG, scopes, None, "")
    out = {r.value: r for r in got}
    assert len(out) == len(got), [(r.value, r.indicator) for r in got]
    return out


def ids(text: str, language: str = "vi") -> dict[float, str | None]:
    return {v: r.indicator for v, r in by_value(text, language).items()}


# --------------------------------------------------------------------------- targets beside results


def test_a_target_beside_a_result_is_the_target_of_the_results_indicator():
    got = ids(
        "Tỷ lệ văn bản điện tử gửi, nhận giữa các cơ quan nhà nước đạt 93%, vượt chỉ tiêu 85% đề ra."
    )
    assert got == {93: "e_document_exchange_rate", 85: "e_document_exchange_rate_target"}
    got = ids("Tỷ lệ thanh toán trực tuyến đạt 31,2%, chưa đạt chỉ tiêu 45% của năm.")
    assert got == {31.2: "online_payment_rate", 45: "online_payment_rate_target"}


def test_a_target_whose_own_words_name_nothing_is_of_the_figure_before():
    got = ids("9 tháng, tỷ lệ hồ sơ trực tuyến toàn tỉnh đạt 52,3%; phấn đấu đến hết năm đạt 65%.")
    assert got == {52.3: "online_application_rate", 65: "online_application_rate_target"}
    got = ids("Tỷ lệ hộ gia đình có cáp quang đạt 71,5%, mục tiêu năm 2025 là 85%.")
    assert got == {
        71.5: "household_fixed_broadband_rate",
        85: "household_fixed_broadband_rate_target",
    }


def test_a_line_headed_by_a_goal_lists_goals():
    got = ids(
        "Chỉ tiêu năm 2026: tỷ lệ hồ sơ trực tuyến đạt 70%, tỷ lệ số hóa hồ sơ đạt 85%, "
        "tỷ lệ cấp kết quả điện tử đạt 100%."
    )
    assert got == {
        70: "online_application_rate_target",
        85: "dossier_digitization_rate_target",
        100: "e_result_rate_target",
    }


def test_results_of_the_targets_are_no_goals():
    got = ids("Kết quả thực hiện các chỉ tiêu: tỷ lệ hồ sơ trực tuyến đạt 58,1%.")
    assert got == {58.1: "online_application_rate"}


def test_a_list_after_a_goal_is_of_goals():
    got = ids(
        "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng đạt 97% ở cấp tỉnh và 81% ở cấp "
        "huyện (chỉ tiêu tương ứng: 90%, 80%)."
    )
    assert got[97] == got[81] == "work_files_processed_online_rate"
    assert got[90] == got[80] == "work_files_processed_online_rate_target"


def test_own_words_overrule_a_rule_that_fits_only_the_clause_head():
    got = ids("Năm 2025, tỷ lệ hồ sơ trực tuyến đạt 64%, tỷ lệ số hóa hồ sơ đạt 77,5%.")
    assert got == {64: "online_application_rate", 77.5: "dossier_digitization_rate"}
    # a breakdown naming only who ("các cơ quan cấp tỉnh") keeps the clause head's concept
    got = ids(
        "Tỷ lệ hồ sơ được cấp kết quả điện tử đạt 95,2%, trong đó các cơ quan cấp tỉnh đạt 98,7%."
    )
    assert got == {95.2: "e_result_rate", 98.7: "e_result_rate"}


# --------------------------------------------------------------------------- the sentence's subject


def test_the_subject_of_a_sentence_scopes_its_later_clauses():
    got = by_value(
        "Quý II/2025, Sở Tư pháp tiếp nhận 412 hồ sơ, 100% nộp trực tuyến; giải quyết đúng hạn "
        "405 hồ sơ, 07 hồ sơ đang xử lý."
    )
    assert {v: r.scope for v, r in got.items() if r.indicator} == {
        412: "agency",
        100: "agency",
        405: "agency",
    }
    got = by_value(
        "Huyện Mộ Đức tiếp nhận 6.310 hồ sơ trong quý; tỷ lệ giải quyết đúng hạn đạt 98,7%."
    )
    assert got[98.7].scope == "district"


def test_a_subject_without_a_figure_of_its_own_scopes_nothing():
    got = by_value(
        "Sở Thông tin và Truyền thông tham mưu UBND tỉnh ban hành kế hoạch chuyển đổi số; "
        "tỷ lệ hồ sơ trực tuyến toàn tỉnh đạt 61%; tỷ lệ số hóa đạt 72%."
    )
    assert got[61].scope == "province" and got[72].scope == "province"


def test_the_issuer_of_a_service_centre_notice_scopes_its_figures():
    got = by_value(
        "Tháng 6/2025, Trung tâm tiếp nhận 7.215 hồ sơ, trong đó 6.480 hồ sơ trực tuyến.",
        issuer="Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
    )
    assert got[7215].scope == got[6480].scope == "agency"
    got = by_value(
        "The Quang Ngai Public Administration Service Centre received 7,215 dossiers in June.",
        language="en",
    )
    assert got[7215].scope == "agency"


def test_seed_lines_whose_subject_is_a_department_doing_provincial_work_stay_provincial():
    # Bắc Giang line 39: the department advises on the province's digital transformation
    rep = read_report(paths.reports_dir() / "bac-giang_2024-05_stttt.txt")
    rows = [r for r in extract_report(rep, "x", CATALOG, SCOPES) if r.line == 39 and r.indicator]
    assert rows and all(r.scope == "province" for r in rows)
