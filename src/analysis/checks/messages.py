"""The sentences the build writes into the published tables, in both languages.

Audit findings (``audit.csv``: ``message`` and ``message_vi``) and the changes of a data drop
(``changes.csv``: ``detail`` and ``detail_vi``) are written from templates kept in
``messages.yaml``, one per key and language, so the Vietnamese edition shows a Vietnamese
sentence rather than leaving the column out. :func:`said` fills both templates with the same
values; each value is formatted the language's way by its format spec:

- ``{x:count}`` a count (``1,191`` / ``1.191``), ``{x:sum}`` counts joined by " + ";
- ``{x:g}``, ``{x:.2f}``…: a number with Python's spec, with a decimal comma in Vietnamese;
- ``{x:id}`` / ``{x:ids}``: indicator ids, by their catalog names in each language;
- ``{x:scope}``, ``{x:status}``, ``{x:severity}``, ``{x:unit}``, ``{x:item}``: coded words
  in each language's words (``province-wide`` / ``toàn tỉnh``);
- ``{x:period}``: a period label (``2023-Q1`` / ``quý I/2023``);
- a :class:`Said` value gives its own text in each language.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import formats
from ..safe_yaml import load_yaml
from ..vocabulary import COVERAGE_ITEMS, SCOPE_LABELS, UNIT_LABELS, base_id, is_target

FILE = Path(__file__).with_name("messages.yaml")
LANGUAGES = ("en", "vi")


@dataclass(frozen=True)
class Said:
    """One sentence in English and in Vietnamese."""

    en: str
    vi: str

    def __str__(self) -> str:
        return self.en

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@cache
def templates() -> dict[str, Any]:
    """Every entry of ``messages.yaml`` (sections of keys with an ``en`` and a ``vi`` text)."""
    data = load_yaml(FILE)
    if not isinstance(data, dict):
        raise ValueError(f"{FILE.name}: expected a mapping of sections")
    return data


def _words(kind: str, lang: str = "vi") -> dict[str, str]:
    """How each code of ``kind`` (scope, unit, item, …) reads in ``lang``: the Vietnamese
    words of ``messages.yaml``, the English of :mod:`analysis.vocabulary` (a code without
    words, such as a status, is its own word)."""
    if lang != "vi":
        return dict(_ENGLISH_WORDS_OF.get(kind, {}))
    node = templates()["words"].get(kind, {})
    return {str(k): str(v) for k, v in node.items()}


_ENGLISH_WORDS_OF: dict[str, dict[str, str]] = {
    "scope": SCOPE_LABELS,
    "unit": UNIT_LABELS,
    "item": COVERAGE_ITEMS,
}


def word(kind: str, lang: str) -> str:
    """A fixed word of ``words`` (``unclassified``, ``or``) in ``lang``."""
    return str(templates()["words"][kind][lang])


def indicator_name(indicator: str, lang: str) -> str:
    """An indicator as a sentence names it: its catalog name in the language (a goal's with
    "(target)" / "(chỉ tiêu)"); an id the catalog lacks as it is; an empty id is
    "unclassified"."""
    if not indicator:
        return word("unclassified", lang)
    names = _catalog_names().get(base_id(indicator))
    if names is None:
        return indicator
    name = names[1] if lang == "vi" else names[0]
    return name + (word("target", lang) if is_target(indicator) else "")


@cache
def _catalog_names() -> dict[str, tuple[str, str]]:
    """Each catalog id's (English, Vietnamese) name, read once per process: a finding names
    its indicator thousands of times in a long report, and the catalog's names do not
    change while a build runs."""
    from ..facts.catalog import load_catalog

    return {e.id: (e.name_en, e.name_vi) for e in load_catalog().indicators}


@cache
def _codes_of_names() -> dict[str, dict[str, str]]:
    """For reading a sentence back: each English name (an indicator's, a scope's, a unit's)
    → its code; a code stands for itself (sentences written before the names)."""
    from ..facts.catalog import load_catalog

    ids = {word("unclassified", "en"): ""}
    for code in load_catalog().ids():
        for i in (code, f"{code}_target"):
            ids[i] = i
            ids[indicator_name(i, "en")] = i
    out = {"id": ids}
    for kind, words in _ENGLISH_WORDS_OF.items():
        out[kind] = {**{c: c for c in words}, **{w: c for c, w in words.items()}}
    return out


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        if isinstance(value, Said):
            return value.text(lang)
        if format_spec == "count":
            return formats.value(float(value), "count", lang=lang)
        if format_spec == "sum":
            return " + ".join(formats.value(float(v), "count", lang=lang) for v in value)
        if format_spec == "id":
            return indicator_name(str(value or ""), lang)
        if format_spec == "ids":
            return ", ".join(indicator_name(str(v), lang) for v in value)
        if format_spec == "period":
            return formats.period(str(value), lang=lang) if lang == "vi" else str(value)
        if format_spec in ("scope", "status", "severity", "unit", "item"):
            return _words(format_spec, lang).get(str(value), str(value))
        text = super().format_field(value, format_spec)
        if lang == "vi" and isinstance(value, (int, float)) and not isinstance(value, bool):
            text = text.translate(_SWAP)  # 1,234.5 -> 1.234,5
        return text

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "r" and self.lang == "vi":  # Vietnamese quotes, not Python's repr
            return value
        return super().convert_field(value, conversion)


_SWAP = str.maketrans({",": ".", ".": ","})


def said(key: str, /, **values: Any) -> Said:
    """The sentence ``key`` ("audit.implied_share") in both languages, filled with ``values``."""
    node: Any = templates()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no message {key!r} in {FILE.name}")
        node = node[part]
    return Said(*(_Formatter(lang).format(str(node[lang]), **values) for lang in LANGUAGES))


def joined(parts: Iterable[str | Said], sep: Said | str) -> Said:
    """``parts`` joined by ``sep`` in each language."""
    items = list(parts)
    out = []
    for lang in LANGUAGES:
        s = sep.text(lang) if isinstance(sep, Said) else sep
        out.append(s.join(p.text(lang) if isinstance(p, Said) else p for p in items))
    return Said(*out)


# --- Vietnamese for a sentence written before its table had a Vietnamese column ------------

_ENGLISH_WORDS = re.compile(r"\b[a-z]{3,}\s+[a-z]{2,}\b")
_VIETNAMESE = re.compile(r"[À-ỹĐđ]")
_EN_NUMBER = re.compile(r"^([<>~≥≤+\-−]?)(\d[\d,]*(?:\.\d+)?)(.*)$")
_EN_UNITS = {
    "bn VND": "tỷ đồng",
    "m VND": "triệu đồng",
    **{en: formats.UNIT_WORDS["vi"][unit] for unit, en in formats.UNIT_WORDS["en"].items()},
}


def _vi_number_text(text: str) -> str | None:
    """An English-formatted value (``72.9%``, ``2,164,505``, ``53,345 m VND``) as Vietnamese
    writes it (``72,9%``, ``2.164.505``, ``53.345 triệu đồng``); None if it is not one."""
    m = _EN_NUMBER.match(text.strip())
    if not m:
        return None
    mark, num, rest = m.groups()
    rest = rest.strip()
    if rest and rest != "%" and rest not in _EN_UNITS:
        return None
    unit = "%" if rest == "%" else (" " + _EN_UNITS[rest] if rest else "")
    return f"{mark}{num.translate(_SWAP)}{unit}"


@cache
def _patterns(section: str) -> tuple[tuple[re.Pattern[str], dict[str, str], str], ...]:
    """Each template of ``section``: a regex matching its English sentence (one named group
    per field), the fields' format specs, and its Vietnamese template."""
    out = []
    for node in templates()[section].values():
        if not isinstance(node, dict) or "en" not in node:
            continue
        for english in (node["en"], *node.get("en_before", ())):
            out.append(_pattern(str(english), str(node["vi"])))
    return tuple(out)


def _pattern(english: str, vi: str) -> tuple[re.Pattern[str], dict[str, str], str]:
    """A regex matching the sentences of an English template, with its fields' specs."""
    regex, specs = "", {}
    for literal, name, spec, _ in string.Formatter().parse(english):
        regex += re.escape(literal)
        if name is None:
            continue
        if name in specs:
            regex += f"(?P={name})"
        else:
            specs[name] = spec or ""
            regex += f"(?P<{name}>{_field_regex(spec or '')})"
    return re.compile(f"^{regex}$", re.DOTALL), specs, vi


def _field_regex(spec: str) -> str:
    """What a field of ``spec`` matches in an English sentence: one of the names (or codes)
    it can be for a coded field — a name may hold " (" or ", " — else any text."""
    kind = "id" if spec == "ids" else spec
    if kind not in ("id", "scope", "unit", "item"):
        return ".+?"
    one = "|".join(re.escape(n) for n in sorted(_codes_of_names()[kind], key=len, reverse=True))
    if kind == "id":  # an id the catalog no longer has stands as it is
        one += r"|[a-z0-9]+(?:_[a-z0-9]+)*"
    return f"(?:{one})(?:, (?:{one}))*" if spec == "ids" else f"(?:{one})"


def _code(text: str, spec: str) -> str:
    """The code an English field stands for: a name read back to its code (``Open-data
    catalogues`` → ``open_data_catalogs``); a code, a status or a period as it is."""
    kind = "id" if spec == "ids" else spec
    return _codes_of_names().get(kind, {}).get(text, text)


def _field(text: str, spec: str, vi_specs: str) -> Any:
    """A field read back from an English sentence, as the Vietnamese template wants it."""
    if vi_specs in ("count", "g") or vi_specs.startswith("."):
        return float(text.replace(",", ""))
    if vi_specs == "sum":
        return [float(p.replace(",", "")) for p in text.split(" + ")]
    if vi_specs == "ids":
        return [_code(p.strip(), "id") for p in text.split(", ")]
    if vi_specs:  # id, period, scope, status, severity, unit, item: their code
        return _code(text, spec or vi_specs)
    nested = reword_any(text)  # a finding's own sentence inside a change's
    if nested is not None:
        return nested
    vi = _vi_number_text(text)
    if vi is None and _ENGLISH_WORDS.search(text) and not _VIETNAMESE.search(text):
        raise ValueError(f"no Vietnamese for {text!r}")  # English words, not a name or quote
    return Said(text, vi if vi is not None else text)  # a name or a quote: the same in both


def reword(section: str, english: str) -> str | None:
    """The Vietnamese of ``english``, a sentence one of ``section``'s templates wrote (a
    changes.csv ``detail`` or an audit ``message`` from before the table held its
    Vietnamese column), or None when no template reads it back."""
    for pattern, specs, vi in _patterns(section):
        m = pattern.match(english)
        if not m:
            continue
        vi_specs = {name: spec or "" for _, name, spec, _ in string.Formatter().parse(vi) if name}
        try:
            values = {k: _field(m.group(k), specs[k], vi_specs.get(k, "")) for k in specs}
            return _Formatter("vi").format(vi, **values)
        except (ValueError, KeyError):
            continue
    return None


def reword_any(english: str) -> Said | None:
    """``english`` read back by a template of any section (audit, changes), as a Said."""
    for section in ("audit", "coverage", "changes"):
        vi = reword(section, english)
        if vi is not None:
            return Said(english, vi)
    return None
