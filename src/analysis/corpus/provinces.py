"""Province names, checked against the gazetteer shipped by ``vietnamadminunits``.

Reports name provinces in many ways ("An Giang", "tỉnh An Giang", "TỈNH AN GIANG"); the book
uses the short Vietnamese name. Pre-2025 (63 provinces) and post-2025 (34) names are both known.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from ..text import fold


@cache
def package_data() -> Path:
    """The data folder of ``vietnamadminunits``, found without importing the package: its
    ``__init__`` loads the address parsers (about 0.2 s per process), and the gazetteer
    and the conversion tables are all this project reads."""
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def query(sql: str) -> list[dict]:
    """Run ``sql`` on the package's gazetteer (its SQLite file, opened read-only)."""
    uri = (package_data() / "dataset.db").as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


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


@cache
def conversion_2025() -> dict:
    """The 2025 conversion data shipped with ``vietnamadminunits`` (``converter_2025.json``):
    ``DICT_PROVINCE`` (new province key → old province keys) and the ward-level tables the
    crosswalk reads. Read once."""
    return json.loads((package_data() / "converter_2025.json").read_text(encoding="utf-8"))


@cache
def province_keys() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(pre-2025 short name → the package's province key, post-2025 province key → (short
    name, province code))."""
    old = {
        r["provinceShort"]: r["provinceKey"]
        for r in query("SELECT DISTINCT provinceShort, provinceKey FROM admin_units_legacy")
    }
    new = {
        r["provinceKey"]: (r["provinceShort"], r["provinceCode"])
        for r in query("SELECT DISTINCT provinceKey, provinceShort, provinceCode FROM admin_units")
    }
    return old, new


@cache
def mergers() -> dict[str, str]:
    """Map each pre-2025 short name -> the post-2025 province it became part of on 1 July 2025.

    Read from the 2025 conversion table shipped with ``vietnamadminunits``.
    """
    old_keys, new = province_keys()
    old = {key: short for short, key in old_keys.items()}
    return {
        old[o]: new[n][0] for n, olds in conversion_2025()["DICT_PROVINCE"].items() for o in olds
    }


def predecessors(new_province: str) -> tuple[str, ...]:
    """The pre-2025 provinces merged into post-2025 ``new_province`` (sorted short names)."""
    new = canonical_province(new_province, post_merger=True)
    return tuple(sorted(o for o, n in mergers().items() if n == new))


def canonical_province(name: str, *, post_merger: bool = False) -> str:
    """The gazetteer's short name for ``name``; raises ``ValueError`` if no province matches.

    ``post_merger`` selects the 34-province map in force from 1 July 2025. A pre-2025 name
    used after that date is refused with the province it merged into.
    """
    key = fold(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix) and key[len(prefix) :] in province_names("legacy"):
            key = key[len(prefix) :]
    names = province_names("2025" if post_merger else "legacy")
    if key in names:
        return names[key]
    if post_merger and key in province_names("legacy"):
        old = province_names("legacy")[key]
        new = mergers().get(old)
        if new:
            together = " + ".join(predecessors(new))
            raise ValueError(
                f"unknown province {name!r} after 1 July 2025: {old} merged into {new} on "
                f"1 July 2025 ({together} → {new}); file a report for a period ending on or "
                f"after that date under {new!r}"
            )
    era = "after 1 July 2025 (34 provinces)" if post_merger else "before 1 July 2025 (63 provinces)"
    raise ValueError(f"unknown province {name!r}: no province of that name existed {era}")
