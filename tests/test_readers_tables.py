"""What a reader sees in the tables, in both editions (issue 11 item 7, issue 14): names, not
codes; dates and periods the edition's way; a value with its qualifier."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from book_outputs import THEMES  # tests/book_outputs.py

import analysis
from analysis.book import chapters, fair, goals, reporting, style

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RAW_PERIOD = re.compile(r"\b\d{4}-(?:Q\d|H\d|\d{2})\b")
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.fixture(params=["en", "vi"])
def lang(request):
    style.enable(lang=request.param)
    yield request.param
    style.enable(lang="en")


def _goals(reports):
    indicators, value_measures, measures = analysis.load_tables(
        "indicators", "value_measures", "measures"
    )
    return goals.goal_table(fair.with_measures(indicators, value_measures, measures, reports))


def test_the_targets_table_names_reports_and_dates_as_readers_do(lang):
    reports = analysis.load_reports()
    table = goals.goals_table(_goals(reports), reports)
    df = table.df
    ids = set(reports["report_id"])
    cells = [str(v) for v in df.to_numpy().ravel()]
    assert not any(i in c for c in cells for i in ids)  # no report id anywhere
    assert not any(ISO_DAY.search(c) or RAW_PERIOD.search(c) for c in cells)
    assert not any(SNAKE.search(c) for c in cells)
    target = df.columns[1]
    assert not df[target].str.contains(r"\((?:target|chỉ tiêu)\)").any()  # the column says it
    # "hơn 400" (An Giang line 169) keeps its mark beside the 1,040 planned
    value = df.columns[3]
    assert df[value].str.startswith(">400").any()
    html = table._repr_html_()
    reports_col = df.columns[-1]
    assert reports_col in html and "<code>" not in html  # words, not identifiers


def test_the_appendix_names_a_goal_by_its_indicator(lang):
    catalog, facts = analysis.load_tables("catalog", "facts")
    df = chapters.facts_table(facts, catalog).df
    shown = set(df[df.columns[1]])
    assert not any(SNAKE.search(s) for s in shown)
    name = "name_vi" if lang == "vi" else "name_en"
    names = tuple(catalog[name])
    assert all(s.startswith(names) for s in shown)
    suffix = "(chỉ tiêu)" if lang == "vi" else "(target)"
    assert any(s.endswith(suffix) for s in shown)  # the goals are there, named
    assert not any(s.endswith(" target") for s in shown)  # not "dossier digitization rate target"


def test_the_reporting_profile_names_reports_in_words(lang):
    facts, audit, reports = analysis.load_tables("facts", "audit", "reports")
    html = reporting.profile_table(facts, audit, reports)._repr_html_()
    assert "<code>" not in html
    assert "An Giang" in html


def test_a_source_like_column_can_hold_words():
    from analysis.book import present

    df = pd.DataFrame({"Report": ["An Giang, Q1 2023"], "Source": ["an-giang-2023-q1"]})
    html = present.table(df, plain_columns=["Report"])._repr_html_()
    assert "<td>An Giang, Q1 2023</td>" in html
    assert "<code>an-<wbr>giang-<wbr>2023-<wbr>q1</code>" in html  # the other: an identifier


def test_a_restated_national_target_is_marked_and_never_compared():
    """Issue 11 item 9: Quảng Ngãi's "results" repeating Resolution 17/NQ-CP's targets are
    marked ⊘ (not ≠, which says contradicted) wherever they are shown, and no comparison,
    list of values or change reads them."""
    from analysis.book.findings import RESTATED, flag_of, restated_figures
    from analysis.book.theme import load_theme_chapter

    style.enable(lang="en")
    audit = analysis.load_audit()
    restated = restated_figures(audit)
    assert restated
    seen = set()
    for theme in THEMES:
        chapter = load_theme_chapter(theme)
        mine = {flag_of(r) for r in chapter.values.to_dict("records")} & restated
        seen |= mine
        for p in chapter._panels():
            for frame in (p.rows, p.others):
                assert not ({flag_of(r) for r in frame.to_dict("records")} & restated)
        table = chapter.table().table.df
        if mine:
            province = "Quảng Ngãi"
            cells = " ".join(table[province])
            assert cells.count(RESTATED.strip()) >= len({m[1] for m in mine})
    assert seen == {f for f in restated if f[2] in set(analysis.catalog()["id"])}


def test_the_scorecard_marks_a_restated_target_and_grades_it_c():
    from analysis.book import findings
    from analysis.book.findings import RESTATED

    style.enable(lang="en")
    indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports", "audit", "catalog"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    card = findings.scorecard_frame(data, audit, catalog)
    marked = card[card["Quảng Ngãi"].str.contains(RESTATED.strip(), regex=False)]
    assert len(marked)
    assert (marked["Quảng Ngãi: grade"] == "C").all()
    assert (
        not card[[p for p in ("An Giang", "Trà Vinh", "Bắc Giang")]]
        .apply(lambda c: c.str.contains(RESTATED.strip(), regex=False))
        .any()
        .any()
    )


def test_levels_of_an_interconnection_are_not_documents_exchanged():
    """Bắc Giang line 57: "liên thông 3 cấp" is three levels linked, not 3 documents (a review
    rejects it); no value of the indicators table is a count of levels."""
    ind = analysis.load_indicators()
    live = ind[ind["status"] != "rejected"]
    assert not live["quote"].str.contains(r"liên thông \d+$", regex=True).any()
    docs = live[live["indicator"] == "e_documents_exchanged"]
    assert not ((docs["province"] == "Bắc Giang") & (docs["line"] == 57)).any()


def test_the_vietnamese_findings_name_a_different_measure_by_what_it_counts():
    """Issue 11 item 7 in the Vietnamese edition: An Giang's 72,9% counts dossiers *resolved*
    online; the findings say so (as the English ones do) rather than give it the indicator's
    name, which reads as submitted online."""
    from analysis.book import findings
    from analysis.book.findings import HEADLINE

    indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports", "audit", "catalog"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    style.enable(lang="vi")
    try:
        comparison = re.sub(r"\\(.)", r"\1", findings.comparison_findings(data).text)
        provinces = re.sub(
            r"\\(.)", r"\1", findings.province_findings(data, audit, catalog, reports).text
        )
        checked = 0
        for ind in HEADLINE:
            for p in fair.panels(data, ind):
                if p.measure == ind or p.rows.empty:
                    continue
                assert p.counts_vi and p.counts_vi in comparison, p.measure
                assert p.counts_vi in provinces, p.measure
                checked += 1
        assert checked  # the seed reports have such a value (An Giang line 155)
    finally:
        style.enable(lang="en")


def test_audit_and_appendix_tables_name_reports_not_ids(lang):
    """The data-quality tables and the appendix of figures cite a report by its province and
    period and the line ("An Giang, Q1 2023, line 155"), in the edition's words."""
    audit, reports, catalog, facts = analysis.load_tables("audit", "reports", "catalog", "facts")
    ids = set(reports["report_id"])
    word = "dòng" if lang == "vi" else "line"
    for table in (
        chapters.audit_table(audit, reports=reports),
        chapters.audit_table(audit, ("error", "warning", "info"), "geography", reports),
        chapters.facts_table(facts, catalog, reports),
    ):
        html = table._repr_html_()
        assert not any(i in html for i in ids)
        cited = [c for c in table.df.iloc[:, 0 if "An Giang" in str(table.df.iloc[0, 0]) else 1]]
        assert all(f", {word} " in c for c in cited), cited[:3]


def test_the_an_phu_post_office_desk_is_dated_2020_wherever_it_shows(lang):
    """Issue 11 item 4: An Giang's An Phú one-stop desk moved to the post office on 16 March
    2020 (report line 159): the coverage row, the map caption and the appendix say 2020, not
    the report's Q1 2023."""
    from analysis.book import districts

    coverage, reports = analysis.load_tables("coverage", "reports")
    desk = coverage[coverage["item"] == "one_stop_post_office"]
    assert set(desk["stated_on"]) == {"2020-03-16"}
    day = "16/3/2020" if lang == "vi" else "16 March 2020"
    assert day in districts.own_dates_note(desk)
    assert ("An Giang", "one_stop_post_office") in districts.varying_items(coverage, reports)
    appendix = districts.statements(coverage, reports).table.df
    rows = appendix[appendix.apply(lambda r: "An Phú" in " ".join(map(str, r)), axis=1)]
    assert rows.apply(lambda r: day in " ".join(map(str, r)), axis=1).any()


def test_the_english_change_details_name_indicators_and_periods(lang):
    """The changes chapter's detail column: an indicator by its catalog name and a period as
    readers say it ("gains period Jan–May 2022"), never the id or the label."""
    catalog, reports = analysis.load_tables("catalog", "reports")
    row = {
        "drop": 1,
        "change": "new_period",
        "report_id": "an-giang-2023-q1",
        "province": "An Giang",
        "period_label": "2022-01/2022-05",
        "indicator": "endpoint_protection_licences",
        "line": 101,
        "quote": "q",
        "old_value": None,
        "new_value": 90.0,
        "detail": "endpoint_protection_licences gains period 2022-01/2022-05: 90",
        "detail_vi": "Bản quyền, máy cài đặt phòng chống mã độc có thêm kỳ tháng 1–5/2022: 90",
    }
    df = chapters.changes_table(pd.DataFrame([row]), catalog, reports).df
    detail = df.iloc[0, -1]
    assert not SNAKE.search(detail) and "2022-01/2022-05" not in detail
    if lang == "en":
        name = catalog.set_index("id").loc["endpoint_protection_licences", "name_en"]
        assert detail == f"{name} gains period Jan–May 2022: 90"


def test_the_sources_chapter_dates_the_corpus_as_readers_do(lang):
    """The corpus sentence and table say "1 January 2022" / "1/1/2022" and "Q1 2023" /
    "quý I/2023", never the ISO day or the period label of the data files."""
    reports = analysis.load_reports()
    text = chapters.corpus_period_prose(reports).text.replace("\\", "")  # Markdown escapes
    table = chapters.corpus_table(reports).table.df
    spans = " ".join(table.iloc[:, 1])
    first = "1/1/2022" if lang == "vi" else "1 January 2022"
    assert first in text and first in spans
    assert ("quý I/2023" if lang == "vi" else "Q1 2023 (") in spans
    assert not ISO_DAY.search(text + spans) and not RAW_PERIOD.search(text + spans)


def test_province_findings_name_periods_as_readers_say_them(lang):
    """The summary's paragraph per province lists its reports' periods as a reader says them
    ("Q1 2023, Jan 2025"), never the data's period codes ("2023-Q1, 2025-01")."""
    from analysis.book import findings

    indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports", "audit", "catalog"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    text = re.sub(r"\\(.)", r"\1", findings.province_findings(data, audit, catalog, reports).text)
    codes = [  # "2022" is both the code and the words; "2023-Q1" only the code
        c for c in reports["period_label"] if "-" in c and re.search(re.escape(c), text)
    ]
    assert codes == [], codes
    assert ("quý I/2023" if lang == "vi" else "Q1 2023") in text


def _shown(table) -> str:
    """What a reader sees of a downloadable table: its HTML without the CSV link, its PDF
    Markdown."""
    return table._repr_html_().split('<p class="csv-download">')[0] + table._repr_markdown_()


def test_the_sources_chapter_cites_reports_not_ids(lang):
    """The corpus and the figures-per-report tables name each report as a reader cites it
    (issuer, title, date); the report id, the data files' key, is only in their CSV."""
    from analysis.book.citations import cite

    reports = analysis.load_reports()
    (facts,) = analysis.load_tables("facts")
    ids = set(reports["report_id"])
    corpus = chapters.corpus_table(reports)
    extraction = chapters.extraction_table(facts)
    for table in (corpus, extraction):
        shown = _shown(table)
        assert not [i for i in ids if i in shown] and "<code>" not in shown
        assert "texttt" not in shown  # the PDF sets no id in a code face either
        assert set(table.data["report_id"]) == set(facts["report_id"]) <= ids  # the CSV key
    issuer = "Sở" if lang == "vi" else "Dept. of"
    assert issuer in corpus.table.df.iloc[:, 2].str.cat()  # the issuer as the report names it
    cited = list(extraction.table.df.iloc[:, 0])
    assert cited == [cite(r, lang) for r in sorted(set(facts["report_id"]))]
    assert all(issuer in c or "UBND" in c or "People's Committee" in c for c in cited)


def test_a_table_without_the_reports_table_still_names_reports_in_words(lang):
    """``_source`` without report names cites each report (issuer, short title, date) and
    says "line" in the edition's words, never ``an-giang-2023-q1 (151)``."""
    reports = analysis.load_reports()
    rid = str(reports["report_id"].iloc[0])
    out = chapters._source(pd.Series([rid, rid]), pd.Series([151, None]))
    word = "dòng" if lang == "vi" else "line"
    assert out[0].endswith(f", {word} 151") and rid not in " ".join(out)
    assert out[1] == out[0].removesuffix(f", {word} 151")
    # with names, the short name the other tables use
    named = chapters._source(pd.Series([rid]), pd.Series([3]), chapters.report_names(reports))
    assert named == [chapters.report_names(reports)[rid] + f", {word} 3"]
    # an id no table knows stays readable as what it is
    assert chapters._source(pd.Series(["x-1"]), pd.Series([2])) == [f"x-1, {word} 2"]
