"""The indicator catalog (``data/raw/reference/indicators.yaml``) and figure classification.

An entry's rules are regexes over *folded* text (lower case, no diacritics, đ→d): ``match``
against the text before the figure (the nearest label first, then the whole clause),
optional ``after`` against the words that follow it, and ``exclude`` vetoes. The catalog is
data: analysts extend it without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
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


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    themes: dict[str, dict[str, str]]
    source: Path

    def __getitem__(self, ind_id: str) -> Indicator:
        base = base_id(ind_id)
        for ind in self.indicators:
            if ind.id == base:
                return ind
        raise KeyError(ind_id)

    def __contains__(self, ind_id: object) -> bool:
        return isinstance(ind_id, str) and any(i.id == base_id(ind_id) for i in self.indicators)

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
        for ind in self.indicators:
            if ind.unit != unit:
                continue
            if any(p.search(clause) for p in ind.exclude):
                continue
            if ind.after and not any(p.search(after) for p in ind.after):
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
        if table_context is not None and any(p.search(table_context) for p in ind.match):
            return 3
        if any(p.search(local) for p in ind.match):
            return 2
        if any(p.search(after) for p in ind.follows):
            return 2.5
        if any(p.search(clause) for p in ind.match):
            return 1
        return 0

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
    if not match:
        raise CatalogError(f"{where}: needs at least one match pattern")
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
    )


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
