"""Titles Quarto's navigation leaves as ``{{< meta … >}}`` shortcodes, resolved after render."""

from __future__ import annotations

from pathlib import Path

from analysis.book import pages
from analysis.book_config import book_config

PAGE = (
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}"><body>'
    '<li class="breadcrumb-item"><a href="./index.html">{{{{&lt; meta preface-title &gt;}}}}</a>'
    '<a href="../book/assumptions.html" aria-label="{{{{< meta assumptions-title >}}}}">'
    "<span>{{{{&lt; meta no-such-key &gt;}}}}</span></body></html>"
)


def test_navigation_shows_each_editions_titles(tmp_path: Path):
    """The preface's and the assumptions page's breadcrumbs and page links read their titles
    in the page's edition (they read ``{{< meta preface-title >}}`` in both)."""
    for lang in ("en", "vi"):
        page = tmp_path / f"{lang}.html"
        page.write_text(PAGE.format(lang=lang), encoding="utf-8")
        assert pages.resolve_pages([page]) == 1
        text = page.read_text(encoding="utf-8")
        config = book_config(lang)
        assert f'index.html">{config["preface-title"]}</a>' in text
        assert f'aria-label="{config["assumptions-title"]}"' in text
        assert "meta preface-title" not in text and "meta assumptions-title" not in text
        assert "{{&lt; meta no-such-key &gt;}}" in text  # unknown: left for a reader to report
    assert "Lời nói đầu" in (tmp_path / "vi.html").read_text(encoding="utf-8")


def test_a_value_is_escaped_and_a_page_without_shortcodes_is_untouched(tmp_path: Path):
    assert pages.resolve_meta("<a>{{&lt; meta t &gt;}}</a>", {"t": '<b>"x"'}) == (
        "<a>&lt;b&gt;&quot;x&quot;</a>"
    )
    plain = tmp_path / "p.html"
    plain.write_text('<html lang="en"><body>x</body></html>', encoding="utf-8")
    assert pages.resolve_pages([plain]) == 0


def test_the_project_resolves_them_after_every_render():
    script = (Path(__file__).parents[1] / "book" / "post-render.py").read_text(encoding="utf-8")
    assert "resolve_pages(pages)" in script and "clean_pages(pages)" in script
