"""Report text is untrusted: nothing from a report may reach a page as markup."""

from __future__ import annotations

import re

import pandas as pd
from book_outputs import printed  # tests/book_outputs.py

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
    assert not re.search(r"(?<!\\)[<\[\]*]", md)  # no tag, link or emphasis left unescaped
    text = present.prose("Value: {v}", v=EVIL).text
    assert not re.search(r"(?<!\\)[<\[\]*]", text) and "**bold**" not in text


def test_key_findings_escape_indicator_names():
    md = chapters.key_findings(_indicators("q"), ids=("online_application_rate",)).text
    assert "<script>" not in md and r"\<script\>" in md and "**bold**" not in md
    assert "not reported by Trà Vinh, Bắc Giang, Quảng Ngãi" in _plain(md)


def _plain(md: str) -> str:
    """Markdown as Pandoc reads escaped text: each ``\\x`` is ``x``."""
    return re.sub(r"\\(.)", r"\1", md)


def _latex_table(md: str) -> tuple[list[str], list[list[str]], list[float]]:
    """The header cells, body rows and relative column widths of a table's PDF block."""
    block = re.search(r"```+\{=latex\}\n(.*?)\n```+", md, re.S)
    assert block, md
    latex = block.group(1)
    head = re.findall(r"\\raggedright\n(.*?)\n\\end\{minipage\}", latex)
    body = latex.split("\\endlastfoot\n", 1)[1].rsplit("\n\\end{longtable}", 1)[0]
    rows = [r.removesuffix(" \\\\").split(" & ") for r in body.splitlines()]
    widths = [float(w) for w in re.findall(r"\\real\{([\d.]+)\}", latex)]
    return head, rows, widths


SPECIALS = (
    "2^10^ H~2~O -- ... 'a' \"b\" {{< env HOME >}} {{< pagebreak >}} $x$ @cite :smile: <b>&amp;"
)


def test_escape_md_escapes_every_ascii_punctuation_mark():
    """Pandoc reads a backslash-escaped punctuation mark as itself: superscripts, subscripts,
    smart dashes, ellipses and quotes, math, citations and shortcodes never apply (D27)."""
    md = present.escape_md(SPECIALS)
    unescaped = re.sub(r"\\(.)", "", md)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped), unescaped
    assert "{{<" not in md and "--" not in md and "..." not in md
    assert re.sub(r"\\(.)", r"\1", md) == SPECIALS  # nothing else changed


def test_tables_show_specials_exactly_in_both_formats():
    t = present.table(pd.DataFrame({"detail": [SPECIALS], "report_id": ["an-giang-2023-q1"]}))
    page = t._repr_html_()
    assert "{{&lt; env HOME &gt;}}" in page and "{{<" not in page
    md = t._repr_markdown_()
    head, rows, _ = _latex_table(md)
    assert "{{<" not in md and head == ["Detail", "Report"]  # readers' headers, not columns
    assert rows[0][1] == r"\texttt{an-\allowbreak{}giang-\allowbreak{}2023-\allowbreak{}q1}"
    assert printed(rows[0][0]) == SPECIALS  # as written: no math, group, ligature, shortcode
    assert not re.search(r'(?<!\\)[$&#^_%~"]|--|,,|\'\'|``', rows[0][0])  # " would print ”


def test_quotes_lose_conversion_remnants_not_their_words():
    quote = "Tỷ lệ <sup>12</sup> đạt $232/232 = 100\\%$ hồ sơ"
    shown = present.quote_block(quote, {"report_id": "r", "line": 3}).text
    assert "sup" not in shown and "\\\\%" not in shown
    assert "232/232 = 100%" in re.sub(r"\\(.)", r"\1", shown)
    cell = present.table(pd.DataFrame({"quote": [quote]}))._repr_html_()
    assert "sup" not in cell and "100%" in cell


def test_a_table_has_no_caption_of_its_own_and_its_note_follows_it():
    """The caption is the cell's tbl-cap (one caption per table, numbered alike in HTML and
    PDF); the table's note is printed under it, in both formats."""
    t = present.table(pd.DataFrame({"a": [1]}), "A note.")
    assert "<caption" not in t._repr_html_()
    assert t._repr_html_().endswith('<p class="table-note">A note.</p>')
    assert t._repr_markdown_().endswith("```\n\nA note\\.")  # a paragraph after the table
    assert "caption" not in t._repr_markdown_()  # Quarto inserts the tbl-cap


def test_print_widths_follow_the_given_weights():
    t = present.table(
        pd.DataFrame({"a": ["x"], "b": ["y"], "c": ["z"]}),
        print_columns=["a", "c"],
        widths={"a": 1, "c": 3},
    )
    head, _, widths = _latex_table(t._repr_markdown_())
    assert head == ["a", "c"] and widths == [0.25, 0.75]
    assert "(\\linewidth - 2\\tabcolsep) * \\real{0.2500}" in t._repr_markdown_()


def test_short_columns_keep_their_words_whole_in_print():
    """A short column beside long text columns is as wide as its longest word ("Province",
    "Giang"), so the PDF never hyphenates "An Gi-ang"; the text columns share the rest."""
    long = "a long sentence of explanation " * 4
    t = present.table(
        pd.DataFrame(
            {"province": ["An Giang", "Bắc Giang"], "detail": [long, long], "x": [long] * 2}
        )
    )
    widths = t.column_widths()
    chars = present.PRINT_LINE_CHARS - 2 * 3
    assert widths[0] * chars >= len("Province") + 1
    assert widths[1] > widths[0] and abs(sum(widths) - 1) < 1e-9


def test_a_downloadable_table_prints_as_a_longtable_with_widths():
    """Quarto gives the PDF a cell's Markdown: a downloadable table must have one (its raw
    LaTeX table), or Pandoc sets its HTML at natural widths, off the page (Table B.2)."""
    from analysis.book import downloads

    d = downloads.table(pd.DataFrame({"province": ["An Giang"], "detail": ["x " * 80]}), "Note.")
    md = d._repr_markdown_()
    head, rows, widths = _latex_table(md)
    assert head == ["Province", "Detail"] and len(rows) == 1 and len(widths) == 2
    assert "<table" not in md and md.endswith("Note\\.")


def test_source_addresses_wrap_in_both_formats():
    """A long source address breaks inside its column (xurl's \\url in print, a wrapping link
    on the web), instead of running past the page's edge (Table 3.2)."""
    url = "https://example.gov.vn/web/so-thong-tin/asset_publisher/Content/chi-so-24?x=1%20#a"
    t = present.table(pd.DataFrame({"Source": [url]}))
    assert 'class="book-url" href="https://example.gov.vn/' in t._repr_html_()
    cell = _latex_table(t._repr_markdown_())[1][0][0]
    assert cell.startswith("\\url{https://example.gov.vn/web/so-thong-tin/")
    assert cell.endswith("1\\%20\\#a}")
    odd = present.table(pd.DataFrame({"Source": ["https://a.vn/`x`"]}))._repr_markdown_()
    assert "\\url" not in odd and "\\textasciigrave{}x" in odd  # no address: escaped text


def test_many_columns_still_keep_short_headers_whole():
    """Seven columns whose long words fill the line (the national sources table): each gets
    its longest word, so "Index", "Assessed" and "Province" no longer print over each other."""
    text = "averylongunbreakableword " * 3
    df = pd.DataFrame(
        {"Index": ["DTI"], "Assessed": ["2022"], "Province": ["Quảng Ngãi"], "Position": ["9th"]}
        | {f"c{i}": [text * 3] for i in range(5)}
    )
    widths = present.table(df).column_widths()
    chars = present.PRINT_LINE_CHARS - 2 * len(df.columns)
    assert widths[1] * chars >= len("Assessed") + 1


def test_an_id_column_shows_identifiers_in_code_and_readers_labels_as_text():
    """Table B.2's Report column holds reader labels ("An Giang report of Q1 2023"): in plain
    text in both formats, while ids in the same kind of column keep the code face."""
    labels = present.table(pd.DataFrame({"report_id": ["An Giang report of Q1 2023"]}))
    assert "texttt" not in labels._repr_markdown_()
    assert "<code>" not in labels._repr_html_()
    assert _latex_table(labels._repr_markdown_())[1] == [["An Giang report of Q1 2023"]]
    ids = present.table(pd.DataFrame({"report_id": ["an-giang-2023-q1:151, tra-vinh-2023-q3"]}))
    assert ids._repr_markdown_().count("texttt") == 2
    assert ids._repr_html_().count("<code>") == 2
    cited = present.table(pd.DataFrame({"Report (line)": ["bac-giang-2024-05 (481)"]}))
    assert "texttt" in cited._repr_markdown_()


def test_a_web_table_is_finished_html_quarto_passes_through():
    """Quarto does not re-parse the book's HTML tables (``html-table-processing: none``, the
    appendix's Pandoc run 4.2 CPU-s shorter): the table carries Bootstrap's classes itself and
    scrolls in its own box when it is wider than the column."""
    from analysis import paths
    from analysis.safe_yaml import load_yaml

    config = load_yaml(paths.project_root() / "_quarto.yml")
    assert config["format"]["html"]["html-table-processing"] == "none"
    page = present.table(pd.DataFrame({"a": [1], "b": ["x"]}))._repr_html_()
    assert page.startswith('<div class="table-responsive"><table class="')
    classes = re.search(r'<table class="([^"]+)"', page).group(1).split()
    assert {"table", "table-sm", "table-striped", "small", "book-table"} <= set(classes)
    assert page.count("<table") == 1 and page.endswith("</table></div>")


def test_the_readers_text_check_reads_the_pdf_tables():
    """The executed-chapter check (book_outputs.visible_text) reads the PDF's LaTeX tables as
    printed: a raw code or remnant there is seen, an identifier in a code face is not."""
    from book_outputs import visible_text

    t = present.table(
        pd.DataFrame({"detail": ["online_application_rate 100%"], "report_id": ["r-1"]})
    )
    text = visible_text(
        {"cells": [{"outputs": [{"data": {"text/markdown": t._repr_markdown_()}}]}]}
    )
    assert "online_application_rate 100%" in text and "r-1" not in text and "texttt" not in text


def test_identifiers_wrap_at_their_joints_on_the_web():
    """A long id (``services_integrated_national_portal``) may wrap after ``_``, ``-`` or ``:``
    in a narrow window instead of widening its table past the column."""
    t = present.table(pd.DataFrame({"report_id": ["an-giang-2023-q1:151"], "x": ["a_b"]}))
    page = t._repr_html_()
    assert "<code>an-<wbr>giang-<wbr>2023-<wbr>q1:<wbr>151</code>" in page
    assert "a_b" in page and "a_<wbr>b" not in page  # only identifiers, not text
