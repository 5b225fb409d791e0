"""The HTML book reads offline: no page loads a script from another site.

Quarto's Jupyter engine adds require.js and jQuery from a CDN to every page with an HTML cell
output (for notebook "widgets" that expect them). The book's charts load the Vega libraries
the book ships (:mod:`analysis.book.export`) and nothing uses require.js or jQuery, but a page
behind a firewall or on a file share still waits for those scripts and logs errors. The
project's post-render step (``book/post-render.py``) removes them from every rendered page.

A page opened from a file share (``file://``) also loads no JavaScript *module*: browsers
refuse modules from ``file:`` URLs, and Quarto (1.6 and later) loads its page script
``quarto.js`` (contents highlighting, sidebar, tabsets, reader mode) as a module that imports
``tabsets.js`` (quarto-dev/quarto-cli#11904). The post-render step writes both as one classic
script (:func:`classic_bundle`, ``quarto-classic.js`` beside them) and points every page at it
(:func:`use_classic_scripts`), so the page works the same from a server and from a folder.
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


#: Quarto's page script and the tabsets module it imports, as Quarto writes their elements.
MODULE_SCRIPT = re.compile(
    r'[ \t]*<script src="(?P<base>[^"]*?)site_libs/quarto-html/(?P<name>quarto|tabsets/tabsets)'
    r'\.js" type="module"></script>[ \t]*\n?'
)
#: The classic script written beside them (``site_libs/quarto-html/``).
CLASSIC_NAME = "quarto-classic.js"
_IMPORT = 'import * as tabsets from "./tabsets/tabsets.js";'
_EXPORT = "export function init("
_MODULE_WORDS = re.compile(r"^\s*(?:import|export)\b", re.M)


def classic_bundle(quarto_js: str, tabsets_js: str) -> str | None:
    """``quarto.js`` and the ``tabsets.js`` it imports as one classic script (strict, in its
    own scope, as a module is); None when the files are not the shape this expects (another
    Quarto version: the pages are then left as Quarto wrote them)."""
    if quarto_js.count(_IMPORT) != 1 or tabsets_js.count(_EXPORT) != 1:
        return None
    body = quarto_js.replace(_IMPORT, "", 1)
    tabsets = tabsets_js.replace(_EXPORT, "function init(", 1)
    if _MODULE_WORDS.search(body) or _MODULE_WORDS.search(tabsets):
        return None
    return (
        "/* Quarto's quarto.js with the tabsets.js it imports, as one classic script: pages\n"
        "   opened from a folder (file://) may not load modules. Written by the book's\n"
        "   post-render step (analysis.book.offline). */\n"
        '(function () {\n"use strict";\nconst tabsets = (function () {\n'
        f"{tabsets}\nreturn {{ init: init }};\n}})();\n{body}\n}})();\n"
    )


def use_classic_scripts(page: Path, written: dict[Path, bool] | None = None) -> bool:
    """Point ``page`` at the classic copy of Quarto's page script (written once per
    ``site_libs`` folder, tracked in ``written``); True when the page changed."""
    written = {} if written is None else written
    text = page.read_text(encoding="utf-8")
    found = MODULE_SCRIPT.search(text)
    if not found:
        return False
    libs = (page.parent / found.group("base") / "site_libs" / "quarto-html").resolve()
    if libs not in written:
        try:
            bundle = classic_bundle(
                (libs / "quarto.js").read_text(encoding="utf-8"),
                (libs / "tabsets" / "tabsets.js").read_text(encoding="utf-8"),
            )
        except OSError:
            bundle = None
        if bundle is not None:
            (libs / CLASSIC_NAME).write_text(bundle, encoding="utf-8")
        written[libs] = bundle is not None
    if not written[libs]:
        return False

    def swap(m: re.Match[str]) -> str:
        if m.group("name") != "quarto":
            return ""  # tabsets.js is inside the classic script
        return (
            f'<script src="{m.group("base")}site_libs/quarto-html/{CLASSIC_NAME}" defer></script>\n'
        )

    page.write_text(MODULE_SCRIPT.sub(swap, text), encoding="utf-8")
    return True


def clean_pages(pages: Iterable[Path]) -> int:
    """Strip remote scripts from each HTML page in ``pages`` and load Quarto's page script as
    a classic script (:func:`use_classic_scripts`); returns the pages changed."""
    changed = 0
    written: dict[Path, bool] = {}
    for page in pages:
        if page.suffix != ".html" or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        clean = strip_remote_scripts(text)
        if clean != text:
            page.write_text(clean, encoding="utf-8")
        if use_classic_scripts(page, written) or clean != text:
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
