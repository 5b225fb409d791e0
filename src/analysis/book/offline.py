"""The HTML book reads offline: no page loads a script from another site.

Quarto's Jupyter engine adds require.js and jQuery from a CDN to every page with an HTML cell
output (for notebook "widgets" that expect them). The book's charts load the Vega libraries
the book ships (:mod:`analysis.book.export`) and nothing uses require.js or jQuery, but a page
behind a firewall or on a file share still waits for those scripts and logs errors. The
project's post-render step (``book/post-render.py``) removes them from every rendered page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

#: A script element loaded from another site (``http:``, ``https:`` or protocol-relative).
REMOTE_SCRIPT = re.compile(
    r"""[ \t]*<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>[ \t]*\n?""",
    re.I,
)
#: Quarto's companion snippet, which names jQuery for require.js (an error without it).
REQUIRE_JQUERY = re.compile(
    r"""[ \t]*<script type="application/javascript">\s*define\('jquery',\s*\[\],\s*"""
    r"""function\(\)\s*\{\s*return window\.jQuery;\s*\}\)\s*</script>[ \t]*\n?"""
)


def strip_remote_scripts(html: str) -> str:
    """``html`` without the scripts it would fetch from other sites (and require.js's jQuery
    line); the rest of the page byte for byte."""
    return REQUIRE_JQUERY.sub("", REMOTE_SCRIPT.sub("", html))


def remote_scripts(html: str) -> list[str]:
    """The script elements of ``html`` that load from another site."""
    return [m.group(0).strip() for m in REMOTE_SCRIPT.finditer(html)]


def clean_pages(pages: Iterable[Path]) -> int:
    """Strip remote scripts from each HTML page in ``pages``; returns the pages changed."""
    changed = 0
    for page in pages:
        if page.suffix != ".html" or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        clean = strip_remote_scripts(text)
        if clean != text:
            page.write_text(clean, encoding="utf-8")
            changed += 1
    return changed


def rendered_pages(env: dict[str, str] | None = None) -> list[Path]:
    """The pages of this render, from what Quarto tells its post-render step: the output
    files (``QUARTO_PROJECT_OUTPUT_FILES``), else every page of the output folder."""
    env = dict(os.environ) if env is None else env
    files = [Path(f) for f in env.get("QUARTO_PROJECT_OUTPUT_FILES", "").splitlines() if f]
    out_dir = env.get("QUARTO_PROJECT_OUTPUT_DIR")
    if out_dir:
        base = Path(out_dir)
        pages = sorted(base.rglob("*.html")) if base.is_dir() else []
        return [*dict.fromkeys([*(p for p in files if p.suffix == ".html"), *pages])]
    return [p for p in files if p.suffix == ".html"]
