"""Scope from cues near the figure and a default from the issuer (scopes.yaml).

Sentences written for these tests in the wording of portal notices and department reports;
figures invented.
"""

from __future__ import annotations

import pytest

from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.scopes import ScopeRulesError, load_scope_rules
from analysis.reading.reports import parse_report_text

CAT = load_catalog()
RULES = load_scope_rules()


def _scopes(text: str, issuer: str = "Văn phòng UBND tỉnh An Giang", title: str = ""):
    rep = parse_report_text(text.encode("utf-8"))
    rows = extract_report(rep, "new-report", CAT, RULES.for_report(issuer, title))
    return [(r.value, r.scope) for r in rows]


def test_level_cues_before_and_after_the_figure() -> None:
    got = _scopes(
        "Tỷ lệ văn bản được ký số đạt 98,6% ở cấp tỉnh, 93,1% ở cấp huyện và 88,4% ở cấp xã."
    )
    assert got == [(98.6, "province"), (93.1, "district"), (88.4, "commune")]
    got = _scopes(
        "Cấp huyện tiếp nhận 41.020 hồ sơ, trực tuyến 30.115 hồ sơ; cấp xã tiếp nhận 67.300 hồ sơ."
    )
    assert got == [(41020, "district"), (30115, "district"), (67300, "commune")]
    got = _scopes("Digitally signed documents: 97.3% at commune level, 99.2% at provincial level.")
    assert got == [(97.3, "commune"), (99.2, "province")]


def test_named_units_in_prose_and_tables() -> None:
    assert _scopes("Huyện Tri Tôn tiếp nhận 3.412 hồ sơ trong quý.") == [(3412, "district")]
    assert _scopes("Phường Mỹ Bình dẫn đầu toàn tỉnh với 97,8% hồ sơ trực tuyến.") == [
        (97.8, "commune")
    ]
    table = (
        "Đơn vị\tTiếp nhận\tĐúng hạn (%)\n"
        "Sở Tư pháp\t1.204\t99,1\n"
        "Huyện Phú Tân\t5.320\t97,4\n"
        "Xã Mỹ Hòa Hưng\t812\t100\n"
    )
    got = _scopes(table)
    assert [s for _, s in got] == ["agency"] * 2 + ["district"] * 2 + ["commune"] * 2


def test_agency_cues() -> None:
    got = _scopes("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 6.118 hồ sơ trong tháng.")
    assert got == [(6118, "agency")]
    assert _scopes("Bộ phận một cửa của Sở nhận 58 hồ sơ.") == [(58, "agency")]
    assert _scopes("The Centre received 815 dossiers in the month.") == [(815, "agency")]
    # a data centre is a place, not an agency reporting its own work
    assert _scopes("Duy trì 35 hệ thống tại Trung tâm tích hợp dữ liệu tỉnh.") == [(35, "province")]


def test_counted_units_and_reach_are_not_scopes() -> None:
    # "11 UBND cấp huyện" counts district committees: a province-wide figure
    assert _scopes("Đã kết nối 11 UBND cấp huyện vào hệ thống.") == [(11, "province")]
    assert _scopes("Hệ thống hội nghị truyền hình có 312 điểm cầu đến cấp xã.") == [
        (312, "province")
    ]
    # every level listed together is the whole province
    got = _scopes("Số cơ quan cấp tỉnh, cấp huyện, cấp xã có tài khoản là 205 cơ quan.")
    assert got == [(205, "province")]
    # a breakdown in parentheses says nothing of the figure after it
    got = _scopes(
        "Áp dụng cho 300 cơ quan (cấp tỉnh: 40, cấp huyện: 60, cấp xã: 200) với 5.100 tài khoản."
    )
    assert got[-1] == (5100, "province")


def test_issuer_and_title_give_the_default() -> None:
    centre = "Trung tâm Phục vụ hành chính công tỉnh Bắc Giang"
    assert _scopes("Trong tháng tiếp nhận 2.904 hồ sơ.", issuer=centre) == [(2904, "agency")]
    assert RULES.for_report("Ủy ban nhân dân huyện Châu Thành").default == "district"
    assert RULES.for_report("UBND xã Vĩnh Hòa").default == "commune"
    assert RULES.for_report("Sở Nội vụ tỉnh An Giang").default == "province"
    own = RULES.for_report("Sở Tư pháp", "Kết quả cải cách hành chính tại Sở Tư pháp năm 2024")
    assert own.default == "agency"
    # a cue still wins over the issuer's default
    assert _scopes("Toàn tỉnh tiếp nhận 91.400 hồ sơ.", issuer=centre) == [(91400, "province")]


def test_bad_issuer_rule_names_the_entry(tmp_path) -> None:
    path = tmp_path / "scopes.yaml"
    path.write_text("issuers:\n  - {pattern: 'trung tam', scope: city}\n", encoding="utf-8")
    with pytest.raises(ScopeRulesError, match="issuers entry 1"):
        load_scope_rules(path)


def test_seed_scopes_unchanged(manifest) -> None:
    """The seed reports keep their line-range scopes for the indicators the book uses."""
    import pandas as pd

    facts = pd.read_csv("data/processed/facts.csv")
    live = facts[facts["indicator"].notna()]
    by = {(r.report_id, int(r.line), r.indicator): r.scope for r in live.itertuples()}
    assert by[("an-giang-2023-q1", 155, "online_application_rate")] == "province"
    assert by[("tra-vinh-2023-q3", 151, "document_system_accounts")] == "province"
    assert by[("bac-giang-2024-05", 167, "public_services_total")] == "agency"


def test_required_literal_only_skips_texts_that_cannot_match():
    import re

    from analysis.facts.scopes import _required_literal, load_scope_rules

    assert _required_literal(re.compile(r"(?<!den )\bcap huyen\b")) == "cap huyen"
    assert _required_literal(re.compile(r"(?:tai|cua) trung tam")) == ""
    assert _required_literal(re.compile(r"^\W*so tu phap")) == ""
    assert _required_literal(re.compile(r"cap", re.IGNORECASE)) == ""
    rules = load_scope_rules()
    texts = ["cua so tu phap tiep nhan 12", "tai cap huyen, 14", "the centre received 3"]
    for kind in ("agency_cues", "province_cues", "district_cues", "commune_cues"):
        for p in getattr(rules, kind):
            lit = _required_literal(p)
            for t in texts:
                if p.search(t):
                    assert lit in t, (p.pattern, t)


def test_publisher_or_speaker_is_not_the_subject() -> None:
    # the body quoted as the source of a province-wide figure leaves it province-wide
    assert _scopes("Theo báo cáo của Sở Tư pháp, tỷ lệ hồ sơ đúng hạn của tỉnh đạt 96,2%.") == [
        (96.2, "province")
    ]
    assert _scopes("Giám đốc Trung tâm cho biết, trong tháng tỉnh đã tiếp nhận 20.150 hồ sơ.") == [
        (20150, "province")
    ]
    assert _scopes("The department said 815 dossiers were filed online in the quarter.") == [
        (815, "province")
    ]
    # ... but the body that does the work is the subject, also after an opening time phrase
    assert _scopes("Theo kế hoạch, Sở Xây dựng đã tiếp nhận 1.320 hồ sơ.") == [(1320, "agency")]
    assert _scopes("Trong tháng 8, Công an tỉnh tiếp nhận 4.210 hồ sơ trực tuyến.") == [
        (4210, "agency")
    ]
    assert _scopes("The provincial police received 950 dossiers online.") == [(950, "agency")]


def test_ranking_of_district_level_units() -> None:
    got = _scopes(
        "Trong 9 huyện, thị xã, dẫn đầu là thị xã Ninh Hòa với 95,2%, thấp nhất là huyện Khánh"
        " Sơn với 71,8%."
    )
    assert got[1:] == [(95.2, "district"), (71.8, "district")]  # got[0] counts the units


def test_a_centrally_run_city_named_by_thanh_pho_alone_is_the_province() -> None:
    issuer = "Văn phòng UBND thành phố Đà Nẵng"
    assert _scopes("Thành phố đã tiếp nhận 52.300 hồ sơ trong quý.", issuer) == [
        (52300, "province")
    ]
    assert _scopes("Văn phòng UBND thành phố hiện xử lý 4.210 văn bản điện tử.", issuer) == [
        (4210, "province")
    ]
    # a district-level city by its name stays district
    assert _scopes("Thành phố Thủ Đức tiếp nhận 20.100 hồ sơ.", issuer) == [(20100, "district")]
    assert _scopes("UBND thành phố Long Xuyên tiếp nhận 3.100 hồ sơ.") == [(3100, "district")]
