"""Measures: each value's measure, and comparisons only on the same measure (issue 11, items
1–10: one test per class of wrong comparison)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis
from analysis.book import fair
from analysis.tables.measures import MeasureError, load_measures, measure_of


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return fair.with_measures(
        analysis.load_indicators(), analysis.load_value_measures(), analysis.load_measures()
    )


def _measure(data, prov, ind):
    rows = data[(data["province"] == prov) & (data["indicator"] == ind)]
    assert len(rows), (prov, ind)
    return set(rows["measure"])


def test_every_catalog_id_states_its_measure():
    cat = analysis.catalog()
    m = analysis.load_measures()
    own = m[m["measure"] == m["indicator"]]
    assert set(own["indicator"]) == set(cat["id"])
    documented = own[own["documented"]]
    assert len(documented) == len(cat), sorted(set(cat["id"]) - set(documented["indicator"]))
    assert (documented["counts"] != "").all() and (documented["population"] != "").all()


def test_variant_is_read_from_the_figures_own_words():
    ms = load_measures()
    assert (
        measure_of(
            "digital_certificates",
            "nâng tổng số 3.916",
            "nâng tổng số 3.916 chứng thư số đang hoạt động (641",
            ms,
        )
        == "digital_certificates"
    )
    assert (
        measure_of(
            "digital_certificates",
            "pháp ký số với 10.850",
            "pháp ký số với 10.850 chứng thư số được cấp",
            ms,
        )
        == "digital_certificates:issued"
    )
    assert measure_of("unknown_id", "5", "5", ms) == "unknown_id"
    # a goal has the measure of the value it targets
    assert (
        measure_of("digital_training_classes_target", "tổ chức 23", "tổ chức 23 lớp đào tạo", ms)
        == "digital_training_classes"
    )


def test_bad_measures_file_names_entry_and_problem(tmp_path):
    p = tmp_path / "measures.yaml"
    p.write_text(
        "measures:\n  x:\n    counts: a\n    population: b\n    kind: level\n", encoding="utf-8"
    )
    with pytest.raises(MeasureError, match="x: kind 'level'"):
        load_measures(p)
    p.write_text("measures:\n  x:\n    counts: a\n    kind: rate\n", encoding="utf-8")
    with pytest.raises(MeasureError, match="missing population"):
        load_measures(p)
    p.write_text(
        "measures:\n  x:\n    counts: a\n    population: b\n    kind: rate\n"
        "    variants:\n      - id: v\n        match: ['(']\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureError, match="variant 1: bad regex"):
        load_measures(p)


# --- item 2 and 6: trainings of different people, places and periods ----------------------
def test_training_classes_of_different_people_are_different_measures(data):
    ag = _measure(data, "An Giang", "digital_training_classes")
    bg = _measure(data, "Bắc Giang", "digital_training_classes")
    goal = _measure(data, "An Giang", "digital_training_classes_target")
    assert ag == {"digital_training_classes:community_team_classes"}
    # the 27 are meetings and trainings; the same report's "more than 130 classes" (2023) are
    # classes for officials (the planned classes' own measure); its 10 courses are MOOCs
    assert bg == {
        "digital_training_classes",
        "digital_training_classes:meetings_and_trainings",
        "digital_training_classes:online_courses",
    }
    assert goal == {"digital_training_classes"}  # the 23 planned classes are for officials
    panels = {p.measure: p for p in fair.panels(data, "digital_training_classes")}
    assert not any(p.verdict == fair.CHART for p in panels.values())
    officials = panels["digital_training_classes"].rows
    assert list(officials["province"]) == ["Bắc Giang"] and float(officials["value"].iloc[0]) == 130


def test_community_team_training_in_two_districts_is_not_the_whole_province(data):
    ag = _measure(data, "An Giang", "community_digital_team_members_trained")
    bg = _measure(data, "Bắc Giang", "community_digital_team_members_trained")
    assert ag != bg
    panels = fair.panels(data, "community_digital_team_members_trained")
    assert len(panels) == 2 and all(p.verdict == fair.SINGLE for p in panels)


# --- item 4: a 2020 pilot's machines are not licences -----------------------------------
def test_pilot_machines_are_not_licences(data):
    # stage 1: 954 machines monitored; stage 2: anti-malware on 90 of them (line 101)
    assert _measure(data, "An Giang", "endpoint_protection_licences") == {
        "endpoint_protection_licences:pilot_machines",
        "endpoint_protection_licences:pilot_antimalware_machines",
    }
    assert _measure(data, "Bắc Giang", "endpoint_protection_licences") == {
        "endpoint_protection_licences"
    }


# --- item 5 and 8: counts of provinces of different size are listed, not ranked ----------
# (component portals left the list: Bắc Giang's 188 include commune portals, a measure of
# its own, never beside Trà Vinh's 40; see tests/test_briefing_figures.py)
@pytest.mark.parametrize("ind", ["video_conference_points", "official_email_accounts"])
def test_size_dependent_counts_are_listed_not_charted(data, ind):
    panels = fair.panels(data, ind)
    assert panels and all(p.verdict != fair.CHART for p in panels)
    main = panels[0]
    assert main.verdict == fair.LIST and "size of the province" in main.reason


# --- item 5: Trà Vinh's 106 commune points are not its 14 province and district points ------
def test_tra_vinh_commune_points_are_a_row_of_their_own(data):
    rows = data[(data["province"] == "Trà Vinh") & (data["indicator"] == "video_conference_points")]
    got = {
        r["measure"]: (r["value"], r["line"], r["scope"], r["period_label"])
        for r in rows.to_dict("records")
    }
    # tra-vinh_2023-q3 lines 161-163: "14 điểm cầu gồm ... 09 Ủy ban nhân dân huyện ...,
    # 106 điểm cầu tại UBND cấp xã"
    assert got == {
        "video_conference_points": (14.0, 161, "province", "2023-Q3"),
        "video_conference_points:commune_points": (106.0, 163, "commune", "2023-Q3"),
    }
    main, commune = fair.panels(data, "video_conference_points")
    assert main.measure == "video_conference_points"
    assert 106.0 not in set(main.rows["value"])  # never set beside An Giang's 14
    assert set(main.rows["province"]) == {"An Giang", "Trà Vinh"}
    assert commune.measure == "video_conference_points:commune_points"
    assert commune.verdict == fair.NONE and commune.others["value"].tolist() == [106.0]


def test_the_theme_table_shows_the_commune_points_with_their_marks():
    from analysis.book.theme import load_theme_chapter

    chapter = load_theme_chapter("infrastructure")
    table = chapter.table().table.df
    row = table[table["Indicator"].str.startswith("Video-conference bridge points")]
    assert row["Trà Vinh"].tolist() == ["14 (as of 30 Sep 2023); 106 (as of 30 Sep 2023) ‡ ◇"]
    assert row["An Giang"].tolist() == ["14 (as of 31 Jan 2025)"]
    withheld = re.sub(r"\\(.)", r"\1", chapter.withheld().text)
    assert (
        "Trà Vinh 106 (as of 30 Sep 2023; Trà Vinh's Q3 2023 report, line 163) — a figure at "
        in withheld
    )
    assert "commune level only" in withheld


# --- item 7: resolved online is not submitted online ------------------------------------
def test_resolved_online_is_not_submitted_online(data):
    assert _measure(data, "An Giang", "online_application_rate") == {
        "online_application_rate:resolved_online"
    }
    panels = {p.measure: p for p in fair.panels(data, "online_application_rate")}
    submitted = panels["online_application_rate"]
    assert set(submitted.rows["province"]) == {"Trà Vinh", "Bắc Giang"}
    assert submitted.verdict == fair.CHART
    assert panels["online_application_rate:resolved_online"].verdict == fair.SINGLE


def test_no_change_across_a_redefined_catalogue(data):
    rows = data[
        (data["province"] == "An Giang")
        & (data["indicator"] == "services_integrated_national_portal")
    ]
    a, b = rows.sort_values("period_start").to_dict("records")
    assert fair.comparable_change(a, b) == "the definition changed between the reports"


# --- item 8: issued vs active certificates; state vs state + Party accounts ---------------
def test_certificates_and_accounts_are_different_measures(data):
    assert _measure(data, "Trà Vinh", "digital_certificates") == {"digital_certificates"}
    assert _measure(data, "Bắc Giang", "digital_certificates") == {"digital_certificates:issued"}
    assert _measure(data, "Trà Vinh", "document_system_accounts") == {
        "document_system_accounts:state_users"
    }
    assert _measure(data, "Bắc Giang", "document_system_accounts") == {"document_system_accounts"}


# --- item 9: three reporting measures never share an axis --------------------------------
def test_online_reporting_measures_are_split(data):
    measures = {p.measure for p in fair.panels(data, "online_reporting_rate")}
    assert measures == {
        "online_reporting_rate",
        "online_reporting_rate:regimes_connected",
        "online_reporting_rate:national_system_share",
        "online_reporting_rate:agency_reports",  # Bắc Giang line 306: one agency's 1/1
    }
    charted = [p for p in fair.panels(data, "online_reporting_rate") if p.verdict == fair.CHART]
    # only the reports filed online share an axis (An Giang 2025 line 93, Bắc Giang's
    # appendix line 483); regimes connected and the national system's share stand apart
    assert [p.measure for p in charted] == ["online_reporting_rate"]
    assert set(zip(charted[0].rows["province"], charted[0].rows["line"], strict=True)) == {
        ("An Giang", 93),
        ("Bắc Giang", 483),
    }


# --- item 10: handled electronically is not offered fully online -------------------------
def test_handled_electronically_is_not_full_process(data):
    rows = data[
        (data["province"] == "Bắc Giang")
        & (data["indicator"] == "online_services_full_process_rate")
    ]
    by_line = dict(zip(rows["line"], rows["measure"], strict=True))
    # line 220: 37 procedures handled electronically; line 296: 37/37 offered full-process
    assert by_line == {
        220: "online_services_full_process_rate:procedures_handled_electronically",
        296: "online_services_full_process_rate",
    }


def test_one_departments_figure_never_shares_the_axis(data):
    panel = fair.panels(data, "on_time_resolution_rate")[0]
    assert "Bắc Giang" not in set(panel.rows["province"])  # its 100% is the department's own
    assert "Bắc Giang" in set(panel.others["province"])
    prose = re.sub(r"\\(.)", r"\1", fair.panel_prose(panel).text)  # Markdown escapes off
    assert "one department's own" in prose


def test_chartable_pairs_are_chosen_from_data(data):
    pairs = fair.chartable(data)
    assert ("online_application_rate", "online_application_rate") in pairs
    for ind, measure in pairs:
        panel = next(p for p in fair.panels(data, ind) if p.measure == measure)
        assert panel.rows["province"].nunique() >= 2
        assert not panel.rows["scale_dependent"].any()


def test_a_new_period_extends_the_series_of_its_own_measure():
    """changes.csv: a series is one province's indicator on one measure; indicators read
    from before the measure column (empty measure) continue as the own measure."""
    from analysis.tables.changes import _period_changes

    def frame(rows):
        cols = ["province", "indicator", "measure", "post_merger", "period_label", "value"]
        df = pd.DataFrame(rows, columns=cols).assign(unit="count", report_id="r", line=1)
        return df.assign(quote="q", name_en="", name_vi="")

    ind, commune = "video_conference_points", "video_conference_points:commune_points"
    old = frame([("Trà Vinh", ind, "", False, "2023-Q3", 14.0)])  # written before the column
    new = frame(
        [
            ("Trà Vinh", ind, ind, False, "2023-Q3", 14.0),
            ("Trà Vinh", ind, commune, False, "2023-Q3", 106.0),  # a new series, not a period
            ("Trà Vinh", ind, ind, False, "2024-Q1", 15.0),
            ("Trà Vinh", ind, commune, False, "2024-Q1", 107.0),
        ]
    )
    got = [(r["period_label"], r["new_value"]) for r in _period_changes(old, new)]
    assert got == [("2024-Q1", 15.0)]


# --- the leftover of item 1/6: learners of online courses are not officials trained ----------
def test_online_course_learners_are_not_officials_trained(data):
    """Bắc Giang line 93: "1.893 học viên tham gia 10 khóa học" (MOOC learners) is a measure of
    its own, so it is never listed beside the officials a province trained in its classes."""
    rows = data[data["indicator"] == "digital_training_participants"]
    bg = rows[(rows["province"] == "Bắc Giang") & (rows["line"] == 93)]
    assert len(bg) == 1
    assert set(bg["measure"]) == {"digital_training_participants:online_course_learners"}
    for p in fair.panels(data, "digital_training_participants"):
        # every panel holds one measure; the officials' panel never holds the learners
        assert set(p.rows["measure"]) <= {p.measure}
        if p.measure == "digital_training_participants":
            assert not ((p.rows["province"] == "Bắc Giang") & (p.rows["line"] == 93)).any()


def test_learner_variant_is_read_from_the_words_after_the_figure():
    ms = load_measures()
    line = "Đến nay có 34 đơn vị, với 1.893 học viên tham gia 10 khóa học"
    got = measure_of("digital_training_participants", "Đến nay có 34 đơn vị, với 1.893", line, ms)
    assert got == "digital_training_participants:online_course_learners"
    trained = "tập huấn cho hơn 400 cán bộ, công chức"
    assert (
        measure_of("digital_training_participants", "tập huấn cho hơn 400", trained, ms)
        == "digital_training_participants"
    )
