"""The book's own words, one file per edition: ``prose/en.yaml`` and ``prose/vi.yaml``.

Every sentence, label and table note a library function of :mod:`analysis.book` writes for a
reader is looked up here by key, in the book's current language (:func:`analysis.formats.use`,
set by ``style.enable(lang=...)``), so a chapter's code is the same in both editions and only
its words differ. Both files have the same keys (a test keeps them in step). A text is a
``str.format`` template; an entry with ``one``/``other`` picks its form by ``n`` (English
plurals; Vietnamese needs one form). Numbers are formatted by the caller with
:mod:`analysis.formats`, never here. The words of coded values (audit checks, coverage items,
scopes…) are the project vocabulary's in English (:mod:`analysis.vocabulary`) and
``labels.<kind>`` in ``prose/vi.yaml`` (:func:`code_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .. import formats
from ..safe_yaml import load_yaml

PROSE_DIR = Path(__file__).with_name("prose")


@cache
def table(lang: str) -> dict[str, Any]:
    """Every entry of one edition's words file (nested mappings as in the file)."""
    data = load_yaml(PROSE_DIR / f"{formats.check_language(lang)}.yaml")
    if not isinstance(data, dict):
        raise ValueError(f"{PROSE_DIR / (lang + '.yaml')}: expected a mapping of keys")
    return data


def entry(key: str, lang: str | None = None) -> Any:
    """The raw entry of a dotted ``key`` (``"theme.intro.counts"``) in ``lang``'s file."""
    node: Any = table(formats.language(lang))
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no words for {key!r} in prose/{formats.language(lang)}.yaml")
        node = node[part]
    return node


def t(key: str, n: int | None = None, /, *, lang: str | None = None, **values: object) -> str:
    """The text of ``key`` in the current language, filled with ``values``; ``n`` picks the
    plural form (``zero``, ``one`` or ``other``) and fills ``{n}`` (formatted the edition's
    way, 1.234 / 1,234)."""
    text = entry(key, lang)
    if isinstance(text, dict) and "other" in text:
        form = {0: "zero", 1: "one"}.get(n, "other") if n is not None else "other"
        text = text[form] if form in text else text["other"]
    if not isinstance(text, str):
        raise TypeError(f"prose key {key!r} is not a text")
    fill: dict[str, object] = {} if n is None else {"n": formats.number(n, lang=lang)}
    fill.update(values)
    return text.format(**fill) if fill else text


def labels(key: str, lang: str | None = None) -> dict[str, str]:
    """A mapping of codes to words (``"labels.check"``), in the current language."""
    node = entry(key, lang)
    if not isinstance(node, dict):
        raise TypeError(f"prose key {key!r} is not a mapping")
    return {str(k): str(v) for k, v in node.items()}


def code_labels(name: str, english: Mapping[str, str], lang: str | None = None) -> dict[str, str]:
    """How the codes of one kind read (``"check"``, ``"item"``, ``"scope"``…): the English
    words are the project vocabulary's (``english``, e.g. :data:`analysis.vocabulary.CHECK_LABELS`),
    the Vietnamese ones ``labels.<name>`` of ``prose/vi.yaml`` (a test keeps their codes alike)."""
    if formats.language(lang) == "en":
        return dict(english)
    return labels(f"labels.{name}", lang)


def is_vi(lang: str | None = None) -> bool:
    """True in the Vietnamese edition."""
    return formats.language(lang) == "vi"
