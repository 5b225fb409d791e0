"""The HTML book reads offline: Quarto's CDN scripts are taken out after a render."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths
from analysis.book import offline
from analysis.safe_yaml import load_yaml

# The three lines Quarto 1.7's Jupyter engine writes into the <head> of a page with an HTML
# cell output (integrity hashes shortened), between the page's own local scripts.
QUARTO_HEAD = """<head>
<script src="../site_libs/quarto-nav/quarto-nav.js"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/jquery/3.5.1/jquery.min.js" integrity="sha512-bLT0" crossorigin="anonymous" data-relocate-top="true"></script>
<link href="../site_libs/bootstrap/bootstrap.min.css" rel="stylesheet">
<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js" integrity="sha512-c3Nl" crossorigin="anonymous"></script>
<script type="application/javascript">define('jquery', [],function() {return window.jQuery;})</script>
<script src='//cdn.example.org/x.js'></script>
</head>
<body><p>A quote naming https://example.org/report.pdf stays.</p>
<script>var s = document.createElement("script"); s.src = "../book/vendor/vega-bundle.js";</script>
</body>
"""


def test_remote_scripts_are_removed_and_the_rest_kept():
    assert len(offline.remote_scripts(QUARTO_HEAD)) == 3
    clean = offline.strip_remote_scripts(QUARTO_HEAD)
    assert offline.remote_scripts(clean) == []
    assert "define('jquery'" not in clean and "cdnjs" not in clean
    for kept in (
        '<script src="../site_libs/quarto-nav/quarto-nav.js"></script>',
        '<link href="../site_libs/bootstrap/bootstrap.min.css" rel="stylesheet">',
        "https://example.org/report.pdf stays",
        "../book/vendor/vega-bundle.js",
    ):
        assert kept in clean
    assert offline.strip_remote_scripts(clean) == clean  # idempotent


def test_pages_of_a_render_are_cleaned(tmp_path: Path):
    out = tmp_path / "_book" / "en"
    (out / "notebooks").mkdir(parents=True)
    page = out / "notebooks" / "04-infrastructure.html"
    page.write_text(QUARTO_HEAD, encoding="utf-8")
    (out / "search.json").write_text('{"https://x": 1}', encoding="utf-8")
    env = {"QUARTO_PROJECT_OUTPUT_DIR": str(out), "QUARTO_PROJECT_OUTPUT_FILES": str(page)}
    pages = offline.rendered_pages(env)
    assert pages == [page]
    assert offline.clean_pages(pages) == 1
    assert offline.remote_scripts(page.read_text(encoding="utf-8")) == []
    assert offline.clean_pages(pages) == 0
    assert (out / "search.json").read_text(encoding="utf-8") == '{"https://x": 1}'


def test_the_project_runs_the_cleaning_after_every_render():
    root = paths.project_root()
    config = load_yaml(root / "_quarto.yml")
    step = config["project"]["post-render"]
    script = (root / step).read_text(encoding="utf-8")
    assert "pages = rendered_pages()" in script and "clean_pages(pages)" in script


def test_the_theme_asks_no_font_server():
    """Cosmo imports its web font from a CDN unless $web-font-path is false: the book's theme
    file says so, and the project uses it after cosmo (later files override defaults)."""
    root = paths.project_root()
    theme = load_yaml(root / "_quarto.yml")["format"]["html"]["theme"]
    assert isinstance(theme, list) and theme[0] == "cosmo", theme
    scss = (root / theme[1]).read_text(encoding="utf-8")
    assert "/*-- scss:defaults --*/" in scss
    assert re.search(r"^\$web-font-path:\s*false;", scss, re.M)


_QUARTO_JS = (
    'import * as tabsets from "./tabsets/tabsets.js";\n'
    'window.document.addEventListener("DOMContentLoaded", function () {});\n'
    "tabsets.init();\nfunction throttle(f) { return f; }\n"
)
_TABSETS_JS = "// grouped tabsets\n\nexport function init() {\n  return 1;\n}\n"
_HEAD = (
    '<script src="../site_libs/quarto-nav/quarto-nav.js"></script>\n'
    '<script src="../site_libs/quarto-html/quarto.js" type="module"></script>\n'
    '<script src="../site_libs/quarto-html/tabsets/tabsets.js" type="module"></script>\n'
    '<script src="../site_libs/quarto-html/popper.min.js"></script>\n'
)


def _site(tmp_path: Path, quarto_js: str = _QUARTO_JS) -> Path:
    libs = tmp_path / "site_libs" / "quarto-html"
    (libs / "tabsets").mkdir(parents=True)
    (libs / "quarto.js").write_text(quarto_js, encoding="utf-8")
    (libs / "tabsets" / "tabsets.js").write_text(_TABSETS_JS, encoding="utf-8")
    page = tmp_path / "notebooks" / "01-summary.html"
    page.parent.mkdir()
    page.write_text(f"<html><head>\n{_HEAD}</head><body>x</body></html>\n", encoding="utf-8")
    return page


def test_a_page_opened_from_a_folder_loads_no_module(tmp_path: Path):
    """Browsers load no JavaScript module from a file:// page (Quarto's quarto.js is one,
    importing tabsets.js): the page gets both as one classic script, deferred as a module is,
    and nothing else of the page changes."""
    page = _site(tmp_path)
    assert offline.clean_pages([page]) == 1
    text = page.read_text(encoding="utf-8")
    assert 'type="module"' not in text and "tabsets.js" not in text
    assert '<script src="../site_libs/quarto-html/quarto-classic.js" defer></script>\n' in text
    head = _HEAD.splitlines(keepends=True)
    classic = '<script src="../site_libs/quarto-html/quarto-classic.js" defer></script>\n'
    assert text == f"<html><head>\n{head[0]}{classic}{head[3]}</head><body>x</body></html>\n"
    bundle = (tmp_path / "site_libs" / "quarto-html" / offline.CLASSIC_NAME).read_text()
    assert not re.search(r"^\s*(import|export)\b", bundle, re.M)  # a classic script
    assert "function init(" in bundle and "return { init: init };" in bundle
    assert "tabsets.init();" in bundle and bundle.rstrip().endswith("})();")
    assert offline.clean_pages([page]) == 0  # once is enough


def test_an_unexpected_quarto_script_is_left_as_quarto_wrote_it(tmp_path: Path):
    """Another Quarto version's quarto.js (more imports): the page keeps its modules rather
    than get a script that would not run."""
    page = _site(tmp_path, _QUARTO_JS + 'import { x } from "./other.js";\n')
    before = page.read_text(encoding="utf-8")
    assert offline.clean_pages([page]) == 0 and page.read_text(encoding="utf-8") == before
    assert not (tmp_path / "site_libs" / "quarto-html" / offline.CLASSIC_NAME).exists()
