"""Report text is untrusted: nothing from a report may reach a page as markup."""

from __future__ import annotations

import pandas as pd

from analysis.book import chapters, present

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> **bold** [link](javascript:x)'


def _indicators(quote: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "province": "An Giang",
                "period_label": "2023-Q1",
                "period_start": "2023-01-01",
                "period_end": "2023-03-31",
                "post_merger": False,
                "indicator": "online_application_rate",
                "name_en": "Share online",
                "name_vi": EVIL,
                "theme": "online_services",
                "unit": "percent",
                "value": 72.9,
                "qualifier": "exact",
                "scope": "agency",
                "status": "extracted",
                "report_id": "an-giang-2023-q1",
                "line": 155,
                "quote": quote,
                "n_facts": 1,
                "fact_lines": "155",
                "conflict": False,
            }
        ]
    )


def test_tables_escape_report_text():
    html = present.table(pd.DataFrame({"quote": [EVIL]}))._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_theme_table_escapes_names_and_marks_scope():
    html = chapters.theme_table("online_services", _indicators(EVIL))._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "72.9% (2023-Q1) †" in html  # an agency figure is marked
    assert html.count("—") >= 3  # the three other provinces: not reported


def test_prose_and_quotes_neutralise_markdown_and_html():
    md = present.quote_block(EVIL, {"report_id": "r", "line": 3}).text
    assert "<script>" not in md and "](javascript" not in md
    text = present.prose("Value: {v}", v=EVIL).text
    assert "<img" not in text and "**bold**" not in text


def test_key_findings_escape_indicator_names():
    md = chapters.key_findings(_indicators("q"), ids=("online_application_rate",)).text
    assert "<script>" not in md and "&lt;script&gt;" in md and "**bold**" not in md
    assert "not reported by Trà Vinh, Bắc Giang, Quảng Ngãi" in md
