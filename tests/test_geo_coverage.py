"""District coverage extraction on the real reports, and the 2025 crosswalk (issue 4)."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import geo
from analysis.checks.findings import findings_frame
from analysis.corpus.manifest import load_manifest
from analysis.geo import (
    COVERAGE_COLUMNS,
    build_crosswalk,
    districts,
    new_province_of,
    province_crosswalk,
)
from analysis.reading.reports import parse_report_text, read_report
from analysis.schemas import TABLES

AUDIT_COLUMNS = TABLES["audit"].columns


def build_coverage(*args):
    """Coverage and its findings as the published audit rows (what the tests read)."""
    cov, findings = geo.build_coverage(*args)
    return cov, findings_frame(findings)


def extract_coverage(*args):
    cov, findings = geo.extract_coverage(*args)
    return cov, findings_frame(findings)


@pytest.fixture(scope="module")
def manifest() -> pd.DataFrame:
    return load_manifest()


@pytest.fixture(scope="module")
def built(manifest):
    return build_coverage(manifest)


def rows(cov: pd.DataFrame, report_id: str, item: str, line: int | None = None) -> pd.DataFrame:
    sel = cov[(cov.report_id == report_id) & (cov.item == item)]
    return sel if line is None else sel[sel.line == line]


def status_by_code(df: pd.DataFrame) -> dict[str, str]:
    return dict(zip(df.district_code, df.status, strict=True))


def test_contract_columns_and_quotes(built, manifest):
    cov, problems = built
    assert list(cov.columns) == COVERAGE_COLUMNS
    assert list(problems.columns) == AUDIT_COLUMNS
    assert set(cov.status) <= {"present", "absent", "planned"}
    assert not cov.duplicated(["report_id", "item", "district_code", "line"]).any()
    paths = dict(zip(manifest.report_id, manifest.path, strict=True))
    for rid, grp in cov.groupby("report_id"):
        report = read_report(paths[rid])
        for r in grp.itertuples():
            assert r.quote and r.quote in report.line(r.line).raw
    for r in problems.dropna(subset=["line"]).itertuples():
        if r.quote:
            assert r.quote in read_report(paths[r.report_id]).line(int(r.line)).raw


def test_an_giang_ioc_8_of_11(built):
    cov, _ = built
    ioc = rows(cov, "an-giang-2023-q1", "district_ioc", 195)
    st = status_by_code(ioc)
    assert len(st) == 11
    assert {c for c, s in st.items() if s == "absent"} == {"884", "891", "890"}
    assert sum(s == "present" for s in st.values()) == 8
    absent_quotes = set(ioc.loc[ioc.status == "absent", "quote"])
    assert absent_quotes == {"thành phố Châu Đốc", "huyện Tri Tôn", "huyện Tịnh Biên"}
    assert set(ioc.loc[ioc.status == "present", "quote"]) == {"08/11 huyện"}


def test_totals_cover_every_district(built):
    cov, _ = built
    ag = set(districts("An Giang").district_code)
    tv = set(districts("Trà Vinh").district_code)
    cases = [
        ("an-giang-2023-q1", "community_digital_team", 221, ag),
        ("an-giang-2025-01", "5g_coverage", 55, ag),
        ("an-giang-2025-01", "video_conference_point", 141, ag),
        ("tra-vinh-2023-q3", "video_conference_point", 163, tv),
        ("tra-vinh-2023-q3", "iso_electronic", 159, tv),
    ]
    for rid, item, line, expected in cases:
        st = status_by_code(rows(cov, rid, item, line))
        assert set(st) == expected, (rid, item)
        assert set(st.values()) == {"present"}
    assert len(tv) == 9


def test_named_lists(built):
    cov, _ = built
    pest = status_by_code(rows(cov, "an-giang-2025-01", "pest_station", 97))
    assert pest == dict.fromkeys(["893", "889", "894", "891"], "present")  # not Thoại Giang
    assert set(status_by_code(rows(cov, "an-giang-2023-q1", "training", 201))) == {"888", "894"}
    bg93 = status_by_code(rows(cov, "bac-giang-2024-05", "training", 93))
    # the report (May 2024) predates 1 November 2024: Yên Dũng was still its own district
    assert set(bg93) == {"213", "215", "216", "219", "221"}
    bg91 = status_by_code(rows(cov, "bac-giang-2024-05", "training", 91))
    assert set(bg91) == {"213", "223", "215"}  # TPBG, Hiệp Hòa, Yên Thế
    post = rows(cov, "an-giang-2023-q1", "one_stop_post_office", 159)
    assert status_by_code(post) == {"886": "present"}
    # the training line is not also read as a community-digital-team statement
    assert rows(cov, "an-giang-2023-q1", "community_digital_team", 201).empty


def test_district_list_follows_the_report_date(built):
    cov, _ = built
    bg = cov[cov.report_id == "bac-giang-2024-05"]
    names = set(bg.district_name)
    assert "Huyện Yên Dũng" in names and "Thị xã Chũ" not in names
    # "all districts" of the mid-2024 report are its ten districts then
    portal = bg[bg.item == "district_portal"]
    assert portal.district_code.nunique() == 10 and "224" not in set(portal.district_code)


def test_former_name_after_its_merger_is_flagged():
    report = parse_report_text(
        "# I. Kết quả\nTập huấn chuyển đổi số tại huyện Yên Dũng.\n".encode()
    )
    after, findings = geo.coverage.coverage_rows(report, "bg-2025", "Bắc Giang", on="2025-01-31")
    before, none = geo.coverage.coverage_rows(report, "bg-2024", "Bắc Giang", on="2024-05-31")
    assert {r["district_code"] for r in after} == {"213"}
    assert [f.check for f in findings] == ["historic_district_name"]
    assert {(r["district_code"], r["district_name"]) for r in before} == {("221", "Huyện Yên Dũng")}
    assert not [f for f in none if f.check == "historic_district_name"]


def test_bad_input_becomes_problem_rows():
    text = (
        "# I. Kết quả\n"
        "Đã có 08/11 huyện, thị, thành phố đã ra mắt IOC và còn 2 đơn vị chưa có IOC là: "
        "huyện Tri Tôn và huyện Cầu Kè.\n"
        "Trung tâm IOC của 12/12 huyện.\n"
        "Duyên Hải đã tổ chức tập huấn.\n"
    ).encode()
    report = parse_report_text(text, "synthetic.txt")
    cov, problems = extract_coverage(report, "synthetic", "An Giang")
    checks = set(problems.check)
    assert {"foreign_district", "absent_count_mismatch", "district_total_mismatch"} <= checks
    foreign = problems[problems.check == "foreign_district"].iloc[0]
    assert "Trà Vinh" in foreign.message and foreign.quote == "huyện Cầu Kè"
    assert "845" not in set(cov.district_code)


def test_build_coverage_survives_broken_rows(manifest, tmp_path: Path):
    bad = manifest.iloc[:1].copy()
    bad["report_id"] = "missing-file"
    bad["path"] = str(tmp_path / "nope.txt")
    late = manifest.iloc[:1].copy()
    late["report_id"] = "after-reform"
    late["post_merger"] = True
    cov, problems = build_coverage(pd.concat([manifest, bad, late], ignore_index=True))
    assert len(cov) > 0
    assert set(problems.loc[problems.report_id == "missing-file", "severity"]) == {"error"}
    assert "post_merger_report" in set(problems.check)


def test_crosswalk():
    cw = build_crosswalk()
    expected = {
        "An Giang": "An Giang",
        "Bắc Giang": "Bắc Ninh",
        "Trà Vinh": "Vĩnh Long",
        "Quảng Ngãi": "Quảng Ngãi",
    }
    got = cw.groupby("old_province")["new_province"].unique().map(list).to_dict()
    assert got == {k: [v] for k, v in expected.items()}
    assert new_province_of("Kiên Giang") == "An Giang"
    assert new_province_of("Bến Tre") == "Vĩnh Long"
    assert new_province_of("Kon Tum") == "Quảng Ngãi"
    for prov in expected:
        assert set(cw.loc[cw.old_province == prov, "old_district_code"]) == set(
            districts(prov).district_code
        )
    assert not cw.duplicated(["old_district_code", "new_ward_code"]).any()
    assert (cw.groupby("old_district_code").size() > 1).any()  # a district -> many wards
    assert (cw.groupby("new_ward_code").old_district_code.nunique() > 1).any()  # and back
    assert cw.new_ward_code.str.fullmatch(r"\d{5}").all()


@pytest.mark.slow
def test_performance(manifest):
    """CPU time (the machine may be shared): whole-corpus coverage well under a second."""
    reports = {r.report_id: read_report(r.path) for r in manifest.itertuples()}
    build_coverage(manifest, reports)
    build_crosswalk()
    t = time.process_time()
    build_coverage(manifest, reports)
    build_crosswalk()
    assert time.process_time() - t < 0.5
    t = time.process_time()
    build_coverage(manifest)  # reading the files included
    assert time.process_time() - t < 1.0


# --- the whole corpus, row by row -------------------------------------------------------------

EXPECTED_ROWS = {  # (report, item, line): {status: number of districts}
    ("an-giang-2023-q1", "community_digital_team", 221): {"present": 11},
    ("an-giang-2023-q1", "district_ioc", 195): {"present": 8, "absent": 3},
    ("an-giang-2023-q1", "one_stop_post_office", 159): {"present": 1},
    ("an-giang-2023-q1", "training", 201): {"present": 2},
    ("an-giang-2025-01", "5g_coverage", 55): {"present": 11},
    ("an-giang-2025-01", "pest_station", 97): {"present": 4},
    ("an-giang-2025-01", "video_conference_point", 141): {"present": 11},
    ("bac-giang-2024-05", "district_portal", 73): {"present": 10},
    ("bac-giang-2024-05", "malware_protection", 111): {"present": 10},
    ("bac-giang-2024-05", "training", 91): {"present": 3},
    ("bac-giang-2024-05", "training", 93): {"present": 5},
    ("tra-vinh-2023-q3", "iso_electronic", 159): {"present": 9},
    ("tra-vinh-2023-q3", "one_stop_system", 157): {"present": 9},
    ("tra-vinh-2023-q3", "video_conference_point", 163): {"present": 9},
}


def test_every_corpus_statement(built):
    """The complete coverage table of the corpus: nothing more, nothing less."""
    cov, _ = built
    got: dict[tuple, dict[str, int]] = {}
    for (rid, item, line, status), n in (
        cov.groupby(["report_id", "item", "line", "status"]).size().items()
    ):
        got.setdefault((rid, item, line), {})[status] = n
    assert got == EXPECTED_ROWS
    assert "quang-ngai-2022" not in set(cov.report_id)  # names no district at all


def test_level_breakdown_counts_districts_not_agencies(built):
    cov, problems = built
    one_stop = rows(cov, "tra-vinh-2023-q3", "one_stop_system", 157)
    assert set(one_stop.quote) == {"tỉnh 18, huyện 9"}
    # "(cấp tỉnh: 139, cấp huyện: 332, cấp xã: 106)" counts agencies: no row, no problem
    assert cov[(cov.report_id == "tra-vinh-2023-q3") & (cov.line == 151)].empty
    assert problems[(problems.report_id == "tra-vinh-2023-q3") & (problems.line == 151)].empty
    # "UBND cấp huyện: 04" (procedures) is no district count either
    assert problems[(problems.report_id == "bac-giang-2024-05") & (problems.line == 169)].empty


def test_corpus_problems_are_audit_rows(built):
    _, problems = built
    assert list(problems.columns) == AUDIT_COLUMNS
    assert set(problems.severity) == {"info"}  # the real reports raise no warning
    assert set(problems.check) == {
        "district_without_item",
        "district_count_without_item",
    }
    assert (problems.province != "").all() and problems.line.notna().all()
    assert not problems.duplicated(["report_id", "line", "check", "quote"]).any()
    ag = problems[problems.report_id == "an-giang-2025-01"].iloc[0]
    assert (ag.line, ag.quote) == (143, "11 UBND cấp huyện")  # 180/188 agencies: unidentifiable


# --- tricky synthetic input -------------------------------------------------------------------

SYNTHETIC = (
    "I. KẾT QUẢ\n"
    "Đã có 09/11 huyện, thị xã, thành phố ra mắt IOC; còn 2 đơn vị chưa có IOC là: "
    "thành phố Châu Ðốc và huyện Tri Tôn.\n"
    "Tổ chức tập huấn chuyển đổi số tại huyện Châu Thành và huyện Núi Sam.\n"
    "Huyện Thoại Sơn chưa thành lập Tổ công nghệ số cộng đồng; huyện Chợ Mới đã thành lập "
    "Tổ công nghệ số cộng đồng.\n"
    "II. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II\n"
    "Triển khai bẫy đèn quan trắc sinh vật gây hại tại huyện An Phú.\n"
)


@pytest.fixture(scope="module")
def synthetic():
    return parse_report_text(SYNTHETIC.encode(), "synthetic.txt")


def test_synthetic_statuses_and_lookalike_quotes(synthetic):
    cov, problems = extract_coverage(synthetic, "syn", "An Giang")
    ioc = status_by_code(rows(cov, "syn", "district_ioc", 2))
    assert {c for c, s in ioc.items() if s == "absent"} == {"884", "891"}
    assert sum(s == "present" for s in ioc.values()) == 9
    # the quote is the raw text, with the look-alike Ð (U+00D0) as received
    quotes = set(rows(cov, "syn", "district_ioc", 2).quote)
    assert "thành phố Châu \u00d0ốc" in quotes
    team = status_by_code(rows(cov, "syn", "community_digital_team", 4))
    assert team == {"894": "absent", "893": "present"}  # "chưa" after the name
    assert status_by_code(rows(cov, "syn", "pest_station", 6)) == {"886": "planned"}
    assert status_by_code(rows(cov, "syn", "training", 3)) == {"892": "present"}
    (unknown,) = problems[problems.check == "unknown_district"].itertuples()
    assert (unknown.line, unknown.quote, unknown.severity) == (3, "huyện Núi Sam", "warning")
    assert "Núi Sam" in unknown.message and "not counted" in unknown.message


def test_province_decides_chau_thanh(synthetic):
    tv_cov, tv_problems = extract_coverage(synthetic, "syn", "Trà Vinh")
    assert status_by_code(rows(tv_cov, "syn", "training", 3)) == {"847": "present"}
    # the An Giang names are foreign in a Trà Vinh report: reported, never counted
    foreign = tv_problems[tv_problems.check == "foreign_district"]
    assert set(foreign.quote) == {
        "thành phố Châu \u00d0ốc",
        "huyện Tri Tôn",
        "Huyện Thoại Sơn",
        "huyện Chợ Mới",
        "huyện An Phú",
    }
    assert foreign.message.str.contains("An Giang").all()
    assert not set(tv_cov.district_code) - set(districts("Trà Vinh").district_code)
    total = tv_problems[tv_problems.check == "district_total_mismatch"].iloc[0]
    assert (total.stated, total.expected) == (11, 9)


def test_negation_needs_a_real_cue():
    text = (
        "Triển khai thanh toán không dùng tiền mặt tại Bộ phận một cửa đặt tại Bưu điện "
        "huyện An Phú.\nHuyện Tri Tôn không tổ chức tập huấn.\n"
    ).encode()
    cov, _ = extract_coverage(parse_report_text(text), "syn", "An Giang")
    assert status_by_code(rows(cov, "syn", "one_stop_post_office", 1)) == {"886": "present"}
    assert status_by_code(rows(cov, "syn", "training", 2)) == {"891": "absent"}


def test_partial_count_with_the_districts_named():
    text = (
        "Đã có 03/11 huyện ra mắt IOC gồm: huyện Tri Tôn, huyện Chợ Mới và huyện An Phú.\n"
        "Đã có 04/11 huyện ra mắt IOC gồm: huyện Tri Tôn và huyện Chợ Mới.\n"
        "Có 12/11 huyện đã ra mắt IOC.\n"
    ).encode()
    cov, problems = extract_coverage(parse_report_text(text), "syn", "An Giang")
    assert status_by_code(rows(cov, "syn", "district_ioc", 1)) == dict.fromkeys(
        ["891", "893", "886"], "present"
    )
    assert problems[problems.line == 1].empty
    # 4 counted, 2 named: the two are kept, the gap is flagged
    assert set(rows(cov, "syn", "district_ioc", 2).district_code) == {"891", "893"}
    assert problems.loc[problems.line == 2, "check"].tolist() == ["absent_count_mismatch"]
    assert rows(cov, "syn", "district_ioc", 3).empty
    (over,) = problems[problems.line == 3].itertuples()
    assert (over.check, over.stated, over.expected) == ("district_count_exceeds_total", 12, 11)


def test_build_coverage_uses_reports_given(manifest, synthetic):
    one = manifest[manifest.report_id == "an-giang-2023-q1"]
    cov, _ = build_coverage(one, {"an-giang-2023-q1": synthetic})
    assert set(cov.line) == {2, 3, 4, 6}  # the synthetic text, not the file


def test_empty_corpus():
    cov, problems = build_coverage(load_manifest().iloc[:0])
    assert list(cov.columns) == COVERAGE_COLUMNS and cov.empty
    assert list(problems.columns) == AUDIT_COLUMNS and problems.empty


# --- 2025 crosswalk ---------------------------------------------------------------------------


def test_province_crosswalk():
    pc = province_crosswalk().set_index("old_province")
    assert pc.loc["Bắc Giang", "merged_from"] == "Bắc Giang; Bắc Ninh"
    assert pc.loc["Trà Vinh", "merged_from"] == "Bến Tre; Trà Vinh; Vĩnh Long"
    assert pc.loc["An Giang", "merged_from"] == "An Giang; Kiên Giang"
    assert pc.loc["Quảng Ngãi", "merged_from"] == "Kon Tum; Quảng Ngãi"
    assert pc.new_province_code.str.fullmatch(r"\d{2}").all()


def test_crosswalk_agrees_with_the_package_converter():
    """Every old commune of the four provinces, converted by the package's own API, lands in a
    new commune that the crosswalk lists for the commune's old district."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.database.main import query

    cw = build_crosswalk()
    pairs = set(zip(cw.old_district_code, cw.new_ward_code, strict=True))
    old_wards = query(
        "SELECT ward, district, province, districtCode FROM admin_units_legacy "
        "WHERE provinceShort IN ('An Giang', 'Trà Vinh', 'Bắc Giang', 'Quảng Ngãi')"
    )
    assert len(old_wards) > 500
    for w in old_wards:
        new = convert_address(f"{w['ward']}, {w['district']}, {w['province']}")
        assert (w["districtCode"], new.ward_code) in pairs, w
    # Tây Trà (merged into Trà Bồng in 2020) lives on as Xã Tây Trà under code 525
    assert "Xã Tây Trà" in set(cw.loc[cw.old_district_code == "525", "new_ward_name"])


def test_crosswalk_of_other_provinces():
    kg = build_crosswalk(["Kiên Giang"])
    assert set(kg.new_province) == {"An Giang"}
    assert set(kg.old_district_code).isdisjoint(build_crosswalk().old_district_code)


def test_outputs_fit_the_published_schemas(manifest, tmp_path: Path):
    """What the build publishes: coverage, crosswalk, and geography problems appended to the
    audit, even when a report is unreadable or post-dates the reform."""
    from analysis.schemas import validate

    bad = manifest.iloc[:1].assign(report_id="missing-file", path=str(tmp_path / "nope.txt"))
    late = manifest.iloc[:1].assign(report_id="after-reform", post_merger=True)
    cov, problems = build_coverage(pd.concat([manifest, bad, late], ignore_index=True))
    validate("coverage", cov)
    validate("crosswalk", build_crosswalk())
    checked = validate("audit", problems)
    report_wide = checked[checked.report_id.isin(["missing-file", "after-reform"])]
    assert set(report_wide.line) == {0}
    assert set(report_wide.check) == {"coverage_failed", "post_merger_report"}


# --- the rules are data (data/raw/reference/coverage.yaml) -------------------------------------


def test_every_coverage_rule_example_reads_as_its_item():
    from analysis.geo.coverage_rules import coverage_rules
    from analysis.vocabulary import COVERAGE_ITEMS

    rules = coverage_rules()
    assert {r.item for r in rules.items} == set(COVERAGE_ITEMS)
    for rule in rules.items:
        assert rule.examples, f"{rule.item} has no example phrase"
        for phrase in rule.examples:
            found = rules.item_of(phrase)
            assert found is not None and found.item == rule.item, (rule.item, phrase)


def test_coverage_rules_edited_in_yaml_change_extraction(project_copy):
    """An analyst's new phrase in coverage.yaml is read on the next extraction."""
    import yaml

    from analysis.geo.coverage_rules import coverage_rules_path

    text = "BÁO CÁO\n\nKiosk tra cứu thủ tục đã lắp đặt tại 11/11 huyện.\n".encode()
    assert extract_coverage(parse_report_text(text), "syn", "An Giang")[0].empty
    path = coverage_rules_path()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][-1]["pattern"] += "|kiosk tra cứu"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cov, _ = extract_coverage(parse_report_text(text), "syn", "An Giang")
    assert set(cov["item"]) == {"community_digital_team"} and len(cov) == 11


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["items"].append({"item": "drones", "pattern": "x"}),
            "'drones' is not declared",
        ),
        (
            lambda d: d["items"][0].update(pattern="(unclosed"),
            "items entry 1 (one_stop_post_office): invalid regex",
        ),
        (
            lambda d: d["quantifiers"].update(count=r"\d+ huyện"),
            "quantifiers.count: a group (?P<n>...)",
        ),
        (lambda d: d.pop("negative_cue"), "negative_cue: a pattern"),
    ],
)
def test_broken_coverage_rules_are_named(project_copy, edit, message):
    import yaml

    from analysis.geo.coverage_rules import CoverageRulesError, coverage_rules, coverage_rules_path

    path = coverage_rules_path()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CoverageRulesError, match=r"coverage\.yaml") as exc:
        coverage_rules()
    assert message in str(exc.value)


def test_older_statement_keeps_its_own_date(built):
    cov, _ = built
    post = rows(cov, "an-giang-2023-q1", "one_stop_post_office", 159)
    assert list(post.stated_on) == ["2020-03-16"]  # the An Phú desk moved in March 2020
    others = cov[~cov.index.isin(post.index)]
    assert others.stated_on.isna().all()  # "từ ngày 15/10/2024" (5G since) is still current
    text = (
        "# I. Kết quả\n"
        "Ngày 02/01/2021, huyện Tri Tôn đã ra mắt IOC.\n"
        "Từ ngày 02/01/2021, huyện Tịnh Biên đã ra mắt IOC.\n"
    ).encode()
    got, _ = geo.coverage.coverage_rows(
        parse_report_text(text), "x", "An Giang", on="2023-03-31", since="2023-01-01"
    )
    by_name = {r["district_name"]: r["stated_on"] for r in got}
    assert by_name == {"Huyện Tri Tôn": "2021-01-02", "Thị xã Tịnh Biên": None}


def test_bac_giang_list_switches_on_the_resolution_effective_day():
    """Resolution 1191/NQ-UBTVQH15 took effect on 1 November 2024: the day before, Yên Dũng is
    a district and Thị xã Chũ is not; from that day on, the reverse."""
    from analysis.geo.gazetteer import districts

    def names(on: str) -> set[str]:
        return set(districts("Bắc Giang", on=on)["short_name"])

    before, after = names("2024-10-31"), names("2024-11-01")
    assert "Yên Dũng" in before and "Chũ" not in before
    assert "Chũ" in after and "Yên Dũng" not in after
