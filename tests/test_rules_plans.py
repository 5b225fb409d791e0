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


# --------------------------------------------------------------------------- results beside targets


def test_a_result_named_after_its_target_is_no_goal():
    got = ids("Chỉ tiêu 2 - Tỷ lệ hồ sơ TTHC xử lý trực tuyến: kế hoạch 55%, thực hiện 61,7%.")
    assert got[55] == "online_application_rate_target"
    assert got[61.7] == "online_application_rate"


def test_a_target_after_a_slash_or_a_bracket_is_the_target():
    got = ids("Tỷ lệ thanh toán trực tuyến đạt 38,4%/kế hoạch 40%.")
    assert got == {38.4: "online_payment_rate", 40: "online_payment_rate_target"}
    got = ids(
        "Tỷ lệ người dân trưởng thành có điện thoại thông minh đạt 81,2% (mục tiêu 85%), tỷ lệ "
        "hộ gia đình có cáp quang đạt 72% (mục tiêu 80%)."
    )
    assert got[80] == "household_fixed_broadband_rate_target"


def test_by_how_much_a_target_was_passed_is_no_share_of_it():
    got = ids("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,9%, vượt 2,9% so với chỉ tiêu.")
    assert got == {97.9: "on_time_resolution_rate", 2.9: None}


def test_english_targets_and_shares_of_targets():
    got = ids(
        "The share of results delivered electronically reached 81.5%, surpassing the target of 75%.",
        "en",
    )
    assert got == {81.5: "e_result_rate", 75: "e_result_rate_target"}
    got = ids("The province reached 103 per cent of its annual target for online dossiers.", "en")
    assert got == {103: "target_achievement_rate"}
    got = ids("Disbursement reached 77.2% of the capital plan.", "en")
    assert got[77.2] != "target_achievement_rate"


def test_english_phrases_hand_over_at_and():
    got = ids(
        "In the first half, the province digitised 88.1 per cent of dossiers and issued "
        "electronic results for 90.4 per cent.",
        "en",
    )
    assert got == {88.1: "dossier_digitization_rate", 90.4: "e_result_rate"}


def test_all_levels_is_a_scope_not_a_kind_of_dossier():
    got = ids("Agencies at all three levels received 52,310 dossiers in the quarter.", "en")
    assert got == {52310: "dossiers_received"}


# --------------------------------------------------------------------------- index scores and ranks

BULLETIN = "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp tháng 8/2025"


def index_ids(text: str, title: str = "", language: str = "vi") -> dict[float, str | None]:
    got = ev.run_text(text, "t", language, CATALOG, SCOPES, None, title)
    return {r.value: r.indicator for r in got}


def test_the_satisfaction_index_of_a_766_bulletin_is_its_satisfaction_part():
    text = "Chỉ số hài lòng của người dân, doanh nghiệp đạt 16,4/18 điểm."
    assert index_ids(text, BULLETIN) == {16.4: "index766_satisfaction_score"}
    # out of 18 points it is the 766 part even where the report names no index
    assert index_ids(text) == {16.4: "index766_satisfaction_score"}
    # a satisfaction index in per cent is SIPAS
    got = index_ids("Chỉ số hài lòng năm 2024 của tỉnh đạt 83,9%, xếp thứ 14/63.")
    assert got == {83.9: "sipas_score", 14: "sipas_rank"}


def test_a_bracketed_maximum_is_the_scale_of_the_score_before():
    got = ev.run_text(
        "Chỉ số mức độ hài lòng đạt 17,1 điểm (tối đa 18 điểm).", "t", "vi", CATALOG, SCOPES,
        None, BULLETIN,
    )  # fmt: skip
    assert [(r.value, r.denominator, r.indicator) for r in got] == [
        (17.1, 18, "index766_satisfaction_score")
    ]


def test_ranks_within_a_region_or_a_band_are_no_national_rank():
    got = index_ids("Năm 2024, tỉnh xếp thứ 21/63 về PAR Index, đứng thứ 3 khu vực Tây Nguyên.")
    assert got == {21: "par_index_rank", 3: None}
    got = index_ids(
        "With 84.2 points the province placed 25th in the PCI and 4th in the Mekong Delta region.",
        language="en",
    )
    assert got[25] == "pci_rank" and got[4] is None
    got = index_ids("Tỉnh tiếp tục nằm trong nhóm 10 địa phương dẫn đầu.", BULLETIN)
    assert got == {10: None}
    got = index_ids("Tỉnh phấn đấu nằm trong nhóm 10 tỉnh dẫn đầu về Chỉ số PAR.")
    assert got == {10: "par_index_rank_target"}


def test_a_score_change_after_a_rank_move_is_no_score():
    got = index_ids("So với tháng trước, tỉnh tăng 3 bậc và tăng 1,42 điểm.", BULLETIN)
    assert got == {3: "index766_rank_change", 1.42: None}


def test_a_point_scale_is_no_figure():
    got = index_ids(
        "The province scored 3.94 on the 10-point e-governance dimension of the PAPI.",
        language="en",
    )
    assert got == {3.94: "papi_egovernance_score"}


# --------------------------------------------------------------------------- concepts read by facets


def test_money_for_digital_transformation_and_public_investment():
    got = ids("Năm 2025, dự toán giao cho nhiệm vụ chuyển đổi số của tỉnh là 31,2 tỷ đồng.")
    assert got == {31.2: "digital_transformation_budget"}
    got = ids("Kinh phí đã thực hiện cho chuyển đổi số trong 9 tháng là 7.430 triệu đồng.")
    assert got[7430] == "digital_transformation_spending"
    got = ids("Vốn đầu tư công được bố trí cho hạ tầng số năm 2025 là 18,4 tỷ đồng.")
    assert got == {18.4: "ict_investment_allocated"}
    got = ids("Đến nay đã giải ngân 9,6 tỷ đồng vốn đầu tư công, đạt 52,2% kế hoạch vốn.")
    assert got == {9.6: "ict_investment_disbursed", 52.2: "ict_investment_disbursement_rate"}
    # money without a field it goes to is no digital-transformation budget
    assert ids("The province spent VND 84 billion on roads in 2024.", "en") == {84: None}


def test_cameras_staff_and_ioc_sectors():
    got = ids("Đã kết nối 2.140 camera giám sát an ninh về nền tảng của tỉnh.")
    assert got == {2140: "security_cameras_connected"}
    got = ids("Tỷ lệ camera tại bộ phận một cửa cấp xã kết nối về nền tảng tỉnh đạt 88%.")
    assert got == {88: "one_stop_cameras_connected_rate"}
    assert ids("Lắp mới 24 camera tại bộ phận một cửa.") == {24: None}
    got = ids("Tỷ lệ công chức cấp huyện được bồi dưỡng kỹ năng số đạt 91,5%.")
    assert got == {91.5: "civil_servants_trained_rate"}
    assert ids("Toàn tỉnh có 118 công chức chuyên trách CNTT.") == {118: "it_specialist_staff"}
    got = ids("Trung tâm điều hành thông minh của tỉnh đã tích hợp dữ liệu của 13 lĩnh vực.")
    assert got == {13: "ioc_domains"}
    got = ids("Đã cài đặt phần mềm phòng chống mã độc cho 1.320 máy tính của các cơ quan.")
    assert got == {1320: "endpoint_protection_licences"}


def test_infrastructure_is_no_change():
    # "hạ tầng" holds "tầng" (folded "tang", as in "tăng"): no change of anything
    got = ids("Vốn đầu tư công được cấp cho hạ tầng chính quyền điện tử là 12,5 tỷ đồng.")
    assert got == {12.5: "ict_investment_allocated"}


def test_ranked_bodies_in_a_766_bulletin_have_their_own_scope():
    title = "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp tháng 9/2025"

    def scope(text: str) -> str:
        (row,) = [
            r for r in ev.run_text(text, "t", "vi", CATALOG, SCOPES, None, title) if r.indicator
        ]
        return row.scope

    assert scope("- UBND thị xã Phú Mỹ: 87,9 điểm") == "district"
    assert scope("UBND phường 2 đạt 90,5 điểm") == "commune"
    assert scope("Công an tỉnh đạt 95,8 điểm, dẫn đầu khối sở, ngành") == "agency"
    assert scope("- UBND thành phố Hồ Chí Minh: 89,1 điểm") == "province"
