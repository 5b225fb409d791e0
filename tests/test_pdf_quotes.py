"""A report's straight double quote prints as written in the PDF (book/straight-quotes.lua).

Report text reaches the chapters' Markdown escaped (``\\"``, analysis.book.present.escape_md);
Pandoc writes that to LaTeX as a bare ``"``, which the fonts' TeX ligatures print as a closing
quote (”). The book's PDF filter writes ``\\textquotedbl{}`` instead; the HTML is untouched.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths
from analysis.book import present, staging
from analysis.book_config import EDITIONS, book_config

FILTER = paths.project_root() / "book" / "straight-quotes.lua"
HOSTILE = 'Sở "TT&TT" nói: 5" màn hình, "" rỗng, "mở mà không đóng, và "`code`" đạt 80%.'


def _seed_quote() -> str:
    """A seed report's quote with straight double quotes (An Giang 2023-Q1: a plan's name)."""
    facts = pd.read_csv(paths.published_dir() / "facts.csv", dtype=str)
    quotes = [q for q in facts["quote"].dropna() if '"' in q]
    assert quotes, "no seed quote holds a straight double quote: this test checks nothing"
    return quotes[0]


def _latex(markdown: str, *, with_filter: bool = True) -> str:
    import pypandoc

    extra = ["--lua-filter", str(FILTER)] if with_filter else []
    return pypandoc.convert_text(markdown, "latex", format="markdown", extra_args=extra)


def _bare_quotes(tex: str) -> list[str]:
    """Bare ``"`` outside code (a monospaced font has no quote ligature)."""
    prose = re.sub(r"\\texttt\{[^}]*\}", "", tex)
    return [prose[max(0, m.start() - 20) : m.end() + 20] for m in re.finditer('"', prose)]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_of_each_edition_runs_the_quote_filter(edition):
    for config in (book_config(edition), staging.stage_config(edition)):
        filters = config["format"]["pdf"].get("filters") or []
        assert "book/straight-quotes.lua" in filters, edition
        assert "filters" not in config["format"]["html"], "the HTML needs no filter"
    assert FILTER.is_file()


@pytest.mark.parametrize("kind", ["seed", "hostile"])
def test_report_quotes_in_prose_reach_latex_as_the_quote_character(kind):
    quote = _seed_quote() if kind == "seed" else HOSTILE
    markdown = (
        f"The report says: {present.escape_md(quote)}\n\n# Heading {present.escape_md(quote)}\n"
    )
    assert _bare_quotes(_latex(markdown, with_filter=False)), "Pandoc changed: no bare quote"
    tex = _latex(markdown)
    assert _bare_quotes(tex) == []
    # every quote of the prose and of the heading
    assert tex.count("\\textquotedbl{}") == 2 * quote.count('"')
    assert "”" not in tex and "''" not in tex


def test_quotes_the_book_pairs_itself_keep_their_typographic_marks():
    tex = _latex('A "named" plan and a *"quoted title"*.\n')
    assert "``named''" in tex and "\\textquotedbl" not in tex


def test_the_html_is_untouched():
    import pypandoc

    markdown = present.escape_md(HOSTILE)
    plain = pypandoc.convert_text(markdown, "html", format="markdown")
    filtered = pypandoc.convert_text(
        markdown, "html", format="markdown", extra_args=["--lua-filter", str(FILTER)]
    )
    assert filtered == plain and "textquotedbl" not in filtered
