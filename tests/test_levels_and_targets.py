"""Issue 11, the analyst's second read: a level is stated as of a date, a target is set beside
the result its report states for it, and a target due at a plan's end is not judged by an
assumed 31 December.

- **Levels.** A stock (accounts, certificates, catalogues, services offered) or a rate of a
  level (adults owning a smartphone) is what stood on a day: "10,850 certificates as of
  31 May 2024", never "over Jan 2023–May 2024", the span of the report that counts them. A
  flow (dossiers, people trained) keeps its span.
- **Targets.** Bắc Giang's appendix II states a result beside each target (82.72% for "khai
  thác sử dụng lại … trên 50%", line 481); the text gives 83.34% for January–May 2024
  (line 77). The target is judged by its own line's result and the other value is named.
- **Undated deadlines.** An Giang's "Đề án Số hóa … giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100%
  … khi dự án kết thúc" (Q1 2023, line 251) is due when the project ends, not on
  31 December 2023.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis
from analysis import formats
from analysis.book import dates, fair, findings, goals, style
from analysis.book.targets import stated_for, target_table
from analysis.tables.measures import MeasureError, load_measures
from analysis.vocabulary import MET, NO_DATA


@pytest.fixture(scope="module")
def tables():
    indicators, value_measures, measures, reports, audit, catalog, national = analysis.load_tables(
        "indicators",
        "value_measures",
        "measures",
        "reports",
        "audit",
        "catalog",
        "national_indices",
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    return data, audit, catalog, reports, national, measures


def _row(kind: str, level: bool | None = None, **kw) -> dict:
    r = {
        "period_start": "2023-01-01",
        "period_end": "2024-05-31",
        "period_label": "2023-01/2024-05",
        "kind": kind,
        **kw,
    }
    if level is not None:
        r["level"] = level
    return r


@pytest.mark.parametrize(
    ("row", "en", "vi"),
    [
        (_row("stock"), "as of 31 May 2024", "đến 31/5/2024"),
        (_row("stock", level=True), "as of 31 May 2024", "đến 31/5/2024"),
        (_row("rate", level=True), "as of 31 May 2024", "đến 31/5/2024"),
        (_row("rate", level=False), "Jan 2023–May 2024", "tháng 1/2023–tháng 5/2024"),
        (_row("flow"), "Jan 2023–May 2024", "tháng 1/2023–tháng 5/2024"),
        (
            {"period_label": "2023-Q3", "kind": "stock", "level": True},
            "as of 30 Sep 2023",
            "đến 30/9/2023",
        ),
    ],
)
def test_a_level_is_stated_as_of_its_period_end(row, en, vi):
    with formats.using("en"):
        assert dates.period_text(row) == en
    with formats.using("vi"):
        assert dates.period_text(row) == vi


def test_every_stock_and_no_flow_is_a_level_in_the_measures_table(tables):
    *_, measures = tables
    assert measures.loc[measures["kind"] == "stock", "level"].all()
    assert not measures.loc[measures["kind"] == "flow", "level"].any()
    rates = measures[measures["kind"] == "rate"].set_index("measure")["level"]
    assert rates["adult_smartphone_rate"] and rates["online_services_level4_share"]
    assert not rates["online_application_rate"]  # dossiers of the period: a flow's share
    # a variant of a level is a level unless it says otherwise
    assert rates["open_data_agency_rate:all_levels"]


def test_level_is_only_for_a_rate(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text(
        "measures:\n  x:\n    counts: a\n    population: b\n    kind: flow\n    level: true\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureError, match="level"):
        load_measures(path)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_scorecard_states_every_level_as_of_a_day(tables, lang):
    """Every scorecard cell of a level (the certificates, accounts and catalogues of Bắc
    Giang's inspection file among them) reads "as of <day>"; no flow cell does."""
    data, audit, catalog, *_ = tables
    style.enable(lang=lang)
    try:
        card = findings.scorecard_frame(data, audit, catalog)
        word = "đến " if lang == "vi" else "as of "
        levels = set(data.loc[data["level"], "measure"])
        checked = 0
        for r in card.to_dict("records"):
            for prov in ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi"):
                if f"{prov}: measure" not in r or not isinstance(r[f"{prov}: grade"], str):
                    continue
                rows = data[(data["province"] == prov) & (data["indicator"] == r["indicator"])]
                shown = rows[
                    (rows["measure"] == r[f"{prov}: measure"])
                    | (rows["counts"] == r[f"{prov}: measure"])
                ]
                is_level = bool(len(shown)) and shown["measure"].iloc[0] in levels
                assert (f"({word}" in str(r[prov])) == is_level, (prov, r["indicator"], r[prov])
                checked += is_level
        assert checked >= 20
        bg = card.set_index("indicator").loc["digital_certificates", "Bắc Giang"]
        day = "31/5/2024" if lang == "vi" else "31 May 2024"
        assert bg.startswith(formats.stated(10850, "count") + f" ({word}{day})")
    finally:
        style.enable(lang="en")


def test_theme_tables_and_prose_state_bac_giang_stocks_as_of_the_report_end(tables):
    from analysis.book.theme import load_theme_chapter

    text = ""
    for theme in ("documents_signatures", "data_platforms"):
        ch = load_theme_chapter(theme)
        text += ch.table().table.df.to_string()
        text += "\n".join(str(getattr(b, "text", "")) for b in ch.comparisons())
        text += ch.withheld().text
    text = text.replace("\\", "")
    for value in ("10,850", "22,413", "92"):
        assert re.search(rf"{value} \(as of 31 May 2024\)", text), value
        assert not re.search(rf"{value} \(Jan 2023–May 2024", text), value


def test_a_target_is_judged_by_the_result_on_its_own_line(tables):
    data, *_, national, _ = tables
    table = goals.with_published_ranks(goals.goal_table(data), national)
    bg = table[table["province"] == "Bắc Giang"].set_index("indicator")
    expected = {  # appendix II line 481, not the text's January–May 2024 values of line 77
        "digitized_data_reuse_rate": (82.72, 83.34),
        "dossier_digitization_rate": (79.80, 79.89),
        "e_result_rate": (80.45, 80.48),
    }
    for ind, (own, other) in expected.items():
        r = bg.loc[ind]
        assert r["latest_value"] == pytest.approx(own), ind
        assert r["latest_line"] == 481
        assert formats.stated(other, "percent") in r["pace_note"] and "line 77" in r["pace_note"]
    view = goals.goals_view(table)
    values = " ".join(view.iloc[:, 3])
    # as the report states them (96,97% in the appendix), never rounded to 97%
    assert "96.97% (Jan 2023–May 2024)" in values and "83.3%" not in values


def test_stated_for_prefers_the_targets_own_line():
    goal = {"report_id": "r", "line": 10}
    own = {"report_id": "r", "line": 10, "value": 1.0}
    text = {"report_id": "r", "line": 5, "value": 2.0}
    other_report = {"report_id": "s", "line": 10, "value": 3.0}
    assert stated_for(goal, [text, own, other_report]) == [own]
    assert stated_for(goal, [text, other_report]) == [text, other_report]
    assert stated_for({"report_id": "r", "line": None}, [text]) == [text]


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "province": "P",
        "unit": "percent",
        "qualifier": "exact",
        "scope": "province",
        "status": "extracted",
        "report_id": "r",
        "name_en": "X",
        "name_vi": "X",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_target_table_sets_the_appendix_result_beside_its_target():
    df = _frame(
        [
            {
                "indicator": "x_target",
                "value": 50.0,
                "period_label": "2023-01/2024-05",
                "period_start": "2023-01-01",
                "period_end": "2024-05-31",
                "line": 10,
            },
            {
                "indicator": "x",
                "value": 40.0,
                "period_label": "2023-01/2024-05",
                "period_start": "2023-01-01",
                "period_end": "2024-05-31",
                "line": 10,
            },
            {
                "indicator": "x",
                "value": 60.0,
                "period_label": "2024-01/2024-05",
                "period_start": "2024-01-01",
                "period_end": "2024-05-31",
                "line": 5,
            },
        ]
    )
    row = target_table(df).iloc[0]
    assert row["latest_value"] == 40.0 and row["latest_line"] == 10  # not the later 60 of line 5
    assert row["status"] != MET


def test_later_span_reads_a_plan_end_after_the_assumed_deadline():
    words = "Triển khai Đề án Số hóa … giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100%"
    assert goals.later_span(words, "2023-12-31") == "2020–2025"
    assert goals.later_span(words, "2025-12-31") is None
    assert goals.later_span("trong năm 2023, … tổ chức 23 lớp", "2023-12-31") is None
    assert goals.later_span("phấn đấu đến năm 2026 đạt 90%", "2025-12-31") == "2026"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_target_due_when_its_plan_ends_is_not_judged_by_an_assumed_date(tables, lang):
    data, *_, national, _ = tables
    style.enable(lang=lang)
    try:
        table = goals.with_published_ranks(goals.goal_table(data), national)
        view = goals.goals_view(table)
        # An Giang Q1 2023 l.251 "… giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100% … khi dự án kết
        # thúc": the extraction dates the goal by the programme's end (2025), not by the
        # "09 tháng cuối năm" heading (2023-04/2023-12) it stood under
        ag = table[
            (table["province"] == "An Giang")
            & (table["target_indicator"] == "dossier_digitization_rate_target")
        ]
        assert len(ag) == 1 and ag.iloc[0]["target_period"] == "2025"
        assert ag.iloc[0]["status"] == NO_DATA
        cell = view.iloc[ag.index[0], 2]
        assert "2025" in cell and "2023" not in cell
    finally:
        style.enable(lang="en")


def test_a_value_at_target_before_an_undated_plan_end_is_open_not_early():
    df = _frame(
        [
            {
                "indicator": "x_target",
                "value": 100.0,
                "period_label": "2023-Q1",
                "period_start": "2023-01-01",
                "period_end": "2023-03-31",
                "line": 3,
                "quote": "giai đoạn 2020 – 2025, đảm bảo tỷ lệ 100%",
            },
            {
                "indicator": "x",
                "value": 100.0,
                "period_label": "2023-Q1",
                "period_start": "2023-01-01",
                "period_end": "2023-03-31",
                "line": 4,
            },
        ]
    ).assign(measure=lambda d: "x", kind="rate", counts="", population="")
    row = goals.goal_table(df).iloc[0]
    assert row["status"] == goals.OPEN and row["undated"] == "2020–2025"
    assert "not judged" in row["pace_note"]


def _national_words(lang: str) -> list[str]:
    from analysis.book.words import table

    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, str):
            out.append(node)

    walk(table(lang)["national"])
    return out


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_national_chapter_types_no_province_count(tables, lang):
    """ "63 → 34" is read from the published results (``rank_of``), never typed: the words
    files hold placeholders, and a table whose ranks are among 62 and 33 says so."""
    from analysis.book import national

    assert not any(re.search(r"\b(63|34)\b", w) for w in _national_words(lang))
    nat = tables[4]
    style.enable(lang=lang)
    try:
        assert national.province_counts(nat) == {"before": "63", "after": "34"}
        other = nat.assign(rank_of=nat["rank_of"] - 1)
        words = national.chart_words(other)
        assert "62" in words["rule"] and "33" in words["rule"] and "63" not in words["rule"]
        assert "{index}" in words["title"]  # other placeholders are left for their own call
        note = national.positions_table(other).note
        assert "33" in note and "34" not in note
        assert "62" in national.trends_prose(other).text
    finally:
        style.enable(lang="en")


@pytest.mark.parametrize(
    "path", ["notebooks/12-national-context.py", "notebooks/vi/12-national-context-vi.py"]
)
def test_the_national_notebooks_type_no_province_count(path):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / path).read_text(encoding="utf-8")
    assert not re.search(r"\b(63|34)\b", text)
