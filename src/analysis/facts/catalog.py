"""The indicator catalog (``data/raw/reference/indicators.yaml``) and figure classification.

An entry is recognised in two ways, both data an analyst extends without touching code:

- ``facets`` (the general rule): the facets the figure's own clause must state (``all``; each
  list of ``any`` at least one; none of ``none``), from the lexicon of facet cues
  (``lexicon.yaml``, :mod:`analysis.facts.lexicon`), whatever the word order. ``may`` lists
  facets the concept allows without needing them; ``units`` further units a figure may be
  read in (a PAR Index stated "90,27%" is a score in points).
- the older seed rules: regexes over *folded* text (lower case, no diacritics, đ→d):
  ``match`` against the text before the figure (the nearest label first, then the whole
  clause), optional ``after`` against the words that follow it, and ``exclude`` vetoes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from .. import paths
from ..safe_yaml import YamlError, load_yaml
from ..vocabulary import CATALOG_UNITS, TARGET_SUFFIX, base_id

#: The 25 core ids of DESIGN.md (a data contract: these names must exist).
CORE_IDS: tuple[str, ...] = (
    "public_services_total",
    "online_services_level3",
    "online_services_level4",
    "services_integrated_national_portal",
    "online_application_rate",
    "on_time_resolution_rate",
    "online_payment_rate",
    "dossier_digitization_rate",
    "e_result_rate",
    "e_document_exchange_rate",
    "digital_signature_rate",
    "digital_certificates",
    "official_email_accounts",
    "lgsp_connected_systems",
    "open_data_agency_rate",
    "open_data_catalogs",
    "security_level_approved_rate",
    "adult_smartphone_rate",
    "household_fixed_broadband_rate",
    "video_conference_points",
    "community_digital_team_members",
    "online_reporting_rate",
    "mobile_subscribers",
    "fixed_broadband_subscribers",
    "bts_sites",
)
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog file is invalid (message names the entry and the problem)."""


@dataclass(frozen=True)
class FacetRule:
    """What a concept's figure must state: facets required, alternatives, vetoes."""

    all: frozenset[str]
    any: tuple[frozenset[str], ...]
    none: frozenset[str]
    may: frozenset[str]
    units: frozenset[str]
    # the maxima a score of this concept is stated out of ("16,8/18 điểm" is of an entry
    # whose scales hold 18); empty: any
    scales: frozenset[float] = frozenset()

    @cached_property
    def explains(self) -> frozenset[str]:
        """Facets a figure of this concept may state."""
        return self.all.union(*self.any, self.may)

    @cached_property
    def needs(self) -> frozenset[str]:
        """Facets of which a figure of this concept states at least one."""
        return self.all.union(*self.any)

    def needed(self) -> int:
        return len(self.all) + len(self.any)

    def holds(self, facets: frozenset[str]) -> bool:
        return self.all <= facets and all(a & facets for a in self.any) and not (self.none & facets)


@dataclass(frozen=True)
class Indicator:
    id: str
    name_en: str
    name_vi: str
    unit: str
    theme: str
    definition: str
    match: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    follows: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    priority: int
    order: int
    repeatable: bool = False
    rule: FacetRule | None = None
    definition_vi: str = ""  # the definition in Vietnamese (the Vietnamese edition's glossary)
    # whether a part of a stated total headed by its level ("trong đó cấp huyện 311") is this
    # concept at that level (dossiers received by the communes) or only a part of the total
    # (the procedures of the province's set that the communes handle): false for the latter
    level_parts: bool = True

    @cached_property
    def match_rx(self) -> re.Pattern[str] | None:
        return _joined(self.match)

    @cached_property
    def after_rx(self) -> re.Pattern[str] | None:
        return _joined(self.after)

    @cached_property
    def follows_rx(self) -> re.Pattern[str] | None:
        return _joined(self.follows)

    @cached_property
    def exclude_rx(self) -> re.Pattern[str] | None:
        return _joined(self.exclude)


def _joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One regex matching where any of ``patterns`` matches (one search instead of many)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    themes: dict[str, dict[str, str]]
    source: Path

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        """Each id's indicator (the first of that id), looked up once instead of scanning."""
        out: dict[str, Indicator] = {}
        for ind in self.indicators:
            out.setdefault(ind.id, ind)
        return out

    def __getitem__(self, ind_id: str) -> Indicator:
        ind = self._by_id.get(base_id(ind_id))
        if ind is None:
            raise KeyError(ind_id)
        return ind

    def __contains__(self, ind_id: object) -> bool:
        return isinstance(ind_id, str) and base_id(ind_id) in self._by_id

    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def classify(
        self, unit: str, local: str, clause: str, after: str, table_context: str | None = None
    ) -> str | None:
        """The best catalog id for a figure with this unit and context, or ``None``.

        ``local`` is the text between the previous figure (or clause start) and this one,
        ``clause`` the clause up to the figure, ``after`` the words that follow; all folded.
        """
        best: tuple[int, float, int, str] | None = None
        for ind in self._seed_rules_for(unit):
            if ind.exclude_rx is not None and ind.exclude_rx.search(clause):
                continue
            if ind.after_rx is not None and not ind.after_rx.search(after):
                continue
            closeness = self._closeness(ind, local, clause, after, table_context)
            if closeness:
                bonus = 5 if ind.after or closeness == 2.5 else 0
                key = (ind.priority + bonus, closeness, -ind.order, ind.id)
                if best is None or key > best:
                    best = key
        return best[3] if best else None

    @staticmethod
    def _closeness(
        ind: Indicator, local: str, clause: str, after: str, table_context: str | None
    ) -> float:
        """How close the matching context is (0: no match): table > label > follows > clause."""
        m = ind.match_rx
        if m is None:
            return 0
        if table_context is not None and m.search(table_context):
            return 3
        if m.search(local):
            return 2
        if ind.follows_rx is not None and ind.follows_rx.search(after):
            return 2.5
        if m.search(clause):
            return 1
        return 0

    def classify_facets(
        self,
        unit: str,
        facets: frozenset[str],
        stated: frozenset[str],
        own: frozenset[str] | None = None,
        scale: float | None = None,
        counted: frozenset[str] = frozenset(),
    ) -> tuple[str | None, str | None]:
        """The concept whose facet rule the figure meets best, and its unit.

        ``facets`` is everything known about the figure (its own words and what its clause
        head says); ``stated`` the strict facets its own words state: each must be one the
        concept explains; ``own`` all facets of its own words, of which at least one must be
        one the concept needs (a figure is not classified from its context alone); ``scale``
        the maximum a score is stated out of ("16,8/18 điểm"): a concept whose ``scales``
        name others is not it; ``counted`` the objects a count's unit noun names ("31 cơ
        quan"): a concept explaining none of them is not what is counted. The most specific
        rule wins (then priority, then catalog order).
        """
        best: tuple[bool, int, int, int] | None = None
        found: tuple[str | None, str | None] = (None, None)
        for ind, r in self._rules_for(unit):
            if not r.holds(facets) or (stated - r.explains):
                continue
            if own is not None and not (r.needs & own):
                continue
            if scale is not None and r.scales and scale not in r.scales:
                continue
            if counted and not (counted & r.explains):
                continue
            # a concept that needs the unit noun ("312 training classes") before one that
            # only allows it
            key = (bool(counted & r.needs), ind.priority, r.needed(), -ind.order)
            if best is None or key > best:
                best, found = key, (ind.id, ind.unit)
        return found

    def _seed_rules_for(self, unit: str) -> list[Indicator]:
        """The entries of ``unit`` with seed rules (``match`` regexes), cached."""
        cache = self.__dict__.setdefault("_seed_by_unit", {})
        if unit not in cache:
            cache[unit] = [i for i in self.indicators if i.unit == unit and i.match]
        return cache[unit]

    def _rules_for(self, unit: str) -> list[tuple[Indicator, FacetRule]]:
        """The entries with a facet rule a figure of ``unit`` may meet (cached)."""
        cache = self.__dict__.setdefault("_by_unit", {})
        if unit not in cache:
            cache[unit] = [
                (i, i.rule)
                for i in self.indicators
                if i.rule is not None and (unit == i.unit or unit in i.rule.units)
            ]
        return cache[unit]

    def candidates(self, unit: str, facets: frozenset[str], k: int = 3) -> list[str]:
        """Ids of the unit whose required facets the figure states most of (for review)."""
        scored = []
        for ind, r in self._rules_for(unit):
            need = r.needs
            hit = len(need & facets)
            if hit and not (r.none & facets):
                scored.append((-hit / len(need), -hit, ind.order, ind.id))
        return [i for *_, i in sorted(scored)[:k]]

    def frame(self) -> pd.DataFrame:
        """The catalog as a table (one row per indicator, without the matching rules)."""
        return pd.DataFrame(
            [
                {
                    "id": i.id,
                    "name_en": i.name_en,
                    "name_vi": i.name_vi,
                    "unit": i.unit,
                    "theme": i.theme,
                    "theme_en": self.themes.get(i.theme, {}).get("en", i.theme),
                    "definition": i.definition,
                    "definition_vi": i.definition_vi,
                    "core": i.id in CORE_IDS,
                }
                for i in self.indicators
            ]
        )


def catalog_path() -> Path:
    return paths.reference_dir() / "indicators.yaml"


def _compile(where: str, field: str, patterns: object) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise CatalogError(f"{where}: {field} must be a list of regex strings")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise CatalogError(f"{where}: bad {field} regex {p!r}: {exc}") from exc
    return tuple(out)


def parse_catalog(data: dict, source: Path) -> Catalog:
    """Validate and compile catalog data (as loaded from YAML)."""
    if not isinstance(data, dict):
        raise CatalogError(f"{source.name}: expected a mapping with 'themes' and 'indicators'")
    themes = data.get("themes") or {}
    seen: set[str] = set()
    out = []
    for n, e in enumerate(data.get("indicators") or []):
        ind = _indicator(e, n, source, themes)
        if ind.id in seen:
            raise CatalogError(f"{source.name}: indicator #{n + 1} ({ind.id}): duplicate id")
        seen.add(ind.id)
        out.append(ind)
    missing_core = [c for c in CORE_IDS if c not in seen]
    if missing_core:
        raise CatalogError(f"{source.name}: core ids missing: {', '.join(missing_core)}")
    return Catalog(tuple(out), themes, source)


_REQUIRED = ("id", "name_en", "name_vi", "unit", "theme", "definition")


def _indicator(e: object, n: int, source: Path, themes: dict) -> Indicator:
    """Entry ``n`` (0-based) of the catalog, checked and compiled."""
    if not isinstance(e, dict):
        raise CatalogError(
            f"{source.name}: indicator #{n + 1} is {e!r}, not a mapping "
            "(id, name_en, name_vi, unit, theme, definition, match)"
        )
    where = f"{source.name}: indicator #{n + 1} ({e.get('id', '?')})"
    try:
        priority = int(e.get("priority", 10))
    except (TypeError, ValueError):
        raise CatalogError(
            f"{where}: priority {e.get('priority')!r} is not a whole number"
        ) from None
    missing = [k for k in _REQUIRED if not str(e.get(k, "")).strip()]
    if missing:
        raise CatalogError(f"{where}: missing {', '.join(missing)}")
    if not _ID_RE.match(e["id"]) or e["id"].endswith(TARGET_SUFFIX):
        raise CatalogError(f"{where}: id must be snake_case and not end in {TARGET_SUFFIX}")
    if e["unit"] not in CATALOG_UNITS:
        raise CatalogError(f"{where}: unit {e['unit']!r} not in {sorted(CATALOG_UNITS)}")
    if e["theme"] not in themes:
        raise CatalogError(f"{where}: theme {e['theme']!r} is not declared under themes")
    match = _compile(where, "match", e.get("match"))
    rule = _facet_rule(where, e.get("facets"))
    if not match and rule is None and not e.get("derived"):
        raise CatalogError(f"{where}: needs facets or at least one match pattern")
    return Indicator(
        e["id"],
        e["name_en"],
        e["name_vi"],
        e["unit"],
        e["theme"],
        e["definition"],
        match,
        _compile(where, "after", e.get("after")),
        _compile(where, "follows", e.get("follows")),
        _compile(where, "exclude", e.get("exclude")),
        priority,
        n,
        bool(e.get("repeatable", False)),
        rule,
        str(e.get("definition_vi") or ""),
        bool(e.get("level_parts", True)),
    )


def _names(where: str, key: str, value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: facets.{key} must be a list of facet names")
    return frozenset(value)


def _facet_rule(where: str, data: object) -> FacetRule | None:
    """``facets: {all, any, none, may, units}`` of an entry, checked."""
    if data is None:
        return None
    if not isinstance(data, dict) or not set(data) <= {
        "all",
        "any",
        "none",
        "may",
        "units",
        "scales",
    }:
        raise CatalogError(
            f"{where}: facets must be a mapping of all, any, none, may, units, scales"
        )
    raw_any = data.get("any") or []
    if raw_any and all(isinstance(a, str) for a in raw_any):
        raw_any = [raw_any]
    any_ = tuple(_names(where, "any", a) for a in raw_any)
    units = _names(where, "units", data.get("units"))
    if units - CATALOG_UNITS:
        raise CatalogError(f"{where}: facets.units {sorted(units - CATALOG_UNITS)} unknown")
    raw_scales = data.get("scales") or []
    if not isinstance(raw_scales, list) or not all(
        isinstance(x, int | float) and not isinstance(x, bool) and x > 0 for x in raw_scales
    ):
        raise CatalogError(f"{where}: facets.scales must be a list of positive numbers")
    rule = FacetRule(
        _names(where, "all", data.get("all")),
        any_,
        _names(where, "none", data.get("none")),
        _names(where, "may", data.get("may")),
        units,
        frozenset(float(x) for x in raw_scales),
    )
    if not rule.needed():
        raise CatalogError(f"{where}: facets need at least one of all or any")
    return rule


@cache
def _load(path: Path, mtime: float) -> Catalog:
    try:
        data = load_yaml(path)
    except YamlError as exc:
        raise CatalogError(str(exc)) from exc
    return parse_catalog(data, path)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load (and cache) the catalog."""
    path = path or catalog_path()
    return _load(path, path.stat().st_mtime)
