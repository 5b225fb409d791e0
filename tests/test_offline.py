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
    assert "clean_pages(rendered_pages())" in script


def test_the_theme_asks_no_font_server():
    """Cosmo imports its web font from a CDN unless $web-font-path is false: the book's theme
    file says so, and the project uses it after cosmo (later files override defaults)."""
    root = paths.project_root()
    theme = load_yaml(root / "_quarto.yml")["format"]["html"]["theme"]
    assert isinstance(theme, list) and theme[0] == "cosmo", theme
    scss = (root / theme[1]).read_text(encoding="utf-8")
    assert "/*-- scss:defaults --*/" in scss
    assert re.search(r"^\$web-font-path:\s*false;", scss, re.M)
