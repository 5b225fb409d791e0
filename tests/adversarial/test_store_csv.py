"""D23: report text that starts a spreadsheet formula is neutralised in the published CSVs
(an apostrophe before it, as OWASP recommends) and the loaders give the text back exactly."""

from __future__ import annotations

import csv

from store_helpers import ISSUER

import analysis
from analysis.ingest import ingest
from analysis.pipeline import build

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TITLE = '=HYPERLINK("http://example.invalid","bấm")'


def test_formula_text_is_neutralised_in_csv_and_restored_by_the_loaders(cached_copy, tmp_path):
    src = tmp_path / "bao-cao.txt"
    src.write_text(
        "BÁO CÁO\nKết quả tháng 02 năm 2025\n\n"
        "=SUM(1) hồ sơ trực tuyến đạt 80%;\n"
        "@cmd tỷ lệ hồ sơ trực tuyến toàn trình đạt 75%.\n",
        encoding="utf-8",
    )
    row = ingest(src, province="An Giang", period="2025-02", issuer=ISSUER, title=TITLE)
    build(progress=False)
    processed = cached_copy / "data/processed"
    for path in sorted(processed.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.reader(fh):
                bad = [c for c in rec if c.startswith(TRIGGERS)]
                assert not bad, f"{path.name}: {bad}"
    reports = analysis.load_reports()
    assert reports.set_index("report_id").loc[row["report_id"], "title"] == TITLE
    quotes = set(analysis.load_facts()["quote"])
    assert {
        "=SUM(1) hồ sơ trực tuyến đạt 80%",
        "@cmd tỷ lệ hồ sơ trực tuyến toàn trình đạt 75%",
    } <= quotes
    polars_titles = analysis.load_reports(engine="polars")["title"].to_list()
    assert TITLE in polars_titles


def test_neutralising_is_undone_exactly():
    from analysis.storage import neutralise_cell, restore_cell

    for text in ("=1+1", "'=x", "''-3", "'abc", "abc", "-", "@a", "\tx", "+84 912"):
        stored = neutralise_cell(text)
        assert not str(stored).startswith(TRIGGERS)
        assert restore_cell(stored) == text
