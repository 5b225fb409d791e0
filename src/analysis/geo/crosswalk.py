"""The July 2025 reform: old province → new province, old district → new communes/wards.

Read from the conversion data shipped with ``vietnamadminunits`` (``converter_2025.json``):
``DICT_PROVINCE`` (new province key → old province keys), ``DICT_PROVINCE_WARD_NO_DIVIDED``
(new ward key → old ``province_district_ward`` keys merged into it) and
``DICT_PROVINCE_WARD_DIVIDED`` (old ward key → the new wards it was split between).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

from ..corpus.provinces import canonical_province, conversion_2025, mergers, province_keys, query
from ..vocabulary import STUDY_PROVINCES
from .gazetteer import national_districts

PROVINCE_CROSSWALK_COLUMNS = ["old_province", "new_province", "new_province_code", "merged_from"]
CROSSWALK_COLUMNS = [
    "old_province",
    "old_district_code",
    "old_district_name",
    "new_province",
    "new_province_code",
    "new_ward_code",
    "new_ward_name",
    "old_ward_count",
    "divided",
]


class CrosswalkError(ValueError):
    """The package's conversion data does not cover a unit we need."""


def _new_province_key(old_province: str) -> str:
    old_keys, _ = province_keys()
    key = old_keys[canonical_province(old_province)]
    for new_key, olds in conversion_2025()["DICT_PROVINCE"].items():
        if key in olds:
            return new_key
    raise CrosswalkError(f"{old_province}: not found in the package's 2025 conversion data")


def new_province_of(old_province: str) -> str:
    """The 2025 province (short name) that absorbed pre-2025 ``old_province``."""
    return mergers()[canonical_province(old_province)]


def province_crosswalk(provinces: Iterable[str] = STUDY_PROVINCES) -> pd.DataFrame:
    """Old province -> 2025 province, with every old province merged into the new one.

    Columns :data:`PROVINCE_CROSSWALK_COLUMNS`; ``merged_from`` lists the pre-2025 provinces
    (short names, ``"; "``-joined, sorted) that make up ``new_province``.
    """
    old_keys, new_names = province_keys()
    old_by_key = {v: k for k, v in old_keys.items()}
    rows = []
    for prov in provinces:
        prov = canonical_province(prov)
        new_key = _new_province_key(prov)
        parts = sorted(old_by_key[k] for k in conversion_2025()["DICT_PROVINCE"][new_key])
        rows.append(
            {
                "old_province": prov,
                "new_province": new_names[new_key][0],
                "new_province_code": new_names[new_key][1],
                "merged_from": "; ".join(parts),
            }
        )
    return pd.DataFrame(rows, columns=PROVINCE_CROSSWALK_COLUMNS)


@cache
def _wards(new_key: str) -> dict[str, tuple[str, str]]:
    rows = query(f"SELECT wardKey, wardCode, ward FROM admin_units WHERE provinceKey = '{new_key}'")
    return {r["wardKey"]: (r["wardCode"], r["ward"]) for r in rows}


@cache
def _crosswalk(provinces: tuple[str, ...]) -> pd.DataFrame:
    records = [rec for prov in provinces for rec in _province_pairs(canonical_province(prov))]
    df = pd.DataFrame.from_records(records, columns=CROSSWALK_COLUMNS)
    return df.sort_values(["old_province", "old_district_code", "new_ward_code"], ignore_index=True)


def _district_keys(local: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The conversion data's district keys of one province -> (GSO code, district name)."""
    by_key: dict[str, tuple[str, str]] = {}
    for r in local.itertuples(index=False):
        by_key[r.district_key] = (r.district_code, r.district_name)
        for a in r.alias_keys:  # former districts (yendung) and old unit words (huyen...)
            for prefix in ("huyen", "thixa", "thanhpho", "quan", ""):
                by_key.setdefault(prefix + a, (r.district_code, r.district_name))
    return by_key


def _pair(
    prov: str, district: tuple[str, str], province: tuple[str, str], ward: tuple[str, str]
) -> dict:
    """A crosswalk record before its old communes are counted: old district (code, name),
    new province (name, code), new ward (code, name)."""
    return {
        "old_province": prov,
        "old_district_code": district[0],
        "old_district_name": district[1],
        "new_province": province[0],
        "new_province_code": province[1],
        "new_ward_code": ward[0],
        "new_ward_name": ward[1],
        "old_ward_count": 0,
        "divided": False,
    }


def _province_pairs(prov: str) -> list[dict]:
    """The (old district, new ward) records of one pre-2025 province."""
    local = national_districts()
    local = local[local["province"] == prov]
    old_keys, new_names = province_keys()
    new_key = _new_province_key(prov)
    new_name, new_code = new_names[new_key]
    by_key, wards = _district_keys(local), _wards(new_key)
    pairs: dict[tuple[str, str], dict] = {}
    conv = conversion_2025()
    links = [
        (old, ward_key, False)
        for ward_key, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {}).items()
        for old in olds
    ] + [
        (old, w["newWardKey"], True)
        for old, news in conv["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items()
        for w in news
    ]
    for old, ward_key, divided in links:
        p, dkey, *_ = old.split("_")
        if p != old_keys[prov]:
            continue
        if dkey not in by_key:
            raise CrosswalkError(
                f"{prov}: district key {dkey!r} of the conversion data is not in the gazetteer"
            )
        if ward_key not in wards:
            raise CrosswalkError(f"{new_name}: new ward key {ward_key!r} unknown")
        (code, name), (wcode, wname) = by_key[dkey], wards[ward_key]
        rec = pairs.setdefault(
            (code, wcode), _pair(prov, (code, name), (new_name, new_code), (wcode, wname))
        )
        rec["old_ward_count"] += 1
        rec["divided"] = rec["divided"] or divided
    missing = set(local["district_code"]) - {c for c, _ in pairs}
    if missing:
        raise CrosswalkError(f"{prov}: no 2025 ward found for district(s) {sorted(missing)}")
    return list(pairs.values())


def build_crosswalk(provinces: Iterable[str] = STUDY_PROVINCES) -> pd.DataFrame:
    """Every (old district, new commune/ward) pair for ``provinces`` (default: the four).

    A district maps to several wards and a ward may draw on several districts: all pairs are
    kept. ``old_ward_count`` is how many of the district's old communes/wards went (wholly or
    in part) into the new ward; ``divided`` is true when at least one was split between new
    wards. Former districts (e.g. Yên Dũng) are counted under their successor's code.
    """
    return _crosswalk(tuple(provinces)).copy()
