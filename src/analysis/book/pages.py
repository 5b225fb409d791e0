"""What Quarto leaves unresolved in the rendered pages, resolved by the post-render step.

The preface and the assumptions page take their heading from the edition's profile
(``# {{< meta preface-title >}}``: one source, two languages). Quarto resolves the shortcode
in the page, but builds the navigation from the heading's source text: the breadcrumbs and the
previous/next links (their text and ``aria-label``) read ``{{< meta preface-title >}}``.
:func:`resolve_meta` puts the edition's value in its place (the edition is the page's
``lang``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

#: A ``meta`` shortcode as the page holds it: as written (in an attribute) or HTML-escaped.
META = re.compile(r"\{\{(?:<|&lt;)\s*meta\s+(?P<key>[A-Za-z0-9_.-]+)\s*(?:>|&gt;)\}\}")
_LANG = re.compile(r"<html\b[^>]*\blang=\"(?P<lang>[a-z]{2})")


def resolve_meta(page: str, meta: Mapping[str, object]) -> str:
    """``page`` with each ``meta`` shortcode Quarto left replaced by its value (HTML-escaped);
    a key the metadata lacks stays as it is."""

    def value(m: re.Match[str]) -> str:
        found = meta.get(m.group("key"))
        return html.escape(str(found), quote=True) if isinstance(found, str | int) else m.group(0)

    return META.sub(value, page)


def edition_of(page: str) -> str | None:
    """The edition a rendered page belongs to: its ``<html lang>``."""
    m = _LANG.search(page)
    return m.group("lang") if m else None


def resolve_pages(pages: Iterable[Path]) -> int:
    """Resolve the leftover ``meta`` shortcodes of each page with its edition's configuration
    (:func:`analysis.book_config.book_config`); returns the pages changed."""
    from ..book_config import EDITIONS, book_config

    changed = 0
    configs: dict[str, dict] = {}
    for page in pages:
        if page.suffix != ".html" or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        if not META.search(text):
            continue
        lang = edition_of(text)
        if lang not in EDITIONS:
            continue
        meta = configs.setdefault(lang, book_config(lang))
        fixed = resolve_meta(text, meta)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
