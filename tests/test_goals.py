"""Targets judged on the same measure and by the value's own date (issue 11, items 1, 2, 4)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.book import fair, goals


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    data = fair.with_measures(
        analysis.load_indicators(), analysis.load_value_measures(), analysis.load_measures()
    )
    return goals.goal_table(data)


def _row(table, prov, ind):
    return table[(table["province"] == prov) & (table["indicator"] == ind)].iloc[0]


def test_classes_for_community_teams_are_not_the_planned_classes_for_officials(table):
    r = _row(table, "An Giang", "digital_training_classes")
    assert r["status"] == "no data"  # the 7 community-team classes are another measure
    assert pd.isna(r["latest_value"])


def test_no_not_met_before_the_deadline(table):
    early = table[table["deadline"] > "2024-06-01"]
    assert not early.empty
    # every value in these tables is dated before its deadline
    assert not (table["status"] == "not met").any()
    assert set(table["status"]) <= {
        goals.AHEAD,
        goals.BEHIND,
        goals.EARLY,
        goals.OPEN,
        "no data",
        "met",
    }


def _synthetic(kind, value, start, end, target=100.0, deadline_year=2023):
    base = {
        "province": "X",
        "name_en": "n",
        "name_vi": "n",
        "theme": "people",
        "unit": "count" if kind == "flow" else "percent",
        "qualifier": "exact",
        "numerator": None,
        "denominator": None,
        "scope": "province",
        "status": "extracted",
        "report_id": "r",
        "line": 1,
        "quote": "q",
        "n_facts": 1,
        "fact_lines": "1",
        "conflict": False,
        "post_merger": False,
        "counts": "c",
        "population": "p",
        "kind": kind,
        "scale_dependent": False,
        "comparable_over_time": True,
    }
    goal = {
        **base,
        "indicator": "m_target",
        "measure": "m",
        "value": target,
        "period_label": str(deadline_year),
        "period_start": f"{deadline_year}-01-01",
        "period_end": f"{deadline_year}-12-31",
    }
    val = {
        **base,
        "indicator": "m",
        "measure": "m",
        "value": value,
        "period_label": f"{start}/{end}",
        "period_start": start,
        "period_end": end,
    }
    return pd.DataFrame([goal, val])


def test_flow_before_deadline_is_ahead_or_behind_pace_from_its_own_date():
    t = goals.goal_table(_synthetic("flow", 40.0, "2023-01-01", "2023-03-31"))
    assert t["status"].iloc[0] == goals.AHEAD  # 40 of 100 after a quarter: needs ~25
    t = goals.goal_table(_synthetic("flow", 10.0, "2023-01-01", "2023-03-31"))
    assert t["status"].iloc[0] == goals.BEHIND


def test_flow_from_another_year_does_not_count():
    t = goals.goal_table(_synthetic("flow", 400.0, "2022-01-01", "2022-12-31"))
    assert t["status"].iloc[0] == "no data"


def test_rate_before_deadline_is_open_or_early_and_after_it_met_or_not():
    t = goals.goal_table(_synthetic("rate", 50.0, "2023-01-01", "2023-03-31", target=70))
    assert t["status"].iloc[0] == goals.OPEN
    t = goals.goal_table(_synthetic("rate", 80.0, "2023-01-01", "2023-03-31", target=70))
    assert t["status"].iloc[0] == goals.EARLY
    t = goals.goal_table(_synthetic("rate", 50.0, "2024-01-01", "2024-01-31", target=70))
    assert t["status"].iloc[0] == "not met"
