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


def test_a_rank_goal_is_judged_on_the_published_ranking(table):
    """Bắc Giang's 2023 goal of staying among the DTI's top 10 (report line 39): the report
    states no rank, the published DTI 2023 list puts it 9th, so the goal is met."""
    national = analysis.load_table("national_indices")
    judged = goals.with_published_ranks(table, national)
    r = _row(judged, "Bắc Giang", "dti_rank")
    assert (r["status"], r["latest_value"], r["latest_period"]) == ("met", 9.0, "2023")
    assert r["value_source"] == "national_indices"
    assert "DTI 2023" in r["pace_note"] and "9th of 63" in r["pace_note"]
    assert "inferred" in r["pace_note"]  # the source lists the top 10; the 9th is its order
    # every other row is as the reports left it
    others = judged.drop(index=r.name)
    assert (others["value_source"] == "reports").all()
    assert others["status"].tolist() == table.drop(index=r.name)["status"].tolist()


def _rank_goal(goal: float, deadline: str = "2023-12-31") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "province": "X",
                "indicator": "par_index_rank",
                "target_value": goal,
                "deadline": deadline,
                "latest_value": float("nan"),
                "latest_period": None,
                "status": "no data",
                "pace_note": "no value",
            }
        ]
    )


def _published(rank: int, year: str = "2023", relation: str = "own") -> pd.DataFrame:
    row = {
        "index": "PAR Index",
        "year": year,
        "province": "X",
        "rank": rank,
        "rank_of": 63,
        "score": None,
        "score_max": None,
        "status": "confirmed",
        "publisher": "Ministry of Home Affairs",
        "relation": relation,
    }
    return pd.DataFrame([row])


def test_a_rank_goal_missed_on_the_published_ranking_is_not_met():
    judged = goals.with_published_ranks(_rank_goal(10), _published(14))
    assert judged["status"].iloc[0] == "not met"
    assert "14th of 63" in judged["pace_note"].iloc[0]
    assert goals.with_published_ranks(_rank_goal(14), _published(14))["status"].iloc[0] == "met"


def test_a_rank_goal_without_a_ranking_of_its_year_or_its_own_stays_without_a_value():
    for national in (_published(3, year="2022"), _published(3, relation="merger partner")):
        judged = goals.with_published_ranks(_rank_goal(10), national)
        assert judged["status"].iloc[0] == "no data"
        assert judged["value_source"].iloc[0] == "reports"
