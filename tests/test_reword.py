"""Vietnamese for sentences written before their table had a Vietnamese column (issue 14:
the Vietnamese edition showed an empty detail for the drops published before ``detail_vi``).
``messages.reword`` reads an English sentence back by its template and writes the Vietnamese."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.checks.messages import Said, reword, reword_any, said
from analysis.tables.changes import read_history


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("changes.new_report", {"figures": 1234, "classified": 35}),
        ("changes.removed_report", {}),
        ("changes.new_fact", {"value": Said("72.9%", "72,9%")}),
        ("changes.new_fact", {"value": Said("53,345 m VND", "53.345 triệu đồng")}),
        (
            "changes.new_period",
            {
                "ind": "online_application_rate",
                "period": "2023-01/2024-05",
                "value": Said("2,164,505", "2.164.505"),
            },
        ),
        (
            "changes.changed_value",
            {
                "old": Said("0.5%", "0,5%"),
                "new": Said("1.25%", "1,25%"),
                "old_ind": "e_result_rate",
                "ind": "e_result_rate",
                "old_status": "extracted",
                "status": "reviewed",
            },
        ),
    ],
)
def test_a_change_detail_reads_back_to_its_vietnamese(key, values):
    s = said(key, **values)
    assert reword("changes", s.en) == s.vi


def test_every_audit_message_of_the_seed_build_reads_back_exactly_or_not_at_all():
    audit = analysis.load_audit()
    got = [reword_any(m) for m in audit["message"]]
    read = [(g.vi, v) for g, v in zip(got, audit["message_vi"], strict=True) if g is not None]
    assert read and all(g == v for g, v in read)  # never a wrong or half-English sentence
    assert len(read) > len(audit) / 2


def test_english_words_in_a_field_are_not_passed_off_as_vietnamese():
    s = said(
        "audit.echoes_target",
        value=10.0,
        target="online public services using a digital signature",
        doc="Nghị quyết số 17/NQ-CP",
    )
    assert reword("audit", s.en) is None


def test_an_old_changes_table_gets_its_vietnamese_details(tmp_path):
    p = tmp_path / "changes.csv"
    pd.DataFrame(
        {
            "drop": [1, 1, 1],
            "change": ["new_report", "new_period", "new_fact"],
            "report_id": ["an-giang-2023-q1"] * 3,
            "province": ["An Giang"] * 3,
            "period_label": ["2023-Q1", "2022-01/2022-05", "2023-Q1"],
            "indicator": ["", "endpoint_protection_licences", "e_result_rate"],
            "line": ["", "101", "5"],
            "quote": ["", "q", "q"],
            "old_value": ["", "", ""],
            "new_value": ["", "90", "1.5"],
            "detail": [
                "54 figures, 35 classified",
                "endpoint_protection_licences gains period 2022-01/2022-05: 90",
                "something a template never wrote",
            ],
        }
    ).to_csv(p, index=False)
    df, migrated = read_history(p)
    assert migrated
    assert df["detail_vi"].iloc[0] == "54 số liệu, trong đó 35 số liệu đã gắn chỉ tiêu"
    vi = df["detail_vi"].iloc[1]
    assert vi.endswith("có thêm kỳ tháng 1–5/2022: 90")
    assert "endpoint_protection_licences" not in vi  # the catalog's Vietnamese name
    assert pd.isna(df["detail_vi"].iloc[2])  # nothing invented


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_changes_chapter_names_indicators_and_reports_not_their_ids(lang):
    """Every row of the last drops' table: the indicator by its catalog name in the edition,
    the source by its report's province, period and line, never a data-file id."""
    from analysis.book import chapters, style

    style.enable(lang=lang)
    try:
        changes, catalog, reports = analysis.load_tables("changes", "catalog", "reports")
        history = analysis.load_changes(drops="all")
        new_period = pd.DataFrame(
            [
                {
                    **history.iloc[0].to_dict(),
                    "change": "new_period",
                    "indicator": "e_result_rate_target",
                    "line": 77,
                    "detail": "x",
                    "detail_vi": "x",
                }
            ]
        )
        table = chapters.changes_table(pd.concat([changes, new_period]), catalog, reports).df
    finally:
        style.enable(lang="en")
    name = "name_vi" if lang == "vi" else "name_en"
    names = set(catalog[name])
    indicator, source = table.columns[3], table.columns[1]
    shown = [i for i in table[indicator] if i]
    assert shown and all("_" not in i for i in shown)
    target = catalog.set_index("id").loc["e_result_rate", name]
    assert shown[-1].startswith(target) and shown[-1] != target  # a goal says it is one
    assert all(i in names or i.startswith(tuple(names)) for i in shown)
    ids = set(reports["report_id"])
    assert not any(any(r in s for r in ids) for s in table[source])
    assert table[source].iloc[-1].endswith(("line 77", "dòng 77"))
