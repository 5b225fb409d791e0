"""The audit sees shares, "100%" claims and "Trong đó" breakdowns stated in prose.

Sentences written for these tests in the wording of portal notices (figures invented), and
the seed findings read off the real reports (An Giang Q1-2023 line 153, Trà Vinh Q3 line 169).
"""

from __future__ import annotations

import pandas as pd

from analysis.checks.audit import audit_figures
from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.table import facts_frame
from analysis.reading.reports import parse_report_text

CAT = load_catalog()
MANIFEST = pd.DataFrame(
    [
        {
            "report_id": "t",
            "sha256": "0" * 64,
            "province": "An Giang",
            "period_label": "2024-Q1",
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
        }
    ]
)


def _findings(text: str):
    rep = parse_report_text(text.encode("utf-8"))
    rows = extract_report(rep, "t", CAT)
    return audit_figures(rows, facts_frame(rows, MANIFEST), "An Giang", CAT)


def test_share_against_its_counts_in_the_sentence() -> None:
    out = _findings("Quý I có 1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ, đạt 37,8%.")
    hit = [f for f in out if f.check == "share_vs_counts"]
    assert len(hit) == 1
    assert hit[0].stated == 37.8 and round(hit[0].expected, 2) == 36.37
    assert "1,204 of 3,310" in hit[0].message and "36.4%" in hit[0].message
    # a share its counts agree with (rounded) is not a finding
    ok = _findings("Quý I có 1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ, đạt 36,4%.")
    assert not [f for f in ok if f.check == "share_vs_counts"]
    en = _findings("In the quarter 412 of the 500 dossiers were filed online, reaching 92%.")
    assert [round(f.expected, 1) for f in en if f.check == "share_vs_counts"] == [82.4]


def test_counts_in_another_sentence_are_not_compared() -> None:
    out = _findings("Có 1.204 hồ sơ trực tuyến trên tổng số 3.310 hồ sơ. Tỷ lệ đúng hạn đạt 97,8%.")
    assert not [f for f in out if f.check == "share_vs_counts"]


def test_full_claim_against_the_reports_own_total() -> None:
    text = (
        "Tổng số dịch vụ công trực tuyến mức độ 3: 520 dịch vụ; "
        "tổng số dịch vụ công trực tuyến mức độ 4: 880 dịch vụ.\n"
        "Đã tích hợp 1.050 dịch vụ công trực tuyến mức độ 3, 4 của tỉnh với Cổng dịch vụ công "
        "Quốc gia, đạt tỉ lệ 100%.\n"
    )
    hit = [f for f in _findings(text) if f.check == "full_claim_vs_counts"]
    assert len(hit) == 1
    assert round(hit[0].expected, 1) == 75.0
    assert "520 + 880 = 1,400" in hit[0].message


def test_trong_do_parts_against_the_total() -> None:
    text = (
        "Trong quý, hệ thống đã tiếp nhận 50.400 hồ sơ, đã giải quyết 49.900 hồ sơ. Trong đó "
        "dịch vụ công một phần tiếp nhận 31.200 hồ sơ (20.000 trực tiếp, 11.200 trực tuyến); "
        "dịch vụ công toàn trình tiếp nhận 18.700 hồ sơ."
    )
    hit = [f for f in _findings(text) if f.check == "breakdown_sum"]
    assert len(hit) == 1
    assert (hit[0].stated, hit[0].expected) == (50400, 49900)
    assert "31,200 + 18,700 = 49,900" in hit[0].message and "gap of 500" in hit[0].message
    whole = text.replace("50.400", "49.900")
    assert not [f for f in _findings(whole) if f.check == "breakdown_sum"]


def test_seed_findings() -> None:
    audit = pd.read_csv("data/processed/audit.csv")
    ag = audit[(audit["check"] == "full_claim_vs_counts") & (audit["line"] == 153)]
    assert len(ag) == 1 and round(float(ag.iloc[0]["expected"]), 1) == 75.3
    assert "606 + 976 = 1,582" in ag.iloc[0]["message"]
    tv = audit[
        (audit["check"] == "breakdown_sum")
        & (audit["report_id"] == "tra-vinh-2023-q3")
        & (audit["line"] == 169)
    ]
    assert len(tv) == 1
    assert (float(tv.iloc[0]["stated"]), float(tv.iloc[0]["expected"])) == (94746, 94277)
