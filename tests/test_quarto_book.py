"""The book as Quarto renders it (``make book``): HTML and PDF, online and offline.

Needs Quarto on PATH (and XeLaTeX for the PDF); skipped otherwise. Slow: two full renders.
"""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from analysis import paths

ROOT = paths.project_root()
BOOK = ROOT / "_book" / "en"  # the English edition; the Vietnamese one is _book/vi
BOOK_VI = ROOT / "_book" / "vi"
pytestmark = [
    pytest.mark.quarto,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto is not on PATH"),
]


def _make_book() -> tuple[str, float]:
    t0 = time.perf_counter()
    run = subprocess.run(
        ["make", "book"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run.stdout + run.stderr, time.perf_counter() - t0


@pytest.fixture(scope="module")
def rendered():
    first, _ = _make_book()
    second, seconds = _make_book()
    return first, second, seconds


def test_make_book_renders_both_formats_quietly(rendered):
    first, _, _ = rendered
    assert (BOOK / "index.html").is_file()
    assert list(BOOK.glob("*.pdf")), "make book must leave the PDF beside the HTML"
    assert (BOOK_VI / "index.html").is_file() and list(BOOK_VI.glob("*.pdf")), "no vi edition"
    assert (BOOK.parent / "index.html").is_file()  # the landing page
    vi_index = (BOOK_VI / "index.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in vi_index and "Lời nói đầu" in vi_index and "../en/index.html" in vi_index
    for noise in ("without encryption", "repo-url", "No module named"):
        assert noise not in first


def test_a_second_render_reexecutes_nothing_and_leaves_the_tree_clean(rendered):
    _, second, _ = rendered
    assert "Executing '" not in second
    if (ROOT / ".git").exists():
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        assert status == "", status


def test_html_reads_offline_with_one_element_per_chart(rendered):
    assert (BOOK / "book" / "vendor" / "vega-bundle.js").is_file()
    charts = 0
    for page in BOOK.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*\bsrc=[\"']?(?:https?:)?//", text), page
        ids = re.findall(r'<div id="(vis-[^"]+)" class="book-chart"', text)
        assert len(ids) == len(set(ids)), page
        charts += len(ids)
        for src in re.findall(r'script\.src = "([^"]+)"', text):
            assert (page.parent / src).resolve().is_file(), (page, src)
    assert charts > 0
    for css in BOOK.rglob("*.css"):  # no web font or other stylesheet from a CDN
        assert not re.search(r"@import\s+url\((?:[\"']?)(?:https?:)?//", css.read_text("utf-8")), (
            css
        )


@pytest.mark.parametrize("book", [BOOK, BOOK_VI], ids=["en", "vi"])
def test_html_opened_from_a_folder_loads_no_module(rendered, book):
    """A browser loads no JavaScript module from a file:// page: Quarto's page script reaches
    every page as the classic script the post-render step writes (analysis.book.offline)."""
    classic = book / "site_libs" / "quarto-html" / "quarto-classic.js"
    assert classic.is_file() and "tabsets" in classic.read_text(encoding="utf-8")
    for page in book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'type="module"' not in text, page
        for src in re.findall(r'<script src="([^"]*quarto-classic\.js)"', text):
            assert (page.parent / src).resolve() == classic.resolve(), (page, src)


@pytest.mark.parametrize("book", [BOOK, BOOK_VI], ids=["en", "vi"])
def test_html_navigation_shows_titles_not_shortcodes(rendered, book):
    """Breadcrumbs and previous/next links of the preface and the assumptions page read the
    edition's titles (Quarto left ``{{< meta preface-title >}}`` there)."""
    for page in book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\{\{(?:<|&lt;)\s*meta\b", text), page


@pytest.mark.parametrize("book", [BOOK, BOOK_VI], ids=["en", "vi"])
def test_html_figures_say_their_title_once_and_sources_cite_reports(rendered, book):
    """A figure's caption is its title: its chart carries no title of its own (the two said
    the same words); the Sources chapter names reports in words, never by their ids."""
    figures = 0
    for page in book.rglob("notebooks/**/*.html"):
        text = page.read_text(encoding="utf-8")
        for spec in re.findall(
            r'<script type="application/json" id="vis-[^"]+-spec">(.*?)</script>', text, re.S
        ):
            title = json.loads(spec).get("title") or {}
            assert "subtitle" not in title and title.get("orient", "bottom") == "bottom", page
            figures += 1
        captions = [
            html_lib.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", text, re.S)
        ]
        assert len(captions) == len(set(captions)), page
    assert figures > 10
    sources = next(book.rglob("notebooks/**/00-sources*.html")).read_text(encoding="utf-8")
    with (ROOT / "data" / "processed" / "reports.csv").open(encoding="utf-8") as fh:
        ids = {row["report_id"] for row in csv.DictReader(fh)}
    tables = re.findall(r"<table.*?</table>", sources, re.S)
    assert ids and tables and not [t for t in tables if "<code>" in t]
    assert not [i for i in ids if any(i in t for t in tables)]


def _pdf_text(book: Path = BOOK, mode: str = "-layout") -> str:
    """The text of an edition's PDF as ``pdftotext`` gives it (``-bbox``: word boxes as HTML)."""
    pdf = next(book.glob("*.pdf"))
    return subprocess.run(
        ["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_has_one_caption_per_table_and_a_readable_toc(rendered):
    text = _pdf_text()
    for page in text.split("\f"):  # a long table repeats its caption on each page it spans
        captions = re.findall(r"^\s*Table ([A-Z0-9]+\.\d+):", page, re.M)
        assert len(captions) == len(set(captions)), captions
    assert not re.search(r"^\s*\d+(?:\.\d+)?[A-Z][a-z]", text, re.M)  # "10Targets"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_toc_page_numbers_are_the_pages_of_their_headings(rendered):
    """Each numbered entry of the table of contents (chapters and sections) names the printed
    page its heading is on."""
    pages = _pdf_text().split("\f")
    printed = [
        ([ln.strip() for ln in p.strip().splitlines() if ln.strip()] or [""])[-1] for p in pages
    ]
    entry = re.compile(r"^\s*((?:\d+|[A-Z])(?:\.\d+)?)\s+(\S.*?)\s*(?:\.\s*)*\s(\d+)\s*$", re.M)
    # pages[1:6]: the contents (the title page's date is no entry); parts (I, II) are set apart
    entries = [
        m.groups()
        for p in pages[1:6]
        for m in entry.finditer(p)
        if not re.fullmatch(r"[IVX]+", m.group(1))
    ]
    assert len(entries) > 30
    wrong = []
    for number, title, page in entries:
        on = [pages[i] for i, label in enumerate(printed) if label == page]
        heading = re.compile(r"^\s*" + re.escape(number) + r"\s+" + re.escape(title[:20]), re.M)
        if not any(heading.search(p) for p in on):
            wrong.append((number, title, page))
    assert wrong == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_vietnamese_pdf_names_its_parts_in_vietnamese(rendered):
    text = _pdf_text(BOOK_VI)
    assert re.search(r"^\s*Phần II\s*$", text, re.M) and not re.search(r"^\s*Part I", text, re.M)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("book", [BOOK, BOOK_VI], ids=["en", "vi"])
def test_pdf_text_stays_inside_the_text_block(rendered, book):
    """Every word's box lies inside the text block (22 mm margins, _quarto.yml; 4 pt for the
    glyphs' side bearings): tables and figures are designed for print."""
    html = _pdf_text(book, mode="-bbox")
    margin, slack = 22 / 25.4 * 72, 4.0
    over = []
    for n, page in enumerate(re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S)):
        width = float(page.group(1))
        for x_min, x_max, word in re.findall(
            r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<', page.group(2)
        ):
            if float(x_min) < margin - slack or float(x_max) > width - margin + slack:
                over.append((n + 1, word))
    assert over == []


def test_rerender_with_nothing_changed_is_quick(rendered):
    _, _, seconds = rendered
    assert seconds < 60, f"re-render took {seconds:.0f} s"


def test_pdf_prints_a_report_s_straight_quotes_as_written(tmp_path):
    """A real XeLaTeX run with the book's fonts: an escaped seed-like quote in prose and in a
    heading prints ``"``, not the ligature ``”`` (book/straight-quotes.lua)."""
    page = tmp_path / "q.qmd"
    page.write_text(
        "---\ntitle: Quotes\nformat:\n  pdf:\n    pdf-engine: xelatex\n"
        '    mainfont: "DejaVu Serif"\n    sansfont: "DejaVu Sans"\n'
        f"    filters: [{ROOT / 'book' / 'straight-quotes.lua'}]\n---\n\n"
        '# A \\"heading\\"\n\nTổ chức \\"Chuỗi sự kiện CDS\\", 5\\" và \\"mở.\n',
        encoding="utf-8",
    )
    subprocess.run(["quarto", "render", page.name, "--to", "pdf"], cwd=tmp_path, check=True)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "q.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'A "heading"' in text and 'Tổ chức "Chuỗi sự kiện CDS", 5" và "mở.' in text
    assert "”" not in text
