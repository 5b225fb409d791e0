"""The theme chapters' "changes over time" (issue 11, like for like): a change is stated only
between two successive periods of one measure and scope; a flow only between periods of equal
length; values of different measures, or of overlapping periods, are no series at all."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from book_outputs import THEMES  # tests/book_outputs.py

from analysis.book import fair, style
from analysis.book.theme import ThemeChapter, load_theme_chapter


@pytest.fixture(scope="module", autouse=True)
def english():
    style.enable(lang="en")


def _rows(chapter: ThemeChapter) -> pd.DataFrame:
    out = chapter.changes()
    return out.table.df if hasattr(out, "table") else pd.DataFrame()


@pytest.fixture(scope="module")
def people() -> ThemeChapter:
    return load_theme_chapter("people")


def _pair(chapter: ThemeChapter, edit_a: dict, edit_b: dict) -> pd.DataFrame:
    """The chapter reduced to two copies of one of its values, edited."""
    base = chapter.values.iloc[[0]].copy()
    a, b = base.copy(), base.copy()
    for frame, edit in ((a, edit_a), (b, edit_b)):
        for k, v in edit.items():
            frame[k] = v
    data = pd.concat([a, b], ignore_index=True)
    return _rows(ThemeChapter(chapter.theme, data, chapter.catalog))


def _period(start: str, end: str, label: str) -> dict:
    return {"period_start": start, "period_end": end, "period_label": label}


def test_successive_stocks_are_a_change(people):
    got = _pair(
        people,
        {**_period("2023-01-01", "2023-03-31", "2023-Q1"), "kind": "stock", "value": 5.0},
        {**_period("2024-01-01", "2024-03-31", "2024-Q1"), "kind": "stock", "value": 7.0},
    )
    assert len(got) == 1
    assert got.iloc[0]["Change"].startswith("up from ")
    # a level is stated as of its period's end in a reader's words, not by the label 2023-Q1
    assert got.iloc[0]["Change"] == "up from 5 (as of 31 Mar 2023) to 7 (as of 31 Mar 2024)"


def test_a_flow_over_a_year_is_not_compared_with_one_over_a_quarter(people):
    got = _pair(
        people,
        {**_period("2022-01-01", "2022-12-31", "2022"), "kind": "flow", "value": 54.0},
        {**_period("2023-01-01", "2023-03-31", "2023-Q1"), "kind": "flow", "value": 400.0},
    )
    assert len(got) == 1 and got.iloc[0]["Change"].startswith("not compared")
    assert "different length" in got.iloc[0]["Change"]


def test_overlapping_periods_are_not_a_change(people):
    got = _pair(
        people,
        {**_period("2023-01-01", "2024-05-31", "2023-01/2024-05"), "kind": "stock"},
        {**_period("2024-01-01", "2024-05-31", "2024-01/2024-05"), "kind": "stock"},
    )
    assert got.empty


def test_values_of_different_measures_are_no_series(people):
    m = people.values.iloc[0]["measure"]
    got = _pair(
        people,
        {**_period("2022-01-01", "2022-12-31", "2022"), "measure": m},
        {**_period("2023-01-01", "2023-12-31", "2023"), "measure": f"{m}:other"},
    )
    assert got.empty  # not even a "not compared" row: two measures are two series


@pytest.mark.parametrize("theme", THEMES)
def test_every_stated_change_is_like_for_like(theme):
    """On the seed reports: every "up/down from" row of a chapter pairs two values of one
    measure whose periods follow each other, and for a flow have the same length."""
    chapter = load_theme_chapter(theme)
    rows = _rows(chapter)
    v = chapter.values
    for change in rows.get("Change", pd.Series(dtype=str)):
        assert "measure different things" not in change  # no row for two measures
        m = re.match(r"(up|down) from (.+?) \((.+?)\) to (.+?) \((.+?)\)$", change)
        if not m:
            continue
        pa, pb = m.group(3), m.group(5)
        a = v[v.apply(fair.period_text, axis=1) == pa]
        b = v[v.apply(fair.period_text, axis=1) == pb]
        assert len(a) and len(b), change
        pairs = [
            (x, y)
            for x in a.to_dict("records")
            for y in b.to_dict("records")
            if x["measure"] == y["measure"] and fair.successive(x, y)
        ]
        assert pairs, change


def test_the_people_chapter_states_no_growth_from_one_stop_staff_to_officials(people):
    rows = _rows(people)
    assert not rows["Change"].str.contains("from 54").any()


def test_pilot_stage_two_is_not_a_fall_from_stage_one():
    """An Giang lines 99/101: 954 machines monitored in stage 1, anti-malware on 90 of them in
    stage 2: two measures, so never "down from 954 to 90"."""
    chapter = load_theme_chapter("security")
    v = chapter.values
    ag = v[(v["province"] == "An Giang") & (v["indicator"] == "endpoint_protection_licences")]
    assert ag.set_index("line")["measure"].to_dict() == {
        99: "endpoint_protection_licences:pilot_machines",
        101: "endpoint_protection_licences:pilot_antimalware_machines",
    }
    rows = _rows(chapter)
    assert not rows.get("Change", pd.Series(dtype=str)).str.contains("954").any()
