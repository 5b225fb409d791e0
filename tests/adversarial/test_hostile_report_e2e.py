"""End to end: a report whose every line carries text that breaks one target if it lands
unescaped — HTML, JSON inside a script tag, HTML attributes, Markdown, Quarto shortcodes,
Pandoc's typography and math, LaTeX, spreadsheet formulas — and whose title and issuer do the
same, is ingested into a copy of the built project, built, released, shown on its review
page, and the chapters that show quotes are executed in both editions. Every output is
checked: the executed chapters' HTML (with the JSON of their charts) and Markdown, the review
page, the published CSVs and JSON, the datapackage and the release.
"""

from __future__ import annotations

import base64
import csv
import html.parser
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from book_outputs import latex_cells  # tests/book_outputs.py
from conftest import analysis_root

from analysis import paths

REPO = paths.project_root()
ID = "an-giang-2025-02"
#: Each line: an attack before a figure the extractor reads (a quote runs from its sentence's
#: start to the figure), so the attack is part of the published quote.
LINES = {
    "html": "- <script>alert(1)</script></script><img src=x onerror=alert(2)> "
    "tỷ lệ hồ sơ trực tuyến đạt 80%.",
    "attribute": '- " onmouseover="alert(3)" data-x=\'y\' số hồ sơ tiếp nhận: 1.250 hồ sơ.',
    "markdown": "- **đậm** _nghiêng_ [x](javascript:alert(4)) ![ảnh](http://evil.example/x.png) "
    "| ô | bảng | tỷ lệ hồ sơ thanh toán trực tuyến đạt 25%.",
    "shortcode": "# {{< include /etc/passwd >}} {{< env HOME >}} "
    "số hồ sơ đã giải quyết là 900 hồ sơ.",
    "pandoc": "- H~2~O x^a^ -- --- $E$ [@key] tổng số hồ sơ trực tuyến là 800 hồ sơ.",
    "latex": "- \\input{/etc/passwd} & # _ {} \\textbf{x} \\\\ %comment "
    "tỷ lệ hồ sơ trực tuyến toàn trình đạt 30%.",
    "formula": '=HYPERLINK("http://evil.example","bấm") số hồ sơ tiếp nhận trực tuyến '
    "đạt 700 hồ sơ.",
    "formula_at": "@SUM(A1) tỷ lệ hồ sơ được số hoá đạt 55%.",
    "heading": "- ## Tiêu đề giả: tỷ lệ hồ sơ trực tuyến một phần đạt 40%.",
}
TEXT = (
    "BÁO CÁO\nKết quả chuyển đổi số tháng 02 năm 2025 ...\n\n1. Dịch vụ công trực tuyến\n"
    + "\n".join(LINES.values())
    + "\n"
)
TITLE = '+cmd <script>alert("t")</script> *Báo cáo* {{< meta title >}} \\input{x} ... "q"'
ISSUER = '-2+3 Sở <b onclick="alert(5)">Thông tin</b> [y](javascript:alert(6)) | # \\textbf{z}'
#: The chapters that show quotes, titles or issuers: sources, a theme chapter's charts and
#: tooltips (every figure above is an online-services indicator), the audit, the changes,
#: the statement-by-statement appendix.
CHAPTERS = (
    "00-sources",
    "02-online-services",
    "10-data-quality",
    "11-changes",
    "a1-appendices",
)
VI_CHAPTERS = ("vi/10-data-quality-vi", "vi/02-online-services-vi")


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory):
    """The built project with the hostile report ingested and built, a release of it, its
    review page, and the chapters executed on it (forked engine unless
    ANALYSIS_NOTEBOOK_ENGINE says otherwise)."""
    from analysis.book.notebooks import execute_many
    from analysis.ingest import ingest
    from analysis.pipeline import build
    from analysis.release import make_release
    from analysis.review_work import write_review_page

    tmp = tmp_path_factory.mktemp("hostile")
    root = tmp / "project"
    shutil.copytree(built["_root"] / "data", root / "data")
    for name in ("LICENSE-DATA.md", "CITATION.cff", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    report = tmp / "hostile.txt"
    report.write_text(TEXT, "utf-8")
    with analysis_root(root):
        row = ingest(report, province="An Giang", period="2025-02", issuer=ISSUER, title=TITLE)
        assert row["report_id"] == ID
        build(progress=False)
        release = make_release(tmp / "releases", "1.0")
        review = write_review_page(ID, str(tmp / "review.html"))
    notebooks = [REPO / "notebooks" / f"{c}.py" for c in (*CHAPTERS, *VI_CHAPTERS)]
    runs = list(
        execute_many(notebooks, tmp / "executed", env_for=lambda nb: {"ANALYSIS_ROOT": str(root)})
    )
    failed = [(r.path.name, r.error) for r in runs if r.error]
    assert not failed, failed
    executed = {
        r.path.stem: json.loads((tmp / "executed" / f"{r.path.stem}.ipynb").read_text("utf-8"))
        for r in runs
    }
    return {"root": root, "release": release.path, "review": review, "executed": executed}


def test_the_attacks_reach_the_published_quotes(hostile):
    """The test tests something: each attack is in a published quote, title or issuer."""
    from analysis.tables.published import read_table

    facts = read_table("facts", hostile["root"] / "data" / "processed")
    quotes = " ".join(facts.loc[facts["report_id"] == ID, "quote"].dropna())
    for needle in ("<script>alert(1)", 'onmouseover="', "[x](javascript:", "{{< include"):
        assert needle in quotes, needle
    shown = facts[(facts["report_id"] == ID) & facts["indicator"].notna()]
    assert len(shown) == len(LINES)  # every line is a classified figure (charts show it)
    for needle in ("H~2~O", "\\input{/etc/passwd}", '=HYPERLINK("', "@SUM(A1)"):
        assert needle in quotes, needle
    reports = read_table("reports", hostile["root"] / "data" / "processed")
    mine = reports[reports["report_id"] == ID].iloc[0]
    assert mine["title"] == TITLE and mine["issuer"] == ISSUER


# -- what must never appear ------------------------------------------------------------------


class _Tags(html.parser.HTMLParser):
    """Every tag and attribute of an HTML text, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            a, text = self.scripts[-1]
            self.scripts[-1] = (a, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def _html_problems(where: str, text: str) -> list[str]:
    """Markup a report could have injected into an HTML page."""
    p = _Tags()
    p.feed(text)
    p.close()
    out = []
    for tag, attrs in p.tags:
        if tag in ("img", "iframe", "object", "embed") and "evil" in " ".join(attrs.values()):
            out.append(f"{where}: <{tag}> from a report")
        if tag == "img" and attrs.get("src") == "x":
            out.append(f"{where}: <img src=x> from a report")
        for k, v in attrs.items():
            if k.startswith("on") or (k == "data-x"):
                out.append(f"{where}: attribute {k}={v!r} on <{tag}>")
            if k in ("href", "src") and v.strip().lower().startswith("javascript:"):
                out.append(f"{where}: {k}={v!r}")
    for attrs, body in p.scripts:
        if (
            re.search(r"alert\([1-6]\)|alert\(\"t\"\)", body)
            and attrs.get("type") != "application/json"
        ):
            out.append(f"{where}: a script runs report text: {body[:80]!r}")
        if attrs.get("type") == "application/json":
            try:
                json.loads(body)
            except ValueError as exc:  # cut short by a </script> inside it
                out.append(f"{where}: the JSON of a script tag does not parse ({exc})")
    return out


_RAW_HTML = re.compile(r"^```\{=html\}\n.*?^```$", re.S | re.M)
#: The PDF's filter for straight double quotes (the book's _quarto.yml, format pdf).
QUOTE_FILTER = REPO / "book" / "straight-quotes.lua"
#: A table's raw LaTeX block (the PDF's tables): Pandoc passes it to LaTeX as it is.
_RAW_LATEX = re.compile(r"^```+\{=latex\}\n.*?^```+$", re.S | re.M)
#: What the book's escaper writes (analysis.book.present.escape_latex) and its own commands.
_LATEX_OWN = re.compile(
    r"\\text(?:backslash|asciicircum|asciitilde|less|greater|quotesingle|asciigrave|quotedbl)\{\}"
    r"|\\[{}$&#_%]|\{[\[\]]\}|[-,]\{\}|\\texttt\{(?:[^{}]|\{\})*\}|\\url\{[^{}]*\}"
)


def _latex_problems(where: str, text: str) -> list[str]:
    """What LaTeX would read as markup in report text (the raw LaTeX tables): a cell, once
    the book's own escapes are taken out, holds no command, group, math, alignment, comment,
    superscript, subscript, tie or ligature."""
    out = []
    for block in _RAW_LATEX.findall(text):
        body = block.split("\\endlastfoot\n", 1)[-1].rsplit("\n\\end{longtable}", 1)[0]
        columns = block.count("\\real{")
        for row in body.splitlines():
            cells = row.removesuffix(" \\\\").split(" & ")
            if len(cells) != columns:
                out.append(
                    f"{where} (LaTeX table): an & from report text splits a cell: {row[:80]}"
                )
            for cell in cells:
                bare = _LATEX_OWN.sub("", cell)
                for pattern, what in (
                    (r"\\", "a LaTeX command"),
                    (r"[{}]", "a group"),
                    (r'[$&#%^_~"]', "a special character"),
                    (r"--|,,|''|``|!`|\?`", "a TeX ligature"),
                ):
                    if re.search(pattern, bare):
                        out.append(f"{where} (LaTeX table): {what} from report text: {cell[:80]}")
    return out


def _markdown_problems(where: str, text: str) -> list[str]:
    """What Pandoc or Quarto would read as markup in report text (a Markdown output). Raw
    HTML blocks (a chart's element and its JSON) pass through Pandoc as they are: the HTML
    checks read them, in the page Pandoc makes (:func:`_pandoc_problems`); raw LaTeX tables
    reach LaTeX as they are: :func:`_latex_problems` reads them."""
    text = _RAW_LATEX.sub("", _RAW_HTML.sub("", text))
    out = []
    for pattern, what in (
        (r"(?<!\\)\{\{<", "a Quarto shortcode"),
        (r"(?<!\\)\[x\]\(javascript", "a javascript: link"),
        (r"(?<!\\)!\[ảnh\]", "an image"),
        (r"(?<![\\])\\input\{", "a raw LaTeX command"),
        (r"(?<![\\])\\textbf\{", "a raw LaTeX command"),
        (r"(?<!\\)\$E(?<!\\)\$", "TeX math"),
        (r"(?<!\\)~2(?<!\\)~", "a subscript"),
        (r"(?<!\\)\^a(?<!\\)\^", "a superscript"),
        (r"<script>alert", "a script tag"),
        (r"(?<!\\)<b onclick", "an HTML tag"),
        (r"(?<!\\)\*\*đậm", "strong emphasis"),
        (r"(?<!\\)_nghiêng(?<!\\)_", "emphasis"),
        (r"(?m)^#\s*(?:\\?\{)", "a heading from a report line"),
        (r"(?m)^(?:>\s*)?#+ Tiêu đề giả", "a heading from a report line"),
        (r"(?<!\\)\| ô (?<!\\)\|", "a '|' that splits a table cell"),
    ):
        if re.search(pattern, text):
            out.append(f"{where}: {what} reaches Markdown unescaped")
    return out


def _pandoc_problems(where: str, markdown: str) -> list[str]:
    """The Markdown outputs of a chapter as Pandoc renders them to HTML (the web book) and
    to LaTeX (the PDF): report text must come out as the very characters it holds."""
    import pypandoc

    out = []
    page = pypandoc.convert_text(markdown, "html", format="markdown")
    out += _html_problems(f"{where} (Pandoc HTML)", page)
    for pattern, what in (
        (r"<sup>a</sup>|<sub>2</sub>", "a superscript or subscript"),
        (r'class="math', "TeX math"),
        (r'<a href="javascript', "a javascript: link"),
        (r'<img src="http://evil', "an image"),
        (r"<strong>đậm|<em>nghiêng", "emphasis"),
        (r"<h\d[^>]*>\s*(?:\{\{|Tiêu đề giả)", "a heading"),
    ):
        if re.search(pattern, page):
            out.append(f"{where} (Pandoc HTML): {what} from report text")
    # (tables show a quote without conversion remnants: "$E$" may read "E")
    if "H\\~2\\~O" in markdown and "H~2~O x^a^ -- ---" not in _text_of(page):
        out.append(f"{where} (Pandoc HTML): Pandoc's typography changed report text")
    if "ô \\| bảng" in markdown and "| ô | bảng |" not in _text_of(page):
        out.append(f"{where} (Pandoc HTML): a '|' in report text split a table cell")
    # as the PDF gets it: with the book's filter (a straight quote as \textquotedbl)
    tex = pypandoc.convert_text(
        markdown, "latex", format="markdown", extra_args=["--lua-filter", str(QUOTE_FILTER)]
    )
    prose = re.sub(r"\\texttt\{[^}]*\}", "", tex)
    if '"' in prose:
        out.append(f'{where} (Pandoc LaTeX): a bare " (the fonts print a closing quote)')
    for pattern, what in (
        (r"\\input\{", "\\input"),
        (r"\\textbf\{[xz]\}", "\\textbf from report text"),
        (r"(?<!\\)%comment", "an unescaped % (the rest of the line is a LaTeX comment)"),
    ):
        if re.search(pattern, tex):
            out.append(f"{where} (Pandoc LaTeX): {what}")
    return out


def _text_of(page: str) -> str:
    """The text a browser shows of an HTML fragment (entities decoded, tags dropped)."""
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", page))


def _cells_problems(where: str, text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula."""
    out = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell):
                out.append(f"{where}: cell {cell[:60]!r} starts a formula")
    return out


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _outputs(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


def test_executed_chapters_show_report_text_only_as_text(hostile):
    problems = []
    seen_hostile = seen_latex = 0
    for stem, nb in hostile["executed"].items():
        markdown = "\n\n".join(
            "".join(o["data"]["text/markdown"])
            for o in _outputs(nb)
            if "text/markdown" in o.get("data", {})
        )
        problems += _pandoc_problems(stem, markdown)
        for i, out in enumerate(_outputs(nb)):
            data = out.get("data", {})
            where = f"{stem} output {i}"
            for kind in ("text/html",):
                if kind in data:
                    text = "".join(data[kind])
                    problems += _html_problems(where, text)
                    seen_hostile += "alert(1)" in text or "HYPERLINK" in text
                    for href in re.findall(r'href="data:text/csv[^"]*base64,([^"]+)"', text):
                        problems += _cells_problems(
                            f"{where} download", base64.b64decode(href).decode("utf-8")
                        )
            if "text/markdown" in data:
                text = "".join(data["text/markdown"])
                problems += _markdown_problems(where, text) + _latex_problems(where, text)
                seen_hostile += "alert" in text or "HYPERLINK" in text
                printed = " ".join(latex_cells(text))
                seen_latex += "H~2~O x^a^ -- ---" in printed and "\\input{/etc/passwd} &" in printed
            if out.get("output_type") == "stream":
                problems += _markdown_problems(where, "".join(out.get("text", "")))
    assert seen_hostile, "no chapter showed the hostile report: the test checks nothing"
    assert seen_latex, "no PDF table printed the hostile quotes as written"
    assert not problems, "\n".join(problems[:40])


def test_charts_cite_the_hostile_issuer_as_text(hostile):
    """The charts' source notes and tooltips name reports by citation (issuer, title, date):
    the hostile issuer is in the charts' JSON, which the HTML checks parse. (A book figure's
    chart carries its source note as its only title lines, under the plot: its caption is the
    title; export.as_figure.)"""
    spec = re.compile(r'<script type="application/json" id="vis-[^"]+-spec">(.*?)</script>', re.S)
    for stem in ("02-online-services", "02-online-services-vi"):
        found = [
            json.loads(text)
            for out in _outputs(hostile["executed"][stem])
            for text in spec.findall("".join(out.get("data", {}).get("text/markdown", "")))
        ]
        subtitles = [line for s in found for line in s.get("title", {}).get("text", [])]
        assert any('onclick="alert(5)"' in line for line in subtitles), stem
        reports = {r.get("report") for s in found for rows in s["datasets"].values() for r in rows}
        assert any(r and r.startswith("-2+3 Sở <b onclick") for r in reports), stem


def test_the_review_page_shows_report_text_only_as_text(hostile):
    text = Path(hostile["review"]).read_text("utf-8")
    assert "alert(1)" in text  # the line is on the page, as text
    assert not _html_problems("review page", text)


def test_published_csvs_json_and_datapackage_are_safe(hostile):
    processed = hostile["root"] / "data" / "processed"
    problems = []
    for csv_file in sorted(processed.glob("*.csv")):
        problems += _cells_problems(csv_file.name, csv_file.read_text("utf-8"))
    desc = json.loads((processed / "datapackage.json").read_text("utf-8"))  # valid JSON
    assert any(s["title"].endswith(TITLE) for s in desc["sources"])  # as written
    with zipfile.ZipFile(hostile["release"]) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if name.endswith(".csv"):
                problems += _cells_problems(f"release {name}", data.decode("utf-8"))
            elif name.endswith(".json"):
                desc = json.loads(data)
                mine = next(s for s in desc["sources"] if s["report_id"] == ID)
                assert (mine["title"], mine["issuer"]) == (TITLE, ISSUER)  # as written
            elif name.endswith("README.md"):
                problems += _markdown_problems(f"release {name}", data.decode("utf-8"))
    assert not problems, "\n".join(problems[:40])


# -- the checks themselves: each finds what it looks for ---------------------------------


def test_the_checks_find_each_leak_they_look_for():
    assert _html_problems("x", "<p><script>alert(1)</script></p>")
    assert _html_problems("x", '<img src=x onerror=alert(2)><a href="javascript:alert(4)">')
    assert _html_problems("x", '<td " onmouseover="alert(3)">')
    spec = '<script type="application/json">{"quote": "</script><b>"}</script>'
    assert _html_problems("x", spec)  # JSON cut short by </script>
    assert not _html_problems("x", '<script type="application/json">{"q": "\\u003c"}</script>')
    assert _markdown_problems("x", "{{< include /etc/passwd >}}")
    assert not _markdown_problems("x", "\\{\\{\\< include \\/etc\\/passwd \\>\\}\\}")
    for raw in (
        "[x](javascript:alert(4))",
        "![ảnh](http://evil.example/x.png)",
        "H~2~O x^a^ -- ---",
        "**đậm**",
        "$E$",
        "<script>alert(1)</script>",
    ):
        assert _pandoc_problems("x", raw) or _markdown_problems("x", raw), raw
    assert _pandoc_problems("x", "\\input{/etc/passwd} %comment")
    assert not _pandoc_problems("x", "\\\\input\\{x\\} \\%comment")
    assert _markdown_problems("x", "| a | **đậm** | ô | bảng |")
    assert not _markdown_problems("x", "| a | đậm\\*\\* \\| ô \\| bảng \\| |")
    assert _markdown_problems("x", "> ## Tiêu đề giả: 40%")
    from analysis.book import present

    table = (
        "```{=latex}\n\\begin{longtable}[]{@{}\n  p{\\real{1.0000}}@{}}\n\\endlastfoot\n"
        "%s \\\\\n\\end{longtable}\n```"
    )
    for raw in ("\\input{x}", "a & b", "$E$", "x^a^", "-- ---", "%c", "{}", "''q''", '"q"'):
        assert _latex_problems("x", table % raw), raw
        assert not _latex_problems("x", table % present.escape_latex(raw)), raw
    assert _cells_problems("x", 'a,=HYPERLINK("http://evil")\n') and _cells_problems("x", "@SUM(1)")
    assert not _cells_problems("x", "-1.5,'=HYPERLINK(x)\n")
