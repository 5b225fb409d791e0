"""Province names, checked against the gazetteer shipped by ``vietnamadminunits``.

Reports name provinces in many ways ("An Giang", "tỉnh An Giang", "TỈNH AN GIANG"); the book
uses the short Vietnamese name. Pre-2025 (63 provinces) and post-2025 (34) names are both known.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from vietnamadminunits.database.main import query

#: The four provinces the book compares (pre-2025 short names, in reading order).
STUDY_PROVINCES: tuple[str, ...] = ("An Giang", "Trà Vinh", "Bắc Giang", "Quảng Ngãi")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify Đ/Ð and collapse spaces: a key for fuzzy equality."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").replace("ð", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


@cache
def province_names(vintage: str = "legacy") -> dict[str, str]:
    """Map folded name -> short Vietnamese name, for ``vintage`` 'legacy' (63) or '2025' (34)."""
    table = "admin_units_legacy" if vintage == "legacy" else "admin_units"
    rows = query(f"SELECT DISTINCT province, provinceShort FROM [{table}]")
    out: dict[str, str] = {}
    for r in rows:
        out[fold(r["provinceShort"])] = r["provinceShort"]
        out[fold(r["province"])] = r["provinceShort"]
    return out


def canonical_province(name: str, *, post_merger: bool = False) -> str:
    """The gazetteer's short name for ``name``; raises ``ValueError`` if no province matches.

    ``post_merger`` selects the 34-province map in force from 1 July 2025.
    """
    key = fold(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix) and key[len(prefix) :] in province_names("legacy"):
            key = key[len(prefix) :]
    names = province_names("2025" if post_merger else "legacy")
    if key in names:
        return names[key]
    era = "after 1 July 2025 (34 provinces)" if post_merger else "before 1 July 2025 (63 provinces)"
    raise ValueError(f"unknown province {name!r}: no province of that name existed {era}")
