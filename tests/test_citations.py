"""Readers see a short citation (issuer, short title, date, in the edition's language) where a
chart names its source — subtitles and tooltips — and never a report id; the id stays in the
chart's data (its CSV download). Checked on chart specs of the built tables in both editions
and on the executed chapters, without Quarto."""

from __future__ import annotations

import json
import re

import pytest
from book_outputs import tooltip_fields  # tests/book_outputs.py
from conftest import analysis_root

from analysis import formats
from analysis.book import charts
from analysis.book.citations import citation, issuer_name, short_title

AN_GIANG = {
    "report_id": "an-giang-2023-q1",
    "issuer": "Sở Thông tin và Truyền thông tỉnh An Giang",
    "title": "Kết quả công tác cải cách hành chính quý I và phương hướng, nhiệm vụ",
    "period_end": "2023-03-31",
}
_SPEC = re.compile(r'<script type="application/json" id="vis-[^"]+-spec">(.*?)</script>', re.S)


def test_issuers_in_each_editions_words():
    assert issuer_name(AN_GIANG["issuer"], "vi") == "Sở TT&TT An Giang"
    assert issuer_name(AN_GIANG["issuer"], "en") == (
        "An Giang Dept. of Information and Communications"
    )
    office = "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert issuer_name(office, "vi") == "Văn phòng UBND tỉnh Quảng Ngãi"
    assert issuer_name(office, "en") == "Office of the Quảng Ngãi People's Committee"
    assert issuer_name("Sở Khoa học và Công nghệ tỉnh An Giang", "en") == (
        "An Giang Dept. of Science and Technology"
    )
    assert issuer_name("Ban Chỉ đạo chuyển đổi số", "en") == "Ban Chỉ đạo chuyển đổi số"


def test_a_short_title_keeps_a_document_number_and_ends_on_a_whole_phrase():
    plan = "Kết quả thực hiện Kế hoạch số 61/KH-UBND ngày 10/4/2019 của UBND tỉnh trong năm 2022"
    assert short_title(plan) == "Kết quả thực hiện Kế hoạch số 61/KH-UBND…"
    assert short_title(AN_GIANG["title"]) == "Kết quả công tác cải cách…"  # not "… hành…"
    assert short_title("Báo cáo tháng 5") == "Báo cáo tháng 5"


def test_a_citation_in_each_edition():
    assert citation(AN_GIANG, "vi") == "Sở TT&TT An Giang, “Kết quả công tác cải cách…”, 31/3/2023"
    assert citation(AN_GIANG, "en") == (
        "An Giang Dept. of Information and Communications, “Kết quả công tác cải cách…”, "
        "31 March 2023"
    )
    may = {**AN_GIANG, "period_end": "2023-05-31"}
    assert citation(may, "vi").endswith(", 31/5/2023")


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in ("datasets", "data") for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _rows(spec: dict) -> list[dict]:
    return [r for rows in spec.get("datasets", {}).values() for r in rows]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_bar_chart_subtitle_and_tooltip_cite_the_reports(built, lang):
    reports = built["reports"]
    ids = set(reports["report_id"])
    with analysis_root(built["_root"]), formats.using(lang):
        spec = charts.compare_bar(built["indicators"], "online_application_rate").to_dict()
        expected = {r["report_id"]: citation(r, lang) for r in reports.to_dict("records")}
    shown = _strings(spec)
    leaks = sorted(i for i in ids for s in shown if i in s)
    assert not leaks, leaks  # no report id in the title, subtitles, axes or legends
    source = next(s for s in spec["title"]["subtitle"] if s.startswith(("Source:", "Nguồn:")))
    source = " ".join(
        s for s in spec["title"]["subtitle"][spec["title"]["subtitle"].index(source) :]
    )
    rows = [r for r in _rows(spec) if r.get("reported")]
    assert rows
    for r in rows:
        assert r["report"] == expected[r["report_id"]]  # the tooltip's words
        assert r["report_id"] in ids  # the id stays in the data (CSV download)
        first_words = " ".join(expected[r["report_id"]].split()[:3])
        assert first_words in source
    fields = tooltip_fields(spec)
    assert "report" in fields and "report_id" not in fields
    if lang == "vi":
        assert "Nguồn: Sở TT&TT" in source and re.search(r", \d{1,2}/\d{1,2}/20\d\d", source)
    else:
        assert "Source: " in source and "Dept. of Information and Communications" in source


def _chapter_specs(executed_notebooks, stem: str) -> list[dict]:
    nb = json.loads(executed_notebooks[stem].saved.read_text(encoding="utf-8"))
    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            text = "".join(data.get("text/markdown", "")) + "".join(data.get("text/html", ""))
            out += [json.loads(s) for s in _SPEC.findall(text)]
    return out


@pytest.mark.parametrize(
    ("stem", "says"),
    [
        ("02-online-services", "Dept. of Information and Communications"),
        ("02-online-services-vi", "Sở TT&TT"),
        ("01-summary", "Dept. of Information and Communications"),
        ("01-summary-vi", "Sở TT&TT"),
        ("08-district-coverage", "Dept. of Information and Communications"),
        ("08-district-coverage-vi", "Sở TT&TT"),
    ],
)
def test_executed_chapters_cite_reports_in_their_language(
    executed_notebooks, processed_only, stem, says
):
    import pandas as pd

    ids = set(pd.read_csv(processed_only / "data" / "processed" / "reports.csv")["report_id"])
    specs = _chapter_specs(executed_notebooks, stem)
    assert specs, stem
    shown = [s for spec in specs for s in _strings(spec)]
    leaks = sorted({i for i in ids for s in shown if i in s})
    assert not leaks, (stem, leaks)
    assert any(says in s for s in shown), stem
    for spec in specs:
        assert "report_id" not in tooltip_fields(spec), stem
        assert "report_ids" not in tooltip_fields(spec), stem
