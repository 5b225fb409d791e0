"""Pre-2025 district-level units (huyện, thị xã, thành phố, quận) from ``vietnamadminunits``.

Nothing here is typed by hand: codes, names, unit types, centroids and historic aliases all
come from the package's ``admin_units_legacy`` table (the last pre-July-2025 vintage); the list
in force on an earlier date undoes the dated changes of ``district_changes.yaml``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache

import pandas as pd

from ..corpus.provinces import canonical_province, query
from ..text import fold
from .district_changes import Change, DistrictChangesError, changes_after, changes_path

#: Columns of :func:`districts` (a contract for callers).
DISTRICT_COLUMNS = [
    "district_code",
    "district_name",
    "short_name",
    "unit_type",
    "latitude",
    "longitude",
    "province",
]
#: Unit-type prefixes used in the package's folded keys (``huyentinhbien`` ...).
_KEY_PREFIXES = ("thanhpho", "thixa", "thisa", "huyen", "quan")
_SHORT_SUFFIX = re.compile(r"\s*\((?:Huyện|Thị xã|Thành phố|Quận)\)\s*$", re.IGNORECASE)


def _strip_key_prefix(key: str) -> str:
    for p in _KEY_PREFIXES:
        if key.startswith(p) and len(key) > len(p) + 1:
            return key[len(p) :]
    return key


@cache
def national_districts() -> pd.DataFrame:
    """Every pre-2025 district-level unit of the 63 provinces, with alias keys.

    Columns: :data:`DISTRICT_COLUMNS` plus ``province_key``, ``district_key`` (the package's
    folded keys) and ``alias_keys`` (tuple of folded, space-free former names, e.g. ``yendung``).
    """
    rows = query(
        "SELECT DISTINCT provinceShort, provinceKey, districtCode, district, districtShort, "
        "districtType, districtLat, districtLon, districtKey, districtAlias "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode"
    )
    records = []
    for r in rows:
        unit_type = r["districtType"].lower()
        short = _SHORT_SUFFIX.sub("", r["districtShort"]).strip()
        own = fold(short).replace(" ", "")
        aliases = tuple(
            sorted(
                {
                    a
                    for a in (_strip_key_prefix(k) for k in json.loads(r["districtAlias"] or "[]"))
                    if a != own
                }
            )
        )
        records.append(
            {
                "district_code": str(r["districtCode"]),
                "district_name": f"{unit_type.capitalize()} {short}",
                "short_name": short,
                "unit_type": unit_type,
                "latitude": float(r["districtLat"]),
                "longitude": float(r["districtLon"]),
                "province": r["provinceShort"],
                "province_key": r["provinceKey"],
                "district_key": r["districtKey"],
                "alias_keys": aliases,
            }
        )
    df = pd.DataFrame.from_records(records)
    return df.drop_duplicates("district_code", ignore_index=True)


@cache
def _province_frame(province: str) -> pd.DataFrame:
    nat = national_districts()
    return nat.loc[nat["province"] == province, DISTRICT_COLUMNS].reset_index(drop=True)


def _as_date(on: object) -> dt.date | None:
    if on is None or (isinstance(on, float) and on != on):
        return None
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    if hasattr(on, "date"):  # pandas Timestamp
        return on.date()
    return dt.date.fromisoformat(str(on)[:10])


def _dated_frame(province: str, on: dt.date | None) -> pd.DataFrame:
    """The units of ``province`` in force on ``on``: later changes undone (created units
    removed, absorbed units restored at their successor's centroid)."""
    return _frame_undoing(province, _to_undo(province, on))


def _to_undo(province: str, on: dt.date | None) -> tuple[Change, ...] | None:
    """The changes of ``province`` after ``on`` (``None``: no date, the last list as it is).
    Frames are cached by these, not by the date: every report dated between the same two
    changes shares one frame (monthly reports would otherwise build one a month)."""
    return None if on is None else changes_after(province, on)


@cache
def _frame_undoing(province: str, changes: tuple[Change, ...] | None) -> pd.DataFrame:
    """The units of ``province`` with ``changes`` (newest first) undone, sorted by code
    (``None``: the last list, in the gazetteer's order)."""
    if changes is None:
        return _province_frame(province)
    df = _province_frame(province)
    nat = national_districts()
    aliases = {
        r.district_code: set(r.alias_keys)
        for r in nat[nat["province"] == province].itertuples(index=False)
    }
    for change in changes:
        df = df[~df["district_code"].isin(change.created)]
        rows = []
        for a in change.absorbed:
            key = fold(a.short_name).replace(" ", "")
            if key not in aliases.get(a.into, set()):
                raise DistrictChangesError(
                    f"{changes_path()}: {a.name} ({a.code}) is not a former name of district "
                    f"{a.into} of {province} in the gazetteer"
                )
            parent = df[df["district_code"] == a.into].iloc[0]
            rows.append(
                {
                    "district_code": a.code,
                    "district_name": a.name,
                    "short_name": a.short_name,
                    "unit_type": a.unit_type,
                    "latitude": float(parent["latitude"]),
                    "longitude": float(parent["longitude"]),
                    "province": province,
                }
            )
        df = pd.concat([df, pd.DataFrame(rows, columns=DISTRICT_COLUMNS)], ignore_index=True)
    return df.sort_values("district_code", ignore_index=True)


def districts(province: str, on: object = None) -> pd.DataFrame:
    """The district-level units of ``province`` (any spelling the gazetteer knows): the last
    list before July 2025, or the list in force on date ``on`` (see
    :mod:`analysis.geo.district_changes`).

    Columns: ``district_code`` (GSO, str), ``district_name`` ("Huyện Tri Tôn"), ``short_name``
    ("Tri Tôn"), ``unit_type`` (huyện / thị xã / thành phố / quận), ``latitude``,
    ``longitude``, ``province``. Cached; a fresh copy is returned each call.
    """
    return _dated_frame(canonical_province(province), _as_date(on)).copy()


def district_total(province: str, on: object = None) -> int:
    """How many district-level units ``province`` had before July 2025 (or on date ``on``)."""
    return len(_dated_frame(canonical_province(province), _as_date(on)))


def district_names(province: str, on: object = None) -> dict[str, str]:
    """Map district_code -> district_name for ``province`` (on date ``on`` when given)."""
    prov = canonical_province(province)
    return dict(_names_undoing(prov, _to_undo(prov, _as_date(on))))


@cache
def _names_undoing(
    province: str, changes: tuple[Change, ...] | None
) -> tuple[tuple[str, str], ...]:
    df = _frame_undoing(province, changes)
    return tuple(zip(df["district_code"], df["district_name"], strict=True))
