"""Rules that read a figure with what the report around it says: the index its title names,
the maximum and ranking columns of score tables, part scores in lists, levels reached
("từ X xuống Y"), score thresholds, named numbers ("Bộ chỉ số 766", "Tổng đài 1022"), goals
the seed rules read, services that received dossiers, and the parts of a table's total.

Sentences are written for these tests in the wording of Decision 766 bulletins, portal
notices and English portal editions (figures invented); the seed checks read the real
Bắc Giang report.
"""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.corpus.manifest import load_manifest
from analysis.facts import evaluation as ev
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.reading.reports import parse_report_text, read_report
from analysis.tables.cache import ExtractCache

CATALOG = load_catalog()
SCOPES = ev._no_ranges(ev.load_scope_rules())
BULLETIN = "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp của tỉnh quý III/2025"


def rows(text: str, language: str = "vi", title: str = ""):
    return ev.run_text(text, "t", language, CATALOG, SCOPES, None, title)


def by_value(text: str, language: str = "vi", title: str = "") -> dict[float, object]:
    got = rows(text, language, title)
    out = {r.value: r for r in got}
    assert len(out) == len(got), [(r.value, r.indicator) for r in got]
    return out


# --------------------------------------------------------------------------- the title's index


def test_the_title_names_the_index_of_scores_that_name_none():
    text = "Tỉnh đạt 87,35 điểm, đứng thứ 9/34 tỉnh, thành phố, tăng 4 bậc."
    plain = by_value(text)
    assert plain[87.35].indicator is None and plain[9].indicator is None
    got = by_value(text, title=BULLETIN)
    assert got[87.35].indicator == "index766_score"
    assert (got[9].unit, got[9].indicator, got[9].denominator) == ("rank", "index766_rank", 34)
    assert got[4].indicator == "index766_rank_change"
    par = by_value(
        "Tỉnh đạt 88,41 điểm, xếp thứ 15/63.",
        title="Thông báo kết quả Chỉ số cải cách hành chính năm 2024",
    )
    assert (par[88.41].indicator, par[15].indicator) == ("par_index_score", "par_index_rank")


def test_a_line_naming_another_index_overrides_the_title():
    got = by_value("Chỉ số SIPAS của tỉnh đạt 84,6%, đứng thứ 21/63.", title=BULLETIN)
    assert got[21].indicator == "sipas_rank"


def test_the_evaluation_gives_766_bulletins_their_title():
    cases = [c for c in ev.load_cases() if c.style == "index_bulletin_766"]
    assert cases and all("Bộ chỉ số" in c.title for c in cases)


def test_the_cache_key_holds_the_title(tmp_path):
    report = parse_report_text("Tỉnh đạt 87,35 điểm.".encode())
    got = extract_report(report, "r", CATALOG, SCOPES, title=BULLETIN)
    cache = ExtractCache(tmp_path, "v1")
    cache.put("ab" * 32, got, "issuer\x1f" + BULLETIN)
    assert cache.get("ab" * 32, "issuer\x1fanother title") is None
    assert cache.get("ab" * 32) is None
    (back,) = cache.get("ab" * 32, "issuer\x1f" + BULLETIN)
    assert back.indicator == "index766_score"


def test_seed_titles_name_no_index_so_their_figures_do_not_move():
    for rec in load_manifest().to_dict("records"):
        report = read_report(rec["path"])
        scopes = ev.load_scope_rules().for_report(rec["issuer"], rec["title"])
        plain = extract_report(report, rec["report_id"], CATALOG, scopes)
        titled = extract_report(report, rec["report_id"], CATALOG, scopes, title=rec["title"])
        assert [r.indicator for r in plain] == [r.indicator for r in titled], rec["report_id"]


# --------------------------------------------------------------------------- score tables


def test_maximum_column_is_no_figure_and_rank_column_is_read():
    table = (
        "Nhóm chỉ số\tĐiểm đạt\tTối đa\n"
        "Thanh toán trực tuyến\t8,35\t10\n"
        "Số hóa hồ sơ\t17,2\t22\n"
        "Tổng điểm\t88,9\t100"
    )
    got = rows(table, title=BULLETIN)
    assert sorted(r.value for r in got) == [8.35, 17.2, 88.9]
    ids = {r.value: r.indicator for r in got}
    assert ids[8.35] == "index766_online_payment_score"
    assert ids[17.2] == "index766_digitisation_score"
    assert ids[88.9] == "index766_score"
    ranking = "Xếp hạng\tĐơn vị\tĐiểm\n1\tThị xã A\t92,4\n7\tHuyện B\t85,05"
    got = {(r.value, r.unit): r.indicator for r in rows(ranking, title=BULLETIN)}
    assert got[(1, "rank")] == got[(7, "rank")] == "index766_rank"
    assert got[(92.4, "points")] == "index766_score"


def test_whole_numbers_in_a_list_of_part_scores_are_scores():
    got = by_value(
        "Điểm từng nhóm: công khai, minh bạch 17,5; tiến độ giải quyết 20; "
        "mức độ hài lòng 18; số hóa hồ sơ 14,25.",
        title=BULLETIN,
    )
    assert got[20].indicator == "index766_progress_score"
    assert got[18].indicator == "index766_satisfaction_score"
    assert got[20].unit == got[18].unit == "points"
    # a whole number opening no list of scores stays a count
    assert by_value("Tỉnh có 18 sở, ngành.", title=BULLETIN)[18].indicator is None


def test_score_of_digitisation_is_not_a_total():
    got = by_value("Điểm số hóa hồ sơ của tỉnh đạt 15,4/22 điểm.", title=BULLETIN)
    assert got[15.4].indicator == "index766_digitisation_score"


# --------------------------------------------------------------------------- levels and bands


def test_from_and_to_give_levels_not_changes():
    got = by_value(
        "Điểm thanh toán trực tuyến giảm từ 7,3 điểm xuống 6,1 điểm do hồ sơ có phí còn nộp "
        "trực tiếp.",
        title=BULLETIN,
    )
    assert got[7.3].indicator == "index766_online_payment_score"
    got = by_value("Quý III/2025, tỉnh tăng 6 bậc, vươn lên thứ 14/34.", title=BULLETIN)
    assert (got[6].indicator, got[14].indicator) == ("index766_rank_change", "index766_rank")


@pytest.mark.parametrize(
    "text",
    [
        "Có 7 địa phương đạt trên 90 điểm.",
        "Khối sở, ngành có 14/19 cơ quan đạt hơn 85 điểm.",
        'Đơn vị đạt dưới 50 điểm bị xếp loại "Yếu".',
        "Có 11 xã đạt từ 80 điểm trở lên.",
    ],
)
def test_a_band_of_scores_is_no_score(text):
    assert all(r.unit != "points" or r.indicator is None for r in rows(text, title=BULLETIN))


def test_a_goal_band_stays_a_goal():
    got = rows("Phấn đấu Bộ chỉ số phục vụ người dân, doanh nghiệp đạt từ 92 điểm trở lên.")
    assert [r.indicator for r in got if r.value == 92] == ["index766_score_target"]


def test_an_average_of_others_is_no_score_of_the_province():
    got = by_value("Điểm trung bình của 34 tỉnh, thành phố là 80,6 điểm.", title=BULLETIN)
    assert got[80.6].indicator is None


# --------------------------------------------------------------------------- named numbers


@pytest.mark.parametrize(
    ("text", "language", "kept"),
    [
        ("Theo Bộ chỉ số 766, tháng 6/2025 tỉnh đạt 88,1 điểm.", "vi", [88.1]),
        ("Tổng đài 1022 đã tiếp nhận 1.245 cuộc gọi.", "vi", [1245]),
        ("Đường dây nóng 1900 của tỉnh hoạt động 24/7.", "vi", []),
        ("Under the 766 Index the province scored 88.2 points.", "en", [88.2]),
        ("The 1022 hotline received 3,200 calls.", "en", [3200]),
        ("Hotline 1022 handled 3,100 calls.", "en", [3100]),
    ],
)
def test_numbers_naming_an_index_or_a_line_are_no_figures(text, language, kept):
    assert [r.value for r in rows(text, language)] == kept


# --------------------------------------------------------------------------- goals, services


@pytest.mark.parametrize(
    ("text", "ind"),
    [
        ("Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80% trong năm 2025.", "online_application_rate"),
        ("Mục tiêu năm 2025 tỷ lệ hồ sơ trực tuyến đạt 85%.", "online_application_rate"),
    ],
)
def test_a_goal_the_seed_rules_read_is_a_target(text, ind):
    (r,) = rows(text)
    assert r.indicator == ind + "_target"


def test_services_that_received_dossiers_are_services():
    r = by_value("Số DVCTT có phát sinh hồ sơ/tổng số DVCTT đạt tỷ lệ: 45/120 dịch vụ.")[45]
    assert (r.indicator, r.denominator) == ("online_services_with_dossiers", 120)
    r = by_value("Trong 650 DVCTT, có 210 dịch vụ chưa phát sinh hồ sơ.")[210]
    assert r.indicator != "online_services_with_dossiers"
    r = by_value("38.5% of online services received at least one dossier", "en")[38.5]
    assert r.indicator == "online_services_with_dossiers_rate"


def _bac_giang():
    report = read_report(paths.reports_dir() / "bac-giang_2024-05_stttt.txt")
    return report, extract_report(report, "bac-giang-2024-05", CATALOG)


def test_bac_giang_services_with_online_dossiers_are_no_dossier_count():
    report, got = _bac_giang()
    assert "8/37" in report.line(292).text
    (r,) = [r for r in got if r.line == 292 and r.value == 8]
    assert (r.indicator, r.denominator) == ("online_services_with_dossiers", 37)


def test_bac_giang_rows_by_field_are_parts_of_the_table_total():
    report, got = _bac_giang()
    assert "Báo chí" in report.line(466).text and "Tổng số" in report.line(470).text
    resolved = [r for r in got if r.indicator == "dossiers_resolved" and 460 <= r.line <= 472]
    assert [(r.line, r.value) for r in resolved] == [(470, 229)]
    parts = [r for r in got if r.line == 469 and r.value == 204 and r.extra.get("part_of")]
    assert [r.extra["candidates"] for r in parts] == [
        ["dossiers_resolved"],
        ["dossiers_resolved_on_time"],
    ]
    assert all(r.indicator is None for r in parts)


def test_rows_of_districts_keep_their_ids_beside_a_province_total():
    table = (
        "Đơn vị\tSố điểm cầu\n"
        "Huyện A\t12\n"
        "Huyện B\t9\n"
        "Tổng cộng\t21"
    )  # fmt: skip
    got = {r.value: r for r in rows(table)}
    assert got[21].indicator == got[12].indicator == "video_conference_points"
    assert got[12].scope == "district"


# --------------------------------------------------------------------------- indices, English


def test_a_rank_in_brackets_is_of_the_score_before_it():
    got = by_value(
        "Theo trụ cột, chính quyền số đạt 0,7012 điểm (xếp thứ 11), kinh tế số đạt 0,4433 "
        "điểm (xếp thứ 37) và xã hội số đạt 0,5121 điểm (xếp thứ 26)."
    )
    assert got[37].indicator == "dti_digital_economy_rank"
    assert got[26].indicator == "dti_digital_society_rank"
    assert got[0.4433].indicator == "dti_digital_economy_score"


def test_a_published_result_is_still_a_score():
    got = by_value("Chỉ số DTI năm 2024 vừa được công bố, theo đó tỉnh đạt 0,6581 điểm.")
    assert got[0.6581].indicator == "dti_score"


def test_a_decimal_called_a_score_takes_the_index_named_before():
    got = by_value("Ninh Thuan rose to 27th in the 2024 PAR Index, with a score of 86.74.", "en")
    assert (got[27].indicator, got[86.74].indicator) == ("par_index_rank", "par_index_score")
    # a whole number of provinces scoring above a mark is neither a score nor a rank
    got = by_value("Nationwide, 14 provinces scored above 90 points in the 2024 PAR Index.", "en")
    assert got[14].indicator is None and got[90].indicator is None


@pytest.mark.parametrize(
    ("text", "value", "den"),
    [
        ("Open data is released by 19 of the 21 departments (90.48%).", 90.48, 21),
        ("Fibre reaches 41 out of the 44 communes.", 41, 44),
        ("Hau Giang ranked 4th among the 13 Mekong Delta provinces.", 4, 13),
        ("The province came first among 34 localities.", 1, 34),
        ("Overall score: 71.05 / 100.", 71.05, 100),
        ("Digitisation trailed at 13.6 of 22.", 13.6, 22),
    ],
)
def test_english_denominators_are_kept(text, value, den):
    assert by_value(text, "en")[value].denominator == den


def test_one_and_a_half_of_millions_is_no_score():
    assert all(r.unit != "points" for r in rows("1.5 of 3 million people use the app", "en"))


@pytest.mark.parametrize(
    ("text", "language", "value", "ind"),
    [
        ("3,912 mobile base transceiver stations are on air", "en", 3912, "mobile_base_stations"),
        ("FTTH subscriptions reached 288,410", "en", 288410, "fixed_broadband_subscribers"),
        ("operators share 1,277 tower locations", "en", 1277, "bts_sites"),
        ("4G signals reach 98.1% of villages", "en", 98.1, "hamlet_mobile_broadband_coverage_rate"),
        ("fibre now reaches 99.3 per cent of commune, ward and town centres", "en", 99.3,
         "commune_fibre_coverage_rate"),
        ("sóng 4G đã phủ 96,4% thôn, ấp", "vi", 96.4, "hamlet_mobile_broadband_coverage_rate"),
        ("98,2% xã có băng rộng cố định và 3G/4G", "vi", 98.2, "commune_3g4g_coverage_rate"),
    ],
)  # fmt: skip
def test_infrastructure_wording(text, language, value, ind):
    assert by_value(text, language)[value].indicator == ind


def test_committee_and_applying_are_no_hamlets():
    got = by_value("Ủy ban nhân dân tỉnh áp dụng 100% thủ tục trực tuyến trên mạng 4G.")
    assert got[100].indicator != "hamlet_mobile_broadband_coverage_rate"


@pytest.mark.parametrize(
    ("text", "language", "value", "ind"),
    [
        ("Hệ thống phản ánh hiện trường đã tiếp nhận 2.140 phản ánh.", "vi", 2140,
         "citizen_feedback_reports"),
        ("the field-report app handled 1,902 citizen reports", "en", 1902,
         "citizen_feedback_reports"),
        ("đã có 18.705 tài khoản đăng ký trên ứng dụng phản ánh hiện trường", "vi", 18705,
         "citizen_feedback_accounts"),
        ("Trung tâm tiếp nhận 43 phản ánh, kiến nghị về quy định hành chính.", "vi", 43, None),
    ],
)  # fmt: skip
def test_citizen_feedback_is_not_dossiers(text, language, value, ind):
    assert by_value(text, language)[value].indicator == ind


def test_feedback_answered_on_time_is_no_dossier_rate():
    got = by_value("100% phản ánh, kiến nghị được trả lời đúng hạn.")
    assert got[100].indicator != "on_time_resolution_rate"


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Toàn tỉnh có 1.208 tổ công nghệ số cộng đồng với 7.455 thành viên.", "vi", 7455),
        ("cấp xã có 2.016 thành viên tổ công nghệ số", "vi", 2016),
        ("The province set up 865 community digital technology teams with 5,120 members.", "en",
         5120),
    ],
)  # fmt: skip
def test_members_of_the_teams_counted_before(text, language, value):
    assert by_value(text, language)[value].indicator == "community_digital_team_members"


def test_members_of_something_else_are_no_team_members():
    got = by_value("Ban chỉ đạo gồm 23 thành viên.")
    assert got[23].indicator != "community_digital_team_members"


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh đã đưa vào sử dụng 214 điểm cầu truyền hình trực tuyến kết nối đến cấp xã.",
        "Hệ thống kết nối 88 điểm cầu từ tỉnh đến các xã.",
    ],
)
def test_video_conference_points_in_their_usual_wording(text):
    (r,) = [r for r in rows(text) if r.unit == "count"]
    assert r.indicator == "video_conference_points"


def test_delegates_at_a_bridge_point_are_no_points():
    got = by_value("Hội nghị có hơn 250 đại biểu tham dự tại điểm cầu chính.")
    assert got[250].indicator != "video_conference_points"


def test_a_channel_column_is_a_part_of_the_action_column_left_of_it():
    table = (
        "Kết quả giải quyết TTHC quý II/2025 của một số sở\n"
        "Cơ quan\tTiếp nhận\tTrực tuyến\tĐúng hạn (%)\n"
        "Sở Y tế\t4.310\t3.902\t98,6"
    )
    got = {r.value: r for r in rows(table)}
    assert got[4310].indicator == "dossiers_received"
    assert got[3902].indicator == "dossiers_received_online"
    assert (got[98.6].unit, got[98.6].indicator) == ("percent", "on_time_resolution_rate")


def test_dossiers_received_for_processing_are_received_not_resolved():
    (r,) = rows("Số hồ sơ nhận giải quyết: 5.412")
    assert r.indicator == "dossiers_received"


def test_bac_giang_appendix_total_row_is_the_departments_dossiers_received():
    _, got = _bac_giang()
    ids = {(r.value, r.indicator) for r in got if r.line == 470}
    assert {(232, "dossiers_received"), (229, "dossiers_received_online")} <= ids
    assert all(r.scope == "agency" for r in got if r.line == 470)
