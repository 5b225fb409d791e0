"""The figures a briefing quotes, read against their report lines (issue 11, the analyst's
read of the book): a scorecard cell never hides another measure its province states, the
summary and the reporting chapter count contradictions alike, and figures that are not
quantities of their indicator are never shown."""

from __future__ import annotations

import re

import pytest
from book_outputs import THEMES  # tests/book_outputs.py

import analysis
from analysis.book import fair, findings, style


@pytest.fixture(scope="module")
def tables():
    indicators, value_measures, measures, reports, audit, catalog = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports", "audit", "catalog"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    return data, audit, catalog, reports


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_scorecard_cell_names_every_other_measure_its_province_states(tables, lang):
    """Trà Vinh's 14 bridge points (province and district, line 161) are like for like with
    An Giang's 14; its 106 commune points (line 163) are another measure, which the cell
    marks ⊕ and the notes name with their line. The class: any province-wide or local value
    of a core indicator on a measure other than the cell's is named under the table."""
    data, audit, catalog, _ = tables
    style.enable(lang=lang)
    try:
        card = findings.scorecard_frame(data, audit, catalog)
        notes = _plain(findings.scorecard_notes(data, audit, catalog).text)
        live = data[(data["status"] != "rejected") & (data["scope"] != "agency")]
        checked = 0
        for r in card.to_dict("records"):
            for prov in ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi"):
                cell = str(r[prov])
                if cell == findings.t("findings.not_reported"):
                    continue
                shown = r[f"{prov}: measure"]
                rows = live[(live["province"] == prov) & (live["indicator"] == r["indicator"])]
                others = rows[(rows["measure"] != shown) & (rows["counts"] != shown)]
                if len(others):
                    assert findings.ALSO_STATED.strip() in cell, (prov, r["indicator"])
                    for line in others["line"]:
                        assert re.search(rf"\b{int(line)}\b", notes), (prov, r["indicator"], line)
                    checked += 1
                else:
                    assert findings.ALSO_STATED.strip() not in cell, (prov, r["indicator"])
        vc = card[card["indicator"] == "video_conference_points"].iloc[0]
        assert findings.ALSO_STATED.strip() in vc["Trà Vinh"]
        assert findings.ALSO_STATED.strip() not in vc["An Giang"]
        assert re.search(r"\b106\b.*\b163\b", notes)
        assert checked >= 2
    finally:
        style.enable(lang="en")


def test_the_summary_and_the_reporting_chapter_count_contradictions_alike(tables):
    """The summary said Quảng Ngãi's report held 5 contradictions (its restated Resolution 17
    targets) and the reporting chapter 0 for An Giang's Q1 2023 report (its "100%" of 1,191
    services against 606 + 976, line 153). One definition now counts them everywhere: a
    province's count in the findings is the sum of its reports' counts in the profile, a
    restated target is never one, and the corpus sentence gives the total."""
    from analysis.book import chapters, reporting
    from analysis.vocabulary import CONTRADICTIONS

    data, audit, catalog, reports = tables
    facts = analysis.load_facts()
    style.enable(lang="en")
    profile = reporting.report_profile(facts, audit, reports)
    text = _plain(findings.province_findings(data, audit, catalog, reports).text)
    for prov, paragraph in re.findall(r"\*\*(.+?)\.\*\* (.+)", text):
        n = int(profile.loc[profile["province"] == prov, "contradictions"].sum())
        said = re.search(r"the audit found (no|\d+) contradiction", paragraph)
        assert said, paragraph
        assert (0 if said.group(1) == "no" else int(said.group(1))) == n, prov
    echoes = audit[audit["check"] == "result_echoes_target"]
    assert len(echoes) and not set(echoes["check"]) & set(CONTRADICTIONS)
    qn = profile[profile["province"] == "Quảng Ngãi"].iloc[0]
    assert qn["contradictions"] == 0 and qn["restated_targets"] == len(echoes)
    ag = profile[profile["report_id"] == "an-giang-2023-q1"].iloc[0]
    assert ag["contradictions"] >= 1  # the full claim of line 153
    corpus = _plain(chapters.corpus_prose(chapters.corpus_summary(reports), audit).text)
    assert f"found {int(profile['contradictions'].sum())} contradictions" in corpus
    assert f"{len(echoes)} figures given as results" in corpus


def test_a_number_inside_a_quoted_name_is_not_a_count():
    """Trà Vinh line 133: the shared systems follow the "mô hình “4 lớp”" (the four-layer
    security model); the 4 is part of a name, not 4 systems with an approved security level,
    and the security chapter showed it beside An Giang's 64 and Bắc Giang's 94 (a review
    rejects it). The class: no value the book shows is a number that opens a quoted name."""
    ind = analysis.load_indicators()
    live = ind[ind["status"] != "rejected"]
    assert not live["quote"].str.contains(r"[“\"]\d+$", regex=True).any()
    tv = live[(live["province"] == "Trà Vinh") & (live["line"] == 133)]
    assert tv.empty


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_funding_chapter_gives_every_sum_in_billion_vnd(lang):
    """Bắc Giang states its budget as 53.345 triệu đồng (line 320), Trà Vinh its investment
    as 44,778 tỷ đồng (line 89): the chapter showed "53,345 million VND" beside "44.778
    billion VND". Every sum now reads in billions, so the two share a unit."""
    from analysis.book import theme

    style.enable(lang=lang)
    try:
        chapter = theme.load_theme_chapter("finance")
        text = _plain(chapter.table().table.df.to_csv() + chapter.withheld().text)
        million, billion = ("million VND", "billion VND") if lang == "en" else ("triệu", "tỷ")
        assert million not in text
        assert billion in text
        budget = "53.345 billion VND" if lang == "en" else "53,345 tỷ đồng"
        assert budget in text
    finally:
        style.enable(lang="en")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_target_without_its_measure_says_what_the_other_value_counts(lang):
    """An Giang's 23 classes for 1,040 officials in 2023 (line 199) against the 7 classes of
    March 2023 (line 201), which were for community digital teams: the target table said "no
    reported value for this indicator" though the chapter lists the 7; it now names the 7
    and what they count, so a reader sees why they are not set against the 23. Periods of
    months in one year read as readers say them (Jan–May 2024, not Jan 2024–May 2024)."""
    from analysis.book import goals

    indicators, value_measures, measures, reports = analysis.load_tables(
        "indicators", "value_measures", "measures", "reports"
    )
    data = fair.with_measures(indicators, value_measures, measures, reports)
    style.enable(lang=lang)
    try:
        table = goals.goal_table(data)
        row = table[
            (table["province"] == "An Giang") & (table["indicator"] == "digital_training_classes")
        ].iloc[0]
        assert row["status"] == "no data"
        assert re.search(r"\b7\b.*\b201\b", row["pace_note"])
        text = " ".join(map(str, goals.goals_view(table, reports).to_numpy().ravel()))
        assert "Jan 2024–May 2024" not in text and "tháng 1/2024–tháng 5/2024" not in text
        assert ("Jan–May 2024" if lang == "en" else "tháng 1–5/2024") in text
    finally:
        style.enable(lang="en")


#: What the words right after a count must name for the count to be of its indicator.
COUNTED = {
    "digital_training_classes": r"^\s*(lớp|khóa|hội nghị)",
    "procedures_published_national_portal": r"^\s*(thủ tục|TTHC)",
}


def test_a_count_is_of_the_thing_its_indicator_counts():
    """Trà Vinh line 81 "cử 04 CCVC học lớp Trung cấp chính trị" (four officials sent to a
    political-theory course) was shown as 4 digital-skills classes; Bắc Giang's "01 bản niêm
    yết" (one printed listing, lines 135 and 204) as 1 procedure published, which the audit
    then called a contradiction of the 37. Reviews reject them; the class: every count of
    classes or of procedures the book shows is followed in its line by those words."""
    from analysis import paths

    ind = analysis.load_indicators()
    reports = analysis.load_reports()
    files = dict(zip(reports["report_id"], reports["file"], strict=True))
    lines = {rid: (paths.reports_dir() / f).read_text().splitlines() for rid, f in files.items()}
    live = ind[(ind["status"] != "rejected") & ind["indicator"].isin(COUNTED)]
    assert len(live)
    for r in live.to_dict("records"):
        text = lines[r["report_id"]][int(r["line"]) - 1]
        after = text[text.index(r["quote"]) + len(r["quote"]) :]
        assert re.match(COUNTED[r["indicator"]], after, re.I), (r["quote"][-40:], after[:30])
    assert not ((live["province"] == "Trà Vinh") & (live["line"] == 81)).any()
    assert not (
        (live["province"] == "Bắc Giang") & live["line"].isin([135, 204]) & (live["value"] == 1)
    ).any()
    audit = analysis.load_audit()
    assert not ((audit["check"] == "conflicting_values") & audit["line"].isin([135, 204])).any()


def test_portal_counts_of_different_coverage_are_not_listed_together(tables):
    """Bắc Giang's 188 component portals include 144 commune portals (line 73); Trà Vinh's 40
    (line 167) give no breakdown and cannot include its 106 communes. They were listed side by
    side as one measure; Bắc Giang's is now a measure of its own (with commune portals)."""
    from analysis.book import theme

    data = tables[0]
    portals = data[data["indicator"] == "component_portals"].set_index("province")["measure"]
    assert portals["Bắc Giang"] != portals["Trà Vinh"]
    assert "commune" in str(
        data.loc[
            (data["indicator"] == "component_portals") & (data["province"] == "Bắc Giang"), "counts"
        ].iloc[0]
    )
    style.enable(lang="en")
    withheld = _plain(theme.load_theme_chapter("data_platforms").withheld().text)
    line = next(x for x in withheld.splitlines() if "Component web portals" in x and "188" in x)
    assert "Trà Vinh" not in line


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_findings_name_the_headline_figures_a_province_does_not_give(tables, lang):
    """Findings say what is missing, by name: Trà Vinh gives no on-time rate, An Giang only
    dossiers *resolved* online, not the share submitted online."""
    data, audit, catalog, reports = tables
    style.enable(lang=lang)
    try:
        text = _plain(findings.province_findings(data, audit, catalog, reports).text)
        paragraphs = dict(re.findall(r"\*\*(.+?)\.\*\* (.+)", text))
        word = "Not reported province-wide:" if lang == "en" else "Không nêu số liệu toàn tỉnh:"
        on_time = (
            "share of dossiers resolved early or on time"
            if lang == "en"
            else "tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
        )
        missing = paragraphs["Trà Vinh"].split(word)[1].split(".")[0]
        assert on_time in missing
        ag = paragraphs["An Giang"].split(word)[1].split(".")[0]
        submitted = (
            "share of dossiers submitted online" if lang == "en" else "tỷ lệ hồ sơ trực tuyến"
        )
        assert submitted in ag
    finally:
        style.enable(lang="en")


DEGENERATE = re.compile(r"[+-]?0[.,]00 pp|\(\+\d+ more\)|\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_theme_chapter_says_nothing_in_many_words(lang):
    """Issue 11 must-be-true 7: no "+0.00 pp per year", no "(+n more)", no snake_case id in a
    theme chapter's prose or tables; every comparison chart has two provinces or more; no
    table row or column is all "not reported"."""
    from analysis.book import theme

    style.enable(lang=lang)
    try:
        for name in THEMES:
            ch = theme.load_theme_chapter(name)
            table = ch.table().table.df
            text = _plain(
                " ".join(
                    [ch.intro().text, ch.withheld().text, table.to_csv(index=False)]
                    + [getattr(b, "text", "") for b in ch.comparisons()]
                )
            )
            assert not DEGENERATE.search(text), (name, DEGENERATE.search(text).group(0))
            for p in ch._panels():
                if p.verdict == fair.CHART:
                    assert p.rows["province"].nunique() >= 2, (name, p.measure)
            values = table.iloc[:, 1:]
            assert not (values == "—").all(axis=1).any(), name
    finally:
        style.enable(lang="en")
