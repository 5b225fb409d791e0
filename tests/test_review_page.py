"""The review page (offline HTML, every figure marked, all text escaped) and recording decisions."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.facts.catalog import load_catalog
from analysis.facts.extract import extract_report
from analysis.facts.review import ReviewError, load_reviews, record_reviews
from analysis.facts.review_page import page_figures, render_page, script_json
from analysis.facts.table import facts_frame
from analysis.reading.reports import parse_report_text

CAT = load_catalog()
META = {
    "report_id": "t",
    "sha256": "0" * 64,
    "province": "An Giang",
    "period_label": "2024-Q1",
    "period_start": "2024-01-01",
    "period_end": "2024-03-31",
    "title": "Báo cáo <b>thử</b>",
}

HOSTILE = (
    "Tỷ lệ hồ sơ trực tuyến đạt 61,5% </script><script>alert(1)</script> & \u2028 xong.\n"
    'Ghi chú <img src=x onerror="alert(2)">: tiếp nhận 1.204 hồ sơ.\n'
)


def _page(text: str, reviews: pd.DataFrame | None = None) -> tuple[str, list]:
    rep = parse_report_text(text.encode("utf-8"))
    rows = extract_report(rep, "t", CAT)
    facts = facts_frame(rows, pd.DataFrame([META]))
    if reviews is not None:
        from analysis.facts.review import apply_reviews

        facts = apply_reviews(facts, reviews, CAT).facts
    figures = page_figures(rep, rows, facts.to_dict("records"), set())
    return render_page("t", META, rep, figures), figures


def _figures_json(page: str) -> list[dict]:
    m = re.search(r'<script type="application/json" id="figures">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_all_report_text_is_escaped() -> None:
    page, figures = _page(HOSTILE)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Báo cáo &lt;b&gt;thử&lt;/b&gt;" in page
    # exactly the page's own two scripts, and no raw U+2028 inside the JSON
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = re.search(r'id="figures">(.*?)</script>', page, re.S).group(1)
    assert "\u2028" not in data and "<" not in data and "&" not in data
    # the JSON still reads back to the exact quotes
    quotes = {f["quote"] for f in _figures_json(page)}
    assert any("1.204" in q for q in quotes)
    assert {f.quote for f in figures} == quotes


def test_script_json_escapes() -> None:
    assert (
        script_json(["</script>&\u2028\u2029"]) == '["\\u003c/script\\u003e\\u0026\\u2028\\u2029"]'
    )


def test_every_figure_is_marked_with_its_state() -> None:
    text = "Tỷ lệ hồ sơ trực tuyến đạt 61,5%; có 12 đoàn kiểm tra.\n"
    reviews = pd.DataFrame(
        [
            {
                "report_id": "t",
                "line": "1",
                "quote": "có 12",
                "action": "reject",
                "reason": "not an indicator",
                **{c: "" for c in ("indicator", "value", "unit", "scope", "qualifier")},
                "reviewer": "",
                "reviewed_on": "",
            }
        ],
        dtype="string",
    )
    page, _ = _page(text, reviews)
    states = [m for m in re.findall(r'<mark class="(\w+)" data-k="(\d+)"', page)]
    assert [s for s, _ in states] == ["classified", "rejected"]
    data = _figures_json(page)
    assert data[0]["indicator"] == "online_application_rate"
    assert data[0]["period"] == "2024-01-01 – 2024-03-31"
    assert data[0]["scope"] == "province" and data[0]["unit"] == "percent"
    assert data[1]["status"] == "rejected"
    # the marked text is the figure itself, as printed
    assert '<mark class="classified" data-k="0" tabindex="0">61,5%</mark>' in page


def test_page_is_self_contained() -> None:
    page, _ = _page(HOSTILE)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "@import" not in page and "cdn" not in page.lower()


def _facts() -> pd.DataFrame:
    rep = parse_report_text("Tỷ lệ hồ sơ trực tuyến đạt 61,5%; có 12 đoàn kiểm tra.\n".encode())
    return facts_frame(extract_report(rep, "t", CAT), pd.DataFrame([META]))


def test_record_reviews_appends_checked_decisions(tmp_path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(
        "report_id,line,quote,action,indicator,value,unit,scope,qualifier,reason,reviewer,"
        "reviewed_on\n",
        encoding="utf-8",
    )
    new = pd.DataFrame(
        [{"report_id": "t", "line": "1", "quote": "có 12", "action": "reject", "reason": "a, b"}]
    )
    assert record_reviews(new, _facts(), CAT, path) == 1
    back = load_reviews(path)
    assert list(back["quote"]) == ["có 12"] and list(back["reason"]) == ["a, b"]
    # a decision that points at no figure, or has no reason, is refused and nothing is written
    before = path.read_text(encoding="utf-8")
    bad = new.assign(quote="có 99")
    with pytest.raises(ReviewError, match="no fact with this quote"):
        record_reviews(bad, _facts(), CAT, path)
    with pytest.raises(ReviewError, match="reason"):
        record_reviews(new.assign(quote="61,5%", reason=""), _facts(), CAT, path)
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.slow
def test_review_command_end_to_end(project_copy) -> None:
    from analysis import cli

    assert cli.main(["-q", "build"]) == 0
    out = project_copy / "page.html"
    assert cli.main(["-q", "review", "an-giang-2023-q1", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    facts = pd.read_csv(project_copy / "data/processed/facts.csv")
    n = int((facts["report_id"] == "an-giang-2023-q1").sum())
    assert len(_figures_json(page)) == n
    args = ["-q", "review", "an-giang-2023-q1", "--line", "37", "--quote", "đạt tỉ lệ 33,3%"]
    assert cli.main([*args, "--action", "accept", "--reason", "3/9 = 33.3%"]) == 0
    facts = pd.read_csv(project_copy / "data/processed/facts.csv")
    row = facts[(facts["report_id"] == "an-giang-2023-q1") & (facts["line"] == 37)]
    assert "reviewed" in set(row["status"])
    assert cli.main(["-q", "review", "nope"]) == 1
