"""Figures of another province, publication dates and English rank wording in index articles.

Sentences written for these tests in the wording of index result articles; figures invented.
"""

from __future__ import annotations

from datetime import date

from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.places import own_names, strip_marks
from analysis.facts.scopes import load_scope_rules
from analysis.reading.reports import parse_report_text
from analysis.reading.time_expressions import Span, find_time_expressions

CAT = load_catalog()
RULES = load_scope_rules()


def _ids(text: str, province: str = "Hậu Giang", language: str = "vi") -> list[tuple]:
    rep = parse_report_text(text.encode("utf-8"))
    rows = extract_report(rep, "r", CAT, RULES.for_report("", "", province), language=language)
    return [(r.value, r.indicator, r.extra.get("other_province")) for r in rows]


def test_a_figure_of_another_province_gets_no_id() -> None:
    got = _ids("Tỉnh đạt 0,5123 điểm DTI; trong khi đó, tỉnh Sóc Trăng xếp thứ 29 với 0,5744 điểm.")
    assert got == [
        (0.5123, "dti_score", None),
        (29, None, "Sóc Trăng"),
        (0.5744, None, "Sóc Trăng"),
    ]
    got = _ids("The province scored 0.61 in the DTI, while Da Nang led with 0.79.", language="en")
    assert got == [(0.61, "dti_score", None), (0.79, None, "Đà Nẵng")]


def test_the_report_s_own_province_keeps_its_ids() -> None:
    # named, or "tỉnh" after another's name, or without a known province: the rule stays out
    assert _ids("Tỉnh Hậu Giang đạt 0,5871 điểm DTI.")[0][1] == "dti_score"
    got = _ids("Cũng như Cần Thơ, tỉnh đạt 0,5871 điểm DTI.")
    assert got[0][1] == "dti_score"
    assert _ids("Tỉnh Sóc Trăng xếp thứ 29 với 0,5744 điểm DTI.", province="")[1][1] == "dti_score"
    # the province formed in 2025, named as such, is the report's own
    got = _ids("Tỉnh Vĩnh Long sau hợp nhất xếp thứ 9/34 về DTI.", province="Vĩnh Long")
    assert got[0][1] == "dti_rank"
    got = _ids(
        "DTI của tỉnh Vĩnh Long (sau hợp nhất với Trà Vinh) đạt 0,6628.", province="Vĩnh Long"
    )
    assert got[0][1] == "dti_score"  # (a merger partner named aside is not the subject)
    assert own_names("Vĩnh Long") == {"Vĩnh Long"}


def test_a_province_before_the_2025_merger_is_not_the_report_s() -> None:
    # convention D8: a predecessor's value in a report of the province it merged into is of
    # that predecessor (so is the namesake's, marked former or beside another predecessor)
    got = _ids("Tỉnh Trà Vinh (cũ) đạt 0,6012 điểm DTI năm 2024.", province="Vĩnh Long")
    assert got == [(0.6012, None, "Trà Vinh")]
    got = _ids(
        "Năm 2024, tỉnh Vĩnh Long (cũ) có tỷ lệ hồ sơ trực tuyến 62,4%.", province="Vĩnh Long"
    )
    assert got == [(62.4, None, "Vĩnh Long (cũ)")]
    got = _ids(
        "Năm 2024, DTI của tỉnh Hà Giang đạt 0,4912 điểm; tỉnh Tuyên Quang đạt 0,5521 điểm.",
        province="Tuyên Quang",
    )
    assert got == [(0.4912, None, "Hà Giang"), (0.5521, None, "Tuyên Quang (cũ)")]
    got = _ids(
        "In 2024 Ha Giang scored 0.4912 on the DTI, while Tuyen Quang scored 0.5521.",
        province="Tuyên Quang",
        language="en",
    )
    assert [g[1] for g in got] == [None, None]


def test_a_ward_or_district_city_of_a_province_s_name_is_no_province() -> None:
    rules = RULES.provinces
    assert rules is not None
    plain = strip_marks("Trung tâm phường Kon Tum và thành phố Trà Vinh; tỉnh Kon Tum; TP. Đà Nẵng")
    assert [name for _, name in rules.mentions(plain)] == ["Kon Tum", "Đà Nẵng"]
    assert rules.mentions(strip_marks("tỷ lệ số hóa bình quân đạt 80%")) == []


def test_a_publication_date_is_no_period_of_the_results() -> None:
    ref = Span(date(2025, 1, 1), date(2025, 12, 31))
    text = "Kết quả Chỉ số PAPI năm 2024 được công bố ngày 8/4/2025, theo đó tỉnh đạt 43,05 điểm."
    roles = [(e.span.first.year, e.role) for e in find_time_expressions(text, ref)]
    assert roles == [(2024, "frame"), (2025, "published")]
    text = "Ngày 16/5/2025, Bộ Nội vụ công bố PAR Index 2024; tỉnh đạt 88,1%."
    assert [e.role for e in find_time_expressions(text, ref)] == ["published", "frame"]
    # a year is the edition or the period, whatever publishes it
    text = "Số TTHC được công bố trong năm 2024 là 418 thủ tục."
    assert [e.role for e in find_time_expressions(text, ref)] == ["frame"]


def test_english_rank_bands_and_falls() -> None:
    from analysis.reading.english import find_figures_en

    got = [(f.value, f.unit, f.qualifier) for f in find_figures_en("a decline of 2 places")]
    assert got == [(-2, "rank", "exact")]
    got = [(f.value, f.unit, f.qualifier) for f in find_figures_en("among the top 15 in the DTI")]
    assert got == [(15, "rank", "upper_bound")]
    got = [(f.value, f.qualifier) for f in find_figures_en("The province moved up to 41st")]
    assert got == [(41, "exact")]
