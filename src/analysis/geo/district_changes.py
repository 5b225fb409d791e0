"""Dated changes to district-level units, read from ``data/raw/reference/district_changes.yaml``.

The gazetteer holds the last district list before the July 2025 reform; a report dated before a
change is read against the list in force on its date (:func:`analysis.geo.gazetteer.districts`
with ``on=``). Each change names the resolution behind it, the day it took effect, the units it
created (gazetteer codes) and the units it absorbed (their former code and name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths
from ..safe_yaml import YamlError, load_yaml


class DistrictChangesError(ValueError):
    """``district_changes.yaml`` is invalid (the message names the file, entry and problem)."""


@dataclass(frozen=True)
class Absorbed:
    """A unit that existed until ``effective`` and was merged into ``into``."""

    code: str
    name: str
    short_name: str
    unit_type: str
    into: str


@dataclass(frozen=True)
class Change:
    """One reorganisation of a province's district-level units."""

    province: str
    effective: dt.date
    source: str
    created: tuple[str, ...]
    absorbed: tuple[Absorbed, ...]


def changes_path() -> Path:
    return paths.reference_dir() / "district_changes.yaml"


def _entry(path: Path, i: int, raw: object) -> Change:
    where = f"{path}: changes[{i}]"
    if not isinstance(raw, dict):
        raise DistrictChangesError(f"{where}: not a mapping")
    try:
        effective = raw["effective"]
        if isinstance(effective, str):
            effective = dt.date.fromisoformat(effective)
        if not isinstance(effective, dt.date):
            raise DistrictChangesError(f"{where}: effective {effective!r} is not a date")
        created = tuple(str(c["code"]) for c in raw.get("created") or ())
        absorbed = tuple(
            Absorbed(
                code=str(a["code"]),
                name=str(a["name"]),
                short_name=str(a["short_name"]),
                unit_type=str(a["unit_type"]),
                into=str(a["into"]),
            )
            for a in raw.get("absorbed") or ()
        )
        return Change(str(raw["province"]), effective, str(raw["source"]), created, absorbed)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DistrictChangesError):
            raise
        raise DistrictChangesError(f"{where}: missing or invalid field ({exc})") from exc


@cache
def _load(path_str: str) -> tuple[Change, ...]:
    path = Path(path_str)
    if not path.is_file():
        return ()
    try:
        data = load_yaml(path)
    except YamlError as exc:
        raise DistrictChangesError(str(exc)) from exc
    items = (data or {}).get("changes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise DistrictChangesError(f"{path}: needs a list under 'changes'")
    return tuple(_entry(path, i, raw) for i, raw in enumerate(items))


def district_changes(province: str | None = None) -> tuple[Change, ...]:
    """The changes (of ``province`` when given), oldest first."""
    out = sorted(_load(str(changes_path())), key=lambda c: c.effective)
    return tuple(c for c in out if province is None or c.province == province)


def changes_after(province: str, on: dt.date) -> tuple[Change, ...]:
    """The changes of ``province`` that took effect after ``on``, newest first (undo order)."""
    return tuple(reversed([c for c in district_changes(province) if c.effective > on]))
