"""Trends, change per year, pace and target status on synthetic indicator tables.

The frames follow the published contract of ``data/processed/indicators.csv`` (one row per
province × period × indicator) and carry the awkward cases the real reports have: a province
that did not report, an agency-only figure, a post-merger value, 1/2/3+ points, a lower-bound
target ("trên 90%"), percent next to counts.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import vocabulary
from analysis.book import dates, latest, targets, trends
from analysis.corpus.periods import parse_period


def fact(
    province: str,
    period: str,
    indicator: str,
    value: float,
    *,
    unit: str = "percent",
    scope: str = "province",
    qualifier: str = "exact",
    status: str = "extracted",
    report_id: str | None = None,
    conflict: bool = False,
) -> dict:
    p = parse_period(period)
    return {
        "province": province,
        "period_label": period,
        "period_start": p.start.isoformat(),
        "period_end": p.end.isoformat(),
        "post_merger": p.post_merger,
        "indicator": indicator,
        "name_en": indicator.replace("_", " ").capitalize(),
        "name_vi": "Tỷ lệ hồ sơ trực tuyến",
        "theme": "online_services",
        "unit": unit,
        "value": value,
        "qualifier": qualifier,
        "scope": scope,
        "status": status,
        "report_id": report_id or f"{province.lower().replace(' ', '-')}-{period}",
        "line": 12,
        "quote": f"đạt {value}%",
        "n_facts": 1,
        "conflict": conflict,
    }


def midpoint_x(period: str) -> float:
    return dates.decimal_year(parse_period(period).midpoint)


QUARTERS = ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]
SLOPE, INTERCEPT = 8.0, 50.0


def linear(period: str) -> float:
    return INTERCEPT + SLOPE * (midpoint_x(period) - 2023)


@pytest.fixture()
def indicators() -> pd.DataFrame:
    ind = "online_application_rate"
    rows = [fact("An Giang", q, ind, linear(q)) for q in QUARTERS]
    rows.append(fact("An Giang", "2025-Q3", ind, 30.0))  # merged An Giang + Kiên Giang
    rows += [fact("Trà Vinh", "2022", ind, 40.0), fact("Trà Vinh", "2024", ind, 60.0)]
    rows.append(fact("Bắc Giang", "2023-01/2024-05", ind, 95.0, scope="agency"))
    # Quảng Ngãi did not report this indicator; it reports certificates (a count) once.
    rows.append(fact("Quảng Ngãi", "2023", "digital_certificates", 12500, unit="count"))
    rows.append(
        fact("An Giang", "2023", "online_payment_rate_target", 90.0, qualifier="lower_bound")
    )
    return pd.DataFrame(rows)


# --- dates --------------------------------------------------------------------------------------


def test_decimal_year_round_trip():
    assert dates.decimal_year("2023-01-01") == 2023.0
    assert dates.decimal_year("2024-07-02") == pytest.approx(2024 + 183 / 366)
    for iso in ("2023-02-14", "2024-12-31", "2025-07-01"):
        assert dates.from_decimal_year(dates.decimal_year(iso)).isoformat() == iso


def test_with_dates_uses_period_midpoint_and_era(indicators):
    d = dates.with_dates(indicators)
    q1 = d[d["period_label"] == "2023-Q1"].iloc[0]
    assert q1["date"] == "2023-02-14"
    assert q1["era"] == vocabulary.PRE_MERGER
    assert set(d.loc[d["period_label"] == "2025-Q3", "era"]) == {vocabulary.POST_MERGER}
    assert d["x"].tolist() == pytest.approx([dates.decimal_year(v) for v in d["date"]])
    # without the date columns, the label alone gives the same dates
    bare = dates.with_dates(indicators.drop(columns=["period_start", "period_end", "post_merger"]))
    assert bare["date"].tolist() == d["date"].tolist()
    assert bare["era"].tolist() == d["era"].tolist()


def test_summary_survives_a_csv_round_trip(indicators, tmp_path):
    path = tmp_path / "indicators.csv"
    indicators.to_csv(path, index=False)
    from_csv = trends.series_summary(pd.read_csv(path))
    pd.testing.assert_frame_equal(from_csv, trends.series_summary(indicators), check_dtype=False)


# --- trend ----------------------------------------------------------------------------------


def test_ols_recovers_slope_of_exact_linear_data(indicators):
    series = indicators[
        (indicators["province"] == "An Giang")
        & (indicators["indicator"] == "online_application_rate")
    ]
    r = trends.trend(series, era=vocabulary.PRE_MERGER)
    assert r.method == trends.METHOD_OLS
    assert r.n_points == 4
    assert r.slope == pytest.approx(SLOPE, abs=1e-6)
    assert r.ci_low <= SLOPE + 1e-6 and r.ci_high >= SLOPE - 1e-6
    assert r.fit is not None and len(r.fit) > 2
    assert (r.fit["lower"] <= r.fit["fit"] + 1e-9).all()
    assert (r.fit["upper"] >= r.fit["fit"] - 1e-9).all()
    # the fitted line passes through the data
    assert np.interp(r.points["x"], r.fit["x"], r.fit["fit"]) == pytest.approx(
        r.points["value"].to_numpy(), abs=1e-6
    )
    assert r.report_ids == tuple(f"an-giang-{q}" for q in QUARTERS)
    assert "ordinary least squares" in r.note and "95%" in r.note


def test_ols_interval_contains_truth_with_noise():
    periods = ["2021", "2022-H1", "2022-H2", "2023-Q1", "2023-Q3", "2024"]
    noise = [0.6, -0.4, 0.3, -0.5, 0.2, -0.1]
    rows = [
        fact("Trà Vinh", p, "e_result_rate", 20 + 5 * (midpoint_x(p) - 2021) + e)
        for p, e in zip(periods, noise, strict=True)
    ]
    r = trends.trend(pd.DataFrame(rows))
    x = np.array([midpoint_x(p) for p in periods])
    y = np.array([row["value"] for row in rows])
    assert r.slope == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)
    assert r.ci_low < 5 < r.ci_high
    assert r.ci_high - r.ci_low > 0
    assert r.p_value is not None and r.p_value < 0.01
    assert 0.9 < r.r_squared <= 1


def test_two_points_give_change_per_year_from_dates(indicators):
    series = indicators[indicators["province"] == "Trà Vinh"]
    r = trends.trend(series)
    years = midpoint_x("2024") - midpoint_x("2022")  # 2022-07-02 → 2024-07-01
    assert r.method == trends.METHOD_CHANGE
    assert r.slope == pytest.approx((60 - 40) / years, rel=1e-12)
    assert r.slope != pytest.approx(10.0, rel=1e-6)  # from the dates, not from the labels
    assert r.ci_low is None and r.ci_high is None
    assert "no confidence interval" in r.note
    assert r.fit is not None and r.fit["lower"].isna().all()


def test_single_point_is_never_modelled(indicators):
    r = trends.trend(indicators[indicators["province"] == "Bắc Giang"])
    assert r.method == trends.METHOD_SINGLE
    assert r.n_points == 1
    assert r.slope is None and r.ci_low is None and r.fit is None
    assert not r.fitted
    assert "single figure" in r.note


def test_two_rows_for_one_period_are_one_point():
    rows = [
        fact("An Giang", "2023", "bts_sites", 1000, unit="count", report_id="a"),
        fact("An Giang", "2023", "bts_sites", 1100, unit="count", report_id="b"),
    ]
    r = trends.trend(pd.DataFrame(rows))
    assert r.method == trends.METHOD_SINGLE
    assert r.points["value"].iloc[0] == 1050
    assert "median" in r.note


def test_series_never_crosses_the_merger(indicators):
    series = indicators[
        (indicators["province"] == "An Giang")
        & (indicators["indicator"] == "online_application_rate")
    ]
    refused = trends.trend(series)
    assert refused.method == trends.METHOD_NONE
    assert refused.slope is None
    assert "merger" in refused.note
    post = trends.trend(series, era=vocabulary.POST_MERGER)
    assert post.method == trends.METHOD_SINGLE and post.era == vocabulary.POST_MERGER
    assert "merged province" in post.note


def test_mixed_scope_and_targets_are_refused(indicators):
    mixed = pd.concat(
        [
            indicators[indicators["province"] == "Trà Vinh"],
            pd.DataFrame([fact("Trà Vinh", "2023", "online_application_rate", 99, scope="agency")]),
        ]
    )
    r = trends.trend(mixed)
    assert r.method == trends.METHOD_NONE and "scopes" in r.note
    goals = trends.trend(indicators[indicators["indicator"].str.endswith("_target")])
    assert goals.method == trends.METHOD_NONE and "targets" in goals.note
    with pytest.raises(ValueError, match="era"):
        trends.trend(indicators, era="2025")
    assert trends.trend(indicators.iloc[0:0]).method == trends.METHOD_NONE


def test_series_summary(indicators):
    s = trends.series_summary(indicators)
    assert list(s.columns) == trends.SUMMARY_COLUMNS
    by = {(r.province, r.indicator, r.era): r for r in s.itertuples()}
    ag = by[("An Giang", "online_application_rate", vocabulary.PRE_MERGER)]
    assert (ag.n_points, ag.method) == (4, trends.METHOD_OLS)
    assert ag.change_per_year == pytest.approx(SLOPE)
    assert ag.ci_low - 1e-6 <= SLOPE <= ag.ci_high + 1e-6
    assert (ag.first_period, ag.last_period) == ("2023-Q1", "2023-Q4")
    assert by[("An Giang", "online_application_rate", vocabulary.POST_MERGER)].n_points == 1
    tv = by[("Trà Vinh", "online_application_rate", vocabulary.PRE_MERGER)]
    assert tv.method == trends.METHOD_CHANGE and math.isnan(tv.ci_low)
    bg = by[("Bắc Giang", "online_application_rate", vocabulary.PRE_MERGER)]
    assert (bg.method, bg.scope) == (trends.METHOD_SINGLE, "agency")
    assert math.isnan(bg.change_per_year)
    qn = by[("Quảng Ngãi", "digital_certificates", vocabulary.PRE_MERGER)]
    assert (qn.unit, qn.latest_value) == ("count", 12500)
    assert not s["indicator"].str.endswith("_target").any()
    assert s["method_note"].str.len().gt(20).all()


def test_latest_values_prefers_province_scope_then_pre_merger(indicators):
    extra = pd.DataFrame(
        [fact("Trà Vinh", "2025-Q1", "online_application_rate", 70, scope="agency")]
    )
    lv = latest.latest_values(pd.concat([indicators, extra]), "online_application_rate")
    got = dict(zip(lv["province"], lv["period_label"], strict=True))
    assert got == {"An Giang": "2023-Q4", "Trà Vinh": "2024", "Bắc Giang": "2023-01/2024-05"}
    assert lv.set_index("province").loc["Trà Vinh", "n_candidates"] == 3


def test_latest_values_on_rows_chooses_what_the_pandas_ranking_chooses(built, monkeypatch):
    """latest_values picks on Python rows; with that path off (the pandas sort, group and
    join it always used) every indicator, scope and era of the real table gives the same
    frame: rows, order, columns, dtypes and counts."""
    data = dates.with_dates(dates.usable(built["indicators"]))
    cases = [
        (sub, kw)
        for ind, sub in data.groupby("indicator", sort=True)
        for kw in ({}, {"scope": "province"}, {"era": vocabulary.PRE_MERGER})
    ]
    cases.append((data, {}))  # every indicator at once
    fast = [latest.latest_values(sub, dated=True, **kw) for sub, kw in cases]
    monkeypatch.setattr(latest, "_pick", lambda *a: None)
    slow = [latest.latest_values(sub, dated=True, **kw) for sub, kw in cases]
    assert sum(len(f) for f in fast) > 100
    for f, s in zip(fast, slow, strict=True):
        pd.testing.assert_frame_equal(f, s, check_exact=True)


def test_describe_reads_well(indicators):
    s = trends.describe(trends.trend(indicators[indicators["province"] == "Trà Vinh"]))
    assert s.startswith("Trà Vinh, pre-merger: +10.01 percentage points per year")
    r = trends.trend(indicators[(indicators["province"] == "An Giang")], era=vocabulary.PRE_MERGER)
    assert r.method == trends.METHOD_NONE  # two indicators: refused, and said so
    assert "indicators" in trends.describe(r)


# --- pace and targets -------------------------------------------------------------------------


def test_pace_to_target():
    p = targets.pace_to_target(70, "2024-01-01", 90, "2026-01-01")
    assert p.years_left == pytest.approx(2.0)
    assert p.annual_change_needed == pytest.approx(10.0)
    assert not p.already_met
    met = targets.pace_to_target(95, "2024-06-30", 90, "2025-12-31")
    assert met.already_met and met.annual_change_needed == 0
    late = targets.pace_to_target(70, "2026-03-01", 90, "2025-12-31")
    assert late.annual_change_needed is None and "deadline" in late.note
    down = targets.pace_to_target(12, "2024-01-01", 8, "2025-01-01", direction="decrease")
    assert down.annual_change_needed == pytest.approx(-4.0, rel=1e-3)


@pytest.mark.parametrize(
    ("value", "target", "kw", "expected"),
    [
        (90.0, 90.0, {"target_qualifier": "lower_bound"}, "met"),  # "trên 90%" means ≥
        (89.99, 90.0, {"target_qualifier": "lower_bound"}, "not met"),
        (71.29, 70.0, {}, "met"),
        (None, 90.0, {}, "no data"),
        (80.0, float("nan"), {}, "no data"),
        (4.0, 5.0, {"target_qualifier": "upper_bound"}, "met"),  # "dưới 5%"
        (6.0, 5.0, {"target_qualifier": "upper_bound"}, "not met"),
        (8.0, 10.0, {"direction": "decrease"}, "met"),
        (92.0, 90.0, {"value_qualifier": "lower_bound"}, "met"),  # "hơn 92%"
        (85.0, 90.0, {"value_qualifier": "lower_bound"}, "no data"),  # "hơn 85%": undecided
        (80.0, 90.0, {"value_qualifier": "upper_bound"}, "not met"),  # "dưới 80%"
        (95.0, 90.0, {"value_qualifier": "upper_bound"}, "no data"),
        (120_000, 100_000, {"value_unit": "count", "target_unit": "count"}, "met"),
    ],
)
def test_target_status(value, target, kw, expected):
    assert targets.target_status(value, target, **kw) == expected


def test_target_status_refuses_mixed_units():
    with pytest.raises(ValueError, match="percent"):
        targets.target_status(80, 90, value_unit="count", target_unit="percent")
    with pytest.raises(ValueError, match="direction"):
        targets.target_status(80, 90, direction="up")


def test_target_table():
    rows = [
        fact("An Giang", "2023-Q2", "online_payment_rate", 85.0),
        fact("An Giang", "2023-Q4", "online_payment_rate", 92.0),
        fact("An Giang", "2025-Q3", "online_payment_rate", 40.0),  # merged province: ignored
        fact("An Giang", "2023", "online_payment_rate_target", 90.0, qualifier="lower_bound"),
        fact("Trà Vinh", "2024-Q1", "online_payment_rate", 60.0),
        fact("Trà Vinh", "2024", "online_payment_rate_target", 80.0),
        fact("Bắc Giang", "2024", "digital_certificates_target", 20000, unit="count"),
    ]
    t = targets.target_table(
        pd.DataFrame(rows), deadlines={("Trà Vinh", "online_payment_rate_target"): "2025-12-31"}
    )
    assert list(t.columns) == targets.TARGET_COLUMNS
    by = t.set_index("province")
    ag = by.loc["An Giang"]
    assert (ag["status"], ag["latest_value"], ag["latest_period"]) == ("met", 92.0, "2023-Q4")
    assert ag["annual_change_needed"] == 0
    assert ag["observed_method"] == trends.METHOD_CHANGE
    assert ag["report_ids"] == "an-giang-2023, an-giang-2023-Q4"
    tv = by.loc["Trà Vinh"]
    assert tv["status"] == "not met"
    assert tv["deadline"] == "2025-12-31"
    years = dates.decimal_year("2025-12-31") - dates.decimal_year(parse_period("2024-Q1").midpoint)
    assert tv["annual_change_needed"] == pytest.approx(20 / years)
    bg = by.loc["Bắc Giang"]
    assert (bg["status"], bg["unit"], bg["deadline"]) == ("no data", "count", "2024-12-31")
    assert "no reported value" in bg["note"]
