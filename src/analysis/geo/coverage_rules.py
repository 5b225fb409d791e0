"""The rules of district coverage extraction, read from ``data/raw/reference/coverage.yaml``.

The rules are data for :mod:`analysis.geo.coverage`, kept where analysts keep the catalog and
the scope rules: ``items`` says which phrase marks which item (first match wins, so "tập huấn
cho thành viên Tổ CNSCĐ" is training, not a team); ``quantifiers`` read totals ("11/11
huyện", "09 UBND huyện", "100% ... UBND cấp huyện") and partial counts ("08/11 huyện ... còn
3 đơn vị chưa có ... là: A, B và C"); the cues give named districts their status ("chưa" →
absent, "sẽ/dự kiến" → planned). How each item reads on the page is vocabulary
(:data:`analysis.vocabulary.COVERAGE_ITEMS`). A broken file stops the build with a message
naming the file, the entry and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..safe_yaml import YamlError, load_yaml
from ..vocabulary import COVERAGE_ITEMS

#: Keys of ``coverage.yaml`` holding one pattern each.
_CUES = ("remaining", "negative_cue", "planned_cue", "after_name", "planned_section")
_QUANTIFIERS = ("fraction", "count", "level", "all")


class CoverageRulesError(ValueError):
    """``coverage.yaml`` is invalid (the message names the file, the entry and the problem)."""


def coverage_rules_path() -> Path:
    return paths.reference_dir() / "coverage.yaml"


@dataclass(frozen=True)
class ItemRule:
    """A coverage item and the phrase (regex, case-insensitive) that marks it."""

    item: str
    pattern: str
    examples: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the item reads (:data:`analysis.vocabulary.COVERAGE_ITEMS`)."""
        return COVERAGE_ITEMS[self.item]

    @property
    def regex(self) -> re.Pattern[str]:
        return compiled(self.pattern)


@dataclass(frozen=True)
class CoverageRules:
    """Every rule of ``coverage.yaml``, patterns compiled."""

    items: tuple[ItemRule, ...]
    quantifiers: dict[str, re.Pattern[str]]
    remaining: re.Pattern[str]
    negative_cue: re.Pattern[str]
    planned_cue: re.Pattern[str]
    #: a cue right after a district name (``after_name`` + the cue), matched at the name's end
    negative_after: re.Pattern[str]
    planned_after: re.Pattern[str]
    planned_section: re.Pattern[str]

    def item_of(self, text: str) -> ItemRule | None:
        """The first rule whose phrase occurs in ``text`` (rules are in priority order)."""
        for rule in self.items:
            if rule.regex.search(text):
                return rule
        return None


_CACHE: dict[str, re.Pattern[str]] = {}


def compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitively (cached)."""
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return rx


_LOADED: dict[tuple[str, int, int], CoverageRules] = {}


def coverage_rules(path: Path | None = None) -> CoverageRules:
    """The rules of ``path`` (default :func:`coverage_rules_path`), read once per file version."""
    path = path or coverage_rules_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise CoverageRulesError(f"{path}: coverage rules not found") from None
    key = (str(path), st.st_mtime_ns, st.st_size)
    rules = _LOADED.get(key)
    if rules is None:
        rules = _LOADED[key] = _parse(path)
    return rules


def _pattern(path: Path, where: str, value: object) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise CoverageRulesError(f"{path}: {where}: a pattern (non-empty text) is required")
    try:
        return compiled(value)
    except re.error as exc:
        raise CoverageRulesError(f"{path}: {where}: invalid regex {value!r} ({exc})") from exc


def _items(path: Path, raw: object) -> tuple[ItemRule, ...]:
    if not isinstance(raw, list) or not raw:
        raise CoverageRulesError(f"{path}: items: a list of {{item, pattern}} entries is required")
    out = []
    for i, entry in enumerate(raw, 1):
        where = f"items entry {i}"
        if not isinstance(entry, dict) or entry.get("item") not in COVERAGE_ITEMS:
            item = entry.get("item") if isinstance(entry, dict) else entry
            raise CoverageRulesError(
                f"{path}: {where}: item {item!r} is not declared in "
                "analysis.vocabulary.COVERAGE_ITEMS"
            )
        where = f"items entry {i} ({entry['item']})"
        _pattern(path, where, entry.get("pattern"))
        examples = entry.get("examples") or []
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise CoverageRulesError(f"{path}: {where}: examples must be a list of phrases")
        out.append(ItemRule(entry["item"], entry["pattern"], tuple(examples)))
    return tuple(out)


def _parse(path: Path) -> CoverageRules:
    try:
        data = load_yaml(path)  # strict: a key written twice is refused, with its line
    except YamlError as exc:
        raise CoverageRulesError(str(exc)) from exc
    if not isinstance(data, dict):
        raise CoverageRulesError(f"{path}: a mapping of rules is expected")
    unit_noun = data.get("unit_noun")
    _pattern(path, "unit_noun", unit_noun)
    raw_q = data.get("quantifiers")
    if not isinstance(raw_q, dict) or set(raw_q) != set(_QUANTIFIERS):
        raise CoverageRulesError(f"{path}: quantifiers: exactly {', '.join(_QUANTIFIERS)} expected")
    quantifiers = {}
    for name in _QUANTIFIERS:
        text = str(raw_q[name]).replace("{unit_noun}", str(unit_noun))
        rx = _pattern(path, f"quantifiers.{name}", text)
        if name != "all" and "n" not in rx.groupindex:
            raise CoverageRulesError(f"{path}: quantifiers.{name}: a group (?P<n>...) is required")
        quantifiers[name] = rx
    cues = {k: _pattern(path, k, data.get(k)) for k in _CUES}
    if "n" not in cues["remaining"].groupindex:
        raise CoverageRulesError(f"{path}: remaining: a group (?P<n>...) is required")
    after = data["after_name"]
    return CoverageRules(
        items=_items(path, data.get("items")),
        quantifiers=quantifiers,
        remaining=cues["remaining"],
        negative_cue=cues["negative_cue"],
        planned_cue=cues["planned_cue"],
        negative_after=compiled(after + data["negative_cue"]),
        planned_after=compiled(after + data["planned_cue"]),
        planned_section=cues["planned_section"],
    )
