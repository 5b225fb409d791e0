"""The theme template, districts, glossary and CSV downloads (issue 11, items 6–9)."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest

import analysis
from analysis import paths
from analysis.book import districts, downloads, fair, glossary, theme
from analysis.book.figures import Figure


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return fair.with_measures(
        analysis.load_indicators(), analysis.load_value_measures(), analysis.load_measures()
    )


def test_people_chapter_compares_no_unfair_pair(data):
    ch = theme.ThemeChapter("people", data, analysis.catalog())
    charts = [b for b in ch.comparisons() if isinstance(b, Figure)]
    assert charts == []  # 978 in two districts vs ~18,000 province-wide: never one axis
    withheld = re.sub(r"\\(.)", r"\1", ch.withheld().text)  # Markdown escapes off
    assert "978" in withheld and "18,000" in withheld
    assert "Reports count different things" in ch.intro().text


def test_online_services_chart_is_chosen_from_data(data):
    ch = theme.ThemeChapter("online_services", data, analysis.catalog())
    blocks = ch.comparisons()
    charts = [b for b in blocks if isinstance(b, Figure)]
    assert charts, "two provinces report dossiers submitted online on the same measure"
    assert not [b for b in blocks if hasattr(b, "to_dict")], "every chart is a numbered figure"
    csvs = [b for b in blocks if isinstance(b, downloads.ChartData)]
    assert len(csvs) == len(charts)  # every chart offers its data


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_theme_comparison_charts_are_numbered_figures_with_alt_text(data, lang):
    from analysis import formats

    seen: set[str] = set()
    with formats.using(lang):
        for th in ("online_services", "infrastructure", "data_platforms", "security"):
            ch = theme.ThemeChapter(th, data, analysis.catalog())
            for fig in [b for b in ch.comparisons() if isinstance(b, Figure)]:
                assert fig.label.startswith("fig-") and fig.label not in seen  # one number each
                seen.add(fig.label)
                md = fig.markdown()
                assert md.startswith(f"::: {{#{fig.label}}}")
                provinces = set(fig.chart.to_dict()["datasets"].__str__().split("'")) & set(
                    ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi")
                )
                # the alt text names each province the chart draws, with its value
                assert provinces and all(p in fig.alt_text for p in provinces), fig.alt_text
                assert f'fig-alt="{fig.alt_text.replace(chr(34), chr(39))}"' in md
                words = ("Biểu đồ cột", "các tỉnh") if lang == "vi" else ("Bar chart", "province")
                assert fig.alt_text.startswith(words[0]) and words[1] in fig.caption
    assert len(seen) >= 3


def test_changes_never_cross_a_redefinition_or_population(data):
    ch = theme.ThemeChapter("data_platforms", data, analysis.catalog())
    df = ch.changes().table.df
    ag = df[(df["Province"] == "An Giang") & df["Indicator"].str.contains("publishing open data")]
    assert ag["Change"].str.startswith("not compared").all()  # 3 of 9 vs 180 of 188
    assert not df["Change"].str.contains(r"\+0\.00").any()


def test_theme_notebooks_are_one_template():
    from analysis.book_config import notebook_paths

    bodies: dict[str, list[str]] = {}  # per edition (notebooks/ and notebooks/vi/)
    for p in notebook_paths():
        src = p.read_text(encoding="utf-8")
        if "theme.load_theme_chapter(" in src:
            body = re.sub(
                r'load_theme_chapter\("\w+"\)', "", src.split("# %%\n#| label: setup", 1)[1]
            )
            body = re.sub(r"#\| (label|tbl-cap): .*", "", body)
            bodies.setdefault(p.parent.name, []).append(body)
    assert bodies
    for edition in bodies.values():
        assert len(edition) >= 6 and len(set(edition)) == 1


def test_uniform_items_get_a_sentence_and_varying_ones_a_map():
    cov = analysis.load_coverage()
    s = districts.item_summary(cov)
    ioc = s[(s["province"] == "An Giang") & (s["item"] == "district_ioc")].iloc[0]
    assert ioc["shape"] == districts.VARIES
    assert ("An Giang", "district_ioc") in districts.varying_items(cov)
    text = districts.uniform_sentences(cov, analysis.load_reports()).text
    assert "5G coverage at the district seat" in text and "no map" in text
    assert ("An Giang", "5g_coverage") not in districts.varying_items(cov)


def test_district_statements_carry_their_own_date_without_an_empty_column():
    """Appendix table of district statements: the few statements that date themselves say so
    in their status cell (no column that is blank on nearly every row, in print or HTML);
    the CSV keeps the date as a column."""
    from analysis import formats

    cov, reports = analysis.load_coverage(), analysis.load_reports()
    dated = cov["stated_on"].fillna("").astype(bool)
    assert 0 < dated.sum() < len(cov) / 2  # few statements date themselves
    for lang, column, status, day in (
        ("en", "Stated as of", "present, stated as of 16 March 2020", "2020-03-16"),
        ("vi", "Tình hình tại ngày", "đã triển khai, tình hình tại ngày 16/3/2020", "16/3/2020"),
    ):
        with formats.using(lang):
            block = districts.statements(cov, reports)
        shown, data = block.table.df, block.data
        assert column not in shown.columns and column in data.columns
        assert len(shown) == len(data) == len(cov)
        status_col = shown.columns[3]
        assert (shown.loc[dated.to_numpy(), status_col] == status).any(), lang
        assert not shown.loc[~dated.to_numpy(), status_col].str.contains(",").any()
        assert day in set(data[column])


def test_glossary_is_bilingual_with_measures():
    g = glossary.glossary_frame(
        analysis.catalog(), analysis.load_measures(), analysis.load_indicators()
    )
    assert (g["Chỉ tiêu (tiếng Việt)"] != "").all() and (g["What is counted"] != "").all()
    certs = g[g["Indicator (English)"].str.contains("certificates")].iloc[0]
    assert "issued" in certs["Other measures under this name"]


def test_csv_download_carries_the_data_and_defuses_formulas():
    df = pd.DataFrame({"a": ["=HYPERLINK(1)", "x"], "b": [1, 2]})
    html = downloads.link(df, "Bảng thử")
    assert 'download="bang-thu.csv"' in html
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)
    text = base64.b64decode(payload).decode("utf-8")
    assert text.lstrip("\ufeff").splitlines() == ["a,b", "'=HYPERLINK(1),1", "x,2"]


def test_report_profile_counts_from_the_tables():
    from analysis.book import reporting

    facts, audit, reports = analysis.load_facts(), analysis.load_audit(), analysis.load_reports()
    p = reporting.report_profile(facts, audit, reports).set_index("report_id")
    f = facts[(facts["status"] != "rejected") & facts["indicator"].notna()]
    qn = f[(f["report_id"] == "quang-ngai-2022") & ~f["indicator"].str.endswith("_target")]
    assert p.loc["quang-ngai-2022", "figures"] == len(qn)
    assert p.loc["quang-ngai-2022", "restated_targets"] == int(
        (audit[audit["report_id"] == "quang-ngai-2022"]["check"] == "result_echoes_target").sum()
    )
    assert p.loc["bac-giang-2024-05", "department"] == int(
        (f[f["report_id"] == "bac-giang-2024-05"]["scope"] == "agency").sum()
    )


def test_print_edition_says_where_the_csv_downloads_are():
    """A PDF cannot carry a data: link: a chart's download becomes an address in print, and the
    appendix lists every published table's CSV (a file the book really serves)."""
    from analysis.book import downloads
    from analysis.book_config import book_config
    from analysis.schemas import TABLES

    site = book_config()["book"]["site-url"].rstrip("/")
    latex = downloads.ChartData(pd.DataFrame({"a": [1]}), "Bắc Giang: x_1 & 50%")._repr_latex_()
    assert f"\\url{{{site}/data/processed/}}" in latex
    assert "Bắc Giang" not in latex and "%" not in latex.replace("\\%", "")  # no report text
    listing = downloads.data_listing().text
    for name in TABLES:
        assert f"<{site}/data/processed/{name}.csv>" in listing
    published = {p.stem for p in (paths.processed_dir()).glob("*.csv")}
    assert set(TABLES) <= published


def test_each_edition_points_at_its_own_copy_of_the_data():
    """Both editions carry data/processed; the Vietnamese pages name the Vietnamese edition's
    address (seen in a real render: every vi chart note and A.1 pointed at .../en/)."""
    from analysis import formats
    from analysis.book import downloads
    from analysis.book_config import book_config

    for edition in ("en", "vi"):
        site = book_config(edition)["book"]["site-url"].rstrip("/")
        with formats.using(edition):
            latex = downloads.ChartData(pd.DataFrame({"a": [1]}), "t")._repr_latex_()
            listing = downloads.data_listing().text
        assert f"\\url{{{site}/data/processed/}}" in latex
        assert f"<{site}/data/processed/datapackage.json>" in listing
    assert book_config("vi")["book"]["site-url"] != book_config("en")["book"]["site-url"]
