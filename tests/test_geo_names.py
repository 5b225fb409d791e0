"""Gazetteer and district-name matching (issue 4)."""

from __future__ import annotations

import time

import pytest

from analysis.geo import (
    UnknownDistrictError,
    district_code,
    district_total,
    districts,
    find_districts,
    foreign_mentions,
    scan_text,
)
from analysis.vocabulary import STUDY_PROVINCES


def codes(text: str, province: str) -> list[str]:
    return [m.code for m in find_districts(text, province)]


def test_gazetteer_shape_and_counts():
    expected = {"An Giang": 11, "Trà Vinh": 9, "Bắc Giang": 10, "Quảng Ngãi": 13}
    for prov in STUDY_PROVINCES:
        df = districts(prov)
        assert list(df.columns) == [
            "district_code",
            "district_name",
            "short_name",
            "unit_type",
            "latitude",
            "longitude",
            "province",
        ]
        assert len(df) == expected[prov] == district_total(prov)
        assert df["district_code"].is_unique
        assert set(df["unit_type"]) <= {"huyện", "thị xã", "thành phố"}
    ag = districts("an giang").set_index("district_code")
    assert ag.loc["891", "district_name"] == "Huyện Tri Tôn"
    assert ag.loc["891", "short_name"] == "Tri Tôn"
    tv = districts("Trà Vinh")
    assert sorted(tv.loc[tv.short_name == "Duyên Hải", "unit_type"]) == ["huyện", "thị xã"]


@pytest.mark.slow
def test_gazetteer_is_fast():
    districts("An Giang")
    t = time.process_time()
    for _ in range(200):
        districts("An Giang")
    assert time.process_time() - t < 0.5


def test_gazetteer_returns_a_fresh_copy():
    df = districts("An Giang")
    df.loc[0, "district_name"] = "changed"
    assert districts("An Giang").loc[0, "district_name"] != "changed"


@pytest.mark.parametrize(
    ("text", "province", "expected"),
    [
        ("huyện Tri Tôn", "An Giang", ["891"]),
        ("thị xã Tịnh Biên và thành phố Châu Đốc", "An Giang", ["890", "884"]),
        ("TP Bắc Giang; TP. Long Xuyên", "An Giang", ["883"]),
        ("của TPBG và Sản nhi BG", "Bắc Giang", ["213"]),
        ("huyen Tri Ton, Chau Doc", "An Giang", ["891", "884"]),
        ("huyện Son Ðộng", "Bắc Giang", ["220"]),  # Icelandic Ð (U+00D0), broken ơ
        ("huyện Hiệp Hoà", "Bắc Giang", ["223"]),  # old tone placement
        ("huyện Phú Tân, Thoại Sơn tổ chức", "An Giang", ["888", "894"]),
        ("xã Bình Phước Xuân, huyện Chợ Mới", "An Giang", ["893"]),
        ("ấp Tây Bình, xã Thoại Giang, huyện Thoại Sơn", "An Giang", ["894"]),
        ("thị trấn Chợ Mới, xã Châu Phú, khóm Tri Tôn, thôn Yên Thế", "An Giang", []),
        ("tỉnh Bắc Giang, Sở TT&TT Bắc Giang", "Bắc Giang", []),
        ("chữ ký số; cơ quan Bắc Giang; chợ mới", "Bắc Giang", []),
        ("huyện Châu Thành", "An Giang", ["892"]),
        ("huyện Châu Thành", "Trà Vinh", ["847"]),
        ("huyện Duyên Hải, thị xã Duyên Hải", "Trà Vinh", ["850", "851"]),
        ("huyện Tây Trà", "Quảng Ngãi", ["525"]),  # merged into Trà Bồng
    ],
)
def test_find_districts_forms(text, province, expected):
    assert codes(text, province) == expected


def test_mentions_carry_exact_spans():
    text = "phối hợp với Phòng Văn hóa và Thông tin huyện Phú Tân, Thoại Sơn tổ chức"
    for m in find_districts(text, "An Giang"):
        assert text[m.start : m.end] == m.matched
    first, second = find_districts(text, "An Giang")
    assert (first.matched, first.name) == ("huyện Phú Tân", "Huyện Phú Tân")
    assert second.matched == "Thoại Sơn" and second.explicit


def test_historic_alias_is_flagged():
    (m,) = find_districts("huyện Yên Dũng", "Bắc Giang")
    assert m.code == "213" and m.historic and m.name == "Thành phố Bắc Giang"


def test_foreign_district_is_reported_not_matched():
    text = "huyện Cầu Kè và huyện Tri Tôn"
    assert codes(text, "An Giang") == ["891"]
    (f,) = foreign_mentions(text, "An Giang")
    assert (f.code, f.province, f.matched) == ("845", "Trà Vinh", "huyện Cầu Kè")
    assert foreign_mentions(text, "Trà Vinh")[0].code == "891"


def test_bare_ambiguous_name_is_reported():
    scan = scan_text("Duyên Hải đã triển khai", "Trà Vinh")
    assert not scan.mentions and len(scan.ambiguous) == 1


def test_unknown_district_messages():
    with pytest.raises(UnknownDistrictError, match="not a district-level unit of An Giang"):
        district_code("Núi Sam", "An Giang")
    with pytest.raises(UnknownDistrictError, match="Đồng Tháp"):
        district_code("huyện Hồng Ngự", "An Giang")
    with pytest.raises(UnknownDistrictError, match="ambiguous"):
        district_code("Duyên Hải", "Trà Vinh")
    assert district_code("TP. Long Xuyen", "An Giang") == "883"


def test_gazetteer_agrees_with_the_package_parser():
    """Codes come from vietnamadminunits: its own address parser resolves every name to them."""
    from vietnamadminunits import ParseMode, parse_address

    for prov in STUDY_PROVINCES:
        for r in districts(prov).itertuples():
            unit = parse_address(f"{r.district_name}, {prov}", mode=ParseMode.LEGACY, level=2)
            assert unit.district_code == r.district_code
            # the package disambiguates duplicate short names: "Duyên Hải (Huyện)"
            assert unit.short_district.split(" (")[0] == r.short_name


def test_centroids_lie_in_their_province():
    boxes = {
        "An Giang": (10.1, 10.99, 104.7, 105.6),
        "Trà Vinh": (9.5, 10.1, 105.9, 106.7),
        "Bắc Giang": (21.1, 21.65, 105.85, 107.05),
        "Quảng Ngãi": (14.5, 15.45, 108.2, 109.2),
    }
    for prov, (s, n, w, e) in boxes.items():
        df = districts(prov)
        assert df.latitude.between(s, n).all() and df.longitude.between(w, e).all(), prov


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("huyen Phu Tan, Thoai Son va thanh pho Chau Doc", ["888", "894", "884"]),
        ("TX Tân Châu, TP.Long Xuyên", ["887", "883"]),
        ("THÀNH PHỐ CHÂU ĐỐC", ["884"]),
        ("Huyện Chợ Mới, Châu Phú và Châu Thành", ["893", "889", "892"]),
        ("thành phố Châu Ðốc", ["884"]),  # Ð U+00D0 in the name itself
    ],
)
def test_more_forms_in_an_giang(text, expected):
    assert codes(text, "An Giang") == expected


def test_capitalised_word_inside_a_longer_name_is_not_a_district():
    # "Chợ Mới" inside "Bệnh viện Đa khoa Chợ Mới Xanh" or after another capital word
    assert codes("Bệnh viện Xanh Chợ Mới", "An Giang") == []
    assert codes("Trường Chợ Mới Tây", "An Giang") == []
    # one syllable is never enough without the unit word (Chũ is a real thị xã of Bắc Giang)
    assert codes("chữ Chũ", "Bắc Giang") == []
    assert codes("thị xã Chũ", "Bắc Giang") == ["224"]


def test_unknown_district_after_a_unit_word():
    scan = scan_text("tập huấn tại huyện Núi Sam và huyện Tri Tôn", "An Giang")
    assert [m.code for m in scan.mentions] == ["891"]
    assert [u.matched for u in scan.unknown] == ["huyện Núi Sam"]
    # province-level cities, sentence ends and table cells are not unknown districts
    for text in (
        "thành phố Cần Thơ",
        "TP. Hồ Chí Minh",
        "các huyện. Trong quý",
        "UBND huyện\tĐã thực hiện",
        "huyện Tri Tôn",
    ):
        assert scan_text(text, "An Giang").unknown == [], text


@pytest.mark.slow
def test_scan_is_fast():
    text = (
        "Đã có 08/11 huyện, thị, thành phố đã ra mắt IOC và còn 3 đơn vị chưa có IOC là: "
        "thành phố Châu Đốc, huyện Tri Tôn và huyện Tịnh Biên. "
    ) * 10
    scan_text(text, "An Giang")
    t = time.process_time()
    for _ in range(50):
        scan_text(text, "An Giang")
    assert time.process_time() - t < 0.5


def test_prefilter_never_hides_a_mention(manifest, report_path):
    """may_mention is only a shortcut: on every real line, and on lines built to be awkward,
    the full scan finds nothing where the pre-screen says "no"."""
    from analysis.geo.names import _scan, may_mention
    from analysis.reading.reports import read_report

    lines = [
        (ln.text, r.province)
        for r in manifest.itertuples()
        for ln in read_report(report_path(r.report_id)).lines
    ]
    lines += [
        (t, "An Giang")
        for t in (
            "Phú Tân-Thoại Sơn",
            "TRI TÔN",
            "Thoại Sơn”",
            "YÊN DŨNG",
            "(Châu Ðốc)",
            "An Giang và Kiên Giang",
        )
    ]
    lines += [("Yên Dũng, Lục Ngạn", "Bắc Giang"), ("TPBG", "Bắc Giang")]
    skipped = 0
    for text, prov in lines:
        if not may_mention(text, prov):
            skipped += 1
            scan = _scan(text, prov, True)
            assert not (scan.mentions or scan.foreign or scan.ambiguous or scan.unknown), text
    assert skipped > len(lines) / 2  # and it does skip most lines
